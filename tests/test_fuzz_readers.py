"""A bounded-time fuzz test over every reader (issue 12).

A seeded generator feeds each reader random bytes, truncated and byte-flipped real
files (the sample handbooks, and the corpus in ../shared/corpus when it is there),
mutated zip members and PDF streams, and random deep nesting of Markdown and HTML
markup. Every case must end in a Document or a DocumentError with a one-line message,
never another exception, within its reading budget; then a sample of the cases goes
through the command line in one run: one ``path: error: ...`` line per bad file, exit
code 0, 1 or 2, never a traceback.
"""

from __future__ import annotations

import html
import io
import os
import random
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from policylint.documents import Document, DocumentError, Limits, read_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_handbooks"
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = 1212
#: seconds per MB (and per 2 MB of base) for reading each case: small files get ~2 s
LIMITS = Limits(read_seconds_per_mb=1.0)
#: stop generating new cases after this long (the suite must stay quick)
TOTAL_SECONDS = 60.0

FORMATS = ("md", "txt", "html", "docx", "pdf")


def _samples() -> dict[str, list[bytes]]:
    """Real files per format; HTML is made from Markdown text."""
    found: dict[str, list[bytes]] = {f: [] for f in FORMATS}
    for path in sorted(SAMPLES.iterdir()):
        ext = path.suffix.lstrip(".")
        if ext in found:
            found[ext].append(path.read_bytes())
    if CORPUS.is_dir():
        for path in sorted(CORPUS.rglob("*")):
            ext = path.suffix.lstrip(".")
            if path.is_file() and ext in ("md", "txt"):
                found[ext].append(path.read_bytes())
    for md in found["md"][:4]:
        text = md.decode("utf-8", "replace")
        paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n\n") if p.strip())
        found["html"].append(
            f"<html><head><title>Policy</title></head><body>{paragraphs}</body></html>".encode()
        )
    return found


def _flip(rng: random.Random, data: bytes, n: int) -> bytes:
    out = bytearray(data)
    for _ in range(n):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _splice(rng: random.Random, data: bytes) -> bytes:
    """Cut a random stretch out, or repeat one."""
    if len(data) < 4:
        return data * 2
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randrange(1, 4096))
    return data[:a] + data[b:] if rng.random() < 0.5 else data[:b] + data[a:b] * 50 + data[b:]


def _mutate_zip(rng: random.Random, data: bytes) -> bytes:
    """The same package with one XML member damaged (inside the compression, so the
    XML parser and not the zip reader meets it)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            members = [(i, src.read(i)) for i in src.infolist()]
    except Exception:
        return data
    xml = [k for k, (info, _) in enumerate(members) if info.filename.endswith(".xml")]
    if not xml:
        return data
    k = rng.choice(xml)
    info, body = members[k]
    choice = rng.random()
    if choice < 0.4:
        body = _flip(rng, body, rng.randint(1, 8))
    elif choice < 0.7:
        body = body[: rng.randrange(len(body) + 1)]
    else:
        # deep nesting inside the XML
        depth = rng.choice([200, 2000, 20000])
        body = body.replace(b"<w:body>", b"<w:body>" + b"<w:tbl><w:tr><w:tc>" * depth, 1)
    members[k] = (info, body)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, content in members:
            dst.writestr(info.filename, content)
    return out.getvalue()


_MARKUP = {
    "md": ["[", "]", "(", ")", "*", "_", "`", "![", "<div>", "</div>", "> ", "- ", "1. ",
           "&amp;", "&#x26;", "\\", "|", "---", "#", "<!--", "-->", "[^1]", "~~", "\n", " "],
    "html": ["<div>", "</div>", "<p>", "</p>", "<li>", "<ul>", "</ul>", "<table><tr><td>",
             "</td>", "<b>", "</b>", "&amp;", "&#0;", "&#x110000;", "<!--", "-->",
             "<script>", "</script>", "<h1>", "</h1>", "<meta charset=utf-16>", "\n", " "],
    "txt": ["(", ")", "[", "]", "'s", "-", "•", "1.", "\n", "\n\n", " ", "\x1b[31m",
            "\u202e", "\u200b", "\t", "\x00", "ALL CAPS", "===", "# policylint-disable"],
}  # fmt: skip


def _nesting(rng: random.Random, fmt: str) -> bytes:
    """Random markup, often deeply nested, with some words between."""
    pieces = _MARKUP.get(fmt, _MARKUP["txt"])
    words = ["Bereavement", "leave", "is", "one", "day", "staff", "must", "be", "on", "call"]
    out: list[str] = []
    depth = rng.choice([10, 300, 3000, 30000])
    opener = rng.choice(pieces)
    out.append(opener * depth)
    for _ in range(rng.randint(10, 400)):
        out.append(rng.choice(pieces) if rng.random() < 0.6 else rng.choice(words) + " ")
    return "".join(out).encode("utf-8", "surrogatepass")


def _random_bytes(rng: random.Random) -> bytes:
    n = rng.choice([0, 1, 3, 16, 300, 4096, 65536])
    if rng.random() < 0.5:
        return rng.randbytes(n)
    # mostly text, some noise
    alphabet = "abcdefghij klmnop\n.,;:()[]<>&#*_\u00e9\u2019\ufeff\u202e"
    return "".join(rng.choice(alphabet) for _ in range(n)).encode("utf-8")


def cases(rng: random.Random) -> Iterator[tuple[str, bytes]]:
    samples = _samples()
    for round_ in range(6):
        for fmt in FORMATS:
            name = f"r{round_}-{fmt}"
            yield f"{name}-random.{fmt}", _random_bytes(rng)
            for i, real in enumerate(samples[fmt][:6]):
                cut = real[: rng.randrange(len(real) + 1)]
                yield f"{name}-s{i}-truncated.{fmt}", cut
                yield f"{name}-s{i}-flipped.{fmt}", _flip(rng, real, rng.randint(1, 40))
                yield f"{name}-s{i}-spliced.{fmt}", _splice(rng, real)
                if fmt == "docx":
                    yield f"{name}-s{i}-member.{fmt}", _mutate_zip(rng, real)
            if fmt in ("md", "html", "txt"):
                yield f"{name}-nesting.{fmt}", _nesting(rng, fmt)


def _check(document: Document) -> None:
    for block in document.blocks:
        assert block.text and len(block.text) <= 100_000
        assert block.text == block.text.strip()
        assert not re.search(r"[\x00-\x08\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]", block.text)
        block.locate(len(block.text) // 2)  # positions resolve


def test_every_reader_survives_the_fuzz() -> None:
    rng = random.Random(SEED)
    start = time.monotonic()
    outcomes = {"document": 0, "error": 0}
    seen = 0
    for name, data in cases(rng):
        if time.monotonic() - start > TOTAL_SECONDS:
            break
        seen += 1
        fmt = name.rsplit(".", 1)[1]
        budget = LIMITS.read_budget(len(data) * {"docx": 4, "pdf": 6}.get(fmt, 1)) or 0
        t0 = time.monotonic()
        try:
            document = read_bytes(data, name, limits=LIMITS)
        except DocumentError as exc:
            message = str(exc)
            assert message and "\n" not in message and len(message) < 600, (name, message)
            outcomes["error"] += 1
        except BaseException as exc:  # the contract: nothing else escapes a reader
            pytest.fail(f"{name}: {type(exc).__name__}: {exc}")
        else:
            _check(document)
            outcomes["document"] += 1
        elapsed = time.monotonic() - t0
        assert elapsed < budget + 3, f"{name} took {elapsed:.1f} s (budget {budget:.1f} s)"
    assert seen >= 100, f"only {seen} cases in {TOTAL_SECONDS} s"
    assert outcomes["document"] and outcomes["error"], outcomes
    print(f"{seen} cases in {time.monotonic() - start:.1f} s: {outcomes}")


def test_fuzz_cases_through_the_command_line(tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    folder = tmp_path / "fuzz"
    folder.mkdir()
    names = []
    for i, (name, data) in enumerate(cases(rng)):
        if i % 7:
            continue
        (folder / name).write_bytes(data)
        names.append(name)
        if len(names) >= 30:
            break
    proc = subprocess.run(
        [sys.executable, "-m", "policylint", "--no-cache", "--no-report", "--no-config",
         "--read-timeout", "1", "fuzz"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "COLUMNS": "100"},
    )  # fmt: skip
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.returncode in (0, 1, 2)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    for line in lines:
        m = re.match(r"^fuzz/(\S+?): error: \S", line)
        assert m and m.group(1) in names, line
    summary = proc.stdout.strip().splitlines()[-1]
    checked = re.search(r" in (\d+) files?\b", summary)
    unread = re.search(r"; (\d+) files? could not be read\.$", summary)
    assert checked, summary
    # "in N files" counts the files read; the others are counted as not read
    assert int(checked.group(1)) + (int(unread.group(1)) if unread else 0) == len(names)
    assert (int(unread.group(1)) if unread else 0) == len(lines)
    assert (proc.returncode == 2) == bool(lines)
