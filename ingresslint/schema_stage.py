"""The schema stage: strict JSON-schema validation of Ingress and IngressClass objects,
turned into ``schema`` findings that point at the offending node. Missing fields are not
schema findings (the decoder enforces no ``required``): the rules that follow
validation.go report them with the server's field path and message."""

from __future__ import annotations

from collections.abc import Iterator

from ingresslint.checks._ingress import BETA_API_VERSIONS
from ingresslint.context import Context
from ingresslint.metadata import rule_doc
from ingresslint.model import Document, Finding, Path
from ingresslint.schema import has_schema, schema_errors

SCHEMA_KINDS = ("Ingress", "IngressClass")


def schema_findings(doc: Document, ctx: Context) -> Iterator[Finding]:
    kind, api_version = doc.kind, doc.api_version
    if kind not in SCHEMA_KINDS:
        return
    if api_version is None or not has_schema(api_version, kind):
        if api_version not in BETA_API_VERSIONS:
            yield _finding(doc, ("apiVersion",), "apiVersion", _unknown_api_version(api_version, kind))
        return
    for error in schema_errors(doc.data, api_version, kind, str(ctx.kube_version)):
        yield _finding(doc, error.path, error.field, error.message)


def _unknown_api_version(api_version: str | None, kind: str) -> str:
    if api_version is None:
        return f"apiVersion is missing; a {kind} needs apiVersion: networking.k8s.io/v1"
    return f"no {kind} is served in apiVersion {api_version!r}; use networking.k8s.io/v1"


def _finding(doc: Document, path: Path, field: str, message: str) -> Finding:
    line, column = doc.position(path)
    return Finding("schema", rule_doc("schema").severity, message, doc.source, line, column, doc.ref, field)
