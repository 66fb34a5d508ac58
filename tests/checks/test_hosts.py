"""Checks of rule hosts and TLS hosts and secret names."""

from __future__ import annotations

import pytest

from tests.conftest import rule_findings, where

BACKEND = "service: {name: web, port: {number: 80}}"


def ingress(host: str, tls: str = "") -> str:
    return (
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n"
        f"  rules:\n  - host: {host}\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n"
        f"        backend: {{{BACKEND}}}\n{tls}"
    )


@pytest.mark.parametrize("host", ["example.com", '"*.example.com"', "a-b.c1", '""', "123.example.com"])
def test_valid_hosts(host: str) -> None:
    assert rule_findings(ingress(host), "host-invalid") == []


@pytest.mark.parametrize(
    ("host", "bodies"),
    [
        ("Example.com", ["a lowercase RFC 1123 subdomain"]),
        ('"foobar:80"', ["a lowercase RFC 1123 subdomain"]),
        ("example.com.", ["a lowercase RFC 1123 subdomain"]),
        ('"foo.*.bar.com"', ["a wildcard DNS-1123 subdomain"]),
        ('"*"', ["a wildcard DNS-1123 subdomain"]),
        ("127.0.0.1", ["must be a DNS name, not an IP address"]),
        ("010.0.0.1", ["must be a DNS name, not an IP address"]),
        ('"::1"', ["must be a DNS name, not an IP address", "a lowercase RFC 1123 subdomain"]),
    ],
)
def test_invalid_hosts(host: str, bodies: list[str]) -> None:
    findings = rule_findings(ingress(host), "host-invalid")
    assert where(findings) == [(7, 5, "spec.rules[0].host")] * len(bodies)
    for finding, body in zip(findings, bodies, strict=True):
        assert "spec.rules[0].host: Invalid value: " in finding.message and body in finding.message


def test_tls_hosts() -> None:
    tls = '  tls:\n  - hosts: [example.com, 1.2.3.4, "*.example.com", Example.com, "a.*.com", ""]\n'
    findings = rule_findings(ingress("example.com", tls), "tls-host-invalid")
    assert [f.field for f in findings] == ["spec.tls[0].hosts[3]", "spec.tls[0].hosts[4]", "spec.tls[0].hosts[5]"]
    assert all(f.line == 14 for f in findings)


def test_empty_tls_entries_are_valid() -> None:
    for tls in ("  tls:\n  - {}\n", "  tls:\n  - hosts: []\n"):
        assert rule_findings(ingress("example.com", tls), "tls-host-invalid") == []
        assert rule_findings(ingress("example.com", tls), "tls-secret-name-invalid") == []


def test_tls_secret_name() -> None:
    tls = '  tls:\n  - secretName: "invalid name"\n  - secretName: web-tls\n  - secretName: ""\n'
    findings = rule_findings(ingress("example.com", tls), "tls-secret-name-invalid")
    assert where(findings) == [(14, 5, "spec.tls[0].secretName")]
    assert (
        'spec.tls[0].secretName: Invalid value: "invalid name": a lowercase RFC 1123 subdomain' in findings[0].message
    )
