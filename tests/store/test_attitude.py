"""Attitude in the store: values are checked before anything is written."""

from __future__ import annotations

import pytest

from amtui.core.colours import Rag
from amtui.core.errors import OutOfRange
from amtui.core.models import Pupil
from amtui.store import attitude, pupils

UPN = "A123456789012"


def test_lates_beyond_any_half_term_are_refused(db, admin, teacher, scheme, term):
    """A huge whole number of lates passed the check and overflowed on the way to the row."""
    pupils.save_pupils(db, admin, [Pupil(upn=UPN, forename="Zoë", surname="Chen", year_group=5,
                                         class_name="5W")])
    for lates in (10**400, 501):
        with pytest.raises(OutOfRange, match="lates is impossible"):
            attitude.set_value(db, teacher, UPN, term, "punctuality", lates, scheme, seen=0)
    assert attitude.get_attitude(db, UPN, term, "punctuality").version == 0


@pytest.mark.parametrize("typed, shown, colour", [
    (89.95, 90.0, Rag.AMBER), (95.04, 95.0, Rag.AMBER), (95.05, 95.1, Rag.GREEN),
    (89.94, 89.9, Rag.RED)])
def test_attendance_is_stored_and_coloured_as_the_one_decimal_value_shown(
        db, admin, teacher, scheme, term, typed, shown, colour):
    """The colour was taken from the value as given, before it was rounded for the row: 89.95
    was stored as 90.0 but coloured red, 95.04 stored as 95.0 but coloured green."""
    pupils.save_pupils(db, admin, [Pupil(upn=UPN, forename="Zoë", surname="Chen", year_group=5,
                                         class_name="5W")])
    entry = attitude.set_value(db, teacher, UPN, term, "attendance", typed, scheme, seen=0)
    assert (entry.value, entry.colour) == (shown, colour)
    assert attitude.colour_for_value("attendance", typed, scheme) is colour
    lates = attitude.set_value(db, teacher, UPN, term, "punctuality", 2, scheme, seen=0)
    assert (lates.value, lates.colour) == (2.0, Rag.AMBER)
