"""Writing what a run produces: report files and baselines atomically, stdout with failures
turned into one-line errors (issue 10 item 7).

A file is written to a temporary file in the same directory, then renamed over the target:
``kill -9``, a full disk or a render error leave the old file whole (the old baseline is not
lost) and never an empty or partial one. Text that cannot be encoded (a file name that is
not UTF-8) is written with backslash escapes instead of crashing the run.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

BLOCK = 256 * 1024  # characters: what a report is kept and written in


class OutputError(Exception):
    """The output could not be written; the message is one line."""


class Rendered(io.TextIOBase):
    """A text stream that keeps what is written in blocks, for a report rendered whole before
    any of it is written. One copy of the report is held: a StringIO's ``getvalue()`` and the
    encoding of that one string for the output made three."""

    def __init__(self) -> None:
        super().__init__()
        self._blocks: list[str] = []
        self._pending: list[str] = []
        self._size = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._pending.append(text)
        self._size += len(text)
        if self._size >= BLOCK:
            self._blocks.append("".join(self._pending))
            self._pending.clear()
            self._size = 0
        return len(text)

    def getvalue(self) -> str:
        return "".join(self.pieces())

    def pieces(self) -> Iterator[str]:
        """The text written, in pieces of at most about BLOCK characters."""
        for block in [*self._blocks, "".join(self._pending)]:
            for start in range(0, len(block), BLOCK):
                yield block[start : start + BLOCK] if len(block) > BLOCK else block


def _pieces(text: str | Rendered) -> Iterator[str]:
    if isinstance(text, Rendered):
        yield from text.pieces()
    else:
        yield text


def write_file(path: Path, text: str | Rendered) -> None:
    """Replace ``path`` with ``text`` (UTF-8) atomically."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"{path}: the directory {directory} does not exist")
    import tempfile  # only a file output needs it: stdout runs skip its import (shutil, random)

    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"{path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace", newline="") as stream:
            for piece in _pieces(text):
                stream.write(piece)
            stream.flush()
            os.fsync(stream.fileno())
        _keep_mode(path, temporary)
        os.replace(temporary, path)
    except OSError as error:
        _remove(temporary)
        raise OutputError(f"{path}: {error.strerror or error}") from None
    except BaseException:  # Ctrl-C: no partial file left behind
        _remove(temporary)
        raise


def write_stdout(text: str | Rendered) -> None:
    """Write ``text`` to stdout; a closed pipe or a full disk is an OutputError."""
    stream = sys.stdout
    try:
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
        for piece in _pieces(text):
            stream.write(piece)
        stream.flush()
    except OSError as error:
        _silence_stdout()
        raise OutputError(f"cannot write the report to stdout: {error.strerror or error}") from None


def _keep_mode(path: Path, temporary: str) -> None:
    """mkstemp creates 0600: give the new file the old file's mode, else the umask's default."""
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)


def _remove(temporary: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary)


def _silence_stdout() -> None:
    """After EPIPE, point stdout at /dev/null so the interpreter's final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
