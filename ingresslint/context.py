"""What every check may read besides its document: options and the whole manifest set."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ingresslint.model import Document
from ingresslint.records import Record, init
from ingresslint.versions import NEWEST, KubeVersion

if TYPE_CHECKING:
    from datetime import datetime

    from ingresslint.resolver import Resolver


class Context(Record):
    __match_args__ = (
        "kube_version",
        "namespace",
        "require_refs",
        "certificate_expiry_days",
        "now",
        "resolver",
        "class_controllers",
    )
    __slots__ = (*__match_args__, "_hash")
    _hash: int
    kube_version: KubeVersion
    namespace: str  # the namespace of objects without metadata.namespace
    require_refs: bool  # a referenced object missing from the set is an error
    certificate_expiry_days: int  # tls-certificate-expiring looks this far ahead
    now: datetime | None  # the time certificates are checked at (None: the clock)
    resolver: Resolver | None  # None: resolve references inside the linted set
    # site-specific class names: (class name, controller id or IngressClass controller string)
    class_controllers: tuple[tuple[str, str], ...]

    def __init__(
        self,
        kube_version: KubeVersion = NEWEST,
        namespace: str = "default",
        require_refs: bool = False,
        certificate_expiry_days: int = 21,
        now: datetime | None = None,
        resolver: Resolver | None = None,
        class_controllers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        init(self, "kube_version", kube_version)
        init(self, "namespace", namespace)
        init(self, "require_refs", require_refs)
        init(self, "certificate_expiry_days", certificate_expiry_days)
        init(self, "now", now)
        init(self, "resolver", resolver)
        init(self, "class_controllers", class_controllers)

    def __hash__(self) -> int:
        """The hash of the fields, worked out once: the cross-object rules key what they derive
        once per run by the context, tens of thousands of lookups a run."""
        try:
            return self._hash
        except AttributeError:
            init(self, "_hash", hash(self._values()))
            return self._hash


class ManifestSet(Record):
    """Every object loaded in one run, for checks that compare objects with each other."""

    __match_args__ = ("documents",)  # by_kind and derived are not compared nor shown
    __slots__ = ("by_kind", "derived", "documents")
    documents: tuple[Document, ...]
    by_kind: dict[str, tuple[Document, ...]]
    # what is derived once from the set and shared by the checks of a run (the resolver)
    derived: dict[object, Any]

    def __init__(self, documents: tuple[Document, ...]) -> None:
        init(self, "documents", documents)
        init(self, "derived", {})
        self.__post_init__()

    def __post_init__(self) -> None:
        grouped: dict[str, list[Document]] = {}
        for doc in self.documents:
            grouped.setdefault(doc.kind or "", []).append(doc)
        object.__setattr__(self, "by_kind", {kind: tuple(docs) for kind, docs in grouped.items()})

    def of_kind(self, kind: str) -> tuple[Document, ...]:
        return self.by_kind.get(kind, ())
