"""The common ``ingresslint lint`` invocation parsed without click (importing click is about a
third of a pre-commit run on one file).

click stays the command line of record (cli.py): ``parse_lint`` returns the parameters click
would pass to ``lint``, or None for anything it does not fully understand (help, version,
another command, an unknown or malformed option, a value click would refuse, the --cluster and
--fix options, shell completion), and click then parses the command line itself, so its
messages and exit codes are unchanged. tests/test_fast_argv.py keeps the table below equal to
the click command's options and the result equal to click's over a matrix of command lines.
"""

from __future__ import annotations

import os
import stat
from typing import Any

FORMATS = ("text", "concise", "json", "sarif", "junit", "github")
SEVERITIES = ("error", "warning", "info")
COLORS = ("auto", "always", "never")

# What click passes for an option that is not given. The last six are left to click: the
# cluster options and --fix are not the hot path.
DEFAULTS: dict[str, Any] = {
    "output_formats": (),
    "outputs": (),
    "select": (),
    "ignore": (),
    "exit_zero": False,
    "fail_if_no_objects": False,
    "kube_version": None,
    "fail_on": None,
    "namespace": None,
    "require_refs": None,
    "config_file": None,
    "exclude": (),
    "respect_gitignore": None,
    "stdin_filename": None,
    "refs_from": (),
    "no_cache": False,
    "baseline_file": None,
    "write_baseline_file": None,
    "statistics": False,
    "quiet": False,
    "color": "auto",
    "no_color": False,
    "jobs": 0,
    "cluster": False,
    "kubeconfig": None,
    "kube_context": None,
    "cluster_timeout": 10.0,
    "no_secret_data": False,
    "apply_fixes": False,
}
LEFT_TO_CLICK = ("cluster", "kubeconfig", "kube_context", "cluster_timeout", "no_secret_data", "apply_fixes")

FLAGS: dict[str, tuple[str, bool]] = {  # option: (parameter, value)
    "--exit-zero": ("exit_zero", True),
    "--fail-if-no-objects": ("fail_if_no_objects", True),
    "--require-refs": ("require_refs", True),
    "--no-cache": ("no_cache", True),
    "--no-require-refs": ("require_refs", False),
    "--respect-gitignore": ("respect_gitignore", True),
    "--no-respect-gitignore": ("respect_gitignore", False),
    "--statistics": ("statistics", True),
    "--quiet": ("quiet", True),
    "-q": ("quiet", True),
    "--no-color": ("no_color", True),
}

# Value types: a tuple of choices, TEXT, COUNT (an int >= 0), or a path check
# (exists, file_okay, dir_okay) as click.Path makes it.
TEXT, COUNT = "text", "count"
PATH, FILE, EXISTING_FILE, EXISTING_DIR = (
    (False, True, True),
    (False, True, False),
    (True, True, False),
    (True, False, True),
)
VALUES: dict[str, tuple[str, bool, Any]] = {  # option: (parameter, multiple, type)
    "--format": ("output_formats", True, FORMATS),
    "--output": ("outputs", True, FILE),
    "-o": ("outputs", True, FILE),
    "--select": ("select", True, TEXT),
    "--ignore": ("ignore", True, TEXT),
    "--kube-version": ("kube_version", False, TEXT),
    "--fail-on": ("fail_on", False, SEVERITIES),
    "--namespace": ("namespace", False, TEXT),
    "--config": ("config_file", False, EXISTING_FILE),
    "--exclude": ("exclude", True, TEXT),
    "--stdin-filename": ("stdin_filename", False, TEXT),
    "--refs-from": ("refs_from", True, EXISTING_DIR),
    "--baseline": ("baseline_file", False, FILE),
    "--write-baseline": ("write_baseline_file", False, FILE),
    "--color": ("color", False, COLORS),
    "--jobs": ("jobs", False, COUNT),
    "-j": ("jobs", False, COUNT),
}


def parse_lint(argv: list[str]) -> dict[str, Any] | None:
    """The parameters of ``lint`` for ``argv`` (``sys.argv[1:]``), or None: let click parse it."""
    if os.name == "nt" or argv[:1] != ["lint"] or _completing():
        return None
    params = dict(DEFAULTS)
    collected: dict[str, list[Any]] = {}
    paths: list[str] = []
    rest = argv[1:]
    index = 0
    while index < len(rest):
        token = rest[index]
        index += 1
        if token == "--":
            paths += rest[index:]
            break
        if token[:1] != "-" or token == "-":
            paths.append(token)
            continue
        if token.startswith("--"):
            name, equals, attached = token.partition("=")
            value = attached if equals else None
        else:  # -q, -o FILE, -oFILE, -j N, -jN
            name, value = token[:2], token[2:] or None
        if name in FLAGS:
            if value is not None:  # --quiet=x, or grouped short options (-qj2)
                return None
            parameter, flag = FLAGS[name]
            params[parameter] = flag
            continue
        if name not in VALUES:
            return None
        if value is None:
            if index == len(rest) or rest[index].startswith("-"):
                return None
            value = rest[index]
            index += 1
        parameter, multiple, kind = VALUES[name]
        converted = _convert(value, kind)
        if converted is None:
            return None
        if multiple:
            collected.setdefault(parameter, []).append(converted)
        else:
            params[parameter] = converted
    if not paths or not all(_path_ok(path, PATH) for path in paths):
        return None
    params.update((parameter, tuple(values)) for parameter, values in collected.items())
    return {"paths": tuple(paths), **params}


def _completing() -> bool:
    """A shell completion request (click's _<PROG>_COMPLETE variable)."""
    return any(name.startswith("_") and name.endswith("_COMPLETE") and value for name, value in os.environ.items())


def _convert(value: str, kind: Any) -> Any:
    """The value click's type makes of ``value``, or None where click may refuse it."""
    if kind is TEXT:
        return value
    if kind is COUNT:
        return int(value) if value.isascii() and value.isdigit() else None
    if isinstance(kind[0], str):  # a choice
        return value if value in kind else None
    return value if _path_ok(value, kind) else None


def _path_ok(value: str, kind: tuple[bool, bool, bool]) -> bool:
    """click.Path(exists, file_okay, dir_okay) accepts ``value`` (and returns it unchanged)."""
    exists, file_okay, dir_okay = kind
    try:
        mode = os.stat(value).st_mode
    except OSError:
        return not exists
    except ValueError:  # an embedded NUL byte: click's own error
        return False
    if (not file_okay and stat.S_ISREG(mode)) or (not dir_okay and stat.S_ISDIR(mode)):
        return False
    return os.access(value, os.R_OK)
