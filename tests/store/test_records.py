"""Class records: everything the grid needs, in a fixed number of queries."""

from __future__ import annotations

from amtui.core.colours import Rag
from amtui.core.models import Pupil, StartingPoint
from amtui.core.progress import summarise
from amtui.core.scale import Step
from amtui.core.scheme_file import load_scheme
from amtui.core.terms import Term
from amtui.resources import data_path
from amtui.store import attainment, attitude, meetings, pupils, records, targets

S = Step.parse


def test_the_screens_example_row(db, teacher, slt, scheme, term):
    pupils.save_pupils(db, pupils.get_staff(db, "AD"), [
        Pupil(upn="A123456789012", forename="Ellie", surname="Baker", year_group=5,
              class_name="5W"),
        Pupil(upn="B123456789012", forename="Tomi", surname="Adebayo", year_group=5,
              class_name="5W")])
    targets.set_starting_point(db, slt, StartingPoint(
        upn="A123456789012", subject="Reading", year_group=2, step=S("2w+")), scheme, end_year=6,
        seen=0)
    attainment.set_step(db, teacher, "A123456789012", "Reading", Term(2025, 6), S("4w+"), seen=0)
    attainment.set_step(db, teacher, "A123456789012", "Reading", term, S("4s"), seen=0)
    attitude.set_value(db, teacher, "A123456789012", term, "attendance", 91.0, scheme, seen=0)
    rows = records.class_records(db, "5W", term)
    assert [r.pupil.surname for r in rows] == ["Adebayo", "Baker"]
    baker = summarise(rows[1], scheme)
    reading = baker.subjects[0]
    assert (reading.step, reading.start, reading.target) == (S("4s"), S("4w+"), S("5w+"))
    assert (reading.trajectory.expected, reading.trajectory.gap) == (S("4s+"), -1)
    assert reading.colour is Rag.AMBER and reading.are is Rag.AMBER
    assert baker.attitude["attendance"] is Rag.AMBER and baker.off_track
    assert "writing step" in baker.missing and "attendance" not in baker.missing


def test_the_starting_point_is_the_start_of_year_when_there_is_no_summer_step(db, slt,
                                                                              scheme, term):
    pupils.save_pupils(db, pupils.get_staff(db, "AD"), [
        Pupil(upn="A123456789012", forename="A", surname="B", year_group=3, class_name="5W")])
    targets.set_starting_point(db, slt, StartingPoint(
        upn="A123456789012", subject="Maths", year_group=2, step=S("2w+")), scheme, end_year=6,
        seen=0)
    record = records.pupil_record(db, "A123456789012", term)
    assert record.start_of_year["Maths"] == S("2w+") and record.targets["Maths"].step == S("3w+")


def test_a_class_is_read_as_one_snapshot(tmp_path, scheme, term):
    """The grid read a pupil in several queries outside a transaction: a change committed between
    them showed a step from before it beside a meeting from after it."""
    from amtui.core.models import ClassGroup, Staff
    from amtui.store.db import open_db

    path = tmp_path / "school.db"
    reader = open_db(path)
    pupils.ensure_subjects(reader, scheme)
    admin = pupils.save_staff(reader, None, Staff(initials="AD", name="A", role="admin"))
    kw = pupils.save_staff(reader, admin, Staff(initials="KW", name="K", role="teacher"))
    pupils.save_class(reader, admin, ClassGroup(name="5W", year_group=5, teacher="KW"), seen=0)
    pupils.save_pupils(reader, admin, [Pupil(upn="A123456789012", forename="A", surname="B",
                                             year_group=5, class_name="5W")])
    attainment.set_step(reader, kw, "A123456789012", "Reading", term, S("4b"), seen=0)
    writer = open_db(path)
    query = reader.query

    def query_then_commit_elsewhere(sql, params=()):
        if sql.startswith("SELECT * FROM attitude"):  # after attainment, before meetings
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("UPDATE attainment SET step = '4w', version = version + 1")
            writer.execute("INSERT INTO meetings (upn, school_year, half_term, started) "
                           "VALUES ('A123456789012', ?, ?, 1)", [term.school_year, term.half_term])
            writer.execute("COMMIT")
        return query(sql, params)

    reader.query = query_then_commit_elsewhere  # type: ignore[method-assign]
    record = records.class_records(reader, "5W", term)[0]
    assert (record.steps["Reading"][term.half_term].step, record.meeting.started) == (S("4b"),
                                                                                      False)


def test_a_termly_schools_records_review_the_targets_of_the_previous_meeting(db, teacher, term):
    """004 meets at T2 and T4: the grid at T4 colours Maths from T2's targets — one of three
    achieved, two partly, so red — not from T3's (none)."""
    termly = load_scheme(data_path("schemes", "federation_primary.toml"))
    pupils.save_pupils(db, pupils.get_staff(db, "AD"), [
        Pupil(upn="A123456789012", forename="Ellie", surname="Baker", year_group=5,
              class_name="5W")])
    spring2 = Term(2026, 4)
    for text, review in (("Fractions", "achieved"), ("Decimals", "partly"), ("Ratio", "partly")):
        step = meetings.add_next_step(db, teacher, "A123456789012", term, "Maths", text,
                                      scheme=termly)
        meetings.review_target(db, teacher, step.id, review, spring2, seen=step.version)
    attainment.set_step(db, teacher, "A123456789012", "Maths", spring2, S("5b"), seen=0)
    record = records.pupil_record(db, "A123456789012", spring2, scheme=termly)
    assert record.reviews == [("Maths", "achieved"), ("Maths", "partly"), ("Maths", "partly")]
    [row] = records.class_records(db, "5W", spring2, scheme=termly)
    assert row.reviews == record.reviews
    maths = {s.subject: s for s in summarise(record, termly).subjects}["Maths"]
    assert maths.colour is Rag.RED and maths.trajectory is None
    assert records.pupil_record(db, "A123456789012", spring2).reviews == []  # half-termly: T3's
