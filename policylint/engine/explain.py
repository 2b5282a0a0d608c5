"""A rule's match in words, with the concepts it uses spelled out (``rules show``)."""

from __future__ import annotations

from .concepts import Concept, references
from .model import (
    Absent,
    All,
    Any_,
    ConceptLeaf,
    Frame,
    MatchNode,
    Not,
    Patterns,
    QuantityMatch,
    Regex,
    Rule,
)

_SOURCES = {
    "clause": "the same clause",
    "sentence": "earlier in the sentence",
    "lead": "a list's lead-in or a table cell's headers",
    "heading": "the section heading",
}


def describe_match(rule: Rule) -> list[str]:
    """Lines describing how ``rule`` matches, indented by depth."""
    lines: list[str] = []
    scope = {
        "document": "Fires once per document",
        "span": "Within one clause group"
        if rule.within == "clause"
        else "Within one sentence (parts may come from different clauses)",
    }[rule.scope]
    lines.append(scope + ":")
    _node(rule.match, 1, lines)
    if rule.requires:
        lines.append("Only checked when the document mentions each of:")
        for node in rule.requires:
            _node(node, 1, lines)
    return lines


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(n if not n.startswith("~") else "(its own terms)" for n in names)


def _node(node: MatchNode, depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    if isinstance(node, Frame):
        lines.append(f"{pad}a restriction: {_names(node.restriction)}")
        sources = ", ".join(_SOURCES[s] for s in node.topic_from)
        lines.append(f"{pad}on a topic: {_names(node.topic)} (found in {sources})")
        if node.actor:
            lines.append(f"{pad}about a {node.actor}, not a {_other(node.actor)}")
        if node.unless:
            lines.append(f"{pad}unless: {_names(node.unless)}")
    elif isinstance(node, ConceptLeaf):
        lines.append(f"{pad}any term of: {_names(node.names)}")
    elif isinstance(node, All):
        lines.append(f"{pad}all of:")
        for child in node.children:
            _node(child, depth + 1, lines)
    elif isinstance(node, Any_):
        lines.append(f"{pad}any of:")
        for child in node.children:
            _node(child, depth + 1, lines)
    elif isinstance(node, Not):
        lines.append(f"{pad}and not:")
        _node(node.child, depth + 1, lines)
    elif isinstance(node, Absent):
        lines.append(f"{pad}when nothing in the document matches:")
        _node(node.child, depth + 1, lines)
    elif isinstance(node, QuantityMatch):
        parts = [f"unit {', '.join(u or 'none' for u in node.units)}" if node.units else "a number"]
        if node.per:
            parts.append(f"per {node.per}")
        if node.compare:
            parts.append(f"{node.compare[0].replace('_', ' ')} {node.compare[1]}")
        if node.topic:
            near = "in the sentence" if node.near is None else f"within {node.near} words"
            parts.append(f"near {', '.join(node.topic)} ({near})")
        lines.append(f"{pad}a quantity: {'; '.join(parts)}")
    elif isinstance(node, Regex):
        lines.append(f"{pad}the regular expression {node.pattern!r}")
    elif isinstance(node, Patterns):
        n = len(node.patterns)
        lines.append(f"{pad}{n} spaCy token pattern{'' if n == 1 else 's'}")


def _other(actor: str) -> str:
    return "client" if actor == "worker" else "clinician"


def concepts_used(rule: Rule, concepts: dict[str, Concept]) -> list[Concept]:
    """Every concept the rule uses, with the concepts those refer to, in order."""
    names: list[str] = []

    def add(name: str) -> None:
        if name in names or name not in concepts:
            return
        names.append(name)
        c = concepts[name]
        if not c.literal:
            for entry in (*c.terms, *c.exclude):
                for ref in sorted(references(entry)):
                    add(ref)

    from .model import walk

    for top in (rule.match, *(rule.requires or ())):
        for node in walk(top):
            if isinstance(node, ConceptLeaf):
                for n in node.names:
                    add(n)
            elif isinstance(node, Frame):
                for n in (*node.topic, *node.restriction, *node.unless):
                    add(n)
                if node.actor:
                    for n in ("worker", "client", "second-person"):
                        add(n)
            elif isinstance(node, QuantityMatch):
                for t in node.topic:
                    if t.startswith("@"):
                        add(t[1:])
    return [concepts[n] for n in names]
