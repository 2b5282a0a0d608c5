"""HTML reader: the text of the body, headings as sections, chrome skipped.

Built on the standard library's ``html.parser`` with ``convert_charrefs=False`` so
that every chunk of text arrives with its exact source line and column. Script,
style, template, code/pre, nav and footer content (and anything ``hidden``) is not
prose. The same extractor reads raw HTML blocks inside Markdown files.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from typing import Protocol

from .builder import SectionTracker, TextBuilder
from .encoding import decode
from .guards import check_char_refs
from .model import Block, BlockKind, Directive, Document, DocumentError, Limits

#: elements whose content is never prose
SKIP = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "svg",
        "math",
        "nav",
        "footer",
        "pre",
        "code",
        "kbd",
        "samp",
        "select",
        "textarea",
        "button",
        "iframe",
        "object",
        "head",
    }
)
SKIP_ROLES = frozenset({"navigation", "contentinfo", "banner", "search"})
VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
#: elements that end the current block when they open or close
BLOCK_ELEMENTS = frozenset(
    {
        "p",
        "div",
        "li",
        "td",
        "th",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "section",
        "article",
        "main",
        "aside",
        "header",
        "dd",
        "dt",
        "dl",
        "ul",
        "ol",
        "table",
        "tr",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "figure",
        "figcaption",
        "details",
        "summary",
        "address",
        "form",
        "fieldset",
        "legend",
        "hr",
        "body",
        "html",
        "center",
    }
)
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
#: elements whose end tag HTML lets authors leave out (``<p>one<p>two``): they do not
#: count towards the nesting limit, or every page written that way would hit it
OPTIONAL_END = frozenset(
    {"p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody",
     "tfoot", "colgroup", "rb", "rp", "rt", "rtc", "caption", "html", "body", "head"}
)  # fmt: skip
#: containers whose content is a paragraph (not part of an enclosing list item or cell)
_KIND_RESET = frozenset({"ul", "ol", "table", "body", "article", "main", "section"})


class Sink(Protocol):
    def block(
        self, kind: BlockKind, builder: TextBuilder, *, label: str | None, level: int | None
    ) -> None: ...

    def comment(self, text: str, line: int, end_line: int) -> None: ...

    def title(self, text: str) -> None: ...


class Extractor(HTMLParser):
    """Feeds blocks of an HTML fragment to a sink. ``first_line`` and ``first_column``
    give the source position of the fragment's first character (for HTML inside a
    Markdown file)."""

    def __init__(
        self, sink: Sink, first_line: int = 1, first_column: int = 1, max_nesting: int = 256
    ) -> None:
        super().__init__(convert_charrefs=False)
        self.sink = sink
        self.first_line = first_line
        self.first_column = first_column
        #: open elements: (tag, skipping, kind of the text directly inside it)
        self.stack: list[tuple[str, bool, BlockKind]] = []
        #: how many of each tag are open (an end tag with none open is ignored at once)
        self.open_count: dict[str, int] = {}
        #: open elements that count towards the nesting limit
        self.depth = 0
        self.max_nesting = max_nesting
        self.skip_depth = 0
        self.builder = TextBuilder()
        self.kind = BlockKind.PARAGRAPH
        self.label: str | None = None
        self.level: int | None = None
        self.list_counters: list[int | None] = []
        self.in_title = False
        self.title_parts: list[str] = []

    # -- positions -------------------------------------------------------------
    def _pos(self) -> tuple[int, int]:
        line, col0 = self.getpos()
        if line == 1:
            return self.first_line, self.first_column + col0
        return self.first_line + line - 1, col0 + 1

    def _add_text(self, text: str) -> None:
        line, col = self._pos()
        first = True
        for piece in text.split("\n"):
            if not first:
                line += 1
                col = 1
                self.builder.add_gap(" ")
            self.builder.add(piece, line, col)
            first = False

    # -- block handling --------------------------------------------------------
    def _flush(self) -> None:
        if not self.builder.empty:
            self.sink.block(self.kind, self.builder, label=self.label, level=self.level)
        self.builder = TextBuilder()
        self.kind = self._context_kind()
        self.label = None
        self.level = None

    def _context_kind(self) -> BlockKind:
        """Text outside any specific element takes the kind of its container: a
        paragraph inside a table cell is a table cell, inside a list item a list item
        (kept on the stack, so this is O(1) however deep the nesting)."""
        return self.stack[-1][2] if self.stack else BlockKind.PARAGRAPH

    def _push(self, tag: str, skipping: bool) -> None:
        if tag not in OPTIONAL_END:
            self.depth += 1
            if self.depth > self.max_nesting:
                line, _ = self._pos()
                raise DocumentError(
                    f"HTML elements nest more than {self.max_nesting} deep (line {line}); "
                    "this is not a document people read: check the file"
                )
        if tag == "li":
            kind = BlockKind.LIST_ITEM
        elif tag in ("td", "th"):
            kind = BlockKind.TABLE_CELL
        elif tag in _KIND_RESET:
            kind = BlockKind.PARAGRAPH
        else:
            kind = self._context_kind()
        self.stack.append((tag, skipping, kind))
        self.open_count[tag] = self.open_count.get(tag, 0) + 1

    def _pop(self) -> tuple[str, bool]:
        tag, skipping, _ = self.stack.pop()
        self.open_count[tag] -= 1
        if tag not in OPTIONAL_END:
            self.depth -= 1
        return tag, skipping

    def _start_block(self, tag: str, attrs: dict[str, str | None]) -> None:
        # <li><p>text</p></li>: the item's label belongs to its first paragraph
        carry = self.label if self.builder.empty and self.kind is BlockKind.LIST_ITEM else None
        self._flush()
        if carry and tag not in ("li", "ol", "ul"):
            self.label = carry
        if tag in HEADINGS:
            self.kind, self.level = BlockKind.HEADING, HEADINGS[tag]
        elif tag == "li":
            self.kind = BlockKind.LIST_ITEM
            if self.list_counters and self.list_counters[-1] is not None:
                value = attrs.get("value")
                if value and value.strip().lstrip("-").isdigit():
                    self.list_counters[-1] = int(value)
                else:
                    self.list_counters[-1] = (self.list_counters[-1] or 0) + 1
                self.label = f"{self.list_counters[-1]}."
            else:
                self.label = "•"
        elif tag in ("td", "th"):
            self.kind = BlockKind.TABLE_CELL
        elif tag == "ol":
            start = attrs.get("start")
            begin = int(start) - 1 if start and start.strip().lstrip("-").isdigit() else 0
            self.list_counters.append(begin)
        elif tag == "ul":
            self.list_counters.append(None)

    # -- HTMLParser callbacks --------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        skipping = (
            tag in SKIP
            or "hidden" in a
            or (a.get("aria-hidden") or "").lower() == "true"
            or (a.get("role") or "").lower() in SKIP_ROLES
        )
        if tag == "title":
            self.in_title = True
        if tag in VOID:
            if tag == "br" and not self.skip_depth:
                self.builder.add_gap(" ")
            elif tag == "hr" and not self.skip_depth:
                self._flush()
            return
        self._push(tag, skipping)
        if skipping:
            if self.skip_depth == 0:
                self._flush()
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag in BLOCK_ELEMENTS:
            self._start_block(tag, a)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.skip_depth:
            self.builder.add_gap(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            if self.in_title:
                self.sink.title(" ".join("".join(self.title_parts).split()))
            self.in_title = False
        if tag in VOID:
            return
        # close up to the matching open tag (HTML is forgiving about missing ends)
        if not self.open_count.get(tag):
            return
        while self.stack:
            open_tag, skipping = self._pop()
            if skipping:
                self.skip_depth -= 1
            elif not self.skip_depth and open_tag in BLOCK_ELEMENTS:
                self._flush()
                if open_tag in ("ol", "ul") and self.list_counters:
                    self.list_counters.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skip_depth:
            return
        self._add_text(data)

    def handle_entityref(self, name: str) -> None:
        self._entity(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._entity(f"&#{name};")

    def _entity(self, raw: str) -> None:
        text = html.unescape(raw)
        if self.in_title:
            self.title_parts.append(text)
            return
        if self.skip_depth:
            return
        line, col = self._pos()
        if text.isspace():
            self.builder.add_gap(" ")
        else:
            self.builder.add(text, line, col)

    def handle_comment(self, data: str) -> None:
        line, _ = self._pos()
        self.sink.comment(data.strip(), line, line + data.count("\n"))

    def close(self) -> None:
        super().close()
        self._flush()


class _DocumentSink:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.directives: list[Directive] = []
        self.sections = SectionTracker()
        self.doc_title: str | None = None

    def block(
        self, kind: BlockKind, builder: TextBuilder, *, label: str | None, level: int | None
    ) -> None:
        if kind is BlockKind.HEADING and level is not None:
            text_block = builder.build(kind, (), level=level)
            if text_block is None:
                return
            section = self.sections.heading(level, text_block.text)
            built = builder.build(kind, section, level=level)
        else:
            built = builder.build(kind, self.sections.path, label=label, level=level)
        if built is not None:
            self.blocks.append(built)

    def comment(self, text: str, line: int, end_line: int) -> None:
        self.directives.append(Directive(text, line, end_line, next_block=len(self.blocks)))

    def title(self, text: str) -> None:
        if text and self.doc_title is None:
            self.doc_title = text


def read(data: bytes, path: str, limits: Limits) -> Document:
    text, _ = decode(data, html=True)
    check_char_refs(text, limits)
    sink = _DocumentSink()
    parser = Extractor(sink, max_nesting=limits.max_nesting)
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError) as exc:  # html.parser is lenient; be safe
        raise DocumentError(f"cannot parse the HTML ({exc}); check the file") from None
    if not sink.blocks:
        raise DocumentError("no readable text in the HTML body; nothing to check")
    return Document(path, "html", sink.blocks, title=sink.doc_title, directives=sink.directives)
