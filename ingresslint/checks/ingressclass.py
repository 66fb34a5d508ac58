"""The API server's checks of an IngressClass spec (ValidateIngressClass →
validateIngressClassSpec), after v1 defaulting (SetDefaults_IngressClass: an absent or
null parameters.scope becomes Cluster)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ingresslint.checks._ingress import is_v1, spec
from ingresslint.checks.k8s_names import (
    invalid,
    is_dns1123_label,
    is_dns1123_subdomain,
    is_domain_prefixed_path,
    is_path_segment_name,
    render,
    required,
    server_hit,
)
from ingresslint.context import Context
from ingresslint.model import Document, Hit, Path, field_path

MAX_CONTROLLER_LENGTH = 250
SCOPES = ("Cluster", "Namespace")


def ingress_class_controller_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """validateIngressClassSpec: controller required, at most 250 bytes (the path check still
    runs), and IsDomainPrefixedPath."""
    if not is_v1(doc):
        return
    controller = spec(doc).get("controller")
    path = ("spec", "controller")
    if controller is None or controller == "":
        yield server_hit(
            path,
            "spec.controller",
            required(),
            "the IngressClass names no controller: set spec.controller, e.g. k8s.io/ingress-nginx",
        )
        return
    if not isinstance(controller, str):
        return
    if len(controller.encode()) > MAX_CONTROLLER_LENGTH:
        body = f"Too long: must have at most {MAX_CONTROLLER_LENGTH} bytes"
        yield server_hit(
            path,
            "spec.controller",
            body,
            f"controller is {len(controller.encode())} bytes long: shorten it to at most 250",
        )
    for value, msg in is_domain_prefixed_path(controller):
        advice = f"controller {controller!r} is not a domain-prefixed path: write a lowercase domain, '/', and a path, e.g. example.com/ingress-controller"
        yield server_hit(path, "spec.controller", invalid(value, msg), advice)


def ingress_class_parameters_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """validateIngressClassParametersReference, after SetDefaults_IngressClass."""
    params = spec(doc).get("parameters")
    if not is_v1(doc) or not isinstance(params, dict):
        return
    base: Path = ("spec", "parameters")
    yield from reference_hits(params, base, "parameters")
    scope = params.get("scope")
    scope = "Cluster" if scope is None else scope  # SetDefaults_IngressClass
    namespace = params.get("namespace")
    if not isinstance(scope, str):
        return
    if scope not in SCOPES:
        body = f'Unsupported value: {render(scope)}: supported values: "Cluster", "Namespace"'
        yield server_hit(
            (*base, "scope"),
            "spec.parameters.scope",
            body,
            f"scope {scope!r} is not supported: write Cluster or Namespace (case-sensitive)",
        )
    elif scope == "Namespace":
        if namespace is None:
            body = required("`parameters.scope` is set to 'Namespace'")
            yield server_hit(
                (*base, "scope"),
                "spec.parameters.namespace",
                body,
                "scope Namespace needs parameters.namespace: add the namespace of the parameters object",
            )
        elif isinstance(namespace, str):
            for msg in is_dns1123_label(namespace):
                advice = f"parameters.namespace {namespace!r} is not a valid namespace name: use lowercase letters, digits and '-'"
                yield server_hit((*base, "namespace"), "spec.parameters.namespace", invalid(namespace, msg), advice)
    elif "namespace" in params and namespace is not None:
        state = "set" if "scope" in params and params["scope"] is not None else "absent, so it defaults to Cluster"
        advice = f"parameters.namespace is set but scope is {state}: remove namespace, or set scope: Namespace"
        body = "Forbidden: `parameters.scope` is set to 'Cluster'"
        yield server_hit((*base, "namespace"), "spec.parameters.namespace", body, advice)


def reference_hits(ref: dict[str, Any], base: Path, what: str) -> Iterator[Hit]:
    """validateIngressClassParametersReference and validateIngressTypedLocalObjectReference
    (same code): apiGroup (when non-null) a DNS-1123 subdomain; kind and name required and
    content.IsPathSegmentName."""
    group = ref.get("apiGroup")
    if isinstance(group, str):
        path = (*base, "apiGroup")
        for msg in is_dns1123_subdomain(group):
            advice = f"{what}.apiGroup {group!r} is not an API group: write the group, e.g. example.com, or remove apiGroup for the core group"
            yield server_hit(path, field_path(path), invalid(group, msg), advice)
    for key in ("kind", "name"):
        value = ref.get(key)
        path = (*base, key)
        if value is None or value == "":
            yield server_hit(
                path, field_path(path), required(), f"{what}.{key} is missing: set the {key} of the referenced object"
            )
        elif isinstance(value, str):
            for msg in is_path_segment_name(value):
                advice = (
                    f"{what}.{key} {value!r} cannot be a path segment: remove '/' and '%', and do not write '.' or '..'"
                )
                yield server_hit(path, field_path(path), invalid(value, msg), advice)
