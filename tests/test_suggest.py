"""suggest.close_matches gives exactly difflib.get_close_matches' answer (same n, cutoff,
order and tie-breaking), on random inputs built to share characters, lengths and scores."""

from __future__ import annotations

import difflib

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ingresslint.suggest import Suggestions, close_matches, closest, did_you_mean

# few letters: many candidates share characters, lengths and exact scores (ties)
WORDS = st.text(alphabet="ab-1", max_size=9) | st.text(alphabet="web-0123456789", max_size=12) | st.text(max_size=6)
CUTOFFS = st.sampled_from([0.0, 0.3, 0.5, 0.6, 0.8, 1.0]) | st.floats(0.0, 1.0)


@settings(max_examples=1500, deadline=None)
@given(word=WORDS, candidates=st.lists(WORDS, max_size=40), n=st.integers(1, 5), cutoff=CUTOFFS)
@example(word="", candidates=["", "a"], n=3, cutoff=0.0)
@example(word="ab", candidates=["ba", "ab", "ab", "a"], n=2, cutoff=0.6)
@example(word="web-12", candidates=["web-21", "web-12x", "web-1", "web-13"], n=1, cutoff=0.6)
def test_close_matches_is_difflib(word: str, candidates: list[str], n: int, cutoff: float) -> None:
    assert close_matches(word, candidates, n, cutoff) == difflib.get_close_matches(word, candidates, n, cutoff)


@settings(max_examples=60, deadline=None)
@given(
    word=st.text(alphabet="abc", min_size=195, max_size=230),
    candidates=st.lists(st.text(alphabet="abc", min_size=150, max_size=230), max_size=6),
)
def test_long_words_with_difflib_autojunk(word: str, candidates: list[str]) -> None:
    """From 200 characters difflib treats the word's popular characters as junk."""
    assert close_matches(word, candidates, 2, 0.5) == difflib.get_close_matches(word, candidates, 2, 0.5)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(WORDS, max_size=8), candidates=st.lists(WORDS, max_size=30))
def test_suggestions_and_closest_are_difflib_first_match(words: list[str], candidates: list[str]) -> None:
    suggestions = Suggestions(candidates)
    for word in words:
        expected = next(iter(difflib.get_close_matches(word, candidates, 1)), None)
        assert suggestions.closest(word) == expected
        assert suggestions.closest(word) == expected  # remembered
        assert closest(word, candidates) == expected


def test_did_you_mean() -> None:
    assert (
        did_you_mean("servce-not-found", ["service-not-found", "host-conflict"])
        == " (did you mean 'service-not-found'?)"
    )
    assert did_you_mean("zzz", ["service-not-found"]) == ""


def test_many_services_of_one_namespace() -> None:
    services = [f"web-{number}" for number in range(0, 3000, 7)]
    for missing in ("web-1", "web-2999", "web-100", "api-7", "w"):
        assert close_matches(missing, services, 3) == difflib.get_close_matches(missing, services, 3)


@pytest.mark.parametrize(("n", "cutoff"), [(0, 0.6), (-1, 0.6), (1, -0.1), (1, 1.5)])
def test_bad_arguments_are_refused_as_difflib_refuses_them(n: int, cutoff: float) -> None:
    with pytest.raises(ValueError):
        difflib.get_close_matches("a", ["a"], n, cutoff)
    with pytest.raises(ValueError):
        close_matches("a", ["a"], n, cutoff)
