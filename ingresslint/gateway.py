"""What moving each Ingress to the Gateway API takes (``ingresslint gateway``).

Every annotation and core feature of an Ingress is classified from the mapping in
rules/catalog/gateway-api.yaml (a reading of ingress2gateway v1.1.0 and gateway-api v1.6.1,
checked by tools/check_gateway_catalog.py):

* ``converts``: ingress2gateway turns it into a standard or experimental construct;
* ``manual``: a portable construct exists, but the converter does not emit it (or emits it
  wrongly): write it by hand;
* ``implementation-specific``: only an implementation's own resources cover it;
* ``none``: no Gateway API equivalent: redesign.

The verdict of an Ingress is ``blocked`` when something has no equivalent, ``review`` when
something is manual or implementation-specific, ``ready`` otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import IO, TYPE_CHECKING, Any

from ingresslint.checks._ingress import CLASS_ANNOTATION, annotations, dicts, rules, spec
from ingresslint.context import Context, ManifestSet
from ingresslint.model import Document
from ingresslint.resources import data_dir

if TYPE_CHECKING:
    from ingresslint.controllers import Controller

SUPPORTS = ("converts", "manual", "implementation-specific", "none")
VERDICTS = ("ready", "review", "blocked")
NGINX_PREFIX = "nginx.ingress.kubernetes.io/"
REGEX_CHARS = re.compile(r"[\^$*+?()\[\]{}|\\]")
CAPTURE_GROUP = re.compile(r"\$\d")
GO_TRUE = ("1", "t", "T", "TRUE", "true", "True")  # strconv.ParseBool


@dataclass(frozen=True)
class Construct:
    id: str
    name: str
    channel: str
    support: str | None
    since: str | None

    def describe(self, detail: str | None = None) -> str:
        level = f", {self.support} support" if self.support else ""
        since = f", gateway-api {self.since}+" if self.since and self.channel == "standard" else ""
        what = f"{self.name}: {detail}" if detail else self.name
        return f"{what} ({self.channel} channel{level}{since})"


@dataclass(frozen=True)
class Classification:
    """One classification: an entry of the mapping file or one of its value cases."""

    support: str
    construct: str | None = None
    detail: str | None = None
    write: str | None = None
    policies: str | None = None
    redesign: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Entry:
    name: str  # the annotation key (or key prefix) or the feature name
    prefix: bool
    provider: str | None
    controller: str | None  # the controller that reads it (None: any)
    base: Classification
    cases: dict[str, Classification]
    source: str
    since: str | None = None  # the first ingress2gateway release that converts it


@dataclass(frozen=True)
class Provider:
    name: str
    controllers: tuple[str, ...]
    classes: tuple[str, ...]
    class_flag: str | None
    prefixes: tuple[str, ...]
    implementation_specific: str | None
    unlisted: str


@dataclass(frozen=True)
class GatewayCatalog:
    constructs: dict[str, Construct]
    providers: tuple[Provider, ...]
    no_provider: dict[str, str]
    annotations: dict[str, Entry]
    prefix_annotations: tuple[Entry, ...]
    nginx_groups: dict[str, Classification]
    features: dict[str, Entry]
    ignored_prefixes: tuple[str, ...]
    versions: dict[str, str]

    def provider(self, name: str | None) -> Provider | None:
        return next((p for p in self.providers if p.name == name), None)

    def provider_for(self, controller_id: str) -> Provider | None:
        return next((p for p in self.providers if controller_id in p.controllers), None)

    def entry(self, key: str) -> Entry | None:
        found = self.annotations.get(key)
        if found is not None:
            return found
        return next((e for e in self.prefix_annotations if key.startswith(e.name) and key != e.name), None)


@lru_cache(maxsize=1)
def gateway_catalog() -> GatewayCatalog:
    from ruamel.yaml import YAML

    raw = YAML(typ="safe", pure=False).load(
        (data_dir("rules") / "catalog" / "gateway-api.yaml").read_text(encoding="utf-8")
    )
    providers = tuple(_provider(item) for item in raw["providers"])
    entries = [_entry(item, item.get("key") or item["key_prefix"], providers) for item in raw["annotations"]]
    return GatewayCatalog(
        constructs={cid: _construct(cid, item) for cid, item in raw["constructs"].items()},
        providers=providers,
        no_provider=dict(raw["no_provider"]),
        annotations={e.name: e for e in entries if not e.prefix},
        prefix_annotations=tuple(e for e in entries if e.prefix),
        nginx_groups={group: _mapping(item) for group, item in raw["nginx_groups"].items()},
        features={name: _entry(item, name, providers) for name, item in raw["features"].items()},
        ignored_prefixes=tuple(raw.get("ignored_prefixes") or ()),
        versions={name: item["tag"] for name, item in raw["sources"].items()},
    )


def _construct(cid: str, item: dict[str, Any]) -> Construct:
    return Construct(cid, item["name"], item["channel"], item.get("support"), item.get("since"))


def _provider(item: dict[str, Any]) -> Provider:
    return Provider(
        name=item["name"],
        controllers=tuple(item["controllers"]),
        classes=tuple(item["classes"]),
        class_flag=item.get("class_flag"),
        prefixes=tuple(item["prefixes"]),
        implementation_specific=item.get("implementation_specific"),
        unlisted=item["unlisted"],
    )


def _mapping(item: Mapping[str, Any]) -> Classification:
    return Classification(
        support=item["support"],
        construct=item.get("construct"),
        detail=item.get("detail"),
        write=item.get("write"),
        policies=item.get("policies"),
        redesign=item.get("redesign"),
        note=item.get("note"),
    )


def _entry(item: dict[str, Any], name: str, providers: tuple[Provider, ...]) -> Entry:
    provider = item.get("provider")
    owner = next((p.controllers[0] for p in providers if p.name == provider), None)
    return Entry(
        name=name,
        prefix="key_prefix" in item,
        provider=provider,
        controller=item.get("controller") or owner,
        base=_mapping(item),
        cases={case: _mapping(value) for case, value in (item.get("cases") or {}).items()},
        source=item["source"],
        since=item.get("since"),
    )


# ---- the report


@dataclass(frozen=True)
class Item:
    kind: str  # "annotation" | "feature"
    name: str
    support: str
    gateway_api: str | None
    note: str
    line: int = 0

    def as_json(self) -> dict[str, Any]:
        return {self.kind: self.name, "support": self.support, "gatewayApi": self.gateway_api, "note": self.note}


@dataclass(frozen=True)
class Migration:
    """What moving one Ingress takes."""

    doc: Document
    controller: str
    controller_name: str
    controller_reason: str
    provider: str | None
    items: tuple[Item, ...]
    command: str | None

    @property
    def verdict(self) -> str:
        return verdict_of(item.support for item in self.items)

    @property
    def line(self) -> int:
        return self.doc.position(())[0]

    def as_json(self) -> dict[str, Any]:
        ref = self.doc.ref
        return {
            "object": {"apiVersion": ref.api_version, "kind": ref.kind, "namespace": ref.namespace, "name": ref.name},
            "file": self.doc.source,
            "line": self.line,
            "controller": self.controller,
            "verdict": self.verdict,
            "items": [item.as_json() for item in self.items],
        }


@dataclass
class GatewayReport:
    migrations: list[Migration] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(VERDICTS, 0)
        for migration in self.migrations:
            counts[migration.verdict] += 1
        return counts

    def as_json(self, version: str) -> dict[str, Any]:
        return {
            "version": version,
            "ingresses": [migration.as_json() for migration in self.migrations],
            "summary": self.summary(),
        }


def verdict_of(supports: Iterable[str]) -> str:
    found = set(supports)
    if "none" in found:
        return "blocked"
    if found & {"manual", "implementation-specific"}:
        return "review"
    return "ready"


ControllerOf = Callable[[Document, ManifestSet, Context], "Controller"]


def analyse(manifests: ManifestSet, ctx: Context, controller_of: ControllerOf | None = None) -> GatewayReport:
    """The migration of every Ingress of ``manifests``, in input order; ``controller_of``
    defaults to the shared controller model (ingresslint/controllers.py)."""
    if controller_of is None:
        from ingresslint.controllers import controller_of
    cat = gateway_catalog()
    ingresses = manifests.of_kind("Ingress")
    index = SetIndex.build(ingresses)
    report = GatewayReport()
    for doc in ingresses:
        controller = controller_of(doc, manifests, ctx)
        report.migrations.append(_migrate(doc, controller, manifests, ctx, cat, index))
    return report


def _migrate(
    doc: Document,
    controller: Controller,
    manifests: ManifestSet,
    ctx: Context,
    cat: GatewayCatalog,
    index: SetIndex,
) -> Migration:
    provider = cat.provider_for(controller.id) or _guess_provider(doc, cat, controller.id)
    view = IngressView(doc, controller.id, provider, manifests, ctx, cat, index)
    command = _command(provider, view.class_name, view.input_files())
    items = [*view.annotation_items(), *view.feature_items(command)]
    provider_name = provider.name if provider else None
    return Migration(doc, controller.id, controller.name, controller.reason, provider_name, tuple(items), command)


def _guess_provider(doc: Document, cat: GatewayCatalog, controller_id: str) -> Provider | None:
    """For an Ingress of unknown controller: the provider whose annotations it uses most."""
    if controller_id != "unknown":
        return None
    keys = [key for key in annotations(doc) if isinstance(key, str)]
    scored = [(sum(key.startswith(p.prefixes) for key in keys), p) for p in cat.providers if p.name != "gce"]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] else None


def _command(provider: Provider | None, class_name: str, files: list[str]) -> str | None:
    if provider is None:
        return None
    flag = ""
    if class_name not in provider.classes and provider.class_flag and class_name:
        flag = f" --{provider.class_flag}={_shell_word(class_name)}"
    inputs = "".join(f" --input-file {_shell_word(name)}" for name in files)
    return f"ingress2gateway print --providers={provider.name}{flag}{inputs}"


def _shell_word(text: str) -> str:
    return text if re.fullmatch(r"[\w@%+=:,./-]+", text) else "'" + text.replace("'", "'\\''") + "'"


@dataclass(frozen=True)
class SetIndex:
    """What every Ingress's analysis reads about the others, computed once per run."""

    hosts_of: dict[int, frozenset[str]]  # id(doc) -> its rule hosts
    by_host: dict[str, tuple[Document, ...]]
    regex_hosts: frozenset[str]

    @classmethod
    def build(cls, ingresses: tuple[Document, ...]) -> SetIndex:
        hosts_of = {
            id(doc): frozenset(rule["host"] for _, rule in rules(doc) if isinstance(rule.get("host"), str))
            for doc in ingresses
        }
        by_host: dict[str, list[Document]] = {}
        for doc in ingresses:
            for host in sorted(hosts_of[id(doc)]):
                by_host.setdefault(host, []).append(doc)
        regex = frozenset().union(*(hosts_of[id(doc)] for doc in ingresses if _makes_regex(doc)))
        return cls(hosts_of, {host: tuple(docs) for host, docs in by_host.items()}, regex)


def _makes_regex(doc: Document) -> bool:
    """A non-canary Ingress with use-regex or rewrite-target turns every path of its hosts
    into a regular expression in ingress2gateway's ingress-nginx provider (regex.go regexHosts)."""
    notes = annotations(doc)
    if _text(notes.get(NGINX_PREFIX + "canary")) in GO_TRUE:
        return False
    return _text(notes.get(NGINX_PREFIX + "use-regex")) in GO_TRUE or bool(
        _text(notes.get(NGINX_PREFIX + "rewrite-target"))
    )


class IngressView:
    """One Ingress as ingress2gateway reads it, and the items it yields."""

    def __init__(
        self,
        doc: Document,
        controller_id: str,
        provider: Provider | None,
        manifests: ManifestSet,
        ctx: Context,
        cat: GatewayCatalog,
        index: SetIndex,
    ) -> None:
        self.doc = doc
        self.controller_id = controller_id
        self.provider = provider
        self.manifests = manifests
        self.ctx = ctx
        self.cat = cat
        self.index = index
        self.annotations = {k: v for k, v in annotations(self.doc).items() if isinstance(k, str)}
        self.legacy = doc.converted_from  # the loader hands legacy objects over as their v1 conversion
        self.class_name = _class_of(doc)

    # -- annotations

    def annotation_items(self) -> Iterator[Item]:
        for key, value in self.annotations.items():
            if key.startswith(self.cat.ignored_prefixes):
                continue
            line = self.doc.position(("metadata", "annotations", key))[0]
            yield self._annotation_item(key, _text(value), line)

    def _annotation_item(self, key: str, value: str, line: int) -> Item:
        entry = self.cat.entry(key)
        if entry is not None and entry.controller not in (None, self.controller_id) and self.controller_id != "unknown":
            return self._foreign(key, entry.controller, line)
        if entry is not None:
            mapping = self._case(entry, value)
            extra = [
                self._unused_note(entry),
                self._rewrite_hint(entry, mapping, value),
                self._since_note(entry, mapping),
            ]
            return self._item("annotation", key, mapping, line, "; ".join(e for e in extra if e))
        if key.startswith(NGINX_PREFIX):
            return self._nginx_unlisted(key, line)
        return self._unmapped(key, line)

    def _case(self, entry: Entry, value: str) -> Classification:
        for case, mapping in entry.cases.items():
            if CONDITIONS[case](self, entry.name, value):
                return mapping
        return entry.base

    def _rewrite_hint(self, entry: Entry, mapping: Classification, value: str) -> str:
        """For a capture-group rewrite that strips a prefix: the prefix and what replaces it."""
        if entry.name != NGINX_PREFIX + "rewrite-target" or mapping is entry.base:
            return ""
        hints = []
        for _, _, item in self._paths():
            found = strip_prefix_rewrite(_text(item.get("path")), value)
            if found and found not in hints:
                hints.append(found)
        return "; ".join(
            f"for path {p!r}: PathPrefix {prefix!r} with ReplacePrefixMatch {repl!r}" for p, prefix, repl in hints
        )

    def _since_note(self, entry: Entry, mapping: Classification) -> str:
        """Said when only the newest ingress2gateway release this mapping reads converts it."""
        newest = self.cat.versions["ingress2gateway"]
        if mapping.support == "converts" and entry.since == newest:
            return f"needs ingress2gateway {newest} or later"
        return ""

    def _unused_note(self, entry: Entry) -> str:
        if entry.provider is not None and self.provider is not None and entry.provider != self.provider.name:
            return f"read by the {entry.provider} provider of ingress2gateway, not by --providers={self.provider.name}"
        return ""

    def _foreign(self, key: str, owner: str, line: int) -> Item:
        note = (
            f"read only by {owner}, not by {self.controller_id}, which serves this Ingress: it has no effect now; "
            "drop it rather than port it"
        )
        return Item("annotation", key, "manual", None, note, line)

    def _nginx_unlisted(self, key: str, line: int) -> Item:
        """An ingress-nginx key the mapping does not list: by its catalog group, removed, or unknown."""
        from ingresslint.catalog import annotation_entries, catalog

        said = 'ingress2gateway warns "Unsupported annotation" and converts nothing'
        known = [e for e in annotation_entries(key, "Ingress") if e.controller == "ingress-nginx"]
        if known and known[0].status == "removed":
            removed = f" in {known[0].removed_in}" if known[0].removed_in else ""
            return Item(
                "annotation",
                key,
                "manual",
                None,
                f"removed from ingress-nginx{removed}: it has no effect now; drop it; {said}",
                line,
            )
        group = self._catalog_group(key)
        if group in self.cat.nginx_groups:
            return self._item("annotation", key, self.cat.nginx_groups[group], line, said)
        from ingresslint.suggest import did_you_mean

        hint = did_you_mean(key, catalog().keys_under(NGINX_PREFIX))
        note = f"not an ingress-nginx annotation{hint}: ingress-nginx ignores it; {said}"
        return Item("annotation", key, "manual", None, note, line)

    @staticmethod
    def _catalog_group(key: str) -> str | None:
        for group, keys in _nginx_groups_by_key().items():
            if key in keys:
                return group
        return None

    def _unmapped(self, key: str, line: int) -> Item:
        owner = next((p for p in self.cat.providers if key.startswith(p.prefixes)), None)
        said = owner.unlisted if owner else "ingress2gateway ignores it silently"
        note = f"ingresslint has no Gateway API mapping for this annotation; {said}: port what it does by hand"
        return Item("annotation", key, "manual", None, note, line)

    # -- features

    def feature_items(self, command: str | None) -> Iterator[Item]:
        yield from self._api_version()
        yield self._class_item(command)
        yield from self._path_items()
        yield from self._host_items()
        yield from self._tls_items()
        yield from self._backend_items()

    def _feature(self, name: str, line: int, case: str | None = None, extra: str = "") -> Item:
        entry = self.cat.features[name]
        mapping = entry.cases[case] if case else entry.base
        return self._item("feature", name, mapping, line, extra)

    def _api_version(self) -> Iterator[Item]:
        if self.legacy:
            note = (
                "ingress2gateway decodes every Ingress as networking.k8s.io/v1 and ignores unknown fields, so the "
                "v1beta1 backend fields (serviceName, servicePort, spec.backend) are lost: convert the file to "
                "networking.k8s.io/v1 first (ingresslint fix); the other items are those of its v1 conversion"
            )
            line = self.doc.position(("apiVersion",))[0]
            yield Item("feature", f"apiVersion {self.legacy}", "manual", None, note, line)

    def _class_item(self, command: str | None) -> Item:
        line = self._class_line()
        then = f"convert with: {command}" if command else ""
        if not self.class_name and (self.provider is None or "" not in self.provider.classes):
            return self._feature("ingress class", line, "no-class", then)
        if self.provider is None:
            if self.controller_id == "unknown":
                return self._feature("ingress class", line, "unknown-controller", f"class {self.class_name}")
            reason = self.cat.no_provider.get(self.controller_id, self.cat.no_provider["default"])
            return self._feature("ingress class", line, "no-provider", reason)
        if self.class_name not in self.provider.classes and not self.provider.class_flag:
            classes = ", ".join(c for c in self.provider.classes if c)
            extra = f"the {self.provider.name} provider reads class {classes}, this Ingress names {self.class_name}"
            return self._feature("ingress class", line, "class-not-read", "; ".join(p for p in (extra, then) if p))
        return self._feature("ingress class", line, extra=then)

    def _class_line(self) -> int:
        if "ingressClassName" in spec(self.doc):
            return self.doc.position(("spec", "ingressClassName"))[0]
        if CLASS_ANNOTATION in self.annotations:
            return self.doc.position(("metadata", "annotations", CLASS_ANNOTATION))[0]
        return self.doc.position(())[0]

    def _paths(self) -> Iterator[tuple[tuple[Any, ...], str | None, dict[str, Any]]]:
        """(path, host, item) for every spec.rules[i].http.paths[j]."""
        for rule_path, rule in rules(self.doc):
            http = rule.get("http")
            host = rule.get("host") if isinstance(rule.get("host"), str) else None
            if isinstance(http, dict):
                for index, item in dicts(http.get("paths")):
                    yield (*rule_path, "http", "paths", index), host, item

    def _path_items(self) -> Iterator[Item]:
        seen: set[str] = set()
        regex_hosts = self.index.regex_hosts
        for where, host, item in self._paths():
            path_type = item.get("pathType")
            name = f"pathType {path_type}" if path_type in ("Prefix", "Exact", "ImplementationSpecific") else None
            if path_type is None:
                name = "pathType missing"
            line = self.doc.position((*where, "pathType") if path_type is not None else where)[0]
            if name and name not in seen:
                seen.add(name)
                yield self._path_type_item(name, line)
            regex = self._regex_item(item, host, regex_hosts, line)
            if regex is not None and "regex path" not in seen:
                seen.add("regex path")
                yield regex

    def _path_type_item(self, name: str, line: int) -> Item:
        if name != "pathType ImplementationSpecific":
            return self._feature(name, line)
        if self.provider is None:
            return self._feature(name, line, "no-provider")
        if self.provider.implementation_specific is None:
            return self._feature(name, line, "no-hook")
        entry = self.cat.features[name]
        detail = f"HTTPRoute match path: {self.provider.implementation_specific}"
        mapping = Classification(**{**entry.base.__dict__, "construct": None, "detail": detail})
        return self._item("feature", name, mapping, line, "")

    def _regex_item(
        self, item: dict[str, Any], host: str | None, regex_hosts: frozenset[str], line: int
    ) -> Item | None:
        path = item.get("path")
        if not isinstance(path, str):
            return None
        name = self.provider.name if self.provider else None
        if name == "ingress-nginx":
            return self._feature("regex path", line) if host in regex_hosts else None
        if name == "kong" and path.startswith("/~") and item.get("pathType") == "ImplementationSpecific":
            return self._feature("regex path", line)
        if name == "nginx" and "nginx.org/path-regex" in self.annotations:
            return self._feature("regex path", line)
        if item.get("pathType") == "ImplementationSpecific" and REGEX_CHARS.search(_gce_plain(path, name)):
            return self._feature("regex path", line, "no-regex-provider", f"path {path!r}")
        return None

    def _host_items(self) -> Iterator[Item]:
        wildcard_done = False
        for where, rule in rules(self.doc):
            host = rule.get("host")
            if isinstance(host, str) and host.startswith("*.") and not wildcard_done:
                wildcard_done = True
                yield self._feature("host wildcard", self.doc.position((*where, "host"))[0], extra=f"host {host}")
        others = self._sharing()
        if others:
            extra = "shared with " + ", ".join(others)
            yield self._feature("several Ingresses share a host", self.doc.position(("spec", "rules"))[0], extra=extra)

    def input_files(self) -> list[str]:
        """This Ingress's file, then the files of the Ingresses it shares a host with:
        ingress2gateway merges (and pairs canaries) only within one input."""
        files = [self.doc.source]
        others = [doc for doc, _ in self._shared()] + self._named_port_services()
        for doc in others:
            if doc.source not in files and doc.source != "-":
                files.append(doc.source)
        return files

    def _named_port_services(self) -> list[Document]:
        """The Services whose ports this Ingress names: ingress2gateway resolves them from its input."""
        top = "defaultBackend"
        names = {
            name
            for _, backend in self._backends(top)
            for name, port in [self._service_port(backend)]
            if isinstance(port, str) and port
        }
        return [doc for name in sorted(n for n in names if n) if (doc := self._service(name)) is not None]

    def _shared(self) -> list[tuple[Document, list[str]]]:
        shared: dict[int, tuple[Document, list[str]]] = {}
        for host in sorted(self.index.hosts_of.get(id(self.doc), ())):
            for doc in self.index.by_host.get(host, ()):
                if doc is not self.doc:
                    shared.setdefault(id(doc), (doc, []))[1].append(host)
        return list(shared.values())

    def _sharing(self) -> list[str]:
        """The other Ingresses with a host of this one, each with the hosts they share."""
        return [
            f"{doc.ref.describe()} ({doc.source}:{doc.position(())[0]}) on {', '.join(hosts)}"
            for doc, hosts in self._shared()
        ]

    def _tls_items(self) -> Iterator[Item]:
        entries = list(dicts(spec(self.doc).get("tls")))
        if not entries:
            return
        line = self.doc.position(("spec", "tls"))[0]
        case = "no-secret" if any(not entry.get("secretName") for _, entry in entries) else None
        yield self._feature("TLS", line, case)

    def _backend_items(self) -> Iterator[Item]:
        top = "defaultBackend"  # also of a converted v1beta1 object (spec.backend)
        if isinstance(spec(self.doc).get(top), dict):
            has_rules = any(True for _ in rules(self.doc))
            line = self.doc.position(("spec", top))[0]
            yield self._feature("defaultBackend", line, None if has_rules else "no-rules")
        resource_done = port_done = False
        for where, backend in self._backends(top):
            if isinstance(backend.get("resource"), dict) and not resource_done:
                resource_done = True
                yield self._feature("resource backend", self.doc.position((*where, "resource"))[0])
            service, port = self._service_port(backend)
            if isinstance(port, str) and port and not port_done:
                port_done = True
                case = None if self._service_known(service) else "service-absent"
                yield self._feature(
                    "service port by name", self.doc.position(where)[0], case, f"Service {service}, port {port}"
                )

    def _backends(self, top: str) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
        backend = spec(self.doc).get(top)
        if isinstance(backend, dict):
            yield ("spec", top), backend
        for where, _, item in self._paths():
            if isinstance(item.get("backend"), dict):
                yield (*where, "backend"), item["backend"]

    def _service_port(self, backend: dict[str, Any]) -> tuple[str | None, object]:
        service = backend.get("service")
        if not isinstance(service, dict):
            return None, None
        port = service.get("port")
        return _text(service.get("name")) or None, port.get("name") if isinstance(port, dict) else None

    def _service_known(self, name: str | None) -> bool:
        return self._service(name) is not None

    def _service(self, name: str | None) -> Document | None:
        namespace = self.doc.namespace or self.ctx.namespace
        services = self.manifests.of_kind("Service")
        return next((d for d in services if d.name == name and (d.namespace or self.ctx.namespace) == namespace), None)

    # -- rendering

    def _item(self, kind: str, name: str, mapping: Classification, line: int, extra: str) -> Item:
        construct = self.cat.constructs.get(mapping.construct) if mapping.construct else None
        gateway_api = _gateway_api(mapping, construct)
        parts = [mapping.note, _what_to_do(mapping), extra]
        return Item(kind, name, mapping.support, gateway_api, "; ".join(p for p in parts if p), line)


def _gateway_api(mapping: Classification, construct: Construct | None) -> str | None:
    if mapping.support == "converts":
        return construct.describe(mapping.detail) if construct else mapping.detail
    if mapping.support == "manual":
        return construct.describe() if construct else None
    if mapping.support == "implementation-specific":
        return mapping.policies
    return None


def _what_to_do(mapping: Classification) -> str:
    if mapping.support == "manual" and mapping.write:
        return f"write by hand: {mapping.write}"
    if mapping.support == "implementation-specific" and mapping.policies:
        return "no portable Gateway API field: use your implementation's resource"
    if mapping.support == "none" and mapping.redesign:
        return f"no Gateway API equivalent; redesign: {mapping.redesign}"
    return ""


STRIP_PATTERN = re.compile(r"^(?P<prefix>/[^()\[\]{}*+?|^$\\]*?)/?(?P<sep>\(/\|\$\)|/)(?P<rest>\(\.\*\))$")


def strip_prefix_rewrite(path: str, target: str) -> tuple[str, str, str] | None:
    """(path, prefix, replacement) when regex ``path`` with ``target`` only strips a literal
    prefix: ``/api(/|$)(.*)`` with ``/$2``, or ``/api/(.*)`` with ``/$1``; else None."""
    match = STRIP_PATTERN.match(path)
    if not match:
        return None
    group = 2 if match["sep"].startswith("(") else 1
    head = target[: target.find("$")]
    if target != f"{head}${group}" or not head.endswith("/"):
        return None
    return path, match["prefix"] or "/", head


def _class_of(doc: Document) -> str:
    """The class as ingress2gateway reads it (providers/common/utils.go GetIngressClass):
    a non-empty spec.ingressClassName, else the annotation, else ""."""
    field_value = spec(doc).get("ingressClassName")
    if isinstance(field_value, str) and field_value:
        return field_value
    return _text(annotations(doc).get(CLASS_ANNOTATION))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _gce_plain(path: str, provider: str | None) -> str:
    """The gce provider translates a trailing "/*" itself (gce/implementation_specific.go)."""
    return path[:-2] if provider == "gce" and path.endswith("/*") else path


@lru_cache(maxsize=1)
def _nginx_groups_by_key() -> dict[str, frozenset[str]]:
    from ruamel.yaml import YAML

    raw = YAML(typ="safe", pure=False).load(
        (data_dir("rules") / "catalog" / "annotations.yaml").read_text(encoding="utf-8")
    )
    groups: dict[str, set[str]] = {}
    for item in raw["entries"]:
        if item["controller"] == "ingress-nginx" and item.get("group"):
            groups.setdefault(item["group"], set()).add(item["key"])
    return {group: frozenset(keys) for group, keys in groups.items()}


# ---- value conditions of the mapping's cases (the names used under "cases:")


def _backend_tls_verified(view: IngressView) -> bool:
    get = view.annotations.get
    return (
        _text(get(NGINX_PREFIX + "proxy-ssl-verify")) == "on"
        and bool(_text(get(NGINX_PREFIX + "proxy-ssl-secret")))
        and bool(_text(get(NGINX_PREFIX + "proxy-ssl-name")))
        and _text(get(NGINX_PREFIX + "proxy-ssl-server-name")) == "on"
    )


def _backend_protocol(view: IngressView) -> str:
    return _text(view.annotations.get(NGINX_PREFIX + "backend-protocol"))


def _policy_emitted(view: IngressView) -> bool:
    return _backend_protocol(view) in ("HTTPS", "GRPCS") and _backend_tls_verified(view)


def _routes(doc: Document) -> set[tuple[str, str]]:
    """(host, path) of every path of ``doc``."""
    found = set()
    for _, rule in rules(doc):
        http = rule.get("http")
        host = rule.get("host") if isinstance(rule.get("host"), str) else ""
        if isinstance(http, dict):
            found |= {(host, _text(item.get("path"))) for _, item in dicts(http.get("paths"))}
    return found


def _has_main_ingress(view: IngressView) -> bool:
    """A non-canary Ingress of the namespace routes one of the canary's host and path
    (ingress2gateway pairs them in one rule: canary.go getCanaryInfo)."""
    mine = _routes(view.doc)
    namespace = view.doc.namespace or view.ctx.namespace
    for doc in view.manifests.of_kind("Ingress"):
        if doc is view.doc or (doc.namespace or view.ctx.namespace) != namespace:
            continue
        if _text(annotations(doc).get(NGINX_PREFIX + "canary")) != "true" and mine & _routes(doc):
            return True
    return False


Condition = Callable[[IngressView, str, str], bool]

CONDITIONS: dict[str, Condition] = {
    # rewrite.go flags only a literal "\$"; "$1" goes out as ReplaceFullPath "/$1"
    "capture-groups": lambda view, key, value: bool(CAPTURE_GROUP.search(value)) and "\\$" not in value,
    "absolute-url": lambda view, key, value: value.startswith(("http://", "https://")),
    "is-false": lambda view, key, value: value not in GO_TRUE,
    "grpc": lambda view, key, value: value.upper() == "GRPC",
    "grpcs-verified": lambda view, key, value: value == "GRPCS" and _backend_tls_verified(view),
    "https-verified": lambda view, key, value: value == "HTTPS" and _backend_tls_verified(view),
    "tls-unverified": lambda view, key, value: value in ("HTTPS", "GRPCS"),
    "https-lowercase": lambda view, key, value: value.upper() in ("HTTPS", "GRPCS"),
    "unsupported": lambda view, key, value: value.upper() not in ("HTTP", "HTTPS", "GRPC", "GRPCS", "AUTO_HTTP"),
    "without-policy": lambda view, key, value: not _policy_emitted(view),
    "not-literal-true": lambda view, key, value: value in GO_TRUE and value != "true",
    "no-main-ingress": lambda view, key, value: value == "true" and not _has_main_ingress(view),
}


# ---- output


def render_json(report: GatewayReport) -> str:
    import json

    from ingresslint import __version__

    return json.dumps(report.as_json(__version__), indent=2) + "\n"


def summary_line(report: GatewayReport) -> str:
    counts = report.summary()
    total = len(report.migrations)
    noun = "Ingress" if total == 1 else "Ingresses"
    return f"{total} {noun}: " + ", ".join(f"{counts[verdict]} {verdict}" for verdict in VERDICTS)


def by_file(report: GatewayReport) -> dict[str, list[Migration]]:
    files: dict[str, list[Migration]] = {}
    for migration in report.migrations:
        files.setdefault(migration.doc.source, []).append(migration)
    return files


def render_plain(report: GatewayReport) -> str:
    out: list[str] = []
    for source, migrations in by_file(report).items():
        out.append(source)
        for migration in migrations:
            out.append(
                f"  {migration.line}: {migration.doc.ref.describe()}: {migration.verdict}"
                f" (controller {migration.controller}: {migration.controller_reason})"
            )
            for item in migration.items:
                out.append(f"    {item.support:<23} {item.kind} {item.name}")
                if item.gateway_api:
                    out.append(f"{'':28}Gateway API: {item.gateway_api}")
                if item.note:
                    out.append(f"{'':28}{item.note}")
        out.append("")
    out.append(summary_line(report))
    return "\n".join(out) + "\n"


SUPPORT_STYLES = {"converts": "green", "manual": "yellow", "implementation-specific": "magenta", "none": "red"}
VERDICT_STYLES = {"ready": "bold green", "review": "bold yellow", "blocked": "bold red"}


def print_rich(report: GatewayReport, color: bool, file: IO[str] | None = None) -> None:
    """A table per file (rich is imported only here, for terminals)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=file, no_color=not color, highlight=False)
    for source, migrations in by_file(report).items():
        table = Table(title=Text(source), title_justify="left", show_lines=True, expand=True)
        for column in ("Ingress", "Item", "Support", "Gateway API", "Note"):
            table.add_column(column, overflow="fold")
        for migration in migrations:
            head = Text(f"{migration.line}: {migration.doc.ref.describe()}\n")
            head.append(f"{migration.controller} ({migration.controller_reason})\n", style="dim")
            head.append(migration.verdict, style=VERDICT_STYLES[migration.verdict])
            for index, item in enumerate(migration.items):
                table.add_row(
                    head if index == 0 else Text(""),
                    Text(f"{item.kind} {item.name}"),
                    Text(item.support, style=SUPPORT_STYLES[item.support]),
                    Text(item.gateway_api or ""),
                    Text(item.note),
                )
        console.print(table)
        for command in dict.fromkeys(m.command for m in migrations if m.command):
            console.print(Text(f"then: {command}"))
    console.print(Text(summary_line(report)))
