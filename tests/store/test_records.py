"""Class records: everything the grid needs, in a fixed number of queries."""

from __future__ import annotations

from amtui.core.colours import Rag
from amtui.core.models import Pupil, StartingPoint
from amtui.core.progress import summarise
from amtui.core.scale import Step
from amtui.core.terms import Term
from amtui.store import attainment, attitude, pupils, records, targets

S = Step.parse


def test_the_screens_example_row(db, teacher, scheme, term):
    pupils.save_pupils(db, "KW", [
        Pupil(upn="A123456789012", forename="Ellie", surname="Baker", year_group=5, class_name="5W"),
        Pupil(upn="B123456789012", forename="Tomi", surname="Adebayo", year_group=5,
              class_name="5W")])
    targets.set_starting_point(db, teacher, StartingPoint(
        upn="A123456789012", subject="Reading", year_group=2, step=S("2w+")), scheme, end_year=6)
    attainment.set_step(db, teacher, "A123456789012", "Reading", Term(2025, 6), S("4w+"))
    attainment.set_step(db, teacher, "A123456789012", "Reading", term, S("4s"))
    attitude.set_value(db, teacher, "A123456789012", term, "attendance", 91.0, scheme)
    rows = records.class_records(db, "5W", term)
    assert [r.pupil.surname for r in rows] == ["Adebayo", "Baker"]
    baker = summarise(rows[1], scheme)
    reading = baker.subjects[0]
    assert (reading.step, reading.start, reading.target) == (S("4s"), S("4w+"), S("5w+"))
    assert (reading.trajectory.expected, reading.trajectory.gap) == (S("4s+"), -1)
    assert reading.colour is Rag.AMBER and reading.are is Rag.AMBER
    assert baker.attitude["attendance"] is Rag.AMBER and baker.off_track
    assert "writing step" in baker.missing and "attendance" not in baker.missing


def test_the_starting_point_is_the_start_of_year_when_there_is_no_summer_step(db, teacher,
                                                                              scheme, term):
    pupils.save_pupils(db, "KW", [Pupil(upn="A123456789012", forename="A", surname="B",
                                        year_group=3, class_name="5W")])
    targets.set_starting_point(db, teacher, StartingPoint(
        upn="A123456789012", subject="Maths", year_group=2, step=S("2w+")), scheme, end_year=6)
    record = records.pupil_record(db, "A123456789012", term)
    assert record.start_of_year["Maths"] == S("2w+") and record.targets["Maths"].step == S("3w+")
