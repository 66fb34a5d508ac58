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
import sys
from array import array
from collections import deque
from collections.abc import Iterable, Mapping
from itertools import chain
from typing import Any

from ingresslint.model import Document, ObjectRef, Path, Position

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
# Position maps are kept as their paths (a "shape") and an array of lines and columns. Objects
# made from one template share one shape; this many distinct shapes are shared, the paths of
# any further one are marshalled with its document.
SHAPES = 4096
SHORT = 0xFFFF  # the largest line or column an "H" array holds
SHARED_PATHS = 512  # a map of more paths (one big object) is not shared: its paths are marshalled


_STATE = (  # what a PackedDocument holds, in the order it pickles them
    "source",
    "index",
    "root",
    "converted_from",
    "_packed_data",
    "_packed_positions",
    "_plain_positions",
    "_api_version",
    "_ref",
    "_decoded_data",
    "_decoded_positions",
    "_decoded_before",
)


class PackedDocument(Document):
    """A Document whose ``data`` and ``positions`` are stored marshalled.

    The identity (apiVersion, kind, name, namespace) is kept decoded: the manifest set
    groups by kind and rules filter by it without decoding the rest. Its ObjectRef is made
    once: every finding of the document holds that one (a finding each is 64 B less)."""

    # Slots, set through object.__setattr__ (Document is frozen): see pack(). No __dict__ is
    # ever made for an instance (Document has none of its own): 370 B less per object.
    __slots__ = _STATE
    _packed_data: bytes
    _packed_positions: PackedPositions | None
    _api_version: str | None
    _ref: ObjectRef  # kind, namespace and name; the findings of the document share it

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # dataclasses.replace() of a packed document
        doc = Document(*args, **kwargs)
        _fill(self, doc, _packed_positions(doc.positions))

    def __getstate__(self) -> tuple[Any, ...]:
        return tuple(None if name.startswith("_decoded") else getattr(self, name) for name in _STATE)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(_STATE, state, strict=True):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_decoded_before", False)

    @property  # type: ignore[override]
    def data(self) -> dict[str, Any]:
        data = self._decoded_data
        if data is None:
            data = marshal.loads(self._packed_data)
            object.__setattr__(self, "_decoded_data", data)
            if self._decoded_before and len(_KEPT_DATA) < RECENT_DATA - DATA_WINDOW:
                _KEPT_DATA.append(self)
            else:
                object.__setattr__(self, "_decoded_before", True)
                _remember(self, "_decoded_data", _RECENT_DATA, DATA_WINDOW)
        return data

    @property  # type: ignore[override]
    def positions(self) -> Mapping[Path, Position]:
        positions = self._decoded_positions
        if positions is None:
            positions = self._plain_positions
            if positions is None:
                positions = _shared_positions(self._packed_positions)
            object.__setattr__(self, "_decoded_positions", positions)
            _remember(self, "_decoded_positions", _RECENT_POSITIONS, RECENT_POSITIONS)
        return positions

    @property
    def api_version(self) -> str | None:
        return self._api_version

    @property
    def kind(self) -> str | None:
        return self._ref.kind

    @property
    def name(self) -> str | None:
        return self._ref.name

    @property
    def namespace(self) -> str | None:
        return self._ref.namespace

    @property
    def ref(self) -> ObjectRef:
        return self._ref


def _remember(doc: PackedDocument, attribute: str, recent: deque[PackedDocument], limit: int) -> None:
    """Keep ``doc``'s decoded ``attribute`` among the last ``limit`` decoded; forget the oldest's."""
    recent.append(doc)
    if len(recent) > limit:
        object.__setattr__(recent.popleft(), attribute, None)


_KEPT_DATA: list[PackedDocument] = []
_RECENT_DATA: deque[PackedDocument] = deque()
_RECENT_POSITIONS: deque[PackedDocument] = deque()


def forget_decoded() -> None:
    """Drop the decoded data kept so far: a new run begins, whose documents are the ones to keep
    (else the first run of a process would hold its documents for every later one)."""
    for doc in (*_KEPT_DATA, *_RECENT_DATA):
        object.__setattr__(doc, "_decoded_data", None)
    _KEPT_DATA.clear()
    _RECENT_DATA.clear()


class PackedPositions:
    """A position map as its paths (shared between maps of one shape, or marshalled) and its
    lines and columns in one array: a tenth of the dict, a third of the dict marshalled."""

    __slots__ = ("decoded", "numbers", "shape", "typecode")

    def __init__(self, shape: tuple[Path, ...] | bytes, numbers: bytes, typecode: str = "I") -> None:
        self.shape = shape
        self.numbers = numbers
        self.typecode = typecode  # "H" when every line and column fits in two bytes, else "I"
        self.decoded: dict[Path, Position] | None = None  # set while items of one List are read in a row

    def __getstate__(self) -> tuple[tuple[Path, ...] | bytes, bytes, str]:
        return self.shape, self.numbers, self.typecode

    def __setstate__(self, state: tuple[tuple[Path, ...] | bytes, bytes, str]) -> None:
        shape, self.numbers, self.typecode = state
        self.shape = _SHAPES.get(shape, shape) if type(shape) is tuple else shape  # shared again after a pickle
        self.decoded = None


_SHAPES: dict[tuple[Path, ...], tuple[Path, ...]] = {}
_LAST_SHARED: list[PackedPositions] = []  # the last decoded map shared by items of a List


def _shared_positions(packed: PackedPositions | None) -> Mapping[Path, Position]:
    """Decode a packed map; the items of one List share one: decoded once for a run of items."""
    if packed is None:
        return {}
    if packed.decoded is not None:
        return packed.decoded
    shape = packed.shape
    paths = marshal.loads(shape) if type(shape) is bytes else shape
    numbers = iter(memoryview(packed.numbers).cast(packed.typecode))
    decoded = dict(zip(paths, zip(numbers, numbers, strict=True), strict=True))
    if _LAST_SHARED:
        _LAST_SHARED.pop().decoded = None
    packed.decoded = decoded
    _LAST_SHARED.append(packed)
    return decoded


def _packed_positions(positions: Mapping[Path, Position]) -> PackedPositions | None:
    if type(positions) is not dict:
        return None
    try:
        numbers = array("I", chain.from_iterable(positions.values()))  # lines and columns are > 0
    except (TypeError, OverflowError):  # not (line, column) pairs: kept as it is
        return None
    typecode = "H" if not numbers or max(numbers) <= SHORT else "I"  # half the bytes for most files
    packed = (array("H", numbers) if typecode == "H" else numbers).tobytes()
    shape = tuple(positions)
    if len(shape) > SHARED_PATHS:
        return PackedPositions(marshal.dumps(shape), packed, typecode)
    shared = _SHAPES.get(shape)
    if shared is None and len(_SHAPES) < SHAPES:
        shared = _SHAPES[shape] = shape
    return PackedPositions(shared if shared is not None else marshal.dumps(shape), packed, typecode)


def _fill(target: PackedDocument, doc: Document, positions: PackedPositions | None) -> None:
    setattr_ = object.__setattr__
    for name in ("source", "index", "root", "converted_from"):
        setattr_(target, name, getattr(doc, name))
    setattr_(target, "_packed_data", marshal.dumps(doc.data))
    setattr_(target, "_packed_positions", positions)
    # a position map that is not a plain dict (a conversion's MappedPositions) stays as it is
    setattr_(target, "_plain_positions", None if positions is not None else doc.positions)
    api_version = _shared(doc.api_version)
    setattr_(target, "_api_version", api_version)
    ref = ObjectRef(_shared(doc.converted_from) or api_version, _shared(doc.kind), _shared(doc.namespace), doc.name)
    setattr_(target, "_ref", ref)
    setattr_(target, "_decoded_data", None)
    setattr_(target, "_decoded_positions", None)
    setattr_(target, "_decoded_before", False)


def _shared(value: str | None) -> str | None:
    """One string object for the apiVersions, kinds and namespaces that repeat over the objects."""
    return sys.intern(value) if value is not None else None


class Packer:
    """Packs documents one by one; consecutive items of one List keep sharing one packed
    position map (the map of the last List is held, so its id cannot be reused meanwhile)."""

    def __init__(self) -> None:
        self._last: tuple[Mapping[Path, Position], PackedPositions | None] | None = None

    def pack(self, doc: Document) -> Document:
        """``doc`` packed; a document whose data marshal cannot store is kept as it is."""
        if isinstance(doc, PackedDocument):
            return doc
        try:
            if not doc.root:  # a whole YAML document: its map is its own
                positions = _packed_positions(doc.positions)
            else:
                if self._last is None or self._last[0] is not doc.positions:
                    self._last = (doc.positions, _packed_positions(doc.positions))
                positions = self._last[1]
            target = PackedDocument.__new__(PackedDocument)
            _fill(target, doc, positions)
        except ValueError:  # an object marshal does not know (not plain YAML data)
            return doc
        return target


def pack(documents: Iterable[Document]) -> list[Document]:
    """The documents packed (see Packer)."""
    packer = Packer()
    return [packer.pack(doc) for doc in documents]
