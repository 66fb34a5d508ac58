"""Where a request goes: the routing table of a set of Ingresses (``ingresslint routes``) and
the route of one URL (``ingresslint route``), with every losing candidate and why it lost.

The semantics are those of ingresslint.matching (shared with the conflict rules). Per class
(one controller each): the host is chosen first (an exact host beats a wildcard, which beats
the rules without host; those serve the hosts no rule names), then the path among the rules
of that host only: no fall-through to another host, the default backend serves a request no
path of its host matches. Paths follow the Kubernetes Ingress documentation (longest match,
Exact wins ties, Prefix by path element, case-sensitive), ImplementationSpecific treated as
Prefix; an Ingress served by ingress-nginx follows ingress-nginx's own location rules
(matching.nginx_locations), including its regex mode.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from ingresslint.checks._ingress import (
    annotations,
    dicts,
    http_paths,
    is_v1,
    rule_hosts,
    spec,
)
from ingresslint.context import Context, ManifestSet
from ingresslint.loader import as_v1
from ingresslint.matching import (
    HOST_ANY,
    HOST_EXACT,
    NGINX_EXACT,
    NGINX_REGEX,
    NginxLocation,
    NginxPath,
    certificate_covers,
    host_rank,
    match_rank,
    nginx_location_matches,
    nginx_locations,
    nginx_select,
    nginx_uri,
    request_path,
)
from ingresslint.model import Document, Path
from ingresslint.resolver import resolver_for

INGRESS_NGINX = "ingress-nginx"
NGINX_PREFIX = "nginx.ingress.kubernetes.io/"
USE_REGEX, REWRITE_TARGET, CANARY = (f"{NGINX_PREFIX}{name}" for name in ("use-regex", "rewrite-target", "canary"))
NGINX_SOURCE = "kubernetes/ingress-nginx@dbb11b92ddb77bee9c35e462479129354c84f939"
KUBERNETES_SEMANTICS = "Kubernetes Ingress path matching (longest match, Exact wins ties, Prefix by path element)"
NGINX_SEMANTICS = (
    "ingress-nginx locations (Exact as '= PATH', Prefix as 'PATH/' plus '= PATH', "
    "ImplementationSpecific as a plain nginx prefix; an exact location first, then the longest prefix)"
)
CONTROLLER_DEFAULT = {
    INGRESS_NGINX: "the controller's default backend (--default-backend-service, else its built-in 404)",
}
# strconv.ParseBool, which parser.GetBoolAnnotation uses for use-regex
TRUE_STRINGS = frozenset({"1", "t", "T", "TRUE", "true", "True"})


class RouteError(ValueError):
    """Input that cannot be routed (an invalid URL, an unknown class): exit code 2."""


@dataclass(frozen=True)
class Ingress:
    """An Ingress of the table and who serves it."""

    doc: Document
    order: int  # input order: at equal precedence the first one wins
    class_name: str | None
    controller: str  # controller id, "unknown" when not known

    @property
    def name(self) -> str:
        return f"{self.doc.namespace or 'default'}/{self.doc.name or '<unnamed>'}"

    @property
    def hosts(self) -> list[str | None]:
        return rule_hosts(self.doc)

    @property
    def nginx(self) -> bool:
        return self.controller == INGRESS_NGINX

    def where(self, path: Path = ()) -> tuple[str, int | None]:
        return self.doc.source, self.doc.position(path)[0] if self.doc.positions else None


@dataclass(frozen=True)
class Route:
    """One path of one rule: a row of ``routes``."""

    ingress: Ingress
    host: str | None  # None: the rule has no host
    path: str
    path_type: str
    backend: str
    service_backend: bool  # a Service (not a resource) backend
    tls: bool
    field: Path  # spec.rules[i].http.paths[j]

    @property
    def source(self) -> tuple[str, int | None]:
        return self.ingress.where(self.field)

    def describe(self) -> str:
        file, line = self.source
        rule = f"spec.rules[{self.field[2]}] ({f'host {self.host}' if self.host else 'no host'})"
        return f"Ingress {self.ingress.name} ({_location(file, line)}) {rule}: {self.path_type} {self.path} -> {self.backend}"

    def as_json(self) -> dict[str, Any]:
        file, line = self.source
        return {
            "host": self.host,
            "path": self.path,
            "pathType": self.path_type,
            "backend": self.backend,
            "tls": self.tls,
            "class": self.ingress.class_name,
            "source": {"file": file, "line": line},
        }


@dataclass(frozen=True)
class Table:
    ingresses: tuple[Ingress, ...]
    routes: tuple[Route, ...]
    notes: tuple[str, ...] = ()  # Ingresses left out, and why

    def classes(self) -> list[str | None]:
        names = {ingress.class_name for ingress in self.ingresses}
        return sorted(names, key=lambda name: (name is None, name or ""))


# Building the table


def build_table(documents: Iterable[Document], ctx: Context) -> Table:
    """Every path of every Ingress (with --cluster, the cluster's too; the files win)."""
    manifests = ManifestSet(tuple(documents))
    ingresses: list[Ingress] = []
    notes: list[str] = []
    for doc in resolver_for(manifests, ctx).ingresses() or ():
        doc = as_v1(doc)  # the loader converts removed versions already; this keeps any other caller right
        if not is_v1(doc):
            notes.append(_skipped(doc))
            continue
        if doc.converted_from:
            notes.append(_converted(doc))
        class_name, controller = served_by(doc, manifests, ctx)
        ingresses.append(Ingress(doc, len(ingresses), class_name, controller))
    routes = tuple(route for ingress in ingresses for route in _routes(ingress, notes))
    return Table(tuple(ingresses), routes, tuple(notes))


def _skipped(doc: Document) -> str:
    where = _location(doc.source, doc.position(())[0] if doc.positions else None)
    return f"{_ref(doc)} ({where}) has apiVersion {doc.api_version!r}, not networking.k8s.io/v1: not routed"


def _converted(doc: Document) -> str:
    where = _location(doc.source, doc.position(())[0] if doc.positions else None)
    return (
        f"{_ref(doc)} ({where}) is {doc.converted_from}, removed in Kubernetes 1.22: routed as its "
        "networking.k8s.io/v1 conversion (ingresslint fix rewrites it)"
    )


def _ref(doc: Document) -> str:
    return f"Ingress {doc.namespace or 'default'}/{doc.name or '<unnamed>'}"


def served_by(doc: Document, manifests: ManifestSet, ctx: Context) -> tuple[str | None, str]:
    """The class of an Ingress (field, annotation, else the default IngressClass) and the id
    of its controller, from the controller model ("unknown" when it cannot tell)."""
    from ingresslint.controllers import class_name_of, controller_of

    class_name = class_name_of(doc)
    if class_name is None:
        classes = resolver_for(manifests, ctx).ingress_classes() or {}
        class_name = next((name for name, info in sorted(classes.items()) if info.is_default), None)
    return class_name, controller_of(doc, manifests, ctx).id


PATH_TYPES = ("Exact", "Prefix", "ImplementationSpecific")


def _routes(ingress: Ingress, notes: list[str]) -> Iterator[Route]:
    doc = ingress.doc
    hosts = ingress.hosts
    tls = [entry for _, entry in dicts(spec(doc).get("tls"))]
    for path, item in http_paths(doc):
        host = hosts[path[2]]  # ("spec", "rules", i, "http", "paths", j)
        raw_path = item.get("path", "")
        path_type = item.get("pathType")
        if path_type not in PATH_TYPES or not isinstance(raw_path, str):
            where = _location(*ingress.where(path))
            notes.append(
                f"Ingress {ingress.name} ({where}): path {raw_path!r} with pathType {path_type!r} is not routed "
                "(the API server rejects it: a path is a string, pathType Exact, Prefix or ImplementationSpecific)"
            )
            continue
        backend = item.get("backend")
        yield Route(
            ingress,
            host,
            raw_path or "/",
            path_type,
            describe_backend(backend),
            isinstance(backend, dict) and isinstance(backend.get("service"), dict),
            _has_tls(host, tls),
            path,
        )


def _has_tls(host: str | None, tls: list[dict[str, Any]]) -> bool:
    for entry in tls:
        names = [name for name in entry.get("hosts") or () if isinstance(name, str)]
        if (host is None and not names) or (host is not None and any(certificate_covers(name, host) for name in names)):
            return True
    return False


def describe_backend(backend: Any) -> str:
    """``service:port`` or ``Kind/name (apiGroup)``; ``(none)`` when there is none."""
    if not isinstance(backend, dict):
        return "(none)"
    service = backend.get("service")
    if isinstance(service, dict):
        port = service.get("port") if isinstance(service.get("port"), dict) else {}
        number = port.get("number", port.get("name", "?"))
        return f"{service.get('name', '?')}:{number}"
    resource = backend.get("resource")
    if isinstance(resource, dict):
        group = resource.get("apiGroup")
        return f"{resource.get('kind', '?')}/{resource.get('name', '?')}" + (f" ({group})" if group else "")
    return "(none)"


def _precedence(route: Route) -> tuple[Any, ...]:
    """Class, then host (rules without host last), then match precedence, then input order."""
    rank = match_rank(_as_prefix(route.path_type), route.path, route.path) or (0, 0)
    return (
        *_class_key(route.ingress),
        0 if route.host else 1,
        _host_key(route.host) or "",
        -rank[0],
        -rank[1],
        route.ingress.order,
        route.field,
    )


def _class_key(ingress: Ingress) -> tuple[bool, str]:
    return ingress.class_name is None, ingress.class_name or ""


def table_rows(table: Table) -> list[dict[str, Any]]:
    """The rows of ``routes``: every path, and after the paths of each host the
    spec.defaultBackend that serves the requests none of them matches (path null; host null
    for the rules without host and the hosts no rule names), as ``route`` decides it."""
    rows = [(_precedence(route), route.as_json()) for route in table.routes]
    for class_name in table.classes():
        ingresses = [ingress for ingress in table.ingresses if ingress.class_name == class_name]
        hosts = sorted(
            {_host_key(host) for ingress in ingresses for host in ingress.hosts}, key=lambda h: (h is None, h or "")
        )
        seen: set[tuple[str | None, int]] = set()
        for host, chosen in [*((host, True) for host in hosts), (None, False)]:
            decision = Decision(class_name, ingresses[0].controller, "", host, chosen, None, None)
            default = _with_default(decision, ingresses).default
            if default is None or default.ingress is None or (host, default.ingress.order) in seen:
                continue
            seen.add((host, default.ingress.order))
            file, line = default.ingress.where(("spec", "defaultBackend"))
            tls = [entry for _, entry in dicts(spec(default.ingress.doc).get("tls"))]
            row = {
                "host": host,
                "path": None,
                "pathType": None,
                "backend": default.backend,
                "tls": _has_tls(host, tls),
                "class": class_name,
                "source": {"file": file, "line": line},
            }
            rows.append(((*_class_key(default.ingress), 0 if host else 1, host or "", 1, 0, 0, ()), row))
    rows.sort(key=lambda pair: pair[0])
    return [row for _, row in rows]


# Routing one URL


@dataclass(frozen=True)
class Request:
    url: str
    host: str
    path: str  # without query string; "/" when empty


def parse_url(url: str) -> Request:
    """``https://foo.bar.com/foo?x`` -> host foo.bar.com, path /foo. A URL without scheme is http."""
    if not url or any(char.isspace() for char in url):
        raise RouteError(f"invalid URL {url!r}: it is empty or contains whitespace")
    try:
        parts = urlsplit(url if "://" in url else f"http://{url}")
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as error:
        raise RouteError(f"invalid URL {url!r}: {error}") from None
    if parts.scheme not in ("http", "https"):
        raise RouteError(f"invalid URL {url!r}: the scheme must be http or https, not {parts.scheme!r}")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise RouteError(f"invalid URL {url!r}: it has no host")
    return Request(url, host, request_path(parts.path))


@dataclass(frozen=True)
class Loser:
    route: Route
    reason: str


@dataclass(frozen=True)
class DefaultBackend:
    backend: str
    ingress: Ingress | None  # None: the controller's own default backend
    reason: str

    def as_json(self) -> dict[str, Any]:
        file, line = self.ingress.where(("spec", "defaultBackend")) if self.ingress else (None, None)
        return {"backend": self.backend, "reason": self.reason, "source": {"file": file, "line": line}}


@dataclass(frozen=True)
class Decision:
    """Where one class (one controller) sends the request."""

    class_name: str | None
    controller: str
    semantics: str  # which semantics decided
    host: str | None  # the rule host chosen; None: the rules without host
    host_chosen: bool  # False: no rule of the class serves the host
    winner: Route | None
    default: DefaultBackend | None  # when no path serves it
    losers: tuple[Loser, ...] = ()
    notes: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "class": self.class_name,
            "controller": self.controller,
            "semantics": self.semantics,
            "host": self.host if self.host_chosen else None,
            "hostChosen": self.host_chosen,
            "route": self.winner.as_json() if self.winner else None,
            "defaultBackend": self.default.as_json() if self.default else None,
            "losers": [{**loser.route.as_json(), "reason": loser.reason} for loser in self.losers],
            "notes": list(self.notes),
        }


def route(request: Request, table: Table, class_name: str | None = None) -> list[Decision]:
    """One decision per class, or only ``class_name``'s (the others' candidates then lose)."""
    if not table.ingresses:
        raise RouteError("no networking.k8s.io/v1 Ingress in the inputs")
    classes = table.classes()
    if class_name is not None:
        if class_name not in classes:
            known = ", ".join(name or "(none)" for name in classes)
            raise RouteError(f"no Ingress of class {class_name!r} in the inputs (classes: {known})")
        classes = [class_name]
    return [_decide(request, table, name) for name in classes]


def _decide(request: Request, table: Table, class_name: str | None) -> Decision:
    ingresses = [ingress for ingress in table.ingresses if ingress.class_name == class_name]
    controller = ingresses[0].controller
    routes = [route for route in table.routes if route.ingress.class_name == class_name]
    chosen_rank = max(
        (
            rank
            for ingress in ingresses
            for host in ingress.hosts
            if (rank := host_rank(host, request.host)) is not None
        ),
        default=None,
    )
    chosen_host = _chosen_host(ingresses, request.host, chosen_rank)
    on_host = [route for route in routes if _host_key(route.host) == chosen_host and chosen_rank is not None]
    if controller == INGRESS_NGINX:
        decision = _nginx_paths(request, on_host, class_name, chosen_host, chosen_rank is not None)
    else:
        decision = _kubernetes_paths(request, on_host, class_name, controller, chosen_host, chosen_rank is not None)
    if decision.winner is None:
        decision = _with_default(decision, ingresses)
    host_losers = [
        Loser(route, _host_reason(route, chosen_host, chosen_rank))
        for route in routes
        if route not in on_host and host_rank(route.host, request.host) is not None and _path_matches(route, request)
    ]
    class_losers = [
        Loser(route, f"other class {route.ingress.class_name or '(none)'}: another controller serves it")
        for route in table.routes
        if route.ingress.class_name != class_name
        and host_rank(route.host, request.host) is not None
        and _path_matches(route, request)
    ]
    losers = (*decision.losers, *host_losers, *class_losers)
    notes = decision.notes
    if class_name is None:
        notes += (
            "these Ingresses name no IngressClass and there is no default one: only a controller that watches Ingresses without class serves them",
        )
    return replace(decision, losers=losers, notes=notes)


def _host_key(host: str | None) -> str | None:
    return host.lower() if host is not None else None


def _chosen_host(ingresses: list[Ingress], host: str, rank: int | None) -> str | None:
    if rank is None or rank == HOST_ANY:
        return None
    return next(
        _host_key(pattern)
        for ingress in ingresses
        for pattern in ingress.hosts
        if pattern is not None and host_rank(pattern, host) == rank
    )


def _host_reason(route: Route, chosen: str | None, rank: int | None) -> str:
    own = "a rule without host" if route.host is None else f"wildcard host {route.host}"
    winner = "a rule without host" if chosen is None else ("exact host " if rank == HOST_EXACT else "wildcard host ")
    winner += chosen or ""
    return f"{own} loses to {winner.strip()}: the host is chosen before the path"


def _path_matches(route: Route, request: Request) -> bool:
    """Whether the path alone would match, by Kubernetes semantics (ingress-nginx: loosely)."""
    if route.ingress.nginx and _enforces_regex(route):
        return nginx_location_matches(NginxLocation(NGINX_REGEX, route.path, None), nginx_uri(request.path))
    return match_rank(_as_prefix(route.path_type), route.path, request.path) is not None


def _as_prefix(path_type: str) -> str:
    return "Exact" if path_type == "Exact" else "Prefix"


def _kubernetes_paths(
    request: Request, on_host: list[Route], class_name: str | None, controller: str, host: str | None, chosen: bool
) -> Decision:
    ranked = [
        (rank, route)
        for route in on_host
        if (rank := match_rank(_as_prefix(route.path_type), route.path, request.path))
    ]
    winner_rank, winner = max(ranked, key=lambda pair: (pair[0], -pair[1].ingress.order), default=(None, None))
    losers = [
        Loser(route, _path_reason(route, rank, winner, winner_rank)) for rank, route in ranked if route is not winner
    ]
    notes = [
        f"ImplementationSpecific path {route.path} ({_location(*route.source)}) is treated as Prefix: "
        f"its matching is up to the controller{'' if controller == 'unknown' else ' (' + controller + ')'}, "
        "which ingresslint does not model"
        for _, route in ranked
        if route.path_type == "ImplementationSpecific"
    ]
    return Decision(
        class_name, controller, KUBERNETES_SEMANTICS, host, chosen, winner, None, tuple(losers), tuple(notes)
    )


def _path_reason(route: Route, rank: tuple[int, int], winner: Route | None, winner_rank: tuple[int, int] | None) -> str:
    assert winner is not None and winner_rank is not None
    if rank == winner_rank:
        return (
            f"the same {winner.path_type} path as {winner.ingress.name}, which comes first in the input "
            "(the first one wins; duplicate-host-path reports it)"
        )
    if rank[0] == winner_rank[0]:
        return f"{route.path_type} loses to Exact {winner.path} at equal length"
    return f"shorter match: {route.path} (length {rank[0]}) against {winner.path} (length {winner_rank[0]})"


# ingress-nginx


def _enforces_regex(route: Route) -> bool:
    """use-regex, or a rewrite-target different from the path (template.go needsRewrite)."""
    values = annotations(route.ingress.doc)
    target = values.get(REWRITE_TARGET)
    return values.get(USE_REGEX) in TRUE_STRINGS or (isinstance(target, str) and target not in ("", route.path))


def _nginx_paths(
    request: Request,
    on_host: list[Route],
    class_name: str | None,
    host: str | None,
    chosen: bool,
) -> Decision:
    canary = [route for route in on_host if annotations(route.ingress.doc).get(CANARY) == "true"]
    resources = [route for route in on_host if not route.service_backend and route not in canary]
    served = [route for route in on_host if route not in canary and route not in resources]
    locations, dropped = nginx_locations(
        [NginxPath(route.path_type, route.path, raw := _enforces_regex(route), raw) for route in served]
    )
    uri = nginx_uri(request.path)
    choice = nginx_select(locations, uri)
    winner = served[choice.location.owner] if choice.location and choice.location.owner is not None else None
    regex = bool(locations) and locations[0].modifier == NGINX_REGEX
    losers: list[Loser] = []
    for index, route in enumerate(served):
        own = [location for location in locations if location.owner == index]
        if route is winner or not any(nginx_location_matches(location, uri) for location in own):
            if index in dropped and _path_matches(route, request):
                first = served[dropped[index]]
                losers.append(
                    Loser(route, f"same path and pathType as {first.ingress.name}: ingress-nginx keeps the first")
                )
            continue
        losers.append(Loser(route, _nginx_reason(own, choice.location, regex, uri)))
    losers += [
        Loser(
            route,
            "canary Ingress: ingress-nginx sends it a share of the main Ingress's traffic (canary-weight/-by-header/-by-cookie)",
        )
        for route in canary
        if _path_matches(route, request)
    ]
    losers += [
        Loser(route, "ingress-nginx ignores resource backends (it serves the default backend instead)")
        for route in resources
        if _path_matches(route, request)
    ]
    notes = []
    if regex:
        why = sorted({route.ingress.name for route in served if _enforces_regex(route)})
        semantics = (
            f"ingress-nginx regex mode: use-regex or rewrite-target on {', '.join(why)} makes every path of "
            f"{host or 'the default server'} a case-insensitive regex '~* ^PATH', tried longest first; the first match wins"
        )
        notes += [f"regex path {location.path} was not evaluated: {why}" for location, why in choice.unchecked]
    else:
        semantics = NGINX_SEMANTICS
    notes += [
        f"ImplementationSpecific path {route.path} ({_location(*route.source)}) is a plain nginx prefix location: "
        "it matches by string prefix, not by path element"
        for route in served
        if route.path_type == "ImplementationSpecific"
        and not regex
        and (route is winner or _path_matches(route, request))
    ]
    if uri != request.path:
        notes.append(f"nginx matches the normalised URI {uri} (decoded, slashes merged, dot segments resolved)")
    if choice.redirect and choice.location is not None:
        notes.append(
            f"nginx first answers 301 to {choice.location.path} (a prefix location one '/' longer), which then serves"
        )
    notes.append(
        f"semantics from {NGINX_SOURCE}: internal/ingress/controller/{{controller.go,location.go,template/template.go}}"
    )
    return Decision(class_name, INGRESS_NGINX, semantics, host, chosen, winner, None, tuple(losers), tuple(notes))


def _nginx_reason(own: list[NginxLocation], won: NginxLocation | None, regex: bool, uri: str) -> str:
    mine = next(location for location in own if nginx_location_matches(location, uri))
    text = f"{mine.modifier} {mine.path}".strip()
    if won is None:
        return f"its location {text} matched, but no location won"
    other = f"{won.modifier} {won.path}".strip()
    if regex:
        return f"its regex location {text} comes after {other} (longer paths first) and the first match wins"
    if won.modifier == NGINX_EXACT:
        return f"the exact location {other} wins over prefix locations such as {text}"
    return f"shorter match: nginx prefix location {text} against {other}"


# Default backends


def _with_default(decision: Decision, ingresses: list[Ingress]) -> Decision:
    """spec.defaultBackend of an Ingress of the class, else the controller's default.

    ingress-nginx: a named host's server falls back to the defaultBackend (a Service) of the
    first Ingress with a rule for that host, else the controller's; the default server (rules
    without host, unknown hosts) to the first Ingress with a defaultBackend and no rules
    (controller.go createServers). Others: an Ingress of that host with a defaultBackend, else
    an Ingress without rules (the Kubernetes documentation's "single default backend")."""
    nginx = decision.controller == INGRESS_NGINX
    if nginx:  # createServers skips canary Ingresses
        ingresses = [ingress for ingress in ingresses if annotations(ingress.doc).get(CANARY) != "true"]
    owners = [ingress for ingress in ingresses if decision.host_chosen and _names_host(ingress, decision.host)]
    catch_all = [ingress for ingress in ingresses if not ingress.hosts]
    if nginx:  # a named host's server: its first Ingress; the default server "_": an Ingress without rules
        candidates = owners[:1] if decision.host_chosen and decision.host is not None else catch_all
    else:
        candidates = owners + catch_all
    source = next((ingress for ingress in candidates if _default_of(ingress, nginx)), None)
    if source is not None:
        backend = _default_of(source, nginx) or ""
        default = DefaultBackend(backend, source, _why_default(source, decision, source in owners))
    else:
        text = CONTROLLER_DEFAULT.get(decision.controller, "the controller's default backend")
        default = DefaultBackend(text, None, _why_default(None, decision, False))
    return replace(decision, default=default)


def _names_host(ingress: Ingress, host: str | None) -> bool:
    return any(_host_key(pattern) == host for pattern in ingress.hosts)


def _default_of(ingress: Ingress, nginx: bool) -> str | None:
    backend = spec(ingress.doc).get("defaultBackend")
    if not isinstance(backend, dict) or (nginx and not isinstance(backend.get("service"), dict)):
        return None
    return describe_backend(backend)


def _why_default(ingress: Ingress | None, decision: Decision, names_host: bool) -> str:
    if not decision.host_chosen:
        situation = "no rule of this class serves the host"
    else:
        situation = f"no path of {decision.host or 'the rules without host'} matches"
    if ingress is None:
        return f"{situation}, and no Ingress of this class with a defaultBackend applies"
    role = "an Ingress with a rule for this host" if names_host else "an Ingress without rules"
    return f"{situation}: spec.defaultBackend of {ingress.name}, {role}"


def _location(file: str, line: int | None) -> str:
    return f"{file}:{line}" if line is not None else file


# Output


def routed(decisions: list[Decision]) -> bool:
    return any(decision.winner is not None for decision in decisions)


def render_route_text(request: Request, decisions: list[Decision], table: Table) -> str:
    lines = [f"{request.url}: host {request.host}, path {request.path}"]
    for decision in decisions:
        lines.append("")
        lines.append(f"class {decision.class_name or '(none)'} (controller: {decision.controller})")
        lines.append(f"  semantics: {decision.semantics}")
        if decision.winner is not None:
            lines.append(f"  served by: {decision.winner.describe()}")
        elif decision.default is not None:
            where = (
                f" ({_location(*decision.default.ingress.where(('spec', 'defaultBackend')))})"
                if decision.default.ingress
                else ""
            )
            lines.append(f"  default backend: {decision.default.backend}{where}")
            lines.append(f"    because {decision.default.reason}")
        for loser in decision.losers:
            lines.append(f"  lost: {loser.route.describe()}")
            lines.append(f"    because {loser.reason}")
        lines += [f"  note: {note}" for note in decision.notes]
    lines += [f"note: {note}" for note in table.notes]
    return "\n".join(lines) + "\n"


def route_json(request: Request, decisions: list[Decision], table: Table) -> dict[str, Any]:
    return {
        "url": request.url,
        "host": request.host,
        "path": request.path,
        "routed": routed(decisions),
        "decisions": [decision.as_json() for decision in decisions],
        "notes": list(table.notes),
    }


ROUTES_COLUMNS = ("CLASS", "HOST", "PATH", "PATHTYPE", "BACKEND", "TLS", "SOURCE")


def routes_rows(table: Table) -> list[tuple[str, ...]]:
    return [
        (
            row["class"] or "(none)",
            row["host"] or "*",
            row["path"] if row["path"] is not None else "(default backend)",
            row["pathType"] or "-",
            row["backend"],
            "yes" if row["tls"] else "no",
            _location(row["source"]["file"], row["source"]["line"]),
        )
        for row in table_rows(table)
    ]


def render_routes_text(table: Table) -> str:
    rows = [ROUTES_COLUMNS, *routes_rows(table)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(ROUTES_COLUMNS))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join([*lines, *(f"note: {note}" for note in table.notes)]) + "\n"


def print_routes_rich(table: Table, console: Any = None) -> None:
    """The routing table as a rich table (on a terminal); rich is imported only here."""
    from rich.console import Console
    from rich.table import Table as RichTable

    console = console or Console()
    grid = RichTable(*ROUTES_COLUMNS)
    for row in routes_rows(table):
        grid.add_row(*row)
    console.print(grid)
    for note in table.notes:
        console.print(f"note: {note}", highlight=False, markup=False)


def routes_json(table: Table) -> list[dict[str, Any]]:
    return table_rows(table)
