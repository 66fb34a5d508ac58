"""The controller model: which Ingress controller serves an Ingress.

The class an Ingress names (``spec.ingressClassName``, else the ``kubernetes.io/ingress.class``
annotation; none: the default IngressClass) leads to an IngressClass object (in the files or,
with ``--cluster``, in the cluster) whose ``spec.controller`` names the controller. Without an
IngressClass object the well-known class names decide, then the configured site-specific ones
(``ingress-classes`` in the configuration wins over the well-known names). Controller facts
(prefixes, merge semantics, path validation) are data in rules/catalog/controllers.yaml.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from ingresslint.checks._ingress import CLASS_ANNOTATION, annotations, spec
from ingresslint.context import Context, ManifestSet
from ingresslint.model import Document
from ingresslint.records import Record, init, replace

UNKNOWN = "unknown"
# The class name "nginx" is the default of two different controllers.
NGINX_CLASS = "nginx"


class Controller(Record):
    __match_args__ = ("id", "name", "class_name", "reason", "known", "controller_string")
    __slots__ = __match_args__
    id: str  # stable id, "unknown" when no controller could be decided
    name: str  # human name
    class_name: str | None  # the class the Ingress names (field or annotation), None when none
    reason: str  # how it was decided, one phrase
    known: bool  # False when id is "unknown"
    controller_string: str | None  # the IngressClass spec.controller, when one was read

    def __init__(
        self,
        id: str,
        name: str,
        class_name: str | None,
        reason: str,
        known: bool = True,
        controller_string: str | None = None,
    ) -> None:
        init(self, "id", id)
        init(self, "name", name)
        init(self, "class_name", class_name)
        init(self, "reason", reason)
        init(self, "known", known)
        init(self, "controller_string", controller_string)


class ControllerFacts(Record):
    """One controller's entry in rules/catalog/controllers.yaml."""

    __match_args__ = (
        "id",
        "name",
        "controller_strings",
        "class_names",
        "catalog",
        "annotation_prefixes",
        "merge",
        "path_validation",
        "regex_annotation",
        "path_templates",
        "sources",
        "controller_string_prefixes",
        "class_annotation_only",
    )
    __slots__ = __match_args__
    id: str
    name: str
    controller_strings: tuple[str, ...]
    class_names: tuple[str, ...]
    catalog: str  # its name in the annotation catalog
    annotation_prefixes: tuple[str, ...]
    merge: str
    path_validation: str
    regex_annotation: str | None
    path_templates: bool
    sources: tuple[str, ...]
    controller_string_prefixes: tuple[str, ...]  # e.g. haproxy.org/ingress-controller/<class>
    class_annotation_only: bool  # GKE: spec.ingressClassName is never read

    def __init__(
        self,
        id: str,
        name: str,
        controller_strings: tuple[str, ...],
        class_names: tuple[str, ...],
        catalog: str,
        annotation_prefixes: tuple[str, ...],
        merge: str,
        path_validation: str,
        regex_annotation: str | None = None,
        path_templates: bool = False,
        sources: tuple[str, ...] = (),
        controller_string_prefixes: tuple[str, ...] = (),
        class_annotation_only: bool = False,
    ) -> None:
        init(self, "id", id)
        init(self, "name", name)
        init(self, "controller_strings", controller_strings)
        init(self, "class_names", class_names)
        init(self, "catalog", catalog)
        init(self, "annotation_prefixes", annotation_prefixes)
        init(self, "merge", merge)
        init(self, "path_validation", path_validation)
        init(self, "regex_annotation", regex_annotation)
        init(self, "path_templates", path_templates)
        init(self, "sources", sources)
        init(self, "controller_string_prefixes", controller_string_prefixes)
        init(self, "class_annotation_only", class_annotation_only)


@lru_cache(maxsize=1)
def controller_facts() -> dict[str, ControllerFacts]:
    """Every known controller by id, in the order of rules/catalog/controllers.yaml (read from
    its JSON copy in ingresslint/_catalog.json: composing the YAML cost a run ~4 ms)."""
    from ingresslint.catalog import raw_catalog

    return {item["id"]: _facts(item) for item in raw_catalog()["controllers"]}


def _facts(item: dict[str, Any]) -> ControllerFacts:
    return ControllerFacts(
        id=item["id"],
        name=item["name"],
        controller_strings=tuple(item.get("controller_strings") or ()),
        class_names=tuple(item.get("class_names") or ()),
        catalog=item.get("catalog") or item["id"],
        annotation_prefixes=tuple(item.get("annotation_prefixes") or ()),
        merge=item.get("merge") or "unknown",
        path_validation=item.get("path_validation") or "literal",
        regex_annotation=item.get("regex_annotation"),
        path_templates=bool(item.get("path_templates")),
        sources=tuple(item.get("source") or ()),
        controller_string_prefixes=tuple(item.get("controller_string_prefixes") or ()),
        class_annotation_only=bool(item.get("class_annotation_only")),
    )


def facts(controller: Controller | str) -> ControllerFacts | None:
    """The data of a controller (by model or id); None for an unknown controller."""
    key = controller if isinstance(controller, str) else controller.id
    return controller_facts().get(key)


def by_catalog_name(name: str) -> ControllerFacts | None:
    """The controller that the annotation catalog calls ``name``."""
    return next((item for item in controller_facts().values() if item.catalog == name), None)


def for_controller_string(value: str) -> ControllerFacts | None:
    """The controller an IngressClass spec.controller names: an exact string, else a prefix."""
    known = controller_facts().values()
    exact = next((item for item in known if value in item.controller_strings), None)
    return exact or next((item for item in known if value.startswith(item.controller_string_prefixes)), None)


@lru_cache(maxsize=8192)  # asked for every key of every annotated object; keys repeat, the catalog never changes
def owner_of_annotation(key: str) -> ControllerFacts | None:
    """The controller whose own prefix ``key`` is under, if any."""
    return next(
        (item for item in controller_facts().values() if any(key.startswith(p) for p in item.annotation_prefixes)),
        None,
    )


def class_name_of(doc: Document) -> str | None:
    """The class an Ingress names: spec.ingressClassName, else the class annotation."""
    value = spec(doc).get("ingressClassName")
    if isinstance(value, str) and value:
        return value
    value = annotations(doc).get(CLASS_ANNOTATION)
    return value if isinstance(value, str) and value else None


def controller_of(doc: Document, manifests: ManifestSet, ctx: Context) -> Controller:
    """Who serves ``doc`` (an Ingress), decided once per run and cached in the manifest set."""
    decided = manifests.derived.get(("controllers", ctx))
    if decided is None:
        decided = manifests.derived[("controllers", ctx)] = _Decided({}, [], {})
    found = decided.by_doc.get(id(doc))
    if found is None:
        controller = _decide(doc, manifests, ctx)
        # thousands of Ingresses share a few controllers (and their reasons): keep one of each
        found = decided.by_doc[id(doc)] = decided.equal.setdefault(controller, controller)
        decided.alive.append(doc)  # keep doc alive so its id stays unique
    return found


class _Decided(Record):
    """The controller of each Ingress of a run, by id of the Ingress."""

    __match_args__ = ("by_doc", "alive", "equal")
    __slots__ = __match_args__
    by_doc: dict[int, Controller]
    alive: list[Document]
    equal: dict[Controller, Controller]

    def __init__(
        self, by_doc: dict[int, Controller], alive: list[Document], equal: dict[Controller, Controller]
    ) -> None:
        init(self, "by_doc", by_doc)
        init(self, "alive", alive)
        init(self, "equal", equal)


def reads_class(doc: Document, controller: Controller) -> bool:
    """Whether ``controller`` reads the class where ``doc`` names it. GKE takes it only from the
    annotation: an Ingress that names a gce class in spec.ingressClassName alone is skipped
    (kubernetes/ingress-gce@acbcf5d66dd9:pkg/utils/utils.go, IsGCEIngress: "does not have any
    ingress classes that can be specified by spec.IngressClassName")."""
    found = facts(controller)
    if found is None or not found.class_annotation_only:
        return True
    return spec(doc).get("ingressClassName") is None or annotations(doc).get(CLASS_ANNOTATION) == controller.class_name


def controller_of_class(name: str, controller_string: str | None, ctx: Context) -> Controller:
    """The controller of an IngressClass named ``name`` with ``spec.controller``."""
    if controller_string:
        found = _configured(controller_string, ctx) or for_controller_string(controller_string)
        how = f"IngressClass {name} (controller {controller_string})"
        if found is not None:
            return Controller(found.id, found.name, name, how, controller_string=controller_string)
        return _unknown(name, f"{how}, a controller ingresslint does not know", controller_string)
    return _unknown(name, f"IngressClass {name} names no spec.controller")


def _decide(doc: Document, manifests: ManifestSet, ctx: Context) -> Controller:
    from ingresslint.resolver import resolver_for

    name = class_name_of(doc)
    classes = _nearest_definitions(doc, manifests, resolver_for(manifests, ctx).ingress_classes())
    if name is None:
        return _default_controller(manifests, classes, ctx)
    info = (classes or {}).get(name)
    if info is not None:
        strings = _controllers_named(name, doc, manifests)
        if len(strings) > 1:
            return _unknown(name, f"class {name}, which IngressClasses of the files give to different controllers")
        return controller_of_class(name, info.controller, ctx)
    return by_class_name(name, doc, ctx)


class _Definitions(Record):
    """The IngressClasses the files define, read once per run."""

    __match_args__ = ("by_name", "ambiguous")
    __slots__ = __match_args__
    by_name: dict[str, list[Any]]  # name -> IngressClassInfo of each definition, in file order
    ambiguous: bool  # a name defined twice, or several defaults: nearness decides

    def __init__(self, by_name: dict[str, list[Any]], ambiguous: bool) -> None:
        init(self, "by_name", by_name)
        init(self, "ambiguous", ambiguous)


def _definitions(manifests: ManifestSet) -> _Definitions:
    from ingresslint.resolver import class_info

    found = manifests.derived.get("class-definitions")
    if found is None:
        by_name: dict[str, list[Any]] = {}
        for item in manifests.of_kind("IngressClass"):
            if item.name and item.positions:
                by_name.setdefault(item.name, []).append(class_info(item))
        defaults = sum(1 for infos in by_name.values() if any(info.is_default for info in infos))
        twice = any(len(infos) > 1 for infos in by_name.values())
        found = manifests.derived["class-definitions"] = _Definitions(by_name, twice or defaults > 1)
    return found


def _nearest_definitions(
    doc: Document, manifests: ManifestSet, classes: Mapping[str, Any] | None
) -> Mapping[str, Any] | None:
    """When the files define a class name more than once, or mark several classes default, the
    definitions nearest the Ingress's file count: a run over unrelated repositories must not let
    one app's IngressClass decide who serves another app's Ingress."""
    definitions = _definitions(manifests)
    if classes is None or not definitions.ambiguous:
        return classes
    cache = manifests.derived.setdefault(("nearest-classes", id(classes)), {})
    if doc.source not in cache:
        cache[doc.source] = _nearest_for(doc.source, definitions, classes)
    return cache[doc.source]


def _nearest_for(source: str, definitions: _Definitions, classes: Mapping[str, Any]) -> dict[str, Any]:
    chosen = dict(classes)
    for name, infos in definitions.by_name.items():
        ranked = [(_nearness(source, info.doc.source), index) for index, info in enumerate(infos)]
        chosen[name] = infos[max(range(len(infos)), key=lambda index: ranked[index])]  # ties: the last
    defaults = [name for name in definitions.by_name if chosen[name].is_default]
    if len(defaults) > 1:
        nearness = {name: _nearness(source, chosen[name].doc.source) for name in defaults}
        nearest = max(nearness.values())
        for name in defaults:
            if nearness[name] < nearest:
                chosen[name] = replace(chosen[name], is_default=False)
    return chosen


def _nearness(source: str, other: str) -> float:
    """How near two files are: the same file is nearest, then the number of folders they share."""
    if source == other:
        return float("inf")
    mine, theirs = _folders(source), _folders(other)
    shared = 0
    while shared < min(len(mine), len(theirs)) and mine[shared] == theirs[shared]:
        shared += 1
    return shared


@lru_cache(maxsize=4096)
def _folders(source: str) -> tuple[str, ...]:
    return tuple(os.path.dirname(os.path.abspath(source)).split(os.sep))


def _controllers_named(name: str, doc: Document, manifests: ManifestSet) -> set[object]:
    """The spec.controller values of the IngressClasses called ``name`` nearest ``doc``: several
    mean the files mix installations side by side (a folder of unrelated examples) and the class
    decides nothing."""
    infos = _definitions(manifests).by_name.get(name, [])
    nearness = [_nearness(doc.source, info.doc.source) for info in infos]
    nearest = max(nearness, default=0)
    controllers = (info.controller for info, near in zip(infos, nearness, strict=True) if near == nearest)
    return {value.strip() if isinstance(value, str) else value for value in controllers}


def by_class_name(name: str, doc: Document | None, ctx: Context) -> Controller:
    """The controller of a class name without an IngressClass object: configured, else well-known."""
    configured = _configured(name, ctx)
    if configured is not None:
        return Controller(configured.id, configured.name, name, f"class {name} (configuration ingress-classes)")
    if name == NGINX_CLASS:
        return _nginx(doc)
    owners = [item for item in controller_facts().values() if name in item.class_names]
    if owners:
        return Controller(owners[0].id, owners[0].name, name, f"class {name} (the name {owners[0].name} uses)")
    return _unknown(name, f"class {name}, which no IngressClass in the files defines and ingresslint does not know")


def _nginx(doc: Document | None) -> Controller:
    """Class "nginx" is the default of ingress-nginx and of NGINX Inc.'s controller: their
    annotation prefixes tell them apart; ingress-nginx when neither is present."""
    keys = [key for key in (annotations(doc) if doc is not None else {}) if isinstance(key, str)]
    inc = facts("nginx-inc")
    community = facts("ingress-nginx")
    assert inc is not None and community is not None
    inc_keys = sum(any(key.startswith(p) for p in inc.annotation_prefixes) for key in keys)
    community_keys = sum(any(key.startswith(p) for p in community.annotation_prefixes) for key in keys)
    both = "class nginx (used by both ingress-nginx and NGINX Inc.'s controller"
    if inc_keys > community_keys:
        return Controller(inc.id, inc.name, NGINX_CLASS, f"{both}; its nginx.org/ annotations say NGINX Inc.)")
    if community_keys:
        return Controller(
            community.id,
            community.name,
            NGINX_CLASS,
            f"{both}; its nginx.ingress.kubernetes.io/ annotations say ingress-nginx)",
        )
    return Controller(
        community.id, community.name, NGINX_CLASS, f"{both}; taken as ingress-nginx, the more common one)"
    )


def _default_controller(manifests: ManifestSet, classes: Mapping[str, Any] | None, ctx: Context) -> Controller:
    """The controller of an Ingress that names no class, decided once per set of classes (the
    run's, or those nearest one file) rather than once per Ingress."""
    cache = manifests.derived.setdefault(("default-controller", ctx), {})
    key = id(classes)
    if key not in cache:
        cache[key] = (classes, _default_class(classes, ctx))  # keep classes alive so its id stays unique
    return cache[key][1]


def _default_class(classes: Mapping[str, Any] | None, ctx: Context) -> Controller:
    defaults = sorted(name for name, info in (classes or {}).items() if info.is_default)
    if not defaults:
        return _unknown(None, "no class named and no default IngressClass known")
    decided = [controller_of_class(name, classes[name].controller, ctx) for name in defaults]  # type: ignore[index]
    if len({item.id for item in decided}) > 1:
        return _unknown(None, f"no class named and several default IngressClasses ({', '.join(defaults)})")
    chosen = decided[0]
    return Controller(
        chosen.id,
        chosen.name,
        None,
        f"the default IngressClass {defaults[0]} (controller {chosen.controller_string or 'unset'})",
        chosen.known,
        chosen.controller_string,
    )


def _configured(name: str, ctx: Context) -> ControllerFacts | None:
    """The controller that the configuration's ``ingress-classes`` maps a class name (or a
    controller string) to."""
    for key, value in ctx.class_controllers:
        if key == name:
            return facts(value) or for_controller_string(value)
    return None


def _unknown(class_name: str | None, reason: str, controller_string: str | None = None) -> Controller:
    name = f"the controller {controller_string}" if controller_string else "an unknown controller"
    return Controller(UNKNOWN, name, class_name, reason, False, controller_string)
