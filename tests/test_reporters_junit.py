"""--format junit: a testsuite per file, a testcase per finding (a failure for an error or warning)
and per object without findings; the counts agree with the cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from junitparser import Failure, JUnitXml

from ingresslint.cli import main

BROKEN = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    ingresslint.io/disable: backend-missing
spec:
  rules:
  - host: example.com
    http:
      paths:
      - path: /
        backend:
          service:
            name: web
            port:
              number: 80
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  namespace: prod
spec:
  defaultBackend:
    service:
      name: api
      port:
        number: 80
"""

SYNTAX = "apiVersion: v1\nkind: [\n"


@pytest.fixture
def junit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> JUnitXml:
    monkeypatch.chdir(tmp_path)
    Path("web.yaml").write_text(BROKEN, encoding="utf-8")
    Path("bad.yaml").write_text(SYNTAX, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "--format", "junit", "-o", "report.xml", "web.yaml", "bad.yaml"])
    assert result.exit_code == 1, result.output
    return JUnitXml.fromfile("report.xml")


def test_one_suite_per_file_and_one_case_per_finding(junit: JUnitXml) -> None:
    suites = {suite.name: suite for suite in junit}
    assert set(suites) == {"web.yaml", "bad.yaml"}
    assert [case.name for case in suites["web.yaml"]] == [
        "Ingress default/web: unused-suppression (line 6)",
        "Ingress default/web: path-type-missing (line 12)",
        "Ingress prod/api",  # an object without findings is one passing testcase
    ]
    assert [case.name for case in suites["bad.yaml"]] == ["(file): yaml-syntax (line 3)"]


def test_failures_for_errors_and_warnings_only(junit: JUnitXml) -> None:
    suites = {suite.name: suite for suite in junit}
    unused, missing, api = list(suites["web.yaml"])
    failures = [result for result in missing.result if isinstance(result, Failure)]
    assert [failure.type for failure in failures] == ["path-type-missing"]
    assert "web.yaml:12:9" in failures[0].text
    assert unused.is_passed and "unused-suppression" in unused.system_out  # info: no failure
    assert api.is_passed and not api.result
    assert suites["web.yaml"].failures == 1
    assert [result.type for result in next(iter(suites["bad.yaml"])).result] == ["yaml-syntax"]


def test_counts_agree_with_the_cases(junit: JUnitXml) -> None:
    cases = [case for suite in junit for case in suite]
    junit.update_statistics()  # junitparser recounts from the cases: the file said the same
    assert junit.tests == len(cases) == 4
    assert junit.failures == sum(1 for case in cases if not case.is_passed) == 2
    for suite in junit:
        assert suite.tests == len(list(suite))


def test_info_findings_make_no_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    fixed = BROKEN.replace("      - path: /\n", "      - path: /\n        pathType: Prefix\n")
    Path("web.yaml").write_text(fixed, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "--format", "junit", "--fail-on", "info", "web.yaml"])
    assert result.exit_code == 1  # the unused suppression is an info finding
    xml = JUnitXml.fromstring(result.output)
    cases = [case for suite in xml for case in suite]
    assert all(case.is_passed for case in cases)
    assert "unused-suppression" in cases[0].system_out
