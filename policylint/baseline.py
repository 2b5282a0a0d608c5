"""Baselines: accept today's findings, report only new ones.

``policylint check --write-baseline policylint-baseline.json docs/`` records every
current finding; ``policylint check --baseline policylint-baseline.json docs/`` then
reports only findings that are not in it.

A finding is identified by its file (relative to the baseline file's folder, so the
baseline works from any working directory) and its fingerprint: rule id + the
normalised sentence + the occurrence index (:func:`policylint.findings.fingerprint`).
Re-wrapping lines, re-flowing a paragraph or moving a section keeps a finding's
identity; editing the words of the flagged sentence makes it new.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .safety import NotRegularFile, TooLarge, display_path, not_regular_message, read_text_file

if TYPE_CHECKING:
    from .api import Report

FORMAT_VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be used; the message names it."""


@dataclass
class Baseline:
    path: Path
    #: (relative file path, fingerprint) -> how many such findings were accepted
    entries: Counter[tuple[str, str]] = field(default_factory=Counter)

    def key_path(self, path: str) -> str:
        return _relative(path, self.path.resolve().parent)

    def apply(self, report: Report) -> int:
        """Drop the findings the baseline accepts from ``report``; returns how many."""
        remaining = Counter(self.entries)
        dropped = 0
        for result in report.files:
            rel = self.key_path(result.path)
            kept = []
            for finding in result.findings:
                key = (rel, finding.fingerprint)
                if remaining[key] > 0:
                    remaining[key] -= 1
                    dropped += 1
                else:
                    kept.append(finding)
            result.findings = kept
        report.baselined = dropped
        return dropped


def _relative(path: str, root: Path) -> str:
    if path in ("-", "<stdin>"):
        return path
    try:
        return display_path(Path(os.path.relpath(os.path.abspath(path), root)).as_posix())
    except ValueError:  # another drive on Windows
        return display_path(Path(os.path.abspath(path)).as_posix())


#: largest baseline file read
MAX_BYTES = 64 << 20


def load(path: str | Path) -> Baseline:
    path = Path(path)
    shown = display_path(path)
    try:
        data = json.loads(read_text_file(path, MAX_BYTES))
    except FileNotFoundError:
        raise BaselineError(
            f"{shown}: error: baseline not found (create it with --write-baseline {shown})"
        ) from None
    except TooLarge:
        raise BaselineError(
            f"{shown}: error: the baseline is over {MAX_BYTES >> 20} MB; rewrite it with "
            "--write-baseline"
        ) from None
    except NotRegularFile as exc:
        raise BaselineError(f"{shown}: error: {not_regular_message(exc.kind)}") from None
    except OSError as exc:
        raise BaselineError(
            f"{shown}: error: cannot read the baseline: {exc.strerror or exc}"
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(
            f"{shown}: error: not a policylint baseline (invalid JSON: {exc})"
        ) from None
    except RecursionError:
        raise BaselineError(
            f"{shown}: error: not a policylint baseline (JSON nested too deeply)"
        ) from None
    path_str = shown
    if not isinstance(data, dict) or data.get("policylint_baseline") != FORMAT_VERSION:
        raise BaselineError(
            f"{path_str}: error: not a policylint baseline (expected "
            f'"policylint_baseline": {FORMAT_VERSION}); rewrite it with --write-baseline'
        )
    baseline = Baseline(path)
    items = data.get("findings")
    if not isinstance(items, list):
        raise BaselineError(f"{path_str}: error: baseline has no 'findings' list")
    for item in items:
        if not (
            isinstance(item, dict)
            and isinstance(item.get("path"), str)
            and isinstance(item.get("fingerprint"), str)
        ):
            raise BaselineError(f"{path_str}: error: baseline entry without path and fingerprint")
        baseline.entries[(item["path"], item["fingerprint"])] += 1
    return baseline


def dump(report: Report, path: str | Path) -> str:
    """The baseline JSON for every current finding (suppressed ones too: they are
    already accepted in the document itself and need no entry, so they are left out)."""
    root = Path(path).resolve().parent
    entries: list[dict[str, Any]] = []
    for result in report.files:
        rel = _relative(result.path, root)
        for f in result.findings:
            if f.suppressed:
                continue
            entries.append(
                {
                    "path": rel,
                    "rule": f.rule,
                    "fingerprint": f.fingerprint,
                    # for people reading the baseline in review; not used for matching
                    "excerpt": f.excerpt,
                }
            )
    entries.sort(key=lambda e: (e["path"], e["rule"], e["fingerprint"]))
    data = {
        "policylint_baseline": FORMAT_VERSION,
        "policylint_version": __version__,
        "findings": entries,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
