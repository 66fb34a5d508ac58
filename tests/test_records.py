"""records.py behaves as the dataclasses it replaces: each Record is compared with the
dataclass of the same fields."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from ingresslint.records import MutableRecord, OrderedRecord, Record, init, replace


class Point(Record):
    __match_args__ = ("x", "y", "label")
    __slots__ = __match_args__

    def __init__(self, x: int, y: int, label: str = "") -> None:
        init(self, "x", x)
        init(self, "y", y)
        init(self, "label", label)


class Version(OrderedRecord):
    __match_args__ = ("major", "minor")
    __slots__ = __match_args__

    def __init__(self, major: int, minor: int) -> None:
        init(self, "major", major)
        init(self, "minor", minor)


class Counter(MutableRecord):
    __match_args__ = ("name", "count")
    __slots__ = __match_args__

    def __init__(self, name: str, count: int = 0) -> None:
        init(self, "name", name)
        init(self, "count", count)


@dataclasses.dataclass(frozen=True)
class PointDC:
    x: int
    y: int
    label: str = ""


@dataclasses.dataclass(frozen=True, order=True)
class VersionDC:
    major: int
    minor: int


@dataclasses.dataclass
class CounterDC:
    name: str
    count: int = 0


def test_equality_hash_and_repr_are_the_dataclass_ones() -> None:
    a, b, c = Point(1, 2, "a"), Point(1, 2, "a"), Point(1, 3, "a")
    assert a == b and hash(a) == hash(b) and a != c
    assert hash(a) == hash(PointDC(1, 2, "a"))  # the hash of the field tuple
    assert a != PointDC(1, 2, "a") and (a == (1, 2, "a")) is False  # another class is never equal
    assert repr(a).replace("Point", "PointDC", 1) == repr(PointDC(1, 2, "a"))
    assert Point.__match_args__ == PointDC.__match_args__


def test_a_record_refuses_assignment_like_a_frozen_dataclass() -> None:
    point = Point(1, 2)
    with pytest.raises(AttributeError):
        point.x = 3  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del point.x
    with pytest.raises(AttributeError):
        point.other = 1  # type: ignore[attr-defined]
    assert point.x == 1


def test_order_is_the_dataclass_order() -> None:
    pairs = [(1, 29), (1, 30), (2, 0), (1, 30)]
    records = sorted(Version(*pair) for pair in pairs)
    classes = sorted(VersionDC(*pair) for pair in pairs)
    assert [(v.major, v.minor) for v in records] == [(v.major, v.minor) for v in classes]
    assert Version(1, 29) < Version(1, 30) <= Version(1, 30) and Version(2, 0) > Version(1, 99)
    with pytest.raises(TypeError):
        _ = Version(1, 2) < (1, 3)


def test_a_mutable_record_is_assignable_and_unhashable_like_a_dataclass() -> None:
    counter = Counter("a")
    counter.count += 1
    assert counter == Counter("a", 1)
    assert repr(counter).replace("Counter", "CounterDC", 1) == repr(CounterDC("a", 1))
    with pytest.raises(TypeError):
        hash(counter)
    with pytest.raises(TypeError):
        hash(CounterDC("a"))


def test_pickle_and_replace() -> None:
    point = Point(1, 2, "a")
    assert pickle.loads(pickle.dumps(point)) == point
    assert pickle.loads(pickle.dumps(Counter("a", 2))) == Counter("a", 2)
    moved = replace(point, y=5)
    assert (moved, point) == (Point(1, 5, "a"), Point(1, 2, "a"))
    with pytest.raises(TypeError):
        replace(point, z=1)
    assert replace(PointDC(1, 2), y=5) == PointDC(1, 5)  # a dataclass goes to dataclasses.replace


def test_the_documents_keep_their_dict_for_packing() -> None:
    """Document has no __slots__: compact.PackedDocument stores its packed forms in __dict__;
    both pickle by their __dict__, and replace() of a packed document is a packed document."""
    from ingresslint.compact import pack
    from ingresslint.model import Document

    doc = Document("a.yaml", 0, {"kind": "Service", "metadata": {"name": "web"}}, {(): (1, 1)})
    (packed,) = pack([doc])
    assert type(packed) is not Document and packed.data == doc.data and packed.name == "web"
    for item in (doc, packed):
        copy = pickle.loads(pickle.dumps(item))
        assert type(copy) is type(item) and copy == item and copy.positions == item.positions
    renamed = replace(packed, source="b.yaml")
    assert type(renamed) is type(packed) and renamed.source == "b.yaml" and renamed.data == doc.data
