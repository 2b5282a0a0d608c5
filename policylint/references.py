"""A rule's references as a reader sees them: the citation, and a link to follow.

Rule files cite their sources in ``references`` as free text: a study with its DOI, a
statute ("29 CFR 785.17", "Cal. Lab. Code §246.5(b)"), a web page. This module turns
each into a :class:`Reference` with a link where one can be derived:

* a URL in the text is used as it is;
* ``doi:10.xxxx/...`` (or a bare ``10.xxxx/...``) becomes ``https://doi.org/10.xxxx/...``;
* a PubMed Central id (``PMC7220835``) its PMC page;
* common US citations their official text: the eCFR for ``NN CFR NNN.NN``, the
  California, New York, Minnesota, Washington, Oregon and Massachusetts legislature
  sites, the Illinois General Assembly for ``NNN ILCS NNN/NN``, Cornell's U.S. Code for
  ``NN U.S.C. §NNN``, the Department of Labor for its fact sheets.

Everything policylint says about the evidence in general lives in ``docs/evidence.md``
(one section per category); :func:`evidence_url` links there, and SARIF's ``helpUri``
(:func:`help_uri`) is a rule's first reference link, else its category's section.

Notes written for the rule authors rather than for readers ("DOMAIN.md §1.4",
"(DOMAIN E8)") are not shown: they point at files that do not ship with policylint
(:func:`public`).

This module imports only the standard library.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

#: where policylint's source and documentation are published: the one place to change
#: when the project moves (``[project.urls]`` in pyproject.toml repeats it)
PROJECT_URL = "https://github.com/policylint/policylint"
#: the evidence page on the project's main branch
EVIDENCE_URL = f"{PROJECT_URL}/blob/main/docs/evidence.md"


@dataclass(frozen=True)
class Reference:
    text: str
    url: str | None = None


# -- internal notes -----------------------------------------------------------------

_INTERNAL_START = re.compile(r"^\s*(?:DOMAIN(?:\.md)?\b|§\s*\d)", re.I)
_INTERNAL_PAREN = re.compile(r"\s*\((?:see\s+)?DOMAIN\b[^)]*\)", re.I)
_INTERNAL_TAG = re.compile(r"^(?:[SE]\d{1,2})\s+(?=\S)")


def _top_level_parts(text: str) -> list[str]:
    """``text`` split at semicolons that are not inside parentheses."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def public(text: str) -> str | None:
    """The reference without notes meant for rule authors (a reference that starts
    with one is left out whole); None if nothing is left."""
    if _INTERNAL_START.match(text):
        return None
    parts = []
    for part in _top_level_parts(_INTERNAL_PAREN.sub("", text)):
        part = _INTERNAL_TAG.sub("", part).strip()
        if part and not _INTERNAL_START.match(part):
            parts.append(part)
    return "; ".join(parts) or None


# -- links --------------------------------------------------------------------------

_URL = re.compile(r"https?://[^\s<>\"')\]]+[^\s<>\"')\].,;:]")
_DOI = re.compile(
    r"\b(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/[^\s\"<>;,]+[^\s\"<>;,.)])", re.I
)
_PMC = re.compile(r"\b(PMC\d{5,9})\b")
_CFR = re.compile(
    r"\b(\d{1,2})\s*C\.?\s?F\.?\s?R\.?\s*(?:(?:Part|§+)\s*)?(\d{1,4})(?:\.(\d{1,4}))?"
)
_USC = re.compile(r"\b(\d{1,2})\s*U\.?\s?S\.?\s?C\.?\s*§*\s*(\d{1,5}[a-z]?)")
_CAL = re.compile(
    r"\bCal(?:ifornia|\.)?\s*(Lab(?:or|\.)?|Gov(?:ernment|\.|'t)?)\s*Code\s*§*\s*(\d+(?:\.\d+)?)",
    re.I,
)
_ILCS = re.compile(r"\b(\d{1,3})\s*ILCS\s*(\d{1,4})(?:/(\d+(?:-\d+)?))?")
_NY = re.compile(r"\bN\.?\s?Y\.?\s*Lab(?:or|\.)?\s*Law\s*§*\s*(\d+(?:-[a-z])?)", re.I)
_MN = re.compile(r"\bMinn\.?\s*Stat\.?\s*§*\s*(\d+\.\d+)")
_RCW = re.compile(r"\bRCW\s*(\d+[A-Z]?\.\d+[A-Z]?\.\d+)")
_ORS = re.compile(r"\bORS\s*(\d+[A-Z]?)\.\d+")
_MGL = re.compile(r"\bM\.?\s?G\.?\s?L\.?\s*c\.?\s*149\s*,?\s*§*\s*(\d+[A-Z]?)")
_FACT_SHEET = re.compile(r"\bFact Sheet\s*#?\s*71\b", re.I)
_NLRA = re.compile(r"\bNLRA\s*§?\s*7\b")


def link(text: str) -> str | None:
    """The link a reference's text implies, or None."""
    m = _URL.search(text)
    if m:
        return m.group(0)
    m = _DOI.search(text)
    if m:
        return "https://doi.org/" + quote(m.group(1), safe="/:;()._-")
    m = _PMC.search(text)
    if m:
        return f"https://pmc.ncbi.nlm.nih.gov/articles/{m.group(1)}/"
    m = _CFR.search(text)
    if m:
        title, part, section = m.groups()
        if section:
            return f"https://www.ecfr.gov/current/title-{title}/section-{part}.{section}"
        return f"https://www.ecfr.gov/current/title-{title}/part-{part}"
    m = _CAL.search(text)
    if m:
        code = "LAB" if m.group(1).lower().startswith("lab") else "GOV"
        return (
            "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml"
            f"?lawCode={code}&sectionNum={m.group(2)}"
        )
    m = _ILCS.search(text)
    if m and m.group(3):
        chapter, act, section = int(m.group(1)), int(m.group(2)), m.group(3)
        return (
            "https://www.ilga.gov/legislation/ilcs/fulltext.asp"
            f"?DocName={chapter:04d}{act:04d}0K{section}"
        )
    m = _NY.search(text)
    if m:
        return f"https://www.nysenate.gov/legislation/laws/LAB/{m.group(1).upper()}"
    m = _MN.search(text)
    if m:
        return f"https://www.revisor.mn.gov/statutes/cite/{m.group(1)}"
    m = _RCW.search(text)
    if m:
        return f"https://app.leg.wa.gov/RCW/default.aspx?cite={m.group(1)}"
    m = _ORS.search(text)
    if m:
        return f"https://www.oregonlegislature.gov/bills_laws/ors/ors{m.group(1)}.html"
    m = _MGL.search(text)
    if m:
        return (
            "https://malegislature.gov/Laws/GeneralLaws/PartI/TitleXXI/Chapter149/"
            f"Section{m.group(1)}"
        )
    if _NLRA.search(text):
        return "https://www.law.cornell.edu/uscode/text/29/157"
    m = _USC.search(text)
    if m:
        return f"https://www.law.cornell.edu/uscode/text/{m.group(1)}/{m.group(2)}"
    if _FACT_SHEET.search(text):
        return "https://www.dol.gov/agencies/whd/fact-sheets/71-flsa-internships"
    lowered = text.lower()
    for needle, anchor in _EVIDENCE_ENTRIES:
        if needle in lowered:
            return evidence_url(anchor)
    return None


#: words that name a source listed in docs/evidence.md -> its entry there (with the
#: full citation and the link), for references that carry no link of their own
_EVIDENCE_ENTRIES: tuple[tuple[str, str], ...] = (
    ("mccormack", "mccormack-2018"),
    ("franco", "franco-2023"),
    ("kim et al", "kim-2018"),
    ("psychologist survey", "williams-2020"),
    ("practitioner pulse", "apa-2023"),
    ("ifebp", "ifebp-bereavement"),
    ("camft", "camft-2019"),
    ("barajas", "barajas-2021"),
    ("simplepractice", "simplepractice-grief"),
    ("r/therapists", "reddit-on-call"),
    ("psychotherapy networker", "networker-cancel"),
    ("paying to work", "gradpsych-paying"),
    ("payment for placements", "insidehighered-p4p"),
    ("ut austin", "insidehighered-p4p"),
    ("820 ilcs 192", "il-192"),
    ("paid leave for all workers", "il-192"),
    ("820 ilcs 154", "il-154"),
    ("8-13.3", "co-hfwa"),
    ("hfwa", "co-hfwa"),
    ("ofla", "or-659a"),
    ("sb 1515", "or-659a"),
    ("cwla", "caseload"),
)


def references(texts: Iterable[str]) -> list[Reference]:
    """The references to show, each with its link where one can be derived."""
    out = []
    for raw in texts:
        text = public(raw)
        if text:
            out.append(Reference(text, link(text)))
    return out


def rule_references(rule: object) -> list[Reference]:
    """:func:`references` of a rule."""
    return references(getattr(rule, "references", ()) or ())


def evidence_url(category: str | None = None) -> str:
    """The evidence page, at a category's section when given."""
    return f"{EVIDENCE_URL}#{category}" if category else EVIDENCE_URL


def help_uri(rule: object) -> str:
    """SARIF ``helpUri``: the rule's first secure (https) reference link, else its
    category's section of the evidence page."""
    for ref in rule_references(rule):
        if ref.url and ref.url.startswith("https://"):
            return ref.url
    return evidence_url(getattr(rule, "category", None))


def evidence_file() -> Path | None:
    """``docs/evidence.md`` on this machine: inside the installed package, or in a
    source checkout; None if neither is there."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "docs" / "evidence.md", here.parent / "docs" / "evidence.md"):
        if candidate.is_file():
            return candidate
    return None


__all__ = [
    "EVIDENCE_URL",
    "PROJECT_URL",
    "Reference",
    "evidence_file",
    "evidence_url",
    "help_uri",
    "link",
    "public",
    "references",
    "rule_references",
]
