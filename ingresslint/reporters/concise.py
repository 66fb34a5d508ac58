"""One line per finding, ``file:line:col: severity [rule-id] message``, like ``ruff
--output-format concise`` and ``yamllint -f parsable``: for editors' error formats and grep."""

from __future__ import annotations

from ingresslint.context import Context
from ingresslint.engine import Report
from ingresslint.model import Finding


def line(finding: Finding) -> str:
    message = " ".join(finding.message.split())  # one finding, one line
    return f"{finding.file}:{finding.line}:{finding.column}: {finding.severity.label} [{finding.rule}] {message}"


def render(report: Report, ctx: Context, quiet: bool = False, statistics: bool = False) -> str:
    from ingresslint.reporters.text import statistics_rows, summary

    lines = statistics_rows(report) if statistics else [line(finding) for finding in report.findings]
    if not quiet:
        lines.append(summary(report))
    return "".join(f"{text}\n" for text in lines)
