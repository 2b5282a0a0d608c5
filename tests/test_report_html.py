"""The HTML report, checked without a browser: structure, escaping, CSP, accessibility
basics, determinism and colour contrast. (tests/browser/ drives real Chromium.)"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from report_fixtures import CREATED, HOSTILE, sample_report, span_findings

from policylint.api import Report
from policylint.config import Config
from policylint.findings import CATEGORIES, CATEGORY_TITLES
from policylint.formatters import html as html_fmt
from policylint.references import evidence_url, rule_references

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report()


@pytest.fixture(scope="module")
def page_html(report: Report) -> str:
    return html_fmt.render(report)


@pytest.fixture(scope="module")
def tree(page_html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(page_html)


@pytest.fixture(scope="module")
def hostile_html() -> str:
    return html_fmt.render(sample_report(hostile=True))


def text(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def cards(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return tree.xpath("//*[@data-finding]")


# -- structure ------------------------------------------------------------------------


def test_landmarks_in_order(tree: lxml.html.HtmlElement) -> None:
    body = tree.body
    top = [el.tag for el in body if el.tag in ("header", "nav", "main", "footer")]
    assert top == ["header", "nav", "main", "footer"]
    assert tree.get("lang") == "en"
    assert tree.findtext(".//title").startswith("Policy review")


def test_sections_in_order(tree: lxml.html.HtmlElement, report: Report) -> None:
    main = tree.body.find("main")
    ids = [el.get("id") for el in main if el.get("id")]
    doc_ids = [f"doc-{n}" for n in range(1, len(report.files) + 1)]
    assert ids == ["scorecard", "missing", "filters", *doc_ids]
    h2 = [text(h) for h in tree.xpath("//h2[not(contains(@class, 'visually-hidden'))]")]
    assert h2[:2] == ["Summary", "Missing provisions"]
    for heading, result in zip(h2[2:], report.files, strict=False):
        assert heading.endswith(result.path)
    assert h2[-3:] == [
        "How to read this report",
        "Suppressing a finding",
        "Changing what is checked",
    ]


def test_header(tree: lxml.html.HtmlElement) -> None:
    meta = {
        text(div.find("dt")): text(div.find("dd"))
        for div in tree.xpath("//header//dl[@class='meta']/div")
    }
    assert meta["Documents audited"] == "5 (4 read, 1 could not be read)"
    assert meta["Date"] == "14 March 2025, 09:30 UTC"
    assert meta["policylint version"] == "0.1.0"
    assert meta["Rules version"] == "abc123"
    assert meta["Profiles"] == "client-policy, handbook, syllabus"
    assert tree.xpath("//header//time/@datetime") == ["2025-03-14T09:30:00Z"]


def test_scorecard(tree: lxml.html.HtmlElement) -> None:
    rows = tree.xpath("//table[@class='scorecard']/tbody/tr")
    assert [r.get("data-category") for r in rows] == list(CATEGORIES)
    status = {}
    for row in rows:
        assert text(row.find("th")) == CATEGORY_TITLES[row.get("data-category")]
        chip = row.xpath(".//span[contains(@class, 'status')]")[0]
        # never colour alone: an icon and a word
        assert chip.xpath(".//svg") and text(chip)
        status[row.get("data-category")] = (row.get("data-status"), text(chip), chip.get("class"))
    assert status["grief-leave"] == ("missing", "Provision missing", "status tone-missing")
    assert status["sick-leave"] == ("findings", "1 finding", "status tone-error")
    assert status["availability"] == ("findings", "2 findings", "status tone-warning")
    assert status["martyr-language"] == ("findings", "3 findings", "status tone-info")
    for unchecked in ("time-off", "caseload", "disclosure", "compensation"):
        assert status[unchecked] == ("unchecked", "Not checked", "status tone-unchecked")
    details = {r.get("data-category"): text(r.xpath("td")[1]) for r in rows}
    assert details["availability"].startswith("2 warnings in 2 documents")
    assert details["grief-leave"].startswith("Missing from 2 documents")
    # every link in the scorecard leads to a card or provision on the page
    for href in tree.xpath("//table[@class='scorecard']//a/@href"):
        assert tree.xpath(f"//*[@id='{href[1:]}']")


def test_scorecard_no_concerns() -> None:
    tree = lxml.html.document_fromstring(html_fmt.render(sample_report(only=["remote-work"])))
    rows = tree.xpath("//table[@class='scorecard']/tbody/tr")
    checked = {r.get("data-category"): text(r.xpath("td")[0]) for r in rows}
    assert checked["sick-leave"] == "No concerns"
    assert checked["time-off"] == "Not checked"
    # one document: no per-document summary list
    assert not tree.xpath("//*[@id='documents']")
    assert tree.findtext(".//title") == "Policy review: policies/remote-work.md"


def test_per_document_summary(tree: lxml.html.HtmlElement) -> None:
    lines = [text(li) for li in tree.xpath("//ul[@class='doc-summary']/li")]
    assert lines == [
        "handbooks/clinic-handbook.docx: 5 findings (1 error, 3 warnings, 1 info), "
        "1 missing provision, 1 suppressed",
        "syllabi/practicum-syllabus.pdf: 2 findings (1 error, 1 info), 1 missing provision",
        "policies/client-policy.md: 2 findings (1 warning, 1 info)",
        "policies/remote-work.md: no concerns found",
        "policies/old-handbook.docx: could not be read",
    ]


def test_missing_provisions(tree: lxml.html.HtmlElement, report: Report) -> None:
    provisions = tree.xpath("//section[@id='missing']//article[@data-provision]")
    assert len(provisions) == 1  # the same clause missing from two documents, merged
    prov = provisions[0]
    assert prov.get("data-category") == "grief-leave"
    assert prov.get("data-severity") == "warning"
    assert not prov.get("data-finding")
    assert "Missing from: handbooks/clinic-handbook.docx, syllabi/practicum-syllabus.pdf" in text(
        prov
    )
    rule = report.ruleset.get("grief-leave/no-bereavement-provision")
    assert rule is not None
    rewrite = prov.xpath(".//div[@class='rewrite']")[0]
    assert "Clause to add" in text(rewrite)
    assert text(rewrite.xpath(".//p[@class='rewrite-text']")[0]) == rule.suggest[0]
    assert rule.why in text(prov)
    assert all(ref in text(prov) for ref in rule.references)
    # and each document that lacks it points there
    for doc_id in ("doc-1", "doc-2"):
        links = tree.xpath(f"//section[@id='{doc_id}']//div[@class='doc-provisions']//a/@href")
        assert links == [f"#{prov.get('id')}"]


# -- cards ----------------------------------------------------------------------------


def test_one_card_per_unsuppressed_span_finding(
    tree: lxml.html.HtmlElement, report: Report
) -> None:
    expected = span_findings(report)
    found = cards(tree)
    assert len(found) == len(expected) == 9
    assert sorted(c.get("data-finding") for c in found) == sorted(f.fingerprint for f in expected)
    ids = [c.get("id") for c in found]
    assert len(set(ids)) == len(ids)
    assert all(i == f"finding-{c.get('data-finding')}" for i, c in zip(ids, found, strict=True))
    everything = tree.xpath("//@id")
    assert len(everything) == len(set(everything)), "duplicate id attributes"
    by_fp = {f.fingerprint: f for f in expected}
    for card in found:
        f = by_fp[card.get("data-finding")]
        assert card.tag == "article"
        assert card.get("data-category") == f.category
        assert card.get("data-severity") == str(f.severity)
        assert not card.xpath(".//*[@data-finding]"), "cards are not nested"


def test_card_content(tree: lxml.html.HtmlElement, report: Report) -> None:
    rules = {r.id: r for r in report.ruleset}
    for result in report.files:
        for f in (f for f in result.active if f.scope == "span"):
            card = tree.xpath(f"//*[@data-finding='{f.fingerprint}']")[0]
            rule = rules[f.rule]
            badge = card.xpath(".//span[contains(@class, 'badge')]")[0]
            assert text(badge) == str(f.severity).capitalize() and badge.xpath(".//svg")
            assert text(card.find(".//h4")) == f.title
            where = text(card.xpath(".//p[@class='where']")[0])
            assert f.section and f.section in where
            assert rule.why in text(card)
            refs = card.xpath(".//div[@class='refs']//li[not(@class)]")
            assert [text(li) for li in refs] == [r.text for r in rule_references(rule)]
            for li, ref in zip(refs, rule_references(rule), strict=True):
                assert li.xpath(".//a/@href") == ([ref.url] if ref.url else [])
            evidence = card.xpath(".//li[@class='evidence-link']//a/@href")
            assert evidence == [evidence_url(f.category)]
            rewrites = card.xpath(".//div[@class='rewrite']")
            assert [text(r.xpath(".//p[@class='rewrite-text']")[0]) for r in rewrites] == list(
                f.suggestions
            )
            assert "Suggested rewrite" in text(rewrites[0])
            assert card.xpath(".//a[@href='#scorecard']")
            button = rewrites[0].xpath(".//button")[0]
            assert button.get("type") == "button" and button.get("hidden") is not None


def test_locations(tree: lxml.html.HtmlElement) -> None:
    wheres = [text(w) for w in tree.xpath("//*[@data-finding]//p[@class='where']")]
    assert "Where: Leave › Sick leave, paragraph 15" in wheres  # .docx: paragraph number
    assert "Where: Practicum requirements, page 3, line 12" in wheres  # .pdf: page
    assert "Where: Contacting your therapist, line 18, column 21" in wheres  # .md


def test_grouped_by_section_in_document_order(tree: lxml.html.HtmlElement, report: Report) -> None:
    handbook = report.files[0]
    doc = tree.xpath("//section[@id='doc-1']")[0]
    groups = doc.xpath(".//section[@data-group]")
    assert [text(g.find("h3")) for g in groups] == [
        "Section: Welcome",
        "Section: Leave › Sick leave",
        "Section: Productivity",
        "Section: Communication › After hours",
    ]
    order = [c.get("data-finding") for c in doc.xpath(".//*[@data-finding]")]
    expected = sorted(
        (f for f in handbook.active if f.scope == "span"), key=lambda f: (f.block, f.start)
    )
    assert order == [f.fingerprint for f in expected]


def test_highlight_wraps_exactly_the_match(tree: lxml.html.HtmlElement, report: Report) -> None:
    for f in span_findings(report):
        card = tree.xpath(f"//*[@data-finding='{f.fingerprint}']")[0]
        quote = card.xpath(".//blockquote[@class='excerpt']/p")[0]
        marks = quote.findall("mark")
        assert len(marks) == 1
        assert marks[0].text_content() == f.match
        assert quote.text_content() == f.excerpt
        assert (quote.text or "") == f.excerpt[: f.start - f.sentence_start]


def test_split_excerpt_fallbacks(report: Report) -> None:
    f = span_findings(report)[0]
    # no offsets: the match is found in the sentence
    g = f.with_(start=None, end=None, sentence_start=None)
    assert html_fmt.split_excerpt(g)[1] == f.match
    # offsets that disagree with the match are not trusted
    bad = f.with_(start=f.start + 1)
    assert html_fmt.split_excerpt(bad)[1] == f.match
    # case differs
    h = f.with_(start=None, match=f.match.upper())
    assert html_fmt.split_excerpt(h)[1].lower() == f.match.lower()
    # nothing to find: no highlight
    n = f.with_(start=None, match="zzz not there")
    assert html_fmt.split_excerpt(n) == (f.excerpt, "", "")


def test_no_findings_document(tree: lxml.html.HtmlElement, report: Report) -> None:
    doc = tree.xpath("//section[@id='doc-4']")[0]
    assert not doc.xpath(".//*[@data-finding]")
    box = doc.xpath(".//div[@class='no-findings']")[0]
    assert "No concerns found in this document." in text(box)
    checked = ", ".join(CATEGORY_TITLES[c] for c in report.checked_categories("handbook"))
    assert f"Areas checked (handbook profile): {checked}." in text(box)
    assert "Not checked: Time off" in text(box)


def test_error_document(tree: lxml.html.HtmlElement, report: Report) -> None:
    doc = tree.xpath("//section[@id='doc-5']")[0]
    notice = doc.xpath(".//div[contains(@class, 'notice')]")[0]
    assert "This file could not be read" in text(notice)
    assert text(notice.xpath(".//p[@class='error-text']")[0]) == report.files[4].error
    assert not doc.xpath(".//*[@data-finding]")


def test_suppressed(tree: lxml.html.HtmlElement, report: Report) -> None:
    doc = tree.xpath("//section[@id='doc-1']")[0]
    box = doc.xpath(".//div[@class='suppressed']")[0]
    assert text(box).startswith("1 finding in this document was suppressed")
    suppressed = [f for f in report.files[0].findings if f.suppressed]
    assert len(suppressed) == 1
    f = suppressed[0]
    assert not tree.xpath(f"//*[@data-finding='{f.fingerprint}']")
    row = box.xpath(".//details//tbody/tr")[0]
    cells = [text(td) for td in row.findall("td")]
    assert f.rule in cells[0]
    assert cells[1] == f.excerpt
    assert cells[2] == f.suppression_reason
    assert "1 suppressed" in text(tree.xpath("//p[@class='totals']")[0])


def test_footer(tree: lxml.html.HtmlElement) -> None:
    footer = text(tree.body.find("footer"))
    for needle in (
        "Conflicts with a legal minimum, or is severe",
        "A martyr-culture pattern",
        "Worth a second look: rhetoric or tone, or a figure close to a threshold",
        "<!-- policylint-disable-next-line RULE -- reason -->",
        "# policylint-disable-next-line RULE -- reason",
        "policylint-disable RULE -- reason",
        ".policylint.yaml",
        "policylint init",
    ):
        assert needle in footer
    for key in ("select", "ignore", "severity", "params", "profile"):
        assert tree.xpath(f"//footer//code[text()='{key}']")


# -- safety ---------------------------------------------------------------------------


def test_hostile_text_is_escaped(hostile_html: str) -> None:
    tree = lxml.html.document_fromstring(hostile_html)
    for payload in ("<script>alert", "<img", "</script><!--", "onerror=alert(1)>"):
        assert payload not in hostile_html
    scripts = tree.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/json", None]
    assert not tree.xpath("//img") and not tree.xpath("//*[@onerror]")
    card = tree.xpath("//*[@data-finding][.//blockquote[contains(., 'alert(1)')]]")[0]
    sentence = text(card.xpath(".//blockquote")[0])
    for payload in HOSTILE:
        assert payload in sentence
        assert payload in text(card.xpath(".//p[@class='rewrite-text']")[0])
    assert text(card.xpath(".//mark")[0]) == "a calling, not a job"
    assert HOSTILE[1] in text(card.xpath(".//p[@class='message']")[0])
    group = card.getparent()
    assert text(group.find("h3")).endswith(f"Values {HOSTILE[0]}")
    # the suppressed finding's sentence and reason too
    reason_cell = tree.xpath("//div[@class='suppressed']//td[contains(., 'legacy')]")[0]
    assert text(reason_cell) == f"legacy {HOSTILE[1]} text"
    # the embedded data survives the round trip
    data = json.loads(scripts[0].text)
    assert any(HOSTILE[2] in v for v in data["rewrites"].values())


def test_match_and_suggestion_are_escaped() -> None:
    report = sample_report(only=["client-policy"])
    result = report.files[0]
    f = next(f for f in result.findings if not f.suppressed)
    result.findings = [
        f.with_(
            excerpt=f"Say {HOSTILE[0]} now.",
            match=HOSTILE[0],
            start=4,
            end=4 + len(HOSTILE[0]),
            sentence_start=0,
            sentence_end=9 + len(HOSTILE[0]),
            suggestions=(HOSTILE[1], HOSTILE[2]),
            title=HOSTILE[2],
        )
    ]
    out = html_fmt.render(report)
    assert "<script>alert" not in out and "<img" not in out and "</script><!--" not in out
    tree = lxml.html.document_fromstring(out)
    card = cards(tree)[0]
    assert card.xpath(".//mark")[0].text_content() == HOSTILE[0]
    assert [text(p) for p in card.xpath(".//p[@class='rewrite-text']")] == [HOSTILE[1], HOSTILE[2]]
    assert text(card.find(".//h4")) == HOSTILE[2]
    assert len(tree.xpath("//script")) == 2


def test_environment_autoescapes() -> None:
    env = html_fmt._environment()
    assert env.autoescape is True
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


def test_csp(tree: lxml.html.HtmlElement) -> None:
    metas = tree.xpath("//head/meta[@http-equiv='Content-Security-Policy']")
    assert len(metas) == 1
    head = list(tree.find("head"))
    assert head.index(metas[0]) < head.index(tree.find("head/style"))
    directives = dict(d.strip().split(" ", 1) for d in metas[0].get("content").split(";"))
    script = [s for s in tree.xpath("//script") if s.get("type") is None]
    assert len(script) == 1
    digest = base64.b64encode(hashlib.sha256(script[0].text.encode()).digest()).decode()
    assert directives["script-src"] == f"'sha256-{digest}'"
    style = tree.find("head/style").text
    style_digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert directives["style-src"] == f"'sha256-{style_digest}'"
    assert directives["default-src"] == "'none'"
    assert directives["img-src"] == "data:"
    assert directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'none'"
    assert tree.xpath("//meta[@name='referrer']/@content") == ["no-referrer"]
    # exactly our own script and stylesheet
    assert script[0].text == html_fmt.assets().js
    assert style == html_fmt.assets().css


def test_no_network_references(page_html: str, tree: lxml.html.HtmlElement) -> None:
    """Nothing is loaded from the network. Links to sources (DOIs, statutes, the
    evidence page) are plain https links a reader may follow; they send no referrer."""
    for attr in ("src", "action", "srcset", "poster", "data"):
        for value in tree.xpath(f"//@{attr}"):
            assert not re.match(r"\s*(https?:)?//", value), (attr, value)
    for a in tree.xpath("//*[@href]"):
        href = a.get("href")
        if href.startswith("#"):
            continue
        assert a.tag == "a" and href.startswith("https://"), href
        assert "noreferrer" in a.get("rel", "").split(), href
    assert tree.xpath("//a[starts-with(@href, 'https://')]"), "sources are linked"
    assert not tree.xpath("//@src")
    css = html_fmt.assets().css
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    js = html_fmt.assets().js
    assert "fetch(" not in js and "XMLHttpRequest" not in js and "http" not in js


def test_embedded_data(tree: lxml.html.HtmlElement, report: Report) -> None:
    data = json.loads(tree.xpath("//script[@id='policylint-data']")[0].text)
    assert data["total"] == len(span_findings(report))
    buttons = tree.xpath("//button[@data-copy]")
    assert buttons and {b.get("data-copy") for b in buttons} == set(data["rewrites"])
    for button in buttons:
        target = tree.xpath(f"//*[@id='{button.get('data-copy')}']")[0]
        assert text(target) == " ".join(data["rewrites"][button.get("data-copy")].split())


def test_controls_hidden_without_js(tree: lxml.html.HtmlElement) -> None:
    filters = tree.xpath("//*[@id='filters']")[0]
    assert filters.get("hidden") is not None
    assert all(b.get("hidden") is not None for b in tree.xpath("//button[@data-copy]"))
    assert "[hidden] { display: none !important; }" in html_fmt.assets().css


def test_controls_have_labels(tree: lxml.html.HtmlElement) -> None:
    for control in tree.xpath("//input | //select"):
        cid = control.get("id")
        labelled = (cid and tree.xpath(f"//label[@for='{cid}']")) or any(
            a.tag == "label" for a in control.iterancestors()
        )
        assert labelled, lxml.html.tostring(control)
    for button in tree.xpath("//button"):
        assert text(button) and button.get("type") == "button"
    assert tree.xpath("//*[@id='announcer']/@aria-live") == ["polite"]


def test_heading_order(tree: lxml.html.HtmlElement, hostile_html: str) -> None:
    for t in (tree, lxml.html.document_fromstring(hostile_html)):
        levels = [int(h.tag[1]) for h in t.xpath("//h1 | //h2 | //h3 | //h4 | //h5 | //h6")]
        assert levels[0] == 1 and levels.count(1) == 1
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, levels


def test_print_stylesheet() -> None:
    css = html_fmt.assets().css
    block = css[css.index("@media print") :]
    assert ".filters" in block and "button" in block and "display: none" in block
    # compact: a card may run on, but its sentence and rewrite are never split
    assert re.search(r"\.rewrite, \.excerpt[^{]*\{[^}]*break-inside: avoid", block)
    # links are printed as text
    assert re.search(r'a\[href\^="http"\]::after\s*\{[^}]*attr\(href\)', block)


def test_focus_visible() -> None:
    assert re.search(r":focus-visible\s*\{[^}]*outline: 3px solid", html_fmt.assets().css)


# -- determinism ----------------------------------------------------------------------


def test_deterministic_with_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    a = html_fmt.render(sample_report(created=CREATED))
    b = html_fmt.render(sample_report(created=dt.datetime(2030, 1, 1, tzinfo=dt.UTC)))
    assert a == b
    assert "14 November 2023, 22:13 UTC" in a and 'datetime="2023-11-14T22:13:20Z"' in a


def test_date_from_report_without_epoch() -> None:
    a = html_fmt.render(sample_report())
    assert a == html_fmt.render(sample_report())
    assert "14 March 2025, 09:30 UTC" in a


def test_duplicate_fingerprints_across_files() -> None:
    report = sample_report(only=["client-policy"])
    first = report.files[0]
    twin = dataclasses.replace(first, path="policies/client-policy-copy.md")
    report.files.append(twin)
    tree = lxml.html.document_fromstring(html_fmt.render(report))
    found = cards(tree)
    assert len(found) == 2 * len([f for f in first.active if f.scope == "span"])
    ids = [c.get("id") for c in found]
    assert len(ids) == len(set(ids))
    assert any(i.startswith("finding-2-") for i in ids)
    everything = tree.xpath("//@id")
    assert len(everything) == len(set(everything))


def test_empty_report() -> None:
    report = Report([], sample_report().ruleset, Config(), created=CREATED)
    tree = lxml.html.document_fromstring(html_fmt.render(report))
    assert not cards(tree)
    assert "No documents were checked." in text(tree.body)


def test_only_document_level_findings() -> None:
    report = sample_report(only=["practicum"])
    result = report.files[0]
    result.findings = [f for f in result.findings if f.scope == "document"]
    tree = lxml.html.document_fromstring(html_fmt.render(report))
    doc = tree.xpath("//section[@id='doc-1']")[0]
    assert "No concerns in the wording of individual clauses." in text(doc)
    assert doc.xpath(".//div[@class='doc-provisions']")


def test_unknown_rule_and_empty_fingerprint() -> None:
    report = sample_report(only=["client-policy"])
    result = report.files[0]
    result.findings = [
        f.with_(rule="custom/gone", fingerprint="") for f in result.findings if not f.suppressed
    ]
    tree = lxml.html.document_fromstring(html_fmt.render(report))
    found = cards(tree)
    assert len(found) == len(result.findings)
    assert len({c.get("id") for c in found}) == len(found)
    assert not found[0].xpath(".//div[@class='why']")


def test_render_does_not_import_spacy() -> None:
    code = (
        "import sys; sys.path.insert(0, 'tests');"
        "from report_fixtures import sample_report;"
        "from policylint.formatters import html;"
        "html.render(sample_report());"
        "assert 'spacy' not in sys.modules, 'spacy imported'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


def test_templates_are_package_data() -> None:
    from importlib import resources

    folder = resources.files("policylint.formatters") / "templates"
    for name in ("report.html.j2", "report.css", "report.js"):
        assert (folder / name).is_file()


# -- colour contrast ------------------------------------------------------------------


def _luminance(colour: str) -> float:
    value = colour.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_helper() -> None:
    assert round(contrast("#000", "#fff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48


def test_colour_contrast() -> None:
    palette = html_fmt.css_variables()
    assert len(palette) >= 20
    for fg, bg in html_fmt.TEXT_PAIRS:
        ratio = contrast(palette[fg], palette[bg])
        assert ratio >= 4.5, f"{fg} on {bg}: {ratio:.2f}"
    for fg, bg in html_fmt.UI_PAIRS:
        ratio = contrast(palette[fg], palette[bg])
        assert ratio >= 3.0, f"{fg} on {bg}: {ratio:.2f}"
    # white icon glyphs on the filled severity/ok icons
    for name in ("--error", "--warning", "--info", "--ok"):
        assert contrast(palette[name], "#ffffff") >= 4.5


def test_every_tone_is_covered_by_a_checked_pair() -> None:
    css = html_fmt.assets().css
    pairs = set(html_fmt.TEXT_PAIRS)
    for fg, bg in re.findall(r"color: var\((--[\w-]+)\); background: var\((--[\w-]+)\)", css):
        assert (fg, bg) in pairs, (fg, bg)
