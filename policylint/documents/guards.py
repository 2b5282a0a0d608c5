"""Structural caps checked on the text of a Markdown or HTML file before its parser
sees it, so that the reading time budget is the last line of defence, not the first.

No policy nests brackets 256 deep or consists mostly of character references; a file
that does is refused with one line instead of being handed to a parser (or, later,
to the tokenizer) that would spend minutes on it. HTML element nesting is capped in
the HTML extractor itself (:class:`~policylint.documents.html.Extractor`).
"""

from __future__ import annotations

import re

from .model import DocumentError, Limits

#: brackets and blank lines (a blank line ends a Markdown paragraph, and with it any
#: bracket nesting the inline parser could see)
_BRACKETS = re.compile(r"[\[\](){}]|\n[ \t]*(?=\n)")
_OPENERS = frozenset("[({")
_CHAR_REF = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});")


def check_bracket_nesting(text: str, limits: Limits) -> None:
    """Refuse text whose brackets (``[`` ``(`` ``{``, counted together) nest deeper
    than ``limits.max_nesting`` within one paragraph."""
    if text.count("[") + text.count("(") + text.count("{") <= limits.max_nesting:
        return
    depth = 0
    for m in _BRACKETS.finditer(text):
        ch = m.group()
        if ch in _OPENERS:
            depth += 1
            if depth > limits.max_nesting:
                line = text.count("\n", 0, m.start()) + 1
                raise DocumentError(
                    f"brackets nest more than {limits.max_nesting} deep (line {line}); "
                    "this is not prose: check the file"
                )
        elif ch[0] == "\n":
            depth = 0
        elif depth:
            depth -= 1


def check_char_refs(text: str, limits: Limits) -> None:
    """Refuse text that is mostly character references (``&amp;`` ...): more than
    ``limits.max_char_refs`` of them, making up more than a quarter of the text."""
    if text.count("&") <= limits.max_char_refs:
        return
    refs = 0
    chars = 0
    for m in _CHAR_REF.finditer(text):
        refs += 1
        chars += m.end() - m.start()
    if refs > limits.max_char_refs and chars * 4 > len(text):
        raise DocumentError(
            f"holds {refs:,} character references (such as &amp;) making up most of the "
            f"file, over the limit of {limits.max_char_refs:,}; this is not prose: check "
            "the file"
        )
