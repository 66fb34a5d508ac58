"""--write-baseline and --baseline: adopt the linter, block only new problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingresslint.cli import main
from tests.conftest import INGRESS_HEAD, PATH_ITEM


def lint(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["lint", "--format", "json", *args])
    return result.exit_code, json.loads(result.output) if result.output.startswith("{") else {}


@pytest.fixture(autouse=True)
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("web.yaml").write_text(INGRESS_HEAD + PATH_ITEM.format(n=1), encoding="utf-8")


def test_write_then_use_a_baseline() -> None:
    result = CliRunner().invoke(main, ["lint", "--write-baseline", "baseline.json", "web.yaml"])
    assert result.exit_code == 0
    assert "recorded 1 findings in baseline.json" in result.output
    entries = json.loads(Path("baseline.json").read_text())["findings"]
    assert entries == [
        {
            "rule": "path-type-missing",
            "file": "web.yaml",
            "object": "Ingress web",
            "field": "spec.rules[0].http.paths[0].pathType",
        }
    ]
    code, document = lint("--baseline", "baseline.json", "web.yaml")
    assert code == 0 and document["findings"] == []


def test_edits_above_a_finding_keep_it_baselined() -> None:
    CliRunner().invoke(main, ["lint", "--write-baseline", "baseline.json", "web.yaml"])
    Path("web.yaml").write_text("# a comment\n# another\n" + INGRESS_HEAD + PATH_ITEM.format(n=1), encoding="utf-8")
    code, document = lint("--baseline", "baseline.json", "./web.yaml")
    assert code == 0 and document["findings"] == []


def test_new_findings_are_still_reported() -> None:
    CliRunner().invoke(main, ["lint", "--write-baseline", "baseline.json", "web.yaml"])
    Path("web.yaml").write_text(INGRESS_HEAD + PATH_ITEM.format(n=1) + PATH_ITEM.format(n=2), encoding="utf-8")
    code, document = lint("--baseline", "baseline.json", "web.yaml")
    assert code == 1
    assert [(f["rule"], f["line"]) for f in document["findings"]] == [("path-type-missing", 16)]
    result = CliRunner().invoke(main, ["lint", "--baseline", "baseline.json", "web.yaml"])
    assert "1 in the baseline" in result.output


@pytest.mark.parametrize("content", ["not json", '{"findings": []}', '{"ingresslint-baseline": 1}'])
def test_unreadable_baseline_is_a_usage_error(content: str) -> None:
    Path("baseline.json").write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "--baseline", "baseline.json", "web.yaml"])
    assert result.exit_code == 2
    assert result.output.startswith("ingresslint: baseline.json: cannot read the baseline")
