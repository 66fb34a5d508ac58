"""Wording shared by messages: lists of names stay short however many names a run holds."""

from __future__ import annotations

from collections.abc import Iterable

LISTED = 5  # names shown before "and N more"


def listed(names: Iterable[str], sep: str = ", ", limit: int = LISTED) -> str:
    """``a, b, c`` — or the first ``limit`` names and ``and N more`` — so that a message naming
    every known class or host does not grow with the size of the run."""
    items = list(names)
    if len(items) <= limit:
        return sep.join(items)
    return f"{sep.join(items[:limit])} and {len(items) - limit} more"
