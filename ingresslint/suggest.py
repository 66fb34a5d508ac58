"""The "did you mean ...?" hint for a misspelt rule id, configuration key or name."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or "" when none is close."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """``difflib.get_close_matches(word, choices, n=1, cutoff)[0]`` or None, remembered: in
    one run the same missing name is looked up against the same names again and again."""
    return _closest(word, tuple(choices), cutoff)


@lru_cache(maxsize=4096)
def _closest(word: str, choices: tuple[str, ...], cutoff: float) -> str | None:
    import difflib

    close = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return close[0] if close else None
