"""Inline suppressions: comments in the document that silence a finding, with a reason.

Forms (the reason follows `` -- ``)::

    <!-- policylint-disable-next-line productivity -- quota is set by the state contract -->
    <!-- policylint-disable caseload/no-cap -- reviewed by the board 2026-03 -->
    ...
    <!-- policylint-enable caseload/no-cap -->

The same words after ``#`` on their own line in .txt files, and in .docx a Word comment
on the paragraph whose text starts with ``policylint-disable RULE -- reason``.

- ``disable-next-line`` silences the next block (paragraph, list item, table cell).
- ``disable`` ... ``enable`` silences the blocks between them; without an ``enable``
  it runs to the end of the document.
- A Word comment silences the paragraphs it is anchored on.
- A document-level finding (a missing provision) is silenced by any ``disable``
  that names its rule id or category, or by a bare ``disable`` that is never re-enabled.
- Targets are rule ids or categories, separated by commas or spaces; none means all.

Readers only collect the comments (:class:`~policylint.documents.model.Directive`);
this module interprets them. A suppression without a reason, one that silenced
nothing, or one that is not understood is itself reported as an ``info`` finding
(category ``suppression``); suppressed findings stay in the output, marked, with
their reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .documents.model import Directive, Document
from .findings import Finding, Severity, fingerprint

#: the category of findings about suppressions themselves
CATEGORY = "suppression"
MISSING_REASON = "suppression/missing-reason"
UNUSED = "suppression/unused"
INVALID = "suppression/invalid"
RULE_TITLES = {
    MISSING_REASON: "Suppression without a reason",
    UNUSED: "Suppression that silenced nothing",
    INVALID: "Suppression not understood",
}

_DIRECTIVE = re.compile(
    r"^policylint-(?P<kind>disable-next-line|disable|enable)(?![\w-])\s*(?P<rest>.*)$",
    re.S | re.I,
)
_REASON_SPLIT = re.compile(r"\s+--\s*|\s*--\s+|^--\s*")


@dataclass
class Suppression:
    kind: str  # "next-line" | "range" | "paragraph"
    directive: Directive
    targets: frozenset[str]  # empty: every rule
    reason: str | None
    #: block indexes it covers; None for an unclosed range (to the end, and the document)
    first_block: int = 0
    #: exclusive end of a bare range (None: to the end of the document) ...
    end_block: int | None = None
    #: ... and of each named target of a range, once re-enabled
    ends: dict[str, int] = field(default_factory=dict)
    used: int = 0
    blocks: frozenset[int] = field(default_factory=frozenset)

    def name_for(self, finding: Finding) -> str | None:
        """The target naming this finding ("" when the suppression names none)."""
        if not self.targets:
            return ""
        if finding.rule in self.targets:
            return finding.rule
        if finding.category in self.targets:
            return finding.category
        return None

    def covers(self, finding: Finding) -> bool:
        name = self.name_for(finding)
        if name is None:
            return False
        if finding.scope == "document" or finding.block is None:
            if self.kind != "range":
                return False
            # explicitly named anywhere, or a bare disable left open to the end
            return bool(name) or self.end_block is None
        if self.kind == "paragraph":
            return finding.block in self.blocks
        if self.kind == "next-line":
            return finding.block == self.first_block
        end = self.ends.get(name) if name else self.end_block
        return finding.block >= self.first_block and (end is None or finding.block < end)


def parse(text: str) -> tuple[str, frozenset[str], str | None] | None:
    """``policylint-disable RULES -- reason`` -> (kind, targets, reason); None if the
    comment is not a policylint directive."""
    m = _DIRECTIVE.match(text.strip())
    if not m:
        return None
    kind = m.group("kind").lower()
    rest = m.group("rest").strip()
    parts = _REASON_SPLIT.split(rest, maxsplit=1)
    names = parts[0] if parts else ""
    reason = parts[1].strip() if len(parts) > 1 else None
    targets = frozenset(t for t in re.split(r"[\s,]+", names) if t and t.lower() != "all")
    return kind, targets, reason or None


def apply(
    document: Document,
    findings: Sequence[Finding],
    *,
    known: Iterable[str] = (),
) -> list[Finding]:
    """Mark the findings the document's directives silence and add findings about
    the directives themselves. ``known`` holds the rule ids and categories that
    exist, to report a directive naming something unknown."""
    known_names = set(known)
    suppressions, problems = _collect(document, known_names)
    out: list[Finding] = []
    for finding in findings:
        for s in suppressions:
            if s.covers(finding):
                s.used += 1
                finding = finding.with_(
                    suppressed=True, suppression_reason=s.reason or "(no reason given)"
                )
                break
        out.append(finding)
    for s in suppressions:
        if s.reason is None:
            problems.append(
                (
                    s.directive,
                    MISSING_REASON,
                    "This suppression gives no reason; add one after ' -- ' so that "
                    "readers know why the clause was accepted (e.g. "
                    "'policylint-disable-next-line RULE -- reviewed by the board, 2026-03').",
                )
            )
        if s.used == 0:
            what = ", ".join(sorted(s.targets)) or "any rule"
            problems.append(
                (
                    s.directive,
                    UNUSED,
                    f"This suppression ({what}) silenced no finding; remove it, or check the "
                    "rule id and where it is placed.",
                )
            )
    counts: dict[tuple[str, str], int] = {}
    for directive, rule, message in problems:
        key = (rule, directive.text)
        occurrence = counts.get(key, 0)
        counts[key] = occurrence + 1
        out.append(_meta_finding(document, directive, rule, message, occurrence))
    out.sort(key=lambda f: f.sort_key)
    return out


def _collect(
    document: Document, known: set[str]
) -> tuple[list[Suppression], list[tuple[Directive, str, str]]]:
    suppressions: list[Suppression] = []
    problems: list[tuple[Directive, str, str]] = []
    open_ranges: list[Suppression] = []
    docx_seen: dict[str, Suppression] = {}
    for directive in document.directives:
        parsed = parse(directive.text)
        if parsed is None:
            if directive.text.strip().lower().startswith("policylint"):
                problems.append(
                    (
                        directive,
                        INVALID,
                        f"'{_short(directive.text)}' is not a policylint directive; use "
                        "policylint-disable-next-line, policylint-disable or policylint-enable.",
                    )
                )
            continue
        kind, targets, reason = parsed
        unknown = sorted(t for t in targets if known and t not in known)
        if unknown:
            problems.append(
                (
                    directive,
                    INVALID,
                    f"'{', '.join(unknown)}' is neither a rule id nor a category "
                    "(see `policylint rules list`).",
                )
            )
        if directive.block is not None or (document.format == "docx" and kind != "enable"):
            # a Word comment: it applies to the paragraph(s) it is anchored on; one
            # comment spanning several paragraphs arrives as one directive per block
            key = directive.text
            existing = docx_seen.get(key)
            if existing is not None and directive.block is not None:
                existing.blocks = existing.blocks | {directive.block}
                continue
            s = Suppression(
                "paragraph" if directive.block is not None else "range",
                directive,
                targets,
                reason,
                blocks=frozenset({directive.block} if directive.block is not None else ()),
            )
            docx_seen[key] = s
            suppressions.append(s)
            continue
        start = directive.next_block if directive.next_block is not None else 0
        if kind == "disable-next-line":
            suppressions.append(Suppression("next-line", directive, targets, reason, start))
        elif kind == "disable":
            s = Suppression("range", directive, targets, reason, start)
            suppressions.append(s)
            open_ranges.append(s)
        else:  # enable
            closed = False
            for s in open_ranges:
                if not targets:  # a bare enable ends every open range
                    if s.end_block is None:
                        s.end_block = start
                        closed = True
                    for name in s.targets:
                        if name not in s.ends:
                            s.ends[name] = start
                            closed = True
                    continue
                for name in targets & s.targets:
                    if name not in s.ends:
                        s.ends[name] = start
                        closed = True
            if not closed:
                problems.append(
                    (
                        directive,
                        UNUSED,
                        "This policylint-enable matches no earlier policylint-disable.",
                    )
                )
    return suppressions, problems


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _meta_finding(
    document: Document, directive: Directive, rule: str, message: str, occurrence: int
) -> Finding:
    line = directive.line
    column: int | None = 1 if line is not None else None
    end_line = directive.end_line if line is not None else None
    page = None
    section = None
    block_index = directive.block if directive.block is not None else directive.next_block
    if block_index is not None and 0 <= block_index < len(document.blocks):
        block = document.blocks[block_index]
        section = block.section_path or None
        if line is None:
            where = block.locate(0)
            line, column, page = where.line, where.column, where.page
            end_line = line
    return Finding(
        rule=rule,
        category=CATEGORY,
        severity=Severity.INFO,
        scope="span",
        title=RULE_TITLES[rule],
        message=message,
        excerpt=_short(directive.text, 200),
        match=None,
        line=line,
        column=column,
        end_line=end_line,
        end_column=None,
        page=page,
        section=section,
        suggestions=(),
        fingerprint=fingerprint(rule, directive.text, occurrence),
        block=block_index,
    )
