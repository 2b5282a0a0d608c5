"""Quantities: numbers with units, periods and bounds, normalised for rules.

:func:`find_quantities` reads a spaCy ``Doc`` made by the blank English tokenizer (only
lexical token attributes are used) and returns :class:`Quantity` objects such as

* "must bill 7,200 billable minutes a month" -> 7200 minute per month
* "carry 45–60 active clients" -> 45..60 client
* "at least 28 clients a week" -> 28 client per week, bound "min"
* "thirty (30) days" -> 30 day (legal style, one quantity)
* "$200 a month" -> 200 dollar per month; "85%" -> 85 percent

and :meth:`Quantity.convert` normalises them (8 working hours a day, 5 working days a
week, 52 weeks a year, 52/12 weeks a month), so that a rule can test "client hours per
week > 25" whatever the wording.

Speed: a lexeme flag (added once to the vocab with ``Vocab.add_flag``, so computed once
per word type) marks the tokens that start with a digit or are number words; one
``Doc.to_array`` call finds them, and only the few tokens around them are read. No
regex runs per token. Importing this module does not import spaCy or numpy.

Ambiguous cases, decided: "within two hours" is bound "max"; "over"/"under" are bounds;
"20 or 21 clients" is a range only when a unit follows and the second number is larger;
"per FTE", "per loss", "per 30 sessions" are not periods (per None, and no period is
looked for elsewhere); "$25 an hour" has per "hour" (a fifth period, for rates); a
period before the number ("a weekly quota of 30 sessions") sets ``per`` but is outside
the span; a duration is never per a shorter or equal period ("12 months ... monthly").

Not quantities: ordinals ("2nd", "first"); years (1900-2100 without a unit) and dates
("January 5, 2024", "15 Nov 2024", "2024-01-15"); clock times ("9:00 am", "5 pm",
"9-5", "9 to 5"); "24/7", ratios ("10:1", "50/50"); legal and document references
("§12945.7", "29 CFR 785.11", "Section 3.2", "SB 616", "Lab. Code 2802"); phone
numbers and service lines ("555-123-4567", "988", "911"); list markers ("1.", "2)",
"(3)", "[12]"); identifiers ("401(k)", "1099-NEC"); bare number words below two or
followed by "of" ("one of", "no one").
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

__all__ = ["DURATION_UNITS", "PERIODS", "Quantity", "find_quantities"]

# ---------------------------------------------------------------------------------------
# Normalisation

#: Duration units in minutes: 8 working hours a day, 5 working days a week,
#: 52 weeks a year, 52/12 weeks a month.
DURATION_UNITS: dict[str, float] = {
    "minute": 1.0,
    "hour": 60.0,
    "day": 480.0,
    "week": 2400.0,
    "month": 2400.0 * 52 / 12,
    "year": 2400.0 * 52,
}

#: Length of each period in weeks. "hour" appears only in rates such as "$25 an hour"
#: or "15 minutes per hour" (a 40-hour week).
PERIODS: dict[str, float] = {
    "hour": 1 / 40,
    "day": 1 / 5,
    "week": 1.0,
    "month": 52 / 12,
    "year": 52.0,
}
PERIOD_MINUTES: dict[str, float] = {p: w * DURATION_UNITS["week"] for p, w in PERIODS.items()}


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number (or range) with its unit, period and bound, and where it is.

    ``unit`` is a canonical unit (see the module lexicon) or None for a bare number;
    ``per`` is "day", "week", "month", "year", "hour" (rates only) or None; ``bound``
    is "min", "max" or None. ``start``/``end`` are token indices (end exclusive) and
    ``start_char``/``end_char``
    the matching character offsets in ``doc.text``; the span covers bound words ("at
    least"), the number(s), the unit (with the modifiers between, as in "45–60 active
    clients") and a following period ("a week", possibly after a few words as in "20
    hours of client work per week"). A period found *before* the number ("a weekly
    quota of 30 sessions") sets ``per`` but is not included in the span.
    """

    start: int
    end: int
    start_char: int
    end_char: int
    low: float
    high: float
    unit: str | None
    per: str | None
    bound: str | None
    text: str
    #: a coverage window ("24 hours a day", "7 days a week", "365 days a year"): how
    #: long something is staffed or reachable, never a workload
    coverage: bool = False
    #: part of a total stated just before ("600 hours, including 240 direct hours";
    #: "of which 40 are ..."): not a separate target
    part: bool = False

    @property
    def is_range(self) -> bool:
        return self.high != self.low

    def convert(self, unit: str | None, per: str | None) -> tuple[float, float] | None:
        """``(low, high)`` in ``unit`` per ``per``, or None when incompatible.

        Durations convert among themselves (minute, hour, day, week, month, year);
        every other unit (session, client, percent, dollar, ...) and ``None`` (a bare
        number) only to itself. With ``per=None`` the quantity's own period is ignored
        and only the unit converts; with a ``per`` the quantity needs a period too.
        """
        if unit == self.unit:
            factor = 1.0
        else:
            if unit not in DURATION_UNITS or self.unit not in DURATION_UNITS:
                return None
            factor = DURATION_UNITS[self.unit] / DURATION_UNITS[unit]
        if per is not None:
            if self.per is None or per not in PERIODS:
                return None
            factor *= PERIODS[per] / PERIODS[self.per]
        return (self.low * factor, self.high * factor)


# ---------------------------------------------------------------------------------------
# Lexicons (all keys lower case)

_ONES: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_ADVERBS: dict[str, int] = {"once": 1, "twice": 2, "thrice": 3}
_WORD_STARTS = {*_ONES, *_TENS, *_ADVERBS, "hundred", "thousand", "dozen", "half", "single"}
_MONEY_SCALE: dict[str, float] = {"k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9}
_SCALE_AFTER_DIGITS: dict[str, float] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
}

_UNIT_WORDS: dict[str, str] = {}
for _canon, _words in {
    "minute": "minute minutes min mins",
    "hour": "hour hours hr hrs h",
    "day": "day days workday workdays",
    "week": "week weeks wk wks workweek workweeks",
    "month": "month months mo mos",
    "year": "year years yr yrs",
    "session": "session sessions appointment appointments appt appts visit visits "
    "encounter encounters",
    "client": "client clients patient patients case cases consumer consumers child children "
    "youth youths family families student students adolescent adolescents kid kids couple "
    "couples individual individuals household households",
    "unit": "unit units rvu rvus",
    "occurrence": "occurrence occurrences absence absences instance instances occasion "
    "occasions incident incidents",
    "percent": "percent pct",
    "dollar": "dollar dollars usd",
    "credit": "credit credits ceu ceus",
    "shift": "shift shifts",
}.items():
    for _w in _words.split():
        _UNIT_WORDS[_w] = _canon
# "time(s)" is an occurrence only right after the number ("three times a week").
_TIMES_WORDS = {"time", "times"}
# Suffixes glued to digits in one token: "30min", "2hrs", "8h", "50k", "3x".
_GLUED: dict[str, str] = {
    "min": "minute",
    "mins": "minute",
    "h": "hour",
    "hr": "hour",
    "hrs": "hour",
    "hour": "hour",
    "hours": "hour",
    "d": "day",
    "day": "day",
    "days": "day",
    "wk": "week",
    "wks": "week",
    "week": "week",
    "weeks": "week",
    "mo": "month",
    "yr": "year",
    "yrs": "year",
    "x": "occurrence",
    "%": "percent",
}

_PERIOD_NOUNS: dict[str, str] = {
    "hour": "hour",
    "hr": "hour",
    "h": "hour",
    "day": "day",
    "d": "day",
    "workday": "day",
    "week": "week",
    "wk": "week",
    "w": "week",
    "workweek": "week",
    "month": "month",
    "mo": "month",
    "year": "year",
    "yr": "year",
    "y": "year",
    "annum": "year",
}
_COMPOUND_PERIODS: dict[str, str] = {
    "day": "day",
    "days": "day",
    "workday": "day",
    "workdays": "day",
    "week": "week",
    "weeks": "week",
    "workweek": "week",
    "workweeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
}
_SINGULAR_DURATIONS = {"minute", "hour", "day", "week", "month", "year", "workday", "workweek"}
_PERIOD_ADJ: dict[str, str] = {
    "hourly": "hour",
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "yearly": "year",
    "annually": "year",
}
_PERIOD_INTRO = {"per", "a", "an", "each", "every", "/"}
_PERIOD_MODS = {
    "calendar",
    "fiscal",
    "academic",
    "school",
    "work",
    "working",
    "business",
    "contract",
    "training",
    "program",
    "single",
    "given",
    "rolling",
    "full",
    "typical",
    "standard",
    "normal",
}
# "in a 12-month period", "within 12 months", "over 52 weeks" ...
_SPAN_INTRO = {"in", "within", "over", "during", "per", "every", "each"}
_SPAN_DETS = {"a", "an", "any", "one", "the", "each", "every", "that", "this"}
_SPAN_MODS = {
    "rolling",
    "calendar",
    "consecutive",
    "single",
    "given",
    "past",
    "last",
    "preceding",
    "previous",
    "fiscal",
}
_SPAN_CANON: dict[tuple[float, str], str] = {
    (1, "day"): "day",
    (24, "hour"): "day",
    (1, "week"): "week",
    (7, "day"): "week",
    (1, "month"): "month",
    (30, "day"): "month",
    (1, "year"): "year",
    (12, "month"): "year",
    (52, "week"): "year",
    (365, "day"): "year",
}

_BOUND_BEFORE: dict[tuple[str, ...], str] = {
    ("at", "least"): "min",
    ("no", "fewer", "than"): "min",
    ("no", "less", "than"): "min",
    ("not", "less", "than"): "min",
    ("not", "fewer", "than"): "min",
    ("more", "than"): "min",
    ("greater", "than"): "min",
    ("in", "excess", "of"): "min",
    ("a", "minimum", "of"): "min",
    ("minimum", "of"): "min",
    ("minimum",): "min",
    ("min",): "min",
    ("over",): "min",
    ("above",): "min",
    ("exceeding",): "min",
    ("upwards", "of"): "min",
    ("≥",): "min",
    (">",): "min",
    ("at", "most"): "max",
    ("up", "to"): "max",
    ("no", "more", "than"): "max",
    ("not", "more", "than"): "max",
    ("no", "greater", "than"): "max",
    ("not", "to", "exceed"): "max",
    ("not", "exceeding"): "max",
    ("fewer", "than"): "max",
    ("less", "than"): "max",
    ("a", "maximum", "of"): "max",
    ("maximum", "of"): "max",
    ("maximum",): "max",
    ("max",): "max",
    ("capped", "at"): "max",
    ("limited", "to"): "max",
    ("as", "many", "as"): "max",
    ("no", "later", "than"): "max",
    ("under",): "max",
    ("below",): "max",
    ("within",): "max",
    ("≤",): "max",
    ("<",): "max",
}
_BOUND_BEFORE_MAXLEN = max(len(k) for k in _BOUND_BEFORE)
_BOUND_LAST_WORDS = {k[-1] for k in _BOUND_BEFORE}
_BOUND_AFTER: dict[tuple[str, str], str] = {
    ("or", "more"): "min",
    ("or", "greater"): "min",
    ("or", "longer"): "min",
    ("or", "above"): "min",
    ("or", "over"): "min",
    ("or", "higher"): "min",
    ("and", "above"): "min",
    ("and", "over"): "min",
    ("and", "up"): "min",
    ("or", "less"): "max",
    ("or", "fewer"): "max",
    ("or", "under"): "max",
    ("or", "below"): "max",
    ("or", "shorter"): "max",
    ("or", "lower"): "max",
}
_BOUND_AFTER_ONE: dict[str, str] = {
    "minimum": "min",
    "maximum": "max",
    "max": "max",
}
_IN_TOKEN_BOUND = {"≥": "min", ">": "min", "≤": "max", "<": "max"}

_RANGE_DASHES = {"-", "–", "—", "−"}
_RANGE_WORDS = {"to", "through", "thru"}

# Words that end the look-ahead from a number to its unit.
_UNIT_STOP = {
    "a", "an", "the", "of", "per", "in", "on", "at", "to", "for", "from", "with",
    "within", "by", "and", "or", "but", "nor", "than", "each", "every", "this", "that",
    "these", "those", "which", "who", "whom", "whose", "is", "are", "was", "were", "be",
    "been", "being", "will", "would", "shall", "should", "must", "may", "can", "could",
    "might", "not", "no", "as", "if", "when", "while", "so", "such", "their", "his",
    "her", "its", "our", "your", "my", "they", "we", "you", "he", "she", "it", "i",
    "over", "under", "after", "before", "during", "until", "since", "about", "plus",
    "including", "across", "through", "into", "out", "up", "more", "less", "fewer",
    "most", "least", "minimum", "maximum", "max", "has", "have", "had", "do", "does",
    "did", "off", "total", "altogether", "combined", "respectively",
}  # fmt: skip
# Words that end the look-ahead from a unit to a later period ("... per week").
_GAP_STOP = {
    "and", "or", "but", "nor", "so", "that", "which", "who", "whom", "whose", "than",
    "if", "when", "while", "because", "unless", "until", "is", "are", "was", "were",
    "be", "been", "being", "will", "would", "shall", "should", "must", "may", "can",
    "could", "might", "has", "have", "had", "do", "does", "did", "not", "no", "then",
    "plus", "after", "before", "since", "also", "where", "whereas", "though",
    "although", "however", "per", "including", "includes", "include", "included", "with",
    "among", "besides", "excluding",
}  # fmt: skip
# "24 hours of paid sick leave each year": a complement with "of" may be longer
_OF_GAP = 5

_MONTHS = {
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun",
    "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
}  # fmt: skip
# Words before a number that make it a label or reference, not an amount.
_LABELS = {
    "section", "sections", "sec", "article", "art", "chapter", "ch", "part", "rule",
    "form", "appendix", "table", "figure", "fig", "page", "pages", "p", "pp", "step",
    "title", "code", "stat", "version", "v", "item", "question", "exhibit", "room",
    "suite", "box", "ext", "extension", "dial", "phone", "telephone", "tel", "fax",
    "grade", "tier", "level", "phase", "module", "lesson", "paragraph", "para",
    "clause", "policy", "no", "nos", "number", "act", "hotline", "route", "highway",
    "floor", "building", "ward", "example", "exercise", "option", "zone", "stage",
}  # fmt: skip
# A unit or period noun right before a bare number labels it: "week 5", "Day 1".
_LABEL_NOUNS = {
    "day", "week", "month", "year", "session", "unit", "semester", "quarter", "term",
    "cohort", "class",
}  # fmt: skip
_REF_AFTER = {"cfr", "c.f.r.", "usc", "u.s.c.", "u.s.", "ilcs", "stat.", "f.3d", "f.2d"}
_CLOCK_AFTER = {"am", "pm", "a.m.", "p.m.", "a.m", "p.m", "o'clock", "o’clock"}
_SERVICE_NUMBERS = {211.0, 311.0, 411.0, 511.0, 611.0, 711.0, 811.0, 911.0, 988.0}
_NOT_CURRENCY = {"€", "£", "¥", "₹"}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_DIGIT_TOKEN = re.compile(
    rf"(?P<pre>[~≈≥≤<>])?(?P<a>{_NUM})(?:(?P<dash>[-–—−])\$?(?P<b>{_NUM}))?(?P<suf>[A-Za-z%]+)?"
)
_FRACTION = re.compile(r"(\d+)/(\d+)")

# Candidate tokens: the first character is one of these, or the lower form is a number
# word. The string ids (hashes) are filled in by _init() on first use, so that importing
# this module does not import spaCy.
_DIGIT_PREFIX_CHARS = frozenset("0123456789~≈≥≤½¼¾")
_DIGIT_PREFIXES: frozenset[int] = frozenset()
_WORD_IDS: frozenset[int] = frozenset()
_CANDIDATE_IDS: Any = None  # numpy array of both, for the fallback scan of long docs
_np: Any = None
_ARRAY_SCAN_MIN = 400  # from this length on, scan with numpy instead of per token
_FRACTION_CHARS = {"½": 0.5, "¼": 0.25, "¾": 0.75}

_SKIP = "skip"


@dataclass(slots=True)
class _Num:
    start: int
    end: int
    low: float
    high: float | None = None  # in-token range "45–60"
    unit: str | None = None  # glued unit "30min", implied unit "twice"
    bound: str | None = None  # in-token "≥22"
    word: bool = False
    raw: str = ""  # the digits as written (for years and phone numbers)
    years_ok: bool = False


class _Reader:
    """Token access around candidates (lexical attributes only, strings cached)."""

    __slots__ = ("_low", "_text", "n", "toks")

    def __init__(self, doc: Doc) -> None:
        self.toks = doc  # doc[k] is a cheap C call; strings are cached below
        self.n = len(doc)
        self._low: dict[int, str] = {}
        self._text: dict[int, str] = {}

    def low(self, k: int) -> str:
        s = self._low.get(k)
        if s is None:
            s = self.toks[k].lower_ if 0 <= k < self.n else ""
            self._low[k] = s
        return s

    def text(self, k: int) -> str:
        s = self._text.get(k)
        if s is None:
            s = self.toks[k].text if 0 <= k < self.n else ""
            self._text[k] = s
        return s

    def ws(self, k: int) -> bool:
        """True when token k is followed by whitespace (or is out of range)."""
        if 0 <= k < self.n:
            return bool(self.toks[k].whitespace_)
        return True

    def boundary(self, k: int) -> bool:
        """True when token k starts a sentence or is whitespace / a line break."""
        if k <= 0 or k >= self.n:
            return True
        t = self.toks[k]
        return bool(t.is_sent_start) or t.is_space

    def is_number_start(self, k: int) -> bool:
        if not 0 <= k < self.n:
            return False
        t = self.toks[k]
        return t.prefix in _DIGIT_PREFIXES or t.lower in _WORD_IDS


# ---------------------------------------------------------------------------------------
# Numbers


def _to_float(s: str) -> float:
    return float(s.replace(",", ""))


def _read_digits(r: _Reader, i: int) -> _Num | str | None:
    """A number written with digits at token i; _SKIP for number-like non-quantities."""
    text = r.text(i)
    if text.isdigit() and text.isascii():  # the common case, without the regex
        num = _Num(i, i + 1, float(text), raw=text)
        scale = _SCALE_AFTER_DIGITS.get(r.low(i + 1))
        if scale is not None and num.low < 1000:
            num.low *= scale
            num.end = i + 2
            num.years_ok = True
        return num
    if text in _FRACTION_CHARS:
        return _Num(i, i + 1, _FRACTION_CHARS[text])
    m = _DIGIT_TOKEN.fullmatch(text)
    if m is None:
        f = _FRACTION.fullmatch(text)
        if f is not None:
            a, b = int(f.group(1)), int(f.group(2))
            if 0 < a < b <= 4:
                return _Num(i, i + 1, a / b)
        return _SKIP  # "9:00", "24/7", "10:1", "785.11–.13", "246.5(b", "1/15/2024"
    num = _Num(i, i + 1, _to_float(m.group("a")), raw=m.group("a"))
    pre = m.group("pre")
    if pre is not None:
        num.bound = _IN_TOKEN_BOUND.get(pre)
    b = m.group("b")
    if b is not None:
        num.high = _to_float(b)
    suf = m.group("suf")
    if suf is not None:
        s = suf.lower()
        if s == "k" and r.text(i - 1) == "$":
            num.low *= 1e3
            if num.high is not None:
                num.high *= 1e3
        elif s in _GLUED:
            num.unit = _GLUED[s]
        else:
            return _SKIP  # "2nd", "5pm", "148C"
    elif b is None:
        scale = _SCALE_AFTER_DIGITS.get(r.low(i + 1))
        if scale is not None and num.low < 1000:
            num.low *= scale
            num.end = i + 2
            num.years_ok = True
    return num


def _read_words(r: _Reader, i: int) -> _Num | None:
    """A number written in words starting at token i ("twenty-five", "one hundred")."""
    w = r.low(i)
    start = i
    if w in _ADVERBS:
        return _Num(i, i + 1, float(_ADVERBS[w]), unit="occurrence", word=True)
    if w == "one" and (r.low(i + 1) == "half" or (r.low(i + 1) == "-" and r.low(i + 2) == "half")):
        end = i + 2 if r.low(i + 1) == "half" else i + 3
        if r.low(end) in ("a", "an") and r.low(end + 1) in _UNIT_WORDS:
            end += 1
        return _Num(i, end, 0.5, word=True)
    if w == "half":
        # "half a day", "a half day", "one-half day"
        prev = r.low(i - 1)
        if prev in ("a", "one") or (prev == "-" and r.low(i - 2) == "one"):
            start = i - 1 if prev != "-" else i - 2
        end = i + 1
        if r.low(end) in ("a", "an") and r.low(end + 1) in _UNIT_WORDS:
            end += 1
        return _Num(start, end, 0.5, word=True)
    if w == "single":
        if r.low(i - 1) != "a":
            return None
        return _Num(i - 1, i + 1, 1.0, word=True)
    if w == "dozen":
        if r.low(i - 1) != "a":
            return None
        return _Num(i - 1, i + 1, 12.0, word=True)
    total, current, k = 0.0, 0.0, i
    last = ""  # kind of the last word read: "ones", "tens", "scale"
    if w in ("hundred", "thousand"):
        if r.low(i - 1) != "a":
            return None
        current, last, start = 1.0, "ones", i - 1  # "a hundred"
    while k < r.n:
        w = r.low(k)
        if w in _TENS and last in ("", "scale"):
            current += _TENS[w]
            last = "tens"
        elif w in _ONES and (last in ("", "scale") or (last == "tens" and _ONES[w] < 10)):
            if last == "tens" and _ONES[w] == 0:
                break
            current += _ONES[w]
            last = "ones"
        elif w == "hundred" and last in ("ones", "") and current < 100:
            current = (current or 1) * 100
            last = "scale"
        elif w == "thousand" and last != "":
            total += (current or 1) * 1000
            current = 0.0
            last = "scale"
        elif w == "-" and last == "tens" and not r.ws(k - 1) and not r.ws(k):
            if r.low(k + 1) in _ONES and 0 < _ONES[r.low(k + 1)] < 10:
                k += 1
                continue
            break
        elif w == "and" and last == "scale" and (r.low(k + 1) in _ONES or r.low(k + 1) in _TENS):
            k += 1
            continue
        else:
            break
        k += 1
    if k == i:
        return None
    value = total + current
    # "two dozen"
    if r.low(k) == "dozen":
        value *= 12
        k += 1
    # "one and a half", "two and one-half"
    if r.low(k) == "and":
        if r.low(k + 1) in ("a", "one") and r.low(k + 2) == "half":
            value += 0.5
            k += 3
        elif r.low(k + 1) == "one" and r.low(k + 2) == "-" and r.low(k + 3) == "half":
            value += 0.5
            k += 4
    return _Num(start, k, value, word=True)


def _read_number(r: _Reader, i: int) -> _Num | str | None:
    t = r.toks[i]
    if t.prefix in _DIGIT_PREFIXES:
        num = _read_digits(r, i)
        if (
            isinstance(num, _Num)
            and num.high is None
            and num.unit is None
            and r.text(num.end) == "("
            and num.end + 1 < r.n
            and r.toks[num.end + 1].lower in _WORD_IDS
        ):
            # "30 (thirty) days"
            inner = _read_words(r, num.end + 1)
            if inner is not None and inner.low == num.low and r.text(inner.end) == ")":
                num.end = inner.end + 1
        return num
    num = _read_words(r, i)
    if num is not None and num.unit is None:
        # Legal style: "thirty (30)", "two (2) weeks"
        k = num.end
        if r.text(k) == "(" and r.is_number_start(k + 1) and r.text(k + 2) == ")":
            inner = _read_digits(r, k + 1)
            if isinstance(inner, _Num) and inner.high is None and inner.low == num.low:
                num.end = k + 3
    return num


# ---------------------------------------------------------------------------------------
# Context around a number


def _excluded(r: _Reader, num: _Num) -> bool:
    """References, dates, clock times, identifiers: not amounts whatever follows."""
    i = num.start
    p = i - 1
    while p > 0 and r.toks[p].is_space:
        p -= 1
    prev_text = r.text(p)
    if prev_text in ("§", "#", "¶") or prev_text in _NOT_CURRENCY:
        return True
    prev_low = prev_text.lower().rstrip(".")
    if prev_text.rstrip(".") in _MONTHS:
        return True
    if prev_low in _LABELS:
        # "No." / "no." only with its full stop: "no 30-day wait" is an amount.
        if prev_low in ("no", "nos"):
            return prev_text.endswith(".")
        return True
    if (
        len(prev_text) >= 2
        and prev_text[0].isupper()
        and prev_text.replace(".", "").isalpha()
        and (prev_text.isupper() or "." in prev_text[:-1])
        and prev_low != "usd"
    ):
        return True  # "CFR 785", "SB 616", "C.R.S. 8", "ILCS 154"
    if prev_text == "." and not r.ws(p - 1):
        abbr = r.text(p - 1)
        if abbr.istitle() and abbr.isalpha() and len(abbr) <= 5:
            return True  # "Stat. 181", "Jan. 5"
    if prev_text in ("-", "–") and p == i - 1 and not r.ws(p - 1) and not r.ws(p):
        before = r.text(p - 1)
        if before.isalpha() and before.lower() not in _TENS:
            return True  # "Form I-9" split into tokens
    end = num.end
    nxt = r.text(end)
    nxt_low = nxt.lower()
    if nxt in _MONTHS or nxt.rstrip(".") in _MONTHS:
        return True  # "5 January", "15 Nov 2024"
    if nxt_low in _REF_AFTER or nxt_low in _CLOCK_AFTER:
        return True
    if not num.word and not r.ws(end - 1):
        if nxt == "(" and r.text(end + 1).isalpha():
            return True  # "401(k)"
        if nxt in ("-", "–") and not r.ws(end):
            after = r.text(end + 1)
            if after.isalpha() and after.isupper() and len(after) > 1:
                return True  # "1099-NEC"
    # List markers: "1." / "2)" at the start of a line or sentence.
    return (
        not num.word
        and num.high is None
        and nxt in (".", ")")
        and not r.ws(end - 1)
        and (p < i - 1 or r.boundary(i) or r.text(i - 1) in ("#", "("))
    )


def _bound_before(r: _Reader, k: int, floor: int) -> tuple[str | None, int]:
    """A bound phrase ending at token k-1: ("min"|"max"|None, its first token)."""
    if k - 1 < floor:
        return None, k
    last = r.low(k - 1)
    if last not in _BOUND_LAST_WORDS:
        return None, k
    for size in range(min(_BOUND_BEFORE_MAXLEN, k - floor), 1, -1):
        s = k - size
        key = (*(r.low(j) for j in range(s, k - 1)), last)
        bound = _BOUND_BEFORE.get(key)
        if bound is not None:
            return bound, s
    bound = _BOUND_BEFORE.get((last,))
    if bound is not None:
        return bound, k - 1
    return None, k


def _bound_after(r: _Reader, k: int) -> tuple[str | None, int]:
    w = r.low(k)
    if w in ("or", "and") and not r.boundary(k):
        bound = _BOUND_AFTER.get((w, r.low(k + 1)))
        if bound is not None:
            return bound, k + 2
    return None, k


def _span_period(r: _Reader, k: int) -> tuple[str | None, int]:
    """ "in a 12-month period", "within 12 months", "in any year": a canonical period."""
    j = k + 1
    det = False
    if r.low(j) in _SPAN_DETS:
        det = True
        j += 1
    while r.low(j) in _SPAN_MODS:
        j += 1
    value = None
    if r.is_number_start(j):
        num = _read_number(r, j)
        if not isinstance(num, _Num) or num.high is not None:
            return None, k
        value = num.low
        j = num.end
        if num.unit is not None:
            unit = num.unit
        else:
            if r.text(j) == "-" and not r.ws(j - 1):
                j += 1
            unit = _UNIT_WORDS.get(r.low(j), "")
            j += 1
    else:
        if not det:
            return None, k
        value = 1.0
        unit = _UNIT_WORDS.get(r.low(j), "")
        j += 1
        if unit and r.low(j - 1).endswith("s"):
            return None, k
    per = _SPAN_CANON.get((value, unit))
    if per is None:
        return None, k
    if r.low(j) in ("period", "span", "window", "timeframe", "interval"):
        j += 1
    return per, j


_PER_OTHER = "other"


def _period_at(r: _Reader, k: int) -> tuple[str | None, int]:
    """A period expression starting at token k: (per, end), (_PER_OTHER, k) for
    "per FTE" / "per 30 sessions", or (None, k)."""
    w = r.low(k)
    if w in _PERIOD_ADJ:
        return _PERIOD_ADJ[w], k + 1
    if w == "/" and not r.ws(k - 1) and not r.ws(k):
        per = _PERIOD_NOUNS.get(r.low(k + 1))
        if per is not None:
            return per, k + 2
        return _PER_OTHER, k
    if w in _PERIOD_INTRO:
        j = k + 1
        while r.low(j) in _PERIOD_MODS and j < k + 3:
            j += 1
        per = _PERIOD_NOUNS.get(r.low(j))
        if per is not None:
            return per, j + 1
        if w == "per" and r.low(j) == "annum":
            return "year", j + 1
    if w in _SPAN_INTRO:
        per, end = _span_period(r, k)
        if per is not None:
            return per, end
    if w == "per":
        return _PER_OTHER, k
    return None, k


def _period_after(r: _Reader, k: int, max_gap: int) -> tuple[str | None, int]:
    """A period at token k or after up to ``max_gap`` intervening words."""
    gap = 0
    j = k
    while j < r.n:
        if j > k and r.boundary(j):
            break
        per, end = _period_at(r, j)
        if per == _PER_OTHER:
            return _PER_OTHER, k
        if per is not None:
            return per, end
        if gap >= max_gap and not (max_gap and r.low(k) == "of" and gap < _OF_GAP):
            break
        t = r.toks[j]
        if not t.is_alpha or t.lower_ in _GAP_STOP or r.is_number_start(j):
            break
        gap += 1
        j += 1
    return None, k


def _period_before(r: _Reader, k: int, floor: int) -> str | None:
    """ "a weekly quota of 30 sessions", "each week, clinicians see 30 clients"."""
    j = k - 1
    lo = max(floor, k - 10)
    while j >= lo:
        t = r.toks[j]
        w = t.lower_
        if w == "-" and not r.ws(j - 1) and not t.whitespace_:
            j -= 1  # "full-time": a hyphen inside a word
            continue
        if w in _PERIOD_ADJ:
            return _PERIOD_ADJ[w]
        if w in _PERIOD_NOUNS and r.low(j - 1) in ("each", "every", "per") and j - 1 >= lo:
            return _PERIOD_NOUNS[w]
        if t.is_space or (t.is_punct and w != ",") or r.is_number_start(j):
            return None
        if t.is_sent_start or w in _CLAUSE_WORDS:
            return None
        j -= 1
    return None


#: a period before a number belongs to it only within its clause
_CLAUSE_WORDS = frozenset(
    {"and", "or", "but", "which", "who", "whom", "whose", "if", "when", "while", "because",
     "unless", "although", "whereas", "so", ";"}
)  # fmt: skip
#: (value, unit, per) of coverage windows: how long something is staffed or reachable
_COVERAGE = {(24.0, "hour", "day"), (7.0, "day", "week"), (365.0, "day", "year"),
             (366.0, "day", "year"), (52.0, "week", "year"), (12.0, "month", "year"),
             (1440.0, "minute", "day"), (168.0, "hour", "week")}  # fmt: skip
#: words that make the number after them part of a total stated before
_PART_OF = frozenset({"including", "includes", "include", "incl", "of", "among", "plus"})


def _compound_period(r: _Reader, unit: str, k: int) -> tuple[str | None, int]:
    """ "40-hour week", "10 hour days", "a 5-day workweek": the noun after a duration
    used as an adjective is its period, if longer."""
    per = _COMPOUND_PERIODS.get(r.low(k))
    if per is not None and DURATION_UNITS[unit] < DURATION_UNITS[per]:
        return per, k + 1
    return None, k


def _unit_after(r: _Reader, k: int, value: float) -> tuple[str | None, int, str | None]:
    """The unit after a number ending at token k: (unit, end, per found among the
    modifiers as in "25 weekly clients" or "40-hour week"). Up to three modifiers may
    come before the unit."""
    t0 = r.low(k)
    if t0 == "%":
        return "percent", k + 1, None
    if t0 == "per" and r.low(k + 1) == "cent":
        return "percent", k + 2, None
    # "90-minute", "40-hour week", "five-day"
    if t0 in ("-", "–") and not r.ws(k - 1) and not r.ws(k):
        unit = _UNIT_WORDS.get(r.low(k + 1))
        if unit is not None:
            if unit in DURATION_UNITS:
                per, end = _compound_period(r, unit, k + 2)
                return unit, end, per
            return unit, k + 2, None
    # A singular duration after a number other than one is an adjective: "10 hour days"
    unit = _UNIT_WORDS.get(t0)
    if unit in DURATION_UNITS and value != 1 and t0 in _SINGULAR_DURATIONS:
        per, end = _compound_period(r, unit, k + 1)
        return unit, end, per
    if t0 in _TIMES_WORDS:
        return "occurrence", k + 1, None
    best: str | None = None
    best_end = k
    window_per: str | None = None
    per_cand: str | None = None
    mods = 0
    since_unit = 0
    j = k
    while j < r.n and j < k + 8:
        t = r.toks[j]
        if j > k and (t.is_sent_start or t.is_space):
            break
        w = t.lower_
        if w == "-" and j > k and not r.ws(j - 1) and not t.whitespace_:
            # a hyphenated modifier ("face-to-face", "one-on-one"): its parts are one
            # word, whatever they are
            j += 2
            while r.low(j) == "-" and not r.ws(j - 1) and not r.ws(j):
                j += 2
            continue
        if w.endswith("(s") and r.text(j + 1) == ")" and w[:-2] in _UNIT_WORDS:
            best, best_end = _UNIT_WORDS[w[:-2]], j + 2
            window_per = per_cand
            break
        unit = _UNIT_WORDS.get(w)
        if unit is not None:
            if unit == "hour" and r.low(j - 1) in ("credit", "semester"):
                unit = "credit"
            best, best_end = unit, j + 1
            window_per = per_cand
            since_unit = 0
            j += 1
            continue
        if w in ("and", "or", "/") and best is not None and _UNIT_WORDS.get(r.low(j + 1)) == best:
            # "40 youth and families per week": one unit, coordinated
            best_end = j + 2
            j += 2
            continue
        if not t.is_alpha or w in _UNIT_STOP or w in _TIMES_WORDS:
            break
        if best is not None:
            since_unit += 1
            if since_unit > 1:
                break
        else:
            mods += 1
            if mods > 3:
                break
            if w in _PERIOD_ADJ:
                per_cand = _PERIOD_ADJ[w]
        j += 1
    return best, best_end, window_per


def _read_range(r: _Reader, num: _Num, between: bool) -> tuple[_Num | None, str]:
    """A second number after ``num`` ("45 to 55", "45-55", "between 45 and 55"):
    (second number or None, connector)."""
    k = num.end
    w = r.low(k)
    if w in _RANGE_DASHES or w in _RANGE_WORDS or (w == "and" and between) or w == "or":
        j = k + 1
        if r.text(j) == "$":
            j += 1
        if not r.is_number_start(j):
            return None, w
        second = _read_number(r, j)
        if (
            isinstance(second, _Num)
            and second.high is None
            and second.bound is None
            and not (second.word and second.low < 1)
        ):
            return second, w
    return None, w


def _is_year(num: _Num) -> bool:
    return (
        not num.word
        and not num.years_ok
        and len(num.raw) == 4
        and num.raw.isdigit()
        and 1900 <= num.low <= 2100
    )


def _parse(r: _Reader, i: int, floor: int) -> tuple[Quantity | None, int]:
    """Read a quantity whose number starts at token i. Returns (quantity or None, the
    first token index not consumed)."""
    num = _read_number(r, i)
    if not isinstance(num, _Num):  # None or _SKIP
        return None, i + 1

    # Phone numbers and ISO dates: 555-123-4567, 2024-01-15, 1-800-273-8255
    if num.high is None and not num.word and r.text(num.end) == "-" and not r.ws(num.end - 1):
        j = num.end
        links = 0
        while r.text(j) == "-" and not r.ws(j - 1) and not r.ws(j) and r.is_number_start(j + 1):
            if r.toks[j + 1].lower in _WORD_IDS:
                break
            links += 1
            j += 2
        if links >= 2:
            return None, j

    excluded = _excluded(r, num)

    # Money prefix and bounds before the number
    start = num.start
    unit: str | None = num.unit
    bound: str | None = num.bound
    k = start
    if k - 1 >= floor and (r.text(k - 1) == "$" or r.low(k - 1) == "usd"):
        unit = "dollar"
        k -= 1
    between = False
    if r.low(k - 1) in ("between", "from") and k - 1 >= floor:
        between = r.low(k - 1) == "between"
        range_intro = k - 1
    else:
        range_intro = -1
        b, bs = _bound_before(r, k, floor)
        if b is not None:
            bound = bound or b
            k = bs
    start = k

    # Range
    low, high = num.low, num.low if num.high is None else num.high
    end = num.end
    second: _Num | None = None
    conn = ""
    if num.high is None and num.unit is None:
        second, conn = _read_range(r, num, between)
    if second is not None:
        if conn == "or":
            # "two or three days": a range only when a unit follows and it rises
            u2, _, _ = _unit_after(r, second.end, second.low)
            if u2 is None or second.low <= low or unit == "dollar":
                second = None
        elif second.low < low:
            if second.low <= 24 and low <= 24 and (second.unit is None):
                u2, _, _ = _unit_after(r, second.end, second.low)
                if u2 is None:
                    return None, second.end  # office hours "9-5", "9 to 5"
            second = None
    if second is not None:
        if _is_year(num) and _is_year(second):
            return None, second.end
        if conn in _RANGE_DASHES and len(second.raw) > 1 and second.raw.startswith("0"):
            return None, second.end  # "44-0553234": an identifier
        if (
            conn in _RANGE_DASHES
            and not num.word
            and len(num.raw) == 3
            and len(second.raw) == 4
            and not r.ws(num.end - 1)
        ):
            return None, second.end  # phone "555-1234"
        high = second.low
        end = second.end
        if second.unit is not None:
            unit = unit or second.unit
        if range_intro >= 0:
            start = range_intro
    elif num.high is not None:
        if num.high < low:
            return None, end  # "2023–24", "9–5"
        if range_intro >= 0 and conn == "":
            start = range_intro
    if excluded:
        return None, end

    # Post-number bound "30+"
    if r.text(end) == "+" and not r.ws(end - 1):
        bound = "min"
        end += 1

    # "30 or more clients"
    if bound is None:
        b, b_end = _bound_after(r, end)
        if b is not None:
            bound, end = b, b_end

    # Unit
    window_per: str | None = None
    if unit is None:
        u, u_end, window_per = _unit_after(r, end, high)
        if u is not None:
            unit, end = u, u_end
    elif unit == "dollar":
        scale = _SCALE_AFTER_DIGITS.get(r.low(end))
        if scale is None and not r.ws(end - 1):
            scale = _MONEY_SCALE.get(r.low(end))
        if scale is not None and high < 1000:
            low, high = low * scale, high * scale
            end += 1
        if r.low(end) in ("dollars", "usd"):
            end += 1

    if bound is None:
        b, b_end = _bound_after(r, end)
        if b is not None:
            bound, end = b, b_end

    # Period: "40-hour week", then after the unit, then (for units) before the number
    per = window_per
    if per is None:
        gap = 3 if unit is not None and unit != "percent" else 0
        per, p_end = _period_after(r, end, gap)
        if per == _PER_OTHER:
            per = None
        elif per is not None:
            end = p_end
        elif unit is not None and unit != "percent":
            per = _period_before(r, start, floor)
    if per is not None and unit in DURATION_UNITS and DURATION_UNITS[unit] >= PERIOD_MINUTES[per]:
        per = None  # "12 months ... monthly": a duration is never per a shorter period

    if bound is None:
        b, b_end = _bound_after(r, end)
        if b is not None:
            bound, end = b, b_end
        elif unit is not None and r.low(end) in _BOUND_AFTER_ONE and not r.boundary(end):
            bound = _BOUND_AFTER_ONE[r.low(end)]
            end += 1

    # Filters for bare numbers (no unit)
    if unit is None:
        if num.word and (num.low < 2 or r.low(num.end) == "of") and high == low:
            return None, end
        if _is_year(num) and (second is None or _is_year(second)):
            return None, end
        if not num.word and num.low in _SERVICE_NUMBERS and high == low:
            return None, end
        if "." in num.raw and num.raw.index(".") >= 3:
            return None, end  # "785.27": a section number
        if r.text(i - 1) in ("(", "[") and r.text(end) in (")", "]") and bound is None:
            return None, end  # "(2)", "[12]"
        prev_low = r.low(start - 1)
        if prev_low in _LABEL_NOUNS and start == num.start:
            return None, end  # "week 5", "Day 1"
    # "once you submit", "at one time": an occurrence of one needs a period or a bound
    if (
        unit == "occurrence"
        and num.word
        and low == high == 1
        and per is None
        and bound is None
        and (r.low(num.start) == "once" or r.low(num.end) == "time")
    ):
        return None, end

    coverage = (float(low), unit, per) in _COVERAGE and high == low
    part = _is_part(r, start, floor)

    first_tok = r.toks[start]
    last_tok = r.toks[end - 1]
    start_char = first_tok.idx
    end_char = last_tok.idx + len(last_tok.text)
    q = Quantity(
        start=start,
        end=end,
        start_char=start_char,
        end_char=end_char,
        low=float(low),
        high=float(high),
        unit=unit,
        per=per,
        bound=bound,
        text="".join([r.toks[k].text_with_ws for k in range(start, end - 1)]) + last_tok.text,
        coverage=coverage,
        part=part,
    )
    return q, end


def _is_part(r: _Reader, start: int, floor: int) -> bool:
    """ "600 hours, including 240 direct hours"; "600 hours, of which 240 ...": a
    number right after a part-of word, with an earlier quantity in its sentence."""
    w1 = r.low(start - 1)
    w2 = r.low(start - 2)
    intro = (w1 in _PART_OF and w1 != "of") or (w2 == "of" and w1 in ("which", "these", "those"))
    if not intro:
        return False
    # an earlier number in the same sentence (the total)
    j = start - 2
    while j >= 0:
        if r.toks[j].is_sent_start and j < start - 2:
            break
        if r.is_number_start(j):
            return True
        if r.toks[j].is_sent_start:
            break
        j -= 1
    return False


def _is_candidate(text: str) -> bool:
    """The lexeme flag: starts with a digit (or ~ ≥ ≤ ½) or is a number word."""
    return bool(text) and (text[0] in _DIGIT_PREFIX_CHARS or text.lower() in _WORD_STARTS)


_VOCAB_FLAGS: dict[int, int] = {}
_FLAG_LOCK = threading.Lock()


def _candidate_flag(vocab: Vocab) -> int | None:
    """Our lexeme flag on ``vocab``, added once with :meth:`Vocab.add_flag` (so that
    the candidate test is computed once per word type, not once per token)."""
    getters = vocab.lex_attr_getters
    fid = _VOCAB_FLAGS.get(id(vocab))
    if fid is not None and getters.get(fid) is _is_candidate:
        return fid
    with _FLAG_LOCK:
        for key, getter in getters.items():
            if getter is _is_candidate:
                _VOCAB_FLAGS[id(vocab)] = key
                return key
        # A custom bit (spaCy's FLAG19..FLAG63), highest free first, so that no built-in
        # bit (add_flag's default would take the deprecated IS_OOV bit 13) is reused.
        free = [b for b in range(63, 18, -1) if b not in getters]
        if not free:
            return None  # fall back to the per-token test
        fid = vocab.add_flag(_is_candidate, flag_id=free[0])
        _VOCAB_FLAGS[id(vocab)] = fid
        return fid


def _init() -> None:
    global _DIGIT_PREFIXES, _WORD_IDS, _CANDIDATE_IDS, _np
    import numpy
    from spacy.strings import get_string_id

    _DIGIT_PREFIXES = frozenset(get_string_id(c) for c in _DIGIT_PREFIX_CHARS)
    _WORD_IDS = frozenset(get_string_id(w) for w in _WORD_STARTS)
    _CANDIDATE_IDS = numpy.array(sorted(_DIGIT_PREFIXES | _WORD_IDS), dtype=numpy.uint64)
    _np = numpy


def _candidates(doc: Doc) -> list[int]:
    """Indices of the tokens that may start a number."""
    fid = _candidate_flag(doc.vocab)
    if fid is not None:
        flags = doc.to_array(fid)
        if len(flags) >= _ARRAY_SCAN_MIN:
            return _np.flatnonzero(flags).tolist()  # type: ignore[no-any-return]
        values = flags.tolist()
        if 1 not in values:
            return []
        return [i for i, v in enumerate(values) if v]
    if len(doc) >= _ARRAY_SCAN_MIN:
        from spacy.attrs import LOWER, PREFIX

        arr = doc.to_array([PREFIX, LOWER])
        hits = _np.isin(arr, _CANDIDATE_IDS).any(axis=1)
        return _np.flatnonzero(hits).tolist()  # type: ignore[no-any-return]
    digit_prefixes = _DIGIT_PREFIXES
    word_ids = _WORD_IDS
    return [t.i for t in doc if t.prefix in digit_prefixes or t.lower in word_ids]


def find_quantities(doc: Doc) -> list[Quantity]:
    """All quantities in ``doc``, in order and non-overlapping."""
    if _np is None:
        _init()
    candidates = _candidates(doc)
    if not candidates:
        return []
    r = _Reader(doc)
    out: list[Quantity] = []
    pos = 0
    for i in candidates:
        if i < pos:
            continue
        q, nxt = _parse(r, i, pos)
        if q is not None:
            out.append(q)
            pos = q.end
        else:
            pos = max(nxt, i + 1)
    return out
