"""The store's rules as a user meets them in the screens: refusals say who may, nothing is
stored, and undo never reaches what it must not."""

from __future__ import annotations

from textual.pilot import Pilot

from amtui.core.scale import Step
from amtui.core.terms import Term
from amtui.screens.pupil_file import PupilFile
from amtui.store import attainment, attitude, interventions, meetings, pupils
from amtui.widgets.class_table import ClassTable

TERM = Term(2026, 2)


def _grid(pilot: Pilot) -> ClassTable:
    return pilot.app.screen.query_one(ClassTable)


def test_a_teacher_switched_to_another_class_cannot_change_it(demo_db, make_app, run, notes):
    """`c` switches to any class to look; typing a step there is refused, naming who may."""
    app = make_app(demo_db)
    app.class_name = "4B" if any(c.name == "4B" for c in pupils.list_classes(demo_db)) else \
        next(c.name for c in pupils.list_classes(demo_db) if c.teacher != "KW")
    said = notes(app)
    first = pupils.list_pupils(demo_db, app.class_name)[0].upn
    before = attainment.get_attainment(demo_db, first, "Reading", TERM)

    async def scenario(pilot: Pilot) -> None:
        assert _grid(pilot).cursor_upn == first
        await pilot.press("6", "b", "enter")
        await pilot.pause()
        assert "a senior leader can give you access" in \
            str(pilot.app.screen.query_one("#explain").render())

    run(app, scenario)
    assert attainment.get_attainment(demo_db, first, "Reading", TERM) == before
    assert any("only" in message and "teacher" in message for message in said)


def test_a_ta_sees_only_the_pupils_of_their_programmes_and_stores_no_step(demo_db, make_app,
                                                                          run):
    ta = next(s for s in pupils.list_staff(demo_db) if s.role == "ta")
    app = make_app(demo_db, ta.initials)
    mine = {upn for iv in interventions.list_interventions(demo_db) if ta.initials in iv.staff
            for upn in iv.pupils}

    async def scenario(pilot: Pilot) -> None:
        shown = set(_grid(pilot).upns)
        assert shown <= mine
        if shown:
            await pilot.press("6", "b", "enter")
            await pilot.pause()
            assert "teaching assistant" in str(pilot.app.screen.query_one("#explain").render())

    run(app, scenario)
    assert all(attainment.get_attainment(demo_db, upn, "Reading", TERM).step != Step.parse("6b")
               for upn in mine)


def test_a_huge_number_in_lates_is_refused_in_place(demo_db, make_app, run, notes):
    """`1e999` ⏎ in the Lates column raised OverflowError and printed the pupil's details."""
    app = make_app(demo_db)
    said = notes(app)
    first = pupils.list_pupils(demo_db, "5W")[0].upn
    before = attitude.get_attitude(demo_db, first, TERM, "punctuality")

    async def scenario(pilot: Pilot) -> None:
        table = _grid(pilot)
        while table.cursor_column.key != "punctuality":
            await pilot.press("right")
        await pilot.press(*"1e999", "enter")
        await pilot.pause()
        assert pilot.app.is_running and isinstance(pilot.app.screen.query_one(ClassTable),
                                                   ClassTable)

    run(app, scenario)
    assert attitude.get_attitude(demo_db, first, TERM, "punctuality") == before
    assert said and all("Traceback" not in message for message in said)


def test_ctrl_z_after_the_pupil_signs_keeps_the_signature(demo_db, make_app, run, notes):
    upn = next(p.upn for p in pupils.list_pupils(demo_db, "5W")
               if not meetings.get_meeting(demo_db, p.upn, TERM).teacher_signed_at)
    app = make_app(demo_db)
    said = notes(app)

    async def scenario(pilot: Pilot) -> None:
        await pilot.app.push_screen(PupilFile(upn, [upn]))
        await pilot.pause()
        meeting = meetings.get_meeting(demo_db, upn, TERM)
        meeting = meetings.sign(demo_db, app.user, upn, TERM, "teacher", seen=meeting.version)
        meetings.sign(demo_db, app.user, upn, TERM, "pupil", seen=meeting.version)
        await pilot.press("ctrl+z")
        await pilot.pause()

    run(app, scenario)
    assert meetings.get_meeting(demo_db, upn, TERM).signed
    assert any("cannot be undone — a signature stands" in message for message in said)
