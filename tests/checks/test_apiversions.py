"""Checks of apiVersion against the target Kubernetes version."""

from __future__ import annotations

import pytest

from ingresslint.context import Context
from ingresslint.versions import parse_kube_version
from tests.conftest import rule_findings, where

BETA = "apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: web\nspec:\n  backend:\n    serviceName: web\n    servicePort: 80\n"


@pytest.mark.parametrize(
    ("api", "kind"),
    [
        ("extensions/v1beta1", "Ingress"),
        ("networking.k8s.io/v1beta1", "Ingress"),
        ("networking.k8s.io/v1beta1", "IngressClass"),
    ],
)
def test_beta_versions_are_removed_from_1_22(api: str, kind: str) -> None:
    findings = rule_findings(BETA.format(api=api, kind=kind), "removed-api-version")
    assert where(findings) == [(1, 1, "apiVersion")]
    assert "networking.k8s.io/v1" in findings[0].message and "1.22" in findings[0].message


def test_ingress_message_names_the_field_renames() -> None:
    (finding,) = rule_findings(BETA.format(api="extensions/v1beta1", kind="Ingress"), "removed-api-version")
    assert "backend.service.name" in finding.message and "pathType" in finding.message


@pytest.mark.parametrize("version", ["1.19", "1.21"])
def test_beta_versions_are_served_before_1_22(version: str) -> None:
    ctx = Context(kube_version=parse_kube_version(version))
    assert rule_findings(BETA.format(api="extensions/v1beta1", kind="Ingress"), "removed-api-version", ctx) == []


def test_v1_passes() -> None:
    text = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  defaultBackend: {service: {name: web, port: {number: 80}}}\n"
    assert rule_findings(text, "removed-api-version") == []


def test_unknown_api_version_is_a_schema_error() -> None:
    text = "apiVersion: networking.k8s.io/v2\nkind: Ingress\nmetadata: {name: web}\n"
    assert where(rule_findings(text, "schema")) == [(1, 1, "apiVersion")]
