"""Configuration: the settings a run uses, merged from defaults, a config file and
the command line (command line wins)."""

from __future__ import annotations

import fnmatch
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .documents import DEFAULT_MAX_FILE_SIZE, Limits
from .documents.model import DEFAULT_READ_SECONDS_PER_MB
from .findings import CATEGORIES, DEFAULT_PROFILE, PROFILES
from .safety import (
    NotRegularFile,
    TooLarge,
    display_path,
    file_kind,
    not_regular_message,
    read_text_file,
)

if TYPE_CHECKING:
    from .profiles import Choice


class ConfigError(Exception):
    """An invalid configuration; the message names the file and line."""


@dataclass
class Config:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    #: rule id or category -> severity
    severity: dict[str, str] = field(default_factory=dict)
    #: rule id -> {param: value}
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: extra rule files or folders
    rules: list[str] = field(default_factory=list)
    profile: str | None = None
    #: glob (relative to the config file's folder) -> profile
    profiles: dict[str, str] = field(default_factory=dict)
    fail_on: str = "warning"
    #: jurisdictions every file is checked against (legal floors; "US-CA", ...)
    jurisdiction: list[str] = field(default_factory=list)
    #: glob (relative to the config file's folder) -> jurisdictions for those files
    jurisdictions: dict[str, list[str]] = field(default_factory=dict)
    #: the employer's head-count, for floors that depend on it (None: unknown)
    employees: int | None = None
    exclude: list[str] = field(default_factory=list)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    #: seconds allowed for reading a file, per MB of it (plus 2 MB); None: no budget
    read_timeout: float | None = DEFAULT_READ_SECONDS_PER_MB
    pipeline: str = "blank"
    #: the config file this came from, if any (as shown, and its path), and the folder
    #: globs are relative to
    source: str | None = None
    source_path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    #: result cache folder (None: no cache; the CLI enables it by default)
    cache_dir: str | None = None
    #: where a setting came from ("file:line" or "--select"), for error messages
    origins: dict[str, str] = field(default_factory=dict)
    #: problems found while loading the file that are reported together with those
    #: only the rules can reveal (unknown rule names), so that a user sees every
    #: mistake in one pass; :func:`check_against_rules` raises them
    problems: list[str] = field(default_factory=list)

    def limits(self) -> Limits:
        """The reading limits of this configuration."""
        return Limits(max_file_size=self.max_file_size, read_seconds_per_mb=self.read_timeout)

    def profile_for(self, path: str) -> str:
        """Per-path profile (first matching glob), else the run's profile, else the
        default; see :meth:`profile_choice` for detection."""
        choice = self.profile_choice(path)
        return choice.profile if choice is not None else DEFAULT_PROFILE

    def profile_choice(self, path: str) -> Choice | None:
        """The profile set for ``path`` by ``--profile`` or the configuration, with
        where it was set; None when it is not set (it is then detected from the
        document, see :mod:`policylint.profiles`)."""
        from .profiles import Choice

        if self.profiles and path not in ("-", "<stdin>"):
            rel = _relative(path, self.root)
            for pattern, profile in self.profiles.items():
                if _glob_match(rel, pattern):
                    where = self.origins.get(f"profiles.{pattern}") or self.origins.get(
                        "profiles", "the configuration"
                    )
                    return Choice(profile, "config", f"set by profiles: '{pattern}' ({where})")
        if self.profile:
            origin = self.origins.get("profile")
            if origin == "--profile":
                return Choice(self.profile, "flag", "set by --profile")
            where = f" ({origin})" if origin else ""
            return Choice(self.profile, "config", f"set by profile: in the configuration{where}")
        return None

    def jurisdictions_for(self, path: str) -> list[str]:
        """The jurisdictions ``path`` is checked against: the first matching glob of
        ``jurisdictions:``, else ``jurisdiction:`` (or --jurisdiction), else none."""
        if self.jurisdictions and path not in ("-", "<stdin>"):
            rel = _relative(path, self.root)
            for pattern, codes in self.jurisdictions.items():
                if _glob_match(rel, pattern):
                    return list(codes)
        return list(self.jurisdiction)

    def legal_for(self, path: str):  # type: ignore[no-untyped-def]
        """The legal settings (:class:`policylint.engine.legal.Legal`) for ``path``."""
        from .engine.legal import Legal

        return Legal(tuple(self.jurisdictions_for(path)), self.employees)

    def excluded(self, path: str) -> bool:
        rel = _relative(path, self.root)
        return any(_glob_match(rel, pattern) for pattern in self.exclude)


def _relative(path: str, root: Path) -> str:
    try:
        rel = Path(os.path.abspath(path)).relative_to(root.resolve())
        return rel.as_posix()
    except ValueError:
        return Path(path).as_posix()


def _glob_match(path: str, pattern: str) -> bool:
    """Glob with ``**`` for any number of folders; a pattern without a slash also
    matches the file name alone."""
    pattern = pattern.strip()
    if pattern.endswith("/"):
        pattern += "**"
    if fnmatch.fnmatchcase(path, pattern):
        return True
    if "**/" in pattern and fnmatch.fnmatchcase(path, pattern.replace("**/", "")):
        return True
    if "/" not in pattern:
        return fnmatch.fnmatchcase(path.rsplit("/", 1)[-1], pattern)
    return False


# -- discovery and loading -------------------------------------------------------------

CONFIG_NAMES = (".policylint.yaml", ".policylint.yml")
#: keys a config file may hold, in the order ``policylint init`` documents them
KEYS = (
    "profile",
    "profiles",
    "select",
    "ignore",
    "severity",
    "params",
    "rules",
    "fail-on",
    "jurisdiction",
    "jurisdictions",
    "employees",
    "exclude",
    "max-file-size",
    "read-timeout",
)
FAIL_ON_VALUES = ("error", "warning", "info", "never")
SEVERITIES = ("error", "warning", "info")
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.I)


#: the largest max-file-size accepted
MAX_FILE_SIZE_LIMIT = 2 * 1024**3
#: the largest read-timeout accepted (seconds per MB)
MAX_READ_TIMEOUT = 3600.0
#: the largest magnitude of a rule param (a number of hours, clients, days...)
MAX_PARAM = 1e9
#: largest configuration file read
CONFIG_MAX_BYTES = 1 << 20


def parse_size(value: str | int) -> int:
    """``50MB``, ``500KB``, ``1048576`` -> bytes; ValueError if it is not a size
    between 1 byte and 2GB."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a size (e.g. 50MB, 500KB, 1048576)")
    if isinstance(value, int):
        size = value
    else:
        text = str(value)
        m = _SIZE.match(text) if len(text) <= 40 else None
        if not m:
            raise ValueError(f"{_short(value)} is not a size (e.g. 50MB, 500KB, 1048576)")
        number = float(m.group(1))
        unit = (m.group(2) or "b").lower()[0]
        size = int(min(number * {"b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit], 2**62))
    if size <= 0:
        raise ValueError(f"{_short(value)} is not a positive size")
    if size > MAX_FILE_SIZE_LIMIT:
        raise ValueError(f"{_short(value)} is over the largest size accepted, 2GB")
    return size


def parse_read_timeout(value: object) -> float | None:
    """Seconds per MB (0 turns the budget off) -> float or None; ValueError unless a
    number from 0 to 3600."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{_short(value)} is not a number of seconds")
    try:
        seconds = float(value) if not isinstance(value, int) or abs(value) < 10**6 else 1e6
    except ValueError:
        raise ValueError(f"{_short(value)} is not a number of seconds") from None
    if not math.isfinite(seconds) or not 0 <= seconds <= MAX_READ_TIMEOUT:
        raise ValueError(
            f"{_short(value)} is out of range: seconds per MB from 0 (no budget) to "
            f"{MAX_READ_TIMEOUT:g}"
        )
    return seconds or None


def param_problem(value: object) -> str | None:
    """Why a rule param value is unusable (a number out of range), or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > MAX_PARAM:
            return f"{_short(value)} is out of range (at most {MAX_PARAM:,.0f} either way)"
    elif isinstance(value, float) and (not math.isfinite(value) or abs(value) > MAX_PARAM):
        return f"{_short(value)} is out of range (at most {MAX_PARAM:,.0f} either way)"
    elif isinstance(value, str) and len(value) > 1000:
        return f"a text of {len(value):,} characters is too long (at most 1,000)"
    return None


def _short(value: object) -> str:
    """``repr(value)`` cut to a readable length (a 5,000-digit number is not shown)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        return "a number of more than 30 digits"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``.policylint.yaml`` (or a pyproject.toml with ``[tool.policylint]``)
    in ``start`` or a folder above it; in one folder .policylint.yaml wins."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file():
                return path
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        text = read_text_file(path, 4 * CONFIG_MAX_BYTES)
    except (OSError, UnicodeDecodeError, TooLarge):
        return False
    return re.search(r"^\s*\[\s*tool\.policylint\s*[\].]", text, re.M) is not None


def find_and_load(
    *,
    config_file: str | None = None,
    no_config: bool = False,
    start: Path | None = None,
    defer: bool = False,
) -> Config:
    """The configuration for a run: ``config_file`` if given; otherwise none with
    ``no_config``; otherwise the nearest config file above ``start`` (the current
    directory), or the defaults when there is none. With ``defer``, invalid values
    are left out and kept in ``config.problems`` (raised by
    :func:`check_against_rules` with any unknown rule names) instead of raised now."""
    if config_file:
        path = Path(config_file)
        if not path.is_file():
            shown = display_path(config_file)
            if path.is_dir():
                raise ConfigError(f"{shown}: error: is a folder; name the config file itself")
            if path.exists():
                kind = file_kind(os.stat(path).st_mode)
                raise ConfigError(f"{shown}: error: {not_regular_message(kind)}")
            raise ConfigError(f"{shown}: error: config file not found")
        return load_config(path, defer=defer)
    if no_config:
        return Config()
    found = find_config(start)
    return load_config(found, defer=defer) if found else Config()


def load_config(path: Path, *, defer: bool = False) -> Config:
    """Read and validate one config file (``.policylint.yaml`` or pyproject.toml).
    Unreadable files and invalid YAML or TOML always raise; other problems raise
    unless ``defer`` (see :func:`find_and_load`)."""
    display = _display(path)
    try:
        text = read_text_file(path, CONFIG_MAX_BYTES, encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"{display}: error: not UTF-8 text") from None
    except TooLarge:
        raise ConfigError(
            f"{display}: error: over {CONFIG_MAX_BYTES // 1024} KB; this is not a "
            "policylint configuration"
        ) from None
    except NotRegularFile as exc:
        raise ConfigError(f"{display}: error: {not_regular_message(exc.kind)}") from None
    except OSError as exc:
        raise ConfigError(f"{display}: error: cannot read: {exc.strerror or exc}") from None
    if path.name == "pyproject.toml":
        data, lines = _load_pyproject(text, display)
    else:
        data, lines = _load_yaml(text, display)
    config = _build(data, lines, display, path.resolve().parent, defer=defer)
    config.source_path = path
    return config


def _display(path: Path) -> str:
    try:
        return display_path(Path(os.path.relpath(path)).as_posix())
    except ValueError:
        return display_path(path.as_posix())


#: key path ("severity", "severity.productivity") -> line number
Lines = dict[str, int]


def _load_yaml(text: str, display: str) -> tuple[Any, Lines]:
    from .engine.loader import RuleError, line_of, load_yaml

    try:
        data = load_yaml(text, display)
    except RuleError as exc:
        raise ConfigError(
            exc.problems[0].replace(": invalid YAML", ": error: invalid YAML")
        ) from None
    if data is None:
        return {}, {}
    lines: Lines = {"": getattr(data, "line", 1)}
    if isinstance(data, dict):
        for key, value in data.items():
            lines[str(key)] = line_of(data, key)
            if isinstance(value, dict):
                for sub in value:
                    lines[f"{key}.{sub}"] = line_of(value, sub)
            elif isinstance(value, list):
                for i in range(len(value)):
                    lines[f"{key}.{i}"] = line_of(value, i)
    return data, lines


def _load_pyproject(text: str, display: str) -> tuple[Any, Lines]:
    import tomllib

    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise ConfigError(f"{display}: error: invalid TOML: nested too deeply") from None
    except ValueError as exc:  # TOMLDecodeError, or a number Python cannot convert
        if not isinstance(exc, tomllib.TOMLDecodeError):
            raise ConfigError(f"{display}: error: invalid TOML: {str(exc)[:120]}") from None
        m = re.search(r"line (\d+)", str(exc))
        where = f":{m.group(1)}" if m else ""
        raise ConfigError(f"{display}{where}: error: invalid TOML: {exc}") from None
    section = data.get("tool", {}).get("policylint", {})
    # tomllib keeps no positions: find them in the text, which is good enough for
    # pointing at a key (tables [tool.policylint.x] and dotted keys included)
    lines: Lines = {}
    table = ""
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        m = re.match(r"^\[\s*tool\.policylint(?:\.([^\]]+))?\s*\]", line)
        if m:
            table = (m.group(1) or "").strip().strip('"')
            lines.setdefault(table or "", number)
            continue
        if line.startswith("["):
            table = None  # type: ignore[assignment]
            continue
        if table is None:
            continue
        k = re.match(r'^("[^"]+"|[A-Za-z0-9_.-]+)\s*=', line)
        if k:
            key = k.group(1).strip('"')
            full = f"{table}.{key}" if table else key
            lines.setdefault(full, number)
    return section, lines


def _build(data: Any, lines: Lines, display: str, root: Path, *, defer: bool = False) -> Config:
    problems: list[str] = []

    def where(key: str) -> str:
        number = lines.get(key) or lines.get(key.split(".", 1)[0]) or lines.get("") or 1
        return f"{display}:{number}"

    def problem(key: str, message: str) -> None:
        problems.append(f"{where(key)}: error: {message}")

    config = Config(source=display, root=root)
    if not isinstance(data, dict):
        raise ConfigError(f"{where('')}: error: the configuration must be a mapping of keys")
    for key in data:
        if key not in KEYS:
            import difflib

            close = difflib.get_close_matches(str(key).replace("_", "-"), KEYS, n=1, cutoff=0.6)
            hint = (
                f" (did you mean '{close[0]}'?)" if close else f" (known keys: {', '.join(KEYS)})"
            )
            problem(str(key), f"unknown key '{key}'{hint}")

    def strings(key: str) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
            return [v.strip() for v in value]
        problem(key, f"'{key}' must be a list of strings")
        return []

    config.select = strings("select")
    config.ignore = strings("ignore")
    config.exclude = strings("exclude")
    rule_paths = strings("rules")
    config.rules = [str((root / p).resolve()) if not os.path.isabs(p) else p for p in rule_paths]
    for i, (written, rule_path) in enumerate(zip(rule_paths, config.rules, strict=True)):
        if not os.path.exists(rule_path):
            problem(f"rules.{i}", f"rules: '{written}' does not exist")
    config.rules = [p for p in config.rules if os.path.exists(p)]

    profile = data.get("profile")
    if profile is not None:
        if profile not in PROFILES:
            problem("profile", f"profile must be one of {', '.join(PROFILES)}, not {profile!r}")
        else:
            config.profile = profile
    profiles = data.get("profiles")
    if profiles is not None:
        if not isinstance(profiles, dict):
            problem("profiles", "'profiles' must map path globs to profiles")
        else:
            for glob, value in profiles.items():
                if value not in PROFILES:
                    problem(
                        f"profiles.{glob}",
                        f"profiles: '{glob}': must be one of {', '.join(PROFILES)}, not {value!r}",
                    )
                else:
                    config.profiles[str(glob)] = value

    def codes(key: str, value: object) -> list[str] | None:
        """Jurisdiction codes ("US-CA" or a list), validated against the law data."""
        from .laws import UnknownJurisdiction, bundled

        raw = [value] if isinstance(value, str) else value
        if not isinstance(raw, list) or not raw or not all(isinstance(v, str) for v in raw):
            problem(key, f"{key}: must be a jurisdiction code such as US-CA, or a list of them")
            return None
        out = []
        for code in raw:
            try:
                out.append(bundled().jurisdiction(code).code)
            except UnknownJurisdiction as exc:
                hint = "" if exc.suggestions else " (see `policylint laws list`)"
                problem(key, f"{key}: {exc}{hint}")
                return None
        return list(dict.fromkeys(out))

    if data.get("jurisdiction") is not None:
        found = codes("jurisdiction", data["jurisdiction"])
        if found is not None:
            config.jurisdiction = found
    by_path = data.get("jurisdictions")
    if by_path is not None:
        if not isinstance(by_path, dict):
            problem("jurisdictions", "'jurisdictions' must map path globs to jurisdiction codes")
        else:
            for glob, value in by_path.items():
                found = codes(f"jurisdictions.{glob}", value)
                if found is not None:
                    config.jurisdictions[str(glob)] = found
    employees = data.get("employees")
    if employees is not None:
        if isinstance(employees, bool) or not isinstance(employees, int) or employees < 1:
            problem(
                "employees", f"employees: must be a whole number of at least 1, not {employees!r}"
            )
        else:
            config.employees = employees

    fail_on = data.get("fail-on")
    if fail_on is not None:
        if fail_on is False:  # YAML reads a bare `never`-ish `no`/`off` as false
            fail_on = "never"
        if fail_on not in FAIL_ON_VALUES:
            problem(
                "fail-on", f"fail-on must be one of {', '.join(FAIL_ON_VALUES)}, not {fail_on!r}"
            )
        else:
            config.fail_on = fail_on

    severity = data.get("severity")
    if severity is not None:
        if not isinstance(severity, dict):
            problem("severity", "'severity' must map rule ids or categories to error/warning/info")
        else:
            for target, value in severity.items():
                if value not in SEVERITIES:
                    problem(
                        f"severity.{target}",
                        f"severity: '{target}': must be error, warning or info, not {value!r}",
                    )
                else:
                    config.severity[str(target)] = value

    params = data.get("params")
    if params is not None:
        if not isinstance(params, dict):
            problem("params", "'params' must map rule ids to {param: value}")
        else:
            for rid, values in params.items():
                if not isinstance(values, dict) or not all(
                    isinstance(v, str | int | float) and not isinstance(v, bool)
                    for v in values.values()
                ):
                    problem(f"params.{rid}", f"params: '{rid}': must map param names to values")
                    continue
                bad = [(k, why) for k, v in values.items() if (why := param_problem(v))]
                for name, why in bad:
                    problem(f"params.{rid}", f"params: {rid}.{name}: {why}")
                if not bad:
                    config.params[str(rid)] = dict(values)

    size = data.get("max-file-size")
    if size is not None:
        try:
            config.max_file_size = parse_size(size)
        except ValueError as exc:
            problem("max-file-size", f"max-file-size: {exc}")
    timeout = data.get("read-timeout")
    if timeout is not None:
        try:
            config.read_timeout = parse_read_timeout(timeout)
        except ValueError as exc:
            problem("read-timeout", f"read-timeout: {exc}")

    for key in ("select", "ignore", "severity", "params", "profiles", "rules", "profile"):
        config.origins[key] = where(key)
        if isinstance(data.get(key), dict):
            for sub in data[key]:
                config.origins[f"{key}.{sub}"] = where(f"{key}.{sub}")
    if problems:
        ordered = sorted(problems, key=_line_key)
        if not defer:
            raise ConfigError("\n".join(ordered))
        config.problems = ordered
    return config


def _line_key(problem: str) -> int:
    m = re.match(r"^.*?:(\d+):", problem)
    return int(m.group(1)) if m else 0


def check_against_rules(config: Config, ruleset: Any) -> None:
    """Names in select/ignore/severity/params must exist in the loaded rules: a typo
    must not silently select nothing. Raises ConfigError naming where it was set."""
    ids = {r.id for r in ruleset}
    categories = set(CATEGORIES)
    problems: list[str] = []

    def origin(key: str) -> str:
        return config.origins.get(key) or config.origins.get(key.split(".", 1)[0]) or "config"

    def unknown(name: str) -> str:
        import difflib

        close = difflib.get_close_matches(name, sorted(ids | categories), n=1, cutoff=0.7)
        return f" (did you mean '{close[0]}'?)" if close else ""

    for key in ("select", "ignore"):
        for name in getattr(config, key):
            if name not in ids and name not in categories:
                problems.append(
                    f"{origin(key)}: error: {key}: '{name}' is neither a rule id nor a "
                    f"category{unknown(name)}"
                )
    for name in config.severity:
        if name not in ids and name not in categories:
            problems.append(
                f"{origin('severity.' + name)}: error: severity: '{name}' is neither a rule id "
                f"nor a category{unknown(name)}"
            )
    for rid, values in config.params.items():
        rule = ruleset.get(rid)
        if rule is None:
            problems.append(
                f"{origin('params.' + rid)}: error: params: unknown rule '{rid}'{unknown(rid)}"
            )
            continue
        for name, value in values.items():
            if name not in rule.params:
                known = ", ".join(sorted(rule.params)) or "none"
                problems.append(
                    f"{origin('params.' + rid)}: error: params: rule '{rid}' has no param "
                    f"'{name}' (its params: {known})"
                )
            elif isinstance(rule.params[name], int | float) and not isinstance(value, int | float):
                problems.append(
                    f"{origin('params.' + rid)}: error: params: {rid}.{name} must be a number, "
                    f"not {value!r}"
                )
    problems = sorted([*config.problems, *problems], key=_line_key)
    if problems:
        raise ConfigError("\n".join(dict.fromkeys(problems)))


STARTER = """\
# policylint configuration. Settings here apply to every run in this folder and
# below; options given on the command line override them. Remove the leading '# '
# to turn a setting on. `policylint check --help` lists the options,
# `policylint rules list` the rules and `policylint rules show RULE-ID` one rule
# with its params and evidence.

# Kind of document: handbook, syllabus or client-policy. Unset, each document's
# profile is detected from its text (and shown in the output); set it to turn
# detection off. The profile picks the document-level checks (e.g. "no bereavement
# leave provision" for handbooks, "no excused absence for illness" for syllabi).
# profile: handbook

# Per-path profiles: the first glob that matches a file wins (globs are relative to
# this file's folder; ** matches any number of folders).
# profiles:
#   "syllabi/**": syllabus
#   "client-forms/**": client-policy

# Run only these rule ids or categories / skip these.
# select: [grief-leave, sick-leave, productivity]
# ignore: [martyr-language/calling-not-a-job]

# Change a severity (error, warning or info) by rule id or category.
# severity:
#   martyr-language: info
#   caseload/no-cap: error

# Override a rule's thresholds (see `policylint rules show RULE-ID` for its params).
# params:
#   productivity/weekly-client-hours:
#     max_hours: 25

# Extra rule files or folders of your own (paths relative to this file).
# rules: [policy-rules/]

# Legal floors: compare the rules that have one (bereavement days, sick leave hours,
# doctor's notes, finding a replacement, disclosing a diagnosis) with the law of these
# jurisdictions; a clause below the floor is an error that cites the law
# (`policylint laws list` shows the codes; not legal advice).
# jurisdiction: US-CA
# Per-path jurisdictions: the first glob that matches a file wins.
# jurisdictions:
#   "oregon-clinic/**": US-OR
# The employer's head-count, for floors that apply only above a size.
# employees: 30

# Lowest severity that makes policylint exit with code 1: error, warning, info, never.
# fail-on: warning

# Files to skip (globs relative to this file), even when named on the command line.
# exclude: ["archive/**", "**/*-draft.docx"]

# Refuse inputs larger than this (e.g. 50MB, 500KB; at most 2GB).
# max-file-size: 50MB

# Seconds allowed for reading one file, per MB of it, counting every file as 2 MB more
# than it is (so 5 gives 10 s to a small file, 25 s to a 3 MB one); a file that takes
# longer gets one error line and the run goes on (0 turns the budget off).
# read-timeout: 5
"""


def write_starter(folder: Path | None = None) -> Path:
    """Write the commented starter ``.policylint.yaml``; FileExistsError if present."""
    path = (folder or Path.cwd()) / CONFIG_NAMES[0]
    with open(path, "x", encoding="utf-8") as fh:
        fh.write(STARTER)
    return path
