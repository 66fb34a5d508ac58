"""Seeded benchmark corpora (the same bytes on every run with the same seed).

    python bench/corpus.py OUT_DIR [--seed 9] [--only NAME,...]

OUT_DIR/three.yaml          a 3-document file (Ingress, Service, IngressClass): a pre-commit run
OUT_DIR/thousand.yaml       1,000 documents: Ingresses, Services, IngressClasses, some defects
OUT_DIR/hundred/NNN.yaml    10,000 documents as 100 files
OUT_DIR/ten-thousand.yaml   the same 10,000 documents as one file
OUT_DIR/twenty/NNN.yaml     20,000 documents as 200 files (memory: twice the corpus)
OUT_DIR/mixed.yaml          a rendered platform: Deployments, ConfigMaps, CRDs, Services; 2% Ingress
OUT_DIR/hook-repo/          a git repository of 5,000 manifests and 3,000 git-ignored files,
                            one Ingress changed (``hook_repo``); hook-tree/ is the same tree
                            without git (.gitignore honoured by a walk)

Big single documents (issue 9 item 5), written only when named with --only (about 22 MB and
15 MB): many-paths.yaml (one Ingress with 200,000 paths), wide-map.yaml (one Ingress whose
labels are a 1,000,000-key mapping).

Each corpus has its own random stream (seeded by the seed and its name), so writing a subset
gives the same bytes as writing them all.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

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
        pathType: {path_type}
        backend:
          service:
            name: web-{n}
            port:
              number: {port}
"""
SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: web-{n}
  namespace: team-{team}
spec:
  selector: {{app: web-{n}}}
  ports:
  - name: http
    port: 80
    targetPort: 8080
"""
INGRESS_CLASS = """\
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx-{n}
spec:
  controller: k8s.io/ingress-nginx
"""
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{n}
  labels: {{app: app-{n}}}
spec:
  replicas: 2
  selector:
    matchLabels: {{app: app-{n}}}
  template:
    metadata:
      labels: {{app: app-{n}}}
    spec:
      containers:
      - name: app
        image: registry.example.com/app:{n}
        ports:
        - containerPort: 8080
        env:
        - name: MODE
          value: production
        resources:
          limits: {{cpu: 500m, memory: 256Mi}}
"""
CONFIG_MAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: config-{n}
data:
  settings.yaml: |
    level: info
    feature: {n}
    list: [a, b, c]
"""
CRD = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets{n}.example.com
spec:
  group: example.com
  names: {{kind: Widget{n}, plural: widgets{n}}}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {{type: integer}}
              color: {{type: string}}
"""


def ingress(rng: random.Random, n: int) -> str:
    defect = rng.random() < 0.05  # a missing Service port, a wrong pathType now and then
    return INGRESS.format(n=n, team=n % 7, path_type="Prefx" if defect else "Prefix", port="eighty" if defect else 80)


def thousand(rng: random.Random, documents: int = 1000, start: int = 0) -> str:
    parts = []
    for n in range(start, start + documents):
        pick = rng.random()
        if pick < 0.6:
            parts.append(ingress(rng, n))
        elif pick < 0.97:
            parts.append(SERVICE.format(n=n, team=n % 7))
        else:
            parts.append(INGRESS_CLASS.format(n=n))
    return "---\n".join(parts)


def mixed(rng: random.Random, documents: int = 20_000) -> str:
    parts = []
    for n in range(documents):
        pick = rng.random()
        if pick < 0.02:
            parts.append(ingress(rng, n))
        elif pick < 0.4:
            parts.append(DEPLOYMENT.format(n=n))
        elif pick < 0.7:
            parts.append(CONFIG_MAP.format(n=n))
        elif pick < 0.8:
            parts.append(CRD.format(n=n))
        else:
            parts.append(SERVICE.format(n=n, team=n % 7))
    return "---\n".join(parts)


def many_paths(paths: int = 200_000) -> str:
    """One Ingress with ``paths`` paths in one rule (each a distinct path to one Service)."""
    head = INGRESS.format(n=0, team=0, path_type="Prefix", port=80).split("      paths:\n")[0]
    item = "      - path: /p{n}\n        pathType: Prefix\n        backend: {{service: {{name: web-0, port: {{number: 80}}}}}}\n"
    return head + "      paths:\n" + "".join(item.format(n=n) for n in range(paths))


def wide_map(keys: int = 1_000_000) -> str:
    """One Ingress whose metadata.labels hold ``keys`` keys."""
    head, tail = INGRESS.format(n=0, team=0, path_type="Prefix", port=80).split("  annotations:\n")
    labels = "".join(f"    k{n}: v\n" for n in range(keys))
    return head + "  labels:\n" + labels + "  annotations:\n" + tail


BIG = {"many-paths": many_paths, "wide-map": wide_map}  # not written unless named


def big_files(out: Path, seed: int) -> dict[str, Path]:
    """Label -> file of the big single-document corpora (written when missing), for bench/run.py."""
    write(out, seed, BIG)
    return {
        "one Ingress, 200,000 paths": out / "many-paths.yaml",
        "one Ingress, a 1M-key mapping": out / "wide-map.yaml",
    }


def _rng(seed: int, name: str) -> random.Random:
    return random.Random(f"{seed}-{name}")


def _files(rng: random.Random, count: int, per_file: int = 100) -> list[str]:
    return [thousand(rng, per_file, number * per_file) for number in range(count)]


def _write_dir(directory: Path, texts: list[str]) -> None:
    directory.mkdir(exist_ok=True)
    for number, text in enumerate(texts):
        (directory / f"{number:03}.yaml").write_text(text)


def _three(out: Path, seed: int) -> None:
    rng = _rng(seed, "three")
    (out / "three.yaml").write_text(
        "---\n".join([ingress(rng, 0), SERVICE.format(n=0, team=0), INGRESS_CLASS.format(n=0)])
    )


WRITERS: dict[str, Callable[[Path, int], None]] = {
    "three": _three,
    "thousand": lambda out, seed: (out / "thousand.yaml").write_text(thousand(_rng(seed, "thousand"))),
    "hundred": lambda out, seed: _write_dir(out / "hundred", _files(_rng(seed, "hundred"), 100)),
    "ten-thousand": lambda out, seed: (out / "ten-thousand.yaml").write_text(
        "---\n".join(_files(_rng(seed, "hundred"), 100))
    ),
    "twenty": lambda out, seed: _write_dir(out / "twenty", _files(_rng(seed, "twenty"), 200)),
    "mixed": lambda out, seed: (out / "mixed.yaml").write_text(mixed(_rng(seed, "mixed"))),
    "hook-repo": lambda out, seed: hook_repo(out / "hook-repo", seed),
    "hook-tree": lambda out, seed: hook_repo(out / "hook-tree", seed, git=False),
}


def write(out: Path, seed: int, names: Iterable[str] | None = None) -> None:
    """Write the corpora ``names`` (default: all) under ``out``; one already there is kept."""
    out.mkdir(parents=True, exist_ok=True)
    for name in WRITERS if names is None else names:
        if not any(out.glob(name + "*")):
            if name in BIG:
                (out / f"{name}.yaml").write_text(BIG[name]())
            else:
                WRITERS[name](out, seed)


# The hook's repository (issue 9 item 6): 5,000 tracked manifests of a platform, 3,000 files
# git ignores (rendered output and generated copies, all naming Ingresses and Services, so
# reading them would cost), one changed Ingress. pre-commit runs the hook's entry and args
# (.pre-commit-hooks.yaml: ``ingresslint lint --refs-from .``) on the changed file.
HOOK_MANIFESTS = 5000
HOOK_IGNORED = 3000
HOOK_CHANGED = "changed.txt"  # holds the changed file's path, relative to the repository
GITIGNORE = "rendered/\n*.generated.yaml\n"


def _platform_file(rng: random.Random, n: int) -> tuple[str, list[str]]:
    """A tracked manifest's kind and its document(s): an Ingress comes with its Service."""
    pick = rng.random()
    team = n % 7
    if pick < 0.02:
        return "ingress", [ingress(rng, n), SERVICE.format(n=n, team=team)]
    if pick < 0.4:
        return "deployment", [DEPLOYMENT.format(n=n)]
    if pick < 0.7:
        return "configmap", [CONFIG_MAP.format(n=n)]
    if pick < 0.8:
        return "crd", [CRD.format(n=n)]
    return "service", [SERVICE.format(n=n, team=team)]


def hook_repo(
    top: Path, seed: int, manifests: int = HOOK_MANIFESTS, ignored: int = HOOK_IGNORED, git: bool = True
) -> Path:
    """Write the hook's repository under ``top`` (committed when ``git``) and return the path,
    relative to ``top``, of the one changed file (also written to ``top/changed.txt``)."""
    rng = _rng(seed, "hook")
    top.mkdir(parents=True, exist_ok=True)
    (top / ".gitignore").write_text(GITIGNORE)
    changed = None
    for n in range(manifests):
        kind, documents = _platform_file(rng, n)
        folder = top / "apps" / f"team-{n % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        name = folder / f"{kind}-{n}.yaml"
        name.write_text("---\n".join(documents))
        if changed is None and kind == "ingress":
            changed = name
    for n in range(ignored):
        text = "---\n".join([ingress(rng, manifests + n), SERVICE.format(n=manifests + n, team=n % 7)])
        if n % 3:
            folder = top / "rendered" / f"release-{n % 20}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"out-{n}.yaml").write_text(text)
        else:
            (top / "apps" / f"team-{n % 7}" / f"copy-{n}.generated.yaml").write_text(text)
    assert changed is not None, "no Ingress among the manifests: raise the count"
    relative = changed.relative_to(top).as_posix()
    (top / HOOK_CHANGED).write_text(relative)
    if git:
        _git(top, "init", "-q")
        _git(top, "add", "-A")
        _git(top, "commit", "-q", "-m", "platform")
    # the change pre-commit is asked about: staged, as pre-commit sees it
    changed.write_text(changed.read_text().replace('ssl-redirect: "true"', 'ssl-redirect: "false"', 1))
    if git:
        _git(top, "add", relative)
    return Path(relative)


def _git(top: Path, *args: str) -> None:
    # no user or system configuration (hooks, signing): the same repository everywhere
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    identity = ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=top, env=env, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--only", help="comma-separated corpus names: " + ", ".join([*WRITERS, *BIG]))
    args = parser.parse_args()
    write(args.out, args.seed, args.only.split(",") if args.only else None)


if __name__ == "__main__":
    main()
