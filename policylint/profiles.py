"""Which kind of document a file is: its *profile*.

The profile picks the whole-document checks: a handbook should mention bereavement
leave, sick leave and paid time off; a syllabus should have an excused absence for
illness or bereavement; a client-facing policy is about clients, not staff benefits.
Checking a syllabus as a handbook tells a training director "the handbook does not
mention paid time off", which is wrong and erodes trust in every other finding.

Where a file's profile comes from, first match wins:

1. ``--profile`` on the command line (every file);
2. the configuration: a ``profiles:`` glob matching the file, then ``profile:``;
3. detection from the document's own text (:func:`detect`);
4. ``handbook``, when the text gives no clear sign.

Detection counts cue words of each kind of document: in the title and headings
(worth more) and in the body. A syllabus talks about the course, students, grading
and the semester; a client-facing policy about your therapist, your sessions, fees,
insurance and cancellations; an employee handbook about employees, pay, benefits and
leave. The winning profile must lead clearly (a score of at least
:data:`MIN_SCORE` and 1.5 times the runner-up); the reason names the cues found so
a reader can see why, and every output says how to override it.

This module imports only the standard library.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .findings import DEFAULT_PROFILE, PROFILES

#: how the profile was chosen
SOURCES: tuple[str, ...] = ("flag", "config", "detected", "default")

#: how to set a profile yourself, for the end of a sentence ("to change it, use ...")
OVERRIDE_HINT = "--profile handbook|syllabus|client-policy, or profile/profiles in .policylint.yaml"

#: cue -> weight, per profile; patterns are matched on lower-case text at word edges
CUES: dict[str, dict[str, float]] = {
    "syllabus": {
        "syllabus": 3,
        "course": 1,
        "courses": 1,
        "coursework": 1,
        "course description": 3,
        "course objectives": 3,
        "course schedule": 3,
        "learning objectives": 3,
        "learning outcomes": 3,
        "student": 1,
        "students": 1,
        "instructor": 1.5,
        "faculty": 1,
        "professor": 1,
        "semester": 1.5,
        "grade": 1,
        "grading": 2,
        "graded": 1,
        "credit hours": 0.5,
        "assignments": 1.5,
        "prerequisites": 2,
        "academic integrity": 3,
        "required readings": 2,
        "required texts": 2,
        "practicum": 1,
        "internship": 0.5,
        "field placement": 1.5,
        "site supervisor": 1,
        "university": 1,
        "cacrep": 2,
        "class": 0.5,
        "trainee": 0.5,
        "trainees": 0.5,
    },
    "client-policy": {
        "your therapist": 3,
        "your clinician": 3,
        "your counselor": 3,
        "your session": 2,
        "your sessions": 2,
        "your appointment": 2,
        "your appointments": 2,
        "your care": 1,
        "your child": 1,
        "your insurance": 2,
        "for clients": 3,
        "client policies": 3,
        "practice policies": 2,
        "office policies": 2,
        "informed consent": 2,
        "late cancellation": 1.5,
        "cancellation fee": 2,
        "no-show fee": 2,
        "full session fee": 2,
        "good faith estimate": 3,
        "superbill": 2,
        "copay": 1.5,
        "co-pay": 1.5,
        "sliding scale": 1,
        "self-pay": 1,
        "out-of-network": 1,
        "call 911": 1,
        "you will be charged": 2,
        "we accept": 1,
        "cancellations": 1,
        "fees": 0.5,
        "insurance": 0.5,
    },
    "handbook": {
        "handbook": 2,
        "employee": 1,
        "employees": 1,
        "employment": 1,
        "employer": 1,
        "at-will": 2,
        "payroll": 1.5,
        "paycheck": 1.5,
        "salary": 1,
        "wages": 1,
        "benefits": 1,
        "paid time off": 1.5,
        "pto": 1.5,
        "human resources": 2,
        "full-time": 0.5,
        "part-time": 0.5,
        "non-exempt": 1.5,
        "overtime": 1,
        "probationary": 1.5,
        "introductory period": 1.5,
        "401(k)": 1.5,
        "personnel": 1.5,
        "staff": 0.5,
        "your supervisor": 1,
        "your manager": 1,
        "performance review": 1.5,
        "performance reviews": 1.5,
    },
}
#: a cue in the title or a heading counts this many times more
HEADING_WEIGHT = 4.0
#: a cue counts at most this many times in the body (one word must not decide)
BODY_CAP = 8
#: the winning score must reach this and lead the runner-up by LEAD times
MIN_SCORE = 10.0
LEAD = 1.5

_PATTERNS = {
    profile: re.compile(
        r"(?<![\w-])("
        + "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
        + r")(?![\w-])"
    )
    for profile, cues in CUES.items()
}


@dataclass(frozen=True)
class Choice:
    """A file's profile and why it was chosen."""

    profile: str
    #: flag | config | detected | default
    source: str
    #: one sentence a reader understands: "detected: the title or headings say ..."
    reason: str
    scores: dict[str, float] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, str]:
        return {"profile_source": self.source, "profile_reason": self.reason}


def _count(text: str, profile: str) -> Counter[str]:
    return Counter(m.group(1) for m in _PATTERNS[profile].finditer(text.lower()))


def detect(title: str | None, headings: Iterable[str], body: Iterable[str]) -> Choice:
    """The profile the text looks like, with the reason."""
    heading_text = "\n".join([title or "", *headings])
    body_text = "\n".join(body)
    scores: dict[str, float] = {}
    evidence: dict[str, tuple[list[str], list[str]]] = {}
    for profile, cues in CUES.items():
        in_headings = _count(heading_text, profile)
        in_body = _count(body_text, profile)
        score = 0.0
        parts: dict[str, float] = {}
        for cue in set(in_headings) | set(in_body):
            weight = cues[cue]
            part = weight * (HEADING_WEIGHT * min(in_headings[cue], 2))
            part += weight * min(in_body[cue], BODY_CAP)
            parts[cue] = part
            score += part
        scores[profile] = round(score, 1)
        ordered = sorted(parts, key=lambda c: (-parts[c], c))
        headed = [f"“{c}”" for c in ordered if in_headings[c]][:3]
        bodied = [
            f"“{c}” ({in_body[c]} times)" if in_body[c] > 1 else f"“{c}”"
            for c in ordered
            if in_body[c] and not in_headings[c]
        ][:3]
        evidence[profile] = (headed, bodied)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], PROFILES.index(kv[0])))
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= MIN_SCORE and top >= LEAD * second:
        headed, bodied = evidence[best]
        said = []
        if headed:
            said.append(f"the title or headings say {', '.join(headed)}")
        if bodied:
            said.append(f"the text says {', '.join(bodied)}")
        reason = "detected: " + "; ".join(said)
        return Choice(best, "detected", reason, scores)
    if top < MIN_SCORE:
        why = "the text has few signs of any kind of document"
    else:
        why = f"the signs are mixed ({best} {top:g}, {ranked[1][0]} {second:g})"
    return Choice(
        DEFAULT_PROFILE, "default", f"not detected ({why}); handbook is the default", scores
    )


def detect_document(document: object) -> Choice:
    """:func:`detect` on a :class:`~policylint.documents.Document`."""
    from .documents import BlockKind

    blocks = getattr(document, "blocks", [])
    headings = [b.text for b in blocks if b.kind == BlockKind.HEADING]
    body = [b.text for b in blocks if b.kind != BlockKind.HEADING]
    return detect(getattr(document, "title", None), headings, body)


def describe(choice: Choice) -> str:
    """``syllabus (detected from the text: ...)``"""
    return f"{choice.profile} ({choice.reason})"
