"""Checks of backends."""

from __future__ import annotations

from tests.conftest import rule_findings, where

HEADER = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n"
SERVICE = "service: {name: web, port: {number: 80}}"
RESOURCE = "resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: assets}"


def path_backend(backend: str) -> str:
    return HEADER + f"  rules:\n  - http:\n      paths:\n      - path: /\n        pathType: Prefix\n{backend}"


def test_both_in_default_backend() -> None:
    text = HEADER + f"  defaultBackend:\n    {SERVICE}\n    {RESOURCE}\n"
    findings = rule_findings(text, "backend-service-and-resource")
    assert where(findings) == [(6, 3, "spec.defaultBackend")]


def test_both_in_path_backend() -> None:
    text = path_backend(f"        backend:\n          {SERVICE}\n          {RESOURCE}\n")
    assert where(rule_findings(text, "backend-service-and-resource")) == [
        (11, 9, "spec.rules[0].http.paths[0].backend")
    ]


def test_one_of_them_passes() -> None:
    for backend in (SERVICE, RESOURCE):
        text = path_backend(f"        backend:\n          {backend}\n")
        assert rule_findings(text, "backend-service-and-resource") == []
        assert rule_findings(text, "backend-missing") == []


def test_empty_backend() -> None:
    findings = rule_findings(path_backend("        backend: {}\n"), "backend-missing")
    assert where(findings) == [(11, 9, "spec.rules[0].http.paths[0].backend")]
    assert "neither service nor resource" in findings[0].message


def test_path_without_backend_points_at_the_path() -> None:
    findings = rule_findings(path_backend(""), "backend-missing")
    assert where(findings) == [(9, 9, "spec.rules[0].http.paths[0].backend")]
    assert "is missing" in findings[0].message


def test_v1beta1_style_backend_in_v1() -> None:
    text = path_backend("        backend:\n          serviceName: web\n          servicePort: 80\n")
    assert where(rule_findings(text, "backend-missing")) == [(11, 9, "spec.rules[0].http.paths[0].backend")]
    assert len(rule_findings(text, "schema")) == 2  # the two unknown fields


def test_empty_default_backend_is_reported_but_null_is_not() -> None:
    assert len(rule_findings(HEADER + "  defaultBackend: {}\n", "backend-missing")) == 1
    assert rule_findings(HEADER + "  defaultBackend:\n  rules: []\n", "backend-missing") == []
