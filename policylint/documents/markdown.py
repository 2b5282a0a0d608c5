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
import contextlib
import dataclasses
import functools
import gc
import itertools
import re
from collections.abc import Iterator

from .builder import SectionTracker, TextBuilder
from .encoding import decode
from .guards import check_bracket_nesting, check_char_refs
from .html import Extractor
from .model import Block, BlockKind, Directive, Document, Limits, with_table_leads

#: text inside prose that is not prose: bare URLs, e-mail addresses, template tags
NOT_PROSE = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]"
    r"|\{%.*?%\}|\{\{.*?\}\}"
    r"|[\w.+-]+@[\w-]+\.[\w.-]*\w"
)

_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_SPACE = re.compile(r"\s")
_ENTITY = re.compile(r"&(?:#\w+|\w+);")


@functools.cache
def parser():  # type: ignore[no-untyped-def]
    """The markdown-it parser, configured once per process (parsing is reentrant)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": True})
    md.enable(["table", "strikethrough"])
    md.use(front_matter_plugin).use(footnote_plugin)
    if md.inline.ruler.get_active_rules() == _EXPECTED_INLINE_RULES:
        md.core.ruler.at("inline", _inline_rule)
    return md


#: the inline rules the fast path below knows; with any other set it stays off
_EXPECTED_INLINE_RULES = [
    "text", "newline", "escape", "backticks", "strikethrough", "emphasis", "link", "image",
    "footnote_inline", "footnote_ref", "autolink", "html_inline", "entity",
]  # fmt: skip
#: characters at which one of those rules (other than text and newline) may start
_INLINE_MARKUP = re.compile(r"[\\`~*_\[\]!^<&]")


def _inline_rule(state) -> None:  # type: ignore[no-untyped-def]
    """markdown-it's core "inline" rule, with a shortcut for plain text.

    Most inline content (two thirds of the corpus's paragraphs) holds no character at
    which an inline rule other than text and newline can fire. For such content
    markdown-it's inline parser yields text tokens split at line breaks, each break a
    softbreak, or a hardbreak after two or more trailing spaces; that result is built
    here directly, token for token as markdown-it would (``newline`` rule semantics).
    Everything else goes through the real inline parser.
    """
    from markdown_it.token import Token

    md = state.md
    env = state.env
    markup = _INLINE_MARKUP.search
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        content = token.content
        if markup(content) is not None:
            md.inline.parse(content, md, env, token.children)
            continue
        children = token.children
        lines = content.split("\n")
        pending = lines[0]
        for nxt in lines[1:]:
            kind = "softbreak"
            if pending.endswith(" "):
                if pending.endswith("  "):
                    pending = pending.rstrip(" ")
                    kind = "hardbreak"
                else:
                    pending = pending[:-1]
            if pending:
                children.append(Token("text", "", 0, content=pending))
            children.append(Token(kind, "br", 0))
            pending = nxt.lstrip(" \t")
        if pending:
            children.append(Token("text", "", 0, content=pending))


class _Source:
    """The source text with a fast offset -> (line, column) conversion."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0]
        self.line_starts.extend(itertools.accumulate(len(line) + 1 for line in text.split("\n")))
        self.line_starts.pop()  # the end of the last line starts no line

    def offset(self, line0: int) -> int:
        """Offset of the start of 0-based line ``line0``."""
        if line0 >= len(self.line_starts):
            return len(self.text)
        return self.line_starts[line0]

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1


class _Reader:
    def __init__(self, text: str, path: str, max_nesting: int = 256) -> None:
        self.max_nesting = max_nesting
        self.src = _Source(text)
        self.path = path
        self.blocks: list[Block] = []
        #: block index -> (table, row, column) for table cells
        self.cells: dict[int, tuple[int, int, int]] = {}
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
            block = dataclasses.replace(probe, section=section) if section else probe
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
        text = self.src.text
        if not _may_not_be_prose(content):
            # the common case: all prose, found as it is in the source
            if not content:
                return cursor
            found = text.find(content, cursor, hi)
            if found >= 0 and (found - cursor <= 3 or not _skips_words(text, cursor, found)):
                line, col = self.src.position(found)
                builder.add(content, line, col)
                return found + len(content)
            pieces = [(content, True)]
        else:
            pieces = _pieces(content)
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
            cursor = self._align_chars(piece, cursor, hi, builder)
        return cursor

    def _align_chars(self, piece: str, cursor: int, hi: int, builder: TextBuilder) -> int:
        """Align ``piece`` character by character (where escapes or entities make the
        text differ from the source); returns the new cursor.

        A character found in the source is followed as far as the next characters
        follow it there too (one part per run rather than per character; the built
        block is the same, as each of them would be found right at the cursor)."""
        text = self.src.text
        i, n = 0, len(piece)
        while i < n:
            ch = piece[i]
            if ch.isspace():
                m = _SPACE.search(text, cursor, hi)
                if m is not None and not _skips_words(text, cursor, m.start()):
                    cursor = m.end()
                builder.add_gap(" ")
                i += 1
                continue
            j = text.find(ch, cursor, hi)
            if j >= 0 and not _skips_words(text, cursor, j):
                k = i + 1
                if ch != "&":
                    limit = min(n, i + hi - j)
                    while (
                        k < limit
                        and piece[k] == text[j + k - i]
                        and piece[k] != "&"
                        and not piece[k].isspace()
                    ):
                        k += 1
                line, col = self.src.position(j)
                builder.add(piece[i:k], line, col)
                cursor = j + k - i
                if ch == "&":  # "&amp;" stands for "&": continue after the entity
                    entity = _ENTITY.match(text, j, hi)
                    if entity is not None:
                        cursor = entity.end()
                i = k
            else:
                builder.add(ch, None)  # unmapped: keeps the previous mapping
                i += 1
        return cursor

    def _comments(self, raw: str, offset: int) -> None:
        for m in _COMMENT.finditer(raw):
            line, _ = self.src.position(offset + m.start())
            end_line, _ = self.src.position(offset + m.end() - 1)
            self.directives.append(
                Directive(m.group(1).strip(), line, end_line, next_block=len(self.blocks))
            )

    def run(self) -> None:
        tokens = parser().parse(self.src.text)
        kind_stack: list[tuple[BlockKind, str | None]] = []
        pending_label: str | None = None
        heading_level: int | None = None
        table, row, col = -1, -1, -1
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            t = tok.type
            if t in _NO_PROSE:
                i += 1
                continue
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
            elif t == "table_open":
                table, row = table + 1, -1
            elif t == "tr_open":
                row, col = row + 1, -1
            elif t in ("th_open", "td_open"):
                col += 1
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
                    before = len(self.blocks)
                    self._emit(kind, builder, label=label)
                    if kind is BlockKind.TABLE_CELL and len(self.blocks) > before:
                        self.cells[before] = (table, row, col)
            elif t == "html_block" and tok.map is not None:
                self._html_block(tok)
            # front_matter, fence, code_block, hr: not prose
            i += 1

    def _html_block(self, tok) -> None:  # type: ignore[no-untyped-def]
        start = self.src.offset(tok.map[0])
        end = self.src.offset(tok.map[1])
        raw = self.src.text[start:end]
        extractor = Extractor(
            self, first_line=tok.map[0] + 1, first_column=1, max_nesting=self.max_nesting
        )
        extractor.feed(raw)
        extractor.close()


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a document is parsed and built.

    markdown-it allocates a few container objects per token (100,000s for a big
    file), all alive until the blocks are built, and each allocation burst sets off
    collections that walk every object in the process (spaCy, the compiled rules):
    in a linting process that is 20-30% of reading time, for no garbage (reference
    counting frees what the reader drops). Collection resumes afterwards; if it was
    off already, it stays off."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


#: token types the loop in :meth:`_Reader.run` has nothing to do with
_NO_PROSE = frozenset(
    {"paragraph_open", "paragraph_close", "list_item_close", "tr_close",
     "thead_open", "thead_close", "tbody_open", "tbody_close", "table_close",
     "blockquote_open", "blockquote_close", "fence", "code_block", "hr", "front_matter"}
)  # fmt: skip


def _may_not_be_prose(content: str) -> bool:
    """False when :data:`NOT_PROSE` cannot match ``content``: each of its alternatives
    needs "://", "www.", "{" or "@" (cheaper to test than running the pattern)."""
    return "@" in content or "{" in content or "://" in content or "www." in content


def _pieces(content: str) -> list[tuple[str, bool]]:
    """``content`` cut into (piece, is_prose): bare URLs and template tags are not."""
    pos = 0
    pieces: list[tuple[str, bool]] = []
    for m in NOT_PROSE.finditer(content):
        if m.start() > pos:
            pieces.append((content[pos : m.start()], True))
        pieces.append((content[m.start() : m.end()], False))
        pos = m.end()
    if pos < len(content):
        pieces.append((content[pos:], True))
    return pieces


def _skips_words(text: str, a: int, b: int) -> bool:
    """True when aligning would jump over real words (then the match is wrong)."""
    if b - a <= 3:
        return False
    gap = text[a:b]
    return _TWO_ALNUM.search(_MARKUP.sub("", gap)) is not None


_TWO_ALNUM = re.compile(r"[A-Za-z0-9]{2}")


#: source between two aligned pieces that is only markup (links, emphasis, html)
_MARKUP = re.compile(r"\]\([^)]*\)|\]\[[^\]]*\]|<[^>]*>|&\w+;|&#\w+;|[*_~`\[\]!\\>#|\s-]")


def prepare() -> None:
    """Build the parser before a file's reading budget starts."""
    parser()


def read(data: bytes, path: str, limits: Limits) -> Document:
    text, _ = decode(data)
    check_bracket_nesting(text, limits)
    check_char_refs(text, limits)
    reader = _Reader(text, path, limits.max_nesting)
    with _gc_paused():
        reader.run()
    blocks = with_table_leads(reader.blocks, reader.cells) if reader.cells else reader.blocks
    return Document(path, "md", blocks, title=reader.doc_title, directives=reader.directives)
