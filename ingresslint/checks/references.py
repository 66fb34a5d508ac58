"""Checks of the Services that Ingress backends refer to, through the Resolver."""

from __future__ import annotations

from collections.abc import Iterator

from ingresslint.checks._ingress import backends, is_v1, spec
from ingresslint.context import Context, ManifestSet
from ingresslint.controllers import controller_of, reads_class
from ingresslint.model import Document, Hit, Path
from ingresslint.resolver import ServiceInfo, namespace_of, resolver_for

ALB_ACTION_PORT = "use-annotation"  # AWS Load Balancer Controller: the action annotation decides
GCE = "gce"  # GKE's own Ingress controller (ingress-gce) in rules/catalog/controllers.yaml
NEG_ANNOTATION = "cloud.google.com/neg"


def service_refs(doc: Document) -> Iterator[tuple[Path, str, Path, int | str | None]]:
    """(backend path, Service name, port path, port number or name) of every Service backend,
    in networking.k8s.io/v1 (service.name, service.port) and v1beta1 (serviceName, servicePort)."""
    found = list(backends(doc))
    legacy = spec(doc).get("backend")
    if legacy is not None and not is_v1(doc):
        found.insert(0, (("spec", "backend"), legacy))
    for path, backend in found:
        if not isinstance(backend, dict):
            continue
        service = backend.get("service")
        if isinstance(service, dict) and isinstance(service.get("name"), str):
            port = service.get("port")
            port = port if isinstance(port, dict) else {}
            key = "number" if port.get("number") is not None else "name"
            yield path, service["name"], (*path, "service", "port", key), port.get(key)
        elif isinstance(backend.get("serviceName"), str):
            yield path, backend["serviceName"], (*path, "servicePort"), backend.get("servicePort")


def service_not_found(manifests: ManifestSet, ctx: Context) -> Iterator[Hit]:
    """A backend Service missing from a namespace whose Services are known."""
    from ingresslint.described import describes

    resolver = resolver_for(manifests, ctx)
    for doc in manifests.of_kind("Ingress"):
        namespace = namespace_of(doc, ctx)
        services = resolver.services(namespace)
        if services is None:
            continue
        refs = list(service_refs(doc))
        names = {ref[1] for ref in refs}
        missing = any(name not in services for name in names)  # not names - keys(): that walks every key
        described = describes(doc, namespace, names, manifests, ctx) if missing else None
        if described is None:
            continue  # nothing missing, or the namespace's Services are in files unrelated to this Ingress
        for path, name, _, _ in refs:
            if name not in services:
                from ingresslint.suggest import Suggestions

                key = ("service names", namespace)  # indexed once per namespace
                suggestions = manifests.derived.get(key) or manifests.derived.setdefault(key, Suggestions(services))
                close = suggestions.closest(name)
                instead = f"did you mean {close}?" if close else "create it or fix the name"
                where = "in the cluster and the linted files" if ctx.resolver is not None else "in the linted files"
                yield Hit(
                    (*path, "service", "name") if doc.has_position((*path, "service", "name")) else path,
                    f"backend Service {namespace}/{name} is not among the {len(services)} Services of {namespace} {where} ({described}), so requests would get 503: {instead}",
                    doc=doc,
                )


def service_port_not_found(manifests: ManifestSet, ctx: Context) -> Iterator[Hit]:
    """A backend port that the Service does not expose (spec.ports[].port or .name)."""
    resolver = resolver_for(manifests, ctx)
    for doc in manifests.of_kind("Ingress"):
        services = resolver.services(namespace_of(doc, ctx)) or {}  # a Service in the set is known
        for _, name, port_path, port in service_refs(doc):
            service = services.get(name)
            wrong_type = port_path[-1] == "number" and not isinstance(port, int)  # the schema reports it
            if (
                service is None
                or wrong_type
                or not isinstance(port, (int, str))
                or isinstance(port, bool)
                or port == ALB_ACTION_PORT
            ):
                continue
            if not service.has_port(port):
                numbers = [str(number) for number, _ in service.ports if number is not None]
                names = [port_name for _, port_name in service.ports if port_name]
                offer = ", ".join(numbers + names) or "no ports"
                yield Hit(
                    port_path,
                    f"Service {service.namespace}/{name} has no port {port!r} (it exposes {offer}; targetPort and nodePort do not count): use one of its spec.ports[].port numbers or names",
                    doc=doc,
                )


def service_not_nodeport(manifests: ManifestSet, ctx: Context) -> Iterator[Hit]:
    """GKE Ingress (the controller model says ingress-gce: a gce* class annotation) with a
    ClusterIP backend Service that is not exposed through NEGs: the load balancer needs a
    NodePort (or LoadBalancer) Service, or container-native load balancing."""
    resolver = resolver_for(manifests, ctx)
    for doc in manifests.of_kind("Ingress"):
        served = controller_of(doc, manifests, ctx)
        if served.id != GCE or not reads_class(doc, served):
            continue  # not GKE's, or GKE skips it (ingress-class-name-unread)
        named = served.class_name or GCE
        services = resolver.services(namespace_of(doc, ctx)) or {}
        for path, name, _, _ in service_refs(doc):
            service = services.get(name)
            if service is not None and service.type == "ClusterIP" and not _neg_for_ingress(service):
                yield Hit(
                    (*path, "service", "name") if doc.has_position((*path, "service", "name")) else path,
                    f"Service {service.namespace}/{name} is of type ClusterIP without the {NEG_ANNOTATION} annotation, but GKE Ingress (class {named}) routes to NodePorts or network endpoint groups: annotate the Service {NEG_ANNOTATION}: '{{\"ingress\": true}}' or make it type NodePort",
                    doc=doc,
                )


def _neg_for_ingress(service: ServiceInfo) -> bool:
    """Whether the NEG annotation exposes the Service to Ingress (an unreadable value counts:
    no guessing)."""
    import json

    value = service.annotations.get(NEG_ANNOTATION)
    if value is None:
        return False
    try:
        parsed = json.loads(value)
    except ValueError:
        return True
    return not isinstance(parsed, dict) or parsed.get("ingress") is True
