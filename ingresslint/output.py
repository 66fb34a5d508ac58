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
# Characters of a report kept in memory; the rest waits in an anonymous temporary file, so a
# report of a hundred thousand findings does not hold its whole text until it is written.
# Reports of a few thousand findings (and every pre-commit run) never touch the disk.
SPILL_AFTER = 4 * 1024 * 1024


class OutputError(Exception):
    """The output could not be written; the message is one line."""


class Rendered(io.TextIOBase):
    """A text stream that keeps what is written in blocks, for a report rendered whole before
    any of it is written. One copy of the report is held: a StringIO's ``getvalue()`` and the
    encoding of that one string for the output made three. Beyond SPILL_AFTER characters the
    blocks go to a temporary file (deleted when closed, or by the system if the run dies);
    when none can be made or written (no temporary directory, a full disk) they stay in memory."""

    def __init__(self) -> None:
        super().__init__()
        self._blocks: list[str | tuple[int, int]] = []  # a block, or (offset, bytes) of a spilled one
        self._pending: list[str] = []
        self._size = 0
        self._kept = 0  # characters of the blocks kept in memory
        self._spill: io.RawIOBase | None = None
        self._spilled = 0  # bytes in the temporary file
        self._memory_only = False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._pending.append(text)
        self._size += len(text)
        if self._size >= BLOCK:
            block = "".join(self._pending)
            self._pending.clear()
            self._size = 0
            for start in range(0, len(block), BLOCK):
                self._keep(block[start : start + BLOCK] if len(block) > BLOCK else block)
        return len(text)

    def _keep(self, block: str) -> None:
        if self._kept + len(block) > SPILL_AFTER and self._spilled_block(block):
            return
        self._blocks.append(block)
        self._kept += len(block)

    def _spilled_block(self, block: str) -> bool:
        """Whether ``block`` went to the temporary file (surrogatepass: any str comes back whole)."""
        spill = self._spill_file()
        if spill is None:
            return False
        data = memoryview(block.encode("utf-8", "surrogatepass"))
        written = 0
        try:
            while written < len(data):  # unbuffered: what write() returned is in the file
                written += spill.write(data[written:]) or 0
        except OSError:
            self._memory_only = True  # the bytes of this block written so far are never read
            self._spilled += written
            return False
        self._blocks.append((self._spilled, written))
        self._spilled += written
        return True

    def _spill_file(self) -> io.RawIOBase | None:
        if self._spill is None and not self._memory_only:
            import tempfile  # only a report of more than SPILL_AFTER characters needs it

            try:
                self._spill = tempfile.TemporaryFile(buffering=0)  # type: ignore[assignment]  # noqa: SIM115 (close())
            except OSError:
                self._memory_only = True
        return None if self._memory_only else self._spill

    def getvalue(self) -> str:
        return "".join(self.pieces())

    def pieces(self) -> Iterator[str]:
        """The text written, in pieces of at most about BLOCK characters."""
        for block in [*self._blocks, "".join(self._pending)]:
            if isinstance(block, tuple):
                yield self._read(*block)
                continue
            for start in range(0, len(block), BLOCK):
                yield block[start : start + BLOCK] if len(block) > BLOCK else block

    def _read(self, offset: int, size: int) -> str:
        assert self._spill is not None
        self._spill.seek(offset)
        data = bytearray()
        while len(data) < size:
            chunk = self._spill.read(size - len(data))
            if not chunk:
                raise OSError(f"the report's temporary file ended {size - len(data)} bytes early")
            data += chunk
        return data.decode("utf-8", "surrogatepass")

    def close(self) -> None:
        if self._spill is not None:
            self._spill.close()
        super().close()


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
