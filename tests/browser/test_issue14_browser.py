"""Issue 14 in real Chromium: the report of a run that read nothing, scorecard jumps
that land below the sticky filter bar, no sideways scrolling on a 390 px phone, and the
sample handbook printed to PDF in at most 25 pages. Screenshots of the report's top and
of a card that groups several findings go to test-artifacts/."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from policylint.api import Report, lint
from policylint.config import Config
from policylint.formatters import html as html_fmt

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).resolve().parents[2] / "sample_handbooks" / "riverbend-clinic-handbook.docx"
MAX_PRINTED_PAGES = 25


@pytest.fixture(scope="module")
def sample_report() -> Report:
    return lint([str(SAMPLE)], Config())


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory, sample_report: Report) -> Path:
    path = tmp_path_factory.mktemp("sample") / "riverbend-clinic-handbook.policylint.html"
    path.write_text(html_fmt.render(sample_report), encoding="utf-8")
    return path


def assert_clean(s: Any) -> None:
    assert s.console_errors == [] and s.page_errors == [] and s.blocked == []


def test_empty_result_report_says_nothing_was_checked(session: Any, tmp_path: Path) -> None:
    report = lint([str(tmp_path / "missing.docx"), str(tmp_path / "typo.md")], Config())
    path = tmp_path / "empty.html"
    path.write_text(html_fmt.render(report), encoding="utf-8")
    page = session.open(path)
    assert page.is_visible("#nothing-read")
    assert "nothing was checked" in page.inner_text("#nothing-read")
    statuses = page.eval_on_selector_all(
        "table.scorecard tbody tr",
        "rows => rows.map(r => [r.dataset.status, r.querySelector('.status').innerText])",
    )
    assert len(statuses) == 11
    assert {tuple(s) for s in statuses} == {("unchecked", "Not checked")}
    body = page.inner_text("body")
    assert "No concerns" not in body and "no concerns" not in body
    assert page.locator(".document .notice").count() == 2  # each file says why
    assert_clean(session)


@pytest.mark.parametrize("width", [1280, 820])
def test_scorecard_jump_is_not_hidden_by_the_sticky_bar(
    make_session: Any, sample_file: Path, width: int
) -> None:
    s = make_session(viewport={"width": width, "height": 800})
    page = s.open(sample_file)
    links = page.locator("table.scorecard a")
    assert links.count() >= 8
    for n in range(links.count()):
        page.evaluate("window.scrollTo(0, 0)")
        link = links.nth(n)
        target = link.get_attribute("href")
        link.click()
        page.wait_for_timeout(50)
        bar = page.locator("#filters").bounding_box()
        box = page.locator(target).bounding_box()
        assert bar is not None and box is not None
        assert page.evaluate("getComputedStyle(document.getElementById('filters')).position") == (
            "sticky"
        )
        # the bar does not cover the card's top edge, which is on screen
        covered = bar["y"] - 1 <= box["y"] < bar["y"] + bar["height"] - 1
        assert not covered, (target, box, bar)
        assert 0 <= box["y"] < 800, (target, box)
    assert_clean(s)


def test_a_jump_to_a_filtered_out_card_shows_it(session: Any, sample_file: Path) -> None:
    page = session.open(sample_file)
    page.select_option("#filter-category", "caseload")
    link = page.locator("table.scorecard tr[data-category='sick-leave'] a")
    target = link.get_attribute("href")
    assert not page.locator(target).is_visible()
    link.click()
    assert page.locator(target).is_visible()
    assert page.input_value("#filter-category") == ""


@pytest.mark.parametrize("which", ["sample", "fixture"])
def test_no_horizontal_scroll_at_390px(
    make_session: Any, sample_file: Path, tmp_path: Path, which: str
) -> None:
    if which == "sample":
        path = sample_file
    else:
        import sys

        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from report_fixtures import sample_report

        path = tmp_path / "fixture.html"
        path.write_text(html_fmt.render(sample_report(hostile=True)), encoding="utf-8")
    s = make_session(viewport={"width": 390, "height": 844})
    page = s.open(path)
    sizes = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert sizes[0] <= sizes[1] == 390, sizes
    # open every details element too (suppressed lists, other wordings)
    page.eval_on_selector_all("details", "ds => ds.forEach(d => d.open = true)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_print_to_pdf_of_the_sample_fits_in_25_pages(
    session: Any, sample_file: Path, artifacts: Path, paper: str
) -> None:
    from pypdf import PdfReader

    page = session.open(sample_file)
    pdf = page.pdf(format=paper)
    (artifacts / f"riverbend-print-{paper}.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) <= MAX_PRINTED_PAGES, len(reader.pages)
    text = "".join(p.extract_text() for p in reader.pages)
    # several cards to a page, and links printed as text
    cards = page.locator("[data-finding]").count()
    assert cards / len(reader.pages) >= 2
    assert "https://doi.org/10.1037/pro0000182" in text.replace("\n", "")


def test_screenshots_of_the_top_and_of_a_grouped_card(
    make_session: Any, sample_file: Path, artifacts: Path
) -> None:
    s = make_session(viewport={"width": 1200, "height": 1000})
    page = s.open(sample_file)
    page.screenshot(path=str(artifacts / "issue14-report-top.png"))
    grouped = page.locator("article.card:has(ul.concerns)").first
    assert grouped.count() == 1
    concerns = grouped.locator("li.concern")
    assert concerns.count() >= 2
    assert grouped.locator(".rewrite").count() == 1  # one rewrite for the clause
    assert grouped.locator("mark").count() >= 2  # every finding's words highlighted
    page.evaluate("el => el.scrollIntoView()", grouped.element_handle())
    page.evaluate("window.scrollBy(0, -document.getElementById('filters').offsetHeight - 20)")
    grouped.screenshot(path=str(artifacts / "issue14-grouped-card.png"))
    assert_clean(s)
