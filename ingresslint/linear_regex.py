"""Regular expressions that cannot stall a run on hostile input.

The catalog's value patterns and the API server's name formats are Go RE2 syntax, which
the controller and the server evaluate in linear time. Python's backtracking ``re`` can take
exponential time on some of them (``(a|a.)*!`` style patterns), so a single annotation in a
pull request could hang CI. Here every pattern runs with RE2 (the ``google-re2`` package,
imported on the first match) and keeps Go's semantics: ``\\d`` and ``\\w`` are ASCII, ``$`` is
the end of the text, ``(?i)`` may stand mid-pattern, invalid UTF-8 reads as U+FFFD.

Where RE2 is not installed (a platform without a wheel), the pattern runs with Python ``re``
under a time budget (an interval timer; Python's regex engine checks for signals while it
backtracks). Where no timer can be set (not the main thread, no ``SIGALRM``), or the budget
runs out, the value is *not* checked and :class:`Unchecked` says why: the caller reports it
as a finding. Never a hang, never a silent pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

BUDGET_SECONDS = 0.25  # fallback only: a real value matches in microseconds
INSTALL_HINT = "install google-re2 to check it in linear time"


class Unchecked(Exception):
    """The value could not be matched safely; ``str(error)`` says why, in one phrase."""


class _Timeout(BaseException):
    """Raised by the fallback's timer inside ``re``; a BaseException so no caller swallows it."""


class LinearRegex:
    """One Go RE2 pattern. ``python`` is a rewrite for Python ``re`` (used only by the fallback).

    ``python_is_linear`` marks a fixed pattern of ours (the API server's name formats, ASCII
    classes only) that tests prove linear under Python ``re`` and answering as RE2 does: it
    runs with ``re``, so a plain run need not import re2.
    """

    def __init__(self, pattern: str, python: str | None = None, *, python_is_linear: bool = False) -> None:
        self.pattern = pattern
        self.python = python or pattern
        self.python_is_linear = python_is_linear

    def search(self, text: str) -> bool:
        """Go ``regexp.MatchString``: the pattern matches somewhere in ``text``."""
        return self._run(text, anchored=False)

    def fullmatch(self, text: str) -> bool:
        """The whole of ``text`` matches (``^(?:pattern)$`` in Go)."""
        return self._run(text, anchored=True)

    def _run(self, text: str, anchored: bool) -> bool:
        if self.python_is_linear:  # our fixed ASCII-class formats: the same answer, no re2 import
            compiled_python = _python_compile(self.python)
            return (compiled_python.fullmatch(text) if anchored else compiled_python.search(text)) is not None
        compiled = _re2_compile(self.pattern)
        if compiled is not None:
            data = text.encode("utf-8", "surrogatepass")
            return (compiled.fullmatch(data) if anchored else compiled.search(data)) is not None
        fallback = _python_compile(self.python)
        match = fallback.fullmatch if anchored else fallback.search
        return _budgeted(lambda: match(text) is not None)


def re2_available() -> bool:
    return _re2_module() is not None


@cache
def _re2_module() -> Any:
    try:
        import re2
    except ImportError:
        return None
    return re2


@cache
def _re2_compile(pattern: str) -> Any:
    """The compiled RE2 pattern (bytes mode, UTF-8), or None when RE2 is missing or rejects it."""
    re2 = _re2_module()
    if re2 is None:
        return None
    try:
        return re2.compile(pattern.encode("utf-8"))
    except re2.error:
        return None  # not RE2 syntax: the budgeted fallback still bounds it


@cache
def _python_compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.ASCII)  # Go's \d, \w, \s and \b are ASCII


def _budgeted(match: Callable[[], bool]) -> bool:
    """``match()`` under an interval timer; Unchecked when none can be set or it expires."""
    import signal
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        raise Unchecked(f"no time limit can be set here and RE2 is not installed; {INSTALL_HINT}")

    def expire(signum: int, frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        signal.setitimer(signal.ITIMER_REAL, BUDGET_SECONDS)
        try:
            return match()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Timeout:
        raise Unchecked(f"matching took longer than {BUDGET_SECONDS} s without RE2; {INSTALL_HINT}") from None
    finally:
        signal.signal(signal.SIGALRM, previous)
