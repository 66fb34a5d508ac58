"""Configuration: .ingresslint.yaml or [tool.ingresslint], --config, flags win, config --show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingresslint.cli import main
from ingresslint.config import Config, ConfigError, find_config, load_config
from tests.conftest import BROKEN_INGRESS

BROKEN = BROKEN_INGRESS


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "web.yaml").write_text(BROKEN, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "deploy")
    return tmp_path


def lint_json(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["lint", "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def rules_of(document: dict) -> list[tuple[str, str]]:
    return [(finding["rule"], finding["severity"]) for finding in document["findings"]]


def test_no_file_gives_the_defaults(project: Path) -> None:
    config = load_config()
    assert config == Config()
    assert config["fail-on"] == "error" and config.origin("fail-on") == "default"


def test_unquoted_off_in_a_parent_directory_turns_a_rule_off(project: Path) -> None:
    (project / ".ingresslint.yaml").write_text("rules:\n  path-type-missing: off\n", encoding="utf-8")
    assert find_config(Path.cwd()) == project / ".ingresslint.yaml"
    code, document = lint_json("web.yaml")
    assert code == 0 and document["findings"] == []


def test_severity_override_and_fail_on(project: Path) -> None:
    (project / ".ingresslint.yaml").write_text(
        "fail-on: warning\nrules:\n  path-type-missing: 'warning'\n", encoding="utf-8"
    )
    code, document = lint_json("web.yaml")
    assert code == 1
    assert rules_of(document) == [("path-type-missing", "warning")]
    code, _ = lint_json("--fail-on", "error", "web.yaml")  # the flag wins over the file
    assert code == 0


def test_pyproject_table(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.ingresslint]\nkube-version = "1.21"\nrules = { path-type-missing = false }\n',
        encoding="utf-8",
    )
    _, document = lint_json("web.yaml")
    assert document["kubernetesVersion"] == "1.21"
    assert "path-type-missing" not in {rule for rule, _ in rules_of(document)}


def test_pyproject_without_the_table_is_ignored(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(Path.cwd()) is None


def test_pyproject_that_does_not_name_us_is_not_parsed(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project\nname = "x"\n', encoding="utf-8")  # not TOML
    assert find_config(Path.cwd()) is None
    code, _ = lint_json("web.yaml")
    assert code == 1  # linted as without a configuration: path-type-missing


def test_invalid_pyproject_that_names_us_is_a_usage_error(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.ingresslint\nkube-version = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pyproject\.toml"):
        find_config(Path.cwd())


def test_explicit_config_file_wins_over_discovery(project: Path) -> None:
    (project / ".ingresslint.yaml").write_text("rules:\n  path-type-missing: off\n", encoding="utf-8")
    (project / "strict.yaml").write_text("namespace: prod\n", encoding="utf-8")
    code, document = lint_json("--config", str(project / "strict.yaml"), "web.yaml")
    assert code == 1 and rules_of(document) == [("path-type-missing", "error")]


def test_exclude_globs_apply_to_directories_and_named_files(project: Path) -> None:
    (project / ".ingresslint.yaml").write_text("exclude: ['*web*']\n", encoding="utf-8")
    code, document = lint_json(".")
    assert code == 0 and document["summary"]["files"] == 0
    code, document = lint_json("web.yaml")
    assert code == 0 and document["summary"]["files"] == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("kube-verison: '1.30'\n", "unknown key 'kube-verison' (did you mean 'kube-version'?)"),
        ("rules:\n  path-type-mising: off\n", "unknown rule id 'path-type-mising' (did you mean 'path-type-missing'?)"),
        ("rules:\n  path-type-missing: loud\n", "'loud' is not one of off, error, warning, info"),
        ("fail-on: never\n", "'never' is not one of error, warning, info"),
        ("require-refs: maybe\n", "expected true or false"),
        ("kube-version: banana\n", "kube-version"),
        ("- a\n", "must be a mapping"),
        ("rules: [\n", ".ingresslint.yaml"),
    ],
)
def test_bad_configuration_is_a_usage_error(project: Path, text: str, message: str) -> None:
    (project / ".ingresslint.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "web.yaml"])
    assert result.exit_code == 2
    assert result.output.startswith("ingresslint: ")
    assert message in result.output
    with pytest.raises(ConfigError):
        load_config()


def test_config_show_prints_values_and_origins(project: Path) -> None:
    (project / ".ingresslint.yaml").write_text(
        "kube-version: 1.30\nrequire-refs: yes\nrules:\n  path-type-missing: off\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["config", "--show"])
    assert result.exit_code == 0
    where = str(project / ".ingresslint.yaml")
    lines = result.output.splitlines()
    assert f"kube-version: 1.30  # {where}" in lines  # not the float 1.3
    assert f"require-refs: true  # {where}" in lines
    assert "fail-on: error  # default" in lines
    assert f"  path-type-missing: off  # {where}" in lines


def test_command_line_flags_are_marked_as_such() -> None:
    config = Config().override({"fail-on": "info", "namespace": None, "exclude": ("a",)})
    assert config["fail-on"] == "info" and config.origin("fail-on") == "command line"
    assert config["exclude"] == ["a"] and config.origin("namespace") == "default"


def test_certificate_expiry_days_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / ".ingresslint.yaml"
    path.write_text("certificate-expiry-days: 30\n")
    assert load_config(path)["certificate-expiry-days"] == 30
    path.write_text("certificate-expiry-days: soon\n")
    with pytest.raises(ConfigError, match="whole number of days"):
        load_config(path)


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        (".ingresslint.yaml", "select:\n  - tls-*\n  - tls-sekret-*\n", ".ingresslint.yaml:3: select[1]"),
        (".ingresslint.yaml", "exclude:\n  - vendor/\n  - {a: b}\n", ".ingresslint.yaml:3: exclude[1]"),
        (
            ".ingresslint.yaml",
            "ingress-classes:\n  internal: ingress-nginx\n  edge: trafik\n",
            ".ingresslint.yaml:3: ingress-classes.edge",
        ),
        (
            "pyproject.toml",
            '[tool.ingresslint]\nignore = [\n  "tls-*",  # fine\n  "pathtype-*",\n]\n',
            "pyproject.toml:4: ignore[1]",
        ),
        ("pyproject.toml", '[tool.ingresslint]\nignore = ["tls-*",\n  "pathtype-*"]\n', "pyproject.toml:3: ignore[1]"),
    ],
)
def test_an_error_in_a_list_or_mapping_item_names_the_item_line(
    project: Path, name: str, text: str, where: str
) -> None:
    (project / name).write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(start=project)
    assert where in str(error.value), str(error.value)
