"""ingresslint: lint Kubernetes Ingress and IngressClass manifests.

``ingresslint.lint(paths, ...)`` is the Python API (see ingresslint/api.py); it is imported on
first use, so ``import ingresslint`` stays cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "lint"]


def __getattr__(name: str) -> Any:
    if name == "lint":
        from ingresslint.api import lint

        return lint
    raise AttributeError(f"module 'ingresslint' has no attribute {name!r}")
