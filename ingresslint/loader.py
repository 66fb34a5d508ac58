"""Text to documents, read the way kubectl reads YAML.

kubectl decodes YAML with sigs.k8s.io/yaml, which parses YAML 1.1 with go-yaml v2 and turns
the result into JSON: ``on``/``off``/``yes``/``no``/``y``/``n`` are booleans, ``0777`` is an
octal integer, map keys become strings and a duplicate key is an error in strict mode.

Speed: nodes are composed by PyYAML's libyaml composer (``CSafeLoader``, YAML 1.1; about
twice as fast as ruamel.yaml's) and turned into plain data plus a position map in one pass.
Documents whose kind no rule needs are counted and dropped before conversion.
"""

from __future__ import annotations

import codecs
import gc
import re
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

from ingresslint.model import Document, Finding, LoadResult, Path, Position, Severity, field_path
from ingresslint.sources import MAX_BYTES, Source

if TYPE_CHECKING:
    from ingresslint.prescan import Segment

# Kinds some rule reads; every other Kubernetes object is counted and dropped.
# IngressClassParams (elbv2.k8s.aws): the group and certificates of an ALB class (checks/conflicts.py)
KINDS_KEPT = frozenset({"Ingress", "IngressClass", "Service", "Secret", "IngressClassParams"})

MAX_DEPTH = 100  # nesting deeper than this is not a Kubernetes manifest
MAX_VISITS = 200_000  # nodes visited when aliases expand (alias bombs)
TOO_DEEP = "nesting is too deep to be a Kubernetes manifest (libyaml stops at 1,000 levels)"
TEMPLATE_MARKER = "{{"
HELM_HINT = (
    "it looks like an unrendered Helm/Go template ({{ ... }}); lint the rendered output "
    "instead: helm template RELEASE CHART | ingresslint lint -"
)

_YAML = "tag:yaml.org,2002:"


class LoadProblem(Exception):
    """A problem that stops the conversion of one document."""

    def __init__(self, message: str, position: Position, rule: str = "yaml-syntax", error: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.rule = rule
        self.error = error


def load_sources(sources: Iterator[Source], result: LoadResult | None = None) -> LoadResult:
    result = result if result is not None else LoadResult()
    for source in sources:
        try:
            with no_cycle_collection():
                load_source(source, result)
        except Exception as error:  # a loader bug must cost one file, not the run
            message = f"internal error while reading this file ({type(error).__name__}: {error}); it was not checked, please report it"
            _syntax(result, source.name, (1, 1), message)
    return result


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cyclic garbage collector off for a while. Composing and converting a file, and
    the cross-object rules (engine), allocate millions of objects without a reference cycle
    among them; each full collection the allocations trigger walks every live object, which
    made a 1M-key mapping take minutes instead of seconds and was a fifth of the cross-object
    phase on 10,000 documents. Whatever cycle is left is collected after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_source(source: Source, result: LoadResult) -> None:
    result.files += 1
    result.findings.extend(source.findings)  # notes from reading: a chart whose templates were not linted
    if source.unreadable is not None:
        _syntax(result, source.name, (1, 1), f"cannot read this file ({source.unreadable}); it was not checked")
        return
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
    if len(text) >= PRESCAN_MIN_CHARACTERS and _load_scanned(source.name, text, result):
        return
    aliases = "*" in text  # without a * there is no alias: no node is reached twice
    for index, node in _compose(source.name, text, result):
        _add_document(source.name, index, node, text, result, aliases=aliases)


# Below this size composing everything is cheaper than the pre-scan (whose line pattern alone
# takes ~50 ms to compile): a pre-commit run of one small file never pays for it.
PRESCAN_MIN_CHARACTERS = 64 * 1024


def _skippable(segment: Segment) -> bool:
    """A document the pre-scan can count without composing it: what ``_add_document``
    would do with it adds no finding, only one to the objects or the skipped."""
    return segment.known and not (segment.kind in KINDS_KEPT or (segment.kind is not None and _is_list(segment.kind)))


def _load_scanned(name: str, text: str, result: LoadResult) -> bool:
    """Load ``text`` composing only the documents some rule reads (``_skippable``: the
    others are counted from the pre-scan). False, with ``result`` untouched, when the
    stream cannot be split, no document can be skipped, libyaml's parser rejects the
    stream, or composing a part fails: the caller then composes the whole stream, so every
    error is reported as before, at the same place."""
    from ingresslint.prescan import parses, split_documents

    loader = _loader()
    if not hasattr(loader, "raw_parse"):
        return False
    segments = split_documents(text)
    if segments is None or not any(_skippable(segment) for segment in segments) or not parses(text, loader):
        return False
    import yaml

    before = (len(result.findings), len(result.documents), result.objects, result.skipped)
    try:
        _compose_kept(name, text, segments, loader, result)
    except (yaml.YAMLError, RecursionError):
        del result.findings[before[0] :], result.documents[before[1] :]
        result.objects, result.skipped = before[2], before[3]
        return False
    return True


def _compose_kept(name: str, text: str, segments: list[Segment], loader: type, result: LoadResult) -> None:
    """Count the skippable segments; compose the others as one stream of their text joined
    (a segment holds at most one document), each document's lines shifted back to where
    its segment stands in ``text``, its index its place among all documents."""
    import yaml

    parts: list[str] = []
    starts: list[int] = []  # first line (0-based) of each composed segment in the joined text
    shifts: list[tuple[int, int]] = []  # (lines to add, documents skipped before it)
    line = skipped = 0
    for segment in segments:
        if _skippable(segment):
            _count_skipped(segment, result)
            skipped += 1
            continue
        part = text[segment.start : segment.end]
        parts.append(part)
        starts.append(line)
        shifts.append((segment.first_line - 1 - line, skipped, "*" in part))
        line += part.count("\n")
    nodes = list(yaml.compose_all("".join(parts), Loader=loader))  # a composer error: nothing added yet
    for composed, node in enumerate(nodes):
        offset, before, aliases = shifts[bisect_right(starts, node.start_mark.line) - 1]
        _add_document(name, composed + before, node, text, result, offset, aliases)


def _count_skipped(segment: Segment, result: LoadResult) -> None:
    """What ``_add_document`` counts for a mapping of that kind it does not build."""
    if segment.kind is None or not segment.api_version:
        result.skipped += 1
    else:
        result.objects += 1


def _syntax(
    result: LoadResult, name: str, position: Position, message: str, rule: str = "yaml-syntax", error: bool = True
) -> None:
    line, column = position
    result.findings.append(Finding(rule, Severity.ERROR if error else Severity.WARNING, message, name, line, column))


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
        _syntax(result, source.name, position, f"binary content (a NUL byte at offset {offset}): {_nul_hint(content)}")
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


NESTING_LIMITED = (0, 2, 6)  # the first libyaml release with its nesting limit


@cache
def _loader() -> Any:
    """PyYAML's libyaml composer (YAML 1.1 resolution, like go-yaml v2). libyaml 0.2.6 stops
    at 1,000 nesting levels, flow or block ("Limit depth of nesting by default"), so deep
    nesting is an error, never a crash. The C composer recurses without a bound, so without
    that limit (an older libyaml, unless probing shows it patched in) the pure-Python loader
    is used: it raises RecursionError instead."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return _tagging(yaml.SafeLoader)
    if yaml._yaml.get_version() >= NESTING_LIMITED:  # the probe below costs a tenth of a small run
        return _tagging(loader)
    for probe in ("[" * 1001 + "]" * 1001, "- " * 1001 + "x"):
        try:
            yaml.compose(probe, Loader=loader)
        except yaml.YAMLError:
            continue
        return _tagging(yaml.SafeLoader)
    return _tagging(loader)


def _tagging(loader: type) -> type:
    """``loader`` with a cheaper implicit tag resolution: a plain scalar's tag is read only
    where it decides something (``<<`` is a merge key, a null document is skipped); every
    other untagged scalar is converted from its text by ``scalar_value``, so it needs no
    int/float/bool/timestamp regular expressions (a third of the compose time)."""
    from yaml.nodes import MappingNode, ScalarNode

    null, merge, string, mapping, sequence = (_YAML + name for name in ("null", "merge", "str", "map", "seq"))

    def resolve(self: Any, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0] and value in _NULL:
                return null
            return merge if implicit[0] and value == "<<" else string
        return mapping if kind is MappingNode else sequence

    # no path resolvers are registered: the per-node descend/ascend calls need not run Python
    # (any C callable taking those arguments will do; slice and tuple build a throwaway object)
    methods = {"resolve": resolve, "descend_resolver": staticmethod(slice), "ascend_resolver": staticmethod(tuple)}
    return type(loader.__name__, (loader,), methods)


def _compose(name: str, text: str, result: LoadResult) -> Iterator[tuple[int, Any]]:
    import yaml

    try:
        yield from enumerate(yaml.compose_all(text, Loader=_loader()))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        position = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if error.problem and "maximum nesting depth" in error.problem:
            _syntax(result, name, position, TOO_DEEP)
            return
        problem = " ".join(part for part in (error.context, error.problem) if part) or str(error)
        position, problem = _ruamel_wording(text, position, problem)
        _syntax(result, name, position, _syntax_message(problem, text))
    except RecursionError:
        _syntax(result, name, (1, 1), TOO_DEEP)
    except (yaml.YAMLError, ValueError, TypeError) as error:
        _syntax(result, name, (1, 1), _syntax_message(str(error).splitlines()[0], text))


@cache
def _yaml(pure: bool) -> Any:
    """ruamel.yaml's safe composer reading YAML 1.1 (the fixer composes with it too)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=pure)
    yaml.version = (1, 1)
    return yaml


def _ruamel_wording(text: str, position: Position, problem: str) -> tuple[Position, str]:
    """The error as ruamel.yaml's libyaml (0.2.2, which the reports were first written with)
    words and places it. Only the text up to the end of the line PyYAML stopped at is read:
    PyYAML's libyaml accepted it, so it nests less than 1,000 levels and cannot crash the
    C composer of ruamel.yaml, which has no depth limit."""
    from ruamel.yaml.error import MarkedYAMLError

    end = text.find("\n", _line_offset(text, position[0]))
    yaml = _yaml(pure=False)
    try:
        for _ in yaml.compose_all(text if end < 0 else text[: end + 1]):
            pass
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if mark is not None and mark.line + 1 <= position[0]:  # not an end of the cut text
            wording = " ".join(part for part in (error.context, error.problem) if part) or str(error)
            return (mark.line + 1, mark.column + 1), wording
    except Exception:  # any other outcome: keep PyYAML's wording
        pass
    return position, problem


def _line_offset(text: str, line: int) -> int:
    offset = 0
    for _ in range(line - 1):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            return len(text)
    return offset


def _syntax_message(problem: str, text: str) -> str:
    message = f"invalid YAML: {problem}"
    if TEMPLATE_MARKER in text:
        return f"{message}; {HELM_HINT}"
    return f"{message}; nothing after this point in the file was checked"


def _nul_hint(content: bytes) -> str:
    """UTF-16 without a byte-order mark has a NUL in every other byte of ASCII text: say so."""
    sample = content[:4096]
    halves = [sample[parity::2] for parity in (0, 1)]
    for order, (nuls, text) in (("BE", halves), ("LE", halves[::-1])):
        if len(nuls) >= 2 and nuls.count(0) >= 0.9 * len(nuls) and text.count(0) <= 0.1 * len(text):
            return f"it looks like UTF-16 {order} without a byte-order mark: save the file as UTF-8"
    return "not a YAML or JSON file"


TOP_LEVEL_ARRAY = (
    "a top-level array is not a Kubernetes object: kubectl refuses the file (json: cannot unmarshal array into "
    "Go value of type struct, kubernetes/kubernetes#8362); write the items as a List "
    "(apiVersion: v1, kind: List, items: [...]) or as separate documents. Its items were linted as such a List"
)


def _add_document(
    name: str, index: int, node: Any, text: str, result: LoadResult, offset: int = 0, aliases: bool = True
) -> None:
    """Count, convert and keep one composed document (``offset``: lines above the text it
    was composed from; ``aliases``: whether that text may hold an alias)."""
    if node is None or _is_null(node):
        return
    mismatch = _tag_mismatch(node)
    if mismatch:
        _syntax(result, name, _mark(node, offset), mismatch)
        return
    if node.tag == _YAML + "seq" and isinstance(node.value, list):
        _add_top_level_array(name, index, node, result, offset, aliases)
        return
    api_version, kind = _peek_identity(node)
    if kind is None or (api_version is None and kind not in KINDS_KEPT):
        result.skipped += 1
        return
    if kind not in KINDS_KEPT and not _is_list(kind) and not _has_duplicate_root_keys(node):
        result.objects += 1
        return
    builder = _Builder(offset, aliases)
    builder.positions[()] = builder.mark(node)
    try:
        data = builder.build(node, (), 0)
    except LoadProblem as problem:
        message = problem.message
        if problem.rule == "yaml-syntax" and TEMPLATE_MARKER in text:
            message = f"{message}; {HELM_HINT}"
        _syntax(result, name, problem.position, message, problem.rule)
        return
    for problem in builder.problems:
        _syntax(result, name, problem.position, problem.message, problem.rule, problem.error)
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


def _add_top_level_array(name: str, index: int, node: Any, result: LoadResult, offset: int, aliases: bool) -> None:
    """A document that is a sequence: skipped unless it holds objects (a JSON array of
    manifests), which are linted, with an error that kubectl refuses the file."""
    builder = _Builder(offset, aliases)
    builder.positions[()] = builder.mark(node)
    try:
        items = builder.build(node, (), 0)
    except LoadProblem as problem:
        _syntax(result, name, problem.position, problem.message, problem.rule)
        return
    if not any(isinstance(item, dict) and isinstance(item.get("kind"), str) for item in items):
        result.skipped += 1
        return
    _syntax(result, name, builder.positions[()], TOP_LEVEL_ARRAY)
    for problem in builder.problems:
        _syntax(result, name, problem.position, problem.message, problem.rule)
    _add_items(name, index, items, builder.positions, result, ())


def _add_items(
    name: str, index: int, items: list[Any], positions: dict[Path, Position], result: LoadResult, at: Path = ("items",)
) -> None:
    for number, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("kind"), str):
            result.skipped += 1
            continue
        result.objects += 1
        if item["kind"] in KINDS_KEPT:
            result.documents.append(as_v1(Document(name, index, item, positions, (*at, number))))


def _is_list(kind: str) -> bool:
    return kind.endswith("List")


def _is_null(node: Any) -> bool:
    return node.tag == _YAML + "null" and not isinstance(node.value, list)


_COLLECTION_TAGS = {"mapping": _YAML + "map", "sequence": _YAML + "seq"}
_STR = _YAML + "str"
_DEFAULT_TAGS = {**_COLLECTION_TAGS, "scalar": _STR}  # tags that never mismatch their node
_NODE_NAMES = {"mapping": "mapping", "sequence": "list", "scalar": "scalar value"}


def _tag_mismatch(node: Any) -> str | None:
    """A core tag that contradicts the node (``!!map [a, b]``, ``!!str {a: 1}``): go-yaml
    cannot decode it, so kubectl refuses the file."""
    tag = node.tag
    if not tag.startswith(_YAML):
        return None
    expected = _COLLECTION_TAGS.get(node.id)
    if expected is None and tag not in _COLLECTION_TAGS.values():
        return None  # a scalar with a scalar tag
    if tag == expected or (node.id == "mapping" and tag in (_YAML + "set", _YAML + "omap")):
        return None
    short = tag.removeprefix(_YAML)
    return f"the tag !!{short} does not fit a {_NODE_NAMES[node.id]}; kubectl cannot decode it: remove the tag"


def _has_duplicate_root_keys(node: Any) -> bool:
    """Duplicate top-level keys (a duplicated ``kind``) are reported whatever the kind."""
    keys = [
        key.value for key, _ in node.value if isinstance(getattr(key, "value", None), str)
    ]  # a key may be a mapping
    return len(keys) != len(set(keys))


def _peek_identity(node: Any) -> tuple[str | None, str | None]:
    """apiVersion and kind read straight from the root node, before any conversion (the
    last of duplicate keys wins, as in the converted data)."""
    if node.id != "mapping" or node.tag != _YAML + "map":
        return None, None
    found: dict[str, str] = {}
    for key, value in node.value:
        if getattr(key, "value", None) in ("apiVersion", "kind") and isinstance(value.value, str):
            found[key.value] = value.value
    return found.get("apiVersion"), found.get("kind")


class _Builder:
    """Turns one composed document into plain data and a position map, in one pass."""

    def __init__(self, offset: int = 0, aliases: bool = True) -> None:
        self.offset = offset  # lines above the composed text (a part of the stream was composed)
        self.aliases = aliases  # False: no node is reached twice, no alias bomb or cycle to watch for
        self.positions: dict[Path, Position] = {}
        self.problems: list[LoadProblem] = []
        self.visits = 0
        self.seen: set[int] = set()
        self.active: set[int] = set()

    def mark(self, node: Any) -> Position:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def build(self, node: Any, path: Path, depth: int) -> Any:
        if self.aliases:
            return self._build_shared(node, path, depth)
        if depth > MAX_DEPTH:
            raise LoadProblem(f"nesting deeper than {MAX_DEPTH} levels; not a Kubernetes manifest", self.mark(node))
        kind, tag = node.id, node.tag
        if tag != _DEFAULT_TAGS.get(kind):
            mismatch = _tag_mismatch(node)
            if mismatch:
                raise LoadProblem(mismatch, self.mark(node))
        if kind == "scalar":
            return scalar_value(node.value, node.style)
        if kind == "sequence":
            return self._sequence(node, path, depth)
        return self._mapping(node, path, depth)

    def _build_shared(self, node: Any, path: Path, depth: int) -> Any:
        """``build`` where a node may be reached again through an alias."""
        self.visits += 1
        self.seen.add(id(node))
        if self.visits > MAX_VISITS and self.visits > 4 * len(self.seen):
            raise LoadProblem(
                f"aliases expand this document beyond {MAX_VISITS:,} nodes (an alias bomb?); it was not checked",
                self.mark(node),
            )
        if depth > MAX_DEPTH:
            raise LoadProblem(f"nesting deeper than {MAX_DEPTH} levels; not a Kubernetes manifest", self.mark(node))
        mismatch = _tag_mismatch(node)
        if mismatch:
            raise LoadProblem(mismatch, self.mark(node))
        if node.id == "scalar":
            return scalar_value(node.value, getattr(node, "style", None))
        if id(node) in self.active:
            raise LoadProblem("an alias refers to a node that contains it (a recursive structure)", self.mark(node))
        self.active.add(id(node))
        try:
            if node.id == "sequence":
                return self._sequence(node, path, depth)
            return self._mapping(node, path, depth)
        finally:
            self.active.discard(id(node))

    def _sequence(self, node: Any, path: Path, depth: int) -> list[Any]:
        items = []
        children = node.value
        release = not self.aliases  # no node is reached twice: each is let go once built (see _mapping)
        for number, child in enumerate(children):
            child_path = (*path, number)
            self.positions.setdefault(child_path, self.mark(child))
            items.append(self.build(child, child_path, depth + 1))
            if release:
                children[number] = None
        return items

    def _mapping(self, node: Any, path: Path, depth: int) -> dict[str, Any]:
        data: dict[str, Any] = {}
        merged: list[dict[str, Any]] = []
        pairs = node.value
        # Without aliases each node is read once: its part of the node tree is let go as soon as
        # it is built, so a big document holds little more than the larger of tree and data.
        release = not self.aliases
        for number, (key_node, value_node) in enumerate(pairs):
            if release:
                pairs[number] = None
            if key_node.tag == _YAML + "merge":
                merged.extend(self._merge_sources(value_node, path, depth))
                continue
            key = self._key(key_node)
            child_path = (*path, key)
            if key in data and child_path in self.positions:
                first_line = self.positions[child_path][0]
                # kubectl (non-strict sigs.k8s.io/yaml) keeps the last value and the server accepts;
                # a second apiVersion or kind silently makes the object another one: an error
                identity = path == () and key in ("apiVersion", "kind")
                effect = "the object becomes what the last one says" if identity else "the other is dropped"
                self.problems.append(
                    LoadProblem(
                        f'duplicate key "{field_path((*path, key))}" (first at line {first_line}); kubectl keeps the last value silently and {effect}: keep one',
                        self.mark(key_node),
                        "yaml-duplicate-key",
                        identity,
                    )
                )
            else:
                mark = key_node.start_mark  # self.mark(key_node), inlined: once per key of the input
                self.positions[child_path] = (mark.line + 1 + self.offset, mark.column + 1)
            if release and value_node.id == "scalar" and value_node.tag == _STR and depth < MAX_DEPTH:
                data[key] = scalar_value(value_node.value, value_node.style)  # build()'s answer, most values
            else:
                data[key] = self.build(value_node, child_path, depth + 1)
        for source in merged:
            for key, value in source.items():
                data.setdefault(key, value)
        return data

    def _merge_sources(self, value_node: Any, path: Path, depth: int) -> list[dict[str, Any]]:
        nodes = value_node.value if value_node.id == "sequence" else [value_node]
        sources = []
        for source in nodes:
            value = self.build(source, path, depth + 1)
            if not isinstance(value, dict):
                raise LoadProblem("a merge key (<<) must refer to a mapping or a list of mappings", self.mark(source))
            sources.append(value)
        return sources

    def _key(self, node: Any) -> str:
        value = node.value
        if isinstance(value, list):
            raise LoadProblem(
                "a mapping key is itself a mapping or a list; JSON (and Kubernetes) keys are strings", self.mark(node)
            )
        if node.style:
            return value  # quoted or block: the text itself
        key = _PLAIN_KEYS.get(value)
        if key is None:
            key = json_key(scalar_value(value, None))
            if len(_PLAIN_KEYS) < PLAIN_KEYS:
                _PLAIN_KEYS[value] = key
        return key


PLAIN_KEYS = 65_536  # plain keys remembered with their JSON key (a few hundred names make most manifests)
_PLAIN_KEYS: dict[str, str] = {}


def _mark(node: Any, offset: int = 0) -> Position:
    return node.start_mark.line + 1 + offset, node.start_mark.column + 1


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
_MAX_INT_CHARS = 66  # "0b" and 64 binary digits; also keeps int() below Python's 4,300-digit limit
_INF = float("inf")


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
    if match and len(match.group(2)) <= _MAX_INT_CHARS:  # longer: beyond 64 bits in any base
        sign, digits = match.groups()
        base = {"x": 16, "b": 2, "o": 8}.get(digits[1:2].lower(), 8 if len(digits) > 1 and digits[0] == "0" else 10)
        number = int(digits[2:] if base != 10 and digits[1:2].isalpha() else digits, base)
        number = -number if sign == "-" else number
        if number in _INT_RANGE:
            return number
    if _GO_FLOAT.fullmatch(plain):
        number = float(plain)
        # strconv.ParseFloat fails with ErrRange on overflow; go-yaml then keeps the string
        return text if number in (_INF, -_INF) else number
    return text
