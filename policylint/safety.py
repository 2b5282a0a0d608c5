"""Guards against hostile and huge inputs (issue 12), shared by the readers, the
configuration, the cache and the command line.

* :func:`display_path` and :func:`terminal_safe`: file names and text as they may be
  shown. A name that is not valid UTF-8 reaches Python with "surrogate escapes"
  (``bad\\udcffbyte.md``); it is shown as ``bad\\xffbyte.md`` everywhere (terminal,
  JSON, SARIF, HTML, baselines), and control and bidi characters are shown as
  escapes too, so a name can neither break a line-based format nor drive a terminal.
* :data:`INVISIBLE`: the characters neutralised in document text before matching
  (bidi controls, zero-width characters, C0/C1 controls).
* :func:`open_regular` and :func:`read_limited`: every file policylint reads is
  opened without blocking (a FIFO would otherwise wait forever for a writer), must be
  a regular file, and is read with a byte limit; stdin likewise.
* :func:`time_budget`: a wall-clock budget for reading one file. It uses the
  interval timer of the main thread (``SIGALRM``), so it starts no thread and no
  process and leaves nothing behind; elsewhere (another thread, a platform without
  ``setitimer``, a host application that uses ``SIGALRM`` itself) it does nothing and
  only the structural caps of the readers apply.
* :func:`file_identity`: what makes two paths the same file (links resolved).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
import sys
import threading
from collections.abc import Iterator
from typing import BinaryIO

# -- characters ---------------------------------------------------------------------

#: bidi embeddings, overrides and isolates, and the implicit direction marks
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: zero-width characters and the byte-order mark used as a zero-width no-break space
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
#: characters removed from document text before matching: they are invisible (or
#: control a terminal) and would otherwise hide a clause from the rules. Tab, line
#: feed, vertical tab, form feed and carriage return are whitespace and kept; the
#: readers collapse them.
INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad" + BIDI + ZERO_WIDTH + "]",
)
#: what may not appear raw in a shown name or a terminal line
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f" + BIDI + ZERO_WIDTH + "\ud800-\udfff]")
#: terminal escape sequences (CSI, OSC, DCS/PM/APC/SOS strings, two-byte escapes)
ESCAPE_SEQUENCE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|[PX^_][^\x1b]*(?:\x1b\\)?|[@-Z\\-_])"
    r"|\x9b[0-?]*[ -/]*[@-~]|\x9d[^\x07\x9c]*[\x07\x9c]?"
)
#: the colour sequences policylint's own text output uses (click.style)
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def display_path(path: str | bytes | os.PathLike[str]) -> str:
    """A file name as policylint shows it: valid UTF-8 as it is, other bytes as
    ``\\xff``, control, bidi and zero-width characters as ``\\x1b`` / ``\\u202e``.
    Never raises; the result always encodes as UTF-8."""
    if isinstance(path, bytes):
        path = path.decode("utf-8", "surrogateescape")
    text = os.fspath(path)
    if not isinstance(text, str):  # a bytes PathLike
        text = text.decode("utf-8", "surrogateescape")
    return _UNSAFE.sub(lambda m: _escape(m.group()), text)


def terminal_safe(text: str, *, keep_sgr: bool = False) -> str:
    """``text`` made safe for a terminal: escape sequences removed (except policylint's
    own colours with ``keep_sgr``), other control, bidi and zero-width characters
    removed, lone surrogates shown as ``\\xNN``. Line feeds and tabs stay."""
    if keep_sgr:
        pieces = []
        pos = 0
        for m in _SGR.finditer(text):
            pieces.append(terminal_safe(text[pos : m.start()]))
            pieces.append(m.group())
            pos = m.end()
        pieces.append(terminal_safe(text[pos:]))
        return "".join(pieces)
    if text.isascii() and text.isprintable():
        return text
    text = ESCAPE_SEQUENCE.sub("", text)

    def fix(m: re.Match[str]) -> str:
        ch = m.group()
        if ch in "\n\t":
            return ch
        if "\ud800" <= ch <= "\udfff":
            return _escape(ch)
        return ""

    return _UNSAFE.sub(fix, text)


def printable_line(text: str) -> str:
    """One line for stderr (``path: error: ...``): :func:`terminal_safe`, with any line
    breaks shown as spaces."""
    return terminal_safe(text).replace("\t", " ")


# -- reading files --------------------------------------------------------------------


class NotRegularFile(OSError):
    """The path is a FIFO, socket or device (or a folder): policylint does not read it."""

    def __init__(self, kind: str) -> None:
        super().__init__(errno.EINVAL, kind)
        self.kind = kind


class TooLarge(Exception):
    """More bytes than the limit allows."""

    def __init__(self, limit: int, size: int | None = None) -> None:
        super().__init__(limit, size)
        self.limit = limit
        self.size = size


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def not_regular_message(kind: str) -> str:
    return f"is {kind}, not a regular file; policylint reads only regular files"


@contextlib.contextmanager
def open_regular(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Open ``path`` for reading without blocking and without becoming its controlling
    terminal; raise :class:`NotRegularFile` unless it is a regular file (links
    followed). The file is checked with ``stat`` before it is opened (opening some
    devices has effects) and with ``fstat`` after (it may have been swapped)."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile(file_kind(st.st_mode))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(file_kind(st.st_mode))
        fh = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with fh:
        yield fh


def read_limited(fh: BinaryIO, limit: int, chunk: int = 1 << 20) -> bytes:
    """At most ``limit`` bytes of ``fh``, read in chunks; :class:`TooLarge` as soon as
    there is more (never a ``read()`` without a bound)."""
    parts: list[bytes] = []
    size = 0
    while True:
        block = fh.read(min(chunk, limit + 1 - size))
        if not block:
            break
        size += len(block)
        if size > limit:
            raise TooLarge(limit)
        parts.append(block)
    return b"".join(parts)


def read_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """A regular file's bytes, at most ``limit`` of them (:class:`TooLarge` beyond,
    :class:`NotRegularFile` for FIFOs and the like, ``OSError`` otherwise)."""
    with open_regular(path) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limit:
            raise TooLarge(limit, size)
        return read_limited(fh, limit)


def read_text_file(path: str | os.PathLike[str], limit: int, encoding: str = "utf-8") -> str:
    """:func:`read_file` decoded (``UnicodeDecodeError`` on bad bytes)."""
    return read_file(path, limit).decode(encoding)


def file_identity(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    """``(device, inode)`` of the file a path leads to (links followed), or None when it
    does not exist."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


def real_path(path: str | os.PathLike[str]) -> str:
    """The absolute path with every link resolved (as far as it exists)."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return os.path.abspath(path)


# -- time ----------------------------------------------------------------------------


class _Expired(BaseException):
    """Raised by the timer inside the code being timed. A BaseException, so that the
    ``except Exception`` of a parser cannot swallow it (and if something swallows it
    anyway, the timer fires again shortly)."""


class BudgetExceeded(Exception):
    """The time budget ran out."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


_REFIRE = 0.05
_budget_lock = threading.Lock()


def budget_available() -> bool:
    """Whether :func:`time_budget` can enforce a budget here (main thread, a platform
    with ``setitimer``, no interval timer or ``SIGALRM`` handler of someone else's)."""
    if not hasattr(signal, "setitimer"):
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    try:
        if signal.getitimer(signal.ITIMER_REAL)[0] > 0:
            return False
        return signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
    except (ValueError, OSError):
        return False


@contextlib.contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Run the body for at most ``seconds`` of wall-clock time, else raise
    :class:`BudgetExceeded`. ``None`` or an unavailable timer: no budget."""
    if not seconds or seconds <= 0 or not budget_available() or not _budget_lock.acquire(False):
        yield
        return
    state = {"active": True}

    def on_alarm(signum: int, frame: object) -> None:
        if not state["active"]:
            return
        signal.setitimer(signal.ITIMER_REAL, _REFIRE)  # in case it is swallowed
        raise _Expired

    def quiet_unraisable(args: sys.UnraisableHookArgs) -> None:
        # raised inside a __del__ or a callback: swallowed by Python, refired later
        if args.exc_type is not _Expired:
            previous_hook(args)

    previous_hook = sys.unraisablehook
    previous = signal.signal(signal.SIGALRM, on_alarm)
    sys.unraisablehook = quiet_unraisable
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        except _Expired:
            state["active"] = False
            raise BudgetExceeded(seconds) from None
    finally:
        while True:  # a late alarm must not escape while the timer is taken down
            try:
                state["active"] = False
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
                sys.unraisablehook = previous_hook
                break
            except _Expired:
                continue
        _budget_lock.release()
