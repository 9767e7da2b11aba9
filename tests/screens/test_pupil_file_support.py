"""The pupil file's support section and interventions (issue 14): adding support offers a place
in a programme running now, a plan from the bank, or free text; the pupil's programmes show their
impact, as the store computes it, one line each."""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot

from pupil_helpers import TERM, fresh_pupil, open_file, section, status_line, type_text

from amtui.core.impact_words import signed
from amtui.core.programmes import BankProgramme, Intervention
from amtui.screens.pupil_file import PupilFile, rows
from amtui.screens.pupil_file.agreements import SupportSection
from amtui.screens.pupil_file.data import read_file
from amtui.screens.pupil_file.support_form import SupportForm
from amtui.store import impact, interventions, meetings, pupils

TODAY = date(2026, 11, 24)


def lines(screen: PupilFile) -> list[str]:
    return [str(row) for _, row in section(screen, SupportSection).rows]


def places_of(db, upn: str) -> list[tuple[int, date, date | None]]:
    return [(row["intervention_id"], date.fromisoformat(row["joined"]), row["left_on"])
            for row in db.query("SELECT * FROM intervention_pupils WHERE upn = ?", [upn])]


def test_a_running_programme_picked_gives_a_place_from_today(demo_db, make_app, run):
    upn = fresh_pupil(demo_db)
    app = make_app(demo_db)
    offers = rows.support_offers(read_file(app, upn), "learning")
    running = [o for o in offers if isinstance(o.choice, Intervention)]
    assert running and all(o.choice.place(upn) is None for o in running)
    assert [o.key for o in running] == [str(n) for n in range(1, len(running) + 1)]
    before = places_of(demo_db, upn)
    picked = running[0].choice

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        await pilot.press("6", "plus")
        assert isinstance(pilot.app.screen, SupportForm)
        await pilot.press("down", running[0].key)
        assert pilot.app.screen is screen
        joined = f"Intervention: {picked.name} (since T2) · 0/{picked.plan.per_week} sessions"
        assert joined in [line[:len(joined)] for line in lines(screen)]
        assert status_line(screen) == f"A place in {picked.name} from today"
        again = rows.support_offers(screen.data, "learning")
        assert picked.id not in [o.choice.id for o in again]  # not offered twice

    run(app, scenario)
    assert places_of(demo_db, upn) == [*before, (picked.id, TODAY, None)]
    assert interventions.get_intervention(demo_db, picked.id).place(upn).joined == TODAY


def test_a_bank_plan_picked_becomes_a_support_line_with_its_text(demo_db, make_app, run):
    upn = fresh_pupil(demo_db)
    app = make_app(demo_db)
    offer = next(o for o in rows.support_offers(read_file(app, upn), "learning")
                 if isinstance(o.choice, BankProgramme) and o.choice.plan.name == "Maths booster")
    assert offer.key.isalpha()
    before = places_of(demo_db, upn)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        await pilot.press("6", "plus", "down", offer.key)
        assert "Learning: Maths booster — Focussed teaching with a TA, 3 × 15 minutes a week" \
            in lines(screen)

    run(app, scenario)
    assert meetings.get_meeting(demo_db, upn, TERM).support == \
        ["Maths booster — Focussed teaching with a TA, 3 × 15 minutes a week"]
    assert places_of(demo_db, upn) == before  # a plan is a line, not a place


def test_attitude_support_offers_the_attitude_plans(demo_db, make_app, run):
    upn = fresh_pupil(demo_db)
    app = make_app(demo_db)
    offers = rows.support_offers(read_file(app, upn), "attitude")
    assert [(o.key, o.label) for o in offers] == \
        [("a", "bank: Soft start — A breakfast-club place and a job on arrival")]

    async def scenario(pilot: Pilot) -> None:
        await open_file(pilot, demo_db, upn)
        await pilot.press("6", "asterisk", "down", "a")

    run(app, scenario)
    assert meetings.get_meeting(demo_db, upn, TERM).attitude_support == \
        ["Soft start — A breakfast-club place and a job on arrival"]


def test_free_text_still_works_and_esc_cancels(demo_db, make_app, run):
    upn = fresh_pupil(demo_db)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        await pilot.press("6", "plus", "down", "escape")
        assert pilot.app.screen is screen
        await pilot.press("plus")
        await type_text(pilot, "Reading buddy")
        await pilot.press("enter")
        assert "Learning: Reading buddy" in lines(screen)

    run(make_app(demo_db), scenario)
    assert meetings.get_meeting(demo_db, upn, TERM).support == ["Reading buddy"]


def test_a_teacher_of_another_class_cannot_give_a_place(demo_db, make_app, run):
    upn = fresh_pupil(demo_db)
    other = pupils.get_class(demo_db, "6M").teacher
    before = places_of(demo_db, upn)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        await pilot.press("6", "plus", "down", "1")
        assert pilot.app.screen is screen  # refused before any form opens
        assert "only 5W's teacher" in status_line(screen)

    run(make_app(demo_db, other), scenario)
    assert places_of(demo_db, upn) == before
    assert meetings.get_meeting(demo_db, upn, TERM).support == []


def _expected(report: impact.ProgrammeReport, place: impact.PlaceImpact) -> str:
    gain, compared = place.gain, place.comparison
    assert gain is not None and gain.steps is not None and gain.expected is not None
    steps = "step" if abs(gain.steps) == 1 else "steps"
    line = (f"Intervention: {report.programme.name} (since T1) · {place.sessions.attended}/"
            f"{place.sessions.planned} sessions · {signed(gain.steps)} {steps} vs "
            f"{signed(gain.expected)} expected")
    if compared is not None and compared.against is not None:
        line += f" · {signed(compared.against)} vs not in it"
    if place.place.left is not None:
        line += f" · left {place.place.left:%d/%m}: {place.place.exit_reason}"
    return line


def test_each_programme_shows_the_impact_the_store_computes(demo_db, make_app, run, scheme):
    upn = next(p.upn for p in pupils.list_pupils(demo_db, "5W")
               if interventions.list_interventions(demo_db, upn=p.upn))
    places = impact.pupil_places(demo_db, scheme, TODAY, upn)
    assert places and all(p.sessions.planned > 0 for _, p in places)

    async def scenario(pilot: Pilot) -> None:
        screen = await open_file(pilot, demo_db, upn)
        shown = [line for line in lines(screen) if line.startswith("Intervention: ")]
        assert shown == [_expected(report, place) for report, place in places]

    run(make_app(demo_db), scenario)


def test_a_programme_left_says_when_and_why(demo_db, make_app, scheme):
    upn, programme = next((place.upn, p) for p in interventions.list_interventions(demo_db)
                          for place in p.places
                          if place.left is not None and p.name.endswith("(5W)"))
    data = read_file(make_app(demo_db), upn)
    [line] = [str(row) for key, row in rows.support_rows(data).rows
              if key == ("intervention", programme.id)]
    place = programme.place(upn)
    assert line.endswith(f" · left {place.left:%d/%m}: {place.exit_reason}")
    assert place.exit_reason.startswith("Back on track")
    assert programme.id not in [o.choice.id for o in rows.support_offers(data, "learning")]
