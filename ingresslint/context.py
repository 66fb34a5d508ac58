"""What every check may read besides its document: options and the whole manifest set."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ingresslint.model import Document
from ingresslint.versions import NEWEST, KubeVersion

if TYPE_CHECKING:
    from datetime import datetime

    from ingresslint.resolver import Resolver


@dataclass(frozen=True)
class Context:
    kube_version: KubeVersion = NEWEST
    namespace: str = "default"  # the namespace of objects without metadata.namespace
    require_refs: bool = False  # a referenced object missing from the set is an error
    certificate_expiry_days: int = 21  # tls-certificate-expiring looks this far ahead
    now: datetime | None = None  # the time certificates are checked at (None: the clock)
    resolver: Resolver | None = None  # None: resolve references inside the linted set
    # site-specific class names: (class name, controller id or IngressClass controller string)
    class_controllers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ManifestSet:
    """Every object loaded in one run, for checks that compare objects with each other."""

    documents: tuple[Document, ...]
    by_kind: dict[str, tuple[Document, ...]] = field(init=False, repr=False, compare=False)
    # what is derived once from the set and shared by the checks of a run (the resolver)
    derived: dict[object, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        grouped: dict[str, list[Document]] = {}
        for doc in self.documents:
            grouped.setdefault(doc.kind or "", []).append(doc)
        object.__setattr__(self, "by_kind", {kind: tuple(docs) for kind, docs in grouped.items()})

    def of_kind(self, kind: str) -> tuple[Document, ...]:
        return self.by_kind.get(kind, ())
