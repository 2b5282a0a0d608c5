"""Rule regexes: google-re2 (linear time, ReDoS-safe) first; a pattern re2 cannot
compile (lookarounds, backreferences) falls back to the ``regex`` module with a
per-search timeout. A pattern neither can compile is refused at load time."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: seconds one search of one sentence may take with the ``regex`` fallback
FALLBACK_TIMEOUT = 0.25


class RegexProblem(Exception):
    pass


@dataclass(frozen=True)
class CompiledRegex:
    pattern: str
    engine: str  # "re2" | "regex"
    compiled: Any

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        if self.engine == "re2":
            for m in self.compiled.finditer(text):
                if m.end() > m.start():
                    yield m.start(), m.end()
            return
        try:
            for m in self.compiled.finditer(text, timeout=FALLBACK_TIMEOUT):
                if m.end() > m.start():
                    yield m.start(), m.end()
        except TimeoutError:
            # a pathological pattern on this text: no match rather than a hang
            return


@lru_cache(maxsize=1024)
def compile_regex(pattern: str, case_sensitive: bool = False) -> CompiledRegex:
    import re2

    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = case_sensitive
    try:
        return CompiledRegex(pattern, "re2", re2.compile(pattern, options))
    except re2.error:
        import regex

        flags = 0 if case_sensitive else regex.IGNORECASE
        try:
            compiled = regex.compile(pattern, flags)
        except regex.error as exc:
            raise RegexProblem(f"invalid regex {pattern!r}: {exc}") from None
        return CompiledRegex(pattern, "regex", compiled)
