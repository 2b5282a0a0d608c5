"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

Chosen automatically under ``GITHUB_ACTIONS=true`` when no ``--format`` is given (as
yamllint does). Each active finding becomes one line::

    ::warning file=policies/pto.md,line=12,col=5,endLine=12,endColumn=40,title=...::message

* ``error`` -> ``::error``, ``warning`` -> ``::warning``, ``info`` -> ``::notice``.
* ``file`` is relative to the git repository root holding the file (else to the
  current folder), with forward slashes, as the runner expects.
* Text formats (.md, .txt, .html) give ``line``/``endLine`` and, when the span stays on
  one line, ``col``/``endColumn`` (GitHub accepts columns only on a single line;
  ``endColumn`` is exclusive, as in the JSON and SARIF output). A .docx or .pdf has
  no source lines a diff could show, so its annotations carry ``file`` only and the
  message says ``paragraph 12`` or ``page 3, line 4``; whole-document findings also
  carry ``file`` only.
* Escaping follows the workflow-command rules: in the message ``%`` -> ``%25``,
  CR -> ``%0D``, LF -> ``%0A``; in property values also ``:`` -> ``%3A`` and
  ``,`` -> ``%2C``. Document text therefore cannot start a new workflow command.
* Suppressed findings are not shown. A file that could not be read is an ``::error``
  on that file. The last line is the plain-text summary (not a workflow command).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..findings import Finding
from .sarif import TEXT_FORMATS, display_path, message_text
from .text import summary_line

if TYPE_CHECKING:
    from ..api import Report

COMMANDS: dict[str, str] = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    """Escape a workflow command's message."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    """``::name key=value,...::message`` with every part escaped; properties whose
    value is None are left out."""
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None
    )
    head = f"::{name} {props}" if props else f"::{name}"
    return f"{head}::{escape_data(message)}"


def _position(fmt: str | None, f: Finding) -> dict[str, int | None]:
    if fmt not in TEXT_FORMATS or f.scope == "document" or f.page is not None or not f.line:
        return {}
    end_line = f.end_line if f.end_line and f.end_line >= f.line else f.line
    one_line = end_line == f.line and bool(f.column)
    return {
        "line": f.line,
        "col": f.column if one_line else None,
        "endLine": end_line,
        "endColumn": f.end_column if one_line and f.end_column else None,
    }


def annotation(path: str, fmt: str | None, f: Finding) -> str:
    message = message_text(fmt, f)
    if f.suggestions:
        message += f"\nSuggested rewrite: {f.suggestions[0]}"
    return command(
        COMMANDS[str(f.severity)],
        message,
        file=path,
        **_position(fmt, f),
        title=f"{f.title} [{f.rule}]",
    )


def render(report: Report) -> str:
    lines: list[str] = []
    for result in report.files:
        path = display_path(result.path)
        if result.error:
            lines.append(
                command(
                    "error", result.error, file=path, title="policylint could not read this file"
                )
            )
            continue
        for f in sorted(result.active, key=lambda f: f.sort_key):
            lines.append(annotation(path, result.format, f))
    for problem in report.problems:
        lines.append(command("error", problem, title="policylint"))
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
