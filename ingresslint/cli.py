"""The command line: ``ingresslint lint``, ``rules`` and ``explain``.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or
environment error (one line on stderr).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, NoReturn

import click

from ingresslint import __version__

if TYPE_CHECKING:
    from ingresslint.context import Context
    from ingresslint.engine import Report
    from ingresslint.metadata import RuleDoc

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
SEVERITY_CHOICES = ("error", "warning", "info")


def _fail(message: str) -> NoReturn:
    click.echo(f"ingresslint: {message}", err=True)
    sys.exit(EXIT_USAGE)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ingresslint")
def main() -> None:
    """Lint Kubernetes Ingress and IngressClass manifests: what the API server would reject,
    and what it accepts but will not work."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option("--kube-version", metavar="1.NN", help="Target Kubernetes version (default: the newest supported).")
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITY_CHOICES),
    default="error",
    show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
@click.option(
    "--namespace", default="default", show_default=True, help="Namespace of objects without metadata.namespace."
)
@click.option("--quiet", "-q", is_flag=True, help="No summary line.")
@click.option("--no-color", is_flag=True, help="No colour, even on a terminal.")
def lint(
    paths: tuple[str, ...],
    output_format: str,
    kube_version: str | None,
    fail_on: str,
    namespace: str,
    quiet: bool,
    no_color: bool,
) -> None:
    """Lint the manifests in PATHS (files, directories, or - for stdin)."""
    from ingresslint.context import Context
    from ingresslint.engine import lint as run_lint
    from ingresslint.model import Severity
    from ingresslint.sources import SourceError, iter_sources
    from ingresslint.versions import NEWEST, VersionError, parse_kube_version

    try:
        version = parse_kube_version(kube_version) if kube_version else NEWEST
    except VersionError as error:
        _fail(str(error))
    ctx = Context(kube_version=version, namespace=namespace)
    try:
        report = run_lint(list(iter_sources(list(paths))), ctx)
    except SourceError as error:
        _fail(str(error))
    _write_report(report, ctx, output_format, no_color, quiet)
    worst = report.worst()
    sys.exit(EXIT_FINDINGS if worst is not None and worst >= Severity.parse(fail_on) else EXIT_CLEAN)


def _write_report(report: Report, ctx: Context, output_format: str, no_color: bool, quiet: bool) -> None:
    if output_format == "json":
        from ingresslint.reporters import json as json_reporter

        sys.stdout.write(json_reporter.render(report, ctx))
        return
    from ingresslint.reporters import text

    color = not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()
    text.write(report, ctx, sys.stdout, color=color, quiet=quiet)


@main.command("rules")
def list_rules() -> None:
    """List every rule: id, severity and summary."""
    from ingresslint.metadata import rule_doc
    from ingresslint.registry import RULES

    docs = [rule_doc(rule_id) for rule_id in RULES]
    width = max(len(doc.id) for doc in docs)
    for doc in docs:
        click.echo(f"{doc.id:<{width}}  {doc.severity.label:<7}  {doc.summary}")


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Print the documentation of one rule, with its examples."""
    from ingresslint.metadata import rule_doc
    from ingresslint.registry import RULES

    if rule_id not in RULES:
        _fail(f"unknown rule {rule_id!r}{_did_you_mean(rule_id, list(RULES))}; `ingresslint rules` lists them")
    click.echo(render_rule_doc(rule_doc(rule_id)))


def render_rule_doc(doc: RuleDoc) -> str:
    parts = [f"{doc.id} ({doc.name}) — {doc.severity.label}", "", doc.summary, "", doc.rationale]
    if doc.server_message:
        parts += ["", "The API server says:", f"    {doc.server_message.strip()}"]
    parts += ["", "Bad:", _indent(doc.bad), "Good:", _indent(doc.good), f"Reference: {doc.reference}"]
    return "\n".join(parts)


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" if line.strip() else "\n" for line in text.splitlines())


def _did_you_mean(word: str, choices: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
