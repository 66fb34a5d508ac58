"""The terminal report: ``file:line:column: severity [rule-id] message`` and the object.

Colour only on a terminal, never with NO_COLOR or --no-color (rich honours NO_COLOR).
"""

from __future__ import annotations

from typing import IO

from ingresslint.context import Context
from ingresslint.engine import Report
from ingresslint.model import ObjectRef, Severity

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
CLUSTER_SCOPED = frozenset({"IngressClass"})


def write(report: Report, ctx: Context, stream: IO[str], color: bool, quiet: bool) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(
        file=stream,
        force_terminal=color,
        color_system="auto" if color else None,
        highlight=False,
        soft_wrap=True,
        emoji=False,
    )
    for finding in report.findings:
        line = Text()
        line.append(f"{finding.file}:{finding.line}:{finding.column}: ", style="bold")
        line.append(finding.severity.label, style=STYLES[finding.severity])
        line.append(f" [{finding.rule}] ", style="dim")
        line.append(finding.message)
        console.print(line)
        if finding.object is not None:
            console.print(Text(f"  {describe(finding.object, ctx)}", style="dim"))
    if not quiet:
        console.print(Text(summary(report), style="bold"))


def describe(ref: ObjectRef, ctx: Context) -> str:
    """``Ingress default/web``: namespaced objects without a namespace are in ctx.namespace."""
    namespace = ref.namespace if ref.namespace or ref.kind in CLUSTER_SCOPED else ctx.namespace
    return ObjectRef(ref.api_version, ref.kind, namespace, ref.name).describe()


def summary(report: Report) -> str:
    counts = [
        _plural(report.count(Severity.ERROR), "error"),
        _plural(report.count(Severity.WARNING), "warning"),
        _plural(report.count(Severity.INFO), "info"),
    ]
    scope = f"{_plural(report.files, 'file')}, {_plural(report.objects, 'object')}"
    if report.skipped:
        scope += f", {_plural(report.skipped, 'non-Kubernetes document')} skipped"
    return f"{', '.join(counts)} in {scope}."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
