"""The HTML report: one self-contained file a clinic HR manager can open, share and print.

``render(report)`` returns the whole page as a string. The page has, in order: a header
(documents audited, date, policylint and rules versions, profiles), a scorecard of the
eleven categories, the missing provisions with the clause to add, the findings grouped by
document and then by section in document order, and a footer explaining severities,
suppressions and configuration.

Safety: document text is untrusted. The Jinja2 environment escapes everything
(``autoescape=True``; ``select_autoescape(["html"])`` would *not* escape a ``.j2``
template); only our own CSS and JS (``templates/report.css``, ``templates/report.js``)
are marked safe. The data the script needs is embedded with ``|tojson`` in a
``<script type="application/json">``, which cannot execute. A Content-Security-Policy
meta tag allows exactly our inline script and stylesheet by their sha256 hashes and
nothing from the network.

Without JavaScript the page is complete: filters and copy buttons carry the ``hidden``
attribute and the script reveals them. The output is deterministic: the date comes from
``SOURCE_DATE_EPOCH`` when set, else ``report.created``.

This module imports only the standard library, Jinja2 and policylint's plain data
modules (never spaCy).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from .. import __version__
from ..findings import CATEGORIES, CATEGORY_TITLES, Finding
from .lawinfo import all_floors, citation_line
from .location import long_location

if TYPE_CHECKING:
    from ..api import FileResult, Report
    from ..engine.model import Rule
    from ..grouping import Clause

TEMPLATE = "report.html.j2"
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_LABELS = {"error": "Error", "warning": "Warning", "info": "Info"}
SEVERITY_HELP = {
    "error": "conflicts with a legal minimum, or is severe",
    "warning": "a martyr-culture pattern",
    "info": "worth a second look: rhetoric or tone, or a figure close to a threshold",
}
FORMAT_LABELS = {
    "docx": "Word document",
    "pdf": "PDF",
    "md": "Markdown",
    "txt": "plain text",
    "html": "web page",
}
#: ids the template itself uses; generated ids never take them
STATIC_IDS = (
    "top", "contents", "main", "scorecard", "scorecard-title", "documents", "missing",
    "missing-title", "filters", "filter-search", "filter-category", "filter-reset",
    "filter-status", "help", "announcer", "policylint-data",
)  # fmt: skip
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip

#: (foreground, background) CSS custom properties that are used together for text;
#: tests check each pair reaches WCAG AA (4.5:1)
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("--text", "--bg"),
    ("--text", "--surface"),
    ("--muted", "--bg"),
    ("--muted", "--surface"),
    ("--link", "--bg"),
    ("--link", "--surface"),
    ("--text", "--mark"),
    ("--text", "--rewrite-bg"),
    ("--ok", "--rewrite-bg"),
    ("--error", "--bg"),
    ("--error", "--error-bg"),
    ("--warning", "--bg"),
    ("--warning", "--warning-bg"),
    ("--info", "--bg"),
    ("--info", "--info-bg"),
    ("--ok", "--bg"),
    ("--ok", "--ok-bg"),
    ("--missing", "--bg"),
    ("--missing", "--missing-bg"),
    ("--unchecked", "--bg"),
    ("--unchecked", "--unchecked-bg"),
    ("--text", "--error-bg"),
    ("--text", "--missing-bg"),
)
#: pairs for focus rings and control borders: WCAG non-text contrast (3:1)
UI_PAIRS: tuple[tuple[str, str], ...] = (
    ("--focus", "--bg"),
    ("--focus", "--surface"),
    ("--control-border", "--bg"),
)


# -- assets -----------------------------------------------------------------------


def _asset(name: str) -> str:
    return (resources.files(__package__) / "templates" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(__package__, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["plural"] = plural
    return env


@dataclass(frozen=True)
class Assets:
    css: str
    js: str

    @property
    def css_hash(self) -> str:
        return csp_hash(self.css)

    @property
    def js_hash(self) -> str:
        return csp_hash(self.js)


@lru_cache(maxsize=1)
def assets() -> Assets:
    """Our own stylesheet and script, exactly as they are inlined."""
    css, js = _asset("report.css"), _asset("report.js")
    for name, text in (("report.css", css), ("report.js", js)):
        lowered = text.lower()
        if "</style" in lowered or "</script" in lowered or "<!--" in lowered:
            raise ValueError(f"{name} must not contain '</style', '</script' or '<!--'")
    return Assets(css, js)


def csp_hash(text: str) -> str:
    """``sha256-<base64>`` of ``text`` as UTF-8, for a CSP source list."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def css_variables(css: str | None = None) -> dict[str, str]:
    """The custom properties of the stylesheet's first ``:root`` block (the palette)."""
    css = assets().css if css is None else css
    block = re.search(r":root\s*\{(.*?)\}", css, re.S)
    if block is None:
        return {}
    return dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+?)\s*;", block.group(1)))


# -- small helpers ----------------------------------------------------------------


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 finding``, ``2 findings``; ``info`` has no plural."""
    if count == 1 or word == "info":
        return f"{count:,} {word}"
    return f"{count:,} {words or word + 's'}"


def severity_text(counts: dict[str, int]) -> str:
    """``1 error, 2 warnings`` (zero counts left out)."""
    return ", ".join(plural(counts[s], s) for s in SEVERITIES if counts.get(s))


def report_date(report: Report) -> dt.datetime:
    """When the report was made: ``SOURCE_DATE_EPOCH`` if set (reproducible builds),
    else ``report.created``; always in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (ValueError, OverflowError, OSError):
            pass
    created = report.created
    if created.tzinfo is None:
        return created.replace(tzinfo=dt.UTC)
    return created.astimezone(dt.UTC)


def _human_date(when: dt.datetime) -> str:
    return f"{when.day} {_MONTHS[when.month - 1]} {when.year}, {when:%H:%M} UTC"


def split_excerpt(finding: Finding) -> tuple[str, str, str]:
    """The sentence as (before, matched words, after). The match comes from the
    offsets when they are set and agree with ``finding.match``; else the first
    occurrence of ``finding.match`` (exact, then ignoring case); else no highlight."""
    text = finding.excerpt or ""
    f = finding
    if f.start is not None and f.end is not None and f.sentence_start is not None:
        a, b = f.start - f.sentence_start, f.end - f.sentence_start
        if 0 <= a < b <= len(text) and (not f.match or text[a:b] == f.match):
            return text[:a], text[a:b], text[b:]
    if f.match:
        at = text.find(f.match)
        if at < 0:
            at = text.lower().find(f.match.lower())
        if at >= 0:
            b = at + len(f.match)
            return text[:at], text[at:b], text[b:]
    return text, "", ""


_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


class _Ids:
    """Unique, link-safe ``id`` attributes."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, *candidates: str) -> str:
        for candidate in candidates:
            safe = _ID_UNSAFE.sub("-", candidate).strip("-")
            if safe and safe not in self.used:
                self.used.add(safe)
                return safe
        base = _ID_UNSAFE.sub("-", candidates[-1]).strip("-") or "item"
        n = 2
        while f"{base}-{n}" in self.used:
            n += 1
        self.used.add(f"{base}-{n}")
        return f"{base}-{n}"


# -- the view model ----------------------------------------------------------------


@dataclass(frozen=True)
class Rewrite:
    id: str
    label: str
    text: str


@dataclass(frozen=True)
class Link:
    text: str
    url: str | None = None


@dataclass(eq=False)
class Concern:
    """One finding inside a card: what one rule found in the clause."""

    finding: Finding
    category_title: str
    severity: str
    #: the message without the document-wide escalation note (shown once per document)
    message: str
    why: str | None


@dataclass(eq=False)
class Card:
    """One flagged clause: the unsuppressed span findings on one sentence."""

    id: str
    #: the most severe finding (its fingerprint is the card's ``data-finding``)
    finding: Finding
    concerns: list[Concern]
    category_title: str
    severity: str
    where: str
    #: the sentence as (text, highlighted) pieces; every finding's words are marked
    pieces: list[tuple[str, bool]]
    rewrite: Rewrite | None
    alternatives: list[Rewrite]
    references: list[Link]
    evidence: list[Link]
    #: the legal floors the clause falls below (citation, linked to the statute)
    laws: list[Link] = field(default_factory=list)

    @property
    def single(self) -> bool:
        return len(self.concerns) == 1

    @property
    def title(self) -> str:
        return "; ".join(dict.fromkeys(c.finding.title for c in self.concerns))

    @property
    def fingerprints(self) -> str:
        return " ".join(c.finding.fingerprint for c in self.concerns if c.finding.fingerprint)

    @property
    def categories(self) -> str:
        return " ".join(dict.fromkeys(c.finding.category for c in self.concerns))

    @property
    def severities(self) -> str:
        return " ".join(dict.fromkeys(c.severity for c in self.concerns))

    @property
    def rules(self) -> list[str]:
        return list(dict.fromkeys(c.finding.rule for c in self.concerns))

    @property
    def rewrites(self) -> list[Rewrite]:
        return ([self.rewrite] if self.rewrite else []) + self.alternatives


@dataclass(eq=False)
class Group:
    """The findings of one section of a document."""

    id: str
    title: str
    cards: list[Card] = field(default_factory=list)


@dataclass(eq=False)
class Provision:
    """A missing provision (document-level finding), merged across documents."""

    id: str
    finding: Finding
    category_title: str
    severity: str
    documents: list[DocumentView]
    why: str | None
    references: list[Link]
    rewrites: list[Rewrite]
    evidence: list[Link] = field(default_factory=list)


@dataclass
class Suppressed:
    rule: str
    title: str
    where: str
    sentence: str
    reason: str


@dataclass(eq=False)
class DocumentView:
    index: int
    id: str
    path: str
    format_label: str
    profile: str
    words: int
    error: str | None
    #: how the profile was chosen (flag, config, detected, default) and why
    profile_source: str = "default"
    profile_reason: str = ""
    #: notes that apply to the whole document (rhetoric raised to warning, ...)
    notes: list[str] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    provisions: list[Provision] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    not_checked: list[str] = field(default_factory=list)

    @property
    def cards(self) -> list[Card]:
        return [c for g in self.groups for c in g.cards]

    @property
    def concerns(self) -> list[Concern]:
        return [c for card in self.cards for c in card.concerns]

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(SEVERITIES, 0)
        for c in self.concerns:
            out[c.severity] = out.get(c.severity, 0) + 1
        return out

    @property
    def summary(self) -> str:
        """One line: what was found in this document."""
        if self.error:
            return "could not be read"
        parts = []
        cards = self.cards
        concerns = self.concerns
        if cards:
            text = f"{plural(len(concerns), 'finding')} ({severity_text(self.counts)})"
            if len(cards) != len(concerns):
                text += f" on {plural(len(cards), 'clause')}"
            parts.append(text)
        if self.provisions:
            parts.append(plural(len(self.provisions), "missing provision"))
        if not parts:
            parts.append("no concerns found")
        if self.suppressed:
            parts.append(f"{len(self.suppressed):,} suppressed")
        return ", ".join(parts)


@dataclass
class CategoryRow:
    id: str
    title: str
    #: ok | findings | missing | unchecked
    status: str
    #: the CSS tone: ok, error, warning, info, missing, unchecked
    tone: str
    status_text: str
    detail: str
    link: str | None = None
    link_text: str = ""


def _rewrites(ids: _Ids, base: str, suggestions: Sequence[str], first: str) -> list[Rewrite]:
    out = []
    for n, text in enumerate(suggestions):
        label = first if n == 0 else "Another option"
        out.append(Rewrite(ids.make(f"{base}-rewrite-{n + 1}"), label, text))
    return out


def _category_title(category: str) -> str:
    return CATEGORY_TITLES.get(category, category)


def _severity(finding: Finding) -> str:
    value = str(finding.severity)
    return value if value in SEVERITIES else "info"


def _links(
    rules: Iterable[Rule | None], categories: Iterable[str]
) -> tuple[list[Link], list[Link]]:
    """The rules' references (each once, with its link) and the evidence page's section
    for each category."""
    from ..references import evidence_url, rule_references

    refs: dict[str, Link] = {}
    for rule in rules:
        if rule is None:
            continue
        for ref in rule_references(rule):
            refs.setdefault(ref.text, Link(ref.text, ref.url))
    evidence = [
        Link(f"The research and law behind {_category_title(c).lower()}", evidence_url(c))
        for c in dict.fromkeys(categories)
        if c in CATEGORIES
    ]
    return list(refs.values()), evidence


def _http(url: object) -> str | None:
    """A web link from the law data, or None (never another scheme)."""
    return url if isinstance(url, str) and re.match(r"https?://[^\s<>\"]+$", url) else None


def _card(
    ids: _Ids, index: int, result: FileResult, clause: Clause, rules: dict[str, Rule]
) -> Card:
    from ..grouping import split_escalation

    f = clause.primary
    fp = f.fingerprint or f"n{index}"
    card_id = ids.make(f"finding-{fp}", f"finding-{index}-{fp}")
    first = clause.first
    where = ", ".join(x for x in (first.section, long_location(result.format, first)) if x)
    concerns = []
    for x in clause.findings:
        rule = rules.get(x.rule)
        message, _ = split_escalation(x.message)
        concerns.append(
            Concern(
                finding=x,
                category_title=_category_title(x.category),
                severity=_severity(x),
                message=message,
                why=rule.why if rule else None,
            )
        )
    references, evidence = _links(
        (rules.get(r) for r in clause.rules), (x.category for x in clause.findings)
    )
    rewrite = (
        Rewrite(ids.make(f"{card_id}-rewrite-1"), "Suggested rewrite", clause.rewrite)
        if clause.rewrite
        else None
    )
    alternatives = [
        Rewrite(ids.make(f"{card_id}-rewrite-{n}"), "Another option", text)
        for n, text in enumerate(clause.alternatives, start=2)
    ]
    laws = [
        Link(citation_line(law), _http(law.get("source")))
        for x in clause.findings
        for law in all_floors(x.law)
    ]
    return Card(
        laws=list({link.text: link for link in laws}.values()),
        id=card_id,
        finding=f,
        concerns=concerns,
        category_title=_category_title(f.category),
        severity=_severity(f),
        where=where,
        pieces=clause.pieces() if clause.excerpt else [],
        rewrite=rewrite,
        alternatives=alternatives,
        references=references,
        evidence=evidence,
    )


def _document(
    ids: _Ids, index: int, result: FileResult, rules: dict[str, Rule], checked: list[str]
) -> tuple[DocumentView, list[Finding]]:
    """The document's view and its active document-level findings."""
    from ..grouping import clauses, escalation_notes

    doc_id = ids.make(f"doc-{index}")
    view = DocumentView(
        index=index,
        id=doc_id,
        path=result.path,
        format_label=FORMAT_LABELS.get(result.format or "", result.format or "unknown format"),
        profile=result.profile,
        words=result.words,
        error=result.error,
        profile_source=getattr(result, "profile_source", "default"),
        profile_reason=getattr(result, "profile_reason", ""),
        checked=[_category_title(c) for c in checked],
        not_checked=[_category_title(c) for c in CATEGORIES if c not in checked],
    )
    document_level: list[Finding] = []
    for f in sorted(result.findings, key=lambda f: f.sort_key):
        if f.suppressed:
            view.suppressed.append(
                Suppressed(
                    rule=f.rule,
                    title=f.title,
                    where=long_location(result.format, f),
                    sentence=f.excerpt or "",
                    reason=f.suppression_reason or "no reason given",
                )
            )
        elif f.scope == "document":
            document_level.append(f)
    groups: dict[str, Group] = {}
    active = [f for f in result.findings if not f.suppressed]
    for clause in clauses(active):
        title = clause.first.section or "Before the first heading"
        group = groups.get(title)
        if group is None:
            group = groups[title] = Group(ids.make(f"{doc_id}-section-{len(groups) + 1}"), title)
        group.cards.append(_card(ids, index, result, clause, rules))
    view.groups = list(groups.values())
    view.notes = escalation_notes(active)
    return view, document_level


def _provisions(
    ids: _Ids,
    pending: list[tuple[DocumentView, Finding]],
    rules: dict[str, Rule],
) -> list[Provision]:
    """Merge document-level findings with the same rule and clause across documents;
    order by category, then rule id."""
    merged: dict[tuple[str, tuple[str, ...]], Provision] = {}
    for view, f in pending:
        key = (f.rule, f.suggestions)
        prov = merged.get(key)
        if prov is None:
            rule = rules.get(f.rule)
            pid = ids.make(f"missing-{f.rule}", f"missing-{f.fingerprint}")
            references, evidence = _links([rule], [f.category])
            prov = merged[key] = Provision(
                id=pid,
                finding=f,
                category_title=_category_title(f.category),
                severity=_severity(f),
                documents=[],
                why=rule.why if rule else None,
                references=references,
                rewrites=_rewrites(ids, pid, f.suggestions, "Clause to add"),
                evidence=evidence,
            )
        if not any(d is view for d in prov.documents):
            prov.documents.append(view)
        if not any(p is prov for p in view.provisions):
            view.provisions.append(prov)
    order = {c: n for n, c in enumerate(CATEGORIES)}
    return sorted(
        merged.values(), key=lambda p: (order.get(p.finding.category, 99), p.finding.rule)
    )


def _scorecard(
    checked: Iterable[str], documents: list[DocumentView], provisions: list[Provision]
) -> list[CategoryRow]:
    """One row per policy area. "No concerns" only for an area whose rules ran on at
    least one document that was read; with nothing read, every area is "Not checked"."""
    checked = set(checked)
    rows = []
    for category in CATEGORIES:
        title = _category_title(category)
        concerns = [
            (d, card, c)
            for d in documents
            for card in d.cards
            for c in card.concerns
            if c.finding.category == category
        ]
        missing = [p for p in provisions if p.finding.category == category]
        counts = {s: sum(1 for _, _, c in concerns if c.severity == s) for s in SEVERITIES}
        row = CategoryRow(category, title, "ok", "ok", "No concerns", "Checked; nothing found")
        if missing:
            docs = {d.index for p in missing for d in p.documents}
            row.status = row.tone = "missing"
            row.status_text = "Provision missing"
            row.detail = f"Missing from {plural(len(docs), 'document')}"
            if concerns:
                row.detail += f"; also {plural(len(concerns), 'finding')} ({severity_text(counts)})"
            row.link, row.link_text = missing[0].id, "See the clause to add"
        elif concerns:
            docs = {d.index for d, _, _ in concerns}
            row.status = "findings"
            row.tone = next(s for s in SEVERITIES if counts[s])
            row.status_text = plural(len(concerns), "finding")
            row.detail = severity_text(counts).capitalize()
            if len(documents) > 1:
                row.detail += f" in {plural(len(docs), 'document')}"
            row.link, row.link_text = concerns[0][1].id, "See the first one"
        elif category not in checked:
            row.status = row.tone = "unchecked"
            row.status_text = "Not checked"
            row.detail = (
                "No rule for this area ran (profile or settings)"
                if any(not d.error for d in documents)
                else "No document was read"
            )
        rows.append(row)
    return rows


def context(report: Report) -> dict[str, Any]:
    """Everything the template needs (plain values; no markup)."""
    from ..references import evidence_url

    rules = {r.id: r for r in report.ruleset}
    ids = _Ids()
    for reserved in STATIC_IDS:
        ids.make(reserved)
    documents: list[DocumentView] = []
    pending: list[tuple[DocumentView, Finding]] = []
    for index, result in enumerate(report.files, start=1):
        checked = report.checked_categories(result.profile)
        view, document_level = _document(ids, index, result, rules, checked)
        documents.append(view)
        pending.extend((view, f) for f in document_level)
    provisions = _provisions(ids, pending, rules)
    checked_all = report.checked_categories() if report.files else []
    cards = [c for d in documents for c in d.cards]
    concerns = [c for card in cards for c in card.concerns]
    counts = {s: sum(1 for c in concerns if c.severity == s) for s in SEVERITIES}
    when = report_date(report)
    profiles = sorted({r.profile for r in report.files})
    present = {c.finding.category for c in concerns} | {p.finding.category for p in provisions}
    rewrites = {r.id: r.text for c in cards for r in c.rewrites}
    rewrites.update({r.id: r.text for p in provisions for r in p.rewrites})
    errors = [d for d in documents if d.error]
    suppressed = sum(len(d.suppressed) for d in documents)
    if len(documents) == 1:
        title = f"Policy review: {documents[0].path}"
    else:
        title = f"Policy review: {plural(len(documents), 'document')}"
    return {
        "title": title,
        "version": __version__,
        "rules_version": report.ruleset.version or "unknown",
        "date_iso": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "date_text": _human_date(when),
        "profiles": profiles,
        "documents": documents,
        "read_count": len(documents) - len(errors),
        "errors": errors,
        "problems": list(report.problems),
        "scorecard": _scorecard(checked_all, documents, provisions),
        "provisions": provisions,
        "missing_total": sum(len(d.provisions) for d in documents),
        "cards_total": len(cards),
        "findings_total": len(concerns),
        "nothing_read": bool(documents) and not any(not d.error for d in documents),
        "counts": counts,
        "counts_text": severity_text(counts),
        "suppressed_total": suppressed,
        "filter_categories": [
            (c, _category_title(c)) for c in (*CATEGORIES, "suppression") if c in present
        ],
        "severities": [(s, SEVERITY_LABELS[s], SEVERITY_HELP[s]) for s in SEVERITIES],
        "severity_labels": SEVERITY_LABELS,
        "data": {"total": len(cards), "findings": len(concerns), "rewrites": rewrites},
        "evidence_url": evidence_url(),
        "legal_header": report.legal_header(),
        "legal_stale": [item["message"] for item in (report.legal() or {}).get("stale", [])],
        "legal_hint": report.law_hint(),
        # clauses below a legal floor, listed first in the header
        "legal_cards": [c for c in cards if c.laws],
    }


def render(report: Report) -> str:
    """The report as one self-contained HTML page."""
    a = assets()
    ctx = context(report)
    csp = (
        "default-src 'none'; "
        f"script-src '{a.js_hash}'; "
        f"style-src '{a.css_hash}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(**ctx, csp=csp, css=Markup(a.css), js=Markup(a.js))
    )
