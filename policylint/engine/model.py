"""Rules as values: what the loader builds from YAML and the matcher compiles.

Nothing here imports spaCy; loading and validating rules is cheap, so that a cached
run can hash the rule set without paying for the language pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

from ..findings import Severity

CONTEXT_MODES = ("skip-negated", "only-negated", "any")
REPORTED_MODES = ("skip", "include")
HEDGED_MODES = ("lower", "keep", "skip")
#: ``scope`` in rule files: "clause" (the default; "span" is the older name) keeps
#: every part of a match in one clause group, "sentence" lets parts come from several,
#: "document" is a whole-document check
SCOPES = ("clause", "sentence", "span", "document")
#: where a frame's topic may come from (see :class:`Frame`)
TOPIC_SOURCES = ("clause", "sentence", "lead", "heading")
ACTORS = ("worker", "client")
PERIODS = ("day", "week", "month", "year")
COMPARISONS = ("above", "at_least", "below", "at_most")


@dataclass(frozen=True, slots=True)
class Phrases:
    phrases: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Patterns:
    #: spaCy Matcher token patterns (lists of dicts), kept as plain data
    patterns: tuple[tuple[dict[str, Any], ...], ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Regex:
    pattern: str
    case_sensitive: bool = False
    line: int = 0


@dataclass(frozen=True, slots=True)
class QuantityMatch:
    #: canonical units the quantity may have; None in the tuple means a bare number
    units: tuple[str | None, ...] | None
    per: str | None
    topic: tuple[str, ...] = ()
    #: topic words must be within this many tokens of the quantity; None = sentence
    near: int | None = 6
    #: (comparison, threshold) where threshold is a number or a param name
    compare: tuple[str, float | str] | None = None
    #: which end of a range is compared: "low", "high", or None for the end the
    #: comparison means (above/at_least: low; below/at_most: high)
    end: str | None = None
    #: coverage windows ("24 hours a day", "7 days a week") are availability, not
    #: workload: only rules that say ``coverage: true`` see them
    coverage: bool = False
    line: int = 0


@dataclass(frozen=True, slots=True)
class ConceptLeaf:
    """Any term of the named concepts (see :mod:`policylint.engine.concepts`).
    ``phrases`` and ``terms`` matches become a leaf over an anonymous concept."""

    names: tuple[str, ...]
    line: int = 0
    #: what the rule file said (for ``rules show``): "concept", "terms" or "phrases"
    written_as: str = "concept"


@dataclass(frozen=True, slots=True)
class Frame:
    """A restriction on a topic, within one clause group.

    Matches where a ``restriction`` term is stated (not negated by a trigger outside
    the matched words) and a ``topic`` term is found, nearest first: in the same
    clause group, earlier in the sentence, in the lead-in of a list or the headers of
    a table cell, or in the heading path. ``actor: worker`` fails when the nearest
    party to the topic is a client ("If a client is ill, ..."); ``unless`` terms in the
    clause group (not negated) cancel the match ("the front desk will reschedule")."""

    topic: tuple[str, ...]
    restriction: tuple[str, ...]
    actor: str | None = None
    unless: tuple[str, ...] = ()
    topic_from: tuple[str, ...] = TOPIC_SOURCES
    #: where ``unless`` terms count: "clause" (the restriction's clause group) or
    #: "sentence" ("A contracted service answers the line, so no clinician is on call")
    unless_from: str = "clause"
    line: int = 0


@dataclass(frozen=True, slots=True)
class All:
    children: tuple[MatchNode, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Any_:
    children: tuple[MatchNode, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Not:
    child: MatchNode
    line: int = 0


@dataclass(frozen=True, slots=True)
class Absent:
    child: MatchNode
    line: int = 0


@dataclass(frozen=True, slots=True)
class LawLink:
    """A rule's link to a legal floor (``law:`` in the rule file): the topic and the
    field of :mod:`policylint.laws` its match is compared with when a jurisdiction
    is configured. Quantity fields compare the matched quantity; flag fields the match
    itself (a match states the practice: True for "forbidden" fields, False for
    "required" ones)."""

    topic: str
    field: str
    #: what a match without a quantity states, in the field's unit (e.g. 0: a note
    #: "for any sick day" is documentation after 0 days); None: no legal comparison
    value: float | None = None
    #: a regex the matched words must contain for the match to state the practice
    #: the law is about (e.g. "cover|replacement" for a replacement-worker condition)
    when: str | None = None
    line: int = 0


MatchNode = Union[  # noqa: UP007
    Phrases, Patterns, Regex, QuantityMatch, ConceptLeaf, Frame, All, Any_, Not, Absent
]


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    severity: Severity
    title: str
    message: str
    why: str
    suggest: tuple[str, ...]
    match: MatchNode
    params: dict[str, Any] = field(default_factory=dict)
    profiles: frozenset[str] = frozenset()
    context: str = "skip-negated"
    reported: str = "skip"
    hedged: str = "lower"
    scope: str = "span"
    #: span rules: "clause" (every part of the match in one clause group) or "sentence"
    within: str = "clause"
    #: breaks ties when rules of different categories match the same words of a
    #: clause (see ``Engine``): higher wins
    priority: int = 0
    references: tuple[str, ...] = ()
    flag_examples: tuple[str, ...] = ()
    pass_examples: tuple[str, ...] = ()
    #: examples to be read under a profile other than the default one
    example_profiles: dict[str, str] = field(default_factory=dict)
    source: str = ""
    line: int = 0
    #: ``why`` as written (it may use ``{{ params.x }}``); ``why`` is rendered with
    #: the rule's params, and again by :func:`with_params` for configured overrides
    why_template: str = ""
    #: document-level rules only: the check runs only on documents where each of these
    #: matches somewhere (e.g. "no bereavement leave" only for documents about leave)
    requires: tuple[MatchNode, ...] | None = None
    #: (severity, categories): raise this rule's findings to that severity in a document
    #: that also has findings in one of those categories
    escalate: tuple[str, tuple[str, ...]] | None = None
    #: the legal floor this rule compares with when a jurisdiction is configured
    law: LawLink | None = None

    def with_params(self, overrides: dict[str, Any]) -> Rule:
        """This rule with ``why`` rendered for configured param overrides."""
        if not overrides or "{" not in self.why_template:
            return self
        from dataclasses import replace

        from .suggest import render

        return replace(
            self, why=render(self.why_template, {"params": {**self.params, **overrides}})
        )

    @property
    def slug(self) -> str:
        return self.id.split("/", 1)[1]

    def applies_to(self, profile: str) -> bool:
        return profile in self.profiles

    def __hash__(self) -> int:
        return hash(self.id)


def walk(node: MatchNode):  # type: ignore[no-untyped-def]
    """Yield every node of a match tree, depth first."""
    yield node
    if isinstance(node, All | Any_):
        for child in node.children:
            yield from walk(child)
    elif isinstance(node, Not | Absent):
        yield from walk(node.child)
