"""Unit tests for the context component: negation, hedges, reported speech."""

from __future__ import annotations

import pytest

from policylint.nlp import context
from policylint.nlp.pipeline import get_nlp


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return get_nlp()


def status_of(nlp, sentence: str, target: str) -> context.Status:  # type: ignore[no-untyped-def]
    doc = nlp(sentence)
    start = sentence.lower().index(target.lower())
    span = doc.char_span(start, start + len(target), alignment_mode="expand")
    assert span is not None
    sent = span.sent
    return context.status(doc, sent, span.start, span.end)


NEGATED = [
    ("Clinicians are not required to answer messages after hours.", "after hours"),
    ("Clinicians are not expected to answer messages on weekends.", "weekends"),
    ("Clinicians are never expected to check voicemail on vacation.", "check voicemail"),
    ("You do not need to find cover before using sick time.", "find cover"),
    ("You don't need to find cover before using sick time.", "find cover"),
    ("You don’t have to convert sessions to telehealth.", "telehealth"),
    ("Bereavement leave is not provided.", "Bereavement leave"),
    ("Weekend availability is optional.", "Weekend availability"),
    ("Evening sessions are voluntary.", "Evening sessions"),
    ("Clinicians may decline new cases when their caseload is full.", "new cases"),
    ("No documentation is needed for sick absences of three days or fewer.", "documentation"),
    ("Employees are not required to disclose the nature of an illness.", "disclose"),
    ("Clinicians will never be asked to work while sick.", "work while sick"),
    ("Employees may choose not to share why they are cancelling.", "share"),
    ("Supervisors are prohibited from contacting staff on leave.", "contacting staff"),
    ("Working weekends is not mandatory for interns.", "Working weekends"),
    ("There is no expectation that you answer email at night.", "answer email"),
    ("When on leave, clinicians are not expected to check messages.", "check messages"),
    ("No one is expected to answer messages on weekends.", "weekends"),
    ("Nobody is required to carry the crisis phone on vacation.", "crisis phone"),
]


@pytest.mark.parametrize(("sentence", "target"), NEGATED)
def test_negated(nlp, sentence: str, target: str) -> None:  # type: ignore[no-untyped-def]
    assert status_of(nlp, sentence, target).negated


AFFIRMED = [
    ("Clinicians are required to answer messages after hours.", "after hours"),
    ("Clinicians must be reachable at all times, including weekends.", "at all times"),
    # pseudo triggers do not negate
    ("No-shows count against your productivity requirement.", "productivity requirement"),
    ("Clinicians carry no more than 45 active clients.", "45 active clients"),
    ("Notes are not only required but must be finished the same day.", "finished"),
    ("Time spent on notes is not compensated.", "notes"),
    # scope ends at a clause seam
    ("Overtime is not approved, and clinicians must finish notes at home.", "finish notes"),
    ("Clinicians staff the line at night so that no client is left alone.", "staff the line"),
    ("Leave is not paid, therefore interns must make up the hours.", "make up"),
    ("Monthly staff meetings are mandatory and unpaid.", "meetings"),
    # a terminator ends the scope
    ("Evening work is not required, but clinicians must answer texts on weekends.", "answer texts"),
    ("Overtime is not paid; clinicians must still finish notes at home.", "finish notes"),
    # a negation in a condition or relative clause does not negate the policy
    (
        "Clinicians who do not meet the 30-hour target will receive a written warning.",
        "written warning",
    ),
    ("If you do not bill 7,200 minutes a month, your pay is reduced.", "pay is reduced"),
    # scope is limited
    (
        "Not all staff need to be on call, and clinicians must reply within two hours "
        "on weekends and holidays too.",
        "holidays",
    ),
]


@pytest.mark.parametrize(("sentence", "target"), AFFIRMED)
def test_not_negated(nlp, sentence: str, target: str) -> None:  # type: ignore[no-untyped-def]
    assert not status_of(nlp, sentence, target).negated


HEDGED = [
    ("Clinicians are encouraged to respond to messages on weekends.", "weekends"),
    ("Where possible, book make-up sessions around your vacation.", "make-up sessions"),
    ("Reply to client texts the same evening if possible.", "same evening"),
    ("Ideally, notes are completed before you leave for the day.", "notes"),
]


@pytest.mark.parametrize(("sentence", "target"), HEDGED)
def test_hedged(nlp, sentence: str, target: str) -> None:  # type: ignore[no-untyped-def]
    st = status_of(nlp, sentence, target)
    assert st.hedged and not st.negated


def test_must_is_not_hedged(nlp) -> None:  # type: ignore[no-untyped-def]
    assert not status_of(nlp, "Clinicians must respond to messages on weekends.", "weekends").hedged


REPORTED = [
    (
        'The reading critiques the idea that therapists are "not in it for the money".',
        "for the money",
    ),
    ("We reject the myth that good therapists never take sick days.", "never take sick days"),
    ('She was told that "we must be martyrs" for our clients.', "martyrs"),
    ("Franco (2023) describes a 7,200-minute monthly requirement.", "7,200-minute"),
    (
        "A community agency required 7,200 billable minutes a month (Franco, 2023).",
        "billable minutes",
    ),
    ("Kim et al. (2018) link weekly hours to exhaustion.", "weekly hours"),
    ("Students hear that “nobody enters this field for the money”.", "money"),
    ("The so-called calling of therapy should not excuse low pay.", "calling"),
    # reported speech runs past modals to the end of the clause
    ("The reading critiques the idea that clinicians should bill 30 hours a week.", "30 hours"),
    ("We reject the notion that clinicians must carry unlimited caseloads.", "unlimited"),
]


@pytest.mark.parametrize(("sentence", "target"), REPORTED)
def test_reported(nlp, sentence: str, target: str) -> None:  # type: ignore[no-untyped-def]
    assert status_of(nlp, sentence, target).reported


NOT_REPORTED = [
    ("Nobody enters this field for the money.", "for the money"),
    ("This is a calling, not a job.", "calling"),
    ("Clinicians must bill 7,200 minutes a month.", "7,200 minutes"),
    ("Our clinicians' schedules are set by the clinic.", "schedules"),
    # ... but not past a contrast, where the document speaks for itself again
    ("We reject the idea that rest is optional, but clinicians must bill 30 hours.", "30 hours"),
]


@pytest.mark.parametrize(("sentence", "target"), NOT_REPORTED)
def test_not_reported(nlp, sentence: str, target: str) -> None:  # type: ignore[no-untyped-def]
    assert not status_of(nlp, sentence, target).reported


def test_context_is_per_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Clinicians are not required to work weekends. Clinicians must answer texts on weekends."
    doc = nlp(text)
    second = list(doc.sents)[1]
    i = text.rindex("weekends")
    span = doc.char_span(i, i + len("weekends"))
    assert span is not None
    assert not context.status(doc, second, span.start, span.end).negated


OWNED = [
    # (sentence, the matched restriction that contains the negation, a word inside it)
    ("There is no maximum caseload.", "no maximum caseload", "caseload"),
    ("Sick days do not count as excused absences.", "not count as excused", "excused"),
    ("Associates are not eligible for paid leave until licensed.", "not eligible", "eligible"),
    ("Bereavement time is not paid.", "not paid", "paid"),
]


@pytest.mark.parametrize(("sentence", "owned", "word"), OWNED)
def test_negation_inside_the_match_belongs_to_it(nlp, sentence: str, owned: str, word: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(sentence)
    start = sentence.index(owned)
    span = doc.char_span(start, start + len(owned), alignment_mode="expand")
    w = sentence.index(word, start)
    inner = doc.char_span(w, w + len(word))
    assert span is not None and inner is not None
    sent = span.sent
    # matched alone, the word is negated by the negation before it ...
    assert context.status(doc, sent, inner.start, inner.end).negated
    # ... but when the match is the whole restriction, the negation is part of it
    assert not context.status(doc, sent, inner.start, inner.end, [(span.start, span.end)]).negated
    assert not context.status(doc, sent, span.start, span.end).negated


def test_a_negation_outside_the_match_still_negates(nlp) -> None:  # type: ignore[no-untyped-def]
    sentence = "Clinicians are not required to reschedule their own clients."
    doc = nlp(sentence)
    start = sentence.index("reschedule")
    span = doc.char_span(start, start + len("reschedule their own clients"))
    assert span is not None
    assert context.status(doc, span.sent, span.start, span.end, [(span.start, span.end)]).negated
