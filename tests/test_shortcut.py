"""The cheap pass decides which blocks are tokenized and evaluated; it may only save
work, never change a finding. Every document we have is checked both ways: the
corpus, the bundled samples, and every evaluation set (sentences and documents, both
halves; only the findings are compared, nothing is printed from the sealed half)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from policylint.api import get_engine, load_ruleset
from policylint.config import Config
from policylint.documents import read_bytes, read_path
from policylint.findings import PROFILES

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_handbooks"
EVAL = ROOT / "tests" / "data" / "eval"
CORPUS = ROOT.parent / "shared" / "corpus"


@cache
def engine() -> Any:
    config = Config(max_file_size=1 << 30)
    return get_engine(load_ruleset(config), config)


def same_both_ways(document: Any) -> int:
    eng = engine()
    n = 0
    for profile in PROFILES:
        fast = eng.check(document, profile=profile)
        full = eng.check(document, profile=profile, shortcut=False)
        assert fast == full, (document.path, profile)
        n += len(fast)
    return n


def test_samples() -> None:
    paths = [p for p in sorted(SAMPLES.iterdir()) if p.suffix in (".md", ".docx", ".pdf")]
    assert len(paths) >= 3
    assert sum(same_both_ways(read_path(p)) for p in paths) > 0


@pytest.mark.parametrize("half", ["dev", "test"])
def test_evaluation_sets(half: str) -> None:
    documents = sorted((EVAL / half / "documents").glob("*.md"))
    assert documents
    found = sum(same_both_ways(read_path(p)) for p in documents)
    data = yaml.safe_load((EVAL / half / "sentences.yaml").read_text(encoding="utf-8"))
    texts = [
        item["text"]
        for group in data.values()
        if isinstance(group, list)
        for item in group
        if isinstance(item, dict) and isinstance(item.get("text"), str)
    ]
    assert texts
    # every sentence its own paragraph of one document (blocks are scanned one by one)
    body = "\n\n".join(t.replace("\n", " ") for t in texts)
    found += same_both_ways(read_bytes(body.encode("utf-8"), f"{half}-sentences.md", "md"))
    assert found > 0


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
def test_corpus() -> None:
    paths = [
        p
        for p in sorted(CORPUS.rglob("*.md"))
        if "LICENSES" not in p.parts and p.name != "SOURCES.md"
    ]
    assert len(paths) >= 20
    for p in paths:
        same_both_ways(read_path(p))
