"""--jobs: a folder of handbook-sized files checked with one worker and with several.

    python benchmarks/parallel.py [--files 60] [--jobs 2] [--repeat 3] [--corpus DIR]

Builds ``--files`` distinct Markdown files of about 1,800 words each from the corpus
texts (each file a different slice, so no two are alike), then runs, as a user would
(a fresh process each time, no cache, no report):

    policylint check --no-cache --no-report --format json --jobs 1 FOLDER
    policylint check --no-cache --no-report --format json --jobs N FOLDER

interleaved, ``--repeat`` rounds, and prints the median wall times, the speed-up
(jobs 1 / jobs N; on 2 cores the target is >= 1.6) and whether the two outputs are
identical. No network, no assertions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
WORDS_PER_FILE = 1800


def user_environment() -> dict[str, str]:
    """This environment, as a user's shell would have it: Python may write its
    bytecode caches (a CI or sandbox setting PYTHONDONTWRITEBYTECODE would otherwise
    make every run compile policylint's modules again)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def make_inputs(corpus: Path, folder: Path, n: int) -> None:
    words: list[str] = []
    for p in sorted(corpus.rglob("*.md")):
        if "LICENSES" not in p.parts and p.name != "SOURCES.md":
            words.extend(p.read_text(encoding="utf-8").split(" "))
    if not words:
        sys.exit(f"no corpus texts under {corpus}")
    for i in range(n):
        start = (i * WORDS_PER_FILE * 7) % max(1, len(words) - WORDS_PER_FILE)
        body = " ".join(words[start : start + WORDS_PER_FILE])
        (folder / f"handbook-{i:03d}.md").write_text(
            f"# Handbook {i}\n\n{body}\n", encoding="utf-8"
        )


def run(folder: Path, jobs: int) -> tuple[float, bytes]:
    argv = [sys.executable, "-m", "policylint", "check", "--no-cache", "--no-report"]
    argv += ["--no-config", "--format", "json", "--jobs", str(jobs), str(folder)]
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, env=user_environment())
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        sys.exit(f"policylint --jobs {jobs} failed ({proc.returncode}): {' '.join(tail)}")
    return seconds, proc.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--files", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "handbooks"
        folder.mkdir()
        make_inputs(args.corpus, folder, args.files)
        run(folder, 1)  # warm-up: .pyc files, the compiled-rules store, file caches
        times: dict[int, list[float]] = {1: [], args.jobs: []}
        outputs: dict[int, set[bytes]] = {1: set(), args.jobs: set()}
        for _ in range(args.repeat):
            for jobs in (1, args.jobs):
                seconds, out = run(folder, jobs)
                times[jobs].append(seconds)
                outputs[jobs].add(out)
    one, many = statistics.median(times[1]), statistics.median(times[args.jobs])
    same = outputs[1] == outputs[args.jobs] and len(outputs[1]) == 1
    print(
        f"{args.files} files of about {WORDS_PER_FILE:,} words; {os.cpu_count()} CPUs; "
        f"median of {args.repeat} interleaved rounds; load average "
        + ", ".join(f"{x:.2f}" for x in os.getloadavg())
    )
    print(f"  --jobs 1: {one:6.2f} s")
    print(f"  --jobs {args.jobs}: {many:6.2f} s")
    print(f"  speed-up {one / many:.2f}x (target 1.6x on 2 cores); identical output: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
