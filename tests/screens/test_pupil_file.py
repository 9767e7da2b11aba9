"""The pupil file's keyboard flows: what is stored and what is shown."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pupil_helpers import TERM, fresh_pupil, open_file, shown, type_text
from textual import events
from textual.pilot import Pilot

from amtui.app import make_app as build_app
from amtui.core.colours import Rag
from amtui.core.progress import summarise
from amtui.core.scale import Step
from amtui.screens.forms import ChoiceForm, OverrideForm, TextForm
from amtui.screens.pupil_file import PupilFile
from amtui.store import attainment, attitude, meetings, pupils, records, targets
from amtui.widgets.class_table import ClassTable


def test_a_step_is_stored_and_its_numbers_shown(demo_db, make_app, run):
    upn = fresh_pupil(demo_db)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        await pilot.press("2", "enter")
        await type_text(pilot, "5b")
        await pilot.press("enter")
        assert "Reading    5b" in shown(screen, 2) and "expected 4s+" in shown(screen, 2)
        assert screen.section(2).current == "Writing"  # on to the next subject

    run(make_app(demo_db), scenario)
    assert attainment.get_attainment(demo_db, upn, "Reading", TERM).step == Step.parse("5b")
    assert meetings.get_meeting(demo_db, upn, TERM).state == "in progress"


def test_an_invalid_step_is_refused_in_place_and_nothing_stored(demo_db, make_app, run):
    upn = fresh_pupil(demo_db)
    before = attainment.get_attainment(demo_db, upn, "Reading", TERM)

    async def scenario(pilot: Pilot) -> None:
        await open_file(pilot, demo_db, upn)
        await pilot.press("2", "enter")
        await type_text(pilot, "6x")
        await pilot.press("enter")
        form = pilot.app.screen
        assert isinstance(form, TextForm)
        assert '"6x" is not a step — use 6b, 6b+' in str(form.query_one("#hint").render())
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, PupilFile)

    run(make_app(demo_db), scenario)
    assert attainment.get_attainment(demo_db, upn, "Reading", TERM) == before


def burst(pilot: Pilot, *keys: str) -> None:
    """Keys as a terminal delivers fast typing or a paste: all in one read, no pause."""
    for key in keys:
        character = " " if key == "space" else key if len(key) == 1 else None
        pilot.app.post_message(events.Key(key, character))


def test_keys_in_one_burst_go_where_they_were_typed_for(demo_db, make_app, run):
    """Section, form, text and Enter, typed faster than a form opens: each lands in order."""
    upn = fresh_pupil(demo_db)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        burst(pilot, "a", "s", "n", "2", "enter", "5", "b", "enter", "enter", "4", "w", "enter",
              "up", "o", "a", "s", "l", "o", "w", "enter", "5", "plus", "t", "a", "b", "l", "e",
              "s", "enter", "7", "j", "g")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(pilot.app.screen, PupilFile) and screen.section(7).has_focus

    run(make_app(demo_db), scenario)
    assert [t.review for t in meetings.targets_to_review(demo_db, upn, TERM)] == \
        ["achieved", "partly", "not"]
    reading, writing = (attainment.get_attainment(demo_db, upn, s, TERM)
                        for s in ("Reading", "Writing"))
    assert (reading.step, writing.step) == (Step.parse("5b"), Step.parse("4w"))
    assert (writing.override, writing.override_reason) == (Rag.AMBER, "slow")
    assert [s.text for s in meetings.next_steps(demo_db, upn, TERM)] == ["tables"]
    assert meetings.get_meeting(demo_db, upn, TERM).judgement == 2


def test_a_burst_from_the_grid_opens_the_file_and_keys_the_step(demo_db, make_app, run):
    """⏎ on a pupil and the keys after it, in one read: none may fall into the grid below."""
    row = next(i for i, p in enumerate(pupils.list_pupils(demo_db, "5W"))
               if attainment.get_attainment(demo_db, p.upn, "Reading", TERM).step is None)
    upn = pupils.list_pupils(demo_db, "5W")[row].upn

    async def scenario(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press(*["down"] * row)
        burst(pilot, "enter", "2", "enter", "4", "s", "enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, PupilFile) and screen.section(2).current == "Writing"
        await pilot.press("escape")
        assert pilot.app.screen.query_one(ClassTable).editing is None  # nothing typed below

    run(make_app(demo_db), scenario)
    assert attainment.get_attainment(demo_db, upn, "Reading", TERM).step == Step.parse("4s")


def test_the_override_form_names_a_red_suggestion(demo_db, scheme, make_app, run):
    red = next((record.pupil.upn, status.subject)
               for record in records.class_records(demo_db, "5W", TERM)
               for status in summarise(record, scheme).subjects
               if status.suggested is Rag.RED and status.step is not None)
    upn, subject = red

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        await pilot.press("2")
        while screen.section(2).current != subject:
            await pilot.press("down")
        await pilot.press("o")
        form = pilot.app.screen
        assert isinstance(form, OverrideForm)
        assert f"Override {subject} progress (suggested: Red)" in str(
            form.query_one(".title").render())

    run(make_app(demo_db), scenario)


def test_reviews_take_one_key_each(demo_db, make_app, run):
    upn = fresh_pupil(demo_db)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        await pilot.press("n", "s", "a")
        assert "3/3 reviewed" in shown(screen, 1) and "✗ not achieved" in shown(screen, 1)

    run(make_app(demo_db), scenario)
    assert [t.review for t in meetings.targets_to_review(demo_db, upn, TERM)] == \
        ["not", "partly", "achieved"]


def test_a_teacher_cannot_lower_a_target_but_a_senior_leader_can(demo_db, make_app, run):
    """The refusal comes as the step is typed, before the reason is asked; the picker offers
    this year's target and later ones only."""
    upn = next(p.upn for p in pupils.list_pupils(demo_db, "5W")
               if all(s.fft is None for s in targets.starting_points(demo_db, p.upn)))
    year5 = targets.get_target(demo_db, upn, "Reading", 5)
    lower = str(year5.step - 1)

    async def teacher_tries(pilot: Pilot) -> None:
        await open_file(pilot, demo_db, upn)
        await pilot.press("2", "t")
        picker = pilot.app.screen
        assert isinstance(picker, ChoiceForm)
        assert [label for _, label, _ in picker.options] == [
            f"Y{t.year_group}: {t.step}" for t in targets.pupil_targets(demo_db, upn)
            if t.subject == "Reading" and t.year_group >= 5]
        await pilot.press("1")  # Year 5, this year
        await type_text(pilot, lower)
        await pilot.press("enter")
        form = pilot.app.screen
        assert isinstance(form, TextForm) and "Why?" not in form.title_text
        assert "only a senior leader may lower a target" in str(form.query_one("#hint").render())

    run(make_app(demo_db), teacher_tries)
    assert targets.get_target(demo_db, upn, "Reading", 5).step == year5.step

    async def leader_lowers(pilot: Pilot) -> None:
        await open_file(pilot, demo_db, upn)
        await pilot.press("2", "t", "1")
        await type_text(pilot, lower)
        await pilot.press("enter")
        await type_text(pilot, "long illness this year")
        await pilot.press("enter")

    run(make_app(demo_db, "MG"), leader_lowers)
    assert str(targets.get_target(demo_db, upn, "Reading", 5).step) == lower
    latest = targets.target_history(demo_db, upn, "Reading")[0]
    assert (latest.who, latest.why) == ("MG", "long illness this year")


def test_attitude_colours_values_and_an_impossible_attendance(demo_db, make_app, run):
    upn = fresh_pupil(demo_db)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        await pilot.press("4", "enter")
        await type_text(pilot, "105")
        await pilot.press("enter")
        assert "105% is impossible" in str(pilot.app.screen.query_one("#hint").render())
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "96.5")
        await pilot.press("enter")
        assert "96.5%" in shown(screen, 4)
        await pilot.press("down", "r")  # Behaviour, then on to Attitude to learning
        assert "G: Always tries hard" in shown(screen, 4)  # the descriptors follow the cursor

    run(make_app(demo_db), scenario)
    assert attitude.get_attitude(demo_db, upn, TERM, "attendance").value == 96.5
    assert attitude.get_attitude(demo_db, upn, TERM, "attendance").colour is Rag.GREEN
    assert attitude.get_attitude(demo_db, upn, TERM, "behaviour").colour is Rag.RED


def test_next_steps_are_added_edited_and_removed(demo_db, make_app, run):
    upn = fresh_pupil(demo_db)

    async def scenario(pilot: Pilot) -> None:
        await open_file(pilot, demo_db, upn)
        await pilot.press("5", "plus", "tab", "tab")  # Maths
        await pilot.press("down", "enter")  # the first criterion suggested for the pupil's stage
        await pilot.press("plus")  # the subject stays Maths
        await type_text(pilot, "Recall times tables")
        await pilot.press("enter", "enter", "ctrl+a", "ctrl+k")  # edit the new one
        await type_text(pilot, "Recall times tables to 12 x 12")
        await pilot.press("enter", "up", "delete")  # and remove the first

    run(make_app(demo_db), scenario)
    [left] = meetings.next_steps(demo_db, upn, TERM)
    assert (left.subject, left.text) == ("Maths", "Recall times tables to 12 x 12")


def test_signing_needs_the_meeting_done_and_a_later_edit_amends(demo_db, make_app, run, notes):
    upn = fresh_pupil(demo_db)
    app = make_app(demo_db)
    said = notes(app)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        await pilot.press("ctrl+s")
        assert any(m.startswith("Before signing: ") for m in said)
        await pilot.press("a", "a", "a", "5", "plus")
        await type_text(pilot, "Read aloud")
        await pilot.press("enter", "7", "j", "o")
        for subject in ("Reading", "Writing", "Maths", "Science"):
            if attainment.get_attainment(demo_db, upn, subject, TERM).step is None:
                attainment.set_step(demo_db, app.user, upn, subject, TERM, Step.parse("5b"))
        screen.reload()
        await pilot.press("ctrl+s", "ctrl+s")
        assert meetings.get_meeting(demo_db, upn, TERM).state == "signed"
        await pilot.press("7", "j", "g")
        assert "amended after signing" in shown(screen, 7)

    run(app, scenario)
    meeting = meetings.get_meeting(demo_db, upn, TERM)
    assert meeting.state == "amended" and meeting.judgement == 2


def test_ctrl_n_and_ctrl_p_page_through_the_class(demo_db, make_app, run):
    upns = [p.upn for p in pupils.list_pupils(demo_db, "5W")]

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upns[0])
        await pilot.press("ctrl+n", "ctrl+n")
        assert screen.upn == upns[2]
        await pilot.press("ctrl+p", "ctrl+p", "ctrl+p")
        assert screen.upn == upns[-1]
        name = pupils.get_pupil(demo_db, upns[-1]).display_name
        assert name in str(screen.query_one("#title").render())
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, PupilFile)

    run(make_app(demo_db), scenario)


def test_ctrl_z_undoes_the_last_edit_and_the_screen_follows(demo_db, make_app, run):
    upn = fresh_pupil(demo_db)
    before = attainment.get_attainment(demo_db, upn, "Reading", TERM).step

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        await pilot.press("2", "enter")
        await type_text(pilot, "6b")
        await pilot.press("enter")
        assert "Reading    6b" in shown(screen, 2)
        await pilot.press("ctrl+z", "ctrl+z")  # the meeting mark, then the step
        assert "Reading    6b" not in shown(screen, 2)

    run(make_app(demo_db), scenario)
    assert attainment.get_attainment(demo_db, upn, "Reading", TERM).step == before


def test_p_prints_the_profile_in_a_worker(demo_db, scheme, today, tmp_path: Path, run, notes):
    upn = fresh_pupil(demo_db)
    printing = replace(scheme.printing, folder=str(tmp_path))
    app = build_app(demo_db, replace(scheme, printing=printing),
                    pupils.get_staff(demo_db, "KW"), today)
    said = notes(app)

    async def scenario(pilot: Pilot) -> None:
        await open_file(pilot, demo_db, upn)
        await pilot.press("p")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    run(app, scenario)
    [pdf] = tmp_path.glob("*.pdf")
    assert pdf.name.startswith("5W ") and any(str(pdf) in m for m in said)


def test_a_picked_suggestion_is_stored_as_the_criterion_it_carries(demo_db, make_app, run):
    """Options carry their criterion, not a string to split: a "mostly" one is stored as the
    criterion's own words and code."""
    from amtui.datafiles import load_criteria_bank
    from amtui.store import criteria_marks

    upn, stage, number = next(
        (p.upn, 5, lines[0]) for p in pupils.list_pupils(demo_db, "5W")
        if (lines := criteria_marks.line_criteria(demo_db, p.upn, "Maths", 5, 2026))
        and attainment.get_attainment(demo_db, p.upn, "Maths", TERM).step is not None
        and attainment.get_attainment(demo_db, p.upn, "Maths", TERM).step.stage == 5)
    first = next(c for c in load_criteria_bank().for_stage("Maths", stage) if c.number == number)
    before = {s.id for s in meetings.next_steps(demo_db, upn, TERM)}

    async def scenario(pilot: Pilot) -> None:
        await open_file(pilot, demo_db, upn)
        await pilot.press("5", "plus")
        while "Maths" not in str(pilot.app.screen.query_one("#subject").render()):
            await pilot.press("tab")
        await pilot.press("down", "enter")

    run(make_app(demo_db), scenario)
    [added] = [s for s in meetings.next_steps(demo_db, upn, TERM) if s.id not in before]
    assert (added.subject, added.text, added.criterion) == ("Maths", first.text, first.code)
