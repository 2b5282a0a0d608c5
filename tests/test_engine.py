"""The rule engine through its public surfaces: user rules of every kind via
``--rules``, rule validation messages, context acceptance, JSON schema, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from policylint.api import lint, lint_text
from policylint.config import Config
from policylint.engine.loader import RuleError, load_rules, parse_rules

DATA = Path(__file__).parent / "data"
EVERY_KIND = DATA / "user_rules" / "every-kind.yaml"
BROKEN = DATA / "user_rules" / "broken.yaml"
SCHEMA = Path(__file__).parent.parent / "policylint" / "schemas" / "report-v1.json"

USER_IDS = [r.id for r in load_rules([EVERY_KIND])]


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policylint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def user_config(**kw: object) -> Config:
    return Config(rules=[str(EVERY_KIND)], select=list(USER_IDS), **kw)  # type: ignore[arg-type]


def test_user_rules_examples_pass_via_cli() -> None:
    proc = cli("rules", "test", str(EVERY_KIND))
    assert proc.returncode == 0, proc.stderr
    assert "9 rules, 18 examples: all pass." in proc.stdout


@pytest.mark.parametrize(
    ("text", "rule", "match"),
    [
        ("Therapy is a Sacred Vocation here.", "martyr-language/user-phrases", "Sacred Vocation"),
        (
            "You will remain available around the clock.",
            "availability/user-pattern",
            "remain available around the clock",
        ),
        ("Give clients your home number.", "availability/user-patterns", "home number"),
        ("Finish notes off-the-clock.", "unpaid-work/user-regex", "off-the-clock"),
        ("Each monthly meeting is unpaid.", "unpaid-work/user-regex-fallback", "meeting is unpaid"),
        (
            "Staff bill six hours a day of client work.",
            "productivity/user-quantity",
            "six hours a day",
        ),
        (
            "Documentation is done on your own time.",
            "unpaid-work/user-all-any-not",
            "Documentation is done on your own time",
        ),
        (
            "Bereavement leave is not offered to part-time staff.",
            "grief-leave/user-only-negated",
            "Bereavement leave",
        ),
    ],
)
def test_every_kind_fires_on_new_text(text: str, rule: str, match: str) -> None:
    report = lint_text(f"# Bereavement\n\n{text}\n", "policy.md", user_config())
    found = [f for f in report.findings() if f.rule == rule]
    assert len(found) == 1, [f.rule for f in report.findings()]
    assert found[0].match == match
    assert found[0].excerpt == text
    assert (found[0].line, found[0].column) == (3, 1 + text.index(match))


def test_absent_fires_once_per_document_and_only_for_its_profile() -> None:
    text = "# Leave\n\nEmployees receive ten vacation days.\n\nSick leave is paid.\n"
    report = lint_text(text, "h.md", user_config())
    doc_level = [f for f in report.findings() if f.scope == "document"]
    assert [f.rule for f in doc_level] == ["grief-leave/user-absent"]
    f = doc_level[0]
    assert (f.line, f.column, f.page, f.excerpt, f.match) == (None, None, None, None, None)
    report = lint_text(text, "h.md", user_config(profile="syllabus"))
    assert not [f for f in report.findings() if f.scope == "document"]


def test_quantity_template_values() -> None:
    report = lint_text("Clinicians must bill 7,200 minutes a month.", "x.md", user_config())
    (f,) = [f for f in report.findings() if f.rule == "productivity/user-quantity"]
    assert f.message == '"7,200 minutes a month" is 27.7 hours a week.'
    assert f.suggestions == ("Full-time clinicians schedule about 22 client hours a week.",)
    assert f.title == "Weekly billable hours above 25"


def test_params_override_changes_threshold() -> None:
    config = user_config(params={"productivity/user-quantity": {"max_hours": 30}})
    report = lint_text("Clinicians must bill 7,200 minutes a month.", "x.md", config)
    assert not [f for f in report.findings() if f.rule == "productivity/user-quantity"]


AVAILABILITY_RULE = """
rules:
  - id: availability/after-hours-test
    category: availability
    severity: warning
    title: After-hours messages
    message: '"{{ match }}"'
    why: Rest matters.
    suggest: ["Messages are answered within one business day."]
    match:
      all:
        - phrases: [required to, must, expected to]
        - phrases: [after hours, weekends, evenings]
"""


def test_context_acceptance(tmp_path: Path) -> None:
    rules = tmp_path / "r.yaml"
    rules.write_text(AVAILABILITY_RULE, encoding="utf-8")
    config = Config(
        rules=[str(rules), str(EVERY_KIND)],
        select=["availability/after-hours-test", "grief-leave/user-only-negated"],
    )
    negated = lint_text(
        "Clinicians are not required to answer messages after hours.", "x.md", config
    )
    assert not negated.findings()
    affirmed = lint_text("Clinicians are required to answer messages after hours.", "x.md", config)
    assert [f.rule for f in affirmed.findings()] == ["availability/after-hours-test"]
    missing = lint_text("Bereavement leave is not provided.", "x.md", config)
    assert [f.rule for f in missing.findings()] == ["grief-leave/user-only-negated"]


def test_same_clause_reported_once_and_sorted() -> None:
    text = (
        "Finish notes off the clock, and off the clock again.\n\n"
        "Therapy is a higher calling and a sacred vocation.\n"
    )
    report = lint_text(text, "x.md", user_config())
    rules = [(f.rule, f.line) for f in report.findings()]
    assert rules.count(("unpaid-work/user-regex", 1)) == 1
    assert rules.count(("martyr-language/user-phrases", 3)) == 1
    keys = [(f.line or 0, f.column or 0) for f in report.findings() if f.scope == "span"]
    assert keys == sorted(keys)


def test_validate_reports_four_precise_problems() -> None:
    proc = cli("rules", "validate", str(BROKEN))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 4, proc.stderr
    src = str(BROKEN.relative_to(Path.cwd())) if BROKEN.is_relative_to(Path.cwd()) else str(BROKEN)
    assert lines[0] == (
        f"{src}:8: rule 'productivity/broken-field': unknown field 'sugest' "
        "(did you mean 'suggest'?)"
    )
    assert lines[1].startswith(f"{src}:13: rule 'productivity/bad-category': field 'category': ")
    assert "unknown category 'productivty' (did you mean 'productivity'?)" in lines[1]
    assert lines[2].startswith(f"{src}:25: rule 'productivity/bad-template': field 'message': ")
    assert "template syntax error" in lines[2]
    assert lines[3].startswith(f"{src}:38: rule 'productivity/bad-regex': field 'match': ")
    assert "invalid regex '(unclosed'" in lines[3]


def test_check_with_broken_rules_exits_2(tmp_path: Path) -> None:
    doc = tmp_path / "p.md"
    doc.write_text("Hello.\n", encoding="utf-8")
    proc = cli("check", str(doc), "--rules", str(BROKEN), "--no-report")
    assert proc.returncode == 2
    assert "unknown field 'sugest'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unknown_match_kind_message() -> None:
    text = """rules:
  - id: productivity/quota
    category: productivity
    severity: warning
    title: t
    message: m
    why: w
    suggest: [x]
    match:
      quantiy: {unit: hour}
"""
    with pytest.raises(RuleError) as info:
        parse_rules(text, "rules/x.yaml")
    assert info.value.problems == [
        "rules/x.yaml:10: rule 'productivity/quota': field 'match': unknown match kind "
        "'quantiy' (did you mean 'quantity'?)"
    ]


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("match: {phrases: [no]}", "quote it"),
        ("match: {pattern: [{POS: NOUN}]}", "needs a trained spaCy pipeline"),
        ("match: {absent: {phrases: [x]}}", "add 'scope: document'"),
        ("match: {phrases: [x]}\n    scope: document", "'scope: document' needs an 'absent' match"),
        ("match: {not: {phrases: [x]}}", "'not' cannot stand alone"),
        ("match: {phrases: [x], regex: y}", "exactly one kind"),
        ("match: {quantity: {unit: hours, above: limit}}", "'limit' is not a param"),
        ("match: {quantity: {unit: parsecs}}", "unknown unit 'parsecs'"),
        ("match: {phrases: [x]}\n    context: skip-negatd", "did you mean 'skip-negated'"),
    ],
)
def test_validation_messages(snippet: str, expected: str) -> None:
    text = f"""rules:
  - id: caseload/x
    category: caseload
    severity: warning
    title: t
    message: m
    why: w
    suggest: [x]
    {snippet}
"""
    with pytest.raises(RuleError) as info:
        parse_rules(text, "r.yaml")
    assert expected in "\n".join(info.value.problems)


def test_template_checks() -> None:
    base = """rules:
  - id: caseload/x
    category: caseload
    severity: warning
    title: t
    why: w
    match: {phrases: [x]}
    suggest: [x]
"""
    with pytest.raises(RuleError, match="unknown variable"):
        parse_rules(base + "    message: '{{ nonsense }}'\n", "r.yaml")
    with pytest.raises(RuleError, match=r"params\.limit"):
        parse_rules(base + "    message: '{{ params.limit }}'\n", "r.yaml")


def test_id_clash_with_bundled_rule_is_an_error(tmp_path: Path) -> None:
    bundled = load_rules()
    if not len(bundled):
        pytest.skip("no bundled rules")
    first = bundled.rules[0]
    clash = tmp_path / "clash.yaml"
    clash.write_text(
        f"""rules:
  - id: {first.id}
    category: {first.category}
    severity: info
    title: t
    message: m
    why: w
    suggest: [x]
    match: {{phrases: [zzz]}}
""",
        encoding="utf-8",
    )
    with pytest.raises(RuleError, match="id already defined"):
        load_rules(extra=[clash])


def test_json_output_validates_against_schema(tmp_path: Path) -> None:
    doc = tmp_path / "policy.md"
    doc.write_text(
        "# Leave\n\nClinicians must bill 7,200 minutes a month.\n\nFinish notes off the clock.\n",
        encoding="utf-8",
    )
    proc = cli(
        "check", str(doc), "missing.md", "--format", "json", "--rules", str(EVERY_KIND),
        "--select", ",".join(USER_IDS), "--no-report",
    )  # fmt: skip
    assert proc.returncode == 2  # missing.md
    data = json.loads(proc.stdout)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)
    good = data["files"][0]
    assert {f["rule"] for f in good["findings"]} >= {
        "productivity/user-quantity",
        "unpaid-work/user-regex",
        "grief-leave/user-absent",
    }
    assert data["summary"]["files_with_errors"] == 1


def test_exit_codes_follow_fail_on(tmp_path: Path) -> None:
    doc = tmp_path / "p.md"
    doc.write_text(
        "Therapy is a sacred vocation.\n\nBereavement leave: 10 days.\n", encoding="utf-8"
    )
    base = [
        "check",
        str(doc),
        "--rules",
        str(EVERY_KIND),
        "--select",
        ",".join(USER_IDS),
        "--no-report",
    ]
    assert cli(*base).returncode == 0  # only an info finding; default fail-on warning
    assert cli(*base, "--fail-on", "info").returncode == 1
    assert cli(*base, "--fail-on", "never").returncode == 0
    assert cli(*base, "--ignore", "martyr-language", "--fail-on", "info").returncode == 0


def test_library_lint_on_folder(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Finish notes off the clock.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Bereavement leave is ten days.\n", encoding="utf-8")
    (tmp_path / "skip.rtf").write_text("ignored", encoding="utf-8")
    report = lint([str(tmp_path)], user_config())
    assert [Path(r.path).name for r in report.files] == ["a.md", "b.txt"]
    assert report.exit_code() == 1


def test_why_renders_params_and_configured_overrides(tmp_path: Path) -> None:
    rules = tmp_path / "why.yaml"
    rules.write_text(
        "rules:\n"
        "  - id: caseload/why-test\n"
        "    category: caseload\n"
        "    severity: warning\n"
        "    title: Big caseload\n"
        "    message: Too many clients.\n"
        "    why: Above {{ params.max_clients }} clients, care suffers.\n"
        "    suggest: Cap caseloads at {{ params.max_clients }}.\n"
        "    params: {max_clients: 30}\n"
        "    match: {phrases: [unlimited caseload]}\n",
        encoding="utf-8",
    )
    from policylint.api import load_ruleset

    default = load_ruleset(Config(rules=[str(rules)]))
    assert default.get("caseload/why-test").why == "Above 30 clients, care suffers."  # type: ignore[union-attr]
    config = Config(rules=[str(rules)], params={"caseload/why-test": {"max_clients": 25}})
    assert load_ruleset(config).get("caseload/why-test").why == "Above 25 clients, care suffers."  # type: ignore[union-attr]
    bad = tmp_path / "bad.yaml"
    bad.write_text(rules.read_text().replace("params.max_clients }} clients", "match }} clients"))
    with pytest.raises(RuleError, match="only params are available"):
        parse_rules(bad.read_text(), "bad.yaml")


def test_document_rule_requires_the_topic_to_be_present() -> None:
    rules = Path(__file__).parent / "data" / "user_rules" / "requires.yaml"
    config = Config(rules=[str(rules)], select=["grief-leave/req-test"])
    conduct = lint_text("# Code of conduct\n\nBe kind to each other.\n", "conduct.md", config)
    assert conduct.findings() == []
    leave = lint_text("# Leave\n\nEmployees receive ten vacation days.\n", "leave.md", config)
    assert [f.rule for f in leave.findings()] == ["grief-leave/req-test"]
    covered = lint_text("# Leave\n\nVacation: ten days. Bereavement: five days.\n", "l.md", config)
    assert covered.findings() == []
    with pytest.raises(RuleError, match="'requires' only applies to document-level rules"):
        parse_rules(
            rules.read_text(encoding="utf-8").replace("    scope: document\n", ""), "r.yaml"
        )
