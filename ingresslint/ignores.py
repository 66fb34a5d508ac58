"""Which paths a run skips: ``exclude`` patterns, ``.gitignore`` files and git's index.

Patterns have gitignore semantics (pathspec's ``GitIgnoreSpec``) and are matched against the
path relative to the directory they belong to: the configuration file's directory for
``exclude`` (the working directory for ``--exclude``), the ``.gitignore`` file's directory
for its patterns. So ``exclude: [deploy/legacy/]`` means the same folder whether the run
names ``deploy``, ``$PWD/deploy`` or starts in a subdirectory. pathspec is imported only
when there is a pattern to match.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

GITIGNORE = ".gitignore"
GIT_TIMEOUT = 60.0  # seconds for `git ls-files`; a hung git must not hang the hook


def _spec(lines: Iterable[str]) -> Any:
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(lines)


def relative_to(path: str | Path, base: str) -> str | None:
    """``path`` relative to the absolute directory ``base``, in POSIX form; None outside it.

    Tried on the absolute path as typed, then with symbolic links resolved (the working
    directory is physical while ``$PWD`` may not be)."""
    for candidate, root in ((os.path.abspath(path), base), (os.path.realpath(path), os.path.realpath(base))):
        if candidate.startswith(root.rstrip(os.sep) + os.sep):
            return Path(candidate[len(root.rstrip(os.sep)) + 1 :]).as_posix()
    return None


class Exclude:
    """The ``exclude`` patterns, relative to ``base``."""

    def __init__(self, patterns: Iterable[str] = (), base: str | Path | None = None) -> None:
        self.patterns = tuple(patterns)
        self.base = os.path.abspath(base if base is not None else os.getcwd())
        self._compiled: Any = None

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def matches(self, path: str | Path, is_dir: bool = False) -> bool:
        if not self.patterns:
            return False
        relative = relative_to(path, self.base)
        if relative is None:
            return False
        if self._compiled is None:
            self._compiled = _spec(self.patterns)
        return bool(self._compiled.match_file(relative + "/" if is_dir else relative))


class GitIgnores:
    """The ``.gitignore`` files that apply to a directory walk.

    Those of the walk's root and of its parents up to the repository's top (the nearest
    directory holding ``.git``, whose ``.git/info/exclude`` counts too; outside a repository,
    up to the working directory when the root is inside it) are read at once; the walk calls
    :meth:`enter` for each directory below. A deeper file wins over a shallower one, and in
    one file the last matching pattern wins, as in git. A root that its parents' files ignore
    was named on purpose: then only the files from the root down apply. git's global excludes
    file (``core.excludesFile``) is not read.
    """

    def __init__(self, top: str | Path) -> None:
        self.top = os.path.abspath(top)
        self.specs: dict[str, Any] = {}
        repository = _repository_top(self.top)
        self.stop = repository or _outside_git_top(self.top)
        info = _read_lines(os.path.join(repository, ".git", "info", "exclude")) if repository else []
        if self.stop != self.top:
            for directory in _between(self.stop, self.top):
                self.enter(directory, info if directory == repository else ())
            if self.ignored(self.top, is_dir=True):
                self.specs.clear()
                self.stop = self.top
        self.enter(self.top, info if self.top == repository else ())

    def enter(self, directory: str, first: Iterable[str] = ()) -> None:
        """Read ``directory``'s .gitignore (after the lines ``first``, which it overrides)."""
        lines = [*first, *_read_lines(os.path.join(directory, GITIGNORE))]
        if lines:
            self.specs[directory] = _spec(lines)

    def ignored(self, path: str | Path, is_dir: bool = False) -> bool:
        path = os.path.abspath(path)
        directory = os.path.dirname(path)
        while self.specs:
            spec = self.specs.get(directory)
            if spec is not None:
                relative = Path(path[len(directory.rstrip(os.sep)) + 1 :]).as_posix()
                include = spec.check_file(relative + "/" if is_dir else relative).include
                if include is not None:
                    return bool(include)
            parent = os.path.dirname(directory)
            if directory == self.stop or parent == directory:
                break
            directory = parent
        return False


def _repository_top(start: str) -> str | None:
    for directory in (start, *map(str, Path(start).parents)):
        if os.path.exists(os.path.join(directory, ".git")):
            return directory
    return None


def _outside_git_top(top: str) -> str:
    cwd = os.getcwd()
    return cwd if top.startswith(cwd.rstrip(os.sep) + os.sep) else top


def _between(ancestor: str, descendant: str) -> list[str]:
    """The directories from ``ancestor`` down to the parent of ``descendant``."""
    chain = []
    directory = os.path.dirname(descendant)
    while len(directory) >= len(ancestor) and directory != os.path.dirname(directory):
        chain.append(directory)
        if directory == ancestor:
            break
        directory = os.path.dirname(directory)
    return chain[::-1]


def _read_lines(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read().splitlines()
    except OSError:  # no such file (the usual case), or unreadable: git skips it too
        return []


def tracked_files(directory: str | Path) -> list[str] | None:
    """The files git tracks under ``directory`` (paths relative to it, sorted), from one
    ``git ls-files`` call; None when git is missing or ``directory`` is not in a work tree."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--", "."],
            cwd=directory,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return sorted({os.fsdecode(entry) for entry in done.stdout.split(b"\0") if entry})
