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
from collections.abc import Iterable, Iterator
from pathlib import Path

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
    "read_path",
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
    format from its extension unless ``fmt`` is given."""
    limits = limits or Limits()
    fmt = fmt or format_for(path)
    if fmt is None:
        raise unsupported_error(path)
    if len(data) > limits.max_file_size:
        raise DocumentError(_too_big(len(data), limits))
    if not data or data.isspace():
        raise DocumentError("the file is empty; nothing to check")
    module = importlib.import_module(_READERS[fmt])
    return module.read(data, path, limits)


def read_path(path: str | os.PathLike[str], limits: Limits | None = None) -> Document:
    """Read one file. The file is opened read-only and read once."""
    limits = limits or Limits()
    p = Path(path)
    name = str(path)
    fmt = format_for(name)
    if not p.exists():
        raise DocumentError("no such file or directory; check the path")
    if p.is_dir():
        raise DocumentError("is a directory; pass the folder itself to lint every supported file")
    if fmt is None:
        raise unsupported_error(name)
    try:
        size = p.stat().st_size
        if size > limits.max_file_size:
            raise DocumentError(_too_big(size, limits))
        with p.open("rb") as fh:
            data = fh.read(limits.max_file_size + 1)
    except PermissionError:
        raise DocumentError("permission denied; check the file's permissions") from None
    except IsADirectoryError:
        raise DocumentError("is a directory") from None
    except OSError as exc:
        raise DocumentError(f"cannot read the file ({exc.strerror or exc})") from None
    return read_bytes(data, name, fmt, limits)


def _too_big(size: int, limits: Limits) -> str:
    mb = limits.max_file_size / (1024 * 1024)
    return (
        f"file is {size / (1024 * 1024):.1f} MB, over the {mb:g} MB limit; "
        "split it, or raise the limit with --max-file-size"
    )


def expand_paths(paths: Iterable[str]) -> Iterator[tuple[str, DocumentError | None]]:
    """Expand folders (recursively, supported extensions only, sorted) and yield
    ``(path, error)`` pairs; ``error`` is set for a path that cannot be linted at all
    (missing, or a folder with no supported files). Files named explicitly are
    yielded even when their format is unsupported, so that the reader reports it."""
    for raw in paths:
        if raw == "-":
            yield raw, None
            continue
        p = Path(raw)
        if p.is_dir():
            found = False
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    full = os.path.join(root, name)
                    if format_for(name) and not name.startswith("~$"):
                        found = True
                        yield full, None
            if not found:
                yield (
                    raw,
                    DocumentError(
                        f"folder has no supported files ({supported_list()}); check the path"
                    ),
                )
        elif not p.exists():
            yield raw, DocumentError("no such file or directory; check the path")
        else:
            yield raw, None
