"""Terminal output, short by default.

Per file, one line per flagged clause (``path:line:col: severity [rule] title``; all
the rules that found something in the clause are listed in the brackets, most severe
first) and one per missing provision (``path: severity [rule] title``). These lines
are what pre-commit and CI show and what editors' problem matchers parse. Then a
summary: a table of the policy areas (what was found, or "no concerns", or "not
checked"), the profile each file was checked as and why, and a totals line.

``verbose`` adds, under each clause, the sentence (matched words underlined in
colour), what each rule found and why it matters, and the one suggested rewrite.
``quiet`` prints only the summary.

Colour is decided by the caller (:mod:`policylint.terminal`); wrapping is measured
without escape codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..findings import CATEGORIES, CATEGORY_TITLES
from ..grouping import Clause, clauses, escalation_notes, rank, split_escalation
from ..profiles import OVERRIDE_HINT
from ..terminal import Styler, wrap
from .lawinfo import all_floors, citation_line
from .location import short_location

if TYPE_CHECKING:
    from ..api import FileResult, Report

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}
#: files of one profile listed by name in the summary; more are counted
_LIST_FILES = 3


def render(
    report: Report,
    *,
    colour: bool = False,
    width: int = 100,
    verbose: bool = False,
    quiet: bool = False,
) -> str:
    style = Styler(colour)
    lines: list[str] = []
    why = {rule.id: " ".join(rule.why.split()) for rule in report.ruleset} if verbose else {}
    if not quiet:
        for result in report.files:
            if result.error:
                continue  # errors go to stderr, one line each (see cli)
            body = _file_lines(result, style, width, verbose, why)
            if body:
                if lines and verbose:
                    lines.append("")
                lines.extend(body)
    summary = summary_lines(report, colour=colour, width=width, verbose=verbose)
    if summary:
        if lines:
            lines.append("")
        lines.extend(summary)
    return "\n".join(lines) + "\n" if lines else ""


# -- findings -------------------------------------------------------------------------


def _severity(style: Styler, severity: str) -> str:
    return style(severity, fg=_COLOURS.get(severity, "cyan"), bold=True)


def _file_lines(
    result: FileResult, style: Styler, width: int, verbose: bool, why: Mapping[str, str]
) -> list[str]:
    active = result.active
    if not active:
        return []
    out: list[str] = []
    documents = sorted(
        (f for f in active if f.scope == "document"), key=lambda f: (-rank(f), f.rule)
    )
    for f in documents:
        out.append(
            f"{style(result.path + ':', bold=True)} {_severity(style, str(f.severity))} "
            f"[{f.rule}] {f.title}"
        )
        if verbose:
            out.extend(_para("missing:", f.message, style, width))
            if f.suggestions:
                out.extend(_para("add:", f.suggestions[0], style, width, fg="green"))
    for clause in clauses(active):
        out.append(clause_line(result, clause, style))
        for f in clause.findings:
            for law in all_floors(f.law):
                out.extend(_para("legal floor:", citation_line(law), style, width, fg="red"))
        if verbose:
            out.extend(_clause_details(clause, style, width, why))
    if verbose:
        for note in escalation_notes(active):
            out.extend(_para("note:", note, style, width))
    return out


def clause_line(result: FileResult, clause: Clause, style: Styler | None = None) -> str:
    """``path:line:col: severity [rule, rule] Title; Title``"""
    style = style or Styler(False)
    f = clause.first
    where = short_location(result.format, f.line, f.column, f.page)
    prefix = f"{result.path}:{where}:" if where else f"{result.path}:"
    rules = ", ".join(clause.rules)
    titles = "; ".join(clause.titles)
    return f"{style(prefix, bold=True)} {_severity(style, clause.severity)} [{rules}] {titles}"


def _para(
    label: str, text: str, style: Styler, width: int, *, indent: int = 4, fg: str | None = None
) -> list[str]:
    """A labelled paragraph, wrapped under the label; paragraphs of ``text`` that are
    separated by blank lines stay separate."""
    head = " " * indent + (style(label, fg=fg, bold=fg is None) if fg else style(label, bold=True))
    rest = " " * (indent + 2)
    out: list[str] = []
    for n, paragraph in enumerate(text.split("\n\n")):
        out.extend(
            wrap(
                paragraph,
                width,
                initial_indent=(head + " ") if n == 0 else rest,
                subsequent_indent=rest,
            )
        )
    return out


def _clause_details(clause: Clause, style: Styler, width: int, why: Mapping[str, str]) -> list[str]:
    out: list[str] = []
    if clause.excerpt:
        segments = [
            (text, style(text, underline=True, bold=True) if marked else text)
            for text, marked in clause.pieces()
        ]
        out.extend(wrap(segments, width, initial_indent="    > ", subsequent_indent="      "))
    for f in clause.findings:
        message, _ = split_escalation(f.message)
        many = len(clause.findings) > 1
        if many:
            head = f"{f.title} [{f.rule}]:"
            out.extend(_para(head, message, style, width))
        else:
            out.extend(_para("what:", message, style, width))
        reason = why.get(f.rule, "")
        if reason:
            out.extend(_para("why:", reason, style, width, indent=6 if many else 4))
    if clause.rewrite:
        out.extend(_para("rewrite:", clause.rewrite, style, width, fg="green"))
    return out


# -- summary --------------------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    if word == "info" or n == 1:
        return f"{n:,} {word}"
    return f"{n:,} {word}s"


def area_rows(report: Report) -> list[tuple[str, str, str]]:
    """``(category, title, result text)`` for every policy area, plus suppressions when
    there are suppression findings."""
    checked = set(report.checked_categories())
    active = report.findings()
    rows = []
    for category in (*CATEGORIES, "suppression"):
        mine = [f for f in active if f.category == category]
        if category == "suppression" and not mine:
            continue
        spans = [f for f in mine if f.scope != "document"]
        missing = [f for f in mine if f.scope == "document"]
        parts = []
        for sev in ("error", "warning", "info"):
            n = sum(1 for f in spans if str(f.severity) == sev)
            if n:
                parts.append(_plural(n, sev))
        if missing:
            parts.append(_plural(len(missing), "missing provision"))
        if parts:
            text = ", ".join(parts)
        elif category in checked:
            text = "no concerns"
        else:
            text = "not checked"
        rows.append((category, CATEGORY_TITLES.get(category, category), text))
    return rows


def _row_style(category: str, text: str, report: Report, style: Styler) -> str:
    if text == "no concerns":
        return style(text, fg="green")
    if text == "not checked":
        return style(text, dim=True)
    worst = max(
        (rank(f) for f in report.findings() if f.category == category),
        default=0,
    )
    fg = {3: "red", 2: "yellow", 1: "cyan"}.get(worst)
    return style(text, fg=fg) if fg else text


def summary_lines(
    report: Report, *, colour: bool = False, width: int = 100, verbose: bool = False
) -> list[str]:
    """The area table, the profiles and the totals; nothing when no file was read
    (the command line says so on stderr)."""
    style = Styler(colour)
    if not report.read:
        return []
    rows = area_rows(report)
    name_width = max(len(title) for _, title, _ in rows)
    out = [style(f"{'Policy area':<{name_width}}  Result", bold=True)]
    for category, title, text in rows:
        out.append(f"{title:<{name_width}}  {_row_style(category, text, report, style)}")
    out.append("")
    out.extend(profile_lines(report, style, width, verbose=verbose))
    out.extend(legal_lines(report, style, width))
    out.append(summary_line(report, colour=colour))
    return out


def legal_lines(report: Report, style: Styler, width: int) -> list[str]:
    """The legal floors used (and any verified more than a year ago), or one line
    suggesting a jurisdiction when a rule backed by a legal floor fired without one."""
    out: list[str] = []
    header = report.legal_header()
    if header is not None:
        label, _, rest = header.partition(": ")
        out.extend(wrap(f"{style(label + ':', bold=True)} {rest}", width, subsequent_indent="  "))
        legal = report.legal() or {}
        for item in legal.get("stale", []):
            out.extend(
                wrap(
                    f"{style(item['severity'] + ':', fg='cyan', bold=True)} {item['message']}",
                    width,
                    subsequent_indent="  ",
                )
            )
    hint = report.law_hint()
    if hint is not None:
        out.extend(
            wrap(f"{style('Legal floors:', bold=True)} {hint}", width, subsequent_indent="  ")
        )
    return out


def profile_lines(report: Report, style: Styler, width: int, *, verbose: bool = False) -> list[str]:
    """Which profile each file was checked as, why, and how to change it."""
    read = report.read
    if not read:
        return []
    if len(read) == 1:
        r = read[0]
        text = f"{r.profile}, {r.profile_reason}" if r.profile_reason else r.profile
        return wrap(
            f"{style('Profile:', bold=True)} {text}; to change it, use {OVERRIDE_HINT}.",
            width,
            subsequent_indent="  ",
        )
    by_profile: dict[str, list[FileResult]] = {}
    for r in read:
        by_profile.setdefault(r.profile, []).append(r)
    out = [style("Profiles:", bold=True)]
    for profile, files in by_profile.items():
        if len(files) <= _LIST_FILES or verbose:
            for r in files:
                out.extend(
                    wrap(
                        f"{profile}: {r.path} ({r.profile_reason or r.profile_source})",
                        width,
                        initial_indent="  ",
                        subsequent_indent="    ",
                    )
                )
        else:
            sources: dict[str, int] = {}
            for r in files:
                sources[r.profile_source] = sources.get(r.profile_source, 0) + 1
            how = ", ".join(f"{n} {source}" for source, n in sources.items())
            out.append(f"  {profile}: {len(files)} files ({how}; --verbose lists them)")
    out.extend(wrap(f"To change them, use {OVERRIDE_HINT}.", width, subsequent_indent="  "))
    return out


def summary_line(report: Report, *, colour: bool = False) -> str:
    s = report.summary()
    n_files = len(report.read)
    files = f"{n_files} file{'s' if n_files != 1 else ''}"
    parts = []
    for sev in ("error", "warning", "info"):
        count = s["by_severity"][sev]
        if count:
            parts.append(_plural(count, sev))
    active = report.findings()
    n_clauses = len(clauses(active))
    n_missing = sum(1 for f in active if f.scope == "document")
    if s["findings"]:
        plural = "s" if s["findings"] != 1 else ""
        where = []
        if n_clauses:
            where.append(_plural(n_clauses, "clause"))
        if n_missing:
            where.append(_plural(n_missing, "missing provision"))
        text = f"{s['findings']} finding{plural} ({', '.join(parts)}) on {' and '.join(where)}"
        text += f" in {files}"
    else:
        text = f"No findings in {files}"
    if s["suppressed"]:
        text += f"; {s['suppressed']} suppressed"
    if s.get("baselined"):
        text += f"; {s['baselined']} in the baseline"
    if s["files_with_errors"]:
        n = s["files_with_errors"]
        text += f"; {n} file{'s' if n != 1 else ''} could not be read"
    if report.excluded:
        n = len(report.excluded)
        text += f"; {n} file{'s' if n != 1 else ''} excluded by the configuration"
    text += "."
    if colour:
        import click

        fg = (
            "red"
            if s["by_severity"]["error"] or s["files_with_errors"]
            else "yellow"
            if s["findings"]
            else "green"
        )
        text = click.style(text, fg=fg, bold=True)
    return text
