"""The Python API: ``ingresslint.lint(paths, ...)`` runs what ``ingresslint lint`` runs and
returns the Report (findings, counts) instead of printing it.

    import ingresslint
    report = ingresslint.lint(["deploy/"], kube_version="1.29", select=["tls-*"])
    for finding in report.findings:
        print(finding.file, finding.line, finding.rule, finding.message)

Errors the command line reports with exit code 2 raise ``ingresslint.api.UsageError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ingresslint.config import Config
    from ingresslint.context import Context
    from ingresslint.engine import Report
    from ingresslint.sources import Walk


class UsageError(Exception):
    """A bad path, configuration, selector or Kubernetes version (the CLI's exit code 2)."""


def lint(
    paths: Sequence[str | Path],
    *,
    config_file: str | Path | None = None,
    kube_version: str | None = None,
    namespace: str | None = None,
    require_refs: bool | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
    refs_from: Iterable[str | Path] = (),
    jobs: int | None = 1,
    cache: bool = False,
) -> Report:
    """Lint ``paths`` (files, directories or ``"-"``) with the configuration file found from the
    working directory (or ``config_file``); keyword arguments override it like the flags of the
    same names. Findings of rules set to ``off`` or not selected are left out. ``jobs``: worker
    processes for big runs (None: one per CPU); the report is the same whatever the number.
    ``cache``: remember the objects of ``refs_from`` files between runs, as the command line does
    (refcache.py; off by default here: a library call writes no file unasked)."""
    from ingresslint.config import ConfigError, load_config

    try:
        config = load_config(Path(config_file) if config_file is not None else None)
    except ConfigError as error:
        raise UsageError(str(error)) from error
    flags = {
        "kube-version": kube_version,
        "namespace": namespace,
        "require-refs": require_refs,
        "select": selectors(select),
        "ignore": selectors(ignore),
        "exclude": tuple(exclude) if exclude is not None else None,
    }
    config = config.override(flags)
    paths_given, refs = [str(path) for path in paths], [str(path) for path in refs_from]
    return run(paths_given, config, build_context(config), refs, jobs=resolve_jobs(jobs), cache=cache)


def resolve_jobs(jobs: int | None) -> int:
    """``jobs`` worker processes; None or 0: one per CPU this process may use."""
    if jobs is None or jobs == 0:
        from ingresslint.parallel import machine_jobs

        return machine_jobs()
    if jobs < 0:
        raise UsageError(f"jobs must be 0 (one per CPU) or more, not {jobs}")
    return jobs


def selectors(values: Iterable[str] | None) -> tuple[str, ...] | None:
    """Split and check ``--select`` / ``--ignore`` values (None when none were given)."""
    from ingresslint.registry import RULES
    from ingresslint.selection import SelectorError, check_selectors, split_selectors

    if values is None:
        return None
    items = split_selectors([values] if isinstance(values, str) else values)
    try:
        check_selectors(items, RULES)
    except SelectorError as error:
        raise UsageError(str(error)) from error
    return tuple(items) or None


def build_context(config: Config) -> Context:
    from ingresslint.context import Context
    from ingresslint.versions import NEWEST, VersionError, parse_kube_version

    try:
        version = parse_kube_version(config["kube-version"]) if config["kube-version"] else NEWEST
    except VersionError as error:
        raise UsageError(str(error)) from error
    return Context(
        kube_version=version,
        namespace=config["namespace"],
        require_refs=config["require-refs"],
        certificate_expiry_days=config["certificate-expiry-days"],
        class_controllers=tuple(config["ingress-classes"].items()),
    )


def run(
    paths: list[str],
    config: Config,
    ctx: Context,
    refs_from: list[str],
    progress: Any = None,
    stdin_name: str | None = None,
    jobs: int = 1,
    cache: bool = True,
) -> Report:
    """One lint run over ``paths``; ``progress`` wraps the list of sources (the CLI's bar);
    standard input is named ``stdin_name`` (``--stdin-filename``); ``jobs`` processes;
    ``cache``: the objects of ``refs_from`` files are remembered between runs (refcache.py)."""
    from ingresslint import engine
    from ingresslint.engine import lint as run_lint
    from ingresslint.sources import STDIN, Handed, SourceError, iter_reference_sources, iter_sources

    walk = source_walk(config)
    try:
        # every path is read before any lint (a bad one is a usage error); each input's bytes go once linted
        sources = Handed(list(iter_sources(paths, walk, stdin_name or STDIN)))
        references = iter_reference_sources(refs_from, walk)
        engine.REFERENCE_CACHE = _reference_cache(refs_from) if cache else None
        report = run_lint(progress(sources) if progress else sources, ctx, references, config.levels(), jobs)
        if engine.REFERENCE_CACHE is not None:
            engine.REFERENCE_CACHE.save()
        return report
    except SourceError as error:
        raise UsageError(str(error)) from error
    finally:
        engine.REFERENCE_CACHE = None


def _reference_cache(refs_from: list[str]) -> Any:
    if not refs_from:
        return None  # refcache.py (hashlib, pickle) is not even imported
    from ingresslint.refcache import for_directories

    return for_directories(refs_from)


def source_walk(config: Config) -> Walk:
    """How to expand paths: ``exclude`` is relative to the configuration file's directory
    (to the working directory when it comes from --exclude or the API)."""
    from ingresslint.ignores import Exclude
    from ingresslint.sources import Walk

    origin = config.origin("exclude")
    base = Path(origin).parent if origin not in ("default", "command line") else Path.cwd()
    return Walk(Exclude(config["exclude"], base), config["respect-gitignore"])
