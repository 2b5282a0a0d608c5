"""Detection quality: recall and false alarms of the bundled rules on evaluation text.

    python benchmarks/detection.py                 # the project's own sets + blind dev half
    python benchmarks/detection.py --sealed        # also the sealed blind test half
    python benchmarks/detection.py --external real.yaml   # a scratch set kept outside git
    python benchmarks/detection.py --json          # machine-readable figures

Sets (see tests/data/eval/README.md for how the blind text was written and split):

* ``own``: tests/data/rule_eval/*.yaml, written alongside the first rule pack;
* ``blind-dev`` / ``blind-test``: sentences by writers who saw only the category
  descriptions: harmful clauses, their relieved twins and healthy near misses;
* ``docs-dev`` / ``docs-test``: whole documents with their harmful paragraphs labelled;
* ``external``: ``items: [{text, label: harmful|benign, category}]`` from a file given
  on the command line (real published text is scored this way, outside the repository).

Figures: *recall* is the share of harmful sentences with a finding of their own
category (any severity); *any-category recall* accepts a finding of any category;
a *false alarm* is a warning or error (of any category) on a healthy or relieved
sentence. For documents: the share of labelled paragraphs with a finding, and the
benign paragraphs (per document) with a warning or error.

The script imports whatever ``policylint`` is first on ``sys.path``, so running it with
``PYTHONPATH`` set to an older checkout scores that version's rules on the same text.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))  # after PYTHONPATH: an older checkout there wins

from policylint.api import Input, lint_input, load_ruleset  # noqa: E402
from policylint.config import Config  # noqa: E402
from policylint.findings import CATEGORIES  # noqa: E402

OWN = ROOT / "tests" / "data" / "rule_eval"
BLIND = ROOT / "tests" / "data" / "eval"


class Scorer:
    def __init__(self) -> None:
        self.ruleset = load_ruleset(Config())

    def findings(self, text: str, profile: str, name: str = "x.md") -> list[Any]:
        config = Config(profile=profile)
        item = Input(name, text.encode("utf-8"), "md")
        result = lint_input(item, self.ruleset, config)
        if result.error:
            raise RuntimeError(result.error)
        return [f for f in result.findings if f.scope == "span"]

    def document(self, path: Path, profile: str) -> Any:
        config = Config(profile=profile)
        item = Input(str(path), path.read_bytes(), "md")
        return lint_input(item, self.ruleset, config)


def _serious(f: Any) -> bool:
    return str(f.severity) in ("warning", "error")


def score_sentences(scorer: Scorer, items: list[dict[str, Any]]) -> dict[str, Any]:
    per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses: list[dict[str, Any]] = []
    alarms: list[dict[str, Any]] = []
    for item in items:
        cat = item["category"]
        found = scorer.findings(item["text"], item.get("profile", "handbook"))
        if item["kind"] == "harmful":
            per[cat]["harmful"] += 1
            if any(f.category == cat for f in found):
                per[cat]["found"] += 1
            else:
                misses.append({"id": item.get("id"), "category": cat, "text": item["text"],
                               "got": sorted({f.category for f in found})})  # fmt: skip
            if found:
                per[cat]["found_any"] += 1
        else:
            per[cat]["healthy"] += 1
            serious = [f for f in found if _serious(f)]
            if serious:
                per[cat]["alarms"] += 1
                alarms.append({"id": item.get("id"), "category": cat, "text": item["text"],
                               "rules": sorted({f.rule for f in serious})})  # fmt: skip
    return {"per_category": {c: dict(per[c]) for c in CATEGORIES if c in per},
            "misses": misses, "alarms": alarms}  # fmt: skip


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[*_`#>|]", " ", text).lower().split())


def score_documents(scorer: Scorer, folder: Path) -> dict[str, Any]:
    out: dict[str, Any] = {"documents": {}, "per_category": defaultdict(lambda: defaultdict(int))}
    for labels_path in sorted(folder.glob("*.labels.yaml")):
        labels = yaml.safe_load(labels_path.read_text(encoding="utf-8"))
        doc_path = folder / labels["document"]
        result = scorer.document(doc_path, labels["profile"])
        if result.error:
            raise RuntimeError(result.error)
        blocks = [_norm(b.text) for b in result.document.blocks]
        by_block: dict[int, list[Any]] = defaultdict(list)
        for f in result.findings:
            if f.scope == "span" and f.block is not None:
                by_block[f.block].append(f)
        labelled: dict[int, str] = {}
        unplaced = []
        for entry in labels["harmful"]:
            quote = _norm(entry["quote"])
            index = next((i for i, b in enumerate(blocks) if quote in b), None)
            if index is None:
                unplaced.append(entry["quote"])
            else:
                labelled[index] = entry["category"]
        found = sum(1 for i in labelled if by_block.get(i))
        found_cat = sum(1 for i, c in labelled.items() if any(f.category == c for f in by_block[i]))
        for i, c in labelled.items():
            out["per_category"][c]["harmful"] += 1
            out["per_category"][c]["found"] += int(any(f.category == c for f in by_block[i]))
        benign = {
            i: sorted({f.rule for f in fs if _serious(f)})
            for i, fs in by_block.items()
            if i not in labelled and any(_serious(f) for f in fs)
        }
        missed = [
            {"category": c, "text": result.document.blocks[i].text[:160]}
            for i, c in labelled.items()
            if not by_block.get(i)
        ]
        out["documents"][doc_path.name] = {
            "labelled": len(labelled),
            "found": found,
            "found_in_category": found_cat,
            "benign_flagged": len(benign),
            "benign": [
                {"text": result.document.blocks[i].text[:160], "rules": r}
                for i, r in benign.items()
            ],
            "missed": missed,
            "unplaced_labels": unplaced,
        }
    out["per_category"] = {c: dict(v) for c, v in out["per_category"].items()}
    return out


def own_items() -> list[dict[str, Any]]:
    items = []
    for path in sorted(OWN.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for text in data["harmful"]:
            items.append({"category": data["category"], "kind": "harmful", "text": text})
        for text in data["healthy"]:
            items.append({"category": data["category"], "kind": "healthy", "text": text})
    return items


def external_items(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        {
            "category": i.get("category") or "martyr-language",
            "kind": "harmful" if i["label"] == "harmful" else "healthy",
            "text": i["text"],
            "profile": i.get("profile", "handbook"),
        }
        for i in data["items"]
    ]


def totals(result: dict[str, Any]) -> dict[str, float]:
    pc = result["per_category"].values()
    harmful = sum(c.get("harmful", 0) for c in pc)
    found = sum(c.get("found", 0) for c in pc)
    found_any = sum(c.get("found_any", 0) for c in pc)
    healthy = sum(c.get("healthy", 0) for c in pc)
    alarms = sum(c.get("alarms", 0) for c in pc)
    return {
        "harmful": harmful,
        "recall": found / harmful if harmful else 0.0,
        "recall_any_category": found_any / harmful if harmful else 0.0,
        "healthy": healthy,
        "false_alarm_rate": alarms / healthy if healthy else 0.0,
        "min_category_recall": min(
            (c.get("found", 0) / c["harmful"] for c in pc if c.get("harmful")), default=0.0
        ),
    }


def print_sentences(name: str, result: dict[str, Any], verbose: bool) -> None:
    t = totals(result)
    print(
        f"\n== {name}: recall {t['recall']:.2f} ({t['harmful']} harmful; any category "
        f"{t['recall_any_category']:.2f}), false alarms {t['false_alarm_rate']:.3f} "
        f"({t['healthy']} healthy), lowest category recall {t['min_category_recall']:.2f}"
    )
    print(f"   {'category':<16} {'recall':>8} {'false alarms':>14}")
    for cat, c in result["per_category"].items():
        rec = f"{c.get('found', 0)}/{c.get('harmful', 0)}"
        fa = f"{c.get('alarms', 0)}/{c.get('healthy', 0)}"
        print(f"   {cat:<16} {rec:>8} {fa:>14}")
    if verbose:
        for m in result["misses"]:
            print(f"   MISS [{m['category']}] (got {m['got']}) {m['text']}")
        for a in result["alarms"]:
            print(f"   ALARM [{a['category']}] {a['rules']} {a['text']}")


def print_documents(name: str, result: dict[str, Any], verbose: bool) -> None:
    docs = result["documents"]
    labelled = sum(d["labelled"] for d in docs.values())
    found = sum(d["found"] for d in docs.values())
    print(f"\n== {name}: {found}/{labelled} labelled paragraphs found "
          f"({found / max(labelled, 1):.2f})")  # fmt: skip
    for doc, d in docs.items():
        print(
            f"   {doc:<32} found {d['found']}/{d['labelled']} (in category "
            f"{d['found_in_category']}), benign flagged {d['benign_flagged']}"
        )
        if verbose:
            for m in d["missed"]:
                print(f"      MISS [{m['category']}] {m['text']}")
            for b in d["benign"]:
                print(f"      BENIGN {b['rules']} {b['text']}")
            for u in d["unplaced_labels"]:
                print(f"      (label not found in the text: {u})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sealed", action="store_true", help="also score the sealed test half")
    parser.add_argument("--only-sealed", action="store_true", help="score only the test half")
    parser.add_argument("--external", type=Path, action="append", default=[])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and alarms")
    args = parser.parse_args()
    scorer = Scorer()
    results: dict[str, Any] = {}
    halves = ["test"] if args.only_sealed else ["dev", *(["test"] if args.sealed else [])]
    if not args.only_sealed:
        results["own"] = ("s", score_sentences(scorer, own_items()))
    for half in halves:
        data = yaml.safe_load((BLIND / half / "sentences.yaml").read_text(encoding="utf-8"))
        results[f"blind-{half}"] = ("s", score_sentences(scorer, data["items"]))
        results[f"docs-{half}"] = ("d", score_documents(scorer, BLIND / half / "documents"))
    for path in args.external:
        results[f"external:{path.name}"] = ("s", score_sentences(scorer, external_items(path)))
    if args.json:
        out = {
            name: ({"totals": totals(r), **r} if kind == "s" else r)
            for name, (kind, r) in results.items()
        }
        print(json.dumps(out, indent=1))
        return 0
    for name, (kind, r) in results.items():
        # the sealed half is reported in figures only, never sentence by sentence
        verbose = args.verbose and "test" not in name
        (print_sentences if kind == "s" else print_documents)(name, r, verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
