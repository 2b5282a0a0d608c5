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

Filter ``num`` formats a number for prose: ``27.692 | num`` is ``27.7``, ``5.0 | num``
is ``5``.
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


@lru_cache(maxsize=1)
def environment():  # type: ignore[no-untyped-def]
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False
    )
    env.filters["num"] = num
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
