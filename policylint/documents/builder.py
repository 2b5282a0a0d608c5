"""Helpers readers use to assemble block text together with its offset map."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import Block, BlockKind, Segment

#: whitespace other than a single plain space: collapsed to one space
_ABNORMAL_WS = re.compile(r"[^\S ]\s*| \s+")


@dataclass
class TextBuilder:
    """Accumulates the text of one block and the segments mapping it to the source.

    ``add(text, line, column)`` appends text that is contiguous in the source starting
    at ``line:column``; ``add_gap(" ")`` appends text that has no source (a space
    standing for a line break, say), which keeps the previous mapping running.
    Leading and trailing whitespace and runs of whitespace are collapsed by
    :meth:`build` while the mapping is kept exact.
    """

    parts: list[tuple[str, int | None, int | None, int | None]] = field(default_factory=list)

    def add(
        self, text: str, line: int | None, column: int | None = None, page: int | None = None
    ) -> None:
        if text:
            self.parts.append((text, line, column, page))

    def add_gap(self, text: str = " ") -> None:
        if text:
            self.parts.append((text, None, None, None))

    @property
    def empty(self) -> bool:
        return not any(p[0].strip() for p in self.parts)

    def build(
        self,
        kind: BlockKind,
        section: tuple[str, ...] = (),
        *,
        label: str | None = None,
        level: int | None = None,
    ) -> Block | None:
        """The block, with whitespace collapsed to single spaces; None if empty.

        Works on runs of text rather than characters: a 200,000-word input goes
        through here, so the common case (a part with only single spaces, which is
        one run) takes one pass of the loop body and no regex.
        """
        out: list[str] = []
        length = 0
        need_space = False
        segments: list[Segment] = []
        # the last segment's fields, kept in locals (cheaper than attribute access)
        seg_line: int | None = None
        seg_col: int | None = None
        seg_page: int | None = None
        seg_off = -1  # -1: no segment yet

        for text, line, column, page in self.parts:
            if text == " ":  # the usual gap: at most one space before the next text
                if length:
                    need_space = True
                continue
            if not text:
                continue
            # no whitespace but single plain spaces (every other whitespace character
            # is not printable): the whole part is one run
            simple = "  " not in text and text.isprintable()
            runs: Iterable[tuple[str, int] | None] = ((text, 0),) if simple else _runs(text)
            for run in runs:
                if run is None:  # collapsed whitespace
                    if length:
                        need_space = True
                    continue
                piece, start = run
                col = None if column is None else column + start
                if piece[0] == " ":
                    if length:
                        need_space = True
                    piece = piece[1:]
                    if col is not None:
                        col += 1
                    if not piece:
                        continue
                trailing = piece[-1] == " "
                if trailing:
                    piece = piece[:-1]
                if piece:
                    if need_space:
                        out.append(" ")
                        length += 1
                        need_space = False
                    if (line is not None or page is not None or col is not None) and (
                        seg_off < 0
                        or seg_line != line
                        or seg_page != page
                        or (col is None) != (seg_col is None)
                        or (col is not None and seg_col + (length - seg_off) != col)  # type: ignore[operator]
                    ):
                        segments.append(Segment(length, line, col, page))
                        seg_line, seg_col, seg_page, seg_off = line, col, page, length
                    out.append(piece)
                    length += len(piece)
                if trailing and length:
                    need_space = True
        if not length:
            return None
        if not segments:
            segments.append(Segment(0, None))
        elif segments[0].offset != 0:
            first = segments[0]
            # text before the first mapped character had no source (a gap); it is
            # reported at the first mapped position
            segments.insert(0, Segment(0, first.line, first.column, first.page))
        return Block(kind, "".join(out), section, tuple(segments), label=label, level=level)


def _runs(text: str) -> list[tuple[str, int] | None]:
    """``text`` cut at runs of whitespace other than one plain space: the runs of
    text between them with their start in ``text``, and None for each cut."""
    runs: list[tuple[str, int] | None] = []
    start = 0
    for m in _ABNORMAL_WS.finditer(text):
        if m.start() > start:
            runs.append((text[start : m.start()], start))
        runs.append(None)
        start = m.end()
    if start < len(text):
        runs.append((text[start:], start))
    return runs


class SectionTracker:
    """Keeps the heading path as headings of various levels go by."""

    def __init__(self) -> None:
        self._stack: list[tuple[int, str]] = []
        self._path: tuple[str, ...] = ()

    @property
    def path(self) -> tuple[str, ...]:
        return self._path

    def heading(self, level: int, title: str) -> tuple[str, ...]:
        """Enter a heading; returns the path *above* it (the heading's own section)."""
        while self._stack and self._stack[-1][0] >= level:
            self._stack.pop()
        above = tuple(t for _, t in self._stack)
        self._stack.append((level, title))
        self._path = (*above, title)
        return above
