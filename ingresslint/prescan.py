"""Document boundaries and kinds read straight from the text, before any YAML is composed.

A line that starts with ``---`` followed by a blank (or the end of the line) starts a new
document wherever it stands, even inside a block scalar: YAML forbids a document marker at
column 0 inside any other content, and libyaml then reports an error. So, for a stream
libyaml accepts (``parses``), the segments between those lines are its documents, and a
segment composed on its own gives the same nodes, lines shifted by the segment's first line.

Within a segment, the keys of a top-level block mapping are the lines that start at column
0 with ``key:``. That holds unless a quoted scalar or a flow collection spans lines (its
inner lines may start at column 0), so a segment is ``known`` only when every line that
holds a quote or a bracket closes what it opens on that line (``_safe_line_pattern``), no anchor or
alias appears (the composer, not the parser, rejects an undefined alias or a duplicate
anchor), every column-0 line is a plain ``key:``, a ``- `` item or a comment, no key is
repeated, and ``kind`` is a plain one-line value. Whenever the scan is not certain the
segment is not ``known`` and the loader composes it; a stream with directives (``%``),
document end markers (``...``), a byte-order mark inside or line breaks other than LF and
CRLF is not split at all.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple


class Segment(NamedTuple):
    """One ``---``-separated part of a stream: at most one YAML document."""

    first_line: int  # 1-based line of the segment's first line in the stream
    start: int  # offsets of the segment in the text: text[start:end]
    end: int
    kind: str | None  # the top-level kind when ``known`` (None: there is no kind key)
    known: bool = False  # the scan is certain of the top-level keys of a block mapping
    api_version: bool = False  # (known) a top-level apiVersion with a scalar value


# What makes a stream unsplittable: directives, document end markers (at column 0)
_DIRECTIVE_OR_END = re.compile(r"^(?:%|\.\.\.(?:[ \t\r\n]|$))", re.MULTILINE)
_ODD_BREAKS = ("\x85", "\u2028", "\u2029", "\ufeff")  # breaks libyaml counts as lines; a BOM inside
# A line that starts at column 0 with something other than a blank or a comment (after its \n).
_TOP_LINE = re.compile(r"\n[^ \t\r\n#][^\n]*")
_MARKER_REST = re.compile(r"[ \t]*(?:#[^\n]*)?\r?")  # what may follow --- on its line
_KEY_LINE = re.compile(r"\n([\w][\w.\-/]*):(?:[ \t]+([^\n]*?))?[ \t]*\r?")
_KIND_VALUE = re.compile(r"([A-Za-z0-9][\w.\-]*)(?:[ \t]+#[^\n]*)?")
CONTENT = re.compile(r"^[ \t]*[^ \t\r\n#]", re.MULTILINE)
# after a plain one-line value: an indented line below it would continue the scalar
_CONTINUED = re.compile(r"\n(?:[ \t]*\r?\n)*[ \t]")
# a quote or a bracket; and the plain forms of lines with them, closed on the line
_OPENER = re.compile(r"[\"'\[{]")
_SIMPLE_LINE = re.compile(
    r"[ \t]*(?:- )*[\w.\-/]+:[ \t]+(?:\"[^\"\\\n]*\"|'[^'\n]*'|\{[\w.\-/ ,:]*\}|\[[\w.\-/ ,:]*\])[ \t]*\r?"
)
_NODE_START = " \t\n[{,:-?"  # an anchor (&) or an alias (*) after one of these (a false alarm costs a compose)


@cache  # compiled on the first line that is not simple (about 30 ms; most files have none)
def _safe_line_pattern() -> re.Pattern[str]:
    """A line that closes, on that line, every quoted scalar and flow collection it opens
    (read as if it started outside any: inductively true when every earlier line of the
    document is safe; a line of a block scalar read this way errs only on the safe side)."""
    dq = r'"(?:[^"\\\n]|\\[^\n])*+"'
    sq = r"'(?:[^'\n]|'')*+'"
    plain_block = r"(?:[^\s\-?:,\[\]{}#&*!|>'\"%@`]|[\-?:](?=\S))(?:[^\s:#]|:(?=\S)|(?<=\S)#|[ \t]+(?=[^\s#:]))*+"
    plain_flow = (
        r"(?:[^\s\-?:,\[\]{}#&*!|>'\"%@`]|[\-?:](?=[^\s,\[\]{}]))"
        r"(?:[^\s:#,\[\]{}]|:(?=[^\s,\[\]{}])|(?<=\S)#|[ \t]+(?=[^\s#:,\[\]{}]))*+"
    )
    scalar = rf"(?:{dq}|{sq}|{plain_flow})"

    def flow(value: str) -> str:
        entry = rf"(?:{scalar}|{value})?(?:[ \t]*:[ \t]*(?:{scalar}|{value})?)?"
        entries = rf"[ \t]*(?:{entry}(?:[ \t]*,[ \t]*{entry})*[ \t]*,?)?[ \t]*"
        return rf"(?:\[{entries}\]|\{{{entries}\}})"

    flow1 = flow(r"(?!)")  # scalars only
    flow2 = flow(flow1)  # one level of nesting: [{a: b}], {limits: {cpu: 1}}
    closed = rf"(?:{dq}|{sq}|{flow2})[^\"'\[{{#\n]*(?:#[^\n]*)?"
    plain = rf"(?:{plain_block}|[|>][-+0-9]*)?(?:[ \t]+#[^\n]*|[ \t]*)\r?"
    key = rf"(?:(?:{plain_block}|{dq}|{sq})[ \t]*:(?:[ \t]+|(?=\r?$)))"
    body = rf"(?:-(?:[ \t]+|(?=\r?$)))*{key}?(?:{closed}|{plain})"
    return re.compile(rf"[ \t]*(?:#[^\n]*|{body})")


def line_scannable(text: str) -> bool:
    """No directive, ``...``, BOM inside, lone CR or Unicode line break: a line scan finds the
    documents of ``text`` where libyaml does (split_documents, and parallel's pieces)."""
    if any(odd in text for odd in _ODD_BREAKS) or text.count("\r") != text.count("\r\n"):
        return False
    return not (("%" in text or "..." in text) and _DIRECTIVE_OR_END.search(text))


def split_documents(text: str) -> list[Segment] | None:
    """The ``---``-separated segments of ``text`` with what a line scan knows of each
    top-level mapping; None when the stream cannot be split by a line scan (directives,
    ``...``, a BOM inside, lone CR or Unicode line breaks). The boundaries are libyaml's
    for any stream it accepts: check with ``parses`` before trusting them."""
    if not line_scannable(text):
        return None
    text = "\n" + text  # every line after a \n; offsets below are one more than in text
    segments: list[Segment] = []
    start, first_line, line, body = 1, 1, 1, 1
    keys: set[str] = set()
    kind: str | None = None
    known, api_version = True, False
    for match in _TOP_LINE.finditer(text):
        at, end = match.span()
        if text.startswith("---", at + 1) and (end - at == 4 or text[at + 4] in " \t\r"):
            if at > 0:
                line += text.count("\n", start, at + 1)
                segments.append(_segment(first_line, start - 1, at, kind, known and bool(keys), api_version))
                start, first_line, keys, kind, api_version = at + 1, line, set(), None, False
            body = end + 1
            known = end - at == 4 or _MARKER_REST.fullmatch(text, at + 4, end) is not None
            continue
        if not known:
            continue
        if text[at + 1] == "-" and (end - at == 2 or text[at + 2] in " \t\r"):
            known = bool(keys)  # a - item at column 0 is a value of the key above, or the root is a list
            continue
        key = _KEY_LINE.fullmatch(text, at, end)
        if key is None or key.group(1) in keys:
            known = False
            continue
        name = key.group(1)
        if not keys and at + 1 != body and CONTENT.search(text, body, at + 1):
            known = False  # content above it: not a column-0 mapping
        elif name == "kind":
            value = _KIND_VALUE.fullmatch(key.group(2) or "")
            known = value is not None and _CONTINUED.match(text, end) is None
            kind = value.group(1) if value is not None else None
        elif name == "apiVersion":
            value = key.group(2) or ""
            known = api_version = value != "" and value[0] not in "#[{&*!"
        keys.add(name)
    segments.append(_segment(first_line, start - 1, len(text) - 1, kind, known and bool(keys), api_version))
    return _mark_unsafe(segments, _unsafe_offsets(text))


def _segment(first_line: int, start: int, end: int, kind: str | None, known: bool, api_version: bool) -> Segment:
    """Not ``known`` when the scan is not certain or found no column-0 key (an empty
    document, a scalar, a list or an indented mapping)."""
    if not known:
        return Segment(first_line, start, end, None)
    return Segment(first_line, start, end, kind, True, api_version)


def _first_content(text: str, start: int) -> int:
    """Offset of the first line with content (not blank, not a comment) after the
    segment's ``---`` line (or from ``start`` for the first segment)."""
    if text.startswith("---", start):
        newline = text.find("\n", start)
        start = len(text) if newline < 0 else newline + 1
    found = CONTENT.search(text, start)
    return -1 if found is None else found.start()


def _unsafe_offsets(text: str) -> list[int]:
    """Offsets (in ``text`` without its leading \\n) of lines that may open a quoted scalar or
    a flow collection they do not close, and of anchors and aliases, sorted."""
    unsafe = [offset - 1 for sign in "&*" for offset in _offsets(text, sign) if text[offset - 1] in _NODE_START]
    end = 0
    for match in _OPENER.finditer(text):
        offset = match.start()
        if offset < end:
            continue  # a line already checked
        start = text.rfind("\n", 0, offset)
        end = text.find("\n", offset)
        if end < 0:
            end = len(text)
        if (
            _SIMPLE_LINE.fullmatch(text, start + 1, end) is None
            and _safe_line_pattern().fullmatch(text, start + 1, end) is None
        ):
            unsafe.append(start)
    unsafe.sort()
    return unsafe


def _offsets(text: str, sign: str) -> Iterator[int]:
    offset = text.find(sign)
    while offset >= 0:
        yield offset
        offset = text.find(sign, offset + 1)


def _mark_unsafe(segments: list[Segment], unsafe: list[int]) -> list[Segment]:
    starts = [segment.start for segment in segments]
    for offset in unsafe:
        number = bisect_right(starts, offset) - 1
        segment = segments[number]
        if segment.known:
            segments[number] = Segment(segment.first_line, segment.start, segment.end, None)
    return segments


def parses(text: str, loader: type) -> bool:
    """Whether libyaml's parser accepts the whole stream (no node is built)."""
    import yaml

    try:
        loader(text).raw_parse()
    except yaml.YAMLError:
        return False
    return True
