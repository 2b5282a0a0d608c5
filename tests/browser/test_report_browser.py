"""The HTML report in real headless Chromium, opened from file://: it loads cleanly
under its CSP, the filters and search work, the copy button copies, it works without
JavaScript, hostile document text stays text, and print hides the controls.

The clipboard is checked for real: the context is granted ``clipboard-read`` and
``clipboard-write`` and the test reads ``navigator.clipboard.readText()``. The fallback
path (no Clipboard API) is checked through a hook on ``document.execCommand`` that
records the selected text of the hidden textarea.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from report_fixtures import HOSTILE, sample_report, span_findings

from policylint.api import Report
from policylint.formatters import html as html_fmt

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails under CI=true) with the reason
    expect = None  # type: ignore[assignment]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory, report: Report) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(html_fmt.render(report), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.html"
    path.write_text(html_fmt.render(sample_report(hostile=True)), encoding="utf-8")
    return path


def visible_cards(page: Any) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        "[data-finding]",
        """els => els.filter(e => e.checkVisibility()).map(e => ({
            fp: e.dataset.finding, category: e.dataset.category, severity: e.dataset.severity,
            text: e.textContent}))""",
    )


def assert_clean(s: Any) -> None:
    assert s.console_errors == []
    assert s.page_errors == []
    assert s.blocked == []
    assert s.dialogs == []


def test_loads_without_errors(session: Any, report_file: Path, report: Report) -> None:
    page = session.open(report_file)
    assert page.evaluate("document.body.dataset.js") == "ready"
    assert page.title().startswith("Policy review")
    assert page.is_visible("#filters")
    assert page.locator("button[data-copy]").first.is_visible()
    assert_clean(session)


def test_card_count(session: Any, report_file: Path, report: Report) -> None:
    page = session.open(report_file)
    expected = [f for f in report.findings() if f.scope == "span"]
    assert page.locator("[data-finding]").count() == len(expected) == len(span_findings(report))
    assert len(visible_cards(page)) == len(expected)
    assert page.text_content("#filter-status") == f"Showing {len(expected)} of 9 flagged clauses"


def test_category_filter(session: Any, report_file: Path, report: Report) -> None:
    page = session.open(report_file)
    page.select_option("#filter-category", "availability")
    shown = visible_cards(page)
    expected = [f for f in span_findings(report) if f.category == "availability"]
    assert {c["fp"] for c in shown} == {f.fingerprint for f in expected}
    assert page.text_content("#filter-status") == f"Showing {len(expected)} of 9 flagged clauses"
    # missing provisions of other areas are hidden too; sections without cards vanish
    assert not page.is_visible("[data-provision]")
    assert not page.is_visible("#doc-1 [data-group]:has-text('Welcome')")
    # a document with no matching card says so
    assert page.is_visible("#doc-2 .filtered-empty")
    page.select_option("#filter-category", "")
    assert len(visible_cards(page)) == 9


def test_severity_filter(session: Any, report_file: Path, report: Report) -> None:
    page = session.open(report_file)
    page.uncheck("#filters input[value='warning']")
    page.uncheck("#filters input[value='info']")
    shown = visible_cards(page)
    assert shown and all(c["severity"] == "error" for c in shown)
    assert len(shown) == sum(1 for f in span_findings(report) if str(f.severity) == "error")
    page.check("#filters input[value='info']")
    assert {c["severity"] for c in visible_cards(page)} == {"error", "info"}
    page.click("#filter-reset")
    assert len(visible_cards(page)) == 9


def test_search(session: Any, report_file: Path) -> None:
    page = session.open(report_file)
    page.fill("#filter-search", "full CASELOAD")
    shown = visible_cards(page)
    assert len(shown) == 1 and "full caseload" in shown[0]["text"]
    page.fill("#filter-search", "practicum-syllabus.pdf")  # the document's name counts
    assert len(visible_cards(page)) == 2
    page.fill("#filter-search", "zebra quagga")
    assert visible_cards(page) == []
    assert page.text_content("#filter-status") == "Showing 0 of 9 flagged clauses"
    assert page.is_visible("#doc-1 .filtered-empty")
    page.fill("#filter-search", "")
    assert len(visible_cards(page)) == 9
    assert_clean(session)


def test_keyboard(session: Any, report_file: Path) -> None:
    page = session.open(report_file)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.is_visible(".skip")
    page.focus("#filter-search")
    page.keyboard.type("at all times")
    assert len(visible_cards(page)) == 1
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert style == ["solid", "3px"]
    page.keyboard.press("Enter")  # no form submission (CSP form-action 'none')
    assert_clean(session)


def test_copy_button_uses_clipboard(make_session: Any, report_file: Path, report: Report) -> None:
    s = make_session(viewport={"width": 1100, "height": 900})
    s.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = s.open(report_file)
    card = page.locator("[data-finding]").first
    fp = card.get_attribute("data-finding")
    finding = next(f for f in span_findings(report) if f.fingerprint == fp)
    card.locator("button[data-copy]").first.click()
    expect(page.locator("#announcer")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == finding.suggestions[0]
    assert card.locator("button[data-copy]").first.text_content().strip() == "Copied"
    assert_clean(s)


def test_copy_button_fallback(make_session: Any, report_file: Path, report: Report) -> None:
    s = make_session()
    s.context.add_init_script(
        """
        Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});
        window.__copied = [];
        const original = Document.prototype.execCommand;
        Document.prototype.execCommand = function (cmd, ...rest) {
          const el = document.activeElement;
          if (cmd === 'copy' && el && el.tagName === 'TEXTAREA') {
            window.__copied.push(el.value.slice(el.selectionStart, el.selectionEnd));
          }
          return original.call(this, cmd, ...rest);
        };
        """
    )
    page = s.open(report_file)
    provision = page.locator("[data-provision]").first
    provision.locator("button[data-copy]").click()
    expect(page.locator("#announcer")).not_to_have_text("")
    rule = report.ruleset.get("grief-leave/no-bereavement-provision")
    assert rule is not None
    assert page.evaluate("window.__copied") == [rule.suggest[0]]
    assert page.text_content("#announcer") == "Copied"
    assert page.locator("textarea").count() == 0  # the helper is removed again
    assert_clean(s)


def test_without_javascript(make_session: Any, report_file: Path, report: Report) -> None:
    s = make_session(java_script_enabled=False)
    page = s.open(report_file)
    assert page.evaluate("1") == 1  # Playwright's own evaluation still works
    assert page.get_attribute("body", "data-js") is None
    cards = page.locator("[data-finding]")
    assert cards.count() == len(span_findings(report))
    for i in range(cards.count()):
        assert cards.nth(i).is_visible()
    assert not page.is_visible("#filters")
    assert not page.locator("button[data-copy]").first.is_visible()
    assert page.locator("button:visible").count() == 0
    assert page.is_visible(".rewrite-text")
    assert_clean(s)


def test_injection_stays_text(session: Any, hostile_file: Path) -> None:
    page = session.open(hostile_file)
    page.wait_for_timeout(200)
    assert session.dialogs == []
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 2
    quote = page.locator("blockquote", has_text="alert(1)")
    content = quote.text_content()
    for payload in HOSTILE:
        assert payload in content
    assert quote.locator("mark").text_content() == "a calling, not a job"
    # the copy button hands the hostile rewrite over as plain text
    session.context.grant_permissions(["clipboard-read", "clipboard-write"])
    card = page.locator("[data-finding]", has=quote)
    card.locator("button[data-copy]").click()
    expect(page.locator("#announcer")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == (
        f"Rewrite: {' '.join(HOSTILE)} is data, not code."
    )
    assert_clean(session)


def test_print_media(session: Any, report_file: Path, artifacts: Path) -> None:
    page = session.open(report_file)
    page.emulate_media(media="print")
    assert not page.is_visible("#filters")
    assert not page.locator("button[data-copy]").first.is_visible()
    assert page.locator("[data-finding]").first.is_visible()
    # compact print: a card may run on to the next page, but its sentence and its
    # rewrite are never split
    breaks = page.eval_on_selector_all(
        ".excerpt, .rewrite", "els => els.map(e => getComputedStyle(e).breakInside)"
    )
    assert breaks and set(breaks) == {"avoid"}
    link_colour = page.eval_on_selector(".doc-summary a", "a => getComputedStyle(a).color")
    assert link_colour == "rgb(31, 35, 40)"
    page.pdf(path=str(artifacts / "report-print.pdf"))  # for a human look at the print layout
    page.emulate_media(media="screen")
    assert page.is_visible("#filters")


def test_scorecard_links_jump_to_cards(session: Any, report_file: Path) -> None:
    page = session.open(report_file)
    link = page.locator("table.scorecard a", has_text="See the first one").first
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("location.hash") == target
    assert page.locator(target).is_visible()
    box = page.locator(target).bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    page.locator(f"{target} a[href='#scorecard']").click()
    assert page.evaluate("location.hash") == "#scorecard"


def test_screenshots(make_session: Any, report_file: Path, artifacts: Path) -> None:
    s = make_session(viewport={"width": 1100, "height": 900})
    page = s.open(report_file)
    wide = artifacts / "report.png"
    page.screenshot(path=str(wide), full_page=True)
    narrow_session = make_session(viewport={"width": 390, "height": 844})
    narrow = artifacts / "report-narrow.png"
    narrow_page = narrow_session.open(report_file)
    narrow_page.screenshot(path=str(narrow), full_page=True)
    # nothing wider than a phone screen
    assert narrow_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert wide.stat().st_size > 50_000 and narrow.stat().st_size > 50_000
    assert_clean(s)
    assert_clean(narrow_session)


def test_sample_handbook_report_through_the_cli(
    make_session: Any, tmp_path: Path, artifacts: Path
) -> None:
    """The real thing: `policylint` on the Riverbend sample handbook with the bundled
    rules writes the report; every JSON finding is one card or one missing provision."""
    import json
    import subprocess
    import sys

    sample = Path(__file__).resolve().parents[2] / "sample_handbooks"
    docx_path = sample / "riverbend-clinic-handbook.docx"
    report_path = tmp_path / "riverbend-report.html"
    proc = subprocess.run(
        [sys.executable, "-m", "policylint", "check", str(docx_path), "--format", "json",
         "--report", str(report_path), "--no-config", "--no-cache"],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    active = [f for f in findings if not f["suppressed"]]
    spans = [f for f in active if f["scope"] == "span"]
    documents = [f for f in active if f["scope"] == "document"]
    assert len(spans) > 30
    s = make_session(viewport={"width": 1280, "height": 900})
    page = s.open(report_path)
    # one card per flagged clause; every finding of the JSON is in exactly one card
    grouped = page.eval_on_selector_all(
        "[data-finding]", "els => els.map(e => e.dataset.findings.split(' '))"
    )
    in_cards = [fp for card in grouped for fp in card]
    provisions = page.eval_on_selector_all(
        "[data-provision]", "els => els.map(e => e.dataset.provision)"
    )
    assert sorted(in_cards) == sorted(f["fingerprint"] for f in spans)
    assert len(grouped) < len(spans)  # some sentences carry several findings
    assert sorted(provisions) == sorted(f["fingerprint"] for f in documents)
    assert len(in_cards) + len(provisions) == len(active)
    # a finding can be linked to: its id is an anchor that scrolls it into view
    first_id = page.eval_on_selector("[data-finding]", "e => e.id")
    page.goto(report_path.as_uri() + "#" + first_id)
    assert page.eval_on_selector(f"#{first_id}", "e => e.getBoundingClientRect().top") < 900
    page.goto(report_path.as_uri())
    page.screenshot(path=str(artifacts / "riverbend-top.png"))
    page.locator("[data-finding]").first.screenshot(path=str(artifacts / "riverbend-card.png"))
    page.screenshot(path=str(artifacts / "riverbend-full.png"), full_page=True)
    assert_clean(s)
