"""Checks of the Services that Ingress backends refer to, through the Resolver."""

from __future__ import annotations

from collections.abc import Iterator

from ingresslint.checks._ingress import backends, is_v1, spec
from ingresslint.context import Context, ManifestSet
from ingresslint.model import Document, Hit, Path
from ingresslint.resolver import namespace_of, resolver_for

ALB_ACTION_PORT = "use-annotation"  # AWS Load Balancer Controller: the action annotation decides


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
    resolver = resolver_for(manifests, ctx)
    for doc in manifests.of_kind("Ingress"):
        namespace = namespace_of(doc, ctx)
        services = resolver.services(namespace)
        if services is None:
            continue
        for path, name, _, _ in service_refs(doc):
            if name not in services:
                import difflib

                close = difflib.get_close_matches(name, list(services), n=1)
                instead = f"did you mean {close[0]}?" if close else "create it or fix the name"
                yield Hit(
                    (*path, "service", "name") if doc.has_position((*path, "service", "name")) else path,
                    f"backend Service {namespace}/{name} is not among the {len(services)} Services of {namespace} in the linted files, so requests would get 503: {instead}",
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
