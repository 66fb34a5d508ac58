"""The v1beta1 -> v1 conversion (conversion.py): on plain data, on ruamel trees, and in lint."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path
from typing import Any

import pytest

from ingresslint import conversion
from ingresslint.loader import load_sources
from ingresslint.schema import schema_errors
from tests.conftest import FIXTURES, SHARED, lint_text, source

BETA = """\
apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: web
spec:
  backend:
    serviceName: web
    servicePort: http
  rules:
  - host: example.com
    http:
      paths:
      - path: /api
        backend:
          serviceName: api
          servicePort: 8080
      - backend:
          resource:
            apiGroup: k8s.example.com
            kind: Bucket
            name: static
"""


def converted(text: str) -> dict[str, Any]:
    (doc,) = load_sources(iter([source(text)])).documents
    return doc.data


def test_ingress_fields_follow_the_server_conversion() -> None:
    data = converted(BETA)
    assert data["apiVersion"] == "networking.k8s.io/v1"
    assert data["spec"]["defaultBackend"] == {"service": {"name": "web", "port": {"name": "http"}}}
    first, second = data["spec"]["rules"][0]["http"]["paths"]
    assert first == {
        "path": "/api",
        "pathType": "ImplementationSpecific",
        "backend": {"service": {"name": "api", "port": {"number": 8080}}},
    }
    assert list(first) == ["path", "pathType", "backend"]
    assert second["pathType"] == "ImplementationSpecific"
    assert second["backend"] == {"resource": {"apiGroup": "k8s.example.com", "kind": "Bucket", "name": "static"}}


@pytest.mark.parametrize(
    ("backend", "expected"),
    [
        (
            {"serviceName": "a", "servicePort": "80"},
            {"service": {"name": "a", "port": {"name": "80"}}},
        ),  # a JSON string
        ({"serviceName": "a", "servicePort": 0}, {"service": {"name": "a", "port": {"number": 0}}}),
        ({"serviceName": "", "servicePort": 0}, {}),  # the server makes no service backend of zero values
        ({"servicePort": ""}, {"service": {"name": "", "port": {"name": ""}}}),  # a string port always does
        ({"serviceName": "a"}, {"service": {"name": "a", "port": {}}}),
    ],
)
def test_backend_edge_cases(backend: dict[str, Any], expected: dict[str, Any]) -> None:
    data = {"apiVersion": "networking.k8s.io/v1beta1", "kind": "Ingress", "spec": {"backend": dict(backend)}}
    plan = conversion.plan(data)
    assert plan is not None
    conversion.apply(data, plan.edits)
    assert data["spec"] == {"defaultBackend": expected}


def test_undecodable_values_are_problems_and_kept_for_the_schema() -> None:
    data = {
        "apiVersion": "extensions/v1beta1",
        "kind": "Ingress",
        "spec": {"backend": {"serviceName": 7, "servicePort": 1.5}},
    }
    plan = conversion.plan(data)
    assert plan is not None
    assert [path for path, _ in plan.problems] == [
        ("spec", "backend", "serviceName"),
        ("spec", "backend", "servicePort"),
    ]
    conversion.apply(data, plan.edits)
    assert data["spec"]["defaultBackend"] == {"service": {"name": 7, "port": {"number": 1.5}}}


def test_null_path_type_gets_the_old_default() -> None:
    data = converted(BETA.replace("      - path: /api\n", "      - path: /api\n        pathType: null\n"))
    assert data["spec"]["rules"][0]["http"]["paths"][0]["pathType"] == "ImplementationSpecific"


def test_ingress_class_changes_only_api_version() -> None:
    text = (
        "apiVersion: networking.k8s.io/v1beta1\nkind: IngressClass\nmetadata: {name: a}\nspec: {controller: x.io/c}\n"
    )
    assert converted(text) == {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "IngressClass",
        "metadata": {"name": "a"},
        "spec": {"controller": "x.io/c"},
    }


@pytest.mark.parametrize(
    "head",
    ["apiVersion: networking.k8s.io/v1\nkind: Ingress\n", "apiVersion: extensions/v1beta1\nkind: IngressClass\n"],
)
def test_other_objects_are_not_converted(head: str) -> None:
    assert conversion.plan({"apiVersion": head.split()[1], "kind": head.split()[3]}) is None


def test_positions_point_at_the_original_fields() -> None:
    (doc,) = load_sources(iter([source(BETA)])).documents
    assert doc.converted_from == "extensions/v1beta1"
    assert doc.ref.api_version == "extensions/v1beta1"
    assert doc.position(("spec", "defaultBackend")) == (6, 3)
    assert doc.position(("spec", "defaultBackend", "service", "name")) == (7, 5)
    assert doc.position(("spec", "defaultBackend", "service", "port", "name")) == (8, 5)
    assert doc.position(("spec", "rules", 0, "http", "paths", 0, "pathType")) == (13, 9)
    assert doc.has_position(("spec", "rules", 0, "http", "paths", 0, "backend", "service"))
    assert not doc.has_position(("spec", "nothing"))


def test_list_items_are_converted_with_their_positions() -> None:
    items = textwrap.indent(BETA, "  ").replace("  apiVersion", "- apiVersion", 1)
    (doc,) = load_sources(iter([source("apiVersion: v1\nkind: List\nitems:\n" + items)])).documents
    assert doc.data["apiVersion"] == "networking.k8s.io/v1"
    assert doc.position(("spec", "defaultBackend", "service", "name")) == (10, 7)


def test_lint_reports_defects_of_the_conversion_on_the_original_lines() -> None:
    text = BETA.replace("host: example.com", "host: Example.com").replace("path: /api", "path: api")
    findings = {finding.rule: finding for finding in lint_text(text).findings}
    assert findings["removed-api-version"].message.endswith("and add pathType to every path")
    host, path = findings["host-invalid"], findings["path-invalid"]
    assert (host.line, path.line) == (10, 13)
    note = "(checked as the networking.k8s.io/v1 conversion of this extensions/v1beta1 Ingress)"
    assert host.message.endswith(note) and path.message.endswith(note)
    assert host.object is not None and host.object.api_version == "extensions/v1beta1"


def test_schema_errors_of_the_conversion_point_at_the_old_field() -> None:
    findings = [
        f for f in lint_text(BETA.replace("servicePort: 8080", "servicePort: 1.5")).findings if f.rule == "schema"
    ]
    assert [(f.line, f.field) for f in findings] == [(16, "spec.rules[0].http.paths[0].backend.service.port.number")]


# --- the same edits on a ruamel round-trip tree ---

TREE = """\
apiVersion: extensions/v1beta1  # old
kind: Ingress
spec:
  # the default backend
  backend:
    serviceName: web  # the web app
    servicePort: http  # public port
  # the rules
  rules:
    - http:
        paths:
          - path: /a  # root
            # the backend of /a
            backend:
              serviceName: a
              servicePort: 80
          # second
          - path: /b
            backend: {serviceName: b, servicePort: "81"}
"""


def round_trip(text: str) -> str:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    tree = yaml.load(text)
    plan = conversion.plan(tree)
    assert plan is not None
    conversion.apply(tree, plan.edits)
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def test_tree_keeps_comments_with_what_they_describe() -> None:
    lines = round_trip(TREE).splitlines()
    assert lines[3:8] == [
        "  # the default backend",
        "  defaultBackend:",
        "    service:",
        "      name: web       # the web app",
        "      port:",
    ]
    assert lines[8].strip() == "name: http     # public port"
    assert lines[9] == "  # the rules"
    assert lines[13:16] == [
        "          - path: /a  # root",
        "            pathType: ImplementationSpecific",
        "            # the backend of /a",
    ]
    assert "          # second" in lines
    assert lines[-1] == '            backend: {service: {name: b, port: {name: "81"}}}'


def test_tree_and_data_convert_alike() -> None:
    from ruamel.yaml import YAML

    assert YAML(typ="safe").load(round_trip(TREE)) == converted(TREE)


def _beta_files() -> list[Path]:
    folders = [FIXTURES / "realworld", SHARED / "realworld"]
    files = {p.name: p for folder in folders if folder.is_dir() for p in sorted(folder.glob("*.y*ml"))}
    return [path for path in files.values() if "v1beta1" in path.read_text(encoding="utf-8", errors="replace")]


@pytest.mark.parametrize("path", _beta_files(), ids=lambda path: path.name)
def test_real_world_conversions_keep_the_server_field_set(path: Path) -> None:
    """Every converted legacy object uses only v1 fields (unknown fields are what the
    conversion would have to drop); other schema errors are the file's own defects."""
    loaded = load_sources(iter([source(path.read_bytes(), path.name)]))
    for doc in loaded.documents:
        if doc.converted_from:
            unknown = [
                e
                for e in schema_errors(doc.data, doc.api_version or "", doc.kind or "", "1.37")
                if "unknown field" in e.message or "not allowed" in e.message
            ]
            assert unknown == [], path.name


def test_the_loaders_quick_check_names_the_converted_versions() -> None:
    from ingresslint import loader

    assert loader.LEGACY_VERSIONS == {
        "Ingress": conversion.INGRESS_BETAS,
        "IngressClass": conversion.INGRESS_CLASS_BETAS,
    }
