"""The terminal report: ``file:line:column: severity [rule-id] message`` and the object.

Colour: ``color`` True or False is decided by the caller (--color, NO_COLOR, CLICOLOR_FORCE);
None leaves it to rich: a terminal, or FORCE_COLOR / TTY_COMPATIBLE set.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from itertools import chain
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

        console = _RichConsole(
            Console(
                file=stream,
                force_terminal=color,
                color_system="auto",
                highlight=False,
                soft_wrap=True,
                emoji=False,
            ),
            Text,
        )
    if statistics:
        for row in statistics_rows(report):
            console.print(row)
    lines: tuple[str, list[str]] | None = None  # the lines of the file last shown (findings come by file)
    by_source: dict[str, list[Document]] | None = None
    objects: dict[ObjectRef, str] = {}  # an object's line, once per object (most have several findings)
    for finding in [] if statistics else report.findings:
        header = (
            (f"{visible(finding.file)}:{finding.line}:{finding.column}: ", "bold"),
            (finding.severity.label, STYLES[finding.severity]),
            (f" [{finding.rule}] ", "dim"),
            (visible(finding.message), ""),
        )
        rows: list[tuple[str, str]] = []
        if finding.object is not None:
            described = objects.get(finding.object)
            if described is None:
                described = objects[finding.object] = f"  {visible(describe(finding.object, ctx))}"
            rows.append((described, "dim"))
        if lines is None or lines[0] != finding.file:
            from ingresslint.reporters.masking import documents_by_source, masked_lines

            by_source = documents_by_source(report) if by_source is None else by_source
            lines = (finding.file, masked_lines(report, finding.file, by_source.get(finding.file, [])))
        for row in code_frame(lines[1], finding.line, finding.column):
            rows.append((row, "bold cyan" if row.rstrip().endswith("^") else ""))
        console.print_finding(header, rows)
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
        shown = visible(lines[number - 1])
        rows.append(f"{number:>{width}} | {shown}".rstrip())
        if number == line:
            before = shown if column - 1 >= len(lines[number - 1]) else visible(lines[number - 1][: column - 1])
            pad = "".join(char if char == "\t" else " " for char in before)
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


class _RichConsole:
    """rich's Console, printing a finding as styled Text."""

    def __init__(self, console: Any, text: Any) -> None:
        self.console, self.text = console, text

    def print(self, text: object) -> None:
        self.console.print(text)

    def print_finding(self, header: Iterable[tuple[str, str]], rows: Iterable[tuple[str, str]]) -> None:
        line = self.text()
        for part, style in header:
            line.append(part, style=style)
        self.console.print(line)
        for row, style in rows:
            self.console.print(self.text(row, style=style))


class _PlainConsole:
    """rich's Console without colour, for the lines it would print unchanged (printable
    text without tabs); any other line (rich strips some control codes and expands tabs by
    cell width) is printed by rich itself, so the output is the same byte for byte."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.rich: Any = None

    def print(self, text: object) -> None:
        line = str(text)
        if _unchanged_by_rich(line):
            self.stream.write(line + "\n")
            return
        if self.rich is None:
            from rich.console import Console

            self.rich = Console(file=self.stream, color_system=None, highlight=False, soft_wrap=True, emoji=False)
        from rich.text import Text

        self.rich.print(Text(line))

    def print_finding(self, header: Iterable[tuple[str, str]], rows: Iterable[tuple[str, str]]) -> None:
        """The finding's lines in one write (a few hundred thousand lines in a big report)."""
        block: list[str] = []
        for line in chain(("".join(part for part, _ in header),), (row for row, _ in rows)):
            if _unchanged_by_rich(line):
                block.append(line + "\n")
                continue
            self.stream.write("".join(block))
            block.clear()
            self.print(line)
        self.stream.write("".join(block))


def _unchanged_by_rich(line: str) -> bool:
    return line.isprintable() or all(part.isprintable() for part in line.split("\n"))
