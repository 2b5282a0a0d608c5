"""The shared vocabulary: named term classes ("concepts") that rules reuse.

A rule file may define concepts next to its rules; the bundled ones live in
``rules/concepts.yaml``::

    concepts:
      illness:
        terms: [sick, ill, illness, unwell, "under the weather", "(a cold|the flu)"]
        exclude: ["sick of"]
      find-cover:
        terms: ["(find|arrange|secure|line up) [a] (cover|coverage|replacement)",
                "@worker ...2 (swap|trade) shift"]

An entry is a sequence of items:

* a word, matched with all its inflections (``find`` also matches finds, found,
  finding; ``note`` matches notes, noted), generated when the rules are compiled
  (lemminflect); ``=word`` matches the word exactly;
* ``(a|b c)`` alternatives, ``[a b]`` an optional part;
* ``@name`` any term of another concept;
* ``...`` up to 3 words between the parts around it, ``...5`` up to 5 (never across
  ``. ; : ! ?``).

``exclude`` entries remove every hit that overlaps one of theirs ("unpaid leave" is
not a pay word). Matching is case-insensitive on a normalised copy of the text
(curly quotes and dashes straightened, a hyphen between letters read as a space, runs
of white space as one), so "after-hours" and "after hours" are the same, and offsets
map back to the original text.

Compilation: every literal run of words becomes a set of surface forms, and all the
forms of all concepts go into one Aho-Corasick automaton (pyahocorasick), so one pass
over a text finds every term of every concept at once; gaps and references are then
joined in Python on the (few) hits.

Nothing here imports spaCy; :func:`parse_entry` is pure and used when rules load,
:class:`CompiledVocabulary` when an engine is built.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import itertools
import json
import re
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

#: words matched as written, never inflected: function words whose "inflections"
#: (lemminflect knows "ins", "ons", "mays") are not what an author means
FUNCTION_WORDS = frozenset(
    {
        "a", "an", "the", "to", "of", "for", "in", "on", "at", "by", "with", "from", "as",
        "or", "and", "but", "nor", "if", "no", "not", "your", "their", "our", "his", "her",
        "its", "my", "me", "us", "them", "him", "you", "we", "they", "he", "she", "it", "i",
        "this", "that", "these", "those", "each", "every", "all", "any", "some", "per", "than",
        "then", "so", "such", "only", "also", "own", "up", "out", "off", "over", "under", "after",
        "before", "until", "unless", "while", "when", "whenever", "who", "whom", "whose", "which",
        "what", "there", "here", "may", "might", "must", "shall", "should", "will", "would",
        "can", "could", "very", "more", "most", "less", "least", "n't", "'s", "'re", "'ll",
        "'ve", "'d", "one", "into", "onto", "upon", "via", "about", "against", "between", "without",
        "within", "during", "because", "although", "though", "yet", "once", "whether", "either",
        "neither", "both", "other", "another", "same",
    }
)  # fmt: skip
DEFAULT_GAP = 3
MAX_FORMS_PER_RUN = 50000
#: adjacent alternatives multiplied into one literal run up to this many options
MAX_OPTIONS_MULTIPLIED = 24
MAX_SEQUENCES_PER_ENTRY = 512
_NAME_RE = re.compile(r"^[a-z][a-z0-9-]*$")
#: characters a gap may not cross
_BARRIERS = frozenset(".;:!?\x00")
_WORD_RE = re.compile(r"[\w']+")
#: a maximal run of characters for which ``str.isalnum()`` holds (a whole word)
_ALNUM_RUN = re.compile(r"[^\W_]+")
_NEGATIONS = frozenset({"not", "no", "never", "cannot", "nor", "neither", "without"}) | {
    w
    for w in (
        "don't",
        "doesn't",
        "didn't",
        "isn't",
        "aren't",
        "won't",
        "can't",
        "shouldn't",
        "mustn't",
        "needn't",
        "wasn't",
        "weren't",
        "hasn't",
        "haven't",
        "wouldn't",
    )
}


class ConceptError(ValueError):
    pass


# -- entry syntax ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    frozen: bool = False


@dataclass(frozen=True, slots=True)
class Lit:
    """A run of literal words: any of ``options`` (tuples of words)."""

    options: frozenset[tuple[Word, ...]]


@dataclass(frozen=True, slots=True)
class Ref:
    name: str


@dataclass(frozen=True, slots=True)
class Gap:
    words: int


Atom = Lit | Ref | Gap
_Alt = list[Atom]


def _tokenize(entry: str) -> list[str]:
    return re.findall(r"\(|\)|\[|\]|\||[^\s()\[\]|]+", entry)


@lru_cache(maxsize=8192)
def parse_entry(entry: str) -> tuple[tuple[Atom, ...], ...]:
    """An entry as its alternatives: sequences of literal runs, references and gaps.
    Alternatives of plain words stay one literal run with several options, so
    "(a|b|c) (d|e)" is one run of six options, not six alternatives. Raises
    :class:`ConceptError` with a readable message."""
    tokens = _tokenize(" ".join(entry.lower().translate(_TRANSLATE).split()))
    pos = 0

    def seq(stop: frozenset[str]) -> list[_Alt]:
        nonlocal pos
        results: list[_Alt] = [[]]
        while pos < len(tokens) and tokens[pos] not in stop:
            tok = tokens[pos]
            pos += 1
            if tok == "(":
                options = alt()
                _expect(")")
            elif tok == "[":
                options = _union(seq(frozenset({"]"})), [[]])
                _expect("]")
            elif tok in (")", "]", "|"):
                raise ConceptError(f"unexpected {tok!r} in {entry!r}")
            elif tok.startswith("@"):
                name = tok[1:]
                if not _NAME_RE.match(name):
                    raise ConceptError(f"bad concept reference {tok!r} in {entry!r}")
                options = [[Ref(name)]]
            elif tok.startswith("..."):
                rest = tok[3:]
                if rest and not rest.isdigit():
                    raise ConceptError(f"a gap is '...' or '...N' (N words), not {tok!r}")
                options = [[Gap(int(rest) if rest else DEFAULT_GAP)]]
            else:
                frozen = tok.startswith("=")
                word = tok[1:] if frozen else tok
                if not word:
                    raise ConceptError(f"empty word in {entry!r}")
                # "no-show" is matched as "no show" (see normalise_text)
                parts = tuple(Word(w, frozen) for w in normalise_key(word).split())
                options = [[Lit(frozenset({parts}))]]
            results = [_concat(r, o) for r in results for o in options]
            if len(results) > MAX_SEQUENCES_PER_ENTRY:
                raise ConceptError(
                    f"{entry!r} expands to more than {MAX_SEQUENCES_PER_ENTRY} alternatives; "
                    "split it into several entries or use a concept reference"
                )
        return results

    def alt() -> list[_Alt]:
        nonlocal pos
        options = seq(frozenset({"|", ")"}))
        while pos < len(tokens) and tokens[pos] == "|":
            pos += 1
            options = _union(options, seq(frozenset({"|", ")"})))
        return options

    def _expect(tok: str) -> None:
        nonlocal pos
        if pos >= len(tokens) or tokens[pos] != tok:
            raise ConceptError(f"missing {tok!r} in {entry!r}")
        pos += 1

    flat = seq(frozenset())
    if pos != len(tokens):
        raise ConceptError(f"unexpected {tokens[pos]!r} in {entry!r}")
    out: list[tuple[Atom, ...]] = []
    for atoms in flat:
        for expanded in _split_empty(atoms):
            cleaned = _clean(expanded, entry)
            if cleaned:
                out.append(tuple(cleaned))
    if not out:
        raise ConceptError(f"{entry!r} matches nothing")
    return tuple(dict.fromkeys(out))


def _union(a: list[_Alt], b: list[_Alt]) -> list[_Alt]:
    """Alternatives a or b; single literal runs merge into one run."""
    both = a + b

    def single_lit(alt: _Alt) -> bool:
        return len(alt) <= 1 and all(isinstance(x, Lit) for x in alt)

    if all(single_lit(x) for x in both):
        options: set[tuple[Word, ...]] = set()
        for x in both:
            options |= x[0].options if x else {()}  # type: ignore[union-attr]
        return [[Lit(frozenset(options))]]
    return both


def _concat(a: _Alt, b: _Alt) -> _Alt:
    """a followed by b; adjacent literal runs multiply into one while the product stays
    small (a run is one lookup, but every combination, inflected, is a key in the
    automaton); larger ones stay adjacent runs, joined when matching."""
    if a and b and isinstance(a[-1], Lit) and isinstance(b[0], Lit):
        left, right = a[-1].options, b[0].options
        if len(left) * len(right) > MAX_OPTIONS_MULTIPLIED and not _negates(left | right):
            return [*a, *b]  # (a negation stays in one run: "does not" -> "doesn't")
        merged = Lit(frozenset(x + y for x in left for y in right))
        return [*a[:-1], merged, *b[1:]]
    return [*a, *b]


def _negates(options: frozenset[tuple[Word, ...]]) -> bool:
    return any(w.text == "not" for words in options for w in words)


def _split_empty(atoms: _Alt) -> list[_Alt]:
    """A run whose options include the empty one (an optional part next to a
    reference or a gap) becomes two alternatives: without it and with it."""
    for i, a in enumerate(atoms):
        if isinstance(a, Lit) and () in a.options:
            rest = a.options - {()}
            without = [*atoms[:i], *atoms[i + 1 :]]
            with_ = [*atoms[:i], Lit(rest), *atoms[i + 1 :]] if rest else []
            out = _split_empty(without)
            if with_:
                out += _split_empty(with_)
            return out
    return [atoms]


def _clean(atoms: _Alt, entry: str) -> _Alt:
    """Merge adjacent gaps; a gap may not start or end an entry."""
    out: _Alt = []
    for a in atoms:
        if isinstance(a, Gap) and out and isinstance(out[-1], Gap):
            out[-1] = Gap(out[-1].words + a.words)
        elif isinstance(a, Lit) and out and isinstance(out[-1], Lit):
            out[-1:] = _concat([out[-1]], [a])
        else:
            out.append(a)
    if out and (isinstance(out[0], Gap) or isinstance(out[-1], Gap)):
        raise ConceptError(f"a gap ('...') must stand between two parts in {entry!r}")
    return out


def references(entry: str) -> set[str]:
    return {a.name for seq in parse_entry(entry) for a in seq if isinstance(a, Ref)}


# -- definitions --------------------------------------------------------------------


@dataclass(frozen=True)
class Concept:
    name: str
    terms: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    description: str = ""
    #: words are matched exactly, never inflected (``phrases`` leaves of rules)
    literal: bool = False
    source: str = ""
    line: int = 0


def check_concepts(concepts: Mapping[str, Concept]) -> list[str]:
    """Unknown references and cycles, one message per problem."""
    problems = []
    graph: dict[str, set[str]] = {}
    for c in concepts.values():
        refs: set[str] = set()
        for entry in () if c.literal else (*c.terms, *c.exclude):
            try:
                refs |= references(entry)
            except ConceptError as exc:
                problems.append(f"{c.source}:{c.line}: concept '{c.name}': {exc}")
        for r in sorted(refs - set(concepts)):
            problems.append(f"{c.source}:{c.line}: concept '{c.name}': unknown concept '@{r}'")
        graph[c.name] = refs & set(concepts)
    state: dict[str, int] = {}

    def visit(n: str, path: list[str]) -> None:
        if state.get(n) == 2:
            return
        if state.get(n) == 1:
            cycle = " -> ".join([*path[path.index(n) :], n])
            c = concepts[n]
            problems.append(f"{c.source}:{c.line}: concept '{n}': refers to itself ({cycle})")
            return
        state[n] = 1
        for m in sorted(graph.get(n, ())):
            visit(m, [*path, n])
        state[n] = 2

    for name in sorted(graph):
        visit(name, [])
    return problems


# -- normalisation ------------------------------------------------------------------

_TRANSLATE = str.maketrans(
    {
        "’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'",
        "“": '"', "”": '"', "„": '"',
        "–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\t": " ", "\n": " ",
        "\r": " ", "\u2028": " ", "\u2029": " ",
    }
)  # fmt: skip
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_SPACES = re.compile(r" {2,}")


def normalise_key(text: str) -> str:
    return " ".join(_INNER_HYPHEN.sub(" ", text.lower().translate(_TRANSLATE)).split())


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """``text`` lower-cased and straightened for matching; ``index[i]`` is the offset
    in the original of ``text[i]`` (None when the two are aligned one to one)."""

    text: str
    index: tuple[int, ...] | None
    length: int

    def original(self, i: int) -> int:
        if self.index is None:
            return i
        if i >= len(self.index):
            return self.length
        return self.index[i]

    def original_end(self, i: int) -> int:
        """Original offset just after ``text[i - 1]``."""
        if self.index is None:
            return i
        return self.index[i - 1] + 1 if i > 0 else 0


def normalise_text(text: str) -> NormalisedText:
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two; keep one
        lowered = "".join(ch.lower()[0] for ch in text)
    out = _INNER_HYPHEN.sub(" ", lowered.translate(_TRANSLATE))
    if "  " not in out:
        return NormalisedText(out, None, len(text))
    index: list[int] = []
    parts: list[str] = []
    pos = 0
    for m in _SPACES.finditer(out):
        parts.append(out[pos : m.start() + 1])
        index.extend(range(pos, m.start() + 1))
        pos = m.end()
    parts.append(out[pos:])
    index.extend(range(pos, len(out)))
    return NormalisedText("".join(parts), tuple(index), len(text))


# -- inflection -------------------------------------------------------------------------

_SKIP_TAGS = frozenset({"JJR", "JJS", "RBR", "RBS"})


#: inflections known without lemminflect: read from the inflection cache, or computed
#: earlier in this process
_KNOWN_FORMS: dict[str, frozenset[str]] = {}
_NEW_FORMS: set[str] = set()
#: bump when word_forms changes what it returns
INFLECTIONS_LAYOUT = 2


def word_forms(word: str) -> frozenset[str]:
    """The word and its inflections (lemminflect), for its lemmas too. lemminflect
    (which imports spaCy and loads its tables, about a second) is used only for words
    the inflection cache does not hold yet (see :func:`load_inflections`)."""
    if word in FUNCTION_WORDS or not word.isalpha():
        return frozenset({word})
    known = _KNOWN_FORMS.get(word)
    if known is None:
        known = _KNOWN_FORMS[word] = _inflect(word)
        _NEW_FORMS.add(word)
    return known


def _inflect(word: str) -> frozenset[str]:
    import lemminflect

    forms = {word}
    known = lemminflect.getAllLemmas(word)
    lemma_values = {v for values in known.values() for v in values}
    # a word that is a lemma itself ("rating") is inflected as written; only other
    # forms ("notes", "found") go through their lemmas, so "rating" never means "rate"
    lemmas = {word} if word in lemma_values or not known else lemma_values
    for lemma in lemmas:
        for tag, values in lemminflect.getAllInflections(lemma).items():
            if tag not in _SKIP_TAGS:
                forms.update(v.lower() for v in values)
    if not known and forms == {word}:
        # a word lemminflect does not know ("rebook", "onboard"): regular inflections
        for upos in ("VERB", "NOUN"):
            for tag, values in lemminflect.getAllInflectionsOOV(word, upos).items():
                if tag not in _SKIP_TAGS:
                    forms.update(v.lower() for v in values)
    return frozenset(f for f in forms if f)


def inflections_file() -> Path | None:
    """Where computed inflections are kept between runs: ``POLICYLINT_CACHE_DIR`` or
    the user cache directory (``platformdirs``); None when neither is usable."""
    import os

    base = os.environ.get("POLICYLINT_CACHE_DIR")
    if not base:
        try:
            import platformdirs

            base = platformdirs.user_cache_dir("policylint", appauthor=False)
        except Exception:
            return None
    return Path(base) / f"inflections-{INFLECTIONS_LAYOUT}.json"


def load_inflections(path: Path | None) -> None:
    """Read cached inflections. The file carries a digest of its content; a file that
    does not verify (edited, truncated, another layout) is ignored and rewritten."""
    if path is None:
        return
    try:
        if not path.is_file() or path.stat().st_size > 20 << 20:
            return
        data = json.loads(path.read_text(encoding="utf-8"))
        body = data["forms"]
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        if data.get("layout") != INFLECTIONS_LAYOUT or data.get("sha256") != digest:
            return
        for word, forms in body.items():
            if isinstance(word, str) and isinstance(forms, list):
                _KNOWN_FORMS.setdefault(word, frozenset(str(f) for f in forms))
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return


def save_inflections(path: Path | None) -> None:
    """Write the inflections computed in this process (atomically); best effort."""
    if path is None or not _NEW_FORMS:
        return
    import os
    import tempfile

    body = {w: sorted(f) for w, f in _KNOWN_FORMS.items()}
    data = {
        "layout": INFLECTIONS_LAYOUT,
        "sha256": hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest(),
        "forms": body,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".inflections-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, path)
        _NEW_FORMS.clear()
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)


def run_forms(lit: Lit, literal: bool) -> frozenset[str]:
    """Every surface form of a literal run: each option with each word inflected
    (unless frozen or ``literal``), plus contracted negations."""
    forms: set[str] = set()
    for words in lit.options:
        options = [
            frozenset({w.text}) if (literal or w.frozen) else word_forms(w.text) for w in words
        ]
        total = 1
        for o in options:
            total *= len(o)
        if total + len(forms) > MAX_FORMS_PER_RUN:
            raise ConceptError(
                f"'{' '.join(w.text for w in words)}' has too many inflected forms; freeze "
                "some words with '=' or split the entry"
            )
        forms.update(" ".join(p) for p in itertools.product(*options))
    return frozenset(forms | {v for f in forms if "not" in f for v in _contractions(f)})


_CONTRACTED = {
    "do": "don't", "does": "doesn't", "did": "didn't", "is": "isn't", "are": "aren't",
    "was": "wasn't", "were": "weren't", "has": "hasn't", "have": "haven't", "had": "hadn't",
    "could": "couldn't", "should": "shouldn't", "would": "wouldn't", "must": "mustn't",
    "need": "needn't", "will": "won't", "can": "can't", "shall": "shan't",
}  # fmt: skip


def _contractions(form: str) -> set[str]:
    """ "do not count" also as "don't count"; "can not" as "cannot"; a form starting
    with "not" also as "n't ..." (matched right after a verb: "don't", "isn't")."""
    words = form.split()
    out = set()
    for i, w in enumerate(words):
        if w != "not":
            continue
        if i == 0:
            out.add(" ".join(["n't", *words[1:]]))
        elif words[i - 1] in _CONTRACTED:
            prev = words[i - 1]
            out.add(" ".join([*words[: i - 1], _CONTRACTED[prev], *words[i + 1 :]]))
            if prev == "can":
                out.add(" ".join([*words[: i - 1], "cannot", *words[i + 1 :]]))
    return out


# -- compiled -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Lit:
    segment: int


@dataclass(frozen=True, slots=True)
class _Entry:
    units: tuple[_Lit | Ref, ...]
    gaps: tuple[int, ...]
    #: the literal segments every hit contains (a text without one of them has no hit)
    lits: tuple[int, ...] = ()


@dataclass
class _CompiledConcept:
    entries: list[_Entry] = field(default_factory=list)
    exclude: list[_Entry] = field(default_factory=list)


Span = tuple[int, int]


class CompiledVocabulary:
    """Concepts compiled into one automaton; :meth:`matcher` matches a text and
    :meth:`matchers` the blocks of a whole document in one pass."""

    def __init__(self, concepts: Mapping[str, Concept], inflections: Path | None = None) -> None:
        import ahocorasick

        problems = check_concepts(concepts)
        if problems:
            raise ConceptError("\n".join(problems))
        load_inflections(inflections)
        self.concepts = dict(concepts)
        segments: dict[frozenset[str], int] = {}
        self.compiled: dict[str, _CompiledConcept] = {}
        for c in concepts.values():
            cc = _CompiledConcept()
            for target, entries in ((cc.entries, c.terms), (cc.exclude, c.exclude)):
                raw: list[list[frozenset[str] | Ref | int]] = []
                for entry in entries:
                    try:
                        raw.extend(self._parse(entry, c.literal))
                    except ConceptError as exc:
                        raise ConceptError(
                            f"{c.source}:{c.line}: concept '{c.name}': {exc}"
                        ) from None
                # the entries that are one literal run share one segment: a concept of
                # a thousand phrases costs one lookup, not a thousand
                single = [r[0] for r in raw if len(r) == 1 and isinstance(r[0], frozenset)]
                if single:
                    merged = frozenset().union(*single)
                    seg = segments.setdefault(merged, len(segments))
                    target.append(_Entry((_Lit(seg),), (), (seg,)))
                for r in raw:
                    if len(r) == 1 and isinstance(r[0], frozenset):
                        continue
                    units: list[_Lit | Ref] = []
                    gaps: list[int] = []
                    for item in r:
                        if isinstance(item, int):
                            gaps.append(item)
                        elif isinstance(item, Ref):
                            units.append(item)
                        else:
                            units.append(_Lit(segments.setdefault(item, len(segments))))
                    lits = tuple(sorted({u.segment for u in units if isinstance(u, _Lit)}))
                    target.append(_Entry(tuple(units), tuple(gaps), lits))
            self.compiled[c.name] = cc
        self.segment_count = len(segments)
        save_inflections(inflections)
        by_key: dict[str, list[int]] = {}
        for forms, seg in segments.items():
            for key in forms:
                by_key.setdefault(key, []).append(seg)
        # a text is scanned for keys (the surface forms), each found once however many
        # segments share it; a segment's hits are its keys' hits, gathered on demand
        seg_keys: list[list[int]] = [[] for _ in range(len(segments))]
        # one-word keys are looked up word by word; the automaton takes the rest (it
        # reports every key ending at every character, so short words like "a" or "in"
        # would also be found, and then rejected, inside most other words). The
        # automaton stores plain ints (no Python object per key): key id * 2, plus 1
        # for a key starting with "n't", matched right after its verb ("don't")
        self.words: dict[str, int] = {}
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        lengths = array("I")
        for key_id, (key, segs) in enumerate(by_key.items()):
            lengths.append(len(key))
            for seg in segs:
                seg_keys[seg].append(key_id)
            if key.isalnum():
                self.words[key] = key_id
            else:
                automaton.add_word(key, key_id * 2 + key.startswith("n't"))
        self.key_lengths = lengths
        self.segment_keys = [frozenset(k) for k in seg_keys]
        self.keys = len(by_key)
        phrases = len(by_key) - len(self.words)
        if phrases:
            automaton.make_automaton()
        self.automaton = automaton if phrases else None
        self._index_anchors(segments)

    def _index_anchors(self, segments: dict[frozenset[str], int]) -> None:
        """Each entry's anchor: the literal most likely to be rare (its shortest form is
        the longest), which every hit of the entry contains. A text's segments then
        name the entries worth trying; entries made only of references are tried when
        the concept their first reference names may have a hit."""
        shortest = [0] * len(segments)
        for forms, seg in segments.items():
            shortest[seg] = min((len(f) for f in forms), default=0)
        anchors: dict[int, list[tuple[str, int]]] = {}
        ref_only: dict[str, list[int]] = {}
        ref_firsts: dict[str, set[str]] = {}
        for name, cc in self.compiled.items():
            for i, entry in enumerate(cc.entries):
                if entry.lits:
                    anchor = max(entry.lits, key=lambda seg: shortest[seg])
                    anchors.setdefault(anchor, []).append((name, i))
                else:
                    ref_only.setdefault(name, []).append(i)
                    first = entry.units[0]
                    assert isinstance(first, Ref)
                    ref_firsts.setdefault(name, set()).add(first.name)
        # by key: a text's keys (its distinct words and phrases) name the anchors, and
        # the anchors their entries (shared, not copied for each of a segment's keys)
        self.anchor_entries = {seg: tuple(v) for seg, v in anchors.items()}
        by_key: dict[int, list[int]] = {}
        for seg in anchors:
            for key_id in self.segment_keys[seg]:
                by_key.setdefault(key_id, []).append(seg)
        self.anchors = {key_id: tuple(v) for key_id, v in by_key.items()}
        self.ref_only = {name: tuple(v) for name, v in ref_only.items()}
        #: concept -> the concepts with an entry of references that starts with it
        dependents: dict[str, set[str]] = {}
        for name, firsts in ref_firsts.items():
            for first in firsts:
                dependents.setdefault(first, set()).add(name)
        self.ref_dependents = {name: tuple(sorted(v)) for name, v in dependents.items()}

    @staticmethod
    def _parse(entry: str, literal: bool) -> list[list[frozenset[str] | Ref | int]]:
        """An entry's alternatives as sequences of surface-form sets, references and
        gap sizes (between two units; 0 means adjacent)."""
        if literal:
            words = tuple(Word(w, True) for w in normalise_key(entry).split())
            flat: tuple[tuple[Atom, ...], ...] = ((Lit(frozenset({words})),),) if words else ()
        else:
            flat = parse_entry(entry)
        out: list[list[frozenset[str] | Ref | int]] = []
        for atoms in flat:
            seq: list[frozenset[str] | Ref | int] = []
            pending_gap = 0
            for a in atoms:
                if isinstance(a, Gap):
                    pending_gap = a.words
                    continue
                if seq:
                    seq.append(pending_gap)
                pending_gap = 0
                seq.append(run_forms(a, literal) if isinstance(a, Lit) else a)
            out.append(seq)
        return out

    def matcher(self, text: str) -> ConceptMatcher:
        return ConceptMatcher(self, text)

    def matchers(self, texts: list[str]) -> list[ConceptMatcher]:
        """One matcher per text, the keys of each found at once."""
        out = []
        for text in texts:
            norm = normalise_text(text)
            out.append(ConceptMatcher(self, norm, self._scan(norm.text)))
        return out

    def _scan(self, text: str) -> dict[int, list[Span]]:
        """key -> (start, end) of its every whole-word occurrence in a normalised text,
        in order."""
        found: dict[int, list[Span]] = {}
        if not text:
            return found
        words = self.words
        if words:
            for m in _ALNUM_RUN.finditer(text):
                key_id = words.get(m.group())
                if key_id is not None:
                    spans = found.get(key_id)
                    if spans is None:
                        found[key_id] = [m.span()]
                    else:
                        spans.append(m.span())
        automaton = self.automaton
        if automaton is None:
            return found
        n = len(text)
        lengths = self.key_lengths
        phrased: set[int] = set()
        for end, value in automaton.iter(text):
            key_id, attached = value >> 1, value & 1
            start = end - lengths[key_id] + 1
            if (
                start > 0
                and text[start - 1].isalnum()
                and not attached
                # "not tell" in "cannot tell"
                and not (text.startswith("not ", start) and text[start - 3 : start] == "can")
            ):
                continue
            if end + 1 < n and text[end + 1].isalnum():
                continue
            found.setdefault(key_id, []).append((start, end + 1))
            phrased.add(key_id)
        for key_id in phrased:
            found[key_id].sort()
        return found


class ConceptMatcher:
    """Concept hits in one text, computed on demand and memoised. Offsets are in the
    original text."""

    def __init__(
        self,
        vocab: CompiledVocabulary,
        text: str | NormalisedText,
        keys: dict[int, list[Span]] | None = None,
    ) -> None:
        self.vocab = vocab
        self.norm = text if isinstance(text, NormalisedText) else normalise_text(text)
        self._keys = keys
        self._present: dict[int, bool] = {}
        self._segments: dict[int, list[Span]] = {}
        self._memo: dict[str, list[Span]] = {}
        self._candidates: frozenset[str] | None = None
        self._entries: dict[str, set[int]] = {}

    # -- raw -------------------------------------------------------------------------
    def keys(self) -> dict[int, list[Span]]:
        if self._keys is None:
            self._keys = self.vocab._scan(self.norm.text)
        return self._keys

    def has(self, seg: int) -> bool:
        """Does the segment have a hit here? (memoised; the set operation runs over the
        smaller side: a text's few keys, or a segment's few forms)"""
        found = self._present.get(seg)
        if found is None:
            spans = self._segments.get(seg)
            if spans is not None:
                found = bool(spans)
            else:
                found = not self.keys().keys().isdisjoint(self.vocab.segment_keys[seg])
            self._present[seg] = found
        return found

    def segment_spans(self, seg: int) -> list[Span]:
        spans = self._segments.get(seg)
        if spans is None:
            keys = self.keys()
            seg_keys = self.vocab.segment_keys[seg]
            if len(seg_keys) <= 8:
                lists = [keys[k] for k in seg_keys if k in keys]
            else:
                lists = [keys[k] for k in seg_keys.intersection(keys)]
            if not lists:
                spans = []
            elif len(lists) == 1:
                spans = lists[0]
            else:
                spans = sorted(itertools.chain.from_iterable(lists))
            self._segments[seg] = spans
        return spans

    def candidates(self) -> frozenset[str]:
        """Concepts that may have a hit here: an entry's anchor is present, or the
        first reference of an entry made of references may have a hit."""
        if self._candidates is None:
            anchors = self.vocab.anchors
            anchor_entries = self.vocab.anchor_entries
            segs: set[int] = set()
            for key_id in self.keys():
                segs.update(anchors.get(key_id, ()))
            entries: dict[str, set[int]] = {}
            for seg in segs:
                for name, i in anchor_entries[seg]:
                    found = entries.get(name)
                    if found is None:
                        entries[name] = {i}
                    else:
                        found.add(i)
            names = set(entries)
            dependents = self.vocab.ref_dependents
            queue = [name for name in names if name in dependents]
            while queue:
                for name in dependents.get(queue.pop(), ()):
                    if name not in names:
                        names.add(name)
                        queue.append(name)
            self._entries = entries
            self._candidates = frozenset(names)
        return self._candidates

    # -- concepts ----------------------------------------------------------------------
    def spans(self, name: str) -> list[Span]:
        """Hits of a concept in normalised-text offsets, maximal (a hit inside a
        longer hit of the same concept is dropped), in order."""
        memo = self._memo.get(name)
        if memo is not None:
            return memo
        candidates = self._candidates
        if candidates is None:
            candidates = self.candidates()
        if name not in candidates:
            self._memo[name] = []
            return []
        self._memo[name] = []  # cycles are refused when compiling; this is a guard
        cc = self.vocab.compiled[name]
        hits: set[Span] = set()
        has = self.has
        tried = self._entries.get(name, set()) | set(self.vocab.ref_only.get(name, ()))
        for i in sorted(tried):
            entry = cc.entries[i]
            # cheap rejection: a literal the entry needs is nowhere in the text
            for seg in entry.lits:
                if not has(seg):
                    break
            else:
                hits.update(self._entry_spans(entry))
        if hits and cc.exclude:
            excluded: list[Span] = []
            for entry in cc.exclude:
                excluded.extend(self._entry_spans(entry))
            if excluded:
                hits = {h for h in hits if not any(h[0] < e and s < h[1] for s, e in excluded)}
        result = _maximal(hits)
        self._memo[name] = result
        return result

    def original_spans(self, name: str) -> list[Span]:
        norm = self.norm
        return [(norm.original(s), norm.original_end(e)) for s, e in self.spans(name)]

    def _unit_spans(self, unit: _Lit | Ref) -> list[Span]:
        if isinstance(unit, _Lit):
            return self.segment_spans(unit.segment)
        return self.spans(unit.name)

    def _entry_spans(self, entry: _Entry) -> list[Span]:
        current = self._unit_spans(entry.units[0])
        for unit, gap in zip(entry.units[1:], entry.gaps, strict=True):
            if not current:
                return []
            nxt = self._unit_spans(unit)
            if not nxt:
                return []
            starts = [s for s, _ in nxt]
            joined = []
            text = self.norm.text
            n = len(nxt)
            for s, e in current:
                i = bisect.bisect_left(starts, e)
                while i < n:
                    ns, ne = nxt[i]
                    between = text[e:ns]
                    if not between or not _BARRIERS.isdisjoint(between):
                        break
                    if gap == 0:
                        if between.strip():
                            break
                    else:
                        words = _WORD_RE.findall(between)
                        if len(words) > gap:
                            break
                        if not _NEGATIONS.isdisjoint(words):
                            # a gap never swallows a negation: an entry that means one
                            # spells it out ("(is|are) not ...2 available")
                            i += 1
                            continue
                    joined.append((s, ne))
                    i += 1
            current = sorted(set(joined))
        return current


def _maximal(hits: Iterable[Span]) -> list[Span]:
    ordered = sorted(hits, key=lambda h: (h[0], -h[1]))
    out: list[Span] = []
    reach = -1
    for s, e in ordered:
        if e <= reach:
            continue  # inside an earlier, longer hit
        out.append((s, e))
        reach = max(reach, e)
    return out


def describe(concept: Concept) -> dict[str, Any]:
    return {
        "name": concept.name,
        "description": concept.description,
        "terms": list(concept.terms),
        "exclude": list(concept.exclude),
    }
