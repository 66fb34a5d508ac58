"""ingresslint gateway: each annotation family and core feature classified as the sources say.

Every case names the source of its classification (ingress2gateway v1.1.0 unless it is a
gateway-api or documentation page); the test checks that the mapping file cites it too.
"""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ingresslint.cli import main
from ingresslint.context import Context, ManifestSet
from ingresslint.gateway import Item, Migration, analyse, gateway_catalog, strip_prefix_rewrite
from ingresslint.loader import load_sources
from tests.conftest import FIXTURES, SHARED, source

I2GW = "kubernetes-sigs/ingress2gateway@5327b1a6a806fc5470d5f7dddeef6076fdb94d9e:pkg/i2gw/providers/"


def ingress(
    annotations: dict[str, str] | None = None,
    class_name: str | None = "nginx",
    body: str | None = None,
    name: str = "web",
    api_version: str = "networking.k8s.io/v1",
) -> str:
    lines = [f"apiVersion: {api_version}", "kind: Ingress", "metadata:", f"  name: {name}", "  namespace: shop"]
    if annotations:
        lines.append("  annotations:")
        lines += [f"    {key}: {json.dumps(value)}" for key, value in annotations.items()]
    lines.append("spec:")
    if class_name is not None:
        lines.append(f"  ingressClassName: {class_name}")
    lines.append(textwrap.indent(textwrap.dedent(body or DEFAULT_BODY).strip("\n"), "  "))
    return "\n".join(lines) + "\n"


DEFAULT_BODY = """
rules:
- host: shop.example.com
  http:
    paths:
    - path: /
      pathType: Prefix
      backend:
        service:
          name: web
          port:
            number: 80
"""


def migrations(*texts: str) -> list[Migration]:
    docs = load_sources(iter([source(text, f"in{index}.yaml") for index, text in enumerate(texts)])).documents
    return analyse(ManifestSet(tuple(docs)), Context()).migrations


def item(migration: Migration, name: str) -> Item:
    found = [entry for entry in migration.items if entry.name == name]
    assert found, f"{name} not in {[entry.name for entry in migration.items]}"
    return found[0]


# (annotations, class, key looked at, support, text in gatewayApi, source the mapping cites)
ANNOTATION_CASES = [
    # ingress-nginx canary
    (
        {"nginx.ingress.kubernetes.io/canary": "true", "nginx.ingress.kubernetes.io/canary-weight": "20"},
        "nginx",
        "nginx.ingress.kubernetes.io/canary-weight",
        "converts",
        "backendRefs weight",
        "ingressnginx/canary.go (parseCanaryConfig)",
    ),
    (
        {"nginx.ingress.kubernetes.io/canary": "true", "nginx.ingress.kubernetes.io/canary-by-header": "X-Canary"},
        "nginx",
        "nginx.ingress.kubernetes.io/canary-by-header",
        "converts",
        "match headers",
        "ingressnginx/canary.go (createHeaderMatchRule)",
    ),
    (
        {"nginx.ingress.kubernetes.io/canary": "true", "nginx.ingress.kubernetes.io/canary-by-cookie": "beta"},
        "nginx",
        "nginx.ingress.kubernetes.io/canary-by-cookie",
        "none",
        None,
        "ingressnginx/canary.go (parseCanaryConfig)",
    ),
    (
        {"nginx.ingress.kubernetes.io/canary": "true", "nginx.ingress.kubernetes.io/canary-by-header-pattern": "^a"},
        "nginx",
        "nginx.ingress.kubernetes.io/canary-by-header-pattern",
        "implementation-specific",
        "RegularExpression",
        "ingressnginx/canary.go (parseCanaryConfig)",
    ),
    # rewrites and redirects
    (
        {"nginx.ingress.kubernetes.io/rewrite-target": "/"},
        "nginx",
        "nginx.ingress.kubernetes.io/rewrite-target",
        "converts",
        "URLRewrite: ReplaceFullPath",
        "ingressnginx/rewrite.go (applyRewriteTargetToEmitterIR)",
    ),
    (
        {"nginx.ingress.kubernetes.io/app-root": "/app"},
        "nginx",
        "nginx.ingress.kubernetes.io/app-root",
        "converts",
        "RequestRedirect",
        "ingressnginx/approot.go (appRootFeature)",
    ),
    (
        {"nginx.ingress.kubernetes.io/permanent-redirect": "https://new.example.com"},
        "nginx",
        "nginx.ingress.kubernetes.io/permanent-redirect",
        "converts",
        "RequestRedirect",
        "ingressnginx/redirect.go (redirectFeature)",
    ),
    (
        {"nginx.ingress.kubernetes.io/from-to-www-redirect": "true"},
        "nginx",
        "nginx.ingress.kubernetes.io/from-to-www-redirect",
        "converts",
        "RequestRedirect",
        "ingressnginx/redirect.go (addWWWRedirect)",
    ),
    (
        {"nginx.ingress.kubernetes.io/ssl-redirect": "false"},
        "nginx",
        "nginx.ingress.kubernetes.io/ssl-redirect",
        "converts",
        "RequestRedirect",
        "ingressnginx/redirect.go (addSSLAndTrailingSlashRedirects)",
    ),
    (
        {"nginx.ingress.kubernetes.io/force-ssl-redirect": "true"},
        "nginx",
        "nginx.ingress.kubernetes.io/force-ssl-redirect",
        "manual",
        "RequestRedirect",
        "ingressnginx/converter.go (convert)",
    ),
    (
        {"nginx.ingress.kubernetes.io/proxy-redirect-from": "http://a/"},
        "nginx",
        "nginx.ingress.kubernetes.io/proxy-redirect-from",
        "none",
        None,
        "ingressnginx/redirect.go (redirectFeature)",
    ),
    # headers, timeouts, body size
    (
        {"nginx.ingress.kubernetes.io/upstream-vhost": "internal"},
        "nginx",
        "nginx.ingress.kubernetes.io/upstream-vhost",
        "converts",
        "RequestHeaderModifier",
        "ingressnginx/headers.go (headerModifierFeature)",
    ),
    (
        {"nginx.ingress.kubernetes.io/custom-headers": "shop/headers"},
        "nginx",
        "nginx.ingress.kubernetes.io/custom-headers",
        "manual",
        "ResponseHeaderModifier",
        "ingressnginx/headers.go (headerModifierFeature)",
    ),
    (
        {"nginx.ingress.kubernetes.io/proxy-read-timeout": "120"},
        "nginx",
        "nginx.ingress.kubernetes.io/proxy-read-timeout",
        "converts",
        "timeouts.request",
        "ingressnginx/timeouts.go (applyTimeoutsToEmitterIR)",
    ),
    (
        {"nginx.ingress.kubernetes.io/proxy-body-size": "8m"},
        "nginx",
        "nginx.ingress.kubernetes.io/proxy-body-size",
        "implementation-specific",
        "BackendTrafficPolicy",
        "ingressnginx/bodysize.go (applyBodySizeToEmitterIR)",
    ),
    # backend protocol and backend TLS
    (
        {"nginx.ingress.kubernetes.io/backend-protocol": "GRPC"},
        "nginx",
        "nginx.ingress.kubernetes.io/backend-protocol",
        "converts",
        "GRPCRoute",
        "ingressnginx/converter.go (convert)",
    ),
    (
        {"nginx.ingress.kubernetes.io/backend-protocol": "HTTPS"},
        "nginx",
        "nginx.ingress.kubernetes.io/backend-protocol",
        "implementation-specific",
        "insecureSkipVerify",
        "ingressnginx/converter.go (convert)",
    ),
    (
        {"nginx.ingress.kubernetes.io/backend-protocol": "https", "nginx.ingress.kubernetes.io/proxy-ssl-verify": "on"},
        "nginx",
        "nginx.ingress.kubernetes.io/backend-protocol",
        "manual",
        "BackendTLSPolicy",
        "ingressnginx/converter.go (convert)",
    ),
    (
        {"nginx.ingress.kubernetes.io/backend-protocol": "FCGI"},
        "nginx",
        "nginx.ingress.kubernetes.io/backend-protocol",
        "none",
        None,
        "ingressnginx/converter.go (convert)",
    ),
    (
        {
            "nginx.ingress.kubernetes.io/backend-protocol": "HTTPS",
            "nginx.ingress.kubernetes.io/proxy-ssl-verify": "on",
            "nginx.ingress.kubernetes.io/proxy-ssl-secret": "shop/ca",
            "nginx.ingress.kubernetes.io/proxy-ssl-name": "web.shop",
            "nginx.ingress.kubernetes.io/proxy-ssl-server-name": "on",
        },
        "nginx",
        "nginx.ingress.kubernetes.io/proxy-ssl-secret",
        "converts",
        "BackendTLSPolicy",
        "ingressnginx/backend_tls.go (backendTLSFeature)",
    ),
    (
        {"nginx.ingress.kubernetes.io/proxy-ssl-verify": "on"},
        "nginx",
        "nginx.ingress.kubernetes.io/proxy-ssl-verify",
        "manual",
        "BackendTLSPolicy",
        "ingressnginx/backend_tls.go (backendTLSFeature)",
    ),
    (
        {"nginx.ingress.kubernetes.io/proxy-ssl-verify-depth": "2"},
        "nginx",
        "nginx.ingress.kubernetes.io/proxy-ssl-verify-depth",
        "none",
        None,
        "ingressnginx/backend_tls.go (backendTLSFeature)",
    ),
    (
        {"nginx.ingress.kubernetes.io/ssl-passthrough": "true"},
        "nginx",
        "nginx.ingress.kubernetes.io/ssl-passthrough",
        "converts",
        "TLSRoute",
        "ingressnginx/ssl_passthrough.go (sslPassthroughFeature)",
    ),
    # CORS, access control, affinity
    (
        {"nginx.ingress.kubernetes.io/enable-cors": "true"},
        "nginx",
        "nginx.ingress.kubernetes.io/enable-cors",
        "converts",
        "(standard channel, Extended support, gateway-api v1.5.0+)",
        "ingressnginx/cors.go (applyCorsToEmitterIR)",
    ),
    (
        {"nginx.ingress.kubernetes.io/whitelist-source-range": "10.0.0.0/8"},
        "nginx",
        "nginx.ingress.kubernetes.io/whitelist-source-range",
        "implementation-specific",
        "SecurityPolicy",
        "ingressnginx/iprange.go (applyIPRangeControlToEmitterIR)",
    ),
    (
        {"nginx.ingress.kubernetes.io/affinity": "cookie"},
        "nginx",
        "nginx.ingress.kubernetes.io/affinity",
        "implementation-specific",
        "GCPBackendPolicy",
        "ingressnginx/session_affinity.go (sessionAffinityFeature)",
    ),
    # keys ingress2gateway does not know ("Unsupported annotation"), by catalog group
    (
        {"nginx.ingress.kubernetes.io/auth-url": "http://auth/"},
        "nginx",
        "nginx.ingress.kubernetes.io/auth-url",
        "implementation-specific",
        "extAuth",
        None,
    ),
    (
        {"nginx.ingress.kubernetes.io/configuration-snippet": "more_set_headers 'A: b';"},
        "nginx",
        "nginx.ingress.kubernetes.io/configuration-snippet",
        "none",
        None,
        None,
    ),
    (
        {"nginx.ingress.kubernetes.io/limit-rps": "5"},
        "nginx",
        "nginx.ingress.kubernetes.io/limit-rps",
        "implementation-specific",
        "rateLimit",
        None,
    ),
    (
        {"nginx.ingress.kubernetes.io/auth-tls-secret": "shop/ca"},
        "nginx",
        "nginx.ingress.kubernetes.io/auth-tls-secret",
        "manual",
        "spec.tls.frontend",
        "ingressnginx/converter.go (convert)",
    ),
    (
        {"nginx.ingress.kubernetes.io/mirror-target": "https://mirror/$request_uri"},
        "nginx",
        "nginx.ingress.kubernetes.io/mirror-target",
        "manual",
        "RequestMirror",
        "ingressnginx/converter.go (convert)",
    ),
    # F5 NGINX, Kong, Traefik, APISIX, Cilium, GKE
    (
        {"nginx.org/rewrites": "serviceName=web rewrite=/"},
        "nginx-plus",
        "nginx.org/rewrites",
        "converts",
        "URLRewrite",
        "nginx/annotations/path_rewrite.go (RewriteTargetFeature)",
    ),
    (
        {"konghq.com/methods": "GET,POST"},
        "kong",
        "konghq.com/methods",
        "converts",
        "match method",
        "kong/method_matching.go (methodMatchingFeature)",
    ),
    (
        {"konghq.com/plugins": "rate-limit"},
        "kong",
        "konghq.com/plugins",
        "implementation-specific",
        "KongPlugin",
        "kong/plugins.go (pluginsFeature)",
    ),
    (
        {"konghq.com/strip-path": "true"},
        "kong",
        "konghq.com/strip-path",
        "manual",
        "URLRewrite",
        "kong/converter.go (newResourcesToIRConverter)",
    ),
    (
        {"traefik.ingress.kubernetes.io/router.tls": "true"},
        "traefik",
        "traefik.ingress.kubernetes.io/router.tls",
        "converts",
        "HTTPS",
        "traefik/router_tls.go (routerTLSFeature)",
    ),
    (
        {"traefik.ingress.kubernetes.io/router.middlewares": "shop-auth@kubernetescrd"},
        "traefik",
        "traefik.ingress.kubernetes.io/router.middlewares",
        "implementation-specific",
        "Middleware",
        "traefik/unsupported_annotations.go (unsupportedAnnotationsFeature)",
    ),
    (
        {"k8s.apisix.apache.org/http-to-https": "true"},
        "apisix",
        "k8s.apisix.apache.org/http-to-https",
        "converts",
        "RequestRedirect",
        "apisix/http_to_https.go (httpToHTTPSFeature)",
    ),
    (
        {"ingress.cilium.io/force-https": "enabled"},
        "cilium",
        "ingress.cilium.io/force-https",
        "converts",
        "RequestRedirect",
        "cilium/force_https.go (forceHTTPSFeature)",
    ),
    (
        {"kubernetes.io/ingress.global-static-ip-name": "shop-ip"},
        "gce",
        "kubernetes.io/ingress.global-static-ip-name",
        "manual",
        "spec.addresses",
        "gce/ir_converter.go (buildGceGatewayIR)",
    ),
    (
        {"alb.ingress.kubernetes.io/scheme": "internet-facing"},
        "alb",
        "alb.ingress.kubernetes.io/scheme",
        "implementation-specific",
        "LoadBalancerConfiguration",
        "https://kubernetes-sigs.github.io/aws-load-balancer-controller/",
    ),
    (
        {"cert-manager.io/cluster-issuer": "letsencrypt"},
        "nginx",
        "cert-manager.io/cluster-issuer",
        "manual",
        "HTTPS",
        "https://cert-manager.io/docs/usage/gateway/",
    ),
]

NGINX_INC_CLASS = """\
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx-plus
spec:
  controller: nginx.org/ingress-controller
"""


@pytest.mark.parametrize(("notes", "class_name", "key", "support", "gateway_api", "cited"), ANNOTATION_CASES)
def test_annotation_family(
    notes: dict[str, str], class_name: str, key: str, support: str, gateway_api: str | None, cited: str | None
) -> None:
    extra = NGINX_INC_CLASS if class_name == "nginx-plus" else ""
    [migration] = migrations(ingress(notes, class_name) + extra)
    found = item(migration, key)
    assert found.support == support, found
    if gateway_api is None:
        assert found.gateway_api is None
    else:
        assert gateway_api in (found.gateway_api or ""), found
    entry = gateway_catalog().entry(key)
    if cited is None:  # classified by its group in the annotation catalog
        assert entry is None
    elif cited.startswith("https://"):
        assert entry is not None and entry.source.startswith(cited)
    else:
        assert entry is not None and entry.source.startswith(I2GW) and entry.source.endswith(cited)


def test_capture_group_rewrite_is_flagged_as_a_wrong_conversion_with_what_to_write() -> None:
    body = DEFAULT_BODY.replace("path: /", "path: /api(/|$)(.*)").replace(
        "pathType: Prefix", "pathType: ImplementationSpecific"
    )
    [migration] = migrations(ingress({"nginx.ingress.kubernetes.io/rewrite-target": "/$2"}, body=body))
    found = item(migration, "nginx.ingress.kubernetes.io/rewrite-target")
    assert found.support == "manual"
    assert "KNOWN WRONG CONVERSION" in found.note and "ReplaceFullPath" in found.note
    assert "PathPrefix '/api' with ReplacePrefixMatch '/'" in found.note
    assert migration.verdict == "review"


@pytest.mark.parametrize(
    ("path", "target", "expected"),
    [
        ("/api(/|$)(.*)", "/$2", ("/api(/|$)(.*)", "/api", "/")),
        ("/api/(.*)", "/v2/$1", ("/api/(.*)", "/api", "/v2/")),
        ("/api(/|$)(.*)", "/$1", None),  # $1 is the separator: not a prefix strip
        ("/(.*)", "/$1", None),
    ],
)
def test_strip_prefix_rewrite(path: str, target: str, expected: tuple[str, str, str] | None) -> None:
    assert strip_prefix_rewrite(path, target) == expected


def test_removed_and_unknown_nginx_keys_are_reported_not_dropped() -> None:
    notes = {"nginx.ingress.kubernetes.io/secure-backends": "true", "nginx.ingress.kubernetes.io/rewite-target": "/"}
    [migration] = migrations(ingress(notes))
    removed = item(migration, "nginx.ingress.kubernetes.io/secure-backends")
    assert removed.support == "manual" and "removed from ingress-nginx" in removed.note
    typo = item(migration, "nginx.ingress.kubernetes.io/rewite-target")
    assert typo.support == "manual" and "rewrite-target" in typo.note and "Unsupported annotation" in typo.note


def test_another_controllers_annotation_has_no_effect() -> None:
    [migration] = migrations(ingress({"konghq.com/strip-path": "true"}, "nginx"))
    found = item(migration, "konghq.com/strip-path")
    assert found.support == "manual" and "not by ingress-nginx" in found.note


def test_bookkeeping_annotations_are_not_items() -> None:
    [migration] = migrations(ingress({"kubectl.kubernetes.io/last-applied-configuration": "{}"}))
    assert all(not entry.name.startswith("kubectl.kubernetes.io/") for entry in migration.items)


# ---- core features (pkg/i2gw/providers/common/converter.go unless noted)

FEATURE_CASES = [
    ("pathType Prefix", DEFAULT_BODY, "nginx", "converts", "PathPrefix", "common/converter.go (toHTTPRouteMatch)"),
    (
        "pathType Exact",
        DEFAULT_BODY.replace("Prefix", "Exact"),
        "nginx",
        "converts",
        "Exact",
        "common/converter.go (toHTTPRouteMatch)",
    ),
    (
        "pathType ImplementationSpecific",
        DEFAULT_BODY.replace("Prefix", "ImplementationSpecific"),
        "nginx",
        "converts",
        "HTTPRoute match path: PathPrefix, or RegularExpression",
        "common/converter.go (toHTTPRouteMatch)",
    ),
    (
        "pathType ImplementationSpecific",
        DEFAULT_BODY.replace("Prefix", "ImplementationSpecific"),
        "cilium",
        "manual",
        "PathPrefix",
        "common/converter.go (toHTTPRouteMatch)",
    ),
    (
        "pathType missing",
        DEFAULT_BODY.replace("      pathType: Prefix\n", ""),
        "nginx",
        "manual",
        "PathPrefix",
        "common/converter.go (toHTTPRouteMatch)",
    ),
    (
        "host wildcard",
        DEFAULT_BODY.replace("shop.example.com", '"*.example.com"'),
        "nginx",
        "converts",
        "hostnames",
        "common/converter.go (toRoutesAndGateways)",
    ),
    (
        "TLS",
        DEFAULT_BODY + "tls:\n- hosts: [shop.example.com]\n  secretName: shop-tls\n",
        "nginx",
        "converts",
        "HTTPS",
        "common/converter.go (toRoutesAndGateways)",
    ),
    (
        "TLS",
        DEFAULT_BODY + "tls:\n- hosts: [shop.example.com]\n",
        "nginx",
        "manual",
        "HTTPS",
        "common/converter.go (toRoutesAndGateways)",
    ),
    (
        "defaultBackend",
        DEFAULT_BODY + "defaultBackend:\n  service:\n    name: web\n    port:\n      number: 80\n",
        "nginx",
        "converts",
        "default-backend",
        "common/converter.go (toRoutesAndGateways)",
    ),
    (
        "defaultBackend",
        "defaultBackend:\n  service:\n    name: web\n    port:\n      number: 80\n",
        "nginx",
        "manual",
        "listener HTTP",
        "common/converter.go (toRoutesAndGateways)",
    ),
    (
        "resource backend",
        "defaultBackend:\n  resource:\n    apiGroup: k8s.example.com\n    kind: StorageBucket\n    name: assets\n"
        "rules:\n- http:\n    paths:\n    - path: /\n      pathType: Prefix\n      backend:\n        service:\n          name: web\n"
        "          port:\n            number: 80\n",
        "nginx",
        "implementation-specific",
        "group and kind",
        "common/utils.go (ToBackendRef)",
    ),
    (
        "service port by name",
        DEFAULT_BODY.replace("number: 80", "name: http"),
        "nginx",
        "manual",
        "backendRefs",
        "common/utils.go (ToBackendRef)",
    ),
]


@pytest.mark.parametrize(("feature", "body", "class_name", "support", "gateway_api", "cited"), FEATURE_CASES)
def test_core_feature(feature: str, body: str, class_name: str, support: str, gateway_api: str, cited: str) -> None:
    [migration] = migrations(ingress(class_name=class_name, body=body))
    found = item(migration, feature)
    assert found.support == support, found
    assert gateway_api in (found.gateway_api or ""), found
    assert gateway_catalog().features[feature].source.endswith(cited)


def test_service_port_by_name_converts_when_the_service_is_in_the_input() -> None:
    service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports:\n  - name: http\n    port: 80\n"
    [migration] = migrations(ingress(body=DEFAULT_BODY.replace("number: 80", "name: http")) + "---\n" + service)
    assert item(migration, "service port by name").support == "converts"
    [elsewhere] = migrations(ingress(body=DEFAULT_BODY.replace("number: 80", "name: http")), service)
    assert item(elsewhere, "service port by name").support == "converts"
    assert elsewhere.command is not None and elsewhere.command.endswith("--input-file in0.yaml --input-file in1.yaml")


def test_regex_paths_follow_the_host_of_any_use_regex_ingress() -> None:
    # regex.go regexHosts: use-regex on one Ingress makes every path of its host a regex
    regex = ingress({"nginx.ingress.kubernetes.io/use-regex": "true"}, name="a")
    plain = ingress(name="b")
    other = ingress(name="c", body=DEFAULT_BODY.replace("shop.example.com", "other.example.com"))
    first, second, third = migrations(regex, plain, other)
    assert item(first, "regex path").support == "converts"
    assert item(second, "regex path").support == "converts"
    assert "regex path" not in [entry.name for entry in third.items]
    shared = item(second, "several Ingresses share a host")
    assert shared.support == "converts" and "Ingress shop/a" in shared.note
    assert gateway_catalog().features["regex path"].source.endswith("ingressnginx/regex.go (regexFeature)")


def test_unclassed_ingress_is_skipped_silently_by_ingress2gateway() -> None:
    # providers/common/resource_reader.go ReadIngressesFromFile keeps only the provider's classes
    [migration] = migrations(ingress({"nginx.ingress.kubernetes.io/rewrite-target": "/"}, class_name=None))
    found = item(migration, "ingress class")
    assert found.support == "manual" and "SKIPS THIS INGRESS SILENTLY" in found.note
    assert migration.verdict == "review"


def test_custom_ingress_nginx_class_gets_the_class_flag() -> None:
    ingress_class = (
        "---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: internal\n"
        "spec:\n  controller: k8s.io/ingress-nginx\n"
    )
    [migration] = migrations(ingress(class_name="internal") + ingress_class)
    assert migration.command == (
        "ingress2gateway print --providers=ingress-nginx --ingress-nginx-ingress-class=internal --input-file in0.yaml"
    )
    assert item(migration, "ingress class").support == "converts"


def test_a_class_the_provider_does_not_read_is_skipped() -> None:
    ingress_class = (
        "---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: kong-internal\n"
        "spec:\n  controller: ingress-controllers.konghq.com/kong\n"
    )
    [migration] = migrations(ingress(class_name="kong-internal") + ingress_class)
    found = item(migration, "ingress class")
    assert found.support == "manual" and "reads class kong" in found.note


def test_alb_ingress_has_no_provider() -> None:
    notes = {"alb.ingress.kubernetes.io/scheme": "internet-facing", "alb.ingress.kubernetes.io/target-type": "ip"}
    [migration] = migrations(ingress(notes, class_name="alb"))
    assert migration.provider is None and migration.command is None
    found = item(migration, "ingress class")
    assert found.support == "manual" and "no AWS Load Balancer Controller provider" in found.note
    assert migration.verdict == "review"


def test_legacy_ingress_is_flagged_and_analysed_as_its_v1_conversion() -> None:
    body = (
        "backend:\n  serviceName: web\n  servicePort: http\n"
        "rules:\n- host: shop.example.com\n  http:\n    paths:\n    - path: /\n      backend:\n"
        "        serviceName: web\n        servicePort: 80\n"
    )
    [migration] = migrations(ingress(class_name=None, body=body, api_version="networking.k8s.io/v1beta1"))
    names = [entry.name for entry in migration.items]
    assert "apiVersion networking.k8s.io/v1beta1" in names
    # the API server defaulted pathType to ImplementationSpecific and moved spec.backend
    assert {"defaultBackend", "service port by name", "pathType ImplementationSpecific"} <= set(names)
    assert migration.as_json()["object"]["apiVersion"] == "networking.k8s.io/v1beta1"
    assert item(migration, "defaultBackend").line == 7  # the original spec.backend


@pytest.mark.parametrize(
    ("notes", "verdict"),
    [
        (
            {
                "nginx.ingress.kubernetes.io/canary": "true",
                "nginx.ingress.kubernetes.io/canary-weight": "10",
                "nginx.ingress.kubernetes.io/enable-cors": "true",
            },
            "ready",
        ),
        (
            {"nginx.ingress.kubernetes.io/rewrite-target": "/", "nginx.ingress.kubernetes.io/proxy-body-size": "1m"},
            "review",
        ),
        (
            {
                "nginx.ingress.kubernetes.io/enable-cors": "true",
                "nginx.ingress.kubernetes.io/configuration-snippet": "x",
                "nginx.ingress.kubernetes.io/proxy-body-size": "1m",
            },
            "blocked",
        ),
    ],
)
def test_verdict_of_several_annotations(notes: dict[str, str], verdict: str) -> None:
    migration, main_ingress = migrations(ingress(notes), ingress(name="main"))  # a canary's main Ingress
    assert migration.verdict == verdict
    assert main_ingress.verdict == "ready"


def test_item_lines_point_at_the_annotation() -> None:
    [migration] = migrations(ingress({"nginx.ingress.kubernetes.io/enable-cors": "true"}))
    assert item(migration, "nginx.ingress.kubernetes.io/enable-cors").line == 7


# ---- the command


def run(*args: str, text: str | None = None) -> Result:
    """Run ``ingresslint gateway`` in a fresh directory holding ``text`` as in.yaml."""
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        if text is not None:
            Path(directory, "in.yaml").write_text(text, encoding="utf-8")
        here = os.getcwd()
        os.chdir(directory)
        try:
            return CliRunner().invoke(main, ["gateway", *args])
        finally:
            os.chdir(here)


def test_json_report_shape() -> None:
    result = run(
        "--format", "json", "in.yaml", text=ingress({"nginx.ingress.kubernetes.io/configuration-snippet": "x"})
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report) == {"version", "ingresses", "summary"}
    assert report["summary"] == {"ready": 0, "review": 0, "blocked": 1}
    [entry] = report["ingresses"]
    assert set(entry) == {"object", "file", "line", "controller", "verdict", "items"}
    assert entry["object"] == {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "namespace": "shop",
        "name": "web",
    }
    assert (entry["file"], entry["line"], entry["controller"], entry["verdict"]) == (
        "in.yaml",
        1,
        "ingress-nginx",
        "blocked",
    )
    snippet = entry["items"][0]
    assert snippet == {
        "annotation": "nginx.ingress.kubernetes.io/configuration-snippet",
        "support": "none",
        "gatewayApi": None,
        "note": snippet["note"],
    }
    assert all(
        set(found) in ({"annotation", "support", "gatewayApi", "note"}, {"feature", "support", "gatewayApi", "note"})
        for found in entry["items"]
    )
    classes = [found for found in entry["items"] if found.get("feature") == "ingress class"]
    assert "ingress2gateway print --providers=ingress-nginx --input-file in.yaml" in classes[0]["note"]


@pytest.mark.parametrize(("fail_on", "code"), [(None, 0), ("blocked", 1), ("review", 1)])
def test_exit_code_follows_fail_on(fail_on: str | None, code: int) -> None:
    args = ["--fail-on", fail_on] if fail_on else []
    result = run(*args, "in.yaml", text=ingress({"nginx.ingress.kubernetes.io/configuration-snippet": "x"}))
    assert result.exit_code == code, result.output


def test_review_does_not_fail_on_blocked() -> None:
    result = run("--fail-on", "blocked", "in.yaml", text=ingress({"nginx.ingress.kubernetes.io/proxy-body-size": "1m"}))
    assert result.exit_code == 0


def test_plain_text_report() -> None:
    result = run("in.yaml", text=ingress({"nginx.ingress.kubernetes.io/enable-cors": "true"}))
    assert result.exit_code == 0
    assert "1: Ingress shop/web: ready (controller ingress-nginx: " in result.output
    assert "converts                annotation nginx.ingress.kubernetes.io/enable-cors" in result.output
    assert result.output.rstrip().endswith("1 Ingress: 1 ready, 0 review, 0 blocked")


def test_unreadable_yaml_is_reported_with_its_line() -> None:
    result = run("in.yaml", text=ingress() + "---\nkind: [\n")
    assert result.exit_code == 1
    assert "in.yaml:" in result.output and "yaml-syntax" in result.output


def test_cluster_options_need_cluster() -> None:
    result = run("--context", "x", "in.yaml", text=ingress())
    assert result.exit_code == 2 and "need --cluster" in result.output


def _corpus() -> list[str]:
    paths = [str(FIXTURES / "rule-examples")]
    for extra in (SHARED / "seeds", SHARED / "realworld"):
        if extra.is_dir():
            paths.append(str(extra))
    return paths


def test_every_ingress_of_the_corpus_gets_a_report() -> None:
    from ingresslint.sources import iter_sources

    paths = _corpus()
    docs = load_sources(iter_sources(paths)).documents
    expected = sum(1 for doc in docs if doc.kind == "Ingress")
    result = CliRunner().invoke(main, ["gateway", "--format", "json", *paths])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "internal error" not in result.output
    report = json.loads(result.output[result.output.index("{\n") :])
    assert len(report["ingresses"]) == expected > 0
    assert sum(report["summary"].values()) == expected


def test_rich_table_per_file_keeps_brackets_literal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from ingresslint.gateway import GatewayReport, print_rich

    notes = {"nginx.ingress.kubernetes.io/canary": "true", "nginx.ingress.kubernetes.io/canary-weight": "5"}
    monkeypatch.setenv("COLUMNS", "400")
    out = io.StringIO()
    print_rich(GatewayReport(migrations(ingress(notes), ingress(name="main"))), color=False, file=out)
    text = out.getvalue()
    assert text.startswith("in0.yaml")
    assert "│ 1: Ingress shop/web " in text and "│ ingress-nginx (" in text and "│ ready " in text
    assert "weight: backendRefs[].weight (standard" in text  # data text, not rich markup
    assert "then: ingress2gateway print --providers=ingress-nginx --input-file in0.yaml" in text
    assert text.rstrip().endswith("2 Ingresses: 2 ready, 0 review, 0 blocked")


def test_conversions_new_in_the_newest_converter_say_so() -> None:
    [migration] = migrations(ingress({"nginx.ingress.kubernetes.io/app-root": "/app"}))
    assert "needs ingress2gateway v1.1.0 or later" in item(migration, "nginx.ingress.kubernetes.io/app-root").note
    [older] = migrations(ingress({"nginx.ingress.kubernetes.io/enable-cors": "true"}))
    assert "needs ingress2gateway" not in item(older, "nginx.ingress.kubernetes.io/enable-cors").note


def test_canary_needs_its_main_ingress_in_the_input() -> None:
    canary = ingress({"nginx.ingress.kubernetes.io/canary": "true"}, name="web-canary")
    [alone] = migrations(canary)
    found = item(alone, "nginx.ingress.kubernetes.io/canary")
    assert found.support == "manual" and "a non-canary backend is required" in found.note
    paired, _ = migrations(canary, ingress(name="web"))
    assert item(paired, "nginx.ingress.kubernetes.io/canary").support == "converts"


def test_canary_value_must_be_literally_true_for_the_converter() -> None:
    migration, _ = migrations(ingress({"nginx.ingress.kubernetes.io/canary": "True"}), ingress(name="main"))
    found = item(migration, "nginx.ingress.kubernetes.io/canary")
    assert found.support == "manual" and '"true" exactly' in found.note


def test_the_command_reads_the_files_of_ingresses_sharing_a_host() -> None:
    canary, main_ingress = migrations(ingress({"nginx.ingress.kubernetes.io/canary": "true"}, name="c"), ingress())
    assert (
        canary.command == "ingress2gateway print --providers=ingress-nginx --input-file in0.yaml --input-file in1.yaml"
    )
    assert main_ingress.command.endswith("--input-file in1.yaml --input-file in0.yaml")


DEFAULT_NGINX_CLASS = """\
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: public
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: k8s.io/ingress-nginx
"""


def test_the_controller_comes_from_the_shared_controller_model() -> None:
    """A class-less Ingress is served by the default IngressClass (ingresslint/controllers.py)."""
    migration = next(m for m in migrations(ingress(class_name=None), DEFAULT_NGINX_CLASS) if m.doc.kind == "Ingress")
    assert migration.controller == "ingress-nginx" and migration.provider == "ingress-nginx"
    assert "default" in migration.controller_reason
