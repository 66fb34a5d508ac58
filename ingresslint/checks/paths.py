"""Checks of spec.rules[].http.paths[]."""

from __future__ import annotations

from collections.abc import Iterator

from ingresslint.checks._ingress import http_paths, is_v1
from ingresslint.context import Context
from ingresslint.model import Document, Hit, field_path

PATH_TYPES = ("Exact", "Prefix", "ImplementationSpecific")


def path_type_missing(doc: Document, ctx: Context) -> Iterator[Hit]:
    """networking.k8s.io/v1 requires pathType on every path (validateHTTPIngressPath:
    ``field.Required(fldPath.Child("pathType"), "pathType must be specified")``)."""
    if not is_v1(doc):
        return
    for path, item in http_paths(doc):
        if item.get("pathType") is None:
            state = "is null" if "pathType" in item else "is missing"
            yield Hit(
                (*path, "pathType") if "pathType" in item else path,
                f"pathType {state}; networking.k8s.io/v1 requires one of Exact, Prefix or ImplementationSpecific (Prefix matches the path and everything below it)",
                field=field_path((*path, "pathType")),
            )
