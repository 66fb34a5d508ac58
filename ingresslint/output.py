"""Writing what a run produces: report files and baselines atomically, stdout with failures
turned into one-line errors (issue 10 item 7).

A file is written to a temporary file in the same directory, then renamed over the target:
``kill -9``, a full disk or a render error leave the old file whole (the old baseline is not
lost) and never an empty or partial one. Text that cannot be encoded (a file name that is
not UTF-8) is written with backslash escapes instead of crashing the run.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path


class OutputError(Exception):
    """The output could not be written; the message is one line."""


def write_file(path: Path, text: str) -> None:
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
            stream.write(text)
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


def write_stdout(text: str) -> None:
    """Write ``text`` to stdout; a closed pipe or a full disk is an OutputError."""
    stream = sys.stdout
    try:
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
        stream.write(text)
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
