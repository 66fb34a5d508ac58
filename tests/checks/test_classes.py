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
