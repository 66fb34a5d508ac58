"""pre-commit: --refs-from, and the hook end to end in a temporary git repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingresslint.cli import main

CHECKOUT = Path(__file__).resolve().parent.parent  # the repository root of the checkout under test
INGRESS = """\
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
SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - port: 80
"""
DEFAULT_CLASS = """\
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: {name}
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: example.com/ingress
"""


def lint(*args: str) -> tuple[int, list[tuple[str, str]]]:
    result = CliRunner().invoke(main, ["lint", "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, [(f["rule"], f["file"]) for f in json.loads(result.stdout)["findings"]]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_refs_from_resolves_a_service_in_an_unchanged_file(repo: Path) -> None:
    (repo / "ingress.yaml").write_text(INGRESS, encoding="utf-8")
    (repo / "other").mkdir()
    (repo / "other" / "service.yaml").write_text(SERVICE.replace("name: web", "name: api"), encoding="utf-8")
    (repo / "service.yaml").write_text(SERVICE, encoding="utf-8")
    # Without the Service of web, the namespace's Services are known and web is missing.
    _, alone = lint("--require-refs", "ingress.yaml", "other/service.yaml")
    assert ("service-not-found", "ingress.yaml") in alone
    code, findings = lint("--require-refs", "--refs-from", ".", "ingress.yaml")
    assert code == 0 and findings == []


def test_refs_from_reports_only_the_named_files(repo: Path) -> None:
    (repo / "a.yaml").write_text(DEFAULT_CLASS.format(name="a"), encoding="utf-8")
    (repo / "b.yaml").write_text(DEFAULT_CLASS.format(name="b") + "  bogus: 1\n", encoding="utf-8")
    code, findings = lint("--refs-from", ".", "a.yaml")
    assert code == 1
    assert findings == [
        ("multiple-default-ingress-classes", "a.yaml")
    ]  # nothing from b.yaml, not even its schema error


def test_refs_from_does_not_count_a_named_file_twice(repo: Path) -> None:
    (repo / "a.yaml").write_text(DEFAULT_CLASS.format(name="a"), encoding="utf-8")
    code, findings = lint("--refs-from", ".", "./a.yaml")
    assert code == 0 and findings == []


def test_non_kubernetes_yaml_is_skipped(repo: Path) -> None:
    (repo / ".pre-commit-config.yaml").write_text("repos:\n- repo: local\n  hooks: []\n", encoding="utf-8")
    (repo / "data.json").write_text('{"a": [1, 2]}', encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "--refs-from", ".", ".pre-commit-config.yaml", "data.json"])
    assert result.exit_code == 0, result.output
    assert "2 non-Kubernetes documents skipped" in result.output


def test_hook_definition() -> None:
    from ruamel.yaml import YAML

    (hook,) = YAML(typ="safe").load((CHECKOUT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "ingresslint" and hook["language"] == "python"
    assert hook["types_or"] == ["yaml", "json"] and hook["require_serial"] is True
    assert hook["args"] == ["--refs-from", "."]


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def _pre_commit() -> list[str] | None:
    if shutil.which("pre-commit"):
        return ["pre-commit"]
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "pre_commit"]


CHART = "apiVersion: v2\nname: web\nversion: 0.1.0\n"
TEMPLATE = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "web.fullname" . }}
spec:
  rules:
  - host: {{ .Values.host | quote }}
"""


@pytest.mark.skipif(shutil.which("git") is None or _pre_commit() is None, reason="needs git and pre-commit")
def test_pre_commit_hook_end_to_end(tmp_path: Path) -> None:
    """A repository with a Helm chart, an excluded folder and an untracked Service."""
    checkout = Path(_git(CHECKOUT, "rev-parse", "--show-toplevel"))
    rev = _git(checkout, "rev-parse", "HEAD")
    listed = subprocess.run(["git", "cat-file", "-e", f"{rev}:.pre-commit-hooks.yaml"], cwd=checkout, check=False)
    assert listed.returncode == 0, f"{checkout} HEAD has no .pre-commit-hooks.yaml: commit it first"
    work = tmp_path / "work"
    work.mkdir()
    _git(work, "init", "-q")
    files = {
        ".pre-commit-config.yaml": f"repos:\n- repo: {checkout}\n  rev: {rev}\n  hooks:\n  - id: ingresslint\n",
        ".ingresslint.yaml": "require-refs: true\nexclude: [deploy/legacy/]\n",
        "charts/web/Chart.yaml": CHART,
        "charts/web/values.yaml": "host: web.example.com\n",
        "charts/web/templates/ingress.yaml": TEMPLATE,
        "deploy/service.yaml": SERVICE,
        "deploy/ingress.yaml": INGRESS.replace("        pathType: Prefix\n", ""),
        "deploy/legacy/old.yaml": INGRESS.replace("        pathType: Prefix\n", ""),
        "deploy/api.yaml": INGRESS.replace("name: web", "name: api"),
    }
    for name, text in files.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text, encoding="utf-8")
    _git(work, "add", "-A")
    (work / "deploy" / "api-service.yaml").write_text(SERVICE.replace("name: web", "name: api"), encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1"}
    env.setdefault("PRE_COMMIT_HOME", str(tmp_path / "cache"))
    command = [*_pre_commit(), "run", "--all-files"]  # type: ignore[misc]

    failed = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=900, check=False)
    output = failed.stdout + failed.stderr
    print(output)  # the report of issue 15 quotes it (pytest -s)
    assert failed.returncode == 1, output
    assert "deploy/ingress.yaml:10:9: error [path-type-missing]" in failed.stdout
    # the untracked Service of api does not count, as in CI
    assert "deploy/api.yaml:14:13: error [service-not-found]" in failed.stdout
    assert "charts/web/Chart.yaml:1:1: info [helm-chart-not-rendered]" in failed.stdout
    assert "legacy" not in failed.stdout and "yaml-syntax" not in failed.stdout
    assert "Failed" in failed.stdout

    assert "in 7 files, 3 objects" in failed.stdout  # the chart's note once, on its Chart.yaml

    (work / "deploy" / "ingress.yaml").write_text(INGRESS, encoding="utf-8")
    _git(work, "add", "-A")  # the Service of api is tracked now
    passed = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=900, check=False)
    print(passed.stdout + passed.stderr)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
