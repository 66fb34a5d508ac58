"""Suppressions: comments on the line or above it, per file, per object; unused ones reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingresslint.cli import main
from tests.conftest import INGRESS_HEAD, PATH_ITEM, lint_text


def manifest(*paths: str, head: str = INGRESS_HEAD) -> str:
    return head + "".join(paths)


def found(text: str) -> list[tuple[str, int]]:
    return [(finding.rule, finding.line) for finding in lint_text(text).findings]


def test_without_suppressions_each_path_is_reported() -> None:
    assert found(manifest(PATH_ITEM.format(n=1), PATH_ITEM.format(n=2))) == [
        ("path-type-missing", 10),
        ("path-type-missing", 16),
    ]


def test_comment_at_the_end_of_the_line() -> None:
    first = PATH_ITEM.format(n=1).replace("/1\n", "/1  # ingresslint: disable=path-type-missing\n", 1)
    report = lint_text(manifest(first, PATH_ITEM.format(n=2)))
    assert [(f.rule, f.line) for f in report.findings] == [("path-type-missing", 16)]
    assert report.suppressed == 1


def test_comment_alone_on_the_line_above() -> None:
    above = "      # ingresslint: disable=backend-missing, path-type-missing\n"
    report = lint_text(manifest(above + PATH_ITEM.format(n=1), PATH_ITEM.format(n=2)))
    # backend-missing matched nothing: that half of the comment is unused
    assert [(f.rule, f.line, f.severity.label) for f in report.findings] == [
        ("unused-suppression", 10, "info"),
        ("path-type-missing", 17, "error"),
    ]
    assert "backend-missing" in report.findings[0].message


def test_disable_file_anywhere() -> None:
    text = manifest(PATH_ITEM.format(n=1), PATH_ITEM.format(n=2)) + "# ingresslint: disable-file=path-type-missing\n"
    report = lint_text(text)
    assert report.findings == [] and report.suppressed == 2


def test_object_annotation_covers_the_whole_object() -> None:
    head = INGRESS_HEAD.replace(
        "  name: web\n", '  name: web\n  annotations:\n    ingresslint.io/disable: "path-type-missing,schema"\n'
    )
    other = "---\n" + manifest(PATH_ITEM.format(n=3)).replace("name: web", "name: other", 1)
    report = lint_text(manifest(PATH_ITEM.format(n=1), PATH_ITEM.format(n=2), head=head) + other)
    assert [(f.rule, f.object.name if f.object else None) for f in report.findings] == [
        ("unused-suppression", "web"),  # schema matched nothing
        ("path-type-missing", "other"),
    ]
    assert report.findings[0].line == 6 and report.suppressed == 2


def test_misspelt_rule_id_is_reported_with_a_suggestion() -> None:
    first = PATH_ITEM.format(n=1).replace("/1\n", "/1  # ingresslint: disable=path-type-mising\n", 1)
    findings = lint_text(manifest(first)).findings
    assert [(f.rule, f.line, f.column) for f in findings] == [
        ("path-type-missing", 10, 9),
        ("unused-suppression", 10, 19),
    ]
    assert "did you mean 'path-type-missing'?" in findings[1].message


def test_json_summary_keys_stay_the_same_and_text_counts_suppressed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("web.yaml").write_text(manifest(PATH_ITEM.format(n=1)) + "# ingresslint: disable-file=path-type-missing\n")
    result = CliRunner().invoke(main, ["lint", "--format", "json", "web.yaml"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert list(document["summary"]) == ["files", "objects", "errors", "warnings", "infos"]
    result = CliRunner().invoke(main, ["lint", "web.yaml"])
    assert result.output.strip().endswith("in 1 file, 1 object; 1 suppressed.")


def test_unused_suppressions_of_rules_turned_off_are_not_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(".ingresslint.yaml").write_text("rules:\n  schema: off\n  path-type-missing: off\n")
    Path("web.yaml").write_text(manifest(PATH_ITEM.format(n=1)) + "# ingresslint: disable-file=schema\n")
    result = CliRunner().invoke(main, ["lint", "--format", "json", "--fail-on", "info", "web.yaml"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        ("# ingresslint: disable", "disable names no rule"),
        ("# ingresslint: disable=", "disable names no rule"),
        (
            "# ingresslint:disable-line=path-type-missing",
            "unknown suppression directive 'disable-line' (did you mean 'disable'?)",
        ),
        ("# ingresslint: disable_file=path-type-missing", "(did you mean 'disable-file'?)"),
        ("# ingresslint: enable=path-type-missing", "unknown suppression directive 'enable'"),
        ("# ingresslint: disable=path-type-missing because legacy", "cannot read the rule ids after disable="),
    ],
)
def test_a_comment_that_does_not_parse_is_reported(comment: str, message: str) -> None:
    first = PATH_ITEM.format(n=1).replace("/1\n", f"/1  {comment}\n", 1)
    report = lint_text(manifest(first))
    invalid = [f for f in report.findings if f.rule == "suppression-invalid"]
    assert [(f.line, f.severity.label) for f in invalid] == [(10, "warning")]
    assert message in invalid[0].message
    assert "path-type-missing" in {f.rule for f in report.findings}  # it suppressed nothing


def test_a_reason_after_two_dashes_is_allowed() -> None:
    first = PATH_ITEM.format(n=1).replace("/1\n", "/1  # ingresslint: disable=path-type-missing -- legacy app\n", 1)
    report = lint_text(manifest(first))
    assert report.findings == [] and report.suppressed == 1


def test_ingresslint_inside_a_value_is_not_a_comment() -> None:
    text = manifest(PATH_ITEM.format(n=1)).replace("name: web", "name: web\n  labels: {a: 'x#ingresslint:y'}", 1)
    assert "suppression-invalid" not in {f.rule for f in lint_text(text).findings}


def annotated(value: str) -> str:
    head = INGRESS_HEAD.replace("  name: web\n", f"  name: web\n  annotations:\n    ingresslint.io/disable: {value}\n")
    return manifest(PATH_ITEM.format(n=1), head=head)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"disable=path-type-missing"', "takes rule ids, not a directive"),
        ('""', "names no rule"),
        ('"path-type-missing; schema"', "cannot read the rule ids in 'path-type-missing; schema'"),
    ],
)
def test_an_annotation_that_does_not_parse_is_reported_and_suppresses_nothing(value: str, message: str) -> None:
    findings = lint_text(annotated(value)).findings
    assert [(f.rule, f.line) for f in findings] == [("suppression-invalid", 6), ("path-type-missing", 12)]
    assert message in findings[0].message and findings[0].field == "metadata.annotations[ingresslint.io/disable]"


def test_an_annotation_may_give_a_reason_after_two_dashes() -> None:
    report = lint_text(annotated('"path-type-missing -- generated by the vendor chart"'))
    assert report.findings == [] and report.suppressed == 1
