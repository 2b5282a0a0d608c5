"""Helpers readers use to assemble block text together with its offset map."""

from __future__ import annotations

import re
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
        through here, so the common case (single spaces) is one segment per part.
        """
        out: list[str] = []
        length = 0
        need_space = False
        segments: list[Segment] = []

        def emit(piece: str, line: int | None, column: int | None, page: int | None) -> None:
            nonlocal length, need_space
            if piece.startswith(" "):
                need_space = length > 0
                piece = piece[1:]
                column = None if column is None else column + 1
            if not piece:
                return
            trailing = piece.endswith(" ")
            if trailing:
                piece = piece[:-1]
            if piece:
                if need_space:
                    out.append(" ")
                    length += 1
                    need_space = False
                if line is not None or page is not None or column is not None:
                    last = segments[-1] if segments else None
                    if (
                        last is None
                        or last.line != line
                        or last.page != page
                        or (column is None) != (last.column is None)
                        or (
                            column is not None
                            and last.column is not None
                            and last.column + (length - last.offset) != column
                        )
                    ):
                        segments.append(Segment(length, line, column, page))
                out.append(piece)
                length += len(piece)
            if trailing:
                need_space = length > 0

        for text, line, column, page in self.parts:
            start = 0
            for m in _ABNORMAL_WS.finditer(text):
                if m.start() > start:
                    col = None if column is None else column + start
                    emit(text[start : m.start()], line, col, page)
                need_space = length > 0
                start = m.end()
            if start < len(text):
                col = None if column is None else column + start
                emit(text[start:], line, col, page)
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


class SectionTracker:
    """Keeps the heading path as headings of various levels go by."""

    def __init__(self) -> None:
        self._stack: list[tuple[int, str]] = []

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(t for _, t in self._stack)

    def heading(self, level: int, title: str) -> tuple[str, ...]:
        """Enter a heading; returns the path *above* it (the heading's own section)."""
        while self._stack and self._stack[-1][0] >= level:
            self._stack.pop()
        above = self.path
        self._stack.append((level, title))
        return above
