"""What ``ingresslint lint`` does once its options are parsed, without click: the CLI's click
command (cli.py) and the fast path for the common invocation (fast_argv.py) both call
``lint_main``. click is imported only to write a message on stderr (``click.echo``, as the
other commands do), never on a run that reports normally."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, NoReturn, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ingresslint.config import Config
    from ingresslint.context import Context
    from ingresslint.engine import Report
    from ingresslint.output import Rendered
    from ingresslint.sources import Source

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
T = TypeVar("T")


def echo_error(message: str) -> None:
    import click

    click.echo(message, err=True)


def fail(message: str) -> NoReturn:
    echo_error(f"ingresslint: {message}")
    sys.exit(EXIT_USAGE)


def internal_error(error: Exception) -> NoReturn:
    """A bug of ours: one clear line and exit 2, not a traceback (INGRESSLINT_DEBUG=1 re-raises)."""
    if os.environ.get("INGRESSLINT_DEBUG"):
        raise error
    fail(f"internal error: {type(error).__name__}: {error}; please report it (INGRESSLINT_DEBUG=1 shows the traceback)")


def lint_main(
    paths: tuple[str, ...],
    output_formats: tuple[str, ...],
    outputs: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    exit_zero: bool,
    fail_if_no_objects: bool,
    kube_version: str | None,
    fail_on: str | None,
    namespace: str | None,
    require_refs: bool | None,
    config_file: str | None,
    exclude: tuple[str, ...],
    respect_gitignore: bool | None,
    stdin_filename: str | None,
    refs_from: tuple[str, ...],
    no_cache: bool,
    baseline_file: str | None,
    write_baseline_file: str | None,
    statistics: bool,
    quiet: bool,
    color: str,
    no_color: bool,
    jobs: int,
    cluster: bool,
    kubeconfig: str | None,
    kube_context: str | None,
    cluster_timeout: float,
    no_secret_data: bool,
    apply_fixes: bool = False,
) -> NoReturn:
    """``ingresslint lint`` with its parsed options (the parameters of cli.lint)."""
    if apply_fixes and "-" in paths:
        fail("--fix rewrites files; it cannot read stdin (use ingresslint fix - instead)")
    from ingresslint.api import UsageError, build_context, resolve_jobs, run, selectors
    from ingresslint.resolver import ResolverFailed

    pairs = _pair_outputs(output_formats, outputs)
    if statistics and any(fmt not in ("text", "concise", "json") for fmt, _ in pairs):
        fail("--statistics works with --format text, concise or json")
    try:
        flags = {
            "kube-version": kube_version,
            "fail-on": fail_on,
            "namespace": namespace,
            "require-refs": require_refs,
            "exclude": exclude,
            "respect-gitignore": respect_gitignore,
            "select": selectors(select),
            "ignore": selectors(ignore),
        }
        config = load_config(config_file).override(flags)
        if apply_fixes:
            _fix_selected(paths, config)
        ctx = build_context(config)
        ctx = cluster_context(ctx, config, cluster, kubeconfig, kube_context, cluster_timeout, no_secret_data)
        report = run(
            list(paths), config, ctx, list(refs_from), _progress, stdin_filename, resolve_jobs(jobs), not no_cache
        )
    except (UsageError, ResolverFailed) as error:  # ResolverFailed: the live cluster refused us mid-run
        fail(str(error))
    except Exception as error:  # a bug of ours: one clear line, not a traceback
        internal_error(error)
    if write_baseline_file or baseline_file:
        _baseline(report, baseline_file, write_baseline_file)
    code = _exit_code(report, config["fail-on"], exit_zero, _warn_if_empty(report, paths) and fail_if_no_objects)
    options = ReportOptions(quiet, statistics, "never" if no_color else color, code)
    for output_format, output in pairs:
        _write_report(report, ctx, output_format, output, options)
    sys.exit(code)


def _baseline(report: Report, baseline_file: str | None, write_baseline_file: str | None) -> None:
    """--write-baseline: record the findings and exit 0; --baseline: drop the findings it holds."""
    from pathlib import Path

    from ingresslint.baseline import BaselineError, read_baseline, subtract, write_baseline

    if write_baseline_file:
        count = written(lambda: write_baseline(Path(write_baseline_file), report.findings))
        echo_error(f"ingresslint: recorded {count} findings in {write_baseline_file}")
        sys.exit(EXIT_CLEAN)
    try:
        report.findings, report.baselined = subtract(report.findings, read_baseline(Path(str(baseline_file))))
    except BaselineError as error:
        fail(str(error))


def _fix_selected(paths: tuple[str, ...], config: Config) -> None:
    """lint --fix: apply the safe fixes of the rules that --select/--ignore (or the config) keep."""
    from ingresslint.cli import run_fix
    from ingresslint.fixer import FIXABLE
    from ingresslint.selection import is_selected

    rules = tuple(rule for rule in FIXABLE if is_selected(rule, config["select"], config["ignore"]))
    run_fix(paths, rules, "Prefix", config["kube-version"], "error", False, True, report=False)


def _pair_outputs(formats: tuple[str, ...], outputs: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """Pair --format and --output in the order given: the n-th format is written to the n-th
    output, formats beyond the outputs go to stdout (at most one may); a lone -o FILE gets text."""
    formats = formats or ("text",)
    if len(outputs) > len(formats):
        fail(f"{len(outputs)} --output for {len(formats)} --format: give a --format for each --output")
    if len(formats) - len(outputs) > 1:
        fail("only one --format can go to stdout: give an --output for the others")
    return [(fmt, outputs[number] if number < len(outputs) else None) for number, fmt in enumerate(formats)]


def _warn_if_empty(report: Report, paths: tuple[str, ...]) -> bool:
    """Say on stderr that the run had nothing to lint; True when it had no object."""
    if report.files == 0:
        echo_error(f"ingresslint: no file to lint in {' '.join(paths)} (all excluded, or no *.yaml, *.yml or *.json)")
    elif report.objects == 0:
        echo_error(f"ingresslint: no Kubernetes object in {report.files} file{'s' if report.files != 1 else ''}")
    return report.objects == 0


def _exit_code(report: Report, fail_on: str, exit_zero: bool, empty_fails: bool) -> int:
    from ingresslint.model import Severity

    if empty_fails:
        return EXIT_FINDINGS
    worst = report.worst()
    failing = worst is not None and worst >= Severity.parse(fail_on)
    return EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN


def cluster_context(
    ctx: Context,
    config: Config,
    cluster: bool,
    kubeconfig: str | None,
    kube_context: str | None,
    timeout: float,
    no_data: bool,
) -> Context:
    """``ctx`` with the live cluster when --cluster is given; its options without it are a usage error."""
    if cluster:
        return _with_cluster(ctx, config, kubeconfig, kube_context, timeout, no_data)
    if kubeconfig or kube_context or no_data:
        fail("--kubeconfig, --context and --no-secret-data need --cluster")
    return ctx


def _with_cluster(
    ctx: Context, config: Config, kubeconfig: str | None, kube_context: str | None, timeout: float, no_data: bool
) -> Context:
    """The context with the live cluster's resolver; --namespace defaults to the context's."""
    from ingresslint.cluster import ClusterError, ClusterResolver, connect
    from ingresslint.records import replace

    try:
        connection = connect(kubeconfig, kube_context, timeout)
    except ClusterError as error:
        fail(str(error))
    namespace = connection.namespace if config.origin("namespace") == "default" else ctx.namespace
    return replace(ctx, namespace=namespace, resolver=ClusterResolver(connection.api, timeout, not no_data))


PROGRESS_MIN_FILES = 50  # a progress bar (stderr, terminals only) from this many files


def _progress(sources: list[Source]) -> Iterable[Source]:
    if len(sources) < PROGRESS_MIN_FILES or not sys.stderr.isatty():
        return sources
    from rich.console import Console
    from rich.progress import track

    return track(sources, description="Linting", console=Console(stderr=True), transient=True)


def load_config(config_file: str | None) -> Config:
    from pathlib import Path

    from ingresslint.config import ConfigError
    from ingresslint.config import load_config as load

    try:
        return load(Path(config_file) if config_file else None)
    except ConfigError as error:
        fail(str(error))


class ReportOptions:
    """How the reports of one run are written (a plain class: a dataclass costs ~1 ms to create)."""

    __slots__ = ("color", "exit_code", "quiet", "statistics")

    def __init__(self, quiet: bool, statistics: bool, color: str, exit_code: int) -> None:
        self.quiet = quiet
        self.statistics = statistics
        self.color = color  # auto, always or never
        self.exit_code = exit_code


def _write_report(report: Report, ctx: Context, output_format: str, output: str | None, options: ReportOptions) -> None:
    from ingresslint.output import Rendered

    stream = Rendered()  # rendered whole, then written at once: no partial report on failure
    try:
        if output_format == "text":
            from ingresslint.reporters import text

            color = _use_color(options.color, to_file=output is not None)
            if color is None:  # what rich would decide for stdout itself
                color = os.environ.get("FORCE_COLOR", "") != "" or sys.stdout.isatty()
            text.write(report, ctx, stream, color=color, quiet=options.quiet, statistics=options.statistics)
        else:
            import importlib

            reporter = importlib.import_module(f"ingresslint.reporters.{output_format}")
            extra = {
                "concise": {"quiet": options.quiet, "statistics": options.statistics},
                "json": {"statistics": options.statistics},
                "sarif": {"exit_code": options.exit_code},
            }.get(output_format, {})
            stream.write(reporter.render(report, ctx, **extra))
        written(lambda: _emit(stream, output))
    finally:
        stream.close()  # and its temporary file, if it has one


def _emit(content: Rendered, output: str | None) -> None:
    from ingresslint.output import write_stdout

    if output:
        from pathlib import Path

        from ingresslint.output import write_file

        write_file(Path(output), content)
    else:
        write_stdout(content)


def written(write: Callable[[], T]) -> T:
    """``write()``; a file or stdout that cannot be written (a missing directory, a full disk, a
    closed pipe) is exit 2 with one line."""
    from ingresslint.output import OutputError

    try:
        return write()
    except OutputError as error:
        fail(str(error))


def _use_color(choice: str, to_file: bool) -> bool | None:
    """True or False when decided here, None to let rich decide (a terminal, FORCE_COLOR).

    The flag wins over the environment (no-color.org); NO_COLOR counts only when not empty;
    CLICOLOR_FORCE (not "0") forces colour like FORCE_COLOR, which rich reads itself.
    """
    if choice != "auto":
        return choice == "always"
    if to_file or os.environ.get("NO_COLOR", "") != "":
        return False
    if os.environ.get("CLICOLOR_FORCE", "0") not in ("", "0"):
        return True
    return None
