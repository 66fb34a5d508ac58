"""The command line: exit codes, formats and the JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingresslint import __version__
from ingresslint.cli import main
from ingresslint.registry import RULES
from tests.conftest import BROKEN_INGRESS

BROKEN = BROKEN_INGRESS
WARNING_ONLY = BROKEN.replace("      - path: /\n", "      - path: /\n        pathType: Prefix\n").replace(
    "  name: web\n", "  name: web\n  annotations:\n    kubernetes.io/ingress.class: nginx\n", 1
)
CLEAN = BROKEN.replace("      - path: /\n", "      - path: /\n        pathType: Prefix\n")


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    paths = {}
    for name, text in {"broken": BROKEN, "warning": WARNING_ONLY, "clean": CLEAN}.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text)
        paths[name] = str(path)
    return paths


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_exit_codes_follow_fail_on(files: dict[str, str]) -> None:
    assert run("lint", files["clean"])[0] == 0
    assert run("lint", files["broken"])[0] == 1
    assert run("lint", files["warning"])[0] == 0
    assert run("lint", "--fail-on", "warning", files["warning"])[0] == 1
    assert run("lint", "--fail-on", "info", files["clean"])[0] == 0


def test_findings_are_reported_whatever_fail_on_says(files: dict[str, str]) -> None:
    code, out, _ = run("lint", files["warning"])
    assert code == 0
    assert "warning [deprecated-annotation]" in out


def test_text_output_names_file_line_column_rule_and_object(files: dict[str, str]) -> None:
    _, out, _ = run("lint", files["broken"])
    assert f"{files['broken']}:10:9: error [path-type-missing] pathType is missing" in out
    assert "  Ingress default/web" in out
    assert out.rstrip().endswith("1 error, 0 warnings, 0 infos in 1 file, 1 object.")
    assert "\x1b[" not in out


def test_quiet_drops_the_summary(files: dict[str, str]) -> None:
    _, out, _ = run("lint", "--quiet", files["clean"])
    assert out == ""


def test_json_contract(files: dict[str, str]) -> None:
    code, out, _ = run("lint", "--format", "json", "--kube-version", "1.30", files["broken"])
    assert code == 1
    report = json.loads(out)
    assert list(report) == ["version", "kubernetesVersion", "findings", "summary"]
    assert report["version"] == __version__ and report["kubernetesVersion"] == "1.30"
    assert report["summary"] == {"files": 1, "objects": 1, "errors": 1, "warnings": 0, "infos": 0}
    (finding,) = report["findings"]
    assert finding == {
        "rule": "path-type-missing",
        "severity": "error",
        "message": finding["message"],
        "file": files["broken"],
        "line": 10,
        "column": 9,
        "object": {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "namespace": None, "name": "web"},
        "field": "spec.rules[0].http.paths[0].pathType",
        "url": f"https://github.com/ingresslint/ingresslint/blob/v{__version__}/docs/rules.md#path-type-missing",
        "related": [],
    }


def test_findings_are_sorted_by_file_line_column(files: dict[str, str]) -> None:
    _, out, _ = run("lint", "--format", "json", files["warning"], files["broken"])
    keys = [(f["file"], f["line"], f["column"]) for f in json.loads(out)["findings"]]
    assert keys == sorted(keys)


def test_stdin_is_named_dash() -> None:
    code, out, _ = run("lint", "--format", "json", "-", stdin=BROKEN)
    assert code == 1
    assert json.loads(out)["findings"][0]["file"] == "-"


def test_directories_are_walked_recursively(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.yml").write_text(BROKEN)
    (tmp_path / "a" / "y.json").write_text(json.dumps({"apiVersion": "v1", "kind": "ConfigMap"}))
    (tmp_path / "a" / "notes.txt").write_text("not linted")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "z.yaml").write_text(BROKEN)
    _, out, _ = run("lint", "--format", "json", str(tmp_path))
    report = json.loads(out)
    assert report["summary"]["files"] == 2 and report["summary"]["objects"] == 2
    assert [f["file"] for f in report["findings"]] == [str(tmp_path / "a" / "b" / "x.yml")]


@pytest.mark.parametrize(
    "args",
    [
        ("lint", "missing.yaml"),
        ("lint", "--kube-version", "2.0", "-"),
        ("lint", "--kube-version", "1.18", "-"),
        ("lint", "--bogus", "-"),
        ("lint",),
        ("explain", "nope"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args: tuple[str, ...]) -> None:
    code, out, err = run(*args, stdin="")
    assert code == 2
    assert out == ""
    assert err.strip()


def test_missing_path_message() -> None:
    _, _, err = run("lint", "missing.yaml")
    assert err == "ingresslint: missing.yaml: no such file or directory\n"


def test_rules_lists_every_rule() -> None:
    code, out, _ = run("rules")
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines()]
    assert listed == list(RULES)


def test_explain_prints_examples() -> None:
    code, out, _ = run("explain", "path-type-missing")
    assert code == 0
    assert "pathType must be specified" in out and "Bad:" in out and "Good:" in out


def test_explain_suggests_close_rule_ids() -> None:
    _, _, err = run("explain", "path-type-mising")
    assert "did you mean 'path-type-missing'" in err


def test_plain_lint_does_not_import_kubernetes(files: dict[str, str]) -> None:
    import subprocess
    import sys

    code = "import sys\nfrom ingresslint.cli import main\ntry:\n    main(['lint', sys.argv[1]])\nexcept SystemExit:\n    pass\nprint('kubernetes' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code, files["broken"]], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().endswith("False")


THREE_DOCUMENTS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  ingressClassName: nginx
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  ports: [{name: http, port: 80}]
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx}
"""
# what a plain one-file run (a pre-commit hook) must not pay for
NOT_ON_THE_PLAIN_PATH = (
    "kubernetes",
    "ruamel.yaml",
    "jsonschema",
    "rich",
    "tomllib",
    "difflib",
    "tempfile",
    "re2",  # the name formats run with re (tests/test_linear_regex.py proves the same answers)
    "ingresslint.cluster",
)


@pytest.mark.parametrize("output", ["text", "json"])
def test_a_plain_run_imports_only_what_it_needs(tmp_path: Path, output: str) -> None:
    import subprocess
    import sys

    path = tmp_path / "three.yaml"
    path.write_text(THREE_DOCUMENTS)
    code = (
        "import sys\nfrom ingresslint.cli import main\ntry:\n    main(['lint', '--format', sys.argv[2], sys.argv[1]])\n"
        "except SystemExit as exit:\n    print('exit', exit.code)\n"
        f"print([name for name in {NOT_ON_THE_PLAIN_PATH!r} if name in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path), output], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert result.stdout.strip().splitlines()[-2:] == ["exit 0", "[]"], result.stdout


def test_an_internal_error_is_one_line_not_a_traceback(files: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    import ingresslint.engine

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(ingresslint.engine, "lint", broken)
    code, out, err = run("lint", files["clean"])
    assert code == 2 and out == ""
    assert err.startswith("ingresslint: internal error: KeyError: 'boom'") and err.count("\n") == 1


def test_fifos_are_refused_or_skipped_never_read(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    code, _, err = run("lint", str(fifo))
    assert code == 2 and "not a regular file" in err
    code, out, _ = run("lint", "--format", "json", str(tmp_path))
    report = json.loads(out)
    assert code == 1 and report["summary"]["files"] == 1  # reported on the file, never opened
    assert [f["message"] for f in report["findings"]] == [
        "cannot read this file (not a regular file (a FIFO, socket or device)); it was not checked"
    ]


def test_an_unreadable_file_in_a_walk_is_a_finding_and_its_siblings_are_linted(
    tmp_path: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    import ingresslint.sources

    tmp_path = tmp_path / "walked"
    tmp_path.mkdir()
    (tmp_path / "a-good.yaml").write_text(Path(files["clean"]).read_text())
    (tmp_path / "b-locked.yaml").write_text("kind: Ingress\n")
    (tmp_path / "c-loop.yaml").symlink_to(tmp_path / "c-loop.yaml")
    (tmp_path / "d-dangling.yaml").symlink_to(tmp_path / "gone.yaml")
    real_open = open

    def locked(name: object, *args: object, **kwargs: object) -> object:
        if str(name).endswith("b-locked.yaml"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(name, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(ingresslint.sources, "open", locked, raising=False)
    code, out, _ = run("lint", "--format", "json", str(tmp_path))
    report = json.loads(out)
    assert code == 1 and report["summary"]["files"] == 4 and report["summary"]["objects"] >= 1
    messages = {Path(f["file"]).name: f["message"] for f in report["findings"] if f["rule"] == "yaml-syntax"}
    assert messages == {
        "b-locked.yaml": "cannot read this file (Permission denied); it was not checked",
        "c-loop.yaml": "cannot read this file (a symbolic link loop (the link leads back to itself)); it was not checked",
        "d-dangling.yaml": f"cannot read this file (a symbolic link to {tmp_path / 'gone.yaml'}, which does not exist); it was not checked",
    }


def test_a_symlink_loop_named_on_the_command_line_says_so(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    code, out, err = run("lint", str(loop))
    assert code == 2 and out == ""
    assert err == f"ingresslint: {loop}: a symbolic link loop (the link leads back to itself)\n"
