"""Attitude in the store: values are checked before anything is written."""

from __future__ import annotations

import pytest

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
