"""Expand the paths given on the command line into (name, bytes) sources. No parsing here."""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
STDIN = "-"
MAX_BYTES = 32 * 1024 * 1024  # larger inputs are reported, not read


class SourceError(Exception):
    """A path that cannot be linted at all (missing, unreadable): a usage error, exit 2."""


@dataclass(frozen=True)
class Source:
    name: str  # the path as given (or "-" for stdin), used in every finding
    content: bytes  # empty when the input is larger than MAX_BYTES or unreadable
    size: int
    unreadable: str | None = None  # why a file found in a directory walk could not be read

    @property
    def too_large(self) -> bool:
        return self.size > MAX_BYTES


def iter_sources(paths: list[str], exclude: tuple[str, ...] = ()) -> Iterator[Source]:
    """Yield every source named by ``paths``, directories expanded in sorted order.

    ``exclude`` globs apply to the paths given too: pre-commit passes files one by one.
    """
    for given in paths:
        if given != STDIN and _excluded(Path(given), exclude):
            continue
        if given == STDIN:
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
            yield Source(STDIN, data if len(data) <= MAX_BYTES else b"", len(data))
            continue
        path = Path(given)
        if path.is_dir():
            for file in _walk(path, exclude):
                yield _read_found(str(file))
        elif path.is_file():
            yield _read(given)
        elif path.exists():  # a FIFO or a device would block or never end
            raise SourceError(f"{given}: not a regular file")
        else:
            raise SourceError(f"{given}: {_why_missing(given)}")


def _walk(top: Path, exclude: tuple[str, ...]) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not _excluded(Path(dirpath, d), exclude))
        for name in sorted(filenames):
            file = Path(dirpath, name)
            wanted = name.endswith(MANIFEST_SUFFIXES) and not name.startswith(".") and not _excluded(file, exclude)
            if wanted:
                yield file  # _read_found reports what is not a readable regular file


def _excluded(path: Path, exclude: tuple[str, ...]) -> bool:
    text = path.as_posix()
    return any(fnmatch(text, pattern) or fnmatch(path.name, pattern) for pattern in exclude)


def _why_missing(given: str) -> str:
    """Why ``given`` names nothing: a symbolic link loop, a dangling link, or nothing at all."""
    try:
        os.stat(given)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symbolic link loop (the link leads back to itself)"
        if os.path.islink(given):
            return f"a symbolic link to {os.readlink(given)}, which does not exist"
    return "no such file or directory"


def _read_found(name: str) -> Source:
    """A file found in a directory walk: what cannot be read is reported on that file (the
    loader makes it a finding), so one bad file does not cost its siblings."""
    try:
        mode = os.stat(name).st_mode
    except OSError:
        return Source(name, b"", 0, unreadable=_why_missing(name))
    if not stat.S_ISREG(mode):  # a FIFO or a device would block or never end
        return Source(name, b"", 0, unreadable="not a regular file (a FIFO, socket or device)")
    try:
        return _read(name)
    except SourceError as error:
        return Source(name, b"", 0, unreadable=str(error).removeprefix(f"{name}: "))


def _read(name: str) -> Source:
    try:
        with open(name, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_BYTES:
                return Source(name, b"", size)
            content = handle.read()
            return Source(name, content, len(content))
    except OSError as error:
        raise SourceError(f"{name}: {error.strerror or error}") from error
