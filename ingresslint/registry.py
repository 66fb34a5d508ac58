"""Every rule id, and the check that raises it. The ids are public: users name them in
configuration and suppressions. A rule's documentation lives in ``rules/<id>.yaml``."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ingresslint.checks import (
    annotation_controllers,
    annotations,
    apiversions,
    backends,
    classes,
    conflicts,
    hosts,
    ingress_spec,
    ingressclass,
    live,
    metadata,
    paths,
    references,
    tls,
)
from ingresslint.checks.annotation_controllers import judged
from ingresslint.context import Context, ManifestSet
from ingresslint.model import Document, Hit
from ingresslint.records import Record, init

DocumentCheck = Callable[[Document, Context], Iterable[Hit]]
SetCheck = Callable[[ManifestSet, Context], Iterable[Hit]]

INGRESS = frozenset({"Ingress"})
INGRESS_CLASS = frozenset({"IngressClass"})
BOTH = INGRESS | INGRESS_CLASS


class Rule(Record):
    """Where a rule's findings come from.

    ``check`` reads one document of the ``kinds`` given; ``set_check`` reads the whole
    manifest set. Rules with neither are raised by a stage (the loader or the schema).
    """

    __match_args__ = ("check", "kinds", "set_check", "stage")
    __slots__ = __match_args__
    check: DocumentCheck | None
    kinds: frozenset[str]
    set_check: SetCheck | None
    stage: str | None

    def __init__(
        self,
        check: DocumentCheck | None = None,
        kinds: frozenset[str] = INGRESS,
        set_check: SetCheck | None = None,
        stage: str | None = None,
    ) -> None:
        init(self, "check", check)
        init(self, "kinds", kinds)
        init(self, "set_check", set_check)
        init(self, "stage", stage)


RULES: dict[str, Rule] = {
    "yaml-syntax": Rule(stage="loader"),
    "yaml-duplicate-key": Rule(stage="loader"),
    "unused-suppression": Rule(stage="filter"),
    "suppression-invalid": Rule(stage="filter"),
    "helm-chart-not-rendered": Rule(stage="sources"),
    "schema": Rule(stage="schema"),
    "removed-api-version": Rule(apiversions.removed_api_version, BOTH),
    "path-type-missing": Rule(paths.path_type_missing),
    "backend-service-and-resource": Rule(backends.backend_service_and_resource),
    "backend-missing": Rule(backends.backend_missing),
    "tls-host-not-in-rules": Rule(tls.tls_host_not_in_rules),
    # annotation rules judge each Ingress and IngressClass by the controller that serves it
    "deprecated-annotation": Rule(set_check=judged(annotations.deprecated_annotation)),
    "multiple-default-ingress-classes": Rule(set_check=classes.multiple_default_ingress_classes),
    "removed-annotation": Rule(set_check=judged(annotations.removed_annotation)),
    "risky-annotation": Rule(set_check=judged(annotations.risky_annotation)),
    "annotation-value-invalid": Rule(set_check=judged(annotations.annotation_value_invalid)),
    "unknown-annotation": Rule(set_check=judged(annotations.unknown_annotation)),
    "annotation-other-controller": Rule(set_check=judged(annotation_controllers.annotation_other_controller)),
    "ingress-nginx-retired": Rule(set_check=annotations.ingress_nginx_retired),
    "ingress-class-not-found": Rule(set_check=classes.ingress_class_not_found),
    "ingress-class-missing": Rule(set_check=classes.ingress_class_missing),
    "ingress-class-name-unread": Rule(set_check=classes.ingress_class_name_unread),
    "default-class-annotation-value": Rule(classes.default_class_annotation_value, INGRESS_CLASS),
    "service-not-found": Rule(set_check=references.service_not_found),
    "service-port-not-found": Rule(set_check=references.service_port_not_found),
    "tls-secret-not-found": Rule(set_check=tls.tls_secret_not_found),
    "tls-secret-invalid": Rule(set_check=tls.tls_secret_invalid),
    "tls-certificate-host-mismatch": Rule(set_check=tls.tls_certificate_host_mismatch),
    "tls-certificate-expired": Rule(set_check=tls.tls_certificate_expired),
    "tls-certificate-expiring": Rule(set_check=tls.tls_certificate_expiring),
    "duplicate-host-path": Rule(set_check=conflicts.duplicate_host_path),
    "service-not-nodeport": Rule(set_check=references.service_not_nodeport),
    "cluster-check-skipped": Rule(set_check=live.cluster_check_skipped),
    "rule-without-http": Rule(paths.rule_without_http),
    "path-regex-in-prefix": Rule(set_check=paths.path_regex_in_prefix),
    # API-server parity (issue 3): networking validation.go and apimachinery, see docs/research/apiserver-validation.md
    "metadata-name-invalid": Rule(metadata.metadata_name_invalid, BOTH),
    "metadata-namespace-invalid": Rule(metadata.metadata_namespace_invalid),
    "metadata-labels-invalid": Rule(metadata.metadata_labels_invalid, BOTH),
    "metadata-annotations-invalid": Rule(metadata.metadata_annotations_invalid, BOTH),
    "metadata-finalizers-invalid": Rule(metadata.metadata_finalizers_invalid, BOTH),
    "metadata-owner-references-invalid": Rule(metadata.metadata_owner_references_invalid, BOTH),
    "ingress-spec-empty": Rule(ingress_spec.ingress_spec_empty),
    "ingress-class-name-invalid": Rule(ingress_spec.ingress_class_name_invalid),
    "ingress-class-annotation-conflict": Rule(ingress_spec.ingress_class_annotation_conflict),
    "host-invalid": Rule(hosts.host_invalid),
    "tls-host-invalid": Rule(hosts.tls_host_invalid),
    "tls-secret-name-invalid": Rule(hosts.tls_secret_name_invalid),
    "http-paths-empty": Rule(paths.http_paths_empty),
    "path-type-invalid": Rule(paths.path_type_invalid),
    "path-invalid": Rule(paths.path_invalid),
    "backend-service-name-invalid": Rule(backends.backend_service_name_invalid),
    "backend-port-invalid": Rule(backends.backend_port_invalid),
    "backend-resource-invalid": Rule(backends.backend_resource_invalid),
    "ingress-class-controller-invalid": Rule(ingressclass.ingress_class_controller_invalid, INGRESS_CLASS),
    "ingress-class-parameters-invalid": Rule(ingressclass.ingress_class_parameters_invalid, INGRESS_CLASS),
}
