"""Checks of spec.tls."""

from __future__ import annotations

from collections.abc import Iterator

from ingresslint.checks._ingress import dicts, rule_hosts, spec
from ingresslint.context import Context
from ingresslint.matching import host_covers
from ingresslint.model import Document, Hit


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
                    f"TLS host {host!r} is not served by any rule (rule hosts: {', '.join(served)}); fix the spelling or add a rule for it",
                )
