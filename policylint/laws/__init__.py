"""Legal floors by jurisdiction: statutory minimums as data, for jurisdiction-aware rules.

The data is one YAML file per jurisdiction beside this module (``US.yaml`` for federal
law, ``US-CA.yaml`` for California, ...); ``README.md`` there describes the format and
``docs/laws.md`` how the values were verified and how rules use them.

Typical use from a rule or the engine::

    from policylint import laws

    floor = laws.floor("US-CA", "bereavement")       # Floor, or None if no such law
    floor.get("per_death")                           # Amount(value=5, unit='day')
    floor.is_below("per_death", laws.Amount(3, "day"))   # True: below the legal floor
    floor.applies(employees=None).assumptions        # ("assumes the employer has at least 5 ...",)
    floor.citation, floor.effective, floor.source    # for the error message

State floors take precedence; a topic a state does not regulate falls back to the
federal file (``floor("US-IL", "pay-discussion")`` is the NLRA). Local ordinances are
out of scope. Nothing here is legal advice.

Importing this package is cheap (PyYAML and the standard library only); the bundled
files are parsed once, on first use.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .loader import LawError, load_directory, parse_jurisdiction
from .model import (
    CONDITIONS,
    FIELDS,
    TOPIC_TITLES,
    TOPICS,
    UNITS,
    Accrual,
    Amount,
    Applicability,
    Check,
    Conditions,
    FieldSpec,
    Floor,
    Jurisdiction,
    Tier,
    describe_value,
)

__all__ = [
    "CONDITIONS",
    "DATA_DIR",
    "FIELDS",
    "MAX_AGE_DAYS",
    "TOPICS",
    "TOPIC_TITLES",
    "UNITS",
    "Accrual",
    "Amount",
    "Applicability",
    "Check",
    "Conditions",
    "FieldSpec",
    "Floor",
    "Jurisdiction",
    "LawBook",
    "LawError",
    "Stale",
    "Tier",
    "UnknownJurisdiction",
    "bundled",
    "describe_value",
    "floor",
    "floors",
    "load",
    "parse_jurisdiction",
    "stale",
]

#: the bundled law files (shipped inside the wheel)
DATA_DIR = Path(__file__).resolve().parent

#: a floor verified longer ago than this is reported (severity info)
MAX_AGE_DAYS = 365


class UnknownJurisdiction(LookupError):
    """No law file for a jurisdiction code; ``suggestions`` holds close codes."""

    def __init__(self, code: str, suggestions: tuple[str, ...]) -> None:
        self.code = code
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no legal floors for jurisdiction {code!r}.{hint}")


@dataclass(frozen=True, slots=True)
class Stale:
    """A floor whose verification date is more than :data:`MAX_AGE_DAYS` old."""

    floor: Floor
    age_days: int
    severity: str = "info"

    @property
    def message(self) -> str:
        f = self.floor
        return (
            f"{f.file}:{f.line}: {f.jurisdiction} {f.topic}: last verified "
            f"{f.verified.isoformat()} ({self.age_days} days ago); re-check {f.citation} "
            f"against {f.source} before relying on it"
        )


class LawBook:
    """All loaded jurisdictions, by code ("US", "US-CA", ...)."""

    def __init__(self, jurisdictions: Mapping[str, Jurisdiction]) -> None:
        self._by_code = MappingProxyType(dict(sorted(jurisdictions.items())))

    def __iter__(self) -> Iterator[Jurisdiction]:
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and normalise(code) in self._by_code

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._by_code)

    def jurisdiction(self, code: str) -> Jurisdiction:
        """The jurisdiction for ``code`` (case-insensitive); raises
        :class:`UnknownJurisdiction` with did-you-mean suggestions."""
        found = self._by_code.get(normalise(code))
        if found is None:
            raise UnknownJurisdiction(code, self.suggest(code))
        return found

    def suggest(self, code: str) -> tuple[str, ...]:
        """Close codes for a mistyped one: "US-CX" -> US-CA, US-CO; "CA" or
        "california" -> US-CA."""
        wanted = normalise(code)
        out: list[str] = []
        if f"US-{wanted}" in self._by_code:
            out.append(f"US-{wanted}")
        names = {j.name.upper(): j.code for j in self}
        out += [names[n] for n in difflib.get_close_matches(wanted, names, n=2, cutoff=0.7)]
        out += difflib.get_close_matches(wanted, self.codes, n=3, cutoff=0.6)
        return tuple(dict.fromkeys(out))[:3]

    def floor(self, code: str, topic: str, *, inherit: bool = True) -> Floor | None:
        """The floor for ``topic`` in ``code``; with ``inherit``, a state without one
        falls back to its parent (federal) level. None when no law sets one."""
        return next(iter(self.floors(code, topic, inherit=inherit)), None)

    def floors(self, code: str, topic: str, *, inherit: bool = True) -> tuple[Floor, ...]:
        """Every floor for ``topic`` that applies in ``code``, most specific first
        (the state's, then the federal one)."""
        if topic not in TOPICS:
            close = difflib.get_close_matches(topic, TOPICS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise KeyError(f"unknown legal-floor topic {topic!r}{hint}")
        out: list[Floor] = []
        current: Jurisdiction | None = self.jurisdiction(code)
        while current is not None:
            found = current.get(topic)
            if found is not None:
                out.append(found)
            if not inherit or current.parent is None:
                break
            current = self._by_code.get(current.parent)
        return tuple(out)

    def stale(self, today: dt.date, *, max_age_days: int = MAX_AGE_DAYS) -> list[Stale]:
        """Floors verified more than ``max_age_days`` before ``today`` (pass the date in,
        so tests can fix it)."""
        out = []
        for jurisdiction in self:
            for f in jurisdiction.floors:
                age = (today - f.verified).days
                if age > max_age_days:
                    out.append(Stale(f, age))
        return out

    def to_json(self) -> dict[str, object]:
        return {"schema_version": 1, "jurisdictions": [j.to_json() for j in self]}


def normalise(code: str) -> str:
    return code.strip().upper().replace("_", "-")


def load(directory: str | Path | None = None) -> LawBook:
    """Load and validate the law files in ``directory`` (default: the bundled ones).
    Raises :class:`LawError` listing every problem as ``file:line: message``."""
    if directory is None:
        return bundled()
    return LawBook({j.code: j for j in load_directory(Path(directory))})


@functools.cache
def bundled() -> LawBook:
    """The bundled law files, parsed and validated once per process."""
    jurisdictions = load_directory(DATA_DIR, display_root=DATA_DIR.parent.parent)
    return LawBook({j.code: j for j in jurisdictions})


def floor(jurisdiction: str, topic: str, *, book: LawBook | None = None) -> Floor | None:
    """The floor for ``topic`` in ``jurisdiction`` (state first, then federal)."""
    return (book or bundled()).floor(jurisdiction, topic)


def floors(jurisdiction: str, topic: str, *, book: LawBook | None = None) -> tuple[Floor, ...]:
    """Every floor for ``topic`` in ``jurisdiction``, the state's first."""
    return (book or bundled()).floors(jurisdiction, topic)


def stale(
    today: dt.date, *, book: LawBook | None = None, max_age_days: int = MAX_AGE_DAYS
) -> list[Stale]:
    """Floors whose verification is more than a year old on ``today`` (severity info)."""
    return (book or bundled()).stale(today, max_age_days=max_age_days)
