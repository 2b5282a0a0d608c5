"""Throughput of a full lint against spaCy's own floor, measured in one process.

    python benchmarks/throughput.py [--words 200000] [--corpus ../shared/corpus]

Builds a large Markdown input from the corpus texts (concatenated and repeated to at
least ``--words`` words), then times, in this process:

1. baseline: ``spacy.blank("en")`` + ``sentencizer`` over the same block texts
   (``nlp.pipe``), which is the floor for any spaCy-based linter;
2. policylint: reading the Markdown, the pipeline with our components, and all
   bundled rules (``policylint.api.lint``), warmed up once so that start-up costs
   (imports, compiling rules) are not counted.

Prints words per second for both, the ratio policylint / baseline (target >= 0.5,
DESIGN.md section 7), a breakdown (read / language pipeline / matching), and peak
memory. Timings are best of ``--repeat`` runs. No network, no test assertions.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"


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


def best(repeat: int, fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import spacy

    from policylint.api import lint
    from policylint.config import Config
    from policylint.documents import read_path

    text = build_input(args.corpus, args.words)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big-handbook.md"
        path.write_text(text, encoding="utf-8")
        document = read_path(path)
        blocks = [b.text for b in document.blocks]
        words = document.words

        baseline_nlp = spacy.blank("en")
        baseline_nlp.add_pipe("sentencizer")

        def baseline() -> None:
            for doc in baseline_nlp.pipe(blocks, batch_size=64):
                list(doc.sents)

        config = Config(max_file_size=1 << 30)
        report = lint([str(path)], config)  # warm-up: imports, rule compilation
        findings = len(report.findings())

        from policylint.api import get_engine, load_ruleset

        engine = get_engine(load_ruleset(config), config)
        nlp = engine.nlp

        def read() -> None:
            read_path(path)

        def pipeline() -> None:
            for doc in nlp.pipe(blocks, batch_size=64):
                list(doc.sents)

        def full() -> None:
            lint([str(path)], config)

        t_base = best(args.repeat, baseline)
        t_read = best(args.repeat, read)
        t_pipe = best(args.repeat, pipeline)
        t_full = best(args.repeat, full)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"input: {words:,} words in {len(blocks):,} blocks, {len(engine.ruleset)} rules")
    print(
        f"baseline (blank tokenizer + sentencizer): {t_base:.2f} s  {words / t_base:,.0f} words/s"
    )
    print(
        f"policylint lint (read + pipeline + rules): {t_full:.2f} s  {words / t_full:,.0f} words/s"
    )
    print(f"  read Markdown:                  {t_read:.2f} s")
    print(f"  pipeline with our components:   {t_pipe:.2f} s")
    print(f"  matching, findings (remainder): {max(0.0, t_full - t_read - t_pipe):.2f} s")
    print(f"findings: {findings}")
    print(f"ratio policylint / baseline throughput: {t_base / t_full:.2f} (target >= 0.5)")
    print(f"peak memory (RSS): {peak_mb:.0f} MB (budget 500 MB)")


if __name__ == "__main__":
    main()
