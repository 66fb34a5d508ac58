"""Checks of spec.tls."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ingresslint.context import Context
from tests.conftest import lint_text, rule_findings, where


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


def certificate(names: list[str], not_after: datetime, common_name: str = "example") -> str:
    """A self-signed certificate made here (the key is thrown away), as PEM text."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_after - timedelta(days=365))
        .not_valid_after(not_after)
    )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
    return builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode()


NOW = datetime.now(timezone.utc)
TLS_INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
spec:
  tls:
  - hosts:
    - {host}
    secretName: shop-tls
  rules:
  - host: {host}
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: shop
            port:
              number: 80
"""


def tls_set(
    host: str = "shop.example.com",
    pem: str | None = None,
    *,
    kind: str = "kubernetes.io/tls",
    name: str = "shop-tls",
    base64_data: bool = True,
) -> str:
    pem = pem if pem is not None else certificate(["shop.example.com"], NOW + timedelta(days=365))
    if base64_data:
        body = f"data:\n  tls.crt: {base64.b64encode(pem.encode()).decode()}\n  tls.key: {base64.b64encode(b'not a key').decode()}\n"
    else:
        body = "stringData:\n  tls.crt: |\n" + "".join(f"    {line}\n" for line in pem.splitlines())
    secret = f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\ntype: {kind}\n{body}"
    return TLS_INGRESS.format(host=host) + "---\n" + secret


SECRET_NAME = (9, 5, "spec.tls[0].secretName")


def test_valid_certificate_passes_every_tls_rule() -> None:
    findings = lint_text(tls_set()).findings
    assert not [f for f in findings if f.rule.startswith(("tls-secret", "tls-certificate"))]


def test_tls_secret_not_found() -> None:
    findings = rule_findings(tls_set(name="other-tls"), "tls-secret-not-found")
    assert where(findings) == [SECRET_NAME]


def test_tls_secret_not_found_needs_secrets_or_require_refs() -> None:
    only_ingress = TLS_INGRESS.format(host="shop.example.com")
    assert rule_findings(only_ingress, "tls-secret-not-found") == []
    assert len(rule_findings(only_ingress, "tls-secret-not-found", Context(require_refs=True))) == 1


def test_tls_secret_not_found_spares_cert_manager() -> None:
    text = tls_set(name="other-tls").replace(
        "  name: shop\n", "  name: shop\n  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\n", 1
    )
    assert rule_findings(text, "tls-secret-not-found") == []


def test_tls_secret_invalid_type_and_missing_key() -> None:
    wrong = rule_findings(tls_set(kind="kubernetes.io/dockerconfigjson"), "tls-secret-invalid")
    assert where(wrong) == [SECRET_NAME] and "dockerconfigjson" in wrong[0].message
    no_key = rule_findings(tls_set(base64_data=False), "tls-secret-invalid")
    assert "lacks tls.key" in no_key[0].message


def test_certificate_from_string_data_is_read() -> None:
    pem = certificate(["www.example.com"], NOW + timedelta(days=365))
    assert len(rule_findings(tls_set(pem=pem, base64_data=False), "tls-certificate-host-mismatch")) == 1


def test_tls_certificate_host_mismatch() -> None:
    pem = certificate(["www.example.com"], NOW + timedelta(days=365))
    findings = rule_findings(tls_set(pem=pem), "tls-certificate-host-mismatch")
    assert where(findings) == [(8, 7, "spec.tls[0].hosts[0]")]
    assert "www.example.com" in findings[0].message and "PRIVATE" not in findings[0].message


def test_wildcard_san_covers_one_label() -> None:
    pem = certificate(["*.example.com"], NOW + timedelta(days=365))
    assert rule_findings(tls_set(pem=pem), "tls-certificate-host-mismatch") == []
    assert len(rule_findings(tls_set("a.shop.example.com", pem=pem), "tls-certificate-host-mismatch")) == 1
    assert rule_findings(tls_set("*.example.com", pem=pem), "tls-certificate-host-mismatch") == []


def test_common_name_when_there_are_no_sans() -> None:
    pem = certificate([], NOW + timedelta(days=365), common_name="shop.example.com")
    assert rule_findings(tls_set(pem=pem), "tls-certificate-host-mismatch") == []


def test_tls_certificate_expired() -> None:
    pem = certificate(["shop.example.com"], NOW - timedelta(days=2))
    assert where(rule_findings(tls_set(pem=pem), "tls-certificate-expired")) == [SECRET_NAME]
    assert rule_findings(tls_set(pem=pem), "tls-certificate-expiring") == []


def test_tls_certificate_expiring_within_21_days() -> None:
    pem = certificate(["shop.example.com"], NOW + timedelta(days=10))
    found = rule_findings(tls_set(pem=pem), "tls-certificate-expiring")
    assert where(found) == [SECRET_NAME]
    assert "in 9 days" in found[0].message or "in 10 days" in found[0].message
    assert rule_findings(tls_set(pem=pem), "tls-certificate-expired") == []
    assert rule_findings(tls_set(pem=pem), "tls-certificate-expiring", Context(certificate_expiry_days=5)) == []


def test_certificate_valid_for_long_is_not_expiring() -> None:
    pem = certificate(["shop.example.com"], NOW + timedelta(days=60))
    assert rule_findings(tls_set(pem=pem), "tls-certificate-expiring") == []


def test_secret_data_that_is_not_base64_is_reported_at_the_key() -> None:
    text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  tls.crt: base64 encoded cert\n  tls.key: dGV4dA==\ntype: kubernetes.io/tls\n"
    findings = rule_findings(text, "tls-secret-invalid")
    assert where(findings) == [(6, 3, "data[tls.crt]")]
    assert "base64" in findings[0].message


def test_expiry_days_from_the_configuration_file_reach_the_rule(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ingresslint.cli import main

    manifest = tmp_path / "tls.yaml"
    manifest.write_text(tls_set(pem=certificate(["shop.example.com"], NOW + timedelta(days=25))))
    config = tmp_path / "lint.yaml"

    def expiring(days: int) -> bool:
        config.write_text(f"certificate-expiry-days: {days}\n")
        result = CliRunner().invoke(main, ["lint", "--config", str(config), "--format", "json", str(manifest)])
        return "tls-certificate-expiring" in result.stdout

    assert not expiring(21)
    assert expiring(30)


def test_tls_references_are_found_per_manifest_set_and_context() -> None:
    """The TLS references are derived once per set and context: the same Ingress object in a set
    with its Secret, in one without, and under --require-refs gets each its own answer."""
    from ingresslint.context import ManifestSet
    from ingresslint.engine import one_rule_findings
    from ingresslint.loader import load_sources
    from tests.conftest import source

    def docs(text: str) -> tuple:
        return tuple(load_sources(iter([source(text)])).documents)

    ingress, found = docs(tls_set())
    _, other = docs(tls_set(name="other-tls"))
    sets = [ManifestSet((ingress, found)), ManifestSet((ingress, other)), ManifestSet((ingress,))]
    runs = [(sets[0], Context()), (sets[1], Context()), (sets[2], Context()), (sets[2], Context(require_refs=True))]
    counts = [len(list(one_rule_findings("tls-secret-not-found", m, ctx))) for m, ctx in (*runs, runs[0])]
    assert counts == [0, 1, 0, 1, 0]
