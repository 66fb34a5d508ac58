"""``ingresslint fix``: rewrite files so that the fixable findings go away, changing nothing else.

Each file is cut into its YAML documents; a document is edited as a ruamel.yaml round-trip
tree (comments, key order, quoting and flow style kept) with the same edits that
conversion.py defines for plain data, and dumped with the file's own indentation. A
document is rewritten only when

- dumping its unedited tree gives back exactly its text (else its layout cannot be kept),
- the edited text loads, as kubectl reads it, to exactly the data the edits describe.

Anything else (a YAML error, a Helm template, a document the fixer cannot map) is left as
it is and reported. Fixes are decided by the lint rules themselves: a fix applies where
its rule fires.
"""

from __future__ import annotations

import codecs
import io
import re
from collections import Counter
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from ingresslint import conversion
from ingresslint.checks import annotations as annotation_checks
from ingresslint.checks import classes, paths
from ingresslint.checks._ingress import CLASS_ANNOTATION, DEFAULT_CLASS_ANNOTATION, http_paths, null_item
from ingresslint.context import Context
from ingresslint.conversion import Edit, InsertKey, RenameKey, SetValue
from ingresslint.loader import TEMPLATE_MARKER, load_source
from ingresslint.model import Document, LoadResult
from ingresslint.sources import Source

FIXABLE = (
    "removed-api-version",
    "path-type-missing",
    "deprecated-annotation",
    "default-class-annotation-value",
    "yaml-duplicate-key",
    "removed-annotation",
)
RENAMING_RULES = ("deprecated-annotation", "removed-annotation")
PATH_TYPES = ("Prefix", "Exact", "ImplementationSpecific")
DOCUMENT_START = re.compile(r"^---(?=\s|$)", re.MULTILINE)
NGINX_USE_REGEX = "nginx.ingress.kubernetes.io/use-regex"
NGINX_REWRITE = "nginx.ingress.kubernetes.io/rewrite-target"
CAPTURE_GROUP = re.compile(r"\$\d")


@dataclass(frozen=True)
class FixOptions:
    rules: tuple[str, ...] = FIXABLE
    path_type: str = "Prefix"
    ctx: Context = field(default_factory=Context)
    known_classes: frozenset[str] = frozenset()  # IngressClass names of the run (none: not checked)


@dataclass
class FileFix:
    """What fixing one input did: the new content (None when nothing changed), the fixes
    applied per rule, and why parts were left alone."""

    name: str
    original: bytes
    fixed: bytes | None = None
    applied: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    @property
    def content(self) -> bytes:
        return self.fixed if self.fixed is not None else self.original


@dataclass(frozen=True)
class DeleteKey:
    parent: tuple[str | int, ...]
    key: str


class Unfixable(Exception):
    """A document the fixer cannot rewrite exactly."""


def fix_source(source: Source, options: FixOptions) -> FileFix:
    result = FileFix(source.name, source.content)
    text, bom, newline = _decode(source.content, result)
    if text is None:
        return result
    if TEMPLATE_MARKER in text:
        result.notes.append("an unrendered Helm/Go template ({{ ... }}): not touched")
        return result
    check = LoadResult()
    load_source(Source(source.name, source.content, len(source.content)), check)
    if any(finding.rule == "yaml-syntax" for finding in check.findings):
        result.notes.append("the file has a YAML error (see yaml-syntax): not touched")
        return result
    chunks = _split_documents(text)
    # documents are numbered as the loader counts them: comments before the first --- are none
    skip = 1 if len(chunks) > 1 and not _has_content(chunks[0]) else 0
    fixed_chunks = [_fix_chunk(chunk, number - skip, options, result) for number, chunk in enumerate(chunks)]
    new_text = "".join(fixed_chunks)
    if new_text != text:
        if newline == "\r\n":
            new_text = new_text.replace("\n", "\r\n")
        result.fixed = (codecs.BOM_UTF8 if bom else b"") + new_text.encode("utf-8")
    return result


def _has_content(text: str) -> bool:
    return any(line.strip() and not line.lstrip().startswith(("#", "%")) for line in text.splitlines())


def _decode(content: bytes, result: FileFix) -> tuple[str | None, bool, str]:
    bom = content.startswith(codecs.BOM_UTF8)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.notes.append("not UTF-8: not touched")
        return None, bom, "\n"
    newline = "\r\n" if "\r\n" in text else "\n"
    if newline == "\r\n" and text.replace("\r\n", "").count("\n"):
        result.notes.append("mixed line endings (CRLF and LF): not touched")
        return None, bom, newline
    return text.replace("\r\n", "\n"), bom, newline


def _split_documents(text: str) -> list[str]:
    """The text cut before each ``---`` line; the pieces joined give the text back."""
    starts = [0] + [match.start() for match in DOCUMENT_START.finditer(text) if match.start() > 0]
    return [text[start:end] for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]


def _fix_chunk(chunk: str, number: int, options: FixOptions, result: FileFix) -> str:
    head, body = _document_head(chunk)
    loaded = _load(body)
    if "yaml-duplicate-key" in options.rules and any(f.rule == "yaml-duplicate-key" for f in loaded.findings):
        body, loaded = _drop_duplicate_keys(body, loaded, number, result)
    docs = [doc for doc in loaded.documents if doc.kind in ("Ingress", "IngressClass")]
    if len(docs) != 1 or docs[0].root or len(loaded.documents) != 1:
        return chunk
    (doc,) = docs
    left: list[str] = []
    try:
        fixed, applied = _fix_document(body, doc, options, left)
    except Unfixable as problem:
        result.notes.append(f"document {number + 1} ({doc.ref.describe()}): {problem}; not touched")
        return chunk
    result.notes.extend(f"document {number + 1} ({doc.ref.describe()}): {note}" for note in left)
    result.applied.update(applied)
    return head + fixed


def _load(text: str) -> LoadResult:
    loaded = LoadResult()
    load_source(Source("-", text.encode(), len(text)), loaded)
    return loaded


def _drop_duplicate_keys(body: str, loaded: LoadResult, number: int, result: FileFix) -> tuple[str, LoadResult]:
    """Remove the earlier occurrences of duplicate keys (kubectl keeps the last value), keeping
    full-line comments; the document must read back as the same data, without duplicates."""
    from ingresslint.loader import _yaml

    lines = body.splitlines(keepends=True)
    drop: set[int] = set()
    count = 0
    for key, value in _earlier_duplicates(_yaml(False).compose(body)):
        line = lines[key.start_mark.line]
        if line[: key.start_mark.column].strip():
            result.notes.append(
                f"document {number + 1}: duplicate key {key.value!r} at line {key.start_mark.line + 1} is not alone on its line; not removed"
            )
            return body, loaded
        collection = isinstance(value.value, list)
        end = value.end_mark.line if collection or value.end_mark.column == 0 else value.end_mark.line + 1
        drop.update(
            i
            for i in range(key.start_mark.line, max(end, key.start_mark.line + 1))
            if not lines[i].lstrip().startswith("#")
        )
        count += 1
    new_body = "".join(line for i, line in enumerate(lines) if i not in drop)
    again = _load(new_body)
    same = [d.data for d in again.documents] == [d.data for d in loaded.documents]
    if not same or any(f.rule in ("yaml-duplicate-key", "yaml-syntax") for f in again.findings):
        result.notes.append(f"document {number + 1}: duplicate keys could not be removed exactly; not touched")
        return body, loaded
    result.applied["yaml-duplicate-key"] += count
    return new_body, again


def _earlier_duplicates(node: Any) -> Iterator[tuple[Any, Any]]:
    """(key node, value node) of every earlier occurrence of a duplicated key in block mappings."""
    if node is None or not isinstance(node.value, list):
        return
    if node.id == "mapping":
        last: dict[Any, int] = {}
        for index, (key, _) in enumerate(node.value):
            if not isinstance(key.value, list):
                last[key.value] = index
        for index, (key, value) in enumerate(node.value):
            if not isinstance(key.value, list) and last[key.value] != index and not node.flow_style:
                yield key, value
        children = [value for _, value in node.value]
    else:
        children = node.value
    for child in children:
        yield from _earlier_duplicates(child)


def _document_head(chunk: str) -> tuple[str, str]:
    """The ``---`` line (kept verbatim) and the document text after it."""
    if not chunk.startswith("---"):
        return "", chunk
    line_end = chunk.find("\n")
    if line_end < 0:
        return chunk, ""
    if chunk[3:line_end].strip() and not chunk[3:line_end].lstrip().startswith("#"):
        return "", chunk  # content on the --- line: the layout check decides
    return chunk[: line_end + 1], chunk[line_end + 1 :]


def _fix_document(body: str, doc: Document, options: FixOptions, left: list[str]) -> tuple[str, Counter[str]]:
    from ruamel.yaml.error import YAMLError

    yaml = _round_trip(body)
    try:
        tree = yaml.load(body)
    except YAMLError as error:
        raise Unfixable(f"the round-trip reader refuses it ({str(error).splitlines()[0]})") from None
    unedited = _dump(yaml, tree, body)
    applied: Counter[str] = Counter()
    if doc.converted_from:
        plan = conversion.plan(tree)
        if "removed-api-version" not in options.rules or plan is None:
            return body, applied
        if plan.problems:
            raise Unfixable("; ".join(message for _, message in plan.problems))
        conversion.apply(tree, plan.edits)
        applied["removed-api-version"] += 1
    edits = list(_rule_edits(doc, tree, options, applied, left))
    if not applied:
        return body, applied
    _apply(tree, edits)
    _apply(doc.data, edits)
    edited = _dump(yaml, tree, body)
    new_body = edited if unedited == body else _splice(body, unedited, edited)
    if new_body is None:
        raise Unfixable("its layout cannot be kept around the changes (unusual indentation or scalar style)")
    new_body = _keep_comment_gaps(body, new_body)
    _verify(new_body, doc)
    return new_body, applied


def _rule_edits(
    doc: Document, tree: Any, options: FixOptions, applied: Counter[str], left: list[str]
) -> Iterator[Edit | DeleteKey]:
    ctx = options.ctx
    if "path-type-missing" in options.rules and doc.kind == "Ingress":
        hits = {hit.field for hit in paths.path_type_missing(doc, ctx)}
        notes = doc.metadata.get("annotations")
        notes = notes if isinstance(notes, dict) else {}
        for path, item in http_paths(doc):
            field_name = _field(path, "pathType")
            if field_name in hits and null_item(doc, path):
                left.append(
                    f"{field_name}: the path item is null, with no path or backend to give a pathType: write the path or remove the item"
                )
            elif field_name in hits:
                value = _path_type(item.get("path"), notes, options.path_type)
                if "pathType" in item:
                    yield SetValue(path, "pathType", value)
                else:
                    yield InsertKey(path, "pathType", value, "path" if "path" in item else None)
                applied["path-type-missing"] += 1
    if "deprecated-annotation" in options.rules and doc.kind == "Ingress":
        yield from _class_annotation_edits(doc, options, applied, left)
    for rule in RENAMING_RULES:
        if rule in options.rules:
            yield from _rename_edits(doc, rule, ctx, applied, left)
    if "default-class-annotation-value" in options.rules and doc.kind == "IngressClass":
        for _hit in classes.default_class_annotation_value(doc, ctx):
            value = doc.metadata["annotations"][DEFAULT_CLASS_ANNOTATION]
            meant = "true" if value.strip().lower() in ("true", "yes", "y", "on", "1") else "false"
            yield SetValue(("metadata", "annotations"), DEFAULT_CLASS_ANNOTATION, meant)
            applied["default-class-annotation-value"] += 1


def _field(path: tuple[Any, ...], key: str) -> str:
    from ingresslint.model import field_path

    return field_path((*path, key))


def _path_type(path: Any, notes: dict[str, Any], default: str) -> str:
    """ImplementationSpecific where the path is (or is treated as) a regex, or is empty (the
    only type that accepts an empty path), else ``default``."""
    if not path:
        return "ImplementationSpecific"
    regex = isinstance(path, str) and bool(set(path) & paths.REGEX_CHARS)
    rewrite = notes.get(NGINX_REWRITE)
    if regex or notes.get(NGINX_USE_REGEX) == "true" or (isinstance(rewrite, str) and CAPTURE_GROUP.search(rewrite)):
        return "ImplementationSpecific"
    return default


def _class_annotation_edits(
    doc: Document, options: FixOptions, applied: Counter[str], left: list[str]
) -> Iterator[Edit | DeleteKey]:
    """kubernetes.io/ingress.class -> spec.ingressClassName, where deprecated-annotation
    fires for it (never for the GKE classes: GKE reads only the annotation, and the catalog
    says so, so the rule is silent there)."""
    key_path = ("metadata", "annotations", CLASS_ANNOTATION)
    if not any(hit.path == key_path for hit in annotation_checks.deprecated_annotation(doc, options.ctx)):
        return
    value = doc.metadata["annotations"][CLASS_ANNOTATION]
    spec = doc.data.get("spec")
    if not isinstance(value, str) or not isinstance(spec, dict):
        return
    current = spec.get("ingressClassName")
    if current is not None and current != value:
        left.append(
            f"kubernetes.io/ingress.class {value!r} conflicts with spec.ingressClassName {current!r}: left alone, decide which class serves it"
        )
        return
    from ingresslint.checks.k8s_names import is_dns1123_subdomain

    if current is None and is_dns1123_subdomain(value):
        left.append(
            f"kubernetes.io/ingress.class kept: {value!r} cannot be an ingressClassName (not a DNS subdomain; ingress-class-name-invalid); create an IngressClass with a valid name first"
        )
        return
    if current is None and options.known_classes and value not in options.known_classes:
        left.append(
            f"kubernetes.io/ingress.class kept: no IngressClass {value!r} among the files, so spec.ingressClassName: {value} would name none (ingress-class-not-found); add the IngressClass first"
        )
        return
    if current is None:
        yield InsertKey(("spec",), "ingressClassName", value, None)
    yield DeleteKey(("metadata", "annotations"), CLASS_ANNOTATION)
    if len(doc.metadata["annotations"]) == 1:
        yield DeleteKey(("metadata",), "annotations")
    applied["deprecated-annotation"] += 1


def _rename_edits(
    doc: Document, rule: str, ctx: Context, applied: Counter[str], left: list[str]
) -> Iterator[RenameKey]:
    """An annotation the catalog marks ``rename_safe``: its replacement key reads the same value."""
    from ingresslint.catalog import annotation_entries

    check = (
        annotation_checks.deprecated_annotation
        if rule == "deprecated-annotation"
        else annotation_checks.removed_annotation
    )
    present = doc.metadata.get("annotations")
    for hit in check(doc, ctx):
        key = hit.path[-1]
        if not isinstance(key, str) or key == CLASS_ANNOTATION or not isinstance(present, dict):
            continue
        entries = [
            e
            for e in annotation_entries(key, doc.kind or "")
            if e.rename_safe and e.replacement and not e.key_is_prefix
        ]
        if not entries:
            continue
        replacement = entries[0].replacement or ""
        if replacement in present:
            left.append(f"{key} kept: its replacement {replacement} is set too; keep one")
            continue
        yield RenameKey(("metadata", "annotations"), key, replacement)
        applied[rule] += 1


def _apply(root: MutableMapping[str, Any], edits: list[Edit | DeleteKey]) -> None:
    for edit in edits:
        if isinstance(edit, DeleteKey):
            parent: Any = root
            for part in edit.parent:
                parent = parent[part]
            _delete_key(parent, edit.key)
        else:
            conversion.apply(root, (edit,))


def _delete_key(mapping: Any, key: str) -> None:
    """Delete ``key``; full-line comments after it (ruamel attaches them to it) stay, on the key before."""
    keys = list(mapping)
    entry = getattr(getattr(mapping, "ca", None), "items", {}).pop(key, None)
    del mapping[key]
    token = entry[2] if entry and len(entry) > 2 else None
    if token is None:
        return
    _, _, trailing = token.value.partition("\n")
    position = keys.index(key)
    if trailing.strip() and position > 0 and not isinstance(mapping[keys[position - 1]], (dict, list)):
        conversion._append_trailing(mapping, [None, None, token])


def _round_trip(text: str) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 1 << 20
    mapping, sequence, offset = _indentation(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: Any, tree: Any, original: str) -> str:
    out = io.StringIO()
    yaml.dump(tree, out)
    text = out.getvalue()
    return text if original.endswith("\n") else text.removesuffix("\n")


def _splice(original: str, unedited: str, edited: str) -> str | None:
    """Apply the lines the edits changed (unedited -> edited dump) to the original text,
    where the dump of the unedited tree differs from the original elsewhere (mixed
    indentation): each changed block is shifted to the original's indentation there.
    None when a changed block does not stand on lines the dump reproduced exactly."""
    import difflib

    old, before, after = (text.splitlines(keepends=True) for text in (original, unedited, edited))
    same: dict[int, int] = {}  # line of the unedited dump -> the same line of the original
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=old, autojunk=False).get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            pairs = zip(range(i1, i2), range(j1, j2), strict=True)
            same.update({i: j for i, j in pairs if before[i].strip() == old[j].strip()})  # up to whitespace
    out, cursor = [], 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if i1 < i2:
            if any(i not in same for i in range(i1, i2)) or same[i2 - 1] - same[i1] != i2 - 1 - i1:
                return None
            start, end, anchor = same[i1], same[i2 - 1] + 1, i1
        else:
            if i1 - 1 not in same:
                return None
            start = end = same[i1 - 1] + 1
            anchor = i1 - 1
        shift = _indent(old[same[anchor]]) - _indent(before[anchor])
        out += old[cursor:start] + [_shifted(line, shift) for line in after[j1:j2]]
        cursor = end
    return "".join(out + old[cursor:])


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _shifted(line: str, shift: int) -> str:
    if shift >= 0:
        return " " * shift + line
    return line[min(-shift, _indent(line)) :]


_KEY_LINE = re.compile(r"^( *)(- +)?[^\s#-][^:#]*:\s*(#.*)?$")


def _indentation(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) indentation as ruamel names them, read from the text:
    the step from a ``key:`` line to the keys under it, and where the dash of a list under
    a key stands (``offset``) and its content starts (``sequence``)."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    mapping, sequence, offset = 0, 0, -1
    for line, following in pairwise(lines):
        match = _KEY_LINE.match(line)
        if not match:
            continue
        column = len(match.group(1)) + len(match.group(2) or "")
        inner = len(following) - len(following.lstrip(" "))
        rest = following.lstrip(" ")
        if rest.startswith("- ") and offset < 0 and inner >= column:
            dash = rest[1:]
            offset = inner - column
            sequence = offset + 1 + len(dash) - len(dash.lstrip(" "))
        elif not rest.startswith("- ") and inner > column and not mapping:
            mapping = inner - column
    mapping = mapping or 2
    if offset < 0:
        return mapping, mapping + 2, mapping
    return mapping, max(sequence, offset + 2), offset


def _keep_comment_gaps(before: str, after: str) -> str:
    """Restore the spaces before end-of-line comments on changed lines (ruamel keeps a
    comment's column, which looks odd once the text before it got longer or shorter)."""
    import difflib

    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    gaps: dict[str, int] = {}
    for line in old:
        comment = _eol_comment(line)
        if comment is not None:
            gaps.setdefault(comment[1], comment[0])
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, _, _, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            for j in range(j1, j2):
                comment = _eol_comment(new[j])
                if comment is not None and comment[1] in gaps:
                    content = new[j][: new[j].rindex(comment[1])].rstrip()
                    new[j] = content + " " * gaps[comment[1]] + comment[1]
    return "".join(new)


def _eol_comment(line: str) -> tuple[int, str] | None:
    """(spaces before it, the comment with its line end) of a plain end-of-line comment."""
    match = re.search(r"(\s+)(#[^'\"]*\n?)$", line)
    if not match or not line[: match.start()].strip() or "#" in line[: match.start()]:
        return None
    return len(match.group(1)), match.group(2)


def _verify(new_body: str, doc: Document) -> None:
    loaded = LoadResult()
    load_source(Source("-", new_body.encode(), len(new_body)), loaded)
    if loaded.findings or len(loaded.documents) != 1 or loaded.documents[0].data != doc.data:
        raise Unfixable("the rewritten document would not read back as the intended object")


def write_atomically(path: str, content: bytes) -> str | None:
    """Replace ``path`` with ``content`` through a temporary file in the same directory,
    keeping the file mode; the reason it failed, or None."""
    import os
    import stat
    import tempfile

    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return "the file vanished before it could be written"
    except OSError as error:
        return error.strerror or str(error)
    if not mode & 0o222 or not os.access(path, os.W_OK):
        return "the file is read-only"
    directory = os.path.dirname(os.path.abspath(path))
    try:
        handle, temporary = tempfile.mkstemp(prefix=".ingresslint-", dir=directory)
    except OSError as error:
        return f"cannot write in {directory}: {error.strerror or error}"
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        os.unlink(temporary)
        return error.strerror or str(error)
    return None


def unified_diff(fix: FileFix) -> str:
    import difflib

    if fix.fixed is None:
        return ""
    old = fix.original.decode("utf-8-sig").splitlines(keepends=True)
    new = fix.fixed.decode("utf-8-sig").splitlines(keepends=True)
    return "".join(difflib.unified_diff(old, new, f"a/{fix.name.lstrip('/')}", f"b/{fix.name.lstrip('/')}"))
