"""Measure every figure of issue 9 side by side in one run; print medians, ratios and goals.

    python bench/run.py [--rounds 3] [--seed 9] [--peers VENV] [--only three,hook] [--corpus-dir DIR]

Rows (``--only`` takes their ids, comma-separated):

  three     one 3-document file: ingresslint vs the eager import of click, ruamel.yaml,
            jsonschema and rich.console (goal <= 0.6x), yamllint and kubernetes-validate (faster)
  thousand  1,000 documents vs kubernetes-validate --strict (goal >= 30x faster)
  hundred   10,000 documents as 100 files, --jobs 1 and the default jobs, vs a bare ruamel.yaml
            C compose_all and a bare PyYAML CSafeLoader compose_all of the same bytes
            (goals: --jobs 1 <= 2.0x, default <= 1.2x the ruamel compose)
  mixed     20,000 documents of a rendered platform (2% Ingress) vs the bare composes (<= 0.6x)
  rss10k    peak RSS of one 10,000-document file (goal <= 150 MiB)
  rss-scale peak RSS of 200 files of 20,000 documents / of 100 files of 10,000 (goal <= 1.25x)
  big       the big single-document files of bench/corpus.py's write_big(), when it exists
  hook      the pre-commit hook's command (.pre-commit-hooks.yaml: lint --refs-from .) on one
            changed file of a git repository of 5,000 manifests and 3,000 git-ignored files,
            vs a plain lint of that file (goal <= 3x), the reference cache warm (the row's warm-up
            run fills it, as the day's first commit does; it lives in the bench's own directory);
            its cold run (--no-cache) is shown beside; hook-nogit: the same tree without git (a
            walk that honours .gitignore)
  sanity    the RSS measurement itself: a child that allocates 200 MiB must show about 200 MiB
            more than an empty Python

Each round runs every command of a row once; the order rotates from round to round, so a busy
machine slows all of them alike. The table gives medians. Peak RSS is each child's own
(``ru_maxrss`` of ``os.wait4`` on that child, taken by a small launcher process so that the
runner's memory is not counted: a child's ``ru_maxrss`` also holds the memory of the process
that spawned it, up to its exec). The launcher's own floor shows in the sanity row (``true``).
Memory rows use ``--jobs 1`` when ingresslint has it: ``ru_maxrss`` is the peak of one process,
not the sum over worker processes.

Peers (yamllint, kubernetes-validate) run from their own environment (``--peers``):

    python3 -m venv bench/.venv && bench/.venv/bin/pip install yamllint kubernetes-validate

(default: /work/bench-peers if it exists, else bench/.venv). A missing peer is reported, not measured. ``--jobs`` rows are skipped with a note when
``ingresslint lint --help`` does not offer ``--jobs``.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import corpus  # noqa: E402

# the peers' environment: the shared one of this project's bench machine, else bench/.venv
PEER_VENVS = (Path("/work/bench-peers"), REPO / "bench" / ".venv")

COMPOSE = (
    "import sys, glob\n"
    "{setup}\n"
    "for name in sorted(p for a in sys.argv[1:] for p in (glob.glob(a + '/*.yaml') or [a])):\n"
    "    for _ in {compose}(open(name, encoding='utf-8').read()): pass\n"
)
RUAMEL = COMPOSE.format(
    setup="import _ruamel_yaml\nfrom ruamel.yaml import YAML\ny = YAML(typ='safe', pure=False); y.version = (1, 1)",
    compose="y.compose_all",
)
PYYAML = COMPOSE.format(
    setup="import yaml, functools", compose="functools.partial(yaml.compose_all, Loader=yaml.CSafeLoader)"
)
EAGER_IMPORT = "import click, ruamel.yaml, jsonschema, rich.console"
ALLOCATE = "b = bytearray(200 * 1024 * 1024)\nfor i in range(0, len(b), 4096): b[i] = 1"

# Spawns the measured command, waits for it with wait4 and prints wall seconds, the child's
# own peak RSS (KiB) and its exit code. -S -E: no site, no environment, so the launcher's own
# memory (the floor of every child's ru_maxrss) stays a few MiB.
LAUNCHER = (
    "import os, sys, time\n"
    "null = os.open(os.devnull, os.O_RDWR)\n"
    "fds = [(os.POSIX_SPAWN_DUP2, null, fd) for fd in (0, 1, 2)]\n"
    "start = time.perf_counter()\n"
    "pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ, file_actions=fds)\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "wall = time.perf_counter() - start\n"
    "print(wall, usage.ru_maxrss, os.waitstatus_to_exitcode(status))\n"
)


@dataclass(frozen=True)
class Command:
    label: str
    argv: tuple[str, ...]
    cwd: Path = REPO
    ok_codes: tuple[int, ...] = (0, 1)  # 1: findings; anything else means the figure is void


@dataclass(frozen=True)
class Goal:
    text: str  # as the issue states it
    limit: float  # met when the value is at most this

    def met(self, value: float) -> bool:
        return value <= self.limit


@dataclass(frozen=True)
class Figure:
    """``a`` against ``b`` (labels of the row's commands): time or RSS ratio; without ``b``,
    ``a``'s own peak RSS in MiB."""

    a: str
    b: str | None = None
    metric: str = "time"  # or "rss"
    goal: Goal | None = None


@dataclass
class Row:
    id: str
    title: str
    commands: list[Command] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warmup: bool = False  # one untimed run first (small rows: disk cache, .pyc files)


@dataclass
class Result:
    seconds: float
    mib: float
    codes: list[int]


@dataclass
class Setup:
    out: Path
    seed: int
    python: str
    lint: list[str]
    peers: Path | None
    jobs: bool
    cache: bool = False  # ingresslint lint has --no-cache (the hook row then adds its cold run)

    def corpus(self, *names: str) -> None:
        corpus.write(self.out, self.seed, names)

    def peer(self, name: str) -> str | None:
        if self.peers is None:
            return None
        path = self.peers / "bin" / name
        return str(path) if path.exists() else None


def lint_command() -> list[str]:
    """``ingresslint`` as a user runs it: the console script next to this Python if there is one."""
    script = Path(sys.executable).with_name("ingresslint")
    return [str(script), "lint"] if script.exists() else [sys.executable, "-m", "ingresslint", "lint"]


def precompile() -> str:
    """Byte-compile the measured ingresslint package, as ``pip install`` does for a wheel: an
    editable install under PYTHONDONTWRITEBYTECODE would compile every module on every run."""
    import ingresslint

    package = str(Path(ingresslint.__file__).parent)
    subprocess.run([sys.executable, "-m", "compileall", "-q", package], check=True, stdout=subprocess.DEVNULL)
    return package


def has_jobs(lint: Sequence[str]) -> bool:
    return "--jobs" in _help(lint)


def has_cache(lint: Sequence[str]) -> bool:
    return "--no-cache" in _help(lint)


def _help(lint: Sequence[str]) -> str:
    done = subprocess.run([*lint, "--help"], capture_output=True, text=True, cwd=REPO, check=False)
    return done.stdout


def ratio(x: float, limit: float) -> Goal:
    return Goal(f"<= {x:g}x", limit)


def row_three(s: Setup) -> Row:
    s.corpus("three")
    file = str(s.out / "three.yaml")
    row = Row("three", "one 3-document file (a pre-commit run)", warmup=True)
    row.commands.append(Command("ingresslint", (*s.lint, file)))
    row.commands.append(Command("eager import", (s.python, "-c", EAGER_IMPORT), ok_codes=(0,)))
    row.figures.append(Figure("ingresslint", "eager import", goal=ratio(0.6, 0.6)))
    for peer, label in (("yamllint", "yamllint"), ("kubernetes-validate", "kubernetes-validate")):
        binary = s.peer(peer)
        if binary is None:
            row.notes.append(f"{peer}: not installed in --peers {s.peers}")
            continue
        row.commands.append(Command(label, (binary, file), ok_codes=(0, 1)))
        row.figures.append(Figure("ingresslint", label, goal=Goal("faster (< 1x)", 0.9999)))
    return row


def row_thousand(s: Setup) -> Row:
    s.corpus("thousand")
    file = str(s.out / "thousand.yaml")
    row = Row("thousand", "1,000 documents, one file")
    row.commands.append(Command("ingresslint", (*s.lint, file)))
    binary = s.peer("kubernetes-validate")
    if binary is None:
        row.notes.append(f"kubernetes-validate: not installed in --peers {s.peers}")
    else:
        row.commands.append(Command("kubernetes-validate --strict", (binary, "--strict", file)))
        row.figures.append(
            Figure("ingresslint", "kubernetes-validate --strict", goal=Goal("<= 1/30x (30x faster)", 1 / 30))
        )
    return row


def _composes(s: Setup, row: Row, paths: Sequence[str], subjects: Sequence[str], goals: dict[str, Goal]) -> None:
    row.commands.append(Command("bare ruamel C compose_all", (s.python, "-c", RUAMEL, *paths), ok_codes=(0,)))
    row.commands.append(Command("bare PyYAML CSafeLoader compose_all", (s.python, "-c", PYYAML, *paths), ok_codes=(0,)))
    for subject in subjects:
        row.figures.append(Figure(subject, "bare ruamel C compose_all", goal=goals.get(subject)))
        row.figures.append(Figure(subject, "bare PyYAML CSafeLoader compose_all"))


def row_hundred(s: Setup) -> Row:
    s.corpus("hundred")
    directory = str(s.out / "hundred")
    row = Row("hundred", "10,000 documents as 100 files")
    if s.jobs:
        row.commands.append(Command("ingresslint --jobs 1", (*s.lint, "--jobs", "1", directory)))
        row.commands.append(Command("ingresslint (default jobs)", (*s.lint, directory)))
        subjects = ["ingresslint --jobs 1", "ingresslint (default jobs)"]
    else:
        row.commands.append(Command("ingresslint", (*s.lint, directory)))
        subjects = ["ingresslint"]
        row.notes.append(
            "ingresslint has no --jobs (ingresslint lint --help): the --jobs 1 and default-jobs rows are one"
        )
    goals = {
        "ingresslint --jobs 1": ratio(2.0, 2.0),
        "ingresslint (default jobs)": ratio(1.2, 1.2),
        "ingresslint": ratio(2.0, 2.0),
    }
    _composes(s, row, [directory], subjects, goals)
    return row


def row_mixed(s: Setup) -> Row:
    s.corpus("mixed")
    file = str(s.out / "mixed.yaml")
    row = Row("mixed", "rendered platform, 20,000 documents (2% Ingress), one file")
    row.commands.append(Command("ingresslint", (*s.lint, file)))
    _composes(s, row, [file], ["ingresslint"], {"ingresslint": ratio(0.6, 0.6)})
    return row


def _one_process(s: Setup) -> tuple[str, ...]:
    return (*s.lint, "--jobs", "1") if s.jobs else tuple(s.lint)


def row_rss10k(s: Setup) -> Row:
    s.corpus("ten-thousand")
    file = str(s.out / "ten-thousand.yaml")
    row = Row("rss10k", "peak RSS, one 10,000-document file")
    label = "ingresslint --jobs 1" if s.jobs else "ingresslint"
    row.commands.append(Command(label, (*_one_process(s), file)))
    row.commands.append(Command("bare PyYAML CSafeLoader compose_all", (s.python, "-c", PYYAML, file)))
    row.figures.append(Figure(label, metric="rss", goal=Goal("<= 150 MiB", 150)))
    row.figures.append(Figure(label, "bare PyYAML CSafeLoader compose_all"))
    return row


def row_rss_scale(s: Setup) -> Row:
    s.corpus("hundred", "twenty")
    row = Row("rss-scale", "peak RSS, 200 files of 20,000 documents vs 100 files of 10,000")
    one = _one_process(s)
    row.commands.append(Command("200 files, 20k docs", (*one, str(s.out / "twenty"))))
    row.commands.append(Command("100 files, 10k docs", (*one, str(s.out / "hundred"))))
    row.figures.append(Figure("200 files, 20k docs", "100 files, 10k docs", metric="rss", goal=ratio(1.25, 1.25)))
    if s.jobs:
        row.notes.append("rss-scale runs ingresslint --jobs 1 (one process: ru_maxrss is not a sum over workers)")
    return row


# perf-loader's big single documents (corpus.write_big), by file name
def big_files(s: Setup) -> dict[str, Path]:
    """Label -> file of the big single-document corpora (bench/corpus.py writes them)."""
    return corpus.big_files(s.out, s.seed)


def row_big(s: Setup) -> Row:
    row = Row("big", "big single-document files (bench/corpus.py big_files)")
    files = big_files(s)
    for label, path in files.items():
        row.commands.append(Command(f"ingresslint: {label}", (*_one_process(s), str(path))))
        row.commands.append(Command(f"PyYAML compose: {label}", (s.python, "-c", PYYAML, str(path)), ok_codes=(0,)))
        row.figures.append(Figure(f"ingresslint: {label}", f"PyYAML compose: {label}"))
    return row


def _hook_row(s: Setup, row_id: str, name: str, title: str, goal: Goal | None) -> Row:
    s.corpus(name)
    top = s.out / name
    changed = (top / corpus.HOOK_CHANGED).read_text()
    row = Row(row_id, title, warmup=True)
    row.commands.append(Command("hook: lint --refs-from . FILE", (*s.lint, "--refs-from", ".", changed), cwd=top))
    row.commands.append(Command("plain: lint FILE", (*s.lint, changed), cwd=top))
    row.figures.append(Figure("hook: lint --refs-from . FILE", "plain: lint FILE", goal=goal))
    if s.cache:  # the first run of the day, or any run after every reference file changed
        cold = "hook, cold: --no-cache"
        row.commands.append(Command(cold, (*s.lint, "--no-cache", "--refs-from", ".", changed), cwd=top))
        row.figures.append(Figure(cold, "plain: lint FILE"))
    return row


def row_hook(s: Setup) -> Row:
    title = f"pre-commit hook, 1 changed file; git repo of {corpus.HOOK_MANIFESTS:,} manifests + {corpus.HOOK_IGNORED:,} ignored"
    return _hook_row(s, "hook", "hook-repo", title, ratio(3.0, 3.0))


def row_hook_nogit(s: Setup) -> Row:
    # issue 9 states the goal in git; outside git the walk reads every file not ignored
    return _hook_row(s, "hook-nogit", "hook-tree", "the same tree without git (.gitignore honoured by the walk)", None)


def row_sanity(s: Setup) -> Row:
    row = Row("sanity", "RSS measurement: a child allocating 200 MiB vs an empty Python", warmup=True)
    row.commands.append(Command("python: allocate 200 MiB", (s.python, "-c", ALLOCATE)))
    row.commands.append(Command("python -c pass", (s.python, "-c", "pass")))
    row.commands.append(Command("true (the launcher's floor)", ("true",)))
    row.figures.append(Figure("python: allocate 200 MiB", metric="rss"))
    row.figures.append(Figure("python -c pass", metric="rss"))
    row.figures.append(Figure("true (the launcher's floor)", metric="rss"))
    return row


ROWS: dict[str, Callable[[Setup], Row]] = {
    "sanity": row_sanity,
    "three": row_three,
    "thousand": row_thousand,
    "hundred": row_hundred,
    "mixed": row_mixed,
    "rss10k": row_rss10k,
    "rss-scale": row_rss_scale,
    "big": row_big,
    "hook": row_hook,
    "hook-nogit": row_hook_nogit,
}


def run_once(command: Command) -> tuple[float, float, int]:
    """Wall seconds, the child's own peak RSS (MiB) and exit code of one run of ``command``."""
    done = subprocess.run(
        [sys.executable, "-S", "-E", "-c", LAUNCHER, *command.argv],
        cwd=command.cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    wall, kib, code = done.stdout.split()
    return float(wall), int(kib) / 1024, int(code)


def measure(row: Row, rounds: int, cache: dict[tuple[tuple[str, ...], Path], Result]) -> dict[str, Result]:
    """Median time and RSS of each command of ``row``, rounds alternating; a command measured
    by an earlier row (same argv and directory) is not run again."""
    todo = [command for command in row.commands if (command.argv, command.cwd) not in cache]
    if row.warmup:
        for command in todo:
            run_once(command)
    samples: dict[Command, list[tuple[float, float, int]]] = {command: [] for command in todo}
    for round_number in range(rounds):
        shift = round_number % max(len(todo), 1)
        for command in todo[shift:] + todo[:shift]:
            samples[command].append(run_once(command))
    for command, runs in samples.items():
        cache[command.argv, command.cwd] = Result(
            statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), [r[2] for r in runs]
        )
    return {command.label: cache[command.argv, command.cwd] for command in row.commands}


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def cells(row: Row, results: dict[str, Result], commands: dict[str, Command]) -> list[list[str]]:
    """Table lines for ``row``: one per figure, then each command no figure names."""
    lines = []
    named: set[str] = set()
    for figure in row.figures:
        a = results[figure.a]
        named.add(figure.a)
        value: float
        if figure.b is None:
            value = a.mib
            shown, b_cells = f"{value:.0f} MiB", ["", "", ""]
        else:
            named.add(figure.b)
            b = results[figure.b]
            value = a.mib / b.mib if figure.metric == "rss" else a.seconds / b.seconds
            shown = f"{value:.2f}x" + (" RSS" if figure.metric == "rss" else "")
            b_cells = [figure.b, seconds(b.seconds), f"{b.mib:.0f} MiB"]
        goal = figure.goal
        met = "" if goal is None else ("met" if goal.met(value) else "NOT met")
        void = [label for label in (figure.a, figure.b) if label and _void(results[label], commands[label])]
        if void and goal is not None:
            met = "void: exit " + ",".join(str(c) for label in void for c in sorted(set(results[label].codes)))
        lines.append(
            [row.id, figure.a, seconds(a.seconds), f"{a.mib:.0f} MiB", *b_cells, shown, goal.text if goal else "—", met]
        )
    for label, result in results.items():
        if label not in named:
            lines.append([row.id, label, seconds(result.seconds), f"{result.mib:.0f} MiB", "", "", "", "", "—", ""])
    return lines


def _void(result: Result, command: Command) -> bool:
    return any(code not in command.ok_codes for code in result.codes)


HEADER = [
    "row",
    "command A",
    "median A",
    "peak RSS A",
    "vs command B",
    "median B",
    "peak RSS B",
    "A / B",
    "goal",
    "met",
]


def table(lines: list[list[str]]) -> str:
    widths = [max(len(line[i]) for line in [HEADER, *lines]) for i in range(len(HEADER))]
    right = {2, 3, 5, 6, 7}

    def render(line: list[str]) -> str:
        return (
            "| "
            + " | ".join(
                c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True))
            )
            + " |"
        )

    rule = "| " + " | ".join("-" * (w - 1) + (":" if i in right else "-") for i, w in enumerate(widths)) + " |"
    return "\n".join([render(HEADER), rule, *map(render, lines)])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--peers", type=Path, default=next((v for v in PEER_VENVS if v.exists()), None))
    parser.add_argument("--only", help="comma-separated row ids: " + ", ".join(ROWS))
    parser.add_argument("--corpus-dir", type=Path, help="keep the corpora here (reused when present)")
    args = parser.parse_args(argv)
    wanted = args.only.split(",") if args.only else list(ROWS)
    unknown = [name for name in wanted if name not in ROWS]
    if unknown:
        parser.error(f"unknown rows {unknown}; rows: {', '.join(ROWS)}")
    print("command: " + shlex.join([sys.executable, *sys.argv] if argv is None else ["bench/run.py", *argv]))
    lint = lint_command()
    package = precompile()
    jobs = has_jobs(lint)
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, "
        f"median of {args.rounds} rounds, seed {args.seed}, peers {args.peers}, ingresslint: {shlex.join(lint)}"
        f"{'' if jobs else ' (no --jobs)'}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="ingresslint-bench-") as tmp:
        out = args.corpus_dir or Path(tmp)
        # the hook's reference cache (refcache.py) in the bench's directory, not the user's
        os.environ["INGRESSLINT_CACHE_DIR"] = str(Path(tmp) / "refcache")
        setup = Setup(out, args.seed, sys.executable, lint, args.peers, jobs, has_cache(lint))
        cache: dict[tuple[tuple[str, ...], Path], Result] = {}
        lines: list[list[str]] = []
        notes: list[str] = []
        titles: list[tuple[str, str]] = []
        for name in wanted:
            row = ROWS[name](setup)
            notes.extend(row.notes)
            titles.append((row.id, row.title))
            if not row.commands:
                continue
            results = measure(row, args.rounds, cache)
            measured = cells(row, results, {c.label: c for c in row.commands})
            lines.extend(measured)
            print(f"  measured {name}: {row.title}", file=sys.stderr)
            for line in measured:  # so that an interrupted run keeps what it measured
                print("  " + " | ".join(line), file=sys.stderr, flush=True)
        sys.stdout.flush()
        print()
        print(table(lines))
        print()
        for row_id, title in titles:
            print(f"- {row_id}: {title}")
        for note in notes:
            print(f"- note: {note}")
        print("- A / B: time ratio (below 1: A is faster), or peak-RSS ratio where marked RSS; goals: issue 9")
        print("- peak RSS: each child's own ru_maxrss (wait4), measured through a launcher; its floor is 'true'")
        print(f"- {package} was byte-compiled first (compileall), as pip install does")


if __name__ == "__main__":
    main()
