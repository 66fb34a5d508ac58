"""The text report: code frames, --statistics, --output, the progress bar only on a terminal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ingresslint import lint_command
from ingresslint.cli import main
from ingresslint.reporters.text import code_frame
from ingresslint.sources import Source

BROKEN = """\
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
        backend:
          service:
            name: web
            port:
              number: 80
      - path: /api
        backend:
          service:
            name: api
            port:
              number: 80
"""


def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["lint", "--no-color", *args], input=stdin)
    return result.exit_code, result.output


def test_code_frame_has_a_caret_under_the_column_and_context() -> None:
    assert code_frame(["a: 1", "b:", "  - c: 2", "d: 3"], 3, 5) == [
        "  |",
        "2 | b:",
        "3 |   - c: 2",
        "  |     ^",
        "4 | d: 3",
    ]


def test_code_frame_at_the_edges_and_out_of_range() -> None:
    assert code_frame(["x: [", ""], 1, 4) == ["  |", "1 | x: [", "  |    ^", "2 |"]
    assert code_frame(["a"], 5, 1) == []


def test_findings_are_printed_with_a_code_frame(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("web.yaml").write_text(BROKEN, encoding="utf-8")
    code, output = run("web.yaml")
    assert code == 1
    assert "web.yaml:10:9: error [path-type-missing]" in output
    assert " 9 |       paths:\n10 |       - path: /\n   |         ^\n11 |         backend:\n" in output
    assert "16 |       - path: /api\n   |         ^\n" in output


def test_code_frame_for_stdin() -> None:
    code, output = run("-", stdin=BROKEN)
    assert code == 1
    assert "-:10:9: error" in output
    assert "10 |       - path: /\n" in output


def test_statistics_count_per_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("web.yaml").write_text(BROKEN, encoding="utf-8")
    code, output = run("--statistics", "web.yaml")
    assert code == 1
    lines = output.splitlines()
    assert lines[0].split() == ["2", "path-type-missing", "error"]
    assert "|" not in output
    assert lines[-1].startswith("2 errors")


def test_output_file_gets_the_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("web.yaml").write_text(BROKEN, encoding="utf-8")
    code, output = run("--output", "report.txt", "web.yaml")
    assert code == 1 and output == ""
    text = Path("report.txt").read_text(encoding="utf-8")
    assert "\x1b[" not in text and "web.yaml:10:9" in text


def test_output_to_an_unwritable_place_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("web.yaml").write_text(BROKEN, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "-o", "missing/dir/out.txt", "web.yaml"])
    assert result.exit_code == 2
    assert "ingresslint: missing/dir/out.txt" in result.output


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_for_many_files(monkeypatch: pytest.MonkeyPatch) -> None:
    many = [Source(f"{n}.yaml", b"", 0) for n in range(lint_command.PROGRESS_MIN_FILES)]
    assert lint_command._progress(many) is many  # stderr is not a terminal under pytest
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert lint_command._progress(many[:3]) == many[:3]
    wrapped = lint_command._progress(many)
    assert wrapped is not many
    assert list(wrapped) == many


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab [/]:\t\x07\x08\x0b\x0c\r\x1b\x00\u00e9\u4e2d\U0001f600\u200b\n"), max_size=30)
)
def test_plain_output_is_what_rich_writes_without_colour(message: str) -> None:
    """Without colour the report is written without rich (start-up): byte for byte the same."""
    import io

    from rich.console import Console
    from rich.text import Text

    from ingresslint.reporters.text import _PlainConsole, _PlainText

    rich_out, plain_out = io.StringIO(), io.StringIO()
    console = Console(file=rich_out, color_system=None, highlight=False, soft_wrap=True, emoji=False)
    console.print(Text("f:1:1: " + message))
    line = _PlainText("f:1:1: ")
    line.append(message)
    _PlainConsole(plain_out).print(line)
    assert plain_out.getvalue() == rich_out.getvalue()
