"""Terminal conventions: when to colour, how wide to wrap, and a progress line.

Colour follows the conventions other command-line tools share (https://no-color.org,
https://force-color.org), in this order:

1. ``--color`` / ``--no-color`` on the command line win; ``--color`` colours a pipe or
   a file too;
2. ``NO_COLOR`` set to anything non-empty turns colour off;
3. ``FORCE_COLOR`` set to anything non-empty (other than ``0`` or ``false``) turns it on;
4. ``TERM=dumb`` turns it off;
5. otherwise colour when the stream is a terminal.

Wrapping is measured on the visible text: escape codes take no columns, so coloured
and plain output wrap at the same places.

This module imports only the standard library and click (no spaCy).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO

import click

_ANSI = re.compile(r"\x1b\[[0-9;]*m")

#: the widest a wrapped paragraph gets, however wide the terminal
MAX_WIDTH = 120


def use_colour(
    flag: bool | None,
    stream: IO[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> bool:
    """Whether to colour output written to ``stream`` (stdout by default)."""
    if flag is not None:
        return flag
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR", ""):
        return False
    force = env.get("FORCE_COLOR", "")
    if force and force.strip().lower() not in ("0", "false", "no"):
        return True
    if env.get("TERM", "") == "dumb":
        return False
    stream = sys.stdout if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def width(environ: Mapping[str, str] | None = None) -> int:
    """Columns to wrap at: the terminal's (``COLUMNS`` when set), at most 120."""
    env = os.environ if environ is None else environ
    columns = env.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return min(MAX_WIDTH, int(columns))
    return min(MAX_WIDTH, shutil.get_terminal_size((100, 24)).columns)


def visible_len(text: str) -> int:
    """Length of ``text`` as the terminal shows it (escape codes take no room)."""
    return len(_ANSI.sub("", text))


def unstyle(text: str) -> str:
    return _ANSI.sub("", text)


@dataclass(frozen=True)
class Styler:
    """``click.style`` when colouring, the text unchanged otherwise."""

    colour: bool

    def __call__(self, text: str, **kw: object) -> str:
        if not self.colour or not text:
            return text
        return click.style(text, **kw)  # type: ignore[arg-type]


def wrap(
    segments: Sequence[tuple[str, str]] | str,
    width: int,
    *,
    initial_indent: str = "",
    subsequent_indent: str = "",
) -> list[str]:
    """Greedy word wrap of text whose pieces may be styled.

    ``segments`` is a plain string or a sequence of ``(text, styled)`` pairs, where
    ``styled`` is ``text`` with escape codes around it (or ``text`` itself). Widths are
    counted on the visible text, so colour never moves a line break. Indents may hold
    escape codes too. Words longer than a line are kept whole."""
    if isinstance(segments, str):
        segments = [(segments, segments)]
    # split every segment into words, remembering how to style each piece
    words: list[list[tuple[str, str]]] = []  # a word is a list of (plain, styled) pieces
    joined = True  # the next piece continues the current word
    for plain, styled in segments:
        prefix, suffix = _style_codes(plain, styled)
        for token in re.split(r"(\s+)", plain):
            if not token:
                continue
            if token.isspace():
                joined = False
                continue
            piece = (token, f"{prefix}{token}{suffix}" if prefix or suffix else token)
            if joined and words:
                words[-1].append(piece)
            else:
                words.append([piece])
            joined = True
    lines: list[str] = []
    current = initial_indent
    used = visible_len(initial_indent)
    start = True
    for word in words:
        size = sum(len(p) for p, _ in word)
        text = "".join(s for _, s in word)
        if not start and used + 1 + size > width:
            lines.append(current)
            current = subsequent_indent + text
            used = visible_len(subsequent_indent) + size
            continue
        current += ("" if start else " ") + text
        used += (0 if start else 1) + size
        start = False
    if not start or not lines:
        lines.append(current)
    return lines


def _style_codes(plain: str, styled: str) -> tuple[str, str]:
    """The escape codes ``styled`` puts before and after ``plain``."""
    if styled == plain:
        return "", ""
    at = styled.find(plain)
    if at < 0:
        return "", ""
    return styled[:at], styled[at + len(plain) :]


class Progress:
    """``Checking 12/60: handbooks/clinic.docx`` on stderr, rewritten in place, only on
    a terminal and only for runs of at least ``min_files`` files; cleared at the end."""

    def __init__(self, stream: IO[str] | None = None, *, min_files: int = 5) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.min_files = min_files
        self.shown = False
        self._last = 0.0
        try:
            self.enabled = bool(self.stream.isatty()) and os.environ.get("TERM") != "dumb"
        except (AttributeError, ValueError):
            self.enabled = False

    def __call__(self, done: int, total: int, path: str) -> None:
        if not self.enabled or total < self.min_files:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.1 and self.shown:
            return
        self._last = now
        columns = width()
        shown = "".join(c if c.isprintable() else "?" for c in path)
        text = f"Checking {done}/{total}: {shown}"
        if len(text) > columns - 1:
            text = text[: max(columns - 2, 10)] + "…"
        self.stream.write("\r\x1b[2K" + text)
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.shown = False
