"""Checks of the IngressClass spec."""

from __future__ import annotations

import pytest

from tests.conftest import rule_findings, where

HEADER = "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: example\nspec:\n"


def server_texts(text: str, rule: str) -> list[str]:
    return [f.message.split("rejects it with: ")[1] for f in rule_findings(text, rule)]


@pytest.mark.parametrize("controller", ["example.com/ingress", "k8s.io/ingress-nginx", "foo.co/" + "a" * 243])
def test_valid_controllers(controller: str) -> None:
    assert rule_findings(HEADER + f"  controller: {controller}\n", "ingress-class-controller-invalid") == []


def test_missing_controller() -> None:
    findings = rule_findings(HEADER + "  parameters: null\n", "ingress-class-controller-invalid")
    assert where(findings) == [(5, 1, "spec.controller")]
    assert server_texts(HEADER + '  controller: ""\n', "ingress-class-controller-invalid") == [
        "spec.controller: Required value"
    ]


def test_controller_forms() -> None:
    assert server_texts(HEADER + "  controller: nginx\n", "ingress-class-controller-invalid") == [
        'spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")'
    ]
    texts = server_texts(HEADER + "  controller: Acme.io/a b\n", "ingress-class-controller-invalid")
    assert [text[:34] for text in texts] == ['spec.controller: Invalid value: "A', 'spec.controller: Invalid value: "a']
    too_long = server_texts(HEADER + f"  controller: foo.co/{'a' * 244}\n", "ingress-class-controller-invalid")
    assert too_long == ["spec.controller: Too long: must have at most 250 bytes"]


def params(body: str) -> str:
    return HEADER + "  controller: example.com/c\n  parameters:\n" + body


def test_parameters_scope_defaults_to_cluster() -> None:
    findings = rule_findings(
        params("    kind: K\n    name: cfg\n    namespace: ns\n"), "ingress-class-parameters-invalid"
    )
    assert where(findings) == [(10, 5, "spec.parameters.namespace")]
    assert "Forbidden: `parameters.scope` is set to 'Cluster'" in findings[0].message


def test_parameters_namespace_scope() -> None:
    findings = rule_findings(
        params("    kind: K\n    name: cfg\n    scope: Namespace\n"), "ingress-class-parameters-invalid"
    )
    assert where(findings) == [(10, 5, "spec.parameters.namespace")]
    assert "Required value: `parameters.scope` is set to 'Namespace'" in findings[0].message
    ok = params("    kind: K\n    name: cfg\n    scope: Namespace\n    namespace: ns\n")
    assert rule_findings(ok, "ingress-class-parameters-invalid") == []


def test_parameters_bad_scope_skips_namespace() -> None:
    texts = server_texts(
        params("    kind: K\n    name: cfg\n    scope: cluster\n    namespace: Bad_NS\n"),
        "ingress-class-parameters-invalid",
    )
    assert texts == ['spec.parameters.scope: Unsupported value: "cluster": supported values: "Cluster", "Namespace"']


def test_parameters_reference_fields() -> None:
    texts = server_texts(params('    apiGroup: ""\n    kind: ".."\n'), "ingress-class-parameters-invalid")
    assert sorted(text.split(": ")[0] for text in texts) == [
        "spec.parameters.apiGroup",
        "spec.parameters.kind",
        "spec.parameters.name",
    ]
    assert "spec.parameters.kind: Invalid value: \"..\": may not be '..'" in texts
    assert "spec.parameters.name: Required value" in texts


def test_missing_kind_is_not_reported_twice_by_the_schema() -> None:
    assert rule_findings(params("    name: cfg\n"), "schema") == []
