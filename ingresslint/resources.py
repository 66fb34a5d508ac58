"""Locate data files shipped with ingresslint (schemas, rule metadata)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """``<package>/_data/<name>`` in an installed wheel, else ``<repo root>/<name>``."""
    bundled = _PACKAGE / "_data" / name
    return bundled if bundled.exists() else _PACKAGE.parent / name
