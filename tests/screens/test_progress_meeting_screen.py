"""The progress meeting screen, driven with keys on the demo school: what it shows is the store's
reading (summary counts, the first off-track row), a class filter keeps that class's rows only,
⏎ opens the pupil's file and Esc comes back; teachers are refused with the store's reason."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.pilot import Pilot

from amtui.app import AmtuiApp
from amtui.app import make_app as build_app
from amtui.core.terms import year_label
from amtui.screens.class_grid import ClassGrid
from amtui.screens.progress_meeting import ProgressMeetingScreen
from amtui.screens.progress_sections import OffTrackSection
from amtui.store import pupils
from amtui.store.db import Database
from amtui.store.progress_meeting import Filters, ProgressMeeting, progress_meeting
from amtui.widgets.header import AppHeader

LEADER = "MG"


def stored(app: AmtuiApp, filters: Filters | None = None) -> ProgressMeeting:
    return progress_meeting(app.db, app.scheme, app.term, app.today, app.user,
                            filters or Filters())


async def settle(pilot: Pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_meeting(pilot: Pilot) -> ProgressMeetingScreen:
    await pilot.press("G")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ProgressMeetingScreen)
    return screen


def detail(pilot: Pilot) -> str:
    return pilot.app.screen.query_one(AppHeader).detail_text


def off_track_lines(pilot: Pilot) -> list[str]:
    """The off-track section's rows as drawn (under its title and column heading), a line
    for each programme a pupil is in."""
    return pilot.app.screen.query_one(OffTrackSection).render().plain.split("\n")[2:]


def test_summary_line_counts_what_the_store_counts(demo_db: Database, make_app, run) -> None:
    app = make_app(demo_db, LEADER, class_name="5W")

    async def scenario(pilot: Pilot) -> None:
        await open_meeting(pilot)
        meeting = stored(app)
        signed, due = meeting.signed
        shown = detail(pilot)
        assert shown.startswith(f"{app.scheme.calendar.names[app.term.half_term - 1]} · "
                                f"{meeting.pupils} pupils · off track: ")
        for subject in meeting.subjects:
            assert f"{subject} {meeting.off_track_in(subject)}" in shown
        assert shown.endswith(f"{signed}/{due} meetings signed")
        assert "Progress meeting · whole school · " in pilot.app.screen.query_one(
            AppHeader).title_text
        assert meeting.off_track, "the demo school has pupils off track"

    run(app, scenario)


def test_first_off_track_row_is_the_stores_first(demo_db: Database, make_app, run) -> None:
    app = make_app(demo_db, LEADER, class_name="5W")

    async def scenario(pilot: Pilot) -> None:
        await open_meeting(pilot)
        first = stored(app).off_track[0]
        row = off_track_lines(pilot)[0]
        assert row.startswith("▸ " + first.pupil.class_name)
        assert first.pupil.display_name[:20] in row
        assert first.subject in row
        assert str(first.status.step) in row

    run(app, scenario)


def test_class_filter_shows_that_class_only(demo_db: Database, make_app, run) -> None:
    app = make_app(demo_db, LEADER, class_name="5W")
    first_class = pupils.list_classes(demo_db)[0].name

    async def scenario(pilot: Pilot) -> None:
        screen = await open_meeting(pilot)
        everyone = stored(app)
        await pilot.press("c", "down", "enter")  # the first class, after "All classes"
        await settle(pilot)
        mine = stored(app, Filters(class_name=first_class))
        assert screen.meeting is not None and screen.meeting.filters.class_name == first_class
        assert len(mine.off_track) < len(everyone.off_track)
        rows = screen.query_one(OffTrackSection).rows
        assert [key for key, _ in rows] == [(r.pupil.upn, r.subject) for r in mine.off_track]
        firsts = [line[2:] for line in off_track_lines(pilot) if not line[2:].startswith(" ")]
        assert len(firsts) == len(mine.off_track)
        assert all(line.startswith(first_class) for line in firsts)
        title = screen.query_one(AppHeader).title_text
        assert title.startswith(f"Progress meeting · class {first_class} · ")
        await pilot.press("0")
        await settle(pilot)
        assert screen.meeting.filters == Filters()
        assert len(screen.query_one(OffTrackSection).rows) == len(everyone.off_track)

    run(app, scenario)


def test_enter_opens_the_pupils_file_and_esc_comes_back(demo_db: Database, make_app,
                                                         run) -> None:
    from amtui.screens.pupil_file import PupilFile

    app = make_app(demo_db, LEADER, class_name="5W")

    async def scenario(pilot: Pilot) -> None:
        await open_meeting(pilot)
        meeting = stored(app)
        await pilot.press("1", "down", "enter")
        await pilot.pause()
        opened = pilot.app.screen
        assert isinstance(opened, PupilFile)
        assert opened.upn == meeting.off_track[1].pupil.upn
        assert opened.upns[0] == meeting.off_track[0].pupil.upn
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ProgressMeetingScreen)

    run(app, scenario)


def test_a_teacher_is_refused_with_the_stores_reason(demo_db: Database, make_app,
                                                     run) -> None:
    app = make_app(demo_db, "KW", class_name="5W")

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("G")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ClassGrid)
        status = str(pilot.app.screen.query_one("#explain").render())
        assert "Progress meeting: only a senior leader or an admin may" in status
        assert "you are signed in as a teacher" in status

    run(app, scenario)


def test_the_half_term_follows_the_apps_keys(demo_db: Database, make_app, run) -> None:
    app = make_app(demo_db, LEADER, class_name="5W")

    async def scenario(pilot: Pilot) -> None:
        screen = await open_meeting(pilot)
        before = app.term
        await pilot.press("T")
        await settle(pilot)
        assert app.term == before.previous()
        assert screen.meeting is not None and screen.meeting.term == app.term
        name = app.scheme.calendar.names[app.term.half_term - 1]
        assert detail(pilot).startswith(f"{name} · {stored(app).pupils} pupils")

    run(app, scenario)


def test_p_prints_the_meeting_as_shown(demo_db: Database, scheme, today, tmp_path: Path,
                                       notes, run) -> None:
    printing_ = replace(scheme.printing, folder=str(tmp_path), command="")
    app = build_app(demo_db, replace(scheme, printing=printing_),
                    pupils.get_staff(demo_db, LEADER), today, class_name="5W")
    told = notes(app)

    async def scenario(pilot: Pilot) -> None:
        await open_meeting(pilot)
        await pilot.press("s", "3")  # the third subject
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)

    run(app, scenario)
    subject = scheme.subjects[2]
    name = f"Progress meeting T{app.term.half_term} {year_label(app.term.school_year)} " \
        f"{subject}.pdf"
    saved = tmp_path / name
    assert saved.read_bytes().startswith(b"%PDF")
    assert saved.stat().st_mode & 0o077 == 0
    assert any(str(saved) in note for note in told)
