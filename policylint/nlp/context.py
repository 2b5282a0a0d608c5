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
* reported speech: quotations, "the myth that", "the idea that", citations such as
  "(Franco, 2023)" or "Franco (2023)": the sentence talks *about* a policy;
* pseudo triggers ("not only", "no more than", "no-shows"): contain a trigger word
  but do not negate;
* terminators ("but", "however", ";", "will", "must"): end a forward scope, so that
  "Clinicians who do not finish notes will lose pay" does not negate "lose pay".

One deliberate extension of ConText: a negation inside a condition or relative clause
("If you do not meet...", "Clinicians who do not...", "Failure to...") negates that
condition, not the policy it sets, so it is ignored.
"""

from __future__ import annotations

import re
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
    "no one is expected", "nobody is expected",
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
    "heard that", "told her", "told him", "told them", "told me",
]  # fmt: skip
PSEUDO = [
    "not only", "not just", "no more than", "not more than", "no less than",
    "not less than", "no fewer than", "not fewer than", "not limited to",
    "no later than", "not later than", "no sooner than", "no matter", "no-show",
    "no-shows", "no show", "no shows", "not sure", "no one", "not to exceed",
    "no longer than", "nothing in this", "not-for-profit", "non-profit", "nonprofit",
    "no exceptions", "not otherwise", "without limitation", "without pay",
    "without compensation", "without payment", "no pay", "no additional pay",
    "no additional compensation", "no extra pay", "not paid", "not compensated",
    "not reimbursed", "unless otherwise", "not count", "not counted", "do not count",
    "does not count", "will not count", "don't count", "don’t count",
    "not separately paid", "not separately compensated", "not be paid",
    "not be compensated", "no cap", "no maximum", "no limit", "no upper limit",
    "no waitlist", "no wait list", "no waiting list",
    "without a wage", "without wages", "without a salary", "without salary",
    "without a stipend", "without additional pay", "without additional compensation",
    "without extra pay", "without any pay", "without any compensation", "no salary",
    "no wage", "no wages", "no stipend", "no compensation", "no extra compensation",
    "no additional wages", "no separate pay", "no separate compensation",
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
#: a negation after one of these (in the same clause) negates a condition, not the policy
CONDITION_WORDS = frozenset(
    {"if", "who", "whose", "whom", "unless", "when", "whenever", "until", "failure", "fail",
     "fails", "failing", "once"}
)  # fmt: skip

FORWARD_SCOPE = 12
SHORT_SCOPE = 4
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
class SentenceContext:
    negated: frozenset[int]
    hedged: frozenset[int]
    reported: frozenset[int]
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
    cache = doc.user_data.setdefault("pl_context", {})
    hit = cache.get(sent.start)
    if hit is not None:
        return hit
    lo, hi = sent.start, sent.end
    triggers = _resolve(getattr(doc._, "pl_triggers", None) or [], lo, hi)
    terms = [t.start for t in triggers if t.label == TERM]
    negated: set[int] = set()
    hedged: set[int] = set()
    reported: set[int] = set()
    lowers = [t.lower_ for t in doc[lo:hi]]
    report_stops = [p for p in terms if lowers[p - lo] in REPORT_STOP_WORDS]

    def forward_end(t: Trigger, limit: int) -> int:
        end = min(hi, t.end + limit)
        for p in terms:
            if t.end <= p < end:
                return p
        return end

    def backward_start(t: Trigger, limit: int) -> int:
        start = max(lo, t.start - limit)
        for p in terms:
            if start <= p < t.start:
                start = p + 1
        return start

    def conditional(t: Trigger) -> bool:
        # the clause before the trigger, back to a terminator or a comma
        start = backward_start(t, 8)
        for i in range(t.start - 1, start - 1, -1):
            word = lowers[i - lo]
            if word == ",":
                return False
            if word in CONDITION_WORDS:
                return True
        return False

    for t in triggers:
        if t.label in (NEG_F, NEG_S, NEG_B):
            if conditional(t):
                continue
            negated.update(range(t.start, t.end))
            if t.label == NEG_F:
                negated.update(range(t.end, forward_end(t, FORWARD_SCOPE)))
            elif t.label == NEG_S:
                negated.update(range(t.end, forward_end(t, SHORT_SCOPE)))
            else:
                # "... is not required" negates what precedes it; like most backward
                # triggers it also governs what follows ("are not required to answer")
                negated.update(range(backward_start(t, BACKWARD_SCOPE), t.start))
                negated.update(range(t.end, forward_end(t, FORWARD_SCOPE)))
        elif t.label == HEDGE_F:
            hedged.update(range(t.start, forward_end(t, FORWARD_SCOPE)))
        elif t.label == HEDGE_B:
            # "where possible", "if you can": soften the whole clause around them
            hedged.update(range(backward_start(t, BACKWARD_SCOPE), forward_end(t, FORWARD_SCOPE)))
        elif t.label == REPORT_F:
            stop = next(
                (p for p in report_stops if p >= t.end),
                hi,
            )
            reported.update(range(t.start, stop))
    if not _QUOTE_CHARS.isdisjoint(lowers):
        reported.update(_quoted(lowers, lo))
    # a citation needs a year: skip the regex for sentences without one
    if any(w[:2] in ("19", "20") and w[:4].isdigit() for w in lowers) and _CITATION.search(
        sent.text
    ):
        reported.update(range(lo, hi))
    ctx = SentenceContext(
        frozenset(negated), frozenset(hedged), frozenset(reported), tuple(triggers)
    )
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


def status(doc: Doc, sent: Span, start: int, end: int) -> Status:
    """Context of the tokens [start, end) of ``sent``."""
    ctx = sentence_context(doc, sent)
    span = range(start, end)
    return Status(
        negated=any(i in ctx.negated for i in span),
        hedged=any(i in ctx.hedged for i in span),
        reported=any(i in ctx.reported for i in span),
    )
