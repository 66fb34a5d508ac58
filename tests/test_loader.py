"""The loader reads YAML as kubectl does and never lets an input raise."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from ingresslint import loader
from ingresslint.loader import load_source, load_sources, scalar_value
from ingresslint.model import LoadResult
from ingresslint.sources import Source, iter_sources
from tests.conftest import lint_text, source


def load(text: str | bytes) -> LoadResult:
    result = LoadResult()
    load_source(source(text), result)
    return result


INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - host: example.com
"""


@pytest.mark.parametrize(
    ("plain", "expected"),
    [
        ("on", True),
        ("On", True),
        ("ON", True),
        ("yes", True),
        ("Y", True),
        ("y", True),
        ("true", True),
        ("off", False),
        ("no", False),
        ("N", False),
        ("n", False),
        ("False", False),
        ("0777", 511),
        ("0x1F", 31),
        ("0b101", 5),
        ("1_000", 1000),
        ("08", 8.0),
        ("-12", -12),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("1:20", "1:20"),
        ("2001-12-14", "2001-12-14"),
        ("~", None),
        ("null", None),
        ("1.5", 1.5),
        ("tRue", "tRue"),
        ("1.2.3", "1.2.3"),
        ("nginx", "nginx"),
    ],
)
def test_plain_scalars_follow_yaml_1_1_like_kubectl(plain: str, expected: object) -> None:
    data = load(f"apiVersion: v1\nkind: Secret\nvalue: {plain}\n").documents[0].data
    assert data["value"] == expected
    assert type(data["value"]) is type(expected)


def test_quoted_scalars_stay_strings() -> None:
    assert scalar_value("on", '"') == "on"
    data = load("apiVersion: v1\nkind: Secret\na: 'on'\nb: \"80\"\n").documents[0].data
    assert data == {"apiVersion": "v1", "kind": "Secret", "a": "on", "b": "80"}


def test_positions_are_one_based_and_point_at_keys_and_items() -> None:
    doc = load(INGRESS).documents[0]
    assert doc.position(("metadata", "name")) == (4, 3)
    assert doc.position(("spec", "rules", 0)) == (7, 5)
    assert doc.position(("spec", "rules", 0, "host")) == (7, 5)
    assert doc.position(("spec", "rules", 0, "http", "paths")) == (7, 5)  # missing: nearest ancestor


def test_multi_document_files_keep_their_own_lines_and_skip_empty_documents() -> None:
    result = load(f"---\n{INGRESS}---\n---\n{INGRESS}---\n")
    assert [doc.index for doc in result.documents] == [0, 2]
    assert result.documents[1].position(("metadata", "name")) == (14, 3)
    assert result.skipped == 0


def test_non_kubernetes_documents_are_counted_not_reported() -> None:
    result = load("repos:\n- repo: local\n---\njust a string\n---\n- 1\n")
    assert (result.skipped, result.objects, result.findings) == (3, 0, [])


def test_other_kinds_are_counted_and_dropped() -> None:
    result = load("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n")
    assert (result.objects, result.documents) == (1, [])


def test_list_items_are_expanded_with_positions_relative_to_the_item() -> None:
    text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: networking.k8s.io/v1\n  kind: Ingress\n  metadata:\n    name: a\n- apiVersion: v1\n  kind: ConfigMap\n"
    result = load(text)
    assert result.objects == 2
    (doc,) = result.documents
    assert doc.root == ("items", 0)
    assert doc.name == "a"
    assert doc.position(("metadata", "name")) == (7, 5)


def test_duplicate_keys_are_reported_at_the_second_key() -> None:
    report = lint_text("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: a\n  name: b\n")
    dup = [f for f in report.findings if f.rule == "yaml-duplicate-key"]
    assert [(f.line, f.column) for f in dup] == [(5, 3)]
    assert "first at line 4" in dup[0].message and "keeps the last value" in dup[0].message
    assert dup[0].severity.label == "warning"  # kubectl (non-strict sigs.k8s.io/yaml) accepts it


def test_anchors_aliases_and_merge_keys_work_inside_a_document() -> None:
    text = "apiVersion: v1\nkind: Secret\nbase: &b {p: 1, q: 2}\ncopy: *b\nmerged:\n  <<: *b\n  q: 3\n"
    data = load(text).documents[0].data
    assert data["copy"] == {"p": 1, "q": 2}
    assert data["merged"] == {"p": 1, "q": 3}


def test_bool_keys_become_json_strings() -> None:
    data = load("apiVersion: v1\nkind: Secret\non: 1\ny: 2\n").documents[0].data
    assert data["true"] == 2  # go-yaml v2 reads both `on` and `y` as true: a duplicate key


def test_a_remembered_plain_key_does_not_change_a_quoted_one() -> None:
    text = "apiVersion: v1\nkind: Secret\nyes: 1\n'yes': 2\n\"on\": 3\n1: 4\n'1': 5\n---\napiVersion: v1\nkind: Secret\non: 6\n"
    first, second = (doc.data for doc in load(text).documents)
    assert {key: first[key] for key in ("true", "yes", "on", "1")} == {"true": 1, "yes": 2, "on": 3, "1": 5}
    assert second["true"] == 6  # the plain key of a later document, as remembered


@pytest.mark.parametrize(
    "content",
    [
        INGRESS.encode("utf-8-sig"),
        INGRESS.replace("\n", "\r\n").encode(),
        codecs.BOM_UTF16_LE + INGRESS.encode("utf-16-le"),
    ],
    ids=["bom", "crlf", "utf16"],
)
def test_encodings_and_line_endings(content: bytes) -> None:
    result = load(content)
    assert result.findings == []
    assert result.documents[0].position(("metadata", "name")) == (4, 3)


def test_invalid_utf8_is_reported_with_its_line() -> None:
    result = load(b"apiVersion: v1\nkind: Secret\nname: caf\xe9\n")
    (finding,) = result.findings
    assert (finding.rule, finding.line, finding.column) == ("yaml-syntax", 3, 10)
    assert "UTF-8" in finding.message


def test_binary_files_are_reported_not_parsed() -> None:
    (finding,) = load(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").findings
    assert finding.rule == "yaml-syntax" and "binary" in finding.message


def test_syntax_error_keeps_earlier_documents_and_points_at_the_problem() -> None:
    result = load(f"{INGRESS}---\na: [\n")
    assert len(result.documents) == 1
    (finding,) = result.findings
    assert finding.rule == "yaml-syntax" and finding.line == 10


def test_unrendered_helm_template_gets_a_hint() -> None:
    (finding,) = load("{{- if .Values.ingress.enabled }}\napiVersion: networking.k8s.io/v1\nkind: Ingress\n").findings
    assert finding.rule == "yaml-syntax"
    assert "helm template" in finding.message and "ingresslint lint -" in finding.message


def test_template_that_parses_into_mapping_keys_gets_the_hint_too() -> None:
    text = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {{ .Values.name }}\n"
    (finding,) = load(text).findings
    assert finding.line == 4 and "helm template" in finding.message


def test_alias_bomb_is_stopped() -> None:
    lines = ["apiVersion: v1", "kind: Secret", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    (finding,) = load("\n".join(lines) + "\n").findings
    assert "alias bomb" in finding.message


def test_deep_flow_nesting_does_not_crash_the_c_parser() -> None:
    depth = 100_000
    (finding,) = load("a: " + "[" * depth + "]" * depth + "\n").findings
    assert finding.rule == "yaml-syntax" and "deep" in finding.message


def test_moderate_nesting_beyond_the_manifest_limit_is_reported() -> None:
    depth = loader.MAX_DEPTH + 5
    (finding,) = load("apiVersion: v1\nkind: Secret\na: " + "[" * depth + "]" * depth + "\n").findings
    assert "nesting deeper" in finding.message


def test_recursive_alias_is_reported() -> None:
    result = load("apiVersion: v1\nkind: Secret\na: &x\n  b: *x\n")
    assert [f.rule for f in result.findings] == ["yaml-syntax"]


def test_huge_inputs_are_reported_without_reading_them() -> None:
    huge = Source("big.yaml", b"", loader.MAX_BYTES + 1)
    result = LoadResult()
    load_source(huge, result)
    (finding,) = result.findings
    assert "larger than" in finding.message


def test_empty_file_has_no_findings() -> None:
    result = load(b"")
    assert (result.files, result.objects, result.findings) == (1, 0, [])


def test_duplicate_root_keys_are_reported_whatever_the_kind() -> None:
    text = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\nname: web\nkind: StorageBucket\n"
    result = load(text)
    assert [(f.rule, f.line) for f in result.findings] == [("yaml-duplicate-key", 5)]
    assert result.objects == 1 and result.documents == []


def test_deep_block_nesting_is_a_finding_not_a_crash() -> None:
    result = load("- " * 50_000 + "x\n")
    (finding,) = result.findings
    assert finding.rule == "yaml-syntax" and "too deep" in finding.message


def test_deep_block_nesting_does_not_cost_the_other_files(tmp_path: Path) -> None:
    (tmp_path / "a-deep.yaml").write_text("- " * 50_000 + "x\n")
    (tmp_path / "b.yaml").write_text(INGRESS)
    result = load_sources(iter_sources([str(tmp_path)]))
    assert [f.file.endswith("a-deep.yaml") for f in result.findings] == [True]
    assert [doc.name for doc in result.documents] == ["web"]


@pytest.mark.parametrize("digits", ["1" * 4301, "9" * 20_000, "-" + "7" * 5000])
def test_huge_integers_stay_strings_like_go_yaml(digits: str) -> None:
    data = load(f"apiVersion: v1\nkind: Secret\nvalue: {digits}\n").documents[0].data
    assert data["value"] == digits


def test_float_overflow_stays_a_string_like_go_yaml() -> None:
    assert scalar_value("1e400", None) == "1e400"
    assert scalar_value("-1e400", None) == "-1e400"
    assert scalar_value("1e300", None) == 1e300


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("--- !!map [a, b]\n", 1),
        ("apiVersion: v1\nkind: Secret\nx: !!seq {a: b}\n", 3),
        ("apiVersion: v1\nkind: Secret\nx: !!str {a: b}\n", 3),
        ("apiVersion: v1\nkind: Secret\nx: !!int [1]\n", 3),
    ],
)
def test_a_core_tag_that_contradicts_its_node_is_a_finding(text: str, line: int) -> None:
    (finding,) = load(text).findings
    assert (finding.rule, finding.line) == ("yaml-syntax", line)
    assert "does not fit" in finding.message


def test_an_unexpected_loader_error_costs_one_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(loader, "_add_document", broken)
    result = load_sources(iter([source(INGRESS, "a.yaml"), source("", "b.yaml")]))
    (finding,) = result.findings
    assert finding.file == "a.yaml" and "internal error" in finding.message and result.files == 2


@pytest.mark.parametrize("deep", ["[" * 1001 + "]" * 1001, "- " * 1001 + "x"])
def test_the_libyaml_trusted_by_version_limits_nesting(deep: str) -> None:
    """loader._loader takes the C composer without probing from NESTING_LIMITED on: that
    libyaml must refuse 1,001 levels itself (else the C composer could overflow the stack)."""
    import yaml

    from ingresslint import loader

    if getattr(yaml, "CSafeLoader", None) is None or yaml._yaml.get_version() < loader.NESTING_LIMITED:
        pytest.skip("no libyaml trusted by version here")
    with pytest.raises(yaml.YAMLError, match="maximum nesting depth"):
        yaml.compose(deep, Loader=yaml.CSafeLoader)
