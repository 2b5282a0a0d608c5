"""Legal floors as values: what :mod:`policylint.laws.loader` builds from the YAML files.

A :class:`Floor` is one statutory minimum in one jurisdiction ("California: 5 days of
bereavement leave per death"). Its ``minimum`` maps field names to typed values; the
fields, their types and the *direction* in which a policy clause can fall short of them
are fixed in :data:`FIELDS`, so a rule can say "compare my quantity with
``per_death``" and :meth:`Floor.is_below` knows that fewer days is worse while a longer
waiting period would be worse. Nothing here imports spaCy or reads files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, TypeAlias

#: topics a floor may have; a rule names one of these
TOPICS: tuple[str, ...] = (
    "bereavement",
    "sick-leave",
    "sick-leave-documentation",
    "sick-leave-replacement-worker",
    "sick-leave-disclosure",
    "family-medical-leave",
    "pay-discussion",
    "expense-reimbursement",
)

TOPIC_TITLES: Mapping[str, str] = MappingProxyType(
    {
        "bereavement": "Bereavement leave",
        "sick-leave": "Sick leave",
        "sick-leave-documentation": "Sick leave: documentation",
        "sick-leave-replacement-worker": "Sick leave: finding a replacement",
        "sick-leave-disclosure": "Sick leave: disclosing the diagnosis",
        "family-medical-leave": "Family and medical leave",
        "pay-discussion": "Discussing pay",
        "expense-reimbursement": "Work expenses",
    }
)

#: units an :class:`Amount` may have; "workday" is a scheduled working day
UNITS: tuple[str, ...] = ("hour", "day", "workday", "week", "month")

# Same conventions as policylint.nlp.quantities: 8 working hours a day, 5 working days
# a week, 52/12 weeks a month. "day" in these statutes means a working day (California's
# "five days", Illinois's "2 weeks (10 work days)"), so day == workday here.
_MINUTES: Mapping[str, float] = MappingProxyType(
    {
        "hour": 60.0,
        "day": 480.0,
        "workday": 480.0,
        "week": 2400.0,
        "month": 2400.0 * 52 / 12,
    }
)


@dataclass(frozen=True, slots=True)
class Amount:
    """A length of time: ``Amount(5, "day")``, ``Amount(2, "week")``."""

    value: float
    unit: str

    def to(self, unit: str) -> float:
        """This amount in ``unit`` (8-hour days, 5-day weeks, 52/12 weeks a month)."""
        if unit not in _MINUTES:
            raise ValueError(f"unknown unit {unit!r}; expected one of {', '.join(UNITS)}")
        return self.value * _MINUTES[self.unit] / _MINUTES[unit]

    def __str__(self) -> str:
        return _count(self.value, "work day" if self.unit == "workday" else self.unit)


@dataclass(frozen=True, slots=True)
class Accrual:
    """An accrual rate: ``hours`` of leave for every ``per_hours_worked`` hours worked."""

    hours: float
    per_hours_worked: float

    @property
    def rate(self) -> float:
        return self.hours / self.per_hours_worked

    def __str__(self) -> str:
        return f"{_count(self.hours, 'hour')} per {_num(self.per_hours_worked)} hours worked"


@dataclass(frozen=True, slots=True)
class Tier:
    """The floor for employers of one size band (New York's 40 hours for 5-99 employees)."""

    min_employees: int
    max_employees: int | None
    hours_per_year: int
    paid: bool

    def covers(self, employees: int) -> bool:
        top = self.max_employees
        return employees >= self.min_employees and (top is None or employees <= top)

    def __str__(self) -> str:
        size = (
            f"{self.min_employees}+ employees"
            if self.max_employees is None
            else f"{self.min_employees}-{self.max_employees} employees"
        )
        return f"{size}: {self.hours_per_year} hours a year, {'paid' if self.paid else 'unpaid'}"


Value: TypeAlias = Amount | Accrual | bool | int | tuple[Tier, ...]

#: how a policy clause can fall short of a field:
#: "at_least": the clause's value must be >= the floor (fewer days is worse);
#: "at_most": the clause's value must be <= the floor (a longer wait is worse);
#: "required": the floor is True and the clause says False ("must be consecutive");
#: "forbidden": the floor is True and the clause imposes the practice;
#: "tiers": resolved by employer size, then compared like "at_least".
Direction = Literal["at_least", "at_most", "required", "forbidden", "tiers"]
Kind = Literal["amount", "int", "bool", "accrual", "tiers"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    kind: Kind
    direction: Direction
    topics: tuple[str, ...]
    #: what the value means, for docs and for `policylint laws show`
    meaning: str
    units: tuple[str, ...] = ()


def _spec(
    name: str,
    kind: Kind,
    direction: Direction,
    topics: tuple[str, ...],
    meaning: str,
    units: tuple[str, ...] = (),
) -> tuple[str, FieldSpec]:
    return name, FieldSpec(name, kind, direction, topics, meaning, units)


_BEREAVEMENT = ("bereavement",)
_SICK = ("sick-leave",)
_DAYS = ("day", "workday", "week")

#: every field a floor's ``minimum`` may hold
FIELDS: Mapping[str, FieldSpec] = MappingProxyType(
    dict(
        [
            _spec("per_death", "amount", "at_least", _BEREAVEMENT,
                  "leave for each death of a family member", _DAYS),
            _spec("annual_cap", "amount", "at_least", _BEREAVEMENT,
                  "total the law guarantees in a year when several family members die", _DAYS),
            _spec("window", "amount", "at_least", _BEREAVEMENT,
                  "time the employee has to complete the leave", ("day", "week", "month")),
            _spec("paid", "bool", "required", (*_BEREAVEMENT, *_SICK, "family-medical-leave"),
                  "whether the law requires the leave to be paid"),
            _spec("non_consecutive_allowed", "bool", "required", _BEREAVEMENT,
                  "the days need not be taken consecutively"),
            _spec("sick_leave_usable", "bool", "required", _BEREAVEMENT,
                  "the statutory sick leave may be used after a death in the family"),
            _spec("paid_leave_usable", "bool", "required", _BEREAVEMENT,
                  "earned paid leave may be used after a death in the family"),
            _spec("hours_per_year", "int", "at_least", _SICK,
                  "hours a year the employee can earn and use"),
            _spec("days_per_year", "int", "at_least", _SICK,
                  "days a year the employee can use (where the law counts days too)"),
            _spec("accrual", "accrual", "at_least", _SICK, "the slowest lawful accrual rate"),
            _spec("paid_min_employees", "int", "at_most", _SICK,
                  "employers with at least this many employees must pay the leave"),
            _spec("tiers", "tiers", "tiers", _SICK, "hours and pay by employer size"),
            _spec("carryover_hours", "int", "at_least", _SICK,
                  "unused hours the employee may carry into the next year"),
            _spec("documentation_only_after_days", "int", "at_least",
                  ("sick-leave-documentation",),
                  "documentation may be required only for absences of more than this many "
                  "consecutive (scheduled) work days"),
            _spec("documentation_only_after_hours", "int", "at_least",
                  ("sick-leave-documentation",),
                  "documentation may be required only for absences of more than this many "
                  "consecutive scheduled work hours"),
            _spec("replacement_condition_forbidden", "bool", "forbidden",
                  ("sick-leave-replacement-worker",),
                  "the employer may not make finding a replacement a condition of the leave"),
            _spec("diagnosis_disclosure_forbidden", "bool", "forbidden",
                  ("sick-leave-disclosure",),
                  "the employer may not require the nature of the illness to be disclosed"),
            _spec("weeks_per_year", "amount", "at_least", ("family-medical-leave",),
                  "job-protected leave in a 12-month period", ("week",)),
            _spec("pay_secrecy_forbidden", "bool", "forbidden", ("pay-discussion",),
                  "the employer may not forbid employees to discuss their pay"),
            _spec("necessary_expenses_reimbursed", "bool", "required",
                  ("expense-reimbursement",),
                  "the employer must reimburse necessary work expenses"),
        ]
    )
)  # fmt: skip

#: conditions a floor may have (all integers; absent: none found in the sources read)
CONDITIONS: Mapping[str, str] = MappingProxyType(
    {
        "employer_min_employees": "the employer has at least {} employees",
        "employee_min_days_employed": "the employee has been employed at least {} days",
        "employee_min_days_worked": "the employee has worked at least {} days in the state",
        "employee_min_months_employed": "the employee has been employed at least {} months",
        "employee_min_hours_worked": (
            "the employee has worked at least {} hours in the 12 months before the leave"
        ),
        "employee_min_hours_per_week": "the employee regularly works at least {} hours a week",
        "employee_min_hours_per_year": "the employee works at least {} hours a year",
    }
)


@dataclass(frozen=True, slots=True)
class Conditions:
    """When the floor applies. A field left as None means no such limit was found in the
    sources read (a limit seen but not verified is recorded in :attr:`Floor.left_out`)."""

    employer_min_employees: int | None = None
    employee_min_days_employed: int | None = None
    employee_min_days_worked: int | None = None
    employee_min_months_employed: int | None = None
    employee_min_hours_worked: int | None = None
    employee_min_hours_per_week: int | None = None
    employee_min_hours_per_year: int | None = None

    def items(self) -> list[tuple[str, int]]:
        return [(name, v) for name in CONDITIONS if (v := getattr(self, name)) is not None]

    def describe(self) -> list[str]:
        return [CONDITIONS[name].format(f"{v:,}") for name, v in self.items()]

    def to_json(self) -> dict[str, int]:
        return dict(self.items())


@dataclass(frozen=True, slots=True)
class Check:
    """One source actually read to verify the entry, and what was read there."""

    url: str
    read: str


@dataclass(frozen=True, slots=True)
class Applicability:
    """Whether a floor applies to an employer, and what had to be assumed."""

    applies: bool | None
    assumptions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Floor:
    jurisdiction: str
    topic: str
    #: the law's name, for messages ("California bereavement leave")
    law: str
    citation: str
    #: when the current minimum took effect; None when it could not be verified
    effective: dt.date | None
    source: str
    verified: dt.date
    minimum: Mapping[str, Value]
    conditions: Conditions = field(default_factory=Conditions)
    checked: tuple[Check, ...] = ()
    notes: str = ""
    #: values deliberately left out, each with the reason (e.g. not verifiable)
    left_out: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    file: str = ""
    line: int = 0

    def get(self, name: str, *, employees: int | None = None) -> Value | None:
        """The structured minimum ``name``, or None when the floor does not set it.

        Where the floor depends on employer size it is resolved for ``employees``: with
        ``tiers``, the tier's ``hours_per_year``/``paid`` (unknown size: the smallest
        tier's hours, which every employer owes, and ``paid`` only if all tiers agree);
        with ``paid_min_employees``, ``paid`` is whether ``employees`` reaches it (None
        when the size is unknown)."""
        tiers = self.minimum.get("tiers")
        if name in ("hours_per_year", "paid") and isinstance(tiers, tuple) and tiers:
            if employees is not None:
                tier = next((t for t in tiers if t.covers(employees)), None)
                if tier is None:
                    return None
                return tier.hours_per_year if name == "hours_per_year" else tier.paid
            if name == "hours_per_year":
                return min(t.hours_per_year for t in tiers)
            values = {t.paid for t in tiers}
            return values.pop() if len(values) == 1 else None
        threshold = self.minimum.get("paid_min_employees")
        if name == "paid" and isinstance(threshold, int) and not isinstance(threshold, bool):
            return None if employees is None else employees >= threshold
        return self.minimum.get(name)

    def is_below(self, name: str, value: object, *, employees: int | None = None) -> bool:
        """True when a policy that sets ``name`` to ``value`` falls below this floor.

        ``value`` is what the clause says, in the field's kind: an :class:`Amount` (or
        a number in the floor's own unit) for amounts, a number for counts, an
        :class:`Accrual` (or hours of leave per hour worked) for accrual, and a bool for
        flags: for "required" flags whether the clause grants it, for "forbidden" flags
        whether the clause imposes the practice. Unknown floors are never "below".
        """
        spec = FIELDS.get(name)
        if spec is None:
            raise KeyError(f"no legal-floor field {name!r}")
        floor = self.get(name, employees=employees)
        if floor is None:
            return False
        if spec.direction == "required":
            return floor is True and value is False
        if spec.direction == "forbidden":
            return floor is True and value is True
        if isinstance(floor, Amount):
            have = value.to(floor.unit) if isinstance(value, Amount) else float(value)  # type: ignore[arg-type]
            return have < floor.value
        if isinstance(floor, Accrual):
            have = value.rate if isinstance(value, Accrual) else float(value)  # type: ignore[arg-type]
            return have < floor.rate
        if isinstance(floor, bool) or not isinstance(floor, int | float):
            return False
        number = float(value)  # type: ignore[arg-type]
        return number > floor if spec.direction == "at_most" else number < floor

    def applies(self, *, employees: int | None = None) -> Applicability:
        """Whether the floor applies to an employer with ``employees`` employees.

        Conditions on the individual employee (service, hours) cannot be known from a
        handbook; they come back as assumptions to show in the message, as does the
        employer size when it is not given.
        """
        assumptions: list[str] = []
        applies: bool | None = True
        minimum = self.conditions.employer_min_employees
        if minimum is not None:
            if employees is None:
                applies = None
                assumptions.append(f"assumes the employer has at least {minimum:,} employees")
            elif employees < minimum:
                return Applicability(False)
        for name, v in self.conditions.items():
            if name != "employer_min_employees":
                assumptions.append("applies when " + CONDITIONS[name].format(f"{v:,}"))
        for name, reason in self.left_out.items():
            if name in CONDITIONS:
                assumptions.append(f"{name.replace('_', ' ')} not verified: {reason}")
        return Applicability(applies, tuple(assumptions))

    def describe(self) -> str:
        """The minimum in words, e.g. "5 days per death; within 3 months; ..."."""
        return "; ".join(describe_value(n, v) for n, v in self.minimum.items())

    def to_json(self) -> dict[str, object]:
        return {
            "jurisdiction": self.jurisdiction,
            "topic": self.topic,
            "law": self.law,
            "citation": self.citation,
            "effective": self.effective.isoformat() if self.effective else None,
            "source": self.source,
            "verified": self.verified.isoformat(),
            "minimum": {n: value_to_json(v) for n, v in self.minimum.items()},
            "summary": self.describe(),
            "conditions": self.conditions.to_json(),
            "left_out": dict(self.left_out),
            "notes": self.notes,
            "checked": [{"url": c.url, "read": c.read} for c in self.checked],
        }


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    code: str
    name: str
    floors: tuple[Floor, ...]
    notes: str = ""
    file: str = ""

    @property
    def parent(self) -> str | None:
        """ "US" for a state ("US-CA"); None for the federal level."""
        return self.code.split("-", 1)[0] if "-" in self.code else None

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(f.topic for f in self.floors)

    @property
    def verified(self) -> dt.date | None:
        """The oldest verification date of its floors (the one that matters)."""
        return min((f.verified for f in self.floors), default=None)

    def get(self, topic: str) -> Floor | None:
        return next((f for f in self.floors if f.topic == topic), None)

    def to_json(self) -> dict[str, object]:
        return {
            "jurisdiction": self.code,
            "name": self.name,
            "parent": self.parent,
            "notes": self.notes,
            "floors": [f.to_json() for f in self.floors],
        }


def describe_value(name: str, value: Value) -> str:
    """One structured value in words, for messages and tables."""
    if isinstance(value, bool):
        words = {
            "paid": ("paid", "may be unpaid"),
            "non_consecutive_allowed": ("days need not be consecutive", "consecutive days"),
            "sick_leave_usable": ("sick leave may be used for it", ""),
            "paid_leave_usable": ("earned paid leave may be used for it", ""),
            "replacement_condition_forbidden": ("no duty to find a replacement", ""),
            "diagnosis_disclosure_forbidden": ("no duty to disclose the illness", ""),
            "pay_secrecy_forbidden": ("employees may discuss pay", ""),
            "necessary_expenses_reimbursed": ("necessary expenses reimbursed", ""),
        }.get(name, (name.replace("_", " "), f"not {name.replace('_', ' ')}"))
        return words[0] if value else words[1]
    if isinstance(value, tuple):
        return "; ".join(str(t) for t in value)
    match name:
        case "per_death":
            return f"{value} per death"
        case "annual_cap":
            return f"up to {value} a year"
        case "window":
            return f"within {value}"
        case "hours_per_year":
            return f"{value} hours a year"
        case "days_per_year":
            return f"or {value} days a year, whichever is more"
        case "accrual":
            return f"accrues at least {value}"
        case "paid_min_employees":
            return f"paid when the employer has {value}+ employees"
        case "carryover_hours":
            return f"at least {value} unused hours carry over"
        case "documentation_only_after_days":
            return f"documentation only for absences of more than {_count(value, 'work day')}"
        case "documentation_only_after_hours":
            return f"or of more than {_count(value, 'scheduled hour')}"
        case "weeks_per_year":
            return f"{value} in 12 months"
    return f"{name.replace('_', ' ')}: {value}"


def value_to_json(value: Value) -> object:
    if isinstance(value, Amount):
        return {"value": value.value, "unit": value.unit}
    if isinstance(value, Accrual):
        return {"hours": value.hours, "per_hours_worked": value.per_hours_worked}
    if isinstance(value, tuple):
        return [
            {
                "min_employees": t.min_employees,
                "max_employees": t.max_employees,
                "hours_per_year": t.hours_per_year,
                "paid": t.paid,
            }
            for t in value
        ]
    return value


def _num(value: float) -> str:
    return f"{value:g}"


def _count(value: float, unit: str) -> str:
    return f"{_num(value)} {unit}{'' if value == 1 else 's'}"
