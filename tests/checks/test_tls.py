"""Checks of spec.tls."""

from __future__ import annotations

import pytest

from tests.conftest import rule_findings, where


def ingress(tls_hosts: list[str], rule_hosts: list[str | None]) -> str:
    rules = "".join(
        (f"  - host: '{host}'\n" if host else "  - ")
        + ("    " if host else "")
        + "http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend: {service: {name: web, port: {number: 80}}}\n"
        for host in rule_hosts
    )
    hosts = "".join(f"    - {host!r}\n" for host in tls_hosts)
    return f"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  tls:\n  - hosts:\n{hosts}    secretName: web-tls\n  rules:\n{rules}"


@pytest.mark.parametrize(
    ("tls_host", "rule_host"),
    [
        ("example.com", "example.com"),
        ("Example.COM", "example.com"),
        ("bar.foo.com", "*.foo.com"),
        ("*.foo.com", "*.foo.com"),
        ("*.foo.com", "bar.foo.com"),
    ],
)
def test_served_hosts_pass(tls_host: str, rule_host: str) -> None:
    assert rule_findings(ingress([tls_host], [rule_host]), "tls-host-not-in-rules") == []


@pytest.mark.parametrize(
    ("tls_host", "rule_host"),
    [
        ("exmaple.com", "example.com"),
        ("foo.com", "*.foo.com"),
        ("baz.bar.foo.com", "*.foo.com"),
        ("*.foo.com", "foo.com"),
    ],
)
def test_unserved_hosts_are_reported_at_the_host(tls_host: str, rule_host: str) -> None:
    findings = rule_findings(ingress([tls_host], [rule_host]), "tls-host-not-in-rules")
    assert where(findings) == [(8, 7, "spec.tls[0].hosts[0]")]
    assert rule_host in findings[0].message


def test_a_rule_without_host_serves_every_host() -> None:
    assert rule_findings(ingress(["anything.example"], ["example.com", None]), "tls-host-not-in-rules") == []


def test_default_backend_only_serves_every_host() -> None:
    text = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  tls: [{hosts: [a.example.com], secretName: s}]\n  defaultBackend: {service: {name: web, port: {number: 80}}}\n"
    assert rule_findings(text, "tls-host-not-in-rules") == []
