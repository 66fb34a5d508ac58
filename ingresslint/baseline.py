"""Baselines: record today's findings, then report only new ones.

A finding is keyed on (rule, file, object, field), not on its line, so edits above it do
not invalidate the baseline. Keys are counted: two identical findings need two entries.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ingresslint.model import Finding

Key = tuple[str, str, str, str]
FORMAT = 1


class BaselineError(Exception):
    """A baseline file that cannot be read: a usage error, exit 2."""


def key(finding: Finding) -> Key:
    file = finding.file if finding.file == "-" else Path(os.path.normpath(finding.file)).as_posix()
    return (finding.rule, file, finding.object.describe() if finding.object else "", finding.field or "")


def write_baseline(path: Path, findings: Iterable[Finding]) -> int:
    entries = sorted(key(finding) for finding in findings)
    document = {
        "ingresslint-baseline": FORMAT,
        "findings": [dict(zip(("rule", "file", "object", "field"), entry, strict=True)) for entry in entries],
    }
    from ingresslint.output import write_file

    write_file(
        path, json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    )  # atomic: the old baseline survives a failure
    return len(entries)


def read_baseline(path: Path) -> Counter[Key]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("ingresslint-baseline") != FORMAT:
            raise ValueError(f"not an ingresslint baseline (format {FORMAT})")
        return Counter((e["rule"], e["file"], e["object"], e["field"]) for e in document["findings"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise BaselineError(f"{path}: cannot read the baseline: {error}") from error


def subtract(findings: Iterable[Finding], baseline: Counter[Key]) -> tuple[list[Finding], int]:
    """Findings not in ``baseline``, and how many were in it."""
    remaining = Counter(baseline)
    kept = []
    for finding in findings:
        if remaining[key(finding)] > 0:
            remaining[key(finding)] -= 1
        else:
            kept.append(finding)
    return kept, sum(baseline.values()) - sum(remaining.values())
