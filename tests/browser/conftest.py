"""Headless Chromium for the report tests: Debian's ``chromium`` driven by Playwright
(``executable_path``; no ``playwright install``, no browser download).

Without chromium (or the playwright package) the browser tests skip with the reason,
except under ``CI=true``, where a missing browser fails the run: CI must
``apt-get install chromium``. Every request that is not ``file:`` is aborted and
recorded, so a report that reaches for the network fails its test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run in CI)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    exe = shutil.which("chromium")
    if not exe:
        _unavailable("Debian chromium not found on PATH: apt-get install -y chromium")
    assert exe is not None
    return exe


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright)")
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=chromium_path, args=ARGS, headless=True)
        yield browser
        browser.close()
    finally:
        pw.stop()


@dataclass
class Session:
    """A page with everything it reported: console errors, page errors, dialogs, and
    requests that tried to leave file:."""

    context: Any
    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def open(self, path: Path) -> Any:
        self.page.goto(path.resolve().as_uri())
        return self.page


def _session(browser: Any, **options: Any) -> Session:
    options.setdefault("viewport", {"width": 1100, "height": 900})
    context = browser.new_context(**options)
    page = context.new_page()
    s = Session(context, page)

    def route(r: Any) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            s.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("console", lambda m: s.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: s.page_errors.append(str(e)))

    def dialog(d: Any) -> None:
        s.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    return s


@pytest.fixture
def session(browser: Any) -> Iterator[Session]:
    s = _session(browser)
    yield s
    s.context.close()


@pytest.fixture
def make_session(browser: Any) -> Iterator[Any]:
    """``make_session(**context_options)`` for pages with other settings (no JS, ...)."""
    made: list[Session] = []

    def make(**options: Any) -> Session:
        s = _session(browser, **options)
        made.append(s)
        return s

    yield make
    for s in made:
        s.context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
