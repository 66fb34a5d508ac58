"""Walking the parts of an Ingress that several checks read."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ingresslint.model import Document, Path

INGRESS_V1 = "networking.k8s.io/v1"
BETA_API_VERSIONS = ("extensions/v1beta1", "networking.k8s.io/v1beta1")
CLASS_ANNOTATION = "kubernetes.io/ingress.class"
DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class"


def is_v1(doc: Document) -> bool:
    return doc.api_version == INGRESS_V1


def spec(doc: Document) -> dict[str, Any]:
    value = doc.data.get("spec")
    return value if isinstance(value, dict) else {}


def annotations(doc: Document) -> dict[str, Any]:
    value = doc.metadata.get("annotations")
    return value if isinstance(value, dict) else {}


def marks_default(annotations: Mapping[str, Any]) -> bool:
    """The DefaultIngressClass admission plugin honours exactly the string "true"."""
    return annotations.get(DEFAULT_CLASS_ANNOTATION) == "true"


def dicts(items: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, item) for the mapping items of a list, a null item as ``{}``: the server decodes
    it to the zero struct (kubernetes-sigs/json@cfa47c3a1cc8:internal/golang/encoding/json/
    decode.go, literalStore: null leaves a struct untouched). Other items are decoding errors
    (the schema rule) and yield nothing."""
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield index, item
            elif item is None:
                yield index, {}


def null_item(doc: Document, path: Path) -> bool:
    """Whether the list item at ``path`` is written as null (``dicts`` gives it as ``{}``)."""
    value: Any = doc.data
    for part in path:
        if isinstance(value, dict) and isinstance(part, str):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and part < len(value):
            value = value[part]
        else:
            return False
    return value is None and isinstance(path[-1], int)


def strings(items: Any) -> Iterator[tuple[int, str]]:
    """(index, item) for the string items of a list, a null item as ``""`` (the zero string,
    as in ``dicts``); other items are decoding errors and yield nothing."""
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, str):
                yield index, item
            elif item is None:
                yield index, ""


class SharedWalks:
    """While the per-document rules read ``doc`` (engine.py), ``rules``, ``http_paths`` and
    ``backends`` walk it once and replay the walk to every rule that asks. Only inside this
    scope: elsewhere (the fixer edits data in place) every call walks the data again."""

    def __init__(self, doc: Document) -> None:
        self.data = doc.data

    def __enter__(self) -> None:
        _WALKS.append((self.data, {}))

    def __exit__(self, *exc: object) -> None:
        _WALKS.pop()


_WALKS: list[tuple[dict[str, Any], dict[object, tuple[Any, ...]]]] = []  # (data, walks) of the document checked


def _walked(doc: Document, key: object, walk: Any) -> Iterator[Any]:
    """``walk()`` of ``doc``, once per ``key`` inside ``SharedWalks(doc)``; a fresh walk otherwise."""
    if _WALKS and _WALKS[-1][0] is doc.data:
        walks = _WALKS[-1][1]
        found = walks.get(key)
        if found is None:
            found = walks[key] = tuple(walk())
        return iter(found)
    return walk()


def rules(doc: Document) -> Iterator[tuple[Path, dict[str, Any]]]:
    return _walked(doc, "rules", lambda: _rules(doc))


def _rules(doc: Document) -> Iterator[tuple[Path, dict[str, Any]]]:
    for index, rule in dicts(spec(doc).get("rules")):
        yield ("spec", "rules", index), rule


def http_paths(doc: Document) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every spec.rules[i].http.paths[j] that is a mapping, with its path."""
    return _walked(doc, "http_paths", lambda: _http_paths(doc))


def _http_paths(doc: Document) -> Iterator[tuple[Path, dict[str, Any]]]:
    for rule_path, rule in rules(doc):
        http = rule.get("http")
        if isinstance(http, dict):
            for index, item in dicts(http.get("paths")):
                yield (*rule_path, "http", "paths", index), item


def backends(doc: Document, validated_only: bool = False) -> Iterator[tuple[Path, Any]]:
    """spec.defaultBackend (unless absent or null) and every path's backend (even absent).

    The server validates a path's backend always (a struct in Go) and spec.defaultBackend
    only when set (a pointer). With ``validated_only``, paths without pathType are left out:
    validateHTTPIngressPath returns before the backend then (path-type-missing reports them).
    """
    return _walked(doc, ("backends", validated_only), lambda: _backends(doc, validated_only))


def _backends(doc: Document, validated_only: bool) -> Iterator[tuple[Path, Any]]:
    ingress_spec = spec(doc)
    if ingress_spec.get("defaultBackend") is not None:
        yield ("spec", "defaultBackend"), ingress_spec["defaultBackend"]
    for path, item in http_paths(doc):
        if not validated_only or item.get("pathType") is not None:
            yield (*path, "backend"), item.get("backend")


def rule_hosts(doc: Document) -> list[str | None]:
    """The host of every rule; None for a rule without host (it serves every host)."""
    hosts: list[str | None] = []
    for _, rule in rules(doc):
        host = rule.get("host")
        hosts.append(host if isinstance(host, str) and host else None)
    return hosts
