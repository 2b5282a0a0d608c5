"""Compiled rules kept between runs, keyed by the content they were compiled from.

Loading the rule files (YAML, validation, template checks) and compiling the vocabulary
(inflections, the Aho-Corasick automaton) cost a fraction of a second that a pre-commit
re-run served from the result cache should not pay. Both are stored under the user
cache directory (``POLICYLINT_CACHE_DIR`` or ``platformdirs``), in files named by a hash
of everything they depend on: the rule files' bytes, policylint's code and the versions
of the libraries involved. Change any of them and the key changes.

An entry is ``MAGIC + sha256(payload) + payload``; one that does not verify, is too
large, or fails to unpickle is ignored (and overwritten on the next store). The cache
directory is the user's own, like the site-packages the code runs from: an entry is
trusted as far as that directory is. A cache that cannot be written is never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

MAGIC = b"policylint-compiled-1\n"
MAX_BYTES = 200 << 20


def directory() -> Path | None:
    base = os.environ.get("POLICYLINT_CACHE_DIR")
    if base:
        return Path(base) / "compiled"
    try:
        import platformdirs
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    return Path(platformdirs.user_cache_dir("policylint", appauthor=False)) / "compiled"


def disabled() -> bool:
    return os.environ.get("POLICYLINT_NO_COMPILED_CACHE", "") not in ("", "0")


@lru_cache(maxsize=1)
def stamp() -> str:
    """policylint's code and the libraries whose objects are stored (each library by
    the size and time of its installed module: reading package metadata costs more
    than a cached run's whole budget)."""
    import importlib.util

    from ..cache import code_stamp

    parts = [code_stamp()]
    for module in ("ahocorasick", "lemminflect", "yaml"):
        try:
            spec = importlib.util.find_spec(module)
            st = os.stat(spec.origin) if spec and spec.origin else None
            parts.append(f"{module}={st.st_size}:{st.st_mtime_ns}" if st else f"{module}=?")
        except Exception:
            parts.append(f"{module}=?")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _path(kind: str, key: str) -> Path | None:
    base = directory()
    if base is None or disabled():
        return None
    digest = hashlib.sha256(f"{kind}\0{key}\0{stamp()}".encode()).hexdigest()[:32]
    return base / f"{kind}-{digest}.bin"


def get(kind: str, key: str) -> Any:
    path = _path(kind, key)
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(MAGIC) + 32)
            if head[: len(MAGIC)] != MAGIC:
                return None
            payload = fh.read(MAX_BYTES + 1)
        if len(payload) > MAX_BYTES or hashlib.sha256(payload).digest() != head[len(MAGIC) :]:
            return None
        value = pickle.loads(payload)
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept when older entries are pruned
        return value
    except Exception:
        return None


def put(kind: str, key: str, value: Any) -> None:
    path = _path(kind, key)
    if path is None:
        return
    tmp = None
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if len(payload) > MAX_BYTES:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{kind}-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, path)
        tmp = None
        _prune(path.parent, kind, path)
    except Exception:
        return
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


#: entries of one kind kept in the store: a few rule sets and configurations in use
#: side by side; older ones (earlier versions of the rules or of policylint) go
KEEP = 6


def _prune(folder: Path, kind: str, written: Path) -> None:
    """Remove all but the :data:`KEEP` most recently used entries of ``kind``."""
    entries = []
    for entry in folder.glob(f"{kind}-*.bin"):
        with contextlib.suppress(OSError):
            entries.append((entry.stat().st_mtime, entry))
    entries.sort(reverse=True)
    for _, entry in entries[KEEP:]:
        if entry != written:
            with contextlib.suppress(OSError):
                entry.unlink()
