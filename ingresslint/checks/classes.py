"""Checks of IngressClasses and of how Ingresses choose one."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ingresslint.checks._ingress import CLASS_ANNOTATION, DEFAULT_CLASS_ANNOTATION, annotations, marks_default, spec
from ingresslint.context import Context, ManifestSet
from ingresslint.model import Document, Hit, Related
from ingresslint.resolver import resolver_for
from ingresslint.wording import listed


def multiple_default_ingress_classes(manifests: ManifestSet, ctx: Context) -> Iterator[Hit]:
    """More than one default IngressClass (plugin/pkg/admission/network/defaultingressclass).

    Before Kubernetes 1.25 the admission plugin then refused every Ingress without a class;
    since 1.25 (PR #110974) it silently picks the newest default.
    """
    defaults = [doc for doc in manifests.of_kind("IngressClass") if marks_default(annotations(doc))]
    in_set = {doc.name for doc in manifests.of_kind("IngressClass")}
    known = resolver_for(manifests, ctx).ingress_classes() or {}  # with --cluster: the cluster's too
    elsewhere = sorted(name for name, info in known.items() if info.is_default and name not in in_set)
    names = sorted({doc.name or "<unnamed>" for doc in defaults} | set(elsewhere))
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
        ] + [f"{name} (in the cluster)" for name in elsewhere]
        yield Hit(
            ("metadata", "annotations", DEFAULT_CLASS_ANNOTATION),
            f'IngressClass {doc.name} is marked default, and so is {listed(others)}; {effect}: keep is-default-class: "true" on one class only',
            doc=doc,
            related=tuple(
                Related(
                    other,
                    ("metadata", "annotations", DEFAULT_CLASS_ANNOTATION),
                    f"IngressClass {other.name} is also the default",
                )
                for other in defaults
                if other.name != doc.name
            ),
        )


def ingress_class_not_found(manifests: ManifestSet, ctx: Context) -> Iterator[Hit]:
    """spec.ingressClassName names no IngressClass, when the IngressClasses are known."""
    resolver = resolver_for(manifests, ctx)
    messages: dict[str, str] = {}  # Ingresses made from one template name the same missing class
    for doc in manifests.of_kind("Ingress"):
        name = spec(doc).get("ingressClassName")
        classes = resolver.ingress_classes() if isinstance(name, str) else None
        if classes and name not in classes:
            if name not in messages:
                messages[name] = _class_not_found_message(name, classes)
            yield Hit(("spec", "ingressClassName"), messages[name], doc=doc)


def _class_not_found_message(name: str, classes: Mapping[str, object]) -> str:
    from ingresslint.suggest import closest

    instead = closest(name, classes) or listed(sorted(classes), " or ")
    return f"ingressClassName {name!r} names no IngressClass (known: {listed(sorted(classes))}), so no controller serves this Ingress: write {instead}"


def ingress_class_name_unread(manifests: ManifestSet, ctx: Context) -> Iterator[Hit]:
    """spec.ingressClassName names the class of a controller that reads the class only from the
    kubernetes.io/ingress.class annotation (GKE: controllers.reads_class)."""
    from ingresslint.controllers import controller_of, facts, reads_class

    for doc in manifests.of_kind("Ingress"):
        served = controller_of(doc, manifests, ctx)
        owner = facts(served)
        if owner is None or reads_class(doc, served):
            continue
        name = served.class_name
        yield Hit(
            ("spec", "ingressClassName"),
            f"ingressClassName {name!r} is a {owner.name} class, but {owner.name} reads the class only from the {CLASS_ANNOTATION} annotation and skips every Ingress that sets spec.ingressClassName, so nothing serves this one: remove spec.ingressClassName and set the annotation {CLASS_ANNOTATION}: {name}",
            doc=doc,
        )


def ingress_class_missing(manifests: ManifestSet, ctx: Context) -> Iterator[Hit]:
    """An Ingress with no class at all while no IngressClass is the default."""
    resolver = resolver_for(manifests, ctx)
    for doc in manifests.of_kind("Ingress"):
        if spec(doc).get("ingressClassName") is not None or CLASS_ANNOTATION in annotations(doc):
            continue
        classes = resolver.ingress_classes()
        if classes and not any(info.is_default for info in classes.values()):
            yield Hit(
                ("spec",) if doc.has_position(("spec",)) else (),
                f"this Ingress names no class and no IngressClass is marked default, so no controller may serve it: add spec.ingressClassName: {sorted(classes)[0]}",
                field="spec.ingressClassName",
                doc=doc,
            )


def default_class_annotation_value(doc: Document, ctx: Context) -> Iterator[Hit]:
    """is-default-class other than exactly "true" or "false": only "true" makes a default."""
    value = annotations(doc).get(DEFAULT_CLASS_ANNOTATION)
    if isinstance(value, str) and value not in ("true", "false"):
        meant = "true" if value.strip().lower() in ("true", "yes", "y", "on", "1") else "false"
        yield Hit(
            ("metadata", "annotations", DEFAULT_CLASS_ANNOTATION),
            f'{DEFAULT_CLASS_ANNOTATION} is {value!r}, which the admission controller does not honour (it compares with exactly "true"): write "{meant}"',
        )
