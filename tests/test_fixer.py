"""ingresslint fix (fixer.py): only the lines that must change differ, and the findings go."""

from __future__ import annotations

import difflib
import stat
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingresslint.cli import main
from ingresslint.fixer import FIXABLE, FileFix, FixOptions, fix_source
from ingresslint.loader import load_sources
from ingresslint.metadata import rule_doc
from ingresslint.schema import schema_errors
from tests.conftest import FIXTURES, SHARED, lint_text, needs_shared, source

GOLDEN = FIXTURES / "fix"


def fix_text(text: str | bytes, options: FixOptions | None = None) -> FileFix:
    return fix_source(source(text), options or FixOptions())


def fixed_text(text: str, options: FixOptions | None = None) -> str:
    return fix_text(text, options).content.decode("utf-8-sig")


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


# removed-annotation is fixed only for catalog keys with a rename_safe replacement; its bad
# example (a key with no one-to-one replacement) rightly stays: see the catalog tests below.
@pytest.mark.parametrize("rule", [rule for rule in FIXABLE if rule != "removed-annotation"])
def test_each_fixable_rules_bad_example_loses_its_finding(rule: str) -> None:
    bad = rule_doc(rule).bad
    assert any(finding.rule == rule for finding in lint_text(bad).findings)
    fixed = fix_text(bad)
    assert fixed.applied[rule] >= 1 and fixed.notes == []
    assert not [finding for finding in lint_text(fixed.content).findings if finding.rule == rule]


@pytest.mark.parametrize("case", ["comments", "layout"])
def test_golden_files(case: str) -> None:
    before = (GOLDEN / f"{case}.before.yaml").read_text(encoding="utf-8")
    after = fixed_text(before)
    assert after == (GOLDEN / f"{case}.after.yaml").read_text(encoding="utf-8")
    assert fixed_text(after) == after  # idempotent


def test_only_the_lines_that_must_change_differ() -> None:
    before = (GOLDEN / "layout.before.yaml").read_text(encoding="utf-8")
    removed, added = changed_lines(before, fixed_text(before))
    assert removed == [
        '    kubernetes.io/ingress.class: "nginx"   # the old way',
        '    ingressclass.kubernetes.io/is-default-class: "TRUE"',
    ]
    assert added == [
        "  ingressClassName: nginx",
        "        pathType: ImplementationSpecific",
        "        pathType: ImplementationSpecific",
        '    ingressclass.kubernetes.io/is-default-class: "true"',
    ]


PATH_TYPE = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: {annotations}
spec:
  rules:
    - http:
        paths:
          - path: {path}
            backend:
              service: {{name: web, port: {{number: 80}}}}
"""


@pytest.mark.parametrize(
    ("annotations", "path", "option", "expected"),
    [
        ("{}", "/", "Prefix", "Prefix"),
        ("{}", '""', "Prefix", "ImplementationSpecific"),  # Prefix needs an absolute path
        ("{}", "/", "Exact", "Exact"),
        ("{}", "/api/(.*)", "Prefix", "ImplementationSpecific"),
        ('{nginx.ingress.kubernetes.io/use-regex: "true"}', "/", "Prefix", "ImplementationSpecific"),
        ("{nginx.ingress.kubernetes.io/rewrite-target: /$1}", "/", "Prefix", "ImplementationSpecific"),
        ("{nginx.ingress.kubernetes.io/rewrite-target: /}", "/", "Prefix", "Prefix"),
    ],
)
def test_path_type_choice(annotations: str, path: str, option: str, expected: str) -> None:
    text = PATH_TYPE.format(annotations=annotations, path=path)
    _, added = changed_lines(text, fixed_text(text, FixOptions(path_type=option)))
    assert added == [f"            pathType: {expected}"]


CLASS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    kubernetes.io/ingress.class: {value}
spec:
  {spec}
  defaultBackend:
    service: {{name: web, port: {{number: 80}}}}
"""


def test_class_annotation_conflict_is_left_alone_and_reported() -> None:
    text = CLASS.format(value="nginx", spec="ingressClassName: traefik")
    fixed = fix_text(text)
    assert fixed.fixed is None
    assert "conflicts with spec.ingressClassName 'traefik'" in fixed.notes[0]


def test_class_annotation_equal_to_the_field_is_removed() -> None:
    text = CLASS.format(value="nginx", spec="ingressClassName: nginx")
    removed, added = changed_lines(text, fixed_text(text))
    assert removed == ["  annotations:", "    kubernetes.io/ingress.class: nginx"] and added == []


def test_class_annotation_that_is_no_class_name_is_kept() -> None:
    fixed = fix_text(CLASS.format(value="azure/application-gateway", spec="# AGIC"))
    assert fixed.fixed is None and "cannot be an ingressClassName" in fixed.notes[0]


@pytest.mark.parametrize("gke_class", ["gce", "gce-internal", "gce-regional-external"])
def test_gke_class_annotation_is_kept(gke_class: str) -> None:
    text = CLASS.format(value=gke_class, spec="# GKE reads only the annotation")
    assert fix_text(text).fixed is None


def test_a_null_path_item_is_left_alone_and_reported() -> None:
    text = (
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n"
        "  - http:\n      paths:\n      - null\n      - path: /a\n        backend:\n"
        "          service: {name: web, port: {number: 80}}\n"
    )
    fixed = fix_text(text)
    removed, added = changed_lines(text, fixed.content.decode())
    assert removed == [] and added == ["        pathType: Prefix"]  # only the written path
    assert fixed.applied["path-type-missing"] == 1
    assert "spec.rules[0].http.paths[0].pathType: the path item is null" in " ".join(fixed.notes)


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("apiVersion: extensions/v1beta1\nkind: Ingress\nspec: [\n", "YAML error"),
        ("apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: {{ .Release.Name }}\n", "Helm"),
        (
            "apiVersion: extensions/v1beta1\nkind: Ingress\nspec:\n  backend: {serviceName: a, servicePort: 1.5}\n",
            "servicePort 1.5",
        ),
    ],
)
def test_unfixable_inputs_are_untouched_and_reported(text: str, note: str) -> None:
    fixed = fix_text(text)
    assert fixed.fixed is None and note in " ".join(fixed.notes)


def test_select_limits_the_fixes() -> None:
    before = (GOLDEN / "layout.before.yaml").read_text(encoding="utf-8")
    fixed = fix_text(before, FixOptions(rules=("default-class-annotation-value",)))
    assert dict(fixed.applied) == {"default-class-annotation-value": 1}


def test_legacy_object_is_not_half_fixed_without_its_conversion() -> None:
    bad = rule_doc("removed-api-version").bad
    assert fix_text(bad, FixOptions(rules=("path-type-missing",))).fixed is None


def test_crlf_and_bom_survive() -> None:
    text = (GOLDEN / "comments.before.yaml").read_text(encoding="utf-8")
    content = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    fixed = fix_text(content).content
    expected = (GOLDEN / "comments.after.yaml").read_text(encoding="utf-8").replace("\n", "\r\n")
    assert fixed == b"\xef\xbb\xbf" + expected.encode()


def test_no_trailing_newline_is_kept() -> None:
    text = rule_doc("path-type-missing").bad.rstrip("\n")
    assert not fixed_text(text).endswith("\n")


# --- the command ---


def test_cli_fixes_in_place_keeping_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text(rule_doc("removed-api-version").bad, encoding="utf-8")
    target.chmod(0o640)
    result = CliRunner().invoke(main, ["fix", str(target)])
    assert result.exit_code == 0, result.output
    assert "fixed 1 findings in 1 files (removed-api-version: 1)" in result.stderr
    assert target.read_text(encoding="utf-8").startswith("apiVersion: networking.k8s.io/v1\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]  # no temporary file left


def test_cli_diff_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    bad = rule_doc("path-type-missing").bad
    target.write_text(bad, encoding="utf-8")
    result = CliRunner().invoke(main, ["fix", "--diff", str(target)])
    assert result.exit_code == 0
    assert "+        pathType: Prefix\n" in result.stdout
    assert target.read_text(encoding="utf-8") == bad


def test_cli_stdin_to_stdout_summary_on_stderr() -> None:
    result = CliRunner().invoke(main, ["fix", "-"], input=rule_doc("removed-api-version").bad)
    assert result.exit_code == 0
    assert result.stdout.startswith("apiVersion: networking.k8s.io/v1\n")
    assert "ingresslint:" not in result.stdout and "fixed 1 findings" in result.stderr


def test_cli_exit_code_says_what_remains(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text(
        rule_doc("removed-api-version").bad.replace("name: web\nspec", "name: Web\nspec"), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["fix", str(target)])
    assert result.exit_code == 1
    assert "1 findings at or above error remain (metadata-name-invalid: 1)" in result.stderr


def test_cli_unknown_rule_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["fix", "--select", "host-invalid", "x.yaml"])
    assert result.exit_code == 2 and "no fix for host-invalid" in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_cli_read_only_file_is_reported_and_the_rest_fixed(tmp_path: Path) -> None:
    locked, free = tmp_path / "locked.yaml", tmp_path / "free.yaml"
    for target in (locked, free):
        target.write_text(rule_doc("removed-api-version").bad, encoding="utf-8")
    locked.chmod(0o444)
    result = CliRunner().invoke(main, ["fix", str(locked), str(free)])
    assert "locked.yaml: the file is read-only: not written" in result.stderr
    assert locked.read_text(encoding="utf-8") == rule_doc("removed-api-version").bad
    assert free.read_text(encoding="utf-8").startswith("apiVersion: networking.k8s.io/v1")
    assert result.exit_code == 1  # the read-only file still has its finding


def test_lint_fix_fixes_then_lints(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text(rule_doc("path-type-missing").bad, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "--fix", str(target)])
    assert result.exit_code == 0, result.output
    assert "pathType: Prefix" in target.read_text(encoding="utf-8")


def test_lint_fix_applies_only_the_selected_rules(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_text(rule_doc("path-type-missing").bad, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "--fix", "--ignore", "path-type-missing", str(target)])
    assert result.exit_code == 0, result.output  # the rule is ignored, so nothing fails
    assert target.read_text(encoding="utf-8") == rule_doc("path-type-missing").bad


# --- real-world legacy files ---


def _legacy_files() -> list[Path]:
    folder = SHARED / "realworld"
    if not folder.is_dir():
        return []
    return [path for path in sorted(folder.glob("*.y*ml")) if b"v1beta1" in path.read_bytes()]


@needs_shared
@pytest.mark.parametrize("path", _legacy_files(), ids=lambda path: path.name)
def test_real_world_legacy_files_validate_as_v1_after_fixing(path: Path) -> None:
    fixed = fix_source(source(path.read_bytes(), path.name), FixOptions())
    if fixed.fixed is None:
        pytest.skip(f"not fixed: {fixed.notes}")
    again = fix_source(source(fixed.fixed, path.name), FixOptions())
    assert again.fixed is None  # idempotent
    loaded = load_sources(iter([source(fixed.fixed, path.name)]))
    before = {(d.index, d.name) for d in load_sources(iter([source(path.read_bytes())])).documents if d.converted_from}
    untouched = {f"document {doc.index + 1} " for doc in loaded.documents}
    untouched = {mark for mark in untouched if any(note.startswith(mark) for note in fixed.notes)}
    for doc in loaded.documents:
        if (doc.index, doc.name) in before and f"document {doc.index + 1} " not in untouched:
            assert doc.converted_from is None
            assert schema_errors(doc.data, doc.api_version or "", doc.kind or "", "1.37") == [], path.name


DUPLICATES = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  # labels, first try
  labels:
    app: old
  labels:
    app: web
spec:
  defaultBackend:
    service:
      name: old  # first
      # the real one
      name: web
      port: {number: 80}
"""


def test_duplicate_keys_keep_the_last_value_and_the_comments() -> None:
    fixed = fix_text(DUPLICATES)
    assert fixed.applied["yaml-duplicate-key"] == 2
    text = fixed.content.decode()
    assert "old" not in text and "# labels, first try\n  labels:\n    app: web\n" in text
    assert "      # the real one\n      name: web\n" in text
    assert not [f for f in lint_text(text).findings if f.rule == "yaml-duplicate-key"]


def test_duplicate_key_in_a_flow_mapping_is_left() -> None:
    text = DUPLICATES.replace("port: {number: 80}", "port: {number: 80, number: 81}")
    fixed = fix_text(text)
    assert fixed.fixed is None and "duplicate keys could not be removed exactly" in fixed.notes[0]


RENAMES = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    certmanager.k8s.io/cluster-issuer: letsencrypt  # TLS
    haproxy.org/whitelist: "10.0.0.0/8"
    nginx.ingress.kubernetes.io/secure-backends: "true"
spec:
  ingressClassName: haproxy
  defaultBackend:
    service: {name: web, port: {number: 80}}
"""


def test_catalog_renames_only_what_the_catalog_says_is_safe() -> None:
    fixed = fix_text(RENAMES)
    assert dict(fixed.applied) == {"removed-annotation": 1, "deprecated-annotation": 1}
    removed, added = changed_lines(RENAMES, fixed.content.decode())
    assert added == [
        "    cert-manager.io/cluster-issuer: letsencrypt  # TLS",
        '    haproxy.org/allow-list: "10.0.0.0/8"',
    ]
    assert len(removed) == 2  # secure-backends has no one-to-one replacement: it stays


def test_catalog_rename_onto_a_set_key_is_a_conflict() -> None:
    text = RENAMES.replace(
        "    haproxy.org/whitelist", '    haproxy.org/allow-list: "10.1.0.0/16"\n    haproxy.org/whitelist'
    )
    fixed = fix_text(text)
    assert "haproxy.org/whitelist kept: its replacement haproxy.org/allow-list is set too" in fixed.notes[0]
    assert fixed.applied == {"removed-annotation": 1}


def test_a_vanished_file_is_reported(tmp_path: Path) -> None:
    from ingresslint.fixer import write_atomically

    assert write_atomically(str(tmp_path / "gone.yaml"), b"x") == "the file vanished before it could be written"
    assert list(tmp_path.iterdir()) == []


def test_class_annotation_stays_when_the_files_have_no_such_ingress_class() -> None:
    text = CLASS.format(value="nginx", spec="# no class field")
    fixed = fix_text(text, FixOptions(known_classes=frozenset({"traefik"})))
    assert fixed.fixed is None and "no IngressClass 'nginx' among the files" in fixed.notes[0]
    assert fix_text(
        text.replace("networking.k8s.io/v1", "extensions/v1beta1").replace(
            "defaultBackend:\n    service: {name: web, port: {number: 80}}",
            "backend: {serviceName: web, servicePort: 80}",
        ),
        FixOptions(known_classes=frozenset({"traefik"})),
    ).applied == {"removed-api-version": 1}
    assert fix_text(text, FixOptions(known_classes=frozenset({"nginx"}))).applied["deprecated-annotation"] == 1
