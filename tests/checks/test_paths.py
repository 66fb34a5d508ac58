"""Checks of spec.rules[].http.paths[]."""

from __future__ import annotations

import pytest

from ingresslint.model import Severity
from tests.conftest import lint_text, rule_findings, where

INGRESS = """\
apiVersion: {api}
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - http:
      paths:
      - path: /a
{path_type}        backend:
          service: {{name: web, port: {{number: 80}}}}
      - path: /b
        pathType: Exact
        backend:
          service: {{name: web, port: {{number: 80}}}}
"""


def ingress(path_type: str = "", api: str = "networking.k8s.io/v1") -> str:
    return INGRESS.format(api=api, path_type=path_type)


def test_missing_path_type_points_at_the_path_item() -> None:
    findings = rule_findings(ingress(), "path-type-missing")
    assert where(findings) == [(9, 9, "spec.rules[0].http.paths[0].pathType")]
    assert "Exact, Prefix or ImplementationSpecific" in findings[0].message


def test_null_path_type_points_at_the_field() -> None:
    findings = rule_findings(ingress("        pathType: null\n"), "path-type-missing")
    assert where(findings) == [(10, 9, "spec.rules[0].http.paths[0].pathType")]
    assert "is null" in findings[0].message


def test_empty_plain_path_type_is_null_too() -> None:
    assert len(rule_findings(ingress("        pathType:\n"), "path-type-missing")) == 1


def test_path_type_present_passes() -> None:
    assert rule_findings(ingress("        pathType: Prefix\n"), "path-type-missing") == []


def test_beta_api_versions_default_path_type_so_are_not_checked() -> None:
    assert rule_findings(ingress(api="networking.k8s.io/v1beta1"), "path-type-missing") == []


def test_missing_path_type_is_not_reported_twice_by_the_schema() -> None:
    assert rule_findings(ingress(), "schema") == []


def http_ingress(path: str, path_type: str) -> str:
    return f"""\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - http:
      paths:
      - path: {path}
        pathType: {path_type}
        backend:
          service:
            name: web
            port:
              number: 80
"""


def test_path_regex_in_prefix() -> None:
    for path_type in ("Prefix", "Exact"):
        findings = rule_findings(http_ingress('"/foo(/|$)(.*)"', path_type), "path-regex-in-prefix")
        assert where(findings) == [(9, 9, "spec.rules[0].http.paths[0].path")]
        assert "ImplementationSpecific" in findings[0].message


def test_plain_paths_and_implementation_specific_regex_pass() -> None:
    assert rule_findings(http_ingress("/api/v1", "Prefix"), "path-regex-in-prefix") == []
    assert rule_findings(http_ingress('"/foo(/|$)(.*)"', "ImplementationSpecific"), "path-regex-in-prefix") == []


NO_HTTP = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  defaultBackend:
    service:
      name: web
      port:
        number: 80
  rules:
  - host: a.example.com
  - host: b.example.com
    paths:
    - path: /
      pathType: Prefix
      backend:
        service:
          name: web
          port:
            number: 80
"""


def test_rule_without_http() -> None:
    findings = rule_findings(NO_HTTP, "rule-without-http")
    assert where(findings) == [(12, 5, "spec.rules[0].host"), (14, 5, "spec.rules[1].paths")]
    assert "indent them under http:" in findings[1].message


def test_rule_with_http_passes() -> None:
    assert rule_findings(http_ingress("/", "Prefix"), "rule-without-http") == []


# --- http-paths-empty, path-type-invalid, path-invalid (validateHTTPIngressPath) ---

HTTP = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n  - host: a.com\n"


def one_path(path: str, path_type: str, backend: str = "{service: {name: web, port: {number: 80}}}") -> str:
    return (
        HTTP
        + f"    http:\n      paths:\n      - path: {path}\n        pathType: {path_type}\n        backend: {backend}\n"
    )


def test_http_without_paths() -> None:
    assert where(rule_findings(HTTP + "    http: {}\n", "http-paths-empty")) == [(8, 5, "spec.rules[0].http.paths")]
    assert where(rule_findings(HTTP + "    http:\n      paths: []\n", "http-paths-empty")) == [
        (9, 7, "spec.rules[0].http.paths")
    ]
    assert rule_findings(HTTP + "    http: null\n", "http-paths-empty") == []
    assert rule_findings(HTTP + "    http: {}\n", "schema") == []


def test_unsupported_path_type_is_case_sensitive() -> None:
    findings = rule_findings(one_path("/", "prefix"), "path-type-invalid")
    assert where(findings) == [(11, 9, "spec.rules[0].http.paths[0].pathType")]
    assert (
        'Unsupported value: "prefix": supported values: "Exact", "ImplementationSpecific", "Prefix"'
        in findings[0].message
    )
    assert len(rule_findings(one_path("/", '""'), "path-type-invalid")) == 1


@pytest.mark.parametrize(
    ("path_type", "path", "errors"),
    [
        ("Prefix", "/foo", []),
        ("Prefix", '""', ["must be an absolute path"]),
        ("Exact", "foo//x/.", ["must be an absolute path", "must not contain '//'", "cannot end with '/.'"]),
        ("Exact", "/a/..", ["cannot end with '/..'"]),
        ("Prefix", "/a/%2F/b", ["must not contain '%2F'"]),
        ("ImplementationSpecific", '""', []),
        ("ImplementationSpecific", "/a//b/(.*)", []),
        ("ImplementationSpecific", "a", ["must be an absolute path"]),
    ],
)
def test_path_rules(path_type: str, path: str, errors: list[str]) -> None:
    findings = rule_findings(one_path(path, path_type), "path-invalid")
    assert [f.field for f in findings] == ["spec.rules[0].http.paths[0].path"] * len(errors)
    assert sorted(f.message.rsplit(": ", 1)[1] for f in findings) == sorted(errors)
    assert all(f.line == 10 for f in findings)


def test_missing_path_defaults_to_empty() -> None:
    text = (
        HTTP
        + "    http:\n      paths:\n      - pathType: Exact\n        backend: {service: {name: web, port: {number: 80}}}\n"
    )
    assert where(rule_findings(text, "path-invalid")) == [(10, 9, "spec.rules[0].http.paths[0].path")]


def test_unsupported_or_missing_path_type_stops_path_checks() -> None:
    assert rule_findings(one_path("foo", "prefix"), "path-invalid") == []
    text = HTTP + "    http:\n      paths:\n      - path: foo\n        backend: {}\n"
    findings = lint_text(text).findings
    assert {f.rule for f in findings if f.severity == Severity.ERROR} == {"path-type-missing"}


def test_unsupported_path_type_still_checks_the_backend() -> None:
    assert len(rule_findings(one_path("/", "prefix", "{}"), "backend-missing")) == 1
