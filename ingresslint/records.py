"""``Record``: the base of the small immutable value classes on the start-up path.

``@dataclass`` writes and compiles each class's methods while its module is imported (0.5 to
1.5 ms a class, most of a one-file run's own import time; issue 9). A Record's methods are
written once here and work from ``__match_args__``: a subclass lists its fields there, in
order (as ``@dataclass`` does), makes them its ``__slots__`` and sets them in ``__init__`` with
``init``. It then compares, hashes, prints, pickles and refuses assignment as
``@dataclass(frozen=True)`` would (``order=True`` is ``OrderedRecord``, a plain ``@dataclass``
is ``MutableRecord``), and ``replace`` copies it with some fields changed, as
``dataclasses.replace`` does. tests/test_records.py holds them to the dataclasses' behaviour.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")
init = object.__setattr__  # a Record refuses assignment: __init__ sets its fields with this


def _getter(fields: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The fields' values as a tuple, in C (attrgetter gives one value alone, not a tuple)."""
    if len(fields) == 1:
        one = attrgetter(fields[0])
        return lambda record: (one(record),)
    return attrgetter(*fields) if fields else (lambda record: ())


_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}  # per Record class: its fields' getter


class Record:
    __slots__ = ()
    __match_args__: tuple[str, ...] = ()

    def _values(self) -> tuple[Any, ...]:
        cls = self.__class__
        get = _GETTERS.get(cls)
        if get is None:
            get = _GETTERS[cls] = _getter(cls.__match_args__)
        return get(self)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__match_args__)
        return f"{self.__class__.__qualname__}({fields})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (self.__class__, self._values())


class OrderedRecord(Record):
    """A Record that orders by its fields, in order (``@dataclass(order=True)``)."""

    __slots__ = ()

    def __lt__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() < other._values()  # type: ignore[attr-defined]
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() <= other._values()  # type: ignore[attr-defined]
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() > other._values()  # type: ignore[attr-defined]
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() >= other._values()  # type: ignore[attr-defined]
        return NotImplemented


class MutableRecord(Record):
    """A Record whose fields may be assigned (``@dataclass`` without ``frozen``): not hashable."""

    __slots__ = ()
    __setattr__ = object.__setattr__
    __delattr__ = object.__delattr__
    __hash__ = None  # type: ignore[assignment]


def replace(record: T, **changes: Any) -> T:
    """A copy of ``record`` with ``changes`` (its ``__init__`` takes its fields by name); a
    dataclass instance (Document) goes to ``dataclasses.replace``."""
    if not isinstance(record, Record):
        import dataclasses

        return dataclasses.replace(record, **changes)  # type: ignore[type-var]
    values = dict(zip(record.__match_args__, record._values(), strict=True))
    unknown = set(changes) - set(values)
    if unknown:
        raise TypeError(f"{type(record).__qualname__} has no field {', '.join(sorted(unknown))}")
    return type(record)(**{**values, **changes})
