"""Checks of IngressClasses and of how Ingresses choose one."""

from __future__ import annotations

from collections.abc import Iterator

from ingresslint.checks._ingress import annotations
from ingresslint.context import Context, ManifestSet
from ingresslint.model import Document, Hit

DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class"


def is_default_class(doc: Document) -> bool:
    """The DefaultIngressClass admission plugin honours exactly the string "true"."""
    return annotations(doc).get(DEFAULT_CLASS_ANNOTATION) == "true"


def multiple_default_ingress_classes(manifests: ManifestSet, ctx: Context) -> Iterator[Hit]:
    """More than one default IngressClass (plugin/pkg/admission/network/defaultingressclass).

    Before Kubernetes 1.25 the admission plugin then refused every Ingress without a class;
    since 1.25 (PR #110974) it silently picks the newest default.
    """
    defaults = [doc for doc in manifests.of_kind("IngressClass") if is_default_class(doc)]
    names = sorted({doc.name or "<unnamed>" for doc in defaults})
    if len(names) < 2:
        return
    effect = (
        "the newest one is then picked for Ingresses without a class"
        if ctx.kube_version.at_least(25)
        else "the API server then rejects every Ingress created without a class"
    )
    for doc in defaults:
        others = [
            f"{other.name} ({other.source}:{other.position(())[0]})" for other in defaults if other.name != doc.name
        ]
        yield Hit(
            ("metadata", "annotations", DEFAULT_CLASS_ANNOTATION),
            f'IngressClass {doc.name} is marked default, and so is {", ".join(others)}; {effect}: keep is-default-class: "true" on one class only',
            doc=doc,
        )
