"""Type-ahead over names: letters in quick succession narrow the search; accents don't matter."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from amtui.widgets.type_ahead import PAUSE, TypeAhead, fold

NAMES = ["Adebayo, Ngozi", "Ó Súilleabháin, Aoife", "O'Brien, Leo", "Öztürk, Oscar",
         "Zieliński, Chloé"]


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_letters_typed_quickly_narrow_the_search_and_accents_are_ignored():
    clock = Clock()
    search = TypeAhead(clock)
    assert search.find("o", NAMES) == 1  # Ó Súilleabháin: the first name starting with o
    assert search.find("z", NAMES) == 3  # "oz": Öztürk
    clock.now += PAUSE + 0.1
    assert search.find("z", NAMES) == 4  # after a pause a new search: Zieliński


def test_a_letter_that_extends_nothing_starts_again_from_itself_or_finds_nothing():
    clock = Clock()
    search = TypeAhead(clock)
    assert search.find("a", NAMES) == 0
    assert search.find("z", NAMES) == 4  # "az" matches nothing; "z" alone does
    assert search.find("q", NAMES) is None and search.typed == ""


def test_a_forename_is_found_when_no_surname_starts_with_the_letters():
    clock = Clock()
    search = TypeAhead(clock)
    names = ["Clarke, Tunde", "Jones, Jack", "Okafor, Jacob"]
    assert [search.find(ch, names) for ch in "jac"] == [1, 1, 1]  # Jones, then Jack
    assert search.find("o", names) == 2  # "jaco": only Jacob's forename
    clock.now += PAUSE + 0.1
    assert search.find("t", names) == 0  # Tunde: no surname starts with t


@given(st.text(min_size=1, max_size=20))
def test_fold_is_idempotent_and_leaves_no_accents(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert not any(unicodedata.combining(ch) for ch in folded)
