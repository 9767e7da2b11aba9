"""The basic-skills week (B from the class grid): the class's pupils with this week's score keyed
down a column, their level, the weeks before coloured by the scheme's bands, and a flag when the
consecutive-green-weeks rule says a pupil may move on (`u` moves them up a level at once)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from textual import on
from textual.binding import Binding

from amtui.core.basic_skills import (
    WEEKS,
    LevelChange,
    WeekScore,
    first_level,
    level_at,
    next_level,
    parse_score,
    school_week,
    scores_at,
)
from amtui.core.colours import Rag, basic_skills_colour, green_run, may_move_on
from amtui.core.progress import PupilSummary, summarise
from amtui.core.scheme import Scheme
from amtui.core.terms import Term, year_label
from amtui.screens.grid_screen import GridScreen
from amtui.store import access, basic_skills, records
from amtui.widgets.class_table import ClassTable
from amtui.widgets.grid_cells import Detail, Piece
from amtui.widgets.grid_columns import WIDE, Column, MarkerColumn, NameColumn, layout, place
from amtui.widgets.header import AppHeader
from amtui.widgets.key_bar import ALWAYS_SHOWN
from amtui.widgets.rag import NO_VALUE, RAG_STYLE

PAST_WIDTH = 6


@dataclass(frozen=True, slots=True)
class SkillsRow(PupilSummary):
    """A pupil's row: their level in the shown week, this school year's scores by week, the
    greens in a row at the level, and a move recorded from this week or the next."""

    level: str = ""
    week: int = 1
    scores: dict[int, WeekScore] = field(default_factory=dict)
    streak: int = 0
    ready: bool = False
    moved_to: str | None = None


def skills_row(summary: PupilSummary, scores: list[WeekScore], changes: list[LevelChange],
               school_year: int, week: int, scheme: Scheme) -> SkillsRow:
    """The row for `week` of `school_year` from the pupil's whole history."""
    maths = next((s.step for s in summary.subjects if s.subject == "Maths"), None)
    start = first_level(maths.stage if maths else None)
    level = level_at(scores, changes, school_year, week, start)
    at_level = scores_at(scores, level, school_year, week)
    moved = [c.level for c in changes
             if c.school_year == school_year and week <= c.week <= week + 1]
    return SkillsRow(summary.record, summary.subjects, summary.attitude, summary.state,
                     summary.missing, summary.off_track, level=level, week=week,
                     scores={s.week: s for s in scores if s.school_year == school_year},
                     streak=green_run(at_level, scheme), ready=may_move_on(at_level, scheme),
                     moved_to=moved[-1] if moved else None)


def _row(summary: PupilSummary) -> SkillsRow:
    if not isinstance(summary, SkillsRow):
        raise TypeError("a basic-skills column draws SkillsRows")
    return summary


def score_piece(score: WeekScore | None, scheme: Scheme) -> list[Piece]:
    if score is None:
        return [(NO_VALUE, "dim")]
    rag = basic_skills_colour(score.score, scheme)
    return [(f"{score.score:>2} {rag.letter(scheme)} ", RAG_STYLE[rag])]


class ScoreColumn(Column):
    """This week's score: type a number and ⏎ (the cursor moves down); ⌫ clears it."""

    clearable = True
    KEYS = "type the score and ⏎ (moves down) · ⌫ clears it · u moves the pupil up a level"

    def starts_typing(self, character: str) -> bool:
        return character.isdigit()

    def pieces(self, summary: PupilSummary, scheme: Scheme, detail: Detail,
               cursor: bool) -> list[Piece]:
        row = _row(summary)
        return score_piece(row.scores.get(row.week), scheme)

    def version(self, summary: PupilSummary) -> int:
        row = _row(summary)
        score = row.scores.get(row.week)
        return score.version if score else 0

    def explain(self, summary: PupilSummary, scheme: Scheme, term: Term, short: bool) -> str:
        row, out_of = _row(summary), scheme.basic_skills.out_of
        score = row.scores.get(row.week)
        got = f"{score.score} of {out_of}" if score else "no score yet"
        return f"{row.record.pupil.display_name} · week {row.week} ({row.level}): {got} · " \
               f"{self.KEYS}"


class LevelColumn(Column):
    """The pupil's level in the shown week (read only: `u` moves them up)."""

    def pieces(self, summary: PupilSummary, scheme: Scheme, detail: Detail,
               cursor: bool) -> list[Piece]:
        return [(_row(summary).level, "plain")]

    def explain(self, summary: PupilSummary, scheme: Scheme, term: Term, short: bool) -> str:
        row = _row(summary)
        return f"{row.level} · u moves {row.record.pupil.forename} on to " \
               f"{next_level(row.moved_to or row.level)}"


class PastColumn(Column):
    """A week before the shown one (`key` is how many weeks before)."""

    def pieces(self, summary: PupilSummary, scheme: Scheme, detail: Detail,
               cursor: bool) -> list[Piece]:
        row = _row(summary)
        return score_piece(row.scores.get(row.week - int(self.key)), scheme)

    def explain(self, summary: PupilSummary, scheme: Scheme, term: Term, short: bool) -> str:
        row = _row(summary)
        score = row.scores.get(row.week - int(self.key))
        if score is None:
            return f"week {row.week - int(self.key)}: no score · [ goes back a week to enter it"
        return f"week {score.week}: {score.score} of {scheme.basic_skills.out_of} at {score.level}"


class ReadyColumn(Column):
    """`ready to move on` when the rule says so; the move once recorded; else the run so far."""

    def pieces(self, summary: PupilSummary, scheme: Scheme, detail: Detail,
               cursor: bool) -> list[Piece]:
        row = _row(summary)
        if row.moved_to is not None:
            return [("↑ " + row.moved_to, "bold")]
        if row.ready:
            return [("ready to move on", RAG_STYLE[Rag.GREEN])]
        return [(f"{row.streak} of {scheme.basic_skills.green_weeks_to_move_on} green", "dim")]

    def explain(self, summary: PupilSummary, scheme: Scheme, term: Term, short: bool) -> str:
        row, need = _row(summary), scheme.basic_skills.green_weeks_to_move_on
        return (f"{row.streak} green week(s) in a row at {row.level} — {need} in a row to move "
                "on · u moves the pupil up a level")


def skills_layout(week: int, scheme: Scheme, width: int) -> tuple[Detail, list[Column]]:
    """The columns for `width` cells: as many earlier weeks as fit (three at least)."""
    def columns(scheme: Scheme, detail: Detail, width: int) -> list[Column]:
        name = detail.name + (6 if width >= WIDE else 0)
        fixed = [MarkerColumn("", "", 1), NameColumn("", "Pupil", name),
                 ScoreColumn("", f"Wk {week}", 7), LevelColumn("", "Level", 20)]
        room = width - sum(c.width for c in fixed) - 18
        past = [PastColumn(str(back), f"Wk {week - back}", PAST_WIDTH)
                for back in range(1, min(week - 1, max(3, min(8, room // PAST_WIDTH))) + 1)]
        return place([*fixed, *past, ReadyColumn("", "Move on", 18)])
    return layout(scheme, width, columns)


class BasicSkillsScreen(GridScreen):
    """One row per pupil of the app's class, for one week's basic-skills test."""

    CSS_PATH = "basic_skills.tcss"
    HELP_TITLE = "Basic skills"
    TYPING_HELP = (
        ("22 ⏎ (or ↓)", "in this week's column: store the score, move down"),
        ("⎋", "cancel what you are typing"),
    )
    BINDINGS = [
        Binding("u", "move_on", "Up a level"),
        Binding("left_square_bracket", "week(-1)", "Previous week"),
        Binding("right_square_bracket", "week(1)", "Next week"),
        Binding("escape", "back", "Grid", group=ALWAYS_SHOWN),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, SkillsRow] = {}
        self.summaries: dict[str, PupilSummary] = {}
        self.school_year, self.week = 0, 1

    def make_table(self) -> ClassTable:
        self.school_year, self.week = school_week(self.amtui.today, self.amtui.scheme)
        return ClassTable(self.amtui.scheme, layout=partial(skills_layout, self.week), id="grid")

    def on_mount(self) -> None:
        self.reload()
        self.table.move_to_column(ScoreColumn)
        self.set_focus(self.table)

    # ---- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        app = self.amtui
        with records.snapshot(app.db):
            found = records.class_records(app.db, app.class_name, app.term, viewer=app.user,
                                          scheme=app.scheme)
            self.summaries = {r.pupil.upn: summarise(r, app.scheme) for r in found}
            histories = basic_skills.class_histories(app.db, app.class_name)
        self.rows = {upn: skills_row(summary, *histories.get(upn, ([], [])), self.school_year,
                                     self.week, app.scheme)
                     for upn, summary in self.summaries.items()}
        self.view_only = self.table.view_only = access.class_refusal(app.db, app.user,
                                                                     app.class_name)
        self._header()
        self.table.show(list(self.rows.values()),
                        empty_text=f"No pupils in {app.class_name or 'this school'} yet")

    def _header(self) -> None:
        app = self.amtui
        header = self.query_one(AppHeader)
        header.set_title(app.title_line())
        ready = sum(row.ready and row.moved_to is None for row in self.rows.values())
        parts = [f"Basic skills · {app.class_name or 'no class'}",
                 f"week {self.week} of {year_label(self.school_year)}",
                 f"{len(self.rows)} pupils", f"{ready} ready to move on"]
        header.set_detail(" · ".join(parts + (["view only"] if self.view_only else [])))

    def _reload_row(self, upn: str) -> None:
        """Re-read one pupil after an edit; only their line is redrawn."""
        app = self.amtui
        with records.snapshot(app.db):
            row = skills_row(self.summaries[upn], basic_skills.history_of(app.db, upn),
                             basic_skills.level_changes(app.db, upn), self.school_year,
                             self.week, app.scheme)
        self.rows[upn] = row
        self.table.update_row(row)
        self._header()

    # ---- storing ----------------------------------------------------------------------------

    @on(ClassTable.EditSubmitted)
    def _edit_submitted(self, event: ClassTable.EditSubmitted) -> None:
        app, row, column = self.amtui, self.rows[event.upn], event.column
        if not isinstance(column, ScoreColumn):
            return

        def write() -> None:
            basic_skills.set_score(app.db, app.user, event.upn, self.school_year, self.week,
                                   row.level, parse_score(event.text, app.scheme),
                                   seen=column.version(row), scheme=app.scheme)

        self.save(write, refused=lambda _: self.table.reopen(event.upn, column, event.text),
                  reload=lambda: self._reload_row(event.upn))

    @on(ClassTable.ClearRequested)
    def _clear_requested(self, event: ClassTable.ClearRequested) -> None:
        app, row, column = self.amtui, self.rows[event.upn], event.column
        if isinstance(column, ScoreColumn):
            self.save(lambda: basic_skills.clear_score(
                app.db, app.user, event.upn, self.school_year, self.week,
                seen=column.version(row)), reload=lambda: self._reload_row(event.upn))

    def action_move_on(self) -> None:
        """Move the pupil under the cursor up a level: from next week if they have sat this
        week's test, else from this week."""
        upn = self.table.cursor_upn
        if upn is None:
            return
        app, row = self.amtui, self.rows[upn]
        week = self.week + 1 if row.week in row.scores else self.week
        if week > WEEKS:
            self.say("the school year has no more weeks — move the pupil on next year",
                     error=True)
            return
        new = next_level(row.moved_to or row.level)
        if self.save(lambda: basic_skills.move_on(app.db, app.user, upn, self.school_year, week,
                                                  new), reload=lambda: self._reload_row(upn)):
            self.say(f"{row.record.pupil.display_name} moves on to {new} from week {week}")

    def action_week(self, step: int) -> None:
        week = max(1, min(WEEKS, self.week + step))
        if week == self.week:
            self.say(f"week {week} is the {'first' if step < 0 else 'last'} of the school year")
            return
        self.week = week
        self.table.set_layout(partial(skills_layout, week))
        self.reload()
        self.table.move_to_column(ScoreColumn)

    def action_back(self) -> None:
        self.dismiss()

