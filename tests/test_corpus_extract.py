"""`policylint extract` on every file of the real corpus (../shared/corpus) succeeds:
real handbooks, openly licensed (see its SOURCES.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"

pytestmark = pytest.mark.corpus


def test_extract_every_corpus_file() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    assert files
    proc = subprocess.run(
        [sys.executable, "-m", "policylint", "extract", *map(str, files), "--format", "json"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    results = data["files"] if isinstance(data, dict) else data
    assert len(results) == len(files)
    for result in results:
        assert result["error"] is None, (result["path"], result["error"])
        assert result["words"] > 0, result["path"]
        assert result["blocks"], result["path"]
        # every block has text and a source position
        for block in result["blocks"]:
            assert block["text"].strip()
            assert block.get("line") or block.get("paragraph") or block.get("page")
