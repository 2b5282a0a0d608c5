"""Findings grouped per clause, for the people who read them.

Several rules can fire on one sentence ("Clinicians carry 45 clients and write notes
on their own time" is about caseload and unpaid work). A reader should see that
sentence once, with every rule that found something in it and one rewrite, not two
or three cards with competing rewrites. The text output, the HTML report and
``annotate`` group with :func:`clauses`; machine formats (JSON, SARIF, GitHub
annotations) keep one entry per finding.

The one rewrite of a clause is the first suggestion of each of its rules, the most
severe first, with sentences that repeat an earlier one left out (rules of one
category often end on the same closing sentence). The rules' other suggestions stay
available as alternatives.

The rhetoric rules add a note to their message when a document also has policy
findings ("Raised to warning: this document also has findings about ..."). It is the
same note on every such finding, so readers are shown it once per document
(:func:`split_escalation`); the JSON keeps each message whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from .findings import Finding, normalise_sentence

_SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}
#: the note the engine appends to escalated rhetoric findings (engine/check.py)
_ESCALATION = re.compile(
    r"\s*(Raised to (?:error|warning): this document also has findings about .+?, "
    r"so the rhetoric is backed by policy\.)\s*$"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


def rank(finding: Finding) -> int:
    return _SEVERITY_RANK.get(str(finding.severity), 0)


def split_escalation(message: str) -> tuple[str, str | None]:
    """``(message without the escalation note, the note or None)``."""
    m = _ESCALATION.search(message)
    if m is None:
        return message, None
    return message[: m.start()].rstrip(), m.group(1)


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def combined_rewrite(findings: Sequence[Finding]) -> str:
    """One rewrite for a clause: each rule's first suggestion in order, without
    sentences already said (one rule: its first suggestion as it is)."""
    with_text = [f for f in findings if f.suggestions]
    if len({f.rule for f in with_text}) == 1:
        return with_text[0].suggestions[0]
    seen: set[str] = set()
    parts: list[str] = []
    multi_paragraph = False
    done_rules: set[str] = set()
    for f in findings:
        if not f.suggestions or f.rule in done_rules:
            continue
        done_rules.add(f.rule)
        paragraphs = []
        for paragraph in f.suggestions[0].split("\n\n"):
            kept = []
            for sentence in _sentences(paragraph):
                key = normalise_sentence(sentence)
                if key and key not in seen:
                    seen.add(key)
                    kept.append(sentence)
            if kept:
                paragraphs.append(" ".join(kept))
        if paragraphs:
            multi_paragraph = multi_paragraph or len(paragraphs) > 1
            parts.append("\n\n".join(paragraphs))
    return ("\n\n" if multi_paragraph else " ").join(parts)


@dataclass(frozen=True, eq=False)
class Clause:
    """The unsuppressed span findings on one sentence of one document."""

    #: most severe first, then in order of position, then by rule id
    findings: tuple[Finding, ...]

    @property
    def primary(self) -> Finding:
        return self.findings[0]

    @property
    def first(self) -> Finding:
        """The finding that starts earliest: where the clause is reported."""
        return min(self.findings, key=_position)

    @property
    def severity(self) -> str:
        return str(self.primary.severity)

    @cached_property
    def rules(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.rule for f in self.findings))

    @cached_property
    def categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.category for f in self.findings))

    @cached_property
    def titles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.title for f in self.findings))

    @property
    def excerpt(self) -> str:
        return self.primary.excerpt or ""

    @cached_property
    def rewrite(self) -> str:
        return combined_rewrite(self.findings)

    @cached_property
    def alternatives(self) -> tuple[str, ...]:
        """Suggestions beyond each rule's first, without repeats."""
        out: dict[str, None] = {}
        for f in self.findings:
            for s in f.suggestions[1:]:
                out.setdefault(s)
        return tuple(out)

    def highlights(self) -> list[tuple[int, int]]:
        """The matched words of every finding as ``(start, end)`` offsets in the
        excerpt, merged where they overlap, in order."""
        spans = []
        text = self.excerpt
        for f in self.findings:
            span = match_span(f, text)
            if span is not None:
                spans.append(span)
        spans.sort()
        merged: list[tuple[int, int]] = []
        for a, b in spans:
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        return merged

    def pieces(self) -> list[tuple[str, bool]]:
        """The excerpt as ``(text, highlighted)`` pieces."""
        text = self.excerpt
        out: list[tuple[str, bool]] = []
        at = 0
        for a, b in self.highlights():
            if a > at:
                out.append((text[at:a], False))
            out.append((text[a:b], True))
            at = b
        if at < len(text) or not out:
            out.append((text[at:], False))
        return out


def match_span(finding: Finding, text: str | None = None) -> tuple[int, int] | None:
    """Offsets of the finding's matched words in its excerpt (or ``text``): from the
    positions when they agree with ``finding.match``, else the first occurrence."""
    text = (finding.excerpt or "") if text is None else text
    f = finding
    if f.start is not None and f.end is not None and f.sentence_start is not None:
        a, b = f.start - f.sentence_start, f.end - f.sentence_start
        if 0 <= a < b <= len(text) and (not f.match or text[a:b] == f.match):
            return a, b
    if f.match:
        at = text.find(f.match)
        if at < 0:
            at = text.lower().find(f.match.lower())
        if at >= 0:
            return at, at + len(f.match)
    return None


def _position(f: Finding) -> tuple:
    return (
        f.page if f.page is not None else -1,
        f.block if f.block is not None else -1,
        f.start if f.start is not None else -1,
        f.line if f.line is not None else -1,
        f.column if f.column is not None else -1,
    )


def _key(f: Finding) -> tuple:
    if f.block is not None and f.sentence_start is not None and f.sentence_end is not None:
        return ("offsets", f.block, f.sentence_start, f.sentence_end)
    return ("text", f.page, f.section, normalise_sentence(f.excerpt or ""), f.line)


def clauses(findings: Iterable[Finding]) -> list[Clause]:
    """Unsuppressed span findings grouped by sentence, in document order."""
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        if f.suppressed or f.scope == "document":
            continue
        groups.setdefault(_key(f), []).append(f)
    out = [
        Clause(tuple(sorted(group, key=lambda f: (-rank(f), _position(f), f.rule))))
        for group in groups.values()
    ]
    out.sort(key=lambda c: _position(c.first))
    return out


def escalation_notes(findings: Iterable[Finding]) -> list[str]:
    """The distinct escalation notes among ``findings``, in order."""
    notes: dict[str, None] = {}
    for f in findings:
        _, note = split_escalation(f.message)
        if note:
            notes.setdefault(note)
    return list(notes)
