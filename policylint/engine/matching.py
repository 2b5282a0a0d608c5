"""Compile a rule set into matchers and evaluate match trees per clause group.

Cost model: every concept term, ``phrases`` and ``terms`` entry of every rule is one
Aho-Corasick automaton (:mod:`policylint.engine.concepts`), run over the raw text of
a block before spaCy sees it; regexes are prefiltered with re2 ``Set``s. From what is
present, :meth:`CompiledRules.scan` tells whether any rule can still match in the
block; only then is it tokenized, and leaf hits are mapped to tokens. Token patterns
(a spaCy Matcher) are the exception: blocks are always tokenized for them, so the
bundled rules do not use them.

Evaluation (:class:`SentenceEvaluator`) runs per sentence, and per *clause group*
within it (:mod:`policylint.nlp.clauses`): every positive part of an ``all`` must fall
in one group unless the rule says ``scope: sentence``. Context is checked with
ownership: a negation inside the matched pieces belongs to the match.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..nlp import context as ctx
from ..nlp.clauses import sentence_clauses
from .concepts import CompiledVocabulary, ConceptError, ConceptMatcher
from .loader import RuleError
from .model import (
    Absent,
    All,
    Any_,
    ConceptLeaf,
    Frame,
    MatchNode,
    Not,
    Patterns,
    QuantityMatch,
    Regex,
    Rule,
)
from .regexes import CompiledRegex, compile_regex, token_regexes_with_re2

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from ..nlp.quantities import Quantity
    from .concepts import Concept


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
#: a number in digits or words: a block without one has no quantity
_NUMBERISH = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|thousand|dozen|half|single|once|twice|thrice)\b",
    re.IGNORECASE,
)
_VERBISH_WORDS = frozenset(
    {"is", "are", "was", "were", "be", "meet", "meets", "get", "gets", "take", "takes", "use",
     "uses", "have", "has", "do", "does", "will", "must", "may", "can", "should", "shall"}
)  # fmt: skip
#: the parties a frame's ``actor`` tells apart (concepts of the vocabulary)
WORKER, CLIENT, SECOND_PERSON = "worker", "client", "second-person"


@dataclass
class BlockScan:
    """What the cheap pass found in one block's raw text."""

    matcher: ConceptMatcher
    present: set[int]
    #: regex leaves the re2 sets flagged
    flagged: list[tuple[int, CompiledRegex]]
    viable_rules: set[str]


class CompiledRules:
    """Matchers for a fixed set of rules and params."""

    def __init__(
        self,
        rules: Iterable[Rule],
        nlp: Language | Callable[[], Language],
        params: dict[str, dict[str, Any]],
        concepts: dict[str, Concept] | None = None,
    ) -> None:
        # the language pipeline (and so spaCy) is needed only for token patterns and
        # for the blocks the cheap pass cannot rule out: ``nlp`` may be a function
        self._nlp_or_factory = nlp
        self.rules = list(rules)
        self.params = params
        self.leaves: list[_Leaf] = []
        self.leaf_of: dict[int, _Leaf] = {}
        self.rules_of_leaf: dict[int, set[str]] = defaultdict(set)
        self._matcher: Any = None
        self.has_patterns = False
        self.regex_leaves: list[tuple[int, CompiledRegex]] = []
        self.quantity_leaves: list[tuple[int, QuantityMatch, Rule]] = []
        self.concept_leaves: list[tuple[int, tuple[str, ...]]] = []
        self.frame_leaves: list[tuple[int, Frame]] = []
        self.key_to_leaf: dict[int, int] = {}
        self.node_leaf: dict[int, int] = {}  # id(node) -> leaf index
        #: leaves under a ``not`` (never owned by a match)
        self.negative_leaves: set[int] = set()
        self.rule_leaves: dict[str, set[int]] = defaultdict(set)
        problems: list[str] = []
        for rule in self.rules:
            self._collect(rule, rule.match, problems, negative=False)
            for node in rule.requires or ():
                self._collect(rule, node, problems, negative=False)
        if problems:
            raise RuleError(problems)
        if self.has_patterns:
            token_regexes_with_re2(self.matcher)  # token REGEX: re2, not backtracking re
        self.rule_by_id = {rule.id: rule for rule in self.rules}
        self.patterns_rules = {
            self.leaf_of[i].rule.id
            for i in range(len(self.leaves))
            if isinstance(self.leaf_of[i].node, Patterns)
        }
        #: leaves of document-level rules: always searched (presence is what counts)
        self.always_leaves = frozenset(
            leaf.index for leaf in self.leaves if leaf.rule.scope == "document"
        )
        from . import store
        from .concepts import inflections_file

        concepts = concepts or {}
        key = hashlib.sha256(repr(sorted(concepts.items())).encode()).hexdigest()
        cached = store.get("vocabulary", key)
        try:
            if isinstance(cached, CompiledVocabulary):
                self.vocab = cached
            else:
                self.vocab = CompiledVocabulary(concepts, inflections_file())
                store.put("vocabulary", key, self.vocab)
        except ConceptError as exc:
            raise RuleError(str(exc).splitlines()) from None
        self._build_regex_sets()
        self._text_matchers: dict[str, ConceptMatcher] = {}
        #: concept name -> the leaves it makes present (concept leaves; frames by
        #: their restriction)
        self.leaves_of_concept: dict[str, list[int]] = defaultdict(list)
        for index, names in self.concept_leaves:
            for name in names:
                self.leaves_of_concept[name].append(index)
        for index, frame in self.frame_leaves:
            for name in frame.restriction:
                self.leaves_of_concept[name].append(index)
        self.pattern_leaves = {
            i for i in range(len(self.leaves)) if isinstance(self.leaf_of[i].node, Patterns)
        }

    @property
    def nlp(self) -> Language:
        if callable(self._nlp_or_factory) and not hasattr(self._nlp_or_factory, "pipe"):
            self._nlp_or_factory = self._nlp_or_factory()
        return self._nlp_or_factory  # type: ignore[return-value]

    @property
    def matcher(self) -> Any:
        """The spaCy Matcher for token patterns (built, and spaCy imported, only when
        a rule has token patterns)."""
        if self._matcher is None:
            from spacy.matcher import Matcher

            self._matcher = Matcher(self.nlp.vocab, validate=True)
        return self._matcher

    # -- compile ---------------------------------------------------------------
    def _collect(self, rule: Rule, node: MatchNode, problems: list[str], negative: bool) -> None:
        if isinstance(node, All | Any_):
            for child in node.children:
                self._collect(rule, child, problems, negative)
            return
        if isinstance(node, Not):
            self._collect(rule, node.child, problems, True)
            return
        if isinstance(node, Absent):
            self._collect(rule, node.child, problems, negative)
            return
        index = len(self.leaves)
        leaf = _Leaf(index, node, rule)
        self.leaves.append(leaf)
        self.leaf_of[index] = leaf
        self.node_leaf[id(node)] = index
        self.rules_of_leaf[index].add(rule.id)
        self.rule_leaves[rule.id].add(index)
        if negative:
            self.negative_leaves.add(index)
        key = f"L{index}"
        if isinstance(node, ConceptLeaf):
            self.concept_leaves.append((index, node.names))
        elif isinstance(node, Frame):
            self.frame_leaves.append((index, node))
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
        # One set of hundreds of regexes outgrows re2's default DFA memory (8 MB) and
        # falls back to slow matching: sets of 100 with 64 MB each keep their DFA.
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

    # -- the cheap pass ------------------------------------------------------------
    def text_matcher(self, text: str) -> ConceptMatcher:
        """Concept hits in a heading path or a lead-in (memoised per text)."""
        m = self._text_matchers.get(text)
        if m is None:
            if len(self._text_matchers) > 4096:
                self._text_matchers.clear()
            m = self._text_matchers[text] = self.vocab.matcher(text)
        return m

    def scan(
        self, text: str, rule_ids: set[str], matcher: ConceptMatcher | None = None
    ) -> BlockScan:
        """Which leaves may be present in ``text`` (no spaCy), and which of
        ``rule_ids`` can therefore still match. ``matcher`` is the text's concept
        matcher when the caller made them for a whole document in one pass."""
        if matcher is None:
            matcher = self.vocab.matcher(text)
        present: set[int] = set()
        leaves_of = self.leaves_of_concept
        for name in matcher.candidates():
            for index in leaves_of.get(name, ()):
                if index not in present and matcher.spans(name):
                    present.add(index)
        if self.quantity_leaves and _NUMBERISH.search(text):
            present.update(index for index, _, _ in self.quantity_leaves)
        if self.has_patterns:
            present.update(self.pattern_leaves)
        flagged: list[tuple[int, CompiledRegex]] = list(self.direct)
        for rset, members in self.sets:
            for i in rset.Match(text) or ():
                flagged.append(members[i])
        present.update(index for index, _ in flagged)
        viable = set()
        if present:
            touched: set[str] = set()
            for index in present:
                touched |= self.rules_of_leaf[index]
            for rid in touched & rule_ids if isinstance(rule_ids, set) else touched:
                if rid not in rule_ids:
                    continue
                rule = self.rule_by_id[rid]
                if rule.scope == "document":
                    if not self.rule_leaves[rid].isdisjoint(present):
                        viable.add(rid)
                elif _viable(rule.match, present, self.node_leaf):
                    viable.add(rid)
        return BlockScan(matcher, present, flagged, viable)

    # -- leaf matches ------------------------------------------------------------
    def hits(
        self,
        doc: Doc,
        text: str,
        scan: BlockScan,
        limits: dict[str, dict[str, float]] | None = None,
    ) -> list[Hit]:
        """Leaf matches in ``doc`` (the tokens of ``text``) for the viable rules.
        ``limits`` (rule id -> {param: value}) overrides the thresholds quantity
        comparisons read from params (a legal floor stricter than the rule's own)."""
        out: list[Hit] = []
        wanted = set()
        for rid in scan.viable_rules:
            wanted |= self.rule_leaves[rid]
        matcher = scan.matcher
        for index, names in self.concept_leaves:
            if index in wanted and index in scan.present:
                for name in names:
                    for s, e in matcher.original_spans(name):
                        span = doc.char_span(s, e, alignment_mode="expand")
                        if span is not None and len(span):
                            out.append(Hit(index, span.start, span.end))
        for index, frame in self.frame_leaves:
            if index in wanted and index in scan.present:
                for name in frame.restriction:
                    for s, e in matcher.original_spans(name):
                        span = doc.char_span(s, e, alignment_mode="expand")
                        if span is not None and len(span):
                            out.append(Hit(index, span.start, span.end))
        if self.has_patterns:
            for key, s, e in self.matcher(doc):
                index = self.key_to_leaf[key]
                if index in wanted:
                    out.append(Hit(index, s, e))
        quantities = doc._.pl_quantities
        if quantities and self.quantity_leaves:
            for index, qm, rule in self.quantity_leaves:
                if index not in wanted:
                    continue
                for q in quantities:
                    ok, normalised = self._quantity_ok(
                        qm, rule, q, doc, matcher, limits.get(rule.id) if limits else None
                    )
                    if ok:
                        out.append(Hit(index, q.start, q.end, q, normalised))
        for index, compiled in scan.flagged:
            if index not in wanted:
                continue
            for cs, ce in compiled.finditer(text):
                span = doc.char_span(cs, ce, alignment_mode="expand")
                if span is not None and len(span):
                    out.append(Hit(index, span.start, span.end))
        return out

    def _quantity_ok(
        self,
        qm: QuantityMatch,
        rule: Rule,
        q: Quantity,
        doc: Doc,
        matcher: ConceptMatcher,
        limits: dict[str, float] | None = None,
    ) -> tuple[bool, float | None]:
        if q.coverage and not qm.coverage:
            return False, None
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
            if q.part:
                return False, None  # "including 40 direct hours": part of a total
            op, threshold = qm.compare
            end = qm.end or ("low" if op in ("above", "at_least") else "high")
            value = values[0] if end == "low" else values[1]
            if isinstance(threshold, str):
                if limits and threshold in limits:
                    limit = float(limits[threshold])
                else:
                    limit = float(self.params.get(rule.id, rule.params)[threshold])
            else:
                limit = float(threshold)
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
            concepts = [t[1:] for t in qm.topic if t.startswith("@")]
            plain = tuple(t for t in qm.topic if not t.startswith("@"))
            found = bool(plain) and _topic_present(words, plain)
            if not found and concepts:
                cs, ce = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
                found = any(
                    s < ce and cs < e for name in concepts for s, e in matcher.original_spans(name)
                )
            if not found:
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


def raw_present(node: MatchNode, matcher: ConceptMatcher, node_leaf: dict[int, int]) -> bool | None:
    """Presence of a document check's child from the cheap pass alone: True/False for
    concept leaves and combinations of them with ``any``; None when it needs tokens."""
    if isinstance(node, ConceptLeaf):
        return any(matcher.spans(n) for n in node.names)
    if isinstance(node, Any_):
        results = [raw_present(c, matcher, node_leaf) for c in node.children]
        if any(r is True for r in results):
            return True
        return None if any(r is None for r in results) else False
    return None


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
    #: frames: where the topic was found ("clause", "sentence", "lead", "heading");
    #: other rules: "clause"
    topic_source: str = "clause"
    #: token range of the clause group the match lies in
    region: tuple[int, int] = (0, 0)

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


@dataclass
class BlockContext:
    """What a frame may take its topic from besides the sentence: the concepts named
    in the block's lead-in (a list's introducing sentence, a table cell's headers) and
    in its heading path; and the document's profile (who "you" is)."""

    lead: ConceptMatcher | None = None
    heading: ConceptMatcher | None = None
    profile: str = "handbook"


class SentenceEvaluator:
    """Evaluates rules on one sentence given its leaf hits."""

    def __init__(
        self,
        compiled: CompiledRules,
        doc: Doc,
        sent: Span,
        hits: list[Hit],
        block: BlockContext | None = None,
        matcher: ConceptMatcher | None = None,
    ) -> None:
        self.compiled = compiled
        self.doc = doc
        self.sent = sent
        self.block = block or BlockContext()
        self.matcher = matcher
        self.by_leaf: dict[int, list[Hit]] = defaultdict(list)
        for h in hits:
            self.by_leaf[h.leaf].append(h)
        self.clauses = sentence_clauses(doc, sent)
        self._concept_tokens: dict[str, list[tuple[int, int]]] = {}

    # -- context -------------------------------------------------------------------
    def status(self, start: int, end: int, owned: Iterable[tuple[int, int]] = ()) -> ctx.Status:
        return ctx.status(self.doc, self.sent, start, end, owned)

    def _allowed(self, rule: Rule, st: ctx.Status) -> bool:
        if st.reported and rule.reported == "skip":
            return False
        if st.hedged and rule.hedged == "skip":
            return False
        return not (st.negated and rule.context == "skip-negated")

    def concept_tokens(self, name: str) -> list[tuple[int, int]]:
        """Token spans of a concept's hits inside this sentence."""
        got = self._concept_tokens.get(name)
        if got is None:
            got = []
            if self.matcher is not None:
                lo, hi = self.sent.start_char, self.sent.end_char
                for s, e in self.matcher.original_spans(name):
                    if s < lo or e > hi:
                        continue
                    span = self.doc.char_span(s, e, alignment_mode="expand")
                    if span is not None and len(span):
                        got.append((span.start, span.end))
            self._concept_tokens[name] = got
        return got

    # -- rules ---------------------------------------------------------------------
    def evaluate(self, rule: Rule) -> RuleMatch | None:
        if rule.within == "sentence":
            regions = [(self.sent.start, self.sent.end)]
        else:
            starts = sorted(
                {
                    h.start
                    for i in self.compiled.rule_leaves[rule.id]
                    if i not in self.compiled.negative_leaves
                    for h in self.by_leaf.get(i, ())
                }
            )
            regions = list(dict.fromkeys(self.clauses.group_at(s) for s in starts))
        for region in regions:
            m = self._evaluate_in(rule, region)
            if m is not None:
                return m
        return None

    def _evaluate_in(self, rule: Rule, region: tuple[int, int]) -> RuleMatch | None:
        lo, hi = region
        leaves = self.compiled.rule_leaves[rule.id]
        in_region = {
            i: [h for h in self.by_leaf.get(i, ()) if lo <= h.start and h.end <= hi] for i in leaves
        }
        owned = [
            (h.start, h.end)
            for i, hs in in_region.items()
            if i not in self.compiled.negative_leaves
            for h in hs
        ]
        cache: dict[tuple[int, int], ctx.Status] = {}

        def status(h: Hit) -> ctx.Status:
            key = (h.start, h.end)
            st = cache.get(key)
            if st is None:
                st = cache[key] = self.status(h.start, h.end, owned)
            return st

        def allowed(h: Hit) -> bool:
            return self._allowed(rule, status(h))

        def prefer(hits: list[Hit]) -> list[Hit]:
            if rule.context == "only-negated":
                return sorted(hits, key=lambda h: not status(h).negated)
            return hits

        self._frame_source = "clause"
        combo = self._eval(rule, rule.match, in_region, allowed, prefer)
        if combo is None:
            return None
        if rule.context == "only-negated" and not any(status(h).negated for h in combo):
            return None
        hedged = any(status(h).hedged for h in combo)
        return RuleMatch(rule, tuple(combo), hedged, self._frame_source, region)

    def present(self, node: MatchNode, region: tuple[int, int] | None = None) -> bool:
        """Raw presence, ignoring context (used by ``not`` and ``absent``)."""
        lo, hi = region or (self.sent.start, self.sent.end)
        in_region = {
            i: [h for h in hs if lo <= h.start and h.end <= hi] for i, hs in self.by_leaf.items()
        }
        return self._eval(None, node, in_region, lambda h: True, lambda hs: hs) is not None

    def _eval(
        self,
        rule: Rule | None,
        node: MatchNode,
        hits: dict[int, list[Hit]],
        allowed: Callable[[Hit], bool],
        prefer: Callable[[list[Hit]], list[Hit]],
    ) -> list[Hit] | None:
        if isinstance(node, All):
            out: list[Hit] = []
            for child in node.children:
                if isinstance(child, Not):
                    if self._eval(None, child.child, hits, lambda h: True, lambda hs: hs):
                        return None
                    continue
                got = self._eval(rule, child, hits, allowed, prefer)
                if got is None:
                    return None
                out.extend(got)
            return out
        if isinstance(node, Any_):
            for child in node.children:
                got = self._eval(rule, child, hits, allowed, prefer)
                if got is not None:
                    return got
            return None
        if isinstance(node, Not):  # only reachable inside any: "any of ..., not X"
            present = self._eval(None, node.child, hits, lambda h: True, lambda hs: hs)
            return [] if not present else None
        if isinstance(node, Absent):
            return self._eval(rule, node.child, hits, allowed, prefer)
        index = self.compiled.node_leaf[id(node)]
        if isinstance(node, Frame) and rule is not None:
            return self._frame(rule, node, hits.get(index, []))
        found = [h for h in hits.get(index, ()) if allowed(h)]
        if not found:
            return None
        return [prefer(found)[0]]

    # -- frames -------------------------------------------------------------------
    def _frame(self, rule: Rule, frame: Frame, restrictions: list[Hit]) -> list[Hit] | None:
        for r in restrictions:
            g_lo, g_hi = self.clauses.group_at(r.start)
            topic, source = self._topic(frame, r, (g_lo, g_hi))
            if source is None:
                continue
            owned = [(r.start, r.end)] + ([topic] if topic else [])
            st = self.status(r.start, r.end, owned)
            if not self._allowed(rule, st):
                continue
            if (
                topic is not None
                and rule.reported == "skip"
                and self.status(topic[0], topic[1], owned).reported
            ):
                continue
            if frame.actor and self._party(topic or (r.start, r.end), (g_lo, g_hi)) not in (
                None,
                frame.actor,
            ):
                continue
            relief_region = (
                (self.sent.start, self.sent.end)
                if frame.unless_from == "sentence"
                else (g_lo, g_hi)
            )
            if self._relieved(frame, relief_region):
                continue
            self._frame_source = source
            out = [r]
            if topic is not None:
                out.append(Hit(r.leaf, topic[0], topic[1]))
            return out
        return None

    def _topic(
        self, frame: Frame, r: Hit, group: tuple[int, int]
    ) -> tuple[tuple[int, int] | None, str | None]:
        """The topic nearest to restriction ``r``: (token span or None, source)."""
        g_lo, g_hi = group
        spans = [s for name in frame.topic for s in self.concept_tokens(name)]
        # a topic set aside by a contrast is not the topic: "warnings are issued for late
        # notes, not for low productivity"
        spans = [s for s in spans if not self._contrasted(s, r)]
        if "clause" in frame.topic_from:
            inside = [s for s in spans if g_lo <= s[0] and s[1] <= g_hi]
            if inside:
                return min(inside, key=lambda s: _distance(s, (r.start, r.end))), "clause"
        if "sentence" in frame.topic_from:
            before = [s for s in spans if s[1] <= g_lo]
            if before:
                return max(before), "sentence"
        for source, matcher in (("lead", self.block.lead), ("heading", self.block.heading)):
            if (
                source in frame.topic_from
                and matcher is not None
                and any(matcher.spans(name) for name in frame.topic)
            ):
                return None, source
        return None, None

    def _contrasted(self, span: tuple[int, int], r: Hit) -> bool:
        """Is ``span`` governed by a contrastive negation ("not for low productivity",
        "rather than sick leave"): a negation right before it with no verb between?"""
        if r.start <= span[0] < r.end:
            return False
        ctx_ = ctx.sentence_context(self.doc, self.sent)
        for scope in ctx_.scopes:
            t = scope.trigger
            if scope.kind != "negated" or not (t.end <= span[0] <= t.end + 3):
                continue
            if r.start <= t.start and t.end <= r.end:
                continue  # the restriction's own negation ("no maximum caseload")
            words = [self.doc[i].lower_ for i in range(t.start, t.end)]
            before = self.doc[t.start - 1].lower_ if t.start > self.sent.start else ""
            if words != ["not"] or before not in (",", "and", "but", ";", "("):
                continue  # only a contrast: "..., not for low productivity"
            between = [self.doc[i].lower_ for i in range(t.end, span[0])]
            if not any(w.endswith(("ing", "ed")) or w in _VERBISH_WORDS for w in between):
                return True
        return False

    def _party(self, anchor: tuple[int, int], group: tuple[int, int]) -> str | None:
        """Who the clause is about, from the actor mention nearest to ``anchor``
        (preferring one before it): "worker", "client" or None (unknown)."""
        you = CLIENT if self.block.profile == "client-policy" else WORKER
        mentions: list[tuple[tuple[int, int], str]] = []
        for name, party in ((WORKER, WORKER), (CLIENT, CLIENT), (SECOND_PERSON, you)):
            if name in self.compiled.vocab.compiled:
                mentions += [(s, party) for s in self.concept_tokens(name)]
        g_lo, g_hi = group
        mentions = [(s, p) for s, p in mentions if g_lo <= s[0] and s[1] <= g_hi]
        if not mentions:
            return None
        # a possessive ("your therapist", "the client's therapist") is not the party
        # when a noun follows it: take the longest mention ending nearest before
        # nearest before the anchor, else the first after it
        before = [(s, p) for s, p in mentions if s[1] <= anchor[0]]
        if before:
            nearest = max(before, key=lambda m: (m[0][1], m[0][1] - m[0][0]))
            return nearest[1]
        after = [(s, p) for s, p in mentions if s[0] >= anchor[1]]
        if after:
            return min(after, key=lambda m: m[0][0])[1]
        return None

    def _relieved(self, frame: Frame, group: tuple[int, int]) -> bool:
        g_lo, g_hi = group
        for name in frame.unless:
            for s, e in self.concept_tokens(name):
                if g_lo <= s and e <= g_hi and not self.status(s, e, [(s, e)]).negated:
                    return True
        return False


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


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
