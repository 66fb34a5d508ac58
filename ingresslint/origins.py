"""Where the documents of rendered input come from: Helm's ``# Source:`` comments.

``helm template`` writes every rendered manifest as ``---``, then ``# Source: PATH`` (the
template, ``CHART/templates/x.yaml``), then the manifest (helm/helm@00ae949b3379
pkg/action/action.go, renderResources; the hooks of cmd/helm/template.go the same way). A
finding in such a document names that template as its file, with the line counted inside
the rendered document (its first line after the comment is line 1), so a report of
``helm template . | ingresslint lint -`` points at the template, not at ``-``.

This runs after suppressions and ``--refs-from`` filtering, which work on the input as read;
it only renames: findings, the documents and the text code frames are shown from.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping

from ingresslint.model import Document, Finding, Location, Path, Position
from ingresslint.records import Record, init, replace
from ingresslint.texts import SourceText

MARKER = b"# Source: "
_SOURCE = re.compile(rb"# Source: (\S+)[ \t]*\r?")  # a path, then nothing (prose is a comment)
_DOCUMENT_START = re.compile(rb"---(?:[ \t].*)?\r?")


class Origin(Record):
    """One rendered document: stream lines ``offset + 1`` to ``last`` came from ``name``."""

    __match_args__ = ("name", "offset", "last")
    __slots__ = __match_args__
    name: str
    offset: int  # the line of the ``# Source:`` comment; document line = stream line - offset
    last: int

    def __init__(self, name: str, offset: int, last: int) -> None:
        init(self, "name", name)
        init(self, "offset", offset)
        init(self, "last", last)


def helm_origins(content: bytes) -> list[Origin]:
    """The rendered documents of ``content`` that a ``# Source:`` comment names, in order.

    The comment must be the first line of its document (right after ``---``, or the first
    line of the input), as Helm writes it; the document ends before the next ``---``."""
    if MARKER not in content:
        return []
    lines = content.split(b"\n")
    origins: list[Origin] = []
    open_name: str | None = None
    offset = 0
    document_first = 1  # the line a document's first line is on
    for number, line in enumerate(lines, start=1):
        if _DOCUMENT_START.fullmatch(line):
            if open_name is not None:
                origins.append(Origin(open_name, offset, number - 1))
                open_name = None
            document_first = number + 1
            continue
        if number == document_first:
            match = _SOURCE.fullmatch(line)
            if match:
                open_name, offset = match.group(1).decode("utf-8", errors="replace"), number
    if open_name is not None:
        origins.append(Origin(open_name, offset, len(lines)))
    return origins


class Origins:
    """The origins of every input that has some, and what they rename."""

    def __init__(self, by_input: Mapping[str, list[Origin]]) -> None:
        self.by_input = {name: found for name, found in by_input.items() if found}
        self._starts = {name: [origin.offset for origin in found] for name, found in self.by_input.items()}

    def __bool__(self) -> bool:
        return bool(self.by_input)

    def locate(self, name: str, line: int) -> Origin | None:
        """The origin of line ``line`` of input ``name``, if a ``# Source:`` names it."""
        starts = self._starts.get(name)
        if not starts:
            return None
        index = bisect_right(starts, line - 1) - 1  # the last comment above the line
        if index < 0:
            return None
        origin = self.by_input[name][index]
        return origin if origin.offset < line <= origin.last else None

    def finding(self, finding: Finding) -> Finding:
        related = tuple(self._place(location) for location in finding.related)
        origin = self.locate(finding.file, finding.line)
        if origin is None:
            return replace(finding, related=related) if related != finding.related else finding
        return replace(finding, file=origin.name, line=finding.line - origin.offset, related=related)

    def _place(self, location: Location) -> Location:
        origin = self.locate(location.file, location.line)
        if origin is None:
            return location
        return replace(location, file=origin.name, line=location.line - origin.offset)

    def document(self, doc: Document, shifted: dict[tuple[object, ...], Mapping[Path, Position]]) -> Document:
        origin = self.locate(doc.source, doc.positions.get((), (0, 0))[0])
        if origin is None:
            return doc
        # the items of one List share their positions (a conversion maps each item's own)
        key = (doc.source, doc.index, () if type(doc.positions) is dict else doc.root)
        if key not in shifted:
            shifted[key] = {path: (line - origin.offset, column) for path, (line, column) in doc.positions.items()}
        return replace(doc, source=origin.name, positions=shifted[key])

    def texts(self, sources: Mapping[str, SourceText]) -> dict[str, SourceText]:
        """The rendered text of each origin, for code frames. A template rendered into more
        than one document (or named like an input) has no single text: it gets none."""
        texts: dict[str, bytes] = {}
        ambiguous: set[str] = set()
        for name, origins in self.by_input.items():
            lines = sources[name].bytes().split(b"\n")
            for origin in origins:
                if origin.name in texts or origin.name in sources:
                    ambiguous.add(origin.name)
                texts[origin.name] = b"\n".join(lines[origin.offset : origin.last])
        return {name: SourceText.of(name, text, keep=True) for name, text in texts.items() if name not in ambiguous}


def relocate(
    findings: list[Finding],
    documents: list[Document],
    sources: dict[str, SourceText],
    origins_by_input: Mapping[str, list[Origin]],
) -> tuple[list[Finding], list[Document], dict[str, SourceText]]:
    """Findings, documents and input texts with rendered documents named by their origin
    (``origins_by_input``: helm_origins of each input). An input all of whose findings and
    documents moved to their origins is dropped from the texts (JUnit makes a suite of each)."""
    origins = Origins(origins_by_input)
    if not origins:
        return findings, documents, sources
    shifted: dict[tuple[object, ...], Mapping[Path, Position]] = {}
    findings = [origins.finding(finding) for finding in findings]
    documents = [origins.document(doc, shifted) for doc in documents]
    still_named = {finding.file for finding in findings} | {doc.source for doc in documents}
    texts = {name: text for name, text in sources.items() if name not in origins.by_input or name in still_named}
    for name, text in origins.texts(sources).items():
        texts.setdefault(name, text)
    return findings, documents, texts
