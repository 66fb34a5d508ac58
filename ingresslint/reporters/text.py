"""The terminal report: ``file:line:column: severity [rule-id] message`` and the object.

Colour: ``color`` True or False is decided by the caller (--color, NO_COLOR, CLICOLOR_FORCE);
None leaves it to rich: a terminal, or FORCE_COLOR / TTY_COMPATIBLE set.
"""

from __future__ import annotations

from typing import IO

from ingresslint.context import Context
from ingresslint.engine import Report
from ingresslint.model import ObjectRef, Severity

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
CLUSTER_SCOPED = frozenset({"IngressClass"})
CONTEXT_LINES = 1  # lines shown above and below the offending line in a code frame


def write(
    report: Report, ctx: Context, stream: IO[str], color: bool | None, quiet: bool, statistics: bool = False
) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(
        file=stream,
        force_terminal=color,
        color_system=None if color is False else "auto",
        no_color=color is False,
        highlight=False,
        soft_wrap=True,
        emoji=False,
    )
    if statistics:
        for row in statistics_rows(report):
            console.print(row)
    lines: dict[str, list[str]] = {}
    for finding in [] if statistics else report.findings:
        line = Text()
        line.append(f"{finding.file}:{finding.line}:{finding.column}: ", style="bold")
        line.append(finding.severity.label, style=STYLES[finding.severity])
        line.append(f" [{finding.rule}] ", style="dim")
        line.append(finding.message)
        console.print(line)
        if finding.object is not None:
            console.print(Text(f"  {describe(finding.object, ctx)}", style="dim"))
        if finding.file not in lines:
            lines[finding.file] = report.lines(finding.file)
        for row in code_frame(lines[finding.file], finding.line, finding.column):
            console.print(Text(row, style="bold cyan" if row.rstrip().endswith("^") else ""))
    if not quiet:
        console.print(Text(summary(report), style="bold"))


def describe(ref: ObjectRef, ctx: Context) -> str:
    """``Ingress default/web``: namespaced objects without a namespace are in ctx.namespace."""
    namespace = ref.namespace if ref.namespace or ref.kind in CLUSTER_SCOPED else ctx.namespace
    return ObjectRef(ref.api_version, ref.kind, namespace, ref.name).describe()


def code_frame(lines: list[str], line: int, column: int) -> list[str]:
    """The offending line with a caret under ``column`` and a line of context, like ruff."""
    if not 1 <= line <= len(lines):
        return []
    first, last = max(1, line - CONTEXT_LINES), min(len(lines), line + CONTEXT_LINES)
    width = len(str(last))
    gutter = " " * width + " |"
    rows = [gutter]
    for number in range(first, last + 1):
        rows.append(f"{number:>{width}} | {lines[number - 1]}".rstrip())
        if number == line:
            pad = "".join(char if char == "\t" else " " for char in lines[number - 1][: column - 1])
            rows.append(f"{gutter} {pad}^")
    return rows


def statistics_counts(report: Report) -> list[tuple[str, int, Severity]]:
    """(rule id, count, worst severity) per rule, most frequent first."""
    counts: dict[str, tuple[int, Severity]] = {}
    for finding in report.findings:
        count, severity = counts.get(finding.rule, (0, finding.severity))
        counts[finding.rule] = (count + 1, max(severity, finding.severity))
    ordered = sorted(counts.items(), key=lambda item: (-item[1][0], item[0]))
    return [(rule, count, severity) for rule, (count, severity) in ordered]


def statistics_rows(report: Report) -> list[str]:
    """``count  rule-id  severity`` per rule, most frequent first (``--statistics``)."""
    counts = statistics_counts(report)
    width = max((len(rule) for rule, _, _ in counts), default=0)
    return [f"{count:>5}  {rule:<{width}}  {severity.label}" for rule, count, severity in counts]


def summary(report: Report) -> str:
    counts = [
        _plural(report.count(Severity.ERROR), "error"),
        _plural(report.count(Severity.WARNING), "warning"),
        _plural(report.count(Severity.INFO), "info"),
    ]
    scope = f"{_plural(report.files, 'file')}, {_plural(report.objects, 'object')}"
    if report.skipped:
        scope += f", {_plural(report.skipped, 'non-Kubernetes document')} skipped"
    if report.suppressed:
        scope += f"; {report.suppressed} suppressed"
    if report.baselined:
        scope += f"; {report.baselined} in the baseline"
    return f"{', '.join(counts)} in {scope}."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
