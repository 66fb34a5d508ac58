"""Checks of spec.tls."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from ingresslint.checks._ingress import annotations, dicts, rule_hosts, spec
from ingresslint.context import Context, ManifestSet
from ingresslint.matching import host_covers, host_matches
from ingresslint.model import Document, Hit
from ingresslint.records import Record, init
from ingresslint.resolver import TLS_SECRET_TYPE, SecretInfo, decode_base64, namespace_of, resolver_for
from ingresslint.wording import listed

CERT_MANAGER_PREFIXES = ("cert-manager.io/", "kubernetes.io/tls-acme", "certmanager.k8s.io/")


def tls_host_not_in_rules(doc: Document, ctx: Context) -> Iterator[Hit]:
    """A TLS host no rule serves: the certificate is configured for traffic that no rule
    routes. A rule without host, or an Ingress with no rules at all (only a default
    backend), serves every host, so nothing is reported then."""
    hosts = rule_hosts(doc)
    if not hosts or None in hosts:
        return
    served = [host for host in hosts if host is not None]
    for tls_index, tls in dicts(spec(doc).get("tls")):
        tls_hosts = tls.get("hosts")
        if not isinstance(tls_hosts, list):
            continue
        for host_index, host in enumerate(tls_hosts):
            if isinstance(host, str) and host and not any(host_covers(rule, host) for rule in served):
                yield Hit(
                    ("spec", "tls", tls_index, "hosts", host_index),
                    f"TLS host {host!r} is not served by any rule (rule hosts: {listed(served)}); fix the spelling or add a rule for it",
                )


def tls_secrets(doc: Document) -> Iterator[tuple[int, str, list[str]]]:
    """(index, secretName, hosts) of every spec.tls entry that names a Secret."""
    for index, tls in dicts(spec(doc).get("tls")):
        name = tls.get("secretName")
        hosts = tls.get("hosts")
        if isinstance(name, str) and name:
            yield index, name, [host for host in hosts if isinstance(host, str)] if isinstance(hosts, list) else []


SecretRef = tuple[Document, int, str, list[str], "SecretInfo | None"]


def _secret_hits(manifests: ManifestSet, ctx: Context) -> tuple[SecretRef, ...]:
    """Every TLS reference whose Secrets are known: (Ingress, tls index, name, hosts, Secret or
    None), found once per manifest set and context (five rules read them), not once per rule."""
    key = ("tls-secret-refs", ctx)
    found = manifests.derived.get(key)
    if found is None:
        found = manifests.derived[key] = tuple(_secret_refs(manifests, ctx))
    return found


def _secret_refs(manifests: ManifestSet, ctx: Context) -> Iterator[SecretRef]:
    resolver = resolver_for(manifests, ctx)
    for doc in manifests.of_kind("Ingress"):
        refs = list(tls_secrets(doc))
        secrets = resolver.secrets(namespace_of(doc, ctx)) if refs else None  # no lookup without a reference
        if secrets is not None:
            for index, name, hosts in refs:
                yield doc, index, name, hosts, secrets.get(name)


def tls_secret_not_found(manifests: ManifestSet, ctx: Context) -> Iterator[Hit]:
    """spec.tls[].secretName names a Secret missing from a namespace whose Secrets are known.
    Silent when cert-manager is asked to create the Secret."""
    for doc, index, name, _, secret in _secret_hits(manifests, ctx):
        if secret is None and not any(key.startswith(CERT_MANAGER_PREFIXES) for key in annotations(doc)):
            yield Hit(
                ("spec", "tls", index, "secretName"),
                f"TLS Secret {namespace_of(doc, ctx)}/{name} does not exist, so the controller serves its default certificate: create a kubernetes.io/tls Secret of that name or fix the name",
                doc=doc,
            )


def tls_secret_invalid(manifests: ManifestSet, ctx: Context) -> Iterator[Hit]:
    """The TLS Secret is not of type kubernetes.io/tls or lacks tls.crt or tls.key; and any
    Secret whose data is not base64, which the API server cannot decode."""
    yield from _undecodable_secret_data(manifests)
    for doc, index, name, _, secret in _secret_hits(manifests, ctx):
        if secret is None or secret.metadata_only:
            continue
        missing = [key for key in ("tls.crt", "tls.key") if key not in secret.data]
        # Controllers read tls.crt and tls.key whatever the type, so an Opaque Secret with both
        # works; any other type (a docker config, a token...) is the wrong Secret.
        wrong_type = secret.type not in (TLS_SECRET_TYPE, "Opaque") or (secret.type == "Opaque" and missing)
        problems = ([f"is of type {secret.type}"] if wrong_type else []) + (
            [f"lacks {' and '.join(missing)}"] if missing else []
        )
        if problems:
            yield Hit(
                ("spec", "tls", index, "secretName"),
                f"TLS Secret {secret.namespace}/{name} {' and '.join(problems)}: make it type {TLS_SECRET_TYPE} with a PEM certificate in tls.crt and its key in tls.key",
                doc=doc,
            )


def _undecodable_secret_data(manifests: ManifestSet) -> Iterator[Hit]:
    for doc in manifests.of_kind("Secret"):
        data = doc.data.get("data")
        for key, value in data.items() if isinstance(data, dict) else ():
            if isinstance(value, str) and decode_base64(value) is None:
                yield Hit(
                    ("data", key),
                    f"Secret data[{key}] is not valid base64, so the API server rejects the Secret: write the base64 of the file (base64 -w0 {key}) or put the PEM text under stringData",
                    doc=doc,
                )


def tls_certificate_host_mismatch(manifests: ManifestSet, ctx: Context) -> Iterator[Hit]:
    """A TLS host that the Secret's certificate does not name (SANs, wildcard-aware)."""
    for doc, index, name, hosts, secret in _secret_hits(manifests, ctx):
        cert = _certificate(secret)
        if cert is None:
            continue
        for host_index, host in enumerate(hosts):
            if not any(host.lower() == san.lower() or host_matches(san, host) for san in cert.names):
                yield Hit(
                    ("spec", "tls", index, "hosts", host_index),
                    f"TLS host {host!r} is not covered by the certificate in Secret {secret.namespace}/{name} (it names {listed(cert.names) or 'no DNS names'}), so clients reject it: issue a certificate for {host}",
                    doc=doc,
                )


def tls_certificate_expired(manifests: ManifestSet, ctx: Context) -> Iterator[Hit]:
    """The Secret's certificate is past its notAfter date."""
    now = ctx.now or datetime.now(timezone.utc)
    for doc, index, name, _, secret in _secret_hits(manifests, ctx):
        cert = _certificate(secret)
        if cert is not None and cert.not_after <= now:
            yield Hit(
                ("spec", "tls", index, "secretName"),
                f"the certificate in Secret {secret.namespace}/{name} expired on {cert.not_after:%Y-%m-%d}, so clients reject it: renew it",
                doc=doc,
            )


def tls_certificate_expiring(manifests: ManifestSet, ctx: Context) -> Iterator[Hit]:
    """The Secret's certificate expires within ``ctx.certificate_expiry_days``."""
    now = ctx.now or datetime.now(timezone.utc)
    horizon = now + timedelta(days=ctx.certificate_expiry_days)
    for doc, index, name, _, secret in _secret_hits(manifests, ctx):
        cert = _certificate(secret)
        if cert is not None and now < cert.not_after <= horizon:
            days = (cert.not_after - now).days
            yield Hit(
                ("spec", "tls", index, "secretName"),
                f"the certificate in Secret {secret.namespace}/{name} expires on {cert.not_after:%Y-%m-%d} (in {days} days): renew it before then",
                doc=doc,
            )


class CertificateFacts(Record):
    """What the checks need from a certificate: never any key material."""

    __match_args__ = ("names", "not_after")
    __slots__ = __match_args__
    names: tuple[str, ...]  # DNS SANs, or the common name when there are none
    not_after: datetime

    def __init__(self, names: tuple[str, ...], not_after: datetime) -> None:
        init(self, "names", names)
        init(self, "not_after", not_after)


def _certificate(secret: SecretInfo | None) -> CertificateFacts | None:
    pem = secret.data.get("tls.crt") if secret is not None else None
    return _parse_certificate(pem) if pem else None


@lru_cache(maxsize=64)
def _parse_certificate(pem: bytes) -> CertificateFacts | None:
    """The first certificate of a PEM bundle, read with ``cryptography`` (imported only here)."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    try:
        cert = x509.load_pem_x509_certificate(pem)
    except ValueError:
        return None
    try:
        names = tuple(
            cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(x509.DNSName)
        )
    except x509.ExtensionNotFound:
        names = tuple(str(attr.value) for attr in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME))
    return CertificateFacts(names, cert.not_valid_after_utc)
