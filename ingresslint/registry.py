"""Every rule id, and the check that raises it. The ids are public: users name them in
configuration and suppressions. A rule's documentation lives in ``rules/<id>.yaml``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ingresslint.checks import annotations, apiversions, backends, classes, paths, tls
from ingresslint.context import Context, ManifestSet
from ingresslint.model import Document, Hit

DocumentCheck = Callable[[Document, Context], Iterable[Hit]]
SetCheck = Callable[[ManifestSet, Context], Iterable[Hit]]

INGRESS = frozenset({"Ingress"})
INGRESS_CLASS = frozenset({"IngressClass"})
BOTH = INGRESS | INGRESS_CLASS


@dataclass(frozen=True)
class Rule:
    """Where a rule's findings come from.

    ``check`` reads one document of the ``kinds`` given; ``set_check`` reads the whole
    manifest set. Rules with neither are raised by a stage (the loader or the schema).
    """

    check: DocumentCheck | None = None
    kinds: frozenset[str] = INGRESS
    set_check: SetCheck | None = None
    stage: str | None = None


RULES: dict[str, Rule] = {
    "yaml-syntax": Rule(stage="loader"),
    "yaml-duplicate-key": Rule(stage="loader"),
    "schema": Rule(stage="schema"),
    "removed-api-version": Rule(apiversions.removed_api_version, BOTH),
    "path-type-missing": Rule(paths.path_type_missing),
    "backend-service-and-resource": Rule(backends.backend_service_and_resource),
    "backend-missing": Rule(backends.backend_missing),
    "tls-host-not-in-rules": Rule(tls.tls_host_not_in_rules),
    "deprecated-annotation": Rule(annotations.deprecated_annotation, BOTH),
    "multiple-default-ingress-classes": Rule(set_check=classes.multiple_default_ingress_classes),
}
