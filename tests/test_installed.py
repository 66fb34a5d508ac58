"""End to end: the installed ``ingresslint`` command, run from another directory."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def installed_command() -> str:
    beside_python = Path(sys.executable).parent / "ingresslint"
    found = str(beside_python) if beside_python.exists() else shutil.which("ingresslint")
    assert found, "the ingresslint command is not installed (pip install '.[test]')"
    return found


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [installed_command(), *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=120
    )


def test_lints_the_examples_from_another_directory(tmp_path: Path) -> None:
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    result = run("lint", "--format", "json", "examples", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    rules = {finding["rule"] for finding in json.loads(result.stdout)["findings"]}
    assert {"schema", "path-type-missing", "removed-api-version"} <= rules
    assert "Traceback" not in result.stderr


def test_good_example_alone_is_clean(tmp_path: Path) -> None:
    result = run("lint", "-", cwd=tmp_path, stdin=(REPO / "examples" / "good.yaml").read_text())
    assert result.returncode == 0, result.stdout + result.stderr


def test_rules_and_explain_find_their_data(tmp_path: Path) -> None:
    assert "path-type-missing" in run("rules", cwd=tmp_path).stdout
    assert "Good:" in run("explain", "schema", cwd=tmp_path).stdout


def test_python_dash_m_works(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ingresslint", "--version"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0 and "ingresslint" in result.stdout


def test_a_wheel_install_carries_schemas_and_rules(tmp_path: Path) -> None:
    code = (
        "import ingresslint.resources as r; print(r.__file__); print(r.data_dir('schemas')); print(r.data_dir('rules'))"
    )
    module, schemas, rules = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.split()
    assert (Path(schemas) / "index.json").is_file()
    assert (Path(rules) / "schema.yaml").is_file()
    if not Path(module).resolve().is_relative_to(REPO):  # installed from a wheel, not editable
        assert "_data" in Path(schemas).parts and "_data" in Path(rules).parts
