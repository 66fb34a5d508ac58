"""Measure the figures of issue 9 side by side in one run and print medians and ratios.

    python bench/run.py [--rounds 5] [--seed 9] [--peers bench/.venv]

The corpora come from bench/corpus.py (seeded). Every round runs each command once, the
commands alternating, so a busy machine slows all of them alike; the table gives the median
wall time, the median peak RSS of the process, and the ratio the issue's goal is stated in.
Peers (kubernetes-validate, yamllint) are taken from their own environment:

    python -m venv bench/.venv && bench/.venv/bin/pip install yamllint kubernetes-validate

Missing peers are reported as such, not measured.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import corpus  # noqa: E402

COMPOSE = (
    "import sys, glob\n"
    "{setup}\n"
    "for name in sorted(p for a in sys.argv[1:] for p in (glob.glob(a + '/*.yaml') or [a])):\n"
    "    for _ in {compose}(open(name, encoding='utf-8').read()): pass\n"
)
RUAMEL = COMPOSE.format(
    setup="from ruamel.yaml import YAML\ny = YAML(typ='safe', pure=False); y.version = (1, 1)", compose="y.compose_all"
)
PYYAML = COMPOSE.format(
    setup="import yaml, functools", compose="functools.partial(yaml.compose_all, Loader=yaml.CSafeLoader)"
)


def run_once(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one run of ``command``."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def measure(commands: dict[str, list[str]], rounds: int) -> dict[str, tuple[float, float]]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    memory: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            seconds, mib = run_once(command)
            times[name].append(seconds)
            memory[name].append(mib)
    return {name: (statistics.median(times[name]), statistics.median(memory[name])) for name in commands}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--peers", type=Path, default=REPO / "bench" / ".venv")
    args = parser.parse_args()
    python = sys.executable
    lint = [python, "-m", "ingresslint", "lint", "--quiet", "--format", "json"]
    peer_bin = args.peers / "bin"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        corpus.write(out, args.seed)
        three, thousand, hundred, mixed = (
            str(out / n) for n in ("three.yaml", "thousand.yaml", "hundred", "mixed.yaml")
        )
        big = str(out / "ten-thousand.yaml")
        groups = {
            "one 3-document file": {
                "ingresslint": [*lint, three],
                "import click, ruamel.yaml, jsonschema, rich.console": [
                    python,
                    "-c",
                    "import click, ruamel.yaml, jsonschema, rich.console",
                ],
                "yamllint": [str(peer_bin / "yamllint"), three],
                "kubernetes-validate": [str(peer_bin / "kubernetes-validate"), three],
            },
            "1,000 documents": {
                "ingresslint": [*lint, thousand],
                "kubernetes-validate --strict": [str(peer_bin / "kubernetes-validate"), "--strict", thousand],
            },
            "10,000 documents as 100 files": {
                "ingresslint": [*lint, hundred],
                "bare ruamel C compose_all": [python, "-c", RUAMEL, hundred],
                "bare PyYAML CSafeLoader compose_all": [python, "-c", PYYAML, hundred],
            },
            "mixed platform, 20,000 documents (2% Ingress)": {
                "ingresslint": [*lint, mixed],
                "bare ruamel C compose_all": [python, "-c", RUAMEL, mixed],
                "bare PyYAML CSafeLoader compose_all": [python, "-c", PYYAML, mixed],
            },
            "one 10,000-document file": {
                "ingresslint": [*lint, big],
                "bare ruamel C compose_all": [python, "-c", RUAMEL, big],
            },
        }
        print(
            f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, median of {args.rounds} rounds, seed {args.seed}"
        )
        print(f"| {'what':<46} | {'command':<52} | {'median':>9} | {'peak RSS':>9} | ratio to ingresslint |")
        print(f"| {'-' * 46} | {'-' * 52} | {'-' * 9}: | {'-' * 9}: | {'-' * 20}: |")
        for group, commands in groups.items():
            present = {
                name: cmd
                for name, cmd in commands.items()
                if not cmd[0].startswith(str(peer_bin)) or Path(cmd[0]).exists()
            }
            results = measure(present, args.rounds)
            ours = results["ingresslint"][0]
            for name in commands:
                if name not in results:
                    print(f"| {group:<46} | {name:<52} | {'not installed':>9} | {'':>9} | {'':>20} |")
                    continue
                seconds, mib = results[name]
                ratio = "" if name == "ingresslint" else f"{ours / seconds:.2f}x"
                print(f"| {group:<46} | {name:<52} | {seconds * 1000:7.0f}ms | {mib:6.0f}MiB | {ratio:>20} |")
        print("ratio: ingresslint's median divided by the command's (below 1: ingresslint is faster)")
        print("command: " + shlex.join([sys.executable, "bench/run.py", "--rounds", str(args.rounds)]))


if __name__ == "__main__":
    main()
