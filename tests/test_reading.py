"""Reading a clause right: negation that belongs to the match, scope that stops at clause
seams, clause scope for rules, the one critique filter, numbers read in context and
missing-provision checks. Minimal pairs: each harmful sentence with its relieved twin,
written together, through the engine and a small test rule set
(tests/data/reading_rules.yaml) so the bundled pack's tuning does not blur them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from policylint.documents import read_bytes
from policylint.documents.model import Limits
from policylint.engine.check import Engine, Selection, example_failures
from policylint.engine.loader import load_rules
from policylint.nlp.clauses import sentence_clauses
from policylint.nlp.pipeline import get_nlp

RULES = Path(__file__).parent / "data" / "reading_rules.yaml"


@cache
def engine() -> Engine:
    return Engine(load_rules([RULES]))


def rules_fired(text: str, *, rule: str | None = None, profile: str = "handbook") -> list[str]:
    document = read_bytes(text.encode("utf-8"), "x.md", "md", Limits())
    selection = Selection(select=frozenset({rule})) if rule else None
    return [f.rule for f in engine().check(document, profile=profile, selection=selection)]


def test_the_test_rules_pass_their_own_examples() -> None:
    assert example_failures(engine(), engine().ruleset.rules) == []


# -- 1. negation that belongs to the match ----------------------------------------------

OWNED = [
    # (harmful: the negation is part of the restriction, relieved twin)
    (
        "Sick days do not count as an approved absence.",
        "Clinicians are not required to reschedule sessions missed for illness.",
    ),
    (
        "Associates are not eligible for paid leave until they are licensed.",
        "Associates are eligible for paid leave from their first day.",
    ),
    ("Interns do not earn vacation.", "Interns earn vacation from their first day."),
    ("Illness is not a valid reason to cancel.", "Illness is always a valid reason to cancel."),
    (
        "Documentation is not billable and so is not compensated.",
        "Documentation is not billable but it is fully paid.",
    ),
    ("Sick days don't count as excused.", "Sick days never have to be made up."),
]


@pytest.mark.parametrize(("harmful", "relieved"), OWNED, ids=[p[0][:40] for p in OWNED])
def test_negation_inside_the_match_belongs_to_it(harmful: str, relieved: str) -> None:
    assert rules_fired(harmful, rule="sick-leave/test-frame") == ["sick-leave/test-frame"]
    assert rules_fired(relieved, rule="sick-leave/test-frame") == []


# -- 2. scope stops at clause seams -----------------------------------------------------

SCOPED = [
    # a negation in one clause does not reach the restriction in the next
    (
        "Overtime is not approved, and clinicians must finish notes at home.",
        "Clinicians are not expected to finish notes at home.",
    ),
    (
        "Leave is not guaranteed, therefore interns must make up missed sessions.",
        "Leave is guaranteed, and interns never make up missed sessions.",
    ),
    (
        "Intern leave is not paid and must be made up within the term in extra hours.",
        "Intern leave is paid and does not need to be made up.",
    ),
    # a purpose or condition clause does not negate the main clause
    (
        "Clinicians staff the crisis line at night so that no client is left without care.",
        "Clinicians never staff the crisis line at night; a paid service answers it.",
    ),
    (
        "If you do not meet the target, your pay is reduced.",
        "Your pay is never reduced, whether or not you meet the target.",
    ),
    # a relative clause is its own scope
    (
        "Associates who are not licensed must make up sessions missed for illness.",
        "Associates, licensed or not, are never asked to make up sessions missed for illness.",
    ),
]


@pytest.mark.parametrize(("harmful", "relieved"), SCOPED, ids=[p[0][:40] for p in SCOPED])
def test_scope_stops_at_clause_seams(harmful: str, relieved: str) -> None:
    assert rules_fired(harmful, rule="sick-leave/test-frame") == ["sick-leave/test-frame"]
    assert rules_fired(relieved, rule="sick-leave/test-frame") == []


def test_a_gap_never_swallows_a_negation() -> None:
    assert rules_fired("Staff are always available.", rule="availability/test-gap")
    assert not rules_fired("Staff are not available on weekends.", rule="availability/test-gap")
    assert not rules_fired("Staff are never available.", rule="availability/test-gap")


def test_a_topic_set_aside_by_a_contrast_is_not_the_topic() -> None:
    rule = "productivity/test-contrast"
    assert rules_fired("Warnings are issued for low productivity.", rule=rule)
    assert not rules_fired(
        "Warnings are issued for late notes, not for low productivity.", rule=rule
    )
    # a negation that is not a contrast keeps the topic
    assert rules_fired("Clinicians not meeting productivity will get a written warning.", rule=rule)


def test_relief_by_someone_else_cancels_a_frame() -> None:
    fired = rules_fired("If you are sick, the front desk will reschedule your sessions.")
    assert "sick-leave/test-frame" not in fired
    assert "sick-leave/test-frame" in rules_fired("If you are sick, reschedule your sessions.")


# -- 3. clause scope for rules -------------------------------------------------------------

CLAUSES = [
    ("If you are sick, you must:", ["[s] If you are sick,", "[m] you must:"]),
    (
        "Clinicians who are sick must arrange cover.",
        ["[m] Clinicians", "[r] who are sick", "[m] must arrange cover."],
    ),
    (
        "Notes are due in 24 hours and time spent on them is not compensated.",
        ["[m] Notes are due in 24 hours", "[m] and time spent on them is not compensated."],
    ),
    (
        "Sick and bereavement days are paid and do not need to be made up.",
        ["[m] Sick and bereavement days are paid", "[m] and do not need to be made up."],
    ),
    (
        "Clinicians rest on weekends; the team answers messages.",
        ["[m] Clinicians rest on weekends;", "[m] the team answers messages."],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), CLAUSES, ids=[c[0][:40] for c in CLAUSES])
def test_clause_splitter(sentence: str, expected: list[str]) -> None:
    doc = get_nlp()(sentence)
    sent = next(iter(doc.sents))
    clauses = sentence_clauses(doc, sent)
    assert [f"[{c.kind[0]}] {doc[c.start : c.end].text}" for c in clauses.clauses] == expected


def test_groups_follow_hard_seams_only() -> None:
    doc = get_nlp()("Notes are due today and time spent is unpaid, but we pay for meetings.")
    clauses = sentence_clauses(doc, next(iter(doc.sents)))
    assert len(clauses.groups()) == 3
    doc = get_nlp()("If you are sick, you must arrange cover and tell the office.")
    assert len(sentence_clauses(doc, next(iter(doc.sents))).groups()) == 1


def test_parts_of_a_combination_stay_in_one_clause_group() -> None:
    one_clause = "Clinicians answer messages on weekends."
    two_clauses = "Clinicians rest on weekends; the team answers messages."
    assert rules_fired(one_clause, rule="availability/test-clause")
    assert not rules_fired(two_clauses, rule="availability/test-clause")
    # a rule may widen its scope to the sentence
    assert rules_fired(two_clauses, rule="availability/test-sentence")


# -- 4. one critique filter ---------------------------------------------------------------

CRITIQUES = [
    "We reject the idea that clinicians answer messages on weekends.",
    "The reading examines why clinicians answer messages on weekends.",
    'The myth that "good therapists answer messages on weekends" persists.',
    "Kim et al. (2018) found that clinicians answer messages on weekends.",
]


@pytest.mark.parametrize("sentence", CRITIQUES, ids=[c[:40] for c in CRITIQUES])
def test_reported_speech_is_filtered_for_every_rule(sentence: str) -> None:
    assert rules_fired(sentence, rule="availability/test-clause") == []
    # the opt-out keeps it
    assert rules_fired(sentence, rule="availability/test-reported")


def test_the_document_speaks_again_after_a_contrast() -> None:
    text = "We reject the idea that rest is optional, but clinicians answer messages on weekends."
    assert rules_fired(text, rule="availability/test-clause")


# -- 5. numbers in context ------------------------------------------------------------------

NUMBERS = [
    # (text, rule, fires)
    ("Clinicians carry 20 to 23 client hours a week.", "productivity/test-hours", False),
    ("Clinicians carry 24 to 28 client hours a week.", "productivity/test-hours", True),
    ("Bereavement leave is one to two days.", "grief-leave/test-days", True),
    ("Bereavement leave is two to four days.", "grief-leave/test-days", False),
    # coverage windows are availability, never workload
    (
        "The client phone is answered 24 hours a day, 7 days a week.",
        "productivity/test-hours",
        False,
    ),
    ("Clinicians bill 6 client hours a day.", "productivity/test-hours", True),
    # a period attaches only within its clause, never across "and" or "including"
    (
        "Interns complete 600 hours, including 240 direct hours weekly.",
        "productivity/test-hours",
        False,
    ),
    (
        "Interns log 600 direct hours in the year and write notes weekly.",
        "productivity/test-hours",
        False,
    ),
    ("Interns log 30 direct hours weekly.", "productivity/test-hours", True),
    # a detached period still belongs to its number
    ("The weekly requirement is 28 billable hours.", "productivity/test-hours", True),
    (
        "The monthly requirement is 8,000 minutes of direct contact.",
        "productivity/test-hours",
        True,
    ),
    # units after hyphenated words
    (
        "Clinicians log 24 face-to-face client contact hours weekly.",
        "productivity/test-hours",
        True,
    ),
    (
        "Clinicians log 20 face-to-face client contact hours weekly.",
        "productivity/test-hours",
        False,
    ),
    # youth, families and students are client units
    ("Each counselor serves 40 youth and families.", "caseload/test-clients", True),
    ("Each school counselor is assigned 45 students.", "caseload/test-clients", True),
    ("Each counselor serves 20 youth and families.", "caseload/test-clients", False),
]


@pytest.mark.parametrize(("text", "rule", "fires"), NUMBERS, ids=[n[0][:45] for n in NUMBERS])
def test_numbers_in_context(text: str, rule: str, fires: bool) -> None:
    assert bool(rules_fired(text, rule=rule)) is fires


def test_a_table_cell_is_read_with_its_headers() -> None:
    table = "| Role | Weekly client hours |\n|---|---|\n| Full-time | 30 |\n| Part-time | 15 |\n"
    document = read_bytes(table.encode(), "x.md", "md", Limits())
    found = engine().check(document, selection=Selection(frozenset({"productivity/test-hours"})))
    assert [(f.match, f.line, f.column) for f in found] == [("30", 3, 15)]
    assert found[0].excerpt == "30 Weekly client hours, Full-time"


# -- 6. missing provisions count any statement on the topic ---------------------------------


def test_a_harmful_statement_is_still_a_provision() -> None:
    rule = "availability/test-no-after-hours"
    assert rules_fired("Clinicians see clients.", rule=rule) == [rule]
    assert rules_fired("Clinicians answer messages on weekends.", rule=rule) == []
    assert rules_fired("Clinicians never work weekends.", rule=rule) == []
