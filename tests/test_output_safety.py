"""Every output stays valid and safe whatever the input (issue 10 items 5-8): control
characters, file names that are not UTF-8, Secret values in code frames, closed or full
outputs, Ctrl-C, atomic report and baseline files, top-level arrays and UTF-16 without BOM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ingresslint import output
from ingresslint.cli import main
from tests.conftest import BROKEN_INGRESS, REPO, lint_text

CONTROL_NAME = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: "a\\x01b\\x1b[2Jc"\nspec: {}\n'


def run(*args: str, stdin: bytes | None = None, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "ingresslint", *args], capture_output=True, input=stdin, timeout=120, cwd=REPO, **kwargs
    )


def lint(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["lint", *args])
    return result.exit_code, result.stdout, result.stderr


def test_junit_with_control_characters_is_well_formed(tmp_path: Path) -> None:
    path = tmp_path / "c0.yaml"
    path.write_text(CONTROL_NAME)
    code, out, _ = lint("--format", "junit", str(path))
    root = ET.fromstring(out.encode())
    names = [case.get("name") for case in root.iter("testcase")]
    assert code == 1 and names and all(str(name).startswith("Ingress default/a\\x01b\\x1b[2Jc: ") for name in names)


def test_text_escapes_control_characters_of_values_and_source_lines(tmp_path: Path) -> None:
    path = tmp_path / "c0.yaml"
    path.write_text(CONTROL_NAME)
    nul = tmp_path / "nul.yaml"
    nul.write_bytes(b"kind: Ingress\nname: a\x00b\x1b]0;pwned\x07\n")
    _, out, _ = lint(str(path), str(nul))
    assert "\x1b" not in out and "\x00" not in out and "\x07" not in out and "\x01" not in out
    assert "Ingress default/a\\x01b\\x1b[2Jc" in out  # the object's name, escaped
    assert "2 | name: a\\x00b\\x1b]0;pwned\\x07" in out  # the raw NUL, ESC and BEL of the source line
    assert "2 | name: a\\x00b\\x1b]0;pwned\\x07\n  |        ^\n" in out  # the caret under the NUL


SECRET_FILE = """\
apiVersion: v1
kind: Secret
metadata: {name: shop-tls, namespace: default}
type: kubernetes.io/tls
stringData:
  password: hunter2-plain
  multi: |
    SECRET-LINE-1
    SECRET-LINE-2
data:
  tls.crt: "!!!notbase64"
  tls.key: U0VDUkVULUtFWS1WQUxVRQ==
---
apiVersion: v1
kind: Secret
metadata:
  name: other
  namespace: default
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"data":{"tls.key":"TEFTVC1BUFBMSUVE"}}'
data: {tls.crt: "!!!", tls.key: SU5MSU5FLUtFWQ==}
type: kubernetes.io/tls
"""
SECRET_VALUES = ("hunter2-plain", "SECRET-LINE", "U0VDUkVULUtFWS1WQUxVRQ", "TEFTVC1BUFBMSUVE", "SU5MSU5FLUtFWQ")


def test_secret_values_are_masked_in_code_frames() -> None:
    from ingresslint.context import Context
    from ingresslint.reporters import text

    report = lint_text(SECRET_FILE)
    assert {finding.line for finding in report.findings if finding.rule == "tls-secret-invalid"} == {11, 21}
    stream = __import__("io").StringIO()
    text.write(report, Context(), stream, color=False, quiet=False)
    out = stream.getvalue()
    assert not [value for value in SECRET_VALUES if value in out], out
    assert "10 | data:" in out and "11 |   tls.crt: *****" in out and "12 |   tls.key: *****" in out
    from ingresslint.reporters.masking import masked_lines

    assert masked_lines(report, "test.yaml")[6:9] == ["  multi: *****", "    *****", "    *****"]  # a block scalar
    assert "20 |     kubectl.kubernetes.io/last-applied-configuration: *****" in out
    assert "21 | data: {tls.crt: *****" in out


def test_non_utf8_file_names_in_every_format(tmp_path: Path) -> None:
    directory = tmp_path / "in"
    directory.mkdir()
    name = os.fsdecode(b"bad\xff.yaml")
    (directory / name).write_text(BROKEN_INGRESS)
    for fmt in ("text", "json", "sarif", "junit", "github"):
        result = run("lint", "--format", fmt, str(directory))
        assert result.returncode == 1 and b"Traceback" not in result.stderr, (fmt, result.stderr)
        target = tmp_path / f"out.{fmt}"
        result = run("lint", "--format", fmt, "-o", str(target), str(directory))
        assert result.returncode == 1 and result.stderr == b"", (fmt, result.stderr)
        assert target.read_bytes().decode("utf-8")  # valid UTF-8
    sarif = json.loads((tmp_path / "out.sarif").read_text())
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
        for loc in r["locations"]
    }
    assert any(uri.endswith("bad%FF.yaml") for uri in uris), uris
    ET.fromstring((tmp_path / "out.junit").read_bytes())
    assert (tmp_path / "out.json").read_text().count("bad\\udcff.yaml") == 1  # a JSON escape of the byte
    assert json.loads((tmp_path / "out.json").read_text())["findings"][0]["file"].endswith(name)


def test_closed_stdout_is_exit_2_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "in.yaml"
    path.write_text(BROKEN_INGRESS)
    process = subprocess.Popen(
        [sys.executable, "-m", "ingresslint", "lint", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader went away (| head -0)
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 2
    assert err.startswith("ingresslint: cannot write the report to stdout: ") and err.count("\n") == 1, err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_full_disk_on_stdout_is_exit_2_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "in.yaml"
    path.write_text(BROKEN_INGRESS)
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "ingresslint", "lint", str(path)], stdout=full, stderr=subprocess.PIPE, cwd=REPO
        )
    assert result.returncode == 2
    assert result.stderr == b"ingresslint: cannot write the report to stdout: No space left on device\n"


def test_ctrl_c_is_exit_130_without_traceback_or_output_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "ingresslint", "lint", "--format", "json", "-o", str(target), "-"],
        stdin=subprocess.PIPE,  # never closed: the run waits for stdin
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    time.sleep(2)  # past the imports, into the read of stdin
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err == b"ingresslint: interrupted\n" and out == b""
    assert list(tmp_path.iterdir()) == []  # no report, no temporary file


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_a_failed_write_keeps_the_old_file(option: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "in.yaml"
    path.write_text(BROKEN_INGRESS)
    target = tmp_path / "old.json"
    target.write_text('{"old": true}\n')

    def no_space(source: str, destination: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", no_space)
    code, _out, err = lint("--format", "json", option, str(target), str(path))
    assert (code, err) == (2, f"ingresslint: {target}: No space left on device\n")
    assert target.read_text() == '{"old": true}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.yaml", "old.json"]  # no temporary file left


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_a_missing_directory_is_exit_2_with_one_line(option: str, tmp_path: Path) -> None:
    path = tmp_path / "in.yaml"
    path.write_text(BROKEN_INGRESS)
    target = tmp_path / "absent" / "out.json"
    code, _out, err = lint(option, str(target), str(path))
    assert (code, err) == (2, f"ingresslint: {target}: the directory {target.parent} does not exist\n")


def test_a_written_report_replaces_the_old_one_with_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "in.yaml"
    path.write_text(BROKEN_INGRESS)
    target = tmp_path / "report.json"
    target.write_text("old")
    target.chmod(0o640)
    code, _, err = lint("--format", "json", "-o", str(target), str(path))
    assert code == 1 and err == ""
    assert json.loads(target.read_text())["summary"]["errors"] == 1
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_top_level_json_array_is_linted_and_reported() -> None:
    text = json.dumps(
        [
            json.loads(
                json.dumps(
                    {
                        "apiVersion": "networking.k8s.io/v1",
                        "kind": "Ingress",
                        "metadata": {"name": "a b"},
                        "spec": {"defaultBackend": {"service": {"name": "web", "port": {"number": 80}}}},
                    }
                )
            )
        ]
    )
    report = lint_text(text, name="list.json")
    rules = sorted((finding.rule, finding.line, finding.column) for finding in report.findings)
    assert ("yaml-syntax", 1, 1) in rules and any(rule == "metadata-name-invalid" for rule, _, _ in rules)
    syntax = next(finding for finding in report.findings if finding.rule == "yaml-syntax")
    assert "kubectl refuses the file" in syntax.message and "Its items were linted" in syntax.message
    assert report.objects == 1


def test_a_top_level_array_without_objects_is_skipped_as_before() -> None:
    report = lint_text("- a\n- b\n")
    assert report.findings == [] and report.skipped == 1


@pytest.mark.parametrize(("codec", "order", "offset"), [("utf-16-le", "LE", 1), ("utf-16-be", "BE", 0)])
def test_utf16_without_bom_gets_an_encoding_hint(codec: str, order: str, offset: int) -> None:
    report = lint_text("apiVersion: v1\nkind: List\nitems: []\n".encode(codec))
    (finding,) = report.findings
    assert finding.message == (
        f"binary content (a NUL byte at offset {offset}): it looks like UTF-16 {order} without a byte-order mark: save the file as UTF-8"
    )


UNPARSED_SECRET = """\
apiVersion: v1
kind: Secret
metadata:
  name: tls
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"data":{"tls.key":"LASTAPPLIED"}}
    owner: team-a
type: kubernetes.io/tls
data:
  tls.crt: CRTVALUE
  multi: |
    BLOCKLINE
    user:BLOCKPASS
stringData: {password: FLOWVALUE
broken: [
"""


def test_secret_values_are_masked_in_frames_of_a_secret_file_that_does_not_parse(tmp_path: Path) -> None:
    (tmp_path / "secret.yaml").write_text(UNPARSED_SECRET)
    code, out, _ = lint("--format", "text", str(tmp_path / "secret.yaml"))
    assert code == 1 and "[yaml-syntax]" in out and "stringData: *****" in out and "FLOWVALUE" not in out
    from ingresslint.reporters.masking import _mask_unparsed_secrets

    lines = UNPARSED_SECRET.splitlines()
    _mask_unparsed_secrets(lines)
    masked = "\n".join(lines)
    assert not [v for v in ("LASTAPPLIED", "CRTVALUE", "BLOCKLINE", "BLOCKPASS", "FLOWVALUE") if v in masked], masked
    assert lines[5:8] == [
        "    kubectl.kubernetes.io/last-applied-configuration: *****",
        "      *****",
        "    owner: team-a",
    ]
    assert lines[10:14] == ["  tls.crt: *****", "  multi: *****", "    *****", "    *****"]
    assert lines[14] == "stringData: *****" and lines[15] == "broken: ["


def test_a_document_that_only_mentions_secret_is_not_masked() -> None:
    from ingresslint.reporters.masking import _mask_unparsed_secrets

    lines = ["kind: ConfigMap", "data:", "  note: kind Secret", "---", "kind: Secret", "data:", "  k: v"]
    _mask_unparsed_secrets(lines)
    assert lines == ["kind: ConfigMap", "data:", "  note: kind Secret", "---", "kind: Secret", "data:", "  k: *****"]


@pytest.mark.parametrize(
    ("argv", "module"),
    [
        (["lint", "-"], "ingresslint.fast_argv"),
        (["lint", "-"], "ingresslint.lint_command"),  # the click-free path of a plain lint
        (["rules"], "ingresslint.cli"),
    ],
)
def test_ctrl_c_while_the_command_is_still_importing_is_exit_130(argv: list[str], module: str) -> None:
    # Ctrl-C landing while the command's modules are imported (a slow start-up), before click runs
    script = f"""
import builtins, runpy, sys
real = builtins.__import__
def interrupting(name, *args, **kwargs):
    if name == {module!r}:
        raise KeyboardInterrupt
    return real(name, *args, **kwargs)
builtins.__import__ = interrupting
sys.argv = ["ingresslint", *{argv!r}]
runpy.run_module("ingresslint", run_name="__main__")
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60, cwd=REPO)
    assert result.returncode == 130
    assert result.stderr == b"ingresslint: interrupted\n" and result.stdout == b""


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=20))
def test_escaping_skips_only_what_its_patterns_would_not_change(text: str) -> None:
    """visible/xml_safe return printable text as it is (their patterns compile on first need):
    the same as substituting with the patterns, whatever the text."""
    import re

    from ingresslint.reporters import escape

    for function, pattern in ((escape.visible, escape.TERMINAL_UNSAFE), (escape.xml_safe, escape.XML_UNSAFE)):
        assert function(text) == re.sub(pattern, escape._escape, text)


SPILLED_TEXT = "".join(f"line {n}: caf\u00e9 \U0001f600 bad\udcff.yaml\n" for n in range(200))  # a lone surrogate too


def rendered(text: str, piece: int = 7) -> output.Rendered:
    stream = output.Rendered()
    for start in range(0, len(text), piece):
        stream.write(text[start : start + piece])
    return stream


def small_blocks(monkeypatch: pytest.MonkeyPatch, spill_after: int = 100) -> list[object]:
    """Blocks of 64 characters, 100 kept in memory; returns the temporary files made."""
    import tempfile

    monkeypatch.setattr(output, "BLOCK", 64)
    monkeypatch.setattr(output, "SPILL_AFTER", spill_after)
    made: list[object] = []
    real = tempfile.TemporaryFile

    def counted(*args: object, **kwargs: object) -> object:
        made.append(real(*args, **kwargs))  # type: ignore[call-overload]
        return made[-1]

    monkeypatch.setattr(tempfile, "TemporaryFile", counted)
    return made


def test_a_big_report_waits_in_a_temporary_file(monkeypatch: pytest.MonkeyPatch) -> None:
    made = small_blocks(monkeypatch)
    stream = rendered(SPILLED_TEXT)
    assert len(made) == 1
    assert stream.getvalue() == SPILLED_TEXT and "".join(stream.pieces()) == SPILLED_TEXT  # read twice, whole
    assert all(len(piece) <= 64 for piece in stream.pieces())
    stream.close()
    assert made[0].closed  # type: ignore[attr-defined]
    assert len(made) == 1 and len(small_blocks(monkeypatch, spill_after=len(SPILLED_TEXT))) == 0
    assert rendered(SPILLED_TEXT).getvalue() == SPILLED_TEXT  # within SPILL_AFTER: no temporary file


def test_without_a_temporary_file_the_report_stays_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    small_blocks(monkeypatch)

    def refused(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "TemporaryFile", refused)
    assert rendered(SPILLED_TEXT).getvalue() == SPILLED_TEXT


def test_a_full_disk_while_spilling_keeps_the_rest_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import tempfile

    small_blocks(monkeypatch)

    class Filling(io.BytesIO):
        """Takes 150 bytes, part of a block, then is full."""

        def write(self, data: object) -> int:
            room = 150 - self.tell()
            if room <= 0:
                raise OSError(28, "No space left on device")
            return super().write(bytes(data)[:room])  # type: ignore[call-overload]

    monkeypatch.setattr(tempfile, "TemporaryFile", lambda *args, **kwargs: Filling())
    assert rendered(SPILLED_TEXT).getvalue() == SPILLED_TEXT


@pytest.mark.parametrize("form", ["text", "json"])
def test_a_spilled_report_is_the_same_report(form: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "in.yaml"
    path.write_text("---\n".join([BROKEN_INGRESS] * 40))
    kept = lint("--format", form, str(path))
    assert len(kept[1]) > 2000
    made = small_blocks(monkeypatch, spill_after=1000)
    assert lint("--format", form, str(path)) == kept
    assert lint("--format", form, "-o", str(tmp_path / "out"), str(path))[0] == kept[0]
    assert (tmp_path / "out").read_text() == kept[1]
    assert len(made) == 2 and all(file.closed for file in made)  # type: ignore[attr-defined]
