"""The manifests printed in the Kubernetes Ingress documentation (tests/fixtures/seeds).

EXPECTED.yaml says which are valid and, for the broken ones, why: the English page lost its
indentation (flattened YAML: duplicate keys, unknown fields, syntax errors) and drops some
lines (a missing backend:, port number or http:); the Japanese page prints them intact.
A valid example must produce no error; a broken one must produce at least one.
"""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from ingresslint.context import Context
from ingresslint.engine import lint
from ingresslint.model import Severity
from ingresslint.sources import iter_sources
from tests.conftest import FIXTURES

SEEDS = FIXTURES / "seeds"
EXPECTED = YAML(typ="safe").load((SEEDS / "EXPECTED.yaml").read_text(encoding="utf-8"))


def errors(file: str) -> list[str]:
    report = lint(list(iter_sources([str(SEEDS / file)])), Context())
    return [f"{f.line}:{f.rule}:{f.field}" for f in report.findings if f.severity == Severity.ERROR]


@pytest.mark.parametrize("entry", [e for e in EXPECTED if e["valid"]], ids=lambda e: e["file"])
def test_valid_documentation_examples_have_no_errors(entry: dict) -> None:
    assert errors(entry["file"]) == []


@pytest.mark.parametrize("entry", [e for e in EXPECTED if not e["valid"]], ids=lambda e: e["file"])
def test_broken_documentation_examples_are_caught(entry: dict) -> None:
    assert errors(entry["file"]), [d["problem"] for d in entry["defects"]]


def test_every_seed_file_has_a_verdict() -> None:
    files = {path.name for path in SEEDS.glob("*.yaml")} - {"EXPECTED.yaml", "matching-vectors.yaml"}
    assert files == {entry["file"] for entry in EXPECTED}
