"""The schema stage: strict JSON-schema validation of Ingress and IngressClass objects,
turned into ``schema`` findings that point at the offending node."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ingresslint.checks._ingress import BETA_API_VERSIONS
from ingresslint.context import Context
from ingresslint.metadata import rule_doc
from ingresslint.model import Document, Finding, Path
from ingresslint.schema import has_schema, schema_errors

SCHEMA_KINDS = ("Ingress", "IngressClass")

# Missing or null fields that a dedicated rule reports with the server's own message.
OWNED_BY_RULES = (
    re.compile(r"spec\.rules\[\d+\]\.http\.paths\[\d+\]\.pathType"),  # path-type-missing
    re.compile(r"spec\.rules\[\d+\]\.http\.paths\[\d+\]\.backend"),  # backend-missing
    re.compile(r"spec\.rules\[\d+\]\.http\.paths"),  # http-paths-empty
    re.compile(
        r"spec\.(defaultBackend|rules\[\d+\]\.http\.paths\[\d+\]\.backend)\.service\.name"
    ),  # backend-service-name-invalid
    re.compile(
        r"spec\.(defaultBackend|rules\[\d+\]\.http\.paths\[\d+\]\.backend)\.resource\.(kind|name)"
    ),  # backend-resource-invalid
    re.compile(r"spec\.parameters\.(kind|name)"),  # ingress-class-parameters-invalid
    re.compile(r"metadata\.ownerReferences\[\d+\]\.(apiVersion|kind|name|uid)"),  # metadata-owner-references-invalid
)


def schema_findings(doc: Document, ctx: Context) -> Iterator[Finding]:
    kind, api_version = doc.kind, doc.api_version
    if kind not in SCHEMA_KINDS:
        return
    if api_version is None or not has_schema(api_version, kind):
        if api_version not in BETA_API_VERSIONS:
            yield _finding(doc, ("apiVersion",), "apiVersion", _unknown_api_version(api_version, kind))
        return
    for error in schema_errors(doc.data, api_version, kind, str(ctx.kube_version)):
        if not _owned(doc.data, error.path, error.field):
            yield _finding(doc, error.path, error.field, error.message)


def _unknown_api_version(api_version: str | None, kind: str) -> str:
    if api_version is None:
        return f"apiVersion is missing; a {kind} needs apiVersion: networking.k8s.io/v1"
    return f"no {kind} is served in apiVersion {api_version!r}; use networking.k8s.io/v1"


def _owned(data: dict[str, Any], path: Path, field: str) -> bool:
    if not any(pattern.fullmatch(field) for pattern in OWNED_BY_RULES):
        return False
    return _value_at(data, field) is None


def _value_at(data: Any, field: str) -> Any:
    for part in re.findall(r"[^.\[\]]+", field):
        if isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        elif isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def _finding(doc: Document, path: Path, field: str, message: str) -> Finding:
    line, column = doc.position(path)
    return Finding("schema", rule_doc("schema").severity, message, doc.source, line, column, doc.ref, field)
