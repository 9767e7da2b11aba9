"""The comparison in the meeting: the pure rows (`views.compare`) on a constructed pupil, the
screen opened with `v` from the pupil file (each flag shown, the counts, the agreed judgement
recorded with one key and stored, Esc back), and how it looks at 120×40 and 80×24."""

from __future__ import annotations

from textual.pilot import Pilot

from pupil_helpers import TERM, burst, fresh_pupil, keys_of, open_file, settle

from amtui.app import AmtuiApp
from amtui.core.colours import Rag, View
from amtui.screens.help import key_sections
from amtui.screens.pupil_file import PupilFile
from amtui.screens.pupil_file.agreements import ClosingSection
from amtui.screens.pupil_file.comparison import ComparisonScreen, line
from amtui.screens.pupil_file.data import read_file
from amtui.screens.pupil_file.sections import SelfAssessmentSection
from amtui.screens.pupil_file.views import ViewRow, compare
from amtui.store import attitude, meetings, self_assessment
from amtui.store.db import Database

OUTSTANDING, GOOD = 3, 2


def constructed(app: AmtuiApp) -> tuple[str, dict[View, int]]:
    """A 5W pupil whose every view is set against evidence set here: effort Green (pupil
    Amber: lower), homework Amber (pupil Green: higher), targets achieved / partly / achieved
    (pupil met: agree, met: higher, partly: lower), every other colour as the evidence, overall
    Outstanding with no judgement agreed yet. Returns the UPN and the counts expected."""
    db, who = app.db, app.user
    upn = fresh_pupil(db)
    for area, colour in (("effort", Rag.GREEN), ("homework", Rag.AMBER)):
        seen = attitude.get_attitude(db, upn, TERM, area).version
        attitude.set_colour(db, who, upn, TERM, area, colour, seen=seen)
    due = meetings.targets_to_review(db, upn, TERM)
    for target, review in zip(due, ("achieved", "partly", "achieved"), strict=True):
        meetings.review_target(db, who, target.id, review, TERM, seen=target.version)
    summary = read_file(app, upn).summary
    same = {f"subject:{s.subject}": int(s.colour) for s in summary.subjects
            if s.colour is not None}
    same |= {f"area:{key}": int(colour) for key, colour in summary.attitude.items()
             if colour is not None and key not in ("effort", "homework")}
    ratings = {f"target:{due[0].id}": 2, f"target:{due[1].id}": 2, f"target:{due[2].id}": 1,
               "area:effort": int(Rag.AMBER), "area:homework": int(Rag.GREEN),
               "overall": OUTSTANDING}
    seen = self_assessment.get_self_assessment(db, upn, TERM).version
    self_assessment.save_self_assessment(db, who, upn, TERM, {**same, **ratings}, seen=seen,
                                         went_well="times tables", find_hard="fractions",
                                         want_to_be="a vet")
    return upn, {View.AGREE: len(same) + 1, View.PUPIL_HIGHER: 2, View.PUPIL_LOWER: 2}


# ---- the pure rows ------------------------------------------------------------------------

def test_every_row_is_flagged_against_the_evidence_in_meeting_order(demo_db, make_app):
    app = make_app(demo_db)
    upn, expected = constructed(app)
    comparison = compare(read_file(app, upn))
    rows = {row.key: row for row in comparison.rows}
    due = meetings.targets_to_review(demo_db, upn, TERM)
    assert [row.key for row in comparison.rows][-1] == "overall"
    assert (rows["area:effort"].pupil, rows["area:effort"].evidence,
            rows["area:effort"].view) == ("Amber", "Green", View.PUPIL_LOWER)
    assert rows["area:homework"].view is View.PUPIL_HIGHER
    targets = [rows[f"target:{t.id}"] for t in due]
    assert [(t.pupil, t.evidence, t.view) for t in targets] == [
        ("met", "achieved", View.AGREE), ("met", "partly", View.PUPIL_HIGHER),
        ("partly", "achieved", View.PUPIL_LOWER)]
    assert targets[0].name == f"Target: {due[0].text}"
    assert (rows["overall"].pupil, rows["overall"].evidence, rows["overall"].view) == (
        "Outstanding", "—", None)  # nothing agreed yet: not counted
    assert {view: comparison.count(view) for view in View} == expected
    assert comparison.counts == (f"agree {expected[View.AGREE]} · pupil higher 2 · "
                                 "pupil lower 2")


def test_a_row_the_pupil_did_not_rate_is_shown_but_not_counted(demo_db, make_app):
    app = make_app(demo_db)
    upn = fresh_pupil(demo_db)
    data = read_file(app, upn)
    rated = {key for key in data.own.ratings}
    comparison = compare(data)
    unrated = [row for row in comparison.rows if row.key not in rated]
    assert unrated, "the demo's pupil has not rated the targets to review"
    assert all(row.pupil == "—" and row.view is None for row in unrated)
    assert sum(comparison.count(view) for view in View) == sum(
        row.view is not None for row in comparison.rows if row.key in rated)


# ---- the screen ---------------------------------------------------------------------------

def test_v_opens_the_comparison_and_one_key_records_the_agreed_judgement(demo_db, make_app,
                                                                          run):
    app = make_app(demo_db)
    upn, expected = constructed(app)
    due = meetings.targets_to_review(demo_db, upn, TERM)

    async def scenario(pilot: Pilot) -> None:
        await open_file(pilot, demo_db, upn)
        file = pilot.app.screen
        assert any(("v", "Compare views") in part.rows for part in key_sections(file))  # help
        await pilot.press("v")
        screen = pilot.app.screen
        assert isinstance(screen, ComparisonScreen)
        title = str(screen.query_one("#title").render())
        assert (f"agree {expected[View.AGREE]} · pupil higher 2 · pupil lower 2") in title
        table = str(screen.query_one("#table").render())
        assert "= agree" in table
        assert "▲ pupil higher — challenge" in _line(table, "Homework")
        assert "▼ pupil lower — confirm" in _line(table, "Attitude to learning")
        assert "▲ pupil higher" in _line(table, f"Target: {due[1].text}"[:20])
        words = str(screen.query_one("#words").render())
        assert "What went well: times tables" in words and "I want to be: a vet" in words
        assert "o Outstanding" in str(screen.query_one("#agree").render())
        await pilot.press("g")
        assert "Agreed judgement: Good — stored" in str(screen.query_one("#status").render())
        assert meetings.get_meeting(demo_db, upn, TERM).judgement == GOOD
        title = str(screen.query_one("#title").render())
        assert "pupil higher 3" in title  # Outstanding against Good: to challenge
        assert "Good" in _line(str(screen.query_one("#table").render()), "Overall")
        await pilot.press("escape")
        file = pilot.app.screen
        assert isinstance(file, PupilFile)
        assert "pupil higher" in str(file.query_one(SelfAssessmentSection).render())
        closing = str(file.query_one(ClosingSection).render())
        assert "Judgement: Good (pupil said Outstanding)" in closing  # the file re-read it

    run(app, scenario)
    assert meetings.get_meeting(demo_db, upn, TERM).judgement == GOOD


def test_a_key_that_names_no_judgement_stores_nothing(demo_db, make_app, run):
    app = make_app(demo_db)
    upn, _ = constructed(app)

    async def scenario(pilot: Pilot) -> None:
        await open_file(pilot, demo_db, upn)
        await pilot.press("v", "x")
        assert isinstance(pilot.app.screen, ComparisonScreen)
        assert "x does nothing" in str(pilot.app.screen.query_one("#status").render())

    run(app, scenario)
    assert meetings.get_meeting(demo_db, upn, TERM).judgement is None


def test_enter_notes_where_views_differ_and_the_note_is_kept_with_the_meeting(
        demo_db, make_app, run):
    app = make_app(demo_db)
    upn, _ = constructed(app)

    async def scenario(pilot: Pilot) -> None:
        await open_file(pilot, demo_db, upn)
        await pilot.press("v")
        screen = pilot.app.screen
        assert "Where our views differ: — ⏎ to note it" in str(screen.query_one("#words").render())
        burst(pilot, "enter", *keys_of("Homework: pupil sees Green, 2 of 6 handed in"), "enter")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert "Where our views differ: Homework: pupil sees Green, 2 of 6 handed in" in str(
            screen.query_one("#words").render())
        await pilot.press("enter", "escape")  # opened, then cancelled: the note stays
        assert meetings.get_meeting(demo_db, upn, TERM).views_note.startswith("Homework")

    run(app, scenario)
    assert meetings.get_meeting(demo_db, upn, TERM).views_note == \
        "Homework: pupil sees Green, 2 of 6 handed in"


def test_the_help_the_pupil_had_is_shown_in_their_words(demo_db, make_app):
    app = make_app(demo_db)
    upn, _ = constructed(app)
    own = self_assessment.get_self_assessment(demo_db, upn, TERM)
    self_assessment.save_self_assessment(demo_db, app.user, upn, TERM,
                                         {**own.ratings, "support": 2}, seen=own.version)
    rows = {row.key: row for row in compare(read_file(app, upn)).rows}
    assert rows["support"].pupil == "It helped a lot" and rows["support"].view is None


def test_a_long_judgement_is_cut_short_so_the_columns_stay_in_line():
    short = line(ViewRow("overall", "Overall", "Good", "Good", View.AGREE)).plain
    long = line(ViewRow("overall", "Overall", "Requires improvement", "Good",
                        View.PUPIL_LOWER)).plain
    assert "Requires im…" in long
    assert long.index("Good") == short.rindex("Good")  # the evidence where it always is


def _line(table: str, start: str) -> str:
    return next(line for line in table.splitlines() if line.startswith(start))


# ---- the look -----------------------------------------------------------------------------

def _opener(db: Database):
    async def open_it(pilot: Pilot) -> None:
        upn, _ = constructed(pilot.app)  # type: ignore[arg-type]
        await open_file(pilot, db, upn)
        await pilot.press("v")

    return open_it


def test_comparison_120x40(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), run_before=_opener(demo_db))


def test_comparison_80x24(snap_compare, demo_db, make_app):
    assert snap_compare(make_app(demo_db), terminal_size=(80, 24), run_before=_opener(demo_db))
