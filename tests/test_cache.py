"""The result cache: a second run over unchanged files is served from the cache
without importing spaCy; changes to the file, the rules or the settings miss; a
corrupt entry is ignored and rewritten."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

RULES = Path(__file__).parent / "data" / "suppress_rules.yaml"
IDS = "martyr-language/test-calling,availability/test-reachable,grief-leave/test-no-bereavement"

# runs the CLI in-process and reports which heavy modules were imported
PROBE = """
import json, sys
from policylint.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in ("spacy", "docx", "pypdf", "markdown_it") if m in sys.modules)
print("PROBE " + json.dumps({"code": code, "heavy": heavy}))
"""


def probe(cwd: Path, cache: Path, *args: str) -> tuple[dict, dict]:  # type: ignore[type-arg]
    cmd = [sys.executable, "-c", PROBE, "check", *args, "--rules", str(RULES), "--select", IDS]
    cmd += ["--no-config", "--no-report", "--format", "json", "--cache-dir", str(cache), "-j", "1"]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    out, _, tail = proc.stdout.rpartition("PROBE ")
    return json.loads(out), json.loads(tail)


def make_files(folder: Path, n: int = 20) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"policy-{i:02d}.md"
        body = "Our work is a sacred calling." if i % 2 else "Staff are reachable at all times."
        path.write_text(f"# Policy {i}\n\n{body} Paragraph {i}.\n", encoding="utf-8")
        paths.append(path)
    return paths


def summary(data: dict) -> list:  # type: ignore[type-arg]
    return [(f["path"], [(x["rule"], x["line"]) for x in f["findings"]]) for f in data["files"]]


def test_second_run_is_served_from_the_cache_without_spacy(tmp_path: Path) -> None:
    make_files(tmp_path / "docs")
    cache = tmp_path / "cache"
    first, info1 = probe(tmp_path, cache, "docs")
    assert info1["code"] == 1
    assert "spacy" in info1["heavy"]
    assert len(list(cache.rglob("*.json"))) == 20
    second, info2 = probe(tmp_path, cache, "docs")
    assert info2["code"] == 1
    assert info2["heavy"] == []  # neither spaCy nor any reader was imported
    assert summary(second) == summary(first)
    assert second["summary"] == first["summary"]


def test_changes_miss_the_cache(tmp_path: Path) -> None:
    paths = make_files(tmp_path / "docs", 3)
    cache = tmp_path / "cache"
    probe(tmp_path, cache, "docs")
    # an edited file is re-linted (and only it needs spaCy)
    paths[0].write_text("# Policy\n\nOur work is a sacred calling.\n", encoding="utf-8")
    data, info = probe(tmp_path, cache, "docs")
    assert "spacy" in info["heavy"]
    rules = [f["rule"] for f in data["files"][0]["findings"]]
    assert "martyr-language/test-calling" in rules
    # --fail-on only changes the exit code: still served from the cache
    data, info = probe(tmp_path, cache, "docs", "--fail-on", "never")
    assert info["heavy"] == [] and info["code"] == 0
    # a different selection misses
    data, info = probe(tmp_path, cache, "docs", "--ignore", "grief-leave")
    assert "spacy" in info["heavy"]
    # changed rules miss
    other_rules = tmp_path / "rules.yaml"
    other_rules.write_text(
        RULES.read_text(encoding="utf-8").replace(
            "sacred calling]", "sacred calling, higher calling]"
        ),
        encoding="utf-8",
    )
    cmd = [sys.executable, "-c", PROBE, "check", "docs", "--rules", str(other_rules)]
    cmd += ["--select", IDS, "--no-config", "--no-report", "--format", "json"]
    cmd += ["--cache-dir", str(cache), "-j", "1"]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path)
    assert '"spacy"' in proc.stdout.rpartition("PROBE ")[2]


def test_corrupt_entries_are_ignored_and_rewritten(tmp_path: Path) -> None:
    make_files(tmp_path / "docs", 2)
    cache = tmp_path / "cache"
    first, _ = probe(tmp_path, cache, "docs")
    entries = sorted(cache.rglob("*.json"))
    entries[0].write_text("{truncated", encoding="utf-8")
    entries[1].write_bytes(b"\x00\xff garbage")
    again, info = probe(tmp_path, cache, "docs")
    assert info["code"] == 1
    assert summary(again) == summary(first)
    third, info = probe(tmp_path, cache, "docs")
    assert info["heavy"] == []  # rewritten on the previous run
    assert summary(third) == summary(first)


def test_no_cache_and_unwritable_cache(tmp_path: Path) -> None:
    make_files(tmp_path / "docs", 2)
    cache = tmp_path / "cache"
    cmd = [sys.executable, "-m", "policylint", "check", "docs", "--rules", str(RULES)]
    cmd += ["--select", IDS, "--no-config", "--no-report", "--no-cache", "--cache-dir", str(cache)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 1
    assert not cache.exists()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    data, info = probe(tmp_path, blocker / "cache", "docs")
    assert info["code"] == 1 and len(data["files"]) == 2
