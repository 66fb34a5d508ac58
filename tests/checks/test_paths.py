"""Checks of spec.rules[].http.paths[]."""

from __future__ import annotations

from tests.conftest import rule_findings, where

INGRESS = """\
apiVersion: {api}
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - http:
      paths:
      - path: /a
{path_type}        backend:
          service: {{name: web, port: {{number: 80}}}}
      - path: /b
        pathType: Exact
        backend:
          service: {{name: web, port: {{number: 80}}}}
"""


def ingress(path_type: str = "", api: str = "networking.k8s.io/v1") -> str:
    return INGRESS.format(api=api, path_type=path_type)


def test_missing_path_type_points_at_the_path_item() -> None:
    findings = rule_findings(ingress(), "path-type-missing")
    assert where(findings) == [(9, 9, "spec.rules[0].http.paths[0].pathType")]
    assert "Exact, Prefix or ImplementationSpecific" in findings[0].message


def test_null_path_type_points_at_the_field() -> None:
    findings = rule_findings(ingress("        pathType: null\n"), "path-type-missing")
    assert where(findings) == [(10, 9, "spec.rules[0].http.paths[0].pathType")]
    assert "is null" in findings[0].message


def test_empty_plain_path_type_is_null_too() -> None:
    assert len(rule_findings(ingress("        pathType:\n"), "path-type-missing")) == 1


def test_path_type_present_passes() -> None:
    assert rule_findings(ingress("        pathType: Prefix\n"), "path-type-missing") == []


def test_beta_api_versions_default_path_type_so_are_not_checked() -> None:
    assert rule_findings(ingress(api="networking.k8s.io/v1beta1"), "path-type-missing") == []


def test_missing_path_type_is_not_reported_twice_by_the_schema() -> None:
    assert rule_findings(ingress(), "schema") == []
