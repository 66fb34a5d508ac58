"""Secret values kept out of code frames (issue 10 item 6).

A text report prints the lines around each finding; when those lines belong to a Secret in
the linted files, its ``data`` and ``stringData`` values (``tls.key``...) and the
``kubectl.kubernetes.io/last-applied-configuration`` annotation (a copy of them) would reach
the CI log. Here those values are replaced by a mask; the keys stay readable. A value that
runs over several lines (a block scalar) is masked up to the next key of the file or the
next document separator.
"""

from __future__ import annotations

from ingresslint.engine import Report
from ingresslint.model import Document, Path

MASK = "*****"
LAST_APPLIED = ("metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration")


def masked_lines(report: Report, name: str) -> list[str]:
    """The lines of input ``name`` with every Secret value masked."""
    lines = report.lines(name)
    documents = [doc for doc in report.documents if doc.source == name]
    starts = sorted({position[0] for doc in documents for position in doc.positions.values()})
    for doc in documents:
        if doc.kind == "Secret":
            for line, column in _value_keys(doc):
                _mask(lines, line, column, next((start for start in starts if start > line), len(lines) + 1))
    return lines


def _value_keys(doc: Document) -> list[tuple[int, int]]:
    """(line, column) of the key of every secret value of ``doc``."""
    found = []
    for path, position in doc.positions.items():
        relative = path[len(doc.root) :] if path[: len(doc.root)] == doc.root else None
        if relative is not None and _is_secret_value(relative):
            found.append(position)
    return found


def _is_secret_value(path: Path) -> bool:
    return (len(path) == 2 and path[0] in ("data", "stringData")) or path == LAST_APPLIED


def _mask(lines: list[str], line: int, column: int, next_key_line: int) -> None:
    if not 1 <= line <= len(lines):
        return
    text = lines[line - 1]
    colon = text.find(":", column - 1)
    if colon >= 0 and text[colon + 1 :].strip():
        lines[line - 1] = text[: colon + 1] + " " + MASK
    for number in range(line + 1, min(next_key_line, len(lines) + 1)):
        continuation = lines[number - 1]
        if continuation.strip() in ("---", "...") or continuation.startswith(("---", "...")):
            return
        if continuation.strip():
            lines[number - 1] = continuation[: len(continuation) - len(continuation.lstrip())] + MASK
