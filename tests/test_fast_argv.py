"""The click-free parse of ``ingresslint lint`` (fast_argv.py) against click, the CLI of record:
its table is the click command's options, it yields exactly click's parameters, and anything it
does not fully understand goes to click."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingresslint import cli, fast_argv
from ingresslint.fast_argv import COUNT, DEFAULTS, FLAGS, LEFT_TO_CLICK, TEXT, VALUES, parse_lint
from tests.conftest import BROKEN_INGRESS

LINT = cli.main.commands["lint"]


def click_params(args: list[str]) -> dict[str, Any] | None:
    """What click passes to ``lint`` for ``args``; None when click stops (an error, --help)."""
    try:
        with LINT.make_context("lint", list(args)) as ctx:
            return dict(ctx.params)
    except (click.exceptions.Exit, click.ClickException):
        return None


def _kind(param: click.Option) -> Any:
    kind = param.type
    if isinstance(kind, click.Choice):
        return tuple(kind.choices)
    if isinstance(kind, click.Path):
        assert not (kind.writable or kind.executable or kind.resolve_path or kind.allow_dash or kind.type)
        assert kind.readable
        return (kind.exists, kind.file_okay, kind.dir_okay)
    if isinstance(kind, click.IntRange):
        assert (kind.min, kind.max, kind.min_open, kind.clamp) == (0, None, False, False)
        return COUNT
    assert kind is click.STRING, param.name
    return TEXT


def test_the_table_is_the_click_commands_options() -> None:
    flags: dict[str, tuple[str, bool]] = {}
    values: dict[str, tuple[str, bool, Any]] = {}
    for param in LINT.params:
        if not isinstance(param, click.Option) or param.name in LEFT_TO_CLICK:
            continue
        assert param.name is not None and not param.envvar and param.callback is None
        if param.is_flag:
            flags.update(dict.fromkeys(param.opts, (param.name, True)))
            flags.update(dict.fromkeys(param.secondary_opts, (param.name, False)))
        else:
            assert param.nargs == 1 and not param.is_bool_flag
            values.update(dict.fromkeys(param.opts, (param.name, param.multiple, _kind(param))))
    assert flags == FLAGS
    assert values == VALUES
    assert set(LEFT_TO_CLICK) <= {param.name for param in LINT.params}
    assert [param.name for param in LINT.params if isinstance(param, click.Argument)] == ["paths"]


def test_defaults_are_clicks(tmp_path: Path) -> None:
    params = click_params([str(tmp_path)])
    assert params == {"paths": (str(tmp_path),), **DEFAULTS}
    assert parse_lint(["lint", str(tmp_path)]) == params


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text("kind: Service\n")
    Path("dir").mkdir()
    return tmp_path


COMMON = [
    ["a.yaml"],
    ["a.yaml", "dir", "missing.yaml"],
    ["-"],
    ["--", "--looks-like-an-option"],
    ["a.yaml", "--format", "json", "-o", "out.json", "--format=sarif"],
    ["--format", "json", "--format", "text", "-o", "x", "-ox2", "a.yaml"],
    ["--select", "tls-*,path-type-missing", "--select=hosts", "--ignore", "x", "a.yaml"],
    ["-q", "--quiet", "--statistics", "--exit-zero", "--fail-if-no-objects", "--no-color", "a.yaml"],
    ["--require-refs", "--no-require-refs", "a.yaml"],
    ["--no-respect-gitignore", "--respect-gitignore", "a.yaml"],
    ["--kube-version", "1.29", "--kube-version=1.30", "--namespace", "", "a.yaml"],
    ["--fail-on", "warning", "--color", "always", "--color=never", "a.yaml"],
    ["--config", "a.yaml", "--refs-from", "dir", "--refs-from=.", "a.yaml"],
    ["--exclude", "*.json", "--stdin-filename", "x.yaml", "-"],
    ["--baseline", "b.json", "--write-baseline=dir/c.json", "a.yaml"],
    ["-j", "2", "-j0", "--jobs=007", "--jobs", "1", "a.yaml"],
    ["-o=x", "a.yaml"],
]
LEFT = [
    [],
    ["--help"],
    ["-h"],
    ["a.yaml", "--unknown"],
    ["a.yaml", "-x"],
    ["a.yaml", "--quiet=yes"],
    ["a.yaml", "-qj2"],
    ["a.yaml", "--format", "yaml"],
    ["a.yaml", "--format"],
    ["a.yaml", "--namespace", "--quiet"],
    ["a.yaml", "--jobs", "-1"],
    ["a.yaml", "--jobs", "two"],
    ["a.yaml", "--config", "missing.yaml"],
    ["a.yaml", "--config", "dir"],
    ["a.yaml", "--refs-from", "a.yaml"],
    ["a.yaml", "-o", "dir"],
    ["a.yaml", "--cluster"],
    ["a.yaml", "--cluster-timeout", "3"],
    ["a.yaml", "--fix"],
    ["a.yaml", "--quie"],
]


@pytest.mark.parametrize("args", COMMON)
def test_the_common_command_lines_are_parsed_as_click_parses_them(places: Path, args: list[str]) -> None:
    expected = click_params(args)
    assert expected is not None
    assert parse_lint(["lint", *args]) == expected


@pytest.mark.parametrize("args", LEFT)
def test_what_it_does_not_understand_is_left_to_click(places: Path, args: list[str]) -> None:
    assert parse_lint(["lint", *args]) is None


@pytest.mark.parametrize("argv", [["-V"], ["--version"], ["rules"], ["lint-it", "a.yaml"], ["--help", "lint", "a"]])
def test_other_commands_and_group_options_go_to_click(places: Path, argv: list[str]) -> None:
    assert parse_lint(argv) is None


def test_shell_completion_goes_to_click(places: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_INGRESSLINT_COMPLETE", "bash_complete")
    assert parse_lint(["lint", "a.yaml"]) is None


TOKENS = [
    *FLAGS,
    *VALUES,
    "--cluster",
    "--fix",
    "--help",
    "--",
    "-",
    "a.yaml",
    "dir",
    "missing",
    "json",
    "text",
    "warning",
    "never",
    "3",
    "-1",
    "",
    "--format=json",
    "--jobs=2",
    "-j4",
    "-qo",
    "--x",
]


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("argv")
    (root / "a.yaml").write_text("kind: Service\n")
    (root / "dir").mkdir()
    return root


@settings(max_examples=400, deadline=None)
@given(args=st.lists(st.sampled_from(TOKENS), max_size=8))
def test_any_command_line_is_clicks_or_left_to_click(tree: Path, args: list[str]) -> None:
    here = os.getcwd()
    try:
        os.chdir(tree)
        fast = parse_lint(["lint", *args])
        if fast is not None:
            assert fast == click_params(args)
    finally:
        os.chdir(here)


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    code = "import sys\nfrom ingresslint.__main__ import run\nsys.argv[0] = 'ingresslint'\nrun()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd, check=False)


@pytest.mark.parametrize(
    "args",
    [
        ["lint", "broken.yaml"],
        ["lint", "--format", "json", "broken.yaml", "good.yaml"],
        ["lint", "-q", "--exit-zero", "broken.yaml"],
        ["lint", "empty"],
        ["lint", "--kube-version", "0.1", "good.yaml"],
        ["lint", "--select", "no-such-rule", "good.yaml"],
        ["lint", "-o", "missing/out.txt", "good.yaml"],
        ["lint", "--format", "json", "--format", "sarif", "good.yaml"],
    ],
)
def test_the_fast_path_writes_what_click_writes(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "broken.yaml").write_text(BROKEN_INGRESS)
    (tmp_path / "good.yaml").write_text("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n")
    (tmp_path / "empty").mkdir()
    assert parse_lint(args) is not None
    fast = _run(args, tmp_path)
    code = "import sys\nfrom ingresslint.cli import main\nsys.argv[0] = 'ingresslint'\nmain()"
    slow = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=tmp_path)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)


# dataclasses (and inspect with it): a @dataclass costs ~1 ms to create, the module ~10 ms to
# import; the classes of the plain path are Records (records.py)
HEAVY = ("click", "jsonschema", "rich", "kubernetes", "ruamel", "cryptography", "pathspec", "dataclasses", "inspect")


def test_a_plain_lint_imports_none_of_the_heavy_modules(tmp_path: Path) -> None:
    """The start-up design (issue 9): a plain lint of a small file parses its command line
    without click, creates no dataclass and needs neither jsonschema, rich, ruamel.yaml nor the
    cluster client."""
    (tmp_path / "good.yaml").write_text(
        "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: nginx}\n"
        "spec: {controller: k8s.io/ingress-nginx}\n"
    )
    code = (
        "import atexit, sys\n"
        f"heavy = {HEAVY!r}\n"
        "atexit.register(lambda: print('loaded:', *[m for m in heavy if m in sys.modules], file=sys.stderr))\n"
        "from ingresslint.__main__ import run\nsys.argv[0] = 'ingresslint'\nrun()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "lint", "good.yaml"], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "loaded:"


def test_fast_argv_itself_imports_nothing_heavy() -> None:
    assert "click" not in vars(fast_argv)
