"""Secret values kept out of code frames (issue 10 item 6).

A text report prints the lines around each finding; when those lines belong to a Secret in
the linted files, its ``data`` and ``stringData`` values (``tls.key``...) and the
``kubectl.kubernetes.io/last-applied-configuration`` annotation (a copy of them) would reach
the CI log. Here those values are replaced by a mask; the keys stay readable. A value that
runs over several lines (a block scalar) is masked up to the next key of the file or the
next document separator. A document that did not parse (a YAML error in a Secret file) has no
positions, so its lines are masked from the text: after a top-level ``data:``/``stringData:``
key or the last-applied annotation, every value down to the next top-level key.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Sequence

from ingresslint.engine import Report
from ingresslint.model import Document, Path

MASK = "*****"
LAST_APPLIED = ("metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration")


def masked_lines(report: Report, name: str, documents: Sequence[Document] | None = None) -> list[str]:
    """The lines of input ``name`` with every Secret value masked (``documents``: the report's
    objects of that input, when the caller has them grouped: see ``by_source``)."""
    lines = report.lines(name)
    if documents is None:
        documents = [doc for doc in report.documents if doc.source == name]
    starts = sorted({position[0] for doc in documents for position in doc.positions.values()})
    for doc in documents:
        if doc.kind == "Secret":
            for line, column in _value_keys(doc):
                _mask(lines, line, column, next((start for start in starts if start > line), len(lines) + 1))
    _mask_unparsed_secrets(lines, set(starts))
    return lines


def by_source(report: Report) -> dict[str, list[Document]]:
    """The report's objects grouped by input, in order (once per report, not once per file)."""
    grouped: dict[str, list[Document]] = {}
    for doc in report.documents:
        grouped.setdefault(doc.source, []).append(doc)
    return grouped


SECRET_KIND = re.compile(r"""kind:\s*["']?Secret["']?\s*(?:#.*)?$""")
VALUE_BLOCK = re.compile(r"(?:data|stringData):")
SEPARATOR = re.compile(r"(?:---|\.\.\.)(?:\s|$)")


def _mask_unparsed_secrets(lines: list[str], parsed: Collection[int] = ()) -> None:
    """Mask the values of every document that says ``kind: Secret`` and has no line in ``parsed``
    (the 1-based lines of the parsed documents' fields)."""
    starts = sorted(parsed)
    start = 0
    for end in [*(i for i, text in enumerate(lines) if SEPARATOR.match(text)), len(lines)]:
        first = bisect_right(starts, start)  # the first parsed line after the segment's start
        unparsed = first == len(starts) or starts[first] > end
        if unparsed and any(SECRET_KIND.match(text) for text in lines[start:end]):
            _mask_segment(lines, start, end)
        start = end + 1


def _mask_segment(lines: list[str], start: int, end: int) -> None:
    """Lines deeper than a ``data:``/``stringData:`` key or the last-applied annotation are masked:
    the first level keeps its keys, anything deeper (block scalar lines) is masked whole."""
    owner: int | None = None  # indentation of the key whose values are masked
    keys: int | None = None  # indentation of its first level
    for number in range(start, end):
        text = lines[number]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        indent = len(text) - len(text.lstrip())
        if owner is not None and indent > owner:
            keys = indent if keys is None else keys
            _mask_after_colon(lines, number) if indent == keys and ":" in text else _mask_whole(lines, number)
            continue
        owner = keys = None
        if indent == 0 and VALUE_BLOCK.match(text):
            owner = indent
        elif text.lstrip().startswith(LAST_APPLIED[-1] + ":"):
            owner, keys = indent, -1  # a JSON copy of the object: no key of it is shown
        if owner is not None:
            _mask_after_colon(lines, number)


def _mask_after_colon(lines: list[str], number: int) -> None:
    text = lines[number]
    colon = text.find(": ") if ": " in text else text.find(":")
    if colon >= 0 and text[colon + 1 :].strip():
        lines[number] = text[: colon + 1] + " " + MASK


def _mask_whole(lines: list[str], number: int) -> None:
    text = lines[number]
    lines[number] = text[: len(text) - len(text.lstrip())] + MASK


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
