"""Jurisdiction-aware rules (issue 16): clauses below a state's legal floor are errors
that cite the law; without a jurisdiction nothing names a state.

Every wired law topic is tested with a clause just below and one at the floor, for
each jurisdiction in the data that has that floor; then the configuration (flag,
config, per path, employees), every output, the Riverbend sample and stale data.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from policylint import laws
from policylint.api import lint, lint_text
from policylint.cli import cli
from policylint.config import Config, ConfigError, load_config
from policylint.engine.loader import RuleError, parse_rules
from policylint.formatters import html, sarif
from policylint.formatters import json as json_format
from policylint.formatters import text as text_format

ROOT = Path(__file__).resolve().parent.parent
RIVERBEND = ROOT / "sample_handbooks" / "riverbend-clinic-handbook.docx"
SUSTAINABLE = ROOT / "sample_handbooks" / "sustainable-practice-handbook.md"
STATES = re.compile(
    r"California|Illinois|Oregon|Colorado|Minnesota|New York|Washington|Massachusetts|"
    r"Maryland|New Jersey"
)


def findings(text: str, *codes: str, employees: int | None = None, rule: str | None = None):  # type: ignore[no-untyped-def]
    config = Config(jurisdiction=list(codes), employees=employees)
    found = lint_text(text, config=config).findings()
    return [f for f in found if rule is None or f.rule == rule]


def errors(text: str, *codes: str, employees: int | None = None, rule: str | None = None):  # type: ignore[no-untyped-def]
    return [
        f
        for f in findings(text, *codes, employees=employees, rule=rule)
        if str(f.severity) == "error"
    ]


# -- every wired topic: just below and at the floor, per jurisdiction ----------------

BEREAVEMENT = "grief-leave/short-bereavement-leave"
SICK_HOURS = "sick-leave/below-minimum-sick-leave"
NOTE = "sick-leave/note-for-short-absence"
COVER = "sick-leave/cover-before-sick-leave"
DIAGNOSIS = "disclosure/diagnosis-required"
CONSECUTIVE = "grief-leave/consecutive-or-immediate-use"

CASES = [
    # (jurisdiction, rule, clause just below the floor, clause at the floor)
    (
        "US-CA",
        BEREAVEMENT,
        "Employees receive four days of paid bereavement leave per death of a family member.",
        "Employees receive five days of paid bereavement leave per death of a family member.",
    ),
    (
        "US-IL",
        BEREAVEMENT,
        "Employees receive nine days of paid bereavement leave per death of a family member.",
        "Employees receive ten days of paid bereavement leave per death of a family member.",
    ),
    (
        "US-OR",
        BEREAVEMENT,
        "Employees receive nine days of paid bereavement leave per death of a family member.",
        "Employees receive two weeks of paid bereavement leave per death of a family member.",
    ),
    *[
        (
            code,
            SICK_HOURS,
            f"Full-time staff receive {hours - 8} hours of paid sick leave per year.",
            f"Full-time staff receive {hours} hours of paid sick leave per year.",
        )
        for code, hours in [
            ("US-CA", 40),
            ("US-CO", 48),
            ("US-IL", 40),
            ("US-MA", 40),
            ("US-MD", 40),
            ("US-MN", 48),
            ("US-NJ", 40),
            ("US-NY", 56),  # 100+ employees (these tests use 500)
            ("US-OR", 40),
        ]
    ],
    *[
        (
            code,
            NOTE,
            "Employees must provide a doctor's note for sick absences of more than two days.",
            "A doctor's note may be requested after more than 3 consecutive days of sick leave.",
        )
        for code in ("US-CO", "US-MA", "US-OR", "US-WA")
    ],
]


@pytest.mark.parametrize(("code", "rule", "below", "at"), CASES)
def test_just_below_the_floor_is_an_error_and_at_the_floor_is_not(
    code: str, rule: str, below: str, at: str
) -> None:
    found = errors(below, code, employees=500, rule=rule)
    assert len(found) == 1, findings(below, code, employees=500)
    f = found[0]
    floor = laws.floor(code, laws_topic(rule))
    assert floor is not None
    assert f.law is not None and f.law["citation"] == floor.citation
    assert floor.citation in f.message
    assert f.message.startswith("Below the legal floor in ")
    assert not errors(at, code, employees=500, rule=rule)


def laws_topic(rule: str) -> str:
    return {
        BEREAVEMENT: "bereavement",
        SICK_HOURS: "sick-leave",
        NOTE: "sick-leave-documentation",
        COVER: "sick-leave-replacement-worker",
        DIAGNOSIS: "sick-leave-disclosure",
        CONSECUTIVE: "bereavement",
    }[rule]


@pytest.mark.parametrize("code", ["US-CA", "US-CO", "US-MN"])
def test_replacement_worker_condition_is_below_where_the_law_forbids_it(code: str) -> None:
    below = "Therapists calling in sick are responsible for finding a replacement for their groups."
    lawful = (
        "When a clinician is sick, the administrative team will arrange cover and "
        "reschedule clients."
    )
    found = errors(below, code, rule=COVER)
    assert len(found) == 1
    assert found[0].law["field"] == "replacement_condition_forbidden"
    assert not findings(lawful, code, rule=COVER)
    # rescheduling one's own clients is the evidence concern, not a replacement worker
    resched = (
        "If you are ill, you are expected to reschedule your own clients before taking the day."
    )
    assert [str(f.severity) for f in findings(resched, code, rule=COVER)] == ["warning"]


@pytest.mark.parametrize("code", ["US-MA", "US-NY", "US-OR", "US-WA"])
def test_diagnosis_disclosure_is_below_where_the_law_forbids_it(code: str) -> None:
    below = "Staff who phone in sick must explain the nature of the illness to the shift lead."
    lawful = "Staff who phone in sick do not need to explain the nature of the illness."
    found = errors(below, code, employees=200, rule=DIAGNOSIS)
    assert len(found) == 1
    assert laws.floor(code, "sick-leave-disclosure").citation in found[0].message  # type: ignore[union-attr]
    assert not findings(lawful, code, rule=DIAGNOSIS)
    # California has no such floor in the data: the evidence warning only
    assert [str(f.severity) for f in findings(below, "US-CA", rule=DIAGNOSIS)] == ["warning"]


@pytest.mark.parametrize("code", ["US", "US-CA", "US-NJ"])
def test_pay_secrecy_is_below_the_federal_floor_in_every_state(code: str) -> None:
    below = "Employees may not discuss their pay or fee splits with coworkers."
    lawful = "Employees may discuss their pay and fee splits with anyone they choose."
    found = errors(below, code, rule="disclosure/pay-secrecy")
    assert len(found) == 1
    assert "29 U.S.C. § 157" in found[0].message
    assert not findings(lawful, code, rule="disclosure/pay-secrecy")
    # without a jurisdiction: the evidence warning, naming no law as binding
    assert [str(f.severity) for f in findings(below, rule="disclosure/pay-secrecy")] == ["warning"]


def test_consecutive_bereavement_days_below_california() -> None:
    below = "Bereavement days must be consecutive and start the day after the death."
    at = "Bereavement days need not be consecutive and may be used within three months."
    found = errors(below, "US-CA", rule=CONSECUTIVE)
    assert len(found) == 1 and "need not be consecutive" not in found[0].message
    assert "non-consecutively" in found[0].message
    assert not findings(at, "US-CA", rule=CONSECUTIVE)
    # Illinois states no such right: the evidence warning only
    assert [str(f.severity) for f in findings(below, "US-IL", rule=CONSECUTIVE)] == ["warning"]


def test_note_for_any_sick_day_is_documentation_after_zero_days() -> None:
    found = errors("A physician's note is required for any sick day.", "US-CO", rule=NOTE)
    assert len(found) == 1
    assert "for any absence, however short" in found[0].message


def test_new_york_tiers_resolve_with_the_head_count() -> None:
    clause = "Full-time staff receive 48 hours of paid sick leave per year."
    # every covered New York employer owes 40 hours; 56 only at 100+ employees
    assert not errors(clause, "US-NY", rule=SICK_HOURS)
    assert not errors(clause, "US-NY", employees=50, rule=SICK_HOURS)
    assert len(errors(clause, "US-NY", employees=150, rule=SICK_HOURS)) == 1


# -- the stricter threshold -------------------------------------------------------------


def test_legal_floor_fires_where_the_evidence_rule_would_not() -> None:
    clause = "Employees receive seven days of paid bereavement leave per death of a family member."
    assert not findings(clause, rule=BEREAVEMENT)  # 7 days: not short by the evidence
    assert not findings(clause, "US-CA", rule=BEREAVEMENT)  # above California's 5
    [f] = errors(clause, "US-IL", rule=BEREAVEMENT)
    assert "requires 10 work days per death; this clause gives 7 days." in f.message
    # the evidence message ("fewer than 5 days") is not added: it would be false
    assert "fewer than" not in f.message
    assert f.title == "Bereavement leave below the legal floor in Illinois"


def test_below_both_adds_the_evidence_message_and_every_jurisdiction() -> None:
    clause = "Staff may take three days of bereavement leave per death."
    [f] = errors(clause, "US-CA", "US-IL", rule=BEREAVEMENT)
    assert "Below the legal floor in California" in f.message
    assert "Below the legal floor in Illinois" in f.message
    assert "fewer than 5 days" in f.message  # the evidence applies too
    assert f.law["jurisdiction"] == "US-CA"
    assert [x["jurisdiction"] for x in f.law["also"]] == ["US-IL"]


def test_above_the_floor_the_evidence_warning_is_unchanged() -> None:
    clause = "Our practice gives three days off after the loss of a spouse or child."
    plain = findings(clause, rule=BEREAVEMENT)
    assert [str(f.severity) for f in plain] == ["warning"]
    # a floor of the same topic that does not apply at this size leaves the warning alone
    small = findings(clause, "US-IL", employees=20, rule=BEREAVEMENT)
    assert [(str(f.severity), f.message) for f in small] == [
        (str(p.severity), p.message) for p in plain
    ]
    assert small[0].law is None


# -- assumptions and employer size ------------------------------------------------------------


def test_assumptions_shown_when_employees_not_set_and_gone_when_set() -> None:
    clause = "Staff may take one day of bereavement leave per death."
    [f] = errors(clause, "US-CA", rule=BEREAVEMENT)
    assert "Assumes the employer has at least 5 employees" in f.message
    assert "--employees" in f.message
    assert f.law["assumptions"][0].startswith("assumes the employer has at least 5")
    [g] = errors(clause, "US-CA", employees=12, rule=BEREAVEMENT)
    assert "Assumes the employer" not in g.message
    assert "employed at least 30 days" in g.message  # a condition on the employee stays
    assert g.law["employees"] == 12


def test_floors_that_do_not_apply_at_that_size_are_skipped() -> None:
    clause = "Staff may take one day of bereavement leave per death."
    assert not errors(clause, "US-CA", employees=4, rule=BEREAVEMENT)
    assert not errors(clause, "US-IL", employees=49, rule=BEREAVEMENT)
    assert errors(clause, "US-IL", employees=50, rule=BEREAVEMENT)


def test_effective_date_is_omitted_when_unknown() -> None:
    clause = (
        "Therapists calling in sick are responsible for finding a replacement for their groups."
    )
    [f] = errors(clause, "US-CA", rule=COVER)
    assert laws.floor("US-CA", "sick-leave-replacement-worker").effective is None  # type: ignore[union-attr]
    assert "in effect since" not in f.message
    assert f.law["effective"] is None


# -- without a jurisdiction ---------------------------------------------------------------


def test_without_a_jurisdiction_no_message_names_a_state() -> None:
    report = lint([str(RIVERBEND)], Config())
    active = report.findings()
    assert active
    assert not [f for f in active if str(f.severity) == "error"]
    named = [(f.rule, f.message) for f in active if STATES.search(f.message + f.title)]
    assert named == []
    assert all(f.law is None for f in active)
    assert report.law_hint() is not None
    assert report.legal() is None


def test_bundled_rule_messages_name_no_state() -> None:
    from policylint.engine.loader import load_rules

    for rule in load_rules():
        assert not STATES.search(rule.message + rule.title), rule.id


# -- configuration ------------------------------------------------------------------------


def test_unknown_jurisdiction_is_a_usage_error_with_suggestions(tmp_path: Path) -> None:
    doc = tmp_path / "policy.md"
    doc.write_text("Staff may take one day of bereavement leave per death.\n")
    res = CliRunner().invoke(
        cli, ["check", str(doc), "--jurisdiction", "US-CX", "--no-report", "--no-cache"]
    )
    assert res.exit_code == 2
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "US-CX" in lines[0] and "Did you mean" in lines[0] and "US-CA" in lines[0]


def test_config_jurisdiction_top_level_and_per_path(tmp_path: Path) -> None:
    (tmp_path / "il").mkdir()
    clause = "Staff may take seven days of bereavement leave per death.\n"
    (tmp_path / "ca.md").write_text(clause)
    (tmp_path / "il" / "policy.md").write_text(clause)
    (tmp_path / ".policylint.yaml").write_text(
        'jurisdiction: US-CA\njurisdictions:\n  "il/**": US-IL\nemployees: 80\n'
    )
    config = load_config(tmp_path / ".policylint.yaml")
    assert config.jurisdiction == ["US-CA"] and config.employees == 80
    report = lint([str(tmp_path / "ca.md"), str(tmp_path / "il" / "policy.md")], config)
    by_file = {Path(r.path).name: r for r in report.files}
    assert by_file["ca.md"].jurisdictions == ("US-CA",)
    assert by_file["policy.md"].jurisdictions == ("US-IL",)
    assert not [f for f in by_file["ca.md"].findings if str(f.severity) == "error"]
    [f] = [f for f in by_file["policy.md"].findings if str(f.severity) == "error"]
    assert "Illinois" in f.message and "Assumes the employer" not in f.message


def test_config_unknown_jurisdiction_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / ".policylint.yaml").write_text("fail-on: warning\njurisdiction: US-CX\n")
    with pytest.raises(ConfigError) as exc:
        load_config(tmp_path / ".policylint.yaml")
    assert ".policylint.yaml:2:" in str(exc.value) and "US-CA" in str(exc.value)
    (tmp_path / ".policylint.yaml").write_text("employees: lots\n")
    with pytest.raises(ConfigError, match="employees"):
        load_config(tmp_path / ".policylint.yaml")


def test_flag_overrides_per_path_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "il").mkdir()
    (tmp_path / "il" / "policy.md").write_text(
        "Staff may take seven days of bereavement leave per death.\n"
    )
    (tmp_path / ".policylint.yaml").write_text('jurisdictions:\n  "il/**": US-IL\n')
    monkeypatch.chdir(tmp_path)
    base = ["check", "il/policy.md", "--format", "json", "--no-cache"]
    res = CliRunner().invoke(cli, base)
    assert json.loads(res.stdout)["files"][0]["jurisdictions"] == ["US-IL"]
    assert res.exit_code == 1  # below Illinois's 10 work days
    res = CliRunner().invoke(cli, [*base, "--jurisdiction", "US-CA"])
    assert json.loads(res.stdout)["files"][0]["jurisdictions"] == ["US-CA"]
    assert res.exit_code == 0  # seven days: above California's floor and the evidence


# -- rule files -----------------------------------------------------------------------------

RULE = """\
rules:
  - id: grief-leave/test-law
    category: grief-leave
    severity: warning
    title: Short
    message: short
    why: short
    suggest: [longer]
    params: {{min_days: 5}}
    law:
{law}
    examples:
      flag: [Bereavement leave is one day per death.]
    match:
      quantity: {{unit: [day], topic: [bereavement], below: min_days}}
"""


@pytest.mark.parametrize(
    ("law", "expected"),
    [
        ("      topic: bereavment\n      field: per_death", "did you mean 'bereavement'"),
        ("      topic: bereavement\n      field: per_deaths", "did you mean 'per_death'"),
        ("      topic: bereavement\n      field: hours_per_year", "belongs to topic sick-leave"),
        ("      topic: sick-leave\n      field: accrual", "cannot be compared by a rule yet"),
        ("      field: per_death", "must be a mapping with 'topic' and 'field'"),
    ],
)
def test_invalid_law_block_is_a_rule_error_naming_file_and_line(law: str, expected: str) -> None:
    with pytest.raises(RuleError) as exc:
        parse_rules(RULE.format(law=law), "my-rules.yaml")
    problems = "\n".join(exc.value.problems)
    assert re.search(r"my-rules\.yaml:1[0-2]: rule 'grief-leave/test-law': field 'law'", problems)
    assert expected in problems


def test_valid_law_block_loads() -> None:
    [rule] = parse_rules(
        RULE.format(law="      topic: bereavement\n      field: per_death"), "my-rules.yaml"
    )
    assert rule.law is not None and (rule.law.topic, rule.law.field) == ("bereavement", "per_death")


def test_rules_test_still_passes() -> None:
    res = CliRunner().invoke(cli, ["rules", "test"])
    assert res.exit_code == 0, res.output
    assert "all pass" in res.stdout


# -- outputs ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ca_report():  # type: ignore[no-untyped-def]
    report = lint([str(RIVERBEND)], Config(jurisdiction=["US-CA"]))
    report.today = dt.date(2026, 12, 5)
    return report


def test_json_finding_carries_the_law_object(ca_report) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(json_format.render(ca_report))
    assert data["schema_version"] == 1
    legal = [f for f in data["files"][0]["findings"] if f["law"]]
    assert {f["severity"] for f in legal} == {"error"}
    law = next(f["law"] for f in legal if f["rule"] == BEREAVEMENT)
    expected = laws.floor("US-CA", "bereavement").to_json()  # type: ignore[union-attr]
    for key in ("jurisdiction", "topic", "law", "citation", "effective", "source", "verified"):
        assert law[key] == expected[key]
    assert law["field"] == "per_death" and law["stated"] == "1 day"
    assert data["legal"]["jurisdictions"][0]["jurisdiction"] == "US-CA"
    assert data["files"][0]["jurisdictions"] == ["US-CA"]
    # the published schema accepts it
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "policylint" / "schemas" / "report-v1.json").read_text())
    jsonschema.validate(data, schema)


def test_sarif_result_is_an_error_with_the_citation(ca_report) -> None:  # type: ignore[no-untyped-def]
    log = json.loads(sarif.render(ca_report))
    results = [r for r in log["runs"][0]["results"] if "law" in r["properties"]]
    assert results and {r["level"] for r in results} == {"error"}
    r = next(r for r in results if r["ruleId"] == BEREAVEMENT)
    assert "Cal. Gov. Code § 12945.7" in r["message"]["text"]
    assert r["properties"]["lawSource"].startswith("https://leginfo.legislature.ca.gov/")


def test_html_has_the_legal_floors_line_and_linked_citation(ca_report) -> None:  # type: ignore[no-untyped-def]
    page = html.render(ca_report)
    assert "Legal floors: checked against California law as verified on 2026-12-04" in page
    assert "not legal advice" in page
    assert "Cal. Gov. Code § 12945.7" in page
    source = laws.floor("US-CA", "bereavement").source  # type: ignore[union-attr]
    assert f'href="{source}"' in page
    # the notice listing the clauses below a floor comes before the findings
    assert page.index('id="legal-floors"') < page.index('class="card ')


def test_terminal_shows_the_floor_and_the_header(ca_report) -> None:  # type: ignore[no-untyped-def]
    out = text_format.render(ca_report, width=200)
    assert "legal floor: California: Cal. Gov. Code § 12945.7" in out
    assert "Legal floors: checked against California law as verified on 2026-12-04" in out


def test_terminal_suggests_a_jurisdiction_only_when_useful() -> None:
    out = text_format.render(lint([str(RIVERBEND)], Config()), width=200)
    hints = [line for line in out.splitlines() if "--jurisdiction" in line]
    assert len(hints) == 1
    sustainable = text_format.render(lint([str(SUSTAINABLE)], Config()), width=200)
    assert "--jurisdiction" not in sustainable


def test_stale_floors_are_info_lines() -> None:
    report = lint_text(
        "Staff may take one day of bereavement leave per death.",
        config=Config(jurisdiction=["US-CA"]),
    )
    report.today = dt.date(2026, 12, 5)
    assert report.legal()["stale"] == []  # type: ignore[index]
    report.today = dt.date(2028, 1, 10)
    stale = report.legal()["stale"]  # type: ignore[index]
    assert stale and {s["severity"] for s in stale} == {"info"}
    assert any("US-CA bereavement: last verified 2026-12-04" in s["message"] for s in stale)
    out = text_format.render(report, width=300)
    assert "info: policylint/laws/US-CA.yaml" in out
    assert laws.stale(dt.date(2028, 1, 10))  # the library API agrees


def test_annotate_comment_cites_the_law(tmp_path: Path) -> None:
    src = tmp_path / "handbook.docx"
    document = docx.Document()
    document.add_heading("Employee Handbook", 0)
    document.add_heading("Bereavement Leave", 1)
    document.add_paragraph(
        "Employees may take two days of bereavement leave on the death of a family member."
    )
    document.save(str(src))
    out = tmp_path / "review.docx"
    res = CliRunner().invoke(
        cli, ["annotate", str(src), "-o", str(out), "--jurisdiction", "US-IL", "--employees", "60"]
    )
    assert res.exit_code == 0, res.output
    with zipfile.ZipFile(out) as zf:
        comments = zf.read("word/comments.xml").decode()
    assert "Below the legal floor in Illinois" in comments
    assert "Legal floor: Illinois: 820 ILCS 154/10" in comments


# -- the Riverbend sample -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "lines"),
    [("US-CA", [87, 108, 114, 144]), ("US-IL", [87, 114, 144]), (None, [])],
)
def test_riverbend_errors_exactly_where_below_the_floor(code: str | None, lines: list[int]) -> None:
    args = ["check", str(RIVERBEND), "--format", "json", "--no-cache", "--no-report"]
    if code:
        args += ["--jurisdiction", code]
    res = CliRunner().invoke(cli, args)
    data = json.loads(res.stdout)
    found = data["files"][0]["findings"]
    assert sorted(f["line"] for f in found if f["severity"] == "error") == lines
    assert res.exit_code == 1


def test_cache_is_keyed_by_jurisdiction_and_keeps_the_law(tmp_path: Path) -> None:
    doc = tmp_path / "policy.md"
    doc.write_text("Staff may take seven days of bereavement leave per death.\n")
    base = [
        "check",
        str(doc),
        "--format",
        "json",
        "--no-report",
        "--cache-dir",
        str(tmp_path / "c"),
    ]

    def run(*extra: str):  # type: ignore[no-untyped-def]
        return json.loads(CliRunner().invoke(cli, [*base, *extra]).stdout)["files"][0]

    assert run()["findings"] == []
    first = run("--jurisdiction", "US-IL")
    assert [f["severity"] for f in first["findings"]] == ["error"]
    again = run("--jurisdiction", "US-IL")  # from the cache
    assert again["findings"][0]["law"] == first["findings"][0]["law"]
    assert again["jurisdictions"] == ["US-IL"]
    assert run()["findings"] == []
