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
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ingresslint.records import Record, init

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


class Tracked(Record):
    """What git says of the work tree under a directory (paths relative to it)."""

    __match_args__ = ("files", "links", "holding")
    __slots__ = __match_args__
    files: list[str]  # the files git tracks, sorted
    links: frozenset[str]  # those that are symbolic links (git grep reads a link's text, not its target)
    holding: frozenset[str] | None  # those whose working-tree bytes hold one of the words; None: unknown

    def __init__(self, files: list[str], links: frozenset[str], holding: frozenset[str] | None) -> None:
        init(self, "files", files)
        init(self, "links", links)
        init(self, "holding", holding)


class GitListing:
    """The files git tracks under ``directory`` (one ``git ls-files`` call) and, when ``words``
    are given, which of them hold one of the words in the work tree (one ``git grep``, run
    alongside, so the hook does not read thousands of files itself). Both start at once: the
    run does its own work while git reads the tree, and waits for git in ``result()``, which
    is None when git is missing or ``directory`` is not in a work tree."""

    def __init__(self, directory: str | Path, words: Sequence[bytes] = ()) -> None:
        import subprocess

        self.grep = _start_grep(directory, words) if words else None
        try:
            self.listing: Any = subprocess.Popen(
                ["git", "ls-files", "-z", "--stage", "--cached", "--", "."],
                cwd=directory,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except (OSError, subprocess.SubprocessError):
            self.listing = None

    def result(self) -> Tracked | None:
        import subprocess

        listing, grep = self.listing, self.grep
        self.listing = self.grep = None
        if listing is None:
            _stop(grep)
            return None
        try:
            out, _ = listing.communicate(timeout=GIT_TIMEOUT)
        except subprocess.SubprocessError:
            _stop(listing)
            _stop(grep)
            return None
        if listing.returncode != 0:
            _stop(grep)
            return None
        files, links = set(), set()
        for entry in out.split(b"\0"):
            if entry:
                mode, _, name = entry.partition(b"\t")
                files.add(os.fsdecode(name))
                if mode.startswith(b"120000"):
                    links.add(os.fsdecode(name))
        return Tracked(sorted(files), frozenset(links), _grep_result(grep))


def _start_grep(directory: str | Path, words: Sequence[bytes]) -> Any:
    """``git grep -l`` for fixed ``words`` in the tracked files of the work tree; None where
    byte patterns cannot be passed (Windows): then every file is read."""
    import subprocess

    if os.name == "nt":
        return None
    patterns = [argument for word in words for argument in (b"-e", word)]
    # -c: a user's grep.fullName would name files from the top instead of ``directory``
    command = [
        b"git",
        b"-c",
        b"grep.fullName=false",
        b"grep",
        b"-l",
        b"-z",
        b"-F",
        b"--no-color",
        *patterns,
        b"--",
        b".",
    ]
    try:
        return subprocess.Popen(command, cwd=directory, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError:
        return None


def _grep_result(grep: Any) -> frozenset[str] | None:
    import subprocess

    if grep is None:
        return None
    try:
        out, _ = grep.communicate(timeout=GIT_TIMEOUT)
    except subprocess.SubprocessError:
        _stop(grep)
        return None
    if grep.returncode not in (0, 1):  # 1: no file holds a word
        return None
    return frozenset(os.fsdecode(name) for name in out.split(b"\0") if name)


def _stop(process: Any) -> None:
    if process is not None:
        process.kill()
        process.communicate()
