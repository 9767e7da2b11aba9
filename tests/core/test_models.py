"""The shared values: frozen, and refusing the impossible with a message a person can act on."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from amtui.core.errors import InvalidInput
from amtui.core.models import (
    Attainment,
    ClassGroup,
    Pupil,
    SelfAssessment,
    Staff,
)
from amtui.core.programmes import InterventionSession


def test_values_are_frozen():
    pupil = Pupil(upn="A123456789012", forename="Zoë", surname="Chen", year_group=5,
                  class_name="5W")
    with pytest.raises(dataclasses.FrozenInstanceError):
        pupil.surname = "Other"  # type: ignore[misc]


@pytest.mark.parametrize("build, says", [
    (lambda: Staff(initials="", name="Nobody", role="teacher"), "initials"),
    (lambda: ClassGroup(name="12X", year_group=12), "year group 12"),
    (lambda: Pupil(upn="A1", forename="A", surname="B", year_group=-1, class_name="R"),
     "year group -1"),
    (lambda: Attainment(upn="A1", subject="Maths", school_year=2026, half_term=7), "half-term 7"),
    (lambda: InterventionSession(id=1, intervention_id=1, on=date(2026, 11, 24), minutes=0,
                                 logged_by="TA"), "minutes 0"),
])
def test_impossible_values_are_refused(build, says):
    with pytest.raises(InvalidInput, match=says):
        build()


def test_mutable_defaults_are_not_shared():
    one = SelfAssessment(upn="A1", school_year=2026, half_term=2)
    two = SelfAssessment(upn="B1", school_year=2026, half_term=2)
    one.ratings["Reading"] = 2
    assert two.ratings == {}
