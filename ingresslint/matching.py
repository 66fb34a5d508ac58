"""Ingress request-matching semantics, after the Kubernetes Ingress documentation.

Hosts: an exact host matches the Host header exactly; a wildcard ``*.foo.com`` matches a
header with exactly one more leading DNS label (``bar.foo.com``, not ``foo.com`` nor
``baz.bar.foo.com``). Hosts compare case-insensitively, as DNS names do.
"""

from __future__ import annotations


def host_matches(pattern: str, host: str) -> bool:
    """True when a rule host ``pattern`` (exact or ``*.`` wildcard) matches ``host``."""
    pattern, host = pattern.lower(), host.lower()
    if not pattern.startswith("*."):
        return pattern == host
    suffix = pattern[1:]  # ".foo.com"
    label, _, rest = host.partition(".")
    return bool(label) and label != "*" and f".{rest}" == suffix


def host_covers(rule_host: str, tls_host: str) -> bool:
    """True when a rule for ``rule_host`` serves requests for the TLS host ``tls_host``.

    A wildcard TLS host is served by the same wildcard or by a rule for one of the names it
    covers.
    """
    if rule_host.lower() == tls_host.lower():
        return True
    if tls_host.startswith("*."):
        return host_matches(tls_host, rule_host)
    return host_matches(rule_host, tls_host)
