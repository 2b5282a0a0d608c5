"""Markdown reader built on markdown-it-py (CommonMark plus tables, strikethrough,
footnotes and front matter).

What is prose: headings, paragraphs, list items, table cells, footnotes, and the text
of raw HTML blocks. What is not: front matter, fenced and indented code, inline code,
URLs (autolinks, bare URLs, link and image targets), images, HTML comments (kept as
directives for suppressions) and template tags such as ``{% ... %}`` / ``{{ ... }}``.

Positions are exact: markdown-it gives each block its source lines; the text of each
inline token is aligned back to those lines, so a block's offset map points at the
source line and column (1-based, in characters) of every character.
"""

from __future__ import annotations

import bisect
import re

from .builder import SectionTracker, TextBuilder
from .encoding import decode
from .html import Extractor
from .model import Block, BlockKind, Directive, Document, Limits

#: text inside prose that is not prose: bare URLs, e-mail addresses, template tags
NOT_PROSE = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]"
    r"|\{%.*?%\}|\{\{.*?\}\}"
    r"|[\w.+-]+@[\w-]+\.[\w.-]*\w"
)

_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_SPACE = re.compile(r"\s")
_ENTITY = re.compile(r"&(?:#\w+|\w+);")


def _parser():  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": True})
    md.enable(["table", "strikethrough"])
    md.use(front_matter_plugin).use(footnote_plugin)
    return md


class _Source:
    """The source text with a fast offset -> (line, column) conversion."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0]
        for m in re.finditer("\n", text):
            self.line_starts.append(m.end())

    def offset(self, line0: int) -> int:
        """Offset of the start of 0-based line ``line0``."""
        if line0 >= len(self.line_starts):
            return len(self.text)
        return self.line_starts[line0]

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1


class _Reader:
    def __init__(self, text: str, path: str) -> None:
        self.src = _Source(text)
        self.path = path
        self.blocks: list[Block] = []
        self.directives: list[Directive] = []
        self.sections = SectionTracker()
        self.doc_title: str | None = None
        self.last_cursor = 0

    # -- the HTML extractor's sink interface (raw HTML blocks) ------------------
    def block(
        self, kind: BlockKind, builder: TextBuilder, *, label: str | None, level: int | None
    ) -> None:
        self._emit(kind, builder, label=label, level=level)

    def comment(self, text: str, line: int, end_line: int) -> None:
        self.directives.append(Directive(text, line, end_line, next_block=len(self.blocks)))

    def title(self, text: str) -> None:
        """A <title> inside Markdown's raw HTML does not name the document."""

    # -- blocks --------------------------------------------------------------
    def _emit(
        self,
        kind: BlockKind,
        builder: TextBuilder,
        *,
        label: str | None = None,
        level: int | None = None,
    ) -> None:
        if kind is BlockKind.HEADING and level is not None:
            probe = builder.build(kind, (), level=level)
            if probe is None:
                return
            section = self.sections.heading(level, probe.text)
            block = builder.build(kind, section, level=level)
            if self.doc_title is None and level == 1:
                self.doc_title = probe.text
        else:
            block = builder.build(kind, self.sections.path, label=label, level=level)
        if block is not None:
            self.blocks.append(block)

    def _inline(self, token, builder: TextBuilder) -> None:  # type: ignore[no-untyped-def]
        """Append the prose of an inline token to ``builder``, aligned to the source."""
        start_line, end_line = token.map
        lo = self.src.offset(start_line)
        hi = self.src.offset(end_line)
        # table cells share a line: continue after the previous cell
        cursor = self.last_cursor if lo <= self.last_cursor < hi else lo
        skip_link = 0
        for child in token.children or []:
            t = child.type
            if skip_link:
                if t == "link_close":
                    skip_link -= 1
                elif t == "link_open":
                    skip_link += 1
                continue
            if t == "text":
                cursor = self._align(child.content, cursor, hi, builder)
            elif t in ("softbreak", "hardbreak"):
                builder.add_gap(" ")
            elif t == "code_inline":
                found = self.src.text.find(child.content, cursor, hi)
                if found >= 0:
                    cursor = found + len(child.content)
                builder.add_gap(" ")
            elif t == "link_open" and child.markup == "autolink":
                skip_link = 1
                builder.add_gap(" ")
            elif t == "html_inline":
                found = self.src.text.find(child.content, cursor, hi)
                if found >= 0:
                    cursor = found + len(child.content)
                    if child.content.startswith("<!--"):
                        self._comments(child.content, found)
                if child.content.lower().startswith("<br"):
                    builder.add_gap(" ")
            elif t == "image":
                builder.add_gap(" ")
            # em/strong/s/link open-close and footnote refs carry no prose
        self.last_cursor = cursor

    def _align(self, content: str, cursor: int, hi: int, builder: TextBuilder) -> int:
        """Find ``content`` in the source from ``cursor``; add it with positions.
        Falls back to character-by-character alignment where Markdown escapes or
        entities make the source differ from the text."""
        # remove what is not prose inside the text (bare URLs, template tags)
        pos = 0
        pieces: list[tuple[str, bool]] = []
        for m in NOT_PROSE.finditer(content):
            if m.start() > pos:
                pieces.append((content[pos : m.start()], True))
            pieces.append((content[m.start() : m.end()], False))
            pos = m.end()
        if pos < len(content):
            pieces.append((content[pos:], True))
        text = self.src.text
        for piece, prose in pieces:
            found = text.find(piece, cursor, hi)
            if found >= 0 and not _skips_words(text, cursor, found):
                if prose:
                    line, col = self.src.position(found)
                    builder.add(piece, line, col)
                else:
                    builder.add_gap(" ")
                cursor = found + len(piece)
                continue
            if not prose:
                builder.add_gap(" ")
                continue
            for ch in piece:
                if ch.isspace():
                    m = _SPACE.search(text, cursor, hi)
                    if m is not None and not _skips_words(text, cursor, m.start()):
                        cursor = m.end()
                    builder.add_gap(" ")
                    continue
                j = text.find(ch, cursor, hi)
                if j >= 0 and not _skips_words(text, cursor, j):
                    line, col = self.src.position(j)
                    builder.add(ch, line, col)
                    cursor = j + 1
                    if ch == "&":  # "&amp;" stands for "&": continue after the entity
                        entity = _ENTITY.match(text, j, hi)
                        if entity is not None:
                            cursor = entity.end()
                else:
                    builder.add(ch, None)  # unmapped: keeps the previous mapping
        return cursor

    def _comments(self, raw: str, offset: int) -> None:
        for m in _COMMENT.finditer(raw):
            line, _ = self.src.position(offset + m.start())
            end_line, _ = self.src.position(offset + m.end() - 1)
            self.directives.append(
                Directive(m.group(1).strip(), line, end_line, next_block=len(self.blocks))
            )

    def run(self) -> None:
        tokens = _parser().parse(self.src.text)
        kind_stack: list[tuple[BlockKind, str | None]] = []
        pending_label: str | None = None
        heading_level: int | None = None
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            t = tok.type
            if t == "heading_open":
                heading_level = int(tok.tag[1:])
            elif t == "heading_close":
                heading_level = None
            elif t in ("bullet_list_open", "ordered_list_open"):
                kind_stack.append((BlockKind.LIST_ITEM, None))
            elif t in ("bullet_list_close", "ordered_list_close"):
                kind_stack.pop()
            elif t == "list_item_open":
                pending_label = f"{tok.info}{tok.markup}" if tok.info else "•"
            elif t in ("th_open", "td_open"):
                kind_stack.append((BlockKind.TABLE_CELL, None))
            elif t in ("th_close", "td_close"):
                kind_stack.pop()
            elif t == "footnote_open":
                kind_stack.append((BlockKind.FOOTNOTE, None))
            elif t == "footnote_close":
                kind_stack.pop()
            elif t == "inline" and tok.map is not None:
                builder = TextBuilder()
                self._inline(tok, builder)
                if heading_level is not None:
                    self._emit(BlockKind.HEADING, builder, level=heading_level)
                else:
                    kind = kind_stack[-1][0] if kind_stack else BlockKind.PARAGRAPH
                    label = pending_label if kind is BlockKind.LIST_ITEM else None
                    if kind is BlockKind.LIST_ITEM:
                        pending_label = None
                    self._emit(kind, builder, label=label)
            elif t == "html_block" and tok.map is not None:
                self._html_block(tok)
            # front_matter, fence, code_block, hr: not prose
            i += 1

    def _html_block(self, tok) -> None:  # type: ignore[no-untyped-def]
        start = self.src.offset(tok.map[0])
        end = self.src.offset(tok.map[1])
        raw = self.src.text[start:end]
        extractor = Extractor(self, first_line=tok.map[0] + 1, first_column=1)
        extractor.feed(raw)
        extractor.close()


def _skips_words(text: str, a: int, b: int) -> bool:
    """True when aligning would jump over real words (then the match is wrong)."""
    if b - a <= 3:
        return False
    gap = text[a:b]
    return bool(re.search(r"[A-Za-z0-9]{2}", _MARKUP.sub("", gap)))


#: source between two aligned pieces that is only markup (links, emphasis, html)
_MARKUP = re.compile(r"\]\([^)]*\)|\]\[[^\]]*\]|<[^>]*>|&\w+;|&#\w+;|[*_~`\[\]!\\>#|\s-]")


def read(data: bytes, path: str, limits: Limits) -> Document:
    text, _ = decode(data)
    reader = _Reader(text, path)
    reader.run()
    return Document(path, "md", reader.blocks, title=reader.doc_title, directives=reader.directives)
