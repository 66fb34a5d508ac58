"""Coverage-guided fuzzing of a whole run with atheris (not run in CI; see README, Development).

    pip install atheris
    python tests/fuzz/atheris_lint.py -atheris_runs=50000 /tmp/corpus tests/fixtures/realworld tests/fuzz/seeds

The first directory collects new interesting inputs; the others seed it (the real-world
manifests and the adversarial seeds). Every input is linted and every output format is
checked to parse (tests/fuzz/harness.py). ``-max_total_time=SECONDS`` bounds a session.
libFuzzer stops at the first exception: it saves the input as ``crash-<hash>`` in the working
directory and a summary line (inputs, exceptions by class) is printed; a session without one
ends with libFuzzer's ``Done N runs in S second(s)``.
"""

from __future__ import annotations

import atexit
import sys
from collections import Counter
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

with atheris.instrument_imports():
    from tests.fuzz.harness import run_one

RUNS = Counter()


def one_input(data: bytes) -> None:
    RUNS["inputs"] += 1
    try:
        run_one(data)
    except Exception as error:  # recorded, then re-raised so libFuzzer saves the input
        RUNS[type(error).__name__] += 1
        raise


@atexit.register
def _summary() -> None:
    classes = {name: count for name, count in RUNS.items() if name != "inputs"}
    print(f"ingresslint fuzz: {RUNS['inputs']} inputs, exceptions by class: {classes or 'none'}", file=sys.stderr)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
