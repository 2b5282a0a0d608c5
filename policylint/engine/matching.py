"""Compile a rule set into spaCy matchers and evaluate match trees per sentence.

Cost model (DESIGN.md section 3): all literal phrases of all rules go into ONE
PhraseMatcher on LOWER; token patterns into one Matcher; regexes run through a
re2 ``Set`` prefilter per block, and a regex flagged there is searched for positions
only when its rule can still match given the leaves present in the block.
Quantities come from the pipeline's quantities component. Leaf matches are grouped
by sentence, and only rules with a leaf hit in a sentence are evaluated there.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..nlp import context as ctx
from .loader import RuleError
from .model import (
    Absent,
    All,
    Any_,
    MatchNode,
    Not,
    Patterns,
    Phrases,
    QuantityMatch,
    Regex,
    Rule,
)
from .regexes import CompiledRegex, compile_regex, token_regexes_with_re2

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from ..nlp.quantities import Quantity


@dataclass(frozen=True, slots=True)
class Hit:
    """One leaf match: tokens [start, end) of the Doc, with the quantity if any."""

    leaf: int
    start: int
    end: int
    quantity: Quantity | None = None
    normalised: float | None = None


@dataclass(slots=True)
class _Leaf:
    index: int
    node: MatchNode
    rule: Rule


#: regexes per re2 Set (see CompiledRules._build_regex_sets)
SET_SIZE = 100


class CompiledRules:
    """Matchers for a fixed set of rules and params."""

    def __init__(
        self, rules: Iterable[Rule], nlp: Language, params: dict[str, dict[str, Any]]
    ) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.nlp = nlp
        self.rules = list(rules)
        self.params = params
        self.leaves: list[_Leaf] = []
        self.leaf_of: dict[int, _Leaf] = {}
        self.rules_of_leaf: dict[int, set[str]] = defaultdict(set)
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher = Matcher(nlp.vocab, validate=True)
        self.has_patterns = False
        self.has_phrases = False
        self.regex_leaves: list[tuple[int, CompiledRegex]] = []
        self.quantity_leaves: list[tuple[int, QuantityMatch, Rule]] = []
        self.key_to_leaf: dict[int, int] = {}
        self.node_leaf: dict[int, int] = {}  # id(node) -> leaf index
        problems: list[str] = []
        for rule in self.rules:
            self._collect(rule, rule.match, problems)
            for node in rule.requires or ():
                self._collect(rule, node, problems)
        if problems:
            raise RuleError(problems)
        if self.has_patterns:
            token_regexes_with_re2(self.matcher)  # token REGEX: re2, not backtracking re
        self.rule_by_id = {rule.id: rule for rule in self.rules}
        #: leaves of document-level rules: always searched (presence is what counts)
        self.always_leaves = frozenset(
            leaf.index for leaf in self.leaves if leaf.rule.scope == "document"
        )
        self._build_regex_sets()

    # -- compile ---------------------------------------------------------------
    def _collect(self, rule: Rule, node: MatchNode, problems: list[str]) -> None:
        if isinstance(node, All | Any_):
            for child in node.children:
                self._collect(rule, child, problems)
            return
        if isinstance(node, Not | Absent):
            self._collect(rule, node.child, problems)
            return
        index = len(self.leaves)
        leaf = _Leaf(index, node, rule)
        self.leaves.append(leaf)
        self.leaf_of[index] = leaf
        self.node_leaf[id(node)] = index
        self.rules_of_leaf[index].add(rule.id)
        key = f"L{index}"
        if isinstance(node, Phrases):
            self.phrase_matcher.add(key, list(self.nlp.tokenizer.pipe(node.phrases)))
            self.key_to_leaf[self.nlp.vocab.strings[key]] = index
            self.has_phrases = True
        elif isinstance(node, Patterns):
            try:
                self.matcher.add(key, [list(p) for p in node.patterns])
            except (ValueError, TypeError) as exc:
                message = " ".join(str(exc).split())
                problems.append(
                    f"{rule.source}:{node.line}: rule '{rule.id}': field 'match': "
                    f"invalid token pattern: {message[:300]}"
                )
                return
            self.key_to_leaf[self.nlp.vocab.strings[key]] = index
            self.has_patterns = True
        elif isinstance(node, Regex):
            self.regex_leaves.append((index, compile_regex(node.pattern, node.case_sensitive)))
        elif isinstance(node, QuantityMatch):
            self.quantity_leaves.append((index, node, rule))

    def _build_regex_sets(self) -> None:
        """re2 Sets (one case-insensitive, one case-sensitive) tell which regexes can
        match a block at all; patterns only the ``regex`` module compiles are run
        directly."""
        import re2

        self.sets: list[tuple[Any, list[tuple[int, CompiledRegex]]]] = []
        self.direct: list[tuple[int, CompiledRegex]] = []
        groups: dict[bool, list[tuple[int, CompiledRegex]]] = {True: [], False: []}
        for index, compiled in self.regex_leaves:
            if compiled.engine != "re2":
                self.direct.append((index, compiled))
                continue
            node = self.leaf_of[index].node
            assert isinstance(node, Regex)
            groups[node.case_sensitive].append((index, compiled))
        # One set of all ~370 rule regexes outgrows re2's default DFA memory (8 MB) and
        # falls back to slow matching (measured on 200k words: 5.1 s). Sets of 100
        # patterns with 64 MB each keep their DFA: 13,670 corpus blocks in 0.19 s, against
        # 0.32 s for sets of 25 at 8 MB and 0.11 s for one set at 256 MB.
        for case_sensitive, members in groups.items():
            for start in range(0, len(members), SET_SIZE):
                chunk = members[start : start + SET_SIZE]
                options = re2.Options()
                options.log_errors = False
                options.case_sensitive = case_sensitive
                options.max_mem = 64 << 20
                rset = re2.Set.SearchSet(options)
                for _, compiled in chunk:
                    rset.Add(compiled.pattern)
                rset.Compile()
                self.sets.append((rset, chunk))

    # -- leaf matches ------------------------------------------------------------
    def hits(self, doc: Doc, text: str | None = None) -> list[Hit]:
        """Leaf matches in ``doc``; ``text`` is ``doc.text`` when the caller has it
        (spaCy rebuilds ``doc.text`` token by token on every access)."""
        out: list[Hit] = []
        if self.has_phrases:
            for key, s, e in self.phrase_matcher(doc):
                out.append(Hit(self.key_to_leaf[key], s, e))
        if self.has_patterns:
            for key, s, e in self.matcher(doc):
                out.append(Hit(self.key_to_leaf[key], s, e))
        quantities = doc._.pl_quantities
        if quantities and self.quantity_leaves:
            for index, qm, rule in self.quantity_leaves:
                for q in quantities:
                    ok, normalised = self._quantity_ok(qm, rule, q, doc)
                    if ok:
                        out.append(Hit(index, q.start, q.end, q, normalised))
        if text is None:
            text = doc.text
        flagged: list[tuple[int, CompiledRegex]] = list(self.direct)
        for rset, members in self.sets:
            for i in rset.Match(text) or ():
                flagged.append(members[i])
        if not flagged:
            return out
        # Searching a regex for positions costs far more than the set's yes/no, and
        # broad regexes (obligation words, "clients") are flagged in most blocks. Only
        # search those of rules that can still match here, given what is present.
        possible = {h.leaf for h in out}
        possible.update(index for index, _ in flagged)
        viable = {
            rid
            for rid in {self.leaf_of[i].rule.id for i in possible}
            if self.rule_by_id[rid].scope == "document"
            or _viable(self.rule_by_id[rid].match, possible, self.node_leaf)
        }
        for index, compiled in flagged:
            if self.leaf_of[index].rule.id not in viable:
                continue
            for cs, ce in compiled.finditer(text):
                span = doc.char_span(cs, ce, alignment_mode="expand")
                if span is not None and len(span):
                    out.append(Hit(index, span.start, span.end))
        return out

    def _quantity_ok(
        self, qm: QuantityMatch, rule: Rule, q: Quantity, doc: Doc
    ) -> tuple[bool, float | None]:
        values: tuple[float, float] | None = None
        if qm.units is None:
            values = (q.low, q.high) if qm.per is None else q.convert(q.unit, qm.per)
        else:
            for unit in qm.units:
                if unit is None:
                    if q.unit is None:
                        values = (q.low, q.high)
                elif q.unit is not None:
                    values = q.convert(unit, qm.per)
                if values is not None:
                    break
        if values is None:
            return False, None
        value = values[1]
        if qm.compare is not None:
            op, threshold = qm.compare
            limit = (
                float(self.params.get(rule.id, rule.params)[threshold])
                if isinstance(threshold, str)
                else float(threshold)
            )
            if op == "above" and not value > limit:
                return False, None
            if op == "at_least" and not value >= limit:
                return False, None
            if op == "below" and not value < limit:
                return False, None
            if op == "at_most" and not value <= limit:
                return False, None
        if qm.topic:
            sent = doc[q.start].sent
            if qm.near is None:
                lo, hi = sent.start, sent.end
            else:
                lo, hi = max(sent.start, q.start - qm.near), min(sent.end, q.end + qm.near)
            words = [t.lower_ for t in doc[lo:hi]]
            if not _topic_present(words, qm.topic):
                return False, None
        return True, value


def _viable(node: MatchNode, possible: set[int], node_leaf: dict[int, int]) -> bool:
    """Can ``node`` match, given the leaves that may be present in the block? ``not``
    never prevents a match here (it is checked with positions later)."""
    if isinstance(node, All):
        return all(_viable(c, possible, node_leaf) for c in node.children)
    if isinstance(node, Any_):
        return any(_viable(c, possible, node_leaf) for c in node.children)
    if isinstance(node, Not | Absent):
        return True
    return node_leaf[id(node)] in possible


def _topic_present(words: list[str], topic: tuple[str, ...]) -> bool:
    joined = " " + " ".join(words) + " "
    for phrase in topic:
        if " " in phrase:
            if f" {phrase} " in joined:
                return True
        else:
            for w in words:
                if w == phrase or (w.endswith("s") and w[:-1] == phrase):
                    return True
    return False


# -- evaluation ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RuleMatch:
    rule: Rule
    hits: tuple[Hit, ...]
    hedged: bool

    @property
    def start(self) -> int:
        return min(h.start for h in self.hits)

    @property
    def end(self) -> int:
        return max(h.end for h in self.hits)

    @property
    def quantity(self) -> Hit | None:
        for h in self.hits:
            if h.quantity is not None:
                return h
        return None


class SentenceEvaluator:
    """Evaluates rules on one sentence given its leaf hits."""

    def __init__(self, compiled: CompiledRules, doc: Doc, sent: Span, hits: list[Hit]) -> None:
        self.compiled = compiled
        self.doc = doc
        self.sent = sent
        self.by_leaf: dict[int, list[Hit]] = defaultdict(list)
        for h in hits:
            self.by_leaf[h.leaf].append(h)
        self._status: dict[tuple[int, int], ctx.Status] = {}

    def status(self, hit: Hit) -> ctx.Status:
        key = (hit.start, hit.end)
        st = self._status.get(key)
        if st is None:
            st = ctx.status(self.doc, self.sent, hit.start, hit.end)
            self._status[key] = st
        return st

    def evaluate(self, rule: Rule) -> RuleMatch | None:
        def allowed(hit: Hit) -> bool:
            st = self.status(hit)
            if st.reported and rule.reported == "skip":
                return False
            if st.hedged and rule.hedged == "skip":
                return False
            return not (st.negated and rule.context == "skip-negated")

        def prefer(hits: list[Hit]) -> list[Hit]:
            if rule.context == "only-negated":
                return sorted(hits, key=lambda h: not self.status(h).negated)
            return hits

        combo = self._eval(rule.match, allowed, prefer)
        if combo is None:
            return None
        if rule.context == "only-negated" and not any(self.status(h).negated for h in combo):
            return None
        hedged = any(self.status(h).hedged for h in combo)
        return RuleMatch(rule, tuple(combo), hedged)

    def present(self, node: MatchNode) -> bool:
        """Raw presence, ignoring context (used by ``not`` and ``absent``)."""
        return self._eval(node, lambda h: True, lambda hs: hs) is not None

    def _eval(self, node: MatchNode, allowed, prefer) -> list[Hit] | None:  # type: ignore[no-untyped-def]
        if isinstance(node, All):
            out: list[Hit] = []
            for child in node.children:
                if isinstance(child, Not):
                    if self.present(child.child):
                        return None
                    continue
                got = self._eval(child, allowed, prefer)
                if got is None:
                    return None
                out.extend(got)
            return out
        if isinstance(node, Any_):
            for child in node.children:
                got = self._eval(child, allowed, prefer)
                if got is not None:
                    return got
            return None
        if isinstance(node, Not):  # only reachable inside any: "any of ..., not X"
            return [] if not self.present(node.child) else None
        if isinstance(node, Absent):
            return self._eval(node.child, allowed, prefer)
        index = self.compiled.node_leaf[id(node)]
        hits = [h for h in self.by_leaf.get(index, ()) if allowed(h)]
        if not hits:
            return None
        return [prefer(hits)[0]]


def group_by_sentence(doc: Doc, hits: list[Hit]) -> list[tuple[Span, list[Hit]]]:
    """Hits grouped by the sentence containing their first token, in order."""
    if not hits:
        return []
    sents = list(doc.sents)
    starts = [s.start for s in sents]
    grouped: dict[int, list[Hit]] = defaultdict(list)
    for h in hits:
        i = bisect.bisect_right(starts, h.start) - 1
        s = sents[i]
        if h.end <= s.end:
            grouped[i].append(h)
    return [(sents[i], grouped[i]) for i in sorted(grouped)]
