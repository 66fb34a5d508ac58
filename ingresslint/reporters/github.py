"""GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=…::message``.

Escaping follows GitHub's runner (actions/toolkit, command.ts): in data ``%``, ``\\r`` and
``\\n`` are percent-encoded; in property values ``:`` and ``,`` are as well.
"""

from __future__ import annotations

from ingresslint.context import Context
from ingresslint.engine import Report
from ingresslint.model import Finding, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding) -> str:
    properties = {
        "file": finding.file,
        "line": str(finding.line),
        "col": str(finding.column),
        "title": f"ingresslint {finding.rule}",
    }
    rendered = ",".join(f"{name}={escape_property(value)}" for name, value in properties.items())
    return f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(finding.message)}"


def render(report: Report, ctx: Context) -> str:
    from ingresslint.reporters.text import summary

    lines = [command(finding) for finding in report.findings]
    lines.append(f"ingresslint: {summary(report)}")
    return "\n".join(lines) + "\n"
