"""Answers about the objects an Ingress refers to: Services, Secrets, IngressClasses and the
other Ingresses.

Rules are written once against :class:`Resolver`. :class:`InSetResolver` answers from the
objects being linted; a live-cluster resolver answers from the API server. Every lookup
returns ``None`` when the resolver cannot know (no Services of that namespace in the files,
say), so a rule stays silent instead of guessing; a mapping, even empty, is a complete answer.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ingresslint.context import Context, ManifestSet
from ingresslint.model import Document

TLS_SECRET_TYPE = "kubernetes.io/tls"
DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class"


@dataclass(frozen=True)
class ServiceInfo:
    namespace: str
    name: str
    ports: tuple[tuple[int | None, str | None], ...]  # (spec.ports[].port, spec.ports[].name)
    doc: Document | None = None

    def has_port(self, port: int | str) -> bool:
        index = 0 if isinstance(port, int) else 1
        return any(entry[index] == port for entry in self.ports)


@dataclass(frozen=True)
class SecretInfo:
    namespace: str
    name: str
    type: str
    data: Mapping[str, bytes | None] = field(default_factory=dict)  # None: present, not decodable
    doc: Document | None = None


@dataclass(frozen=True)
class IngressClassInfo:
    name: str
    controller: str | None
    is_default: bool
    doc: Document | None = None


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
        """Every Ingress (linted ones first), or None when they are not known."""
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
                info = ServiceInfo(namespace_of(doc, ctx), doc.name, _ports(doc), doc)
                self._services.setdefault(info.namespace, {}).setdefault(info.name, info)
        for doc in manifests.of_kind("Secret"):
            if doc.name:
                secret = SecretInfo(namespace_of(doc, ctx), doc.name, _secret_type(doc), _secret_data(doc), doc)
                self._secrets.setdefault(secret.namespace, {}).setdefault(secret.name, secret)
        self._classes = {
            doc.name: IngressClassInfo(doc.name, _controller(doc), _is_default(doc), doc)
            for doc in manifests.of_kind("IngressClass")
            if doc.name
        }
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


def resolver_for(manifests: ManifestSet, ctx: Context) -> Resolver:
    """The resolver of this run: the one in the context (live cluster) or the linted set."""
    return ctx.resolver if ctx.resolver is not None else InSetResolver(manifests, ctx)


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


def _secret_type(doc: Document) -> str:
    value = doc.data.get("type")
    return value if isinstance(value, str) else "Opaque"


def _secret_data(doc: Document) -> dict[str, bytes | None]:
    data: dict[str, bytes | None] = {}
    raw = doc.data.get("data")
    for key, value in (raw if isinstance(raw, dict) else {}).items():
        try:
            data[str(key)] = base64.b64decode("".join(str(value).split()), validate=True) if value is not None else b""
        except (binascii.Error, ValueError):
            data[str(key)] = None
    string_data = doc.data.get("stringData")
    for key, value in (string_data if isinstance(string_data, dict) else {}).items():
        data[str(key)] = str(value).encode() if value is not None else b""
    return data


def _controller(doc: Document) -> str | None:
    spec = doc.data.get("spec")
    value = spec.get("controller") if isinstance(spec, dict) else None
    return value if isinstance(value, str) else None


def _is_default(doc: Document) -> bool:
    notes = doc.metadata.get("annotations")
    return isinstance(notes, dict) and notes.get(DEFAULT_CLASS_ANNOTATION) == "true"
