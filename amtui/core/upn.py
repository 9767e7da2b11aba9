"""Unique pupil numbers (the DfE's UPN): their shape and their check letter.

A UPN is 13 characters: a check letter, then 12 characters (LA number, establishment number,
year of allocation, serial). A permanent UPN ends in a digit; a temporary one, given to a new
arrival until the permanent one is known, ends in a letter. The check letter is the DfE's
mod-23 rule over characters 2–13, whichever kind the UPN is.
"""

from __future__ import annotations

import re

from amtui.core.errors import InvalidInput, shown

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
"""Remainders 0–22 as letters (no I, O or S); a temporary UPN's last letter counts the same."""

_VALUE = {**{digit: int(digit) for digit in "0123456789"},
          **{letter: place for place, letter in enumerate(CHECK_LETTERS)}}
_BODY = re.compile(rf"\d{{11}}[0-9{CHECK_LETTERS}]", re.ASCII)
_UPN = re.compile(rf"[A-Z]{_BODY.pattern}", re.ASCII)


def is_upn(text: str) -> bool:
    """Whether `text` has a UPN's shape: a capital letter, 11 digits, then a digit (permanent)
    or a letter other than I, O or S (temporary). The check letter is not checked here."""
    return _UPN.fullmatch(text) is not None


def check_letter(body: str) -> str:
    """The check letter for a UPN's last 12 characters: each character times its position
    (2–13; a letter counts as its place in `CHECK_LETTERS`), summed, mod 23, as a letter."""
    if _BODY.fullmatch(body) is None:
        raise InvalidInput(f'"{shown(body)}" is not the 12 characters after a UPN\'s check letter '
                           "— use 11 digits then a digit or a letter (not I, O or S)")
    total = sum(position * _VALUE[ch] for position, ch in enumerate(body, start=2))
    return CHECK_LETTERS[total % 23]


def with_check_letter(body: str) -> str:
    """The whole UPN for 12 characters: its check letter, then `body`."""
    return check_letter(body) + body


def has_valid_check_letter(upn: str) -> bool:
    """Whether a UPN's first letter is the one the DfE rule gives for the rest (False for text
    that is not shaped like a UPN)."""
    return is_upn(upn) and upn[0] == check_letter(upn[1:])
