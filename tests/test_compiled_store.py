"""The compiled-rules store: a second load of the same rules skips parsing, a change of
the rules misses, and a damaged entry is ignored and rewritten."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from policylint.engine import store
from policylint.engine.loader import RuleSet, load_rules


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("POLICYLINT_CACHE_DIR", str(tmp_path))
    return tmp_path / "compiled"


def test_rules_are_served_from_the_store(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_rules()
    assert len(list(cache_dir.glob("rules-*.bin"))) == 1
    import policylint.engine.loader as loader

    def no_parse(*args: object, **kwargs: object) -> RuleSet:
        raise AssertionError("parsed again")

    monkeypatch.setattr(loader, "_parse_files", no_parse)
    second = load_rules()
    assert [r.id for r in second] == [r.id for r in first]
    assert second.version == first.version
    assert second.concepts.keys() == first.concepts.keys()


def test_a_damaged_entry_is_ignored_and_rewritten(cache_dir: Path) -> None:
    load_rules()
    (entry,) = cache_dir.glob("rules-*.bin")
    data = entry.read_bytes()
    entry.write_bytes(data[:-10] + b"0123456789")  # payload no longer matches its digest
    assert store.get("rules", "anything") is None
    ruleset = load_rules()
    assert len(ruleset) > 0
    assert entry.read_bytes() != data[:-10] + b"0123456789"


def test_changed_rules_miss(cache_dir: Path, tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "rules:\n  - id: time-off/mine\n    category: time-off\n    severity: info\n"
        "    title: Mine\n    message: Mine.\n    why: Because.\n    suggest: [Better.]\n"
        "    match: {phrases: [blackout]}\n",
        encoding="utf-8",
    )
    a = load_rules(extra=[extra])
    extra.write_text(extra.read_text(encoding="utf-8").replace("blackout", "freeze"), "utf-8")
    b = load_rules(extra=[extra])
    assert a.version != b.version


def test_a_warm_engine_does_not_import_spacy(cache_dir: Path, tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from policylint.engine.loader import load_rules\n"
        "from policylint.engine.check import Engine\n"
        "Engine(load_rules())\n"
        "print('spacy' in sys.modules, 'lemminflect' in sys.modules)\n"
    )
    env = {"POLICYLINT_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)
    warm = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert warm.stdout.split() == ["False", "False"], warm.stderr


def test_old_entries_are_pruned_and_used_ones_kept(cache_dir: Path) -> None:
    import os

    for n in range(store.KEEP + 4):
        store.put("demo", f"key-{n}", {"n": n})
        (entry,) = [p for p in cache_dir.glob("demo-*.bin") if p == store._path("demo", f"key-{n}")]
        os.utime(entry, (1_000_000 + n, 1_000_000 + n))  # written one after another
        if n == 1:
            assert store.get("demo", "key-0") == {"n": 0}  # used: fresh again
    kept = {store.get("demo", f"key-{n}") is not None for n in range(store.KEEP + 4)}
    assert len(list(cache_dir.glob("demo-*.bin"))) <= store.KEEP
    assert kept == {True, False}
    assert store.get("demo", f"key-{store.KEEP + 3}") == {"n": store.KEEP + 3}
