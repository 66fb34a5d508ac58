"""Checks of backends."""

from __future__ import annotations

from ingresslint.context import Context
from ingresslint.versions import parse_kube_version
from tests.conftest import rule_findings, where

HEADER = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n"
SERVICE = "service: {name: web, port: {number: 80}}"
RESOURCE = "resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: assets}"


def path_backend(backend: str) -> str:
    return HEADER + f"  rules:\n  - http:\n      paths:\n      - path: /\n        pathType: Prefix\n{backend}"


def test_both_in_default_backend() -> None:
    text = HEADER + f"  defaultBackend:\n    {SERVICE}\n    {RESOURCE}\n"
    findings = rule_findings(text, "backend-service-and-resource")
    assert where(findings) == [(6, 3, "spec.defaultBackend")]


def test_both_in_path_backend() -> None:
    text = path_backend(f"        backend:\n          {SERVICE}\n          {RESOURCE}\n")
    assert where(rule_findings(text, "backend-service-and-resource")) == [
        (11, 9, "spec.rules[0].http.paths[0].backend")
    ]


def test_one_of_them_passes() -> None:
    for backend in (SERVICE, RESOURCE):
        text = path_backend(f"        backend:\n          {backend}\n")
        assert rule_findings(text, "backend-service-and-resource") == []
        assert rule_findings(text, "backend-missing") == []


def test_empty_backend() -> None:
    findings = rule_findings(path_backend("        backend: {}\n"), "backend-missing")
    assert where(findings) == [(11, 9, "spec.rules[0].http.paths[0].backend")]
    assert "neither service nor resource" in findings[0].message


def test_path_without_backend_points_at_the_path() -> None:
    findings = rule_findings(path_backend(""), "backend-missing")
    assert where(findings) == [(9, 9, "spec.rules[0].http.paths[0].backend")]
    assert "is missing" in findings[0].message


def test_v1beta1_style_backend_in_v1() -> None:
    text = path_backend("        backend:\n          serviceName: web\n          servicePort: 80\n")
    assert where(rule_findings(text, "backend-missing")) == [(11, 9, "spec.rules[0].http.paths[0].backend")]
    assert len(rule_findings(text, "schema")) == 2  # the two unknown fields


def test_empty_default_backend_is_reported_but_null_is_not() -> None:
    assert len(rule_findings(HEADER + "  defaultBackend: {}\n", "backend-missing")) == 1
    assert rule_findings(HEADER + "  defaultBackend:\n  rules: []\n", "backend-missing") == []


# --- backend-service-name-invalid, backend-port-invalid, backend-resource-invalid ---


def service(body: str) -> str:
    return path_backend(f"        backend:\n          service:\n{body}")


def server_texts(text: str, rule: str, ctx: Context | None = None) -> list[str]:
    return sorted(f.message.split("rejects it with: ")[1] for f in rule_findings(text, rule, ctx))


B = "spec.rules[0].http.paths[0].backend"
OLD = Context(kube_version=parse_kube_version("1.35"))


def test_service_name_required() -> None:
    findings = rule_findings(service("            port: {number: 80}\n"), "backend-service-name-invalid")
    assert where(findings) == [(12, 11, f"{B}.service.name")]
    assert f"{B}.service.name: Required value" in findings[0].message
    assert rule_findings(service("            port: {number: 80}\n"), "schema") == []


def test_service_name_rules_depend_on_the_version() -> None:
    text = service("            name: 1svc\n            port: {number: 80}\n")
    assert rule_findings(text, "backend-service-name-invalid") == []
    assert server_texts(text, "backend-service-name-invalid", OLD)[0].startswith(
        f'{B}.service.name: Invalid value: "1svc": a DNS-1035 label'
    )
    dotted = service("            name: web.app\n            port: {number: 80}\n")
    assert server_texts(dotted, "backend-service-name-invalid") == [
        f'{B}.service.name: Invalid value: "web.app": must not contain dots'
    ]


def test_port_both_and_neither_are_reported_at_the_backend() -> None:
    both = rule_findings(
        service("            name: web\n            port: {name: http, number: 80}\n"), "backend-port-invalid"
    )
    assert where(both) == [(14, 13, B)]
    assert 'Invalid value: "": cannot set both port name & port number' in both[0].message
    for port in ("            port: {}\n", "            port: {number: 0}\n", '            port: {name: ""}\n', ""):
        texts = server_texts(service("            name: web\n" + port), "backend-port-invalid")
        assert texts == [f"{B}: Required value: port name or number is required"], port


def test_port_name_and_number_rules() -> None:
    texts = server_texts(service("            name: web\n            port: {name: -Http--}\n"), "backend-port-invalid")
    assert [text.split('"-Http--": ')[1] for text in texts] == [
        "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
        "must not begin or end with a hyphen",
        "must not contain consecutive hyphens",
    ]
    assert server_texts(
        service("            name: web\n            port: {name: '1234'}\n"), "backend-port-invalid"
    ) == [f'{B}.service.port.name: Invalid value: "1234": must contain at least one letter (a-z)']
    for number in ("-1", "65536"):
        texts = server_texts(
            service(f"            name: web\n            port: {{number: {number}}}\n"), "backend-port-invalid"
        )
        assert texts == [f"{B}.service.port.number: Invalid value: {number}: must be between 1 and 65535, inclusive"]


def test_port_decoding_errors_are_left_to_the_schema() -> None:
    for port in ('{number: "80"}', "{number: 3000000000}", "{name: 8080}"):
        assert (
            rule_findings(service(f"            name: web\n            port: {port}\n"), "backend-port-invalid") == []
        )


def test_resource_reference() -> None:
    text = path_backend('        backend:\n          resource: {apiGroup: "", kind: "a/b"}\n')
    assert server_texts(text, "backend-resource-invalid") == [
        f"{B}.resource.apiGroup: Invalid value: \"\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        f"{B}.resource.kind: Invalid value: \"a/b\": may not contain '/'",
        f"{B}.resource.name: Required value",
    ]
    assert rule_findings(path_backend(f"        backend:\n          {RESOURCE}\n"), "backend-resource-invalid") == []


def test_both_service_and_resource_stops_the_backend_checks() -> None:
    text = path_backend("        backend:\n          service: {name: Bad_Name}\n          resource: {kind: K}\n")
    for rule in ("backend-service-name-invalid", "backend-port-invalid", "backend-resource-invalid"):
        assert rule_findings(text, rule) == []


def test_backend_of_a_path_without_path_type_is_not_checked() -> None:
    text = HEADER + "  rules:\n  - http:\n      paths:\n      - path: /\n        backend: {service: {name: Bad_Name}}\n"
    for rule in ("backend-missing", "backend-service-name-invalid", "backend-port-invalid", "schema"):
        assert rule_findings(text, rule) == [], rule
