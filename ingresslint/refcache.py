"""The objects of ``--refs-from`` files, remembered between runs.

A pre-commit hook lints one changed file hundreds of times a day against the same thousand
reference files; parsing those is most of its time. Their packed objects (compact.py) are
kept in one file per ``--refs-from`` directory, keyed by the file's name and a digest of its
bytes, so an entry is only ever used for the very bytes it was made from: a file that changed
is parsed again, whatever its time stamps say. The linted files themselves are never cached.

The cache lives in the user's cache directory (``$INGRESSLINT_CACHE_DIR``, else
``$XDG_CACHE_HOME/ingresslint``, else ``~/.cache/ingresslint``), never in the repository: its
entries are pickles, which only the user may write. ``--no-cache`` or
``INGRESSLINT_CACHE_DIR=""`` turns it off. A cache that cannot be read (missing, truncated, from
another release) counts as empty; one that cannot be written is left as it was: the run's
report is the same with or without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

from ingresslint.model import Document
from ingresslint.sources import Source

FORMAT = 1  # bumped when what an entry holds changes
ENV = "INGRESSLINT_CACHE_DIR"

Key = tuple[str, bytes]  # (source name, digest of its bytes)


def cache_directory() -> Path | None:
    """Where the cache files go, or None when the cache is off (an empty $INGRESSLINT_CACHE_DIR)."""
    given = os.environ.get(ENV)
    if given is not None:
        return Path(given) if given else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ingresslint"


class ReferenceCache:
    """The cached objects of the reference files of one run. ``documents`` answers from what
    earlier runs stored, else parses and records; ``store`` records what workers parsed; ``save``
    writes the entries this run used (the others are dropped, so the file follows the
    repository, not its history)."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.old: dict[Key, list[Document]] = _read(file)
        self.used: dict[Key, list[Document]] = {}
        self.changed = False

    def documents(self, source: Source, parse: Callable[[Source], list[Document]]) -> list[Document]:
        key = _key(source)
        found = self.old.get(key)
        if found is None:
            found = parse(source)
            self.changed = True
        self.used[key] = found
        return found

    def store(self, source: Source, documents: list[Document]) -> None:
        key = _key(source)
        if key not in self.used:
            self.used[key] = documents
            self.changed = True

    def save(self) -> None:
        if not (self.changed or len(self.used) != len(self.old)):
            return
        import tempfile

        temporary = None
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.file.parent, prefix=".refs-", suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                pickle.dump((_stamp(), self.used), out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.file)  # readers see the old file or the new one, never half
        except (OSError, pickle.PicklingError, RecursionError):
            _remove(temporary)


def for_directories(directories: list[str]) -> ReferenceCache | None:
    """The cache of a run over ``--refs-from`` ``directories`` (None: none given, or the cache is off)."""
    base = cache_directory() if directories else None
    if base is None:
        return None
    named = "\0".join(os.path.abspath(directory) for directory in directories)
    digest = hashlib.blake2b(named.encode(errors="surrogateescape"), digest_size=12).hexdigest()
    return ReferenceCache(base / f"refs-{digest}.pickle")


def _key(source: Source) -> Key:
    return source.name, hashlib.blake2b(source.content, digest_size=16).digest()


MAKERS = ("loader.py", "compact.py", "model.py", "conversion.py", "refcache.py")  # what an entry's objects depend on


def _stamp() -> tuple[object, ...]:
    """What must be the same for an entry to be read back: the format, this release, Python,
    and the modules that parse and pack (size and time: an edited checkout is a new release)."""
    from ingresslint import __version__

    package = Path(__file__).parent
    made = []
    for name in MAKERS:
        try:
            status = (package / name).stat()
        except OSError:
            return ()  # never equal to a stored stamp: nothing is read back
        made.append((name, status.st_size, status.st_mtime_ns))
    return FORMAT, __version__, sys.version, tuple(made)


def _read(file: Path) -> dict[Key, list[Document]]:
    try:
        with open(file, "rb") as handle:
            if not _ours(os.fstat(handle.fileno())):
                return {}
            stamp, entries = pickle.load(handle)
    except Exception:  # a cache that cannot be read is no cache: missing, truncated, old
        return {}
    expected = _stamp()
    return entries if expected and stamp == expected and isinstance(entries, dict) else {}


def _ours(status: os.stat_result) -> bool:
    """Whether only this user could have written the file: a pickle runs code when read, so one
    that someone else could write (a shared $INGRESSLINT_CACHE_DIR) is not read."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: the user's profile directory is the protection
        return True
    return status.st_uid == getuid() and not status.st_mode & 0o022


def _remove(name: str | None) -> None:
    if name:
        with contextlib.suppress(OSError):
            os.unlink(name)
