"""Plain-text reader.

Paragraphs are runs of non-blank lines. A paragraph of one short line is a heading
when it is obviously one: a numbered title ("1. Leave Policies", "2.3 Sick Leave"),
an ALL CAPS line, or a line underlined with ``===`` / ``---``. Lines starting with a
bullet or a number followed by a sentence are list items. Anything else is a
paragraph; when in doubt, no heading. Lines whose text after ``#`` starts with
``policylint-`` are directives (suppressions), not prose.
"""

from __future__ import annotations

import re

from .builder import SectionTracker, TextBuilder
from .encoding import decode
from .model import Block, BlockKind, Directive, Document, Limits

_NUMBERED_HEADING = re.compile(
    r"^(?:(?:section|part|chapter|article)\s+)?(\d+(?:\.\d+)*)[.):]?\s+(\S.*)$", re.I
)
_BULLET = re.compile(r"^(\s*)([-*•‣◦▪–]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])\s+(?=\S)")
_UNDERLINE = re.compile(r"^\s*(=+|-+)\s*$")
_DIRECTIVE = re.compile(r"^\s*#\s*(policylint-.*)$")
_SMALL_WORDS = {"a", "an", "and", "of", "the", "for", "to", "in", "on", "or", "with", "at", "by"}


def _is_title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text)]
    if not words:
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words)


def heading_level(line: str) -> int | None:
    """Level of an obvious heading line, else None."""
    text = line.strip()
    if not text or len(text) > 80 or (text.endswith((".", ",", ";", ":")) and not text.isupper()):
        return None
    words = text.split()
    if len(words) > 12:
        return None
    m = _NUMBERED_HEADING.match(text)
    if m and _is_title_case(m.group(2)) and not m.group(2).endswith((".", ";", ",")):
        return m.group(1).count(".") + 1
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters):
        return 1
    return None


def read(data: bytes, path: str, limits: Limits) -> Document:
    text, _ = decode(data)
    lines = text.split("\n")
    blocks: list[Block] = []
    directives: list[Directive] = []
    sections = SectionTracker()

    def emit(kind: BlockKind, builder: TextBuilder, label: str | None = None) -> None:
        if kind is BlockKind.HEADING:
            probe = builder.build(kind)
            if probe is None:
                return
            level = heading_level_hint[0] or 1
            block = builder.build(kind, sections.heading(level, probe.text), level=level)
        else:
            block = builder.build(kind, sections.path, label=label)
        if block is not None:
            blocks.append(block)

    heading_level_hint: list[int | None] = [None]
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        m = _DIRECTIVE.match(line)
        if m:
            directives.append(Directive(m.group(1).strip(), i + 1, i + 1, next_block=len(blocks)))
            i += 1
            continue
        # gather the paragraph: consecutive non-blank, non-directive lines
        j = i
        para: list[int] = []
        while j < n and lines[j].strip() and not _DIRECTIVE.match(lines[j]):
            para.append(j)
            j += 1
        # setext-style heading: a line underlined with === or ---
        if len(para) >= 2 and _UNDERLINE.match(lines[para[1]]) and len(lines[para[0]]) <= 80:
            b = TextBuilder()
            _add_line(b, lines[para[0]], para[0] + 1)
            heading_level_hint[0] = 1 if "=" in lines[para[1]] else 2
            emit(BlockKind.HEADING, b)
            i = para[1] + 1
            continue
        first = lines[para[0]]
        level = heading_level(first) if len(para) == 1 or heading_level(first) else None
        if level is not None:
            b = TextBuilder()
            _add_line(b, first, para[0] + 1)
            heading_level_hint[0] = level
            emit(BlockKind.HEADING, b)
            i = para[0] + 1
            continue
        # list items: each bullet line starts an item; indented lines continue it
        if _BULLET.match(first):
            k = 0
            while k < len(para):
                bm = _BULLET.match(lines[para[k]])
                b = TextBuilder()
                label = None
                if bm:
                    label = bm.group(2)
                    label = "•" if label in "-*•‣◦▪–" else label
                    _add_line(b, lines[para[k]][bm.end() :], para[k] + 1, bm.end() + 1)
                else:
                    _add_line(b, lines[para[k]], para[k] + 1)
                k += 1
                while k < len(para) and not _BULLET.match(lines[para[k]]):
                    b.add_gap(" ")
                    _add_line(b, lines[para[k]], para[k] + 1)
                    k += 1
                emit(BlockKind.LIST_ITEM if bm else BlockKind.PARAGRAPH, b, label)
            i = j
            continue
        b = TextBuilder()
        for k, ln in enumerate(para):
            if k:
                b.add_gap(" ")
            _add_line(b, lines[ln], ln + 1)
        emit(BlockKind.PARAGRAPH, b)
        i = j
    title = blocks[0].text if blocks and blocks[0].kind is BlockKind.HEADING else None
    return Document(path, "txt", blocks, title=title, directives=directives)


def _add_line(b: TextBuilder, text: str, line: int, column: int = 1) -> None:
    stripped = text.lstrip()
    b.add(stripped.rstrip(), line, column + len(text) - len(stripped))
