"""Checks of backends: spec.defaultBackend and spec.rules[].http.paths[].backend."""

from __future__ import annotations

from collections.abc import Iterator

from ingresslint.checks._ingress import backends, is_v1
from ingresslint.context import Context
from ingresslint.model import Document, Hit, field_path


def backend_service_and_resource(doc: Document, ctx: Context) -> Iterator[Hit]:
    """validateIngressBackend: ``cannot set both resource and service backends``."""
    if not is_v1(doc):
        return
    for path, backend in backends(doc):
        if isinstance(backend, dict) and backend.get("service") is not None and backend.get("resource") is not None:
            yield Hit(
                path,
                f"{field_path(path)} sets both service and resource; a backend is either a Service or a resource: keep one",
                field=field_path(path),
            )


def backend_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """validateIngressBackend: ``either service or resource backend must be specified``."""
    if not is_v1(doc):
        return
    for path, backend in backends(doc):
        if backend is None or (
            isinstance(backend, dict) and backend.get("service") is None and backend.get("resource") is None
        ):
            what = "is missing" if not doc.has_position(path) else "sets neither service nor resource"
            yield Hit(
                path,
                f"{field_path(path)} {what}; add service: {{name: ..., port: {{number: ...}}}} or a resource reference",
                field=field_path(path),
            )
