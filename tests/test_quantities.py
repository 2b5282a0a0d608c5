"""Unit tests for policylint.nlp.quantities: numbers, units, periods, bounds, spans."""

from __future__ import annotations

import itertools

import pytest
import spacy

from policylint.nlp import quantities
from policylint.nlp.quantities import Quantity, find_quantities


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    return pipeline


def run(nlp, text: str) -> list[Quantity]:  # type: ignore[no-untyped-def]
    """All quantities of ``text``, after checking every span's offsets."""
    doc = nlp(text)
    found = find_quantities(doc)
    for q in found:
        assert doc.text[q.start_char : q.end_char] == q.text
        assert doc[q.start : q.end].text == q.text
        assert q.start_char == doc[q.start].idx
        assert q.low <= q.high
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start, "quantities must be in order and not overlap"
    return found


def the(nlp, text: str, span: str) -> Quantity:  # type: ignore[no-untyped-def]
    """The quantity whose text is exactly ``span``."""
    found = run(nlp, text)
    matches = [q for q in found if q.text == span]
    assert matches, f"{span!r} not found; got {[q.text for q in found]}"
    q = matches[0]
    assert text[q.start_char : q.end_char] == span
    return q


# (sentence, exact span text, low, high, unit, per, bound)
CASES: list[tuple[str, str, float, float, str | None, str | None, str | None]] = [
    # DOMAIN.md numbers
    (
        "Clinicians must bill 7,200 minutes a month; missing the target two months running "
        "results in a verbal warning.",
        "7,200 minutes a month", 7200, 7200, "minute", "month", None,
    ),
    (
        "Clinicians must bill 7,200 minutes a month; missing the target two months running "
        "results in a verbal warning.",
        "two months", 2, 2, "month", None, None,
    ),
    (
        "In Franco's vignette the target is 7,200 billable minutes a month (6 h a day).",
        "7,200 billable minutes a month", 7200, 7200, "minute", "month", None,
    ),
    (
        "In Franco's vignette the target is 7,200 billable minutes a month (6 h a day).",
        "6 h a day", 6, 6, "hour", "day", None,
    ),
    (
        "Full-time clinicians must sustain 80% productivity (32 billable hours per 40).",
        "80%", 80, 80, "percent", None, None,
    ),
    (
        "Full-time clinicians must sustain 80% productivity (32 billable hours per 40).",
        "32 billable hours", 32, 32, "hour", None, None,
    ),
    (
        "Residents are paid for 30 hours and must schedule at least 28 clients a week so "
        "that 25 sessions are completed.",
        "30 hours", 30, 30, "hour", None, None,
    ),
    (
        "Residents are paid for 30 hours and must schedule at least 28 clients a week so "
        "that 25 sessions are completed.",
        "at least 28 clients a week", 28, 28, "client", "week", "min",
    ),
    (
        "Residents are paid for 30 hours and must schedule at least 28 clients a week so "
        "that 25 sessions are completed.",
        "25 sessions", 25, 25, "session", None, None,
    ),
    (
        "Full-time therapists carry 45–60 active clients.",
        "45–60 active clients", 45, 60, "client", None, None,
    ),
    (
        "Supplemental sick time accrues at 1 hour per 30 client sessions completed.",
        "1 hour", 1, 1, "hour", None, None,
    ),
    (
        "Supplemental sick time accrues at 1 hour per 30 client sessions completed.",
        "30 client sessions", 30, 30, "session", None, None,
    ),
    (
        "Interns receive 80 hours of combined illness and vacation time, and the December "
        "closure is charged against it.",
        "80 hours", 80, 80, "hour", None, None,
    ),
    (
        "Student clinicians are allowed two documented illness absences; more may mean a "
        "failing grade.",
        "two documented illness absences", 2, 2, "occurrence", None, None,
    ),
    (
        "Bereavement leave is one day for an immediate family member.",
        "one day", 1, 1, "day", None, None,
    ),
    (
        "Employees may take up to 10 paid days per loss.",
        "up to 10 paid days", 10, 10, "day", None, "max",
    ),
    (
        "Part-time staff earn PTO at 3% of billable hours; taking more than two weeks off "
        "lowers the rate to 2%.",
        "3%", 3, 3, "percent", None, None,
    ),
    (
        "Part-time staff earn PTO at 3% of billable hours; taking more than two weeks off "
        "lowers the rate to 2%.",
        "more than two weeks", 2, 2, "week", None, "min",
    ),
    (
        "Associates pay $200 a month for clinical supervision.",
        "$200 a month", 200, 200, "dollar", "month", None,
    ),
    (
        "You receive 40% of collected fees, paid only after the insurer pays.",
        "40%", 40, 40, "percent", None, None,
    ),
    (
        "Students complete 20+ unpaid practicum hours a week alongside full-time coursework.",
        "20+ unpaid practicum hours a week", 20, 20, "hour", "week", "min",
    ),
    (
        "Reply to all client messages within two hours, weekends included.",
        "within two hours", 2, 2, "hour", None, "max",
    ),
    (
        "Interns receive at least 14 PTO days plus 3 PD days.",
        "at least 14 PTO days", 14, 14, "day", None, "min",
    ),
    (
        "Interns receive at least 14 PTO days plus 3 PD days.",
        "3 PD days", 3, 3, "day", None, None,
    ),
    (
        "MSW students do at least 900 field hours, mostly unpaid.",
        "at least 900 field hours", 900, 900, "hour", None, "min",
    ),
    (
        "CWLA recommends 12–15 children per foster-care worker.",
        "12–15 children", 12, 15, "client", None, None,
    ),
    (
        "Benefit eligibility requires more than 100 clinical hours a month.",
        "more than 100 clinical hours a month", 100, 100, "hour", "month", "min",
    ),
    (
        "Full-time clinicians schedule 20–22 client hours a week; the rest is paid time.",
        "20–22 client hours a week", 20, 22, "hour", "week", None,
    ),
    (
        "Clinicians are not expected to exceed 25 direct-service hours a week.",
        "25 direct-service hours a week", 25, 25, "hour", "week", None,
    ),
    (
        "Caseloads are capped at 25 weekly clients per FTE and weighted for acuity.",
        "capped at 25 weekly clients", 25, 25, "client", "week", "max",
    ),
    (
        "More than three sick occurrences in 12 months results in a written warning.",
        "More than three sick occurrences in 12 months", 3, 3, "occurrence", "year", "min",
    ),
    (
        "More than three unpaid days in a 12-month period means reclassification.",
        "More than three unpaid days in a 12-month period", 3, 3, "day", "year", "min",
    ),
    (
        "More than three unpaid days a year means loss of benefits.",
        "More than three unpaid days a year", 3, 3, "day", "year", "min",
    ),
    (
        "No documentation is needed for sick absences of three days or fewer.",
        "three days or fewer", 3, 3, "day", None, "max",
    ),
    (
        "Salaried clinicians receive at least $684 a week regardless of session volume.",
        "at least $684 a week", 684, 684, "dollar", "week", "min",
    ),
    (
        "Each day includes 90 minutes of paid documentation time.",
        "90 minutes", 90, 90, "minute", "day", None,
    ),
    (
        "Supervision is one hour weekly with a licensed agency supervisor.",
        "one hour weekly", 1, 1, "hour", "week", None,
    ),
    (
        "The higher commission requires 40 available hours a week, 10 of them evenings.",
        "40 available hours a week", 40, 40, "hour", "week", None,
    ),
    (
        "Full-time staff receive 2–4 weeks of vacation by tenure, plus 10 holidays.",
        "2–4 weeks", 2, 4, "week", None, None,
    ),
    (
        "California associates need 3,000 hours within six years.",
        "3,000 hours", 3000, 3000, "hour", None, None,
    ),
    (
        "California associates need 3,000 hours within six years.",
        "within six years", 6, 6, "year", None, "max",
    ),
    (
        "The assistant earned under $14,000 for 3,600 hours, less than $4 an hour.",
        "under $14,000", 14000, 14000, "dollar", None, "max",
    ),
    (
        "The assistant earned under $14,000 for 3,600 hours, less than $4 an hour.",
        "less than $4 an hour", 4, 4, "dollar", "hour", "max",
    ),
    (
        "Paid sick minimums are 40–56 h a year in most states.",
        "40–56 h a year", 40, 56, "hour", "year", None,
    ),
    (
        "Six billable hours a day is 75% of a full-time schedule.",
        "Six billable hours a day", 6, 6, "hour", "day", None,
    ),
    (
        "Tiers start at ≥22 direct h/wk for full-time clinicians.",
        "≥22 direct h/wk", 22, 22, "hour", "week", "min",
    ),
    (
        "Oregon allows 2 wks per death, max 4 wks/yr.",
        "2 wks", 2, 2, "week", None, None,
    ),
    (
        "Oregon allows 2 wks per death, max 4 wks/yr.",
        "max 4 wks/yr", 4, 4, "week", "year", "max",
    ),
    # legal style: one quantity, the value once
    (
        "Employees receive thirty (30) days of paid leave each year.",
        "thirty (30) days of paid leave each year", 30, 30, "day", "year", None,
    ),
    (
        "Employees must give two (2) weeks notice before resigning.",
        "two (2) weeks", 2, 2, "week", None, None,
    ),
    (
        "Bereavement leave of ten (10) days is provided for each loss.",
        "ten (10) days", 10, 10, "day", None, None,
    ),
    (
        "Interns may take Twenty-Five (25) hours of professional leave.",
        "Twenty-Five (25) hours", 25, 25, "hour", None, None,
    ),
    (
        "Notice of at least 30 (thirty) days is required.",
        "at least 30 (thirty) days", 30, 30, "day", None, "min",
    ),
    # ranges
    (
        "Clinicians see between 45 and 55 clients each week.",
        "between 45 and 55 clients each week", 45, 55, "client", "week", None,
    ),
    (
        "Direct hours increase from 20 to 22 hours a week after orientation.",
        "from 20 to 22 hours a week", 20, 22, "hour", "week", None,
    ),
    (
        "Employees may take 3 through 5 days of leave after a miscarriage.",
        "3 through 5 days", 3, 5, "day", None, None,
    ),
    (
        "Sessions last 45-55 minutes.",
        "45-55 minutes", 45, 55, "minute", None, None,
    ),
    (
        "Caseloads of 45—55 clients are typical.",
        "45—55 clients", 45, 55, "client", None, None,
    ),
    (
        "Caseloads of 45 to 55 clients are typical.",
        "45 to 55 clients", 45, 55, "client", None, None,
    ),
    (
        "Staff may take two or three days to recover after a death.",
        "two or three days", 2, 3, "day", None, None,
    ),
    (
        "Associates pay $200–$300 a month for supervision.",
        "$200–$300 a month", 200, 300, "dollar", "month", None,
    ),
    # bounds
    (
        "Full-time clinicians carry 30+ clients.",
        "30+ clients", 30, 30, "client", None, "min",
    ),
    (
        "Full-time clinicians carry 30 or more clients.",
        "30 or more clients", 30, 30, "client", None, "min",
    ),
    (
        "Clinicians must see a minimum of 30 clients a week.",
        "a minimum of 30 clients a week", 30, 30, "client", "week", "min",
    ),
    (
        "Clinicians may see no more than 20 clients a day.",
        "no more than 20 clients a day", 20, 20, "client", "day", "max",
    ),
    (
        "Overtime is limited to a maximum of 10 hours a month.",
        "a maximum of 10 hours a month", 10, 10, "hour", "month", "max",
    ),
    (
        "Staff scheduled for fewer than 30 hours per week lose benefits.",
        "fewer than 30 hours per week", 30, 30, "hour", "week", "max",
    ),
    (
        "Sessions of 50 minutes or less are billed as one unit.",
        "50 minutes or less", 50, 50, "minute", None, "max",
    ),
    (
        "Sessions of 50 minutes or less are billed as one unit.",
        "one unit", 1, 1, "unit", None, None,
    ),
    (
        "Clinicians may work at most 5 days a week.",
        "at most 5 days a week", 5, 5, "day", "week", "max",
    ),
    (
        "Response windows under 24 h that include weekends are discouraged.",
        "under 24 h", 24, 24, "hour", None, "max",
    ),
    # number words
    (
        "Clinicians work twenty-five hours a week with clients.",
        "twenty-five hours a week", 25, 25, "hour", "week", None,
    ),
    (
        "Clinicians work twenty five hours a week with clients.",
        "twenty five hours a week", 25, 25, "hour", "week", None,
    ),
    (
        "Interns complete one hundred hours of group supervision.",
        "one hundred hours", 100, 100, "hour", None, None,
    ),
    (
        "Associates need two thousand supervised hours before licensure.",
        "two thousand supervised hours", 2000, 2000, "hour", None, None,
    ),
    (
        "Interns may take half a day for medical appointments.",
        "half a day", 0.5, 0.5, "day", None, None,
    ),
    (
        "Interns may take a half day for medical appointments.",
        "a half day", 0.5, 0.5, "day", None, None,
    ),
    (
        "Interns may take one-half day for medical appointments.",
        "one-half day", 0.5, 0.5, "day", None, None,
    ),
    (
        "Employees receive a single day of bereavement leave.",
        "a single day", 1, 1, "day", None, None,
    ),
    (
        "Clinicians see a dozen clients a day.",
        "a dozen clients a day", 12, 12, "client", "day", None,
    ),
    (
        "Staff may take one and a half days for travel.",
        "one and a half days", 1.5, 1.5, "day", None, None,
    ),
    (
        "Clinicians see clients three times a week.",
        "three times a week", 3, 3, "occurrence", "week", None,
    ),
    (
        "Payroll runs twice monthly.",
        "twice monthly", 2, 2, "occurrence", "month", None,
    ),
    (
        "Trainees must attend at least once a week.",
        "at least once a week", 1, 1, "occurrence", "week", "min",
    ),
    # periods
    (
        "Employees accrue 40 hours per calendar year.",
        "40 hours per calendar year", 40, 40, "hour", "year", None,
    ),
    (
        "Staff accrue 1.5 hours per annum for each year of service.",
        "1.5 hours per annum", 1.5, 1.5, "hour", "year", None,
    ),
    (
        "Employees accrue 3 days annually.",
        "3 days annually", 3, 3, "day", "year", None,
    ),
    (
        "Employees accrue 3 days every year.",
        "3 days every year", 3, 3, "day", "year", None,
    ),
    (
        "Documentation takes about 2 hours/week.",
        "2 hours/week", 2, 2, "hour", "week", None,
    ),
    (
        "Practitioners disagree whether 28 h/wk counts as full.",
        "28 h/wk", 28, 28, "hour", "week", None,
    ),
    (
        "Full-time clinicians schedule 20 hours of client work per week.",
        "20 hours of client work per week", 20, 20, "hour", "week", None,
    ),
    (
        "Clinicians work a 40-hour week.",
        "40-hour week", 40, 40, "hour", "week", None,
    ),
    (
        "Staff work four 10 hour days each week.",
        "10 hour days", 10, 10, "hour", "day", None,
    ),
    (
        "The clinic runs a five-day workweek.",
        "five-day workweek", 5, 5, "day", "week", None,
    ),
    (
        "Clinicians must meet a weekly quota of 30 sessions.",
        "30 sessions", 30, 30, "session", "week", None,
    ),
    (
        "There is a monthly target of 7,200 minutes for every clinician.",
        "7,200 minutes", 7200, 7200, "minute", "month", None,
    ),
    (
        "Each week, clinicians see 30 clients.",
        "30 clients", 30, 30, "client", "week", None,
    ),
    (
        "Franco (2023) describes a 7,200-minute monthly requirement.",
        "7,200-minute monthly", 7200, 7200, "minute", "month", None,
    ),
    # money
    (
        "Clinicians are paid $25 an hour for direct service.",
        "$25 an hour", 25, 25, "dollar", "hour", None,
    ),
    (
        "The stipend is $1,400.50 per month.",
        "$1,400.50 per month", 1400.5, 1400.5, "dollar", "month", None,
    ),
    (
        "Starting salaries are $50k a year.",
        "$50k a year", 50000, 50000, "dollar", "year", None,
    ),
    (
        "The CE allowance is 500 dollars.",
        "500 dollars", 500, 500, "dollar", None, None,
    ),
    (
        "Clinicians are paid $30 per session.",
        "$30", 30, 30, "dollar", None, None,
    ),
    # bare numbers
    (
        "Full-time clinicians keep a caseload of 45.",
        "45", 45, 45, None, None, None,
    ),
    (
        "Full-time staff receive 2–4 weeks of vacation by tenure, plus 10 holidays.",
        "10", 10, 10, None, None, None,
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "span", "low", "high", "unit", "per", "bound"),
    CASES,
    ids=[f"{i:03d}-{c[1]}" for i, c in enumerate(CASES)],
)
def test_quantity(
    nlp,  # type: ignore[no-untyped-def]
    sentence: str,
    span: str,
    low: float,
    high: float,
    unit: str | None,
    per: str | None,
    bound: str | None,
) -> None:
    q = the(nlp, sentence, span)
    assert (q.low, q.high) == (pytest.approx(low), pytest.approx(high))
    assert (q.unit, q.per, q.bound) == (unit, per, bound)


# (sentence, span, target unit, target per, expected (low, high) or None)
CONVERSIONS: list[tuple[str, str, str | None, str | None, tuple[float, float] | None]] = [
    ("Clinicians must bill 7,200 minutes a month.", "7,200 minutes a month",
     "hour", "week", (7200 / 60 / (52 / 12),) * 2),
    ("Clinicians must bill 7,200 minutes a month.", "7,200 minutes a month",
     "minute", "month", (7200, 7200)),
    ("Clinicians must bill 7,200 minutes a month.", "7,200 minutes a month",
     "hour", None, (120, 120)),
    ("Clinicians must bill 7,200 minutes a month.", "7,200 minutes a month",
     "client", "week", None),
    ("Clinicians must see clients 6 hours a day.", "6 hours a day", "hour", "week", (30, 30)),
    ("Interns receive 80 hours a year of sick time.", "80 hours a year",
     "hour", "year", (80, 80)),
    ("Interns receive 80 hours a year of sick time.", "80 hours a year",
     "day", "year", (10, 10)),
    ("Interns receive 80 hours a year of sick time.", "80 hours a year",
     "hour", "week", (80 / 52, 80 / 52)),
    ("Interns receive 80 hours of combined illness and vacation time.", "80 hours",
     "hour", "year", None),
    ("Interns receive 80 hours of combined illness and vacation time.", "80 hours",
     "day", None, (10, 10)),
    ("Associates pay $200 a month for clinical supervision.", "$200 a month",
     "dollar", "year", (2400, 2400)),
    ("Associates pay $200 a month for clinical supervision.", "$200 a month",
     "dollar", None, (200, 200)),
    ("Associates pay $200 a month for clinical supervision.", "$200 a month",
     "hour", "month", None),
    ("Clinicians are paid $25 an hour for direct service.", "$25 an hour",
     "dollar", "week", (1000, 1000)),
    ("Clinicians schedule at least 28 clients a week.", "at least 28 clients a week",
     "client", "week", (28, 28)),
    ("Clinicians schedule at least 28 clients a week.", "at least 28 clients a week",
     "client", "month", (28 * 52 / 12,) * 2),
    ("Clinicians schedule at least 28 clients a week.", "at least 28 clients a week",
     "session", "week", None),
    ("Full-time therapists carry 45–60 active clients.", "45–60 active clients",
     "client", None, (45, 60)),
    ("Full-time therapists carry 45–60 active clients.", "45–60 active clients",
     "client", "week", None),
    ("Full-time therapists carry 45–60 active clients.", "45–60 active clients",
     None, None, None),
    ("Clinicians must sustain 80% productivity.", "80%", "percent", None, (80, 80)),
    ("Clinicians must sustain 80% productivity.", "80%", None, None, None),
    ("Clinicians must sustain 80% productivity.", "80%", "dollar", None, None),
    ("Full-time clinicians keep a caseload of 45.", "45", None, None, (45, 45)),
    ("Full-time clinicians keep a caseload of 45.", "45", "client", None, None),
    ("Clinicians work a 40-hour week.", "40-hour week", "hour", "day", (8, 8)),
    ("Clinicians work a 40-hour week.", "40-hour week", "day", "week", (5, 5)),
    ("Full-time staff receive 2 weeks per year of vacation.", "2 weeks per year",
     "day", "year", (10, 10)),
    ("Employees accrue 3 days annually.", "3 days annually", "hour", "year", (24, 24)),
    ("Residents complete 25 sessions a week.", "25 sessions a week",
     "session", "year", (1300, 1300)),
    ("Full-time clinicians schedule 20–22 client hours a week.", "20–22 client hours a week",
     "minute", "day", (240, 264)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "span", "unit", "per", "expected"),
    CONVERSIONS,
    ids=[f"{i:02d}-{c[1]}-{c[2]}-{c[3]}" for i, c in enumerate(CONVERSIONS)],
)
def test_convert(
    nlp,  # type: ignore[no-untyped-def]
    sentence: str,
    span: str,
    unit: str | None,
    per: str | None,
    expected: tuple[float, float] | None,
) -> None:
    got = the(nlp, sentence, span).convert(unit, per)
    if expected is None:
        assert got is None
    else:
        assert got is not None
        assert got == (pytest.approx(expected[0]), pytest.approx(expected[1]))


# (sentence, the texts of every quantity found, in order)
EXACT: list[tuple[str, list[str]]] = [
    # references, citations, dates, times, phone numbers: not quantities
    ("Bereavement leave is provided as required by Cal. Gov. Code §12945.7.", []),
    ("Non-exempt staff must be paid for all work, including at home (29 CFR 785.11).", []),
    ("Hours worked are defined in 29 CFR 785.11–.13 and 785.27.", []),
    ("See 29 USC 2612 and 820 ILCS 154 and Minn. Stat. 181.9445 and SB 616.", []),
    ("Burnout is common in agency settings (Franco, 2023; Kim et al. 2018).", []),
    ("Franco (2023) describes a 7,200-minute monthly requirement.", ["7,200-minute monthly"]),
    ("The policy took effect on January 5, 2024 and was revised on 15 Nov 2024.", []),
    ("The 2024 increase was vacated.", []),
    ("Office hours are 9:00 am to 5:00 pm.", []),
    ("Notes are due by 5 pm, or by 10 a.m. on Mondays.", []),
    ("The front desk is staffed 9-5, Monday to Friday.", []),
    ("Clinicians must be reachable 24/7.", []),
    ("See Section 3.2 for the full policy.", []),
    ("Call 555-123-4567 or (555) 123-4567 to reach the office.", []),
    ("The toll-free line is 1-800-273-8255.", []),
    ("In an emergency, call 911 or 988.", []),
    ("Clients receive 988 and crisis-line information.", []),
    ("ACT teams keep about a 10:1 ratio.", []),
    ("W-2 splits typically run 40/60 to 60/40.", []),
    ("Your 401(k) and Form W-2 are described in the 1099-NEC packet.", []),
    ("The first session and the 2nd session are free.", []),
    ("No one should feel that one of their clients comes first.", []),
    ("Reviews start once you submit your notes.", []),
    ("The 2023-2024 academic year starts in August.", []),
    ("1. Bereavement leave is one day.\n2. Immediate family means spouse, child or parent.",
     ["one day"]),
    ("(1) Notify your supervisor; (2) notify the front desk.", []),
    ("Caseloads are discussed in week 5 of the practicum.", []),
    # mixtures
    ("In 2023, 36% of psychologists reported burnout.", ["36%"]),
    ("Washington requires 1 h per 40 worked (RCW 49.46.210).", ["1 h", "40"]),
    ("The crisis line is open 24 hours a day, 7 days a week.",
     ["24 hours a day", "7 days a week"]),
    ("Interns receive at least 14 PTO days plus 3 professional-development days.",
     ["at least 14 PTO days", "3 professional-development days"]),
    ("Employees may take up to 10 paid days per loss. The days need not be consecutive and "
     "may be used within three months.", ["up to 10 paid days", "within three months"]),
    ("Community mental health commonly requires 25–30 contact h/wk (E2) or 60–65% (E3).",
     ["25–30 contact h/wk", "60–65%"]),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "texts"), EXACT, ids=[c[0][:40] for c in EXACT])
def test_exact_quantities(nlp, sentence: str, texts: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert [q.text for q in run(nlp, sentence)] == texts


def test_no_numbers(nlp) -> None:  # type: ignore[no-untyped-def]
    assert find_quantities(nlp("")) == []
    assert find_quantities(nlp("Clinicians are paid for all hours worked.")) == []


def test_quantity_is_frozen_and_hashable(nlp) -> None:  # type: ignore[no-untyped-def]
    q = the(nlp, "Full-time therapists carry 45–60 active clients.", "45–60 active clients")
    with pytest.raises(AttributeError):
        q.low = 1  # type: ignore[misc]
    assert hash(q) == hash(
        Quantity(q.start, q.end, q.start_char, q.end_char, 45.0, 60.0, "client", None, None,
                 q.text)
    )  # fmt: skip


PARAGRAPH = (
    "Clinicians must bill 7,200 minutes a month; missing the target two months running "
    "results in a verbal warning. Full-time therapists carry 45–60 active clients and must "
    "schedule at least 28 clients a week. Bereavement leave is one day (see Section 3.2). "
    "Associates pay $200 a month for supervision, effective January 5, 2024. "
    "Reply within two hours, 24/7, or call 988. "
)
PARAGRAPH_TEXTS = [
    "7,200 minutes a month",
    "two months",
    "45–60 active clients",
    "at least 28 clients a week",
    "one day",
    "$200 a month",
    "within two hours",
]


def test_paragraph_in_order(nlp) -> None:  # type: ignore[no-untyped-def]
    assert [q.text for q in run(nlp, PARAGRAPH)] == PARAGRAPH_TEXTS


def test_long_document_matches_paragraphs(nlp) -> None:  # type: ignore[no-untyped-def]
    """Long docs take the vectorised candidate scan; the result must be the same."""
    text = PARAGRAPH * 20
    doc = nlp(text)
    assert len(doc) >= quantities._ARRAY_SCAN_MIN
    found = run(nlp, text)
    assert [q.text for q in found] == PARAGRAPH_TEXTS * 20
    assert found[-1].end_char <= len(text)


def test_without_lexeme_flag(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The per-token fallback (no free lexeme flag) finds the same quantities."""
    with_flag = run(nlp, PARAGRAPH)
    long_with_flag = run(nlp, PARAGRAPH * 20)
    monkeypatch.setattr(quantities, "_candidate_flag", lambda vocab: None)
    assert run(nlp, PARAGRAPH) == with_flag
    assert run(nlp, PARAGRAPH * 20) == long_with_flag


def test_lexeme_flag_added_once(nlp) -> None:  # type: ignore[no-untyped-def]
    run(nlp, PARAGRAPH)
    run(nlp, "Another 30 hours.")
    getters = nlp.vocab.lex_attr_getters
    assert sum(g is quantities._is_candidate for g in getters.values()) == 1
    # words first seen after the flag was added get it too
    doc = nlp("Clinicians see 98765 clients and seventeen patients.")
    assert [q.text for q in find_quantities(doc)] == ["98765 clients", "seventeen patients"]
