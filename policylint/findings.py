"""Findings: what the engine reports, and the fixed vocabularies they use."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any

#: the eleven categories (DESIGN.md section 2); every rule declares exactly one
CATEGORIES: tuple[str, ...] = (
    "grief-leave",
    "sick-leave",
    "time-off",
    "productivity",
    "caseload",
    "unpaid-work",
    "availability",
    "disclosure",
    "compensation",
    "pre-licensure",
    "martyr-language",
)

CATEGORY_TITLES: dict[str, str] = {
    "grief-leave": "Grief and bereavement leave",
    "sick-leave": "Sick leave",
    "time-off": "Time off",
    "productivity": "Productivity quotas",
    "caseload": "Caseload",
    "unpaid-work": "Unpaid work",
    "availability": "After-hours availability",
    "disclosure": "Disclosure and secrecy",
    "compensation": "Compensation",
    "pre-licensure": "Pre-licensure clinicians",
    "martyr-language": "Self-sacrifice rhetoric",
    # not a rule category: findings about inline suppressions themselves
    "suppression": "Suppressions",
}

PROFILES: tuple[str, ...] = ("handbook", "syllabus", "client-policy")
DEFAULT_PROFILE = "handbook"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def lowered(self) -> Severity:
        return {Severity.ERROR: Severity.WARNING}.get(self, Severity.INFO)


_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}

#: --fail-on values: the lowest severity that makes the run fail
FAIL_ON: tuple[str, ...] = ("error", "warning", "info", "never")


def fails(severity: Severity, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    return severity.rank >= Severity(fail_on).rank


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    category: str
    severity: Severity
    scope: str  # "span" | "document"
    title: str
    message: str
    excerpt: str | None
    match: str | None
    line: int | None
    column: int | None
    end_line: int | None
    end_column: int | None
    page: int | None
    section: str | None
    suggestions: tuple[str, ...]
    fingerprint: str
    suppressed: bool = False
    suppression_reason: str | None = None
    #: the legal floor the clause falls below (``Floor.to_json()`` plus the field, what
    #: the clause states, the assumptions; other jurisdictions under "also"), or None
    law: dict[str, Any] | None = field(default=None, compare=False)
    # positions inside the document model (not part of the JSON contract): the block
    # index, the match's character offsets in that block's text, and the sentence's
    #: character offsets in that block's text
    block: int | None = field(default=None, compare=False)
    start: int | None = field(default=None, compare=False)
    end: int | None = field(default=None, compare=False)
    sentence_start: int | None = field(default=None, compare=False)
    sentence_end: int | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The JSON contract (DESIGN.md section 2, ``policylint/schemas/report-v1.json``)."""
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": str(self.severity),
            "scope": self.scope,
            "title": self.title,
            "message": self.message,
            "excerpt": self.excerpt,
            "match": self.match,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "page": self.page,
            "section": self.section,
            "suggestions": list(self.suggestions),
            "fingerprint": self.fingerprint,
            "suppressed": self.suppressed,
            "suppression_reason": self.suppression_reason,
            "law": self.law,
        }

    def to_cache(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        data["suggestions"] = list(self.suggestions)
        return data

    @classmethod
    def from_cache(cls, data: dict[str, Any]) -> Finding:
        data = dict(data)
        data["severity"] = Severity(data["severity"])
        data["suggestions"] = tuple(data["suggestions"])
        return cls(**data)

    def with_(self, **changes: Any) -> Finding:
        return replace(self, **changes)

    @property
    def sort_key(self) -> tuple:
        doc_level = 0 if self.scope == "document" else 1
        return (
            doc_level,
            self.block if self.block is not None else -1,
            self.start if self.start is not None else -1,
            self.rule,
        )


_NORMALISE = re.compile(r"[\W_]+", re.UNICODE)


def normalise_sentence(text: str) -> str:
    """Lower case, words only: re-wrapping, re-punctuating quotes or moving a
    paragraph does not change it; editing the words does."""
    return " ".join(_NORMALISE.sub(" ", text.lower()).split())


def fingerprint(rule: str, sentence: str | None, occurrence: int) -> str:
    """A stable id for a finding: rule id + normalised sentence + occurrence index
    (the n-th finding of that rule on an identical sentence in the document)."""
    basis = (
        f"{rule}\x00{normalise_sentence(sentence) if sentence else '<document>'}\x00{occurrence}"
    )
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:20]
