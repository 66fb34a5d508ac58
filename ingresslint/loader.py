"""Text to documents, read the way kubectl reads YAML.

kubectl decodes YAML with sigs.k8s.io/yaml, which parses YAML 1.1 with go-yaml v2 and turns
the result into JSON: ``on``/``off``/``yes``/``no``/``y``/``n`` are booleans, ``0777`` is an
octal integer, map keys become strings and a duplicate key is an error in strict mode.

Speed: nodes are composed by ruamel.yaml's C parser (``YAML(typ="safe")``, YAML 1.1) and
turned into plain data plus a position map in one pass. Documents whose kind no rule needs
are counted and dropped before conversion.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from ingresslint.model import Document, Finding, LoadResult, Path, Position, Severity, field_path
from ingresslint.sources import MAX_BYTES, Source

# Kinds some rule reads; every other Kubernetes object is counted and dropped.
KINDS_KEPT = frozenset({"Ingress", "IngressClass", "Service", "Secret"})

MAX_DEPTH = 100  # nesting deeper than this is not a Kubernetes manifest
MAX_FLOW_BRACKETS = 5000  # above this, check the flow nesting before using the C parser
MAX_C_FLOW_DEPTH = 5000  # the C composer recurses and crashes on much deeper nesting
MAX_VISITS = 200_000  # nodes visited when aliases expand (alias bombs)
TEMPLATE_MARKER = "{{"
HELM_HINT = (
    "it looks like an unrendered Helm/Go template ({{ ... }}); lint the rendered output "
    "instead: helm template RELEASE CHART | ingresslint lint -"
)

_YAML = "tag:yaml.org,2002:"


class LoadProblem(Exception):
    """A problem that stops the conversion of one document."""

    def __init__(self, message: str, position: Position, rule: str = "yaml-syntax") -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.rule = rule


def load_sources(sources: Iterator[Source], result: LoadResult | None = None) -> LoadResult:
    result = result if result is not None else LoadResult()
    for source in sources:
        load_source(source, result)
    return result


def load_source(source: Source, result: LoadResult) -> None:
    result.files += 1
    if source.too_large:
        _syntax(
            result,
            source.name,
            (1, 1),
            f"file is {source.size:,} bytes, larger than the {MAX_BYTES:,}-byte limit; split it",
        )
        return
    text = _decode(source, result)
    if text is None:
        return
    for index, node in _compose(source.name, text, result):
        _add_document(source.name, index, node, text, result)


def _syntax(result: LoadResult, name: str, position: Position, message: str, rule: str = "yaml-syntax") -> None:
    line, column = position
    result.findings.append(Finding(rule, Severity.ERROR, message, name, line, column))


def text_encoding(content: bytes) -> str:
    """UTF-32 or UTF-16 when a byte-order mark says so, else UTF-8 (with or without BOM)."""
    if content.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8-sig"


def decode_text(content: bytes) -> str:
    """Text of an input for display (code frames, suppression comments); bad bytes become U+FFFD."""
    return content.decode(text_encoding(content), errors="replace")


def _decode(source: Source, result: LoadResult) -> str | None:
    content = source.content
    encoding = text_encoding(content)
    if encoding == "utf-8-sig" and b"\x00" in content:
        offset = content.index(b"\x00")
        position = _byte_position(content, offset)
        _syntax(
            result, source.name, position, f"binary content (a NUL byte at offset {offset}): not a YAML or JSON file"
        )
        return None
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as error:
        position = _byte_position(content, error.start)
        byte = content[error.start : error.start + 1].hex()
        _syntax(
            result,
            source.name,
            position,
            f"not valid {encoding.removesuffix('-sig').upper()} (byte 0x{byte} at offset {error.start}); save the file as UTF-8",
        )
        return None


def _byte_position(content: bytes, offset: int) -> Position:
    line_start = content.rfind(b"\n", 0, offset) + 1
    return content.count(b"\n", 0, offset) + 1, offset - line_start + 1


@lru_cache(maxsize=2)
def _yaml(pure: bool) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=pure)
    yaml.version = (1, 1)
    return yaml


def _needs_pure_parser(text: str) -> bool:
    """True when flow nesting is deep enough to crash the C composer (it recurses in C)."""
    if text.count("[") + text.count("{") < MAX_FLOW_BRACKETS:
        return False
    depth = deepest = 0
    for match in re.finditer(r"[\[\]{}]", text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest > MAX_C_FLOW_DEPTH


def _compose(name: str, text: str, result: LoadResult) -> Iterator[tuple[int, Any]]:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = _yaml(pure=_needs_pure_parser(text))
    try:
        yield from enumerate(yaml.compose_all(text))
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        position = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(part for part in (error.context, error.problem) if part) or str(error)
        _syntax(result, name, position, _syntax_message(problem, text))
    except RecursionError:
        _syntax(
            result,
            name,
            (1, 1),
            f"nesting is too deep to be a Kubernetes manifest (more than {MAX_C_FLOW_DEPTH} levels)",
        )
    except (YAMLError, ValueError, TypeError) as error:
        _syntax(result, name, (1, 1), _syntax_message(str(error).splitlines()[0], text))


def _syntax_message(problem: str, text: str) -> str:
    message = f"invalid YAML: {problem}"
    if TEMPLATE_MARKER in text:
        return f"{message}; {HELM_HINT}"
    return f"{message}; nothing after this point in the file was checked"


def _add_document(name: str, index: int, node: Any, text: str, result: LoadResult) -> None:
    if node is None or _is_null(node):
        return
    api_version, kind = _peek_identity(node)
    if kind is None or (api_version is None and kind not in KINDS_KEPT):
        result.skipped += 1
        return
    if kind not in KINDS_KEPT and not _is_list(kind) and not _has_duplicate_root_keys(node):
        result.objects += 1
        return
    builder = _Builder()
    builder.positions[()] = _mark(node)
    try:
        data = builder.build(node, (), 0)
    except LoadProblem as problem:
        message = problem.message
        if problem.rule == "yaml-syntax" and TEMPLATE_MARKER in text:
            message = f"{message}; {HELM_HINT}"
        _syntax(result, name, problem.position, message, problem.rule)
        return
    for problem in builder.problems:
        _syntax(result, name, problem.position, problem.message, problem.rule)
    if _is_list(kind) and isinstance(data.get("items"), list):
        _add_items(name, index, data["items"], builder.positions, result)
    elif not _is_list(kind):
        result.objects += 1
        if kind in KINDS_KEPT:
            result.documents.append(as_v1(Document(name, index, data, builder.positions)))


LEGACY_VERSIONS = {
    "Ingress": ("extensions/v1beta1", "networking.k8s.io/v1beta1"),
    "IngressClass": ("networking.k8s.io/v1beta1",),
}


def as_v1(doc: Document) -> Document:
    """A removed-API-version object as its networking.k8s.io/v1 conversion (conversion.py,
    imported only when one is met), so the rules check it as the server would have."""
    if doc.api_version not in LEGACY_VERSIONS.get(doc.kind or "", ()):
        return doc
    from ingresslint.conversion import as_v1 as convert

    return convert(doc)


def _add_items(name: str, index: int, items: list[Any], positions: dict[Path, Position], result: LoadResult) -> None:
    for number, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("kind"), str):
            result.skipped += 1
            continue
        result.objects += 1
        if item["kind"] in KINDS_KEPT:
            result.documents.append(as_v1(Document(name, index, item, positions, ("items", number))))


def _is_list(kind: str) -> bool:
    return kind.endswith("List")


def _is_null(node: Any) -> bool:
    return node.tag == _YAML + "null" and not isinstance(node.value, list)


def _has_duplicate_root_keys(node: Any) -> bool:
    """Duplicate top-level keys (a duplicated ``kind``) are reported whatever the kind."""
    keys = [getattr(key, "value", None) for key, _ in node.value]
    return len(keys) != len(set(keys))


def _peek_identity(node: Any) -> tuple[str | None, str | None]:
    """apiVersion and kind read straight from the root node, before any conversion (the
    last of duplicate keys wins, as in the converted data)."""
    if node.tag != _YAML + "map" or not isinstance(node.value, list):
        return None, None
    found: dict[str, str] = {}
    for key, value in node.value:
        if getattr(key, "value", None) in ("apiVersion", "kind") and isinstance(value.value, str):
            found[key.value] = value.value
    return found.get("apiVersion"), found.get("kind")


class _Builder:
    """Turns one composed document into plain data and a position map, in one pass."""

    def __init__(self) -> None:
        self.positions: dict[Path, Position] = {}
        self.problems: list[LoadProblem] = []
        self.visits = 0
        self.seen: set[int] = set()
        self.active: set[int] = set()

    def build(self, node: Any, path: Path, depth: int) -> Any:
        self.visits += 1
        self.seen.add(id(node))
        if self.visits > MAX_VISITS and self.visits > 4 * len(self.seen):
            raise LoadProblem(
                f"aliases expand this document beyond {MAX_VISITS:,} nodes (an alias bomb?); it was not checked",
                _mark(node),
            )
        if depth > MAX_DEPTH:
            raise LoadProblem(f"nesting deeper than {MAX_DEPTH} levels; not a Kubernetes manifest", _mark(node))
        if not isinstance(node.value, list):
            return scalar_value(node.value, getattr(node, "style", None))
        if id(node) in self.active:
            raise LoadProblem("an alias refers to a node that contains it (a recursive structure)", _mark(node))
        self.active.add(id(node))
        try:
            if node.tag == _YAML + "seq" or node.id == "sequence":
                return self._sequence(node, path, depth)
            return self._mapping(node, path, depth)
        finally:
            self.active.discard(id(node))

    def _sequence(self, node: Any, path: Path, depth: int) -> list[Any]:
        items = []
        for number, child in enumerate(node.value):
            child_path = (*path, number)
            self.positions.setdefault(child_path, _mark(child))
            items.append(self.build(child, child_path, depth + 1))
        return items

    def _mapping(self, node: Any, path: Path, depth: int) -> dict[str, Any]:
        data: dict[str, Any] = {}
        merged: list[dict[str, Any]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _YAML + "merge":
                merged.extend(self._merge_sources(value_node, path, depth))
                continue
            key = self._key(key_node)
            child_path = (*path, key)
            if key in data and child_path in self.positions:
                first_line = self.positions[child_path][0]
                self.problems.append(
                    LoadProblem(
                        f'duplicate key "{field_path((*path, key))}" (first at line {first_line}); kubectl rejects duplicate keys: keep one',
                        _mark(key_node),
                        "yaml-duplicate-key",
                    )
                )
            else:
                self.positions[child_path] = _mark(key_node)
            data[key] = self.build(value_node, child_path, depth + 1)
        for source in merged:
            for key, value in source.items():
                data.setdefault(key, value)
        return data

    def _merge_sources(self, value_node: Any, path: Path, depth: int) -> list[dict[str, Any]]:
        nodes = value_node.value if value_node.tag == _YAML + "seq" else [value_node]
        sources = []
        for source in nodes:
            value = self.build(source, path, depth + 1)
            if not isinstance(value, dict):
                raise LoadProblem("a merge key (<<) must refer to a mapping or a list of mappings", _mark(source))
            sources.append(value)
        return sources

    def _key(self, node: Any) -> str:
        if isinstance(node.value, list):
            raise LoadProblem(
                "a mapping key is itself a mapping or a list; JSON (and Kubernetes) keys are strings", _mark(node)
            )
        return json_key(scalar_value(node.value, getattr(node, "style", None)))


def _mark(node: Any) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def json_key(value: Any) -> str:
    """How sigs.k8s.io/yaml turns a non-string YAML key into a JSON object key."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


_TRUE = frozenset({"y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"})
_FALSE = frozenset({"n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"})
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_SPECIAL_FLOATS = {
    **dict.fromkeys((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), float("inf")),
    **dict.fromkeys(("-.inf", "-.Inf", "-.INF"), float("-inf")),
    **dict.fromkeys((".nan", ".NaN", ".NAN"), float("nan")),
}
# Go's strconv.ParseInt(s, 0, 64) after go-yaml removed the underscores.
_GO_INT = re.compile(r"([-+]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)")
_GO_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")  # go-yaml's yamlStyleFloat
_INT_RANGE = range(-(2**63), 2**64)


def scalar_value(value: str, style: str | None) -> Any:
    """The JSON value kubectl gets for a scalar: go-yaml v2's resolve() for plain scalars.

    Quoted and block scalars are strings. Timestamps and sexagesimal numbers stay strings
    (go-yaml keeps them as strings when decoding into interface{}, as sigs.k8s.io/yaml does).
    Explicit tags (``!!str yes``) are not distinguished from plain scalars: they are rare in
    manifests.
    """
    if style:
        return value
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if value in _NULL:
        return None
    if value in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[value]
    if value[0] in "+-.0123456789":
        return _number(value)
    return value


def _number(text: str) -> int | float | str:
    plain = text.replace("_", "")
    match = _GO_INT.fullmatch(plain)
    if match:
        sign, digits = match.groups()
        base = {"x": 16, "b": 2, "o": 8}.get(digits[1:2].lower(), 8 if len(digits) > 1 and digits[0] == "0" else 10)
        number = int(digits[2:] if base != 10 and digits[1:2].isalpha() else digits, base)
        number = -number if sign == "-" else number
        if number in _INT_RANGE:
            return number
    if _GO_FLOAT.fullmatch(plain):
        return float(plain)
    return text
