"""Checks of annotations, driven by the catalog."""

from __future__ import annotations

import pytest

from tests.conftest import rule_findings, where


def ingress(annotations: str) -> str:
    return f"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  annotations:\n{annotations}spec:\n  defaultBackend: {{service: {{name: web, port: {{number: 80}}}}}}\n"


def test_ingress_class_annotation_is_deprecated_with_the_replacement() -> None:
    findings = rule_findings(ingress("    kubernetes.io/ingress.class: nginx\n"), "deprecated-annotation")
    assert where(findings) == [(6, 5, "metadata.annotations[kubernetes.io/ingress.class]")]
    assert "spec.ingressClassName" in findings[0].message


@pytest.mark.parametrize("value", ["gce", "gce-internal", "gce-multi-cluster", "gce-regional-external"])
def test_gke_values_are_not_deprecated(value: str) -> None:
    assert rule_findings(ingress(f"    kubernetes.io/ingress.class: {value}\n"), "deprecated-annotation") == []


def test_unrelated_annotations_pass() -> None:
    assert rule_findings(ingress("    example.com/owner: team-a\n"), "deprecated-annotation") == []
