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
import stat
import sys
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import __version__
from .config import Config, check_against_rules
from .documents import (
    Document,
    DocumentError,
    Limits,
    expand_paths,
    format_for,
    read_bytes,
    read_path,
    unsupported_error,
)
from .engine.loader import RuleError, RuleSet, load_rules
from .findings import CATEGORIES, DEFAULT_PROFILE, Finding, Severity, fails

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
    #: how the profile was chosen (flag, config, detected, default) and why, in words
    profile_source: str = "default"
    profile_reason: str = ""

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "profile": self.profile,
            "profile_source": self.profile_source,
            "profile_reason": self.profile_reason,
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
    #: files left out because the configuration's ``exclude`` matches them
    excluded: list[str] = field(default_factory=list)

    def findings(self, *, include_suppressed: bool = False) -> list[Finding]:
        return [f for r in self.files for f in r.findings if include_suppressed or not f.suppressed]

    @property
    def errors(self) -> list[FileResult]:
        return [r for r in self.files if r.error]

    @property
    def read(self) -> list[FileResult]:
        """The files that were read and checked (from the cache or not)."""
        return [r for r in self.files if not r.error]

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
            "excluded": len(self.excluded),
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
        """Categories with at least one rule that ran (selection and profile applied):
        for one profile, or over the documents that were read. No document read, no
        category checked."""
        sel = selection(self.config)
        profiles = {profile} if profile else {r.profile for r in self.read}
        if not profiles:
            return []
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
    try:
        ruleset = load_rules(extra=config.rules, display_root=config.root)
    except RuleError as exc:
        # report the configuration's own problems in the same pass
        raise RuleError([*exc.problems, *config.problems]) from None
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
    """One thing to lint: a path, or stdin bytes with a display name."""

    path: str
    data: bytes | None = None
    format: str | None = None
    error: DocumentError | None = None


def inputs(
    paths: Sequence[str],
    config: Config,
    *,
    stdin_name: str | None = None,
    stdin: bytes | None = None,
    excluded: list[str] | None = None,
) -> Iterator[Input]:
    """The things to lint; paths the configuration excludes are appended to
    ``excluded`` (when given) instead."""
    for path, error in expand_paths(paths):
        if path == "-":
            name = stdin_name or "<stdin>"
            fmt = format_for(name) if stdin_name else "md"
            data = stdin if stdin is not None else sys.stdin.buffer.read()
            yield Input(name, data, fmt, None if fmt else unsupported_error(name))
        elif error is None and config.excluded(path):
            # excluded in the configuration: skipped even when named explicitly, so
            # that a pre-commit hook (which names every changed file) honours it
            if excluded is not None:
                excluded.append(path)
            continue
        else:
            yield Input(path, None, format_for(path), error)


def read_input(item: Input, config: Config, *, debug: bool = False) -> Document:
    limits = Limits(max_file_size=config.max_file_size)
    if item.error is not None:
        raise item.error
    if item.data is not None:
        return read_bytes(item.data, item.path, item.format, limits)
    return read_path(item.path, limits)


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
    jobs: int | None = 1,
    progress: Callable[[int, int, str], None] | None = None,
) -> Report:
    """Lint files and folders. See the module docstring.

    ``jobs`` worker processes check files in parallel (None: one per CPU, capped by
    the number of files); results come back in input order, identical to ``jobs=1``.
    ``progress(done, total, path)`` is called as files are checked.
    """
    config = config or Config()
    ruleset = load_ruleset(config)
    cache = None
    if config.cache_dir:
        from .cache import Cache

        cache = Cache(config.cache_dir, ruleset, config)
    excluded: list[str] = []
    items = list(inputs(paths, config, stdin_name=stdin_name, stdin=stdin, excluded=excluded))
    workers = worker_count(jobs, len(items))
    if workers > 1:
        results = _lint_parallel(items, ruleset, config, debug, cache, workers, progress)
    else:
        results = []
        for n, item in enumerate(items):
            if progress is not None:
                progress(n, len(items), item.path)
            results.append(lint_input(item, ruleset, config, debug=debug, cache=cache))
    if progress is not None and items:
        progress(len(items), len(items), items[-1].path)
    report = Report(results, ruleset, config)
    report.cache = cache
    report.excluded = excluded
    return report


def worker_count(jobs: int | None, files: int) -> int:
    """Worker processes for ``jobs`` (None or 0: the number of CPUs) and ``files``."""
    if jobs is None or jobs <= 0:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(jobs or 1, files))


def _lint_parallel(
    items: list[Input],
    ruleset: RuleSet,
    config: Config,
    debug: bool,
    cache: Cache | None,
    workers: int,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[FileResult]:
    """Check files in worker processes, one engine each. The result cache is read and
    written here, in the parent, so only files that need work are sent out."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    results: list[FileResult | None] = [None] * len(items)
    keys: list[str | None] = [None] * len(items)
    todo: list[int] = []
    for i, item in enumerate(items):
        hit, keys[i] = _cached(item, config, cache)
        if hit is not None:
            results[i] = hit
        else:
            todo.append(i)
    done_count = len(items) - len(todo)
    if len(todo) > 1:
        # fork where it is safe (Linux): workers start with the rules already loaded
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        context = multiprocessing.get_context(method)
        with ProcessPoolExecutor(
            max_workers=min(workers, len(todo)),
            mp_context=context,
            initializer=_init_worker,
            initargs=(ruleset, config, debug),
        ) as pool:
            done = pool.map(_work, [items[i] for i in todo], chunksize=1)
            for i, result in zip(todo, done, strict=True):
                results[i] = result
                if progress is not None:
                    progress(done_count, len(items), items[i].path)
                done_count += 1
    else:
        for i in todo:
            results[i] = lint_input(items[i], ruleset, config, debug=debug)
    for i in todo:
        result = results[i]
        assert result is not None
        _store(result, keys[i], cache)
    return [r for r in results if r is not None]


_WORKER: dict[str, Any] = {}


def _init_worker(ruleset: RuleSet, config: Config, debug: bool) -> None:
    _WORKER.update(ruleset=ruleset, config=config, debug=debug)


def _work(item: Input) -> FileResult:
    result = _check(item, _WORKER["ruleset"], _WORKER["config"], _WORKER["debug"])
    result.document = None  # the parent does not need it; do not ship it back
    return result


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
    hit, key = _cached(item, config, cache)
    if hit is not None:
        return hit
    result = _check(item, ruleset, config, debug)
    _store(result, key, cache)
    return result


def _chosen_profile(item: Input, config: Config) -> tuple[FileResult, Any]:
    chosen = config.profile_choice(item.path)
    result = FileResult(item.path, item.format, chosen.profile if chosen else DEFAULT_PROFILE)
    if chosen is not None:
        result.profile_source, result.profile_reason = chosen.source, chosen.reason
    else:
        result.profile_reason = "not detected: the file was not read"
    return result, chosen


def _cached(
    item: Input, config: Config, cache: Cache | None
) -> tuple[FileResult | None, str | None]:
    """A result from the cache (or None) and the input's cache key."""
    if cache is None:
        return None, None
    result, chosen = _chosen_profile(item, config)
    # a detected profile follows from the bytes, so "auto" keys the cache
    key = _cache_key(item, config, chosen.profile if chosen else "auto", cache)
    if key is None:
        return None, None
    hit = cache.get(key)
    if hit is None:
        return None, key
    result.words, result.findings, result.format, meta = hit
    if chosen is None:
        result.profile = str(meta.get("profile", DEFAULT_PROFILE))
        result.profile_source = str(meta.get("profile_source", "default"))
        result.profile_reason = str(meta.get("profile_reason", ""))
    result.cached = True
    return result, key


def _store(result: FileResult, key: str | None, cache: Cache | None) -> None:
    if key is None or cache is None or result.error is not None or not result.format:
        return
    meta = {
        "profile": result.profile,
        "profile_source": result.profile_source,
        "profile_reason": result.profile_reason,
    }
    cache.put(key, result.words, result.findings, result.format, meta)


def _check(item: Input, ruleset: RuleSet, config: Config, debug: bool) -> FileResult:
    """Read and check one input (no cache)."""
    from .profiles import Choice, detect_document

    result, chosen = _chosen_profile(item, config)
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
    if chosen is None:
        detected: Choice = detect_document(document)
        result.profile = detected.profile
        result.profile_source, result.profile_reason = detected.source, detected.reason
    engine = get_engine(ruleset, config)
    try:
        findings = engine.check(document, profile=result.profile, selection=selection(config))
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
    return result


def _cache_key(item: Input, config: Config, profile: str, cache: Cache) -> str | None:
    """The cache key for an input, or None when it should not be cached (errors,
    files too large to read whole)."""
    if item.error is not None or item.format is None:
        return None
    data = item.data
    if data is None:
        try:
            st = os.stat(item.path)
            if not stat.S_ISREG(st.st_mode) or st.st_size > config.max_file_size:
                return None
            with open(item.path, "rb") as fh:
                data = fh.read(config.max_file_size + 1)
        except OSError:
            return None
    return cache.key(data, item.format, profile)


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
        result = FileResult(item.path, item.format, config.profile_for(item.path))
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
