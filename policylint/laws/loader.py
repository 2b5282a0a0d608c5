"""Read and validate the legal-floor files (``policylint/laws/<CODE>.yaml``).

Every problem is reported as ``file:line: what is wrong`` and all problems in all files
are collected before loading fails, e.g.::

    policylint/laws/US-CA.yaml:14: floor 'bereavement': minimum.per_death: expected an
    amount such as {value: 5, unit: day}

The YAML is read with PyYAML's safe loader (plain data only) plus line numbers. The
engine's loader has an equivalent, but it is being rewritten and raises rule errors;
this module keeps its own twenty lines so that law data never depends on rule code.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from .model import (
    CONDITIONS,
    FIELDS,
    TOPICS,
    UNITS,
    Accrual,
    Amount,
    Check,
    Conditions,
    Floor,
    Jurisdiction,
    Tier,
    Value,
)

CODE_RE = re.compile(r"^US(-[A-Z]{2})?$")
FILE_FIELDS = ("jurisdiction", "name", "notes", "floors")
FLOOR_FIELDS = (
    "topic",
    "law",
    "citation",
    "effective",
    "source",
    "verified",
    "minimum",
    "conditions",
    "checked",
    "notes",
    "left_out",
)
REQUIRED_FLOOR_FIELDS = ("topic", "law", "citation", "source", "verified", "minimum", "checked")


class LawError(Exception):
    """One or more problems in the law files; ``problems`` holds one line each."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


# -- YAML with line numbers ---------------------------------------------------------


class _Map(dict):  # type: ignore[type-arg]
    line: int = 0
    lines: dict[Any, int]


class _Seq(list):  # type: ignore[type-arg]
    line: int = 0
    lines: list[int]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _mapping(loader: Any, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    out = _Map()
    out.line, out.lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


def _sequence(loader: Any, node: yaml.SequenceNode) -> _Seq:
    out = _Seq(loader.construct_object(child, deep=True) for child in node.value)
    out.line, out.lines = node.start_mark.line + 1, [c.start_mark.line + 1 for c in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def _line(container: Any, key: Any = None) -> int:
    lines = getattr(container, "lines", None)
    if isinstance(lines, dict) and key in lines:
        return int(lines[key])
    if isinstance(lines, list) and isinstance(key, int) and 0 <= key < len(lines):
        return lines[key]
    return int(getattr(container, "line", 0))


# -- loading --------------------------------------------------------------------------


def law_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if p.is_file())


def load_directory(directory: Path, display_root: Path | None = None) -> list[Jurisdiction]:
    """Load every ``*.yaml`` in ``directory``; raise :class:`LawError` listing all problems."""
    problems: list[str] = []
    result: list[Jurisdiction] = []
    for path in law_files(directory):
        shown = _display(path, display_root)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{shown}: cannot read: {exc}")
            continue
        jurisdiction, found = parse_jurisdiction(text, shown, expected_code=path.stem)
        problems.extend(found)
        if jurisdiction is not None and not found:
            result.append(jurisdiction)
    if not result and not problems:
        problems.append(f"{_display(directory, display_root)}: no law files (*.yaml)")
    if problems:
        raise LawError(problems)
    return result


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return str(path)


def parse_jurisdiction(
    text: str, source: str, *, expected_code: str | None = None
) -> tuple[Jurisdiction | None, list[str]]:
    """Parse and validate one file's text. Returns the jurisdiction (None when the file
    is unusable) and the list of problems, each ``source:line: message``."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return None, [f"{source}:{mark.line + 1 if mark else 0}: invalid YAML: {exc.problem}"]
    except yaml.YAMLError as exc:
        return None, [f"{source}: invalid YAML: {exc}"]
    checker = _Checker(source)
    jurisdiction = checker.file(data, expected_code)
    return jurisdiction, checker.problems


class _Checker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []

    def error(self, line: int, message: str) -> None:
        self.problems.append(f"{self.source}:{line}: {message}")

    def unknown(self, data: _Map, allowed: tuple[str, ...], where: str) -> None:
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.error(_line(data, key), f"{where}unknown field {key!r}{hint}")

    # file level

    def file(self, data: Any, expected_code: str | None) -> Jurisdiction | None:
        if not isinstance(data, _Map):
            self.error(1, "expected a mapping with jurisdiction, name and floors")
            return None
        self.unknown(data, FILE_FIELDS, "")
        for key in ("jurisdiction", "name", "floors"):
            if key not in data:
                self.error(data.line, f"missing field {key!r}")
        code = data.get("jurisdiction")
        if "jurisdiction" in data:
            if not isinstance(code, str) or not CODE_RE.match(code):
                self.error(
                    _line(data, "jurisdiction"),
                    f"jurisdiction {code!r} is not a code such as 'US' or 'US-CA'",
                )
                code = None
            elif expected_code is not None and code != expected_code:
                self.error(
                    _line(data, "jurisdiction"),
                    f"jurisdiction {code!r} does not match the file name ({expected_code}.yaml)",
                )
        name = self.text(data, "name", "") if "name" in data else ""
        notes = self.text(data, "notes", "", optional=True)
        floors: list[Floor] = []
        raw = data.get("floors")
        if "floors" in data:
            if not isinstance(raw, _Seq) or not raw:
                self.error(_line(data, "floors"), "floors: expected a non-empty list")
            else:
                seen: dict[str, int] = {}
                for i, item in enumerate(raw):
                    floor = self.floor(item, _line(raw, i), code or "?")
                    if floor is None:
                        continue
                    if floor.topic in seen:
                        self.error(
                            floor.line,
                            f"floor {floor.topic!r}: duplicate topic (first at line "
                            f"{seen[floor.topic]})",
                        )
                    seen.setdefault(floor.topic, floor.line)
                    floors.append(floor)
        if self.problems or code is None:
            return None
        return Jurisdiction(code, name, tuple(floors), notes, self.source)

    def text(self, data: _Map, key: str, where: str, *, optional: bool = False) -> str:
        value = data.get(key)
        if value is None and optional:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.error(_line(data, key), f"{where}{key}: expected non-empty text")
            return ""
        return value.strip()

    def date(self, data: _Map, key: str, where: str) -> dt.date | None:
        value = data.get(key)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        self.error(_line(data, key), f"{where}{key}: expected a date such as 2026-12-04")
        return None

    # one floor

    def floor(self, item: Any, line: int, code: str) -> Floor | None:
        if not isinstance(item, _Map):
            self.error(line, "floor: expected a mapping")
            return None
        topic = item.get("topic")
        where = f"floor {topic!r}: " if isinstance(topic, str) else "floor: "
        before = len(self.problems)
        self.unknown(item, FLOOR_FIELDS, where)
        for key in REQUIRED_FLOOR_FIELDS:
            if key not in item:
                self.error(item.line, f"{where}missing field {key!r}")
        if "topic" in item and topic not in TOPICS:
            close = difflib.get_close_matches(str(topic), TOPICS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            self.error(_line(item, "topic"), f"{where}unknown topic {topic!r}{hint}")
        law = self.text(item, "law", where) if "law" in item else ""
        citation = self.text(item, "citation", where) if "citation" in item else ""
        source = self.text(item, "source", where) if "source" in item else ""
        if source and not re.match(r"^https?://\S+$", source):
            self.error(_line(item, "source"), f"{where}source: expected an http(s) link")
        verified = self.date(item, "verified", where) if "verified" in item else None
        left_out = self.left_out(item, where)
        effective = None
        if "effective" in item:
            effective = self.date(item, "effective", where)
        elif "effective" not in left_out and "topic" in item:
            self.error(
                item.line,
                f"{where}missing field 'effective' (or say why under left_out: effective)",
            )
        notes = self.text(item, "notes", where, optional=True)
        checked = self.checked(item, where)
        conditions = self.conditions(item, where)
        minimum = self.minimum(item, topic if isinstance(topic, str) else "", where)
        if len(self.problems) > before or verified is None or not isinstance(topic, str):
            return None
        return Floor(
            jurisdiction=code,
            topic=topic,
            law=law,
            citation=citation,
            effective=effective,
            source=source,
            verified=verified,
            minimum=MappingProxyType(minimum),
            conditions=conditions,
            checked=checked,
            notes=notes,
            left_out=MappingProxyType(left_out),
            file=self.source,
            line=item.line,
        )

    def left_out(self, item: _Map, where: str) -> dict[str, str]:
        raw = item.get("left_out")
        if raw is None:
            return {}
        if not isinstance(raw, _Map):
            self.error(_line(item, "left_out"), f"{where}left_out: expected field: reason")
            return {}
        allowed = ("effective", *FIELDS, *CONDITIONS)
        out: dict[str, str] = {}
        for key, reason in raw.items():
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.error(_line(raw, key), f"{where}left_out: unknown field {key!r}{hint}")
            elif not isinstance(reason, str) or not reason.strip():
                self.error(_line(raw, key), f"{where}left_out.{key}: give the reason as text")
            else:
                out[str(key)] = " ".join(reason.split())
        return out

    def checked(self, item: _Map, where: str) -> tuple[Check, ...]:
        raw = item.get("checked")
        if "checked" not in item:
            return ()
        if not isinstance(raw, _Seq) or not raw:
            self.error(_line(item, "checked"), f"{where}checked: expected a non-empty list")
            return ()
        out: list[Check] = []
        for i, entry in enumerate(raw):
            line = _line(raw, i)
            if not isinstance(entry, _Map) or set(entry) != {"url", "read"}:
                self.error(line, f"{where}checked: each entry needs exactly url and read")
                continue
            url, read = entry["url"], entry["read"]
            if not isinstance(url, str) or not re.match(r"^https?://\S+$", url):
                self.error(_line(entry, "url"), f"{where}checked.url: expected an http(s) link")
            elif not isinstance(read, str) or not read.strip():
                self.error(_line(entry, "read"), f"{where}checked.read: say what was read")
            else:
                out.append(Check(url, " ".join(read.split())))
        return tuple(out)

    def conditions(self, item: _Map, where: str) -> Conditions:
        raw = item.get("conditions")
        if raw is None:
            return Conditions()
        if not isinstance(raw, _Map):
            self.error(_line(item, "conditions"), f"{where}conditions: expected a mapping")
            return Conditions()
        self.unknown(raw, tuple(CONDITIONS), f"{where}conditions: ")
        values: dict[str, int] = {}
        for key, value in raw.items():
            if key not in CONDITIONS:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                self.error(_line(raw, key), f"{where}conditions.{key}: expected a whole number")
            else:
                values[str(key)] = value
        return Conditions(**values)

    def minimum(self, item: _Map, topic: str, where: str) -> dict[str, Value]:
        raw = item.get("minimum")
        if "minimum" not in item:
            return {}
        if not isinstance(raw, _Map) or not raw:
            self.error(_line(item, "minimum"), f"{where}minimum: expected a non-empty mapping")
            return {}
        out: dict[str, Value] = {}
        for key, value in raw.items():
            line = _line(raw, key)
            spec = FIELDS.get(str(key))
            if spec is None:
                close = difflib.get_close_matches(str(key), list(FIELDS), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.error(line, f"{where}minimum: unknown field {key!r}{hint}")
                continue
            if topic and topic not in spec.topics:
                self.error(
                    line,
                    f"{where}minimum.{key}: not a field of topic {topic!r} "
                    f"(it belongs to {', '.join(spec.topics)})",
                )
                continue
            parsed = self.value(spec.kind, spec.units, value, line, f"{where}minimum.{key}")
            if parsed is not None:
                out[str(key)] = parsed
        if "paid" in out and ("paid_min_employees" in out or "tiers" in out):
            self.error(
                _line(raw, "paid"),
                f"{where}minimum.paid: leave it out when paid_min_employees or tiers decide it",
            )
        if "hours_per_year" in out and "tiers" in out:
            self.error(
                _line(raw, "hours_per_year"),
                f"{where}minimum.hours_per_year: leave it out when tiers give the hours",
            )
        return out

    def value(self, kind: str, units: tuple[str, ...], value: Any, line: int, where: str) -> Any:
        if kind == "bool":
            if isinstance(value, bool):
                return value
            self.error(line, f"{where}: expected true or false")
        elif kind == "int":
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                return value
            self.error(line, f"{where}: expected a whole number")
        elif kind == "amount":
            if (
                isinstance(value, _Map)
                and set(value) == {"value", "unit"}
                and _positive(value["value"])
                and value["unit"] in (units or UNITS)
            ):
                return Amount(value["value"], value["unit"])
            self.error(
                line,
                f"{where}: expected an amount such as {{value: 5, unit: day}} with unit "
                f"{' | '.join(units or UNITS)}",
            )
        elif kind == "accrual":
            if (
                isinstance(value, _Map)
                and set(value) == {"hours", "per_hours_worked"}
                and _positive(value["hours"])
                and _positive(value["per_hours_worked"])
            ):
                return Accrual(value["hours"], value["per_hours_worked"])
            self.error(line, f"{where}: expected {{hours: 1, per_hours_worked: 30}}")
        elif kind == "tiers":
            return self.tiers(value, line, where)
        return None

    def tiers(self, value: Any, line: int, where: str) -> tuple[Tier, ...] | None:
        keys = {"min_employees", "max_employees", "hours_per_year", "paid"}
        if not isinstance(value, _Seq) or not value:
            self.error(line, f"{where}: expected a list of tiers")
            return None
        tiers: list[Tier] = []
        for i, t in enumerate(value):
            tl = _line(value, i)
            ok = (
                isinstance(t, _Map)
                and set(t) == keys
                and isinstance(t["min_employees"], int)
                and (t["max_employees"] is None or isinstance(t["max_employees"], int))
                and isinstance(t["hours_per_year"], int)
                and isinstance(t["paid"], bool)
            )
            if not ok:
                self.error(
                    tl,
                    f"{where}: each tier needs min_employees, max_employees (a number or "
                    "null), hours_per_year and paid",
                )
                return None
            tiers.append(
                Tier(t["min_employees"], t["max_employees"], t["hours_per_year"], t["paid"])
            )
        expected = 1
        for t in tiers:
            if t.min_employees != expected or (
                t.max_employees is not None and t.max_employees < t.min_employees
            ):
                self.error(line, f"{where}: tiers must cover 1+ employees in order, without gaps")
                return None
            expected = (t.max_employees or 0) + 1
        if tiers[-1].max_employees is not None:
            self.error(line, f"{where}: the last tier needs max_employees: null")
            return None
        return tuple(tiers)


def _positive(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0
