"""The library entry point.

    from policylint.api import lint, lint_text
    report = lint(["handbook.docx"])
    for f in report.findings():
        print(f.rule, f.message)

``lint`` reads each path (folders recursively), checks it with the rules, applies
suppressions, and returns a :class:`Report`; it never raises for a bad input file:
the file's ``error`` says what went wrong. Invalid rules or configuration raise
:class:`~policylint.engine.loader.RuleError` / :class:`~policylint.config.ConfigError`.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
import traceback
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import __version__
from .config import Config, check_against_rules
from .documents import (
    Document,
    DocumentError,
    expand_paths,
    format_for,
    read_bytes,
    read_file_bytes,
    read_stdin,
    unsupported_error,
)
from .engine.loader import RuleError, RuleSet, load_rules
from .findings import CATEGORIES, Finding, Severity, fails
from .outputs import OWN_OUTPUT_MESSAGE, is_own_output
from .safety import display_path

if TYPE_CHECKING:
    from .cache import Cache


@dataclass
class FileResult:
    path: str
    format: str | None
    profile: str
    words: int = 0
    error: str | None = None
    findings: list[Finding] = field(default_factory=list)
    #: the document as read (not serialised; absent for cached results)
    document: Document | None = None
    cached: bool = False

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "profile": self.profile,
            "words": self.words,
            "error": self.error,
            "findings": [f.to_json() for f in self.findings],
        }


@dataclass
class Report:
    files: list[FileResult]
    ruleset: RuleSet
    config: Config
    created: _dt.datetime = field(default_factory=lambda: _dt.datetime.now(_dt.UTC))
    #: problems that are not about one file (e.g. an unusable baseline)
    problems: list[str] = field(default_factory=list)
    #: findings left out because a baseline accepts them
    baselined: int = 0
    #: the result cache used for this run, if any (hits and misses)
    cache: Cache | None = None

    def findings(self, *, include_suppressed: bool = False) -> list[Finding]:
        return [f for r in self.files for f in r.findings if include_suppressed or not f.suppressed]

    @property
    def errors(self) -> list[FileResult]:
        return [r for r in self.files if r.error]

    def summary(self) -> dict[str, Any]:
        active = self.findings()
        by_sev = Counter(str(f.severity) for f in active)
        by_cat = Counter(f.category for f in active)
        return {
            "files": len(self.files),
            "files_with_errors": len(self.errors),
            "words": sum(r.words for r in self.files),
            "findings": len(active),
            "suppressed": sum(1 for r in self.files for f in r.findings if f.suppressed),
            "baselined": self.baselined,
            "by_severity": {s: by_sev.get(s, 0) for s in ("error", "warning", "info")},
            "by_category": {c: by_cat[c] for c in CATEGORIES if by_cat.get(c)},
        }

    def exit_code(self, fail_on: str | None = None) -> int:
        """0 nothing at or above ``fail_on``; 1 findings at or above it; 2 a file
        could not be read or a run-level problem occurred."""
        if self.errors or self.problems:
            return 2
        threshold = fail_on or self.config.fail_on
        if any(fails(f.severity, threshold) for f in self.findings()):
            return 1
        return 0

    def checked_categories(self, profile: str | None = None) -> list[str]:
        """Categories with at least one rule that ran (selection and profile applied)."""
        sel = selection(self.config)
        profiles = (
            {profile}
            if profile
            else {r.profile for r in self.files} or {self.config.profile_for("")}
        )
        present = {
            rule.category
            for rule in self.ruleset
            if sel.includes(rule) and any(rule.applies_to(p) for p in profiles)
        }
        return [c for c in CATEGORIES if c in present]

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": 1,
            "policylint_version": __version__,
            "rules_version": self.ruleset.version,
            "files": [r.to_json() for r in self.files],
            "summary": self.summary(),
        }


# -- building blocks -----------------------------------------------------------------

_ENGINES: dict[tuple, Any] = {}


def load_ruleset(config: Config) -> RuleSet:
    """The bundled rules plus the configured extra ones; names the configuration
    refers to (select, ignore, severity, params) must exist in them."""
    ruleset = load_rules(extra=config.rules, display_root=config.root)
    check_against_rules(config, ruleset)
    if config.params:
        ruleset.rules = [r.with_params(config.params.get(r.id, {})) for r in ruleset.rules]
    return ruleset


def get_engine(ruleset: RuleSet, config: Config):  # type: ignore[no-untyped-def]
    """The engine for these rules and settings, built once per process."""
    from .engine.check import Engine, EngineOptions

    key = (
        ruleset.version,
        repr(sorted((k, sorted(v.items())) for k, v in config.params.items())),
        repr(sorted(config.severity.items())),
        config.pipeline,
    )
    engine = _ENGINES.get(key)
    if engine is None:
        engine = Engine(
            ruleset,
            EngineOptions(params=config.params, severity=config.severity, pipeline=config.pipeline),
        )
        _ENGINES[key] = engine
    return engine


def selection(config: Config):  # type: ignore[no-untyped-def]
    from .engine.check import Selection

    return Selection(frozenset(config.select), frozenset(config.ignore))


@dataclass
class Input:
    """One thing to lint: a path, or stdin (read when it is linted) with a display
    name. ``path`` is the path as given (for opening the file); results show it
    through :func:`~policylint.safety.display_path`."""

    path: str
    data: bytes | None = None
    format: str | None = None
    error: DocumentError | None = None
    stdin: bool = False

    @property
    def shown(self) -> str:
        return display_path(self.path)


def inputs(
    paths: Sequence[str],
    config: Config,
    *,
    stdin_name: str | None = None,
    stdin: bytes | None = None,
    outputs: Iterable[str] = (),
) -> Iterator[Input]:
    """The inputs of a run, folders expanded. Files found in folders are left out
    when they are this run's ``outputs`` or something policylint wrote (its HTML
    report, text output saved to a file); named explicitly, the latter get an error.
    Standard input is not read here (see :func:`read_input`)."""
    own = _Outputs(outputs)
    for path, error in expand_paths(paths, skip=own.skip):
        if path == "-":
            name = stdin_name or "<stdin>"
            fmt = format_for(name) if stdin_name else "md"
            yield Input(name, stdin, fmt, None if fmt else unsupported_error(name), stdin=True)
        elif error is None and config.excluded(path):
            # excluded in the configuration: skipped even when named explicitly, so
            # that a pre-commit hook (which names every changed file) honours it
            continue
        elif error is None and format_for(path) and own.written_by_us(path):
            yield Input(path, None, format_for(path), DocumentError(OWN_OUTPUT_MESSAGE))
        else:
            yield Input(path, None, format_for(path), error)


def collect(
    paths: Sequence[str],
    config: Config,
    *,
    stdin_name: str | None = None,
    stdin: bytes | None = None,
    outputs: Iterable[str] = (),
) -> list[Input]:
    """:func:`inputs` as a list: every file the run will read, known before any is
    read (so that outputs can be checked against them first)."""
    return list(inputs(paths, config, stdin_name=stdin_name, stdin=stdin, outputs=outputs))


class _Outputs:
    """Files in folders to keep out of the inputs: what policylint wrote (its HTML
    report, text output saved to a file), found by content. This run's outputs are
    not left out by name: if one is already a file in a checked folder and not
    policylint's, it is a document, and writing the output over it is refused."""

    def __init__(self, outputs: Iterable[str]) -> None:
        self.paths = [o for o in outputs if o]

    @staticmethod
    def written_by_us(path: str) -> bool:
        return os.path.splitext(path)[1].lower() in _SNIFFED and is_own_output(path)

    def skip(self, path: str) -> bool:
        return self.written_by_us(path)


#: extensions of the outputs policylint can write that it could also read
_SNIFFED = frozenset({".html", ".htm", ".txt", ".md", ".markdown"})


def read_input(item: Input, config: Config, *, debug: bool = False) -> Document:
    limits = config.limits()
    if item.error is not None:
        raise item.error
    data = item.data
    if data is None:
        data = (
            read_stdin(sys.stdin.buffer, limits)
            if item.stdin
            else read_file_bytes(item.path, limits)
        )
    document = read_bytes(data, item.path, item.format, limits)
    document.path = item.shown
    return document


def internal_error(exc: BaseException, what: str, debug: bool) -> str:
    if debug:
        traceback.print_exception(exc)
    return (
        f"internal error while {what} ({type(exc).__name__}: {exc}); "
        "please report it with the file if you can (run with --debug for the traceback)"
    )


# -- the public API ------------------------------------------------------------------


def lint(
    paths: Sequence[str],
    config: Config | None = None,
    *,
    stdin_name: str | None = None,
    stdin: bytes | None = None,
    debug: bool = False,
    items: Sequence[Input] | None = None,
    outputs: Iterable[str] = (),
) -> Report:
    """Lint files and folders. See the module docstring. ``items`` (from
    :func:`collect`) replaces expanding ``paths`` again; ``outputs`` are files this
    run writes, never linted."""
    config = config or Config()
    ruleset = load_ruleset(config)
    cache = None
    if config.cache_dir:
        from .cache import Cache

        cache = Cache(config.cache_dir, ruleset, config)
    if items is None:
        items = collect(paths, config, stdin_name=stdin_name, stdin=stdin, outputs=outputs)
    results = [lint_input(item, ruleset, config, debug=debug, cache=cache) for item in items]
    report = Report(results, ruleset, config)
    report.cache = cache
    return report


def lint_text(text: str, name: str = "<text>.md", config: Config | None = None) -> Report:
    """Lint a string; ``name``'s extension picks the format (Markdown by default)."""
    config = config or Config()
    fmt = format_for(name) or "md"
    item = Input(name, text.encode("utf-8"), fmt)
    ruleset = load_ruleset(config)
    return Report([lint_input(item, ruleset, config)], ruleset, config)


def lint_input(
    item: Input,
    ruleset: RuleSet,
    config: Config,
    *,
    debug: bool = False,
    cache: Cache | None = None,
) -> FileResult:
    profile = config.profile_for(item.path)
    result = FileResult(item.shown, item.format, profile)
    if item.error is not None:
        result.error = str(item.error)
        return result
    limits = config.limits()
    try:
        # read once: the bytes hashed for the cache are the bytes linted
        if item.data is None:
            item = Input(
                item.path,
                read_stdin(sys.stdin.buffer, limits)
                if item.stdin
                else read_file_bytes(item.path, limits),
                item.format,
                stdin=item.stdin,
            )
    except DocumentError as exc:
        result.error = str(exc)
        return result
    key = None
    if cache is not None and item.format is not None and item.data is not None:
        key = cache.key(item.data, item.format, profile)
        hit = cache.get(key)
        if hit is not None:
            result.words, result.findings, result.format = hit
            result.cached = True
            return result
    try:
        document = read_input(item, config, debug=debug)
    except DocumentError as exc:
        result.error = str(exc)
        return result
    except Exception as exc:  # a reader bug must not take the whole run down
        result.error = internal_error(exc, "reading the file", debug)
        return result
    result.document = document
    result.format = document.format
    result.words = document.words
    engine = get_engine(ruleset, config)
    try:
        findings = engine.check(document, profile=profile, selection=selection(config))
        if document.directives:
            from . import suppress

            known = {r.id for r in ruleset} | set(CATEGORIES)
            findings = suppress.apply(document, findings, known=known)
        result.findings = findings
    except RuleError:
        raise
    except Exception as exc:  # an engine bug must not take the whole run down
        result.error = internal_error(exc, "checking the file", debug)
        return result
    if key is not None and cache is not None:
        cache.put(key, result.words, result.findings, document.format)
    return result


def extract(
    paths: Sequence[str],
    config: Config | None = None,
    *,
    stdin_name: str | None = None,
    stdin: bytes | None = None,
    debug: bool = False,
) -> list[FileResult]:
    """Read documents without linting them (``policylint extract``)."""
    config = config or Config()
    out = []
    for item in inputs(paths, config, stdin_name=stdin_name, stdin=stdin):
        result = FileResult(item.shown, item.format, config.profile_for(item.path))
        try:
            result.document = read_input(item, config)
            result.format = result.document.format
            result.words = result.document.words
        except DocumentError as exc:
            result.error = str(exc)
        except Exception as exc:
            result.error = internal_error(exc, "reading the file", debug)
        out.append(result)
    return out


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = Counter(str(f.severity) for f in findings)
    return {
        s.value: counts.get(s.value, 0) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    }
