"""The text of each linted input, for code frames, without keeping every input's bytes.

A file read from disk is remembered by its size and CRC-32; a report that shows its lines
reads the file again and shows nothing when it no longer holds the bytes that were linted
(a frame never shows other content than the findings were made on). Inputs that cannot be
read again (standard input, bytes given through the API, the rendered documents of Helm's
``# Source:`` comments) keep their bytes.
"""

from __future__ import annotations

import zlib

from ingresslint.loader import decode_text
from ingresslint.records import Record, init


class SourceText(Record):
    __match_args__ = ("name", "size", "checksum", "content")
    __slots__ = __match_args__
    name: str  # the file to read again when ``content`` is None
    size: int
    checksum: int  # zlib.crc32 of the bytes linted
    content: bytes | None

    def __init__(self, name: str, size: int, checksum: int, content: bytes | None = None) -> None:
        init(self, "name", name)
        init(self, "size", size)
        init(self, "checksum", checksum)
        init(self, "content", content)

    @classmethod
    def of(cls, name: str, content: bytes, keep: bool) -> SourceText:
        return cls(name, len(content), zlib.crc32(content), content if keep else None)

    def bytes(self) -> bytes:
        """The bytes linted; empty when the file changed since (or cannot be read)."""
        if self.content is not None:
            return self.content
        try:
            with open(self.name, "rb") as handle:
                content = handle.read(self.size + 1)
        except OSError:
            return b""
        return content if len(content) == self.size and zlib.crc32(content) == self.checksum else b""

    def lines(self) -> list[str]:
        return decode_text(self.bytes()).splitlines()
