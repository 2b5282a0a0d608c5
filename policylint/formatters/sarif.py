"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run, with ``tool.driver`` describing policylint and every rule that ran (id,
title, why, suggested rewrite, configured level, category). Decisions (DESIGN.md
section 5, TECH-NOTES section 4):

* Levels: ``error`` -> ``error``, ``warning`` -> ``warning``, ``info`` -> ``note``.
* Paths: ``artifactLocation.uri`` is relative to the root of the git repository that
  holds the file (or to the current folder outside a repository), with forward slashes
  and ``uriBaseId: %SRCROOT%``; ``originalUriBaseIds`` gives that root as a ``file:``
  URI. A file under neither (another repository, or outside the current folder) gets
  an absolute ``file:`` URI.
* Text formats (.md, .txt, .html) get a ``region`` with 1-based ``startLine``,
  ``startColumn``, ``endLine`` and an exclusive ``endColumn`` counted in Unicode code
  points (``run.columnKind``). Lines of a .docx or .pdf file mean nothing to a code
  viewer, so their results carry no region: the alert is file-level, and the paragraph
  (.docx) or page and line (.pdf) are in the message and in ``properties``.
* ``partialFingerprints["policylintFingerprint/v1"]`` is the finding's content-based
  fingerprint (rule + normalised sentence + occurrence), stable when text moves.
* A clause below a legal floor (``--jurisdiction``) is an ``error`` whose message
  names the law and citation; ``properties.law`` holds the floor (citation, effective
  and verification dates, minimum) and ``properties.lawSource`` the statute's URL.
* Suppressed findings are results with ``suppressions: [{kind: inSource}]``;
  whole-document findings have a location with the artifact only; files that could
  not be read are ``toolExecutionNotifications`` and make ``executionSuccessful``
  false.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .. import __version__
from ..findings import CATEGORIES, CATEGORY_TITLES, Finding, Severity
from ..findings import fingerprint as make_fingerprint
from .location import long_location

if TYPE_CHECKING:
    from ..api import FileResult, Report
    from ..engine.model import Rule

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "policylintFingerprint/v1"
TOOL_TAG = "martyr-culture"
#: formats whose ``line``/``column`` are positions in the file on disk; any other
#: format (.docx, .pdf) counts paragraphs or pages, which a code viewer cannot show
TEXT_FORMATS = frozenset({"md", "txt", "html"})

LEVELS: dict[str, str] = {"error": "error", "warning": "warning", "info": "note"}


def level(severity: Severity | str) -> str:
    return LEVELS[str(severity)]


# -- paths ---------------------------------------------------------------------------


def _git_root(directory: str) -> str | None:
    """The nearest folder at or above ``directory`` holding ``.git`` (a folder, or a
    file in a worktree or submodule)."""
    current = Path(directory)
    for candidate in (current, *current.parents):
        if (candidate / ".git").exists():
            return str(candidate)
    return None


def _under(path: str, root: str) -> bool:
    try:
        Path(path).relative_to(root)
    except ValueError:
        return False
    return True


def source_root(path: str, cwd: str | None = None) -> str | None:
    """The root a result path is made relative to: the git repository holding the
    file, else the current folder if the file is under it, else None."""
    cwd = cwd or os.getcwd()
    absolute = os.path.abspath(os.path.join(cwd, path))
    root = _git_root(os.path.dirname(absolute))
    if root is not None:
        return root
    return cwd if _under(absolute, cwd) else None


def relative_path(path: str, root: str, cwd: str | None = None) -> str:
    """``path`` relative to ``root``, with forward slashes."""
    absolute = os.path.abspath(os.path.join(cwd or os.getcwd(), path))
    return Path(absolute).relative_to(root).as_posix()


def display_path(path: str, cwd: str | None = None) -> str:
    """A repository-relative path with forward slashes where there is one (what GitHub
    expects in ``file=``), else the path as given."""
    root = source_root(path, cwd)
    if root is None:
        return Path(path).as_posix()
    return relative_path(path, root, cwd)


def _uri_escape(posix_path: str) -> str:
    return quote(posix_path, safe="/")


def _directory_uri(root: str) -> str:
    uri = Path(root).as_uri()
    return uri if uri.endswith("/") else uri + "/"


class _Artifacts:
    """Builds ``artifactLocation`` objects against one ``%SRCROOT%`` for the run: the
    root shared by most files (the first one on a tie)."""

    def __init__(self, paths: list[str], cwd: str | None = None) -> None:
        self.cwd = cwd or os.getcwd()
        roots = [source_root(p, self.cwd) for p in paths]
        counts = Counter(r for r in roots if r is not None)
        self.root: str | None = None
        if counts:
            top = max(counts.values())
            self.root = next(r for r in roots if r is not None and counts[r] == top)

    def location(self, path: str) -> dict[str, Any]:
        if self.root is not None and source_root(path, self.cwd) == self.root:
            rel = relative_path(path, self.root, self.cwd)
            return {"uri": _uri_escape(rel), "uriBaseId": SRCROOT}
        absolute = os.path.abspath(os.path.join(self.cwd, path))
        return {"uri": Path(absolute).as_uri()}

    def original_uri_base_ids(self) -> dict[str, Any] | None:
        if self.root is None:
            return None
        return {
            SRCROOT: {
                "uri": _directory_uri(self.root),
                "description": {"text": "The root of the repository (or folder) linted."},
            }
        }


# -- rules ---------------------------------------------------------------------------


def _pascal(slug: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^0-9A-Za-z]+", slug) if part)


def _render_rule_texts(
    rule: Rule, params: dict[str, Any], sample: Finding | None
) -> tuple[str, str, tuple[str, ...]]:
    """The rule's title, why and suggested rewrites without a match: rendered with the
    rule's params; a template that needs the match (a quantity, say) falls back to a
    finding of this rule, then to the template with its expressions left out."""
    from .. import ruletext

    title = ruletext.render(rule, rule.title, params, sample.title if sample else None)
    why = ruletext.render(rule, rule.why, params)
    samples = sample.suggestions if sample else ()
    suggestions = tuple(
        ruletext.render(rule, s, params, samples[i] if i < len(samples) else None)
        for i, s in enumerate(rule.suggest)
    )
    return title, why, suggestions


def _help(why: str, suggestions: tuple[str, ...], rule: Rule) -> dict[str, str]:
    from ..references import evidence_url, rule_references

    references = rule_references(rule)
    text = [why]
    markdown = [f"**Why it matters.** {why}"]
    for i, s in enumerate(suggestions, 1):
        label = f"Suggested rewrite {i}" if len(suggestions) > 1 else "Suggested rewrite"
        text.append(f"{label}: {s}")
        quoted = "\n".join(f"> {line}" if line else ">" for line in s.split("\n"))
        markdown.append(f"**{label}:**\n\n{quoted}")
    if references:
        text.append(
            "References: "
            + "; ".join(f"{r.text} <{r.url}>" if r.url else r.text for r in references)
        )
        markdown.append(
            "**References:**\n\n"
            + "\n".join(f"- [{r.text}]({r.url})" if r.url else f"- {r.text}" for r in references)
        )
    evidence = evidence_url(rule.category)
    text.append(f"The evidence behind this area: {evidence}")
    markdown.append(f"[The evidence behind this area]({evidence})")
    return {"text": "\n\n".join(text), "markdown": "\n\n".join(markdown)}


def rule_descriptor(
    rule: Rule,
    *,
    severity: Severity,
    params: dict[str, Any],
    sample: Finding | None = None,
) -> dict[str, Any]:
    from ..references import help_uri

    title, why, suggestions = _render_rule_texts(rule, params, sample)
    return {
        "id": rule.id,
        "name": _pascal(rule.slug),
        "shortDescription": {"text": title},
        "fullDescription": {"text": why},
        "helpUri": help_uri(rule),
        "help": _help(why, suggestions, rule),
        "defaultConfiguration": {"level": level(severity)},
        "properties": {
            "category": rule.category,
            "categoryTitle": CATEGORY_TITLES.get(rule.category, rule.category),
            "scope": rule.scope,
            "tags": [TOOL_TAG, rule.category],
        },
    }


def _unknown_rule_descriptor(finding: Finding) -> dict[str, Any]:
    """A finding whose rule is not in the rule set (e.g. a cached result)."""
    from ..references import evidence_url

    slug = finding.rule.split("/", 1)[-1]
    return {
        "id": finding.rule,
        "name": _pascal(slug),
        "shortDescription": {"text": finding.title},
        "helpUri": evidence_url(finding.category if finding.category in CATEGORIES else None),
        "defaultConfiguration": {"level": level(finding.severity)},
        "properties": {"category": finding.category, "tags": [finding.category]},
    }


def _configured_severity(rule: Rule, overrides: dict[str, str]) -> Severity:
    value = overrides.get(rule.id) or overrides.get(rule.category)
    return Severity(value) if value else rule.severity


def _rules(report: Report, findings: list[Finding]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Every rule that ran (selected, and applying to a linted file's profile), plus
    any rule a finding names; in rule-set order."""
    from ..api import selection

    config = report.config
    sel = selection(config)
    profiles = {r.profile for r in report.files if not r.error}
    samples: dict[str, Finding] = {}
    for f in findings:
        samples.setdefault(f.rule, f)
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for rule in report.ruleset:
        ran = sel.includes(rule) and (not profiles or any(rule.applies_to(p) for p in profiles))
        if not ran and rule.id not in samples:
            continue
        params = {**rule.params, **config.params.get(rule.id, {})}
        index[rule.id] = len(descriptors)
        descriptors.append(
            rule_descriptor(
                rule,
                severity=_configured_severity(rule, config.severity),
                params=params,
                sample=samples.get(rule.id),
            )
        )
    for rule_id, sample in samples.items():
        if rule_id not in index:
            index[rule_id] = len(descriptors)
            descriptors.append(_unknown_rule_descriptor(sample))
    return descriptors, index


# -- results -------------------------------------------------------------------------


def _has_region(fmt: str | None, f: Finding) -> bool:
    return (
        fmt in TEXT_FORMATS
        and f.scope != "document"
        and f.page is None
        and f.line is not None
        and f.line >= 1
    )


def _region(f: Finding) -> dict[str, int]:
    assert f.line is not None
    region = {"startLine": f.line}
    if f.column is not None and f.column >= 1:
        region["startColumn"] = f.column
    if f.end_line is not None and f.end_line >= f.line:
        region["endLine"] = f.end_line
        if f.end_column is not None and f.end_column >= 1:
            region["endColumn"] = f.end_column  # exclusive, as in SARIF
    return region


def message_text(fmt: str | None, f: Finding) -> str:
    """The finding's message; for .docx and .pdf with where it is (``paragraph 12``,
    ``page 3, line 4``), since their results have no region."""
    if f.scope != "document" and (fmt not in TEXT_FORMATS or f.page is not None):
        where = long_location(fmt, f)
        if where:
            return f"{f.message} ({where})"
    return f.message


def _result_properties(fmt: str | None, f: Finding) -> dict[str, Any]:
    props: dict[str, Any] = {"category": f.category, "severity": str(f.severity)}
    props["scope"] = f.scope
    if f.scope != "document":
        if fmt == "docx" and f.page is None:
            props["paragraph"] = f.line
        elif f.page is not None:
            props["page"] = f.page
            props["lineInPage"] = f.line
        if f.section:
            props["section"] = f.section
        if f.excerpt:
            props["excerpt"] = f.excerpt
        if f.match:
            props["match"] = f.match
    if f.suggestions:
        props["suggestions"] = list(f.suggestions)
    if f.law:
        # the legal floor the clause falls below: citation and the source to check
        props["law"] = f.law
        props["lawSource"] = f.law.get("source")
    return props


def _fingerprint(f: Finding) -> str:
    return f.fingerprint or make_fingerprint(f.rule, f.excerpt, 0)


def result(
    fmt: str | None,
    f: Finding,
    artifact: dict[str, Any],
    rule_index: int,
) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": dict(artifact)}
    if _has_region(fmt, f):
        physical["region"] = _region(f)
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": {"text": message_text(fmt, f)},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT_KEY: _fingerprint(f)},
        "properties": _result_properties(fmt, f),
    }
    if getattr(f, "suppressed", False):
        suppression: dict[str, Any] = {"kind": "inSource", "status": "accepted"}
        reason = getattr(f, "suppression_reason", None)
        if reason:
            suppression["justification"] = reason
        out["suppressions"] = [suppression]
    return out


def _notification(text: str, artifact: dict[str, Any] | None) -> dict[str, Any]:
    note: dict[str, Any] = {"level": "error", "message": {"text": text}}
    if artifact is not None:
        note["locations"] = [{"physicalLocation": {"artifactLocation": dict(artifact)}}]
    return note


def to_sarif(report: Report, *, cwd: str | None = None) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict."""
    files: list[FileResult] = list(report.files)
    artifacts = _Artifacts([r.path for r in files], cwd)
    findings = [f for r in files for f in r.findings]
    descriptors, index = _rules(report, findings)

    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for r in files:
        artifact = artifacts.location(r.path)
        if r.error:
            notifications.append(_notification(f"{r.path}: error: {r.error}", artifact))
            continue
        for f in sorted(r.findings, key=lambda f: f.sort_key):
            results.append(result(r.format, f, artifact, index[f.rule]))
    for problem in report.problems:
        notifications.append(_notification(f"policylint: error: {problem}", None))

    invocation: dict[str, Any] = {
        "executionSuccessful": not notifications,
        "exitCode": report.exit_code(),
    }
    if notifications:
        invocation["toolExecutionNotifications"] = notifications

    from ..references import PROJECT_URL

    driver: dict[str, Any] = {
        "name": "policylint",
        "informationUri": PROJECT_URL,
        "version": __version__,
        "semanticVersion": __version__,
        "rules": descriptors,
    }
    if report.ruleset.version:
        driver["properties"] = {"rulesVersion": report.ruleset.version}
    run: dict[str, Any] = {"tool": {"driver": driver}, "invocations": [invocation]}
    base_ids = artifacts.original_uri_base_ids()
    if base_ids is not None:
        run["originalUriBaseIds"] = base_ids
    run["results"] = results
    run["columnKind"] = "unicodeCodePoints"
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render(report: Report) -> str:
    return json.dumps(to_sarif(report), indent=2, ensure_ascii=False) + "\n"
