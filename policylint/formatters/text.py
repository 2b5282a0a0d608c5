"""Terminal output: ``path:line:col: severity [rule] message`` per finding (what
pre-commit and CI show), the sentence and the suggested rewrite under it, grouped per
file, with a summary line. Colour only when writing to a terminal."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import click

from .location import short_location

if TYPE_CHECKING:
    from ..api import Report

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def render(report: Report, *, colour: bool = False, width: int = 100) -> str:
    lines: list[str] = []

    def style(text: str, **kw: object) -> str:
        return click.style(text, **kw) if colour else text  # type: ignore[arg-type]

    wrap_width = max(40, width - 6)
    for result in report.files:
        if result.error:
            continue  # errors go to stderr, one line each (see cli)
        active = result.active
        if not active:
            continue
        if lines:
            lines.append("")
        for f in active:
            where = short_location(result.format, f.line, f.column, f.page)
            prefix = f"{result.path}:{where}:" if where else f"{result.path}:"
            sev = style(str(f.severity), fg=_COLOURS[str(f.severity)], bold=True)
            lines.append(f"{style(prefix, bold=True)} {sev} [{f.rule}] {f.message}")
            if f.excerpt:
                excerpt = f.excerpt
                if colour and f.match and f.start is not None and f.sentence_start is not None:
                    a = f.start - f.sentence_start
                    b = a + len(f.match)
                    excerpt = excerpt[:a] + style(excerpt[a:b], underline=True) + excerpt[b:]
                lines.extend(
                    textwrap.wrap(
                        excerpt, wrap_width, initial_indent="    > ", subsequent_indent="      "
                    )
                    if not colour
                    else ["    > " + excerpt]
                )
            if f.suggestions:
                lines.extend(
                    textwrap.wrap(
                        f.suggestions[0],
                        wrap_width,
                        initial_indent="    " + style("suggest:", fg="green") + " ",
                        subsequent_indent="      ",
                    )
                )
    lines.append("")
    lines.append(summary_line(report, colour=colour))
    return "\n".join(lines).lstrip("\n") + "\n"


def summary_line(report: Report, *, colour: bool = False) -> str:
    s = report.summary()
    n_files = s["files"]
    files = f"{n_files} file{'s' if n_files != 1 else ''}"
    parts = []
    for sev, label in (("error", "error"), ("warning", "warning"), ("info", "info")):
        count = s["by_severity"][sev]
        if count:
            parts.append(f"{count} {label}{'s' if count != 1 and sev != 'info' else ''}")
    if s["findings"]:
        plural = "s" if s["findings"] != 1 else ""
        text = f"{s['findings']} finding{plural} ({', '.join(parts)}) in {files}"
    else:
        text = f"No findings in {files}"
    if s["suppressed"]:
        text += f"; {s['suppressed']} suppressed"
    if s.get("baselined"):
        text += f"; {s['baselined']} in the baseline"
    if s["files_with_errors"]:
        n = s["files_with_errors"]
        text += f"; {n} file{'s' if n != 1 else ''} could not be read"
    text += "."
    if colour:
        fg = "red" if s["by_severity"]["error"] else "yellow" if s["findings"] else "green"
        text = click.style(text, fg=fg, bold=True)
    return text
