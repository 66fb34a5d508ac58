"""--format sarif: valid SARIF 2.1.0, every rule in tool.driver, results that point back."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from ingresslint.cli import main
from ingresslint.registry import RULES
from tests.conftest import FIXTURES

SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

MANIFEST = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    nginx.ingress.kubernetes.io/secure-backends: "true"
spec:
  rules:
  - host: example.com  # ingresslint: disable=no-such-rule
    http:
      paths:
      - path: /
        backend:
          service:
            name: web
            port:
              number: 80
"""


@pytest.fixture
def sarif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.chdir(tmp_path)
    Path("manifests").mkdir()
    Path("manifests/web.yaml").write_text(MANIFEST, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "--format", "sarif", "--output", "out.sarif", "manifests/web.yaml"])
    assert result.exit_code == 1, result.output
    assert result.output == ""
    return json.loads(Path("out.sarif").read_text(encoding="utf-8"))


def test_output_validates_against_the_sarif_2_1_0_schema(sarif: dict) -> None:
    validator = jsonschema.validators.validator_for(SCHEMA)
    validator(SCHEMA).validate(sarif)
    assert sarif["version"] == "2.1.0"


def test_driver_lists_every_rule_and_rule_index_agrees(sarif: dict) -> None:
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == list(RULES)
    assert {"yaml-syntax", "yaml-duplicate-key"} <= {rule["id"] for rule in rules}
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["helpUri"].endswith(f"rules.md#{rule['id']}")
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert run["results"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_results_carry_level_message_and_location(sarif: dict) -> None:
    results = {result["ruleId"]: result for result in sarif["runs"][0]["results"]}
    assert {"path-type-missing", "unused-suppression"} <= set(results)
    missing = results["path-type-missing"]
    assert missing["level"] == "error"
    assert "pathType" in missing["message"]["text"]
    location = missing["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "manifests/web.yaml"
    assert location["region"] == {"startLine": 12, "startColumn": 9}
    assert results["unused-suppression"]["level"] == "note"
    assert "not a rule id" in results["unused-suppression"]["message"]["text"]
    levels = {result["level"] for result in results.values()}
    assert levels <= {"error", "warning", "note"}


def test_absolute_paths_become_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "web.yaml").write_text(MANIFEST, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "--format", "sarif", str(tmp_path / "web.yaml")])
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(result.stdout)["runs"][0]["results"]
    }
    assert uris == {"web.yaml"}


def test_a_clean_run_is_valid_sarif_with_no_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    clean = MANIFEST.replace("      - path: /\n", "      - path: /\n        pathType: Prefix\n").replace(
        "  # ingresslint: disable=no-such-rule", ""
    )
    Path("web.yaml").write_text(
        clean.replace('    nginx.ingress.kubernetes.io/secure-backends: "true"\n', "    a: b\n")
    )
    result = CliRunner().invoke(main, ["lint", "--format", "sarif", "web.yaml"])
    document = json.loads(result.stdout)
    jsonschema.validators.validator_for(SCHEMA)(SCHEMA).validate(document)
    assert result.exit_code == 0
    assert document["runs"][0]["results"] == []
