"""Legal floors in the engine: a rule's ``law:`` link compared with the configured
jurisdictions.

Without a jurisdiction nothing here runs and rules report the evidence as before. With
``--jurisdiction US-CA`` (or ``jurisdiction:`` in the configuration) a rule that links
a legal floor (``law: {topic, field}``) is compared with that floor:

* a quantity rule fires at the stricter of its own threshold and the floor (Illinois's
  10 work days of bereavement leave make "7 days per death" a finding even though the
  evidence threshold is 5 days), and
* a match below the floor becomes an **error** whose message names the law, the
  minimum, the citation, the effective date and what had to be assumed (employer
  size, service); at or above the floor the rule's evidence-based finding is unchanged.

Imports nothing heavier than :mod:`policylint.laws` (PyYAML and the standard library).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import laws
from .model import LawLink, QuantityMatch, Rule, walk

if TYPE_CHECKING:
    from ..nlp.quantities import Quantity

#: the unit of the fields whose floors are plain numbers
FIELD_UNITS: dict[str, str] = {
    "hours_per_year": "hour",
    "days_per_year": "day",
    "carryover_hours": "hour",
    "documentation_only_after_days": "day",
    "documentation_only_after_hours": "hour",
}

#: fields a rule may link: amounts, numbers with a unit above, and flags
LINKABLE_KINDS = ("amount", "int", "bool")


def link_problem(link: LawLink, rule_has_quantity: bool) -> str | None:
    """What is wrong with a rule's ``law:`` link, or None (used by the loader)."""
    spec = laws.FIELDS.get(link.field)
    if spec is None:
        return None  # reported by the loader with a suggestion
    if link.topic not in spec.topics:
        return f"field {link.field!r} belongs to topic {', '.join(spec.topics)}, not {link.topic!r}"
    if spec.kind not in LINKABLE_KINDS or (spec.kind == "int" and link.field not in FIELD_UNITS):
        return f"field {link.field!r} cannot be compared by a rule yet"
    if spec.kind == "bool":
        if link.value is not None:
            return f"'value' does not apply to the flag field {link.field!r}"
        return None
    if not rule_has_quantity:
        return f"field {link.field!r} is a quantity; the rule's match needs a 'quantity'"
    return None


@dataclass(frozen=True, slots=True)
class Legal:
    """The legal settings for one document: the jurisdictions it is checked against
    (in the order given) and the employer's head-count, if known."""

    jurisdictions: tuple[str, ...] = ()
    employees: int | None = None

    def __bool__(self) -> bool:
        return bool(self.jurisdictions)

    @property
    def key(self) -> str:
        """For caches: what changes the findings."""
        return f"{','.join(self.jurisdictions)}|{self.employees}"


@dataclass(frozen=True, slots=True)
class Breach:
    """A clause below one jurisdiction's floor."""

    floor: laws.Floor
    assumptions: tuple[str, ...]
    #: what the clause states, in words ("1 day"); None for flag fields
    stated: str | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """The legal comparison of one match: the floors it falls below (empty: at or
    above every configured floor), and whether the rule's own threshold fires too."""

    breaches: tuple[Breach, ...] = ()
    evidence: bool = True
    #: the JSON ``law`` object of the finding (the first breach, others under "also")
    data: dict[str, Any] = field(default_factory=dict)


def _floors(rule: Rule, legal: Legal) -> list[tuple[laws.Floor, laws.Applicability]]:
    assert rule.law is not None
    out = []
    for code in legal.jurisdictions:
        floor = laws.floor(code, rule.law.topic)
        if floor is None or floor.get(rule.law.field, employees=legal.employees) is None:
            continue
        applies = floor.applies(employees=legal.employees)
        if applies.applies is False:
            continue
        out.append((floor, applies))
    return out


def quantity_nodes(rule: Rule) -> list[QuantityMatch]:
    return [n for n in walk(rule.match) if isinstance(n, QuantityMatch)]


def _floor_in(floor: laws.Floor, name: str, unit: str, legal: Legal) -> float | None:
    """The floor's value of ``name`` in ``unit`` (a quantity unit), or None."""
    value = floor.get(name, employees=legal.employees)
    if unit not in laws.UNITS:
        return None
    if isinstance(value, laws.Amount):
        return value.to(unit)
    if isinstance(value, int) and not isinstance(value, bool) and name in FIELD_UNITS:
        return laws.Amount(value, FIELD_UNITS[name]).to(unit)
    return None


def thresholds(rule: Rule, params: dict[str, Any], legal: Legal) -> dict[str, float]:
    """Param overrides that make the rule's quantity comparisons fire at the stricter of
    its own threshold and the configured floors (only "below" comparisons of fields
    that must be at least the floor)."""
    if not legal or rule.law is None:
        return {}
    spec = laws.FIELDS.get(rule.law.field)
    if spec is None or spec.direction not in ("at_least", "tiers"):
        return {}
    out: dict[str, float] = {}
    floors = _floors(rule, legal)
    for node in quantity_nodes(rule):
        if node.compare is None or node.compare[0] != "below":
            continue
        name = node.compare[1]
        if not isinstance(name, str) or not node.units or node.units[0] is None:
            continue
        unit = node.units[0]
        best = float(out.get(name, params[name]))
        for floor, _ in floors:
            value = _floor_in(floor, rule.law.field, unit, legal)
            if value is not None and value > best:
                best = value
        if best > float(params[name]):
            out[name] = best
    return out


def _compared_unit(node: QuantityMatch, q: Quantity) -> str | None:
    """The unit the quantity was compared in (the first of the rule's units it
    converts to, as the matcher does)."""
    for unit in node.units or ():
        if unit is None:
            if q.unit is None:
                return None
            continue
        if q.unit is not None and q.convert(unit, node.per) is not None:
            return unit
    return None


def judge(
    rule: Rule,
    legal: Legal,
    params: dict[str, Any],
    *,
    node: QuantityMatch | None,
    quantity: Quantity | None,
    value: float | None,
    matched: str,
) -> Verdict | None:
    """Compare one match of ``rule`` with the configured floors. None when the rule has
    no link, no jurisdiction is set, or the match cannot be compared (a quantity in a
    unit the law does not use)."""
    link = rule.law
    if not legal or link is None:
        return None
    spec = laws.FIELDS[link.field]
    # does the rule's own (evidence) threshold fire? The matcher may have used a
    # stricter legal one
    evidence = True
    if node is not None and value is not None and node.compare is not None:
        op, threshold = node.compare
        if op == "below":
            limit = float(params[threshold]) if isinstance(threshold, str) else float(threshold)
            evidence = value < limit
    if link.when is not None:
        from .regexes import compile_regex

        if not any(True for _ in compile_regex(link.when).finditer(matched)):
            return Verdict((), evidence)
    floors = _floors(rule, legal)
    if not floors:
        return Verdict((), evidence)
    stated: str | None = None
    compared: laws.Amount | bool | None
    if spec.kind == "bool":
        compared = spec.direction == "forbidden"
    elif node is not None and quantity is not None and value is not None:
        unit = _compared_unit(node, quantity)
        if unit is None or unit not in laws.UNITS:
            return Verdict((), evidence)
        compared = laws.Amount(value, unit)
        stated = str(compared)
    elif link.value is not None:
        compared = laws.Amount(link.value, FIELD_UNITS.get(link.field, "day"))
    else:
        return Verdict((), evidence)
    breaches = []
    for floor, applies in floors:
        if isinstance(compared, laws.Amount) and spec.kind == "int":
            have: object = compared.to(FIELD_UNITS[link.field])
        else:
            have = compared
        if floor.is_below(link.field, have, employees=legal.employees):
            breaches.append(Breach(floor, applies.assumptions, stated))
    data: dict[str, Any] = {}
    if breaches:
        data = _law_json(breaches[0], legal, link)
        if len(breaches) > 1:
            data["also"] = [_law_json(b, legal, link) for b in breaches[1:]]
    return Verdict(tuple(breaches), evidence, data)


def _law_json(breach: Breach, legal: Legal, link: LawLink) -> dict[str, Any]:
    data = breach.floor.to_json()
    data.pop("checked", None)
    data["field"] = link.field
    data["stated"] = breach.stated
    data["assumptions"] = list(breach.assumptions)
    data["employees"] = legal.employees
    return data


# -- words -------------------------------------------------------------------------------


def jurisdiction_name(code: str) -> str:
    try:
        return laws.bundled().jurisdiction(code).name
    except laws.UnknownJurisdiction:
        return code


def _count(value: float, unit: str) -> str:
    return f"{value:g} {unit}{'' if value == 1 else 's'}"


def minimum_words(floor: laws.Floor, name: str, employees: int | None) -> str:
    """The one minimum a rule compares with, in words ("10 work days per death")."""
    value = floor.get(name, employees=employees)
    if isinstance(value, bool) or value is None:
        return laws.describe_value(name, bool(value))
    if name == "documentation_only_after_days":
        return (
            "that documentation be required only for absences of more than "
            + _count(float(value), "work day")  # type: ignore[arg-type]
        )
    if name == "documentation_only_after_hours":
        return (
            "that documentation be required only for absences of more than "
            + _count(float(value), "scheduled hour")  # type: ignore[arg-type]
        )
    return laws.describe_value(name, value)


_PRACTICE = {
    "replacement_condition_forbidden": (
        "forbids making the employee search for or find a replacement worker as a "
        "condition of using sick leave; this clause does"
    ),
    "diagnosis_disclosure_forbidden": (
        "forbids requiring the employee to disclose the nature of the illness; this clause does"
    ),
    "pay_secrecy_forbidden": "forbids barring employees from discussing pay; this clause does",
    "non_consecutive_allowed": (
        "lets the employee take the days non-consecutively; this clause requires them in one block"
    ),
    "paid": "requires the leave to be paid; this clause makes it unpaid",
    "sick_leave_usable": (
        "lets the employee use sick leave after a death in the family; this clause does not"
    ),
    "paid_leave_usable": (
        "lets the employee use earned paid leave after a death in the family; this clause does not"
    ),
    "necessary_expenses_reimbursed": (
        "requires the employer to reimburse necessary work expenses; this clause does not"
    ),
}

_DOCUMENTATION = ("documentation_only_after_days", "documentation_only_after_hours")


def breach_sentence(breach: Breach, link: LawLink, employees: int | None) -> str:
    """ "Below the legal floor in Illinois: Family Bereavement Leave Act, 820 ILCS 154/10
    (in effect since 2023-01-01), requires 10 work days per death; this clause gives
    1 day."""
    f = breach.floor
    where = jurisdiction_name(f.jurisdiction)
    since = f" (in effect since {f.effective.isoformat()})" if f.effective else ""
    head = f"Below the legal floor in {where}: {f.law}, {f.citation}{since},"
    if link.field in _PRACTICE:
        return f"{head} {_PRACTICE[link.field]}."
    body = f"{head} requires {minimum_words(f, link.field, employees)}"
    if link.field in _DOCUMENTATION:
        if breach.stated:
            return f"{body}; this clause asks for it after {breach.stated}."
        return f"{body}; this clause asks for it for any absence, however short."
    return f"{body}; this clause gives {breach.stated}." if breach.stated else f"{body}."


def assumption_sentence(assumptions: tuple[str, ...], employees_set: bool) -> str:
    """ "Assumes the employer has at least 5 employees (set ...); applies when ..."."""
    if not assumptions:
        return ""
    parts = list(assumptions)
    for i, a in enumerate(parts):
        if a.startswith("assumes the employer") and not employees_set:
            parts[i] = (
                a + " (set the head-count with --employees or employees: in .policylint.yaml)"
            )
    text = "; ".join(parts)
    return f"{text[0].upper()}{text[1:]}."


def legal_message(verdict: Verdict, link: LawLink, employees: int | None) -> str:
    out = []
    for b in verdict.breaches:
        sentence = breach_sentence(b, link, employees)
        scope = assumption_sentence(b.assumptions, employees is not None)
        out.append(f"{sentence} {scope}".strip())
    return " ".join(out)


def legal_title(verdict: Verdict, link: LawLink) -> str:
    names = [jurisdiction_name(b.floor.jurisdiction) for b in verdict.breaches]
    where = " and ".join(dict.fromkeys(names))
    topic = laws.TOPIC_TITLES.get(link.topic, link.topic)
    return f"{topic} below the legal floor in {where}"
