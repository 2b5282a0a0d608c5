"""Bad input through the command line: one clear line per bad file on stderr, no
traceback, exit code 2, the other files still processed, inputs never modified."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import docx_fixtures
import pdf_fixtures
import pytest


def run(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policylint", *args],
        cwd=cwd,
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A folder of bad inputs plus good ones; returns (folder, {name: expected error text})."""
    d = tmp_path_factory.mktemp("bad")
    good = d / "good.md"
    good.write_text(
        "# Policy\n\nClinicians receive ten paid days of bereavement leave per loss.\n",
        encoding="utf-8",
    )
    (d / "empty.md").write_bytes(b"")
    (d / "garbage.docx").write_bytes(bytes(range(256)) * 8)
    (d / "garbage.pdf").write_bytes(b"\x00\x01binary junk" * 100)
    real = docx_fixtures.build_headings(d / "real.docx")
    data = real.read_bytes()
    (d / "truncated.docx").write_bytes(data[: len(data) // 2])
    real.unlink()
    docx_fixtures.build_zip_bomb(d / "bomb.docx")
    docx_fixtures.build_encrypted(d / "locked.docx")
    pdf_fixtures.write_pdf(
        d / "locked.pdf", [("paragraph", "Secret policy text.")], user_password="s3cret"
    )
    (d / "huge.txt").write_bytes(b"Clinicians must bill. " * 60_000)  # ~1.3 MB
    (d / "windows.txt").write_bytes("Café policy: clients’ fees are due.".encode("cp1252"))
    (d / "unicode.txt").write_bytes("Café policy: fees are due.".encode("utf-16"))
    (d / "notes.rtf").write_bytes(b"{\\rtf1 hello}")
    (d / "emptydir").mkdir()
    (d / "emptydir" / "readme.rtf").write_text("x")
    expected = {
        "missing.md": "no such file",
        "emptydir": "folder has no supported files",
        "empty.md": "empty",
        "garbage.docx": "not a valid .docx",
        "garbage.pdf": "not a valid PDF",
        "truncated.docx": ".docx",
        "bomb.docx": "zip bomb",
        "locked.docx": "password-protected",
        "locked.pdf": "password-protected",
        "huge.txt": "over the 1 MB limit",
        "notes.rtf": "unsupported format .rtf",
    }
    return d, expected


ORDER = [
    "good.md",
    "missing.md",
    "emptydir",
    "empty.md",
    "garbage.docx",
    "garbage.pdf",
    "truncated.docx",
    "bomb.docx",
    "locked.docx",
    "locked.pdf",
    "huge.txt",
    "notes.rtf",
    "windows.txt",
    "unicode.txt",
]


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("command", ["check", "extract"])
def test_bad_inputs_in_one_run(bad_inputs: tuple[Path, dict[str, str]], command: str) -> None:
    folder, expected = bad_inputs
    before = digests(folder)
    args = [command, *ORDER, "--max-file-size", "1MB"]
    if command == "check":
        args += ["--no-report", "--format", "json"]
    else:
        args += ["--format", "json"]
    proc = run(*args, cwd=folder)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == len(expected), proc.stderr
    for name, text in expected.items():
        (line,) = [ln for ln in lines if ln.startswith(f"{name}: error: ")]
        assert text in line, line
    data = json.loads(proc.stdout)
    by_path = {f["path"]: f for f in data["files"]}
    assert by_path["good.md"]["error"] is None
    assert by_path["windows.txt"]["error"] is None
    assert by_path["unicode.txt"]["error"] is None
    assert by_path["locked.docx"]["error"]
    if command == "extract":
        assert by_path["windows.txt"]["blocks"][0]["text"] == "Café policy: clients’ fees are due."
        assert by_path["unicode.txt"]["blocks"][0]["text"] == "Café policy: fees are due."
    assert digests(folder) == before, "inputs were modified"
    assert not (folder / "policylint-report.html").exists()


def test_debug_shows_traceback_only_for_internal_errors(bad_inputs) -> None:  # type: ignore[no-untyped-def]
    folder, _ = bad_inputs
    proc = run("extract", "garbage.docx", "--debug", cwd=folder)
    assert proc.returncode == 2
    assert proc.stderr.startswith("garbage.docx: error: ")
    assert "Traceback" not in proc.stderr  # a bad file is not an internal error


def test_stdin(tmp_path: Path) -> None:
    text = b"# Leave\n\nBereavement leave is ten paid days.\n"
    proc = run("extract", "-", "--format", "json", cwd=tmp_path, stdin=text)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    (f,) = data["files"]
    assert f["path"] == "<stdin>" and f["format"] == "md"
    assert [b["kind"] for b in f["blocks"]] == ["heading", "paragraph"]
    proc = run(
        "extract",
        "-",
        "--stdin-filename",
        "policy.txt",
        "--format",
        "json",
        cwd=tmp_path,
        stdin=text,
    )
    f = json.loads(proc.stdout)["files"][0]
    assert f["path"] == "policy.txt" and f["format"] == "txt"
    proc = run("extract", "-", "--stdin-filename", "policy.rtf", cwd=tmp_path, stdin=text)
    assert proc.returncode == 2
    assert proc.stderr.startswith("policy.rtf: error: unsupported format .rtf")


def test_extract_text_output(tmp_path: Path) -> None:
    (tmp_path / "p.md").write_text("# Leave\n\n- Ten paid days.\n", encoding="utf-8")
    proc = run("extract", "p.md", cwd=tmp_path)
    assert proc.returncode == 0
    out = proc.stdout.splitlines()
    assert out[0] == "== p.md (md, 2 blocks, 4 words)"
    assert out[2].split() == ["3:3", "list-item", "[Leave]", "•", "Ten", "paid", "days."]
