"""The .pdf reader: pypdf text extraction turned into headings, paragraphs and list items.

PDF has no paragraphs, only positioned runs of glyphs, so this reader rebuilds them.
pypdf's plain extraction (``page.extract_text``) gives the page text line by line in
content-stream order, which is the reading order of Word and LibreOffice exports; its
``visitor_text`` callback also reports, for every run of text, the position, the font
and the size. From those this reader decides, line by line:

* **Running headers and footers** are dropped: among the first and last three lines
  of each page, a line that recurs at the same height on at least half the pages
  (rounded down, and at least two), either word for word or with a number that
  follows the page number ("Page 3 of 9", "Page 4 of 9"). A heading that opens several
  pages ("Week 3", "Week 4") is kept: its number does not track the page and it is set
  larger than body text. Text repeated in the body of a page is never dropped, and a
  one-page document keeps everything.
* **Headings**: a line set clearly larger than the body text (the size most text is
  set in), or entirely in bold and starting a block; without font help, a short
  title-case line numbered like "3. Attendance Policy", "2.1 Scope" or "Section 4",
  or a short ALL CAPS line. Heading levels come from the font size (bigger is
  higher), then bold, then the numbering depth. The single largest heading, when it
  comes first on page 1, is the document title: a level-1 heading block that becomes
  :attr:`Document.title` and is *not* part of the section path of the blocks below
  it (paths would otherwise all start with the same long course name). A bold run of
  more than two lines, or a bold sentence, is a paragraph.
* **List items** start with a bullet ("•", "▪", "-", "*", a Symbol-font glyph, ...)
  or a label such as "1.", "a)", "(iv)"; the label is kept in :attr:`Block.label`
  (unmapped bullet glyphs become "•"). A bullet that pypdf puts on a line of its own
  labels the line beside it. Short numbered title-case lines next to a sibling
  ("1. Informed Consent", "2. Treatment Plan") are a list, not headings. A number
  that merely wraps to the start of a line ("... for term" + "14. Questions") is not
  a label.
* **Paragraphs**: wrapped lines are joined with a space. A paragraph ends at a
  vertical gap clearly larger than the usual line pitch, a move up the page (a new
  column), a blank line, a heading, a list label, an indented first line, or after a
  line that ends a sentence and is clearly shorter than the usual line. A list item
  also ends at a line that starts left of its bullet. A paragraph continues across a
  page break unless the text says otherwise (the last line ends a short sentence, or
  the next page starts with a heading or a label).
* **Hyphenation** at a line end is undone ("docu-" + "mentation"), except when the
  next line starts with a capital or a digit, the part before the hyphen is a number
  or already hyphenated, or it is a common compound head such as "self", "well",
  "non", "pre", "post", "co", "part", "full", "on", "follow" (:data:`KEEP_HYPHEN_AFTER`);
  kept hyphens, dashes and slashes at a line end join without a space. "re" and "in"
  are deliberately not compound heads: hyphenation splits "re-quired" and
  "in-formation" far more often than "re-" and "in-" start a compound.
* Glyphs without a Unicode mapping (``■``, ``\ufffd``, ``(cid:12)``, private-use
  code points, control characters, soft hyphens) are dropped; one that starts a line
  is a bullet; ligatures (``ﬁ``) are expanded.

Positions (see :mod:`policylint.documents.model`): ``page`` is the 1-based physical
page index (not the printed label), ``line`` is the 1-based line number within the
page's text as pypdf's ``page.extract_text()`` returns it, counted *before* running
headers and footers are removed (so a number is stable whatever is dropped), and
``column`` is the 1-based character within that extracted line.

Not handled: multi-column pages whose columns the producer draws out of reading order
(pypdf keeps content-stream order), footnotes (they read as small paragraphs at the
foot of the page, and a paragraph running on past them is split), tables (each row
reads as a line of a paragraph), partly scanned documents (pages without text are
silently empty).

Every failure is a :class:`DocumentError` (not a PDF, truncated, password-protected,
no extractable text, too many pages, a page that pypdf cannot read). pypdf's own log
warnings about damaged files are silenced while reading.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import logging
import re
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .builder import SectionTracker, TextBuilder
from .model import Block, BlockKind, Document, DocumentError

if TYPE_CHECKING:
    from . import Limits

__all__ = ["KEEP_HYPHEN_AFTER", "read"]

#: words before a line-end hyphen that are kept hyphenated ("self-" + "care")
KEEP_HYPHEN_AFTER = frozenset(
    (  # noqa: SIM905
        "self well non pre post co full part ill half cross multi anti ex all on off follow "
        "check sign drop log after back face case time day week month year one two three "
        "four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty "
        "seventy eighty ninety hundred first second third long short high low mid out up step"
    ).split()
)

#: the first and last this many non-blank lines of a page may be running headers/footers
_RUNNING_ZONE = 3
#: a running header/footer sits at the same height (points) on the pages it repeats on
_RUNNING_HEIGHT_TOLERANCE = 3.0

# --- glyph clean-up -------------------------------------------------------------

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
#: glyphs with no usable text: pypdf's and pdfminer's placeholders, private-use code
#: points (Symbol/Wingdings bullets), controls and C1 controls, soft hyphens
_SPECIAL = re.compile(
    r"\(cid:\d+\)|[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u25a0\ufffd\ue000-\uf8ff\ufb00-\ufb06]"
)
#: an unmapped glyph (or a WinAnsi 0x7F, which PDF viewers show as a bullet) that
#: starts a line and is followed by a space is a bullet
_JUNK_BULLET = re.compile(r"^(\s*)(\(cid:\d+\)|[\x7f\x95\u25a0\ufffd\ue000-\uf8ff])(?=\s|$)")

# --- line classification --------------------------------------------------------

_GLYPH_BULLET = re.compile(r"^[•◦▪▫●○■□►▸‣⁃∙·]")
_BULLET = re.compile(r"^[•◦▪▫●○■□►▸‣⁃∙·*–\-](?=\s+\S)|^o(?=\s+[A-Z])")
_LIST_NUMBER = re.compile(
    r"^(?:\((?:\d{1,3}|[a-zA-Z]|[ivxlcdmIVXLCDM]{1,6})\)"
    r"|(?:\d{1,3}|[a-zA-Z]|[ivxlcdmIVXLCDM]{1,6})[.)])(?=\s+\S)"
)
#: a line that is nothing but a list label (some producers put the bullet on a line
#: of its own, at the height of the item text)
_LABEL_ONLY = re.compile(r"[•◦▪▫●○■□►▸‣⁃∙·*–\-]|\(?(?:\d{1,3}|[a-zA-Z]|[ivxlcdmIVXLCDM]{1,6})[.)]")
_SECTION_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?(?=\s+\S)")
_SECTION_WORD = re.compile(
    r"^(?i:section|article|part|chapter|unit|module|appendix)\s+(?:\d{1,3}|[IVXLC]{1,6}|[A-Z])"
    r"\b[.:]?(?=\s+\S|$)"
)
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
_SMALL_WORDS = frozenset(
    "a an the and or nor of for to in on at by with from as vs per via into onto & + - –".split()  # noqa: SIM905
)
_ROMAN = re.compile(r"^[ivxlcdm]+$", re.IGNORECASE)
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


@dataclass(slots=True)
class _Line:
    """One line of a page's extracted text."""

    page: int  # 1-based page index
    number: int  # 1-based line number within the page's extracted text
    raw: str
    #: (text, index in ``raw``) runs after glyph clean-up, whitespace-trimmed
    pieces: list[tuple[str, int]]
    clean: str  # "".join of the pieces' text
    v: float | None = None  # vertical position (bigger is higher on the page)
    h: float | None = None  # horizontal start
    size: float | None = None  # dominant effective font size
    bold: bool = False
    running: bool = False  # a running header/footer
    width: float = 0.0  # the page's width in points (0 when unknown)


@dataclass(slots=True)
class _Raw:
    """A block being assembled: its lines and what kind of block they form."""

    kind: str  # "heading" | "paragraph" | "item"
    lines: list[_Line]
    label: str | None = None
    label_end: int = 0  # offset in lines[0].clean where the text after the label starts
    rank: int = 0
    depth: int = 1  # heading numbering depth
    number: str | None = None  # numbering of a numbered heading ("3", "2.1", "B")
    style: tuple[float, bool] | None = None  # (size, bold) of a font-styled heading
    by_font: bool = False  # a heading by its font (rank 0: larger, 1: bold body size)


@dataclass(slots=True)
class _Stats:
    """Facts about the whole document that the line decisions are relative to."""

    body_size: float | None
    pitch: float | None
    typical_len: float
    margins: dict[int, float]


# --- entry point ----------------------------------------------------------------


def prepare() -> None:
    """Import pypdf before a file's reading budget starts."""
    with contextlib.suppress(ImportError):  # reported by _open
        import pypdf  # noqa: F401


def read(data: bytes, path: str, limits: Limits) -> Document:
    """Read a PDF held in memory into a :class:`Document` (format ``"pdf"``)."""
    with _quiet_pypdf():
        reader = _open(data)
        pages = _extract_pages(reader, limits)
        meta_title = _metadata_title(reader)
    if not any(line.clean for lines in pages for line in lines):
        raise DocumentError(
            "the PDF has no extractable text (a scanned image?); run OCR on it first "
            "(for example ocrmypdf) and lint the result"
        )
    _mark_running(pages)
    lines = [line for page in pages for line in page if not line.running]
    if not any(line.clean for line in lines):
        raise DocumentError(
            "the PDF has no extractable text apart from its running headers and footers "
            "(a scanned image?); run OCR on it first (for example ocrmypdf) and lint the result"
        )
    stats = _stats(lines)
    raws = _group(lines, stats)
    blocks, title = _emit(raws)
    return Document(path=path, format="pdf", blocks=blocks, title=title or meta_title)


# --- opening and extraction -------------------------------------------------------


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs a warning for every oddity of a damaged file; keep them off stderr."""
    logger = logging.getLogger("pypdf")
    old = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(old)


def _why(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if len(text) > 120:
        text = text[:117] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


_NOT_A_PDF = "not a valid PDF ({}); check that the file really is a PDF, or export it again"


def _open(data: bytes) -> Any:
    if b"%PDF-" not in data[:1024]:
        raise DocumentError(_NOT_A_PDF.format("no %PDF header"))
    if b"%%EOF" not in data.rstrip(b"\x00\t\n\r\f ")[-2048:]:
        raise DocumentError(
            "the PDF is truncated or damaged (no end-of-file marker); download or export it again"
        )
    try:
        from pypdf import PasswordType, PdfReader
        from pypdf.errors import DependencyError
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise DocumentError(
            "reading .pdf files needs pypdf; install it with: pip install 'pypdf[crypto]'"
        ) from None
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:
        raise DocumentError(_NOT_A_PDF.format(_why(exc))) from None
    try:
        encrypted = reader.is_encrypted
    except Exception as exc:
        raise DocumentError(_NOT_A_PDF.format(_why(exc))) from None
    if encrypted:
        # pypdf has already tried the empty user password, which opens files that only
        # have an owner password (restricting printing or copying); try it explicitly in
        # case it did not
        try:
            decrypted = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except DependencyError:
            raise DocumentError(
                "the PDF is encrypted with AES and the 'cryptography' package is missing; "
                "install it with: pip install 'pypdf[crypto]'"
            ) from None
        except Exception as exc:
            raise DocumentError(
                f"the PDF is encrypted in a way that cannot be read ({_why(exc)}); "
                "save an unencrypted copy and lint that"
            ) from None
        if not decrypted:
            raise DocumentError(
                "the PDF is password-protected; open it with the password and save or "
                "print an unprotected copy, then lint that"
            )
    return reader


def _extract_pages(reader: Any, limits: Limits) -> list[list[_Line]]:
    try:
        count = len(reader.pages)
    except Exception as exc:
        raise DocumentError(_NOT_A_PDF.format(f"cannot read its page tree: {_why(exc)}")) from None
    if count == 0:
        raise DocumentError("the PDF has no pages; export it again")
    if count > limits.max_pdf_pages:
        raise DocumentError(
            f"the PDF has {count} pages, over the limit of {limits.max_pdf_pages}; "
            "split it, or raise the page limit"
        )
    pages: list[list[_Line]] = []
    for index in range(count):
        try:
            pages.append(_page_lines(reader.pages[index], index + 1))
        except DocumentError:
            raise
        except Exception as exc:
            raise DocumentError(
                f"cannot extract the text of page {index + 1} ({_why(exc)}); "
                "the PDF may be damaged: export or print it to PDF again"
            ) from None
    return pages


_BOLD_NAME = re.compile(r"bold|black|heavy|demi|semibd|[-,]bd\b|extrabd", re.IGNORECASE)


def _is_bold(font: Any, cache: dict[int, bool]) -> bool:
    if font is None:
        return False
    key = id(font)
    if key in cache:
        return cache[key]
    bold = False
    try:
        name = str(font.get("/BaseFont", ""))
        bold = bool(_BOLD_NAME.search(name))
        if not bold:
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            if descriptor is not None:
                descriptor = descriptor.get_object()
                weight = descriptor.get("/FontWeight")
                flags = int(descriptor.get("/Flags", 0))
                bold = (weight is not None and float(weight) >= 600) or bool(flags & (1 << 18))
    except Exception:
        bold = False
    cache[key] = bold
    return bold


class _LineCollector:
    """Collects pypdf's ``visitor_text`` runs into lines with position and font facts."""

    def __init__(self) -> None:
        self.runs: list[str] = []
        #: per line: {(size, bold): chars}, (v, h) of first run, (v, chars) of biggest run
        self.lines: list[tuple[Counter[tuple[float, bool]], tuple[float, float] | None]] = []
        self._sizes: Counter[tuple[float, bool]] = Counter()
        self._start: tuple[float, float] | None = None
        self._best: tuple[int, float] = (0, 0.0)
        self._bold_cache: dict[int, bool] = {}

    def visit(self, text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if not text:
            return
        self.runs.append(text)
        try:
            # the run's text-space origin and axes in page space (tm x cm)
            a = tm[0] * cm[0] + tm[1] * cm[2]
            b = tm[0] * cm[1] + tm[1] * cm[3]
            c = tm[2] * cm[0] + tm[3] * cm[2]
            d = tm[2] * cm[1] + tm[3] * cm[3]
            e = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            f = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            up = (c * c + d * d) ** 0.5
            across = (a * a + b * b) ** 0.5
            v = (e * c + f * d) / up if up else f
            h = (e * a + f * b) / across if across else e
            eff = round(abs(float(size)) * (up or 1.0), 1)
        except Exception:
            v = h = None
            eff = 0.0
        bold = _is_bold(font, self._bold_cache)
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i:
                self._end_line()
            chars = len(part) - part.count(" ")
            if chars and v is not None and h is not None:
                if self._start is None:
                    self._start = (v, h)
                if chars > self._best[0]:
                    self._best = (chars, v)
                self._sizes[(eff, bold)] += chars

    def _end_line(self) -> None:
        pos = None
        if self._start is not None:
            pos = (self._best[1], self._start[1])
        self.lines.append((self._sizes, pos))
        self._sizes = Counter()
        self._start = None
        self._best = (0, 0.0)

    def finish(self) -> None:
        self._end_line()


def _page_lines(page: Any, page_no: int) -> list[_Line]:
    collector = _LineCollector()
    text = page.extract_text(visitor_text=collector.visit)
    collector.finish()
    raw_lines = text.split("\n")
    if text.endswith("\n"):
        raw_lines.pop()
    try:
        width = abs(float(page.mediabox.width))
    except Exception:
        width = 0.0
    # the runs reported to the visitor add up to the returned text; if a pypdf version
    # ever differs, use the text alone (no font or position facts)
    facts = collector.lines if "".join(collector.runs) == text else None
    out: list[_Line] = []
    for i, raw in enumerate(raw_lines):
        pieces = _pieces(raw)
        line = _Line(page_no, i + 1, raw, pieces, "".join(p for p, _ in pieces), width=width)
        if facts is not None and i < len(facts):
            sizes, pos = facts[i]
            if pos is not None and sizes:
                line.v, line.h = pos
                by_size: Counter[float] = Counter()
                bold_chars = 0
                for (size, bold), n in sizes.items():
                    by_size[size] += n
                    if bold:
                        bold_chars += n
                line.size = by_size.most_common(1)[0][0] or None
                line.bold = bold_chars >= 0.8 * sum(by_size.values())
        out.append(line)
    return out


def _pieces(raw: str) -> list[tuple[str, int]]:
    """Runs of ``raw`` with unusable glyphs dropped and ligatures expanded, each with
    its index in ``raw``; leading and trailing whitespace trimmed."""
    pieces: list[tuple[str, int]] = []
    start = 0
    m = _JUNK_BULLET.match(raw)
    if m:
        pieces.append(("•", m.start(2)))
        start = m.end(2)
    for m in _SPECIAL.finditer(raw, start):
        if m.start() > start:
            pieces.append((raw[start : m.start()], start))
        glyph = m.group()
        if glyph in _LIGATURES:
            pieces.append((_LIGATURES[glyph], m.start()))
        start = m.end()
    if start < len(raw):
        pieces.append((raw[start:], start))
    return _strip_pieces(pieces)


def _strip_pieces(pieces: list[tuple[str, int]]) -> list[tuple[str, int]]:
    out = [p for p in pieces if p[0]]
    while out and not out[0][0].strip():
        out.pop(0)
    while out and not out[-1][0].strip():
        out.pop()
    if out:
        text, start = out[0]
        stripped = text.lstrip()
        out[0] = (stripped, start + len(text) - len(stripped))
        text, start = out[-1]
        out[-1] = (text.rstrip(), start)
    return out


def _slice_pieces(
    pieces: list[tuple[str, int]], begin: int, end: int | None = None
) -> list[tuple[str, int]]:
    """The pieces covering ``clean[begin:end]`` (offsets into the joined clean text)."""
    out: list[tuple[str, int]] = []
    pos = 0
    for text, start in pieces:
        lo, hi = pos, pos + len(text)
        pos = hi
        a = max(begin, lo)
        b = hi if end is None else min(end, hi)
        if a >= b:
            continue
        out.append((text[a - lo : b - lo], start + (a - lo)))
    return out


def _metadata_title(reader: Any) -> str | None:
    try:
        meta = reader.metadata
        title = str(meta.title).strip() if meta is not None and meta.title else ""
    except Exception:
        return None
    title = re.sub(r"^Microsoft (?:Word|PowerPoint) - ", "", title)
    title = re.sub(r"\.(?:docx?|odt|rtf|pages)$", "", title, flags=re.IGNORECASE).strip()
    if not title or title.lower() in {"untitled", "title", "document"}:
        return None
    return title


# --- running headers and footers -------------------------------------------------


def _page_numbers(line: _Line) -> list[int]:
    """The numbers in a line (a bare roman numeral counts, as in "iv")."""
    numbers = [int(n) for n in re.findall(r"\d+", line.clean)]
    if not numbers and _ROMAN.match(line.clean):
        ordinal = _label_ordinal(line.clean)
        if ordinal is not None:
            numbers = [ordinal[1]]
    return numbers


def _mark_running(pages: list[list[_Line]]) -> None:
    """Mark running headers and footers: lines among the first and last few of a page
    that recur at the same height on at least half the pages (and at least two), either
    word for word or with a number that follows the page number ("Page 3 of 9").
    A heading that happens to open several pages ("Week 3", "Week 4") is neither: its
    number does not track the page, and it is set larger than a running line."""
    if len(pages) < 2:
        return
    threshold = max(2, len(pages) // 2)
    sizes = Counter(round(line.size) for lines in pages for line in lines if line.size)
    body = sizes.most_common(1)[0][0] if sizes else None
    exact: dict[str, list[_Line]] = {}
    numbered: dict[str, list[_Line]] = {}
    for lines in pages:
        content = [line for line in lines if line.clean]
        zone = content[:_RUNNING_ZONE] + content[_RUNNING_ZONE:][-_RUNNING_ZONE:]
        for line in zone:
            if body is not None and line.size and line.size > body * 1.15 + 0.5:
                continue
            key = " ".join(line.clean.lower().split())
            exact.setdefault(key, []).append(line)
            if _page_numbers(line):
                shape = re.sub(r"\d+", "#", key)
                numbered.setdefault("#" if _ROMAN.match(shape) else shape, []).append(line)
    for occurrences in exact.values():
        _mark_if_running(occurrences, threshold)
    for occurrences in numbered.values():
        if len(occurrences) < threshold:
            continue
        numbers = [_page_numbers(line) for line in occurrences]
        for position in range(min(len(n) for n in numbers)):
            offsets = Counter(
                n[position] - line.page for n, line in zip(numbers, occurrences, strict=True)
            )
            offset = offsets.most_common(1)[0][0]
            tracking = [
                line
                for n, line in zip(numbers, occurrences, strict=True)
                if n[position] - line.page == offset
            ]
            if _mark_if_running(tracking, threshold):
                break


def _mark_if_running(occurrences: list[_Line], threshold: int) -> bool:
    """Mark the occurrences at a common height if they are on enough pages."""
    if len({line.page for line in occurrences}) < threshold:
        return False
    heights = [line.v for line in occurrences if line.v is not None]
    if len(heights) == len(occurrences):
        common = Counter(round(v / 2) for v in heights).most_common(1)[0][0] * 2
        occurrences = [
            line
            for line in occurrences
            if line.v is not None and abs(line.v - common) <= _RUNNING_HEIGHT_TOLERANCE
        ]
        if len({line.page for line in occurrences}) < threshold:
            return False
    for line in occurrences:
        line.running = True
    return True


# --- statistics ------------------------------------------------------------------


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _stats(lines: list[_Line]) -> _Stats:
    """Body font size, line pitch, usual line length and left margin per page."""
    # the body size is the size most text is set in, not counting the top and bottom
    # line of each page (a one-page document's header and footer can outweigh its body)
    edges: set[int] = set()
    by_page: dict[int, list[_Line]] = {}
    for line in lines:
        if line.clean and line.v is not None:
            by_page.setdefault(line.page, []).append(line)
    for page_lines in by_page.values():
        if len(page_lines) >= 3:
            edges.add(id(max(page_lines, key=lambda x: x.v or 0.0)))
            edges.add(id(min(page_lines, key=lambda x: x.v or 0.0)))
    weights: Counter[float] = Counter()
    for line in lines:
        if line.size and id(line) not in edges:
            weights[round(line.size * 2) / 2] += len(line.clean)
    body = weights.most_common(1)[0][0] if weights else None
    body_lines = [
        line
        for line in lines
        if line.clean and (body is None or (line.size and abs(line.size - body) <= 0.5))
    ]
    margins: dict[int, float] = {}
    starts: dict[int, Counter[float]] = {}
    for line in body_lines:
        if line.h is not None:
            starts.setdefault(line.page, Counter())[round(line.h)] += 1
    for page, counter in starts.items():
        margins[page] = counter.most_common(1)[0][0]
    lengths = [float(len(line.clean)) for line in body_lines if not line.bold]
    typical = _percentile(lengths, 0.8) if lengths else 60.0
    if len(lengths) < 15 and body:
        # too few lines to tell: estimate what fits between symmetric margins
        # (an average glyph is about half an em wide)
        line = body_lines[0]
        margin = margins.get(line.page)
        if line.width and margin is not None and 0 <= margin < line.width / 2:
            typical = max(typical, (line.width - 2 * margin) / (0.5 * body))
    pitch = None
    if body is not None:
        gaps = []
        for prev, line in itertools.pairwise(body_lines):
            if prev.page == line.page and prev.v is not None and line.v is not None:
                dv = prev.v - line.v
                if 0.5 * body < dv < 3 * body:
                    gaps.append(dv)
        pitch = _percentile(gaps, 0.25) if len(gaps) >= 3 else 1.2 * body
    return _Stats(body, pitch, typical, margins)


# --- grouping lines into blocks --------------------------------------------------


def _heading_rank(line: _Line, stats: _Stats) -> tuple[str, float] | None:
    """``("large", size)`` or ``("bold", size)`` for a line styled as a heading."""
    if stats.body_size is None or not line.size:
        return None
    body = stats.body_size
    if line.size >= body + max(0.8, 0.08 * body):
        return ("large", line.size)
    if line.bold and abs(line.size - body) < max(0.8, 0.08 * body):
        return ("bold", line.size)
    return None


def _titleish(words: list[str]) -> bool:
    significant = [
        w for w in words if w.lower() not in _SMALL_WORDS and any(c.isalpha() for c in w)
    ]
    if not significant:
        return False
    upper = sum(1 for w in significant if w.lstrip("(\"'“‘")[:1].isupper())
    return upper >= 0.7 * len(significant)


def _section_number(text: str) -> tuple[str, int] | None:
    """The numbering of a heading-like label ("2.1", "3", "IV", "B") and its length."""
    m = _SECTION_NUMBER.match(text) or _SECTION_WORD.match(text)
    if m:
        return m.group().rstrip(".:"), m.end()
    m = _LIST_NUMBER.match(text)
    if m and not m.group().startswith("("):
        return m.group()[:-1], m.end()
    return None


def _text_heading(line: _Line, stats: _Stats) -> tuple[str | None, int] | None:
    """A short numbered title-case line or a short ALL CAPS line: (numbering, end)."""
    text = line.clean
    if len(text) > 80 or len(text) > 0.75 * stats.typical_len or text.endswith((".", ",", ";")):
        return None
    words = text.split()
    if len(words) > 10:
        return None
    number = _section_number(text)
    if number is not None:
        rest = text[number[1] :].split()
        if rest and not text.endswith(":") and _titleish(rest):
            return number
        return None
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters) and len(words) <= 8:
        return (None, 0)
    return None


def _list_label(text: str) -> tuple[str, int] | None:
    """The list label at the start of ``text`` and where the item text starts."""
    m = _BULLET.match(text) or _LIST_NUMBER.match(text)
    if not m:
        return None
    end = m.end()
    while end < len(text) and text[end].isspace():
        end += 1
    return m.group(), end


def _label_ordinal(label: str) -> tuple[str, int] | None:
    core = label.strip("().")
    if core.isdigit():
        return ("digit", int(core))
    if len(core) == 1 and core.isalpha():
        return ("upper" if core.isupper() else "lower", ord(core.lower()) - 96)
    if _ROMAN.match(core):
        total = 0
        values = [_ROMAN_VALUES[c] for c in core.lower()]
        for i, value in enumerate(values):
            total += -value if i + 1 < len(values) and values[i + 1] > value else value
        return ("roman", total)
    return None


def _gap_between(prev: _Line, line: _Line, stats: _Stats) -> bool:
    """Whether the vertical move from ``prev`` to ``line`` (same page) breaks a block."""
    if prev.v is None or line.v is None or not stats.body_size or not stats.pitch:
        return False
    dv = prev.v - line.v
    size = max(prev.size or stats.body_size, line.size or stats.body_size)
    if dv <= 0.3 * size:  # moved up or sideways: a new column, a table cell, a text box
        return True
    expected = stats.pitch * size / stats.body_size
    return dv > expected * 1.3 + 0.5


def _ends_short_sentence(line: _Line, stats: _Stats) -> bool:
    return bool(_SENTENCE_END.search(line.clean)) and len(line.clean) < 0.7 * stats.typical_len


def _indented(prev: _Line, line: _Line, stats: _Stats) -> bool:
    """A first-line indent: ``prev`` starts at the margin, ``line`` clearly right of it."""
    if prev.h is None or line.h is None:
        return False
    prev_margin = stats.margins.get(prev.page)
    margin = stats.margins.get(line.page)
    if prev_margin is None or margin is None or abs(prev.h - prev_margin) > 1.5:
        return False
    size = line.size or stats.body_size or 10.0
    return 0.8 * size <= line.h - margin <= 8 * size


def _breaks(prev: _Line | None, line: _Line, cur: _Raw | None, stats: _Stats) -> bool:
    """Whether ``line`` starts a new block rather than continuing ``cur``."""
    if prev is None or cur is None:
        return True
    if prev.page == line.page and _gap_between(prev, line, stats):
        return True
    if _ends_short_sentence(prev, stats):
        return True
    if cur.kind == "item":
        first = cur.lines[0]
        # back left of the bullet: the list has ended
        return first.h is not None and line.h is not None and line.h < first.h - 2
    return cur.kind == "paragraph" and _indented(prev, line, stats)


def _runs_on(prev: _Line, line: _Line, stats: _Stats) -> bool:
    """Whether a line starting with a number or dash label ("14.", "b)", "-") is just
    the wrapped rest of the sentence above: the line above is full, does not end a
    sentence, and this line is not indented from it. (Real bullets always start items.)"""
    if _GLYPH_BULLET.match(line.clean):
        return False
    if _SENTENCE_END.search(prev.clean) or len(prev.clean) < 0.7 * stats.typical_len:
        return False
    return prev.h is None or line.h is None or line.h <= prev.h + 2


def _group(lines: list[_Line], stats: _Stats) -> list[_Raw]:
    raws: list[_Raw] = []
    cur: _Raw | None = None
    prev: _Line | None = None
    pending: _Line | None = None  # a line holding only a list label
    for line in lines:
        text = line.clean
        if not text:
            cur = prev = pending = None  # a blank line
            continue
        if _LABEL_ONLY.fullmatch(text):
            pending = line
            continue
        if pending is not None:
            label_line, pending = pending, None
            if label_line.page == line.page and (
                label_line.v is None
                or line.v is None
                or abs(label_line.v - line.v) <= 0.5 * (line.size or stats.body_size or 10)
            ):
                cur = _Raw("item", [line], label=_normal_label(label_line.clean))
                raws.append(cur)
                prev = line
                continue
            raws.append(_Raw("paragraph", [label_line]))  # a stray "-" or "•": keep it
            cur, prev = None, label_line
        brk = _breaks(prev, line, cur, stats)
        label = _list_label(text)
        if label is not None and not brk and _runs_on(prev, line, stats):  # type: ignore[arg-type]
            label = None  # "... recorded in term" + "14. Questions ...": a wrapped number
        # a bulleted line is a list item even when it is all bold
        styled = None if _BULLET.match(text) else _heading_rank(line, stats)
        if styled is not None:
            kind, size = styled
            standalone = brk or (cur is not None and cur.kind == "heading")
            if kind == "large" or standalone:
                numbering = _section_number(text)
                wrapped = (
                    cur is not None
                    and cur.kind == "heading"
                    and cur.by_font
                    and prev is not None
                    and prev.page == line.page
                    and cur.style == (size, line.bold)
                    and not _gap_between(prev, line, stats)
                    and numbering is None
                )
                if wrapped:
                    cur.lines.append(line)  # type: ignore[union-attr]
                else:
                    cur = _Raw("heading", [line], style=(size, line.bold), by_font=True)
                    cur.rank = 0 if kind == "large" else 1  # refined in _levels
                    if numbering is not None:
                        cur.number = numbering[0]
                    raws.append(cur)
                prev = line
                continue
        heading = _text_heading(line, stats)
        if heading is not None and not brk and not _SENTENCE_END.search(prev.clean):  # type: ignore[union-attr]
            heading = None  # the end of a sentence that runs on from the line above
        if heading is not None and (label is None or heading[0] is not None):
            raws.append(_Raw("heading", [line], number=heading[0]))
            cur, prev = None, line  # a text heading is one line: whatever follows is new
            continue
        if label is not None:
            cur = _Raw("item", [line], label=_normal_label(label[0]), label_end=label[1])
            raws.append(cur)
        elif brk or cur.kind == "heading":  # type: ignore[union-attr]
            cur = _Raw("paragraph", [line])
            raws.append(cur)
        else:
            cur.lines.append(line)  # type: ignore[union-attr]
        prev = line

    if pending is not None:
        raws.append(_Raw("paragraph", [pending]))
    _settle_numbered(raws)
    _settle_bold(raws)
    _settle_depths(raws)
    return raws


def _normal_label(label: str) -> str:
    return (
        "•" if label in {"\x7f", "\x95", "■", "\ufffd"} or "\ue000" <= label <= "\uf8ff" else label
    )


def _settle_numbered(raws: list[_Raw]) -> None:
    """Numbered heading candidates next to a numbered sibling (1., 2., 3.) are a list."""

    def ordinal(raw: _Raw) -> tuple[str, int] | None:
        if raw.kind == "item" and raw.label:
            return _label_ordinal(raw.label)
        # a plain or bold (not larger) heading numbered "3", "B" or "iv", not "2.1"
        plain = not raw.by_font or raw.rank == 1
        if raw.kind == "heading" and raw.number and "." not in raw.number and plain:
            return _label_ordinal(raw.number)
        return None

    ords = [ordinal(raw) for raw in raws]
    for i, raw in enumerate(raws):
        if raw.kind != "heading" or ords[i] is None:
            continue
        kind, value = ords[i]  # type: ignore[misc]
        before = ords[i - 1] if i > 0 else None
        after = ords[i + 1] if i + 1 < len(raws) else None
        if (before is not None and before == (kind, value - 1)) or (
            after is not None and after == (kind, value + 1)
        ):
            label = _list_label(raw.lines[0].clean)
            if label is not None:
                raw.kind = "item"
                raw.label = label[0]
                raw.label_end = label[1]
                raw.by_font = False


def _settle_bold(raws: list[_Raw]) -> None:
    """A run of bold body-size lines that reads like prose is a bold paragraph."""
    for raw in raws:
        if raw.kind != "heading" or not raw.by_font:
            continue
        words = sum(len(line.clean.split()) for line in raw.lines)
        last = raw.lines[-1].clean
        if raw.rank == 1:
            prose = len(raw.lines) > 2 or words > 20 or (last.endswith(".") and words > 6)
        else:
            prose = len(raw.lines) > 4 or words > 40
        if prose:
            raw.kind = "paragraph"
            label = _list_label(raw.lines[0].clean)
            if label is not None and raw.number is None:
                raw.kind = "item"
                raw.label = _normal_label(label[0])
                raw.label_end = label[1]


def _settle_depths(raws: list[_Raw]) -> None:
    """Numbering depth: "2.1" is deeper than "2"; among single labels, the first kind of
    label seen in the document ("I.", "A.", "1.") is the shallowest."""
    label_types: dict[str, int] = {}
    for raw in raws:
        if raw.kind != "heading" or not raw.number:
            continue
        if "." in raw.number:
            raw.depth = raw.number.count(".") + 1
            continue
        ordinal = _label_ordinal(raw.number.split()[-1])
        kind = ordinal[0] if ordinal else "word"
        if kind == "lower" and ordinal is not None and _ROMAN.match(raw.number):
            kind = "roman"
        label_types.setdefault(kind, len(label_types) + 1)
        raw.depth = label_types[kind]


# --- emitting blocks -------------------------------------------------------------


def _levels(raws: list[_Raw]) -> tuple[dict[int, int], int | None]:
    """Heading levels by index in ``raws``, and the index of the title (if any)."""
    large_sizes = sorted(
        {
            round(raw.style[0] * 2) / 2
            for raw in raws
            if raw.kind == "heading" and raw.by_font and raw.rank == 0 and raw.style
        },
        reverse=True,
    )
    keys: dict[int, tuple[int, int]] = {}
    for i, raw in enumerate(raws):
        if raw.kind != "heading":
            continue
        if raw.by_font and raw.style and raw.rank == 0:
            rank = large_sizes.index(round(raw.style[0] * 2) / 2)
        elif raw.by_font:
            rank = len(large_sizes)
        else:
            rank = len(large_sizes) + 1
        keys[i] = (rank, raw.depth)
    title = None
    if keys:
        first = min(keys)
        first_raw = raws[first]
        if (
            first_raw.lines[0].page == 1
            and first_raw.by_font
            and keys[first][0] == 0
            and sum(1 for k in keys.values() if k[0] == 0) == 1
        ):
            title = first
    ordered = sorted({k for i, k in keys.items() if i != title})
    offset = 2 if title is not None else 1
    levels = {i: ordered.index(k) + offset for i, k in keys.items() if i != title}
    if title is not None:
        levels[title] = 1
    return levels, title


def _joins(lines: list[_Line]) -> list[str]:
    """How each line joins the next: "space", "nospace" (keep a dash) or "dehyphen"."""
    return [_join(line, nxt) for line, nxt in itertools.pairwise(lines)]


def _join(line: _Line, nxt: _Line) -> str:
    text = line.clean
    following = nxt.clean
    if line.raw.rstrip().endswith("\u00ad"):  # a soft hyphen: always a hyphenation point
        return "nospace"
    if not text or not following:
        return "space"
    last = text[-1]
    if last in "-\u2010\u2011" and len(text) > 1 and text[-2].isalpha():
        word = text[:-1].split()[-1] if text[:-1].split() else ""
        head = re.split(r"[/\u2013\u2014]", word)[-1]
        if not following[0].isalpha() or not following[0].islower():
            return "nospace"  # "COVID-" + "19", "Anti-" + "Harassment"
        if "-" in head or head.lower().strip("(\"'“‘") in KEEP_HYPHEN_AFTER:
            return "nospace"  # "self-" + "care", "one-on-" + "one"
        return "dehyphen"
    if last in "-\u2010\u2011" and len(text) > 1 and text[-2].isdigit():
        return "nospace"  # "24-" + "hour"
    if last in "\u2013\u2014/" and len(text) > 1 and not text[-2].isspace():
        return "nospace"  # "work—" + "life", "and/" + "or", a wrapped URL
    return "space"


def _emit(raws: list[_Raw]) -> tuple[list[Block], str | None]:
    levels, title_index = _levels(raws)
    tracker = SectionTracker()
    blocks: list[Block] = []
    title: str | None = None
    for i, raw in enumerate(raws):
        builder = TextBuilder()
        joins = _joins(raw.lines)
        last = len(raw.lines) - 1
        for n, line in enumerate(raw.lines):
            pieces = line.pieces
            begin = raw.label_end if n == 0 and raw.kind == "item" else 0
            end = len(line.clean) - 1 if n < last and joins[n] == "dehyphen" else None
            if begin or end is not None:
                pieces = _slice_pieces(pieces, begin, end)
            for text, start in pieces:
                builder.add(text, line.number, start + 1, line.page)
            if n < last and joins[n] == "space":
                builder.add_gap(" ")
        if raw.kind == "heading":
            level = levels[i]
            heading_text = builder.build(BlockKind.HEADING)
            if heading_text is None:
                continue
            if i == title_index:
                title = heading_text.text
                section: tuple[str, ...] = ()
            else:
                section = tracker.heading(level, heading_text.text)
            block = builder.build(BlockKind.HEADING, section, level=level)
        elif raw.kind == "item":
            block = builder.build(BlockKind.LIST_ITEM, tracker.path, label=raw.label)
        else:
            block = builder.build(BlockKind.PARAGRAPH, tracker.path)
        if block is not None:
            blocks.append(block)
    return blocks, title
