"""The annotation catalog (rules/catalog/annotations.yaml): which controller reads which
annotation, its status, replacement and value type. Rules read it; entries are data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ingresslint.resources import data_dir


@dataclass(frozen=True)
class AnnotationEntry:
    key: str
    controller: str
    applies_to: str
    status: str  # active | deprecated | removed | risky
    replacement: str | None = None
    allowed_values: tuple[str, ...] = ()
    deprecated_in: str | None = None

    def accepts(self, value: object) -> bool:
        """True when this entry describes ``value`` (any value when it lists none)."""
        return not self.allowed_values or value in self.allowed_values


@lru_cache(maxsize=1)
def _catalog() -> dict[str, tuple[AnnotationEntry, ...]]:
    from ruamel.yaml import YAML

    raw = YAML(typ="safe", pure=False).load(
        (data_dir("rules") / "catalog" / "annotations.yaml").read_text(encoding="utf-8")
    )
    index: dict[str, list[AnnotationEntry]] = {}
    for item in raw["entries"]:
        index.setdefault(item["key"], []).append(_entry(item))
    return {key: tuple(entries) for key, entries in index.items()}


def _entry(item: dict[str, Any]) -> AnnotationEntry:
    return AnnotationEntry(
        key=item["key"],
        controller=item["controller"],
        applies_to=item.get("applies_to") or "Ingress",
        status=item["status"],
        replacement=item.get("replacement"),
        allowed_values=tuple(str(value) for value in item.get("allowed_values") or ()),
        deprecated_in=item.get("deprecated_in"),
    )


def annotation_entries(key: str, kind: str) -> tuple[AnnotationEntry, ...]:
    return tuple(entry for entry in _catalog().get(key, ()) if entry.applies_to == kind)
