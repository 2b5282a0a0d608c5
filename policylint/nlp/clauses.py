"""Clauses: where one statement of a sentence ends and the next begins.

Policy sentences pack several statements together ("Sick leave is paid, but you must
arrange cover first"; "Clinicians who are ill must ..."; "Notes are due in 24 hours
and time spent on them is not compensated"). Two consumers need the seams:

* context: a negation, hedge or report governs its own clause only
  ("... is not billable and so is not compensated"; "If you do not meet the target,
  ..." negates the condition, not the policy);
* rules: by default every part of a combination must fall in one *clause group*, so
  that a word from one statement cannot complete a match in another.

The splitter is rule-based and reads only lexical token attributes (the default
pipeline has no parser). It marks two kinds of seam:

* **hard**: a new statement with its own subject begins: ";", ":", a coordinator
  followed by a new subject once the left side has a verb ("..., and notes are
  unpaid"; "... but we pay for it"). A hard seam also starts a new *group*.
* **soft**: a new clause that shares the statement: a subordinate clause ("if", "when",
  "because", "so that", "unless", ...), a relative clause ("who", "which"), a verb
  phrase coordinated on the same subject ("... and must be made up"), or a sentence
  adverb ("therefore", "however").

A *group* is therefore a main clause together with the subordinate and coordinated
verb phrases that hang on it. ``Clauses.clause_at(i)`` and ``Clauses.group_at(i)``
give the token range of each.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

AUX = frozenset(
    {
        "is", "are", "was", "were", "be", "been", "being", "am", "will", "would", "shall",
        "should", "must", "may", "might", "can", "could", "has", "have", "had", "do",
        "does", "did", "ca", "wo", "'s", "'re", "'ll", "'ve", "'d", "need", "needs",
    }
)  # fmt: skip
MODALS = frozenset(
    {"will", "would", "shall", "should", "must", "may", "might", "can", "could", "ca", "wo"}
)
NEGATORS = frozenset({"not", "n't", "never"})
PRONOUNS = frozenset(
    {
        "i", "you", "we", "they", "he", "she", "it", "there", "everyone", "everybody",
        "someone", "anyone", "nobody", "none",
    }
)  # fmt: skip
DETERMINERS = frozenset(
    {
        "the", "a", "an", "each", "every", "all", "any", "our", "your", "their", "his",
        "her", "its", "my", "some", "this", "that", "these", "those", "such", "both",
        "either", "neither", "many", "most", "several", "no",
    }
)  # fmt: skip
#: common policy verbs, so that "Clinicians receive ten days and ..." counts as having
#: a verb without a parser
VERBS = frozenset(
    {
        "receive", "receives", "get", "gets", "take", "takes", "pay", "pays", "earn",
        "earns", "accrue", "accrues", "see", "sees", "provide", "provides", "offer",
        "offers", "require", "requires", "expect", "expects", "count", "counts", "apply",
        "applies", "cover", "covers", "include", "includes", "carry", "carries", "bill",
        "bills", "work", "works", "meet", "meets", "keep", "keeps", "give", "gives", "make",
        "makes", "allow", "allows", "complete", "completes", "schedule", "schedules",
        "reschedule", "reschedules", "answer", "answers", "respond", "responds", "charge",
        "charges", "ask", "asks", "tell", "tells", "notify", "notifies", "use", "uses",
        "contact", "contacts", "call", "calls", "arrange", "arranges", "reimburse",
        "reimburses", "deduct", "deducts", "remain", "remains", "stay", "stays", "become",
        "becomes", "lose", "loses", "forfeit", "forfeits", "result", "results", "lead",
        "leads", "expire", "expires", "reduce", "reduces", "note", "notes",
    }
)  # fmt: skip
SUBORDINATORS = frozenset(
    {"if", "when", "whenever", "unless", "because", "although", "though", "while", "whereas",
     "wherever", "whether", "lest"}
)  # fmt: skip
#: subordinators that only open a clause at the start of a sentence or after a comma
#: ("Before using sick time, ..."), and are ordinary prepositions elsewhere
EDGE_SUBORDINATORS = frozenset({"before", "after", "until", "once", "since", "as"})
SUB_PHRASES = (
    ("so", "that"), ("in", "order", "to"), ("so", "as", "to"), ("provided", "that"),
    ("as", "long", "as"), ("so", "long", "as"), ("even", "if"), ("even", "though"),
    ("in", "case"), ("except", "when"), ("except", "where"), ("except", "if"),
)  # fmt: skip
RELATIVES = frozenset({"who", "whom", "whose", "which"})
COORDINATORS = frozenset({"and", "but", "or", "yet", "so", "nor"})
ADVERB_SEAMS = frozenset(
    {"therefore", "thus", "hence", "consequently", "however", "otherwise", "accordingly",
     "instead", "meanwhile", "nevertheless", "nonetheless"}
)  # fmt: skip
HARD_PUNCT = frozenset({";", ":"})
DASHES = frozenset({"—", "–", "--"})
#: clause kinds
MAIN, SUBORDINATE, RELATIVE = "main", "subordinate", "relative"


@dataclass(frozen=True, slots=True)
class Clause:
    start: int
    end: int
    kind: str
    group: int


@dataclass(frozen=True, slots=True)
class Clauses:
    """The clauses of one sentence, in order (token indices of the Doc)."""

    clauses: tuple[Clause, ...]

    def _index(self, i: int) -> int:
        starts = [c.start for c in self.clauses]
        return max(0, bisect.bisect_right(starts, i) - 1)

    def clause_at(self, i: int) -> Clause:
        return self.clauses[self._index(i)]

    def group_at(self, i: int) -> tuple[int, int]:
        """Token range [start, end) of the group containing token ``i``."""
        g = self.clause_at(i).group
        members = [c for c in self.clauses if c.group == g]
        return members[0].start, members[-1].end

    def groups(self) -> list[tuple[int, int]]:
        out: dict[int, tuple[int, int]] = {}
        for c in self.clauses:
            lo, hi = out.get(c.group, (c.start, c.end))
            out[c.group] = (min(lo, c.start), max(hi, c.end))
        return [out[g] for g in sorted(out)]


def split(words: list[str], offset: int = 0) -> Clauses:
    """Clauses of a sentence given its lower-cased tokens; ``offset`` is the Doc index
    of the first token."""
    n = len(words)
    seams: list[tuple[int, str, str]] = []  # (position, "hard"|"soft", kind of new clause)
    has_verb = False  # the current clause has a verb (so a coordinator can start another)
    in_relative = False
    rel_verb = False
    sub_until_comma = False
    i = 0

    def seam(pos: int, strength: str, kind: str) -> None:
        nonlocal has_verb, in_relative, rel_verb, sub_until_comma
        if 0 <= pos < n:
            seams.append((pos, strength, kind))
        has_verb = False
        in_relative = kind == RELATIVE
        rel_verb = False
        sub_until_comma = False

    while i < n:
        w = words[i]
        prev = words[i - 1] if i else ""
        at_edge = i == 0 or prev in (",", ";", ":", "(") or prev in DASHES
        if w in HARD_PUNCT:
            seam(i + 1, "hard", MAIN)
        elif w in DASHES or (w == "-" and i and i + 1 < n and _spaced(words, i)):
            seam(i + 1, "soft", MAIN)
        elif w == ",":
            if sub_until_comma or in_relative:
                seam(i + 1, "soft", MAIN)
        elif (phrase := _sub_phrase(words, i)) is not None:
            seam(i, "soft", SUBORDINATE)
            sub_until_comma = at_edge
            i += phrase
            continue
        elif w in SUBORDINATORS or (w in EDGE_SUBORDINATORS and at_edge):
            seam(i, "soft", SUBORDINATE)
            sub_until_comma = at_edge
        elif w in RELATIVES and i:
            seam(i, "soft", RELATIVE)
        elif w in COORDINATORS and i + 1 < n:
            nxt = words[i + 1]
            if nxt in AUX or nxt in NEGATORS:
                if has_verb or prev == ",":
                    seam(i, "soft", MAIN)  # "... and must be made up"
            elif (has_verb or prev == ",") and _new_subject(words, i + 1):
                seam(i, "hard", MAIN)
            else:
                # "sick and bereavement days", "..., and no warning or other action
                # shall ...": a coordinator that starts no clause still resets the
                # search for the next verb
                has_verb = False
        elif w in ADVERB_SEAMS:
            seam(i, "soft", MAIN)
        elif in_relative:
            # a relative clause ends where the main verb resumes: "Clinicians who are
            # sick | must arrange cover"
            if w in AUX and rel_verb and prev not in AUX and prev not in NEGATORS:
                seam(i, "soft", MAIN)
                has_verb = True
            elif not rel_verb and w.isalpha():
                rel_verb = True
        elif w in AUX or w in VERBS:
            has_verb = True
        i += 1
    clauses: list[Clause] = []
    start, kind, group = 0, MAIN, 0
    for pos, strength, new_kind in sorted(seams):
        if pos <= start:
            kind = new_kind
            if strength == "hard" and clauses:
                group += 1
            continue
        clauses.append(Clause(offset + start, offset + pos, kind, group))
        if strength == "hard":
            group += 1
        start, kind = pos, new_kind
    clauses.append(Clause(offset + start, offset + n, kind, group))
    return Clauses(tuple(clauses))


def _spaced(words: list[str], i: int) -> bool:
    # the tokenizer splits " - " into its own token only when spaced; "no-show" keeps
    # the hyphen attached to neither side but between letters: treat only a hyphen
    # between two non-word tokens or after a comma as a dash
    return words[i - 1] in (",",) or words[i + 1] in (",",)


def _sub_phrase(words: list[str], i: int) -> int | None:
    for phrase in SUB_PHRASES:
        if tuple(words[i : i + len(phrase)]) == phrase:
            return len(phrase)
    return None


#: words whose "'s" is "is" or "has" ("it's", "that's", "there's")
_CONTRACTING = PRONOUNS | {"that", "what", "who", "here", "where", "this"}


def _new_subject(words: list[str], j: int) -> bool:
    """Does a new subject (and so a new statement) start at token j?"""
    w = words[j]
    if w in PRONOUNS:
        return True
    for k in range(j, min(len(words), j + 8)):
        x = words[k]
        # "'s" after a noun is a possessive ("the employee's clients"), not "is"
        if x in AUX and k > j and (x != "'s" or words[k - 1] in _CONTRACTING):
            return True
        if x in SUBORDINATORS or not (x.isalpha() or x in ("'s", "-")):
            return False
    return False


def sentence_clauses(doc: Doc, sent: Span) -> Clauses:
    """The clauses of ``sent``, computed once per sentence and cached on the Doc."""
    cache = doc.user_data.setdefault("pl_clauses", {})
    hit = cache.get(sent.start)
    if hit is None:
        lower = doc.user_data.get("pl_lower")
        if lower is None:
            # every token's lower-case form at once (no Token objects made)
            from spacy.attrs import LOWER

            strings = doc.vocab.strings
            lower = doc.user_data["pl_lower"] = [
                strings[int(h)] for h in doc.to_array([LOWER]).ravel()
            ]
        hit = split(lower[sent.start : sent.end], sent.start)
        cache[sent.start] = hit
    return hit
