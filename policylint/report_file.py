"""Where the HTML report goes when the user does not say.

The report is named for what was checked, in the current folder (beside the other
files the user is working on): ``policylint handbook.docx`` writes
``handbook.policylint.html``; ``policylint syllabi/`` writes
``syllabi.policylint.html``; several files from one folder are named for the folder;
anything else gets ``policylint-report.html``. Names end in ``.policylint.html`` so
they are easy to recognise, ignore in git and clean up.

An existing file is never overwritten unless the user asks (``--force``, or an
explicit ``--report PATH``): the next free name is used instead
(``handbook-2.policylint.html``), and the command line says so. Checking two
handbooks in a row therefore keeps both reports, and re-checking one keeps the
earlier report to compare with.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

SUFFIX = ".policylint.html"
FALLBACK = "policylint-report"
_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)


def _stem_of(path: str) -> str:
    p = Path(path)
    if p.is_dir() or path.endswith(("/", os.sep)):
        name = p.resolve().name if p.exists() else p.name
        return name or FALLBACK
    return p.stem or p.name or FALLBACK


def _clean(stem: str) -> str:
    stem = _UNSAFE.sub("-", stem).strip(".-")
    return stem[:80] or FALLBACK


def default_name(paths: Sequence[str], stdin_name: str | None = None) -> str:
    """The report's file name (no folder) for a run over ``paths``."""
    named = [p for p in paths if p != "-"]
    if len(paths) == 1 and paths[0] == "-":
        return _clean(Path(stdin_name).stem if stdin_name else "stdin") + SUFFIX
    if len(named) == 1 and len(paths) == 1:
        return _clean(_stem_of(named[0])) + SUFFIX
    folders = {os.path.dirname(os.path.abspath(p)) for p in named}
    if len(folders) == 1 and named and not any(os.path.isdir(p) for p in named):
        folder = Path(next(iter(folders)))
        return _clean(folder.name or FALLBACK) + SUFFIX
    return FALLBACK + ".html"


def next_free(path: Path) -> Path:
    """``path`` if nothing is there, else the first of ``name-2``, ``name-3``, ...
    (before the ``.policylint.html`` or ``.html`` suffix) that is free."""
    if not os.path.lexists(path):
        return path
    name = path.name
    suffix = SUFFIX if name.endswith(SUFFIX) else path.suffix
    base = name[: len(name) - len(suffix)] if suffix else name
    n = 2
    while True:
        candidate = path.with_name(f"{base}-{n}{suffix}")
        if not os.path.lexists(candidate):
            return candidate
        n += 1


def choose(
    paths: Sequence[str],
    *,
    explicit: str | None = None,
    force: bool = False,
    stdin_name: str | None = None,
    cwd: str | None = None,
) -> tuple[Path, str | None]:
    """The report path to write and, when it is not the plain default name, a note
    saying why (an existing report kept). An explicit path is used as given."""
    if explicit:
        return Path(explicit), None
    folder = Path(cwd or os.getcwd())
    wanted = folder / default_name(paths, stdin_name)
    if force:
        return wanted, None
    chosen = next_free(wanted)
    if chosen != wanted:
        return chosen, f"{wanted.name} already exists and was kept; --force overwrites it"
    return chosen, None


def open_in_browser(path: Path) -> bool:
    """Open the report in the default browser; False when none could be started."""
    import webbrowser

    try:
        return bool(webbrowser.open(path.resolve().as_uri()))
    except Exception:  # no browser, no display: say so rather than fail the run
        return False
