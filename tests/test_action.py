"""The GitHub Action: action/lint.sh run as the composite step runs it, with the GitHub
environment variables set (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, the event payload)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import INGRESS_HEAD, PATH_ITEM, REPO

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def run_step(tmp_path: Path, manifest: str, event: dict | None = None, **inputs: str) -> tuple[str, dict, str]:
    """Run the lint step; return its stdout, the step outputs and the job summary."""
    (tmp_path / "deploy").mkdir(exist_ok=True)
    (tmp_path / "deploy" / "web.yaml").write_text(manifest, encoding="utf-8")
    (tmp_path / "event.json").write_text(json.dumps(event or {}), encoding="utf-8")
    env = {
        "PATH": "/usr/bin:/bin",
        "INGRESSLINT": f"{sys.executable} -m ingresslint",
        "PYTHON": sys.executable,
        "PYTHONPATH": str(REPO),
        "INPUT_PATHS": "deploy",
        "INPUT_ARGS": "",
        "INPUT_SARIF_FILE": "ingresslint.sarif",
        "INPUT_UPLOAD": "auto",
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_EVENT_NAME": "push" if event is None else "pull_request",
        "GITHUB_EVENT_PATH": str(tmp_path / "event.json"),
        "GITHUB_REPOSITORY": "acme/shop",
        "RUNNER_TEMP": str(tmp_path / "runner-temp"),
        **inputs,
    }
    result = subprocess.run(
        ["bash", str(REPO / "action" / "lint.sh")], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr  # the step itself never fails; "Fail on findings" does
    output_file = tmp_path / "output"
    outputs = dict(line.split("=", 1) for line in output_file.read_text().splitlines()) if output_file.exists() else {}
    summary = tmp_path / "summary.md"
    return result.stdout, outputs, summary.read_text() if summary.exists() else ""


MANY = INGRESS_HEAD + "".join(PATH_ITEM.format(n=n) for n in range(13))  # 13 path-type-missing errors


def test_one_run_gives_sarif_annotations_outputs_and_summary(tmp_path: Path) -> None:
    stdout, outputs, summary = run_step(tmp_path, MANY)
    errors = [line for line in stdout.splitlines() if line.startswith("::error ")]
    assert len(errors) == 10  # GitHub's cap per step
    assert "::notice title=ingresslint::3 more findings not annotated" in stdout
    assert outputs == {
        "exit-code": "1",
        "sarif-file": "ingresslint.sarif",
        "upload": "true",
        "findings": "13",
        "errors": "13",
        "warnings": "0",
        "infos": "0",
    }
    sarif = json.loads((tmp_path / "ingresslint.sarif").read_text())
    assert len(sarif["runs"][0]["results"]) == 13
    assert "13 errors, 0 warnings, 0 infos in 1 file, 1 object (exit code 1)" in summary
    assert len(re.findall(r"^\| `deploy/web.yaml` \| \d+ \| error \| \[path-type-missing\]", summary, re.M)) == 13


def test_a_pull_request_from_a_fork_skips_the_upload_with_a_notice(tmp_path: Path) -> None:
    event = {"pull_request": {"head": {"repo": {"full_name": "someone/shop", "fork": True}}}}
    stdout, outputs, _ = run_step(tmp_path, MANY, event)
    assert outputs["upload"] == "false"
    assert "::notice title=ingresslint::SARIF upload skipped: a pull request from a fork" in stdout


def test_a_pull_request_inside_the_repository_uploads(tmp_path: Path) -> None:
    event = {"pull_request": {"head": {"repo": {"full_name": "acme/shop", "fork": False}}}}
    _, outputs, _ = run_step(tmp_path, MANY, event)
    assert outputs["upload"] == "true"


def test_upload_can_be_turned_off_and_forced(tmp_path: Path) -> None:
    assert run_step(tmp_path, MANY, INPUT_UPLOAD="false")[1]["upload"] == "false"
    fork = {"pull_request": {"head": {"repo": {"full_name": "someone/shop", "fork": True}}}}
    assert run_step(tmp_path, MANY, fork, INPUT_UPLOAD="true")[1]["upload"] == "true"


def test_a_clean_run(tmp_path: Path) -> None:
    clean = MANY.replace("      - path: /", "      - pathType: Prefix\n        path: /")
    stdout, outputs, summary = run_step(tmp_path, clean)
    assert outputs["exit-code"] == "0" and outputs["findings"] == "0"
    assert "::error" not in stdout and "more findings" not in stdout
    assert "0 errors" in summary


def test_a_usage_error_is_reported_and_uploads_nothing(tmp_path: Path) -> None:
    stdout, outputs, _ = run_step(tmp_path, MANY, INPUT_ARGS="--kube-version banana")
    assert outputs == {"exit-code": "2", "sarif-file": "", "upload": "false"}
    assert "::error title=ingresslint::ingresslint could not run (exit code 2)" in stdout


def test_action_pins_every_action_by_commit_sha_with_its_tag() -> None:
    text = (REPO / "action.yml").read_text(encoding="utf-8")
    uses = re.findall(r"uses: (\S+)@(\S+)(.*)", text)
    assert {name for name, _, _ in uses} == {
        "actions/setup-python",
        "actions/cache",
        "github/codeql-action/upload-sarif",
    }
    for name, ref, comment in uses:
        assert re.fullmatch(r"[0-9a-f]{40}", ref), name
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), name
    assert "upload-sarif@" in text and "# v4." in text
    assert "update-environment: false" in text  # the job's Python stays as it was


def test_every_output_the_action_uses_is_written() -> None:
    """steps.lint.outputs.X in action.yml are the keys report.py writes; every step output used exists."""
    from ruamel.yaml import YAML

    action = YAML(typ="safe").load((REPO / "action.yml").read_text(encoding="utf-8"))
    text = (REPO / "action.yml").read_text(encoding="utf-8")
    ids = {step.get("id") for step in action["runs"]["steps"]}
    used = set(re.findall(r"steps\.(\w+)\.outputs\.([\w-]+)", text))
    assert {step for step, _ in used} <= ids
    report = (REPO / "action" / "report.py").read_text(encoding="utf-8")
    for step, name in used:
        if step == "lint":
            assert f'"{name}"' in report, name
    assert set(action["outputs"]) == {"exit-code", "sarif-file", "findings", "errors", "warnings", "infos"}
    assert set(action["inputs"]) >= {"upload", "category", "paths", "args", "sarif-file", "python-version"}
