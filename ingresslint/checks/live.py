"""Live-cluster mode (--cluster): what the cluster would not tell."""

from __future__ import annotations

from collections.abc import Iterator

from ingresslint.checks.references import service_refs
from ingresslint.checks.tls import tls_secrets
from ingresslint.context import Context, ManifestSet
from ingresslint.model import Hit
from ingresslint.resolver import LiveResolver, namespace_of, resolver_for


def cluster_check_skipped(manifests: ManifestSet, ctx: Context) -> Iterator[Hit]:
    """A lookup the cluster refused (403) or did not answer in time, or checks left out by
    --no-secret-data: each is reported once, on the first linted Ingress it concerns."""
    live = ctx.resolver
    if not isinstance(live, LiveResolver):
        return
    ingresses = manifests.of_kind("Ingress")
    # Make the lookups the reference rules make, so every skipped one is known whatever order
    # the rules run in; the cluster resolver caches them, so this sends no extra request.
    resolver = resolver_for(manifests, ctx)
    for doc in ingresses:
        if any(True for _ in service_refs(doc)):
            resolver.services(namespace_of(doc, ctx))
        if any(True for _ in tls_secrets(doc)):
            resolver.secrets(namespace_of(doc, ctx))
    resolver.ingress_classes()
    if ingresses:
        resolver.ingresses()
    for note in live.skipped():
        concerned = [doc for doc in ingresses if note.namespace in (None, namespace_of(doc, ctx))]
        doc = (concerned or list(ingresses) or list(manifests.documents) or [None])[0]
        if doc is not None:
            yield Hit((), note.message, doc=doc)
