"""First run versus cached run of `policylint check` over 20 policy files.

    python benchmarks/cache.py [--files 20] [--repeat 3]

Builds 20 distinct files from the bundled samples (Markdown and Word) in a temporary
folder, then times, as a user would see it (a fresh process each time):

- first run: empty cache (reads, parses with spaCy, applies the rules, writes the cache);
- cached run: the same files unchanged (served from the cache, spaCy not imported);
- one file edited: the other 19 from the cache.

Prints seconds (the minimum over --repeat runs) and the ratios against the first run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_handbooks"


def user_environment() -> dict[str, str]:
    """This environment, as a user's shell would have it: Python may write its
    bytecode caches (a CI or sandbox setting PYTHONDONTWRITEBYTECODE would otherwise
    make every run compile policylint's modules again)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def make_inputs(folder: Path, n: int) -> list[Path]:
    sources = [
        SAMPLES / "riverbend-clinic-handbook.docx",
        SAMPLES / "sustainable-practice-handbook.md",
        SAMPLES / "client-practice-policies.md",
    ]
    made = []
    for i in range(n):
        src = sources[i % len(sources)]
        dst = folder / f"{src.stem}-{i:02d}{src.suffix}"
        if src.suffix == ".md":
            dst.write_text(src.read_text(encoding="utf-8") + f"\n\nRevision {i}.\n", "utf-8")
        else:
            import docx

            doc = docx.Document(str(src))
            doc.add_paragraph(f"Revision {i}.")
            doc.save(str(dst))
        made.append(dst)
    return made


def run(folder: Path, cache: Path) -> float:
    cmd = [sys.executable, "-m", "policylint", "check", str(folder), "--no-report"]
    cmd += ["--no-config", "--format", "json", "--cache-dir", str(cache)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=user_environment())
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"policylint failed ({proc.returncode}): {proc.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    first: list[float] = []
    cached: list[float] = []
    edited: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "policies"
        folder.mkdir()
        files = make_inputs(folder, args.files)
        for r in range(args.repeat):
            cache = Path(tmp) / f"cache-{r}"
            first.append(run(folder, cache))
            cached.append(run(folder, cache))
            md = next(f for f in files if f.suffix == ".md")
            md.write_text(md.read_text(encoding="utf-8") + f"\nEdit {r}.\n", encoding="utf-8")
            edited.append(run(folder, cache))
            shutil.rmtree(cache)
    f, c, e = min(first), min(cached), min(edited)
    print(f"{args.files} files, minimum of {args.repeat} runs, each a fresh process")
    print(f"first run (empty cache):      {f:6.2f} s  ratio 1.00")
    print(f"cached run (nothing changed): {c:6.2f} s  ratio {c / f:.2f}")
    print(f"one file edited:              {e:6.2f} s  ratio {e / f:.2f}")


if __name__ == "__main__":
    main()
