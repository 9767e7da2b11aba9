"""UPNs: the shape of permanent and temporary ones, and the DfE's check letter."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.core.errors import InvalidInput
from amtui.core.upn import (
    CHECK_LETTERS,
    check_letter,
    has_valid_check_letter,
    is_upn,
    with_check_letter,
)

bodies = st.builds(lambda digits, last: digits + last,
                   st.text("0123456789", min_size=11, max_size=11),
                   st.sampled_from("0123456789" + CHECK_LETTERS))


def test_the_dfe_worked_example():
    """801 (LA) 2000 (school) 05 (year) 001 (serial): 8×2 + 1×4 + 2×5 + 5×10 + 1×13 = 93,
    93 mod 23 = 1 → B."""
    assert check_letter("801200005001") == "B"
    assert has_valid_check_letter("B801200005001")
    assert not has_valid_check_letter("A801200005001")


def test_a_temporary_upns_last_letter_counts_as_its_place_in_the_table():
    # 0×2 + … + 2×8 + 0 … + 1×11 + 2×12 + B(=1)×13 = 64 → 64 mod 23 = 18 → V
    assert check_letter("00000020012B") == "V"
    assert with_check_letter("00000020012B") == "V00000020012B"


@pytest.mark.parametrize("text", ["B801200005001", "V00000020012B", "Z999999999999"])
def test_upn_shapes(text):
    assert is_upn(text)


@pytest.mark.parametrize("text", [
    "", "B80120000500", "B8012000050011", "b801200005001", "1801200005001", "B80120000500I",
    "B80120000500O", "B80120000500S", "B8012000A5001", "B 801200005001", "B80120000500١",
    "B80120000500a"])
def test_not_upns(text):
    assert not is_upn(text)
    assert not has_valid_check_letter(text)


@pytest.mark.parametrize("body", ["80120000500", "80120000500I", "8012000050011", "٨01200005001"])
def test_a_check_letter_needs_the_twelve_characters_after_it(body):
    with pytest.raises(InvalidInput, match="is not the 12 characters after a UPN's check letter"):
        check_letter(body)


@given(bodies)
def test_every_upn_made_with_its_check_letter_passes(body):
    upn = with_check_letter(body)
    assert is_upn(upn) and has_valid_check_letter(upn)


@given(bodies, st.integers(1, 11), st.integers(1, 9))
def test_changing_one_digit_fails_the_check(body, place, change):
    upn = with_check_letter(body)
    changed = upn[:place] + str((int(upn[place]) + change) % 10) + upn[place + 1:]
    assert not has_valid_check_letter(changed)


@given(bodies, st.sampled_from(CHECK_LETTERS))
def test_any_other_check_letter_fails(body, letter):
    upn = with_check_letter(body)
    assert has_valid_check_letter(letter + body) == (letter == upn[0])
