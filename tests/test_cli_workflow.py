"""Issue 15: rule selection, --exit-zero, concise and several formats in one run, --statistics
with JSON, SARIF help/related locations, rules --format json, colour, -V, empty runs,
completion, project URLs and the Python API."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from ingresslint import __version__
from ingresslint.cli import main
from ingresslint.registry import RULES
from tests.conftest import FIXTURES, INGRESS_HEAD, PATH_ITEM, REPO

SARIF_SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
TWO_DEFAULTS = """\
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: a
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: example.com/a
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: b
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: example.com/b
"""
# path-type-missing (error) twice and tls-host-not-in-rules (warning)
MIXED = (
    INGRESS_HEAD.replace("spec:\n", "spec:\n  tls:\n  - hosts: [other.example.com]\n")
    + PATH_ITEM.format(n=1)
    + PATH_ITEM.format(n=2)
)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "web.yaml").write_text(MIXED, encoding="utf-8")
    (tmp_path / "classes.yaml").write_text(TWO_DEFAULTS, encoding="utf-8")
    for name in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def rules_found(*args: str) -> list[str]:
    code, out, err = run("lint", "--format", "json", *args)
    assert code in (0, 1), err
    return sorted({finding["rule"] for finding in json.loads(out)["findings"]})


# --select / --ignore / --exit-zero


def test_select_and_ignore_take_ids_globs_commas_and_repeats(here: Path) -> None:
    assert rules_found("web.yaml") == ["path-type-missing", "tls-host-not-in-rules"]
    assert rules_found("--select", "tls-*", "web.yaml") == ["tls-host-not-in-rules"]
    assert rules_found("--select", "tls-*,path-type-missing", "web.yaml") == [
        "path-type-missing",
        "tls-host-not-in-rules",
    ]
    assert rules_found("--select", "tls-*", "--select", "path-*", "web.yaml") == [
        "path-type-missing",
        "tls-host-not-in-rules",
    ]
    assert rules_found("--ignore", "path-type-missing", "web.yaml") == ["tls-host-not-in-rules"]
    assert rules_found("--select", "*", "--ignore", "tls-*,path-*", "web.yaml") == []


def test_an_unknown_selector_is_a_usage_error_with_did_you_mean(here: Path) -> None:
    code, _, err = run("lint", "--select", "path-type-mising", "web.yaml")
    assert code == 2
    assert err == "ingresslint: 'path-type-mising' matches no rule id (did you mean 'path-type-missing'?)\n"
    assert run("lint", "--ignore", "nothing-*", "web.yaml")[0] == 2


def test_select_and_ignore_in_the_configuration_and_the_flag_wins(here: Path) -> None:
    (here / ".ingresslint.yaml").write_text("select: [tls-*, path-type-missing]\nignore: path-type-missing\n")
    assert rules_found("web.yaml") == ["tls-host-not-in-rules"]
    assert rules_found("--ignore", "tls-*", "web.yaml") == ["path-type-missing"]
    (here / ".ingresslint.yaml").write_text("select:\n  - tls-hots-*\n")
    code, _, err = run("lint", "web.yaml")
    assert code == 2 and ".ingresslint.yaml:1: select: 'tls-hots-*' matches no rule id" in err


def test_exit_zero(here: Path) -> None:
    assert run("lint", "web.yaml")[0] == 1
    assert run("lint", "--exit-zero", "web.yaml")[0] == 0
    assert run("lint", "--exit-zero", "missing.yaml")[0] == 2


# formats


def test_concise_is_one_line_per_finding(here: Path) -> None:
    code, out, _ = run("lint", "--format", "concise", "web.yaml")
    lines = out.splitlines()
    assert code == 1
    assert lines[0].startswith("web.yaml:7:13: warning [tls-host-not-in-rules] ")
    assert lines[1] == (
        "web.yaml:12:9: error [path-type-missing] pathType is missing; networking.k8s.io/v1 requires one of Exact, "
        "Prefix or ImplementationSpecific (Prefix matches the path and everything below it); the API server rejects "
        "it with: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"
    )
    assert lines[-1] == "2 errors, 1 warning, 0 infos in 1 file, 1 object."
    assert run("lint", "--format", "concise", "-q", "web.yaml")[1].count("\n") == 3


def test_several_formats_in_one_run_pair_with_outputs_in_order(here: Path) -> None:
    code, out, _ = run(
        "lint",
        "--format",
        "sarif",
        "-o",
        "x.sarif",
        "--format",
        "json",
        "-o",
        "x.json",
        "--format",
        "github",
        "web.yaml",
    )
    assert code == 1
    assert out.startswith("::warning file=web.yaml,line=7,col=13,title=ingresslint tls-host-not-in-rules::")
    jsonschema.validate(json.loads(Path("x.sarif").read_text()), SARIF_SCHEMA)
    assert len(json.loads(Path("x.json").read_text())["findings"]) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "json", "-o", "a", "-o", "b"), "2 --output for 1 --format"),
        (("--format", "json", "--format", "github"), "only one --format can go to stdout"),
        (("--format", "sarif", "--statistics"), "--statistics works with --format text, concise or json"),
    ],
)
def test_format_pairing_errors(here: Path, args: tuple[str, ...], message: str) -> None:
    code, _, err = run("lint", *args, "web.yaml")
    assert code == 2 and message in err


def test_a_lone_output_gets_text_without_colour(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # forces colour on stdout, not in a file
    run("lint", "-o", "out.txt", "web.yaml")
    assert Path("out.txt").read_text().startswith("web.yaml:7:13: warning [tls-host-not-in-rules]")
    run("lint", "--color", "always", "-o", "out.txt", "web.yaml")
    assert "\x1b[" in Path("out.txt").read_text()


def test_statistics_with_json(here: Path) -> None:
    _, out, _ = run("lint", "--format", "json", "--statistics", "web.yaml")
    document = json.loads(out)
    assert [(row["rule"], row["count"], row["severity"]) for row in document["statistics"]] == [
        ("path-type-missing", 2, "error"),
        ("tls-host-not-in-rules", 1, "warning"),
    ]
    assert len(document["findings"]) == 3


def test_statistics_with_concise(here: Path) -> None:
    _, out, _ = run("lint", "--format", "concise", "--statistics", "-q", "web.yaml")
    assert out.splitlines() == ["    2  path-type-missing      error", "    1  tls-host-not-in-rules  warning"]


def test_json_findings_carry_a_versioned_url_and_related_locations(here: Path) -> None:
    _, out, _ = run("lint", "--format", "json", "classes.yaml")
    first, second = json.loads(out)["findings"]
    assert first["url"].endswith(f"/blob/v{__version__}/docs/rules.md#multiple-default-ingress-classes")
    assert first["related"] == [
        {"file": "classes.yaml", "line": 15, "column": 5, "message": "IngressClass b is also the default"}
    ]
    assert second["related"][0]["line"] == 6


def test_sarif_help_markdown_invocation_and_related_locations(here: Path) -> None:
    _, out, _ = run("lint", "--format", "sarif", "classes.yaml")
    document = json.loads(out)
    jsonschema.validate(document, SARIF_SCHEMA)
    run_ = document["runs"][0]
    assert run_["invocations"] == [{"executionSuccessful": True, "exitCode": 1}]
    rule = next(r for r in run_["tool"]["driver"]["rules"] if r["id"] == "multiple-default-ingress-classes")
    assert rule["helpUri"].endswith(f"/v{__version__}/docs/rules.md#multiple-default-ingress-classes")
    assert "Bad:\n\n```yaml\n" in rule["help"]["markdown"] and "Good:" in rule["help"]["markdown"]
    related = run_["results"][0]["relatedLocations"]
    assert related[0]["physicalLocation"]["region"] == {"startLine": 15, "startColumn": 5}


def test_duplicate_host_path_points_at_the_other_path(here: Path) -> None:
    twice = INGRESS_HEAD + "".join(
        f"      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: web\n            port:\n              number: {port}\n"
        for port in (80, 81)
    )
    Path("twice.yaml").write_text(twice)
    _, out, _ = run("lint", "--format", "json", "--select", "duplicate-host-path", "twice.yaml")
    (finding,) = json.loads(out)["findings"]
    assert finding["line"] == 17 and [(r["line"], r["column"]) for r in finding["related"]] == [(10, 9)]


def test_rules_as_json(here: Path) -> None:
    code, out, _ = run("rules", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and [row["id"] for row in rows] == list(RULES)
    assert rows[0].keys() == {"id", "name", "severity", "summary", "url", "reference"}


# colour


@pytest.mark.parametrize(
    ("env", "args", "coloured"),
    [
        ({}, (), False),  # not a terminal
        ({"FORCE_COLOR": "1"}, (), True),
        ({"CLICOLOR_FORCE": "1"}, (), True),
        ({"CLICOLOR_FORCE": "0"}, (), False),
        ({"FORCE_COLOR": "1", "NO_COLOR": ""}, (), True),  # an empty NO_COLOR does not count
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, (), False),
        ({"NO_COLOR": "1"}, ("--color", "always"), True),  # the flag wins
        ({"FORCE_COLOR": "1"}, ("--color", "never"), False),
        ({"FORCE_COLOR": "1"}, ("--no-color",), False),
    ],
)
def test_colour(here: Path, monkeypatch: pytest.MonkeyPatch, env: dict, args: tuple, coloured: bool) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    out = run("lint", *args, "web.yaml")[1]
    assert ("\x1b[" in out) is coloured


# small things


def test_dash_v_prints_the_version() -> None:
    assert run("-V")[1] == f"ingresslint, version {__version__}\n"


def test_a_run_without_files_or_objects_says_so(here: Path) -> None:
    Path("empty").mkdir()
    code, _, err = run("lint", "empty")
    assert code == 0 and "ingresslint: no file to lint in empty" in err
    assert run("lint", "--fail-if-no-objects", "empty")[0] == 1
    Path("values.yaml").write_text("replicas: 2\n")
    code, _, err = run("lint", "--fail-if-no-objects", "values.yaml")
    assert code == 1 and "ingresslint: no Kubernetes object in 1 file" in err
    code, _, err = run("lint", "--fail-if-no-objects", "web.yaml")
    assert code == 1 and err == ""


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            ".ingresslint.yaml",
            "namespace: shop\n\nfail-on: never\n",
            ".ingresslint.yaml:3: fail-on: 'never' is not one of",
        ),
        (
            ".ingresslint.yaml",
            "rules:\n  tls-host-not-in-rules: off\n  path-type-mising: off\n",
            ".ingresslint.yaml:3: rules: unknown rule id",
        ),
        (
            ".ingresslint.yaml",
            "namespace: shop\nkube-verison: '1.30'\n",
            ".ingresslint.yaml:2: unknown key 'kube-verison'",
        ),
        ("pyproject.toml", '[tool.ingresslint]\nnamespace = "a"\nfail-on = "never"\n', "pyproject.toml:3: fail-on:"),
        (
            "pyproject.toml",
            '[tool.ingresslint]\nrules = { path-type-mising = "off" }\n',
            "pyproject.toml:2: rules: unknown rule id",
        ),
        (
            "pyproject.toml",
            '[tool.ingresslint.rules]\nschema = "off"\npath-type-mising = "off"\n',
            "pyproject.toml:3: rules:",
        ),
    ],
)
def test_configuration_errors_name_the_line(here: Path, name: str, text: str, message: str) -> None:
    (here / name).write_text(text)
    code, _, err = run("lint", "web.yaml")
    assert code == 2 and message in err, err


VALID_CONFIGS = [
    {"kube-version": "1.29", "fail-on": "warning", "namespace": "shop", "require-refs": True},
    {"exclude": "charts/*", "certificate-expiry-days": 30, "select": ["tls-*"], "ignore": "schema"},
    {"rules": {"schema": "off", "path-type-missing": False, "tls-host-not-in-rules": "info"}},
]
INVALID_CONFIGS = [
    {"kube-verison": "1.29"},
    {"fail-on": "never"},
    {"namespace": ""},
    {"require-refs": "maybe"},
    {"exclude": [1]},
    {"certificate-expiry-days": "soon"},
    {"rules": {"schema": "loud"}},
    {"select": 3},
]


@pytest.mark.parametrize("config", VALID_CONFIGS)
def test_the_shipped_schema_and_the_parser_accept_the_same(config: dict) -> None:
    from ingresslint.config import parse, schema

    jsonschema.validate(config, schema())
    parse(config, "x")


@pytest.mark.parametrize("config", INVALID_CONFIGS)
def test_the_shipped_schema_and_the_parser_reject_the_same(config: dict) -> None:
    from ingresslint.config import ConfigError, parse, schema

    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(config, schema())
    with pytest.raises(ConfigError):
        parse(config, "x")


def test_schema_knows_every_key_and_is_printed(here: Path) -> None:
    from ingresslint.config import DEFAULTS, schema

    assert set(schema()["properties"]) == set(DEFAULTS)
    assert json.loads(run("config", "--schema")[1]) == schema()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(shell: str) -> None:
    code, out, _ = run("completion", shell)
    assert code == 0 and "_INGRESSLINT_COMPLETE" in out


def complete(words: str, incomplete: str) -> list[str]:
    from click.shell_completion import ShellComplete

    return [
        item.value for item in ShellComplete(main, {}, "ingresslint", "_X").get_completions(words.split(), incomplete)
    ]


def test_completion_offers_rule_ids() -> None:
    assert complete("explain", "path-type-m") == ["path-type-missing"]
    assert "tls-host-invalid" in complete("lint --select", "tls-")
    assert complete("lint --ignore", "schema,path-type-m") == ["schema,path-type-missing"]


def test_project_urls_and_the_repository_constant_agree() -> None:
    from ingresslint.config import _toml
    from ingresslint.project import REPOSITORY

    urls = _toml(REPO / "pyproject.toml")["project"]["urls"]
    assert urls["Homepage"] == REPOSITORY
    assert all(url.startswith(REPOSITORY) for url in urls.values())
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"repo: {REPOSITORY}" in readme  # the pre-commit sample


def test_python_api_returns_a_report(here: Path) -> None:
    import ingresslint

    report = ingresslint.lint(["web.yaml"], select=["path-*"])
    assert [finding.rule for finding in report.findings] == ["path-type-missing", "path-type-missing"]
    from ingresslint.api import UsageError

    with pytest.raises(UsageError, match="did you mean"):
        ingresslint.lint(["web.yaml"], select="path-type-mising")
    with pytest.raises(UsageError):
        ingresslint.lint(["missing.yaml"])


def test_import_ingresslint_is_cheap() -> None:
    code = "import sys, ingresslint; print(sorted(m for m in sys.modules if m.startswith(('ingresslint', 'click', 'ruamel', 'jsonschema', 'rich'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert out.strip() == "['ingresslint']"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize(("env", "coloured"), [({}, True), ({"NO_COLOR": ""}, True), ({"NO_COLOR": "1"}, False)])
def test_colour_on_a_terminal_is_decided_by_rich(here: Path, env: dict, coloured: bool) -> None:
    import os
    import pty

    primary, secondary = pty.openpty()
    clean = {
        k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE")
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "ingresslint", "lint", "web.yaml"],
        stdout=secondary,
        stderr=subprocess.DEVNULL,
        env={**clean, "PYTHONPATH": str(REPO), "TERM": "xterm", **env},
    )
    os.close(secondary)
    process.wait(timeout=60)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    assert (b"\x1b[" in b"".join(chunks)) is coloured
