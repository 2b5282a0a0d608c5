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


# -- token REGEX in Matcher patterns ----------------------------------------------------


def _re2_options() -> Any:
    import re2

    options = re2.Options()
    options.log_errors = False
    return options


def token_regex_problem(pattern: Any) -> str | None:
    """Why a token-pattern ``REGEX`` value cannot be used, or None. Token regexes run
    with google-re2 (see :func:`token_regexes_with_re2`), so what re2 cannot compile
    (look-arounds, backreferences) is refused when the rule loads."""
    import re2

    if not isinstance(pattern, str):
        return f"a token REGEX must be a string, not {pattern!r}"
    try:
        re2.compile(pattern, _re2_options())
    except re2.error as exc:
        why = exc.args[0] if exc.args else exc
        if isinstance(why, bytes):
            why = why.decode("utf-8", "replace")
        return (
            f"token REGEX {pattern!r} cannot be compiled by google-re2 ({why}); token "
            "regexes run with re2 so that no pattern can hang a run: rewrite it without "
            "look-arounds or backreferences, or use a 'regex' match"
        )
    return None


def token_regexes_with_re2(matcher: Any) -> int:
    """Make a spaCy ``Matcher`` run its token ``REGEX`` predicates with google-re2.

    spaCy compiles them with Python's ``re``, which backtracks: ``(a+)+$`` on a long
    token never returns. The loader has checked that every such pattern compiles with
    re2 (:func:`token_regex_problem`); here each compiled ``re`` pattern the Matcher
    holds is swapped for its re2 twin (both have ``.search``). Returns how many were
    swapped."""
    import re2

    options = _re2_options()
    swapped = 0
    for predicate in getattr(matcher, "_extra_predicates", None) or ():
        kind = type(predicate).__name__
        if kind == "_RegexPredicate" and hasattr(predicate.value, "pattern"):
            predicate.value = re2.compile(predicate.value.pattern, options)
            swapped += 1
        elif kind == "_SetPredicate" and getattr(predicate, "regex", False):
            predicate.value = {re2.compile(v.pattern, options) for v in predicate.value}
            swapped += 1
    return swapped
