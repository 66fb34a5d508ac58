"""Every rule is documented in rules/<id>.yaml, and its examples do what they say."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from ingresslint.context import Context
from ingresslint.engine import Report
from ingresslint.metadata import RuleDoc, rule_doc
from ingresslint.model import Severity
from ingresslint.records import replace
from ingresslint.registry import RULES
from ingresslint.resources import data_dir
from tests.conftest import lint_text


def example_context(doc: RuleDoc) -> Context:
    return Context(now=datetime.fromisoformat(doc.example_now)) if doc.example_now else Context()


def lint_example(doc: RuleDoc, text: str, name: str, tmp_path: Path) -> Report:
    """Lint an example offline, or for a rule with ``example_cluster`` (it needs --cluster)
    against the fake API server holding those objects and refusing those lists."""
    if doc.example_cluster is None:
        return lint_text(text, example_context(doc), name=name)
    from ruamel.yaml import YAML

    from ingresslint.cluster import ClusterResolver, connect
    from tests.fake_apiserver import FakeApiServer, FakeCluster

    objects = [obj for obj in YAML(typ="safe").load_all(doc.example_cluster.get("objects", "")) if obj]
    forbidden = {tuple(entry.split("/", 1)) for entry in doc.example_cluster.get("forbidden", [])}
    with FakeApiServer(FakeCluster(objects, forbidden), tmp_path) as server:  # type: ignore[arg-type]
        connection = connect(str(server.kubeconfig()), None, 5)
        ctx = replace(example_context(doc), namespace=connection.namespace)
        return lint_text(text, replace(ctx, resolver=ClusterResolver(connection.api, 5)), name=name)


def lint_example_tree(doc: RuleDoc, tmp_path: Path) -> Report:
    """The bad example of a rule about paths: written at example_path next to example_files,
    and found by walking the directory."""
    from ingresslint.engine import lint
    from ingresslint.sources import iter_sources

    assert doc.example_path is not None
    for name, text in {**(doc.example_files or {}), doc.example_path: doc.bad}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return lint(iter_sources([str(tmp_path)]), example_context(doc))


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_bad_example_raises_the_rule(rule_id: str, tmp_path: Path) -> None:
    doc = rule_doc(rule_id)
    if doc.example_path:
        report = lint_example_tree(doc, tmp_path)
    else:
        report = lint_example(doc, doc.bad, f"{rule_id}-bad.yaml", tmp_path)
    assert rule_id in {finding.rule for finding in report.findings}


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_good_example_is_clean(rule_id: str, tmp_path: Path) -> None:
    doc = rule_doc(rule_id)
    findings = lint_example(doc, doc.good, f"{rule_id}-good.yaml", tmp_path).findings
    assert rule_id not in {finding.rule for finding in findings}
    assert [f for f in findings if f.severity == Severity.ERROR] == []


@pytest.mark.parametrize("rule_id", [rule_id for rule_id in sorted(RULES) if rule_doc(rule_id).example_cluster])
def test_cluster_examples_need_the_cluster(rule_id: str) -> None:
    """A rule documented with example_cluster is silent offline: the cluster is what raises it."""
    doc = rule_doc(rule_id)
    assert rule_id not in {finding.rule for finding in lint_text(doc.bad, example_context(doc)).findings}


def test_every_rule_file_belongs_to_a_registered_rule() -> None:
    files = {path.stem for path in data_dir("rules").glob("*.yaml")}
    assert files == set(RULES)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_docs_are_complete(rule_id: str) -> None:
    doc = rule_doc(rule_id)
    assert doc.summary and doc.rationale and doc.reference.startswith("http")
    assert doc.name[0].isupper() and "-" not in doc.name


def test_rule_files_read_the_same_with_pyyaml_and_ruamel() -> None:
    """metadata reads rules/<id>.yaml with PyYAML (YAML 1.1) for speed; the files are written
    for ruamel.yaml's safe loader (YAML 1.2): no value may read differently."""
    from ruamel.yaml import YAML

    from ingresslint.metadata import _load_yaml

    ruamel = YAML(typ="safe", pure=False)
    for path in sorted((Path(__file__).resolve().parent.parent / "rules").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert _load_yaml(text) == ruamel.load(text), path.name
