"""--jobs: files checked in worker processes give the same output, in the same order."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from policylint.api import lint, worker_count
from policylint.config import Config

SAMPLES = Path(__file__).resolve().parent.parent / "sample_handbooks"


def test_worker_count() -> None:
    assert worker_count(1, 10) == 1
    assert worker_count(4, 2) == 2
    assert worker_count(None, 1) == 1
    assert worker_count(0, 100) >= 1


def test_parallel_results_match_sequential(tmp_path: Path) -> None:
    files = [
        str(SAMPLES / "riverbend-clinic-handbook.docx"),
        str(SAMPLES / "sustainable-practice-handbook.md"),
        str(SAMPLES / "client-practice-policies.md"),
        str(SAMPLES / "practicum-syllabus.pdf"),
        str(tmp_path / "missing.md"),
    ]
    one = lint(files, Config(), jobs=1).to_json()
    two = lint(files, Config(), jobs=2).to_json()
    assert one["files"] == two["files"]
    assert [f["path"] for f in one["files"]] == files


def test_cli_jobs_output_is_identical(tmp_path: Path) -> None:
    def run(jobs: str) -> tuple[int, dict]:
        proc = subprocess.run(
            [sys.executable, "-m", "policylint", "check", "--no-config", "--no-report",
             "--format", "json", "--cache-dir", str(tmp_path / jobs), "-j", jobs,
             str(SAMPLES)],
            capture_output=True, text=True,
        )  # fmt: skip
        return proc.returncode, json.loads(proc.stdout)

    code1, one = run("1")
    code2, two = run("2")
    assert code1 == code2
    assert one["files"] == two["files"]
    # a second parallel run is served from the cache, with the same findings
    code3, three = run("2")
    assert code3 == code2
    assert three["files"] == two["files"]
