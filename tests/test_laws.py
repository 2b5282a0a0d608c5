"""Legal floors: the bundled data validates and is fully structured, lookups and
comparisons behave, bad files give file:line errors, the freshness check fires after a
year, and `policylint laws list/show` print the tables and JSON."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policylint import laws
from policylint.cli import cli
from policylint.laws import (
    FIELDS,
    TOPICS,
    Accrual,
    Amount,
    LawError,
    Tier,
    UnknownJurisdiction,
)

TODAY = dt.date(2026, 12, 4)
REQUIRED = ("US", "US-CA", "US-IL", "US-OR", "US-CO", "US-MN", "US-MD", "US-NY", "US-WA", "US-MA")
#: states with a bereavement statute of their own (CO, MN and MD let sick or paid leave be used)
BEREAVEMENT_STATUTES = ("US-CA", "US-IL", "US-OR")

KIND_TYPES = {
    "amount": Amount,
    "accrual": Accrual,
    "bool": bool,
    "int": int,
    "tiers": tuple,
}


def all_floors() -> list[laws.Floor]:
    return [f for j in laws.bundled() for f in j.floors]


# -- the bundled data --------------------------------------------------------------


def test_every_bundled_file_validates() -> None:
    files = sorted(laws.DATA_DIR.glob("*.yaml"))
    assert len(files) >= len(REQUIRED)
    for path in files:
        jurisdiction, problems = laws.parse_jurisdiction(
            path.read_text(encoding="utf-8"), path.name, expected_code=path.stem
        )
        assert problems == [], problems
        assert jurisdiction is not None and jurisdiction.code == path.stem
    book = laws.bundled()
    assert set(REQUIRED) <= set(book.codes)


def test_required_jurisdictions_have_their_floors() -> None:
    book = laws.bundled()
    for code in REQUIRED[1:]:
        assert book.jurisdiction(code).get("sick-leave") is not None, code
    for code in BEREAVEMENT_STATUTES:
        floor = book.jurisdiction(code).get("bereavement")
        assert floor is not None and isinstance(floor.get("per_death"), Amount), code
    assert book.jurisdiction("US").get("family-medical-leave") is not None


@pytest.mark.parametrize("floor", all_floors(), ids=lambda f: f"{f.jurisdiction}:{f.topic}")
def test_every_floor_is_structured_and_sourced(floor: laws.Floor) -> None:
    assert floor.topic in TOPICS
    assert floor.minimum, "a floor needs at least one structured value"
    for name, value in floor.minimum.items():
        spec = FIELDS[name]
        assert floor.topic in spec.topics
        assert isinstance(value, KIND_TYPES[spec.kind]), (name, value)
        if isinstance(value, Amount):
            assert value.value > 0 and value.unit in (spec.units or laws.UNITS)
        if spec.kind == "int":
            assert not isinstance(value, bool)
        if spec.kind == "tiers":
            assert all(isinstance(t, Tier) for t in value)  # type: ignore[union-attr]
    assert floor.law and floor.citation
    assert floor.source.startswith(("https://", "http://"))
    assert isinstance(floor.verified, dt.date) and floor.verified <= TODAY
    assert isinstance(floor.effective, dt.date) or "effective" in floor.left_out
    if floor.effective is not None:
        assert floor.effective <= TODAY
    assert floor.checked and all(c.url.startswith("http") and c.read for c in floor.checked)
    assert floor.describe()
    json.dumps(floor.to_json())  # serialisable


def test_nothing_is_stale_on_the_verification_day() -> None:
    assert laws.stale(TODAY) == []


# -- lookups and comparisons ----------------------------------------------------------


def test_california_bereavement_floor() -> None:
    floor = laws.floor("US-CA", "bereavement")
    assert floor is not None
    assert floor.get("per_death") == Amount(5, "day")
    assert floor.citation == "Cal. Gov. Code § 12945.7"
    assert floor.effective == dt.date(2023, 1, 1)
    assert floor.is_below("per_death", Amount(3, "day"))
    assert floor.is_below("per_death", 3)  # a bare number is in the floor's own unit
    assert not floor.is_below("per_death", Amount(5, "day"))
    assert not floor.is_below("per_death", Amount(1, "week"))
    assert floor.is_below("non_consecutive_allowed", False)  # "must be consecutive"
    assert not floor.is_below("paid", False)  # the law lets it be unpaid
    assert floor.is_below("window", Amount(2, "week"))


def test_illinois_counts_work_days_and_weeks() -> None:
    floor = laws.floor("us-il", "bereavement")  # codes are case-insensitive
    assert floor is not None and floor.get("per_death") == Amount(10, "workday")
    assert floor.is_below("per_death", Amount(3, "day"))
    assert not floor.is_below("per_death", Amount(2, "week"))
    assert Amount(2, "week").to("workday") == 10


def test_state_falls_back_to_federal_law() -> None:
    floor = laws.floor("US-IL", "pay-discussion")
    assert floor is not None and floor.jurisdiction == "US"
    assert floor.is_below("pay_secrecy_forbidden", True)
    assert [f.jurisdiction for f in laws.floors("US-CA", "family-medical-leave")] == ["US"]
    assert laws.floor("US-CA", "sick-leave-documentation") is None
    assert laws.bundled().floor("US-IL", "pay-discussion", inherit=False) is None


def test_unknown_topic_and_jurisdiction() -> None:
    with pytest.raises(KeyError, match="did you mean 'bereavement'"):
        laws.floor("US-CA", "bereavment")
    with pytest.raises(UnknownJurisdiction) as info:
        laws.floor("US-CX", "sick-leave")
    assert "US-CA" in info.value.suggestions and "US-CO" in info.value.suggestions
    assert laws.bundled().suggest("california") == ("US-CA",)
    assert laws.bundled().suggest("NY")[0] == "US-NY"


def test_sick_leave_comparisons() -> None:
    ca = laws.floor("US-CA", "sick-leave")
    assert ca is not None
    assert ca.is_below("hours_per_year", 24)
    assert not ca.is_below("hours_per_year", 40)
    assert ca.is_below("accrual", Accrual(1, 40))
    assert not ca.is_below("accrual", Accrual(1, 30))
    wa = laws.floor("US-WA", "sick-leave-documentation")
    assert wa is not None
    assert wa.is_below("documentation_only_after_days", 1)  # a note after one day
    assert not wa.is_below("documentation_only_after_days", 3)
    mn = laws.floor("US-MN", "sick-leave-replacement-worker")
    assert mn is not None and mn.is_below("replacement_condition_forbidden", True)
    assert not mn.is_below("replacement_condition_forbidden", False)


def test_size_dependent_floors() -> None:
    ny = laws.floor("US-NY", "sick-leave")
    assert ny is not None
    assert ny.get("hours_per_year", employees=120) == 56
    assert ny.get("hours_per_year", employees=20) == 40
    assert ny.get("hours_per_year") == 40  # every employer owes at least 40
    assert ny.get("paid") is None  # depends on size
    assert ny.get("paid", employees=3) is False
    assert ny.is_below("hours_per_year", 40, employees=150)
    assert not ny.is_below("hours_per_year", 40)
    ma = laws.floor("US-MA", "sick-leave")
    assert ma is not None
    assert ma.get("paid", employees=11) is True
    assert ma.get("paid", employees=10) is False
    assert ma.get("paid") is None
    assert ma.is_below("paid", False, employees=30)
    assert not ma.is_below("paid", False)  # unknown size: never claim a breach


def test_applicability_and_assumptions() -> None:
    floor = laws.floor("US-CA", "bereavement")
    assert floor is not None
    assert floor.applies(employees=3).applies is False
    assert floor.applies(employees=40).applies is True
    unknown = floor.applies()
    assert unknown.applies is None
    assert any("at least 5 employees" in a for a in unknown.assumptions)
    oregon = laws.floor("US-OR", "bereavement")
    assert oregon is not None
    assert any("not verified" in a for a in oregon.applies(employees=100).assumptions)


# -- validation errors ---------------------------------------------------------------

GOOD = """\
jurisdiction: US-ZZ
name: Testland
floors:
  - topic: bereavement
    law: Testland bereavement leave
    citation: "Test. Code § 1"
    effective: 2024-01-01
    source: https://example.org/statute
    verified: {verified}
    minimum:
      per_death: {{value: 3, unit: day}}
    checked:
      - url: https://example.org/statute
        read: section 1
"""


def write(tmp_path: Path, text: str, name: str = "US-ZZ.yaml") -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def problems_of(tmp_path: Path) -> list[str]:
    with pytest.raises(LawError) as info:
        laws.load(tmp_path)
    return info.value.problems


def test_a_valid_custom_directory_loads(tmp_path: Path) -> None:
    book = laws.load(write(tmp_path, GOOD.format(verified="2026-12-01")))
    assert book.codes == ("US-ZZ",)
    floor = book.floor("US-ZZ", "bereavement", inherit=False)
    assert floor is not None and floor.line == 4 and floor.file.endswith("US-ZZ.yaml")


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("unit: day", "unit: fortnight", 11, "minimum.per_death: expected an amount"),
        ("topic: bereavement", "topic: bereavment", 4, "unknown topic 'bereavment' (did you mean"),
        ("    effective: 2024-01-01\n", "", 4, "missing field 'effective'"),
        ("jurisdiction: US-ZZ", "jurisdiction: US-YY", 1, "does not match the file name"),
        ("per_death:", "hours_per_year:", 11, "not a field of topic 'bereavement'"),
        ("per_death:", "per_deaht:", 11, "unknown field 'per_deaht' (did you mean 'per_death'?)"),
        ("source: https://example.org/statute", "source: example.org", 8, "expected an http"),
        ("verified: 2026-12-01", "verified: last week", 9, "expected a date"),
        ("        read: section 1\n", "", 13, "each entry needs exactly url and read"),
        ("    law:", "    lawe:", 5, "unknown field 'lawe' (did you mean 'law'?)"),
    ],
)
def test_bad_files_name_file_line_and_problem(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    text = GOOD.format(verified="2026-12-01")
    assert old in text
    found = problems_of(write(tmp_path, text.replace(old, new, 1)))
    assert any(p.startswith(f"{tmp_path}/US-ZZ.yaml:{line}: ") and message in p for p in found), (
        found
    )


def test_invalid_yaml_and_duplicates(tmp_path: Path) -> None:
    write(tmp_path, "jurisdiction: US-ZZ\nname: [unclosed\n")
    assert problems_of(tmp_path)[0].startswith(f"{tmp_path}/US-ZZ.yaml:")
    text = GOOD.format(verified="2026-12-01")
    floor = text[text.index("  - topic") :]
    write(tmp_path, text + floor)
    found = problems_of(tmp_path)
    assert any(":15: floor 'bereavement': duplicate topic (first at line 4)" in p for p in found)


def test_all_problems_in_all_files_are_reported(tmp_path: Path) -> None:
    text = GOOD.format(verified="2026-12-01")
    write(tmp_path, text.replace("unit: day", "unit: year"))
    write(tmp_path, text.replace("US-ZZ", "US-YY").replace("bereavement", "nope"), "US-YY.yaml")
    found = problems_of(tmp_path)
    assert any("US-ZZ.yaml:11:" in p for p in found)
    assert any("US-YY.yaml:4:" in p for p in found)


# -- freshness ------------------------------------------------------------------------


def test_freshness_warning_after_a_year(tmp_path: Path) -> None:
    today = dt.date(2026, 12, 4)
    old = laws.load(write(tmp_path / "old", GOOD.format(verified="2025-11-04"), "US-ZZ.yaml"))
    recent = laws.load(write(tmp_path / "new", GOOD.format(verified="2026-01-04"), "US-ZZ.yaml"))
    (stale,) = laws.stale(today, book=old)  # verified 13 months before "today"
    assert stale.severity == "info"
    assert stale.age_days == 395
    assert "US-ZZ bereavement: last verified 2025-11-04" in stale.message
    assert stale.message.startswith(f"{tmp_path}/old/US-ZZ.yaml:4: ")
    assert laws.stale(today, book=recent) == []  # 11 months: still fresh


# -- the command line --------------------------------------------------------------


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, ["laws", *args], catch_exceptions=False)


def test_laws_list_text() -> None:
    result = invoke("list", "--today", "2026-12-04")
    assert result.exit_code == 0
    out = result.output
    assert out.splitlines()[0].split() == ["JURISDICTION", "NAME", "TOPICS", "VERIFIED"]
    for code in REQUIRED:
        assert any(line.startswith(f"{code} ") for line in out.splitlines()), code
    assert "bereavement, sick-leave" in out and "2026-12-04" in out
    assert "Not legal advice" in out
    assert result.stderr == ""


def test_laws_list_json() -> None:
    result = invoke("list", "--format", "json", "--today", "2026-12-04")
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    by_code = {j["jurisdiction"]: j for j in data["jurisdictions"]}
    assert set(REQUIRED) <= set(by_code)
    assert by_code["US-CA"]["verified"]["bereavement"] == "2026-12-04"
    assert by_code["US-IL"]["parent"] == "US"


def test_laws_show_text() -> None:
    result = invoke("show", "US-CA", "--today", "2026-12-04")
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("California (US-CA): legal floors")
    for expected in (
        "bereavement  (Bereavement leave)",
        "minimum     5 days per death; within 3 months",
        "conditions  the employer has at least 5 employees",
        "citation    Cal. Gov. Code § 12945.7",
        "effective   2023-01-01",
        "source      https://leginfo.legislature.ca.gov/",
        "verified    2026-12-04",
        "citation    Cal. Lab. Code § 246",
    ):
        assert expected in out, expected


def test_laws_show_json() -> None:
    result = invoke("show", "us-or", "--format", "json", "--today", "2026-12-04")
    data = json.loads(result.stdout)
    assert data["jurisdiction"] == "US-OR" and data["parent"] == "US"
    bereavement = next(f for f in data["floors"] if f["topic"] == "bereavement")
    assert bereavement["minimum"]["per_death"] == {"value": 2, "unit": "week"}
    assert "annual_cap" in bereavement["left_out"]
    assert bereavement["effective"] == "2014-01-01"
    assert bereavement["checked"][0]["url"].startswith("http")


def test_laws_show_unknown_jurisdiction() -> None:
    result = invoke("show", "US-CX")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines == [
        "policylint: error: no legal floors for jurisdiction 'US-CX'. "
        "Did you mean: US-CO, US-CA, US-WA?"
    ]
    nothing = invoke("show", "Atlantis")
    assert nothing.exit_code == 2
    assert "See `policylint laws list`." in nothing.stderr


def test_laws_commands_report_stale_floors() -> None:
    later = invoke("show", "US-CA", "--today", "2028-01-10")
    assert later.exit_code == 0
    info = later.stderr.splitlines()
    assert len(info) == 4 and all(
        line.startswith("info: policylint/laws/US-CA.yaml:") for line in info
    )
    listed = invoke("list", "--today", "2028-01-10")
    assert "info: US-CA: 4 floors last verified more than a year ago" in listed.stderr
