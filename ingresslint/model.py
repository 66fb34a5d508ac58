"""The data that flows through a run: documents, findings and the pieces they are made of."""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from typing import Any

from ingresslint.records import MutableRecord, Record, init

Path = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


class ObjectRef(Record):
    __match_args__ = ("api_version", "kind", "namespace", "name")
    __slots__ = __match_args__
    api_version: str | None
    kind: str | None
    namespace: str | None
    name: str | None

    def __init__(self, api_version: str | None, kind: str | None, namespace: str | None, name: str | None) -> None:
        init(self, "api_version", api_version)
        init(self, "kind", kind)
        init(self, "namespace", namespace)
        init(self, "name", name)

    def describe(self) -> str:
        name = self.name if self.name is not None else "<unnamed>"
        where = f"{self.namespace}/{name}" if self.namespace else name
        return f"{self.kind} {where}"

    def as_json(self) -> dict[str, str | None]:
        return {
            "apiVersion": self.api_version,
            "kind": self.kind,
            "namespace": self.namespace,
            "name": self.name,
        }


def field_path(path: Path) -> str:
    """Render a path tuple in the API server's notation: ``spec.rules[0].http``.

    Map keys that contain dots or slashes (annotation and label keys) are written in
    brackets: ``metadata.annotations[kubernetes.io/ingress.class]``.
    """
    out = []
    for part in path:
        if isinstance(part, int) or "." in part or "/" in part:
            out.append(f"[{part}]")
        elif out:
            out.append(f".{part}")
        else:
            out.append(part)
    return "".join(out)


class Document(Record):
    """One Kubernetes object: plain data plus where each of its nodes stands in the source.

    ``positions`` maps absolute paths (from the YAML document root) to positions; ``root``
    is this object's own path inside the YAML document (``("items", 3)`` for an item of a
    ``kind: List``), so paths inside the object stay relative to the object.
    """

    # no __slots__ of its own: a Document keeps its fields in __dict__ and pickles by it (parallel.py);
    # compact.PackedDocument keeps its packed and decoded forms in slots, and pickles them as a tuple
    __match_args__ = ("source", "index", "data", "positions", "root", "converted_from")
    __reduce__ = object.__reduce__
    source: str
    index: int
    data: dict[str, Any]
    positions: Mapping[Path, Position]
    root: Path
    converted_from: str | None  # the removed apiVersion this object was converted from (conversion.py)

    def __init__(
        self,
        source: str,
        index: int,
        data: dict[str, Any],
        positions: Mapping[Path, Position],
        root: Path = (),
        converted_from: str | None = None,
    ) -> None:
        init(self, "source", source)
        init(self, "index", index)
        init(self, "data", data)
        init(self, "positions", positions)
        init(self, "root", root)
        init(self, "converted_from", converted_from)

    @property
    def api_version(self) -> str | None:
        value = self.data.get("apiVersion")
        return value if isinstance(value, str) else None

    @property
    def kind(self) -> str | None:
        value = self.data.get("kind")
        return value if isinstance(value, str) else None

    @property
    def metadata(self) -> dict[str, Any]:
        value = self.data.get("metadata")
        return value if isinstance(value, dict) else {}

    @property
    def name(self) -> str | None:
        value = self.metadata.get("name")
        return value if isinstance(value, str) else None

    @property
    def namespace(self) -> str | None:
        value = self.metadata.get("namespace")
        return value if isinstance(value, str) else None

    @property
    def ref(self) -> ObjectRef:
        return ObjectRef(self.converted_from or self.api_version, self.kind, self.namespace, self.name)

    def position(self, path: Path) -> Position:
        """Position of ``path``, or of its nearest ancestor that exists in the source."""
        full = self.root + tuple(path)
        while full:
            found = self.positions.get(full)
            if found is not None:
                return found
            full = full[:-1]
        return self.positions.get((), (1, 1))

    def has_position(self, path: Path) -> bool:
        return (self.root + tuple(path)) in self.positions


class Related(Record):
    """Another place a hit points at: the other default class, the other path of a conflict."""

    __match_args__ = ("doc", "path", "message")
    __slots__ = __match_args__
    doc: Document
    path: Path
    message: str

    def __init__(self, doc: Document, path: Path, message: str) -> None:
        init(self, "doc", doc)
        init(self, "path", path)
        init(self, "message", message)


class Location(Record):
    """A related location of a finding, resolved to file, line and column (SARIF relatedLocations)."""

    __match_args__ = ("file", "line", "column", "message")
    __slots__ = __match_args__
    file: str
    line: int
    column: int
    message: str

    def __init__(self, file: str, line: int, column: int, message: str) -> None:
        init(self, "file", file)
        init(self, "line", line)
        init(self, "column", column)
        init(self, "message", message)


class Hit(Record):
    """What a check reports: where (a path inside ``doc``) and what is wrong.

    The engine turns a hit into a Finding: it adds the rule id and severity, the file, the
    line and column of ``path`` and the object. ``field`` overrides the field path derived
    from ``path`` (the API server sometimes names a field differently from where it is).
    ``doc`` is required for checks that look at the whole manifest set. ``controller`` is the
    id of the Ingress controller the finding depends on (rules/catalog/controllers.yaml), and
    ``severity`` overrides the rule's default for this hit (a configured level still wins).
    """

    __match_args__ = ("path", "message", "field", "doc", "fix", "related", "controller", "severity")
    __slots__ = __match_args__
    path: Path
    message: str
    field: str | None
    doc: Document | None
    fix: str | None
    related: tuple[Related, ...]
    controller: str | None
    severity: Severity | None

    def __init__(
        self,
        path: Path,
        message: str,
        field: str | None = None,
        doc: Document | None = None,
        fix: str | None = None,
        related: tuple[Related, ...] = (),
        controller: str | None = None,
        severity: Severity | None = None,
    ) -> None:
        init(self, "path", path)
        init(self, "message", message)
        init(self, "field", field)
        init(self, "doc", doc)
        init(self, "fix", fix)
        init(self, "related", related)
        init(self, "controller", controller)
        init(self, "severity", severity)


class Finding(Record):
    __match_args__ = (
        "rule",
        "severity",
        "message",
        "file",
        "line",
        "column",
        "object",
        "field",
        "fix",
        "related",
        "controller",
    )
    __slots__ = __match_args__
    rule: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    object: ObjectRef | None
    field: str | None
    fix: str | None
    related: tuple[Location, ...]
    controller: str | None  # the controller id the finding depends on, when it does

    def __init__(
        self,
        rule: str,
        severity: Severity,
        message: str,
        file: str,
        line: int,
        column: int,
        object: ObjectRef | None = None,
        field: str | None = None,
        fix: str | None = None,
        related: tuple[Location, ...] = (),
        controller: str | None = None,
    ) -> None:
        init(self, "rule", rule)
        init(self, "severity", severity)
        init(self, "message", message)
        init(self, "file", file)
        init(self, "line", line)
        init(self, "column", column)
        init(self, "object", object)
        init(self, "field", field)
        init(self, "fix", fix)
        init(self, "related", related)
        init(self, "controller", controller)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.rule, self.message)

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.label,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "object": self.object.as_json() if self.object else None,
            "field": self.field,
            **({"controller": self.controller} if self.controller is not None else {}),
        }


class LoadResult(MutableRecord):
    """Everything the loader made of the inputs."""

    __match_args__ = ("documents", "findings", "files", "objects", "skipped")
    __slots__ = __match_args__
    documents: list[Document]
    findings: list[Finding]
    files: int
    objects: int
    skipped: int  # YAML documents that are not Kubernetes objects

    def __init__(
        self,
        documents: list[Document] | None = None,
        findings: list[Finding] | None = None,
        files: int = 0,
        objects: int = 0,
        skipped: int = 0,
    ) -> None:
        init(self, "documents", [] if documents is None else documents)
        init(self, "findings", [] if findings is None else findings)
        init(self, "files", files)
        init(self, "objects", objects)
        init(self, "skipped", skipped)
