"""Type-ahead: letters typed in quick succession find the first name that starts with them."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable, Sequence

PAUSE = 1.0
"""Seconds after which the next letter starts a new search."""


def fold(text: str) -> str:
    """Lower case without accents, so typing `o` finds Ó Súilleabháin and `zielin` Zieliński."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold())
                   if not unicodedata.combining(ch))


def _first(typed: str, names: Sequence[str]) -> int | None:
    """The first name (`Surname, Forename`) starting with `typed`, else the first with a later
    word that does (`jac` finds Jones, Jack)."""
    folded = [fold(name) for name in names]
    for index, name in enumerate(folded):
        if name.startswith(typed):
            return index
    for index, name in enumerate(folded):
        if any(word.startswith(typed) for word in name.replace(",", " ").split()[1:]):
            return index
    return None


class TypeAhead:
    """What has been typed so far; `find` adds a letter and returns the index of the first name
    starting with the letters (or whose forename does), failing that with the new letter alone,
    else None."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.typed = ""
        self._at = 0.0

    def find(self, character: str, names: Sequence[str]) -> int | None:
        now = self.clock()
        typed = (self.typed if now - self._at < PAUSE else "") + fold(character)
        self._at = now
        for attempt in (typed, fold(character)):
            found = _first(attempt, names)
            if found is not None:
                self.typed = attempt
                return found
        self.typed = ""
        return None

    def reset(self) -> None:
        self.typed = ""
