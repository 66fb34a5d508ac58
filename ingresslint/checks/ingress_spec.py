"""The API server's checks of an Ingress spec as a whole (ValidateIngressSpec) and of the
class annotation against spec.ingressClassName (ValidateIngressCreate)."""

from __future__ import annotations

from collections.abc import Iterator

from ingresslint.checks._ingress import CLASS_ANNOTATION, annotations, is_v1, spec
from ingresslint.checks.k8s_names import invalid, is_dns1123_subdomain, server_hit
from ingresslint.context import Context
from ingresslint.model import Document, Hit


def ingress_spec_empty(doc: Document, ctx: Context) -> Iterator[Hit]:
    """ValidateIngressSpec: ``either `defaultBackend` or `rules` must be specified``."""
    ingress_spec = spec(doc)
    rules = ingress_spec.get("rules")
    if not is_v1(doc) or ingress_spec.get("defaultBackend") is not None or rules not in (None, []):
        return
    value = "[]networking.IngressRule{}" if rules == [] else "[]networking.IngressRule(nil)"
    body = f"Invalid value: {value}: either `defaultBackend` or `rules` must be specified"
    path = ("spec", "rules") if rules == [] else ("spec",)
    yield server_hit(path, "spec", body, "the Ingress routes nothing: add spec.rules or spec.defaultBackend")


def ingress_class_name_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """ValidateIngressSpec: ValidateIngressClassName (NameIsDNSSubdomain) when the field is
    set; ``""`` counts as set, null does not."""
    name = spec(doc).get("ingressClassName")
    if not is_v1(doc) or not isinstance(name, str):
        return
    for msg in is_dns1123_subdomain(name):
        advice = f"ingressClassName {name!r} is not a valid IngressClass name: write the name of an IngressClass (lowercase letters, digits, '-' and '.'), or remove the field"
        yield server_hit(("spec", "ingressClassName"), "spec.ingressClassName", invalid(name, msg), advice)


def ingress_class_annotation_conflict(doc: Document, ctx: Context) -> Iterator[Hit]:
    """ValidateIngressCreate: the kubernetes.io/ingress.class annotation (any value, "" too)
    with spec.ingressClassName set. From 1.27 (kubernetes/kubernetes#115447) only differing
    values are refused; before, any combination was."""
    meta_annotations = annotations(doc)
    name = spec(doc).get("ingressClassName")
    if not is_v1(doc) or CLASS_ANNOTATION not in meta_annotations or not isinstance(name, str):
        return
    value = meta_annotations[CLASS_ANNOTATION]
    value = "" if value is None else value
    if not isinstance(value, str):
        return
    field = f"annotations.{CLASS_ANNOTATION}"
    path = ("metadata", "annotations", CLASS_ANNOTATION)
    if ctx.kube_version.at_least(27):
        if value != name:
            advice = f"the {CLASS_ANNOTATION} annotation ({value!r}) and spec.ingressClassName ({name!r}) differ: remove the deprecated annotation and keep spec.ingressClassName"
            yield server_hit(
                path, field, invalid(value, "must match `ingressClassName` when both are specified"), advice
            )
    else:
        advice = f"before Kubernetes 1.27 the {CLASS_ANNOTATION} annotation and spec.ingressClassName cannot both be set: remove the deprecated annotation"
        yield server_hit(path, field, invalid(value, "can not be set when the class field is also set"), advice)
