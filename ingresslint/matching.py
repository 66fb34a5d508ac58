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


# Paths. Exact matches the request path exactly and case-sensitively. Prefix matches by
# path element: "/foo" and "/foo/" both match "/foo", "/foo/" and "/foo/bar", never
# "/foobar". ImplementationSpecific is up to the controller; ingresslint treats it as Prefix.
# Among the matching paths the longest wins, and Exact beats Prefix at equal length.


def path_elements(path: str) -> tuple[str, ...]:
    """The non-empty elements of a path: ``/foo/bar/`` -> ``("foo", "bar")``."""
    return tuple(element for element in path.split("/") if element)


def prefix_key(path: str) -> str:
    """The Prefix path normalised: ``/api/`` and ``/api`` are one Prefix path ``/api``."""
    return "/" + "/".join(path_elements(path))


def path_matches(path_type: str, path: str, request: str) -> bool:
    """True when an Ingress path of ``path_type`` matches the request path ``request``."""
    if path_type == "Exact":
        return path == request
    wanted = path_elements(path)
    return path_elements(request)[: len(wanted)] == wanted


def best_match(paths: list[tuple[str, str]], request: str) -> int | None:
    """Index of the (path_type, path) that serves ``request``, or None (the default backend)."""
    best: tuple[int, int] | None = None
    chosen = None
    for index, (path_type, path) in enumerate(paths):
        if path_matches(path_type, path, request):
            length = len(path) if path_type == "Exact" else len(prefix_key(path))
            rank = (length, 1 if path_type == "Exact" else 0)
            if best is None or rank > best:
                best, chosen = rank, index
    return chosen
