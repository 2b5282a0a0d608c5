"""Build PDF fixtures in code with reportlab, so no binary test files live in the repo.

The main entry point is :func:`write_pdf`, which renders a list of ``(kind, text)``
items to a multi-page document laid out like a Word or LibreOffice export of a
syllabus or handbook: a title, numbered and plain headings, justified body
paragraphs, bullet and numbered list items, and a running header and footer
("Page 3 of 9") on every page.

Item kinds:

``title``       the document title (20 pt bold, centred)
``heading``     a section heading (14 pt bold)
``subheading``  a subsection heading (11.5 pt bold)
``paragraph``   body text (10.5 pt, justified); ``\\n`` in the text forces a line break
``bullet``      a bullet list item ("•" with a hanging indent)
``numbered``    a numbered list item; numbering restarts after any other kind
``pagebreak``   start a new page (the text is ignored)

Text is plain (``&``, ``<`` and ``>`` are escaped), except that ``**bold**`` is
rendered in bold.

``font`` picks a standard Type 1 family or "Vera", a TrueType font shipped with
reportlab that is embedded as a subset with a ToUnicode map, as Word and LibreOffice
embed theirs. ``user_password``/``owner_password`` encrypt the file.

The other helpers write one special case each: :func:`write_word_like_pdf` lays items
out with Word-style operators (one text object per line, size in the text matrix,
word gaps as ``TJ`` offsets, Symbol-font bullets, footer first in the stream);
:func:`write_lines_pdf` places every line itself, for exact layouts (use
:func:`wrap_lines` to wrap paragraphs); :func:`write_image_only_pdf` writes pages
with no text at all; :func:`sample_items` returns a syllabus-like item list of any
length.

These functions are imported by tests and by the sample-document build script;
they write to the given path and return it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

Item = tuple[str, str]

KINDS = ("title", "heading", "subheading", "paragraph", "bullet", "numbered", "pagebreak")

DEFAULT_HEADER = "Riverside Counseling Center — Practicum Handbook 2025–2026"
DEFAULT_FOOTER = "Page {page} of {pages}"

BODY_SIZE = 10.5
MARGIN = inch


#: font families write_pdf knows: regular and bold face. "Vera" is a TrueType font
#: shipped with reportlab, embedded as a subset with a ToUnicode map, as Word and
#: LibreOffice embed theirs; the others are the standard 14 Type 1 fonts.
FONTS = {
    "Helvetica": ("Helvetica", "Helvetica-Bold"),
    "Times": ("Times-Roman", "Times-Bold"),
    "Vera": ("Vera", "VeraBd"),
}


def _register(font: str) -> tuple[str, str]:
    regular, bold = FONTS[font]
    if font == "Vera":
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        if "Vera" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
            pdfmetrics.registerFont(TTFont("VeraBd", "VeraBd.ttf"))
            addMapping("Vera", 0, 0, "Vera")
            addMapping("Vera", 1, 0, "VeraBd")
    return regular, bold


def _styles(body_size: float = BODY_SIZE, font: str = "Helvetica") -> dict[str, ParagraphStyle]:
    regular, bold = _register(font)
    body = ParagraphStyle(
        "body",
        fontName=regular,
        fontSize=body_size,
        leading=body_size * 1.25,
        spaceAfter=body_size * 0.7,
        alignment=TA_JUSTIFY,
    )
    return {
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=bold,
            fontSize=20,
            leading=24,
            alignment=TA_CENTER,
            spaceAfter=18,
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName=bold,
            fontSize=14,
            leading=17,
            spaceBefore=10,
            spaceAfter=6,
            alignment=0,
            keepWithNext=1,
        ),
        "subheading": ParagraphStyle(
            "subheading",
            parent=body,
            fontName=bold,
            fontSize=body_size + 1,
            leading=(body_size + 1) * 1.25,
            spaceBefore=6,
            spaceAfter=4,
            alignment=0,
            keepWithNext=1,
        ),
        "paragraph": body,
        "bullet": ParagraphStyle(
            "bullet",
            parent=body,
            leftIndent=24,
            bulletIndent=10,
            spaceAfter=body_size * 0.35,
        ),
    }


def _markup(text: str) -> str:
    """Escape plain text for a reportlab Paragraph; ``**x**`` -> bold, newline -> <br/>."""
    out = escape(text)
    out = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out)
    return out.replace("\n", "<br/>")


def _numbered_canvas(
    header: str | None, footer: str | None, font_size: float = 8.5
) -> type[rl_canvas.Canvas]:
    """A canvas class that draws the running header and footer once the page count is
    known (the usual reportlab recipe for "Page x of y")."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                self._draw_running(pages)
                super().showPage()
            super().save()

        def _draw_running(self, pages: int) -> None:
            width, height = self._pagesize
            page = self._pageNumber
            self.saveState()
            self.setFont("Helvetica", font_size)
            if header:
                self.drawString(
                    MARGIN, height - MARGIN * 0.6, header.format(page=page, pages=pages)
                )
            if footer:
                self.drawCentredString(
                    width / 2, MARGIN * 0.5, footer.format(page=page, pages=pages)
                )
            self.restoreState()

    return NumberedCanvas


def write_pdf(
    path: str | Path,
    items: Iterable[Item],
    *,
    header: str | None = DEFAULT_HEADER,
    footer: str | None = DEFAULT_FOOTER,
    title: str | None = None,
    body_size: float = BODY_SIZE,
    font: str = "Helvetica",
    pagesize: tuple[float, float] = LETTER,
    user_password: str | None = None,
    owner_password: str | None = None,
) -> Path:
    """Render ``items`` to a PDF at ``path`` and return the path.

    ``header`` and ``footer`` are drawn on every page; ``{page}`` and ``{pages}`` in
    them are replaced by the page number and count (None leaves them out).
    ``title`` sets the document-information title; ``font`` is a key of
    :data:`FONTS`. Give ``user_password`` (needed to
    open the file) and/or ``owner_password`` (needed only to change permissions) to
    encrypt it.
    """
    path = Path(path)
    styles = _styles(body_size, font)
    story: list[Any] = []
    number = 0
    for kind, text in items:
        if kind not in KINDS:
            raise ValueError(f"unknown item kind {kind!r}; expected one of {', '.join(KINDS)}")
        if kind == "pagebreak":
            story.append(PageBreak())
            continue
        if kind == "numbered":
            number += 1
            story.append(Paragraph(_markup(text), styles["bullet"], bulletText=f"{number}."))
            continue
        number = 0
        if kind == "bullet":
            story.append(Paragraph(_markup(text), styles["bullet"], bulletText="•"))
        else:
            story.append(Paragraph(_markup(text), styles[kind]))
    encrypt = None
    if user_password is not None or owner_password is not None:
        encrypt = StandardEncryption(user_password or "", owner_password or None, strength=128)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title or "",
        author="policylint tests",
        encrypt=encrypt,
    )
    doc.build(story, canvasmaker=_numbered_canvas(header, footer))
    return path


Line = tuple[float, float, str]
"""``(x, y, text)`` in points from the bottom-left corner, drawn in the page's font."""


def write_lines_pdf(
    path: str | Path,
    pages: Sequence[Sequence[Line | tuple[float, float, str, str, float]]],
    *,
    font: str = "Helvetica",
    size: float = 11,
    pagesize: tuple[float, float] = LETTER,
) -> Path:
    """Write pages whose lines are placed one by one, each in its own text object with
    an absolute position, as Word's PDF export does. A line may be ``(x, y, text)``
    or ``(x, y, text, font, size)``."""
    path = Path(path)
    c = rl_canvas.Canvas(str(path), pagesize=pagesize)
    for lines in pages:
        for line in lines:
            x, y, text = line[0], line[1], line[2]
            if len(line) == 5:
                c.setFont(line[3], line[4])  # type: ignore[misc]
            else:
                c.setFont(font, size)
            c.drawString(x, y, text)
        c.showPage()
    c.save()
    return path


def wrap_lines(
    paragraphs: Sequence[str],
    *,
    top: float = 720,
    x: float = MARGIN,
    width_chars: int = 80,
    leading: float = 14,
    gap: float = 10,
    bottom: float = MARGIN,
) -> list[list[Line]]:
    """Greedy-wrap ``paragraphs`` into :data:`Line` pages for :func:`write_lines_pdf`
    (``\\n`` in a paragraph forces a break); ``gap`` is the extra space between
    paragraphs."""
    pages: list[list[Line]] = [[]]
    y = top
    for para in paragraphs:
        for forced in para.split("\n"):
            words = forced.split()
            current = ""
            rows: list[str] = []
            for word in words:
                if current and len(current) + 1 + len(word) > width_chars:
                    rows.append(current)
                    current = word
                else:
                    current = f"{current} {word}" if current else word
            if current:
                rows.append(current)
            for row in rows:
                if y < bottom:
                    pages.append([])
                    y = top
                pages[-1].append((x, y, row))
                y -= leading
        y -= gap
    return pages


def write_image_only_pdf(path: str | Path, pages: int = 2) -> Path:
    """A "scanned" document: every page has shapes and an inline image, no text."""
    from reportlab.lib.utils import ImageReader

    path = Path(path)
    c = rl_canvas.Canvas(str(path), pagesize=LETTER)
    image = _grey_image()
    for _ in range(pages):
        c.setFillGray(0.85)
        c.rect(MARGIN, MARGIN, 6.5 * inch, 9 * inch, fill=1, stroke=1)
        if image is not None:
            c.drawImage(ImageReader(image), 2 * inch, 5 * inch, 3 * inch, 2 * inch)
        c.showPage()
    c.save()
    return path


def _grey_image() -> Any:
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow is a reportlab dependency
        return None
    img = Image.new("L", (60, 40), 200)
    for i in range(0, 60, 4):
        for j in range(40):
            img.putpixel((i, j), 40)
    return img


_TOPICS = [
    "Attendance",
    "Supervision",
    "Documentation",
    "Caseload",
    "Leave and Illness",
    "Evaluation",
    "Self-Care",
    "Professional Conduct",
    "Confidentiality",
    "Remediation",
    "Telehealth",
    "Compensation",
]

_SENTENCES = [
    "Students attend every scheduled {t} meeting and complete the related paperwork "
    "within two business days of each client contact.",
    "The site supervisor reviews the {t} expectations with each trainee in week {n} and "
    "adjusts them to the trainee's experience and training goals.",
    "Trainees may request leave for illness, bereavement or family emergencies during the "
    "{t} unit; the coordinator arranges coverage so that no client is left without care.",
    "Hours spent on {t} tasks, case notes and consultation count toward the practicum "
    "requirement and are recorded on the weekly log for term {n}.",
    "Questions about {t} go first to the faculty liaison, who answers within {n} working "
    "days and escalates unresolved concerns to the training director.",
]


def sample_items(sections: int = 6, paragraphs_per_section: int = 3) -> list[Item]:
    """A syllabus-like list of items, long enough to span several pages. Every
    paragraph differs from the others (no accidental repeats at page tops)."""
    items: list[Item] = [("title", "Graduate Practicum in Clinical Mental Health Counseling")]
    for s in range(1, sections + 1):
        topic = _TOPICS[(s - 1) % len(_TOPICS)]
        if s > len(_TOPICS):
            topic = f"{topic} (Part {s // len(_TOPICS) + 1})"
        items.append(("heading", f"{s}. {topic} Policies"))
        for p in range(paragraphs_per_section):
            body = " ".join(
                _SENTENCES[(s + p + k) % len(_SENTENCES)].format(
                    t=topic.lower(), n=s * 10 + p * 3 + k
                )
                for k in range(3)
            )
            items.append(("paragraph", body))
        items.append(("bullet", f"Review the {topic.lower()} section with your supervisor."))
        items.append(("bullet", f"Keep a weekly log of {topic.lower()} hours ({s * 4} minimum)."))
    return items


def _pdf_string(text: str) -> str:
    data = text.encode("cp1252", "replace")
    out = []
    for byte in data:
        ch = chr(byte)
        if ch in "()\\":
            out.append("\\" + ch)
        elif 32 <= byte < 127:
            out.append(ch)
        else:
            out.append(f"\\{byte:03o}")
    return "(" + "".join(out) + ")"


def write_word_like_pdf(
    path: str | Path,
    items: Iterable[Item],
    *,
    header: str | None = DEFAULT_HEADER,
    footer: str | None = "Page {page}",
    body_size: float = 11,
    paragraph_gap: float = 8,
    width_chars: int = 88,
) -> Path:
    """Lay ``items`` out by hand and write them with the operators Word-style
    producers use: one ``BT``/``ET`` text object per line, an absolute text matrix
    that carries the font size (``/F1 1 Tf 11 0 0 11 x y Tm``), words placed with
    ``TJ`` offsets instead of space characters, and Symbol-font bullets drawn apart
    from the item text. Kinds as for :func:`write_pdf` (``numbered`` included);
    ``paragraph_gap`` is the space after each paragraph (0 for "no spacing" styles).
    Footers are drawn first on each page, as some producers do."""
    path = Path(path)
    width, height = LETTER
    c = rl_canvas.Canvas(str(path), pagesize=LETTER)
    fonts = {"regular": "Helvetica", "bold": "Helvetica-Bold", "symbol": "Symbol"}
    names = {}
    for key, font in fonts.items():
        c.setFont(font, 10)
        names[key] = c._doc.getInternalFontName(font)

    pages: list[list[str]] = [[]]
    y = height - MARGIN
    styles = {
        "title": ("bold", 18.0, 14.0, 1.0),
        "heading": ("bold", 13.0, 6.0, 8.0),
        "subheading": ("bold", body_size, 4.0, 4.0),
        "paragraph": ("regular", body_size, paragraph_gap, 0.0),
        "bullet": ("regular", body_size, 2.0, 0.0),
        "numbered": ("regular", body_size, 2.0, 0.0),
    }

    def line_op(font: str, size: float, x: float, y: float, text: str) -> str:
        parts = []
        space = -250  # thousandths of an em: a word gap
        for i, word in enumerate(text.split(" ")):
            if i:
                parts.append(str(space))
            # a little kerning inside words, as Word writes it
            if len(word) > 4:
                parts.append(f"{_pdf_string(word[:2])}12{_pdf_string(word[2:])}")
            else:
                parts.append(_pdf_string(word))
        return (
            f"BT {names[font]} 1 Tf {size:g} 0 0 {size:g} {x:.2f} {y:.2f} Tm "
            f"[{' '.join(parts)}] TJ ET"
        )

    number = 0
    for kind, text in items:
        if kind == "pagebreak":
            pages.append([])
            y = height - MARGIN
            continue
        font, size, after, before = styles[kind]
        number = number + 1 if kind == "numbered" else 0
        indent = 18.0 if kind in {"bullet", "numbered"} else 0.0
        chars = int(width_chars * body_size / size) - (4 if indent else 0)
        rows: list[str] = []
        for forced in text.split("\n"):
            current = ""
            for word in forced.split():
                if current and len(current) + 1 + len(word) > chars:
                    rows.append(current)
                    current = word
                else:
                    current = f"{current} {word}" if current else word
            if current:
                rows.append(current)
        leading = size * 1.2
        y -= before
        for r, row in enumerate(rows):
            if y - leading < MARGIN:
                pages.append([])
                y = height - MARGIN
            y -= leading
            x = MARGIN + indent
            if kind == "title":
                x = (width - len(row) * size * 0.55) / 2
            if r == 0 and kind == "bullet":
                pages[-1].append(
                    f"BT {names['symbol']} 1 Tf {size:g} 0 0 {size:g} {MARGIN:.2f} {y:.2f} Tm "
                    "(\\267) Tj ET"
                )
            if r == 0 and kind == "numbered":
                pages[-1].append(line_op("regular", size, MARGIN, y, f"{number}."))
            pages[-1].append(line_op(font, size, x, y, row))
        y -= after

    for index, ops in enumerate(pages, start=1):
        stream: list[str] = []
        if footer:
            text = footer.format(page=index, pages=len(pages))
            stream.append(line_op("regular", 9, width / 2 - 20, MARGIN / 2, text))
        if header:
            text = header.format(page=index, pages=len(pages))
            stream.append(line_op("regular", 9, MARGIN, height - MARGIN / 2, text))
        stream.extend(ops)
        c._code.append("\n".join(stream))
        c.showPage()
    c.save()
    return path
