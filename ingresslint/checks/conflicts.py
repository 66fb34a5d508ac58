"""Checks across Ingresses: two paths that claim exactly the same requests.

Whether two paths clash, and which one wins, depends on the controller that serves the
Ingress (ingresslint/controllers.py), so each path becomes a Claim in the routing table of
its controller's merge semantics:

- ingress-nginx merges every Ingress of its class into one server per host, across
  namespaces; the admission webhook refuses a host and path another Ingress already has
  (kubernetes/ingress-nginx@dbb11b92ddb77bee9c35e462479129354c84f939:
  internal/ingress/controller/controller.go checkOverlap); without it the location built first
  wins (getBackendServers: "Location %q already configured"), from Ingresses sorted by
  creationTimestamp (internal/ingress/controller/store/store.go sortIngressSlice).
  ImplementationSpecific is Prefix there (internal/k8s/main.go SetDefaultNGINXPathType).
- AWS Load Balancer Controller: one ALB per IngressGroup, one rule list per listener port, rules
  in priority order and the first match wins: see _alb_claims.
- GKE (ingress-gce): one load balancer per Ingress; inside it the later path of a host wins
  and a host's later rule replaces its earlier one: see _gce_hits.
- NGINX Inc.'s controller gives a host to one Ingress, or to a master and its minions: see
  _nginx_inc_claims.
- any other controller: compared as ingress-nginx does, but as a warning that says the
  controller's semantics are not verified.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import Any

from ingresslint.checks._ingress import annotations, dicts, http_paths, rules, spec
from ingresslint.checks.paths import REGEX_CHARS
from ingresslint.context import Context, ManifestSet
from ingresslint.controllers import Controller, class_name_of, controller_of, facts, reads_class
from ingresslint.matching import prefix_key
from ingresslint.model import Document, Hit, Path, Related, Severity
from ingresslint.records import Record, init
from ingresslint.resolver import resolver_for

CANARY = "nginx.ingress.kubernetes.io/canary"
ALB = "alb.ingress.kubernetes.io/"
# ALB condition fields that add alternatives to the Ingress's own host and path (OR); every
# other field narrows the rule (AND): pkg/ingress/model_build_listener_rules.go buildRuleConditions
ALB_WIDENING = frozenset({"host-header", "path-pattern"})
NGINX, ALB_GROUP, GCE, UNVERIFIED = "host-across-namespaces", "group", "per-ingress", "unverified"
NGINX_INC = "host-across-namespaces-mergeable"
NGINX_INC_HOST, NGINX_INC_MINION = "nginx-inc-host", "nginx-inc-minion"
MERGEABLE = "nginx.org/mergeable-ingress-type"


class Conditions(Record):
    """The alb.ingress.kubernetes.io/conditions.<service> of one path, as comparable items."""

    __match_args__ = ("widening", "narrowing")
    __slots__ = __match_args__
    widening: frozenset[str]
    narrowing: frozenset[str]

    def __init__(self, widening: frozenset[str] = frozenset(), narrowing: frozenset[str] = frozenset()) -> None:
        init(self, "widening", widening)
        init(self, "narrowing", narrowing)

    def shadows(self, later: Conditions) -> bool:
        """True when a rule with these conditions matches every request ``later`` matches."""
        return self.narrowing <= later.narrowing and self.widening >= later.widening


class Claim(Record):
    """One path in one routing table: equal ``table`` and ``route`` mean the same requests."""

    __match_args__ = (
        "doc",
        "path",
        "controller",
        "semantics",
        "table",
        "route",
        "order",
        "shown",
        "host",
        "conditions",
        "listener",
    )
    __slots__ = __match_args__
    doc: Document
    path: Path  # the field the finding points at: a path's ``path`` (a host for NGINX Inc.)
    controller: Controller
    semantics: str
    table: tuple[Any, ...]
    route: tuple[Any, ...]
    order: tuple[Any, ...]  # evaluation order: the smallest is selected first
    shown: tuple[str, str]  # pathType and path as written
    host: str | None
    conditions: Conditions
    listener: str

    def __init__(
        self,
        doc: Document,
        path: Path,
        controller: Controller,
        semantics: str,
        table: tuple[Any, ...],
        route: tuple[Any, ...],
        order: tuple[Any, ...],
        shown: tuple[str, str],
        host: str | None,
        conditions: Conditions | None = None,
        listener: str = "",
    ) -> None:
        init(self, "doc", doc)
        init(self, "path", path)
        init(self, "controller", controller)
        init(self, "semantics", semantics)
        init(self, "table", table)
        init(self, "route", route)
        init(self, "order", order)
        init(self, "shown", shown)
        init(self, "host", host)
        init(self, "conditions", Conditions() if conditions is None else conditions)
        init(self, "listener", listener)


def route_key(path_type: object, path: object) -> tuple[str, str] | None:
    """The (pathType, path) two paths share exactly when they match the same requests:
    Prefix (and ImplementationSpecific, treated as Prefix unless it holds a regex) ignores a
    trailing slash."""
    if not isinstance(path_type, str) or not isinstance(path, str):
        return None
    if path_type == "Prefix" or (path_type == "ImplementationSpecific" and not set(path) & REGEX_CHARS):
        return path_type, prefix_key(path)
    return path_type, path


def duplicate_host_path(manifests: ManifestSet, ctx: Context) -> Iterator[Hit]:
    """The same host, pathType and path twice where the serving controller merges them."""
    # Almost every key is claimed once, and a claim holds strings of its decoded document: the
    # first sweep keeps only the hashes of the keys, and only when some hash came twice does a
    # second sweep keep the claims of those hashes (grouped by their real key, as one sweep would).
    sweep = _Sweep(manifests, ctx)
    seen: set[int] = set()
    twice: set[int] = set()
    for item in sweep.items():
        if isinstance(item, Hit):
            yield item
            continue
        digest = hash((item.table, item.route))
        if digest in seen:
            twice.add(digest)
        else:
            seen.add(digest)
    if twice:
        yield from _clashes(claim for claim in sweep.claims() if hash((claim.table, claim.route)) in twice)


class _Sweep:
    """The claims of every Ingress (and GKE's findings, which need no other Ingress), as often as asked."""

    def __init__(self, manifests: ManifestSet, ctx: Context) -> None:
        resolver = resolver_for(manifests, ctx)
        self.manifests, self.ctx = manifests, ctx
        self.ingresses = resolver.ingresses() or ()
        self.classes = resolver.ingress_classes() or {}
        self.default = next((name for name, info in self.classes.items() if info.is_default), "")
        self.one_cluster = ctx.resolver is not None  # --cluster: every file is applied to that cluster

    def claims(self) -> Iterator[Claim]:
        return (item for item in self.items(gce=False) if isinstance(item, Claim))

    def items(self, gce: bool = True) -> Iterator[Claim | Hit]:
        manifests, ctx, default, one_cluster = self.manifests, self.ctx, self.default, self.one_cluster
        alb_docs: list[tuple[Document, Controller]] = []
        for sequence, doc in enumerate(self.ingresses):
            controller = controller_of(doc, manifests, ctx)
            semantics = _semantics(controller)
            if semantics == GCE:
                if gce and reads_class(doc, controller):  # else GKE skips it: ingress-class-name-unread says so
                    yield from _gce_hits(doc, controller)
                continue
            # Ingresses of different files are compared only when both name their class: a
            # directory of unrelated examples is not one cluster.
            explicit = class_name_of(doc)
            scope = (explicit or default) if explicit or one_cluster else f"{explicit or default}@{doc.source}"
            if semantics == ALB_GROUP:
                alb_docs.append((doc, controller))
            elif annotations(doc).get(CANARY) == "true":
                continue  # canary Ingresses duplicate a host/path on purpose (and are written for ingress-nginx)
            elif semantics == NGINX_INC:
                # a host conflict holds whatever the paths, so only files known to share a cluster
                hosts = (semantics, controller.id, scope if one_cluster else f"{scope}@{doc.source}")
                yield from _nginx_inc_claims(doc, controller, hosts, sequence)
            else:
                yield from _merged_claims(doc, controller, semantics, (semantics, controller.id, scope), sequence)
        yield from _alb_claims(alb_docs, _alb_class_params(manifests, self.classes, default), one_cluster)


def _semantics(controller: Controller) -> str:
    known = facts(controller)
    merge = known.merge if known is not None else "unknown"
    return merge if merge in (NGINX, NGINX_INC, ALB_GROUP, GCE) else UNVERIFIED


def _clashes(claims: Iterable[Claim]) -> Iterator[Hit]:
    tables: dict[tuple[Any, ...], list[Claim]] = {}
    for claim in claims:
        tables.setdefault((claim.table, claim.route), []).append(claim)
    for group in tables.values():
        group.sort(key=lambda claim: claim.order)
        for index, claim in enumerate(group):
            first = next((earlier for earlier in islice(group, index) if _shadows(earlier, claim)), None)
            if first is not None:
                yield _hit(claim, first)


def _shadows(earlier: Claim, later: Claim) -> bool:
    if earlier.doc is not later.doc and _same_object(earlier.doc, later.doc):
        return False  # one object written twice (a kustomize base and its patch, say)
    return earlier.conditions.shadows(later.conditions)


def _hit(claim: Claim, first: Claim) -> Hit:
    what = "host" if claim.semantics == NGINX_INC_HOST else "host and path"
    other = Related(first.doc, first.path, f"the same {what} in {first.doc.ref.describe()}")
    severity = Severity.WARNING if claim.semantics == UNVERIFIED else None
    return Hit(
        claim.path,
        _message(claim, first),
        doc=claim.doc,
        related=(other,),
        controller=claim.controller.id,
        severity=severity,
    )


def _message(claim: Claim, first: Claim) -> str:
    line = first.doc.position(first.path)[0]
    where = "this Ingress" if first.doc is claim.doc else first.doc.ref.describe()
    location = f"{first.doc.source}:{line}" if first.doc.positions else "in the cluster"  # --cluster: no file
    host = claim.host if claim.host is not None else "every host"
    head = f"{claim.shown[0]} path {claim.shown[1]} on {host} is already routed by {where} ({location})"
    fix = "remove one or change its host or path"
    if claim.semantics == ALB_GROUP:
        return (
            f"{head} on listener {claim.listener} of {_alb_group_name(claim)}, a rule the AWS Load Balancer "
            f"Controller evaluates first{_alb_why(claim, first)}, so this listener rule is never selected: {fix}, "
            "or tell them apart with an alb.ingress.kubernetes.io/conditions.<service> annotation"
        )
    if claim.semantics in (NGINX_INC_HOST, NGINX_INC_MINION):
        return _nginx_inc_message(claim, first, where, location)
    if claim.semantics == UNVERIFIED:
        return (
            f"{head}; ingresslint has not verified how {_named(claim.controller)} merges Ingresses "
            f"(unverified: it may refuse one, ignore one or pick one by its own order): {fix}"
        )
    if first.doc is claim.doc:
        return (
            f"{head}, so this one is never selected: ingress-nginx keeps the first location of a host and path: {fix}"
        )
    owner = f"{first.doc.namespace}/{first.doc.name}" if first.doc.namespace else str(first.doc.name)
    refusal = f'host "{claim.host or "_"}" and path "{claim.shown[1]}" is already defined in ingress {owner}'
    return (
        f"{head}, so only one of them is served: ingress-nginx's admission webhook refuses the Ingress applied "
        f"second ({refusal}), and without the webhook the oldest Ingress (creationTimestamp) wins: {fix}"
    )


def _named(controller: Controller) -> str:
    return f"{controller.name} (class {controller.class_name})" if controller.class_name else controller.name


def _merged_claims(
    doc: Document, controller: Controller, semantics: str, table: tuple[Any, ...], sequence: int
) -> Iterator[Claim]:
    """ingress-nginx (and, unverified, every other controller): one table per class and host."""
    hosts = {rule_path: rule.get("host") for rule_path, rule in rules(doc)}
    created = doc.metadata.get("creationTimestamp")
    # objects read from the cluster are older than the files about to be applied
    age = (0, str(created)) if created is not None else (1, "")
    for index, (path, item) in enumerate(http_paths(doc)):
        path_type, value = item.get("pathType"), item.get("path")
        if semantics == NGINX and path_type == "ImplementationSpecific":
            path_type = "Prefix"  # SetDefaultNGINXPathType
        route = route_key(path_type, value)
        if route is None:
            continue
        host = hosts.get(path[:3])
        host = host if isinstance(host, str) else None
        key = (host.lower() if host is not None else "*", *route)
        order = (*age, sequence, index)
        shown = (str(item.get("pathType")), value)
        yield Claim(doc, (*path, "path"), controller, semantics, table, key, order, shown, host)


# -- NGINX Inc. -------------------------------------------------------------------------------


def _nginx_inc_claims(doc: Document, controller: Controller, table: tuple[Any, ...], sequence: int) -> Iterator[Claim]:
    """NGINX Inc.'s controller gives each host to one Ingress: the oldest (creationTimestamp,
    then the greater UID) of the regular and master Ingresses that name it; the others get
    "host ... is taken by another resource". Minions (nginx.org/mergeable-ingress-type) of a
    master's host share it, and each path string goes to the oldest minion
    (nginx/kubernetes-ingress@0eb3072d14f04931824bb74c99a6566d8c108f3c:
    internal/k8s/configuration.go rebuildHosts, buildMinionConfigs, chooseObjectMetaWinner).
    Two equal paths inside one Ingress: not read, so a warning as for other controllers."""
    created = doc.metadata.get("creationTimestamp")
    order = ((0, str(created)) if created is not None else (1, "")) + (sequence,)
    minion = annotations(doc).get(MERGEABLE) == "minion"
    seen: set[str] = set()
    for rule_path, rule in rules(doc):
        host = rule.get("host") if isinstance(rule.get("host"), str) else ""
        if minion:
            yield from _minion_claims(doc, controller, table, order, rule_path, rule, host)
            break  # a minion's paths are read from its first rule only
        if host not in seen:
            seen.add(host)
            at = (*rule_path, "host") if doc.has_position((*rule_path, "host")) else rule_path
            yield Claim(doc, at, controller, NGINX_INC_HOST, (*table, "host"), (host,), order, ("", ""), host)
    if not minion:
        inside = (UNVERIFIED, controller.id, doc.source, doc.index, doc.root)
        yield from _merged_claims(doc, controller, UNVERIFIED, inside, sequence)


def _minion_claims(
    doc: Document,
    controller: Controller,
    table: tuple[Any, ...],
    order: tuple[Any, ...],
    rule_path: Path,
    rule: dict[str, Any],
    host: str,
) -> Iterator[Claim]:
    http = rule.get("http")
    for index, item in dicts(http.get("paths") if isinstance(http, dict) else None):
        value = item.get("path")
        if isinstance(value, str):
            path = (*rule_path, "http", "paths", index, "path")
            shown = (str(item.get("pathType")), value)
            yield Claim(doc, path, controller, NGINX_INC_MINION, (*table, "minion", host), (value,), order, shown, host)


def _nginx_inc_message(claim: Claim, first: Claim, where: str, location: str) -> str:
    if claim.semantics == NGINX_INC_MINION:
        return (
            f"path {claim.shown[1]} of host {claim.host or '(none)'} is already taken by minion {where} ({location}): "
            "NGINX Inc.'s controller gives a path of a mergeable host to the oldest minion (creationTimestamp) and "
            'marks the other "path ... is taken by another resource": remove one or change its path'
        )
    return (
        f"host {claim.host or '(none)'} is already taken by {where} ({location}): NGINX Inc.'s controller serves "
        "a host from one Ingress only, the oldest (creationTimestamp), and this one gets "
        '"host ... is taken by another resource", even for other paths: put the paths in one Ingress, or make '
        "them a master and minions (nginx.org/mergeable-ingress-type)"
    )


# -- AWS Load Balancer Controller ------------------------------------------------------------


def _alb_claims(
    members: list[tuple[Document, Controller]], params: dict[str, dict[str, Any]], one_cluster: bool
) -> Iterator[Claim]:
    """An IngressGroup is every Ingress with the same group.name (any namespace), else the
    Ingress alone (kubernetes-sigs/aws-load-balancer-controller@225f44568848eb25f13e304a5f1cc68c0cd9415d:
    pkg/ingress/group_loader.go loadGroupID; docs/guide/ingress/annotations.md). Its members are sorted by
    group.order (default 0), then namespace/name (sortGroupMembers); each listener port gets
    the rules of the members that listen on it (pkg/ingress/model_builder.go), in that order,
    and within one Ingress rule Exact paths first, then Prefix paths longest first, then the
    others (model_build_listener_rules.go sortIngressPaths). The listener tries its rules by
    priority and the first match wins, so a rule after one with the same host and path whose
    conditions match at least the same requests is never selected."""
    groups: dict[tuple[Any, ...], list[Document]] = {}
    controllers = {id(doc): controller for doc, controller in members}
    for doc, _ in members:
        groups.setdefault(_alb_group(doc, _params_of(doc, params), one_cluster), []).append(doc)
    for group, docs in groups.items():
        redirect = any(
            f"{ALB}ssl-redirect" in annotations(doc) or _params_of(doc, params).get("sslRedirectPort") for doc in docs
        )
        for doc in docs:
            ordered = (_alb_order(doc), f"{doc.namespace or ''}/{doc.name or ''}")
            for listener in _alb_listeners(doc, _params_of(doc, params)):
                if redirect and listener.startswith("HTTP:"):
                    continue  # with ssl-redirect, HTTP listeners only redirect (buildListenerRules)
                table = ("alb", group, listener.split(":")[1])
                yield from _alb_rule_claims(doc, controllers[id(doc)], table, ordered, listener)


def _alb_class_params(manifests: ManifestSet, classes: Mapping[str, Any], default: str) -> dict[str, dict[str, Any]]:
    """The spec of the IngressClassParams (elbv2.k8s.aws) each IngressClass of the files names,
    by class name (pkg/ingress/class_loader.go); the default class under "" too."""
    found = {doc.name: doc.data.get("spec") for doc in manifests.of_kind("IngressClassParams")}
    by_class: dict[str, dict[str, Any]] = {}
    for name, info in classes.items():
        ref = spec(info.doc).get("parameters") if info.doc is not None else None
        if isinstance(ref, dict) and ref.get("apiGroup") == "elbv2.k8s.aws" and ref.get("kind") == "IngressClassParams":
            params = found.get(ref.get("name"))
            if isinstance(params, dict):
                by_class[name] = params
    if default in by_class:
        by_class[""] = by_class[default]
    return by_class


def _params_of(doc: Document, params: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return params.get(class_name_of(doc) or "", {})


def _alb_group(doc: Document, params: dict[str, Any], one_cluster: bool) -> tuple[Any, ...]:
    """IngressClassParams spec.group.name wins over the group.name annotation (loadGroupID)."""
    group = params.get("group")
    name = group.get("name") if isinstance(group, dict) else None
    if not (isinstance(name, str) and name):
        name = annotations(doc).get(f"{ALB}group.name")
    if isinstance(name, str) and name:
        explicit = class_name_of(doc) is not None
        return ("group", name) if explicit or one_cluster else ("group", name, doc.source)
    return ("ingress", doc.namespace, doc.name, doc.source)


def _alb_order(doc: Document) -> int:
    try:
        return int(str(annotations(doc).get(f"{ALB}group.order", 0)))
    except ValueError:
        return 0  # the controller refuses the group: annotation-value-invalid's business


def _alb_listeners(doc: Document, params: dict[str, Any]) -> list[str]:
    """``PROTOCOL:port`` of every listener the Ingress's rules go to: listen-ports, else HTTPS:443
    with a certificate (certificate-arn, or IngressClassParams certificateArn) and HTTP:80
    without (model_build_listener.go computeIngressListenPortConfigByPort, computeIngressListenPorts)."""
    notes = annotations(doc)
    tls = notes.get(f"{ALB}certificate-arn") or params.get("certificateArn")
    default = ["HTTPS:443"] if tls else ["HTTP:80"]
    raw = notes.get(f"{ALB}listen-ports")
    if not isinstance(raw, str):
        return default
    try:
        entries = json.loads(raw)
    except ValueError:
        return default
    ports = {
        port: protocol
        for _, entry in dicts(entries)
        for protocol, port in entry.items()
        if protocol in ("HTTP", "HTTPS") and isinstance(port, int) and not isinstance(port, bool)
    }
    return [f"{protocol}:{port}" for port, protocol in ports.items()] or default


def _alb_rule_claims(
    doc: Document, controller: Controller, table: tuple[Any, ...], ordered: tuple[Any, ...], listener: str
) -> Iterator[Claim]:
    regex = str(annotations(doc).get(f"{ALB}use-regex-path-match", "")).lower() == "true"
    for rule_path, rule in rules(doc):
        host = rule.get("host") if isinstance(rule.get("host"), str) else None
        http = rule.get("http")
        for index, item in dicts(http.get("paths") if isinstance(http, dict) else None):
            path_type, value = item.get("pathType"), item.get("path")
            if not isinstance(value, str) or not value:
                continue
            patterns = _alb_patterns(path_type, value, regex)
            key = (host.lower() if host else "*", patterns)
            order = (*ordered, rule_path[2], *_alb_rank(path_type, value), index)
            path = (*rule_path, "http", "paths", index, "path")
            conditions = _alb_conditions(doc, item)
            shown = (str(path_type), value)
            yield Claim(doc, path, controller, ALB_GROUP, table, key, order, shown, host, conditions, listener)


def _alb_patterns(path_type: object, path: str, regex: bool) -> tuple[str, ...]:
    """The listener rule's path-pattern values (model_build_listener_rules.go buildPathPatterns)."""
    if path_type == "Exact":
        return (path,)
    if path_type == "Prefix":
        if path == "/":
            return ("/*",)
        normalized = path.removesuffix("/")
        return (normalized, normalized + "/*")
    return (f"regex:{path[1:]}",) if regex else (path,)


def _alb_rank(path_type: object, path: str) -> tuple[int, int]:
    if path_type == "Exact":
        return (0, 0)
    if path_type == "Prefix":
        return (1, -len(path))
    return (2, 0)


def _alb_conditions(doc: Document, item: dict[str, Any]) -> Conditions:
    """conditions.<name> names the backend's service, or the action of a ``use-annotation``
    port (pkg/ingress/enhanced_backend_builder.go buildConditions)."""
    backend = item.get("backend")
    service = backend.get("service") if isinstance(backend, dict) else None
    name = service.get("name") if isinstance(service, dict) else None
    raw = annotations(doc).get(f"{ALB}conditions.{name}") if isinstance(name, str) else None
    if raw is None:
        return Conditions()
    try:
        parsed = json.loads(str(raw))
    except ValueError:
        return Conditions(narrowing=frozenset({str(raw)}))  # unreadable: unlike any other rule
    items = parsed if isinstance(parsed, list) else [parsed]
    widening = {json.dumps(c, sort_keys=True) for c in items if isinstance(c, dict) and c.get("field") in ALB_WIDENING}
    narrowing = {json.dumps(c, sort_keys=True) for c in items} - widening
    return Conditions(frozenset(widening), frozenset(narrowing))


def _alb_group_name(claim: Claim) -> str:
    group = claim.table[1]
    return f"IngressGroup {group[1]}" if group[0] == "group" else "the Ingress's own ALB (no group.name)"


def _alb_why(claim: Claim, first: Claim) -> str:
    order = " (group.order, then namespace/name; in one Ingress Exact paths, then longer Prefix paths first)"
    if first.conditions == claim.conditions:
        return order
    return f"{order} and whose conditions match every request this one's do"


# -- GKE ---------------------------------------------------------------------------------------


def _gce_hits(doc: Document, controller: Controller) -> Iterator[Hit]:
    """ingress-gce translates each Ingress into its own URL map
    (kubernetes/ingress-gce@acbcf5d66dd9d31297a2a52a2d7d83d4c1a94539:
    pkg/controller/translator/translator.go TranslateIngress). PutPathRulesForHost
    (pkg/utils/gceurlmap.go) keeps the later of two equal path patterns of a rule, and a later
    rule of the same host replaces the earlier rule entirely."""
    translated = [(rule_path, rule) for rule_path, rule in rules(doc) if isinstance(rule.get("http"), dict)]
    last_rule = {_gce_host(rule): (rule_path, rule) for rule_path, rule in translated}  # rules without http are skipped
    for rule_path, rule in translated:
        host = _gce_host(rule)
        winner = last_rule[host][0]
        if winner != rule_path:
            yield _gce_replaced_rule(doc, controller, rule_path, winner, rule.get("host"))
        else:
            yield from _gce_path_hits(doc, controller, rule_path, rule)


def _gce_host(rule: dict[str, Any]) -> str:
    host = rule.get("host")
    return host if isinstance(host, str) and host else "*"


def _gce_replaced_rule(doc: Document, controller: Controller, rule_path: Path, winner: Path, host: object) -> Hit:
    line = doc.position(winner)[0]
    named = host if isinstance(host, str) and host else "every host (no host)"
    message = (
        f"{named} is also the host of a later rule of this Ingress ({doc.source}:{line}); GKE's URL map keeps "
        "only the last rule of a host, so every path of this rule is dropped: merge the paths into one rule"
    )
    where = (*rule_path, "host") if doc.has_position((*rule_path, "host")) else rule_path
    other = Related(doc, winner, "the later rule of the same host")
    return Hit(where, message, doc=doc, related=(other,), controller=controller.id)


def _gce_path_hits(doc: Document, controller: Controller, rule_path: Path, rule: dict[str, Any]) -> Iterator[Hit]:
    http = rule.get("http")
    items = list(dicts(http.get("paths") if isinstance(http, dict) else None))
    taken: dict[str, int] = {}  # pattern -> the last path of the rule that has it
    found: list[Hit] = []
    for index, item in reversed(items):
        mine = _gce_patterns(item)
        if mine and mine <= taken.keys():
            found.append(
                _gce_shadowed_path(doc, controller, rule_path, rule, (index, item), max(taken[p] for p in mine))
            )
        for pattern in mine:
            taken.setdefault(pattern, index)
    yield from reversed(found)


def _gce_shadowed_path(
    doc: Document, controller: Controller, rule_path: Path, rule: dict[str, Any], path: tuple[int, Any], later: int
) -> Hit:
    index, item = path
    winner = (*rule_path, "http", "paths", later, "path")
    host = _gce_host(rule)
    message = (
        f"{item.get('pathType')} path {item.get('path')} on {'every host' if host == '*' else host} is also "
        f"claimed by a later path of this rule ({doc.source}:{doc.position(winner)[0]}); GKE's URL map keeps the "
        "later of two equal path patterns, so this path is never served: remove one or change its path"
    )
    other = Related(doc, winner, "the later path that takes its requests")
    return Hit(
        (*rule_path, "http", "paths", index, "path"), message, doc=doc, related=(other,), controller=controller.id
    )


def _gce_patterns(item: dict[str, Any]) -> set[str]:
    """The URL map path patterns of one path (translator.go validateAndGetPaths)."""
    path_type, path = item.get("pathType"), item.get("path")
    if not isinstance(path, str):
        return set()
    if path_type == "Prefix":
        if path == "/":
            return {"/*"}
        base = path.removesuffix("/")
        return {base, base + "/*"}
    return {path or "/*"}


def _same_object(one: Document, two: Document) -> bool:
    return (one.name or "") == (two.name or "") and one.namespace == two.namespace
