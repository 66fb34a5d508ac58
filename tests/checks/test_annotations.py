"""Annotation rules, driven by rules/catalog/annotations.yaml."""

from __future__ import annotations

import pytest

from ingresslint.catalog import catalog
from tests.conftest import lint_text, rule_findings, where

INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    {key}: {value}
spec:
  ingressClassName: {klass}
  defaultBackend:
    service:
      name: web
      port:
        number: 80
"""
FIELD = "metadata.annotations[{key}]"


def ingress(key: str, value: str, klass: str = "web") -> str:
    return INGRESS.format(key=key, value=value, klass=klass)


@pytest.mark.parametrize(
    ("key", "value", "replacement"),
    [
        ("haproxy.org/whitelist", '"10.0.0.0/8"', "allow-list"),
        ("konghq.com/override", "my-kong-ingress", None),
        ("traefik.ingress.kubernetes.io/router.rulesyntax", "v2", None),
        ("kubernetes.io/ingress.class", "alb", "ingressClassName"),
    ],
)
def test_deprecated_annotation_across_controllers(key: str, value: str, replacement: str | None) -> None:
    found = rule_findings(ingress(key, value), "deprecated-annotation")
    assert where(found) == [(6, 5, FIELD.format(key=key))]
    if replacement:
        assert replacement in found[0].message


def test_deprecated_annotation_spares_gce_classes() -> None:
    assert rule_findings(ingress("kubernetes.io/ingress.class", "gce"), "deprecated-annotation") == []


@pytest.mark.parametrize(
    ("key", "replacement"),
    [
        ("nginx.ingress.kubernetes.io/secure-backends", "backend-protocol"),
        ("nginx.ingress.kubernetes.io/enable-influxdb", "delete it"),
        ("certmanager.k8s.io/cluster-issuer", "cert-manager.io/cluster-issuer"),
        ("contour.heptio.com/request-timeout", "projectcontour.io/request-timeout"),
    ],
)
def test_removed_annotation(key: str, replacement: str) -> None:
    found = rule_findings(ingress(key, '"x"'), "removed-annotation")
    assert where(found) == [(6, 5, FIELD.format(key=key))]
    assert replacement in found[0].message


def test_removed_annotation_ignores_current_keys() -> None:
    assert rule_findings(ingress("nginx.ingress.kubernetes.io/backend-protocol", "HTTPS"), "removed-annotation") == []


def test_risky_snippet_names_cve_and_setting() -> None:
    found = rule_findings(ingress("nginx.ingress.kubernetes.io/server-snippet", '"return 403;"'), "risky-annotation")
    assert where(found) == [(6, 5, FIELD.format(key="nginx.ingress.kubernetes.io/server-snippet"))]
    assert "CVE-2021-25742" in found[0].message and "allow-snippet-annotations" in found[0].message


def test_risky_high_risk_with_cve() -> None:
    found = rule_findings(ingress("nginx.ingress.kubernetes.io/auth-url", "http://auth.svc/verify"), "risky-annotation")
    assert "CVE-2025-24514" in found[0].message and "annotations-risk-level" in found[0].message


def test_risky_ignores_medium_risk() -> None:
    assert rule_findings(ingress("nginx.ingress.kubernetes.io/rewrite-target", "/"), "risky-annotation") == []


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("nginx.ingress.kubernetes.io/ssl-redirect", '"yes"'),
        ("nginx.ingress.kubernetes.io/proxy-read-timeout", '"60s"'),
        ("nginx.ingress.kubernetes.io/proxy-body-size", '"1.5m"'),
        ("nginx.ingress.kubernetes.io/backend-protocol", "AJP"),
        ("nginx.ingress.kubernetes.io/whitelist-source-range", '"10.0.0.0/8,300.1.1.1"'),
        ("nginx.ingress.kubernetes.io/auth-method", '"GET; evil"'),
        ("nginx.ingress.kubernetes.io/custom-http-errors", '"404,302"'),
        ("nginx.ingress.kubernetes.io/rewrite-target", '"/\\nlocation"'),
        ("alb.ingress.kubernetes.io/ssl-redirect", '"true"'),
        ("alb.ingress.kubernetes.io/scheme", "public"),
        ("cert-manager.io/duration", "90d"),
    ],
)
def test_annotation_value_invalid(key: str, value: str) -> None:
    found = rule_findings(ingress(key, value), "annotation-value-invalid")
    assert where(found) == [(6, 5, FIELD.format(key=key))]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("nginx.ingress.kubernetes.io/ssl-redirect", '"false"'),
        ("nginx.ingress.kubernetes.io/proxy-read-timeout", '"60"'),
        ("nginx.ingress.kubernetes.io/proxy-body-size", "8M"),
        ("nginx.ingress.kubernetes.io/backend-protocol", "grpcs"),
        ("nginx.ingress.kubernetes.io/whitelist-source-range", '"10.0.0.1/8, 192.168.0.1"'),
        ("nginx.ingress.kubernetes.io/rewrite-target", "/$2"),
        ("nginx.ingress.kubernetes.io/session-cookie-expires", '"172800"'),
        ("nginx.ingress.kubernetes.io/ssl-redirect", '""'),
        ("alb.ingress.kubernetes.io/ssl-redirect", '"443"'),
        ("cert-manager.io/duration", "2160h"),
        ("kubernetes.io/ingress.class", "nginx"),
    ],
)
def test_annotation_value_valid(key: str, value: str) -> None:
    assert rule_findings(ingress(key, value), "annotation-value-invalid") == []


def test_every_catalog_pattern_compiles_in_python() -> None:
    import re

    for entries in catalog().entries.values():
        for entry in entries:
            if entry.pattern:
                re.compile(entry.pattern_python or entry.pattern)


def test_unknown_annotation_suggests_the_near_miss() -> None:
    found = rule_findings(ingress("nginx.ingress.kubernetes.io/rewite-target", "/"), "unknown-annotation")
    assert where(found) == [(6, 5, FIELD.format(key="nginx.ingress.kubernetes.io/rewite-target"))]
    assert "did you mean nginx.ingress.kubernetes.io/rewrite-target?" in found[0].message


@pytest.mark.parametrize(
    "key",
    [
        "nginx.ingress.kubernetes.io/rewrite-target",
        "ingress.kubernetes.io/anything-goes",
        "projectcontour.io/whatever",
        "example.com/custom",
        "konghq.com/headers.x-team",
    ],
)
def test_unknown_annotation_quiet(key: str) -> None:
    assert rule_findings(ingress(key, "x"), "unknown-annotation") == []


def test_ingress_nginx_retired_once_at_first_object() -> None:
    text = ingress("example.com/a", "b", klass="traefik") + "---\n" + ingress("example.com/a", "b", klass="nginx")
    text += "---\n" + ingress("nginx.ingress.kubernetes.io/rewrite-target", "/", klass="web")
    found = [f for f in lint_text(text).findings if f.rule == "ingress-nginx-retired"]
    assert where(found) == [(22, 3, "spec.ingressClassName")]
    assert "Gateway API" in found[0].message


def test_ingress_nginx_retired_via_ingress_class() -> None:
    text = """\
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: public
spec:
  controller: k8s.io/ingress-nginx
"""
    assert where(rule_findings(text, "ingress-nginx-retired")) == [(6, 3, "spec.controller")]


def test_ingress_nginx_retired_not_for_f5_nginx() -> None:
    assert (
        rule_findings(ingress("nginx.org/proxy-connect-timeout", "30s", klass="nginx"), "ingress-nginx-retired") == []
    )


def ingress_block(annotations: str) -> str:
    return f"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  annotations:\n{annotations}spec:\n  defaultBackend: {{service: {{name: web, port: {{number: 80}}}}}}\n"


def test_ingress_class_annotation_position_and_replacement() -> None:
    findings = rule_findings(ingress_block("    kubernetes.io/ingress.class: nginx\n"), "deprecated-annotation")
    assert where(findings) == [(6, 5, "metadata.annotations[kubernetes.io/ingress.class]")]
    assert "spec.ingressClassName" in findings[0].message


@pytest.mark.parametrize("value", ["gce", "gce-internal", "gce-multi-cluster", "gce-regional-external"])
def test_every_gke_value_is_spared(value: str) -> None:
    assert rule_findings(ingress_block(f"    kubernetes.io/ingress.class: {value}\n"), "deprecated-annotation") == []


def test_unrelated_annotation_is_not_deprecated() -> None:
    assert rule_findings(ingress_block("    example.com/owner: team-a\n"), "deprecated-annotation") == []


@pytest.mark.parametrize("klass", ["gce", "alb", "traefik"])
def test_ingress_nginx_retired_not_for_another_controllers_ingress(klass: str) -> None:
    # the controller model: class gce is GKE Ingress, which ignores nginx annotations
    text = ingress("nginx.ingress.kubernetes.io/rewrite-target", "/", klass=klass)
    assert rule_findings(text, "ingress-nginx-retired") == []


def test_ingress_nginx_retired_for_an_unplaced_class_with_nginx_annotations() -> None:
    text = ingress("nginx.ingress.kubernetes.io/rewrite-target", "/", klass="internal")
    assert len(rule_findings(text, "ingress-nginx-retired")) == 1
