"""The README's first commands are the ones CI runs."""

from __future__ import annotations

import json
import re
import shlex

import pytest
from click.testing import CliRunner

from ingresslint.cli import main
from tests.conftest import REPO


def readme_commands() -> list[str]:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines[:12] if line.startswith("    ")]


def test_readme_starts_with_the_install_and_test_commands() -> None:
    run_examples, run_tests = readme_commands()
    assert run_examples.endswith("pip install . && ingresslint lint examples/")
    assert run_tests.endswith("pip install '.[test]' && pytest")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert readme_commands()[1] in ci


def test_readme_names_every_rule() -> None:
    from ingresslint.registry import RULES

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert [rule_id for rule_id in RULES if f"`{rule_id}`" not in readme] == []


# Output samples: a fenced ```console block whose first line is ``$ ingresslint ...`` shows what
# that command prints, run from the repository root without colour. A line ``...`` stands for
# any number of lines. A block preceded by ``<!-- not run: why -->`` is an illustration (it
# needs a live cluster, say) and is left out; every other sample must match today's output.
SAMPLE = re.compile(r"(<!-- not run: [^>]+-->\n)?```console\n\$ (ingresslint [^\n]*)\n(.*?)```", re.S)


def readme_samples() -> list[tuple[str, str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return [(command, output) for skip, command, output in SAMPLE.findall(text) if not skip]


def matches(expected: str, actual: str) -> bool:
    """Lines equal in order; a ``...`` line matches any run of lines (also none)."""
    pattern = "".join(r"(?:.*\n)*?" if line == "..." else re.escape(line) + r"\n" for line in expected.splitlines())
    return re.fullmatch(pattern, actual) is not None


def test_readme_has_output_samples() -> None:
    commands = [command for command, _ in readme_samples()]
    assert "ingresslint lint examples/" in commands
    assert any("--format json" in command for command in commands)
    assert any("--format concise" in command for command in commands)


@pytest.mark.parametrize(("command", "expected"), readme_samples(), ids=[c for c, _ in readme_samples()])
def test_readme_sample_is_what_the_command_prints(command: str, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("NO_COLOR", "1")
    result = CliRunner().invoke(main, shlex.split(command)[1:])
    assert matches(expected, result.stdout), f"README sample of `{command}` differs:\n{result.stdout}"


def test_the_ellipsis_matcher_can_fail() -> None:
    assert matches("a\n...\nd\n", "a\nb\nc\nd\n")
    assert not matches("a\n...\nd\n", "a\nb\nc\n")
    assert not matches("a\nb\n", "a\nb\nc\n")


def test_good_example_is_clean_alone_and_with_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    alone = json.loads(CliRunner().invoke(main, ["lint", "--format", "json", "examples/good.yaml"]).stdout)
    assert alone["findings"] == [] and alone["summary"]["objects"] == 3
    together = json.loads(CliRunner().invoke(main, ["lint", "--format", "json", "examples/"]).stdout)
    assert together["findings"] and {f["file"] for f in together["findings"]} == {"examples/broken.yaml"}


def test_every_shown_run_is_a_sample() -> None:
    """A ``$ ingresslint`` line outside a console sample would escape the check above."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"^\s*\$ (ingresslint[^\n]*)", text, re.M)
    in_samples = [command for _, command, _ in SAMPLE.findall(text)]
    assert sorted(shown) == sorted(in_samples)
