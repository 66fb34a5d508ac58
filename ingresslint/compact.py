"""Documents kept small between the per-document checks and the cross-object rules.

After its own checks a document is only read again by the cross-object rules (references,
classes, conflicts, TLS Secrets), by suppressions and by the reporters (JUnit cases, the
masking of Secret values in code frames). Its plain data and its position map are then
kept packed with :mod:`marshal` (about a tenth of the memory of the dicts, lists and
tuples they decode to) and decoded again when read; the last few decoded documents are
cached, since a rule reads one document many times in a row. A packed document is equal
to the document it was made from, and cheap to send from a worker process (parallel.py).
"""

from __future__ import annotations

import marshal
from collections import deque
from collections.abc import Iterable, Mapping
from typing import Any

from ingresslint.model import Document, Path, Position

# Decoded data and position maps kept. A cross-object rule sweeps every Ingress and looks up
# Services and Secrets between reads, so data needs a wide window (a few MB); positions are read
# only where a finding is made, and are the larger part.
RECENT_DATA = 4096
RECENT_POSITIONS = 64
# The rules sweep the documents one after the other, each rule anew: with more documents than
# the window, a least-recently-used window misses every time. So a document decoded for the
# second time (a sweep came back to it) stays decoded while fewer than RECENT_DATA -
# DATA_WINDOW do; the others rotate through the last DATA_WINDOW. A sweep then finds that many
# decoded, for the same memory, and what is read once (a Service, when the resolver indexes
# it) takes no room.
DATA_WINDOW = 64


class PackedDocument(Document):
    """A Document whose ``data`` and ``positions`` are stored marshalled.

    The identity (apiVersion, kind, name, namespace) is kept decoded: the manifest set
    groups by kind and rules filter by it without decoding the rest."""

    # set through object.__setattr__ (Document is frozen): see pack()
    _packed_data: bytes
    _packed_positions: bytes | None
    _identity: tuple[str | None, str | None, str | None, str | None]

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # dataclasses.replace() of a packed document
        doc = Document(*args, **kwargs)
        _fill(self, doc, _packed_positions(doc.positions))

    def __getstate__(self) -> dict[str, Any]:
        return {name: value for name, value in self.__dict__.items() if not name.startswith("_decoded")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    @property  # type: ignore[override]
    def data(self) -> dict[str, Any]:
        data = self.__dict__.get("_decoded_data")
        if data is None:
            data = self.__dict__["_decoded_data"] = marshal.loads(self._packed_data)
            if self.__dict__.get("_decoded_before") and len(_KEPT_DATA) < RECENT_DATA - DATA_WINDOW:
                _KEPT_DATA.append(self)
            else:
                self.__dict__["_decoded_before"] = True
                _remember(self, "_decoded_data", _RECENT_DATA, DATA_WINDOW)
        return data

    @property  # type: ignore[override]
    def positions(self) -> Mapping[Path, Position]:
        positions = self.__dict__.get("_decoded_positions")
        if positions is None:
            positions = self.__dict__["_plain_positions"]
            if positions is None:
                positions = _shared_positions(self._packed_positions)
            self.__dict__["_decoded_positions"] = positions
            _remember(self, "_decoded_positions", _RECENT_POSITIONS, RECENT_POSITIONS)
        return positions

    @property
    def api_version(self) -> str | None:
        return self._identity[0]

    @property
    def kind(self) -> str | None:
        return self._identity[1]

    @property
    def name(self) -> str | None:
        return self._identity[2]

    @property
    def namespace(self) -> str | None:
        return self._identity[3]


def _remember(doc: PackedDocument, attribute: str, recent: deque[PackedDocument], limit: int) -> None:
    """Keep ``doc``'s decoded ``attribute`` among the last ``limit`` decoded; drop the oldest."""
    recent.append(doc)
    if len(recent) > limit:
        recent.popleft().__dict__.pop(attribute, None)


_KEPT_DATA: list[PackedDocument] = []
_RECENT_DATA: deque[PackedDocument] = deque()
_RECENT_POSITIONS: deque[PackedDocument] = deque()
_POSITIONS: dict[bytes, Mapping[Path, Position]] = {}  # the last decoded shared map (items of a List)


def forget_decoded() -> None:
    """Drop the decoded data kept so far: a new run begins, whose documents are the ones to keep
    (else the first run of a process would hold its documents for every later one)."""
    for doc in (*_KEPT_DATA, *_RECENT_DATA):
        doc.__dict__.pop("_decoded_data", None)
    _KEPT_DATA.clear()
    _RECENT_DATA.clear()


def _shared_positions(packed: bytes | None) -> Mapping[Path, Position]:
    """The items of one List share one position map: decode it once for a run of items."""
    if packed is None:
        return {}
    found = _POSITIONS.get(packed)
    if found is None:
        _POSITIONS.clear()
        found = _POSITIONS[packed] = marshal.loads(packed)
    return found


def _packed_positions(positions: Mapping[Path, Position]) -> bytes | None:
    return marshal.dumps(positions) if type(positions) is dict else None


def _fill(target: PackedDocument, doc: Document, positions: bytes | None) -> None:
    setattr_ = object.__setattr__
    for name in ("source", "index", "root", "converted_from"):
        setattr_(target, name, getattr(doc, name))
    setattr_(target, "_packed_data", marshal.dumps(doc.data))
    setattr_(target, "_packed_positions", positions)
    # a position map that is not a plain dict (a conversion's MappedPositions) stays as it is
    setattr_(target, "_plain_positions", None if positions is not None else doc.positions)
    setattr_(target, "_identity", (doc.api_version, doc.kind, doc.name, doc.namespace))


class Packer:
    """Packs documents one by one; consecutive items of one List keep sharing one packed
    position map (the map of the last List is held, so its id cannot be reused meanwhile)."""

    def __init__(self) -> None:
        self._last: tuple[Mapping[Path, Position], bytes | None] | None = None

    def pack(self, doc: Document) -> Document:
        """``doc`` packed; a document whose data marshal cannot store is kept as it is."""
        if isinstance(doc, PackedDocument):
            return doc
        try:
            if self._last is None or self._last[0] is not doc.positions:
                self._last = (doc.positions, _packed_positions(doc.positions))
            target = PackedDocument.__new__(PackedDocument)
            _fill(target, doc, self._last[1])
        except ValueError:  # an object marshal does not know (not plain YAML data)
            return doc
        return target


def pack(documents: Iterable[Document]) -> list[Document]:
    """The documents packed (see Packer)."""
    packer = Packer()
    return [packer.pack(doc) for doc in documents]
