"""Tests for the schema stage (ingresslint/schema.py) and the generated schemas."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML, YAMLError

from ingresslint.schema import (
    SchemaError,
    has_schema,
    schema_errors,
    supported_kube_versions,
)
from tests.conftest import SHARED

REPO = Path(__file__).resolve().parent.parent
REALWORLD = SHARED / "realworld"
V1 = "networking.k8s.io/v1"

VALID_INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  creationTimestamp: null
  labels: {app: web}
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
    nginx.ingress.kubernetes.io/ssl-redirect: "true"
spec:
  ingressClassName: nginx
  tls:
  - hosts: [shop.example.com]
    secretName: shop-tls
  defaultBackend:
    resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: static}
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port: {number: 80}
      - path: /api
        pathType: Exact
        backend:
          service:
            name: api
            port: {name: http}
"""

VALID_INGRESS_CLASS = """\
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: external-lb
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: example.com/ingress-controller
  parameters:
    apiGroup: k8s.example.com
    kind: IngressParameters
    name: external-lb
    scope: Namespace
    namespace: external-configuration
"""


def load(text: str) -> dict[str, Any]:
    return YAML(typ="safe").load(text)


def ingress_errors(text: str, kind: str = "Ingress") -> list[SchemaError]:
    return schema_errors(load(text), V1, kind, "1.34")


def ingress_with_path(path_yaml: str) -> str:
    """A valid Ingress whose only path item is ``path_yaml`` (indented as a list item)."""
    head = VALID_INGRESS.split("      paths:\n")[0]
    return head + "      paths:\n" + path_yaml


def only(errors: list[SchemaError]) -> SchemaError:
    assert len(errors) == 1, errors
    return errors[0]


def test_valid_objects_have_no_errors() -> None:
    assert ingress_errors(VALID_INGRESS) == []
    assert ingress_errors(VALID_INGRESS_CLASS, "IngressClass") == []


def test_every_supported_version_has_the_schemas() -> None:
    versions = supported_kube_versions()
    assert versions[0] == "1.19"
    assert versions[-1] == "1.37"
    for version in ("1.19", "v1.27.3", "1.37"):
        assert schema_errors(load(VALID_INGRESS), V1, "Ingress", version) == []
    with pytest.raises(ValueError, match="not supported"):
        schema_errors(load(VALID_INGRESS), V1, "Ingress", "1.18")


def test_has_schema_only_for_v1() -> None:
    assert has_schema(V1, "Ingress")
    assert has_schema(V1, "IngressClass")
    assert not has_schema("networking.k8s.io/v1beta1", "Ingress")
    assert not has_schema("extensions/v1beta1", "Ingress")
    assert not has_schema(V1, "NetworkPolicy")
    assert schema_errors({"kind": "Ingress"}, "networking.k8s.io/v1beta1", "Ingress", "1.34") == []


def test_unknown_field_suggests_a_close_name() -> None:
    error = only(ingress_errors(VALID_INGRESS.replace("  labels:", "  lables:")))
    assert error.path == ("metadata", "lables")
    assert error.field == "metadata.lables"
    assert error.message == 'unknown field "metadata.lables" (strict decoding would reject it; did you mean "labels"?)'


def test_v1beta1_backend_fields_get_the_v1_names() -> None:
    text = ingress_with_path(
        """\
      - path: /
        pathType: Prefix
        backend:
          serviceName: web
          servicePort: 80
"""
    )
    errors = ingress_errors(text)
    assert [error.field for error in errors] == [
        "spec.rules[0].http.paths[0].backend.serviceName",
        "spec.rules[0].http.paths[0].backend.servicePort",
    ]
    assert errors[0].path == ("spec", "rules", 0, "http", "paths", 0, "backend", "serviceName")
    assert "backend.service.name and backend.service.port.number/name" in errors[0].message
    assert errors[0].message.startswith(
        'unknown field "spec.rules[0].http.paths[0].backend.serviceName" (strict decoding'
    )


def test_missing_required_fields_are_no_schema_errors() -> None:
    """The decoder enforces no OpenAPI required list (the rules report what validation.go requires)."""
    text = (
        ingress_with_path("      - path: /\n")
        + "status:\n  loadBalancer:\n    ingress:\n    - ports: [{protocol: TCP}]\n"
    )
    assert ingress_errors(text) == []
    assert ingress_errors(VALID_INGRESS_CLASS.replace("    kind: IngressParameters\n", ""), "IngressClass") == []


def test_quoted_port_number_is_a_type_error() -> None:
    error = only(ingress_errors(VALID_INGRESS.replace("{number: 80}", '{number: "80"}')))
    assert error.path == ("spec", "rules", 0, "http", "paths", 0, "backend", "service", "port", "number")
    assert error.message == (
        "spec.rules[0].http.paths[0].backend.service.port.number must be an integer (int32), "
        'not the string "80": write 80 without quotes'
    )


def test_named_port_in_number_points_to_port_name() -> None:
    error = only(ingress_errors(VALID_INGRESS.replace("{number: 80}", "{number: http}")))
    assert error.message.endswith("a named port goes in spec.rules[0].http.paths[0].backend.service.port.name")


def test_int32_overflow() -> None:
    error = only(ingress_errors(VALID_INGRESS.replace("{number: 80}", "{number: 2147483648}")))
    assert error.field == "spec.rules[0].http.paths[0].backend.service.port.number"
    assert "out of the int32 range" in error.message
    assert ingress_errors(VALID_INGRESS.replace("{number: 80}", "{number: 2147483647}")) == []


def test_boolean_annotation_value() -> None:
    text = VALID_INGRESS.replace('ssl-redirect: "true"', "ssl-redirect: true")
    error = only(ingress_errors(text))
    assert error.path == ("metadata", "annotations", "nginx.ingress.kubernetes.io/ssl-redirect")
    assert error.field == "metadata.annotations[nginx.ingress.kubernetes.io/ssl-redirect]"
    assert error.message == (
        "metadata.annotations[nginx.ingress.kubernetes.io/ssl-redirect] must be a string, not a boolean: "
        'YAML 1.1 reads unquoted true/yes/on as a boolean; quote it: "true"'
    )


def test_number_label_value() -> None:
    error = only(ingress_errors(VALID_INGRESS.replace("{app: web}", "{app: web, tier: 3}")))
    assert error.field == "metadata.labels[tier]"
    assert error.message == 'metadata.labels[tier] must be a string, not the number 3: quote it: "3"'


def test_null_is_the_zero_value_everywhere() -> None:
    text = VALID_INGRESS.replace("name: web\n            port", "name: null\n            port")
    text = text.replace("ingressClassName: nginx", "ingressClassName: null\n  defaultBackend2: null")
    text = text.replace("      paths:\n", "      paths:\n      - null\n").replace(
        "labels: {app: web}", "labels: {app: null}"
    )
    error = only(ingress_errors(text))  # a null unknown field is still unknown to strict decoding
    assert error.field == "spec.defaultBackend2"


def test_null_list_item_and_wrong_container_types() -> None:
    text = VALID_INGRESS.replace(
        "  - hosts: [shop.example.com]\n    secretName: shop-tls", "  - null\n  - hosts: shop.example.com"
    )
    errors = ingress_errors(text)
    assert [(error.field, error.message) for error in errors] == [
        (
            "spec.tls[1].hosts",
            'spec.tls[1].hosts must be a list, not the string "shop.example.com": write a list: ["shop.example.com"]',
        ),
    ]


def test_a_type_error_names_the_type_without_null() -> None:
    error = only(ingress_errors(VALID_INGRESS.replace("  - hosts: [shop.example.com]", "  - hosts: [[shop]]")))
    assert error.message == "spec.tls[0].hosts[0] must be a string, not a list"


def test_one_problem_gives_one_error_and_errors_are_sorted() -> None:
    text = VALID_INGRESS.replace("  labels:", "  lables:").replace("{number: 80}", '{number: "80", nmae: x}')
    errors = ingress_errors(text)
    assert [error.field for error in errors] == [
        "metadata.lables",
        "spec.rules[0].http.paths[0].backend.service.port.nmae",
        "spec.rules[0].http.paths[0].backend.service.port.number",
    ]
    assert 'did you mean "name"?' in errors[1].message


def test_ingress_class_unknown_spec_field() -> None:
    error = only(ingress_errors(VALID_INGRESS_CLASS.replace("  controller:", "  controler:"), "IngressClass"))
    assert error.path == ("spec", "controler")
    assert error.field == "spec.controler"
    assert 'did you mean "controller"?' in error.message


def test_generated_schemas_are_up_to_date() -> None:
    script = REPO / "tools" / "gen_schemas.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def realworld_objects() -> list[tuple[str, dict[str, Any]]]:
    objects = []
    for path in sorted(REALWORLD.glob("*.y*ml")):
        try:
            documents = list(YAML(typ="safe").load_all(path.read_text(encoding="utf-8")))
        except YAMLError:  # broken files are the loader's business
            documents = []
        objects += [(path.name, doc) for doc in documents if isinstance(doc, dict) and doc.get("apiVersion") == V1]
    return objects


@pytest.mark.skipif(not REALWORLD.is_dir(), reason="../shared/realworld is not available")
def test_realworld_v1_objects_validate() -> None:
    notes = {}
    with (REALWORLD / "SOURCES.tsv").open(encoding="utf-8") as handle:
        notes = {row["file"]: row["notes"] for row in csv.DictReader(handle, delimiter="\t")}
    checked = 0
    for name, doc in realworld_objects():
        if doc.get("kind") not in ("Ingress", "IngressClass"):
            continue
        errors = schema_errors(doc, V1, doc["kind"], "1.34")
        checked += 1
        if not notes.get(name, "").startswith("INVALID"):
            assert errors == [], (name, errors)
    assert checked > 0
