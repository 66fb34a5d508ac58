"""The conversion of removed Ingress and IngressClass API versions to networking.k8s.io/v1.

Written once, as a list of edits computed from the object's data. The same edits apply to
plain data (lint checks a legacy object as its v1 conversion) and to ruamel.yaml
round-trip trees (``ingresslint fix`` rewrites the file, keeping comments and layout).

It follows the API server, which converted every served version through the internal type:
- kubernetes/kubernetes@ddd467a0e8b7a211671e5ecef9fc892391e478c6:pkg/apis/networking/v1beta1/conversion.go
  (Convert_v1beta1_IngressSpec_To_networking_IngressSpec: spec.backend becomes
  spec.defaultBackend; Convert_v1beta1_IngressBackend_To_networking_IngressBackend: a
  service backend exists when serviceName is non-empty, servicePort is a non-zero integer
  or servicePort is a string (even ``"80"``: an IntOrString decoded from a JSON string is a
  string, and becomes port.name); port.name = the string, port.number = the integer);
  extensions/v1beta1/conversion.go of release-1.21 has the same functions. A resource
  backend converts unchanged (autoConvert copies ``resource``).
- release-1.21 pkg/apis/networking/v1beta1/defaults.go and extensions/v1beta1/defaults.go
  (SetDefaults_HTTPIngressPath): a path without pathType is ImplementationSpecific.
- IngressClass networking.k8s.io/v1beta1 has the same fields as v1 (the generated
  conversion copies them); only apiVersion changes.

Values the API server could not have decoded (``servicePort: 1.5``, ``serviceName: 8``)
are carried into the v1 fields as they are, so the schema reports them on the original
line, and listed as ``problems``: the fixer does not rewrite such a document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from ingresslint.model import Document, Finding, ObjectRef, Path, Position
from ingresslint.records import replace

V1 = "networking.k8s.io/v1"
INGRESS_BETAS = ("extensions/v1beta1", "networking.k8s.io/v1beta1")
INGRESS_CLASS_BETAS = ("networking.k8s.io/v1beta1",)  # extensions/v1beta1 never served IngressClass
DEFAULT_PATH_TYPE = "ImplementationSpecific"
INT32 = range(-(2**31), 2**31)


@dataclass(frozen=True)
class SetValue:
    """Replace the value of an existing key (or of a null one)."""

    parent: Path
    key: str
    value: Any

    def unmap(self, path: Path) -> Path:
        return path


@dataclass(frozen=True)
class RenameKey:
    """Rename a key in place: same position, same value, same comments."""

    parent: Path
    old: str
    new: str

    def unmap(self, path: Path) -> Path:
        new_path = (*self.parent, self.new)
        if path[: len(new_path)] == new_path:
            return (*self.parent, self.old, *path[len(new_path) :])
        return path


@dataclass(frozen=True)
class InsertKey:
    """Add a key after ``after`` (or first, when ``after`` is None: a key added at the end
    would stand after the comments ruamel attaches to the last leaf before it)."""

    parent: Path
    key: str
    value: Any
    after: str | None

    def unmap(self, path: Path) -> Path:
        added = (*self.parent, self.key)
        return self.parent if path[: len(added)] == added else path


@dataclass(frozen=True)
class ServiceBackend:
    """serviceName/servicePort of ``backend`` become ``service: {name, port: {number|name}}``
    (or disappear, when the server would not have made a service backend of them)."""

    backend: Path
    make_service: bool
    port_field: str | None  # "number", "name", or None when servicePort is absent or null

    def unmap(self, path: Path) -> Path:
        service = (*self.backend, "service")
        if path[: len(service)] != service:
            return path
        rest = path[len(service) :]
        if rest[:1] == ("port",):
            return (*self.backend, "servicePort")
        return (*self.backend, "serviceName")


Edit = SetValue | RenameKey | InsertKey | ServiceBackend


@dataclass(frozen=True)
class Conversion:
    """What converting one object takes: the edits in the order they apply (each edit's
    paths are valid after the edits before it), and what the server could not have decoded."""

    source_version: str
    edits: tuple[Edit, ...]
    problems: tuple[tuple[Path, str], ...] = ()

    def unmap(self, path: Path) -> Path:
        """The path in the original object of ``path`` in the converted object."""
        for edit in reversed(self.edits):
            path = edit.unmap(path)
        return path


def needs_conversion(data: Mapping[str, Any]) -> bool:
    api_version, kind = data.get("apiVersion"), data.get("kind")
    return (kind == "Ingress" and api_version in INGRESS_BETAS) or (
        kind == "IngressClass" and api_version in INGRESS_CLASS_BETAS
    )


def plan(data: Mapping[str, Any]) -> Conversion | None:
    """The conversion of ``data`` to networking.k8s.io/v1, or None when it needs none."""
    if not needs_conversion(data):
        return None
    edits: list[Edit] = []
    problems: list[tuple[Path, str]] = []
    if data.get("kind") == "Ingress":
        edits, problems = _ingress_edits(data)
    edits.append(SetValue((), "apiVersion", V1))
    return Conversion(str(data["apiVersion"]), tuple(edits), tuple(problems))


def _ingress_edits(data: Mapping[str, Any]) -> tuple[list[Edit], list[tuple[Path, str]]]:
    edits: list[Edit] = []
    problems: list[tuple[Path, str]] = []
    spec = data.get("spec")
    if not isinstance(spec, Mapping):
        return edits, problems
    for path, backend in _beta_backends(spec):
        edit = _backend_edit(path, backend, problems)
        if edit is not None:
            edits.append(edit)
    for path, item in _beta_paths(spec):
        if item.get("pathType") is None:
            if "pathType" in item:
                edits.append(SetValue(path, "pathType", DEFAULT_PATH_TYPE))
            else:
                edits.append(InsertKey(path, "pathType", DEFAULT_PATH_TYPE, "path" if "path" in item else None))
    if "backend" in spec:
        if "defaultBackend" in spec:
            problems.append(
                (
                    ("spec", "defaultBackend"),
                    "spec.defaultBackend is not a field of the old API (the server dropped it)",
                )
            )
        else:
            edits.append(RenameKey(("spec",), "backend", "defaultBackend"))
    return edits, problems


def _beta_backends(spec: Mapping[str, Any]) -> Iterator[tuple[Path, Mapping[str, Any]]]:
    if isinstance(spec.get("backend"), Mapping) and "defaultBackend" not in spec:
        yield ("spec", "backend"), spec["backend"]
    for path, item in _beta_paths(spec):
        if isinstance(item.get("backend"), Mapping):
            yield (*path, "backend"), item["backend"]


def _beta_paths(spec: Mapping[str, Any]) -> Iterator[tuple[Path, MutableMapping[str, Any]]]:
    rules = spec.get("rules")
    if not isinstance(rules, list):
        return
    for i, rule in enumerate(rules):
        http = rule.get("http") if isinstance(rule, Mapping) else None
        paths = http.get("paths") if isinstance(http, Mapping) else None
        if isinstance(paths, list):
            for j, item in enumerate(paths):
                if isinstance(item, MutableMapping):
                    yield ("spec", "rules", i, "http", "paths", j), item


def _backend_edit(path: Path, backend: Mapping[str, Any], problems: list[tuple[Path, str]]) -> ServiceBackend | None:
    if "serviceName" not in backend and "servicePort" not in backend:
        return None
    if "service" in backend:
        problems.append(((*path, "service"), "service is not a field of the old API (the server dropped it)"))
        return None
    name, port = backend.get("serviceName"), backend.get("servicePort")
    if name is not None and not isinstance(name, str):
        problems.append(((*path, "serviceName"), f"serviceName {name!r} is not a string"))
    port_field = _port_field(port)
    if port is not None and port_field == "number" and not _is_int32(port):
        problems.append(((*path, "servicePort"), f"servicePort {port!r} is neither a 32-bit integer nor a name"))
    if "serviceName" in backend and port is None:
        problems.append(((*path, "servicePort"), "serviceName has no servicePort"))
    make_service = bool(name) or (isinstance(port, str)) or (port is not None and port != 0)
    return ServiceBackend(path, make_service, port_field)


def _port_field(port: Any) -> str | None:
    if port is None:
        return None
    return "name" if isinstance(port, str) else "number"


def _is_int32(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in INT32


# --- applying edits: the same code for dict data and ruamel CommentedMap trees ---


def apply(root: MutableMapping[str, Any], edits: tuple[Edit, ...]) -> None:
    """Apply ``edits`` to ``root`` in place (plain data or a ruamel round-trip tree)."""
    for edit in edits:
        parent = _container(root, edit.backend if isinstance(edit, ServiceBackend) else edit.parent)
        if isinstance(edit, SetValue):
            parent[edit.key] = _like(parent.get(edit.key), edit.value)
        elif isinstance(edit, RenameKey):
            rename_key(parent, edit.old, edit.new)
        elif isinstance(edit, InsertKey):
            keys = list(parent)
            position = keys.index(edit.after) + 1 if edit.after in keys else 0
            insert_key(parent, position, edit.key, edit.value, keep_comments_before_next=True)
        else:
            _convert_backend(parent, edit)


def _container(root: MutableMapping[str, Any], path: Path) -> Any:
    node: Any = root
    for part in path:
        node = node[part]
    return node


def _like(old: Any, new: Any) -> Any:
    """``new`` in the quoting style of ``old`` (ruamel keeps a quoted scalar's style in its type)."""
    style = type(old)
    if isinstance(old, str) and style is not str and isinstance(new, str):
        return style(new)
    return new


def rename_key(mapping: MutableMapping[str, Any], old: str, new: str) -> None:
    position = list(mapping).index(old)
    comment = _pop_comment(mapping, old)
    value = mapping.pop(old)
    insert_key(mapping, position, new, value)
    _set_comment(mapping, new, comment)


def insert_key(
    mapping: MutableMapping[str, Any], position: int, key: str, value: Any, keep_comments_before_next: bool = False
) -> None:
    """Insert ``key`` at ``position``. With ``keep_comments_before_next``, full-line comments
    that stood between the key before it and the key after it (ruamel attaches them to the
    key before) move after the new key, so they stay in front of the key they describe."""
    if not hasattr(mapping, "insert"):
        items = list(mapping.items())
        items.insert(position, (key, value))
        mapping.clear()
        mapping.update(items)
        return
    keys = list(mapping)
    mapping.insert(position, key, value)
    if keep_comments_before_next and 0 < position <= len(keys):
        previous = keys[position - 1]
        if not isinstance(mapping[previous], (dict, list)):
            _move_trailing_comment(mapping, previous, key)


def _convert_backend(backend: MutableMapping[str, Any], edit: ServiceBackend) -> None:
    keys = list(backend)
    old = [key for key in ("serviceName", "servicePort") if key in backend]
    position = min(keys.index(key) for key in old)
    comments = {key: _pop_comment(backend, key) for key in old}
    name, port = backend.get("serviceName"), backend.get("servicePort")
    for key in old:
        del backend[key]
    if not edit.make_service:
        last = _last_comment(comments, keys, old)
        if last is not None and backend:
            _append_trailing(backend, last)
        return
    mapping = type(backend)
    service, port_map = mapping(), mapping()
    service["name"] = "" if name is None else name
    if edit.port_field is not None:
        port_map[edit.port_field] = port
    service["port"] = port_map
    _set_comment(service, "name", comments.get("serviceName"))
    if edit.port_field is not None:
        _set_comment(port_map, edit.port_field, comments.get("servicePort"))
    if hasattr(backend, "fa") and backend.fa.flow_style():
        service.fa.set_flow_style()
        port_map.fa.set_flow_style()
    insert_key(backend, position, "service", service)


def _last_comment(comments: dict[str, Any], keys: list[str], old: list[str]) -> Any:
    last = max(old, key=keys.index)
    return comments.get(last)


# ruamel keeps a key's comments in mapping.ca.items[key]: [_, _, end-of-line token, _]; the
# token's text is the end-of-line comment and then every full-line comment up to the next key.


def _pop_comment(mapping: Any, key: str) -> Any:
    items = getattr(getattr(mapping, "ca", None), "items", None)
    return items.pop(key, None) if items is not None else None


def _set_comment(mapping: Any, key: str, comment: Any) -> None:
    if comment is not None and hasattr(mapping, "ca"):
        mapping.ca.items[key] = comment


def _move_trailing_comment(mapping: Any, source: str, target: str) -> None:
    entry = mapping.ca.items.get(source)
    token = entry[2] if entry and len(entry) > 2 else None
    if token is None or "\n" not in token.value.rstrip("\n"):
        return
    own, _, trailing = token.value.partition("\n")
    if not trailing.strip():
        return
    from ruamel.yaml.tokens import CommentToken

    token.value = own + "\n"
    if not own.strip():
        entry[2] = None
    mapping.ca.items[target] = [None, None, CommentToken("\n" + trailing, token.start_mark, None), None]


def _append_trailing(mapping: Any, comment: Any) -> None:
    """Keep the full-line comments of a removed last key after the new last key."""
    token = comment[2] if len(comment) > 2 else None
    if token is None or not hasattr(mapping, "ca"):
        return
    _, _, trailing = token.value.partition("\n")
    if not trailing.strip():
        return
    last = list(mapping)[-1]
    entry = mapping.ca.items.setdefault(last, [None, None, None, None])
    from ruamel.yaml.tokens import CommentToken

    if entry[2] is None:
        entry[2] = CommentToken("\n" + trailing, token.start_mark, None)
    else:
        entry[2].value = entry[2].value + trailing


# --- lint: a legacy object checked as its v1 conversion ---


@dataclass(frozen=True)
class MappedPositions(Mapping[Path, Position]):
    """Positions of the converted object, looked up at the original fields."""

    original: Mapping[Path, Position]
    conversion: Conversion
    root: Path = ()
    cache: dict[Path, Position | None] = field(default_factory=dict, compare=False)

    def _original_path(self, path: Path) -> Path:
        if path[: len(self.root)] != self.root:
            return path
        inner = path[len(self.root) :]
        return (*self.root, *self.conversion.unmap(inner))

    def __getitem__(self, path: Path) -> Position:
        found = self.original.get(self._original_path(path))
        if found is None:
            raise KeyError(path)
        return found

    def __contains__(self, path: object) -> bool:
        return isinstance(path, tuple) and self._original_path(path) in self.original

    def __iter__(self) -> Iterator[Path]:
        return iter(self.original)

    def __len__(self) -> int:
        return len(self.original)


def as_v1(doc: Document) -> Document:
    """``doc`` converted to networking.k8s.io/v1 (its data edited in place), with positions
    that point at the original fields; any other document unchanged."""
    conversion = plan(doc.data)
    if conversion is None:
        return doc
    apply(doc.data, conversion.edits)
    positions = MappedPositions(doc.positions, conversion, doc.root)
    return replace(doc, positions=positions, converted_from=conversion.source_version)


def conversion_note(source_version: str | None, kind: str | None) -> str:
    return f" (checked as the {V1} conversion of this {source_version} {kind or 'object'})"


def _converted_ref(ref: ObjectRef | None) -> bool:
    return ref is not None and needs_conversion({"apiVersion": ref.api_version, "kind": ref.kind})


def note_conversions(findings: Iterable[Finding]) -> list[Finding]:
    """Say so in the message of every finding that was checked on a v1 conversion."""
    return [
        replace(finding, message=finding.message + conversion_note(finding.object.api_version, finding.object.kind))
        if finding.rule != "removed-api-version" and _converted_ref(finding.object) and finding.object
        else finding
        for finding in findings
    ]
