"""A rule's texts rendered without a match: for ``rules list``, ``rules show`` and the
SARIF rule descriptors.

Titles, messages and rewrites are templates (``Bereavement leave shorter than {{
params.min_days }} days``). Wherever a rule is shown on its own, they are rendered with
the rule's params (after configuration overrides), never printed raw. A template that
needs the match (a quantity, say) falls back to the text of a finding of that rule when
one is at hand, else to the template with each expression replaced by "…".

This module imports only the standard library and Jinja2 (through
:mod:`policylint.engine.suggest`); never spaCy.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine.model import Rule

_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_STATEMENT = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def variables(rule: Rule, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Template variables for a rule shown on its own (no match, no quantity)."""
    return {
        "match": "",
        "sentence": "",
        "quantity": None,
        "params": {**rule.params, **(params or {})},
        "rule": {
            "id": rule.id,
            "title": rule.title,
            "category": rule.category,
            "severity": str(rule.severity),
        },
    }


def render(
    rule: Rule, template: str, params: dict[str, Any] | None = None, fallback: str | None = None
) -> str:
    """``template`` rendered for ``rule`` without a match."""
    from .engine import suggest

    try:
        return suggest.render(template, variables(rule, params))
    except Exception:
        if fallback is not None:
            return fallback
        return " ".join(_STATEMENT.sub("", _EXPRESSION.sub("…", template)).split())


def title(rule: Rule, params: dict[str, Any] | None = None) -> str:
    """The rule's title with its params filled in."""
    return render(rule, rule.title, params)
