"""Answers about the objects an Ingress refers to: Services, Secrets, IngressClasses and the
other Ingresses.

Rules are written once against :class:`Resolver`. :class:`InSetResolver` answers from the
objects being linted; a live-cluster resolver answers from the API server. Every lookup
returns ``None`` when the resolver cannot know (no Services of that namespace in the files,
say), so a rule stays silent instead of guessing; a mapping, even empty, is a complete answer.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any, Protocol, runtime_checkable

from ingresslint.checks._ingress import annotations, marks_default
from ingresslint.context import Context, ManifestSet
from ingresslint.model import Document
from ingresslint.records import Record, init

TLS_SECRET_TYPE = "kubernetes.io/tls"


class ResolverFailed(Exception):
    """A resolver can give no answer worth trusting (a cluster that refuses the credentials or
    whose certificate does not verify): the run stops with exit 2 and this one-line message."""


class ServiceInfo(Record):
    __match_args__ = ("namespace", "name", "ports", "doc", "type", "annotations")
    __slots__ = __match_args__
    namespace: str
    name: str
    ports: tuple[tuple[int | None, str | None], ...]  # (spec.ports[].port, spec.ports[].name)
    doc: Document | None
    type: str  # spec.type
    annotations: Mapping[str, str]

    def __init__(
        self,
        namespace: str,
        name: str,
        ports: tuple[tuple[int | None, str | None], ...],
        doc: Document | None = None,
        type: str = "ClusterIP",
        annotations: Mapping[str, str] | None = None,
    ) -> None:
        init(self, "namespace", namespace)
        init(self, "name", name)
        init(self, "ports", ports)
        init(self, "doc", doc)
        init(self, "type", type)
        init(self, "annotations", {} if annotations is None else annotations)

    def has_port(self, port: int | str) -> bool:
        index = 0 if isinstance(port, int) else 1
        return any(entry[index] == port for entry in self.ports)


class SecretInfo(Record):
    __match_args__ = ("namespace", "name", "type", "data", "doc", "metadata_only")
    __slots__ = __match_args__
    namespace: str
    name: str
    type: str
    data: Mapping[str, bytes | None]  # None: present, not decodable
    doc: Document | None
    metadata_only: bool  # only its existence is known (--no-secret-data): no type, no data

    def __init__(
        self,
        namespace: str,
        name: str,
        type: str,
        data: Mapping[str, bytes | None] | None = None,
        doc: Document | None = None,
        metadata_only: bool = False,
    ) -> None:
        init(self, "namespace", namespace)
        init(self, "name", name)
        init(self, "type", type)
        init(self, "data", {} if data is None else data)
        init(self, "doc", doc)
        init(self, "metadata_only", metadata_only)


class IngressClassInfo(Record):
    __match_args__ = ("name", "controller", "is_default", "doc")
    __slots__ = __match_args__
    name: str
    controller: str | None
    is_default: bool
    doc: Document | None

    def __init__(self, name: str, controller: str | None, is_default: bool, doc: Document | None = None) -> None:
        init(self, "name", name)
        init(self, "controller", controller)
        init(self, "is_default", is_default)
        init(self, "doc", doc)


class Resolver(Protocol):
    def services(self, namespace: str) -> Mapping[str, ServiceInfo] | None:
        """The Services of ``namespace`` by name, or None when they are not known."""
        ...

    def secrets(self, namespace: str) -> Mapping[str, SecretInfo] | None:
        """The Secrets of ``namespace`` by name, or None when they are not known."""
        ...

    def ingress_classes(self) -> Mapping[str, IngressClassInfo] | None:
        """Every IngressClass by name, or None when they are not known."""
        ...

    def ingresses(self) -> tuple[Document, ...] | None:
        """Every Ingress, or None when they are not known. A conflict is reported on the later
        one, so a layered resolver puts the cluster's Ingresses before the linted ones."""
        ...


def namespace_of(doc: Document, ctx: Context) -> str:
    return doc.namespace or ctx.namespace


class InSetResolver:
    """Answers from the linted objects. The Services (Secrets) of a namespace are known when
    the set holds at least one Service (Secret) of that namespace, IngressClasses when it holds
    an IngressClass. With ``--require-refs`` everything is known: the set is taken as complete."""

    def __init__(self, manifests: ManifestSet, ctx: Context) -> None:
        self._complete = ctx.require_refs
        self._services: dict[str, dict[str, ServiceInfo]] = {}
        self._secrets: dict[str, dict[str, SecretInfo]] = {}
        self._present: set[tuple[str, str]] = set()  # (kind, namespace) present in the set
        for doc in (*manifests.of_kind("Service"), *manifests.of_kind("Secret"), *manifests.of_kind("IngressClass")):
            self._present.add((doc.kind or "", namespace_of(doc, ctx) if doc.kind != "IngressClass" else ""))
        for doc in manifests.of_kind("Service"):
            if doc.name:
                info = ServiceInfo(
                    namespace_of(doc, ctx),
                    doc.name,
                    _ports(doc),
                    doc,
                    _service_type(doc),
                    _str_map(doc.metadata, "annotations"),
                )
                self._services.setdefault(info.namespace, {}).setdefault(info.name, info)
        for doc in manifests.of_kind("Secret"):
            if doc.name:
                secret = SecretInfo(namespace_of(doc, ctx), doc.name, _secret_type(doc), _secret_data(doc), doc)
                self._secrets.setdefault(secret.namespace, {}).setdefault(secret.name, secret)
        self._classes = {doc.name: class_info(doc) for doc in manifests.of_kind("IngressClass") if doc.name}
        self._ingresses = manifests.of_kind("Ingress")

    def services(self, namespace: str) -> Mapping[str, ServiceInfo] | None:
        return self._known(("Service", namespace), self._services.get(namespace, {}))

    def secrets(self, namespace: str) -> Mapping[str, SecretInfo] | None:
        return self._known(("Secret", namespace), self._secrets.get(namespace, {}))

    def ingress_classes(self) -> Mapping[str, IngressClassInfo] | None:
        return self._known(("IngressClass", ""), self._classes)

    def ingresses(self) -> tuple[Document, ...] | None:
        return self._ingresses

    def _known(self, scope: tuple[str, str], found: Mapping[str, Any]) -> Mapping[str, Any] | None:
        return found if self._complete or scope in self._present else None


class Skipped(Record):
    """A lookup the live cluster refused or did not answer in time (or a check left out)."""

    __match_args__ = ("verb", "resource", "namespace", "message")
    __slots__ = __match_args__
    verb: str  # "list"
    resource: str  # "secrets"
    namespace: str | None  # None: cluster-wide or across all namespaces
    message: str  # what was not done, why, which checks it cost and what to grant

    def __init__(self, verb: str, resource: str, namespace: str | None, message: str) -> None:
        init(self, "verb", verb)
        init(self, "resource", resource)
        init(self, "namespace", namespace)
        init(self, "message", message)


@runtime_checkable
class LiveResolver(Resolver, Protocol):
    """A resolver over a live cluster: it can fall back to some namespaces when it may not
    list every Ingress, and it tells which lookups it could not make."""

    def ingresses_in(self, namespaces: Collection[str]) -> tuple[Document, ...] | None:
        """Every Ingress of the cluster, or when that is not allowed those of ``namespaces``."""
        ...

    def skipped(self) -> tuple[Skipped, ...]: ...


class LayeredResolver:
    """The linted set over a live cluster: an object in the files wins over the cluster's
    object of the same name (the files are what will be applied). Where the cluster cannot
    know (forbidden, timed out), the linted set answers alone."""

    def __init__(self, in_set: InSetResolver, cluster: Resolver, manifests: ManifestSet, ctx: Context) -> None:
        self._in_set, self._cluster, self._ctx = in_set, cluster, ctx
        self._linted = manifests.of_kind("Ingress")
        self._layers: dict[tuple[str, str], Mapping[str, Any] | None] = {}  # rules ask once per Ingress

    def services(self, namespace: str) -> Mapping[str, ServiceInfo] | None:
        return self._layer(("Service", namespace), self._in_set.services, self._cluster.services)

    def secrets(self, namespace: str) -> Mapping[str, SecretInfo] | None:
        return self._layer(("Secret", namespace), self._in_set.secrets, self._cluster.secrets)

    def ingress_classes(self) -> Mapping[str, IngressClassInfo] | None:
        return self._layer(
            ("IngressClass", ""), lambda _: self._in_set.ingress_classes(), lambda _: self._cluster.ingress_classes()
        )

    def _layer(self, key: tuple[str, str], in_set: Callable[[str], Any], cluster: Callable[[str], Any]) -> Any:
        if key not in self._layers:
            below, above = cluster(key[1]), in_set(key[1])
            self._layers[key] = above if below is None else {**below, **(above or {})}
        return self._layers[key]

    def ingresses(self) -> tuple[Document, ...] | None:
        """The cluster's Ingresses first (so a conflict is reported on the linted one), except
        those the set updates (same namespace and name), then the linted ones."""
        updated = {(namespace_of(doc, self._ctx), doc.name) for doc in self._linted}
        cluster = (
            self._cluster.ingresses_in(sorted({namespace for namespace, _ in updated}))
            if isinstance(self._cluster, LiveResolver)
            else self._cluster.ingresses()
        )
        kept = tuple(doc for doc in cluster or () if (namespace_of(doc, self._ctx), doc.name) not in updated)
        return kept + (self._in_set.ingresses() or ())


def resolver_for(manifests: ManifestSet, ctx: Context) -> Resolver:
    """The resolver of this run: the linted set, layered over the one in the context (the
    live cluster) when there is one."""
    key = ("resolver", ctx)
    if key not in manifests.derived:  # built once per run, not once per check
        in_set = InSetResolver(manifests, ctx)
        layered = in_set if ctx.resolver is None else LayeredResolver(in_set, ctx.resolver, manifests, ctx)
        manifests.derived[key] = layered
    return manifests.derived[key]


def _ports(doc: Document) -> tuple[tuple[int | None, str | None], ...]:
    spec = doc.data.get("spec")
    ports = spec.get("ports") if isinstance(spec, dict) else None
    out: list[tuple[int | None, str | None]] = []
    for port in ports if isinstance(ports, list) else ():
        if isinstance(port, dict):
            number = port.get("port")
            name = port.get("name")
            out.append((number if isinstance(number, int) else None, name if isinstance(name, str) else None))
    return tuple(out)


def _service_type(doc: Document) -> str:
    spec = doc.data.get("spec")
    value = spec.get("type") if isinstance(spec, dict) else None
    return value if isinstance(value, str) else "ClusterIP"


def _str_map(data: Mapping[str, Any], key: str) -> dict[str, str]:
    value = data.get(key)
    return {str(k): v for k, v in value.items() if isinstance(v, str)} if isinstance(value, dict) else {}


def _secret_type(doc: Document) -> str:
    value = doc.data.get("type")
    return value if isinstance(value, str) else "Opaque"


def decode_base64(value: str) -> bytes | None:
    """A Secret data value decoded (whitespace ignored), or None when it is not base64."""
    import base64  # only runs with Secrets import it
    import binascii

    try:
        return base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        return None


def _secret_data(doc: Document) -> dict[str, bytes | None]:
    data: dict[str, bytes | None] = {}
    raw = doc.data.get("data")
    for key, value in (raw if isinstance(raw, dict) else {}).items():
        data[str(key)] = decode_base64(str(value)) if value is not None else b""
    string_data = doc.data.get("stringData")
    for key, value in (string_data if isinstance(string_data, dict) else {}).items():
        data[str(key)] = str(value).encode() if value is not None else b""
    return data


def class_info(doc: Document) -> IngressClassInfo:
    """What an IngressClass object says: its name, spec.controller and whether it is the default."""
    return IngressClassInfo(doc.name or "", _controller(doc), marks_default(annotations(doc)), doc)


def _controller(doc: Document) -> str | None:
    spec = doc.data.get("spec")
    value = spec.get("controller") if isinstance(spec, dict) else None
    return value if isinstance(value, str) else None
