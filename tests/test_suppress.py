"""Inline suppressions in every form the readers support, through the library API and
the CLI (JSON output, exit codes)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from policylint.api import lint, lint_text
from policylint.config import Config
from policylint.suppress import parse

RULES = Path(__file__).parent / "data" / "suppress_rules.yaml"
IDS = [
    "martyr-language/test-calling",
    "availability/test-reachable",
    "grief-leave/test-no-bereavement",
]


def config(**kw) -> Config:  # type: ignore[no-untyped-def]
    return Config(rules=[str(RULES)], select=IDS, **kw)


def active(report) -> list[tuple[str, int | None]]:  # type: ignore[no-untyped-def]
    return [(f.rule, f.line) for f in report.findings()]


def suppressed(report) -> list[tuple[str, int | None, str | None]]:  # type: ignore[no-untyped-def]
    return [
        (f.rule, f.line, f.suppression_reason)
        for f in report.findings(include_suppressed=True)
        if f.suppressed
    ]


BEREAVEMENT = "Employees receive five days of bereavement leave.\n"


@pytest.mark.parametrize(
    ("text", "kind", "targets", "reason"),
    [
        ("policylint-disable-next-line productivity -- set by contract", "disable-next-line",
         {"productivity"}, "set by contract"),
        ("policylint-disable a/b, c/d -- why", "disable", {"a/b", "c/d"}, "why"),
        ("policylint-disable", "disable", set(), None),
        ("policylint-enable all", "enable", set(), None),
        ("Policylint-Disable caseload --reason here", "disable", {"caseload"}, "reason here"),
        ("policylint-disable caseload --", "disable", {"caseload"}, None),
    ],
)  # fmt: skip
def test_parse(text: str, kind: str, targets: set[str], reason: str | None) -> None:
    assert parse(text) == (kind, frozenset(targets), reason)


def test_parse_ignores_other_comments() -> None:
    assert parse("TODO: ask legal") is None
    assert parse("policylint-disabled foo") is None


def test_markdown_next_line_silences_the_next_block_only() -> None:
    text = (
        "# Handbook\n\n"
        "<!-- policylint-disable-next-line martyr-language -- board accepted this wording -->\n"
        "Our work is a sacred calling.\n\n"
        "Our work is a sacred calling, again.\n\n" + BEREAVEMENT
    )
    report = lint_text(text, "h.md", config())
    assert active(report) == [("martyr-language/test-calling", 6)]
    assert suppressed(report) == [
        ("martyr-language/test-calling", 4, "board accepted this wording")
    ]
    data = report.to_json()
    assert data["summary"]["suppressed"] == 1
    flags = [f["suppressed"] for f in data["files"][0]["findings"]]
    assert flags == [True, False]


def test_markdown_range_with_enable() -> None:
    text = (
        "<!-- policylint-disable martyr-language/test-calling availability -- "
        "quoted from 1990 -->\n"
        "Our work is a sacred calling.\n\n"
        "Staff are reachable at all times.\n\n"
        "<!-- policylint-enable martyr-language/test-calling -->\n"
        "A sacred calling once more.\n\n"
        "Staff are reachable at all times, still.\n\n" + BEREAVEMENT
    )
    report = lint_text(text, "h.md", config())
    assert active(report) == [("martyr-language/test-calling", 7)]
    assert [s[:2] for s in suppressed(report)] == [
        ("martyr-language/test-calling", 2),
        ("availability/test-reachable", 4),
        ("availability/test-reachable", 9),
    ]


def test_bare_enable_closes_everything() -> None:
    text = (
        "<!-- policylint-disable -- historical text -->\n"
        "Our work is a sacred calling.\n\n"
        "<!-- policylint-enable -->\n"
        "Staff are reachable at all times.\n\n" + BEREAVEMENT
    )
    report = lint_text(text, "h.md", config())
    assert active(report) == [("availability/test-reachable", 5)]


def test_document_level_finding_is_suppressed_by_naming_it() -> None:
    text = (
        "# Handbook\n\n"
        "<!-- policylint-disable grief-leave/test-no-bereavement -- covered by the union "
        "contract, section 9 -->\n\nEmployees receive ten vacation days.\n"
    )
    report = lint_text(text, "h.md", config())
    assert active(report) == []
    assert suppressed(report) == [
        ("grief-leave/test-no-bereavement", None, "covered by the union contract, section 9")
    ]


def test_reasonless_unused_and_invalid_suppressions_are_reported_as_info() -> None:
    text = (
        "<!-- policylint-disable-next-line martyr-language -->\n"
        "Our work is a sacred calling.\n\n"
        "<!-- policylint-disable-next-line availability -- nothing to silence -->\n"
        "Plain sentence.\n\n"
        "<!-- policylint-disable-next-line caseload/typo -- wrong id -->\n"
        "Another plain sentence.\n\n"
        "<!-- policylint-disbale martyr-language -->\n" + BEREAVEMENT
    )
    report = lint_text(text, "h.md", config())
    got = [(f.rule, f.line, str(f.severity)) for f in report.findings()]
    assert got == [
        ("suppression/missing-reason", 1, "info"),
        ("suppression/unused", 4, "info"),
        ("suppression/invalid", 7, "info"),
        ("suppression/unused", 7, "info"),
        ("suppression/invalid", 10, "info"),
    ]
    # the reasonless suppression still works; the finding records that
    assert suppressed(report) == [("martyr-language/test-calling", 2, "(no reason given)")]
    # info findings do not fail the default --fail-on warning
    assert report.exit_code() == 0
    assert report.exit_code("info") == 1


def test_html_comments() -> None:
    html = (
        "<html><body><h1>Handbook</h1>"
        "<!-- policylint-disable-next-line availability -- on-call pay applies -->"
        "<p>Staff are reachable at all times.</p><p>Our work is a sacred calling.</p>"
        "<p>Employees receive five days of bereavement leave.</p></body></html>"
    )
    report = lint_text(html, "h.html", config())
    assert [r for r, _ in active(report)] == ["martyr-language/test-calling"]
    assert [s[0] for s in suppressed(report)] == ["availability/test-reachable"]


def test_txt_hash_comments() -> None:
    text = (
        "HANDBOOK\n\n"
        "# policylint-disable-next-line availability -- on-call is paid at time and a half\n"
        "Staff are reachable at all times.\n\n"
        "Our work is a sacred calling.\n\n" + BEREAVEMENT
    )
    report = lint_text(text, "h.txt", config())
    assert active(report) == [("martyr-language/test-calling", 6)]
    assert suppressed(report) == [
        ("availability/test-reachable", 4, "on-call is paid at time and a half")
    ]


def _docx_with_comment(path: Path, comment: str | None) -> Path:
    doc = docx.Document()
    doc.add_heading("Handbook", 1)
    p = doc.add_paragraph("Our work is a ")
    run = p.add_run("sacred calling.")
    if comment:
        doc.add_comment(run, text=comment, author="HR", initials="HR")
    doc.add_paragraph("Staff are reachable at all times.")
    doc.add_paragraph("Employees receive five days of bereavement leave.")
    doc.save(str(path))
    return path


def test_docx_word_comment(tmp_path: Path) -> None:
    path = _docx_with_comment(
        tmp_path / "h.docx",
        "policylint-disable martyr-language -- the board kept this line on purpose",
    )
    before = path.read_bytes()
    report = lint([str(path)], config())
    assert [f.rule for f in report.findings()] == ["availability/test-reachable"]
    (f,) = [f for f in report.findings(include_suppressed=True) if f.suppressed]
    assert f.rule == "martyr-language/test-calling"
    assert f.suppression_reason == "the board kept this line on purpose"
    assert path.read_bytes() == before


def test_docx_ordinary_comment_is_not_a_directive(tmp_path: Path) -> None:
    path = _docx_with_comment(tmp_path / "h.docx", "Please check this with legal.")
    report = lint([str(path)], config())
    assert sorted(f.rule for f in report.findings()) == [
        "availability/test-reachable",
        "martyr-language/test-calling",
    ]


def test_cli_json_and_exit_code(tmp_path: Path) -> None:
    doc = tmp_path / "policy.md"
    doc.write_text(
        "<!-- policylint-disable-next-line martyr-language -- accepted 2026-01 -->\n"
        "Our work is a sacred calling.\n\n" + BEREAVEMENT,
        encoding="utf-8",
    )
    args = [sys.executable, "-m", "policylint", "check", str(doc), "--rules", str(RULES)]
    args += ["--select", ",".join(IDS), "--format", "json", "--no-config"]
    proc = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    (finding,) = data["files"][0]["findings"]
    assert finding["suppressed"] is True
    assert finding["suppression_reason"] == "accepted 2026-01"
    assert data["summary"]["findings"] == 0
    assert data["summary"]["suppressed"] == 1
