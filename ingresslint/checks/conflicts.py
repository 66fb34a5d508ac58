"""Checks across Ingresses: two paths that claim exactly the same requests."""

from __future__ import annotations

from collections.abc import Iterator

from ingresslint.checks._ingress import CLASS_ANNOTATION, annotations, http_paths, rules, spec
from ingresslint.checks.paths import REGEX_CHARS
from ingresslint.context import Context, ManifestSet
from ingresslint.matching import prefix_key
from ingresslint.model import Document, Hit, Path, Related
from ingresslint.resolver import resolver_for

CANARY = "nginx.ingress.kubernetes.io/canary"
ALB_CLASS, ALB_CONTROLLER, ALB_GROUP = "alb", "ingress.k8s.aws/alb", "alb.ingress.kubernetes.io/group.name"


def route_key(path_type: object, path: object) -> tuple[str, str] | None:
    """The (pathType, path) two paths share exactly when they match the same requests:
    Prefix (and ImplementationSpecific, treated as Prefix unless it holds a regex) ignores a
    trailing slash."""
    if not isinstance(path_type, str) or not isinstance(path, str):
        return None
    if path_type == "Prefix" or (path_type == "ImplementationSpecific" and not set(path) & REGEX_CHARS):
        return path_type, prefix_key(path)
    return path_type, path


def duplicate_host_path(manifests: ManifestSet, ctx: Context) -> Iterator[Hit]:
    """The same host, pathType and path twice in one Ingress or in Ingresses of one class."""
    resolver = resolver_for(manifests, ctx)
    classes = resolver.ingress_classes() or {}
    default = next((name for name, info in classes.items() if info.is_default), "")
    seen: dict[tuple[str, str, str, str], tuple[Document, Path]] = {}
    one_cluster = ctx.resolver is not None  # --cluster: every file is applied to that cluster
    for doc in resolver.ingresses() or ():
        if annotations(doc).get(CANARY) == "true":
            continue  # canary Ingresses duplicate a host/path on purpose
        explicit = _class_of(doc)
        ingress_class = explicit or default
        if ingress_class == ALB_CLASS or (
            ingress_class in classes and classes[ingress_class].controller == ALB_CONTROLLER
        ):
            # AWS Load Balancer Controller: one load balancer per Ingress group, not per class
            group = annotations(doc).get(ALB_GROUP)
            ingress_class = f"alb:{group}" if isinstance(group, str) else f"alb:{doc.namespace}/{doc.name}@{doc.source}"
        hosts = {rule_path: rule.get("host") for rule_path, rule in rules(doc)}
        for path, item in http_paths(doc):
            route = route_key(item.get("pathType"), item.get("path"))
            if route is None:
                continue
            host = hosts.get(path[:3])
            # Ingresses of different files are compared only when both name their class: a
            # directory of unrelated examples is not one cluster.
            key = (
                ingress_class if explicit or one_cluster else f"{ingress_class}@{doc.source}",
                host.lower() if isinstance(host, str) else "*",
                *route,
            )
            first = seen.setdefault(key, (doc, path))
            if first[0] is doc and first[1] == path:
                continue
            if first[0] is not doc and _same_object(first[0], doc):
                continue  # one object written twice (a kustomize base and its patch, say)
            other = Related(first[0], (*first[1], "path"), f"the same host and path in {first[0].ref.describe()}")
            yield Hit((*path, "path"), _message(doc, first, host, route), doc=doc, related=(other,))


def _message(doc: Document, first: tuple[Document, Path], host: object, route: tuple[str, str]) -> str:
    other, other_path = first
    line = other.position((*other_path, "path"))[0]
    where = "this Ingress" if other is doc else f"{other.ref.describe()}"
    host_text = host if isinstance(host, str) else "every host"
    location = f"{other.source}:{line}" if other.positions else "in the cluster"  # --cluster: no file, no line
    return (
        f"{route[0]} path {route[1]} on {host_text} is already routed by {where} ({location}), "
        "so this one is never selected and ingress-nginx rejects it: remove one or change its host or path"
    )


def _class_of(doc: Document) -> str | None:
    name = spec(doc).get("ingressClassName")
    if isinstance(name, str):
        return name
    annotated = annotations(doc).get(CLASS_ANNOTATION)
    return annotated if isinstance(annotated, str) else None


def _same_object(one: Document, two: Document) -> bool:
    return (one.name or "") == (two.name or "") and one.namespace == two.namespace
