"""Checks of metadata.annotations, driven by the annotation catalog (rules/catalog/)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from ingresslint.catalog import AnnotationEntry, annotation_entries, catalog
from ingresslint.checks._ingress import CLASS_ANNOTATION, annotations, spec
from ingresslint.checks.annotation_controllers import (
    closest_under,
    foreign_owner,
    nginx_inc_key_message,
    prefix_typo_message,
    reserved_key_message,
)
from ingresslint.context import Context, ManifestSet
from ingresslint.linear_regex import LinearRegex, Unchecked
from ingresslint.model import Document, Hit

if TYPE_CHECKING:
    from ingresslint.controllers import Controller

NGINX_PREFIX = "nginx.ingress.kubernetes.io/"
NGINX_CONTROLLER = "k8s.io/ingress-nginx"
GO_BOOLS = frozenset({"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"})
GO_INT = LinearRegex(r"[+-]?\d+")
GO_DURATION = LinearRegex(r"[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)")
HINTS = {
    "bool": 'a boolean such as "true" or "false"',
    "int": 'a whole number such as "60" (no unit)',
    "duration": 'a Go duration such as "30s" or "1h30m"',
    "cidr-list": 'a comma-separated list of IP addresses or CIDRs such as "10.0.0.0/8,192.168.1.1"',
    "size": 'a size in digits with an optional b, k, m or g unit such as "8m" (no decimals)',
}


def _key_path(key: str) -> tuple[str, str, str]:
    return ("metadata", "annotations", key)


def _judged_keys(doc: Document, serving: Controller | None) -> dict[str, object]:
    """The annotations the serving controller may read: without the keys of another known
    controller (annotation-other-controller reports those)."""
    return {key: value for key, value in annotations(doc).items() if foreign_owner(key, serving) is None}


def deprecated_annotation(doc: Document, ctx: Context, serving: Controller | None = None) -> Iterator[Hit]:
    """An annotation the catalog marks deprecated, unless some controller still reads it
    with this value as current (``kubernetes.io/ingress.class: gce``: GKE reads only the
    annotation)."""
    for key, value in _judged_keys(doc, serving).items():
        entry = _deprecation(annotation_entries(key, doc.kind or ""), value)
        if entry is not None:
            since = f" since {entry.deprecated_in}" if entry.deprecated_in else ""
            instead = f"; use {entry.replacement}" if entry.replacement else ""
            yield Hit(_key_path(key), f"annotation {key} is deprecated{since} ({entry.controller}){instead}")


def _deprecation(entries: tuple[AnnotationEntry, ...], value: object) -> AnnotationEntry | None:
    if any(entry.status == "active" and entry.accepts(value) for entry in entries):
        return None
    deprecated = [entry for entry in entries if entry.status == "deprecated"]
    for entry in deprecated:
        if entry.allowed_values and value in entry.allowed_values:
            return entry
    preferred = [entry for entry in deprecated if entry.controller == "kubernetes"]
    return (preferred or deprecated or [None])[0]


def removed_annotation(doc: Document, ctx: Context, serving: Controller | None = None) -> Iterator[Hit]:
    """An annotation its controller no longer reads: it silently does nothing."""
    for key in _judged_keys(doc, serving):
        entries = annotation_entries(key, doc.kind or "")
        removed = [entry for entry in entries if entry.status == "removed"]
        if not removed or any(entry.status in ("active", "deprecated", "risky") for entry in entries):
            continue
        entry = removed[0]
        since = f" since {entry.removed_in}" if entry.removed_in else ""
        instead = f"use {_replacement(entry, key)} instead" if entry.replacement else "delete it"
        yield Hit(
            _key_path(key),
            f"annotation {key} is no longer read by {entry.controller}{since}, so it does nothing: {instead}",
        )


def _replacement(entry: AnnotationEntry, key: str) -> str:
    replacement = entry.replacement or ""
    if "<same suffix>" in replacement:
        return replacement.replace("<same suffix>", key[len(entry.key.rstrip("*")) :])
    return replacement


def risky_annotation(doc: Document, ctx: Context, serving: Controller | None = None) -> Iterator[Hit]:
    """ingress-nginx annotations of Critical risk (raw configuration snippets) or of High risk
    with a published CVE: admins gate them with controller settings."""
    for key in _judged_keys(doc, serving):
        for entry in annotation_entries(key, doc.kind or ""):
            if entry.status == "risky" or (entry.risk == "High" and entry.cves):
                yield Hit(_key_path(key), _risk_message(key, entry))
                break


def _risk_message(key: str, entry: AnnotationEntry) -> str:
    cves = ", ".join(entry.cves) or "no CVE of its own"
    if key.endswith("-snippet"):
        gate = (
            "the controller rejects it unless allow-snippet-annotations is true (default false since v1.9.0) "
            "and annotations-risk-level is Critical (default High since v1.12.0)"
        )
        fix = "use a dedicated annotation or the controller ConfigMap instead"
    else:
        gate = "the controller rejects it when annotations-risk-level is below High, and validates it only with --enable-annotation-validation (default since v1.12.0)"
        fix = "keep the controller at a fixed version and the value free of nginx syntax"
    return f"annotation {key} injects configuration into ingress-nginx ({cves}); {gate}: {fix}"


def annotation_value_invalid(doc: Document, ctx: Context, serving: Controller | None = None) -> Iterator[Hit]:
    """A value that fails the type or pattern the controller validates it with."""
    for key, value in _judged_keys(doc, serving).items():
        if not isinstance(value, str):
            continue  # the schema stage reports non-string annotation values
        entries = annotation_entries(key, doc.kind or "")
        checked = [entry for entry in entries if _validates(entry)]
        if not checked or len({entry.controller for entry in entries}) > 1:
            continue  # a key several controllers read: its value picks the controller
        try:
            problems = [_value_problem(entry, value) for entry in checked]
        except Unchecked as error:
            yield Hit(
                _key_path(key), f"annotation {key} was not checked against {checked[0].controller}'s pattern: {error}"
            )
            continue
        if all(problems):
            yield Hit(
                _key_path(key), f"annotation {key} is {value!r}, which {checked[0].controller} rejects: {problems[0]}"
            )


def _validates(entry: AnnotationEntry) -> bool:
    if entry.controller == "kubernetes":
        return False  # the class rules cover the core annotations
    if entry.pattern or entry.value_type in HINTS:
        return True
    return entry.value_type == "enum" and bool(entry.allowed_values)


def _value_problem(entry: AnnotationEntry, value: str) -> str | None:
    """None when ``value`` passes ``entry``'s validation, else what to write instead."""
    nginx = entry.controller == "ingress-nginx"
    if nginx and ("\r" in value or "\n" in value):
        return "write it on one line (ingress-nginx refuses line breaks in annotation values)"
    if nginx and not value:
        return None  # the controller skips empty values
    if entry.pattern:
        text = value.replace(" ", "") if "removeSpaces=true" in entry.validator else value
        if _regex(entry.pattern, entry.pattern_python).search(text):
            return None
        return HINTS.get(entry.value_type or "") or f"write a value matching {entry.pattern}"
    if entry.value_type == "enum":
        text = value.strip()
        if "caseSensitive=false" in entry.validator:
            text = text.lower()
            return None if text in {v.lower() for v in entry.allowed_values} else _one_of(entry)
        return None if text in entry.allowed_values else _one_of(entry)
    ok = {
        "bool": lambda: value in GO_BOOLS,
        "int": lambda: GO_INT.fullmatch(value),
        "duration": lambda: GO_DURATION.fullmatch(value),
        "cidr-list": lambda: _cidr_list(value),
        "size": lambda: True,
    }[entry.value_type or "size"]()
    return None if ok else HINTS[entry.value_type or "size"]


def _one_of(entry: AnnotationEntry) -> str:
    return "write one of " + ", ".join(repr(value) for value in entry.allowed_values)


@cache
def _regex(pattern: str, python: str | None) -> LinearRegex:
    return LinearRegex(pattern, python)


def _cidr_list(value: str) -> bool:
    import ipaddress

    for item in value.split(","):
        try:
            ipaddress.ip_network(item.strip(), strict=False)
        except ValueError:
            return False
    return True


def unknown_annotation(doc: Document, ctx: Context, serving: Controller | None = None) -> Iterator[Hit]:
    """A key no controller reads although its prefix says one should: a key under a prefix
    the catalog lists completely that the controller does not define, a key under the
    reserved kubernetes.io/ or k8s.io/ prefixes that nobody defines, or a prefix one edit
    from a catalogued one. A key is only compared with the serving controller's catalog."""
    for key in _judged_keys(doc, serving):
        if isinstance(key, str):
            message = _unknown_key_message(key, doc.kind or "", serving)
            if message is not None:
                yield Hit(_key_path(key), message)


def _unknown_key_message(key: str, kind: str, serving: Controller | None) -> str | None:
    if annotation_entries(key, kind) or key in catalog().entries:
        return None  # defined (perhaps for another kind of object)
    prefix = next((p for p in _complete_prefixes() if key.startswith(p)), None)
    if prefix is None:
        return reserved_key_message(key, serving) or prefix_typo_message(key, kind, serving)
    if prefix == NGINX_PREFIX:
        message = nginx_inc_key_message(key)
        if message is not None:
            return message
    close = closest_under(key, prefix)
    hint = f"did you mean {close}?" if close else "check the spelling against the controller's documentation"
    return f"annotation {key} is not one the controller defines, so it is ignored: {hint}"


def _complete_prefixes() -> tuple[str, ...]:
    return catalog().complete_prefixes


def ingress_nginx_retired(manifests: ManifestSet, ctx: Context) -> Iterator[Hit]:
    """Once per run, at the first IngressClass or Ingress that ingress-nginx serves (the
    controller model decides; an Ingress of another controller, GKE say, never counts)."""
    for doc in manifests.documents:
        path = _nginx_evidence(doc, manifests, ctx)
        if path is not None:
            yield Hit(
                path,
                "these manifests target ingress-nginx, which is retired (no releases or security fixes after March 2026): plan a move to the Gateway API or another Ingress controller",
                doc=doc,
                controller="ingress-nginx",
            )
            return


def _nginx_evidence(doc: Document, manifests: ManifestSet, ctx: Context) -> tuple[str | int, ...] | None:
    from ingresslint.controllers import controller_of

    if doc.kind == "IngressClass":
        return ("spec", "controller") if spec(doc).get("controller") == NGINX_CONTROLLER else None
    if doc.kind != "Ingress":
        return None
    controller = controller_of(doc, manifests, ctx)
    nginx_keys = [key for key in annotations(doc) if isinstance(key, str) and key.startswith(NGINX_PREFIX)]
    if controller.known and controller.id != "ingress-nginx":
        return None  # served by another controller: its nginx annotations are ignored, not retired
    if nginx_keys:
        return _key_path(nginx_keys[0])
    if controller.id != "ingress-nginx":
        return None
    if isinstance(spec(doc).get("ingressClassName"), str):
        return ("spec", "ingressClassName")
    if CLASS_ANNOTATION in annotations(doc):
        return _key_path(CLASS_ANNOTATION)
    return None
