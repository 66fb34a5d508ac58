"""Shared test helpers: lint YAML text written in the test, so lines are checked too."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingresslint.context import Context
from ingresslint.engine import Report, lint
from ingresslint.model import Finding
from ingresslint.sources import Source

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = REPO.parent / "shared"


def source(text: str | bytes, name: str = "test.yaml") -> Source:
    content = text if isinstance(text, bytes) else textwrap.dedent(text).encode()
    return Source(name, content, len(content))


def lint_text(text: str | bytes, ctx: Context | None = None, name: str = "test.yaml") -> Report:
    return lint([source(text, name)], ctx or Context())


def rule_findings(text: str | bytes, rule: str, ctx: Context | None = None) -> list[Finding]:
    return [finding for finding in lint_text(text, ctx).findings if finding.rule == rule]


def where(findings: list[Finding]) -> list[tuple[int, int, str | None]]:
    return [(finding.line, finding.column, finding.field) for finding in findings]


# A v1 Ingress up to its paths; each PATH_ITEM (a path without pathType) raises path-type-missing.
INGRESS_HEAD = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - host: example.com
    http:
      paths:
"""
PATH_ITEM = """\
      - path: /{n}
        backend:
          service:
            name: web
            port:
              number: 80
"""
BROKEN_INGRESS = INGRESS_HEAD + PATH_ITEM.format(n="")  # one path-type-missing error, at line 10

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not present in this checkout")


@pytest.fixture(autouse=True, scope="session")
def _reference_cache_of_the_tests(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Runs with --refs-from remember their objects in a directory of the test session, never in
    the user's cache (refcache.py); subprocesses inherit it through the environment."""
    saved = os.environ.get("INGRESSLINT_CACHE_DIR")
    os.environ["INGRESSLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("refcache"))
    yield
    if saved is None:
        del os.environ["INGRESSLINT_CACHE_DIR"]
    else:
        os.environ["INGRESSLINT_CACHE_DIR"] = saved
