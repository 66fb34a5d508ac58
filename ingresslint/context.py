"""What every check may read besides its document: options and the whole manifest set."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingresslint.model import Document
from ingresslint.versions import NEWEST, KubeVersion


@dataclass(frozen=True)
class Context:
    kube_version: KubeVersion = NEWEST
    namespace: str = "default"  # the namespace of objects without metadata.namespace
    require_refs: bool = False


@dataclass(frozen=True)
class ManifestSet:
    """Every object loaded in one run, for checks that compare objects with each other."""

    documents: tuple[Document, ...]
    by_kind: dict[str, tuple[Document, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        grouped: dict[str, list[Document]] = {}
        for doc in self.documents:
            grouped.setdefault(doc.kind or "", []).append(doc)
        object.__setattr__(self, "by_kind", {kind: tuple(docs) for kind, docs in grouped.items()})

    def of_kind(self, kind: str) -> tuple[Document, ...]:
        return self.by_kind.get(kind, ())
