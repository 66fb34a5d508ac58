"""How the API server decodes what kubectl sends (issue 11, M2-M5), seen through the whole lint.

- M2: the decoder enforces no OpenAPI ``required`` list; what validation.go requires is reported
  by the rules, with the server's field path and message, and never by ``schema``.
- M3: a null list item decodes to the zero value (the zero struct, or ""), which the rules judge.
- M4: ``paths: [null]`` is a zero HTTPIngressPath: only ``pathType: Required value``.
- M5: ``generateName: "-"`` is not masked (apimachinery maskTrailingDash needs two characters).
"""

from __future__ import annotations

import pytest

from ingresslint.model import Finding
from tests.conftest import lint_text

INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  ingressClassName: nginx
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: web, port: {number: 80}}
"""

INGRESS_CLASS = """\
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
  parameters: {apiGroup: k8s.example.com, kind: Params, name: p}
"""


def errors(text: str) -> list[tuple[str, int, int, str | None]]:
    return [
        (finding.rule, finding.line, finding.column, finding.field)
        for finding in lint_text(text).findings
        if finding.severity.name == "ERROR"
    ]


def error_findings(text: str) -> list[Finding]:
    return [finding for finding in lint_text(text).findings if finding.severity.name == "ERROR"]


def test_the_base_objects_are_valid() -> None:
    assert errors(INGRESS) == []
    assert errors(INGRESS_CLASS) == []


# --- M2: required lists -------------------------------------------------------------------


def test_a_status_port_without_port_is_accepted() -> None:
    text = INGRESS + "status:\n  loadBalancer:\n    ingress:\n    - ip: 10.0.0.1\n      ports:\n      - protocol: TCP\n"
    assert errors(text) == []


# A missing field is reported at its parent's key (the nearest node in the source).
REQUIRED_BY_VALIDATION = [
    # (replace, by, rule, (line, column), field, server message)
    (
        "        pathType: Prefix\n",
        "",
        "path-type-missing",
        (11, 9),
        "spec.rules[0].http.paths[0].pathType",
        "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified",
    ),
    (
        "        backend:\n          service: {name: web, port: {number: 80}}\n",
        "",
        "backend-missing",
        (11, 9),
        "spec.rules[0].http.paths[0].backend",
        'spec.rules[0].http.paths[0].backend: Invalid value: "": resource or service backend is required',
    ),
    (
        "{name: web, port: {number: 80}}",
        "{port: {number: 80}}",
        "backend-service-name-invalid",
        (14, 11),
        "spec.rules[0].http.paths[0].backend.service.name",
        "spec.rules[0].http.paths[0].backend.service.name: Required value",
    ),
    (
        "{name: web, port: {number: 80}}",
        "{name: web}",
        "backend-port-invalid",
        (14, 11),
        "spec.rules[0].http.paths[0].backend",
        "spec.rules[0].http.paths[0].backend: Required value: port name or number is required",
    ),
    (
        "          service: {name: web, port: {number: 80}}\n",
        "          resource: {apiGroup: k8s.example.com, name: bucket}\n",
        "backend-resource-invalid",
        (14, 11),
        "spec.rules[0].http.paths[0].backend.resource.kind",
        "spec.rules[0].http.paths[0].backend.resource.kind: Required value",
    ),
    (
        "    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n"
        "          service: {name: web, port: {number: 80}}\n",
        "    http: {}\n",
        "http-paths-empty",
        (9, 5),
        "spec.rules[0].http.paths",
        "spec.rules[0].http.paths: Required value",
    ),
    (
        "  name: web\n",
        "  namespace: shop\n",
        "metadata-name-invalid",
        (3, 1),
        "metadata.name",
        "metadata.name: Required value: name or generateName is required",
    ),
    (
        "  name: web\n",
        "  name: web\n  ownerReferences:\n  - {apiVersion: apps/v1, kind: Deployment, name: web}\n",
        "metadata-owner-references-invalid",
        (6, 5),
        "metadata.ownerReferences.uid",
        'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
    ),
]


@pytest.mark.parametrize(("old", "new", "rule", "position", "field", "server"), REQUIRED_BY_VALIDATION)
def test_what_validation_requires_is_reported_by_its_rule_not_by_the_schema(
    old: str, new: str, rule: str, position: tuple[int, int], field: str, server: str
) -> None:
    assert old in INGRESS
    findings = error_findings(INGRESS.replace(old, new))
    assert [(f.rule, (f.line, f.column), f.field) for f in findings] == [(rule, position, field)]
    assert findings[0].message.endswith(server)


@pytest.mark.parametrize(
    ("old", "new", "rule", "position", "field", "server"),
    [
        (
            "  controller: k8s.io/ingress-nginx\n",
            "",
            "ingress-class-controller-invalid",
            (5, 1),
            "spec.controller",
            "spec.controller: Required value",
        ),
        (
            "kind: Params, name: p}",
            "name: p}",
            "ingress-class-parameters-invalid",
            (7, 3),
            "spec.parameters.kind",
            "spec.parameters.kind: Required value",
        ),
    ],
)
def test_what_ingress_class_validation_requires_is_reported_by_its_rule(
    old: str, new: str, rule: str, position: tuple[int, int], field: str, server: str
) -> None:
    assert old in INGRESS_CLASS
    findings = error_findings(INGRESS_CLASS.replace(old, new))
    assert [(f.rule, (f.line, f.column), f.field) for f in findings] == [(rule, position, field)]
    assert findings[0].message.endswith(server)


# --- M3: null list items --------------------------------------------------------------------


def test_null_rule_and_tls_items_are_zero_structs_and_valid() -> None:
    text = INGRESS.replace("  rules:\n", "  tls: [null]\n  rules:\n  - null\n")
    assert errors(text) == []
    assert (
        lint_text(text).findings == lint_text(INGRESS.replace("  rules:\n", "  tls: [{}]\n  rules:\n  - {}\n")).findings
    )


def test_only_null_rules_still_count_as_rules() -> None:
    text = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules: [null]\n"
    assert errors(text) == []  # len(spec.Rules) == 1: no "either defaultBackend or rules"


def test_null_status_items_are_accepted() -> None:
    text = INGRESS + "status:\n  loadBalancer:\n    ingress: [null, {ip: 10.0.0.1, ports: [null]}]\n"
    assert errors(text) == []


def test_a_null_tls_host_is_the_empty_host() -> None:
    findings = error_findings(INGRESS.replace("  rules:\n", "  tls:\n  - hosts: [null]\n  rules:\n"))
    assert [(f.rule, f.line, f.column, f.field) for f in findings] == [
        ("tls-host-invalid", 8, 13, "spec.tls[0].hosts[0]")
    ]
    assert 'Invalid value: "": a lowercase RFC 1123 subdomain' in findings[0].message


def test_null_metadata_list_items_are_judged_as_zero_values() -> None:
    text = INGRESS.replace("  name: web\n", "  name: web\n  finalizers: [null]\n  ownerReferences: [null]\n")
    found = errors(text)
    assert ("schema", 5, 16, "metadata.finalizers[0]") not in found
    assert ("metadata-finalizers-invalid", 5, 16, "metadata.finalizers[0]") in found
    assert {field for rule, _, _, field in found if rule == "metadata-owner-references-invalid"} == {
        "metadata.ownerReferences.apiVersion",
        "metadata.ownerReferences.kind",
        "metadata.ownerReferences.name",
        "metadata.ownerReferences.uid",
    }
    assert all(rule != "schema" for rule, *_ in found)


# --- M4: a null path ------------------------------------------------------------------------


def test_a_null_path_is_a_zero_path_without_path_type() -> None:
    text = INGRESS.replace("      paths:\n      - path: /", "      paths:\n      - null\n      - path: /")
    findings = error_findings(text)
    # validateHTTPIngressPath returns at pathType: the zero backend is not validated
    assert [(f.rule, f.line, f.column, f.field) for f in findings] == [
        ("path-type-missing", 11, 9, "spec.rules[0].http.paths[0].pathType")
    ]
    assert "the path item is null" in findings[0].message
    assert findings[0].message.endswith(
        "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"
    )


def test_a_flow_null_path() -> None:
    text = INGRESS.split("      paths:\n")[0] + "      paths: [null]\n"
    assert errors(text) == [("path-type-missing", 10, 15, "spec.rules[0].http.paths[0].pathType")]


# --- M5: generateName "-" -------------------------------------------------------------------


def test_a_dash_generate_name_is_not_masked() -> None:
    findings = error_findings(INGRESS.replace("  name: web\n", '  generateName: "-"\n'))
    assert [(f.rule, f.line, f.field) for f in findings] == [
        ("metadata-name-invalid", 4, "metadata.generateName"),
        ("metadata-name-invalid", 4, "metadata.name"),  # the generated name "-xxxxx" too
    ]
    assert 'metadata.generateName: Invalid value: "-": a lowercase RFC 1123 subdomain' in findings[0].message


@pytest.mark.parametrize("prefix", ["a-", "web-", "web"])
def test_a_longer_generate_name_with_a_trailing_dash_is_masked(prefix: str) -> None:
    assert errors(INGRESS.replace("  name: web\n", f"  generateName: {prefix}\n")) == []
