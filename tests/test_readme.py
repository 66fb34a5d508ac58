"""The README's first commands are the ones CI runs."""

from __future__ import annotations

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
