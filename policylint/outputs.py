"""Writing output files safely: atomically, never over a file the run reads, and
never reading policylint's own outputs back as documents."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from .safety import display_path, file_identity, open_regular, real_path


class OutputError(Exception):
    pass


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths lead to the same file: the same inode (hard links, links
    resolved) when both exist, else the same path once links are resolved."""
    ia, ib = file_identity(a), file_identity(b)
    if ia is not None and ib is not None:
        return ia == ib
    return real_path(a) == real_path(b)


def check_outputs(
    outputs: Mapping[str, str | os.PathLike[str]],
    reads: Iterable[str | os.PathLike[str]],
    *,
    may_replace: Mapping[str, str | os.PathLike[str]] | None = None,
) -> None:
    """Refuse (:class:`OutputError`, one line) before anything is read when an output
    would land on a file the run reads, or two outputs on the same file.

    ``outputs`` maps what names the output ("-o", "--report"...) to its path;
    ``reads`` are every file the run reads (documents found in folders included,
    configuration, rule files, baseline); ``may_replace`` maps an output to the one
    input it may replace on purpose (``--write-baseline`` over ``--baseline``)."""
    may_replace = may_replace or {}
    read_list = [r for r in reads if r not in ("-", "<stdin>")]
    identities: dict[tuple[int, int], str] = {}
    real: dict[str, str] = {}
    for path in read_list:
        ident = file_identity(path)
        if ident is not None:
            identities.setdefault(ident, os.fspath(path))
        real.setdefault(real_path(path), os.fspath(path))
    seen: dict[str, str] = {}
    for label, out in outputs.items():
        out_real = real_path(out)
        if out_real in seen:
            raise OutputError(
                f"{display_path(out)}: error: {seen[out_real]} and {label} would write the "
                "same file; choose different paths"
            )
        seen[out_real] = label
        allowed = may_replace.get(label)
        ident = file_identity(out)
        victim = identities.get(ident) if ident is not None else None
        if victim is None:
            victim = real.get(out_real)
        if victim is not None and not (allowed is not None and same_file(allowed, victim)):
            which = (
                ""
                if os.path.abspath(victim) == os.path.abspath(out)
                else f" ({display_path(victim)}, which this run reads)"
            )
            raise OutputError(
                f"{display_path(out)}: error: refusing to write over an input file{which}; "
                f"choose another path for {label}"
            )


def check_not_input(out: str | os.PathLike[str], inputs: Iterable[str]) -> None:
    """Refuse to write ``out`` if it is one of ``inputs`` (links and hard links
    resolved). Kept for library callers; the CLI uses :func:`check_outputs` with every
    file a run reads."""
    check_outputs({"the output": out}, inputs)


# -- policylint's own outputs ---------------------------------------------------------

#: the first line of ``--format text`` output: a finding, or the summary alone
_TEXT_FIRST_LINE = re.compile(
    r"^\S.*?:(?:\d+(?::\d+)?|¶\d+|p\d+(?::\d+)?)?: (?:error|warning|info) "
    r"\[[a-z][a-z-]*/[a-z0-9-]+\] "
    r"|^(?:No findings|\d+ findings?(?: \([^)]*\))?) in \d+ files?\b"
)
_GITHUB_FIRST_LINE = re.compile(r"^::(?:error|warning|notice) (?:file=|title=)")
_HTML_MARK = re.compile(rb'<meta name="generator" content="policylint[ "]')
_SNIFF_BYTES = 4096


def is_own_output(path: str | os.PathLike[str]) -> bool:
    """Whether a file is something policylint wrote: its HTML report (marked with a
    ``generator`` meta tag), or text or GitHub-annotation output saved to a file (its
    first line is a finding or the summary line). Those hold the very clauses they
    report, so linting them would report every finding again. Reads at most 4 KB;
    anything unreadable is "not ours" (the reader reports it)."""
    try:
        with open_regular(path) as fh:
            head = fh.read(_SNIFF_BYTES)
    except (OSError, ValueError):
        return False
    if _HTML_MARK.search(head):
        return True
    text = head.decode("utf-8", "replace").lstrip("\ufeff\r\n\t ")
    first = text.split("\n", 1)[0]
    return bool(_TEXT_FIRST_LINE.match(first) or _GITHUB_FIRST_LINE.match(first))


OWN_OUTPUT_MESSAGE = (
    "is a report written by policylint, not a policy document, so it is not checked "
    "(leave it out of the paths, or add it to exclude)"
)


# -- writing --------------------------------------------------------------------------


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write to a temporary file in the same folder, then rename it into place, so a
    reader never sees a half-written file and a failure leaves the old one intact.
    Text that cannot be encoded as UTF-8 (a lone surrogate from a file name that is
    not UTF-8) is written with escapes, never raising."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    payload = data.encode("utf-8", "backslashreplace") if isinstance(data, str) else data
    shown = display_path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".policylint-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{shown}: error: cannot write here ({exc.strerror or exc})") from None
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
        raise OutputError(
            f"{shown}: error: cannot write the file ({exc.strerror or exc})"
        ) from None
