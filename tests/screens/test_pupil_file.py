"""The pupil file's keyboard flows: what is stored and what is shown. (Keys in one burst against
the same keys typed slowly: test_bursts_pupil_file.py.)"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList

from pupil_helpers import TERM, fresh_pupil, open_file, section, shown, status_line, type_text

from amtui.app import make_app as build_app
from amtui.core.colours import Rag
from amtui.core.progress import summarise
from amtui.core.scale import Step
from amtui.screens.forms import ChoiceForm, OverrideForm, TextForm
from amtui.screens.pupil_file import PupilFile
from amtui.screens.pupil_file.agreements import ClosingSection, NextStepsSection, SupportSection
from amtui.screens.pupil_file.rows import descriptors
from amtui.screens.pupil_file.sections import AttainmentSection, AttitudeSection, ReviewSection
from amtui.store import attainment, attitude, meetings, pupils, records, self_assessment, targets
from amtui.widgets.key_bar import KeyBar


def test_a_step_typed_into_its_row_is_stored_and_its_numbers_shown(demo_db, make_app, run):
    upn = fresh_pupil(demo_db)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        await pilot.press("2", "enter")
        assert section(screen, AttainmentSection).editing == ""  # typed in the row, no form
        await type_text(pilot, "5b")
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, PupilFile)
        text = shown(screen, AttainmentSection)
        assert "Reading    5b" in text and "expected 4s" in text
        assert section(screen, AttainmentSection).current == "Writing"  # on to the next subject
        assert section(screen, AttainmentSection).editing is None

    run(make_app(demo_db), scenario)
    assert attainment.get_attainment(demo_db, upn, "Reading", TERM).step == Step.parse("5b")
    assert meetings.get_meeting(demo_db, upn, TERM).state == "in progress"


def test_an_invalid_step_stays_in_its_row_with_the_reason_until_fixed(demo_db, make_app, run):
    upn = fresh_pupil(demo_db)
    before = attainment.get_attainment(demo_db, upn, "Reading", TERM)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        attained = section(screen, AttainmentSection)
        await pilot.press("2", "enter")
        await type_text(pilot, "6x")
        await pilot.press("enter")
        reason = '"6x" is not a step — use 6b, 6b+'
        assert attained.editing == "6x" and attained.current == "Reading"
        assert reason in shown(screen, AttainmentSection) and reason in status_line(screen)
        assert attainment.get_attainment(demo_db, upn, "Reading", TERM) == before
        await pilot.press("backspace")
        await type_text(pilot, "b+")
        await pilot.press("enter")
        assert attained.editing is None and attained.current == "Writing"
        assert "To sign:" in status_line(screen)  # the refusal is gone with the fix

    run(make_app(demo_db), scenario)
    assert attainment.get_attainment(demo_db, upn, "Reading", TERM).step == Step.parse("6b+")


def test_esc_cancels_a_step_being_typed(demo_db, make_app, run):
    upn = fresh_pupil(demo_db)
    before = attainment.get_attainment(demo_db, upn, "Reading", TERM)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        await pilot.press("2", "enter", "6", "escape")
        assert section(screen, AttainmentSection).editing is None
        assert isinstance(pilot.app.screen, PupilFile)  # Esc closed the editor, not the file

    run(make_app(demo_db), scenario)
    assert attainment.get_attainment(demo_db, upn, "Reading", TERM) == before


def test_the_override_form_names_a_red_suggestion(demo_db, scheme, make_app, run):
    red = next((record.pupil.upn, status.subject)
               for record in records.class_records(demo_db, "5W", TERM)
               for status in summarise(record, scheme).subjects
               if status.suggested is Rag.RED and status.step is not None)
    upn, subject = red

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        await pilot.press("2")
        while section(screen, AttainmentSection).current != subject:
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
        assert "3/3 reviewed" in shown(screen, ReviewSection)
        marks = [str(row)[0] for _, row in section(screen, ReviewSection).rows]
        assert marks == ["✗", "◐", "✓"]

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


def test_attendance_is_typed_into_its_row_and_105_is_refused_there(demo_db, make_app, run):
    upn = fresh_pupil(demo_db)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        feelings = section(screen, AttitudeSection)
        await pilot.press("4", "enter")
        await type_text(pilot, "105")
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, PupilFile) and feelings.editing == "105"
        assert "105% is impossible" in shown(screen, AttitudeSection)
        assert "105% is impossible" in status_line(screen)
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "96.5")
        await pilot.press("enter")
        assert "96.5%" in shown(screen, AttitudeSection)
        assert feelings.current == "punctuality"  # ⏎ stores it and moves on, as for a step

    run(make_app(demo_db), scenario)
    stored = attitude.get_attitude(demo_db, upn, TERM, "attendance")
    assert (stored.value, stored.colour) == (96.5, Rag.GREEN)


def test_a_colour_keeps_the_cursor_on_its_area_so_c_comments_on_it(demo_db, make_app, run):
    """r/a/g used to move the cursor down, so the `c` after it commented the next area."""
    upn = fresh_pupil(demo_db)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        await pilot.press("4", "down", "down", "r")  # Behaviour
        assert section(screen, AttitudeSection).current == "behaviour"
        await pilot.press("c")
        form = pilot.app.screen
        assert isinstance(form, TextForm) and form.title_text == "Behaviour: comment"
        await type_text(pilot, "two red cards")
        await pilot.press("enter")
        key = str(descriptors(pilot.app.scheme, "behaviour"))  # type: ignore[attr-defined]
        assert shown(screen, AttitudeSection).startswith(f"4 Attitude  {key}")  # its grading key

    run(make_app(demo_db), scenario)
    behaviour = attitude.get_attitude(demo_db, upn, TERM, "behaviour")
    assert (behaviour.colour, behaviour.comment) == (Rag.RED, "two red cards")
    assert attitude.get_attitude(demo_db, upn, TERM, "effort").comment == ""


def test_a_key_that_does_nothing_says_so_and_why(demo_db, make_app, run):
    upn = fresh_pupil(demo_db)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        await pilot.press("4", "x")
        assert status_line(screen) == \
            "x does nothing in Attitude — ⏎ types the attendance % · c comments"
        await pilot.press("r")  # on Attendance, the colour follows from the figure
        assert status_line(screen) == \
            "Red: Attendance's colour follows from the attendance % — ⏎ types it"
        await pilot.press("down", "down", "x")
        assert status_line(screen) == \
            "x does nothing in Attitude — r, a or g set a colour · c comments"
        await pilot.press("3", "enter")
        assert status_line(screen).startswith("⏎ does nothing in Self-assessment — ")
        await pilot.press("5", "delete")
        assert status_line(screen) == "Remove: no next step agreed yet — + adds one"

    run(make_app(demo_db), scenario)


def test_next_steps_are_added_edited_and_removed(demo_db, make_app, run):
    upn = fresh_pupil(demo_db)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        await pilot.press("5", "plus", "tab", "tab")  # Maths
        await pilot.press("down", "enter")  # the first criterion suggested for the pupil's stage
        await pilot.press("plus")  # the subject stays Maths
        await type_text(pilot, "Recall times tables")
        await pilot.press("enter", "enter", "ctrl+a", "ctrl+k")  # edit the new one
        await type_text(pilot, "Recall times tables to 12 x 12")
        await pilot.press("enter", "up", "delete")  # and remove the first
        steps = section(screen, NextStepsSection)
        assert [str(row) for _, row in steps.rows] == \
            ["1. Maths      Recall times tables to 12 x 12"]
        assert status_line(screen) == "Next step removed — ctrl+z brings it back"

    run(make_app(demo_db), scenario)
    [left] = meetings.next_steps(demo_db, upn, TERM)
    assert (left.subject, left.text) == ("Maths", "Recall times tables to 12 x 12")


def test_a_removed_support_line_is_gone_from_the_screen_too(demo_db, make_app, run, notes):
    upn = fresh_pupil(demo_db)
    app = make_app(demo_db)
    said = notes(app)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        await pilot.press("6", "plus")
        await type_text(pilot, "Reading buddy")
        await pilot.press("enter", "asterisk")
        await type_text(pilot, "Homework club")
        await pilot.press("enter")
        support = section(screen, SupportSection)
        assert support.current == ("line", meetings.get_meeting(demo_db, upn, TERM).lines[-1].id)
        await pilot.press("delete")
        assert [str(row) for _, row in support.rows] == ["Learning: Reading buddy"]
        assert status_line(screen) == "Support line removed — ctrl+z brings it back"

    run(app, scenario)
    assert [line.text for line in meetings.get_meeting(demo_db, upn, TERM).lines] == \
        ["Reading buddy"]
    assert "Support line removed — ctrl+z brings it back" in said


def test_the_judgement_form_shows_its_title_and_keys(demo_db, scheme, make_app, run):
    upn = fresh_pupil(demo_db)
    said = scheme.judgements[self_assessment.get_self_assessment(demo_db, upn, TERM)
                             .ratings["overall"]]

    async def scenario(pilot: Pilot) -> None:
        await open_file(pilot, demo_db, upn)
        await pilot.press("7", "j")
        form = pilot.app.screen
        assert isinstance(form, ChoiceForm)
        title = str(form.query_one(".title").render())
        assert title == f"The agreed judgement (the pupil said {said})"
        listed = form.query_one(OptionList)
        options = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert options == ["i  Inadequate", "r  Requires improvement", "g  Good",
                           "o  Outstanding"]
        assert "press its key" in str(form.query_one(".hint").render())
        assert form.query_one(".title").region.height == 1  # on screen, not clipped away
        await pilot.press("g")

    run(make_app(demo_db), scenario)
    assert meetings.get_meeting(demo_db, upn, TERM).judgement == 2


def test_signing_needs_the_meeting_done_and_a_later_edit_amends(demo_db, make_app, run, notes):
    upn = fresh_pupil(demo_db)
    app = make_app(demo_db)
    said = notes(app)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        await pilot.press("ctrl+s")
        assert any(m.startswith("Before signing: ") for m in said)
        assert status_line(screen).startswith("Before signing: ")
        await pilot.press("a", "a", "a", "5", "plus")
        await type_text(pilot, "Read aloud")
        await pilot.press("enter", "7", "j", "o")
        assert status_line(screen) == "Ready to sign: ctrl+s"
        await pilot.press("ctrl+s", "ctrl+s")
        assert meetings.get_meeting(demo_db, upn, TERM).state == "signed"
        await pilot.press("7", "j", "g")
        assert "amended after signing" in shown(screen, ClosingSection)

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
        assert "Reading    6b" in shown(screen, AttainmentSection)
        await pilot.press("ctrl+z", "ctrl+z")  # the meeting mark, then the step
        assert "Reading    6b" not in shown(screen, AttainmentSection)

    run(make_app(demo_db), scenario)
    assert attainment.get_attainment(demo_db, upn, "Reading", TERM).step == before


def test_the_keys_that_finish_a_meeting_show_at_80_columns(demo_db, make_app, run):
    """The footer cuts the section's keys short, never ^s Sign, p Print or Esc Back; the
    line of what signing still needs is on screen above it."""
    upn = fresh_pupil(demo_db)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        for jump in "1234567":
            await pilot.press(jump)
            footer = str(screen.query_one(KeyBar).render())
            assert len(footer) == 80
            assert footer.endswith(" ^s Sign  p Print  esc Back  ? Keys  ^k palette ")
        status = screen.query_one("#status")
        assert status_line(screen).startswith("To sign: review 3 previous target(s)")
        assert status.region.y + status.region.height <= 23  # above the footer, on screen
        assert status.region.height == 1

    run(make_app(demo_db), scenario, size=(80, 24))


def test_a_view_only_file_opens_no_form_and_no_editor(demo_db, make_app, run, notes):
    group = next(c.name for c in pupils.list_classes(demo_db) if c.teacher != "KW")
    upn = pupils.list_pupils(demo_db, group)[0].upn
    app = make_app(demo_db)
    said = notes(app)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        for keys in (("2", "enter"), ("4", "c"), ("5", "plus"), ("7", "j"), ("2", "o", "t")):
            await pilot.press(*keys)
            assert pilot.app.screen is screen, keys  # no form opened
            assert section(screen, AttainmentSection).editing is None
            assert status_line(screen).startswith(("View only: ", "Override: ", "Target: "))

    run(app, scenario)
    assert any("a senior leader can give you access" in message for message in said)


def test_p_prints_the_profile_in_a_worker_and_says_where_it_was_saved(demo_db, scheme, today,
                                                                      tmp_path: Path, run,
                                                                      notes):
    upn = fresh_pupil(demo_db)
    printing = replace(scheme.printing, folder=str(tmp_path))
    app = build_app(demo_db, replace(scheme, printing=printing),
                    pupils.get_staff(demo_db, "KW"), today)
    said = notes(app)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        await pilot.press("p")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert not screen.printing  # p prints again

    run(app, scenario)
    [pdf] = tmp_path.glob("*.pdf")
    assert pdf.name.startswith("5W ")
    assert f"Saved as {pdf}" in said and not any("printer" in m for m in said)


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
