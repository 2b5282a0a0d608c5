"""Throughput of reading and linting against spaCy's own floor, measured in one process.

    python benchmarks/throughput.py [--words 200000] [--corpus ../shared/corpus]
                                    [--repeat 5] [--input FILE] [--rules PATH] [--json]

Builds a large Markdown input from the corpus texts (concatenated and repeated to at
least ``--words`` words), or reads ``--input``, then times in this process:

* baseline: ``spacy.blank("en")`` + ``sentencizer`` over the document's block texts
  (``nlp.pipe``), the floor for any spaCy-based linter (DESIGN.md section 7);
* read: the reader (for Markdown split into markdown-it parsing and our block building);
* pipeline: our language pipeline over the block texts, split into the tokenizer and
  each component;
* lint only: pipeline plus the bundled rules (``Engine.check`` on the read document),
  with whatever ``rules/`` holds, possibly none; ``--rules`` adds rule files;
* full lint: ``policylint.api.lint`` end to end (read, pipeline, rules, suppressions).

Then, unless ``--no-processes``, it runs whole processes as a user would, interleaved,
``--repeat`` rounds each, and reports the median wall time, CPU time and peak memory
(from ``os.wait4``, per process) of:

* floor: a fresh Python that imports spaCy and runs blank English + ``sentencizer`` over
  the same block texts (written to a JSON file beforehand; reading it is negligible);
* ``policylint check --no-cache --no-report --format json`` on the input;
* the same command with ``PYTHONPATH`` set to each ``--checkout`` (an older version of
  policylint, say ``git worktree add /tmp/before <commit>``);
* ``proselint check`` on the input, when ``--proselint`` names its executable or one is
  on PATH (install it in a separate virtual environment: ``pip install proselint``).

The headline figures are floor / policylint (>= 1.0: no slower than the floor) and
proselint / policylint (>= 2.0: at least twice as fast).

Every stage runs once per round, rounds interleave the stages (so that a burst of load
from other processes hits all of them alike), each stage starts after a garbage
collection (so that it does not pay for the previous stage's garbage), and each figure
is the minimum over ``--repeat`` rounds, after one warm-up (imports, rule compilation,
tokenizer caches). Wall-clock and CPU time of this process are both shown: on a busy
machine the CPU figures are the steadier. The headline ratio is baseline time /
(read + pipeline) time: DESIGN.md asks for >= 0.5. ``--profile`` writes cProfile
stats of one read + lint for ``python -m pstats``. No network, no assertions.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
TARGET = 0.5


def user_environment() -> dict[str, str]:
    """This environment, as a user's shell would have it: Python may write its
    bytecode caches (a CI or sandbox setting PYTHONDONTWRITEBYTECODE would otherwise
    make every run compile policylint's modules again)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def build_input(corpus: Path, words: int) -> str:
    texts = [
        p.read_text(encoding="utf-8")
        for p in sorted(corpus.rglob("*.md"))
        if "LICENSES" not in p.parts and p.name != "SOURCES.md"
    ]
    if not texts:
        sys.exit(f"no corpus texts under {corpus}")
    chunks: list[str] = []
    total = 0
    while total < words:
        for t in texts:
            chunks.append(t)
            total += len(t.split())
    return "\n\n".join(chunks)


def consume(docs: Iterable[Any]) -> int:
    """Walk every sentence of every doc, keeping none (as a linter streams them)."""
    n = 0
    for doc in docs:
        for _ in doc.sents:
            n += 1
    return n


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Timer:
    """Named stages, each timed once per round; keeps the minimum wall-clock time and,
    separately, the minimum CPU time of this process (steadier on a busy machine)."""

    def __init__(self) -> None:
        self.best: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def run(self, name: str, fn: Callable[[], Any]) -> Any:
        gc.collect()  # the previous stage's garbage is not this stage's cost
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        self.best[name] = min(wall, self.best.get(name, float("inf")))
        self.cpu[name] = min(cpu, self.cpu.get(name, float("inf")))
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--words", type=int, default=200_000, help="size of the built input")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--input", type=Path, help="benchmark this file instead")
    parser.add_argument("--repeat", type=int, default=5, help="rounds; the minimum is kept")
    parser.add_argument("--rules", action="append", default=[], help="extra rule file/folder")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--profile", type=Path, help="write cProfile stats of one read + lint")
    parser.add_argument(
        "--no-processes", action="store_true", help="skip the whole-process comparison"
    )
    parser.add_argument(
        "--proselint", help="proselint executable for the comparison (default: on PATH)"
    )
    parser.add_argument(
        "--checkout",
        action="append",
        default=[],
        help="also time policylint from this checkout (another version; repeatable)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    rss_start = rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        if args.input is not None:
            path = args.input
        else:
            path = Path(tmp) / "big-handbook.md"
            path.write_text(build_input(args.corpus, args.words), encoding="utf-8")
        figures = run(args, path)
        if not args.no_processes:
            figures["processes"] = whole_processes(args, path, Path(tmp))
    figures["memory"]["start_mb"] = round(rss_start, 1)
    report(figures, as_json=args.json)
    return 0


def run(args: argparse.Namespace, path: Path) -> dict[str, Any]:
    import spacy

    from policylint.api import get_engine, lint, load_ruleset
    from policylint.config import Config
    from policylint.documents import read_path

    config = Config(max_file_size=1 << 30, rules=[str(p) for p in args.rules])
    rules_error = None
    try:
        ruleset = load_ruleset(config)
    except Exception as exc:  # rules being written may not load: measure without them
        rules_error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        config = Config(max_file_size=1 << 30)
        from policylint.engine.loader import load_rules

        ruleset = load_rules([])
    engine = get_engine(ruleset, config)
    nlp = engine.nlp

    # warm-up: imports, rule compilation, tokenizer caches
    document = read_path(path)
    blocks = [b.text for b in document.blocks]
    words = document.words
    findings = len(engine.check(document))
    report_ = lint([str(path)], config) if rules_error is None else None
    full_findings = len(report_.findings()) if report_ is not None else None

    baseline_nlp = spacy.blank("en")
    baseline_nlp.add_pipe("sentencizer")
    list(baseline_nlp.pipe(blocks, batch_size=64))
    rss_ready = rss_mb()

    md_parse = _markdown_parser(document.format)
    text = path.read_bytes().decode("utf-8", errors="replace") if md_parse else ""

    timer = Timer()
    for _ in range(args.repeat):
        timer.run("baseline", lambda: consume(baseline_nlp.pipe(blocks, batch_size=64)))
        timer.run("baseline tokenizer", lambda: [baseline_nlp.make_doc(t) for t in blocks])
        timer.run("read", lambda: read_path(path))
        if md_parse is not None:
            timer.run("read: markdown-it parse", lambda: md_parse(text))
        timer.run("pipeline", lambda: consume(nlp.pipe(blocks, batch_size=64)))
        # each component on the docs the previous ones made (kept in memory, so these
        # add up to a little more than the streamed pipeline above)
        docs = timer.run("pipeline: tokenizer", lambda: [nlp.make_doc(t) for t in blocks])
        for name, proc in nlp.pipeline:
            timer.run(f"pipeline: {name}", lambda p=proc, ds=docs: [p(d) for d in ds])
        del docs
        timer.run("lint only (pipeline + rules)", lambda: engine.check(document))
        if rules_error is None:
            timer.run("full lint (api.lint)", lambda: lint([str(path)], config))

    if args.profile is not None:
        profiler = cProfile.Profile()
        profiler.runcall(lambda: engine.check(read_path(path)))
        profiler.dump_stats(str(args.profile))

    return {
        "input": {
            "path": str(args.input) if args.input else f"corpus x{args.words:,} words",
            "format": document.format,
            "words": words,
            "blocks": len(blocks),
            "tokens": sum(len(d) for d in baseline_nlp.pipe(blocks, batch_size=64)),
            "rules": len(ruleset),
            "rules_error": rules_error,
            "findings": findings,
            "full_lint_findings": full_findings,
        },
        "repeat": args.repeat,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "seconds": {k: round(v, 4) for k, v in timer.best.items()},
        "cpu_seconds": {k: round(v, 4) for k, v in timer.cpu.items()},
        "words_per_second": {k: round(words / v) for k, v in timer.best.items() if v > 0},
        "ratios": ratios(timer.best),
        "cpu_ratios": ratios(timer.cpu),
        "memory": {"ready_mb": round(rss_ready, 1), "peak_mb": round(rss_mb(), 1)},
    }


FLOOR_SCRIPT = """
import json, sys
import spacy
blocks = json.load(open(sys.argv[1], encoding="utf-8"))
nlp = spacy.blank("en")
nlp.add_pipe("sentencizer")
n = 0
for doc in nlp.pipe(blocks, batch_size=64):
    for _ in doc.sents:
        n += 1
print(n)
"""


LAUNCHER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
print(json.dumps({"code": done.returncode, "wall": wall, "tail": tail,
                  "cpu": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024}))
"""


def timed_process(
    argv: list[str], pythonpath: str | None = None, cwd: Path | None = None
) -> dict[str, float]:
    """Wall time, CPU time (user + system) and peak RSS of one child process.

    A small launcher process starts the command, so that the peak memory measured is the
    command's own (a child forked straight from this large benchmark process would count
    the pages it shares with it before exec)."""
    out = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *argv],
        capture_output=True,
        text=True,
        check=True,
        env={**user_environment(), **({"PYTHONPATH": pythonpath} if pythonpath else {})},
        # not in a checkout: "python -m" puts the working folder first on sys.path
        cwd=cwd,
    )
    result = json.loads(out.stdout)
    if result["code"] not in (0, 1):  # policylint exits 1 when it finds something
        raise SystemExit(f"{argv[0]} ... failed ({result['code']}): {' '.join(result['tail'])}")
    return {key: result[key] for key in ("wall", "cpu", "peak_mib")}


def whole_processes(args: argparse.Namespace, path: Path, tmp: Path) -> dict[str, Any]:
    """Fresh processes, interleaved rounds, medians: what a user waits for."""
    from policylint.documents import read_path

    blocks_file = tmp / "blocks.json"
    blocks_file.write_text(json.dumps([b.text for b in read_path(path).blocks]), "utf-8")
    commands = {
        "floor (spaCy blank + sentencizer)": [
            sys.executable,
            "-c",
            FLOOR_SCRIPT,
            str(blocks_file),
        ],
        "policylint check": [
            sys.executable,
            "-m",
            "policylint",
            "check",
            "--no-cache",
            "--no-report",
            "--format",
            "json",
            str(path),
        ],
    }
    paths: dict[str, str] = {}
    for checkout in args.checkout:
        name = f"policylint check ({Path(checkout).name})"
        commands[name] = commands["policylint check"]
        paths[name] = str(Path(checkout).resolve())
    proselint = args.proselint or shutil.which("proselint")
    if proselint:
        commands["proselint check"] = [proselint, "check", str(path)]
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in commands}
    for name, argv in commands.items():  # warm-up: file-system caches, .pyc files
        timed_process(argv, paths.get(name), tmp)
    for _ in range(args.repeat):
        for name, argv in commands.items():
            runs[name].append(timed_process(argv, paths.get(name), tmp))
    figures = {
        name: {key: round(statistics.median(r[key] for r in rs), 3) for key in rs[0]}
        for name, rs in runs.items()
    }
    ours = figures["policylint check"]
    out: dict[str, Any] = {"commands": figures, "ratios": {}}
    for name in figures:
        if name != "policylint check":
            label = (
                name.removeprefix("policylint check ")
                if name.startswith("policylint check (")
                else name.split(" ")[0]
            )
            out["ratios"][f"{label} / policylint"] = {
                key: round(figures[name][key] / ours[key], 2) for key in ("wall", "cpu")
            }
    return out


def ratios(t: dict[str, float]) -> dict[str, float]:
    """Baseline time over our time: our throughput as a fraction of the baseline's."""
    out = {
        "read + pipeline": t["baseline"] / (t["read"] + t["pipeline"]),
        "pipeline only": t["baseline"] / t["pipeline"],
        "read + lint": t["baseline"] / (t["read"] + t["lint only (pipeline + rules)"]),
    }
    if "full lint (api.lint)" in t:
        out["full lint"] = t["baseline"] / t["full lint (api.lint)"]
    return {k: round(v, 3) for k, v in out.items()}


def _markdown_parser(fmt: str) -> Callable[[str], Any] | None:
    """markdown-it parsing alone, as the Markdown reader configures and runs it."""
    if fmt != "md":
        return None
    from policylint.documents import markdown

    make = getattr(markdown, "parser", None) or getattr(markdown, "_parser", None)
    if make is None:
        return None
    md = make()
    paused = getattr(markdown, "_gc_paused", None)
    if paused is None:
        return md.parse  # type: ignore[no-any-return]

    def parse(text: str) -> Any:
        with paused():
            return md.parse(text)

    return parse


def report(f: dict[str, Any], *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(f, indent=2))
        return
    i, t, cpu = f["input"], f["seconds"], f["cpu_seconds"]
    words = i["words"]
    print(
        f"input: {i['path']} ({i['format']}): {words:,} words, {i['tokens']:,} tokens "
        f"in {i['blocks']:,} blocks; {i['rules']} rules, {i['findings']} findings"
    )
    if i["rules_error"]:
        print(f"  rules did not load ({i['rules_error']}): measured without rules")
    load = ", ".join(f"{x:.2f}" for x in f["load_average"])
    print(f"best of {f['repeat']} interleaved rounds; load average {load}")
    print(f"\n{'stage':<44} {'wall s':>7} {'cpu s':>7} {'words/s (wall)':>15}")

    def row(label: str, wall: float, cpu_s: float, indent: int = 0) -> None:
        rate = f"{round(words / wall):,}" if wall > 0 else "-"
        print(f"{' ' * indent}{label:<{44 - indent}} {wall:7.3f} {cpu_s:7.3f} {rate:>15}")

    def line(name: str, label: str, indent: int = 0) -> None:
        if name in t:
            row(label, t[name], cpu[name], indent)

    line("baseline", "baseline (blank tokenizer + sentencizer)")
    line("baseline tokenizer", "tokenizer alone", 2)
    print()
    row("read + pipeline", t["read"] + t["pipeline"], cpu["read"] + cpu["pipeline"])
    line("read", "read", 2)
    if "read: markdown-it parse" in t:
        line("read: markdown-it parse", "markdown-it parse", 4)
        row(
            "blocks, source map (remainder)",
            max(0.0, t["read"] - t["read: markdown-it parse"]),
            max(0.0, cpu["read"] - cpu["read: markdown-it parse"]),
            4,
        )
    line("pipeline", "pipeline (nlp.pipe)", 2)
    for name in t:
        if name.startswith("pipeline: "):
            line(name, name.removeprefix("pipeline: "), 4)
    print()
    lint_only = "lint only (pipeline + rules)"
    line(lint_only, lint_only)
    row(
        "matching, findings (lint - pipeline)",
        max(0.0, t[lint_only] - t["pipeline"]),
        max(0.0, cpu[lint_only] - cpu["pipeline"]),
        2,
    )
    line("full lint (api.lint)", "full lint (api.lint: read + lint)")
    print(f"\n{'throughput / baseline throughput':<44} {'wall':>7} {'cpu':>7}")
    for name, ratio in f["ratios"].items():
        cpu_ratio = f["cpu_ratios"][name]
        mark = "ok" if min(ratio, cpu_ratio) >= TARGET else f"below target {TARGET}"
        print(f"  {name:<42} {ratio:7.2f} {cpu_ratio:7.2f}  {mark}")
    m = f["memory"]
    print(
        f"\npeak memory (RSS): {m['peak_mb']:.0f} MB (after imports {m['start_mb']:.0f} MB, "
        f"ready {m['ready_mb']:.0f} MB; budget 500 MB)"
    )
    if "processes" in f:
        p = f["processes"]
        print(f"\nwhole processes (median of {f['repeat']} interleaved rounds)")
        print(f"{'command':<44} {'wall s':>7} {'cpu s':>7} {'peak MiB':>9}")
        for name, c in p["commands"].items():
            print(f"  {name:<42} {c['wall']:7.2f} {c['cpu']:7.2f} {c['peak_mib']:9.0f}")
        targets = {"floor": 1.0, "proselint": 2.0}
        for name, r in p["ratios"].items():
            goal = targets.get(name.split(" ")[0], 1.0)
            mark = "ok" if min(r["wall"], r["cpu"]) >= goal else f"below target {goal}"
            print(f"  {name:<42} {r['wall']:7.2f} {r['cpu']:7.2f}  {mark}")
        peak = p["commands"]["policylint check"]["peak_mib"]
        print(f"  policylint peak memory {peak:.0f} MiB (budget 150 MiB)")


if __name__ == "__main__":
    sys.exit(main())
