"""Load and validate YAML rule files.

A rule file has a top-level ``rules:`` list. Every problem is reported with the file,
the line, the rule id and the field, e.g.::

    rules/x.yaml:12: rule 'productivity/quota': field 'match': unknown match kind 'quantiy'
    (did you mean 'quantity'?)

All problems in all files are collected before loading fails, so one run of
``policylint rules validate`` shows every mistake. The format is documented in
``docs/rules.md``.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..findings import CATEGORIES, PROFILES, Severity
from ..safety import NotRegularFile, TooLarge, not_regular_message, read_text_file
from . import suggest
from .concepts import Concept, ConceptError, check_concepts, parse_entry
from .model import (
    ACTORS,
    COMPARISONS,
    CONTEXT_MODES,
    HEDGED_MODES,
    PERIODS,
    REPORTED_MODES,
    SCOPES,
    TOPIC_SOURCES,
    Absent,
    All,
    Any_,
    ConceptLeaf,
    Frame,
    LawLink,
    MatchNode,
    Not,
    Patterns,
    QuantityMatch,
    Regex,
    Rule,
    walk,
)
from .regexes import token_regex_problem

RULE_FIELDS = (
    "id",
    "category",
    "severity",
    "title",
    "message",
    "why",
    "suggest",
    "params",
    "profiles",
    "context",
    "reported",
    "hedged",
    "scope",
    "requires",
    "escalate",
    "priority",
    "references",
    "law",
    "examples",
    "match",
)
REQUIRED_FIELDS = ("id", "category", "severity", "title", "message", "why", "suggest", "match")
MATCH_KINDS = (
    "concept", "terms", "frame", "phrases", "pattern", "patterns", "regex", "quantity", "all",
    "any", "not", "absent",
)  # fmt: skip
QUANTITY_FIELDS = ("unit", "per", "topic", "near", "end", "coverage", *COMPARISONS)
FRAME_FIELDS = ("topic", "restriction", "actor", "unless", "topic_from", "unless_from")
CONCEPT_FIELDS = ("terms", "exclude", "description")
UNITS = (
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "year",
    "session",
    "client",
    "unit",
    "occurrence",
    "percent",
    "dollar",
    "none",
)
#: token attributes a blank pipeline (tokenizer + sentencizer) can match on
LEXICAL_ATTRS = frozenset(
    {
        "ORTH", "TEXT", "LOWER", "LENGTH", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER",
        "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP", "IS_SENT_START",
        "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL", "SHAPE", "PREFIX", "SUFFIX", "NORM",
        "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY",
        "OP", "_",
    }
)  # fmt: skip
TRAINED_ATTRS = frozenset({"POS", "TAG", "MORPH", "LEMMA", "DEP", "ENT_TYPE", "ENT_IOB", "ENT_ID"})
ID_RE = re.compile(r"^[a-z][a-z-]*/[a-z0-9][a-z0-9-]*$")


class RuleError(Exception):
    """One or more rule problems; ``problems`` holds one message per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


# -- YAML with line numbers -----------------------------------------------------


class LineDict(dict):  # type: ignore[type-arg]
    line: int = 0
    lines: dict[Any, int]


class LineList(list):  # type: ignore[type-arg]
    line: int = 0
    lines: list[int]


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    pass


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "mapping keys must be plain values", key_node.start_mark
            )
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: Any, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(text: str, source: str) -> Any:
    """Parse YAML safely (no tags beyond plain data), keeping line numbers. Aliases
    are expanded under a budget (:func:`check_yaml_budget`), so a "billion laughs"
    document is refused instead of filling memory; a number too long to convert is
    an error with its line, not a traceback."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_yaml_budget(node, source)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise RuleError([f"{source}:{line}: invalid YAML: {exc.problem or exc}"]) from None
    except yaml.YAMLError as exc:
        raise RuleError([f"{source}: invalid YAML: {exc}"]) from None
    except RecursionError:
        raise RuleError([f"{source}: invalid YAML: nested too deeply"]) from None
    except (ValueError, OverflowError) as exc:  # a value Python cannot represent
        raise RuleError([f"{source}: invalid YAML: {str(exc)[:120]}"]) from None
    finally:
        loader.dispose()


#: an alias-expanded YAML document may hold this many values (and 10 times as many
#: as it has written out) before it is refused
YAML_EXPANDED_VALUES = 100_000
#: longest number (in characters) a YAML value may be
YAML_NUMBER_CHARS = 64


def check_yaml_budget(root: yaml.Node, source: str) -> None:
    """Refuse a composed YAML document whose aliases would expand it beyond the
    budget, that refers to itself through an alias, or that holds a number too long
    to convert. Counts each node once (O(distinct nodes)), however often it is
    aliased."""
    size: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    on_path: set[int] = set()
    distinct = 0
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            total = 1
            for child in _children(node):
                total += size[id(child)]
            size[key] = total
            if total > YAML_EXPANDED_VALUES and total > 10 * distinct:
                raise RuleError(
                    [
                        f"{source}:{node.start_mark.line + 1}: invalid YAML: its aliases "
                        f"expand to more than {YAML_EXPANDED_VALUES:,} values (an alias "
                        "bomb?); write the values out instead"
                    ]
                )
            continue
        if key in size:
            continue
        if key in on_path:
            raise RuleError(
                [f"{source}:{node.start_mark.line + 1}: invalid YAML: an alias refers to itself"]
            )
        distinct += 1
        if isinstance(node, yaml.ScalarNode):
            value = node.value
            if len(value) > YAML_NUMBER_CHARS and str(node.tag).endswith((":int", ":float")):
                raise RuleError(
                    [
                        f"{source}:{node.start_mark.line + 1}: invalid YAML: a number of "
                        f"{len(value):,} characters; numbers may have at most "
                        f"{YAML_NUMBER_CHARS}"
                    ]
                )
            size[key] = 1
            continue
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) not in size:
                stack.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def line_of(container: Any, key: Any, default: int = 0) -> int:
    lines = getattr(container, "lines", None)
    if isinstance(lines, dict):
        return lines.get(key, getattr(container, "line", default))
    if isinstance(lines, list) and isinstance(key, int) and 0 <= key < len(lines):
        return lines[key]
    return getattr(container, "line", default)


# -- the rule set ---------------------------------------------------------------


@dataclass
class RuleSet:
    rules: list[Rule]
    sources: list[str] = field(default_factory=list)
    #: short content hash of the rule files (and param overrides), for caches and reports
    version: str = ""
    #: the shared vocabulary: every concept of every rule file, plus the anonymous
    #: concepts behind ``phrases`` and ``terms`` matches
    concepts: dict[str, Concept] = field(default_factory=dict)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule | None:
        index = self.__dict__.get("_index")
        if index is None or index[0] is not self.rules or index[1] != len(self.rules):
            index = (self.rules, len(self.rules), {r.id: r for r in self.rules})
            self.__dict__["_index"] = index
        return index[2].get(rule_id)

    @property
    def categories(self) -> list[str]:
        present = {r.category for r in self.rules}
        return [c for c in CATEGORIES if c in present]


#: largest rule file read
RULE_FILE_MAX_BYTES = 8 << 20


def bundled_rules_dir() -> Path:
    """The rules shipped with policylint: ``policylint/_bundled_rules`` in a wheel,
    the top-level ``rules/`` folder in a source checkout or editable install."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_bundled_rules"
    if packaged.is_dir():
        return packaged
    return here.parent / "rules"


def rule_files(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml")))
        else:
            out.append(p)
    return out


def load_rules(
    paths: Iterable[str | Path] | None = None,
    *,
    extra: Iterable[str | Path] = (),
    display_root: Path | None = None,
) -> RuleSet:
    """Load rule files; ``paths`` defaults to the bundled rules, ``extra`` are added
    (an id that clashes with a loaded rule is an error)."""
    base = rule_files([bundled_rules_dir()] if paths is None else paths)
    files = [(f, False) for f in base] + [(f, True) for f in rule_files(extra)]
    problems: list[str] = []
    texts: list[tuple[Path, str, str]] = []
    for path, _is_extra in files:
        shown = _display(path, display_root)
        try:
            texts.append((path, shown, read_text_file(path, RULE_FILE_MAX_BYTES)))
        except FileNotFoundError:
            problems.append(f"{shown}: rule file not found")
        except TooLarge:
            problems.append(
                f"{shown}: rule file is over {RULE_FILE_MAX_BYTES // (1 << 20)} MB; split it"
            )
        except NotRegularFile as exc:
            problems.append(f"{shown}: rule file {not_regular_message(exc.kind)}")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{shown}: cannot read rule file ({exc})")
    if problems:
        raise RuleError(problems)
    # the same files compiled before: skip the YAML, validation and template checks
    from . import store

    if paths is not None:
        # files checked on their own take the bundled vocabulary as it is now
        return _parse_files(texts, False)
    key = hashlib.sha256(repr([(shown, text) for _, shown, text in texts]).encode()).hexdigest()
    cached = store.get("rules", key)
    if isinstance(cached, RuleSet):
        return cached
    ruleset = _parse_files(texts, True)
    store.put("rules", key, ruleset)
    return ruleset


def _parse_files(texts: list[tuple[Path, str, str]], bundled_only: bool) -> RuleSet:
    problems: list[str] = []
    paths = None if bundled_only else True
    rules: list[Rule] = []
    concepts: dict[str, Concept] = {}
    seen: dict[str, str] = {}
    digest = hashlib.sha256()
    for _path, shown, text in texts:
        digest.update(shown.encode() + b"\0" + text.encode() + b"\0")
        try:
            file_rules, file_concepts = parse_file(text, shown)
        except RuleError as exc:
            problems.extend(exc.problems)
            continue
        for name, concept in file_concepts.items():
            if name in concepts:
                other = concepts[name]
                problems.append(
                    f"{shown}:{concept.line}: concept '{name}' is already defined in "
                    f"{other.source}:{other.line}"
                )
            else:
                concepts[name] = concept
        for rule in file_rules:
            if rule.id in seen:
                problems.append(
                    f"{shown}:{rule.line}: rule '{rule.id}': id already defined in {seen[rule.id]}"
                )
                continue
            seen[rule.id] = f"{shown}:{rule.line}"
            rules.append(rule)
    if not problems and paths is not None:
        # rules checked on their own (``rules test my-rules/``) may use the bundled
        # vocabulary
        for name, concept in bundled_concepts().items():
            concepts.setdefault(name, concept)
    if not problems:
        problems.extend(check_concepts(concepts))
        problems.extend(_unknown_concepts(rules, concepts))
    if problems:
        raise RuleError(problems)
    return RuleSet(rules, [str(f) for f, _, _ in texts], digest.hexdigest()[:12], concepts)


def bundled_concepts() -> dict[str, Concept]:
    """The concepts of the bundled rule files (named ones only)."""
    out: dict[str, Concept] = {}
    for path in rule_files([bundled_rules_dir()]):
        try:
            _, concepts = parse_file(path.read_text(encoding="utf-8"), _display(path, None))
        except (OSError, RuleError):
            continue
        for name, concept in concepts.items():
            if not name.startswith("~"):
                out.setdefault(name, concept)
    return out


def _unknown_concepts(rules: Iterable[Rule], concepts: dict[str, Concept]) -> list[str]:
    """Concept names a rule uses that no rule file defines."""
    problems = []
    for rule in rules:
        nodes = [rule.match, *(rule.requires or ())]
        for top in nodes:
            for node in walk(top):
                names: list[str] = []
                if isinstance(node, ConceptLeaf):
                    names = list(node.names)
                elif isinstance(node, Frame):
                    names = [*node.topic, *node.restriction, *node.unless]
                    if node.actor:
                        names += ["worker", "client"]
                elif isinstance(node, QuantityMatch):
                    names = [t[1:] for t in node.topic if t.startswith("@")]
                for name in dict.fromkeys(names):
                    if name not in concepts:
                        hint = _suggest_name(name, concepts)
                        problems.append(
                            f"{rule.source}:{getattr(node, 'line', rule.line)}: rule '{rule.id}': "
                            f"field 'match': unknown concept '{name}'{hint}"
                        )
    return problems


def _display(path: Path, root: Path | None) -> str:
    try:
        bundled = bundled_rules_dir()
        if path.resolve().is_relative_to(bundled):
            return "rules/" + path.resolve().relative_to(bundled).as_posix()
        if root is not None:
            return path.resolve().relative_to(root.resolve()).as_posix()
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except (ValueError, OSError):
        return str(path)


def parse_rules(text: str, source: str) -> list[Rule]:
    """The rules of one file (its concepts are checked but not returned)."""
    return parse_file(text, source)[0]


def parse_file(text: str, source: str) -> tuple[list[Rule], dict[str, Concept]]:
    """Rules and concepts of one rule file. A file has ``rules:``, ``concepts:`` or
    both."""
    data = load_yaml(text, source)
    if data is None:
        raise RuleError([f"{source}:1: empty rule file; expected a top-level 'rules:' list"])
    if not isinstance(data, dict) or not ({"rules", "concepts"} & set(data)):
        raise RuleError([f"{source}:1: expected a top-level 'rules:' list"])
    unknown = [k for k in data if k not in ("rules", "concepts")]
    problems: list[str] = []
    for key in unknown:
        problems.append(
            f"{source}:{line_of(data, key)}: unknown top-level key {key!r}"
            f"{_suggest_name(key, ('rules', 'concepts'))}"
        )
    concepts = _parse_concepts(data.get("concepts"), source, line_of(data, "concepts"), problems)
    items = data.get("rules", [])
    if items is None:
        items = []
    if not isinstance(items, list):
        raise RuleError([f"{source}:{line_of(data, 'rules')}: 'rules' must be a list of rules"])
    rules: list[Rule] = []
    for index, item in enumerate(items):
        checker = _RuleChecker(source, item, line_of(items, index), concepts)
        rule = checker.build()
        problems.extend(checker.problems)
        if rule is not None:
            rules.append(rule)
    if problems:
        raise RuleError(problems)
    return rules, concepts


def _parse_concepts(raw: Any, source: str, line: int, problems: list[str]) -> dict[str, Concept]:
    """``concepts:`` maps a name to ``{terms, exclude, description}`` or to a list of
    terms."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append(f"{source}:{line}: 'concepts' must be a mapping of name: terms")
        return {}
    out: dict[str, Concept] = {}
    for name, value in raw.items():
        where = f"{source}:{line_of(raw, name)}: concept '{name}'"
        if not isinstance(name, str) or not re.match(r"^[a-z][a-z0-9-]*$", name):
            problems.append(f"{where}: a concept name is lower case with dashes")
            continue
        if isinstance(value, list):
            value = {"terms": value}
        if not isinstance(value, dict):
            problems.append(f"{where}: must be a list of terms or a mapping with 'terms'")
            continue
        bad = [k for k in value if k not in CONCEPT_FIELDS]
        for key in bad:
            problems.append(f"{where}: unknown field {key!r}{_suggest_name(key, CONCEPT_FIELDS)}")
        terms, exclude = value.get("terms"), value.get("exclude", [])
        ok = True
        for key, entries in (("terms", terms), ("exclude", exclude)):
            if entries is None and key == "exclude":
                continue
            if not isinstance(entries, list) or (key == "terms" and not entries):
                problems.append(f"{where}: '{key}' must be a non-empty list of strings")
                ok = False
                continue
            for i, entry in enumerate(entries):
                eline = line_of(entries, i, line_of(raw, name))
                if not isinstance(entry, str) or not entry.strip():
                    hint = (
                        " (quote it: YAML reads yes/no/on/off as booleans)"
                        if isinstance(entry, bool)
                        else ""
                    )
                    problems.append(
                        f"{source}:{eline}: concept '{name}': term {entry!r} must be a "
                        f"non-empty string{hint}"
                    )
                    ok = False
                    continue
                try:
                    parse_entry(entry)
                except ConceptError as exc:
                    problems.append(f"{source}:{eline}: concept '{name}': {exc}")
                    ok = False
        if ok and not bad:
            out[name] = Concept(
                name=name,
                terms=tuple(str(t) for t in terms),
                exclude=tuple(str(t) for t in (exclude or [])),
                description=str(value.get("description") or "").strip(),
                source=source,
                line=line_of(raw, name),
            )
    return out


def _suggest_name(name: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(name), list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _RuleChecker:
    def __init__(
        self, source: str, item: Any, line: int, concepts: dict[str, Concept] | None = None
    ) -> None:
        #: where anonymous concepts (``phrases``, ``terms``) are registered
        self.concepts = concepts if concepts is not None else {}
        self.source = source
        self.item = item
        self.line = line
        self.problems: list[str] = []
        self.rule_id = item.get("id") if isinstance(item, dict) else None
        self.example_profiles: dict[str, str] = {}

    def error(self, line: int, message: str, fld: str | None = None) -> None:
        who = f"rule '{self.rule_id}'" if isinstance(self.rule_id, str) else "rule"
        where = f": field '{fld}'" if fld else ""
        self.problems.append(f"{self.source}:{line}: {who}{where}: {message}")

    def build(self) -> Rule | None:
        item = self.item
        if not isinstance(item, dict):
            self.error(self.line, "each rule must be a mapping of fields")
            return None
        for key in item:
            if key not in RULE_FIELDS:
                self.error(
                    line_of(item, key),
                    f"unknown field {key!r}{_suggest_name(key, RULE_FIELDS)}",
                )
        for key in REQUIRED_FIELDS:
            if key not in item:
                self.error(item.line, f"missing required field '{key}'")
        rid = item.get("id")
        if "id" in item and (not isinstance(rid, str) or not ID_RE.match(rid)):
            self.error(
                line_of(item, "id"),
                f"id {rid!r} must look like 'category/slug' (lower case, digits and dashes)",
                "id",
            )
        category = item.get("category")
        if "category" in item and category not in CATEGORIES:
            self.error(
                line_of(item, "category"),
                f"unknown category {category!r}{_suggest_name(category, CATEGORIES)}; "
                f"expected one of: {', '.join(CATEGORIES)}",
                "category",
            )
        if (
            isinstance(rid, str)
            and "/" in rid
            and category in CATEGORIES
            and rid.split("/", 1)[0] != category
        ):
            self.error(
                line_of(item, "id"),
                f"id must start with the rule's category ('{category}/...')",
                "id",
            )
        severity = item.get("severity")
        if "severity" in item and severity not in ("error", "warning", "info"):
            hint = " (write 'warning')" if severity == "warn" else ""
            self.error(
                line_of(item, "severity"),
                f"severity must be error, warning or info, not {severity!r}{hint}",
                "severity",
            )
        for key in ("title", "message", "why"):
            if key in item and (not isinstance(item[key], str) or not item[key].strip()):
                self.error(line_of(item, key), "must be a non-empty string", key)
        params = self._params()
        suggestions = self._strings("suggest", allow_single=True)
        references = self._strings("references", allow_single=True, required=False)
        profiles = self._profiles()
        context = self._choice("context", CONTEXT_MODES, "skip-negated")
        reported = self._choice("reported", REPORTED_MODES, "skip")
        hedged = self._choice("hedged", HEDGED_MODES, "lower")
        escalate = self._escalate()
        scope = self._choice("scope", SCOPES, "clause")
        within = "sentence" if scope == "sentence" else "clause"
        if scope != "document":
            scope = "span"
        priority = item.get("priority", 0)
        if isinstance(priority, bool) or not isinstance(priority, int):
            self.error(line_of(item, "priority"), "must be a whole number", "priority")
            priority = 0
        flag, passing = self._examples()
        match = None
        if "match" in item:
            match = self._match(item["match"], line_of(item, "match"), top=True)
            if match is not None:
                is_absent = isinstance(match, Absent)
                if is_absent and scope != "document":
                    self.error(
                        line_of(item, "match"),
                        "an 'absent' match is a document-level check; add 'scope: document'",
                        "match",
                    )
                if scope == "document" and not is_absent:
                    self.error(
                        line_of(item, "scope"),
                        "'scope: document' needs an 'absent' match",
                        "scope",
                    )
        law = self._law(match, scope) if "law" in item else None
        requires = None
        if "requires" in item:
            if scope != "document":
                self.error(
                    line_of(item, "requires"),
                    "'requires' only applies to document-level rules ('scope: document')",
                    "requires",
                )
            else:
                raw = item["requires"]
                items = list(raw) if isinstance(raw, list) else [raw]
                nodes = []
                for i, value in enumerate(items):
                    line = line_of(raw, i) if isinstance(raw, list) else line_of(item, "requires")
                    node = self._match(value, line)
                    if isinstance(node, Absent):
                        self.error(
                            line,
                            "'requires' names what the document must mention; it cannot be "
                            "'absent'",
                            "requires",
                        )
                    elif node is not None:
                        nodes.append(node)
                requires = tuple(nodes) or None
        for key in ("message", *(["suggest"] if suggestions else [])):
            sources = [item.get("message")] if key == "message" else suggestions
            for template in sources:
                if isinstance(template, str):
                    problem = suggest.check_template(template, params)
                    if problem:
                        self.error(line_of(item, key), problem, key)
        if isinstance(item.get("title"), str):
            problem = suggest.check_template(item["title"], params)
            if problem:
                self.error(line_of(item, "title"), problem, "title")
        why = item.get("why")
        if isinstance(why, str):
            problem = suggest.check_template(why, params, allowed=frozenset({"params"}))
            if problem:
                self.error(
                    line_of(item, "why"),
                    problem + " ('why' is shown without a match, so only params are available)",
                    "why",
                )
        if self.problems or match is None:
            return None
        return Rule(
            id=rid,
            category=category,
            severity=Severity(severity),
            title=item["title"].strip(),
            message=item["message"].strip(),
            why=suggest.render(item["why"], {"params": params}),
            why_template=item["why"],
            suggest=tuple(s.strip() for s in suggestions),
            match=match,
            params=params,
            profiles=profiles,
            context=context,
            reported=reported,
            hedged=hedged,
            scope=scope,
            within=within,
            priority=priority,
            requires=requires,
            escalate=escalate,
            law=law,
            references=tuple(references),
            flag_examples=tuple(flag),
            pass_examples=tuple(passing),
            example_profiles=dict(self.example_profiles),
            source=self.source,
            line=item.line,
        )

    # -- fields -------------------------------------------------------------
    def _params(self) -> dict[str, Any]:
        params = self.item.get("params", {})
        if params is None:
            return {}
        if not isinstance(params, dict):
            self.error(line_of(self.item, "params"), "must be a mapping of name: value", "params")
            return {}
        out: dict[str, Any] = {}
        for name, value in params.items():
            if not isinstance(name, str) or not re.match(r"^[a-z_][a-z0-9_]*$", name):
                self.error(
                    line_of(params, name),
                    f"param name {name!r} must be lower_snake_case",
                    "params",
                )
            elif isinstance(value, bool) or not isinstance(value, int | float | str):
                self.error(
                    line_of(params, name),
                    f"param {name!r} must be a number or a string",
                    "params",
                )
            elif problem := _param_problem(value):
                self.error(line_of(params, name), f"param {name!r}: {problem}", "params")
            else:
                out[name] = value
        return out

    def _strings(self, key: str, *, allow_single: bool, required: bool = True) -> list[str]:
        value = self.item.get(key)
        if value is None:
            return []
        if allow_single and isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.error(line_of(self.item, key), "must be a string or a list of strings", key)
            return []
        if required and not value:
            self.error(line_of(self.item, key), "must not be empty", key)
        return list(value)

    def _escalate(self) -> tuple[str, tuple[str, ...]] | None:
        """``escalate: {to: warning, when: [categories]}``: raise this rule's findings
        to ``to`` in a document that also has findings in one of ``when``."""
        value = self.item.get("escalate")
        if value is None:
            return None
        line = line_of(self.item, "escalate")
        if not isinstance(value, dict) or set(value) - {"to", "when"} or "to" not in value:
            self.error(line, "must be a mapping with 'to' (a severity) and 'when'", "escalate")
            return None
        to = value["to"]
        when = value.get("when")
        if to not in ("error", "warning", "info"):
            self.error(line, f"'to' must be error, warning or info, not {to!r}", "escalate")
            return None
        if not isinstance(when, list) or not when or any(c not in CATEGORIES for c in when):
            self.error(line, "'when' must be a list of categories", "escalate")
            return None
        return to, tuple(when)

    def _law(self, match: MatchNode | None, scope: str) -> LawLink | None:
        """``law: {topic, field, value?, when?}``: the legal floor the rule is compared
        with when a jurisdiction is configured (see docs/rules.md)."""
        from .. import laws
        from .legal import link_problem
        from .regexes import RegexProblem, compile_regex

        value = self.item.get("law")
        line = line_of(self.item, "law")
        keys = ("topic", "field", "value", "when")
        if not isinstance(value, dict) or "topic" not in value or "field" not in value:
            self.error(line, "must be a mapping with 'topic' and 'field'", "law")
            return None
        for key in value:
            if key not in keys:
                self.error(
                    line_of(value, key, line),
                    f"unknown key {key!r}{_suggest_name(str(key), keys)}",
                    "law",
                )
                return None
        topic, name = value["topic"], value["field"]
        if topic not in laws.TOPICS:
            self.error(
                line_of(value, "topic", line),
                f"unknown legal-floor topic {topic!r}{_suggest_name(str(topic), laws.TOPICS)}; "
                f"expected one of: {', '.join(laws.TOPICS)}",
                "law",
            )
            return None
        if name not in laws.FIELDS:
            fields = [f for f, spec in laws.FIELDS.items() if topic in spec.topics]
            self.error(
                line_of(value, "field", line),
                f"unknown field {name!r} for topic {topic!r}"
                f"{_suggest_name(str(name), fields)}; expected one of: {', '.join(fields)}",
                "law",
            )
            return None
        if scope == "document":
            self.error(line, "only clause rules can be compared with a legal floor", "law")
            return None
        number = value.get("value")
        if number is not None and (isinstance(number, bool) or not isinstance(number, int | float)):
            self.error(line_of(value, "value", line), "'value' must be a number", "law")
            return None
        when = value.get("when")
        if when is not None:
            if not isinstance(when, str) or not when.strip():
                self.error(line_of(value, "when", line), "'when' must be a regex", "law")
                return None
            try:
                compile_regex(when)
            except RegexProblem as exc:
                self.error(line_of(value, "when", line), str(exc), "law")
                return None
        link = LawLink(topic, name, float(number) if number is not None else None, when, line)
        has_quantity = match is not None and any(isinstance(n, QuantityMatch) for n in walk(match))
        problem = link_problem(link, has_quantity)
        if problem:
            self.error(line, problem, "law")
            return None
        return link

    def _choice(self, key: str, options: Sequence[str], default: str) -> str:
        value = self.item.get(key, default)
        if value not in options:
            self.error(
                line_of(self.item, key),
                f"must be one of {', '.join(options)}, not {value!r}"
                f"{_suggest_name(value, options)}",
                key,
            )
            return default
        return value

    def _profiles(self) -> frozenset[str]:
        value = self.item.get("profiles")
        if value is None:
            return frozenset(PROFILES)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            self.error(line_of(self.item, "profiles"), "must be a list of profiles", "profiles")
            return frozenset(PROFILES)
        bad = [v for v in value if v not in PROFILES]
        if bad:
            self.error(
                line_of(self.item, "profiles"),
                f"unknown profile {bad[0]!r}; expected: {', '.join(PROFILES)}",
                "profiles",
            )
        return frozenset(v for v in value if v in PROFILES)

    def _examples(self) -> tuple[list[str], list[str]]:
        value = self.item.get("examples")
        if value is None:
            return [], []
        if not isinstance(value, dict):
            self.error(
                line_of(self.item, "examples"),
                "must be a mapping with 'flag' and 'pass' lists",
                "examples",
            )
            return [], []
        for key in value:
            if key not in ("flag", "pass"):
                self.error(
                    line_of(value, key),
                    f"unknown key {key!r}; expected 'flag' and 'pass'"
                    f"{_suggest_name(key, ('flag', 'pass'))}",
                    "examples",
                )
        out: list[list[str]] = []
        for key in ("flag", "pass"):
            items = value.get(key, [])
            if items is None:
                items = []
            texts: list[str] = []
            ok = isinstance(items, list)
            for x in items if ok else ():
                if isinstance(x, str):
                    texts.append(x)
                elif (
                    isinstance(x, dict)
                    and set(x) == {"text", "profile"}
                    and isinstance(x["text"], str)
                    and x["profile"] in PROFILES
                ):
                    # an example read under another profile ("you" is a client in a
                    # client-facing policy)
                    texts.append(x["text"])
                    self.example_profiles[x["text"]] = x["profile"]
                else:
                    ok = False
            if not ok:
                self.error(
                    line_of(value, key),
                    f"'{key}' must be a list of strings (or of {{text, profile}} mappings)",
                    "examples",
                )
                texts = []
            out.append(texts)
        return out[0], out[1]

    # -- match trees ----------------------------------------------------------
    def _match(self, node: Any, line: int, *, top: bool = False) -> MatchNode | None:
        if not isinstance(node, dict) or not node:
            self.error(
                line,
                f"a match must be a mapping with one kind of: {', '.join(MATCH_KINDS)}",
                "match",
            )
            return None
        kinds = [k for k in node if k in MATCH_KINDS]
        unknown = [k for k in node if k not in MATCH_KINDS]
        for key in unknown:
            self.error(
                line_of(node, key),
                f"unknown match kind {key!r}{_suggest_name(key, MATCH_KINDS)}",
                "match",
            )
        if unknown:
            return None
        if len(kinds) != 1:
            self.error(
                node.line if hasattr(node, "line") else line,
                f"a match has exactly one kind, found {len(kinds)}: {', '.join(kinds)} "
                "(combine them with 'all' or 'any')",
                "match",
            )
            return None
        kind = kinds[0]
        value = node[kind]
        kline = line_of(node, kind, line)
        if kind == "absent":
            if not top:
                self.error(kline, "'absent' is only allowed at the top of a match", "match")
                return None
            child = self._match(value, kline)
            return Absent(child, kline) if child is not None else None
        if kind == "phrases":
            return self._phrases(value, kline)
        if kind == "terms":
            return self._terms(value, kline)
        if kind == "concept":
            names = self._names(value, kline, "concept")
            return ConceptLeaf(names, kline) if names else None
        if kind == "frame":
            return self._frame(value, kline)
        if kind in ("pattern", "patterns"):
            return self._patterns(kind, value, kline)
        if kind == "regex":
            return self._regex(value, kline)
        if kind == "quantity":
            return self._quantity(value, kline)
        if kind in ("all", "any"):
            if not isinstance(value, list) or not value:
                self.error(kline, f"'{kind}' must be a non-empty list of matches", "match")
                return None
            children = [self._match(v, line_of(value, i, kline)) for i, v in enumerate(value)]
            if any(c is None for c in children):
                return None
            kids = tuple(c for c in children if c is not None)
            if kind == "all" and all(isinstance(c, Not) for c in kids):
                self.error(kline, "'all' needs at least one positive (non-'not') match", "match")
                return None
            return All(kids, kline) if kind == "all" else Any_(kids, kline)
        # not
        child = self._match(value, kline)
        if child is None:
            return None
        if top:
            self.error(kline, "'not' cannot stand alone; use it inside 'all'", "match")
            return None
        return Not(child, kline)

    def _phrases(self, value: Any, line: int) -> ConceptLeaf | None:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            self.error(line, "'phrases' must be a non-empty list of strings", "match")
            return None
        out = []
        for i, v in enumerate(value):
            if not isinstance(v, str) or not v.strip():
                hint = (
                    " (quote it: YAML reads yes/no/on/off as booleans)"
                    if isinstance(v, bool)
                    else ""
                )
                self.error(
                    line_of(value, i, line),
                    f"phrase {v!r} must be a non-empty string{hint}",
                    "match",
                )
                return None
            out.append(" ".join(v.split()))
        return self._anonymous(tuple(out), line, literal=True, written_as="phrases")

    def _anonymous(
        self, terms: tuple[str, ...], line: int, *, literal: bool, written_as: str
    ) -> ConceptLeaf | None:
        """A concept of its own for the terms of one match (``phrases``, ``terms``)."""
        for term in terms:
            try:
                if not literal:
                    parse_entry(term)
            except ConceptError as exc:
                self.error(line, str(exc), "match")
                return None
        name = f"~{self.rule_id}@{line}#{len(self.concepts)}"
        self.concepts[name] = Concept(name, terms, literal=literal, source=self.source, line=line)
        return ConceptLeaf((name,), line, written_as)

    def _terms(self, value: Any, line: int) -> ConceptLeaf | None:
        if isinstance(value, str):
            value = [value]
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            self.error(line, "'terms' must be a non-empty list of strings", "match")
            return None
        return self._anonymous(tuple(value), line, literal=False, written_as="terms")

    def _names(self, value: Any, line: int, what: str) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and re.match(r"^[a-z][a-z0-9-]*$", v) for v in value)
        ):
            self.error(line, f"'{what}' must name a concept or a list of concepts", "match")
            return ()
        return tuple(value)

    def _frame(self, value: Any, line: int) -> Frame | None:
        if not isinstance(value, dict):
            self.error(line, "'frame' must be a mapping (topic, restriction, ...)", "match")
            return None
        for key in value:
            if key not in FRAME_FIELDS:
                self.error(
                    line_of(value, key, line),
                    f"unknown frame field {key!r}{_suggest_name(key, FRAME_FIELDS)}",
                    "match",
                )
                return None
        for key in ("topic", "restriction"):
            if key not in value:
                self.error(line, f"a frame needs '{key}'", "match")
                return None
        topic = self._names(value["topic"], line_of(value, "topic", line), "topic")
        restriction = self._names(
            value["restriction"], line_of(value, "restriction", line), "restriction"
        )
        unless = (
            self._names(value["unless"], line_of(value, "unless", line), "unless")
            if "unless" in value
            else ()
        )
        actor = value.get("actor")
        if actor is not None and actor not in ACTORS:
            self.error(
                line_of(value, "actor", line),
                f"actor must be one of {', '.join(ACTORS)}, not {actor!r}",
                "match",
            )
            return None
        sources = value.get("topic_from", list(TOPIC_SOURCES))
        if isinstance(sources, str):
            sources = [sources]
        if (
            not isinstance(sources, list)
            or not sources
            or any(x not in TOPIC_SOURCES for x in sources)
        ):
            self.error(
                line_of(value, "topic_from", line),
                f"topic_from is a list of: {', '.join(TOPIC_SOURCES)}",
                "match",
            )
            return None
        unless_from = value.get("unless_from", "clause")
        if unless_from not in ("clause", "sentence"):
            self.error(
                line_of(value, "unless_from", line),
                f"unless_from must be 'clause' or 'sentence', not {unless_from!r}",
                "match",
            )
            return None
        if not topic or not restriction or ("unless" in value and not unless):
            return None
        return Frame(topic, restriction, actor, unless, tuple(sources), unless_from, line)

    def _patterns(self, kind: str, value: Any, line: int) -> Patterns | None:
        patterns = [value] if kind == "pattern" else value
        if not isinstance(patterns, list) or not patterns:
            self.error(
                line,
                f"'{kind}' must be a list of token specs" + ("" if kind == "pattern" else " lists"),
                "match",
            )
            return None
        out = []
        for i, pat in enumerate(patterns):
            pline = line_of(patterns, i, line) if kind == "patterns" else line
            if not isinstance(pat, list) or not pat or not all(isinstance(t, dict) for t in pat):
                self.error(
                    pline, "a token pattern is a non-empty list of mappings, one per token", "match"
                )
                return None
            for tok in pat:
                for attr in tok:
                    name = str(attr).upper()
                    if name in TRAINED_ATTRS:
                        self.error(
                            line_of(tok, attr, pline),
                            f"token attribute {attr!r} needs a trained spaCy pipeline; the "
                            "default pipeline is blank English, so use LOWER/ORTH/IN/REGEX "
                            "and other lexical attributes",
                            "match",
                        )
                        return None
                    if name not in LEXICAL_ATTRS:
                        self.error(
                            line_of(tok, attr, pline),
                            f"unknown token attribute {attr!r}"
                            f"{_suggest_name(name, sorted(LEXICAL_ATTRS))}",
                            "match",
                        )
                        return None
            for tok in pat:
                for regex in _token_regexes(tok):
                    problem = token_regex_problem(regex)
                    if problem:
                        self.error(getattr(tok, "line", 0) or pline, problem, "match")
                        return None
            out.append(tuple(_plain(t) for t in pat))
        # the full token-pattern schema is checked when the matcher is built (that
        # needs spaCy, which loading rules must not import)
        return Patterns(tuple(out), line)

    def _regex(self, value: Any, line: int) -> Regex | None:
        case_sensitive = False
        if isinstance(value, dict):
            extra = [k for k in value if k not in ("pattern", "case_sensitive")]
            if extra:
                self.error(line, f"unknown regex option {extra[0]!r}", "match")
                return None
            case_sensitive = bool(value.get("case_sensitive", False))
            value = value.get("pattern")
        if not isinstance(value, str) or not value:
            self.error(line, "'regex' must be a pattern string", "match")
            return None
        from .regexes import RegexProblem, compile_regex

        try:
            compile_regex(value, case_sensitive)
        except RegexProblem as exc:
            self.error(line, str(exc), "match")
            return None
        return Regex(value, case_sensitive, line)

    def _quantity(self, value: Any, line: int) -> QuantityMatch | None:
        if not isinstance(value, dict):
            self.error(line, "'quantity' must be a mapping (unit, per, topic, above, ...)", "match")
            return None
        for key in value:
            if key not in QUANTITY_FIELDS:
                self.error(
                    line_of(value, key, line),
                    f"unknown quantity field {key!r}{_suggest_name(key, QUANTITY_FIELDS)}",
                    "match",
                )
                return None
        units: tuple[str | None, ...] | None = None
        if "unit" in value:
            raw = value["unit"]
            raw_list = raw if isinstance(raw, list) else [raw]
            parsed: list[str | None] = []
            for u in raw_list:
                u = "none" if u is None else u
                if not isinstance(u, str):
                    self.error(
                        line_of(value, "unit", line), f"unit {u!r} must be a string", "match"
                    )
                    return None
                canon = u.lower().rstrip("s") if u.lower() not in ("none",) else "none"
                canon = {"hr": "hour", "min": "minute", "%": "percent", "$": "dollar"}.get(
                    canon, canon
                )
                if canon not in UNITS:
                    self.error(
                        line_of(value, "unit", line),
                        f"unknown unit {u!r}{_suggest_name(canon, UNITS)}; expected one of: "
                        f"{', '.join(UNITS)}",
                        "match",
                    )
                    return None
                parsed.append(None if canon == "none" else canon)
            units = tuple(parsed)
        per = value.get("per")
        if per is not None:
            per = str(per).lower()
            if per not in PERIODS:
                self.error(
                    line_of(value, "per", line),
                    f"unknown period {value.get('per')!r}; expected one of: {', '.join(PERIODS)}",
                    "match",
                )
                return None
        topic = value.get("topic", [])
        if isinstance(topic, str):
            topic = [topic]
        if not isinstance(topic, list) or not all(isinstance(t, str) for t in topic):
            self.error(line_of(value, "topic", line), "topic must be a list of words", "match")
            return None
        near = value.get("near", 6)
        if near == "sentence":
            near = None
        elif not isinstance(near, int) or isinstance(near, bool) or near < 0:
            self.error(
                line_of(value, "near", line),
                "near must be a number of tokens or 'sentence'",
                "match",
            )
            return None
        compares = [k for k in COMPARISONS if k in value]
        if len(compares) > 1:
            self.error(line, f"use one comparison, not {', '.join(compares)}", "match")
            return None
        compare = None
        if compares:
            op = compares[0]
            threshold = value[op]
            if isinstance(threshold, bool) or not isinstance(threshold, int | float | str):
                self.error(
                    line_of(value, op, line), f"{op} must be a number or a param name", "match"
                )
                return None
            if isinstance(threshold, str):
                params = self.item.get("params") or {}
                if threshold not in params:
                    self.error(
                        line_of(value, op, line),
                        f"{op}: {threshold!r} is not a param of this rule; add it under 'params'",
                        "match",
                    )
                    return None
                if not isinstance(params[threshold], int | float) or isinstance(
                    params[threshold], bool
                ):
                    self.error(
                        line_of(value, op, line),
                        f"param {threshold!r} used by {op} must be a number",
                        "match",
                    )
                    return None
            compare = (op, threshold)
        end = value.get("end")
        if end is not None and end not in ("low", "high"):
            self.error(line_of(value, "end", line), "end must be 'low' or 'high'", "match")
            return None
        coverage = value.get("coverage", False)
        if not isinstance(coverage, bool):
            self.error(line_of(value, "coverage", line), "coverage must be true or false", "match")
            return None
        return QuantityMatch(
            units=units,
            per=per,
            topic=tuple(" ".join(t.lower().split()) for t in topic),
            near=near,
            compare=compare,
            end=end,
            coverage=coverage,
            line=line,
        )


def _param_problem(value: Any) -> str | None:
    from ..config import param_problem

    return param_problem(value)


def _token_regexes(value: Any) -> Iterable[Any]:
    """Every ``REGEX`` operand in a token pattern (``{LOWER: {REGEX: p}}``,
    ``{TEXT: {REGEX: {IN: [p, q]}}}``, extension attributes under ``_``)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if str(key).upper() == "REGEX":
                if isinstance(item, dict):
                    for listed in item.values():
                        yield from listed if isinstance(listed, list) else [listed]
                else:
                    yield item
            else:
                yield from _token_regexes(item)
    elif isinstance(value, list):
        for item in value:
            yield from _token_regexes(item)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
