"""Reader for Word ``.docx`` files.

python-docx's ``paragraph.text`` drops tracked insertions, content controls, text
boxes, field results and footnotes (TECH-NOTES §1), so the text is taken from our own
lxml walk of the WordprocessingML; python-docx is used only to open the package and
to reach the parts (styles, numbering, headers, footers, notes, comments).

Reading order of the blocks
---------------------------
1. The body, in document order: paragraphs, table cells (nested tables included, row
   by row, cell by cell), content controls. The paragraphs of a text box follow, as
   ``TEXT_BOX`` blocks, right after the paragraph that anchors it.
2. Footnotes, then endnotes (``FOOTNOTE`` blocks, section ``("Footnotes",)`` or
   ``("Endnotes",)``), in the order of the notes part.
3. Headers and footers (``HEADER_FOOTER`` blocks, section ``("Header",)`` or
   ``("Footer",)``), section by section: default, first-page and even-page header,
   then the same footers. Each part appears once even when several sections share it
   (linked to previous). First-page and even-page parts are read only when the
   document shows them (``w:titlePg``, ``w:evenAndOddHeaders``).

Positions
---------
Every paragraph of the body, in the order above and *including empty ones*, has a
1-based paragraph number: paragraphs in table cells and text boxes count, paragraphs
of headers, footers and notes do not. Counting every ``w:p`` keeps the numbers the
same in both views and lets :func:`body_paragraphs` map a number back to its XML
element. A body block's location is ``line`` = paragraph number and ``column`` =
1 + the offset in the paragraph's raw text (``"".join`` of :func:`paragraph_pieces`,
before whitespace is collapsed). Header, footer and note blocks have ``line=None``
and the same kind of column, within their own paragraph.

Text of a paragraph (see :func:`paragraph_pieces`)
---------------------------------------------------
Tracked changes in the chosen *view*: ``"final"`` (the default, what Word shows with
"No Markup") keeps insertions and moved-to text and drops deletions and moved-from
text; ``"original"`` does the reverse. Content controls, hyperlinks, smart tags and
simple fields are read through; of a complex field only the result (between
``separate`` and ``end``) is kept. Tabs and line breaks become a space,
non-breaking hyphens ``-``, soft hyphens nothing. Runs formatted as hidden
(``w:vanish``) are skipped, since Word does not show or print them.

Other decisions
---------------
* Headings come from the paragraph style (its ``w:outlineLvl`` or a built-in
  "heading N" name, through ``w:basedOn``, so custom styles based on Heading 2 are
  level 2) or the paragraph's own ``w:outlineLvl``. The "Title" style gives
  ``Document.title`` (the first one) and a level-0 ``HEADING`` block that does not
  enter the section path of later blocks. A heading-styled paragraph inside a table
  cell stays a ``TABLE_CELL`` block but still starts a section (layout tables are
  common in handbooks); text boxes never change the section.
* Table-of-contents paragraphs (styles "toc 1".."toc 9") are skipped: they repeat
  the headings.
* List labels are computed as Word renders them (counters per abstract numbering
  definition, restart rules, overrides); the label is in ``Block.label``, never in
  ``Block.text``.
* Word comments whose text starts with ``policylint-`` (case-insensitive, since Word
  capitalises the first letter of a comment) become :class:`Directive` values with
  ``block`` set, one per block the comment's range covers; a comment anchored on a
  paragraph without a block attaches to the next block.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import docx
from docx.oxml.parser import parse_xml
from lxml import etree

from .builder import SectionTracker, TextBuilder
from .model import Block, BlockKind, Directive, Document, DocumentError, with_table_leads
from .wordml import (
    W_BR,
    W_COMMENT,
    W_COMMENT_END,
    W_COMMENT_REF,
    W_COMMENT_START,
    W_CR,
    W_CUSTOM_XML,
    W_DEL,
    W_DEL_TEXT,
    W_EVEN_ODD,
    W_FLD_CHAR,
    W_FLD_CHAR_TYPE,
    W_ID,
    W_ILVL,
    W_INS,
    W_MOVE_FROM,
    W_MOVE_TO,
    W_NB_HYPHEN,
    W_NUM_ID,
    W_NUMPR,
    W_OUTLINE_LVL,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_PTAB,
    W_R,
    W_RPR,
    W_SDT,
    W_SDT_CONTENT,
    W_SECT_PR,
    W_SYM,
    W_T,
    W_TAB,
    W_TBL,
    W_TC,
    W_TITLE_PG,
    W_TR,
    W_TRPR,
    W_TXBX_CONTENT,
    W_TYPE,
    W_VAL,
    W_VANISH,
    R,
    W,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.opc.part import Part

    from . import Limits

__all__ = [
    "Piece",
    "StoryParagraph",
    "View",
    "body_paragraphs",
    "iter_story",
    "paragraph_pieces",
    "paragraph_text",
    "piece_at",
    "read",
    "safe_package",
]

View = Literal["final", "original"]

# --------------------------------------------------------------------------- names

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

MC_ALTERNATE = _MC + "AlternateContent"
MC_CHOICE = _MC + "Choice"
MC_FALLBACK = _MC + "Fallback"


#: elements inside a paragraph whose children are read as paragraph content
_INLINE_CONTAINERS = frozenset(
    W + name
    for name in (
        "hyperlink",
        "smartTag",
        "customXml",
        "fldSimple",
        "sdtContent",
        "dir",
        "bdo",
        "ins",
        "del",
        "moveFrom",
        "moveTo",
    )
)
#: revision wrappers dropped in each view
_DROPPED = {
    "final": frozenset({W_DEL, W_MOVE_FROM}),
    "original": frozenset({W_INS, W_MOVE_TO}),
}
_MARKERS = frozenset({W_COMMENT_START, W_COMMENT_END, W_COMMENT_REF})
_FALSE = frozenset({"0", "false", "off"})

_MIB = 1 << 20
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_PASSWORD_MESSAGE = (
    "the document is password-protected; remove the password in Word "
    "(File › Info › Protect Document) and try again"
)


# ------------------------------------------------------------------ public: pieces


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of a paragraph's raw text and the XML element it comes from.

    ``element`` is the ``w:t``, ``w:delText``, ``w:tab``, ``w:br``, ``w:cr``,
    ``w:noBreakHyphen`` or ``w:sym`` element that produced ``text``, or None for text
    that has no element of its own. For ``w:t`` and ``w:delText``, ``text`` is the
    element's whole text; the other elements stand for one character (a space for
    tabs and breaks, ``-`` for a non-breaking hyphen, the symbol for ``w:sym``).
    The run is ``element.getparent()``.
    """

    text: str
    element: etree._Element | None


def paragraph_pieces(p: etree._Element, view: View = "final") -> list[Piece]:
    """The text of the paragraph ``p`` (a ``w:p`` element) as Word shows it, in order.

    ``"".join(piece.text for piece in pieces)`` is the paragraph's *raw text*: the
    reader builds each block from it (collapsing whitespace with
    :class:`~policylint.documents.builder.TextBuilder`), and a block's ``column`` is
    1 + an offset in it, so a finding can be mapped back to the exact ``w:t``
    element and character (see :func:`piece_at`) to anchor a Word comment or a
    tracked change there.

    ``view`` chooses the tracked-changes view: ``"final"`` keeps ``w:ins`` and
    ``w:moveTo`` text and drops ``w:del``/``w:delText`` and ``w:moveFrom``;
    ``"original"`` keeps deletions (``w:delText``) and moved-from text and drops
    insertions and moved-to text.

    Read through: runs, hyperlinks, inline content controls (``w:sdtContent``),
    smart tags, custom XML, ``w:fldSimple`` (its result text) and
    ``mc:AlternateContent`` (first ``mc:Choice``, else ``mc:Fallback``). Complex
    fields keep only their result: text between ``fldChar separate`` and ``end``;
    the ``w:instrText`` and anything before ``separate`` is dropped. Each call
    starts with no field open (field instructions never span paragraphs in files
    Word writes; a field *result* that spans paragraphs, such as a table of
    contents, reads correctly this way).

    Not included: text boxes (``w:txbxContent`` inside ``w:drawing``/``w:pict``;
    the reader emits them as separate blocks, see :func:`iter_story`), drawings,
    footnote reference marks, and runs hidden with ``w:vanish``.
    """
    return _ParagraphWalker(view).walk(p)


def paragraph_text(p: etree._Element, view: View = "final") -> str:
    """The raw text of ``p``: ``"".join`` of :func:`paragraph_pieces`."""
    return "".join(piece.text for piece in paragraph_pieces(p, view))


def piece_at(pieces: list[Piece], offset: int) -> tuple[int, int]:
    """``(index of the piece, offset within it)`` for a raw-text offset.

    An offset equal to the raw text's length maps to the end of the last piece.
    Raises ``IndexError`` for an offset outside ``0..len(raw text)``.
    """
    if offset < 0:
        raise IndexError(offset)
    pos = 0
    for i, piece in enumerate(pieces):
        end = pos + len(piece.text)
        if offset < end:
            return i, offset - pos
        pos = end
    if offset == pos and pieces:
        return len(pieces) - 1, len(pieces[-1].text)
    raise IndexError(offset)


# ------------------------------------------------------------------- public: story


@dataclass(frozen=True, slots=True)
class StoryParagraph:
    """A ``w:p`` in reading order, with where it sits."""

    element: etree._Element
    in_table: bool = False
    in_text_box: bool = False
    #: ``"ins"`` or ``"del"`` when the paragraph is in a table row whose insertion or
    #: deletion is a tracked change (the row is absent from the other view)
    row_revision: str | None = None
    #: (table, row, column) of the innermost table cell holding the paragraph
    cell: tuple[int, int, int] | None = None


@dataclass(frozen=True, slots=True)
class _Marker:
    """A comment range mark between paragraphs (a child of the body, a cell...)."""

    tag: str
    id: str


def iter_story(container: etree._Element) -> Iterator[StoryParagraph]:
    """Every ``w:p`` of a story (``w:body``, ``w:hdr``, ``w:ftr``, ``w:footnote``,
    ``w:comment``, ``w:tc``...) in reading order.

    Descends into tables (row by row, cell by cell, nested tables included), block
    content controls, custom XML and ``mc:AlternateContent`` (one branch). After
    each paragraph come the paragraphs of the text boxes it anchors (each text box
    once: ``mc:Fallback`` copies are skipped), with ``in_text_box=True``.
    """
    for item in _walk_story(container):
        if isinstance(item, StoryParagraph):
            yield item


def body_paragraphs(body: etree._Element) -> list[etree._Element]:
    """The ``w:p`` elements of ``w:body`` in reading order; paragraph number *n* (the
    ``line`` of a body block) is ``body_paragraphs(body)[n - 1]``, in both views."""
    return [item.element for item in iter_story(body)]


def _walk_story(
    container: etree._Element,
    in_table: bool = False,
    in_text_box: bool = False,
    row_revision: str | None = None,
    cell: tuple[int, int, int] | None = None,
    tables: list[int] | None = None,
) -> Iterator[StoryParagraph | _Marker]:
    tables = [0] if tables is None else tables  # a counter shared by nested calls
    for child in container:
        tag = child.tag
        if tag == W_P:
            yield StoryParagraph(child, in_table, in_text_box, row_revision, cell)
            for box in _text_boxes(child):
                yield from _walk_story(box, in_table, True, row_revision, cell, tables)
        elif tag == W_TBL:
            table = tables[0]
            tables[0] += 1
            for r, row in enumerate(_table_children(child, W_TR)):
                revision = _row_revision(row) or row_revision
                for c, tc in enumerate(_table_children(row, W_TC)):
                    yield from _walk_story(tc, True, in_text_box, revision, (table, r, c), tables)
        elif tag in (W_SDT, W_CUSTOM_XML, MC_ALTERNATE):
            inner = _unwrap(child)
            if inner is not None:
                yield from _walk_story(inner, in_table, in_text_box, row_revision, cell, tables)
        elif tag in _MARKERS:
            yield _Marker(tag, child.get(W_ID, ""))


def _unwrap(el: etree._Element) -> etree._Element | None:
    """The element whose children are the content of a wrapper element."""
    tag = el.tag
    if tag == W_SDT:
        return el.find(W_SDT_CONTENT)
    if tag == MC_ALTERNATE:
        return _mc_branch(el)
    return el


def _mc_branch(alt: etree._Element) -> etree._Element | None:
    """The branch of ``mc:AlternateContent`` that is read: the first ``mc:Choice`` (we
    understand all of them for text), else ``mc:Fallback``."""
    choice = alt.find(MC_CHOICE)
    return choice if choice is not None else alt.find(MC_FALLBACK)


def _table_children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Rows of a table / cells of a row, through row- and cell-level wrappers."""
    for child in el:
        ctag = child.tag
        if ctag == tag:
            yield child
        elif ctag in (W_SDT, W_CUSTOM_XML, MC_ALTERNATE):
            inner = _unwrap(child)
            if inner is not None:
                yield from _table_children(inner, tag)


def _row_revision(row: etree._Element) -> str | None:
    trpr = row.find(W_TRPR)
    if trpr is None:
        return None
    if trpr.find(W_DEL) is not None:
        return "del"
    if trpr.find(W_INS) is not None:
        return "ins"
    return None


def _text_boxes(p: etree._Element) -> list[etree._Element]:
    """``w:txbxContent`` elements anchored in ``p``, each once: boxes in an unread
    ``mc:AlternateContent`` branch (the VML ``mc:Fallback`` copy Word writes) and
    boxes nested in another box (read with that box) are left out."""
    boxes = []
    for box in p.iter(W_TXBX_CONTENT):
        node = box.getparent()
        keep = True
        while node is not None and node is not p:
            tag = node.tag
            if tag == W_TXBX_CONTENT:
                keep = False
                break
            if tag in (MC_CHOICE, MC_FALLBACK):
                alt = node.getparent()
                if alt is not None and _mc_branch(alt) is not node:
                    keep = False
                    break
            node = node.getparent()
        if keep:
            boxes.append(box)
    return boxes


# ----------------------------------------------------------------- paragraph walker

#: Symbol-font code points (U+F0xx private use as Word stores them) to Unicode
_SYMBOL_FONT = {
    0xB7: "•",
    0xA7: "▪",
    0xA8: "♦",
    0xA3: "≤",
    0xB3: "≥",
    0xB1: "±",
    0xB4: "×",
    0xB8: "÷",
    0xB9: "≠",
    0xB0: "°",
    0xA5: "∞",
    0xAE: "→",
    0xAC: "←",
    0xD2: "®",
    0xD3: "©",
    0xD4: "™",
    0x2D: "−",
}
#: Wingdings code points commonly used as bullets or ticks
_WINGDINGS = {0xA7: "▪", 0x76: "❖", 0xD8: "➢", 0xFC: "✓", 0xFB: "✗", 0xE8: "➔", 0x6C: "●"}


def _symbol(char: str | None, font: str | None) -> str:
    try:
        code = int(char or "", 16)
    except ValueError:
        return ""
    if 0xF000 <= code <= 0xF0FF:
        code -= 0xF000
    elif code >= 0x20:
        return chr(code)
    name = (font or "").lower()
    if name.startswith("wingdings"):
        return _WINGDINGS.get(code, "")
    if name == "symbol":
        return _SYMBOL_FONT.get(code, "")
    return chr(code) if 0x20 <= code < 0x7F else ""


def _is_on(el: etree._Element | None) -> bool:
    return el is not None and el.get(W_VAL, "true").lower() not in _FALSE


class _ParagraphWalker:
    """One pass over a paragraph; collects pieces and (optionally) comment marks."""

    __slots__ = ("dropped", "fields", "hidden", "keep_del_text", "markers", "pieces")

    def __init__(self, view: View, markers: list[tuple[str, str]] | None = None) -> None:
        if view not in _DROPPED:
            raise ValueError(f"view must be 'final' or 'original', not {view!r}")
        self.dropped = _DROPPED[view]
        self.keep_del_text = view == "original"
        self.markers = markers
        self.pieces: list[Piece] = []
        #: open complex fields: False while in the instruction, True in the result
        self.fields: list[bool] = []
        #: number of open fields still in their instruction
        self.hidden = 0

    def walk(self, p: etree._Element) -> list[Piece]:
        self._content(p)
        return self.pieces

    def _content(self, el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if tag == W_R:
                self._run(child)
            elif tag in _INLINE_CONTAINERS:
                if tag not in self.dropped:
                    self._content(child)
            elif tag == W_SDT:
                inner = child.find(W_SDT_CONTENT)
                if inner is not None:
                    self._content(inner)
            elif tag == MC_ALTERNATE:
                branch = _mc_branch(child)
                if branch is not None:
                    self._content(branch)
            elif tag in _MARKERS and self.markers is not None:
                self.markers.append((tag, child.get(W_ID, "")))
            # pPr, bookmarks, proofErr, permissions, math: no prose text

    def _run(self, r: etree._Element) -> None:
        rpr = r.find(W_RPR)
        if rpr is not None and _is_on(rpr.find(W_VANISH)):
            # hidden text is not shown or printed; its fields still open and close
            for fld in r.iter(W_FLD_CHAR):
                self._field(fld)
            return
        self._run_content(r)

    def _run_content(self, r: etree._Element) -> None:
        pieces = self.pieces
        for child in r:
            tag = child.tag
            if tag == W_FLD_CHAR:
                self._field(child)
                continue
            if tag == W_COMMENT_REF:
                if self.markers is not None:
                    self.markers.append((tag, child.get(W_ID, "")))
                continue
            if self.hidden:
                continue
            if tag == W_T:
                if child.text:
                    pieces.append(Piece(child.text, child))
            elif tag in (W_TAB, W_PTAB, W_BR, W_CR):
                pieces.append(Piece(" ", child))
            elif tag == W_NB_HYPHEN:
                pieces.append(Piece("-", child))
            elif tag == W_DEL_TEXT:
                if self.keep_del_text and child.text:
                    pieces.append(Piece(child.text, child))
            elif tag == W_SYM:
                text = _symbol(child.get(W + "char"), child.get(W + "font"))
                if text:
                    pieces.append(Piece(text, child))
            elif tag == MC_ALTERNATE:
                branch = _mc_branch(child)
                if branch is not None:
                    self._run_content(branch)
            # softHyphen, instrText, drawing, pict, footnoteReference...: nothing

    def _field(self, fld: etree._Element) -> None:
        kind = fld.get(W_FLD_CHAR_TYPE)
        if kind == "begin":
            self.fields.append(False)
            self.hidden += 1
        elif kind == "separate":
            if self.fields and not self.fields[-1]:
                self.fields[-1] = True
                self.hidden -= 1
        elif kind == "end" and self.fields and not self.fields.pop():
            self.hidden -= 1


# ----------------------------------------------------------------- styles, numbering


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


_HEADING_NAME = re.compile(r"heading ([1-9])")
_TOC_NAME = re.compile(r"toc [1-9]")


@dataclass(frozen=True, slots=True)
class _StyleInfo:
    #: the style and its base styles, nearest first
    ids: tuple[str, ...] = ()
    #: 0 for Title, 1..9 for headings, None otherwise
    heading: int | None = None
    toc: bool = False
    num_id: str | None = None
    ilvl: int | None = None


class _Styles:
    """Paragraph styles resolved through ``w:basedOn`` (cached per style id)."""

    def __init__(self, root: etree._Element | None) -> None:
        self._styles: dict[str, etree._Element] = {}
        self._cache: dict[str | None, _StyleInfo] = {}
        self._default: str | None = None
        if root is None:
            return
        for style in root.iterchildren(W + "style"):
            sid = style.get(W + "styleId")
            if sid is None:
                continue
            self._styles.setdefault(sid, style)
            if (
                style.get(W_TYPE, "paragraph") == "paragraph"
                and style.get(W + "default", "0").lower() in ("1", "true", "on")
                and self._default is None
            ):
                self._default = sid

    def element(self, style_id: str) -> etree._Element | None:
        return self._styles.get(style_id)

    def info(self, style_id: str | None) -> _StyleInfo:
        key = style_id if style_id in self._styles else self._default
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._resolve(key)
        return cached

    def _resolve(self, style_id: str | None) -> _StyleInfo:
        ids: list[str] = []
        heading: int | None = None
        heading_known = False
        toc = False
        num_id: str | None = None
        ilvl: int | None = None
        sid = style_id
        while sid is not None and sid not in ids and len(ids) < 64:
            style = self._styles.get(sid)
            if style is None:
                break
            ids.append(sid)
            name_el = style.find(W + "name")
            name = (name_el.get(W_VAL, "") if name_el is not None else "").strip().lower()
            ppr = style.find(W_PPR)
            if not heading_known:
                outline = ppr.find(W_OUTLINE_LVL) if ppr is not None else None
                match = _HEADING_NAME.fullmatch(name)
                if outline is not None:
                    level = _int(outline.get(W_VAL), 9)
                    heading = level + 1 if level is not None and 0 <= level <= 8 else None
                    heading_known = True
                elif name == "title":
                    heading, heading_known = 0, True
                elif match:
                    heading, heading_known = int(match.group(1)), True
            if _TOC_NAME.fullmatch(name):
                toc = True
            numpr = ppr.find(W_NUMPR) if ppr is not None else None
            if numpr is not None:
                nid = numpr.find(W_NUM_ID)
                if num_id is None and nid is not None:
                    num_id = nid.get(W_VAL)
                lvl = numpr.find(W_ILVL)
                if ilvl is None and lvl is not None:
                    ilvl = _int(lvl.get(W_VAL))
            based = style.find(W + "basedOn")
            sid = based.get(W_VAL) if based is not None else None
        return _StyleInfo(tuple(ids), heading, toc, num_id, ilvl)


@dataclass(frozen=True, slots=True)
class _Level:
    fmt: str = "decimal"
    text: str = ""
    start: int = 0
    restart: int | None = None
    legal: bool = False
    style: str | None = None


def _parse_level(lvl: etree._Element) -> _Level:
    def val(tag: str) -> str | None:
        el = lvl.find(W + tag)
        return None if el is None else el.get(W_VAL)

    fmt = val("numFmt")
    if fmt is None:
        # Word 2010 writes custom formats as mc:AlternateContent; read the fallback
        for fallback in lvl.iter(MC_FALLBACK):
            el = fallback.find(W + "numFmt")
            if el is not None:
                fmt = el.get(W_VAL)
                break
    return _Level(
        fmt=fmt or "decimal",
        text=val("lvlText") or "",
        start=_int(val("start"), 0) or 0,
        restart=_int(val("lvlRestart")),
        legal=_is_on(lvl.find(W + "isLgl")),
        style=val("pStyle"),
    )


_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)
_ORDINAL_SUFFIX = {1: "st", 2: "nd", 3: "rd"}


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _format_number(n: int, fmt: str) -> str:
    if fmt == "none":
        return ""
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerRoman", "upperRoman"):
        text = _roman(n)
        return text.upper() if fmt == "upperRoman" else text
    if fmt in ("lowerLetter", "upperLetter"):
        if n <= 0:
            return str(n)
        # Word: a..z, then aa..zz, aaa..
        text = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return text.upper() if fmt == "upperLetter" else text
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else _ORDINAL_SUFFIX.get(n % 10, "th")
        return f"{n}{suffix}"
    return str(n)


#: bullet characters as Word stores them (Symbol/Wingdings private-use code points)
_BULLETS = {
    "\uf0b7": "•",
    "\uf0a7": "▪",
    "\uf0a8": "♦",
    "\uf076": "❖",
    "\uf0d8": "➢",
    "\uf0fc": "✓",
    "\uf0e8": "➔",
    "\uf06c": "●",
    "\uf02d": "-",
    "o": "◦",
}


def _bullet(text: str) -> str:
    text = text.strip()
    if not text:
        return "•"
    mapped = _BULLETS.get(text)
    if mapped:
        return mapped
    if all("\ue000" <= ch <= "\uf8ff" for ch in text):
        return "•"
    return text


_LEVEL_REF = re.compile(r"%([1-9])")


class _Numbering:
    """List labels as Word renders them.

    Counters are kept per abstract numbering definition, as Word does: two ``w:num``
    instances of one definition continue each other unless the second has a
    ``w:startOverride``, which restarts that level the first time the instance is
    used. Using a level resets the deeper levels (``w:lvlRestart`` can limit or
    stop that).
    """

    def __init__(self, root: etree._Element | None, styles: _Styles) -> None:
        self._styles = styles
        self._abstracts: dict[str, etree._Element] = {}
        self._nums: dict[str, etree._Element] = {}
        self._levels: dict[str, tuple[str, dict[int, _Level], dict[int, int]] | None] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._seen: set[str] = set()
        if root is None:
            return
        for el in root.iterchildren(W + "abstractNum"):
            aid = el.get(W + "abstractNumId")
            if aid is not None:
                self._abstracts.setdefault(aid, el)
        for el in root.iterchildren(W + "num"):
            nid = el.get(W + "numId")
            if nid is not None:
                self._nums.setdefault(nid, el)

    def label(self, num_id: str, ilvl: int | None, style: _StyleInfo) -> str | None:
        """Advance the counters for a paragraph of ``num_id`` at ``ilvl`` (None: taken
        from the level linked to the paragraph's style, else 0) and render its label."""
        resolved = self._resolve(num_id)
        if resolved is None:
            return None
        abstract_id, levels, overrides = resolved
        if ilvl is None:
            ilvl = next((i for sid in style.ids for i, lv in levels.items() if lv.style == sid), 0)
        level = levels.get(ilvl)
        if level is None:
            return None
        state = self._counters.setdefault(abstract_id, {})
        if num_id not in self._seen:
            self._seen.add(num_id)
            for lvl in overrides:
                state.pop(lvl, None)
        state[ilvl] = state[ilvl] + 1 if ilvl in state else level.start
        for deeper in [k for k in state if k > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or restart > deeper or (restart != 0 and ilvl < restart):
                del state[deeper]
        return self._render(level, levels, state)

    @staticmethod
    def _render(level: _Level, levels: dict[int, _Level], state: dict[int, int]) -> str | None:
        if level.fmt == "bullet":
            return _bullet(level.text)

        def number(match: re.Match[str]) -> str:
            i = int(match.group(1)) - 1
            lv = levels.get(i, _Level())
            value = state.get(i, lv.start)
            fmt = lv.fmt
            if level.legal and fmt not in ("none", "bullet"):
                fmt = "decimal"
            return "" if fmt == "bullet" else _format_number(value, fmt)

        label = _LEVEL_REF.sub(number, level.text).strip()
        return label or None

    def _resolve(self, num_id: str) -> tuple[str, dict[int, _Level], dict[int, int]] | None:
        if num_id not in self._levels:
            self._levels[num_id] = self._build(num_id)
        return self._levels[num_id]

    def _build(self, num_id: str) -> tuple[str, dict[int, _Level], dict[int, int]] | None:
        num = self._nums.get(num_id)
        if num is None:
            return None
        ref = num.find(W + "abstractNumId")
        abstract_id = ref.get(W_VAL) if ref is not None else None
        abstract = self._abstracts.get(abstract_id or "")
        # an abstract definition may only point at a numbering style (numStyleLink),
        # whose w:numPr names the w:num that holds the real definition
        hops = 0
        while abstract is not None and hops < 8:
            link = abstract.find(W + "numStyleLink")
            if link is None:
                break
            hops += 1
            style = self._styles.element(link.get(W_VAL, ""))
            nid = style.find(f"{W_PPR}/{W_NUMPR}/{W_NUM_ID}") if style is not None else None
            target = self._nums.get(nid.get(W_VAL, "")) if nid is not None else None
            ref = target.find(W + "abstractNumId") if target is not None else None
            abstract_id = ref.get(W_VAL) if ref is not None else None
            abstract = self._abstracts.get(abstract_id or "")
        if abstract is None or abstract_id is None:
            return None
        levels: dict[int, _Level] = {}
        for lvl in abstract.iterchildren(W + "lvl"):
            i = _int(lvl.get(W + "ilvl"))
            if i is not None and i not in levels:
                levels[i] = _parse_level(lvl)
        overrides: dict[int, int] = {}
        for override in num.iterchildren(W + "lvlOverride"):
            i = _int(override.get(W + "ilvl"))
            if i is None:
                continue
            lvl = override.find(W + "lvl")
            if lvl is not None:
                levels[i] = _parse_level(lvl)
            start = override.find(W + "startOverride")
            if start is not None:
                value = _int(start.get(W_VAL), 0) or 0
                overrides[i] = value
                levels[i] = dataclasses.replace(levels.get(i, _Level()), start=value)
        return abstract_id, levels, overrides


# ----------------------------------------------------------------------- the reader


@dataclass(frozen=True, slots=True)
class _Story:
    kind: BlockKind
    #: fixed section for headers, footers and notes; None for the body
    section: tuple[str, ...] | None = None

    @property
    def body(self) -> bool:
        return self.section is None


_BODY = _Story(BlockKind.PARAGRAPH)


class _Reader:
    def __init__(self, doc: DocxDocument, path: str, view: View) -> None:
        self.doc = doc
        self.path = path
        self.view: View = view
        part = doc.part
        self.styles = _Styles(_part_root(_related_part(part, "/styles")))
        self.numbering = _Numbering(_part_root(_related_part(part, "/numbering")), self.styles)
        self.tracker = SectionTracker()
        self.blocks: list[Block] = []
        #: block index -> (table, row, column) for table cells of the body
        self.cells: dict[int, tuple[int, int, int]] = {}
        self.title: str | None = None
        self.line = 0
        #: block index (or None) of every paragraph walked, in order
        self.para_blocks: list[int | None] = []
        self.comment_marks: dict[str, dict[str, int]] = {
            W_COMMENT_START: {},
            W_COMMENT_END: {},
            W_COMMENT_REF: {},
        }
        self.pending_marks: list[tuple[str, str]] = []

    def read(self) -> Document:
        self._story(self.doc.element.body, _BODY)
        for suffix, tag, section in (
            ("/footnotes", "footnote", ("Footnotes",)),
            ("/endnotes", "endnote", ("Endnotes",)),
        ):
            root = _part_root(_related_part(self.doc.part, suffix))
            if root is None:
                continue
            story = _Story(BlockKind.FOOTNOTE, section)
            for note in root.iterchildren(W + tag):
                if note.get(W_TYPE, "normal") == "normal":
                    self._story(note, story)
        for root, section in self._headers_footers():
            self._story(root, _Story(BlockKind.HEADER_FOOTER, section))
        return Document(
            path=self.path,
            format="docx",
            blocks=with_table_leads(self.blocks, self.cells) if self.cells else self.blocks,
            title=self.title,
            directives=self._directives(),
        )

    # -- stories and paragraphs

    def _story(self, root: etree._Element, story: _Story) -> None:
        for item in _walk_story(root):
            if isinstance(item, _Marker):
                if item.tag == W_COMMENT_END and self.para_blocks:
                    self._mark(item.tag, item.id, len(self.para_blocks) - 1)
                else:
                    self.pending_marks.append((item.tag, item.id))
            else:
                self._paragraph(item, story)
        if self.pending_marks and self.para_blocks:
            # marks after the last paragraph of a story belong to that paragraph
            for tag, cid in self.pending_marks:
                self._mark(tag, cid, len(self.para_blocks) - 1)
            self.pending_marks = []

    def _mark(self, tag: str, cid: str, ordinal: int) -> None:
        self.comment_marks[tag].setdefault(cid, ordinal)

    def _paragraph(self, item: StoryParagraph, story: _Story) -> None:
        p = item.element
        ordinal = len(self.para_blocks)
        self.para_blocks.append(None)
        line = None
        if story.body:
            self.line += 1
            line = self.line
        markers: list[tuple[str, str]] = []
        pieces = _ParagraphWalker(self.view, markers).walk(p)
        if self.pending_marks:
            markers = self.pending_marks + markers
            self.pending_marks = []
        for tag, cid in markers:
            self._mark(tag, cid, ordinal)
        if item.row_revision == ("del" if self.view == "final" else "ins"):
            return  # the whole row is absent from this view
        raw = "".join(piece.text for piece in pieces)
        blank = not raw.strip()

        ppr = p.find(W_PPR)
        style_el = ppr.find(W_PSTYLE) if ppr is not None else None
        style = self.styles.info(style_el.get(W_VAL) if style_el is not None else None)
        heading = style.heading
        num_id, ilvl = style.num_id, None
        if ppr is not None:
            outline = ppr.find(W_OUTLINE_LVL)
            if outline is not None:
                level = _int(outline.get(W_VAL), 9)
                heading = level + 1 if level is not None and 0 <= level <= 8 else None
            numpr = ppr.find(W_NUMPR)
            if numpr is not None:
                nid = numpr.find(W_NUM_ID)
                if nid is not None:
                    num_id = nid.get(W_VAL)
                lvl = numpr.find(W_ILVL)
                if lvl is not None:
                    ilvl = _int(lvl.get(W_VAL))
        if ilvl is None and num_id == style.num_id:
            ilvl = style.ilvl
        label = None
        if num_id and num_id != "0" and not (blank and self._mark_removed(ppr)):
            label = self.numbering.label(num_id, ilvl, style)
        if blank or style.toc:
            return

        builder = TextBuilder()
        builder.add(raw, line if story.body else 0, 1)
        if story.body:
            if item.in_text_box:
                kind, level = BlockKind.TEXT_BOX, None
            elif item.in_table:
                kind, level = BlockKind.TABLE_CELL, None
            elif heading is not None:
                kind, level = BlockKind.HEADING, heading
            elif label is not None:
                kind, level = BlockKind.LIST_ITEM, None
            else:
                kind, level = BlockKind.PARAGRAPH, None
            block = builder.build(kind, self.tracker.path, label=label, level=level)
            if block is None:
                return
            if heading is not None and not item.in_text_box:
                if heading == 0:
                    if self.title is None and not item.in_table:
                        self.title = block.text
                else:
                    above = self.tracker.heading(heading, block.text)
                    block = dataclasses.replace(block, section=above)
        else:
            block = builder.build(story.kind, story.section or (), label=label)
            if block is None:
                return
            block = dataclasses.replace(
                block,
                segments=tuple(dataclasses.replace(s, line=None) for s in block.segments),
            )
        self.para_blocks[ordinal] = len(self.blocks)
        if block.kind is BlockKind.TABLE_CELL and item.cell is not None and story.body:
            self.cells[len(self.blocks)] = item.cell
        self.blocks.append(block)

    def _mark_removed(self, ppr: etree._Element | None) -> bool:
        """Whether the paragraph mark is a tracked deletion (final view) or insertion
        (original view): an empty paragraph like that is not shown, nor numbered."""
        if ppr is None:
            return False
        rpr = ppr.find(W_RPR)
        if rpr is None:
            return False
        return rpr.find(W_DEL if self.view == "final" else W_INS) is not None

    # -- headers and footers

    def _headers_footers(self) -> Iterator[tuple[etree._Element, tuple[str, ...]]]:
        body = self.doc.element.body
        sect_prs = []
        for p in body.iterchildren(W_P):
            ppr = p.find(W_PPR)
            sect_pr = ppr.find(W_SECT_PR) if ppr is not None else None
            if sect_pr is not None:
                sect_prs.append(sect_pr)
        final = body.find(W_SECT_PR)
        if final is not None:
            sect_prs.append(final)
        settings = _part_root(_related_part(self.doc.part, "/settings"))
        even_odd = settings is not None and _is_on(settings.find(W_EVEN_ODD))
        current: dict[tuple[str, str], str] = {}
        seen: set[str] = set()
        related = self.doc.part.related_parts
        for sect_pr in sect_prs:
            for ref in sect_pr:
                if ref.tag in (W + "headerReference", W + "footerReference"):
                    which = "Header" if ref.tag == W + "headerReference" else "Footer"
                    current[(which, ref.get(W_TYPE, "default"))] = ref.get(R + "id", "")
            types = ["default"]
            if _is_on(sect_pr.find(W_TITLE_PG)):
                types.append("first")
            if even_odd:
                types.append("even")
            for which in ("Header", "Footer"):
                for kind in types:
                    rid = current.get((which, kind))
                    part = related.get(rid) if rid else None
                    if part is None or str(part.partname) in seen:
                        continue
                    seen.add(str(part.partname))
                    root = _part_root(part)
                    if root is not None:
                        yield root, (which,)

    # -- comments

    def _directives(self) -> list[Directive]:
        root = _part_root(_related_part(self.doc.part, "/comments"))
        if root is None:
            return []
        starts = self.comment_marks[W_COMMENT_START]
        ends = self.comment_marks[W_COMMENT_END]
        refs = self.comment_marks[W_COMMENT_REF]
        directives: list[Directive] = []
        for comment in root.iterchildren(W_COMMENT):
            lines = [
                " ".join(paragraph_text(item.element, self.view).split())
                for item in iter_story(comment)
            ]
            text = "\n".join(line for line in lines if line)
            if not text.lower().startswith("policylint-"):
                continue
            text = "policylint-" + text[len("policylint-") :]
            cid = comment.get(W_ID, "")
            first = starts.get(cid, refs.get(cid))
            if first is None:
                directives.append(Directive(text=text))
                continue
            last = ends.get(cid, refs.get(cid, first))
            last = max(last, first)
            targets = [b for b in self.para_blocks[first : last + 1] if b is not None]
            if not targets:
                following = (b for b in self.para_blocks[last + 1 :] if b is not None)
                nxt = next(following, None)
                targets = [nxt] if nxt is not None else []
            if targets:
                directives.extend(Directive(text=text, block=b) for b in targets)
            else:
                directives.append(Directive(text=text))
        return directives


def _related_part(part: Part, reltype_suffix: str) -> Part | None:
    """The part related to ``part`` by a relationship type ending in the suffix,
    without python-docx's habit of creating a default part when there is none."""
    for rel in part.rels.values():
        if not rel.is_external and rel.reltype.endswith(reltype_suffix):
            return rel.target_part
    return None


def _part_root(part: Part | None) -> etree._Element | None:
    """The root element of an XML part. Parts python-docx has no class for (notes)
    hold only bytes; parse them with python-docx's own parser, which does not
    resolve entities or reach the network. Their size was checked before opening."""
    if part is None:
        return None
    element = getattr(part, "element", None)
    if element is not None:
        return element
    return parse_xml(part.blob)


# ----------------------------------------------------------------- zip pre-flight


def _mb(size: float) -> str:
    return f"{size / _MIB:.1f} MB"


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < _MIB:
        return f"{size / 1024:.1f} KB"
    return _mb(size)


def _open_zip(data: bytes) -> zipfile.ZipFile:
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise DocumentError(_PASSWORD_MESSAGE)
        raise DocumentError(
            "this is a legacy Word .doc file (or another pre-2007 Office file), not a .docx; "
            "open it in Word and save it as .docx (File › Save As › Word Document)"
        )
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        if data.startswith(b"PK\x03\x04"):
            raise DocumentError(
                "not a valid .docx (the zip archive is damaged or truncated); "
                "download the file again or re-save it from Word"
            ) from exc
        head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if head.startswith(b"%pdf"):
            raise DocumentError(
                "not a valid .docx (it is a PDF file); rename it to .pdf and lint that"
            ) from exc
        for magic, what in ((b"{\\rtf", "an RTF file"), (b"<", "an HTML or Word XML file")):
            if head.startswith(magic):
                raise DocumentError(
                    f"not a valid .docx (it is {what}); open it in Word and save it as .docx"
                ) from exc
        raise DocumentError(
            "not a valid .docx (not a zip archive); check that the file is a Word "
            "document saved as .docx, not a renamed file"
        ) from exc


def _preflight(zf: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse zip bombs and encrypted members from the central directory alone, before
    any member is decompressed (TECH-NOTES §6)."""
    infos = zf.infolist()
    if len(infos) > limits.max_zip_members:
        raise DocumentError(
            f"the .docx holds {len(infos)} files, over the limit of {limits.max_zip_members}; "
            "this is not a normal Word document (re-save it from Word if it is genuine)"
        )
    total = 0
    for info in infos:
        name = info.filename
        if info.flag_bits & 0x1:
            raise DocumentError(
                "the .docx zip archive is encrypted; save an unencrypted copy from Word "
                "and try again"
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise DocumentError(
                f"the .docx part {name} uses a compression method Word does not write; "
                "re-save the file from Word"
            )
        size = info.file_size
        ratio_limit = limits.max_compression_ratio
        if (
            ratio_limit is not None
            and size > _MIB
            and size / max(info.compress_size, 1) > ratio_limit
        ):
            ratio = size / max(info.compress_size, 1)
            raise DocumentError(
                f"the .docx part {name} expands {ratio:.0f}:1 to {_mb(size)}, which looks "
                "like a zip bomb; if the file is genuine, re-save it from Word"
            )
        if size > limits.max_member_size:
            raise DocumentError(
                f"the .docx part {name} would expand to {_mb(size)}, over the "
                f"{_mb(limits.max_member_size)} limit; split the document or shrink its images"
            )
        if _is_xml(name) and size > limits.max_xml_part_size:
            raise DocumentError(
                f"the .docx part {name} is {_mb(size)} of XML, over the "
                f"{_mb(limits.max_xml_part_size)} limit; split the document into smaller files"
            )
        total += size
    if total > limits.max_total_uncompressed:
        raise DocumentError(
            f"the .docx would expand to {_mb(total)} in total, over the "
            f"{_mb(limits.max_total_uncompressed)} limit; split the document or shrink its images"
        )


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


# ------------------------------------------------------------- a verified package

_CHUNK = 64 * 1024
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
#: parses relationship and content-type parts: no entities, no network, no huge nodes
_SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
)


class _Budget:
    """Bytes actually inflated so far, against the limit for the whole package."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def take(self, n: int, name: str) -> None:
        self.used += n
        if self.used > self.limit:
            raise DocumentError(
                f"the .docx expands beyond {_mb(self.limit)} in total (stopped at "
                f"{name}); the file is damaged or a zip bomb (re-save it from Word if it "
                "is genuine)"
            )


def _inflate(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, budget: _Budget
) -> Iterator[bytes]:
    """The bytes of one member, inflated by us in chunks from its raw compressed data,
    whatever its headers declare: each chunk is counted against the member's ``cap``
    and the package ``budget`` before the next is made, so a member that inflates to
    a gigabyte stops at the cap having held a few kilobytes at a time. A member whose
    real size or CRC differs from what its headers say is refused as well."""
    raw_info = copy.copy(info)
    raw_info.compress_type = zipfile.ZIP_STORED
    raw_info.file_size = info.compress_size
    raw_info.CRC = None  # type: ignore[assignment]  # the CRC is checked on what we inflate
    name = info.filename
    size = 0
    crc = 0

    def count(out: bytes) -> None:
        nonlocal size, crc
        size += len(out)
        if size > info.file_size:
            raise DocumentError(
                f"the .docx part {name} inflates to more than the {_size(info.file_size)} "
                "it declares; the file is damaged or a zip bomb (re-save it from Word if it "
                "is genuine)"
            )
        if size > cap:
            raise DocumentError(
                f"the .docx part {name} expands beyond {_mb(cap)} although it declares "
                f"{_mb(info.file_size)}; the file is damaged or a zip bomb (re-save it "
                "from Word if it is genuine)"
            )
        budget.take(len(out), name)
        crc = zlib.crc32(out, crc)

    with zf.open(raw_info) as raw:
        if info.compress_type == zipfile.ZIP_STORED:
            while chunk := raw.read(_CHUNK):
                count(chunk)
                yield chunk
        else:
            inflater = zlib.decompressobj(-15)
            while not inflater.eof and (chunk := raw.read(_CHUNK)):
                pending = chunk
                while pending and not inflater.eof:
                    out = inflater.decompress(pending, _CHUNK)
                    pending = inflater.unconsumed_tail
                    if out:
                        count(out)
                        yield out
            if not inflater.eof:
                raise DocumentError(_damaged(EOFError(f"{name} is truncated")))
    if size != info.file_size:
        raise DocumentError(
            f"the .docx part {name} inflates to {size:,} bytes but declares "
            f"{info.file_size:,}; the file is damaged or a zip bomb (re-save it from Word "
            "if it is genuine)"
        )
    if crc != info.CRC:
        raise DocumentError(_damaged(zipfile.BadZipFile(f"Bad CRC-32 for file {name!r}")))


def _xml_root(data: bytes, name: str) -> etree._Element:
    try:
        return etree.fromstring(data, _SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        raise DocumentError(_damaged(ValueError(f"{name}: {exc}"))) from None


class _ContentTypes:
    """Which members hold XML, from ``[Content_Types].xml`` (python-docx parses a
    part by its content type, whatever its name)."""

    def __init__(self, root: etree._Element | None) -> None:
        self.defaults: dict[str, str] = {}
        self.overrides: dict[str, str] = {}
        if root is None:
            return
        for el in root:
            if el.tag == _TYPES_NS + "Default":
                self.defaults[(el.get("Extension") or "").lower()] = el.get("ContentType", "")
            elif el.tag == _TYPES_NS + "Override":
                self.overrides[(el.get("PartName") or "").lower()] = el.get("ContentType", "")

    def is_xml(self, member: str) -> bool:
        if _is_xml(member):
            return True
        ct = self.overrides.get("/" + member.lower())
        if ct is None:
            ct = self.defaults.get(posixpath.splitext(member)[1].lstrip(".").lower(), "")
        return ct.endswith("xml")


def _rels_member(member: str) -> str:
    folder, base = posixpath.split(member)
    return posixpath.join(folder, "_rels", base + ".rels")


def _targets(rels: etree._Element, source: str) -> Iterator[str]:
    """Member names of the internal targets of a relationships part; ``source`` is
    the member the relationships belong to ("" for the package), as python-docx
    resolves them."""
    base = posixpath.dirname(source)
    for rel in rels.iter(_RELS_NS + "Relationship"):
        if (rel.get("TargetMode") or "").lower() == "external":
            continue
        target = rel.get("Target") or ""
        if not target or "://" in target:
            continue
        path = target if target.startswith("/") else posixpath.join("/", base, target)
        member = posixpath.normpath(path).lstrip("/")
        if member and not member.startswith(".."):
            yield member


def safe_package(data: bytes, limits: Limits, *, binaries: bool = False) -> bytes:
    """A copy of the .docx ``data`` that python-docx can open without risk.

    python-docx inflates every part it reads in one call (``ZipFile.read``), which
    for a member that lies about its size means holding all of it in memory at once.
    So the parts are inflated here instead, by :func:`_inflate`, each against its own
    cap (XML parts ``max_xml_part_size``, others ``max_member_size``) and the running
    total ``max_total_uncompressed``, and written uncompressed into a new package.
    Only parts reachable through relationships are copied (python-docx reads nothing
    else); with ``binaries=False`` (reading) images and other non-XML parts are left
    empty, since only text is read; annotate passes ``binaries=True`` to keep them.
    Raises :class:`DocumentError` at the first problem."""
    zf = _open_zip(data)
    try:
        with zf:
            _preflight(zf, limits)
            return _Repackager(zf, limits, binaries).run()
    except DocumentError:
        raise
    except Exception as exc:  # a broken member, header or table
        raise DocumentError(_damaged(exc)) from exc


class _Repackager:
    def __init__(self, zf: zipfile.ZipFile, limits: Limits, binaries: bool) -> None:
        self.zf = zf
        self.limits = limits
        self.binaries = binaries
        self.infos = {info.filename: info for info in zf.infolist()}  # the last one wins
        self.budget = _Budget(limits.max_total_uncompressed)
        self.out = io.BytesIO()
        self.dst = zipfile.ZipFile(self.out, "w", zipfile.ZIP_STORED)
        self.done: set[str] = set()

    def _entry(self, member: str) -> zipfile.ZipInfo:
        self.done.add(member)
        return zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0))

    def _xml(self, member: str) -> bytes | None:
        info = self.infos.get(member)
        if info is None:
            return None
        data = b"".join(_inflate(self.zf, info, self.limits.max_xml_part_size, self.budget))
        self.dst.writestr(self._entry(member), data)
        return data

    def _copy(self, member: str, cap: int) -> None:
        info = self.infos[member]
        with self.dst.open(self._entry(member), "w") as out:
            for chunk in _inflate(self.zf, info, cap, self.budget):
                out.write(chunk)

    def run(self) -> bytes:
        try:
            self._run()
        finally:
            with contextlib.suppress(Exception):
                self.dst.close()
        return self.out.getvalue()

    def _run(self) -> None:
        types_data = self._xml("[Content_Types].xml")
        types = _ContentTypes(
            _xml_root(types_data, "[Content_Types].xml") if types_data is not None else None
        )
        package_rels = self._xml("_rels/.rels") or b""
        _check_word_package(set(self.infos), package_rels)
        queue: list[tuple[str, bytes]] = [("", package_rels)]
        while queue:
            source, rels_data = queue.pop()
            if not rels_data:
                continue
            rels = _xml_root(rels_data, _rels_member(source) if source else "_rels/.rels")
            for member in _targets(rels, source):
                if member in self.done or member not in self.infos:
                    continue
                if types.is_xml(member):
                    self._copy(member, self.limits.max_xml_part_size)
                elif self.binaries:
                    self._copy(member, self.limits.max_member_size)
                else:
                    self.dst.writestr(self._entry(member), b"")  # only text is read
                rels_name = _rels_member(member)
                if rels_name in self.infos and rels_name not in self.done:
                    queue.append((member, self._xml(rels_name) or b""))


_OFFICE_DOCUMENT = re.compile(
    rb"<(?:\w+:)?Relationship\b[^>]*?Type=[\"'][^\"']*/officeDocument[\"'][^>]*>", re.S
)
_TARGET = re.compile(rb"Target=[\"']([^\"']*)[\"']")


def _check_word_package(names: set[str], rels: bytes) -> None:
    """Fail early, with a message people understand, on zips that are not Word files."""
    if b"purl.oclc.org/ooxml/officeDocument" in rels:
        raise DocumentError(
            "the document is saved as Strict Open XML, which policylint cannot read; "
            "save it from Word as a normal Word Document (.docx)"
        )
    main = "word/document.xml"
    found = _OFFICE_DOCUMENT.search(rels)
    if found:
        target = _TARGET.search(found.group(0))
        if target:
            main = target.group(1).decode("utf-8", "replace").lstrip("/")
    if "[Content_Types].xml" in names and main in names:
        return
    if "xl/workbook.xml" in names:
        what = "an Excel workbook"
    elif "ppt/presentation.xml" in names:
        what = "a PowerPoint presentation"
    elif "content.xml" in names and "mimetype" in names:
        what = "an OpenDocument file"
    else:
        what = "a zip archive without word/document.xml"
    raise DocumentError(
        f"not a Word document ({what}); open it in its application and save or export it as .docx"
    )


def _open_document(data: bytes) -> DocxDocument:
    # ``data`` comes from safe_package: every part python-docx reads is stored
    # uncompressed in it and was inflated under the caps already.
    try:
        return docx.Document(io.BytesIO(data))
    except ValueError as exc:
        if "is not a Word file" in str(exc):
            what = str(exc).rsplit("content type is", 1)[-1].strip(" '")
            if "macroEnabled" in what:
                hint = "it is a macro-enabled .docm file; save it from Word as .docx"
            elif "template" in what:
                hint = "it is a Word template (.dotx); save it from Word as a .docx document"
            else:
                hint = "save it from Word as a .docx document"
            raise DocumentError(f"not a Word document ({what}); {hint}") from exc
        raise DocumentError(_damaged(exc)) from exc
    except Exception as exc:  # the contract: nothing but DocumentError for bad bytes
        raise DocumentError(_damaged(exc)) from exc


def _damaged(exc: BaseException) -> str:
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    detail = re.sub(r" \(<string>, line \d+\)$", "", detail)[:120]
    return f"the .docx is damaged ({detail}); open it in Word, save it again and retry"


# ------------------------------------------------------------------------- entry


def read(data: bytes, path: str, limits: Limits, view: View = "final") -> Document:
    """Read a .docx held in memory into a :class:`Document` (format ``"docx"``).

    ``view`` picks the tracked-changes view: ``"final"`` (what Word shows once all
    changes are accepted) or ``"original"`` (before any change). Raises
    :class:`DocumentError` with a one-line message for every bad input.
    """
    if view not in _DROPPED:
        raise ValueError(f"view must be 'final' or 'original', not {view!r}")
    package = safe_package(data, limits)
    document = _open_document(package)
    try:
        return _Reader(document, path, view).read()
    except DocumentError:
        raise
    except RecursionError as exc:
        raise DocumentError(
            "the .docx nests tables or text boxes too deeply to read; simplify the layout"
        ) from exc
    except Exception as exc:  # the contract: nothing but DocumentError for bad bytes
        raise DocumentError(_damaged(exc)) from exc
