"""The legal-floor citation of a finding (its ``law`` object), in words, for every
output: "California: Cal. Gov. Code § 12945.7 (California bereavement leave (AB 1949);
in effect since 2023-01-01; verified 2026-12-04): 5 days per death; ..."."""

from __future__ import annotations

from typing import Any


def citation_line(law: dict[str, Any], *, source: bool = False) -> str:
    """One floor: jurisdiction, citation, law, effective date, verification and minimum."""
    from ..engine.legal import jurisdiction_name

    where = jurisdiction_name(str(law.get("jurisdiction", "")))
    facts = [str(law.get("law", ""))]
    if law.get("effective"):
        facts.append(f"in effect since {law['effective']}")
    facts.append(f"verified {law.get('verified')}")
    text = f"{where}: {law.get('citation')} ({'; '.join(facts)}): {law.get('summary')}"
    if source and law.get("source"):
        text += f"; source: {law['source']}"
    return text


def all_floors(law: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The floor a finding falls below, then the other jurisdictions' ("also")."""
    if not law:
        return []
    return [law, *law.get("also", [])]
