"""Seeded benchmark corpora (the same bytes on every run with the same seed).

    python bench/corpus.py OUT_DIR [--seed 9]

OUT_DIR/three.yaml        a 3-document file (Ingress, Service, IngressClass): a pre-commit run
OUT_DIR/thousand.yaml     1,000 documents: Ingresses, Services, IngressClasses, some defects
OUT_DIR/hundred/NNN.yaml  10,000 documents as 100 files
OUT_DIR/mixed.yaml        a rendered platform: Deployments, ConfigMaps, CRDs, Services; 2% Ingress

Big single documents (issue 9 item 5), written only with --big (about 20 MB and 14 MB):

OUT_DIR/many-paths.yaml   one Ingress with 200,000 paths
OUT_DIR/wide-map.yaml     one Ingress whose labels are a 1,000,000-key mapping
"""

from __future__ import annotations

import argparse
import random
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


def write_big(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "many-paths.yaml").write_text(many_paths())
    (out / "wide-map.yaml").write_text(wide_map())


def write(out: Path, seed: int) -> None:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "three.yaml").write_text(
        "---\n".join([ingress(rng, 0), SERVICE.format(n=0, team=0), INGRESS_CLASS.format(n=0)])
    )
    (out / "thousand.yaml").write_text(thousand(rng))
    hundred = out / "hundred"
    hundred.mkdir(exist_ok=True)
    for number in range(100):
        (hundred / f"{number:03}.yaml").write_text(thousand(rng, 100, number * 100))
    (out / "ten-thousand.yaml").write_text("---\n".join((hundred / f"{n:03}.yaml").read_text() for n in range(100)))
    (out / "mixed.yaml").write_text(mixed(rng))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--big", action="store_true", help="write only the big single documents")
    args = parser.parse_args()
    if args.big:
        write_big(args.out)
    else:
        write(args.out, args.seed)


if __name__ == "__main__":
    main()
