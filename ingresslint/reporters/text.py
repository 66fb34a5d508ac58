"""The terminal report: ``file:line:column: severity [rule-id] message`` and the object.

Colour: ``color`` True or False is decided by the caller (--color, NO_COLOR, CLICOLOR_FORCE);
None leaves it to rich: a terminal, or FORCE_COLOR / TTY_COMPATIBLE set.
"""

from __future__ import annotations

import os
from typing import IO, Any

from ingresslint.context import Context
from ingresslint.engine import Report
from ingresslint.model import Document, ObjectRef, Severity
from ingresslint.reporters.escape import visible

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
CLUSTER_SCOPED = frozenset({"IngressClass"})
CONTEXT_LINES = 1  # lines shown above and below the offending line in a code frame


def write(
    report: Report, ctx: Context, stream: IO[str], color: bool | None, quiet: bool, statistics: bool = False
) -> None:
    """``color`` None: rich decides (a terminal, FORCE_COLOR)."""
    if color is False or (color is None and not _rich_may_colour(stream)):
        console, Text = _PlainConsole(stream), _PlainText  # rich costs ~50 ms of start-up
    else:
        from rich.console import Console
        from rich.text import Text

        console = Console(
            file=stream,
            force_terminal=color,
            color_system="auto",
            highlight=False,
            soft_wrap=True,
            emoji=False,
        )
    if statistics:
        for row in statistics_rows(report):
            console.print(row)
    lines: tuple[str, list[str]] | None = None  # the lines of the file last shown (findings come by file)
    grouped: dict[str, list[Document]] | None = None  # the objects of each file, once a frame needs them
    for finding in [] if statistics else report.findings:
        line = Text()
        line.append(f"{visible(finding.file)}:{finding.line}:{finding.column}: ", style="bold")
        line.append(finding.severity.label, style=STYLES[finding.severity])
        line.append(f" [{finding.rule}] ", style="dim")
        line.append(visible(finding.message))
        console.print(line)
        if finding.object is not None:
            console.print(Text(f"  {visible(describe(finding.object, ctx))}", style="dim"))
        if lines is None or lines[0] != finding.file:
            from ingresslint.reporters.masking import by_source, masked_lines

            grouped = by_source(report) if grouped is None else grouped
            lines = (finding.file, masked_lines(report, finding.file, grouped.get(finding.file, [])))
        for row in code_frame(lines[1], finding.line, finding.column):
            console.print(Text(row, style="bold cyan" if row.rstrip().endswith("^") else ""))
    if not quiet:
        console.print(Text(summary(report), style="bold"))


def describe(ref: ObjectRef, ctx: Context) -> str:
    """``Ingress default/web``: namespaced objects without a namespace are in ctx.namespace."""
    namespace = ref.namespace if ref.namespace or ref.kind in CLUSTER_SCOPED else ctx.namespace
    return ObjectRef(ref.api_version, ref.kind, namespace, ref.name).describe()


def code_frame(lines: list[str], line: int, column: int) -> list[str]:
    """The offending line with a caret under ``column`` and a line of context, like ruff;
    control characters are shown escaped (``\\x1b``), never sent to the terminal."""
    if not 1 <= line <= len(lines):
        return []
    first, last = max(1, line - CONTEXT_LINES), min(len(lines), line + CONTEXT_LINES)
    width = len(str(last))
    gutter = " " * width + " |"
    rows = [gutter]
    for number in range(first, last + 1):
        rows.append(f"{number:>{width}} | {visible(lines[number - 1])}".rstrip())
        if number == line:
            pad = "".join(char if char == "\t" else " " for char in visible(lines[number - 1][: column - 1]))
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


_RICH_TERMINAL_VARIABLES = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES")


def _rich_may_colour(stream: IO[str]) -> bool:
    """False when rich would surely write no colour: not a terminal and no variable that
    makes it pretend one."""
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return True
    return any(name in os.environ for name in _RICH_TERMINAL_VARIABLES)


class _PlainText:
    """What the report builds with rich's Text, without colour: the text alone."""

    def __init__(self, text: str = "", style: str = "") -> None:
        self.parts = [text]

    def append(self, text: str, style: str = "") -> None:
        self.parts.append(text)

    def __str__(self) -> str:
        return "".join(self.parts)


class _PlainConsole:
    """rich's Console without colour, for the lines it would print unchanged (printable
    text without tabs); any other line (rich strips some control codes and expands tabs by
    cell width) is printed by rich itself, so the output is the same byte for byte."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.rich: Any = None

    def print(self, text: object) -> None:
        line = str(text)
        if all(part.isprintable() for part in line.split("\n")):
            self.stream.write(line + "\n")
            return
        if self.rich is None:
            from rich.console import Console

            self.rich = Console(file=self.stream, color_system=None, highlight=False, soft_wrap=True, emoji=False)
        from rich.text import Text

        self.rich.print(Text(line))
