"""Baselines: --write-baseline records today's findings; --baseline reports only new
ones. Fingerprints survive re-wrapping and moving; editing the clause makes it new."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

RULES = Path(__file__).parent / "data" / "suppress_rules.yaml"
IDS = "martyr-language/test-calling,availability/test-reachable"

ORIGINAL = """# Staff handbook

## Mission

Our work is a sacred calling, and we are proud of the care we give.

## Availability

Staff are reachable at all times through the practice phone. Ordinary
scheduling questions go to the front desk.

## Leave

Employees receive five days of bereavement leave.
"""

# the Availability section moved above Mission, and its paragraph re-wrapped
MOVED_AND_REWRAPPED = """# Staff handbook

## Availability

Staff are reachable
at all times through the practice phone.
Ordinary scheduling questions go to the front desk.

## Mission

Our work is a sacred calling,
and we are proud of the care we give.

## Leave

Employees receive five days of bereavement leave.
"""


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "policylint", "check", *args, "--rules", str(RULES)]
    cmd += ["--select", IDS, "--no-report", "--no-config"]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)


def rules_found(proc: subprocess.CompletedProcess[str]) -> list[str]:
    data = json.loads(proc.stdout)
    return [f["rule"] for r in data["files"] for f in r["findings"]]


def test_baseline_survives_rewrapping_and_moving_but_not_editing(tmp_path: Path) -> None:
    doc = tmp_path / "docs" / "handbook.md"
    doc.parent.mkdir()
    doc.write_text(ORIGINAL, encoding="utf-8")
    # writing the baseline only writes it: no findings listed, no report, exit 0
    proc = run(tmp_path, "docs", "--write-baseline", "baseline.json", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert "Wrote baseline.json: 2 findings accepted." in proc.stderr
    assert not list(tmp_path.glob("*.html"))
    baseline = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert baseline["policylint_baseline"] == 1
    assert {e["path"] for e in baseline["findings"]} == {"docs/handbook.md"}
    assert sorted(e["rule"] for e in baseline["findings"]) == [
        "availability/test-reachable",
        "martyr-language/test-calling",
    ]

    # unchanged: nothing new, exit 0, the summary counts what the baseline accepted
    proc = run(tmp_path, "docs", "--baseline", "baseline.json", "--format", "json")
    assert proc.returncode == 0, proc.stdout
    assert rules_found(proc) == []
    assert json.loads(proc.stdout)["summary"]["baselined"] == 2

    # moved a section and re-wrapped paragraphs: still nothing new
    doc.write_text(MOVED_AND_REWRAPPED, encoding="utf-8")
    proc = run(tmp_path, "docs", "--baseline", "baseline.json")
    assert proc.returncode == 0, proc.stdout
    assert "No findings in 1 file; 2 in the baseline." in proc.stdout

    # from another working directory, the baseline's own folder anchors the paths
    proc = run(tmp_path / "docs", "handbook.md", "--baseline", "../baseline.json")
    assert proc.returncode == 0, proc.stdout

    # editing the flagged clause makes it a new finding; a second copy is new too
    doc.write_text(
        MOVED_AND_REWRAPPED.replace("through the practice phone", "on their own phones")
        + "\nOur work is a sacred calling, and we are proud of the care we give.\n",
        encoding="utf-8",
    )
    proc = run(tmp_path, "docs", "--baseline", "baseline.json", "--format", "json")
    assert proc.returncode == 1
    assert sorted(rules_found(proc)) == [
        "availability/test-reachable",
        "martyr-language/test-calling",
    ]
    assert json.loads(proc.stdout)["summary"]["baselined"] == 1


def test_bad_baseline_is_a_clear_error(tmp_path: Path) -> None:
    doc = tmp_path / "h.md"
    doc.write_text(ORIGINAL, encoding="utf-8")
    proc = run(tmp_path, "h.md", "--baseline", "missing.json")
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "missing.json: error: baseline not found (create it with --write-baseline missing.json)"
    )
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    proc = run(tmp_path, "h.md", "--baseline", "bad.json")
    assert proc.returncode == 2
    assert proc.stderr.startswith("bad.json: error: not a policylint baseline")
    assert "Traceback" not in proc.stderr
    # never written over an input
    proc = run(tmp_path, "h.md", "--write-baseline", "h.md")
    assert proc.returncode == 2
    assert doc.read_text(encoding="utf-8") == ORIGINAL
