"""Message and suggestion templates: Jinja2 in an immutable sandbox.

Rule files are data that users write and share, so their templates render in
``ImmutableSandboxedEnvironment`` with ``StrictUndefined``: a typo is an error, not
an empty string, and a template cannot reach Python internals. Output is plain text;
the HTML report escapes it.

Variables available to a template:

``match``     the matched words
``sentence``  the sentence containing them
``quantity``  the quantity matched by a ``quantity`` kind, else None; fields ``text``,
              ``value`` (the high end), ``low``, ``high``, ``unit``, ``per``,
              ``normalised`` (in the rule's unit and period)
``params``    the rule's params after configuration overrides
``rule``      ``id``, ``title``, ``category``, ``severity``

Filters:

``num``     a number for prose: ``27.692 | num`` is ``27.7``, ``5.0 | num`` is ``5``.
``plural``  a count with its noun, in the right number:
            ``params.days | plural("business day")`` is ``1 business day`` or
            ``2 business days``; give the plural when it is not regular:
            ``n | plural("child", "children")``, ``n | plural("hour of notice",
            "hours of notice")``.
``noun``    the noun alone, in the right number for the count:
            ``n | noun("day")`` is ``day`` or ``days`` (for "{{ n }} working {{ n |
            noun('day') }}").

Never write ``day(s)``: it reaches a handbook verbatim when a reviewer accepts the
rewrite.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")

ALLOWED_VARIABLES = frozenset({"match", "sentence", "quantity", "params", "rule"})


def num(value: Any, digits: int = 1) -> str:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return str(value)
    if f.is_integer():
        return f"{int(f):,}"
    return f"{f:,.{digits}f}".rstrip("0").rstrip(".")


def _is_one(value: Any) -> bool:
    try:
        return float(value) == 1.0
    except (TypeError, ValueError):
        return str(value).strip().lower() in ("1", "one")


def _regular_plural(word: str) -> str:
    """English plural of the last word of ``word`` ("business day" -> "business days")."""
    head, _, last = word.rpartition(" ")
    lower = last.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        plural = last + "es"
    elif lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


def noun(count: Any, word: str, words: str | None = None) -> str:
    """``word`` when ``count`` is one, else its plural (``words`` or the regular one)."""
    if _is_one(count):
        return word
    return words if words is not None else _regular_plural(word)


def plural(count: Any, word: str, words: str | None = None) -> str:
    """``1 business day``, ``2 business days``, ``1.5 hours``."""
    return f"{num(count)} {noun(count, word, words)}"


@lru_cache(maxsize=1)
def environment():  # type: ignore[no-untyped-def]
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False
    )
    env.filters["num"] = num
    env.filters["plural"] = plural
    env.filters["noun"] = noun
    return env


@lru_cache(maxsize=2048)
def compile_template(source: str):  # type: ignore[no-untyped-def]
    return environment().from_string(source)


def check_template(
    source: str, params: dict[str, Any], allowed: frozenset[str] = ALLOWED_VARIABLES
) -> str | None:
    """Static check: syntax, unknown variables, unknown params. Returns an error
    message or None."""
    from jinja2 import TemplateSyntaxError, meta, nodes

    env = environment()
    try:
        ast = env.parse(source)
    except TemplateSyntaxError as exc:
        return f"template syntax error: {exc.message} (template line {exc.lineno})"
    unknown = meta.find_undeclared_variables(ast) - allowed
    if unknown:
        names = ", ".join(sorted(unknown))
        available = ", ".join(sorted(allowed))
        return f"template uses unknown variable(s) {names}; available: {available}"
    for node in ast.find_all(nodes.Getattr):
        if (
            isinstance(node.node, nodes.Name)
            and node.node.name == "params"
            and node.attr not in params
        ):
            return f"template uses params.{node.attr}, which the rule does not define"
    for node in ast.find_all(nodes.Getitem):
        if (
            isinstance(node.node, nodes.Name)
            and node.node.name == "params"
            and isinstance(node.arg, nodes.Const)
            and node.arg.value not in params
        ):
            return f"template uses params[{node.arg.value!r}], which the rule does not define"
    return None


def render(source: str, variables: dict[str, Any]) -> str:
    """Render one template. Whitespace inside a paragraph is collapsed (so YAML line
    folding does not leak); blank lines separate paragraphs and are kept."""
    text = compile_template(source).render(**variables)
    paragraphs = (" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text))
    return "\n\n".join(p for p in paragraphs if p)
