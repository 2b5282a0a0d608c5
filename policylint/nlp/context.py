"""Context: is a matched clause negated, hedged, or only reported?

The ConText / NegEx idea (as medspaCy and negspacy implement it), tuned for policy
language. A spaCy component finds *triggers* with one PhraseMatcher (cheap); the
scope of each trigger within its sentence is worked out lazily, only for sentences
where a rule matched, and cached on the Doc.

Trigger classes:

* negation, forward ("not required to", "are not expected to", "never", "optional",
  "may decline") or backward ("... is not provided", "... is optional"; these also
  reach forward);
* hedge ("encouraged to", "where possible"): the finding's severity is lowered;
* reported speech, the one critique filter every rule shares: quotations, "the myth
  that", "the idea that", "we reject", citations such as "(Franco, 2023)": the
  sentence talks *about* a policy rather than setting one;
* pseudo triggers ("not only", "no more than", "no-shows"): contain a trigger word
  but do not negate;
* terminators ("but", "however", "will", "must"): end a forward scope.

Scope ends at a clause seam (:mod:`policylint.nlp.clauses`): "and is/are/will/must",
"therefore", "so that", a relative or subordinate clause. So "If you do not meet the
target, your pay is reduced" negates only the condition, and "... is not billable and
so is not compensated" keeps the two statements apart.

Negation that belongs to the match: :func:`status` takes the pieces a rule matched,
and a trigger lying inside them is part of the match ("do not count as excused",
"are not eligible for paid leave until ...", "no maximum caseload"), not a comment
on it. Only a trigger outside every matched piece negates the finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

NEG_FORWARD = [
    "not", "n't", "n’t", "never", "nor", "neither", "cannot",
    "not required to", "are not required to", "is not required to", "will not be required to",
    "not expected to", "are not expected to", "is not expected to", "never expected to",
    "not obligated to", "not asked to", "never asked to", "will not be asked to",
    "do not need to", "does not need to", "don't need to", "don’t need to", "need not",
    "doesn't need to", "doesn’t need to", "do not have to", "does not have to",
    "don't have to", "don’t have to", "no need to", "no requirement to", "no expectation",
    "no expectation that", "no obligation", "no obligation to", "not responsible for",
    "may decline", "can decline", "may decline to", "free to decline", "may refuse",
    "may opt out", "can opt out", "may choose not to", "optional", "voluntary",
    "is optional", "are optional", "prohibited from", "are prohibited from",
    "is prohibited from", "may not ask", "will not ask", "never ask", "should not ask",
    "not required", "not expected", "not mandatory", "not necessary", "not needed",
    "no one is expected to", "no one is required to", "no one is obligated to",
    "no one is asked to", "no one should", "no one has to", "no one needs to",
    "no one will be asked to", "no one will be expected to", "no one will be required to",
    "nobody is expected to", "nobody is required to", "nobody is obligated to",
    "nobody is asked to", "nobody should", "nobody has to", "nobody needs to",
    "no one is expected", "nobody is expected", "no one is", "nobody is", "no one will be",
    "nobody will be", "no one gets", "nobody gets", "no one ever", "nobody ever",
    "no one will", "nobody will",
]  # fmt: skip
NEG_SHORT = ["no", "without", "non"]  # forward, short scope
NEG_BACKWARD = [
    "is not required", "are not required", "is not expected", "are not expected",
    "is optional", "are optional", "is voluntary", "are voluntary", "is not mandatory",
    "are not mandatory", "is not necessary", "are not necessary", "not required",
    "not expected", "not mandatory", "is not provided", "are not provided",
    "is not offered", "are not offered", "is not available", "are not available",
    "not provided", "not offered", "is not granted", "are not granted", "is not needed",
    "are not needed", "is never required", "are never required", "is never expected",
    "are never expected", "is not a requirement", "is never a requirement",
    "is not an expectation", "is never an expectation", "is not a condition",
    "will not be required", "will never be required",
]  # fmt: skip
HEDGE_FORWARD = [
    "encouraged to", "are encouraged to", "is encouraged to", "strongly encouraged to",
    "are strongly encouraged to", "is recommended", "are recommended", "recommended",
    "where possible", "when possible", "if possible", "whenever possible", "ideally",
    "try to", "aim to", "should try to", "may wish to", "whenever feasible",
    "when feasible", "where feasible", "to the extent possible", "we suggest",
    "preferably", "if able", "are welcome to", "is welcome to", "invited to",
]  # fmt: skip
HEDGE_BACKWARD = [
    "where possible", "when possible", "if possible", "whenever possible",
    "when feasible", "where feasible", "if feasible", "whenever feasible",
    "is encouraged", "are encouraged", "is recommended", "are recommended",
    "is appreciated", "if you can", "when you can", "to the extent possible",
    "is welcome", "are welcome",
]  # fmt: skip
REPORTED_FORWARD = [
    "the myth that", "the idea that", "the notion that", "the belief that",
    "the assumption that", "the misconception that", "the stereotype that",
    "the trope that", "the narrative that", "the cliché that", "the cliche that",
    "the old saying that", "the saying that", "the claim that", "the message that",
    "the culture that", "so-called", "so called", "critiques", "critique of",
    "critiques the", "challenges the idea", "we reject", "rejects the", "we do not believe",
    "we don't believe", "we don’t believe", "it is often said", "is often said",
    "are often told", "are told that", "were told that", "was told that", "hear that",
    "heard that", "told her", "told him", "told them", "told me", "examines", "examine",
    "examining", "explores", "explore", "exploring", "discusses", "discuss why",
    "the reading", "readings on", "the article", "the chapter", "the study",
    "research shows", "research on", "studies show", "the literature on", "reflect on",
    "we will examine", "we will discuss", "students will examine", "students will discuss",
    "case study", "case vignette", "the vignette", "questions the", "have been linked to",
    "has been linked to", "is linked to", "are linked to", "talk openly about",
    "some agencies", "many agencies", "other agencies", "other practices", "other clinics",
    "many community agencies", "at a lot of", "are common at", "is common at",
    "are common in", "is common in", "presented as", "tells staff that", "tell staff that",
    "tells employees that", "were taught that", "are taught that", "was taught that",
    "told that", "a discussion of", "discussion of", "this course rejects", "the course rejects",
    "vignette",
]  # fmt: skip
PSEUDO = [
    "not only", "not just", "no more than", "not more than", "no less than",
    "not less than", "no fewer than", "not fewer than", "not limited to",
    "no later than", "not later than", "no sooner than", "no matter", "no-show",
    "no-shows", "no show", "no shows", "not sure", "no one", "not to exceed",
    "no longer than", "nothing in this", "not-for-profit", "non-profit", "nonprofit",
    "no exceptions", "not otherwise", "without limitation", "unless otherwise",
    "no doubt", "not least", "if not", "whether or not",
]  # fmt: skip
#: reported speech ("the idea that ...") runs to the end of the sentence, except past
#: these, which start a clause of the document's own voice
REPORT_STOP_WORDS = frozenset(
    {"but", "however", "although", "though", "whereas", "yet", "instead", "rather", ";"}
)
TERMINATORS = [
    "but", "however", "although", "though", "except", "unless", "yet", "whereas",
    ";", "will", "must", "shall", "should", "instead", "rather", "otherwise",
    "so", "because",
]  # fmt: skip
FORWARD_SCOPE = 12
#: after "no <noun> is/will be ...": a duty nobody has ("no trainee is asked to")
_DUTY = frozenset(
    {"asked", "required", "expected", "obliged", "obligated", "forced", "pressured", "made",
     "must", "needs", "need", "has", "have", "responsible"}
)  # fmt: skip
#: words that may come before a clause-opening "no" ("so no clinician is on call")
_OPENERS = frozenset({"so", "and", "but", "or", "that", "there", "is", "are", "will", "be", ","})
#: where a "no" / "without" scope ends: the verb after the noun phrase it negates
_VERBISH = frozenset(
    {"is", "are", "was", "were", "be", "been", "will", "shall", "must", "may", "can", "should",
     "would", "could", "has", "have", "had", "do", "does", "did", "need", "needs"}
)  # fmt: skip
SHORT_SCOPE = 8
BACKWARD_SCOPE = 10

_CITATION = re.compile(
    r"\((?:see |e\.g\.,? |cf\.? )?[A-Z][\w'’.-]+(?: et al\.?)?(?:,? (?:and|&) [A-Z][\w'’-]+)?,? "
    r"(?:19|20)\d{2}[a-z]?(?:[;,][^)]*)?\)"
    r"|\b[A-Z][\w'’-]+(?: et al\.?)?(?: (?:and|&) [A-Z][\w'’-]+)? \((?:19|20)\d{2}[a-z]?\)"
)
_OPEN_QUOTES = {'"': '"', "“": "”", "‘": "’", "«": "»", "„": "“"}
_QUOTE_CHARS = frozenset(_OPEN_QUOTES)

# trigger labels
NEG_F, NEG_B, NEG_S, HEDGE_F, HEDGE_B, REPORT_F, PSEUDO_L, TERM = (
    "NEG_F", "NEG_B", "NEG_S", "HEDGE_F", "HEDGE_B", "REPORT_F", "PSEUDO", "TERM",
)  # fmt: skip
TRIGGERS: dict[str, list[str]] = {
    NEG_F: NEG_FORWARD,
    NEG_B: NEG_BACKWARD,
    NEG_S: NEG_SHORT,
    HEDGE_F: HEDGE_FORWARD,
    HEDGE_B: HEDGE_BACKWARD,
    REPORT_F: REPORTED_FORWARD,
    PSEUDO_L: PSEUDO,
    TERM: TERMINATORS,
}
_PRIORITY = {
    PSEUDO_L: 0,
    NEG_B: 1,
    NEG_F: 2,
    REPORT_F: 3,
    HEDGE_B: 4,
    HEDGE_F: 5,
    NEG_S: 6,
    TERM: 7,
}


@dataclass(frozen=True, slots=True)
class Trigger:
    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Scope:
    """What a trigger governs: ``kind`` is "negated", "hedged" or "reported"; tokens
    [start, end) of the Doc, the trigger included."""

    kind: str
    trigger: Trigger
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SentenceContext:
    scopes: tuple[Scope, ...]
    #: tokens inside quotation marks or in a sentence with a citation (no trigger owns
    #: them, so no match can own them away)
    quoted: frozenset[int]
    triggers: tuple[Trigger, ...]


@dataclass(frozen=True, slots=True)
class Status:
    negated: bool
    hedged: bool
    reported: bool


class ContextComponent:
    """spaCy component: records trigger matches on ``doc._.pl_triggers``."""

    def __init__(self, nlp) -> None:  # type: ignore[no-untyped-def]
        from spacy.matcher import PhraseMatcher

        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for label, phrases in TRIGGERS.items():
            self.matcher.add(label, [nlp.make_doc(p) for p in phrases])
        self.labels = {nlp.vocab.strings[label]: label for label in TRIGGERS}

    def __call__(self, doc: Doc) -> Doc:
        found = [(self.labels[m], s, e) for m, s, e in self.matcher(doc)]
        doc._.pl_triggers = found
        return doc


def _resolve(found: list[tuple[str, int, int]], lo: int, hi: int) -> list[Trigger]:
    """Triggers inside [lo, hi): the longest wins where they overlap; pseudo triggers
    and longer phrases hide the shorter triggers inside them."""
    cands = [(label, s, e) for label, s, e in found if s >= lo and e <= hi]
    cands.sort(key=lambda t: (-(t[2] - t[1]), _PRIORITY[t[0]], t[1]))
    taken: set[int] = set()
    out: list[Trigger] = []
    for label, s, e in cands:
        if any(i in taken for i in range(s, e)):
            continue
        taken.update(range(s, e))
        if label != PSEUDO_L:
            out.append(Trigger(label, s, e))
    out.sort(key=lambda t: t.start)
    return out


def sentence_context(doc: Doc, sent: Span) -> SentenceContext:
    """Every trigger of ``sent`` with the tokens it governs. Scopes end at clause
    seams (see :mod:`policylint.nlp.clauses`) and at terminators, so that a negation
    in a condition, a relative or a purpose clause stays there."""
    cache = doc.user_data.setdefault("pl_context", {})
    hit = cache.get(sent.start)
    if hit is not None:
        return hit
    from .clauses import sentence_clauses

    lo, hi = sent.start, sent.end
    triggers = _resolve(getattr(doc._, "pl_triggers", None) or [], lo, hi)
    clauses = sentence_clauses(doc, sent)
    terms = [t.start for t in triggers if t.label == TERM]
    lowers = [t.lower_ for t in doc[lo:hi]]
    report_stops = [p for p in terms if lowers[p - lo] in REPORT_STOP_WORDS]
    scopes: list[Scope] = []

    def forward_end(t: Trigger, limit: int) -> int:
        end = min(clauses.clause_at(t.start).end, t.end + limit)
        for p in terms:
            if t.end <= p < end:
                return p
        return end

    def backward_start(t: Trigger, limit: int) -> int:
        start = max(clauses.clause_at(t.start).start, t.start - limit)
        for p in terms:
            if start <= p < t.start:
                start = p + 1
        return start

    for t in triggers:
        if t.label == NEG_F:
            scopes.append(Scope("negated", t, t.start, forward_end(t, FORWARD_SCOPE)))
        elif t.label == NEG_S:
            # "no written warning or other disciplinary action shall be issued": a
            # determiner negates its noun phrase, up to the verb
            end = forward_end(t, SHORT_SCOPE)
            clause_start = clauses.clause_at(t.start).start
            opening = [w for w in lowers[clause_start - lo : t.start - lo] if w not in _OPENERS]
            for i in range(t.end, end):
                if lowers[i - lo] in _VERBISH or lowers[i - lo] in (",", "(", ")"):
                    # "no trainee is asked to make up time", "so no clinician is on
                    # call": "no" opening its clause negates what is said of its noun
                    after = lowers[i - lo : i - lo + 3]
                    subject = not opening and lowers[i - lo] in _VERBISH
                    end = (
                        forward_end(t, FORWARD_SCOPE) if subject or _DUTY.intersection(after) else i
                    )
                    break
            scopes.append(Scope("negated", t, t.start, end))
        elif t.label == NEG_B:
            # "... is not required" negates what precedes it; like most backward
            # triggers it also governs what follows ("are not required to answer")
            scopes.append(
                Scope(
                    "negated", t, backward_start(t, BACKWARD_SCOPE), forward_end(t, FORWARD_SCOPE)
                )
            )
        elif t.label == HEDGE_F:
            scopes.append(Scope("hedged", t, t.start, forward_end(t, FORWARD_SCOPE)))
        elif t.label == HEDGE_B:
            # "where possible", "if you can": soften the statement around them
            g_lo, g_hi = clauses.group_at(t.start)
            scopes.append(Scope("hedged", t, g_lo, g_hi))
        elif t.label == REPORT_F:
            _, g_hi = clauses.group_at(t.start)
            if t.end < hi and lowers[t.end - lo] == ":":
                g_hi = hi  # "Case study: a director tells staff ...": the rest is reported
            stop = next((p for p in report_stops if p >= t.end), hi)
            scopes.append(Scope("reported", t, t.start, min(stop, g_hi)))
    quoted: set[int] = set()
    if not _QUOTE_CHARS.isdisjoint(lowers):
        quoted.update(_quoted(lowers, lo))
    # a citation needs a year: skip the regex for sentences without one
    if any(w[:2] in ("19", "20") and w[:4].isdigit() for w in lowers) and _CITATION.search(
        sent.text
    ):
        quoted.update(range(lo, hi))
    ctx = SentenceContext(tuple(scopes), frozenset(quoted), tuple(triggers))
    cache[sent.start] = ctx
    return ctx


def _quoted(words: list[str], lo: int) -> set[int]:
    """Tokens between matching quotation marks within the sentence (``words`` are the
    sentence's tokens, lower-cased; ``lo`` the index of the first in the doc)."""
    out: set[int] = set()
    i = 0
    n = len(words)
    while i < n:
        closer = _OPEN_QUOTES.get(words[i])
        if closer is None:
            i += 1
            continue
        for j in range(i + 1, n):
            if words[j] == closer or (closer == "”" and words[j] == '"'):
                out.update(range(lo + i, lo + j + 1))
                i = j
                break
        i += 1
    return out


def status(
    doc: Doc, sent: Span, start: int, end: int, owned: Iterable[tuple[int, int]] = ()
) -> Status:
    """Context of the tokens [start, end) of ``sent``.

    ``owned`` are the token ranges a rule matched (the pieces of one finding). A
    trigger lying entirely inside them is part of what the rule matched, not a
    comment on it: in "sick days do not count as excused", the restriction is "not
    count as excused", and its "not" does not negate it. Only triggers outside every
    owned piece negate, hedge or report the match.
    """
    ctx = sentence_context(doc, sent)
    pieces = [(start, end), *owned]
    negated = hedged = reported = False
    for scope in ctx.scopes:
        if scope.end <= start or scope.start >= end:
            continue
        t = scope.trigger
        if any(s <= t.start and t.end <= e for s, e in pieces):
            continue
        if scope.kind == "negated":
            negated = True
        elif scope.kind == "hedged":
            hedged = True
        else:
            reported = True
    if not reported and ctx.quoted:
        reported = any(i in ctx.quoted for i in range(start, end))
    return Status(negated=negated, hedged=hedged, reported=reported)
