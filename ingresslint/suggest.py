"""The "did you mean ...?" hint for a misspelt rule id, configuration key or name.

:func:`close_matches` returns exactly what ``difflib.get_close_matches`` returns (same
``n``, ``cutoff``, order and tie-breaking) without running ``SequenceMatcher.ratio`` on every
candidate: a missing Service is looked up against every Service of its namespace, and
difflib's cost was O(missing * Services) ratio computations.

Why it is the same answer: difflib keeps a candidate when ``real_quick_ratio``, ``quick_ratio``
and ``ratio`` are all ``>= cutoff``. The three are ``2.0 * m / (la + lb)`` with the same
denominator and ``ratio``'s matches ≤ ``quick_ratio``'s multiset intersection ≤ ``min(la, lb)``
(float division is monotone in the numerator), so difflib keeps exactly the candidates whose
``ratio >= cutoff`` and returns the ``n`` largest ``(ratio, candidate)`` pairs. Here the
multiset intersection of every candidate comes from an index built once per candidate set
(counting in C), candidates are visited by that upper bound, highest first, and the visit stops
once the bound falls below both the cutoff and the n-th best ratio found: no later candidate
can enter the top n, not even by the tie-break on the candidate itself. ``ratio`` is computed
by ``SequenceMatcher`` set up as difflib sets it up (``a`` = candidate, ``b`` = word).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or "" when none is close."""
    close = close_matches(word, tuple(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """``difflib.get_close_matches(word, choices, n=1, cutoff)[0]`` or None, remembered: in
    one run the same missing name is looked up against the same names again and again."""
    return _closest(word, tuple(choices), cutoff)


class Suggestions:
    """:func:`closest` against one fixed set of names, for many words (the Services of one
    namespace, say): the names are indexed once and every word's answer is remembered."""

    def __init__(self, choices: Iterable[str], cutoff: float = 0.6) -> None:
        self._index = _index(tuple(choices))
        self._cutoff = cutoff
        self._answers: dict[str, str | None] = {}

    def closest(self, word: str) -> str | None:
        if word not in self._answers:
            close = self._index.close_matches(word, 1, self._cutoff)
            self._answers[word] = close[0] if close else None
        return self._answers[word]


@lru_cache(maxsize=4096)
def _closest(word: str, choices: tuple[str, ...], cutoff: float) -> str | None:
    close = close_matches(word, choices, n=1, cutoff=cutoff)
    return close[0] if close else None


def close_matches(word: str, possibilities: Sequence[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """``difflib.get_close_matches(word, possibilities, n, cutoff)``, the same list."""
    if not n > 0:
        raise ValueError(f"n must be > 0: {n!r}")
    if not 0.0 <= cutoff <= 1.0:
        raise ValueError(f"cutoff must be in [0.0, 1.0]: {cutoff!r}")
    return _index(tuple(possibilities)).close_matches(word, n, cutoff)


def _ratio(matches: int, length: int) -> float:
    """difflib._calculate_ratio."""
    return 2.0 * matches / length if length else 1.0


class _Index:
    """The candidates by length, with for every (character, k) the bit set of the candidates of
    that length holding that character at least k times. Bits are numbered in descending order
    of the candidate strings, so that candidates of one bound are visited best tie-break first.
    A word's multiset intersection with every candidate of a length is then a few operations on
    those bit sets (a bit-sliced counter), not a count per candidate."""

    def __init__(self, candidates: tuple[str, ...]) -> None:
        order = sorted(range(len(candidates)), key=candidates.__getitem__, reverse=True)
        self.candidates = tuple(candidates[number] for number in order)
        lengths: dict[int, list[int]] = {}
        for bit, candidate in enumerate(self.candidates):
            lengths.setdefault(len(candidate), []).append(bit)
        self.buckets = {length: _Bucket(self.candidates, bits) for length, bits in lengths.items()}
        self.levels: dict[tuple[int, float], list[tuple[float, int, int]]] = {}  # by word length and cutoff

    def close_matches(self, word: str, n: int, cutoff: float) -> list[str]:
        search = _Search(word, n, cutoff)
        pairs = _pairs(word)
        counts: dict[int, _Counts] = {}  # made for a length when its first level is reached
        for ratio, length, matches in self._levels(len(word), cutoff):
            floor = search.floor()
            if floor is not None and ratio < floor[0]:
                break  # ratio <= bound < the n-th best for every candidate not seen yet
            if length not in counts:
                counts[length] = self.buckets[length].counts(pairs)
            for bit in _bits(counts[length].equal(matches)):
                candidate = self.candidates[bit]
                search.score_above(ratio)  # what may beat every candidate still to come: it may raise the floor
                floor = search.floor()
                if floor is not None and (ratio, candidate) <= floor:
                    break  # and so is every later candidate of the level: they are smaller
                search.offer(candidate)
        search.score_above(-1.0)
        return search.found_names()

    def _levels(self, size: int, cutoff: float) -> list[tuple[float, int, int]]:
        """(quick_ratio, length, matches) of every candidate length and match count that
        reaches the cutoff, highest ratio first (the same for every word of one length)."""
        levels = self.levels.get((size, cutoff))
        if levels is None:
            levels = self.levels[size, cutoff] = self._sorted_levels(size, cutoff)
        return levels

    def _sorted_levels(self, size: int, cutoff: float) -> list[tuple[float, int, int]]:
        levels: list[tuple[float, int, int]] = []
        for length in self.buckets:
            least = _least_matches(size, length, cutoff)
            levels.extend((_ratio(m, size + length), length, m) for m in range(least, min(size, length) + 1))
        levels.sort(key=lambda level: (-level[0], -level[1], -level[2]))
        return levels


class _Search:
    """The n best (ratio, candidate) of one word so far, and the candidates whose LCS bound is
    known but whose ratio is not computed yet (scored highest bound first, only when needed)."""

    def __init__(self, word: str, n: int, cutoff: float) -> None:
        self.word, self.n, self.cutoff = word, n, cutoff
        self.masks = _masks(word)
        self.waiting: list[tuple[float, str]] = []  # (LCS bound, candidate), ascending
        self.found: list[tuple[float, str]] = []  # the n best (ratio, candidate), descending
        self.matcher: Any = None

    def floor(self) -> tuple[float, str] | None:
        return self.found[self.n - 1] if len(self.found) >= self.n else None

    def offer(self, candidate: str) -> None:
        bound = _ratio(_lcs(candidate, self.masks, len(self.word)), len(candidate) + len(self.word))
        floor = self.floor()
        if bound >= self.cutoff and (floor is None or (bound, candidate) > floor):
            self.waiting.append((bound, candidate))
            self.waiting.sort()

    def score_above(self, ratio: float) -> None:
        """Score the waiting candidates whose bound is at least ``ratio`` (no candidate still
        to come has a higher bound than ``ratio``)."""
        while self.waiting and self.waiting[-1][0] >= ratio:
            bound, candidate = self.waiting.pop()
            floor = self.floor()
            if floor is not None and (bound, candidate) <= floor:
                self.waiting.clear()  # at best a tie it loses, and the others are below it
                return
            score = self._ratio(candidate)
            if score >= self.cutoff:
                self.found.append((score, candidate))
                self.found.sort(reverse=True)  # what heapq.nlargest returns: by (score, candidate)
                del self.found[self.n :]

    def _ratio(self, candidate: str) -> float:
        if self.matcher is None:
            import difflib

            self.matcher = difflib.SequenceMatcher()
            self.matcher.set_seq2(self.word)
        self.matcher.set_seq1(candidate)
        return self.matcher.ratio()

    def found_names(self) -> list[str]:
        return [candidate for _, candidate in self.found]


class _Counts:
    """For every candidate of a bucket, how many of a word's (character, k) pairs it holds, as
    bit planes (plane i: the candidates whose count has bit i set) plus a count all share."""

    def __init__(self, members: int, base: int, planes: list[int]) -> None:
        self.members, self.base, self.planes = members, base, planes

    def equal(self, matches: int) -> int:
        """The bit set of the candidates holding exactly ``matches`` pairs."""
        value = matches - self.base
        if value < 0 or value >> len(self.planes):
            return 0
        found = self.members
        for number, plane in enumerate(self.planes):
            found &= plane if value >> number & 1 else ~plane
        return found


class _Bucket:
    """The candidates of one length, as bit sets."""

    def __init__(self, candidates: tuple[str, ...], bits: list[int]) -> None:
        self.members = _bit_set(bits)
        self.everyone = len(bits)
        positions: dict[tuple[str, int], list[int]] = {}
        for bit in bits:
            for pair in _pairs(candidates[bit]):
                positions.setdefault(pair, []).append(bit)
        self.postings = {pair: (_bit_set(held), len(held)) for pair, held in positions.items()}

    def counts(self, pairs: list[tuple[str, int]]) -> _Counts:
        base = 0  # matches every member has
        planes: list[int] = []
        for pair in pairs:
            posting = self.postings.get(pair)
            if posting is None:
                continue
            if posting[1] == self.everyone:
                base += 1
                continue
            carry = posting[0]
            for number, plane in enumerate(planes):  # add one to the count of every bit of carry
                planes[number], carry = plane ^ carry, plane & carry
                if not carry:
                    break
            if carry:
                planes.append(carry)
        return _Counts(self.members, base, planes)


def _bit_set(bits: list[int]) -> int:
    """The int with exactly ``bits`` set (built in linear time, not by one shift per bit)."""
    if not bits:
        return 0
    flags = bytearray((max(bits) >> 3) + 1)
    for bit in bits:
        flags[bit >> 3] |= 1 << (bit & 7)
    return int.from_bytes(flags, "little")


def _bits(mask: int) -> Iterator[int]:
    """The set bits of ``mask``, lowest first (linear in its size, however many are set)."""
    digits = bin(mask)[:1:-1]  # lowest bit first
    bit = digits.find("1")
    while bit >= 0:
        yield bit
        bit = digits.find("1", bit + 1)


def _least_matches(size: int, length: int, cutoff: float) -> int:
    """The fewest multiset matches whose ratio reaches the cutoff (min(size, length) + 1 when
    none does)."""
    most = min(size, length)
    return next((m for m in range(most + 1) if _ratio(m, size + length) >= cutoff), most + 1)


def _masks(word: str) -> dict[str, int]:
    """Per character, the bit set of its positions in the word."""
    masks: dict[str, int] = {}
    for position, char in enumerate(word):
        masks[char] = masks.get(char, 0) | 1 << position
    return masks


def _lcs(text: str, masks: dict[str, int], size: int) -> int:
    """The length of the longest common subsequence of text and the word of ``masks``
    (bit-parallel, Hyyrö 2004). difflib's matching blocks run in order through both strings,
    so they form a common subsequence: their total never exceeds this."""
    full = (1 << size) - 1
    row = full
    for char in text:
        match = row & masks.get(char, 0)
        row = ((row + match) | (row - match)) & full
    return size - row.bit_count()


def _pairs(text: str) -> list[tuple[str, int]]:
    """(character, k) for the k-th occurrence of each character: the text as a multiset."""
    seen: dict[str, int] = {}
    out = []
    for char in text:
        count = seen.get(char, 0) + 1
        seen[char] = count
        out.append((char, count))
    return out


@lru_cache(maxsize=256)
def _index(candidates: tuple[str, ...]) -> _Index:
    return _Index(candidates)
