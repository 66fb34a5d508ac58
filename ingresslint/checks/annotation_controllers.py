"""Annotations judged by the controller that serves the object (the controller model).

When the controller is known, a key of another known controller is ignored by it
(``annotation-other-controller``), and the other annotation rules leave that key alone: no
retirement, risk or typo finding for a key nobody reads. When the controller is unknown,
the rules fall back to the annotation prefixes, as before the model existed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from ingresslint.catalog import NginxIncKey, catalog, key_prefix, owners
from ingresslint.checks._ingress import annotations
from ingresslint.context import Context, ManifestSet
from ingresslint.controllers import (
    Controller,
    ControllerFacts,
    controller_of,
    controller_of_class,
    facts,
    owner_of_annotation,
)
from ingresslint.model import Document, Hit
from ingresslint.records import replace

JUDGED_KINDS = ("Ingress", "IngressClass")
NGINX_PREFIX = "nginx.ingress.kubernetes.io/"
# A catalogued prefix this short ("k8s.io/") is one edit from real domains (k3s.io): only longer
# prefixes are compared for typos.
MIN_TYPO_PREFIX = 9

ObjectCheck = Callable[[Document, Context, "Controller | None"], Iterable[Hit]]


def judged(check: ObjectCheck) -> Callable[[ManifestSet, Context], Iterator[Hit]]:
    """A set check that runs ``check`` on every annotated Ingress and IngressClass with the
    controller that serves it (None when unknown); its hits name that controller."""

    def run(manifests: ManifestSet, ctx: Context) -> Iterator[Hit]:
        for doc, serving in judged_documents(manifests, ctx):
            controller = serving.id if serving is not None else None
            for hit in check(doc, ctx, serving):
                yield replace(hit, doc=doc, controller=hit.controller or controller)

    run.__name__ = check.__name__
    run.__doc__ = check.__doc__
    return run


def judged_documents(manifests: ManifestSet, ctx: Context) -> Iterator[tuple[Document, Controller | None]]:
    """Every annotated Ingress and IngressClass, in input order, with its serving controller:
    found once per manifest set and context, not once per rule (six rules read it)."""
    key = ("judged-documents", ctx)
    found = manifests.derived.get(key)
    if found is None:
        docs: list[Document] = []
        serving: list[Controller | None] = []
        for doc in manifests.documents:
            if doc.kind in JUDGED_KINDS and annotations(doc):
                docs.append(doc)
                serving.append(serving_controller(doc, manifests, ctx))
        # two tuples, not one of pairs: a pair per Ingress costs four times the room
        found = manifests.derived[key] = (tuple(docs), tuple(serving))
    return zip(*found, strict=True)


def serving_controller(doc: Document, manifests: ManifestSet, ctx: Context) -> Controller | None:
    """The known controller of an Ingress or IngressClass, None when it is unknown."""
    if doc.kind == "IngressClass":
        spec = doc.data.get("spec")
        string = spec.get("controller") if isinstance(spec, dict) else None
        controller = controller_of_class(doc.name or "", string if isinstance(string, str) else None, ctx)
    else:
        controller = controller_of(doc, manifests, ctx)
    return controller if controller.known else None


@lru_cache(maxsize=8192)  # asked by several rules for every key of every annotated object
def owner_of_key(key: str) -> ControllerFacts | None:
    """The controller whose annotation ``key`` is: its own prefix, or a key under the reserved
    kubernetes.io/ prefix that only that controller reads (GKE's ingress.allow-http)."""
    owner = owner_of_annotation(key)
    if owner is None and key_prefix(key) in owners().reserved_prefixes:
        owner = facts(owners().reserved_keys.get(key, ""))
    return owner


def foreign_owner(key: str, serving: Controller | None) -> ControllerFacts | None:
    """The other known controller that ``key`` belongs to, when ``serving`` is known."""
    if serving is None or not isinstance(key, str):
        return None
    owner = owner_of_key(key)
    return owner if owner is not None and owner.id != serving.id else None


def annotation_other_controller(doc: Document, ctx: Context, serving: Controller | None) -> Iterator[Hit]:
    """A key of another known controller than the one that serves the object: ignored."""
    for key in annotations(doc):
        owner = foreign_owner(key, serving)
        if owner is None or serving is None:
            continue
        whose = (
            f"it is an annotation of {owner.name}"
            if _defined(key)
            else f"{key_prefix(key) or key} is the prefix of {owner.name}"
        )
        yield Hit(
            ("metadata", "annotations", key),
            f"annotation {key} is ignored by {serving.name}: {whose}{_counterpart(key, serving, owner)} "
            f"(the controller of this {doc.kind} from {serving.reason})",
        )


def _defined(key: str) -> bool:
    data = owners()
    return key in catalog().entries or key in data.reserved_keys or key in data.nginx_inc


def _counterpart(key: str, serving: Controller, owner: ControllerFacts) -> str:
    """What the serving controller uses instead, when the catalog knows (NGINX Inc. <-> ingress-nginx)."""
    if serving.id == "ingress-nginx" and owner.id == "nginx-inc":
        entry = owners().nginx_inc.get(key)
        return f"; {ingress_nginx_way(entry)}" if entry else ""
    if serving.id == "nginx-inc" and owner.id == "ingress-nginx":
        keys = nginx_inc_counterparts(key)
        return f"; NGINX Inc.'s annotation for it is {' or '.join(keys)}" if keys else ""
    return ""


def ingress_nginx_way(entry: NginxIncKey) -> str:
    if entry.ingress_nginx is None:
        return f"on ingress-nginx, {entry.advice or 'there is no equivalent'}"
    advice = f" {entry.advice}" if entry.advice else ""
    return f"on ingress-nginx use {entry.ingress_nginx}{advice}"


def nginx_inc_same_name(key: str) -> NginxIncKey | None:
    """NGINX Inc.'s annotation of the same name as an ingress-nginx-prefixed ``key``."""
    if not key.startswith(NGINX_PREFIX):
        return None
    table = owners().nginx_inc
    name = key[len(NGINX_PREFIX) :]
    return table.get(f"nginx.org/{name}") or table.get(f"nginx.com/{name}")


def nginx_inc_counterparts(key: str) -> list[str]:
    """NGINX Inc.'s annotations for an ingress-nginx-prefixed ``key``: the one of the same
    name, else every one whose ingress-nginx equivalent ``key`` is (backend-protocol is
    nginx.org/grpc-services or nginx.org/ssl-services, depending on the value)."""
    same = nginx_inc_same_name(key)
    if same is not None:
        return [same.key]
    return [entry.key for entry in owners().nginx_inc.values() if entry.ingress_nginx == key]


def nginx_inc_key_message(key: str) -> str | None:
    """An NGINX Inc. annotation name written under the ingress-nginx prefix (issue 11 item 5)."""
    entry = nginx_inc_same_name(key)
    if entry is None:
        return None
    return (
        f"annotation {key} is not an ingress-nginx annotation, so it is ignored: "
        f"{entry.key} is an annotation of NGINX Inc.'s controller; {ingress_nginx_way(entry)}, "
        f"on NGINX Inc.'s controller write {entry.key}"
    )


def reserved_key_message(key: str, serving: Controller | None) -> str | None:
    """A key under kubernetes.io/ or k8s.io/ that neither Kubernetes nor a controller defines."""
    data = owners()
    prefix = key_prefix(key)
    if prefix not in data.reserved_prefixes or key in data.reserved_keys:
        return None
    from ingresslint.suggest import close_matches

    candidates = {
        k[len(key_prefix(k)) :].lower(): k for k, owner in data.reserved_keys.items() if _may_hint(owner, serving)
    }
    close = close_matches(key[len(prefix) :].lower(), list(candidates), n=1, cutoff=0.6)
    hint = f"did you mean {candidates[close[0]]}?" if close else "check the spelling"
    return (
        f"annotation {key} is under {prefix}, which Kubernetes reserves, but neither Kubernetes nor "
        f"a controller defines it, so it is ignored: {hint}"
    )


def _may_hint(owner: str, serving: Controller | None) -> bool:
    """A key of ``owner`` may be suggested to an object that ``serving`` serves."""
    return serving is None or facts(owner) is None or owner == serving.id


def prefix_typo_message(key: str, kind: str, serving: Controller | None) -> str | None:
    """A key whose prefix is one edit (Damerau-Levenshtein 1) from a catalogued prefix."""
    data = owners()
    prefix = key_prefix(key)
    if not prefix or prefix in data.prefixes:
        return None
    near = sorted(q for q in data.prefixes if len(q) >= MIN_TYPO_PREFIX and one_edit_apart(prefix, q))
    near = [q for q in near if _prefix_may_hint(q, serving)]
    if not near:
        return None
    corrected = _closest_key(near[0] + key[len(prefix) :], near[0], kind)
    return (
        f"annotation {key} is ignored: its prefix {prefix} is one letter off {near[0]}, so no "
        f"controller reads it: did you mean {corrected}?"
    )


def _prefix_may_hint(prefix: str, serving: Controller | None) -> bool:
    owner = owner_of_annotation(prefix)
    return serving is None or owner is None or owner.id == serving.id


def _closest_key(corrected: str, prefix: str, kind: str) -> str:
    """``corrected``, or the closest key the catalog lists under ``prefix`` when it lists them all."""
    cat = catalog()
    if corrected in cat.entries or corrected in owners().reserved_keys or prefix not in cat.complete_prefixes:
        return corrected
    return closest_under(corrected, prefix) or corrected


def closest_under(key: str, prefix: str) -> str | None:
    """The catalogued key under ``prefix`` whose name is closest to ``key``'s (names only: the
    shared prefix would make any two keys look alike)."""
    from ingresslint.suggest import close_matches

    names = {name[len(prefix) :]: name for name in catalog().keys_under(prefix)}
    close = close_matches(key[len(prefix) :], list(names), n=1, cutoff=0.8)
    return names[close[0]] if close else None


def one_edit_apart(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are at Damerau-Levenshtein distance exactly 1: one letter
    substituted, inserted, deleted, or two adjacent letters swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        rest_a, rest_b = a[start + 1 :], b[start + 1 :]
        if rest_a == rest_b:
            return True  # substitution
        swapped = a[start + 1 : start + 2] == b[start : start + 1] and a[start : start + 1] == b[start + 1 : start + 2]
        return swapped and a[start + 2 :] == b[start + 2 :]
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[start + 1 :] == shorter[start:]
