"""A teaching assistant's day: they land on *today*, log a session in a handful of keys (each
saved as it is made), log a missed one, correct a wrong one with history, undo a mark — and
reach nothing else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from amtui.app import AmtuiApp
from amtui.core.models import Pupil
from amtui.screens.session_log import SessionLog
from amtui.screens.today import TodayScreen, session_day
from amtui.store import history, interventions, pupils, sessions
from amtui.store.db import Database
from amtui.widgets.header import AppHeader

TODAY = date(2026, 11, 24)
HOME_LEARNING_4D = 41  # the demo's: run by OM on Thursdays, six pupils, 20 minutes


def _members(db: Database) -> list[Pupil]:
    programme = interventions.get_intervention(db, HOME_LEARNING_4D)
    return sorted((pupils.get_pupil(db, upn) for upn in programme.members_on(TODAY)),
                  key=lambda p: p.sort_key)


def _on(db: Database, day: date) -> list[sessions.InterventionSession]:
    return [s for s in sessions.sessions(db, HOME_LEARNING_4D) if s.on == day]


def _text(app: AmtuiApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _lines(app: AmtuiApp, selector: str) -> str:
    """What an option list shows, a line per option."""
    return "\n".join(str(option.prompt)
                     for option in app.screen.query_one(selector, OptionList).options)


def _header(app: AmtuiApp) -> str:
    return str(app.screen.query_one(AppHeader).render())


async def _type(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


def test_parse_day_takes_dd_mm_and_refuses_the_future() -> None:
    assert session_day("23/11", TODAY) == date(2026, 11, 23)
    assert session_day("3/9/2026", TODAY) == date(2026, 9, 3)
    for bad, said in (("25/11", "in the future"), ("31/02", "not a day"), ("monday", "dd/mm")):
        try:
            session_day(bad, TODAY)
        except ValueError as refused:
            assert said in str(refused)
        else:
            raise AssertionError(bad)


def test_a_ta_lands_on_today(demo_db: Database, make_app: Callable[..., AmtuiApp],
                             run: Callable[..., None]) -> None:
    app = make_app(demo_db, "OM")

    async def scenario(pilot: Pilot[Any]) -> None:
        assert isinstance(app.screen, TodayScreen)
        assert "Mr O Mensah · TA · Tuesday 24 November" in _header(app)
        shown = _lines(app, "#programmes")
        assert "nothing due today" in shown  # the demo's sessions run Mon/Wed/Fri and Thu
        for name in ("Additional home-learning sheet (4D)", "Maths booster (5W)",
                     "Phonics catch-up (1H)"):
            assert name in shown
        assert "Maths booster (4D)" not in shown  # JPA's

    run(app, scenario)


def test_signing_in_as_a_ta_opens_today(demo_db: Database, run: Callable[..., None]) -> None:
    from amtui.app import make_app
    from amtui.core.scheme_file import load_scheme

    app = make_app(demo_db, load_scheme(), None, TODAY)

    async def scenario(pilot: Pilot[Any]) -> None:
        await app.signed_in_as(pupils.get_staff(demo_db, "OM"))
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)

    run(app, scenario)


def test_logging_a_session_of_six(demo_db: Database, make_app: Callable[..., AmtuiApp],
                                  run: Callable[..., None]) -> None:
    app = make_app(demo_db, "OM")
    six = _members(demo_db)
    assert len(six) == 6

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("enter")  # the first programme: home learning (4D), not due today
        assert isinstance(app.screen, SessionLog)
        assert "not saved yet" in _header(app)
        await pilot.press("p", "a", "1", "p", "up", "n")  # 1 present, 2 ill, 3 present
        await _type(pilot, "read the sheet aloud")
        await pilot.press("enter", "down", "A", "g")  # a note on 3, the rest present
        await _type(pilot, "fractions on a number line")
        await pilot.press("enter")
        shown = _lines(app, "#pupils")
        assert f"✗ {six[1].display_name}" in shown and "(Ill)" in shown
        assert "note: read the sheet aloud" in shown
        assert "6/6 marked" in _header(app)
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)

    run(app, scenario)
    [logged] = _on(demo_db, TODAY)
    assert (logged.minutes, logged.note, logged.logged_by) == (
        20, "fractions on a number line", "OM")
    marks = {mark.upn: mark for mark in logged.marks}
    assert sorted(marks) == sorted(p.upn for p in six)
    assert not marks[six[1].upn].present and marks[six[1].upn].reason == "Ill"
    assert marks[six[2].upn].note == "read the sheet aloud"
    assert sorted(logged.attended) == sorted(p.upn for p in six if p.upn != six[1].upn)
    rows = list(demo_db.query("SELECT present, reason FROM session_pupils WHERE session_id = ?",
                              [logged.id]))
    assert sum(r["present"] for r in rows) == 5


def test_an_absence_for_another_reason_is_typed(demo_db: Database,
                                                make_app: Callable[..., AmtuiApp],
                                                run: Callable[..., None]) -> None:
    app = make_app(demo_db, "OM")
    first = _members(demo_db)[0]

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("enter", "a", "4")
        await _type(pilot, "dentist")
        await pilot.press("enter")

    run(app, scenario)
    [logged] = _on(demo_db, TODAY)
    assert logged.mark(first.upn) is not None
    assert logged.mark(first.upn).reason == "dentist"  # type: ignore[union-attr]


def test_a_missed_session_is_logged_for_an_earlier_date(
        demo_db: Database, make_app: Callable[..., AmtuiApp], run: Callable[..., None]) -> None:
    app = make_app(demo_db, "OM")
    monday = date(2026, 11, 23)
    assert not _on(demo_db, monday)

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("d")
        await _type(pilot, "25/11")
        await pilot.press("enter")  # tomorrow: refused where it was typed
        assert "25/11/2026 is in the future" in _text(app, "#hint")
        await pilot.press("ctrl+u")
        await _type(pilot, "23/11")
        await pilot.press("enter")
        assert isinstance(app.screen, SessionLog)
        assert "Mon 23/11/2026" in _header(app)
        await pilot.press("A")

    run(app, scenario)
    [logged] = _on(demo_db, monday)
    assert len(logged.attended) == 6
    assert not _on(demo_db, TODAY)


def test_correcting_a_past_sessions_minutes_keeps_history(
        demo_db: Database, make_app: Callable[..., AmtuiApp], run: Callable[..., None]) -> None:
    app = make_app(demo_db, "OM")
    newest = sessions.sessions(demo_db, HOME_LEARNING_4D)[-1]
    assert newest.minutes == 20

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("h", "enter")  # the past sessions, newest first: the newest
        assert isinstance(app.screen, SessionLog)
        assert f"{newest.on:%a %d/%m/%Y}" in _header(app)
        await pilot.press("m", "ctrl+u", "2", "5", "enter")
        assert "25 min" in _header(app)

    run(app, scenario)
    assert sessions.get_session(demo_db, newest.id).minutes == 25
    [entry] = history.entries(demo_db, "intervention_sessions", {"id": newest.id})
    assert entry.who == "OM" and '"minutes": 20' in (entry.old or "")


def test_undo_takes_a_mark_back(demo_db: Database, make_app: Callable[..., AmtuiApp],
                                run: Callable[..., None]) -> None:
    app = make_app(demo_db, "OM")
    six = _members(demo_db)

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("enter", "p", "p", "ctrl+z")
        shown = _lines(app, "#pupils")
        assert f"· {six[1].display_name}" in shown and f"✓ {six[0].display_name}" in shown

    run(app, scenario)
    [logged] = _on(demo_db, TODAY)
    assert logged.attended == [six[0].upn]


def test_undoing_the_first_marks_leaves_the_session_to_log_again(
        demo_db: Database, make_app: Callable[..., AmtuiApp], run: Callable[..., None]) -> None:
    """All present on a new session made it; undo takes the session back too, and the log
    waits for its first mark again instead of failing on a session that is gone."""
    app = make_app(demo_db, "OM")
    six = _members(demo_db)

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("enter", "A", "ctrl+z")
        assert isinstance(app.screen, SessionLog)
        assert "not saved yet" in _header(app)
        assert all(f"· {pupil.display_name}" in _lines(app, "#pupils") for pupil in six)
        await pilot.press("p")

    run(app, scenario)
    [logged] = _on(demo_db, TODAY)
    assert logged.attended == [six[0].upn]


def test_unmark_takes_a_mark_back(demo_db: Database, make_app: Callable[..., AmtuiApp],
                                  run: Callable[..., None]) -> None:
    app = make_app(demo_db, "OM")

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("enter", "p", "up", "backspace")

    run(app, scenario)
    [logged] = _on(demo_db, TODAY)
    assert logged.marks == ()


def test_a_ta_is_refused_the_grid_pickers_and_exports(
        demo_db: Database, make_app: Callable[..., AmtuiApp], run: Callable[..., None]) -> None:
    app = make_app(demo_db, "OM")
    before = (app.class_name, app.term)

    async def scenario(pilot: Pilot[Any]) -> None:
        for key in ("c", "t", "T", "ctrl+t", "Y", "p", "P", "o", "v", "slash", "ctrl+g"):
            await pilot.press(key)  # the class grid's keys
            assert isinstance(app.screen, TodayScreen), key
            assert "does nothing here — a teaching assistant sees only the sessions of their " \
                "programmes" in _text(app, "#status"), key
            app.screen.say("")
        await pilot.press("ctrl+k")
        await _type(pilot, "export")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        assert "xport" not in _lines(app, "CommandList")
        await pilot.press("escape")
        await pilot.press("ctrl+k")
        await _type(pilot, "Class: 6M")
        await pilot.pause(0.3)
        assert "Class: 6M" not in _lines(app, "CommandList")  # nothing of the school's
        await pilot.press("escape")
        app.show_class("6M")  # were it asked for anyway (the palette held it before)
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert "Not available: a teaching assistant" in _text(app, "#status")
        app.open_pupil(_members(demo_db)[0].upn, [])
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)

    run(app, scenario)
    assert (app.class_name, app.term) == before
