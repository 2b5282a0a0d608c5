"""Writing output files safely: atomically, and never over an input."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


class OutputError(Exception):
    pass


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def check_not_input(out: str | os.PathLike[str], inputs: Iterable[str]) -> None:
    """Refuse to write ``out`` if it is one of the inputs (or inside an input folder
    with the same name, which cannot happen for files)."""
    for path in inputs:
        if path in ("-", "<stdin>"):
            continue
        if os.path.exists(out) and os.path.exists(path) and same_file(out, path):
            raise OutputError(
                f"{out}: error: refusing to write over an input file; choose another path"
            )
        if os.path.abspath(out) == os.path.abspath(path):
            raise OutputError(
                f"{out}: error: refusing to write over an input file; choose another path"
            )


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write to a temporary file in the same folder, then rename it into place, so a
    reader never sees a half-written file and a failure leaves the old one intact."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: error: cannot write here ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        # keep the usual permissions of a new file (mkstemp creates 0600)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"{path}: error: cannot write the file ({exc.strerror or exc})") from None
