"""The annotation catalog (rules/catalog/annotations.yaml): which controller reads which
annotation, its status, replacement and value type. Rules read it; entries are data.

The catalog is loaded once per run, and only when an object has annotations.
"""

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
    removed_in: str | None = None
    value_type: str | None = None
    validator: str = ""
    pattern: str | None = None  # Go RE2 source, applied with search semantics
    pattern_python: str | None = None
    risk: str | None = None
    cves: tuple[str, ...] = ()
    key_is_prefix: bool = False
    rename_safe: bool = False  # ``replacement`` is a key that reads the same value (ingresslint fix renames)

    def accepts(self, value: object) -> bool:
        """True when this entry describes ``value`` (any value when it lists none)."""
        return not self.allowed_values or value in self.allowed_values


@dataclass(frozen=True)
class Catalog:
    entries: dict[str, tuple[AnnotationEntry, ...]]
    prefix_entries: tuple[AnnotationEntry, ...]  # key_is_prefix: the key is "prefix/*"
    complete_prefixes: tuple[str, ...]  # prefixes whose every key is in the catalog
    cves: dict[str, dict[str, Any]]
    settings: dict[str, dict[str, Any]]  # ingress_nginx_security_settings

    def keys_under(self, prefix: str) -> list[str]:
        return [key for key in self.entries if key.startswith(prefix)]


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    from ruamel.yaml import YAML

    raw = YAML(typ="safe", pure=False).load(
        (data_dir("rules") / "catalog" / "annotations.yaml").read_text(encoding="utf-8")
    )
    index: dict[str, list[AnnotationEntry]] = {}
    prefixes: list[AnnotationEntry] = []
    for item in raw["entries"]:
        entry = _entry(item)
        if entry.key_is_prefix or "<" in entry.key or "${" in entry.key:
            prefixes.append(entry)
        else:
            index.setdefault(entry.key, []).append(entry)
    return Catalog(
        entries={key: tuple(entries) for key, entries in index.items()},
        prefix_entries=tuple(prefixes),
        complete_prefixes=tuple(raw.get("complete_prefixes") or ()),
        cves={item["id"]: item for item in raw.get("cves") or ()},
        settings=dict(raw.get("ingress_nginx_security_settings") or {}),
    )


def _entry(item: dict[str, Any]) -> AnnotationEntry:
    return AnnotationEntry(
        key=item["key"],
        controller=item["controller"],
        applies_to=item.get("applies_to") or "Ingress",
        status=item["status"],
        replacement=item.get("replacement"),
        allowed_values=tuple(str(value) for value in item.get("allowed_values") or ()),
        deprecated_in=item.get("deprecated_in"),
        removed_in=item.get("removed_in"),
        value_type=item.get("value_type"),
        validator=item.get("validator") or "",
        pattern=item.get("pattern"),
        pattern_python=item.get("pattern_python"),
        risk=item.get("risk"),
        cves=tuple(item.get("cve") or ()),
        key_is_prefix=bool(item.get("key_is_prefix")),
        rename_safe=bool(item.get("rename_safe")),
    )


def annotation_entries(key: str, kind: str) -> tuple[AnnotationEntry, ...]:
    """The entries for ``key`` on an object of ``kind``, including whole-prefix entries."""
    cat = catalog()
    found = [entry for entry in cat.entries.get(key, ()) if entry.applies_to == kind]
    found += [
        entry
        for entry in cat.prefix_entries
        if entry.applies_to == kind and key.startswith(_stem(entry.key)) and key != _stem(entry.key)
    ]
    return tuple(found)


def _stem(template: str) -> str:
    """The fixed start of a templated key: ``konghq.com/headers.<name>`` -> ``konghq.com/headers.``."""
    return template.split("*")[0].split("<")[0].split("${")[0]
