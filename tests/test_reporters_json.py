"""--format json (and SARIF properties): the optional ``controller`` key of a finding."""

from __future__ import annotations

import json

import jsonschema

from ingresslint.context import Context
from ingresslint.engine import Report, to_finding
from ingresslint.model import Finding, Hit, Severity
from ingresslint.reporters import json as json_reporter
from ingresslint.reporters import sarif as sarif_reporter
from tests.conftest import FIXTURES, lint_text

SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
KEYS = ["rule", "severity", "message", "file", "line", "column", "object", "field", "url", "related"]
MANIFEST = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - host: example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
"""


def _report(controller: str | None) -> Report:
    finding = Finding("duplicate-host-path", Severity.ERROR, "twice", "a.yaml", 3, 5, controller=controller)
    return Report([finding], files=1, objects=1)


def test_controller_key_only_when_set() -> None:
    with_controller = json.loads(json_reporter.render(_report("aws-alb"), Context()))["findings"][0]
    without = json.loads(json_reporter.render(_report(None), Context()))["findings"][0]
    assert list(without) == KEYS
    assert with_controller["controller"] == "aws-alb"
    assert {key: value for key, value in with_controller.items() if key != "controller"} == without


def test_sarif_puts_the_controller_in_result_properties() -> None:
    document = json.loads(sarif_reporter.render(_report("gce"), Context()))
    jsonschema.validators.validator_for(SCHEMA)(SCHEMA).validate(document)
    assert document["runs"][0]["results"][0]["properties"] == {"controller": "gce"}
    plain = json.loads(sarif_reporter.render(_report(None), Context()))
    assert "properties" not in plain["runs"][0]["results"][0]


def test_to_finding_copies_the_controller_and_the_severity_override() -> None:
    doc = lint_text(MANIFEST).documents[0]
    hit = Hit(("spec", "rules", 0), "unverified", doc=doc, controller="traefik", severity=Severity.WARNING)
    finding = to_finding("duplicate-host-path", hit, doc)
    assert (finding.controller, finding.severity, finding.line) == ("traefik", Severity.WARNING, 7)
    plain = to_finding("duplicate-host-path", Hit(("spec",), "plain", doc=doc), doc)
    assert (plain.controller, plain.severity) == (None, Severity.ERROR)
