"""Units of issue 14: profile detection (policylint/profiles.py), findings grouped per
clause (policylint/grouping.py), references with links (policylint/references.py),
the default report name (policylint/report_file.py) and the plural template filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint import grouping, profiles, references, report_file
from policylint.engine import suggest
from policylint.findings import Finding, Severity

# -- profiles -------------------------------------------------------------------------

SYLLABUS = (
    "COUN 6810: Practicum in Counseling",
    ["Course Description", "Learning Objectives", "Attendance", "Grading"],
    [
        "Students complete 100 practicum hours at an approved site during the semester.",
        "The instructor reviews each student's site log weekly.",
        "Assignments are graded on the rubric in the course shell.",
    ],
)
CLIENT = (
    "Practice Policies for Clients",
    ["Cancellations", "Fees and Insurance", "Emergencies"],
    [
        "If you cancel with less than 24 hours notice, you will be charged the full session fee.",
        "Your therapist will reply to messages within one business day.",
        "We accept most insurance plans; ask about a superbill for out-of-network care.",
    ],
)
HANDBOOK = (
    "Employee Handbook",
    ["Employment Basics", "Paid Time Off", "Benefits"],
    [
        "Employees accrue PTO each pay period; talk to your supervisor before booking leave.",
        "Full-time employees are eligible for benefits after the introductory period.",
        "Payroll runs every other Friday.",
    ],
)


@pytest.mark.parametrize(
    ("doc", "expected"),
    [(SYLLABUS, "syllabus"), (CLIENT, "client-policy"), (HANDBOOK, "handbook")],
)
def test_detects_each_kind_with_a_reason(doc: tuple, expected: str) -> None:
    choice = profiles.detect(*doc)
    assert choice.profile == expected
    assert choice.source == "detected"
    assert choice.reason.startswith("detected: ")
    assert "“" in choice.reason  # names the words it found


def test_unclear_text_falls_back_to_handbook_and_says_so() -> None:
    choice = profiles.detect("Notes", [], ["The weather was fine and the lake was calm."])
    assert (choice.profile, choice.source) == ("handbook", "default")
    assert "handbook is the default" in choice.reason


def test_config_and_flag_choices_name_their_source(tmp_path: Path) -> None:
    from policylint.config import Config

    config = Config(profile="syllabus", origins={"profile": "--profile"})
    assert config.profile_choice("x.md").source == "flag"
    config = Config(
        profile="handbook",
        profiles={"syllabi/**": "syllabus"},
        origins={"profile": ".policylint.yaml:1", "profiles.syllabi/**": ".policylint.yaml:3"},
        root=tmp_path,
    )
    choice = config.profile_choice(str(tmp_path / "syllabi" / "a.pdf"))
    assert (choice.profile, choice.source) == ("syllabus", "config")
    assert ".policylint.yaml:3" in choice.reason
    assert config.profile_choice(str(tmp_path / "other.md")).reason.endswith("(.policylint.yaml:1)")
    assert Config().profile_choice("x.md") is None  # detected from the document


# -- grouping -------------------------------------------------------------------------


def finding(
    rule: str, severity: str, start: int, end: int, suggestion: str, **kw: object
) -> Finding:
    sentence = "Clinicians carry 45 clients and write notes on their own time."
    values: dict = {
        "rule": rule,
        "category": rule.split("/")[0],
        "severity": Severity(severity),
        "scope": "span",
        "title": rule,
        "message": f"{rule} message",
        "excerpt": sentence,
        "match": sentence[start:end],
        "line": 3,
        "column": start + 1,
        "end_line": 3,
        "end_column": end + 1,
        "page": None,
        "section": "Caseload",
        "suggestions": (suggestion,),
        "fingerprint": rule.replace("/", "-"),
        "block": 2,
        "start": 100 + start,
        "end": 100 + end,
        "sentence_start": 100,
        "sentence_end": 100 + len(sentence),
    }
    values.update(kw)
    return Finding(**values)


def test_findings_on_one_sentence_are_one_clause_most_severe_first() -> None:
    caseload = finding(
        "caseload/size", "warning", 17, 27, "Caseloads are capped at 30. Clients come first."
    )
    unpaid = finding(
        "unpaid-work/notes", "error", 32, 61, "Notes are paid work time. Clients come first."
    )
    other = finding("caseload/size", "warning", 17, 27, "x", block=5, fingerprint="other")
    clauses = grouping.clauses([caseload, unpaid, other])
    assert len(clauses) == 2
    clause = clauses[0]
    assert clause.rules == ("unpaid-work/notes", "caseload/size")
    assert clause.severity == "error"
    assert clause.first is caseload  # reported where the first words are
    # one rewrite, each rule's first suggestion, no sentence twice
    assert (
        clause.rewrite
        == "Notes are paid work time. Clients come first. Caseloads are capped at 30."
    )
    assert [t for t, marked in clause.pieces() if marked] == [
        "45 clients",
        "write notes on their own time",
    ]


def test_suppressed_and_document_findings_are_not_clauses() -> None:
    f = finding("caseload/size", "warning", 11, 26, "x")
    assert grouping.clauses([f.with_(suppressed=True), f.with_(scope="document")]) == []


def test_escalation_note_is_split_off() -> None:
    note = (
        "Raised to warning: this document also has findings about sick leave, "
        "so the rhetoric is backed by policy."
    )
    message, found = grouping.split_escalation(f'"a calling" frames work as a calling. {note}')
    assert message == '"a calling" frames work as a calling.'
    assert found == note
    assert grouping.split_escalation("plain") == ("plain", None)


# -- references -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "url"),
    [
        (
            "Kim et al. 2018, Prof. Psychol. Res. Pract., doi:10.1037/pro0000182",
            "https://doi.org/10.1037/pro0000182",
        ),
        (
            "29 CFR 785.17 (restrictive on-call)",
            "https://www.ecfr.gov/current/title-29/section-785.17",
        ),
        (
            "Cal. Lab. Code §246.5(b) (no replacement worker)",
            "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml"
            "?lawCode=LAB&sectionNum=246.5",
        ),
        ("RCW 49.46.210", "https://app.leg.wa.gov/RCW/default.aspx?cite=49.46.210"),
        ("N.Y. Labor Law §196-b", "https://www.nysenate.gov/legislation/laws/LAB/196-B"),
        ("AHC survey, PMC7220835", "https://pmc.ncbi.nlm.nih.gov/articles/PMC7220835/"),
        ("NLRA §7 (29 U.S.C. §157)", "https://www.law.cornell.edu/uscode/text/29/157"),
        ("See https://www.cacrep.org/x/.", "https://www.cacrep.org/x/"),
        ("McCormack et al. 2018", references.evidence_url("mccormack-2018")),
        ("An unknown pamphlet", None),
    ],
)
def test_links(text: str, url: str | None) -> None:
    assert references.link(text) == url


def test_internal_notes_never_reach_readers() -> None:
    assert references.public("DOMAIN.md §1.6 availability (flags 1 and 2; x)") is None
    assert references.public("§1.4 productivity") is None
    assert (
        references.public('r/therapists, "Confused about 24/7 on call" (2025) (DOMAIN E19)')
        == 'r/therapists, "Confused about 24/7 on call" (2025)'
    )
    assert references.public("S2 Overcomers SOP; E23 growingourpractice.com") == (
        "Overcomers SOP; growingourpractice.com"
    )


def test_help_uri_is_the_first_link_else_the_evidence_section() -> None:
    class Rule:
        category = "caseload"
        references = ("DOMAIN.md §1.10", "Kim et al. 2018, doi:10.1037/pro0000182")

    assert references.help_uri(Rule()) == "https://doi.org/10.1037/pro0000182"
    Rule.references = ("DOMAIN.md §1.10",)
    assert references.help_uri(Rule()) == references.evidence_url("caseload")
    assert references.help_uri(Rule()).startswith("https://")


def test_evidence_page_has_a_section_for_every_category_and_every_anchor_used() -> None:
    import re

    from policylint.findings import CATEGORIES

    page = references.evidence_file()
    assert page is not None
    text = page.read_text(encoding="utf-8")
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', text))
    assert set(CATEGORIES) <= anchors
    for _, anchor in references._EVIDENCE_ENTRIES:
        assert anchor in anchors, anchor
    for target in re.findall(r"\]\(#([^)]+)\)", text):
        assert target in anchors, target
    assert "DOMAIN" not in text and "../shared" not in text


# -- report file names ----------------------------------------------------------------


def test_default_report_names(tmp_path: Path) -> None:
    (tmp_path / "syllabi").mkdir()
    (tmp_path / "handbook.docx").write_bytes(b"x")
    assert report_file.default_name([str(tmp_path / "handbook.docx")]) == "handbook.policylint.html"
    assert report_file.default_name([str(tmp_path / "syllabi")]) == "syllabi.policylint.html"
    assert report_file.default_name([str(tmp_path / "syllabi") + "/"]) == "syllabi.policylint.html"
    a, b = tmp_path / "syllabi" / "a.pdf", tmp_path / "syllabi" / "b.pdf"
    assert report_file.default_name([str(a), str(b)]) == "syllabi.policylint.html"
    assert report_file.default_name(["-"], "policy.md") == "policy.policylint.html"
    assert report_file.default_name([str(a), str(tmp_path / "handbook.docx")]) == (
        "policylint-report.html"
    )
    assert report_file.default_name(["Staff Handbook 2026.docx"]) == (
        "Staff-Handbook-2026.policylint.html"
    )


def test_existing_reports_are_kept(tmp_path: Path) -> None:
    first, note = report_file.choose(["handbook.docx"], cwd=str(tmp_path))
    assert first == tmp_path / "handbook.policylint.html" and note is None
    first.write_text("old")
    second, note = report_file.choose(["handbook.docx"], cwd=str(tmp_path))
    assert second == tmp_path / "handbook-2.policylint.html"
    assert note and "already exists" in note and "--force" in note
    forced, _ = report_file.choose(["handbook.docx"], cwd=str(tmp_path), force=True)
    assert forced == first
    explicit, _ = report_file.choose(["handbook.docx"], explicit="mine.html", cwd=str(tmp_path))
    assert explicit == Path("mine.html")


# -- template filters -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 business day"),
        (1.0, "1 business day"),
        (2, "2 business days"),
        (0.5, "0.5 business days"),
    ],
)
def test_plural_filter(count: float, expected: str) -> None:
    assert suggest.render('{{ n | plural("business day") }}', {"n": count}) == expected


def test_plural_and_noun_forms() -> None:
    render = suggest.render
    assert render('{{ 2 | plural("policy") }} {{ 3 | plural("box") }}', {}) == "2 policies 3 boxes"
    assert render('{{ 2 | plural("child", "children") }}', {}) == "2 children"
    assert render('{{ n }} working {{ n | noun("day") }}', {"n": 1}) == "1 working day"
    assert render('{{ n }} working {{ n | noun("day") }}', {"n": 3}) == "3 working days"
