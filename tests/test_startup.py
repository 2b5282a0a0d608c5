"""Start-up cost: --version, --help and `laws list/show` must not import spaCy (or the
readers)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("spacy", "thinc", "docx", "pypdf", "markdown_it", "re2")


def imported_modules(*args: str) -> set[str]:
    code = "import sys; from policylint.cli import main; main(sys.argv[1:])"
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


@pytest.mark.parametrize(
    "args",
    [
        ("--version",),
        ("--help",),
        ("check", "--help"),
        ("rules", "--help"),
        ("laws", "list"),
        ("laws", "show", "US-CA"),
        ("laws", "show", "US-CA", "--format", "json"),
    ],
)
def test_no_heavy_imports(args: tuple[str, ...]) -> None:
    names = imported_modules(*args)
    assert "click" in names  # the measurement works
    assert not names & set(HEAVY), names & set(HEAVY)


def test_version_output() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "policylint", "--version"], capture_output=True, text=True
    )
    assert proc.stdout.strip() == "policylint 0.1.0"


def test_a_document_with_no_candidate_never_imports_spacy(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The cheap pass over the raw text finds nothing a rule could match: no tokenizing."""
    doc = tmp_path / "kitchen.md"
    doc.write_text(
        "# Kitchen\n\nThe kitchen is cleaned every Friday.\n\nPlease label food in the fridge.\n",
        encoding="utf-8",
    )
    # the first run of new rules compiles them (lemminflect, which hooks into spaCy when
    # it can import it); every later run loads them compiled
    imported_modules("check", "--no-cache", "--no-report", str(doc))
    names = imported_modules("check", "--no-cache", "--no-report", str(doc))
    assert "click" in names
    assert "spacy" not in names and "thinc" not in names
