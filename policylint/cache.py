"""Result cache: an unchanged file is not read or parsed again.

An entry is keyed by a hash of the file's bytes, its format and profile, the rules
(content hash), the settings that change findings (select, ignore, severity, params,
pipeline) and policylint itself (version plus the size and mtime of its modules, so a
development checkout never serves stale results). A hit restores the findings
without importing spaCy or any reader. Entries live in the user cache directory
(``platformdirs``) or ``--cache-dir``; a missing, corrupt or unwritable cache is
never an error: the file is linted as usual and the entry rewritten.

An entry is not trusted as it is found. It is a header line (the entry layout, the
key, the size and a SHA-256 digest of the rest) followed by the findings as JSON;
it is read only if it is a regular file under :data:`MAX_ENTRY_BYTES`, and used only
if the header matches, the digest verifies, the JSON is a well-formed entry (every
field of every finding of the right type) and it holds no more findings than the
file has words allow. Anything else is a miss, and the entry is rewritten. (The
digest catches damage and hand edits; the cache is a local speed-up, not a trust
boundary: whoever can write it can also edit policylint itself.)
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .findings import Finding
from .safety import TooLarge, read_file

if TYPE_CHECKING:
    from .config import Config
    from .engine.loader import RuleSet

#: bump when the entry layout changes
LAYOUT = 3
#: largest entry read or written
MAX_ENTRY_BYTES = 16 << 20
#: longest header line
_MAX_HEADER = 1024


def default_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("policylint", appauthor=False))


@lru_cache(maxsize=1)
def code_stamp() -> str:
    """policylint's version plus the size and mtime of its modules."""
    digest = hashlib.sha256(__version__.encode())
    root = Path(__file__).resolve().parent
    entries = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            if name.endswith((".py", ".j2", ".css", ".js", ".json")):
                path = os.path.join(folder, name)
                st = os.stat(path)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                entries.append(f"{rel}:{st.st_size}:{st.st_mtime_ns}\n")
    for entry in sorted(entries):
        digest.update(entry.encode())
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

    def get(self, key: str) -> tuple[int, list[Finding], str, dict[str, str]] | None:
        """(words, findings, format, meta) for a cached file, or None (missing, damaged,
        edited, from another version: see the module docstring). ``meta`` holds what
        else was decided from the bytes (the detected profile and why)."""
        try:
            raw = read_file(self._path(key), MAX_ENTRY_BYTES)
            result = _decode_entry(raw, key)
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, TooLarge, ValueError, KeyError, TypeError, RecursionError):
            # damaged, edited, hostile or from an incompatible version: ignore; it is
            # rewritten once the file has been linted
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
        meta: dict[str, str] | None = None,
    ) -> None:
        try:
            data = _encode_entry(key, words, findings, fmt, meta or {})
        except (TypeError, ValueError):
            return
        if len(data) > MAX_ENTRY_BYTES:
            return  # not cached; a stale entry for the key fails its digest anyway
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            pass  # a cache that cannot be written is simply not used


def _digest(key: str, body: bytes) -> str:
    return hashlib.sha256(key.encode("ascii") + b"\0" + body).hexdigest()


def _encode_entry(
    key: str, words: int, findings: list[Finding], fmt: str, meta: dict[str, str]
) -> bytes:
    body = json.dumps(
        {
            "format": fmt,
            "words": words,
            "findings": [f.to_cache() for f in findings],
            "meta": meta,
        },
        ensure_ascii=True,
    ).encode("ascii")
    header = {"layout": LAYOUT, "key": key, "size": len(body), "digest": _digest(key, body)}
    return json.dumps(header).encode("ascii") + b"\n" + body


def _decode_entry(raw: bytes, key: str) -> tuple[int, list[Finding], str, dict[str, str]]:
    """Verify and decode an entry; ValueError (or KeyError/TypeError) when anything
    about it is off."""
    newline = raw.find(b"\n", 0, _MAX_HEADER)
    if newline < 0:
        raise ValueError("no header")
    header = json.loads(raw[:newline])
    body = raw[newline + 1 :]
    if not isinstance(header, dict) or header.get("layout") != LAYOUT:
        raise ValueError("another layout")
    if header.get("key") != key or header.get("size") != len(body):
        raise ValueError("entry does not match its key or size")
    if not isinstance(header.get("digest"), str) or not hmac.compare_digest(
        header["digest"], _digest(key, body)
    ):
        raise ValueError("digest does not verify")
    entry = json.loads(body)
    if not isinstance(entry, dict) or set(entry) != {"format", "words", "findings", "meta"}:
        raise ValueError("not an entry")
    meta = entry["meta"]
    if not isinstance(meta, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(v) < 4096 for k, v in meta.items()
    ):
        raise ValueError("bad meta")
    words, fmt, items = entry["words"], entry["format"], entry["findings"]
    if type(words) is not int or words < 0 or fmt not in _FORMATS:
        raise ValueError("bad words or format")
    if not isinstance(items, list) or len(items) > words + _MAX_DOCUMENT_FINDINGS:
        raise ValueError("more findings than the file has words")
    return words, [_finding(item) for item in items], fmt, meta


#: formats a cached result may have
_FORMATS = frozenset({"docx", "pdf", "md", "txt", "html"})
#: findings besides those on words (document-level ones, one per rule at most)
_MAX_DOCUMENT_FINDINGS = 1000
_STR = (str,)
_OPT_STR = (str, type(None))
_OPT_INT = (int, type(None))
#: the type of every field of a cached finding (Finding.to_cache)
_FIELDS: dict[str, tuple[type, ...]] = {
    "rule": _STR, "category": _STR, "severity": _STR, "scope": _STR, "title": _STR,
    "message": _STR, "excerpt": _OPT_STR, "match": _OPT_STR, "line": _OPT_INT,
    "column": _OPT_INT, "end_line": _OPT_INT, "end_column": _OPT_INT, "page": _OPT_INT,
    "section": _OPT_STR, "suggestions": (list,), "fingerprint": _STR, "suppressed": (bool,),
    "suppression_reason": _OPT_STR, "block": _OPT_INT, "start": _OPT_INT, "end": _OPT_INT,
    "sentence_start": _OPT_INT, "sentence_end": _OPT_INT, "law": (dict, type(None)),
}  # fmt: skip


def _finding(item: Any) -> Finding:
    if not isinstance(item, dict) or set(item) != set(_FIELDS):
        raise ValueError("not a finding")
    for name, types in _FIELDS.items():
        value = item[name]
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise ValueError(f"bad {name}")
    if item["scope"] not in ("span", "document") or not all(
        isinstance(s, str) for s in item["suggestions"]
    ):
        raise ValueError("bad scope or suggestions")
    return Finding.from_cache(item)
