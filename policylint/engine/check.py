"""The engine: run a rule set over a Document and produce Findings.

The engine knows rule *kinds*, never rule *ids*. Span rules are evaluated per
sentence of every non-heading block; document rules (``absent``) look at every
block, headings included, and fire once when nothing matches.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..documents.model import SECTION_SEPARATOR, Block, BlockKind, Document
from ..findings import (
    CATEGORIES,
    CATEGORY_TITLES,
    DEFAULT_PROFILE,
    Finding,
    Severity,
    fingerprint,
)
from . import suggest
from .legal import Legal, judge, legal_message, legal_title, quantity_nodes, thresholds
from .loader import RuleError, RuleSet
from .matching import (
    BlockContext,
    BlockScan,
    CompiledRules,
    RuleMatch,
    SentenceEvaluator,
    group_by_sentence,
    raw_present,
)
from .model import Absent, Frame, Rule, walk

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Selection:
    """Which rules run: ``select`` / ``ignore`` hold rule ids or categories."""

    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()

    def includes(self, rule: Rule) -> bool:
        if self.select and rule.id not in self.select and rule.category not in self.select:
            return False
        return rule.id not in self.ignore and rule.category not in self.ignore


@dataclass
class EngineOptions:
    #: rule id -> {param: value}
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: rule id or category -> severity
    severity: dict[str, str] = field(default_factory=dict)
    pipeline: str = "blank"


def validate_overrides(ruleset: RuleSet, options: EngineOptions) -> list[str]:
    """Problems with param and severity overrides (unknown rule, param, bad type)."""
    problems = []
    ids = {r.id for r in ruleset}
    categories = {r.category for r in ruleset}
    for rid, values in options.params.items():
        rule = ruleset.get(rid)
        if rule is None:
            problems.append(f"params: unknown rule {rid!r}")
            continue
        for name, value in values.items():
            if name not in rule.params:
                known = ", ".join(sorted(rule.params)) or "none"
                problems.append(f"params: rule {rid!r} has no param {name!r} (params: {known})")
            elif isinstance(rule.params[name], int | float) and (
                isinstance(value, bool) or not isinstance(value, int | float)
            ):
                problems.append(f"params: {rid}.{name} must be a number, not {value!r}")
    for key, value in options.severity.items():
        if key not in ids and key not in categories:
            problems.append(f"severity: {key!r} is neither a rule id nor a category")
        if value not in ("error", "warning", "info"):
            problems.append(f"severity: {key}: must be error, warning or info, not {value!r}")
    return problems


class Engine:
    """Compiled rules plus the pipeline; build once, check many documents."""

    def __init__(self, ruleset: RuleSet, options: EngineOptions | None = None) -> None:
        from ..nlp.pipeline import get_nlp

        self.ruleset = ruleset
        self.options = options or EngineOptions()
        problems = validate_overrides(ruleset, self.options)
        if problems:
            raise RuleError(problems)
        self.params = {r.id: {**r.params, **self.options.params.get(r.id, {})} for r in ruleset}
        pipeline = self.options.pipeline
        self.compiled = CompiledRules(
            ruleset.rules, lambda: get_nlp(pipeline), self.params, ruleset.concepts
        )
        #: template errors raise (rules test/validate) instead of degrading (runs)
        self.strict_templates = False
        self._reported_template_errors: set[str] = set()
        #: Legal.key -> rule id -> {param: stricter threshold}
        self._limits: dict[str, dict[str, dict[str, float]]] = {}

    @property
    def nlp(self):  # type: ignore[no-untyped-def]
        """The language pipeline, loaded (with spaCy) on first use."""
        return self.compiled.nlp

    # -- public -----------------------------------------------------------------
    def check(
        self,
        document: Document,
        *,
        profile: str = DEFAULT_PROFILE,
        selection: Selection | None = None,
        shortcut: bool = True,
        legal: Legal | None = None,
    ) -> list[Finding]:
        """Findings for ``document``. With ``shortcut`` (the default) a block is
        tokenized only when the cheap pass over its raw text leaves a rule that can
        still match there; the findings are the same either way. ``legal`` (the
        jurisdictions and head-count) turns rules with a ``law:`` link into legal
        comparisons (see :mod:`policylint.engine.legal`)."""
        selection = selection or Selection()
        legal = legal or Legal()
        limits = self.legal_limits(legal)
        active = {r.id for r in self.ruleset if selection.includes(r) and r.applies_to(profile)}
        span_rules = {rid for rid in active if self.ruleset.get(rid).scope == "span"}  # type: ignore[union-attr]
        doc_rules = [r for r in self.ruleset if r.id in active and r.scope == "document"]
        present: set[str] = set()
        #: document rules whose 'requires' conditions were all met (or that have none)
        relevant: set[str] = {r.id for r in doc_rules if not r.requires}
        required: dict[str, set[int]] = {r.id: set() for r in doc_rules if r.requires}
        compiled = self.compiled
        leads = block_leads(document.blocks)
        # pass 1: the raw text of every block, without spaCy
        scans: dict[int, BlockScan] = {}
        texts = [analysis_text(b) for b in document.blocks]
        matchers = compiled.vocab.matchers(texts)
        for index in range(len(document.blocks)):
            scan = compiled.scan(texts[index], active, matchers[index])
            for rule in doc_rules:
                assert isinstance(rule.match, Absent)
                if rule.id not in present and raw_present(
                    rule.match.child, scan.matcher, compiled.node_leaf
                ):
                    present.add(rule.id)
                if rule.id not in relevant and rule.requires:
                    seen = required[rule.id]
                    for i, node in enumerate(rule.requires):
                        if i not in seen and raw_present(node, scan.matcher, compiled.node_leaf):
                            seen.add(i)
                    if len(seen) == len(rule.requires):
                        relevant.add(rule.id)
            if not shortcut:
                scan.viable_rules = set(active)
            if scan.viable_rules:
                scans[index] = scan
        # pass 2: tokenize only the blocks where something can still match
        matches: list[tuple[int, Block, Doc, Any, RuleMatch, str]] = []
        candidates = [
            i for i in scans if self._needed(scans[i], present, relevant, document.blocks[i])
        ]
        if not shortcut:
            candidates = list(range(len(document.blocks)))
            for i in candidates:
                scans.setdefault(i, compiled.scan(texts[i], active, matchers[i]))
                scans[i].viable_rules = set(active)
        chosen = (texts[i] for i in candidates)
        docs = self.nlp.pipe(chosen, batch_size=64) if candidates else iter(())
        for index, doc in zip(candidates, docs, strict=True):
            block = document.blocks[index]
            scan = scans[index]
            hits = compiled.hits(doc, texts[index], scan, limits)
            if not hits:
                continue
            context = BlockContext(
                lead=compiled.text_matcher(leads[index]) if index in leads else None,
                heading=compiled.text_matcher(block.section_path) if block.section else None,
                profile=profile,
            )
            for sent, sent_hits in group_by_sentence(doc, hits):
                evaluator = SentenceEvaluator(compiled, doc, sent, sent_hits, context, scan.matcher)
                leaves = {h.leaf for h in sent_hits}
                candidates_here = set().union(*(compiled.rules_of_leaf[i] for i in leaves))
                for rule in doc_rules:
                    if rule.id not in candidates_here:
                        continue
                    if rule.id not in present:
                        assert isinstance(rule.match, Absent)
                        if evaluator.present(rule.match.child):
                            present.add(rule.id)
                    if rule.id not in relevant and rule.requires:
                        seen = required[rule.id]
                        for i, node in enumerate(rule.requires):
                            if i not in seen and evaluator.present(node):
                                seen.add(i)
                        if len(seen) == len(rule.requires):
                            relevant.add(rule.id)
                if block.kind is BlockKind.HEADING:
                    continue
                found = []
                for rid in sorted(candidates_here & span_rules & scan.viable_rules):
                    rule = self.ruleset.get(rid)
                    assert rule is not None
                    m = evaluator.evaluate(rule)
                    if m is not None:
                        found.append(m)
                for m, note in precedence(found):
                    matches.append((index, block, doc, sent, m, note))
        findings = [f for m in matches if (f := self._span_finding(*m, legal=legal)) is not None]
        for rule in doc_rules:
            if rule.id not in present and rule.id in relevant:
                findings.append(self._document_finding(rule, document))
        return _with_fingerprints(self._escalate(findings))

    def legal_limits(self, legal: Legal) -> dict[str, dict[str, float]]:
        """Per rule, the thresholds raised to the configured legal floors."""
        if not legal:
            return {}
        found = self._limits.get(legal.key)
        if found is None:
            found = {}
            for rule in self.ruleset:
                if rule.law is not None:
                    raised = thresholds(rule, self.params[rule.id], legal)
                    if raised:
                        found[rule.id] = raised
            self._limits[legal.key] = found
        return found

    def _needed(self, scan: BlockScan, present: set[str], relevant: set[str], block: Block) -> bool:
        """Must this block be tokenized? Only for a span rule that can still match, or
        a document check still undecided that the cheap pass cannot settle."""
        for rid in scan.viable_rules:
            rule = self.ruleset.get(rid)
            assert rule is not None
            if rule.scope == "span":
                if block.kind is not BlockKind.HEADING:
                    return True
            elif rid not in present or (rule.requires and rid not in relevant):
                return True
        return False

    # -- findings -------------------------------------------------------------------
    def _escalate(self, findings: list[Finding]) -> list[Finding]:
        """Apply rules' ``escalate``: e.g. self-sacrifice rhetoric is info on its own
        and a warning in a document that also turns it into policy. A severity set in
        the configuration for the rule or its category wins."""
        categories = {f.category for f in findings}
        out = []
        for f in findings:
            rule = self.ruleset.get(f.rule)
            if (
                rule is not None
                and rule.escalate is not None
                and rule.id not in self.options.severity
                and rule.category not in self.options.severity
            ):
                to, when = rule.escalate
                also = [c for c in when if c in categories]
                if also and Severity(to).rank > f.severity.rank:
                    names = ", ".join(CATEGORY_TITLES.get(c, c).lower() for c in also[:3])
                    f = f.with_(
                        severity=Severity(to),
                        message=f"{f.message} Raised to {to}: this document also has findings "
                        f"about {names}, so the rhetoric is backed by policy.",
                    )
            out.append(f)
        return out

    def severity_of(self, rule: Rule, hedged: bool = False) -> Severity:
        value = self.options.severity.get(rule.id) or self.options.severity.get(rule.category)
        severity = Severity(value) if value else rule.severity
        if hedged and rule.hedged == "lower":
            severity = severity.lowered()
        return severity

    def _variables(
        self, rule: Rule, match: str | None, sentence: str | None, m: RuleMatch | None
    ) -> dict[str, Any]:
        quantity = None
        if m is not None:
            qh = m.quantity
            if qh is not None and qh.quantity is not None:
                q = qh.quantity
                quantity = {
                    "text": q.text,
                    "value": q.high,
                    "low": q.low,
                    "high": q.high,
                    "unit": q.unit,
                    "per": q.per,
                    "bound": q.bound,
                    "normalised": qh.normalised,
                }
        return {
            "match": match or "",
            "sentence": sentence or "",
            "quantity": quantity,
            "params": self.params[rule.id],
            "rule": {
                "id": rule.id,
                "title": rule.title,
                "category": rule.category,
                "severity": str(rule.severity),
            },
        }

    def _render(self, rule: Rule, variables: dict[str, Any]) -> tuple[str, str, tuple[str, ...]]:
        """Title, message and suggestions. A template that passed the static checks
        but fails on real values is an error when rules are tested (``strict``); in a
        run it must not lose the finding: the plain title stands in, and the problem
        is reported once on stderr."""
        rendered: list[str | None] = []
        for source in (rule.title, rule.message, *rule.suggest):
            try:
                rendered.append(suggest.render(source, variables))
            except Exception as exc:
                problem = f"{rule.source}:{rule.line}: rule '{rule.id}': template error: {exc}"
                if self.strict_templates:
                    raise RuleError([problem]) from None
                if problem not in self._reported_template_errors:
                    self._reported_template_errors.add(problem)
                    print(f"policylint: warning: {problem}", file=sys.stderr)
                rendered.append(None)
        title = rendered[0] or rule.id
        match = variables.get("match")
        message = rendered[1] or (f'"{match}": {title}' if match else title)
        suggestions = tuple(s for s in rendered[2:] if s)
        return title, message, suggestions

    def _span_finding(
        self,
        index: int,
        block: Block,
        doc: Doc,
        sent: Any,
        m: RuleMatch,
        note: str = "",
        *,
        legal: Legal | None = None,
    ) -> Finding | None:
        rule = m.rule
        start_char = doc[m.start].idx
        end_tok = doc[m.end - 1]
        end_char = end_tok.idx + len(end_tok.text)
        sentence = sent.text
        # a table cell is read with its headers after it (see analysis_text); the
        # finding points into the cell itself
        limit = len(block.text)
        if end_char > limit:
            start_char, end_char = min(start_char, max(limit - 1, 0)), limit
        matched = doc.text[start_char:end_char]
        title, message, suggestions = self._render(
            rule, self._variables(rule, matched, sentence, m)
        )
        if m.topic_source in ("lead", "heading"):
            where = "the list's lead-in" if m.topic_source == "lead" else "the section heading"
            message = f"{message} (The topic comes from {where}.)"
        if note:
            message = f"{message} {note}"
        severity = self.severity_of(rule, m.hedged)
        law = None
        if legal and rule.law is not None:
            verdict = self._judge(rule, m, legal, matched)
            if verdict is not None and verdict.breaches:
                # below the law: an error, whatever the evidence threshold says; the
                # evidence message follows only when the rule's own threshold fires too
                severity = Severity.ERROR
                law = verdict.data
                title = legal_title(verdict, rule.law)
                words = legal_message(verdict, rule.law, legal.employees)
                message = f"{words} {message}" if verdict.evidence else words
            elif verdict is not None and not verdict.evidence:
                return None  # fired only for a floor it is not below (cannot happen)
        start = block.locate(start_char)
        end = block.locate_end(end_char)
        return Finding(
            rule=rule.id,
            category=rule.category,
            severity=severity,
            law=law,
            scope="span",
            title=title,
            message=message,
            excerpt=sentence,
            match=matched,
            line=start.line,
            column=start.column,
            end_line=end.line,
            end_column=end.column,
            page=start.page,
            section=block.section_path or None,
            suggestions=suggestions,
            fingerprint="",
            block=index,
            start=start_char,
            end=end_char,
            sentence_start=sent.start_char,
            sentence_end=sent.end_char,
        )

    def _judge(self, rule: Rule, m: RuleMatch, legal: Legal, matched: str):  # type: ignore[no-untyped-def]
        hit = m.quantity
        node = None
        if hit is not None:
            leaf = self.compiled.leaf_of.get(hit.leaf)
            candidate = leaf.node if leaf is not None else None
            if any(candidate is n for n in quantity_nodes(rule)):
                node = candidate
        return judge(
            rule,
            legal,
            self.params[rule.id],
            node=node,  # type: ignore[arg-type]
            quantity=hit.quantity if hit is not None else None,
            value=hit.normalised if hit is not None else None,
            matched=matched,
        )

    def _document_finding(self, rule: Rule, document: Document) -> Finding:
        title, message, suggestions = self._render(rule, self._variables(rule, None, None, None))
        return Finding(
            rule=rule.id,
            category=rule.category,
            severity=self.severity_of(rule),
            scope="document",
            title=title,
            message=message,
            excerpt=None,
            match=None,
            line=None,
            column=None,
            end_line=None,
            end_column=None,
            page=None,
            section=None,
            suggestions=suggestions,
            fingerprint="",
        )

    # -- examples --------------------------------------------------------------------
    def check_text(self, text: str, rule: Rule, *, profile: str | None = None) -> list[Finding]:
        """Lint a snippet with one rule (used for rule examples)."""
        from ..documents.builder import TextBuilder

        blocks = []
        for line_no, para in enumerate(text.split("\n\n"), start=1):
            b = TextBuilder()
            b.add(para, line_no, 1)
            built = b.build(BlockKind.PARAGRAPH)
            if built is not None:
                blocks.append(built)
        document = Document("<example>", "txt", blocks)
        chosen = (
            profile
            or rule.example_profiles.get(text)
            or (
                DEFAULT_PROFILE
                if not rule.profiles or DEFAULT_PROFILE in rule.profiles
                else sorted(rule.profiles)[0]
            )
        )
        findings = self.check(
            document, profile=chosen, selection=Selection(select=frozenset({rule.id}))
        )
        return [f for f in findings if f.rule == rule.id]


#: a table cell this short is read together with its headers
_SHORT_CELL_WORDS = 8


def analysis_text(block: Block) -> str:
    """The text rules read for a block: the block's own text, except that a short
    table cell with a number is followed by its column and row headers ("32" under
    "Weekly client hours" in the row "Full-time" reads "32 Weekly client hours,
    Full-time"), so that a number in a table keeps its unit and topic."""
    if (
        block.kind is BlockKind.TABLE_CELL
        and block.lead
        and len(block.text.split()) <= _SHORT_CELL_WORDS
        and any(ch.isdigit() for ch in block.text)
    ):
        return f"{block.text} {block.lead.replace(SECTION_SEPARATOR, ', ')}"
    return block.text


def block_leads(blocks: list[Block]) -> dict[int, str]:
    """The lead-in of each block that has one: a table cell's headers (from the
    reader), or for list items (and a paragraph right after a short one) the
    introducing paragraph that ends with a colon ("If you are sick, you must:")."""
    leads: dict[int, str] = {}
    lead: str | None = None
    for i, block in enumerate(blocks):
        if block.lead:
            leads[i] = block.lead
            continue
        if block.kind is BlockKind.LIST_ITEM:
            if lead is not None:
                leads[i] = lead
            continue
        if (
            block.kind is BlockKind.PARAGRAPH
            and lead is not None
            and i
            and (
                blocks[i - 1].text.rstrip().endswith(":") and len(blocks[i - 1].text.split()) <= 40
            )
        ):
            leads[i] = lead
        text = block.text.rstrip()
        lead = text if block.kind is not BlockKind.HEADING and text.endswith(":") else None
    return leads


#: how directly a match's topic is stated, for precedence between categories
_SOURCE_RANK = {"clause": 3, "sentence": 2, "lead": 1, "heading": 0}


def _has_frame(rule: Rule) -> bool:
    return any(isinstance(node, Frame) for node in walk(rule.match))


def precedence(matches: list[RuleMatch]) -> list[tuple[RuleMatch, str]]:
    """One category per stretch of words. When rules of different categories match
    overlapping words of the same clause group, the match whose topic is stated most
    directly wins (in the clause itself, then earlier in the sentence, then a lead-in,
    then a heading), then a frame over a plain match, then the rule's ``priority``,
    then the order of categories. The winner's message says what else matched."""
    kept: list[tuple[RuleMatch, list[RuleMatch]]] = []

    def key(m: RuleMatch) -> tuple[int, int, int, int]:
        order = CATEGORIES.index(m.rule.category) if m.rule.category in CATEGORIES else 99
        frame = int(_has_frame(m.rule))
        return (_SOURCE_RANK.get(m.topic_source, 3), frame, m.rule.priority, -order)

    for m in sorted(matches, key=key, reverse=True):
        rival = next(
            (
                k
                for k in kept
                if k[0].rule.category != m.rule.category
                and k[0].region == m.region
                and k[0].start < m.end
                and m.start < k[0].end
            ),
            None,
        )
        if rival is None:
            kept.append((m, []))
        else:
            rival[1].append(m)
    out = []
    for m, beaten in kept:
        note = ""
        if beaten:
            names = "; ".join(
                f"{CATEGORY_TITLES.get(b.rule.category, b.rule.category).lower()}" for b in beaten
            )
            b = beaten[0]
            if _SOURCE_RANK.get(m.topic_source, 3) > _SOURCE_RANK.get(b.topic_source, 3):
                why = "its topic is stated more directly here"
            elif _has_frame(m.rule) and not _has_frame(b.rule):
                why = "it names both the topic and the restriction"
            elif m.rule.priority > b.rule.priority:
                why = "it is the more specific rule"
            else:
                why = "of the order of policy areas"
            note = (
                f"These words also fit {names}; they are reported once, under "
                f"{CATEGORY_TITLES.get(m.rule.category, m.rule.category).lower()}, because "
                f"{why}."
            )
        out.append((m, note))
    out.sort(key=lambda t: (t[0].start, t[0].rule.id))
    return out


def _with_fingerprints(findings: Iterable[Finding]) -> list[Finding]:
    ordered = sorted(findings, key=lambda f: f.sort_key)
    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for f in ordered:
        key = (f.rule, f.excerpt or "")
        occurrence = seen[key]
        seen[key] += 1
        out.append(f.with_(fingerprint=fingerprint(f.rule, f.excerpt, occurrence)))
    return out


def example_failures(engine: Engine, rules: Iterable[Rule]) -> list[str]:
    """Run every rule's examples: each ``flag`` example must produce a finding of
    that rule and each ``pass`` example must not. Returns failure messages."""
    failures = []
    for rule in rules:
        if rule.scope == "span" and not rule.flag_examples:
            failures.append(f"{rule.source}:{rule.line}: rule '{rule.id}': has no flag examples")
        for example in rule.flag_examples:
            if not engine.check_text(example, rule):
                failures.append(
                    f"{rule.source}:{rule.line}: rule '{rule.id}': flag example not flagged: "
                    f"{example!r}"
                )
        for example in rule.pass_examples:
            found = engine.check_text(example, rule)
            if found:
                failures.append(
                    f"{rule.source}:{rule.line}: rule '{rule.id}': pass example flagged "
                    f"(matched {found[0].match!r}): {example!r}"
                )
    return failures


def template_problems(engine: Engine, rules: Iterable[Rule]) -> list[str]:
    """Render every rule's title, message and suggestions on each of its flag
    examples (document rules: on an empty document), so a template that only fails
    with real values is caught when rules are validated, not in the middle of a run."""
    problems = []
    engine.strict_templates = True
    try:
        for rule in rules:
            for example in rule.flag_examples or ("",):
                try:
                    engine.check_text(example, rule)
                except RuleError as exc:
                    problems.extend(exc.problems)
                    break
    finally:
        engine.strict_templates = False
    return problems
