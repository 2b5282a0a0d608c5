"""Result cache: an unchanged file is not read or parsed again.

An entry is keyed by a hash of the file's bytes, its format and profile, the rules
(content hash), the settings that change findings (select, ignore, severity, params,
pipeline) and policylint itself (version plus the size and mtime of its modules, so a
development checkout never serves stale results). A hit restores the findings
without importing spaCy or any reader. Entries live in the user cache directory
(``platformdirs``) or ``--cache-dir``; a missing, corrupt or unwritable cache is
never an error: the file is linted as usual and the entry rewritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .findings import Finding

if TYPE_CHECKING:
    from .config import Config
    from .engine.loader import RuleSet

#: bump when the entry layout changes
LAYOUT = 2


def default_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("policylint", appauthor=False))


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """policylint's version plus the size and mtime of its modules."""
    digest = hashlib.sha256(__version__.encode())
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*")):
        if (
            path.suffix in (".py", ".j2", ".css", ".js", ".json")
            and "__pycache__" not in path.parts
        ):
            st = path.stat()
            digest.update(f"{path.relative_to(root)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def settings_stamp(ruleset: RuleSet, config: Config) -> str:
    """Everything besides the file and its profile that decides the findings."""
    settings = {
        "layout": LAYOUT,
        "code": code_stamp(),
        "rules": ruleset.version,
        "select": sorted(config.select),
        "ignore": sorted(config.ignore),
        "severity": sorted(config.severity.items()),
        "params": sorted((k, sorted(v.items())) for k, v in config.params.items()),
        "pipeline": config.pipeline,
    }
    return hashlib.sha256(json.dumps(settings, default=str).encode()).hexdigest()


class Cache:
    def __init__(self, folder: str | Path, ruleset: RuleSet, config: Config) -> None:
        self.folder = Path(folder) / f"v{LAYOUT}"
        self.settings = settings_stamp(ruleset, config)
        self.hits = 0
        self.misses = 0

    def key(self, data: bytes, fmt: str | None, profile: str) -> str:
        digest = hashlib.sha256(self.settings.encode())
        digest.update(f"\0{fmt}\0{profile}\0".encode())
        digest.update(data)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> tuple[int, list[Finding], str, dict[str, Any]] | None:
        """(words, findings, format, meta) for a cached file, or None; ``meta`` holds
        what else was decided from the bytes (the detected profile and why)."""
        try:
            raw = self._path(key).read_text(encoding="utf-8")
            entry = json.loads(raw)
            if entry.get("key") != key:
                raise ValueError("entry does not match its key")
            findings = [Finding.from_cache(f) for f in entry["findings"]]
            meta = entry.get("meta") or {}
            if not isinstance(meta, dict):
                raise ValueError("meta is not a mapping")
            result = (int(entry["words"]), findings, str(entry["format"]), meta)
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            # corrupt or from an incompatible version: ignore; it is rewritten
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(
        self,
        key: str,
        words: int,
        findings: list[Finding],
        fmt: str,
        meta: dict[str, Any] | None = None,
    ) -> None:
        entry: dict[str, Any] = {
            "key": key,
            "format": fmt,
            "words": words,
            "findings": [f.to_cache() for f in findings],
            "meta": meta or {},
        }
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(entry, fh, ensure_ascii=False)
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except (OSError, TypeError, ValueError):
            pass  # a cache that cannot be written is simply not used
