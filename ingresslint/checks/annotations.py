"""Checks of metadata.annotations, driven by the annotation catalog."""

from __future__ import annotations

from collections.abc import Iterator

from ingresslint.catalog import AnnotationEntry, annotation_entries
from ingresslint.checks._ingress import annotations
from ingresslint.context import Context
from ingresslint.model import Document, Hit


def deprecated_annotation(doc: Document, ctx: Context) -> Iterator[Hit]:
    """An annotation the catalog marks deprecated, unless some controller still reads it
    with this value as current (``kubernetes.io/ingress.class: gce``: GKE reads only the
    annotation)."""
    for key, value in annotations(doc).items():
        entry = _deprecation(annotation_entries(key, doc.kind or ""), value)
        if entry is not None:
            since = f" since {entry.deprecated_in}" if entry.deprecated_in else ""
            instead = f"; use {entry.replacement}" if entry.replacement else ""
            yield Hit(
                ("metadata", "annotations", key), f"annotation {key} is deprecated{since} ({entry.controller}){instead}"
            )


def _deprecation(entries: tuple[AnnotationEntry, ...], value: object) -> AnnotationEntry | None:
    if any(entry.status == "active" and entry.accepts(value) for entry in entries):
        return None
    deprecated = [entry for entry in entries if entry.status == "deprecated"]
    for entry in deprecated:
        if entry.allowed_values and value in entry.allowed_values:
            return entry
    preferred = [entry for entry in deprecated if entry.controller == "kubernetes"]
    return (preferred or deprecated or [None])[0]
