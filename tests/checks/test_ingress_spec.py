"""Checks of the Ingress spec as a whole and of the class annotation."""

from __future__ import annotations

from ingresslint.context import Context
from ingresslint.versions import parse_kube_version
from tests.conftest import rule_findings, where

HEADER = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n"
DEFAULT = "  defaultBackend:\n    service: {name: web, port: {number: 80}}\n"


def test_spec_without_rules_or_default_backend() -> None:
    findings = rule_findings(HEADER + "spec:\n  tls:\n  - hosts: [a.com]\n", "ingress-spec-empty")
    assert where(findings) == [(5, 1, "spec")]
    assert (
        "spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified"
        in findings[0].message
    )


def test_empty_rules_list() -> None:
    findings = rule_findings(HEADER + "spec:\n  rules: []\n", "ingress-spec-empty")
    assert where(findings) == [(6, 3, "spec")]
    assert "[]networking.IngressRule{}" in findings[0].message


def test_missing_spec_and_valid_specs() -> None:
    assert len(rule_findings(HEADER, "ingress-spec-empty")) == 1
    assert rule_findings(HEADER + "spec:\n" + DEFAULT, "ingress-spec-empty") == []
    assert rule_findings(HEADER + "spec:\n  rules:\n  - host: a.com\n", "ingress-spec-empty") == []


def test_ingress_class_name() -> None:
    findings = rule_findings(HEADER + 'spec:\n  ingressClassName: ""\n' + DEFAULT, "ingress-class-name-invalid")
    assert where(findings) == [(6, 3, "spec.ingressClassName")]
    assert 'spec.ingressClassName: Invalid value: "": a lowercase RFC 1123 subdomain' in findings[0].message
    for ok in ("nginx", "null"):
        assert (
            rule_findings(HEADER + f"spec:\n  ingressClassName: {ok}\n" + DEFAULT, "ingress-class-name-invalid") == []
        )


def annotated(value: str, class_name: str | None) -> str:
    meta = f"  annotations:\n    kubernetes.io/ingress.class: {value}\n"
    field = f"  ingressClassName: {class_name}\n" if class_name is not None else ""
    return HEADER + meta + "spec:\n" + field + DEFAULT


def test_annotation_differs_from_class_name() -> None:
    findings = rule_findings(annotated("nginx", "traefik"), "ingress-class-annotation-conflict")
    assert where(findings) == [(6, 5, "annotations.kubernetes.io/ingress.class")]
    assert (
        'annotations.kubernetes.io/ingress.class: Invalid value: "nginx": must match `ingressClassName` when both are specified'
        in findings[0].message
    )


def test_empty_annotation_counts_as_set() -> None:
    assert len(rule_findings(annotated('""', "nginx"), "ingress-class-annotation-conflict")) == 1


def test_equal_values_accepted_from_1_27_only() -> None:
    assert rule_findings(annotated("nginx", "nginx"), "ingress-class-annotation-conflict") == []
    old = Context(kube_version=parse_kube_version("1.26"))
    findings = rule_findings(annotated("nginx", "nginx"), "ingress-class-annotation-conflict", old)
    assert "can not be set when the class field is also set" in findings[0].message


def test_annotation_alone_or_class_alone() -> None:
    assert rule_findings(annotated("nginx", None), "ingress-class-annotation-conflict") == []
    assert rule_findings(annotated("nginx", "null"), "ingress-class-annotation-conflict") == []
