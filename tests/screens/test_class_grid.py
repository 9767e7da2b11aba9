"""The class grid, driven with keys: what is typed is stored (asserted through the store) and
shown (asserted on the rendered line)."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import pytest
from textual import events
from textual.pilot import Pilot

from grid_helpers import CLASS, TERM, class_upns, go_to, grid, shown, status_line

from amtui.app import make_app as build_app
from amtui.core.colours import Rag
from amtui.core.models import Pupil
from amtui.core.progress import summarise
from amtui.core.scale import Step, SubStage
from amtui.core.scheme_file import load_scheme
from amtui.resources import data_path
from amtui.store import attainment, attitude, history, pupils, records
from amtui.store.db import Database
from amtui.widgets.grid_columns import (
    ColourColumn,
    MeasureColumn,
    NameColumn,
    SubjectColumn,
)
from amtui.widgets.type_ahead import fold


def step(db: Database, upn: str, subject: str = "Reading") -> Step | None:
    return attainment.get_attainment(db, upn, subject, TERM).step  # type: ignore[return-value]


def other_than(current: Step | None, wanted: str) -> str:
    """`wanted`, or the step after it if the pupil already has it (a write must change data)."""
    return wanted if current != Step.parse(wanted) else str(Step.parse(wanted) + 1)


async def go_left_to_name(pilot: Pilot) -> None:
    while not isinstance(grid(pilot).cursor_column, NameColumn):
        await pilot.press("left")


def test_typing_a_step_stores_it_moves_down_and_shows_it(demo_db, make_app, run):
    first = class_upns(demo_db)[0]
    text = other_than(step(demo_db, first), "4s+")

    async def scenario(pilot: Pilot) -> None:
        table = grid(pilot)
        assert table.cursor_upn == first and table.cursor_column.key == "Reading"
        await pilot.press(*text, "enter")
        assert step(demo_db, first) == Step.parse(text)
        assert table.cursor_row == 1 and table.editing is None
        assert f" {text} " in shown(table, 0)

    run(make_app(demo_db), scenario)


def test_a_column_of_steps_is_keyed_in_one_pass(demo_db, make_app, run):
    upns = class_upns(demo_db)[:3]
    texts = [other_than(step(demo_db, upn, "Maths"), want)
             for upn, want in zip(upns, ("5b", "5b+", "5w"), strict=True)]

    async def scenario(pilot: Pilot) -> None:
        await go_to(pilot, SubjectColumn, "Maths")
        keys = [key for text in texts for key in (*text, "enter")]
        await pilot.press(*keys)
        table = grid(pilot)
        assert table.cursor_row == 3
        for row, text in enumerate(texts):
            assert f" {text} " in shown(table, row)

    run(make_app(demo_db), scenario)
    assert [step(demo_db, upn, "Maths") for upn in upns] == [Step.parse(t) for t in texts]


def test_keys_arriving_in_one_burst_land_in_the_cells_they_were_typed_for(demo_db, make_app,
                                                                         run):
    """A terminal delivers fast typing (or a paste) in one read: arrows, steps and Enter must
    still apply in order — moving down three pupils, then keying a step there and below."""
    upns = class_upns(demo_db)
    wanted = [other_than(step(demo_db, upn), want)
              for upn, want in zip(upns[3:5], ("5b", "5w"), strict=True)]

    async def scenario(pilot: Pilot) -> None:
        await go_to(pilot, SubjectColumn, "Reading")
        burst = ["down", "down", "down", *wanted[0], "enter", *wanted[1], "enter", "up", "r"]
        for key in burst:
            pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause()
        assert grid(pilot).cursor_row == 4

    before = [step(demo_db, upn) for upn in upns[:3]]
    run(make_app(demo_db), scenario)
    assert [step(demo_db, upn) for upn in upns[3:5]] == [Step.parse(t) for t in wanted]
    assert [step(demo_db, upn) for upn in upns[:3]] == before


def test_an_invalid_step_is_refused_in_place_and_nothing_is_stored(demo_db, make_app, run):
    first = class_upns(demo_db)[0]
    before = step(demo_db, first)
    changes = len(history.entries(demo_db, limit=10_000))

    async def scenario(pilot: Pilot) -> None:
        table = grid(pilot)
        await pilot.press("6", "x", "enter")
        assert table.editing == "6x" and table.edit_refused and table.cursor_row == 0
        assert '"6x" is not a step — use 6b, 6b+, 6w, 6w+, 6s or 6s+' in status_line(pilot)
        assert "6x▏" in shown(table, 0)
        await pilot.press("escape")
        assert table.editing is None and table.cursor_row == 0

    run(make_app(demo_db), scenario)
    assert step(demo_db, first) == before
    assert len(history.entries(demo_db, limit=10_000)) == changes


def test_attendance_of_105_is_refused_with_the_reason_then_corrected(demo_db, make_app, run):
    first = class_upns(demo_db)[0]
    before = attitude.get_attitude(demo_db, first, TERM, "attendance")

    async def scenario(pilot: Pilot) -> None:
        table = grid(pilot)
        await go_to(pilot, MeasureColumn, "attendance")
        await pilot.press("1", "0", "5", "enter")
        assert table.edit_refused and table.cursor_row == 0
        assert "105% is impossible" in status_line(pilot)
        assert attitude.get_attitude(demo_db, first, TERM, "attendance") == before
        await pilot.press("backspace", "backspace", "backspace", "9", "6", ".", "4", "enter")
        assert table.cursor_row == 1
        assert "96.4" in shown(table, 0)

    run(make_app(demo_db), scenario)
    stored = attitude.get_attitude(demo_db, first, TERM, "attendance")
    assert stored.value == 96.4 and stored.colour is Rag.GREEN


def test_r_a_g_on_behaviour_store_the_colour_and_move_down(demo_db, make_app, run):
    upns = class_upns(demo_db)[:3]

    async def scenario(pilot: Pilot) -> None:
        await go_to(pilot, ColourColumn, "behaviour")
        await pilot.press("r", "a", "g")
        assert grid(pilot).cursor_row == 3

    run(make_app(demo_db), scenario)
    assert [attitude.get_attitude(demo_db, upn, TERM, "behaviour").colour for upn in upns] == \
        [Rag.RED, Rag.AMBER, Rag.GREEN]


def test_ctrl_z_restores_the_previous_step_and_keeps_the_cursor(demo_db, make_app, run):
    first = class_upns(demo_db)[0]
    before = step(demo_db, first)
    text = other_than(before, "3w")

    async def scenario(pilot: Pilot) -> None:
        table = grid(pilot)
        await pilot.press(*text, "enter")
        assert step(demo_db, first) == Step.parse(text)
        await pilot.press("ctrl+z")
        assert step(demo_db, first) == before
        assert table.cursor_row == 1 and table.cursor_column.key == "Reading"
        assert f" {text} " not in shown(table, 0)

    run(make_app(demo_db), scenario)


def test_backspace_clears_a_step_and_undo_brings_it_back(demo_db, make_app, run):
    first = class_upns(demo_db)[0]

    async def scenario(pilot: Pilot) -> None:
        if step(demo_db, first) is None:
            await pilot.press("5", "w", "up")
        before = step(demo_db, first)
        await pilot.press("backspace")
        assert step(demo_db, first) is None and grid(pilot).cursor_row == 0
        await pilot.press("ctrl+z")
        assert step(demo_db, first) == before

    run(make_app(demo_db), scenario)


def test_o_shows_only_off_track_pupils(demo_db, scheme, make_app, run):
    summaries = [summarise(r, scheme) for r in records.class_records(demo_db, CLASS, TERM)]
    off_track = [s.record.pupil.upn for s in summaries if s.off_track]
    assert 0 < len(off_track) < len(summaries)

    async def scenario(pilot: Pilot) -> None:
        table = grid(pilot)
        await pilot.press("o")
        assert table.upns == off_track
        await pilot.press("o")
        assert table.upns == [s.record.pupil.upn for s in summaries]

    run(make_app(demo_db), scenario)


def test_s_sorts_worst_colour_first_then_back_to_names(demo_db, make_app, run):
    async def scenario(pilot: Pilot) -> None:
        table = grid(pilot)
        by_name = table.upns
        await pilot.press("s")
        worst = [3 if row.worst is None else int(row.worst) for row in table.rows]
        assert worst == sorted(worst) and table.upns != by_name
        assert sorted(table.upns) == sorted(by_name)
        await pilot.press("s")
        assert table.upns == by_name

    run(make_app(demo_db), scenario)


def test_typing_letters_on_the_name_column_jumps_to_that_pupil(demo_db, make_app, run):
    class_pupils = pupils.list_pupils(demo_db, CLASS)
    names = [p.display_name for p in class_pupils]
    target = next(p for p in class_pupils[len(class_pupils) // 2:]
                  if names.count(p.display_name) == 1)
    prefix = next(target.display_name[:n] for n in range(1, len(target.display_name) + 1)
                  if next(p for p in class_pupils
                          if p.display_name.startswith(target.display_name[:n])) == target)

    async def scenario(pilot: Pilot) -> None:
        table = grid(pilot)
        await go_left_to_name(pilot)
        await pilot.press(*prefix.lower())
        assert table.cursor_upn == target.upn and isinstance(table.cursor_column, NameColumn)

    run(make_app(demo_db), scenario)


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def test_type_ahead_ignores_accents(demo_db, make_app, run):
    class_pupils = pupils.list_pupils(demo_db, CLASS)
    target = next(p for p in class_pupils if not p.surname[0].isascii())
    typed = next(ascii_fold(target.display_name)[:n] for n in range(1, 20)
                 if [p for p in class_pupils
                     if ascii_fold(p.display_name).startswith(ascii_fold(target.display_name)[:n])]
                 == [target])
    assert typed.isascii() and not target.display_name.lower().startswith(typed)

    async def scenario(pilot: Pilot) -> None:
        await go_left_to_name(pilot)
        await pilot.press(*typed)
        assert grid(pilot).cursor_upn == target.upn

    run(make_app(demo_db), scenario)


def test_a_change_by_someone_else_is_shown_and_nothing_is_overwritten(demo_db, make_app, run,
                                                                     notes):
    first = class_upns(demo_db)[0]
    other = pupils.get_staff(demo_db, "MG")  # a senior leader, at another desk
    app = make_app(demo_db)
    said = notes(app)

    async def scenario(pilot: Pilot) -> None:
        theirs = other_than(step(demo_db, first), "2b")
        attainment.set_step(demo_db, other, first, "Reading", TERM, Step.parse(theirs),
                            seen=attainment.get_attainment(demo_db, first, "Reading", TERM).version)
        await pilot.press(*other_than(Step.parse(theirs), "2s"), "enter")
        assert step(demo_db, first) == Step.parse(theirs)
        assert f" {theirs} " in shown(grid(pilot), 0)
        assert any("someone else changed" in message for message in said)

    run(app, scenario)


def test_enter_opens_the_pupil_file_of_the_cursor_pupil(demo_db, make_app, run):
    pupil_file = pytest.importorskip("amtui.screens.pupil_file")

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("down", "enter")
        assert isinstance(pilot.app.screen, pupil_file.PupilFile)

    run(make_app(demo_db), scenario)


def test_an_arrow_stores_what_is_typed_and_moves_that_way(demo_db, make_app, run):
    first = class_upns(demo_db)[0]
    text = other_than(step(demo_db, first, "Writing"), "5b")

    async def scenario(pilot: Pilot) -> None:
        table = grid(pilot)
        await pilot.press("right", *text, "left")
        assert table.cursor_row == 0 and table.cursor_column.key == "Reading"

    run(make_app(demo_db), scenario)
    assert step(demo_db, first, "Writing") == Step.parse(text)


def test_a_sub_stage_school_types_sub_stages(db, scheme, teacher, today, run):
    pupils.save_pupils(db, pupils.get_staff(db, "AD"),
                       [Pupil(upn="S1", forename="Ana", surname="Able", year_group=5,
                              class_name="5W")])
    substages = replace(scheme, scale="substages")

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("2", "x", "enter")
        assert "is not a sub-stage — use 2R, 2E, 2D or 2S" in status_line(pilot)
        await pilot.press("backspace", "d", "enter")

    run(build_app(db, substages, teacher, today), scenario)
    assert step(db, "S1") == SubStage.parse("2D")


def test_on_the_name_column_letter_keys_leave_the_footer_and_jump_instead(demo_db, make_app,
                                                                          run):
    async def scenario(pilot: Pilot) -> None:
        table = grid(pilot)
        assert pilot.app.screen.active_bindings["o"].enabled
        assert "r" not in pilot.app.screen.active_bindings  # colour keys only on colour columns
        await go_left_to_name(pilot)
        assert not {"o", "s", "t", "c", "p"} & set(pilot.app.screen.active_bindings)
        rows = len(table.rows)
        await pilot.press("o")
        assert len(table.rows) == rows  # no filter: "o" jumped to a name
        assert fold(table.cursor_summary.record.pupil.surname).startswith("o")

    run(make_app(demo_db), scenario)


def test_a_key_that_does_nothing_in_a_column_says_why(demo_db, make_app, run):
    """`x` or `98` on a colour column used to do nothing, silently."""
    changes = len(history.entries(demo_db, limit=10_000))

    async def scenario(pilot: Pilot) -> None:
        await go_to(pilot, ColourColumn, "behaviour")
        await pilot.press("x")
        assert "x does nothing in Beh — r, a or g sets the colour" in status_line(pilot)
        await pilot.press("9", "8")
        assert "8 does nothing in Beh" in status_line(pilot)
        assert grid(pilot).editing is None and grid(pilot).cursor_row == 0

    run(make_app(demo_db), scenario)
    assert len(history.entries(demo_db, limit=10_000)) == changes


def test_letters_typed_on_a_step_column_change_no_data(demo_db, make_app, run):
    """Typing a name (`grace`) off the name column must not store colours or steps."""
    changes = len(history.entries(demo_db, limit=10_000))

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("g", "r", "a")
        assert "a does nothing in Reading — type a step" in status_line(pilot)

    run(make_app(demo_db), scenario)
    assert len(history.entries(demo_db, limit=10_000)) == changes


def test_slash_finds_a_pupil_from_any_column(demo_db, make_app, run):
    target = next(p for p in pupils.list_pupils(demo_db, CLASS) if p.surname.startswith("Cl"))

    async def scenario(pilot: Pilot) -> None:
        await go_to(pilot, ColourColumn, "behaviour")
        await pilot.press("slash")
        assert "type the start of a name to jump to a pupil" in status_line(pilot)
        await pilot.press("c", "l")
        table = grid(pilot)
        assert table.cursor_upn == target.upn and isinstance(table.cursor_column, NameColumn)

    run(make_app(demo_db), scenario)


def test_a_refusals_toast_is_cleared_by_the_next_save(demo_db, make_app, run):
    async def scenario(pilot: Pilot) -> None:
        await pilot.press("6", "x", "enter")
        await pilot.pause(0.1)
        assert pilot.app.screen.query("Toast")  # "Not saved: …"
        await pilot.press("backspace", "b", "enter")
        await pilot.pause(0.1)
        assert not pilot.app.screen.query("Toast")
        assert "6x" not in status_line(pilot)

    run(make_app(demo_db), scenario, toasts=True)


def test_a_yellow_school_keys_its_own_colour_letter_and_reads_its_own_word(db, teacher, today,
                                                                          run):
    """Seed 001 says Red, Yellow, Green: `y` sets the middle colour, the footer says Yellow, and
    `a` is not a key there (the school year moved to `Y`, so nothing clashes)."""
    high_school = load_scheme(data_path("schemes", "high_school_substages.toml"))
    pupils.save_pupils(db, pupils.get_staff(db, "AD"),
                       [Pupil(upn="S1", forename="Ana", surname="Able", year_group=8,
                              class_name="5W")])

    async def scenario(pilot: Pilot) -> None:
        await go_to(pilot, ColourColumn, "behaviour")
        bindings = pilot.app.screen.active_bindings
        assert bindings["y"].binding.description == "Yellow" and bindings["y"].enabled
        assert "a" not in bindings  # not one of this school's colour letters
        await pilot.press("a")
        assert "a does nothing in Beh — r, y or g sets the colour" in status_line(pilot)
        await pilot.press("y")

    run(build_app(db, high_school, teacher, today), scenario)
    assert attitude.get_attitude(db, "S1", TERM, "behaviour").colour is Rag.AMBER
