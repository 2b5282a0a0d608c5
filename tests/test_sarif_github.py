"""``--format sarif`` and ``--format github``.

SARIF output is validated against the official OASIS SARIF 2.1.0 schema vendored in
``tests/data`` (see SARIF-SCHEMA-NOTICE.md there); no network is used. The rules come
from ``tests/data/sarif_rules.yaml`` and are selected by id, so these tests do not
depend on the bundled rule pack.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import jsonschema
import pytest
from report_fixtures import sample_report

from policylint import api
from policylint.config import Config
from policylint.formatters import github as github_fmt
from policylint.formatters import sarif as sarif_fmt

DATA = Path(__file__).parent / "data"
SCHEMA_PATH = DATA / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
RULES = DATA / "sarif_rules.yaml"

OFF = "unpaid-work/sarif-test-off-the-clock"
CLOCK = "availability/sarif-test-around-the-clock"
CALLING = "martyr-language/sarif-test-sacred-calling"
NO_GRIEF = "grief-leave/sarif-test-no-bereavement"
RULE_IDS = (OFF, CLOCK, CALLING, NO_GRIEF)
SELECT = [arg for rid in RULE_IDS for arg in ("--select", rid)]

MD = (
    "# Handbook\n"
    "\n"
    "Clinicians stay reachable around the clock. Finish notes off the clock.\n"
    "\n"
    "Therapy is a sacred calling.\n"
)
PARAGRAPHS = [
    "Welcome to the practice.",
    "Clinicians stay reachable around the clock.",
    "Finish notes off the clock when the day runs long.",
    "Therapy is a sacred calling.",
]


# -- helpers -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def assert_valid(validator: jsonschema.Draft4Validator, log: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "policylint", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )


def check_args(*paths: str, fmt: str | None = None) -> list[str]:
    args = ["check", *paths, "--rules", str(RULES), *SELECT, "--no-report", "--no-config"]
    return [*args, "--format", fmt] if fmt else args


@pytest.fixture
def no_bundled_rules(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory):
    """Only the test rules load, whatever state the bundled pack is in."""
    empty = tmp_path_factory.mktemp("no-bundled-rules")
    monkeypatch.setattr("policylint.engine.loader.bundled_rules_dir", lambda: empty)


def lint(paths: list[str], **config: Any) -> api.Report:
    return api.lint(paths, Config(rules=[str(RULES)], **config))


def write_docx(path: Path, paragraphs: list[str] = PARAGRAPHS) -> Path:
    document = docx.Document()
    document.add_heading("Staff handbook", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def by_rule(log: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["ruleId"]: r for r in log["runs"][0]["results"]}


# -- the vendored schema -------------------------------------------------------------


def test_vendored_schema_is_the_oasis_errata01_schema() -> None:
    raw = SCHEMA_PATH.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SCHEMA_SHA256
    schema = json.loads(raw)
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert schema["id"] == sarif_fmt.SARIF_SCHEMA
    assert "2.1.0" in schema["id"]
    jsonschema.Draft4Validator.check_schema(schema)
    assert (DATA / "SARIF-SCHEMA-NOTICE.md").is_file()


# -- SARIF ---------------------------------------------------------------------------


def test_sarif_markdown_via_cli_is_valid(tmp_path: Path, validator) -> None:
    (tmp_path / "handbook.md").write_text(MD, encoding="utf-8")
    proc = run(*check_args("handbook.md", fmt="sarif"), cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.endswith("\n")
    log = json.loads(proc.stdout)
    assert_valid(validator, log)
    assert log["version"] == "2.1.0"
    run_ = log["runs"][0]
    assert run_["tool"]["driver"]["name"] == "policylint"
    assert run_["columnKind"] == "unicodeCodePoints"
    assert run_["invocations"][0]["executionSuccessful"] is True

    results = by_rule(log)
    assert set(results) == set(RULE_IDS)
    assert {k: r["level"] for k, r in results.items()} == {
        OFF: "error",
        CLOCK: "warning",
        CALLING: "note",
        NO_GRIEF: "warning",
    }
    # "Clinicians stay reachable " is 26 characters: the match starts in column 27
    # and "around the clock" (16 characters) ends before column 43 (exclusive).
    region = results[CLOCK]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 27, "endLine": 3, "endColumn": 43}
    assert results[CALLING]["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    assert results[CLOCK]["message"]["text"] == '"around the clock" requires constant reachability.'
    # a whole-document finding: the artifact only
    doc_loc = results[NO_GRIEF]["locations"][0]["physicalLocation"]
    assert doc_loc == {"artifactLocation": {"uri": "handbook.md", "uriBaseId": "%SRCROOT%"}}


def test_sarif_docx_is_valid_without_line_regions(tmp_path: Path, validator) -> None:
    write_docx(tmp_path / "handbook.docx")
    proc = run(*check_args("handbook.docx", fmt="sarif"), cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    log = json.loads(proc.stdout)
    assert_valid(validator, log)
    results = by_rule(log)
    assert set(results) == set(RULE_IDS)
    for r in results.values():
        physical = r["locations"][0]["physicalLocation"]
        assert "region" not in physical, "a .docx line means nothing to a code viewer"
        assert physical["artifactLocation"] == {"uri": "handbook.docx", "uriBaseId": "%SRCROOT%"}
    # paragraph numbers in reading order: heading 1, then the body paragraphs
    expected = {CLOCK: 3, OFF: 4, CALLING: 5}
    for rule_id, paragraph in expected.items():
        assert results[rule_id]["message"]["text"].endswith(f"(paragraph {paragraph})")
        assert results[rule_id]["properties"]["paragraph"] == paragraph
    assert "paragraph" not in results[NO_GRIEF]["message"]["text"]


def test_sarif_pdf_has_page_in_message_and_no_region(tmp_path: Path, validator) -> None:
    pdf_fixtures = pytest.importorskip("pdf_fixtures")
    items = [("heading", "Expectations"), *(("paragraph", p) for p in PARAGRAPHS)]
    pdf_fixtures.write_pdf(tmp_path / "syllabus.pdf", items)
    report = lint([str(tmp_path / "syllabus.pdf")], select=list(RULE_IDS))
    assert not report.errors, report.errors[0].error
    log = sarif_fmt.to_sarif(report, cwd=str(tmp_path))
    assert_valid(validator, log)
    results = by_rule(log)
    assert CLOCK in results
    for rule_id in (CLOCK, OFF, CALLING):
        r = results[rule_id]
        assert "region" not in r["locations"][0]["physicalLocation"]
        assert "(page 1, line " in r["message"]["text"]
        assert r["properties"]["page"] == 1


def test_sarif_uris_are_repository_relative_with_forward_slashes(
    tmp_path: Path, no_bundled_rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    folder = repo / "docs" / "hr policies"
    folder.mkdir(parents=True)
    (folder / "handbook.md").write_text(MD, encoding="utf-8")
    cwd = repo / "docs"
    monkeypatch.chdir(cwd)
    report = lint([os.path.join("hr policies", "handbook.md")], select=list(RULE_IDS))
    log = sarif_fmt.to_sarif(report, cwd=str(cwd))
    locations = [
        r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]
    ]
    assert locations
    for loc in locations:
        assert loc == {"uri": "docs/hr%20policies/handbook.md", "uriBaseId": "%SRCROOT%"}
    base = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == repo.as_uri() + "/"
    assert (
        github_fmt.display_path(os.path.join("hr policies", "handbook.md"), str(cwd))
        == "docs/hr policies/handbook.md"
    )


def test_sarif_uri_outside_any_root_is_absolute(tmp_path: Path, no_bundled_rules) -> None:
    (tmp_path / "elsewhere").mkdir()
    target = tmp_path / "elsewhere" / "handbook.md"
    target.write_text(MD, encoding="utf-8")
    (tmp_path / "here").mkdir()
    report = lint([str(target)], select=list(RULE_IDS))
    log = sarif_fmt.to_sarif(report, cwd=str(tmp_path / "here"))
    loc = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc == {"uri": target.as_uri()}
    assert "originalUriBaseIds" not in log["runs"][0]


def test_sarif_partial_fingerprints_are_stable(tmp_path: Path, no_bundled_rules) -> None:
    path = tmp_path / "handbook.md"
    path.write_text(MD, encoding="utf-8")

    def fingerprints() -> dict[str, str]:
        log = sarif_fmt.to_sarif(lint([str(path)], select=list(RULE_IDS)), cwd=str(tmp_path))
        return {
            r["ruleId"]: r["partialFingerprints"]["policylintFingerprint/v1"]
            for r in log["runs"][0]["results"]
        }

    first = fingerprints()
    assert set(first) == set(RULE_IDS)
    assert all(len(v) >= 16 for v in first.values())
    assert len(set(first.values())) == len(first)
    assert fingerprints() == first
    # moving the text down (new lines above it) does not change them
    path.write_text("# Intro\n\nSome new words.\n\n" + MD, encoding="utf-8")
    assert fingerprints() == first


def test_sarif_rules_array(tmp_path: Path, no_bundled_rules) -> None:
    (tmp_path / "handbook.md").write_text(MD, encoding="utf-8")
    report = lint([str(tmp_path / "handbook.md")], select=list(RULE_IDS), severity={CLOCK: "error"})
    log = sarif_fmt.to_sarif(report, cwd=str(tmp_path))
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["version"] == api.__version__
    rules = driver["rules"]
    assert [r["id"] for r in rules] == list(RULE_IDS)  # rule-file order
    off = rules[0]
    assert off["name"] == "SarifTestOffTheClock"
    assert off["shortDescription"] == {"text": "Unpaid work: notes, charting"}
    assert off["fullDescription"]["text"].startswith("Unpaid documentation time")
    assert "All documentation time is paid work time." in off["help"]["text"]
    assert "> All documentation time is paid work time." in off["help"]["markdown"]
    assert "FLSA, 29 CFR 785.11" in off["help"]["markdown"]
    assert off["properties"]["category"] == "unpaid-work"
    assert "unpaid-work" in off["properties"]["tags"]
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in rules}
    assert levels == {OFF: "error", CLOCK: "error", CALLING: "note", NO_GRIEF: "warning"}
    # templates are rendered with the rule's params
    grief = rules[3]
    assert "up to 10 paid days" in grief["help"]["text"]
    for result in log["runs"][0]["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    # severity overrides reach the results too
    assert by_rule(log)[CLOCK]["level"] == "error"


def test_sarif_lists_selected_rules_that_found_nothing(tmp_path: Path, no_bundled_rules) -> None:
    (tmp_path / "calm.md").write_text("# Leave\n\nBereavement leave is ten days.\n")
    log = sarif_fmt.to_sarif(
        lint([str(tmp_path / "calm.md")], select=[OFF, NO_GRIEF]), cwd=str(tmp_path)
    )
    assert [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]] == [OFF, NO_GRIEF]
    assert log["runs"][0]["results"] == []


def test_sarif_suppressed_findings_and_unreadable_files(tmp_path: Path, validator) -> None:
    report = sample_report()
    log = sarif_fmt.to_sarif(report, cwd=str(tmp_path))
    assert_valid(validator, log)
    results = log["runs"][0]["results"]
    suppressed = [f for r in report.files for f in r.findings if f.suppressed]
    assert suppressed
    marked = [r for r in results if "suppressions" in r]
    assert len(marked) == len(suppressed)
    assert all(r["suppressions"][0]["kind"] == "inSource" for r in marked)
    assert {r["suppressions"][0].get("justification") for r in marked} == {
        f.suppression_reason for f in suppressed
    }
    assert {r["partialFingerprints"]["policylintFingerprint/v1"] for r in marked} == {
        f.fingerprint for f in suppressed
    }
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert len(notes) == len(report.errors) == 1
    assert notes[0]["level"] == "error"
    assert report.errors[0].path in notes[0]["message"]["text"]
    uri = notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "policies/old-handbook.docx"
    # no region for .docx or .pdf, a region for .md
    for r in results:
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        has_region = "region" in r["locations"][0]["physicalLocation"]
        if uri.endswith((".docx", ".pdf")):
            assert not has_region
        elif r["properties"]["scope"] == "span":
            assert has_region


def test_sarif_missing_file_via_cli(tmp_path: Path, validator) -> None:
    (tmp_path / "handbook.md").write_text(MD, encoding="utf-8")
    proc = run(*check_args("handbook.md", "missing.md", fmt="sarif"), cwd=tmp_path)
    assert proc.returncode == 2
    log = json.loads(proc.stdout)
    assert_valid(validator, log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "missing.md" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    assert len(log["runs"][0]["results"]) == 4


# -- GitHub annotations --------------------------------------------------------------


def test_github_escaping_rules() -> None:
    assert github_fmt.escape_data("100% a:b, c\r\nd") == "100%25 a:b, c%0D%0Ad"
    assert github_fmt.escape_property("100% a:b, c\r\nd") == "100%25 a%3Ab%2C c%0D%0Ad"
    line = github_fmt.command("warning", "x\n::error::y", file="a,b:c.md", line=3, col=None)
    assert line == "::warning file=a%2Cb%3Ac.md,line=3::x%0A::error::y"
    assert "\n" not in line


def test_github_markdown_annotations(
    tmp_path: Path, no_bundled_rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "handbook.md").write_text(MD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = lint(["handbook.md"], select=list(RULE_IDS))
    out = github_fmt.render(report)
    assert out.endswith("\n")
    lines = out.splitlines()
    assert len(lines) == 5
    assert lines[0] == (
        "::warning file=handbook.md,title=No bereavement provision "
        "[grief-leave/sarif-test-no-bereavement]::The document never mentions bereavement "
        "leave.%0ASuggested rewrite: Employees may take up to 10 paid days of bereavement "
        "leave per loss."
    )
    assert lines[1].startswith(
        "::warning file=handbook.md,line=3,col=27,endLine=3,endColumn=43,title=Reachable "
    )
    # the message holds % , : and a paragraph break; the title holds : and ,
    assert lines[2] == (
        "::error file=handbook.md,line=3,col=58,endLine=3,endColumn=71,"
        "title=Unpaid work%3A notes%2C charting [unpaid-work/sarif-test-off-the-clock]"
        '::"off the clock" asks for unpaid work: 100%25 of it, on your own time.'
        "%0A%0APay every minute.%0ASuggested rewrite: All documentation time is paid work time."
    )
    assert lines[3].startswith("::notice file=handbook.md,line=5,col=14,")
    # the summary is plain text, not a workflow command
    assert not lines[4].startswith("::")
    assert lines[4].startswith("4 findings")


def test_github_docx_annotations_are_file_level(
    tmp_path: Path, no_bundled_rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_docx(tmp_path / "handbook.docx")
    out = github_fmt.render(lint(["handbook.docx"], select=list(RULE_IDS)))
    annotations = [ln for ln in out.splitlines() if ln.startswith("::")]
    assert len(annotations) == 4
    for ln in annotations:
        props = ln.split("::")[1]
        assert "line=" not in props and "col=" not in props
        assert "file=handbook.docx," in props
    assert any("(paragraph 3)" in ln for ln in annotations)


def test_github_multiline_span_has_no_columns() -> None:
    report = sample_report()
    result = next(r for r in report.files if r.format == "md" and r.active)
    finding = result.active[0].with_(end_line=(result.active[0].line or 1) + 1)
    line = github_fmt.annotation("p.md", "md", finding)
    props = line.split("::")[1]
    assert f"line={finding.line}" in props and f"endLine={finding.end_line}" in props
    assert "col=" not in props and "endColumn=" not in props


def test_github_suppressed_hidden_and_errors_annotated() -> None:
    report = sample_report()
    out = github_fmt.render(report)
    annotations = [ln for ln in out.splitlines() if ln.startswith("::")]
    active = sum(len(r.active) for r in report.files if not r.error)
    assert len(annotations) == active + len(report.errors)
    assert any(
        ln.startswith("::error file=policies/old-handbook.docx,title=policylint could not read")
        for ln in annotations
    )


def test_github_format_is_chosen_under_github_actions(tmp_path: Path) -> None:
    (tmp_path / "handbook.md").write_text(MD, encoding="utf-8")
    proc = run(*check_args("handbook.md"), cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("::warning file=handbook.md,")
    assert sum(ln.startswith("::") for ln in lines) == 4
    assert not (tmp_path / "policylint-report.html").exists()
    # outside GitHub Actions the default stays text
    plain = run(*check_args("handbook.md"), cwd=tmp_path)
    assert not plain.stdout.startswith("::")
    assert "handbook.md:3:27: warning" in plain.stdout


def test_sarif_rule_texts_render_params_and_never_show_template_syntax(
    tmp_path: Path, no_bundled_rules
) -> None:
    weekly = "productivity/sarif-test-weekly-hours"
    (tmp_path / "calm.md").write_text("# Hours\n\nClinicians bill about 20 client hours.\n")
    log = sarif_fmt.to_sarif(lint([str(tmp_path / "calm.md")], select=[weekly]), cwd=str(tmp_path))
    (rule,) = log["runs"][0]["tool"]["driver"]["rules"]
    assert "{{" not in json.dumps(rule)
    assert rule["shortDescription"]["text"] == "… client hours a week"
    assert rule["fullDescription"]["text"] == "Weeks above 25 client hours exhaust clinicians."
    assert "about 20 client hours a week" in rule["help"]["text"]
    # once the rule fires, its first finding supplies the title
    (tmp_path / "busy.md").write_text("# Hours\n\nClinicians must bill 30 client hours per week.\n")
    log = sarif_fmt.to_sarif(lint([str(tmp_path / "busy.md")], select=[weekly]), cwd=str(tmp_path))
    (rule,) = log["runs"][0]["tool"]["driver"]["rules"]
    assert rule["shortDescription"]["text"] == "30 client hours a week"
