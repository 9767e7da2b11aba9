"""The store's rules as a user meets them in the screens: refusals say who may, nothing is
stored, and undo never reaches what it must not."""

from __future__ import annotations

from textual.pilot import Pilot

from amtui.core.scale import Step
from amtui.core.terms import Term
from amtui.screens.pupil_file import PupilFile
from amtui.screens.pupil_file.sections import AttainmentSection
from amtui.store import attainment, attitude, interventions, meetings, pupils
from amtui.widgets.class_table import ClassTable
from amtui.widgets.header import AppHeader

TERM = Term(2026, 2)


def _grid(pilot: Pilot) -> ClassTable:
    return pilot.app.screen.query_one(ClassTable)


def test_another_class_is_view_only_and_says_so_before_anything_is_typed(demo_db, make_app,
                                                                        run):
    """`c` switches to any class, to look: the header says view only, and the first key that
    would change a cell says who may, instead of taking a step typed in full and then refusing
    it."""
    app = make_app(demo_db)
    app.class_name = next(c.name for c in pupils.list_classes(demo_db) if c.teacher != "KW")
    first = pupils.list_pupils(demo_db, app.class_name)[0].upn
    before = attainment.get_attainment(demo_db, first, "Reading", TERM)

    async def scenario(pilot: Pilot) -> None:
        table = _grid(pilot)
        assert table.cursor_upn == first
        assert "view only" in pilot.app.screen.query_one(AppHeader).detail_text
        await pilot.press("6")
        await pilot.pause()
        assert table.editing is None
        assert "a senior leader can give you access" in \
            str(pilot.app.screen.query_one("#explain").render())

    run(app, scenario)
    assert attainment.get_attainment(demo_db, first, "Reading", TERM) == before


def test_the_store_refuses_another_class_even_when_the_screen_lets_a_key_through(
        demo_db, make_app, run, notes):
    app = make_app(demo_db)
    app.class_name = next(c.name for c in pupils.list_classes(demo_db) if c.teacher != "KW")
    said = notes(app)
    first = pupils.list_pupils(demo_db, app.class_name)[0].upn
    before = attainment.get_attainment(demo_db, first, "Reading", TERM)

    async def scenario(pilot: Pilot) -> None:
        _grid(pilot).view_only = None  # as if the screen had not known
        await pilot.press("6", "b", "enter")
        await pilot.pause()

    run(app, scenario)
    assert attainment.get_attainment(demo_db, first, "Reading", TERM) == before
    assert any("a senior leader can give you access" in message for message in said)


def test_a_ta_sees_only_the_pupils_of_their_programmes_and_stores_no_step(demo_db, make_app,
                                                                          run):
    ta = next(s for s in pupils.list_staff(demo_db) if s.role == "ta")
    app = make_app(demo_db, ta.initials)
    mine = {upn for iv in interventions.list_interventions(demo_db) if ta.initials in iv.staff
            for upn in iv.pupils}

    async def scenario(pilot: Pilot) -> None:
        from amtui.screens.today import TodayScreen
        from amtui.store import records

        assert isinstance(pilot.app.screen, TodayScreen)  # a TA lands on today (issue 14)
        shown = {r.pupil.upn for c in pupils.list_classes(demo_db)
                 for r in records.class_records(demo_db, c.name, TERM, viewer=ta)}
        assert shown <= mine
        await pilot.press("6")
        await pilot.pause()
        assert "teaching assistant" in str(pilot.app.screen.query_one("#status").render())

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


def test_a_pupil_file_of_another_class_is_view_only_and_opens_no_form(demo_db, make_app, run,
                                                                     notes):
    group = next(c.name for c in pupils.list_classes(demo_db) if c.teacher != "KW")
    upn = pupils.list_pupils(demo_db, group)[0].upn
    app = make_app(demo_db)
    said = notes(app)

    async def scenario(pilot: Pilot) -> None:
        await pilot.app.push_screen(PupilFile(upn, [upn]))
        await pilot.pause()
        screen = pilot.app.screen
        assert "view only" in str(screen.query_one("#title").render())
        await pilot.press("2", "enter")
        await pilot.pause()
        assert pilot.app.screen is screen  # no form opened
        assert screen.query_one(AttainmentSection).editing is None  # nor the step's editor
        assert str(screen.query_one("#status").render()).startswith("View only: ")

    run(app, scenario)
    assert any("a senior leader can give you access" in message for message in said)
