"""Paste-ready wording: every bundled rule's title, message and each suggested rewrite,
rendered with its default params and with changed ones, reads as finished English.

A rewrite goes into a handbook verbatim (``annotate --suggest-edits`` then Accept All),
so "answered within 1 business day(s)" must never be produced, and no template syntax
may survive rendering. Templates use the ``plural`` / ``noun`` filters instead
(policylint/engine/suggest.py).

Each text is rendered two ways: directly, with the rule's params and a quantity of 1
and of 2 (and none), and through the engine on each of the rule's flag examples. The
failure lists every offending rule id with the text that shows the residue. This test is
deliberately not marked xfail: residue in a rule file is a defect to fix in that file.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest

from policylint.api import get_engine, load_ruleset
from policylint.config import Config
from policylint.engine import suggest
from policylint.engine.loader import RuleSet, load_rules
from policylint.engine.model import Rule

RESIDUE = re.compile(r"\(s\)|\{\{|\}\}|\{%|%\}")


@cache
def ruleset() -> RuleSet:
    return load_rules()


def param_variants(rule: Rule) -> list[dict[str, Any]]:
    """Defaults, then every number set to 1, to 2, and to its default plus one."""
    numbers = {
        k: v
        for k, v in rule.params.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    }
    variants: list[dict[str, Any]] = [dict(rule.params)]
    if numbers:
        for change in (lambda v: 1, lambda v: 2, lambda v: v + 1):
            variants.append({**rule.params, **{k: change(v) for k, v in numbers.items()}})
    return variants


def quantity(value: float) -> dict[str, Any]:
    return {
        "text": f"{value:g} days",
        "value": value,
        "low": value,
        "high": value,
        "unit": "day",
        "per": "year",
        "bound": None,
        "normalised": value,
    }


def texts_direct(rule: Rule) -> list[tuple[str, str]]:
    """(what, rendered text) for each template of the rule, each variant that renders."""
    out = []
    for params in param_variants(rule):
        for q in (None, quantity(1), quantity(2)):
            variables = {
                "match": "the matched words",
                "sentence": "The whole sentence with the matched words.",
                "quantity": q,
                "params": params,
                "rule": {
                    "id": rule.id,
                    "title": rule.title,
                    "category": rule.category,
                    "severity": str(rule.severity),
                },
            }
            for what, template in (
                ("title", rule.title),
                ("message", rule.message),
                *((f"suggestion {n}", s) for n, s in enumerate(rule.suggest, 1)),
            ):
                try:
                    text = suggest.render(template, variables)
                except Exception:
                    continue  # needs a real match (e.g. a quantity): the engine pass covers it
                out.append((f"{what} with {params} and quantity {q and q['value']}", text))
    return out


def texts_from_engine(params_for: str) -> dict[str, list[tuple[str, str]]]:
    """(what, text) of every finding each rule produces on its flag examples, by rule id,
    with the default params or with every number changed (default plus one)."""
    overrides: dict[str, dict[str, Any]] = {}
    if params_for != "default":
        for rule in ruleset():
            variants = param_variants(rule)
            if len(variants) > 1:
                overrides[rule.id] = {
                    k: v for k, v in variants[-1].items() if variants[-1][k] != rule.params[k]
                }
    config = Config(params=overrides)
    chosen = load_ruleset(config)
    engine = get_engine(chosen, config)
    out: dict[str, list[tuple[str, str]]] = {}
    for rule in chosen:
        for example in rule.flag_examples or ("",):
            for f in engine.check_text(example, rule):
                if f.rule != rule.id:
                    continue
                for what, text in (
                    ("title", f.title),
                    ("message", f.message),
                    *((f"suggestion {n}", s) for n, s in enumerate(f.suggestions, 1)),
                ):
                    out.setdefault(rule.id, []).append(
                        (f"{what} ({params_for} params) on {example[:50]!r}", text)
                    )
    return out


def test_plural_filter_is_available_to_rules() -> None:
    assert suggest.render('{{ 1 | plural("business day") }}', {}) == "1 business day"
    assert suggest.render('{{ 2 | plural("business day") }}', {}) == "2 business days"


@pytest.mark.slow
def test_every_rule_renders_finished_wording() -> None:
    offending: dict[str, str] = {}
    rendered = 0
    for rule in ruleset():
        for what, text in texts_direct(rule):
            rendered += 1
            if RESIDUE.search(text) and rule.id not in offending:
                offending[rule.id] = f"{what}: {text}"
    for params_for in ("default", "changed"):
        for rule_id, items in texts_from_engine(params_for).items():
            for what, text in items:
                rendered += 1
                if RESIDUE.search(text) and rule_id not in offending:
                    offending[rule_id] = f"{what}: {text}"
    assert rendered > 3 * len(ruleset())
    report = "\n".join(f"{rid}: {detail[:300]}" for rid, detail in sorted(offending.items()))
    assert not offending, f"{len(offending)} rule(s) render '(s)' or template syntax:\n{report}"
