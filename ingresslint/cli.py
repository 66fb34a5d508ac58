"""The command line: ``ingresslint lint``, ``rules``, ``explain``, ``route`` and ``routes``.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or
environment error (one line on stderr). ``route``: 0 a path serves the URL, 1 only a default
backend does, 2 usage or input error. ``routes``: 0, or 2.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ingresslint import __version__
from ingresslint.lint_command import EXIT_CLEAN, EXIT_FINDINGS, lint_main
from ingresslint.lint_command import cluster_context as _cluster_context
from ingresslint.lint_command import fail as _fail
from ingresslint.lint_command import internal_error as _internal_error
from ingresslint.lint_command import load_config as _load_config

if TYPE_CHECKING:
    from ingresslint.metadata import RuleDoc

SEVERITY_CHOICES = ("error", "warning", "info")
F = TypeVar("F", bound=Callable[..., Any])


class _Group(click.Group):
    """Ctrl-C is exit 130 with one line, not click's "Aborted!" and exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            from ingresslint.__main__ import interrupted

            interrupted()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="ingresslint")
def main() -> None:
    """Lint Kubernetes Ingress and IngressClass manifests: what the API server would reject,
    and what it accepts but will not work."""


def cluster_options(command: F) -> F:
    """--cluster and the options that go with it (lint, route, routes)."""
    options = [
        click.option(
            "--cluster",
            is_flag=True,
            help="Also read the live cluster: references (lint), Ingresses and IngressClasses (route, routes); read-only, the files win.",
        ),
        click.option(
            "--kubeconfig",
            type=click.Path(dir_okay=False),
            help="With --cluster: kubeconfig file (default: KUBECONFIG, then ~/.kube/config; in a Pod: its service account).",
        ),
        click.option(
            "--context", "kube_context", metavar="NAME", help="With --cluster: kubeconfig context (default: current)."
        ),
        click.option(
            "--cluster-timeout",
            type=click.FloatRange(min=0, min_open=True),
            default=10.0,
            show_default=True,
            metavar="SECONDS",
            help="With --cluster: bound on every request to the API server.",
        ),
        click.option(
            "--no-secret-data",
            is_flag=True,
            help="With --cluster: read Secret metadata only (existence checks, no data).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _complete_rule_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Shell completion of rule ids (``explain``, ``--select``, ``--ignore``), after a comma too."""
    from ingresslint.registry import RULES

    done, _, word = incomplete.rpartition(",")
    prefix = f"{done}," if done else ""
    return [f"{prefix}{rule_id}" for rule_id in RULES if rule_id.startswith(word)]


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "output_formats",
    type=click.Choice(["text", "concise", "json", "sarif", "junit", "github"]),
    multiple=True,
    help="Report format  [default: text]. Repeatable: the n-th --format goes to the n-th --output, the rest to stdout.",
)
@click.option(
    "--output",
    "-o",
    "outputs",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Write the report to FILE instead of stdout (repeatable, paired with --format in order).",
)
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    shell_complete=_complete_rule_ids,
    help="Run only these rules: ids or globs (tls-*), comma-separated or repeated.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="RULES",
    shell_complete=_complete_rule_ids,
    help="Do not run these rules: ids or globs, comma-separated or repeated.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (2 still means a usage error).")
@click.option("--fail-if-no-objects", is_flag=True, help="Exit 1 when the run finds no file or no Kubernetes object.")
@click.option("--kube-version", metavar="1.NN", help="Target Kubernetes version (default: the newest supported).")
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITY_CHOICES),
    help="Lowest severity that makes the exit code 1.  [default: error]",
)
@click.option("--namespace", help="Namespace of objects without metadata.namespace.  [default: default]")
@click.option(
    "--require-refs/--no-require-refs",
    default=None,
    help="Report every Service and Secret reference missing from the linted files, not only in namespaces that have some.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Configuration file (default: .ingresslint.yaml or [tool.ingresslint] in pyproject.toml, here or above).",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="PATTERN",
    help="Skip paths matching PATTERN (gitignore syntax, relative to the working directory; repeatable).",
)
@click.option(
    "--respect-gitignore/--no-respect-gitignore",
    default=None,
    help="Skip what .gitignore files ignore when walking directories; --refs-from reads only git-tracked files.  [default: respect]",
)
@click.option(
    "--stdin-filename", metavar="NAME", help="The file name findings give standard input (-), in every format."
)
@click.option(
    "--refs-from",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="Also read the manifests under DIR for references, classes and conflicts; report only PATHS (repeatable).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Parse every --refs-from file again instead of reusing the objects of files whose bytes have not changed.",
)
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), help="Report only findings not in FILE.")
@click.option(
    "--write-baseline", "write_baseline_file", type=click.Path(dir_okay=False), help="Record the findings in FILE."
)
@click.option("--statistics", is_flag=True, help="A count per rule: instead of the findings (text), or added (json).")
@click.option("--quiet", "-q", is_flag=True, help="No summary line.")
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour of the text format; auto: on a terminal, or FORCE_COLOR / CLICOLOR_FORCE set, not with NO_COLOR set.",
)
@click.option("--no-color", is_flag=True, help="Same as --color never.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="Worker processes for big runs (many files or bytes); 0: one per CPU. The report is the same.  [default: 0]",
)
@cluster_options
@click.option("--fix", "apply_fixes", is_flag=True, help="First apply every safe fix in place (see ingresslint fix).")
def lint(**params: Any) -> None:
    """Lint the manifests in PATHS (files, directories, or - for stdin)."""
    lint_main(**params)  # the options as click parsed them: lint_main's parameters, typed there


@main.command("config")
@click.option("--show", is_flag=True, help="Print the effective configuration and where each value came from.")
@click.option("--schema", "print_schema", is_flag=True, help="Print the JSON Schema of the configuration file.")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), help="Configuration file.")
@click.pass_context
def config_command(click_ctx: click.Context, show: bool, print_schema: bool, config_file: str | None) -> None:
    """Show the configuration ingresslint lint would use here."""
    from ingresslint.config import show as show_config

    if print_schema:
        import json

        from ingresslint.config import schema

        click.echo(json.dumps(schema(), indent=2))
        return
    if not show:
        click.echo(click_ctx.get_help())
        return
    click.echo(show_config(_load_config(config_file)), nl=False)


@main.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(output_format: str) -> None:
    """List every rule: id, severity and summary."""
    from ingresslint.metadata import rule_doc
    from ingresslint.registry import RULES

    docs = [rule_doc(rule_id) for rule_id in RULES]
    if output_format == "json":
        click.echo(rules_json(docs), nl=False)
        return
    width = max(len(doc.id) for doc in docs)
    for doc in docs:
        click.echo(f"{doc.id:<{width}}  {doc.severity.label:<7}  {doc.summary}")


def rules_json(docs: list[RuleDoc]) -> str:
    """``ingresslint rules --format json``: one object per rule, in registry order."""
    import json

    from ingresslint.project import rule_url

    rows = [
        {
            "id": doc.id,
            "name": doc.name,
            "severity": doc.severity.label,
            "summary": doc.summary,
            "url": rule_url(doc.id),
            "reference": doc.reference,
        }
        for doc in docs
    ]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


@main.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script (click's), e.g. eval "$(ingresslint completion bash)"."""
    from click.shell_completion import get_completion_class

    completer = get_completion_class(shell)
    assert completer is not None  # click ships bash, zsh and fish
    click.echo(completer(main, {}, "ingresslint", "_INGRESSLINT_COMPLETE").source())


@main.command()
@click.argument("rule_id", shell_complete=_complete_rule_ids)
def explain(rule_id: str) -> None:
    """Print the documentation of one rule, with its examples."""
    from ingresslint.metadata import rule_doc
    from ingresslint.registry import RULES

    if rule_id not in RULES:
        from ingresslint.suggest import did_you_mean

        _fail(f"unknown rule {rule_id!r}{did_you_mean(rule_id, RULES)}; `ingresslint rules` lists them")
    click.echo(render_rule_doc(rule_doc(rule_id)))


def render_rule_doc(doc: RuleDoc) -> str:
    parts = [f"{doc.id} ({doc.name}) — {doc.severity.label}", "", doc.summary, "", doc.rationale]
    if doc.server_message:
        parts += ["", "The API server says:", f"    {doc.server_message.strip()}"]
    where = (
        f" ({doc.example_path}, in a directory with {', '.join(doc.example_files or {})})" if doc.example_path else ""
    )
    parts += ["", f"Bad{where}:", _indent(doc.bad), "Good:", _indent(doc.good), f"Reference: {doc.reference}"]
    return "\n".join(parts)


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" if line.strip() else "\n" for line in text.splitlines())


ROUTE_FORMATS = click.Choice(["text", "json"])


@main.command("route")
@click.argument("url")
@click.argument("paths", nargs=-1, required=True)
@click.option("--class", "class_name", metavar="NAME", help="Route in this IngressClass only (default: every class).")
@click.option("--format", "output_format", type=ROUTE_FORMATS, default="text", show_default=True, help="Output format.")
@cluster_options
def route_command(url: str, paths: tuple[str, ...], class_name: str | None, output_format: str, **cluster: Any) -> None:
    """Show which Ingress path and backend serve URL, and why every other candidate lost.

    Exit code 0 when a path serves it, 1 when only a default backend does."""
    import json

    from ingresslint import routing

    try:
        request = routing.parse_url(url)
        table = _routing_table(paths, cluster)
        decisions = routing.route(request, table, class_name)
    except routing.RouteError as error:
        _fail(str(error))
    if output_format == "json":
        click.echo(json.dumps(routing.route_json(request, decisions, table), indent=2))
    else:
        click.echo(routing.render_route_text(request, decisions, table), nl=False)
    sys.exit(EXIT_CLEAN if routing.routed(decisions) else EXIT_FINDINGS)


@main.command("routes")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=ROUTE_FORMATS, default="text", show_default=True, help="Output format.")
@cluster_options
def routes_command(paths: tuple[str, ...], output_format: str, **cluster: Any) -> None:
    """Print the routing table of the Ingresses in PATHS: host, path, backend, TLS, class, source."""
    import json

    from ingresslint import routing

    try:
        table = _routing_table(paths, cluster)
        if not table.ingresses:
            raise routing.RouteError("no networking.k8s.io/v1 Ingress in the inputs")
    except routing.RouteError as error:
        _fail(str(error))
    if output_format == "json":
        click.echo(json.dumps(routing.routes_json(table), indent=2))
    elif sys.stdout.isatty() and "NO_COLOR" not in os.environ:
        routing.print_routes_rich(table)
    else:
        click.echo(routing.render_routes_text(table), nl=False)


def _routing_table(paths: tuple[str, ...], cluster: dict[str, Any]) -> Any:
    """The routing table of PATHS (and the cluster with --cluster); a file that does not load
    is an input error: every problem on stderr, exit 2."""
    from ingresslint.context import Context
    from ingresslint.loader import load_sources
    from ingresslint.model import Severity
    from ingresslint.resolver import ResolverFailed
    from ingresslint.routing import build_table
    from ingresslint.sources import SourceError, iter_sources

    config = _load_config(None)
    ctx = Context(namespace=config["namespace"])
    ctx = _cluster_context(
        ctx,
        config,
        cluster["cluster"],
        cluster["kubeconfig"],
        cluster["kube_context"],
        cluster["cluster_timeout"],
        cluster["no_secret_data"],
    )
    try:
        loaded = load_sources(iter_sources(list(paths), tuple(config["exclude"])))
        errors = [finding for finding in loaded.findings if finding.severity == Severity.ERROR]
        for finding in errors:
            click.echo(f"{finding.file}:{finding.line}:{finding.column}: {finding.message}", err=True)
        if errors:
            _fail(f"{len(errors)} input problem(s): fix them first (ingresslint lint reports them too)")
        return build_table(loaded.documents, ctx)
    except (SourceError, ResolverFailed) as error:  # ResolverFailed: the live cluster refused us mid-run
        _fail(str(error))
    except Exception as error:  # a bug of ours: one clear line, not a traceback
        _internal_error(error)


@main.command("gateway")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["blocked", "review"]),
    help="Exit 1 when an Ingress has this verdict or a worse one (default: exit 0 whatever the verdicts).",
)
@click.option("--namespace", help="Namespace of objects without metadata.namespace.  [default: default]")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files matching GLOB (repeatable).")
@click.option("--no-color", is_flag=True, help="No colour, even on a terminal.")
@cluster_options
def gateway_command(
    paths: tuple[str, ...],
    output_format: str,
    fail_on: str | None,
    namespace: str | None,
    exclude: tuple[str, ...],
    no_color: bool,
    cluster: bool,
    kubeconfig: str | None,
    kube_context: str | None,
    cluster_timeout: float,
    no_secret_data: bool,
) -> None:
    """What moving each Ingress in PATHS to the Gateway API takes (ingress2gateway v1.1, gateway-api v1.6)."""
    from ingresslint import gateway
    from ingresslint.context import Context, ManifestSet
    from ingresslint.loader import load_sources
    from ingresslint.resolver import ResolverFailed
    from ingresslint.sources import SourceError, iter_sources

    config = _load_config(None).override({"namespace": namespace, "exclude": exclude})
    ctx = Context(namespace=config["namespace"])
    ctx = _cluster_context(ctx, config, cluster, kubeconfig, kube_context, cluster_timeout, no_secret_data)
    try:
        loaded = load_sources(iter_sources(list(paths), tuple(config["exclude"])))
        report = gateway.analyse(ManifestSet(tuple(loaded.documents)), ctx)
    except (SourceError, ResolverFailed) as error:  # ResolverFailed: the live cluster refused us mid-run
        _fail(str(error))
    except Exception as error:  # a bug of ours: one clear line, not a traceback
        _internal_error(error)
    for problem in loaded.findings:  # documents that could not be read: never silently skipped
        click.echo(f"{problem.file}:{problem.line}:{problem.column}: {problem.rule}: {problem.message}", err=True)
    if output_format == "json":
        click.echo(gateway.render_json(report), nl=False)
    elif sys.stdout.isatty():
        gateway.print_rich(report, color=not no_color and "NO_COLOR" not in os.environ)
    else:
        click.echo(gateway.render_plain(report), nl=False)
    failing = {"blocked": {"blocked"}, "review": {"review", "blocked"}}.get(fail_on or "", set())
    worse = any(migration.verdict in failing for migration in report.migrations)
    sys.exit(EXIT_FINDINGS if worse or loaded.findings else EXIT_CLEAN)


@main.command("fix")
@click.argument("paths", nargs=-1, required=True)
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the fixes; write nothing.")
@click.option(
    "--select",
    "select",
    metavar="RULE,...",
    help="Apply only the fixes of these rules (default: every fixable rule; see README).",
)
@click.option(
    "--path-type",
    type=click.Choice(["Prefix", "Exact", "ImplementationSpecific"]),
    default="Prefix",
    show_default=True,
    help="pathType added to v1 paths without one (regex paths get ImplementationSpecific).",
)
@click.option("--kube-version", metavar="1.NN", help="Target Kubernetes version (default: the newest supported).")
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITY_CHOICES),
    default="error",
    show_default=True,
    help="Lowest severity of a remaining finding that makes the exit code 1.",
)
@click.option("--quiet", "-q", is_flag=True, help="No summary.")
def fix_command(
    paths: tuple[str, ...],
    show_diff: bool,
    select: str | None,
    path_type: str,
    kube_version: str | None,
    fail_on: str,
    quiet: bool,
) -> None:
    """Fix what can be fixed in PATHS in place, keeping comments and layout (- : stdin to stdout)."""
    from ingresslint.fixer import FIXABLE

    rules = tuple(FIXABLE)
    if select:
        rules = tuple(rule.strip() for rule in select.split(",") if rule.strip())
        unknown = [rule for rule in rules if rule not in FIXABLE]
        if unknown:
            _fail(f"--select: no fix for {', '.join(unknown)}; fixable rules: {', '.join(FIXABLE)}")
    try:
        code = run_fix(paths, rules, path_type, kube_version, fail_on, show_diff, quiet)
    except Exception as error:  # a bug of ours: one clear line, not a traceback
        _internal_error(error)
    sys.exit(code)


def run_fix(
    paths: tuple[str, ...],
    rules: tuple[str, ...],
    path_type: str,
    kube_version: str | None,
    fail_on: str,
    show_diff: bool,
    quiet: bool,
    report: bool = True,
) -> int:
    """Fix PATHS; the exit code for what remains (``report=False``: write only, for lint --fix)."""
    from collections import Counter

    from ingresslint.context import Context
    from ingresslint.engine import lint as run_lint
    from ingresslint.fixer import FixOptions, fix_source, unified_diff, write_atomically
    from ingresslint.model import Severity
    from ingresslint.sources import Source, SourceError, iter_sources
    from ingresslint.versions import NEWEST, VersionError, parse_kube_version

    try:
        ctx = Context(kube_version=parse_kube_version(kube_version) if kube_version else NEWEST)
        sources = list(iter_sources(list(paths)))
    except (VersionError, SourceError) as error:
        _fail(str(error))
    linted = run_lint(sources, ctx)
    before = linted.findings
    classes = frozenset(doc.name for doc in linted.documents if doc.kind == "IngressClass" and doc.name)
    options = FixOptions(rules=rules, path_type=path_type, ctx=ctx, known_classes=classes)
    fixes = [fix_source(source, options) for source in sources]
    for fixed in fixes:
        if fixed.name == "-":
            sys.stdout.buffer.write(fixed.content)
        elif show_diff:
            sys.stdout.write(unified_diff(fixed))
        elif fixed.fixed is not None:
            problem = write_atomically(fixed.name, fixed.fixed)
            if problem:
                fixed.notes.append(f"{problem}: not written")
                fixed.fixed = None
        for note in fixed.notes:
            click.echo(f"ingresslint: {fixed.name}: {note}", err=True)
    after = run_lint([Source(f.name, f.content, len(f.content)) for f in fixes], ctx).findings
    if not report:
        return EXIT_CLEAN
    gone = Counter(f.rule for f in before if f.rule in rules) - Counter(f.rule for f in after if f.rule in rules)
    changed = sum(1 for f in fixes if f.fixed is not None)
    threshold = Severity.parse(fail_on)
    remaining = [f for f in after if f.severity >= threshold]
    if not quiet:
        verb = "would fix" if show_diff else "fixed"
        detail = ", ".join(f"{rule}: {count}" for rule, count in sorted(gone.items()))
        click.echo(
            f"ingresslint: {verb} {sum(gone.values())} findings in {changed} files"
            + (f" ({detail})" if detail else ""),
            err=True,
        )
        left = Counter(f.rule for f in remaining)
        listing = ", ".join(f"{rule}: {count}" for rule, count in sorted(left.items()))
        click.echo(
            f"ingresslint: {len(remaining)} findings at or above {fail_on} remain"
            + (f" ({listing}); run ingresslint lint to see them" if listing else ""),
            err=True,
        )
    return EXIT_FINDINGS if remaining else EXIT_CLEAN
