"""Checks of backends: spec.defaultBackend and spec.rules[].http.paths[].backend."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ingresslint.checks._ingress import backends, is_v1
from ingresslint.checks.ingressclass import reference_hits
from ingresslint.checks.k8s_names import (
    invalid,
    is_dns1035_label,
    is_dns1123_label,
    is_valid_port_name,
    is_valid_port_num,
    required,
    server_hit,
)
from ingresslint.context import Context
from ingresslint.model import Document, Hit, Path, field_path


def backend_service_and_resource(doc: Document, ctx: Context) -> Iterator[Hit]:
    """validateIngressBackend: ``cannot set both resource and service backends``."""
    if not is_v1(doc):
        return
    for path, backend in backends(doc, validated_only=True):
        if isinstance(backend, dict) and backend.get("service") is not None and backend.get("resource") is not None:
            yield Hit(
                path,
                f'{field_path(path)} sets both service and resource; a backend is either a Service or a resource: keep one; the API server rejects it with: {field_path(path)}: Invalid value: "": cannot set both resource and service backends',
                field=field_path(path),
            )


def backend_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """validateIngressBackend: ``resource or service backend is required``."""
    if not is_v1(doc):
        return
    for path, backend in backends(doc, validated_only=True):
        if backend is None or (
            isinstance(backend, dict) and backend.get("service") is None and backend.get("resource") is None
        ):
            what = "is missing" if not doc.has_position(path) else "sets neither service nor resource"
            yield Hit(
                path,
                f'{field_path(path)} {what}; add service: {{name: ..., port: {{number: ...}}}} or a resource reference; the API server rejects it with: {field_path(path)}: Invalid value: "": resource or service backend is required',
                field=field_path(path),
            )


def _services(doc: Document) -> Iterator[tuple[Path, dict[str, Any]]]:
    """(backend path, service) of every validated backend with a service and no resource:
    validateIngressBackend checks nothing else in a backend that sets both."""
    for path, backend in backends(doc, validated_only=True):
        if isinstance(backend, dict) and backend.get("resource") is None and isinstance(backend.get("service"), dict):
            yield path, backend["service"]


def backend_service_name_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """validateIngressBackend: service.name required; ValidateServiceName (NameIsDNS1035Label)
    before 1.36, NameIsDNSLabel (RFC 1123) from 1.36 (RelaxedServiceNameValidation on)."""
    if not is_v1(doc):
        return
    relaxed = ctx.kube_version.at_least(36)
    check = is_dns1123_label if relaxed else is_dns1035_label
    form = "lowercase letters, digits and '-'" + ("" if relaxed else ", starting with a letter")
    for path, service in _services(doc):
        where = (*path, "service", "name")
        name = service.get("name")
        if name is None or name == "":
            yield server_hit(
                where, field_path(where), required(), "the service backend names no Service: set service.name"
            )
        elif isinstance(name, str):
            for msg in check(name):
                advice = f"service name {name!r} cannot be a Service name: use {form}, at most 63 characters"
                yield server_hit(where, field_path(where), invalid(name, msg), advice)


def backend_port_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """validateIngressBackend: service.port.name XOR .number (0 and "" count as unset), one
    required; IsValidPortName (IANA service name) and IsValidPortNum (1-65535)."""
    if not is_v1(doc):
        return
    for path, service in _services(doc):
        port = {} if service.get("port") is None else service["port"]
        name, number = (port.get("name"), port.get("number")) if isinstance(port, dict) else (None, None)
        if not isinstance(port, dict) or (type(number) is int and not -(2**31) <= number < 2**31):
            continue  # a decoding error (wrong type, int32 overflow): the schema rule reports it
        has_name = isinstance(name, str) and name != ""
        has_number = isinstance(number, int) and not isinstance(number, bool) and number != 0
        where = (*path, "service", "port")
        if has_name and has_number:
            advice = "service.port sets both name and number: keep one"
            yield server_hit(where, field_path(path), invalid("", "cannot set both port name & port number"), advice)
        elif has_name:
            for msg in is_valid_port_name(name):
                advice = f"port name {name!r} is not a valid port name: use at most 15 lowercase letters, digits and single '-', with a letter, or use number"
                yield server_hit((*where, "name"), field_path((*where, "name")), invalid(name, msg), advice)
        elif has_number:
            for msg in is_valid_port_num(number):
                advice = f"port number {number} is out of range: use the Service port, 1-65535"
                yield server_hit((*where, "number"), field_path((*where, "number")), invalid(number, msg), advice)
        elif isinstance(name, str | None) and (number is None or type(number) is int):
            # neither (a wrongly typed value is a decoding error: the schema rule reports it)
            advice = "service.port sets neither name nor number: add port: {number: 80} or port: {name: http}"
            yield server_hit(where, field_path(path), required("port name or number is required"), advice)


def backend_resource_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """validateIngressBackend → validateIngressTypedLocalObjectReference (backend.resource)."""
    if not is_v1(doc):
        return
    for path, backend in backends(doc, validated_only=True):
        if isinstance(backend, dict) and backend.get("service") is None and isinstance(backend.get("resource"), dict):
            yield from reference_hits(backend["resource"], (*path, "resource"), "resource")
