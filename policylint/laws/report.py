"""Text and JSON views of the legal floors, for ``policylint laws list`` and ``show``."""

from __future__ import annotations

import json
import textwrap

from . import LawBook, Stale
from .model import TOPIC_TITLES, Floor, Jurisdiction

DISCLAIMER = (
    "Not legal advice: statutory minimums as verified on the dates shown, without local "
    "ordinances. Check the source before relying on a value."
)


def list_text(book: LawBook) -> str:
    rows = [
        (j.code, j.name, ", ".join(j.topics), j.verified.isoformat() if j.verified else "-")
        for j in book
    ]
    head = ("JURISDICTION", "NAME", "TOPICS", "VERIFIED")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(3)]
    lines = [
        f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}"
        for r in [head, *rows]
    ]
    n = sum(len(j.floors) for j in book)
    lines.append("")
    lines.append(f"{n} floors in {len(book)} jurisdictions. {DISCLAIMER}")
    lines.append("Details: policylint laws show US-CA")
    return "\n".join(lines) + "\n"


def list_json(book: LawBook) -> str:
    data = {
        "schema_version": 1,
        "jurisdictions": [
            {
                "jurisdiction": j.code,
                "name": j.name,
                "parent": j.parent,
                "topics": list(j.topics),
                "verified": {f.topic: f.verified.isoformat() for f in j.floors},
            }
            for j in book
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def show_text(jurisdiction: Jurisdiction, *, width: int = 100) -> str:
    out = [f"{jurisdiction.name} ({jurisdiction.code}): legal floors", ""]
    label_width = 12
    indent = " " * (label_width + 2)

    def field(label: str, value: str) -> None:
        wrapped = textwrap.wrap(
            value, width - len(indent), break_long_words=False, break_on_hyphens=False
        ) or [""]
        out.append(f"  {label:<{label_width}}{wrapped[0]}")
        out.extend(indent + line for line in wrapped[1:])

    for f in jurisdiction.floors:
        out.append(f"{f.topic}  ({TOPIC_TITLES.get(f.topic, f.topic)})")
        field("law", f.law)
        field("minimum", f.describe())
        field("conditions", "; ".join(f.conditions.describe()) or "none found in the sources read")
        field("citation", f.citation)
        field("effective", _effective(f))
        field("source", f.source)
        field("verified", f.verified.isoformat())
        for name, reason in f.left_out.items():
            if name != "effective":
                field("left out", f"{name}: {reason}")
        if f.notes:
            field("notes", f.notes)
        out.append("")
    if jurisdiction.notes:
        out.extend(textwrap.wrap(jurisdiction.notes, width))
        out.append("")
    out.extend(textwrap.wrap(DISCLAIMER, width))
    return "\n".join(out) + "\n"


def show_json(jurisdiction: Jurisdiction) -> str:
    data = {"schema_version": 1, **jurisdiction.to_json()}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def stale_lines(items: list[Stale]) -> list[str]:
    return [f"{s.severity}: {s.message}" for s in items]


def stale_summary(items: list[Stale]) -> list[str]:
    by_code: dict[str, list[Stale]] = {}
    for s in items:
        by_code.setdefault(s.floor.jurisdiction, []).append(s)
    out = []
    for code, group in by_code.items():
        oldest = min(s.floor.verified for s in group)
        n = len(group)
        out.append(
            f"{group[0].severity}: {code}: {n} floor{'s' if n != 1 else ''} last verified more "
            f"than a year ago (oldest {oldest.isoformat()}); re-check before relying on "
            f"{'them' if n != 1 else 'it'} (policylint laws show {code})"
        )
    return out


def _effective(f: Floor) -> str:
    if f.effective is not None:
        return f.effective.isoformat()
    reason = f.left_out.get("effective", "")
    return f"not given ({reason})" if reason else "not given"
