"""Speed and memory figures for ingresslint. Prints numbers; asserts nothing.

    python bench/bench_lint.py [--documents 1000] [--runs 5]

Figures: composing a 1,000-document Ingress file with the C parser, loading it (compose +
conversion to data and positions), a whole lint run, peak memory of a lint run, and the
start-up time of one `ingresslint lint` on a single small file (what a pre-commit hook pays).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web-{n}
  namespace: team-{team}
  annotations:
    nginx.ingress.kubernetes.io/ssl-redirect: "true"
spec:
  ingressClassName: nginx
  tls:
  - hosts: [app-{n}.example.com]
    secretName: app-{n}-tls
  rules:
  - host: app-{n}.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web-{n}
            port:
              number: 80
      - path: /api
        pathType: Prefix
        backend:
          service:
            name: api-{n}
            port:
              name: http
"""


def manifest(documents: int) -> str:
    return "---\n".join(INGRESS.format(n=n, team=n % 7) for n in range(documents))


def best_of(runs: int, action: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def in_process(path: Path, runs: int) -> dict[str, float]:
    from ingresslint.context import Context
    from ingresslint.engine import lint
    from ingresslint.loader import _yaml, load_sources
    from ingresslint.sources import iter_sources

    text = path.read_text()
    return {
        "compose (C parser)": best_of(runs, lambda: list(_yaml(pure=False).compose_all(text))),
        "load (compose + data + positions)": best_of(runs, lambda: load_sources(iter_sources([str(path)]))),
        "lint (whole run, no output)": best_of(runs, lambda: lint(list(iter_sources([str(path)])), Context())),
    }


def peak_memory_mib(path: Path) -> float:
    code = (
        "import resource, sys\n"
        "from ingresslint.engine import lint\nfrom ingresslint.context import Context\nfrom ingresslint.sources import iter_sources\n"
        f"lint(list(iter_sources([{str(path)!r}])), Context())\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True).stdout
    return int(out.strip()) / 1024


def startup(path: Path, runs: int) -> float:
    command = [sys.executable, "-m", "ingresslint", "lint", "--quiet", str(path)]
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=REPO, capture_output=True, check=False)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp, "big.yaml")
        big.write_text(manifest(args.documents))
        small = Path(tmp, "one.yaml")
        small.write_text(manifest(1))
        print(f"{args.documents}-document Ingress file: {big.stat().st_size / 1024:.0f} KiB (best of {args.runs})")
        for name, seconds in in_process(big, args.runs).items():
            print(f"  {name:<38} {seconds:7.3f} s  ({seconds / args.documents * 1e3:.2f} ms/document)")
        print(f"  {'peak RSS of a lint process':<38} {peak_memory_mib(big):7.1f} MiB")
        print(
            f"start-up: `ingresslint lint` on one small file, median of {args.runs * 2}: {startup(small, args.runs * 2) * 1e3:.0f} ms"
        )
        print(
            f"python {sys.version.split()[0]}, max RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
        )


if __name__ == "__main__":
    main()
