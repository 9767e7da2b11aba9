"""The app shell: header, switching class / half-term / year by key and by palette, help, undo,
printing a class in a worker."""

from __future__ import annotations

import sys
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType, SimpleNamespace

from textual.pilot import Pilot
from textual.widgets import ProgressBar

from amtui.core.models import ClassGroup
from amtui.core.terms import Term
from amtui.screens.help import HelpScreen
from amtui.screens.pickers import Picker
from amtui.store import pupils
from amtui.widgets.class_table import ClassTable
from amtui.widgets.header import AppHeader


def header(pilot: Pilot) -> tuple[str, str]:
    shown = pilot.app.screen.query_one(AppHeader)
    return shown.title_text, shown.detail_text


def grid(pilot: Pilot) -> ClassTable:
    return pilot.app.screen.query_one(ClassTable)


def test_header_shows_school_class_term_and_who_is_signed_in(demo_db, scheme, make_app, run):
    size = len(pupils.list_pupils(demo_db, "5W"))

    async def scenario(pilot: Pilot) -> None:
        title, detail = header(pilot)
        teacher = pupils.get_staff(demo_db, pupils.get_class(demo_db, "5W").teacher or "")
        assert title == f"{scheme.school} · 5W {teacher.name} · 2026-27 Autumn 2 (T2) · KW teacher"
        assert detail.startswith(f"5W · {size} pupils · ")
        assert f"/{size} meetings signed" in detail and "off track" in detail
        assert len(grid(pilot).rows) == size

    run(make_app(demo_db), scenario)


def test_t_and_shift_t_step_through_half_terms(demo_db, make_app, run):
    async def scenario(pilot: Pilot) -> None:
        await pilot.press("t")
        assert pilot.app.term == Term(2026, 3)
        assert "2026-27 Spring 1 (T3)" in header(pilot)[0]
        assert {row.record.half_term for row in grid(pilot).rows} == {3}
        await pilot.press("T", "T")
        assert pilot.app.term == Term(2026, 1)
        assert {row.record.half_term for row in grid(pilot).rows} == {1}

    run(make_app(demo_db), scenario)


def test_c_picks_another_class(demo_db, make_app, run):
    classes = [c.name for c in pupils.list_classes(demo_db)]
    target = next(name for name in classes if name != "5W")

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("c")
        assert isinstance(pilot.app.screen, Picker)
        for _ in range(classes.index(target) - classes.index("5W")):
            await pilot.press("down")
        for _ in range(classes.index("5W") - classes.index(target)):
            await pilot.press("up")
        await pilot.press("enter")
        assert pilot.app.class_name == target
        assert {row.record.pupil.class_name for row in grid(pilot).rows} == {target}
        assert header(pilot)[1].startswith(f"{target} · ")

    run(make_app(demo_db), scenario)


def test_y_picks_another_school_year_keeping_the_half_term(demo_db, make_app, run):
    async def scenario(pilot: Pilot) -> None:
        await pilot.press("Y", "down", "enter")  # newest first, from the year shown
        assert pilot.app.term == Term(2025, 2)
        assert "2025-26 Autumn 2 (T2)" in header(pilot)[0]

    run(make_app(demo_db), scenario)


def test_the_palette_switches_class_and_half_term(demo_db, make_app, run):
    target = next(c.name for c in pupils.list_classes(demo_db) if c.name != "5W")

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("ctrl+k", *f"Class: {target}")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.class_name == target
        await pilot.press("ctrl+k", *"Next half-term")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.term == Term(2026, 3)
        assert {row.record.pupil.class_name for row in grid(pilot).rows} == {target}

    run(make_app(demo_db), scenario)


def test_the_help_screen_lists_the_apps_own_keys_and_a_legend(demo_db, make_app, run):
    async def scenario(pilot: Pilot) -> None:
        await pilot.press("question_mark")
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        sections = {s.title: dict(s.rows) for s in help_screen.sections}
        grid_keys = {what: keys for keys, what in sections["Class grid"].items()}
        assert grid_keys["Pupil file"] == "⏎" or "enter" in grid_keys["Pupil file"]
        assert grid_keys["Off track"] == "o" and grid_keys["Sort"] == "s"
        everywhere = {what: keys for keys, what in sections["Everywhere"].items()}
        assert {"Undo", "Quit", "Keys"} <= set(everywhere)
        in_grid = {what: keys for keys, what in sections["In the grid"].items()}
        assert in_grid["Up"] == "↑" and in_grid["Down"] == "↓"
        assert in_grid["Clear cell"] == "⌫ / del"  # hidden (show=False) bindings are listed too
        assert in_grid["Red (not here)"] == "r"  # a colour key, off a colour column
        assert "Typing" in sections
        said = " ".join(f"{k} {w}" for rows in sections.values() for k, w in rows.items())
        for internal in ("Focus Next", "help_quit", "Scroll", "VerticalScroll", "Maximize"):
            assert internal not in said  # Textual's own workings are not the user's keys
        legend = sections["What the marks mean"]
        assert {"▲ ▼", "!", "4w+ G A"} <= set(legend)
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, HelpScreen)

    run(make_app(demo_db), scenario)


def test_an_empty_class_says_so_and_undo_with_nothing_to_undo_says_so(db, make_app, run, notes):
    app = make_app(db)
    said = notes(app)

    async def scenario(pilot: Pilot) -> None:
        assert "No pupils in 5W yet" in grid(pilot).render_line(1).text
        await pilot.press("ctrl+z")

    run(app, scenario)
    assert said == ["nothing of yours to undo in this session"]


def test_a_ta_without_a_class_gets_the_first_class(db, make_app, run):
    pupils.save_class(db, pupils.get_staff(db, "AD"), ClassGroup(name="3A", year_group=3,
                                                                 teacher=None), seen=0)
    assert make_app(db, "TA").class_name == "3A"
    assert make_app(db, "KW").class_name == "5W"


def test_p_prints_the_class_in_a_worker_with_progress(demo_db, make_app, run, notes,
                                                      monkeypatch):
    calls, bar = [], []

    def print_class(db, scheme, class_name, term, *, one_file, folder, progress):
        calls.append((db, class_name, term, one_file))
        for done in range(1, 4):
            progress(done, 3)
            bar.append(app.call_from_thread(
                lambda: app.screen.query_one("#print-progress", ProgressBar).progress))
        return SimpleNamespace(paths=[Path("/tmp/out/5W.pdf")], sent_to=None)

    fake = ModuleType("amtui.report.printing")
    fake.__spec__ = ModuleSpec(fake.__name__, None)
    fake.print_class = print_class  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, fake.__name__, fake)
    app = make_app(demo_db)
    said = notes(app)

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("p")
        assert isinstance(pilot.app.screen, Picker)
        await pilot.press("c")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert not pilot.app.screen.query("#print-progress")

    run(app, scenario)
    [(db, class_name, term, one_file)] = calls
    assert db is not demo_db and class_name == "5W" and term == Term(2026, 2) and one_file
    assert bar == [1, 2, 3]
    assert said == ["1 file(s) for 5W in /tmp/out"]


def test_the_collector_paused_for_start_up_resumes_after_the_first_paint(demo_db, make_app, run):
    import gc

    async def scenario(pilot: Pilot) -> None:
        await pilot.pause()
        assert gc.isenabled()

    gc.disable()  # as `amtui` does before it starts the app (cli.collector_paused)
    try:
        run(make_app(demo_db), scenario)
    finally:
        gc.enable()
        gc.unfreeze()
