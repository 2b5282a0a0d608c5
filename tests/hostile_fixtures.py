"""Hostile and huge inputs, generated at test time (issue 12).

Each builder writes one input and returns its path. The regression tests in
``test_hostile_inputs.py`` use them, and so can a person measuring the table of the
issue by hand::

    python tests/hostile_fixtures.py /tmp/hostile     # writes every case there
"""

from __future__ import annotations

import io
import random
import struct
import sys
import zlib
from pathlib import Path

#: a clause the bundled rules flag (grief-leave)
FLAGGED = "Bereavement leave is one day for an immediate family member."
CLEAN = "Clinicians receive ten paid days of bereavement leave per loss."

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" '
    b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def document_xml(paragraphs: list[str]) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'.encode()


# ------------------------------------------------------------------------- zip bombs


def _raw_zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip archive written by hand: ``(name, compressed data, crc, declared
    uncompressed size, method)`` per member, with the declared sizes in both the local
    and the central headers (so they can lie)."""
    out = bytearray()
    central = bytearray()
    for name, data, crc, size, method in members:
        raw = name.encode()
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), size, len(raw), 0
        )
        out += raw + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            method,
            0,
            0x21,
            crc,
            len(data),
            size,
            len(raw),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += raw
    start = len(out)
    out += central
    out += struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0
    )
    return bytes(out)


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def lying_bomb_bytes(inflated_mib: int = 1024) -> bytes:
    """A .docx of about ``inflated_mib`` KB whose word/document.xml declares a small
    size (with the CRC of that small prefix, a valid document) but whose deflate stream
    inflates to ``inflated_mib`` MiB of spaces after it. A reader that trusts the
    declared size and inflates in one call (``ZipFile.read``) holds it all in memory.

    The stream is built from one compressed megabyte repeated: after a full flush,
    deflate output does not depend on what came before."""
    prefix = document_xml([FLAGGED])
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = bytearray(c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH))
    mib = b" " * (1 << 20)
    unit = c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH)
    stream += unit * inflated_mib
    stream += c.flush()
    members = [
        ("[Content_Types].xml", _deflate(_CONTENT_TYPES), zlib.crc32(_CONTENT_TYPES),
         len(_CONTENT_TYPES), 8),
        ("_rels/.rels", _deflate(_RELS), zlib.crc32(_RELS), len(_RELS), 8),
        ("word/document.xml", bytes(stream), zlib.crc32(prefix), len(prefix), 8),
    ]  # fmt: skip
    return _raw_zip(members)


def overlap_bomb_bytes(copies: int = 1500, inflated_mib: int = 1) -> bytes:
    """Many central-directory entries (honest sizes, ordinary names) that share one
    highly compressed member: each is small, together they inflate to ``copies`` x
    ``inflated_mib`` MiB."""
    payload = b" " * (inflated_mib << 20)
    data = _deflate(payload)
    crc = zlib.crc32(payload)
    members = [
        ("[Content_Types].xml", _deflate(_CONTENT_TYPES), zlib.crc32(_CONTENT_TYPES),
         len(_CONTENT_TYPES), 8),
        ("_rels/.rels", _deflate(_RELS), zlib.crc32(_RELS), len(_RELS), 8),
        ("word/document.xml", _deflate(document_xml([FLAGGED])),
         zlib.crc32(document_xml([FLAGGED])), len(document_xml([FLAGGED])), 8),
    ]  # fmt: skip
    members += [(f"word/media/image{i}.bin", data, crc, len(payload), 8) for i in range(copies)]
    return _raw_zip(members)


# ----------------------------------------------------------------- big documents


def handbook_docx(
    path: Path, paragraphs: int = 6000, flag_every: int = 3, vary: bool = True
) -> Path:
    """A plain .docx of ``paragraphs`` paragraphs under a heading every 20; every
    ``flag_every``-th paragraph holds a clause the bundled rules flag (with ``vary``
    false, always the same one, alone: the comments on them are then all alike)."""
    import docx

    rng = random.Random(12)
    doc = docx.Document()
    doc.add_heading("Riverside Counseling Employee Handbook", level=0)
    flagged = [
        "Bereavement leave is one day for an immediate family member.",
        "Clinicians must be reachable by phone at all times, including weekends.",
        "Progress notes are completed on your own time and are not paid.",
        "Therapists are expected to see 35 clients per week.",
    ]
    plain = [
        "The clinic is open from eight to six on weekdays.",
        "Supervision is scheduled with your supervisor at the start of each term.",
        "Parking is available behind the building for staff and clients.",
        "The front desk confirms appointments two days ahead.",
    ]
    for i in range(paragraphs):
        if i % 20 == 0:
            doc.add_heading(f"Section {i // 20 + 1}", level=1)
        if not vary:
            doc.add_paragraph(FLAGGED if i % flag_every == 0 else plain[0])
            continue
        pool = flagged if i % flag_every == 0 else plain
        doc.add_paragraph(f"{rng.choice(pool)} {rng.choice(plain)}")
    path = Path(path)
    doc.save(path)
    return path


def many_lines_text(path: Path, mib: float = 20.0, source: Path | None = None) -> Path:
    """``mib`` MiB of short lines: the prose of the sample handbooks (or of the Markdown
    and text files under ``source``, such as ../shared/corpus), shuffled sentence by
    sentence, wrapped at 60 columns, a blank line between paragraphs of 3 to 6
    sentences. The sample handbooks are dense with planted clauses, so rules fire far
    more often than in a real handbook: a worst case for the rules' cost."""
    import re
    import textwrap

    root = source or Path(__file__).resolve().parent.parent / "sample_handbooks"
    sentences: list[str] = []
    for md in sorted(p for p in root.rglob("*") if p.suffix in (".md", ".txt")):
        for line in md.read_text(encoding="utf-8").splitlines():
            line = re.sub(r"[#*_`>|\[\]]|<!--.*?-->|^\s*(?:[-+]|\d+\.)\s+", "", line).strip()
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", line) if len(s.split()) >= 4]
    rng = random.Random(20)
    out = io.StringIO()
    size = 0
    target = int(mib * (1 << 20))
    while size < target:
        paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(3, 6)))
        chunk = "\n".join(textwrap.wrap(paragraph, 60)) + "\n\n"
        out.write(chunk)
        size += len(chunk.encode("utf-8"))
    path = Path(path)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def long_block_text(path: Path, chars: int = 1_200_000) -> Path:
    """One line of ``chars`` characters (over spaCy's 1,000,000 limit) ending with a
    flagged clause."""
    filler = "Staff attend the weekly meeting. "
    body = filler * (chars // len(filler) + 1)
    Path(path).write_text(body + FLAGGED + "\n", encoding="utf-8")
    return Path(path)


def pdf_pages(path: Path, pages: int = 2000, lines: int = 40) -> Path:
    """A ``pages``-page PDF of full pages (``lines`` lines of about ten words each),
    drawn with reportlab's canvas (fast to build)."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfgen import canvas

    rng = random.Random(2000)
    words = [
        "staff", "clinic", "client", "session", "notes", "week", "leave", "policy", "paid",
        "hours", "day", "therapist", "supervisor", "schedule", "office", "time", "review",
        "plan", "care", "team",
    ]  # fmt: skip
    c = canvas.Canvas(str(path), pagesize=LETTER)
    for i in range(pages):
        c.setFont("Helvetica", 10)
        c.drawString(72, 740, f"Section {i + 1}")
        y = 720
        for j in range(lines):
            if j == 5 and i % 10 == 0:
                text = FLAGGED
            else:
                text = " ".join(rng.choice(words) for _ in range(10)).capitalize() + "."
            c.drawString(72, y, text)
            y -= 15
        c.showPage()
    c.save()
    return Path(path)


# -------------------------------------------------------------------- nesting


def nesting_cases() -> dict[str, bytes]:
    """File name -> content: the nesting and entity floods of the issue's table."""
    return {
        "brackets.md": b"[" * 100_000,
        "nested-links.md": b"[" * 25_000 + b"a" + b"](http://x.example/)" * 12_000,
        "divs-in.md": b"<div>" * 100_000 + b"\n" + b"</div>" * 100_000,
        "divs-closed.html": b"<html><body>" + b"<div>" * 100_000 + b"x" + b"</div>" * 100_000,
        "divs-open.html": b"<html><body>" + b"<div>x" * 170_000,
        "entities.html": b"<html><body><p>" + b"&amp;" * 500_000 + b"</p>",
        "parens.md": b"(" * 20_000 + b")" * 20_000,
        "parens.txt": b"(" * 20_000 + b")" * 20_000,
    }


# ----------------------------------------------------------- config and rules


def alias_bomb_yaml(levels: int = 9) -> str:
    """A "billion laughs" YAML document: ``levels`` levels of nine aliases each."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels + 1):
        refs = ",".join(f"*a{i - 1}" for _ in range(9))
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines.append(f"exclude: *a{levels}")
    return "\n".join(lines) + "\n"


REDOS_RULE = """\
rules:
  - id: martyr-language/redos
    category: martyr-language
    severity: info
    title: ReDoS
    message: A token pattern that backtracks.
    why: It is a test.
    suggest: Nothing.
    match:
      pattern:
        - {TEXT: {REGEX: "(a+)+$"}}
"""


def write_all(folder: Path) -> None:
    """Every case above, into ``folder`` (for measuring by hand)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bomb.docx").write_bytes(lying_bomb_bytes())
    (folder / "overlap.docx").write_bytes(overlap_bomb_bytes())
    handbook_docx(folder / "handbook-6000.docx")
    many_lines_text(folder / "lines-20mb.txt")
    long_block_text(folder / "long-line.txt")
    pdf_pages(folder / "pages-2000.pdf")
    for name, data in nesting_cases().items():
        (folder / name).write_bytes(data)
    (folder / "alias-bomb.yaml").write_text(alias_bomb_yaml(), encoding="utf-8")
    (folder / "redos.yaml").write_text(REDOS_RULE, encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile"))
