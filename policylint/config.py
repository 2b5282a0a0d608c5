"""Configuration: the settings a run uses, merged from defaults, a config file and
the command line (command line wins)."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .documents import DEFAULT_MAX_FILE_SIZE
from .findings import DEFAULT_PROFILE


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
    exclude: list[str] = field(default_factory=list)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    pipeline: str = "blank"
    #: the config file this came from, if any, and the folder globs are relative to
    source: str | None = None
    root: Path = field(default_factory=Path.cwd)

    def profile_for(self, path: str) -> str:
        """Per-path profile (first matching glob), else the run's profile."""
        if self.profiles and path not in ("-", "<stdin>"):
            rel = _relative(path, self.root)
            for pattern, profile in self.profiles.items():
                if _glob_match(rel, pattern):
                    return profile
        return self.profile or DEFAULT_PROFILE

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


def find_and_load(*, config_file: str | None = None, no_config: bool = False) -> Config:
    """The configuration for a run: ``config_file`` if given, else none when
    ``no_config``; discovery of .policylint.yaml / pyproject.toml comes with the
    configuration feature."""
    return Config()
