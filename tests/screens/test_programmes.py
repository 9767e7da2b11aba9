"""Intervention programmes, driven with keys on the demo school: a teacher sets one up from the
bank and adds a pupil by typing part of a name, edits it, ends a place, reviews it; a pupil of
another class is refused; a teaching assistant cannot open the screen. Asserted on the stored
rows and on what the screens show."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Static

from amtui.commands import app_commands
from amtui.core.errors import InvalidInput
from amtui.core.programmes import Intervention
from amtui.screens.class_grid import ClassGrid
from amtui.screens.programme_bank_screen import BankScreen
from amtui.screens.programme_form import (
    ProgrammeForm,
    PupilFinder,
    pick_subject,
    pupil_matches,
)
from amtui.screens.programme_view import ProgrammeView
from amtui.screens.programmes import ProgrammesScreen, open_programmes
from amtui.store import interventions, programme_bank, pupils
from amtui.store.db import Database

TEACHER = "KW"  # 5W's teacher


def keys(text: str) -> list[str]:
    return ["space" if c == " " else "slash" if c == "/" else c for c in text]


def status(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#explain", Static).render())


def rows(pilot: Pilot) -> list[list[str]]:
    table = pilot.app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def programme_for(db: Database, class_name: str) -> Intervention:
    """The first demo programme with a pupil of `class_name` in it today."""
    upns = {p.upn for p in pupils.list_pupils(db, class_name)}
    return next(p for p in interventions.list_interventions(db)
                if set(p.pupils) & upns and p.subject in ("Reading", "Writing", "Maths"))


async def open_programme(pilot: Pilot, programme: Intervention) -> ProgrammeView:
    await pilot.press("i")
    screen = pilot.app.screen
    assert isinstance(screen, ProgrammesScreen)
    table = screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(str(programme.id)))
    await pilot.press("enter")
    view = pilot.app.screen
    assert isinstance(view, ProgrammeView)
    return view


def test_teacher_creates_a_programme_from_the_bank_and_adds_a_pupil(demo_db, make_app, run):
    pupil = pupils.list_pupils(demo_db, "5W")[3]
    app = make_app(demo_db, TEACHER, class_name="5W")

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("i", "n")
        await pilot.press("down", "down", "enter")  # Blank, home-learning sheet, Maths booster
        assert isinstance(app.screen, ProgrammeForm)
        await pilot.press("enter")
        assert isinstance(app.screen, ProgrammesScreen)
        made = interventions.list_interventions(demo_db, run_by=TEACHER)
        assert [(p.name, p.subject, p.plan.per_week, p.plan.minutes, p.staff, str(p.start))
                for p in made] == [("Maths booster", "Maths", 3, 15, [TEACHER], "2026-11-24")]
        assert made[0].plan.exit_criterion == "Back on track in maths for two half-terms"
        assert any(row[0] == "Maths booster" for row in rows(pilot))
        await pilot.press("enter", "a")
        assert isinstance(app.screen, PupilFinder)
        await pilot.press(*keys(f"{pupil.forename[:3]} {pupil.surname[:3]}"), "enter")
        assert isinstance(app.screen, ProgrammeView)
        places = interventions.get_intervention(demo_db, made[0].id).places
        assert [(p.upn, str(p.joined), p.left) for p in places] == \
            [(pupil.upn, "2026-11-24", None)]
        assert rows(pilot)[0][:3] == [pupil.display_name, "5W", "24/11/2026"]

    run(app, scenario)


def test_a_typing_mistake_is_refused_in_the_form_and_kept(demo_db, make_app, run):
    app = make_app(demo_db, TEACHER, class_name="5W")

    async def scenario(pilot: Pilot) -> None:
        await pilot.press("i", "n", "b")  # blank
        await pilot.press(*keys("Times tables"), "tab", *keys("ma"), "tab", "tab",
                          *keys("25"), "enter")  # 25 sessions a week: the store refuses it
        form = app.screen
        assert isinstance(form, ProgrammeForm)
        assert str(form.query_one("#hint").render()) == \
            "25 sessions a week is not a plan — enter 0 to 20"
        assert (form.typed()["name"], form.typed()["subject"], form.typed()["per_week"]) == \
            ("Times tables", "ma", "25")
        assert interventions.list_interventions(demo_db, run_by=TEACHER) == []

    run(app, scenario)


def test_teacher_edits_the_minutes(demo_db, make_app, run):
    programme = programme_for(demo_db, "5W")
    app = make_app(demo_db, TEACHER, class_name="5W")

    async def scenario(pilot: Pilot) -> None:
        await open_programme(pilot, programme)
        await pilot.press("e")
        await pilot.press("tab", "tab", "tab", "tab", "end", "backspace", "backspace",
                          *keys("25"), "enter")
        assert isinstance(app.screen, ProgrammeView)
        stored = interventions.get_intervention(demo_db, programme.id)
        assert stored.plan.minutes == 25
        assert (stored.name, stored.staff, stored.days) == \
            (programme.name, programme.staff, programme.days)
        assert "× 25 min a week" in str(app.screen.query_one("#above", Static).render())

    run(app, scenario)


def test_teacher_ends_a_place_with_the_exit_criterion(demo_db, make_app, run):
    programme = programme_for(demo_db, "5W")
    first = next(p for p in programme.places if p.left is None)
    app = make_app(demo_db, TEACHER, class_name="5W")

    async def scenario(pilot: Pilot) -> None:
        view = await open_programme(pilot, programme)
        table = view.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(first.upn))
        await pilot.press("x", "enter", "enter")  # today, the exit criterion
        place = interventions.get_intervention(demo_db, programme.id).place(first.upn)
        assert place is not None
        assert (str(place.left), place.exit_reason) == \
            ("2026-11-24", programme.plan.exit_criterion)
        shown = [row for row in rows(pilot) if row[-1]]
        assert any(row[-1].startswith("24/11/2026 ") for row in shown)

    run(app, scenario)


def test_teacher_records_a_review(demo_db, make_app, run):
    programme = programme_for(demo_db, "5W")
    app = make_app(demo_db, TEACHER, class_name="5W")

    async def scenario(pilot: Pilot) -> None:
        view = await open_programme(pilot, programme)
        assert "Review:" in str(view.query_one("#above", Static).render())
        await pilot.press("r", "p", *keys("Two pupils ready to leave"), "enter")
        latest = interventions.reviews(demo_db, programme.id)[0]
        assert (latest.school_year, latest.half_term, latest.verdict, latest.changes,
                latest.reviewed_by) == (2026, 2, "partly", "Two pupils ready to leave", TEACHER)
        assert "Partly effective T2 — Two pupils ready to leave" in \
            str(view.query_one("#above", Static).render())

    run(app, scenario)


def test_teacher_is_refused_a_pupil_of_another_class(demo_db, make_app, run):
    programme = programme_for(demo_db, "5W")
    other = next(p for p in pupils.list_pupils(demo_db, "1H") if p.upn not in programme.pupils
                 and not pupils_named_like(demo_db, p.surname, "5W"))
    app = make_app(demo_db, TEACHER, class_name="5W")

    async def scenario(pilot: Pilot) -> None:
        await open_programme(pilot, programme)
        await pilot.press("a", *keys(f"{other.forename} {other.surname}"))
        matches = app.screen.query_one("#matches", OptionList)
        assert str(matches.get_option_at_index(0).prompt) == \
            f"{other.display_name}  1H  (not your class)"
        await pilot.press("enter")
        assert isinstance(app.screen, ProgrammeView)
        assert "only 1H's teacher" in status(pilot)
        stored = interventions.get_intervention(demo_db, programme.id)
        assert stored.places == programme.places

    run(app, scenario)


def pupils_named_like(db: Database, surname: str, class_name: str) -> bool:
    return any(p.surname == surname for p in pupils.list_pupils(db, class_name))


def test_a_teaching_assistant_cannot_open_the_programmes(demo_db, make_app, run):
    app = make_app(demo_db, "JPA")

    async def scenario(pilot: Pilot) -> None:
        await app.switch_mode("grid")
        await pilot.press("i")
        assert isinstance(app.screen, ClassGrid)
        assert "only a teacher or a senior leader may set up an intervention" in status(pilot)
        assert app_commands(app) == []  # the palette offers a TA nothing of the school's
        open_programmes(app)  # were it asked for anyway
        await pilot.pause()
        assert isinstance(app.screen, ClassGrid)

    run(app, scenario)


def test_a_plan_is_saved_to_the_bank_and_edited_there(demo_db, make_app, run):
    programme = programme_for(demo_db, "5W")
    before = len(programme_bank.bank(demo_db))
    app = make_app(demo_db, TEACHER, class_name="5W")

    async def scenario(pilot: Pilot) -> None:
        await open_programme(pilot, programme)
        await pilot.press("b")
        saved = [e for e in programme_bank.bank(demo_db) if e.plan.name == programme.name]
        assert len(programme_bank.bank(demo_db)) == before + 1
        assert saved[0].plan == programme.plan
        await pilot.press("escape", "b")
        assert isinstance(app.screen, BankScreen)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(str(saved[0].id)))
        await pilot.press("e", *keys("Home sheet"), "enter")
        assert programme_bank.get_entry(demo_db, saved[0].id).plan.name == "Home sheet"
        assert table.get_row_index(str(saved[0].id)) == table.cursor_row
        assert ["Home sheet", programme.subject] == rows(pilot)[table.cursor_row][:2]

    run(app, scenario)


def test_typed_values_are_read_or_refused_with_the_way_to_write_them():
    choices = ["Reading", "Writing", "Maths", "Punctuality"]
    assert [pick_subject(text, choices) for text in ("ma", "PUNC", "writing")] == \
        ["Maths", "Punctuality", "Writing"]
    with pytest.raises(InvalidInput, match="is not one of Reading, Writing"):
        pick_subject("", choices)


def test_part_of_a_name_finds_pupils_whatever_the_accents(demo_db):
    everyone = pupils.list_pupils(demo_db)
    found = pupil_matches("grace zielin", everyone)
    assert [p.full_name for p in found] == ["Grace Zieliński"]
    assert pupil_matches("  ", everyone) == []
