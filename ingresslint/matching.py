"""Ingress request-matching semantics, after the Kubernetes Ingress documentation.

Hosts: an exact host matches the Host header exactly; a wildcard ``*.foo.com`` matches a
header with exactly one more leading DNS label (``bar.foo.com``, not ``foo.com`` nor
``baz.bar.foo.com``). Hosts compare case-insensitively, as DNS names do.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote

from ingresslint.linear_regex import LinearRegex, Unchecked
from ingresslint.records import Record, init, replace


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


def certificate_covers(tls_host: str, rule_host: str) -> bool:
    """True when a certificate for ``tls_host`` (a spec.tls host) serves every request of a
    rule for ``rule_host``: the same name, or a wildcard over it."""
    if tls_host.lower() == rule_host.lower():
        return True
    return tls_host.startswith("*.") and not rule_host.startswith("*.") and host_matches(tls_host, rule_host)


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


def match_rank(path_type: str, path: str, request: str) -> tuple[int, int] | None:
    """How well a (path_type, path) matches ``request``: (matched length, 1 for Exact), or
    None when it does not match. A greater rank wins; the length of a Prefix path ignores
    its trailing slash."""
    if not path_matches(path_type, path, request):
        return None
    return (len(path), 1) if path_type == "Exact" else (len(prefix_key(path)), 0)


def best_match(paths: list[tuple[str, str]], request: str) -> int | None:
    """Index of the (path_type, path) that serves ``request``, or None (the default backend).
    At equal rank the first path wins."""
    best: tuple[int, int] | None = None
    chosen = None
    for index, (path_type, path) in enumerate(paths):
        rank = match_rank(path_type, path, request)
        if rank is not None and (best is None or rank > best):
            best, chosen = rank, index
    return chosen


# Requests. The query string and fragment are not part of the path, an empty path is "/".


def request_path(raw_path: str) -> str:
    """The path an Ingress matches for the path part of a URL: ``""`` -> ``/``, ``/a?b`` -> ``/a``."""
    path = raw_path.split("?", 1)[0].split("#", 1)[0]
    return path if path.startswith("/") else "/" + path


# Hosts: the host is chosen before the path. An exact host beats a wildcard host, and a
# wildcard beats the rules without host, which serve the hosts no rule names.
HOST_EXACT, HOST_WILDCARD, HOST_ANY = 2, 1, 0


def host_rank(pattern: str | None, host: str) -> int | None:
    """How specifically a rule host (None: a rule without host) matches ``host``, or None."""
    if pattern is None:
        return HOST_ANY
    if not host_matches(pattern, host):
        return None
    return HOST_WILDCARD if pattern.startswith("*.") else HOST_EXACT


# ingress-nginx. Each path of a server (one host, all the Ingresses of the class) becomes an
# nginx location, after kubernetes/ingress-nginx@dbb11b92ddb77bee9c35e462479129354c84f939:
# - internal/ingress/controller/controller.go (getBackendServers): a path of the same path and
#   pathType as an earlier one is dropped (the first Ingress wins); every server starts with
#   a root location "/" to the default backend, which a Prefix "/" path replaces;
# - controller.go (getBackendServers, end): locations are sorted by path, descending, then
#   stably by path length, descending;
# - then internal/ingress/controller/location.go (updateServerLocations, from getConfiguration):
#   a Prefix path becomes, in its place, a prefix location ending in "/" followed by an exact
#   location of the path as written (unless an Exact path has it), except the root and the
#   paths of an Ingress with use-regex or a rewrite-target;
# - internal/ingress/controller/template/template.go (enforceRegexModifier, buildLocation):
#   when any location of the server has use-regex or a rewrite-target different from its
#   path, every location is a case-insensitive regex ``~* "^PATH"``; otherwise Exact is
#   ``= PATH`` and the rest (Prefix, ImplementationSpecific) plain prefix locations.
# nginx then picks (ngx_http_core_find_location): an exact location equal to the URI; else a
# prefix location one "/" longer than the URI (a 301 redirect to it); else the longest prefix
# location; regex locations are tried in order and the first match wins.
NGINX_EXACT, NGINX_PREFIX, NGINX_REGEX = "=", "", "~*"


class NginxPath(Record):
    """One Ingress path of a server: ``raw`` when its Ingress has use-regex or a rewrite-target
    other than the path (its location is neither normalised nor doubled)."""

    __match_args__ = ("path_type", "path", "raw", "enforces_regex")
    __slots__ = __match_args__
    path_type: str
    path: str
    raw: bool
    enforces_regex: bool  # use-regex, or a rewrite-target different from the path

    def __init__(self, path_type: str, path: str, raw: bool = False, enforces_regex: bool = False) -> None:
        init(self, "path_type", path_type)
        init(self, "path", path)
        init(self, "raw", raw)
        init(self, "enforces_regex", enforces_regex)


class NginxLocation(Record):
    __match_args__ = ("modifier", "path", "owner")
    __slots__ = __match_args__
    modifier: str  # NGINX_EXACT, NGINX_PREFIX or NGINX_REGEX
    path: str
    owner: int | None  # index of the NginxPath it comes from; None: the default backend's root

    def __init__(self, modifier: str, path: str, owner: int | None) -> None:
        init(self, "modifier", modifier)
        init(self, "path", path)
        init(self, "owner", owner)


def nginx_locations(paths: list[NginxPath]) -> tuple[list[NginxLocation], dict[int, int]]:
    """The locations of one server in nginx configuration order, and the paths dropped as
    duplicates (index -> the index of the earlier path that keeps the location)."""
    kept: list[tuple[int | None, NginxPath]] = [(None, NginxPath("Prefix", "/"))]
    dropped: dict[int, int] = {}
    for index, item in enumerate(paths):
        item = replace(item, path=item.path or "/")
        twin = next((i for i, other in kept if (other.path, other.path_type) == (item.path, item.path_type)), -1)
        if twin is None:  # the default root location: a Prefix "/" path takes it over
            kept[0] = (index, item)
        elif twin >= 0:
            dropped[index] = twin
        else:
            kept.append((index, item))
    kept.sort(key=lambda entry: entry[1].path, reverse=True)
    kept.sort(key=lambda entry: len(entry[1].path), reverse=True)
    exact = {item.path for _, item in kept if item.path_type == "Exact"}
    enforce = any(item.enforces_regex for _, item in kept)
    located: list[NginxLocation] = []
    for owner, item in kept:  # sorted before updateServerLocations expands them, as there
        kind = NGINX_EXACT if item.path_type == "Exact" else NGINX_PREFIX
        if item.path_type != "Prefix" or item.path == "/" or item.raw:
            located.append(NginxLocation(kind, item.path, owner))
            continue
        located.append(NginxLocation(NGINX_PREFIX, item.path if item.path.endswith("/") else item.path + "/", owner))
        if item.path not in exact:
            located.append(NginxLocation(NGINX_EXACT, item.path, owner))
    if enforce:
        located = [replace(location, modifier=NGINX_REGEX) for location in located]
    return located, dropped


class NginxChoice(Record):
    __match_args__ = ("location", "redirect", "unchecked")
    __slots__ = __match_args__
    location: NginxLocation | None  # None: no location matched (nginx answers 404)
    redirect: bool  # nginx answers 301 to the location's path, which serves next
    unchecked: tuple[tuple[NginxLocation, str], ...]  # regex locations not evaluated, and why

    def __init__(
        self,
        location: NginxLocation | None,
        redirect: bool = False,
        unchecked: tuple[tuple[NginxLocation, str], ...] = (),
    ) -> None:
        init(self, "location", location)
        init(self, "redirect", redirect)
        init(self, "unchecked", unchecked)


def nginx_select(locations: list[NginxLocation], uri: str) -> NginxChoice:
    """The location nginx picks for ``uri`` (already normalised, see nginx_uri)."""
    if locations and locations[0].modifier == NGINX_REGEX:
        unchecked = []
        for location in locations:
            try:
                if nginx_regex_matches(location.path, uri):
                    return NginxChoice(location, unchecked=tuple(unchecked))
            except Unchecked as why:
                unchecked.append((location, str(why)))
        return NginxChoice(None, unchecked=tuple(unchecked))
    for location in locations:
        if location.modifier == NGINX_EXACT and location.path == uri:
            return NginxChoice(location)
    prefixes = [location for location in locations if location.modifier == NGINX_PREFIX]
    for location in prefixes:
        if location.path.endswith("/") and location.path[:-1] == uri:
            return NginxChoice(location, redirect=True)
    matching = [location for location in prefixes if uri.startswith(location.path)]
    return NginxChoice(max(matching, key=lambda location: len(location.path)) if matching else None)


def nginx_location_matches(location: NginxLocation, uri: str) -> bool:
    """Whether ``location`` matches ``uri`` (False for a regex that cannot be evaluated)."""
    if location.modifier == NGINX_REGEX:
        try:
            return nginx_regex_matches(location.path, uri)
        except Unchecked:
            return False
    if location.modifier == NGINX_EXACT:
        return location.path == uri
    return uri.startswith(location.path)


def nginx_regex_matches(path: str, uri: str) -> bool:
    """``location ~* "^PATH"`` matches ``uri``: case-insensitive, anchored at the start only,
    written without a group exactly as buildLocation writes it. nginx uses PCRE; RE2 (linear
    time) evaluates the syntax both share, Python's re under a time budget the rest
    (linear_regex). Raises Unchecked when the path is no valid regex or the budget runs out."""
    try:
        return _nginx_regex(path).search(uri)
    except re.error as error:
        raise Unchecked(f"not a valid regex ({error})") from None


@lru_cache(maxsize=1024)
def _nginx_regex(path: str) -> LinearRegex:
    return LinearRegex("(?i)^" + path)


def nginx_uri(path: str) -> str:
    """The URI nginx matches locations against: percent-decoded, slashes merged, "." and ".."
    segments resolved (ngx_http_parse_complex_uri, merge_slashes on)."""
    decoded = re.sub(r"/{2,}", "/", unquote(path))
    out: list[str] = []
    for segment in decoded.split("/")[1:]:
        if segment == "..":
            if out:
                out.pop()
        elif segment != ".":
            out.append(segment)
    trailing = decoded.endswith(("/", "/.", "/..")) and bool(out)
    return "/" + "/".join(out) + ("/" if trailing and out[-1] != "" else "")
