"""Readers: turn a file (or stdin) into a :class:`Document`.

``read_path`` and ``read_bytes`` are the entry points. Each format's reader lives in
its own module and is imported only when a file of that format is read, so that
``policylint --help`` does not pay for python-docx or pypdf.

Every failure is a :class:`DocumentError` whose message says what went wrong and what
to do; nothing else escapes a reader for bad input.
"""

from __future__ import annotations

import importlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..safety import (
    BudgetExceeded,
    NotRegularFile,
    TooLarge,
    file_kind,
    not_regular_message,
    read_file,
    read_limited,
    time_budget,
)
from .model import (
    DEFAULT_MAX_FILE_SIZE,
    Block,
    BlockKind,
    Directive,
    Document,
    DocumentError,
    Limits,
    Location,
    Segment,
)
from .sanitize import sanitize

__all__ = [
    "DEFAULT_MAX_FILE_SIZE",
    "FORMATS",
    "Block",
    "BlockKind",
    "Directive",
    "Document",
    "DocumentError",
    "Limits",
    "Location",
    "Segment",
    "expand_paths",
    "format_for",
    "read_bytes",
    "read_file_bytes",
    "read_path",
    "read_stdin",
    "unsupported_error",
]

#: file extension -> format name (the reader module is ``policylint.documents.<format>``)
FORMATS: dict[str, str] = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
}

_READERS = {
    "docx": "policylint.documents.docx",
    "pdf": "policylint.documents.pdf",
    "md": "policylint.documents.markdown",
    "txt": "policylint.documents.text",
    "html": "policylint.documents.html",
}


#: compressed formats hold more text per MB: their budget counts each MB this many times
_BUDGET_WEIGHT = {"docx": 4, "pdf": 6}
_FORMAT_NAMES = {"docx": ".docx", "pdf": "PDF", "md": "Markdown", "txt": "text", "html": "HTML"}


def supported_list() -> str:
    return ", ".join(sorted(FORMATS))


def format_for(name: str) -> str | None:
    """The format for a file name by its extension (case-insensitive), or None."""
    return FORMATS.get(os.path.splitext(name)[1].lower())


def unsupported_error(name: str) -> DocumentError:
    ext = os.path.splitext(name)[1] or "(no extension)"
    return DocumentError(
        f"unsupported format {ext}; policylint reads {supported_list()} "
        "(convert the file, or name stdin with --stdin-filename)"
    )


def read_bytes(
    data: bytes, path: str, fmt: str | None = None, limits: Limits | None = None
) -> Document:
    """Read a document held in memory. ``path`` names it in messages and picks the
    format from its extension unless ``fmt`` is given.

    Reading runs under a wall-clock budget (:meth:`Limits.read_budget`); the text is
    then made safe to match (:func:`~policylint.documents.sanitize.sanitize`)."""
    limits = limits or Limits()
    fmt = fmt or format_for(path)
    if fmt is None:
        raise unsupported_error(path)
    if len(data) > limits.max_file_size:
        raise DocumentError(_too_big(len(data), limits))
    if not data or data.isspace():
        raise DocumentError("the file is empty; nothing to check")
    module = importlib.import_module(_READERS[fmt])
    prepare = getattr(module, "prepare", None)
    if prepare is not None:
        prepare()  # imports and one-time setup are not the file's to pay for
    budget = limits.read_budget(len(data) * _BUDGET_WEIGHT.get(fmt, 1))
    try:
        with time_budget(budget):
            document = module.read(data, path, limits)
            return sanitize(document)
    except BudgetExceeded as exc:
        seconds = f"{exc.seconds:.0f}" if exc.seconds >= 10 else f"{exc.seconds:.2g}"
        raise DocumentError(
            f"took too long to read: gave up after {seconds} s, the budget for a "
            f"{_FORMAT_NAMES.get(fmt, fmt)} file of {len(data) / (1024 * 1024):.1f} MB; "
            "the file is damaged or pathological (or raise the budget with --read-timeout)"
        ) from None
    except RecursionError:
        raise DocumentError(
            "the file nests its content too deeply to read; simplify it and try again"
        ) from None
    except MemoryError:
        raise DocumentError("not enough memory to read the file; split it") from None


def read_path(path: str | os.PathLike[str], limits: Limits | None = None) -> Document:
    """Read one file. The file is opened read-only, without blocking, and read once;
    FIFOs, sockets and devices are refused before anything is read from them."""
    limits = limits or Limits()
    name = str(path)
    fmt = format_for(name)
    if fmt is None:
        if not os.path.lexists(path):
            raise DocumentError("no such file or directory; check the path")
        if os.path.isdir(path):
            raise DocumentError(_IS_DIRECTORY)
        raise unsupported_error(name)
    data = read_file_bytes(path, limits)
    return read_bytes(data, name, fmt, limits)


_IS_DIRECTORY = "is a directory; pass the folder itself to lint every supported file"


def read_file_bytes(
    path: str | os.PathLike[str], limits: Limits, *, directory_message: str = _IS_DIRECTORY
) -> bytes:
    """The bytes of an input file, at most ``limits.max_file_size`` of them. FIFOs,
    sockets and devices are refused without being opened for a blocking read. Every
    problem is a :class:`DocumentError` with the usual one-line message."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.lexists(path):
            raise DocumentError("is a broken symbolic link; check the path") from None
        raise DocumentError("no such file or directory; check the path") from None
    except PermissionError:
        raise DocumentError("permission denied; check the permissions of its folder") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise DocumentError(f"cannot read the file ({reason})") from None
    if stat.S_ISDIR(st.st_mode):
        raise DocumentError(directory_message)
    if not stat.S_ISREG(st.st_mode):
        raise DocumentError(not_regular_message(file_kind(st.st_mode)))
    if st.st_size > limits.max_file_size:
        raise DocumentError(_too_big(st.st_size, limits))
    try:
        return read_file(path, limits.max_file_size)
    except TooLarge as exc:
        raise DocumentError(_too_big(exc.size, limits)) from None
    except NotRegularFile as exc:
        raise DocumentError(not_regular_message(exc.kind)) from None
    except PermissionError:
        raise DocumentError("permission denied; check the file's permissions") from None
    except IsADirectoryError:
        raise DocumentError(directory_message) from None
    except OSError as exc:
        raise DocumentError(f"cannot read the file ({exc.strerror or exc})") from None


def read_stdin(stream: BinaryIO, limits: Limits) -> bytes:
    """Standard input, at most ``limits.max_file_size`` bytes (read in chunks: ``-``
    may be ``/dev/zero``)."""
    try:
        return read_limited(stream, limits.max_file_size)
    except TooLarge:
        raise DocumentError(_too_big(None, limits)) from None
    except OSError as exc:
        raise DocumentError(f"cannot read standard input ({exc.strerror or exc})") from None


def _too_big(size: int | None, limits: Limits) -> str:
    mb = limits.max_file_size / (1024 * 1024)
    advice = "split it, or raise the limit with --max-file-size"
    if size is None:
        return f"input is over the {mb:g} MB limit (stopped reading there); {advice}"
    return f"file is {size / (1024 * 1024):.1f} MB, over the {mb:g} MB limit; {advice}"


def expand_paths(
    paths: Iterable[str], skip: Callable[[str], bool] | None = None
) -> Iterator[tuple[str, DocumentError | None]]:
    """Expand folders (recursively, supported extensions only, sorted) and yield
    ``(path, error)`` pairs; ``error`` is set for a path that cannot be linted at all
    (missing, a folder with no supported files, a subfolder that cannot be read).
    Files named explicitly are yielded even when their format is unsupported, so
    that the reader reports it. ``skip(path)`` true leaves a file found in a folder
    out (policylint's own outputs)."""
    for raw in paths:
        if raw == "-":
            yield raw, None
            continue
        p = Path(raw)
        if p.is_dir():
            found = False
            for item in _walk(raw, skip):
                found = True
                yield item
            if not found:
                yield (
                    raw,
                    DocumentError(
                        f"folder has no supported files ({supported_list()}); check the path"
                    ),
                )
        elif not os.path.lexists(p):
            yield raw, DocumentError("no such file or directory; check the path")
        else:
            yield raw, None


def _walk(
    folder: str, skip: Callable[[str], bool] | None
) -> Iterator[tuple[str, DocumentError | None]]:
    """The supported files under ``folder``, and an error for each subfolder that
    cannot be listed (it is not skipped silently: its files would go unchecked)."""
    problems: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=problems.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            full = os.path.join(root, name)
            if format_for(name) and not name.startswith("~$"):
                if skip is not None and skip(full):
                    continue
                yield full, None
        while problems:
            yield _folder_error(problems.pop(0), folder)
    while problems:
        yield _folder_error(problems.pop(0), folder)


def _folder_error(exc: OSError, folder: str) -> tuple[str, DocumentError]:
    where = exc.filename if isinstance(exc.filename, str) else folder
    reason = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or exc)
    return where, DocumentError(
        f"cannot read this folder ({reason}), so the files in it were not checked; "
        "fix its permissions, or exclude it in the configuration"
    )
