"""Every rule is documented in rules/<id>.yaml, and its examples do what they say."""

from __future__ import annotations

from datetime import datetime

import pytest

from ingresslint.context import Context
from ingresslint.metadata import RuleDoc, rule_doc
from ingresslint.model import Severity
from ingresslint.registry import RULES
from ingresslint.resources import data_dir
from tests.conftest import lint_text


def example_context(doc: RuleDoc) -> Context:
    return Context(now=datetime.fromisoformat(doc.example_now)) if doc.example_now else Context()


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_bad_example_raises_the_rule(rule_id: str) -> None:
    doc = rule_doc(rule_id)
    rules = {finding.rule for finding in lint_text(doc.bad, example_context(doc), name=f"{rule_id}-bad.yaml").findings}
    assert rule_id in rules


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_good_example_is_clean(rule_id: str) -> None:
    doc = rule_doc(rule_id)
    findings = lint_text(doc.good, example_context(doc), name=f"{rule_id}-good.yaml").findings
    assert rule_id not in {finding.rule for finding in findings}
    assert [f for f in findings if f.severity == Severity.ERROR] == []


def test_every_rule_file_belongs_to_a_registered_rule() -> None:
    files = {path.stem for path in data_dir("rules").glob("*.yaml")}
    assert files == set(RULES)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_docs_are_complete(rule_id: str) -> None:
    doc = rule_doc(rule_id)
    assert doc.summary and doc.rationale and doc.reference.startswith("http")
    assert doc.name[0].isupper() and "-" not in doc.name
