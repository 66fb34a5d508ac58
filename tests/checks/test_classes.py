"""Checks of IngressClasses."""

from __future__ import annotations

from ingresslint.context import Context
from ingresslint.versions import parse_kube_version
from tests.conftest import rule_findings, where


def ingress_class(name: str, default: str | None) -> str:
    annotation = (
        f"  annotations:\n    ingressclass.kubernetes.io/is-default-class: {default}\n" if default is not None else ""
    )
    return f"apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: {name}\n{annotation}spec:\n  controller: example.com/{name}\n"


def test_two_defaults_are_each_reported_naming_the_other() -> None:
    text = ingress_class("a", '"true"') + "---\n" + ingress_class("b", '"true"')
    findings = rule_findings(text, "multiple-default-ingress-classes")
    assert where(findings) == [
        (6, 5, "metadata.annotations[ingressclass.kubernetes.io/is-default-class]"),
        (15, 5, "metadata.annotations[ingressclass.kubernetes.io/is-default-class]"),
    ]
    assert "b (test.yaml:10)" in findings[0].message and "a (test.yaml:1)" in findings[1].message
    assert "newest" in findings[0].message


def test_before_1_25_the_effect_is_rejection() -> None:
    text = ingress_class("a", '"true"') + "---\n" + ingress_class("b", '"true"')
    findings = rule_findings(text, "multiple-default-ingress-classes", Context(kube_version=parse_kube_version("1.24")))
    assert "rejects" in findings[0].message


def test_one_default_passes_and_only_exact_true_counts() -> None:
    text = (
        ingress_class("a", '"true"')
        + "---\n"
        + ingress_class("b", '"false"')
        + "---\n"
        + ingress_class("c", '"True"')
        + "---\n"
        + ingress_class("d", None)
    )
    assert rule_findings(text, "multiple-default-ingress-classes") == []


def test_the_same_class_twice_is_one_class() -> None:
    text = ingress_class("a", '"true"') + "---\n" + ingress_class("a", '"true"')
    assert rule_findings(text, "multiple-default-ingress-classes") == []


INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
{klass}  defaultBackend:
    service:
      name: web
      port:
        number: 80
"""


def ingress(klass: str | None) -> str:
    return INGRESS.format(klass=f"  ingressClassName: {klass}\n" if klass else "")


def test_ingress_class_not_found_suggests_the_near_miss() -> None:
    text = ingress_class("public", None) + "---\n" + ingress("pubilc")
    findings = rule_findings(text, "ingress-class-not-found")
    assert where(findings) == [(13, 3, "spec.ingressClassName")]
    assert "write public" in findings[0].message


def test_ingress_class_not_found_needs_classes_in_the_file() -> None:
    assert rule_findings(ingress("anything"), "ingress-class-not-found") == []
    assert rule_findings(ingress_class("public", None) + "---\n" + ingress("public"), "ingress-class-not-found") == []


def test_ingress_class_missing_without_a_default() -> None:
    text = ingress_class("public", None) + "---\n" + ingress(None)
    assert where(rule_findings(text, "ingress-class-missing")) == [(12, 1, "spec.ingressClassName")]


def test_ingress_class_missing_quiet_with_a_default_or_a_class() -> None:
    assert rule_findings(ingress_class("public", '"true"') + "---\n" + ingress(None), "ingress-class-missing") == []
    assert rule_findings(ingress_class("public", None) + "---\n" + ingress("public"), "ingress-class-missing") == []
    assert rule_findings(ingress(None), "ingress-class-missing") == []


def test_default_class_annotation_value() -> None:
    for value, meant in (('"True"', '"true"'), ('"yes"', '"true"'), ('"no"', '"false"')):
        findings = rule_findings(ingress_class("public", value), "default-class-annotation-value")
        assert where(findings) == [(6, 5, "metadata.annotations[ingressclass.kubernetes.io/is-default-class]")]
        assert f"write {meant}" in findings[0].message
    for value in ('"true"', '"false"'):
        assert rule_findings(ingress_class("public", value), "default-class-annotation-value") == []


GKE_INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  ingressClassName: {name}
  defaultBackend:
    service: {{name: web, port: {{number: 80}}}}
"""


def test_a_gke_class_in_spec_ingress_class_name_is_unread() -> None:
    for name in ("gce", "gce-internal", "gce-regional-external", "gce-multi-cluster"):
        findings = rule_findings(GKE_INGRESS.format(name=name), "ingress-class-name-unread")
        assert where(findings) == [(6, 3, "spec.ingressClassName")]
        assert f"set the annotation kubernetes.io/ingress.class: {name}" in findings[0].message


def test_the_annotation_or_an_ingress_class_object_is_fine() -> None:
    annotated = GKE_INGRESS.format(name="gce").replace(
        "  name: web\nspec:", "  name: web\n  annotations:\n    kubernetes.io/ingress.class: gce\nspec:"
    )
    assert rule_findings(annotated.replace("  ingressClassName: gce\n", ""), "ingress-class-name-unread") == []
    assert rule_findings(annotated, "ingress-class-name-unread") == []  # GKE reads the equal annotation
    owned = GKE_INGRESS.format(name="gce") + "---\n" + ingress_class("gce", None)
    assert rule_findings(owned, "ingress-class-name-unread") == []
    assert rule_findings(GKE_INGRESS.format(name="nginx"), "ingress-class-name-unread") == []


def test_a_site_class_configured_as_gke_is_unread_too() -> None:
    ctx = Context(class_controllers=(("gke-web", "gce"),))
    assert len(rule_findings(GKE_INGRESS.format(name="gke-web"), "ingress-class-name-unread", ctx)) == 1
