"""Checks of apiVersion against the target Kubernetes version."""

from __future__ import annotations

from collections.abc import Iterator

from ingresslint.checks._ingress import BETA_API_VERSIONS
from ingresslint.context import Context
from ingresslint.model import Document, Hit

REMOVED_IN_MINOR = 22  # extensions/v1beta1 and networking.k8s.io/v1beta1 stopped being served in 1.22

RENAMES = {
    "Ingress": (
        "and rename the fields: spec.backend -> spec.defaultBackend, backend.serviceName -> "
        "backend.service.name, backend.servicePort -> backend.service.port.number (or .name), "
        "and add pathType to every path"
    ),
    "IngressClass": "(the fields are unchanged)",
}


def removed_api_version(doc: Document, ctx: Context) -> Iterator[Hit]:
    """Ingress and IngressClass in a beta API version that the target version no longer serves."""
    api_version = doc.converted_from or doc.api_version  # loaded objects come converted (conversion.as_v1)
    if api_version not in BETA_API_VERSIONS or not ctx.kube_version.at_least(REMOVED_IN_MINOR):
        return
    if doc.kind == "IngressClass" and api_version == "extensions/v1beta1":
        return  # never served; the schema stage reports the unknown apiVersion
    yield Hit(
        ("apiVersion",),
        f"{api_version} {doc.kind} is not served since Kubernetes 1.{REMOVED_IN_MINOR} (target {ctx.kube_version}): "
        f"use apiVersion networking.k8s.io/v1 {RENAMES.get(doc.kind or '', '')}",
    )
