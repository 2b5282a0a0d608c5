"""The document model every reader produces and every later stage consumes.

A :class:`Document` is an ordered list of :class:`Block` values. A block is one
paragraph-like unit of prose (a heading, a paragraph, a list item, a table cell, a
header or footer, a footnote, a text box) with the heading path above it and a map
from offsets in its text back to positions in the source file.

Positions follow the JSON contract in DESIGN.md section 2:

* text formats (.md, .txt, .html): 1-based ``line`` and ``column`` in the source file;
* .docx: ``line`` is the paragraph number in reading order, ``column`` the 1-based
  character within that paragraph's text;
* .pdf: ``page`` is set, ``line`` counts lines within the page and ``column`` is the
  1-based character within that extracted line.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from enum import StrEnum

SECTION_SEPARATOR = " › "


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list-item"
    TABLE_CELL = "table-cell"
    HEADER_FOOTER = "header-footer"
    FOOTNOTE = "footnote"
    TEXT_BOX = "text-box"


@dataclass(frozen=True, slots=True)
class Location:
    """A position in the source file; fields that do not apply are None."""

    line: int | None = None
    column: int | None = None
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """``text[offset]`` comes from ``location``; following characters advance the
    column by one each until the next segment starts (when column is known)."""

    offset: int
    line: int | None
    column: int | None = None
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    text: str
    section: tuple[str, ...] = ()
    segments: tuple[Segment, ...] = ()
    #: rendered list label ("3.", "b)", "•") for list items; not part of ``text``
    label: str | None = None
    #: heading level (1 = top) for headings, else None
    level: int | None = None
    #: text that frames this block without being part of it: for a table cell, its
    #: column and row headers ("Sick leave › Documentation"); rules may take a topic
    #: from it
    lead: str | None = None

    def __post_init__(self) -> None:
        if self.segments and self.segments[0].offset != 0:
            raise ValueError("the first segment of a block must start at offset 0")

    @property
    def section_path(self) -> str:
        return SECTION_SEPARATOR.join(self.section)

    def locate(self, offset: int) -> Location:
        """Source position of ``text[offset]`` (an offset equal to ``len(text)`` is
        the position just after the last character)."""
        if not self.segments:
            return Location()
        starts = [s.offset for s in self.segments]
        i = max(0, bisect.bisect_right(starts, offset) - 1)
        seg = self.segments[i]
        column = None if seg.column is None else seg.column + (offset - seg.offset)
        return Location(seg.line, column, seg.page)

    def locate_end(self, end: int) -> Location:
        """Exclusive end position of a span ending at ``end`` (> start): the
        position one past its last character."""
        if end <= 0:
            return self.locate(0)
        last = self.locate(end - 1)
        column = None if last.column is None else last.column + 1
        return Location(last.line, column, last.page)

    @property
    def start(self) -> Location:
        return self.locate(0)


def with_table_leads(blocks: list[Block], cells: dict[int, tuple[int, int, int]]) -> list[Block]:
    """Give each table cell of ``blocks`` a ``lead`` from its column header (the first
    row) and its row header (the first column): a cell "30" under "Weekly client hours"
    in the row "Full-time" reads with "Weekly client hours › Full-time". ``cells`` maps
    a block index to (table, row, column) as the reader saw it."""
    first: dict[tuple[int, int, int], str] = {}
    for index, coord in cells.items():
        first.setdefault(coord, blocks[index].text)
    out = list(blocks)
    for index, (table, row, col) in cells.items():
        if row == 0:
            continue
        parts = [first.get((table, 0, col), "")]
        if col > 0:
            parts.append(first.get((table, row, 0), ""))
        lead = SECTION_SEPARATOR.join(p.strip() for p in parts if p and p.strip())
        if lead:
            out[index] = replace(out[index], lead=lead)
    return out


@dataclass(frozen=True, slots=True)
class Directive:
    """A comment in the source that may hold a ``policylint-...`` instruction.

    Readers only find comments; ``policylint.suppress`` interprets them. ``line``
    and ``end_line`` are source lines (text formats); ``next_block`` is the index of
    the first block after the comment; ``block`` is set when the comment is attached
    to one block (a Word comment anchored on a paragraph).
    """

    text: str
    line: int | None = None
    end_line: int | None = None
    next_block: int | None = None
    block: int | None = None


@dataclass(slots=True)
class Document:
    path: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    directives: list[Directive] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(len(b.text.split()) for b in self.blocks)

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "format": self.format,
            "error": None,
            "words": self.words,
            "blocks": [block_json(b) for b in self.blocks],
        }


def block_json(block: Block) -> dict:
    loc = block.start
    return {
        "kind": str(block.kind),
        "text": block.text,
        "label": block.label,
        "section": block.section_path or None,
        "line": loc.line,
        "column": loc.column,
        "page": loc.page,
    }


class DocumentError(Exception):
    """A document cannot be read. The message says what went wrong and what to do;
    the CLI prints it as ``path: error: message``."""


DEFAULT_MAX_FILE_SIZE = 50 * 1024 * 1024
#: seconds of reading allowed per MB of input (see :meth:`Limits.read_budget`)
DEFAULT_READ_SECONDS_PER_MB = 5.0
#: every file is budgeted as if it were this many MB larger (imports, small files)
READ_BASE_MB = 2.0


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps that keep a hostile or broken file from exhausting the machine."""

    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    #: zip members of a .docx
    max_zip_members: int = 2000
    #: declared uncompressed size of any one zip member
    max_member_size: int = 50 * 1024 * 1024
    #: uncompressed size of an XML part we parse
    max_xml_part_size: int = 25 * 1024 * 1024
    #: total uncompressed size of a .docx (declared, and what is actually inflated)
    max_total_uncompressed: int = 200 * 1024 * 1024
    #: compression ratio above which a member larger than 1 MiB is refused before
    #: anything is inflated (a heuristic on declared sizes; the real limits above are
    #: enforced on what is actually inflated). 500, not 100: genuine XML with many
    #: similar comments (annotate's own copies) compresses 150-190:1, while runs of
    #: one byte, what bombs are made of, reach 1000:1. None turns it off, as for the
    #: read-back of an annotated copy, judged by the real limits alone.
    max_compression_ratio: float | None = 500.0
    max_pdf_pages: int = 2000
    #: wall-clock seconds allowed for reading a file, per MB of it (plus
    #: READ_BASE_MB); None: no time budget
    read_seconds_per_mb: float | None = DEFAULT_READ_SECONDS_PER_MB
    #: deepest nesting of elements (HTML) or brackets (Markdown, HTML text) accepted
    max_nesting: int = 256
    #: most character references (``&amp;``...) accepted in an HTML or Markdown file,
    #: when they also make up more than a quarter of it
    max_char_refs: int = 20_000

    def read_budget(self, size: int) -> float | None:
        """Seconds allowed for reading a file of ``size`` bytes, or None: the rate
        times (``READ_BASE_MB`` + the size in MB); 10 s for a small file at the
        default rate, 25 s for a 3 MB one."""
        if not self.read_seconds_per_mb:
            return None
        return self.read_seconds_per_mb * (READ_BASE_MB + size / (1024 * 1024))
