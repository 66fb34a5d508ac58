"""--format github: one workflow command per finding, escaped as GitHub's runner expects."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ingresslint.cli import main
from ingresslint.model import Finding, Severity
from ingresslint.reporters.github import command, escape_data, escape_property
from tests.conftest import BROKEN_INGRESS

BROKEN = BROKEN_INGRESS


def test_data_escaping() -> None:
    assert escape_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d"


def test_property_escaping() -> None:
    assert escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"


@pytest.mark.parametrize(
    ("severity", "name"), [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")]
)
def test_one_command_per_finding(severity: Severity, name: str) -> None:
    finding = Finding("path-type-missing", severity, "50% off,\nsee: docs", "dir,x/a:b.yaml", 3, 7)
    assert command(finding) == (
        f"::{name} file=dir%2Cx/a%3Ab.yaml,line=3,col=7,title=ingresslint path-type-missing::50%25 off,%0Asee: docs"
    )


def test_cli_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("web.yaml").write_text(BROKEN, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "--format", "github", "web.yaml"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("::error file=web.yaml,line=10,col=9,title=ingresslint path-type-missing::pathType")
    assert len(lines) == 2
    assert not lines[-1].startswith("::")
    assert lines[-1].startswith("ingresslint: 1 error")
