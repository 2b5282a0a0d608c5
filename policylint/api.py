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
from collections.abc import Callable, Iterable, Iterator, Sequence
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
from .findings import CATEGORIES, DEFAULT_PROFILE, Finding, Severity, fails
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
    #: how the profile was chosen (flag, config, detected, default) and why, in words
    profile_source: str = "default"
    profile_reason: str = ""
    #: the jurisdictions whose legal floors the file was checked against
    jurisdictions: tuple[str, ...] = ()

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
            "jurisdictions": list(self.jurisdictions),
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
    #: the day legal floors' verification dates are measured from (None: today)
    today: _dt.date | None = None

    @property
    def jurisdictions(self) -> tuple[str, ...]:
        """Every jurisdiction some file was checked against, in order."""
        return tuple(dict.fromkeys(j for r in self.read for j in r.jurisdictions))

    def legal(self) -> dict[str, Any] | None:
        """The legal floors used: each jurisdiction with its name and the oldest
        verification date of its floors, the head-count, and the floors verified more
        than a year before ``today`` (:func:`policylint.laws.stale`). None when no
        jurisdiction was set."""
        codes = self.jurisdictions
        if not codes:
            return None
        from . import laws

        book = laws.bundled()
        used = [book.jurisdiction(c) for c in codes]
        parents = {j.parent for j in used if j.parent}
        today = self.today or _dt.date.today()
        # only the floors the rules compare with
        topics = {r.law.topic for r in self.ruleset if r.law is not None}
        stale = [
            s
            for s in book.stale(today)
            if (s.floor.jurisdiction in codes or s.floor.jurisdiction in parents)
            and s.floor.topic in topics
        ]
        return {
            "jurisdictions": [
                {
                    "jurisdiction": j.code,
                    "name": j.name,
                    "verified": j.verified.isoformat() if j.verified else None,
                }
                for j in used
            ],
            "employees": self.config.employees,
            "stale": [{"severity": s.severity, "message": s.message} for s in stale],
            "disclaimer": "Not legal advice: statutory minimums as verified on the dates "
            "shown, without local ordinances.",
        }

    def legal_header(self) -> str | None:
        """ "Legal floors: checked against California law as verified on 2026-12-04;
        not legal advice." (None without a jurisdiction)."""
        data = self.legal()
        if data is None:
            return None
        parts = [f"{j['name']} law as verified on {j['verified']}" for j in data["jurisdictions"]]
        employees = data["employees"]
        size = (
            f" for an employer of {employees:,} employees"
            if employees is not None
            else " (employer size not set: floors that depend on it are assumed to apply)"
        )
        return f"Legal floors: checked against {'; '.join(parts)}{size}; not legal advice."

    def law_hint(self) -> str | None:
        """When no jurisdiction was set and a rule backed by a legal floor fired, one
        line suggesting to set one."""
        if self.jurisdictions:
            return None
        for f in self.findings():
            rule = self.ruleset.get(f.rule)
            if rule is not None and rule.law is not None:
                return (
                    "Some of these clauses may also fall below a legal minimum: set the "
                    "state with --jurisdiction (e.g. US-CA; see `policylint laws list`)."
                )
        return None

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
            "legal": self.legal(),
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
    excluded: list[str] | None = None,
) -> Iterator[Input]:
    """The inputs of a run, folders expanded. Files found in folders are left out
    when they are this run's ``outputs`` or something policylint wrote (its HTML
    report, text output saved to a file); named explicitly, the latter get an error.
    Paths the configuration excludes are appended to ``excluded`` (when given).
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
            if excluded is not None:
                excluded.append(path)
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
    excluded: list[str] | None = None,
) -> list[Input]:
    """:func:`inputs` as a list: every file the run will read, known before any is
    read (so that outputs can be checked against them first)."""
    return list(
        inputs(
            paths, config, stdin_name=stdin_name, stdin=stdin, outputs=outputs, excluded=excluded
        )
    )


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
    jobs: int | None = 1,
    progress: Callable[[int, int, str], None] | None = None,
    excluded: Sequence[str] | None = None,
) -> Report:
    """Lint files and folders. See the module docstring.

    ``items`` (from :func:`collect`, with the ``excluded`` paths it reported)
    replaces expanding ``paths`` again; ``outputs``
    are files this run writes, never linted. ``jobs`` worker processes check files in
    parallel (None: one per CPU, capped by the number of files); results come back in
    input order, identical to ``jobs=1``. ``progress(done, total, path)`` is called as
    files are checked.
    """
    config = config or Config()
    ruleset = load_ruleset(config)
    cache = None
    if config.cache_dir:
        from .cache import Cache

        cache = Cache(config.cache_dir, ruleset, config)
    excluded_paths: list[str] = list(excluded or ())
    if items is None:
        items = collect(
            paths,
            config,
            stdin_name=stdin_name,
            stdin=stdin,
            outputs=outputs,
            excluded=excluded_paths,
        )
    items = list(items)
    workers = worker_count(jobs, len(items))
    if workers > 1:
        results = _lint_parallel(items, ruleset, config, debug, cache, workers, progress)
    else:
        results = []
        for n, item in enumerate(items):
            if progress is not None:
                progress(n, len(items), item.shown)
            results.append(lint_input(item, ruleset, config, debug=debug, cache=cache))
    if progress is not None and items:
        progress(len(items), len(items), items[-1].shown)
    report = Report(results, ruleset, config)
    report.cache = cache
    report.excluded = excluded_paths
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
    loaded_items: dict[int, Input] = {}
    for i, item in enumerate(items):
        loaded, result, chosen = _load(item, config)
        if loaded is None:
            results[i] = result
            continue
        hit, keys[i] = _cached(loaded, config, cache, chosen)
        if hit is not None:
            results[i] = hit
        else:
            loaded_items[i] = loaded
            todo.append(i)
    done_count = len(items) - len(todo)
    if len(todo) > 1:
        # fork where it is safe (Linux): workers start with the rules already loaded
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        if method == "fork":
            # build the engine and the language pipeline once, here: every worker
            # inherits them instead of loading spaCy and the rules on its own
            _ = get_engine(ruleset, config).nlp
        context = multiprocessing.get_context(method)
        with ProcessPoolExecutor(
            max_workers=min(workers, len(todo)),
            mp_context=context,
            initializer=_init_worker,
            initargs=(ruleset, config, debug),
        ) as pool:
            # a few files per task: fewer round trips, still balanced across workers
            chunk = max(1, len(todo) // (workers * 4))
            done = pool.map(_work, [loaded_items[i] for i in todo], chunksize=chunk)
            for i, result in zip(todo, done, strict=True):
                results[i] = result
                if progress is not None:
                    progress(done_count, len(items), items[i].shown)
                done_count += 1
    else:
        for i in todo:
            results[i] = _check(loaded_items[i], ruleset, config, debug)
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
    loaded, result, chosen = _load(item, config)
    if loaded is None:
        return result
    hit, key = _cached(loaded, config, cache, chosen)
    if hit is not None:
        return hit
    result = _check(loaded, ruleset, config, debug)
    _store(result, key, cache)
    return result


def _chosen_profile(item: Input, config: Config) -> tuple[FileResult, Any]:
    chosen = config.profile_choice(item.path)
    result = FileResult(item.shown, item.format, chosen.profile if chosen else DEFAULT_PROFILE)
    if chosen is not None:
        result.profile_source, result.profile_reason = chosen.source, chosen.reason
    else:
        result.profile_reason = "not detected: the file was not read"
    return result, chosen


def _load(item: Input, config: Config) -> tuple[Input | None, FileResult, Any]:
    """The input with its bytes read (once: the bytes hashed for the cache are the
    bytes linted), or None and a result carrying the error."""
    result, chosen = _chosen_profile(item, config)
    result.jurisdictions = config.legal_for(item.path).jurisdictions
    if item.error is not None:
        result.error = str(item.error)
        return None, result, chosen
    if item.data is not None:
        return item, result, chosen
    limits = config.limits()
    try:
        data = (
            read_stdin(sys.stdin.buffer, limits)
            if item.stdin
            else read_file_bytes(item.path, limits)
        )
    except DocumentError as exc:
        result.error = str(exc)
        return None, result, chosen
    return Input(item.path, data, item.format, stdin=item.stdin), result, chosen


def _cached(
    item: Input, config: Config, cache: Cache | None, chosen: Any
) -> tuple[FileResult | None, str | None]:
    """A result from the cache (or None) and the input's cache key; ``item`` has its
    bytes."""
    if cache is None or item.format is None or item.data is None:
        return None, None
    # a detected profile follows from the bytes, so "auto" keys the cache
    legal = config.legal_for(item.path)
    key = cache.key(
        item.data,
        item.format,
        (chosen.profile if chosen else "auto") + (f"\0{legal.key}" if legal else ""),
    )
    hit = cache.get(key)
    if hit is None:
        return None, key
    result, _ = _chosen_profile(item, config)
    result.words, result.findings, result.format, meta = hit
    result.jurisdictions = legal.jurisdictions
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
        "profile": str(result.profile),
        "profile_source": str(result.profile_source or ""),
        "profile_reason": str(result.profile_reason or ""),
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
    legal = config.legal_for(item.path)
    result.jurisdictions = legal.jurisdictions
    try:
        findings = engine.check(
            document, profile=result.profile, selection=selection(config), legal=legal
        )
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
