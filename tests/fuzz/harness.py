"""One fuzz input through the whole run, and every output format checked to parse.

Shared by the bounded hypothesis tests (tests/test_fuzz.py, run in CI) and the coverage-guided
atheris target (tests/fuzz/atheris_lint.py, run locally for long sessions). An input is the
bytes of one file and its name; the run must not raise, and each report must be valid:
JSON and SARIF parse as JSON with their required keys, JUnit parses as XML, the text report
holds no raw control character, and GitHub workflow commands stay one per line.
"""

from __future__ import annotations

import io
import json
import re
from xml.etree import ElementTree as ET

from ingresslint.context import Context
from ingresslint.engine import Report, lint
from ingresslint.sources import Source

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def run_one(content: bytes, name: str = "fuzz.yaml", ctx: Context | None = None) -> Report:
    """Lint ``content`` and check every format's output; raises on any defect."""
    ctx = ctx or Context()
    report = lint([Source(name, content, len(content))], ctx)
    check_outputs(report, ctx)
    return report


def check_outputs(report: Report, ctx: Context) -> None:
    from ingresslint.reporters import github, junit, sarif, text
    from ingresslint.reporters import json as json_reporter

    document = json.loads(_encodable(json_reporter.render(report, ctx)))
    assert len(document["findings"]) == len(report.findings)
    log = json.loads(_encodable(sarif.render(report, ctx)))
    assert len(log["runs"][0]["results"]) == len(report.findings)
    ET.fromstring(_encodable(junit.render(report, ctx)).encode("utf-8"))
    commands = _encodable(github.render(report, ctx)).rstrip("\n").split("\n")  # the runner splits on LF only
    assert len(commands) == len(report.findings) + 1, "a finding spans lines in the GitHub output"
    stream = io.StringIO()
    text.write(report, ctx, stream, color=False, quiet=False)
    shown = _encodable(stream.getvalue())
    assert not RAW_CONTROL.search(shown), f"raw control character in the text report: {RAW_CONTROL.search(shown)!r}"


def _encodable(rendered: str) -> str:
    """What reaches a UTF-8 file or stdout (the CLI writes with backslashreplace)."""
    return rendered.encode("utf-8", "backslashreplace").decode("utf-8")
