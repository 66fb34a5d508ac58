"""Expand the paths given on the command line into (name, bytes) sources. No parsing here.

A directory is walked in sorted order, skipping hidden entries, what ``exclude`` and the
``.gitignore`` files say, and the ``templates/`` of Helm charts: Go templates are not YAML
until rendered, so each chart gets one ``helm-chart-not-rendered`` note instead. What cannot
be read in a walk (permissions, a symbolic link loop) becomes a finding on that path and the
walk goes on; a path named on the command line that cannot be read is a usage error.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path

from ingresslint.ignores import Exclude, GitIgnores, GitListing, Tracked
from ingresslint.model import Finding, Severity
from ingresslint.records import Record, init, replace

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
STDIN = "-"
MAX_BYTES = 32 * 1024 * 1024  # larger inputs are reported, not read
CHART_FILE = "Chart.yaml"
CHART_TEMPLATES = "templates"
CHART_RULE = "helm-chart-not-rendered"
# Every kind the loader keeps (loader.KINDS_KEPT and the *List kinds) contains one of these
# words; a --refs-from file whose bytes contain none of them holds no object references need.
REFERENCE_KIND_WORDS = (b"Ingress", b"Service", b"Secret", b"List")
# UTF-16 and UTF-32 spell no word in these bytes: such files are read (UTF-32 LE's BOM starts
# with UTF-16 LE's)
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)
# What git grep looks for in tracked files: the words, and a wide BOM's bytes anywhere (UTF-32
# BE's BOM holds UTF-16 BE's)
_GREP_WORDS = (*REFERENCE_KIND_WORDS, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class SourceError(Exception):
    """A path that cannot be linted at all (missing, unreadable): a usage error, exit 2."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message


class Source(Record):
    __match_args__ = ("name", "content", "size", "unreadable", "findings", "from_file")
    __slots__ = __match_args__
    name: str  # the path as given (or "-" / --stdin-filename for stdin), used in every finding
    content: bytes  # empty when the input is larger than MAX_BYTES or could not be read
    size: int
    unreadable: str | None  # why a file found in a directory walk could not be read
    findings: tuple[Finding, ...]  # notes from reading: a Helm chart whose templates were not linted
    from_file: bool  # content is what the file ``name`` held: a report may read it again for code frames

    def __init__(
        self,
        name: str,
        content: bytes,
        size: int,
        unreadable: str | None = None,
        findings: tuple[Finding, ...] = (),
        from_file: bool = False,
    ) -> None:
        init(self, "name", name)
        init(self, "content", content)
        init(self, "size", size)
        init(self, "unreadable", unreadable)
        init(self, "findings", findings)
        init(self, "from_file", from_file)

    @property
    def too_large(self) -> bool:
        return self.size > MAX_BYTES


class Handed:
    """The sources of a run, each let go once handed out: the run keeps what it made of an
    input, not its bytes. Its length stays the number of sources it was made with (a
    progress bar's total)."""

    def __init__(self, sources: list[Source]) -> None:
        self._left = deque(sources)
        self._total = len(sources)

    def __len__(self) -> int:
        return self._total

    def __iter__(self) -> Iterator[Source]:
        left = self._left
        while left:
            yield left.popleft()


class Walk(Record):
    """How paths are expanded: what to exclude, whether .gitignore files count."""

    __match_args__ = ("exclude", "respect_gitignore")
    __slots__ = __match_args__
    exclude: Exclude
    respect_gitignore: bool

    def __init__(self, exclude: Exclude, respect_gitignore: bool = True) -> None:
        init(self, "exclude", exclude)
        init(self, "respect_gitignore", respect_gitignore)

    @classmethod
    def of(cls, exclude: Exclude | Sequence[str] | Walk) -> Walk:
        if isinstance(exclude, Walk):
            return exclude
        return cls(exclude if isinstance(exclude, Exclude) else Exclude(exclude))


def iter_sources(
    paths: Sequence[str], exclude: Walk | Exclude | Sequence[str] = (), stdin_name: str = STDIN
) -> Iterator[Source]:
    """Yield every source named by ``paths``, directories expanded in sorted order.

    ``exclude`` applies to the paths given too: pre-commit passes files one by one. Standard
    input is named ``stdin_name`` in findings (``--stdin-filename``).
    """
    walk = Walk.of(exclude)
    charts: set[str] = set()
    for given in paths:
        if given == STDIN:
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
            yield Source(stdin_name, data if len(data) <= MAX_BYTES else b"", len(data))
            continue
        path = Path(given)
        if walk.exclude.matches(path, is_dir=path.is_dir()):
            continue
        if path.is_dir():
            yield from _walk(path, walk, charts)
        elif path.is_file():
            chart = _chart_of_template(path) or _chart_of_chart_file(path)
            if chart is None:
                yield _read(given)
            else:
                yield from _chart_notes(chart, charts)
        else:
            raise SourceError(f"{given}: {_why_not_a_file(given)}")


def iter_reference_sources(dirs: Sequence[str], exclude: Walk | Exclude | Sequence[str] = ()) -> Iterator[Source]:
    """The sources of ``--refs-from DIR``: in a git work tree the files git tracks (one
    ``git ls-files`` call; untracked and ignored files do not count, as in CI), elsewhere the
    directory walk. Only files whose bytes name a kind the reference rules read are yielded,
    so the rest are never parsed; the word may be anywhere (a comment is fine: the file is
    only read for nothing). In git, ``git grep`` says which files hold a word, so the others
    are not even read."""
    walk = Walk.of(exclude)
    # git starts reading every directory now, not when the first source is asked for: the run
    # lints its own files meanwhile (a pre-commit hook waits for git most of its time)
    listings = [GitListing(directory, _GREP_WORDS) if walk.respect_gitignore else None for directory in dirs]
    return _reference_sources(dirs, walk, listings)


def _reference_sources(dirs: Sequence[str], walk: Walk, listings: list[GitListing | None]) -> Iterator[Source]:
    for directory, listing in zip(dirs, listings, strict=True):
        tracked = listing.result() if listing is not None else None
        found = _walk(Path(directory), walk, set()) if tracked is None else _tracked(Path(directory), tracked, walk)
        yield from (source for source in found if _may_hold_references(source))


def _may_hold_references(source: Source) -> bool:
    if source.too_large or source.content.startswith(_WIDE_BOMS):
        return True
    return any(word in source.content for word in REFERENCE_KIND_WORDS)


def _tracked(top: Path, tracked: Tracked, walk: Walk) -> Iterator[Source]:
    """The git-tracked manifests under ``top`` that may hold a word, named as ``top / entry``
    would be. Plain string work on git's POSIX paths: the hook meets thousands on every commit."""
    given = str(top)
    prefix = "" if given == "." else given if given.endswith(os.sep) else given + os.sep
    charts = {entry[: -len(CHART_FILE)] for entry in tracked.files if entry.rpartition("/")[2] == CHART_FILE}
    holding, links = tracked.holding, tracked.links
    for entry in tracked.files:
        if holding is not None and entry not in holding and entry not in links:
            continue  # none of the words in its bytes: nothing to read
        directory, _, name = entry.rpartition("/")
        if not _wanted_name(name) or directory.startswith(".") or "/." in directory:
            continue
        if charts and _in_chart_templates(directory, charts):
            continue
        file = prefix + (entry if os.sep == "/" else entry.replace("/", os.sep))
        if walk.exclude.matches(file):
            continue
        source = _read_found(file, missing_ok=True)
        if source is not None:
            yield source


def _in_chart_templates(directory: str, charts: set[str]) -> bool:
    """Whether the tracked directory ``directory`` is, or is under, the ``templates/`` of a
    chart in ``charts`` (chart directories as prefixes: ``"charts/web/"``, ``""`` at the top)."""
    parts = directory.split("/")
    return any(
        part == CHART_TEMPLATES and "".join(f"{above}/" for above in parts[:index]) in charts
        for index, part in enumerate(parts)
    )


def _wanted_name(name: str) -> bool:
    return name.endswith(MANIFEST_SUFFIXES) and not name.startswith(".")


def _walk(top: Path, walk: Walk, charts: set[str]) -> Iterator[Source]:
    chart = _chart_of_template(top / CHART_FILE)  # the walk starts inside a chart's templates/
    if chart is not None:
        yield from _chart_notes(chart, charts)
        return
    ignores = GitIgnores(top) if walk.respect_gitignore else None
    unreadable: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(top, onerror=unreadable.append):
        if unreadable:
            yield from _unreadable_directories(top, unreadable)
        if ignores is not None and dirpath != str(top) and ".gitignore" in filenames:
            ignores.enter(os.path.abspath(dirpath))
        if CHART_FILE in filenames and CHART_TEMPLATES in dirnames:
            dirnames.remove(CHART_TEMPLATES)
            filenames.remove(CHART_FILE)  # the note is read from it
            yield from _chart_notes(Path(dirpath), charts)
        dirnames[:] = sorted(d for d in dirnames if _walk_into(Path(dirpath, d), walk, ignores))
        for name in sorted(filenames):
            file = Path(dirpath, name)
            if _wanted_name(name) and not _skipped(file, walk, ignores):
                source = _read_found(file)
                if source is not None:
                    yield source
    yield from _unreadable_directories(top, unreadable)


def _walk_into(directory: Path, walk: Walk, ignores: GitIgnores | None) -> bool:
    return not directory.name.startswith(".") and not _skipped(directory, walk, ignores, is_dir=True)


def _skipped(path: Path, walk: Walk, ignores: GitIgnores | None, is_dir: bool = False) -> bool:
    return walk.exclude.matches(path, is_dir) or (ignores is not None and ignores.ignored(path, is_dir))


def _unreadable_directories(top: Path, errors: list[OSError]) -> Iterator[Source]:
    for error in errors:
        name = str(Path(error.filename or top))
        if os.path.abspath(name) == os.path.abspath(top):
            raise SourceError(f"{top}: {error.strerror or error}")
        yield _unreadable(name, f"a directory that cannot be listed: {error.strerror or error}")
    errors.clear()


def _read_found(file: str | Path, missing_ok: bool = False) -> Source | None:
    """A file met in a walk: what cannot be read is reported on that file (the loader makes
    it a finding), so one bad file does not cost its siblings."""
    name = str(file)
    try:
        mode = os.stat(name).st_mode
    except OSError:
        if missing_ok and not os.path.lexists(name):
            return None  # git still lists a file deleted from the work tree
        return _unreadable(name, _why_not_a_file(name))
    if not stat.S_ISREG(mode):  # a FIFO or a device would block or never end
        return _unreadable(name, "not a regular file (a FIFO, socket or device)")
    try:
        return _read(name)
    except SourceError as error:
        return _unreadable(name, error.reason)


def _unreadable(name: str, reason: str) -> Source:
    return Source(name, b"", 0, unreadable=reason)


def _why_not_a_file(name: str) -> str:
    """Why ``name`` (not a regular file or directory) cannot be linted."""
    try:
        os.stat(name)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symbolic link loop (the link leads back to itself)"
        if os.path.islink(name):
            return f"a symbolic link to {os.readlink(name)}, which does not exist"
        if error.errno == errno.ENOENT:
            return "no such file or directory"
        return str(error.strerror or error)
    return "not a regular file"  # a FIFO or a device would block or never end


def _chart_of_template(file: Path) -> Path | None:
    """The Helm chart whose ``templates/`` holds ``file``, if any: as typed when ``file``
    names it, else relative to the working directory (absolute outside it)."""
    for directory in Path(os.path.abspath(file)).parents:
        if directory.name == CHART_TEMPLATES and (directory.parent / CHART_FILE).is_file():
            chart = directory.parent
            typed = [parent for parent in file.parents if os.path.abspath(parent) == str(chart)]
            if typed:
                return typed[0]
            return Path(os.path.relpath(chart))
    return None


def _chart_of_chart_file(file: Path) -> Path | None:
    """The chart ``file`` is the Chart.yaml of (one with templates/): it carries the note."""
    if file.name == CHART_FILE and (file.parent / CHART_TEMPLATES).is_dir():
        return file.parent
    return None


def _chart_notes(chart: Path, seen: set[str]) -> Iterator[Source]:
    """One note per chart and run."""
    key = os.path.abspath(chart)
    if key not in seen:
        seen.add(key)
        yield _chart_note(chart)


def _chart_note(chart: Path) -> Source:
    """The chart's Chart.yaml, carrying the note that its templates were not linted."""
    name = str(chart / CHART_FILE)
    message = (
        f"{chart / CHART_TEMPLATES}/ holds Helm templates, which are not YAML until rendered, so they were not linted: "
        f"lint the rendered chart instead: helm template {chart} | ingresslint lint -"
    )
    note = Finding(CHART_RULE, Severity.INFO, message, name, 1, 1)
    source = _read_found(Path(name)) or Source(name, b"", 0)
    return replace(source, findings=(note, *source.findings))


def _read(name: str) -> Source:
    try:
        with open(name, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_BYTES:
                return Source(name, b"", size)
            content = handle.read()
            return Source(name, content, len(content), from_file=True)
    except OSError as error:
        raise SourceError(f"{name}: {error.strerror or error}", error.strerror or str(error)) from error
