"""Shared test setup: results cached by the CLI go to a temporary folder, never to
the developer's user cache."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    old = os.environ.get("POLICYLINT_CACHE_DIR")
    os.environ["POLICYLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("policylint-cache"))
    yield
    if old is None:
        os.environ.pop("POLICYLINT_CACHE_DIR", None)
    else:
        os.environ["POLICYLINT_CACHE_DIR"] = old
