"""The API server's own test vectors (kubernetes/kubernetes pkg/apis/networking/validation/
validation_test.go, as read in docs/research/apiserver-validation.md §12), as manifests:
each case lists the errors the server returns, as ``field: body`` (the full ``Error()``
text where the Go test compares it, else the field and the start of the body). Cases
marked "derived" come from reading validation.go (research §12.6), not from the test file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from ingresslint.context import Context
from ingresslint.model import Severity
from ingresslint.versions import parse_kube_version
from tests.conftest import lint_text

Data = dict[str, Any]
SERVICE = {"service": {"name": "defaultbackend", "port": {"number": 80}}}
RESOURCE = {"resource": {"apiGroup": "example.com", "kind": "foo", "name": "bar"}}
SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
WILDCARD = "a wildcard DNS-1123 subdomain must start with '*.'"
P0 = "spec.rules[0].http.paths[0]"

INGRESS: Data = {
    "apiVersion": "networking.k8s.io/v1",
    "kind": "Ingress",
    "metadata": {"name": "foo", "namespace": "default"},
    "spec": {
        "defaultBackend": SERVICE,
        "rules": [
            {
                "host": "foo.bar.com",
                "http": {"paths": [{"path": "/foo", "pathType": "ImplementationSpecific", "backend": SERVICE}]},
            }
        ],
    },
}
CREATE: Data = {
    "apiVersion": "networking.k8s.io/v1",
    "kind": "Ingress",
    "metadata": {"name": "test123", "namespace": "test123", "resourceVersion": "1234"},
    "spec": {"defaultBackend": SERVICE, "rules": []},
}
CLASS: Data = {
    "apiVersion": "networking.k8s.io/v1",
    "kind": "IngressClass",
    "metadata": {"name": "test123"},
    "spec": {"controller": "foo.co/bar"},
}


def change(base: Data, edit: Callable[[Data], None]) -> Data:
    data: Data = json.loads(json.dumps(base))  # no shared sub-objects (and no YAML aliases)
    edit(data)
    return data


def path0(**values: Any) -> Callable[[Data], None]:
    return lambda d: d["spec"]["rules"][0]["http"]["paths"][0].update(values)


def rule0(**values: Any) -> Callable[[Data], None]:
    return lambda d: d["spec"]["rules"][0].update(values)


def spec(**values: Any) -> Callable[[Data], None]:
    return lambda d: d["spec"].update(values)


def params(**values: Any) -> Callable[[Data], None]:
    return lambda d: d["spec"].update(parameters={k: v for k, v in values.items() if v is not None})


def create_rule(host: str, path: str, path_type: str, backend: Data = SERVICE) -> Callable[[Data], None]:
    return spec(rules=[{"host": host, "http": {"paths": [{"path": path, "pathType": path_type, "backend": backend}]}}])


def both(*edits: Callable[[Data], None]) -> Callable[[Data], None]:
    return lambda d: [edit(d) for edit in edits] and None


# (id, manifest, expected "field: body" prefixes in order, Kubernetes version)
CASES: list[tuple[str, Data, list[str], str]] = [
    # §12.1 TestValidateIngress (gate off: IngressValidationOptions{})
    ("empty path (implementation specific)", change(INGRESS, path0(path="")), [], "1.35"),
    ("valid path", change(INGRESS, path0(path="/valid")), [], "1.35"),
    (
        "backend with no service",
        change(INGRESS, lambda d: d["spec"]["defaultBackend"]["service"].update(name="")),
        ["spec.defaultBackend.service.name: Required value"],
        "1.35",
    ),
    (
        "invalid path type",
        change(INGRESS, path0(pathType="foo")),
        [f'{P0}.pathType: Unsupported value: "foo": supported values: "Exact", "ImplementationSpecific", "Prefix"'],
        "1.35",
    ),
    (
        "empty path (prefix)",
        change(INGRESS, path0(path="", pathType="Prefix")),
        [f'{P0}.path: Invalid value: "": must be an absolute path'],
        "1.35",
    ),
    ("no paths", change(INGRESS, rule0(http={"paths": []})), ["spec.rules[0].http.paths: Required value"], "1.35"),
    (
        "invalid host (foobar:80)",
        change(INGRESS, rule0(host="foobar:80")),
        [f'spec.rules[0].host: Invalid value: "foobar:80": {SUBDOMAIN}'],
        "1.35",
    ),
    (
        "invalid host (127.0.0.1)",
        change(INGRESS, rule0(host="127.0.0.1")),
        ['spec.rules[0].host: Invalid value: "127.0.0.1": must be a DNS name, not an IP address'],
        "1.35",
    ),
    ("valid wildcard host", change(INGRESS, rule0(host="*.bar.com")), [], "1.35"),
    (
        "invalid wildcard host (foo.*.bar.com)",
        change(INGRESS, rule0(host="foo.*.bar.com")),
        [f'spec.rules[0].host: Invalid value: "foo.*.bar.com": {WILDCARD}'],
        "1.35",
    ),
    (
        "invalid wildcard host (*)",
        change(INGRESS, rule0(host="*")),
        [f'spec.rules[0].host: Invalid value: "*": {WILDCARD}'],
        "1.35",
    ),
    (
        "path resource backend and service are not allowed together",
        change(INGRESS, path0(backend={**SERVICE, **RESOURCE})),
        [f'{P0}.backend: Invalid value: "": cannot set both resource and service backends'],
        "1.35",
    ),
    (
        "spec.backend resource and service are not allowed together",
        change(INGRESS, spec(defaultBackend={**SERVICE, **RESOURCE})),
        ['spec.defaultBackend: Invalid value: "": cannot set both resource and service backends'],
        "1.35",
    ),
    # §12.2 TestValidateIngressRuleValue
    *[
        (
            f"{kind}: {path}",
            change(INGRESS, path0(pathType=kind, path=path)),
            [f"{P0}.path: Invalid value: {path!r}: {msg}".replace("'", '"', 2)] if msg else [],
            "1.35",
        )
        for kind, path, msg in [
            ("ImplementationSpecific", "foo", "must be an absolute path"),
            ("ImplementationSpecific", "/foo", ""),
            ("ImplementationSpecific", "/foo/bar/foo", ""),
            ("ImplementationSpecific", "/foo//bar/foo", ""),
            ("Prefix", "foo", "must be an absolute path"),
            ("Prefix", "/foo", ""),
            ("Prefix", "/foo/bar/foo", ""),
            ("Prefix", "/foo//bar/foo", "must not contain '//'"),
            ("Exact", "foo", "must be an absolute path"),
            ("Exact", "/foo", ""),
            ("Exact", "/foo/bar/foo", ""),
            ("Exact", "/foo//bar/foo", "must not contain '//'"),
            ("Prefix", "/foo/./foo", "must not contain '/./'"),
            ("Exact", "/foo/../foo", "must not contain '/../'"),
            ("Prefix", "/foo/%2f/foo", "must not contain '%2f'"),
            ("Exact", "/foo/%2F/foo", "must not contain '%2F'"),
        ]
    ],
    # §12.3 TestValidateIngressCreate
    ("class field set", change(CREATE, spec(ingressClassName="bar")), [], "1.37"),
    (
        "class annotation set",
        change(CREATE, lambda d: d["metadata"].update(annotations={"kubernetes.io/ingress.class": "foo"})),
        [],
        "1.37",
    ),
    (
        "class field and annotation set with same value",
        change(
            CREATE,
            both(
                spec(ingressClassName="foo"),
                lambda d: d["metadata"].update(annotations={"kubernetes.io/ingress.class": "foo"}),
            ),
        ),
        [],
        "1.37",
    ),
    (
        "class field and annotation set with different value",
        change(
            CREATE,
            both(
                spec(ingressClassName="bar"),
                lambda d: d["metadata"].update(annotations={"kubernetes.io/ingress.class": "foo"}),
            ),
        ),
        [
            'annotations.kubernetes.io/ingress.class: Invalid value: "foo": must match `ingressClassName` when both are specified'
        ],
        "1.37",
    ),
    (
        "derived: class field and annotation with same value before 1.27",
        change(
            CREATE,
            both(
                spec(ingressClassName="foo"),
                lambda d: d["metadata"].update(annotations={"kubernetes.io/ingress.class": "foo"}),
            ),
        ),
        [
            'annotations.kubernetes.io/ingress.class: Invalid value: "foo": can not be set when the class field is also set'
        ],
        "1.26",
    ),
    (
        "valid regex path",
        change(CREATE, create_rule("foo.bar.com", "/([a-z0-9]*)", "ImplementationSpecific")),
        [],
        "1.37",
    ),
    (
        "invalid regex path allowed (v1)",
        change(CREATE, create_rule("foo.bar.com", "/([a-z0-9]*)[", "ImplementationSpecific")),
        [],
        "1.37",
    ),
    ("Spec.Backend.Resource field allowed on create", change(CREATE, spec(defaultBackend=RESOURCE)), [], "1.37"),
    (
        "Paths.Backend.Resource field allowed on create",
        change(CREATE, create_rule("foo.bar.com", "/([a-z0-9]*)", "ImplementationSpecific", RESOURCE)),
        [],
        "1.37",
    ),
    ("valid secret", change(CREATE, spec(tls=[{"secretName": "valid"}])), [], "1.37"),
    (
        "invalid secret",
        change(CREATE, spec(tls=[{"secretName": "invalid name"}])),
        [f'spec.tls[0].secretName: Invalid value: "invalid name": {SUBDOMAIN}'],
        "1.37",
    ),
    (
        "valid rules with wildcard host",
        change(CREATE, both(spec(tls=[{"hosts": ["*.bar.com"]}]), create_rule("*.foo.com", "/foo", "Exact"))),
        [],
        "1.37",
    ),
    (
        "invalid rules with wildcard host",
        change(CREATE, both(spec(tls=[{"hosts": ["*.bar.com"]}]), create_rule("*.foo.com", "foo", "Exact"))),
        [f'{P0}.path: Invalid value: "foo": must be an absolute path'],
        "1.37",
    ),
    # §12.4 TLS
    (
        "TestValidateIngressTLS error",
        change(INGRESS, both(rule0(host="*.foo.bar.com"), spec(tls=[{"hosts": ["foo.*.bar.com"]}]))),
        [f'spec.tls[0].hosts[0]: Invalid value: "foo.*.bar.com": {WILDCARD}'],
        "1.37",
    ),
    (
        "TestValidateIngressTLS valid",
        change(INGRESS, both(rule0(host="*.bar.com"), spec(tls=[{"hosts": ["*.bar.com"]}]))),
        [],
        "1.37",
    ),
    *[
        (
            f"TestValidateEmptyIngressTLS {tls}",
            change(
                INGRESS,
                lambda d, tls=tls: d["spec"].update(defaultBackend=None, tls=tls) or d["spec"].pop("defaultBackend"),
            ),
            [],
            "1.37",
        )
        for tls in ([{}], [{"hosts": []}])
    ],
    # §12.5 TestValidateIngressClass, "through the real API / newest VAL" column
    ("valid name, valid controller", CLASS, [], "1.37"),
    (
        "invalid name, valid controller",
        change(CLASS, lambda d: d["metadata"].update(name="test*123")),
        [f'metadata.name: Invalid value: "test*123": {SUBDOMAIN}'],
        "1.37",
    ),
    ("valid name, empty controller", change(CLASS, spec(controller="")), ["spec.controller: Required value"], "1.37"),
    ("valid name, controller max length", change(CLASS, spec(controller="foo.co/" + "a" * 243)), [], "1.37"),
    (
        "valid name, controller too long",
        change(CLASS, spec(controller="foo.co/" + "a" * 244)),
        ["spec.controller: Too long: must have at most 250 bytes"],
        "1.37",
    ),
    (
        "valid params",
        change(CLASS, params(apiGroup="example.com", kind="foo", name="bar", scope="Cluster")),
        [],
        "1.37",
    ),
    (
        "invalid params (no kind)",
        change(CLASS, params(apiGroup="example.com", kind="", name="bar", scope="Cluster")),
        ["spec.parameters.kind: Required value"],
        "1.37",
    ),
    (
        "invalid params (no name)",
        change(CLASS, params(apiGroup="example.com", kind="foo", name="", scope="Cluster")),
        ["spec.parameters.name: Required value"],
        "1.37",
    ),
    (
        "invalid params (bad kind)",
        change(CLASS, params(kind="foo/", name="bar", scope="Cluster")),
        ["spec.parameters.kind: Invalid value: \"foo/\": may not contain '/'"],
        "1.37",
    ),
    (
        "invalid params (bad scope)",
        change(CLASS, params(kind="foo", name="bar", scope="bad-scope")),
        ['spec.parameters.scope: Unsupported value: "bad-scope": supported values: "Cluster", "Namespace"'],
        "1.37",
    ),
    (
        "valid Namespace scope",
        change(CLASS, params(kind="foo", name="bar", scope="Namespace", namespace="foo-ns")),
        [],
        "1.37",
    ),
    (
        "valid scope, invalid namespace",
        change(CLASS, params(kind="foo", name="bar", scope="Namespace", namespace="foo_ns")),
        [f'spec.parameters.namespace: Invalid value: "foo_ns": {LABEL}'],
        "1.37",
    ),
    ("valid Cluster scope", change(CLASS, params(kind="foo", name="bar", scope="Cluster")), [], "1.37"),
    (
        "invalid scope (absent: defaulted to Cluster)",
        change(CLASS, params(kind="foo", name="bar", namespace="foo_ns")),
        ["spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'"],
        "1.37",
    ),
    (
        "namespace not set when scope is Namespace",
        change(CLASS, params(kind="foo", name="bar", scope="Namespace")),
        ["spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'"],
        "1.37",
    ),
    (
        "namespace is forbidden when scope is Cluster",
        change(CLASS, params(kind="foo", name="bar", scope="Cluster", namespace="foo-ns")),
        ["spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'"],
        "1.37",
    ),
    (
        "empty namespace is forbidden when scope is Cluster",
        change(CLASS, params(kind="foo", name="bar", scope="Cluster", namespace="")),
        ["spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'"],
        "1.37",
    ),
    # DV-TEST: nil parameters
    ("nil parameters", change(CLASS, spec(controller="example.com/ingress-controller")), [], "1.37"),
    # §12.6 derived from validation.go
    (
        "derived: no pathType, empty backend",
        change(
            INGRESS, lambda d: d["spec"]["rules"][0]["http"]["paths"].__setitem__(0, {"path": "/foo", "backend": {}})
        ),
        [f"{P0}.pathType: Required value: pathType must be specified"],
        "1.37",
    ),
    (
        "derived: pathType exact, empty backend",
        change(INGRESS, path0(pathType="exact", backend={})),
        [
            f'{P0}.pathType: Unsupported value: "exact"',
            f'{P0}.backend: Invalid value: "": resource or service backend is required',
        ],
        "1.37",
    ),
    (
        "derived: three path errors",
        change(INGRESS, path0(pathType="Prefix", path="foo//x/.")),
        [
            f'{P0}.path: Invalid value: "foo//x/.": must be an absolute path',
            f"{P0}.path: Invalid value: \"foo//x/.\": must not contain '//'",
            f"{P0}.path: Invalid value: \"foo//x/.\": cannot end with '/.'",
        ],
        "1.37",
    ),
    (
        "derived: host ::1",
        change(INGRESS, rule0(host="::1")),
        [
            'spec.rules[0].host: Invalid value: "::1": must be a DNS name, not an IP address',
            f'spec.rules[0].host: Invalid value: "::1": {SUBDOMAIN}',
        ],
        "1.37",
    ),
    (
        "derived: service 1svc before 1.36",
        change(INGRESS, path0(backend={"service": {"name": "1svc", "port": {"number": 80}}})),
        [f'{P0}.backend.service.name: Invalid value: "1svc": a DNS-1035 label'],
        "1.35",
    ),
    (
        "derived: service 1svc from 1.36",
        change(INGRESS, path0(backend={"service": {"name": "1svc", "port": {"number": 80}}})),
        [],
        "1.36",
    ),
    (
        "derived: service a.b before 1.36",
        change(INGRESS, path0(backend={"service": {"name": "a.b", "port": {"number": 80}}})),
        [f'{P0}.backend.service.name: Invalid value: "a.b": a DNS-1035 label'],
        "1.35",
    ),
    (
        "derived: service a.b from 1.36",
        change(INGRESS, path0(backend={"service": {"name": "a.b", "port": {"number": 80}}})),
        [f'{P0}.backend.service.name: Invalid value: "a.b": must not contain dots'],
        "1.37",
    ),
    (
        "derived: port name and number",
        change(INGRESS, path0(backend={"service": {"name": "svc", "port": {"name": "http", "number": 80}}})),
        [f'{P0}.backend: Invalid value: "": cannot set both port name & port number'],
        "1.37",
    ),
    (
        "derived: port neither",
        change(INGRESS, path0(backend={"service": {"name": "svc", "port": {}}})),
        [f"{P0}.backend: Required value: port name or number is required"],
        "1.37",
    ),
    (
        "derived: port name -Http--",
        change(INGRESS, path0(backend={"service": {"name": "svc", "port": {"name": "-Http--"}}})),
        [
            f'{P0}.backend.service.port.name: Invalid value: "-Http--": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
            f'{P0}.backend.service.port.name: Invalid value: "-Http--": must not contain consecutive hyphens',
            f'{P0}.backend.service.port.name: Invalid value: "-Http--": must not begin or end with a hyphen',
        ],
        "1.37",
    ),
    (
        "derived: port number 70000",
        change(INGRESS, path0(backend={"service": {"name": "svc", "port": {"number": 70000}}})),
        [f"{P0}.backend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive"],
        "1.37",
    ),
    (
        "derived: rules [] without defaultBackend",
        change(CREATE, lambda d: d["spec"].pop("defaultBackend")),
        ["spec: Invalid value: []networking.IngressRule{}: either `defaultBackend` or `rules` must be specified"],
        "1.37",
    ),
    (
        "derived: rule with only a host",
        change(INGRESS, lambda d: (d["spec"].pop("defaultBackend"), d["spec"].update(rules=[{"host": "a.com"}]))),
        [],
        "1.37",
    ),
    (
        "derived: ingressClassName empty",
        change(INGRESS, spec(ingressClassName="")),
        [f'spec.ingressClassName: Invalid value: "": {SUBDOMAIN}'],
        "1.37",
    ),
    ("derived: TLS host IP", change(INGRESS, spec(tls=[{"hosts": ["1.2.3.4"]}])), [], "1.37"),
    (
        "derived: controller acme.io",
        change(CLASS, spec(controller="acme.io")),
        ['spec.controller: Invalid value: "acme.io": must be a domain-prefixed path (such as "acme.io/foo")'],
        "1.37",
    ),
    (
        "derived: controller Acme.io/x",
        change(CLASS, spec(controller="Acme.io/x")),
        [f'spec.controller: Invalid value: "Acme.io": {SUBDOMAIN}'],
        "1.37",
    ),
    (
        "derived: controller acme.io/a b",
        change(CLASS, spec(controller="acme.io/a b")),
        [
            "spec.controller: Invalid value: \"a b\": Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')"
        ],
        "1.37",
    ),
    (
        "derived: IngressClass namespace is cleared",
        change(CLASS, lambda d: d["metadata"].update(namespace="x")),
        [],
        "1.37",
    ),
    (
        "derived: resource apiGroup empty",
        change(INGRESS, spec(defaultBackend={"resource": {"apiGroup": "", "kind": "K", "name": "nm"}})),
        [f'spec.defaultBackend.resource.apiGroup: Invalid value: "": {SUBDOMAIN}'],
        "1.37",
    ),
    (
        "derived: resource kind and name bad",
        change(INGRESS, spec(defaultBackend={"resource": {"kind": "..", "name": "a/b%"}})),
        [
            "spec.defaultBackend.resource.kind: Invalid value: \"..\": may not be '..'",
            "spec.defaultBackend.resource.name: Invalid value: \"a/b%\": may not contain '/'",
            "spec.defaultBackend.resource.name: Invalid value: \"a/b%\": may not contain '%'",
        ],
        "1.37",
    ),
]


def server_errors(data: Data, version: str) -> list[str]:
    """The server-side text of every error finding: ``field: body``."""
    report = lint_text(yaml.safe_dump(data, sort_keys=False), Context(kube_version=parse_kube_version(version)))
    errors = [f for f in report.findings if f.severity == Severity.ERROR]
    texts = [f.message.split("the API server rejects it with: ", 1)[-1] for f in errors]
    assert all(text.startswith(f"{f.field}: ") for f, text in zip(errors, texts, strict=True)), texts
    return texts


@pytest.mark.parametrize(("data", "expected", "version"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_server_vector(data: Data, expected: list[str], version: str) -> None:
    errors = server_errors(data, version)
    assert len(errors) == len(expected), errors
    for error, prefix in zip(sorted(errors), sorted(expected), strict=True):
        assert error.startswith(prefix), (error, prefix)
