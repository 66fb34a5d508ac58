"""The API server's checks of host names: spec.rules[].host (validateIngressRules) and
spec.tls[] (validateIngressTLS: hosts and secretName)."""

from __future__ import annotations

from collections.abc import Iterator

from ingresslint.checks._ingress import dicts, is_v1, rules, spec, strings
from ingresslint.checks.k8s_names import (
    invalid,
    is_dns1123_subdomain,
    is_ip,
    is_wildcard_dns1123_subdomain,
    server_hit,
)
from ingresslint.context import Context
from ingresslint.model import Document, Hit, field_path

HOST_ADVICE = "write a lowercase DNS name (letters, digits, '-' and '.'; no port, no trailing dot), or '*.' and a DNS name for a wildcard"


def host_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """validateIngressRules: a non-empty host must not be an IP address (ParseIPSloppy) and
    must be a DNS-1123 subdomain, or, when it contains '*', a wildcard subdomain. Both the IP
    and the name check run."""
    if not is_v1(doc):
        return
    for rule_path, rule in rules(doc):
        host = rule.get("host")
        if not isinstance(host, str) or not host:
            continue
        path = (*rule_path, "host")
        field = field_path(path)
        if is_ip(host):
            advice = f"host {host!r} is an IP address: remove host (a rule without host serves every host) or write a DNS name"
            yield server_hit(path, field, invalid(host, "must be a DNS name, not an IP address"), advice)
        check = is_wildcard_dns1123_subdomain if "*" in host else is_dns1123_subdomain
        for msg in check(host):
            yield server_hit(path, field, invalid(host, msg), f"host {host!r} is invalid: {HOST_ADVICE}")


def tls_host_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """validateIngressTLS: each spec.tls[].hosts[] entry (even "", and null, which decodes to
    "") is a DNS-1123 subdomain, or a wildcard subdomain when it contains '*'. IP addresses
    are allowed here."""
    if not is_v1(doc):
        return
    for tls_index, tls in dicts(spec(doc).get("tls")):
        for index, host in strings(tls.get("hosts")):
            path = ("spec", "tls", tls_index, "hosts", index)
            check = is_wildcard_dns1123_subdomain if "*" in host else is_dns1123_subdomain
            for msg in check(host):
                yield server_hit(
                    path, field_path(path), invalid(host, msg), f"TLS host {host!r} is invalid: {HOST_ADVICE}"
                )


def tls_secret_name_invalid(doc: Document, ctx: Context) -> Iterator[Hit]:
    """validateIngressTLS / validateTLSSecretName: a non-empty secretName is a DNS-1123
    subdomain (ValidateSecretName)."""
    if not is_v1(doc):
        return
    for tls_index, tls in dicts(spec(doc).get("tls")):
        name = tls.get("secretName")
        if not isinstance(name, str) or not name:
            continue
        path = ("spec", "tls", tls_index, "secretName")
        for msg in is_dns1123_subdomain(name):
            advice = f"secretName {name!r} is not a valid Secret name: use lowercase letters, digits, '-' and '.'"
            yield server_hit(path, field_path(path), invalid(name, msg), advice)
