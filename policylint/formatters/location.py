"""How a position is written for people: ``12:5`` in a text file, ``¶12`` (paragraph)
in a Word file, ``p3:12`` (page 3, line 12) in a PDF."""

from __future__ import annotations

from ..findings import Finding


def short_location(fmt: str | None, line: int | None, column: int | None, page: int | None) -> str:
    if page is not None:
        return f"p{page}:{line}" if line is not None else f"p{page}"
    if line is None:
        return ""
    if fmt == "docx":
        return f"¶{line}"
    return f"{line}:{column}" if column is not None else str(line)


def long_location(fmt: str | None, finding: Finding) -> str:
    """``paragraph 12``, ``page 3, line 12`` or ``line 12, column 5``."""
    if finding.scope == "document":
        return "whole document"
    if finding.page is not None:
        return f"page {finding.page}, line {finding.line}"
    if fmt == "docx":
        return f"paragraph {finding.line}" if finding.line is not None else "header, footer or note"
    if finding.line is None:
        return ""
    return f"line {finding.line}, column {finding.column}"
