"""The criteria marking sheet: a class's pupils against the criteria of one stage in a subject,
marked down a column (`.` `/` `x`, space or ⌫ blanks) for the app's half-term. Each key is
stored at once; the sheet shows each pupil's best mark this year, so a weaker later mark never
lowers it. Teachers of other classes may only look."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static

from amtui.core.conversion import Criterion
from amtui.core.criteria import Mark
from amtui.core.marking import band_text, crosses
from amtui.core.progress import PupilSummary, summarise
from amtui.core.terms import Term
from amtui.screens.grid_screen import GridScreen
from amtui.screens.pickers import Choice, Picker
from amtui.screens.printing import Job, PrintDone, Progress, start_printing
from amtui.store import access, criteria_banks, criteria_marks, records
from amtui.widgets.class_table import ClassTable
from amtui.widgets.header import AppHeader
from amtui.widgets.key_bar import ALWAYS_SHOWN
from amtui.widgets.marking_columns import (
    CriterionColumn,
    MarkingTable,
    MarkRow,
    marking_layout,
)

if TYPE_CHECKING:
    from amtui.core.scheme import Scheme
    from amtui.report.printing import PrintResult
    from amtui.screens.base import AmtuiScreen

LEGEND = ". dot  / line  x cross"


def sheet_job(class_name: str, subject: str, stage: int, term: Term) -> Job:
    """The class's sheet on one page, into the print folder (and to the printer, if any)."""

    def job(db: Any, scheme: Scheme, folder: Path | None, progress: Progress) -> PrintResult:
        from datetime import date

        from amtui.report.marking_sheet import write_sheet
        from amtui.report.printing import PrintResult, output_folder, send_to_printer

        out = write_sheet(db, scheme, class_name, subject, stage, term,
                          folder or output_folder(scheme), date.today())
        return PrintResult([out], send_to_printer([out], scheme))

    return job


def subject_keys(subjects: list[str]) -> list[str]:
    """One key per subject: its initial when the initials differ, else 1, 2, 3 …"""
    initials = [subject[0].lower() for subject in subjects]
    if len(set(initials)) == len(initials):
        return initials
    return [str(i) for i in range(1, len(subjects) + 1)]


async def open_marking_sheet(screen: AmtuiScreen) -> None:
    """`M` in the class grid: pick a core subject that has criteria sheets (one key each, when
    there is more than one), then open its marking sheet for the app's class."""
    app = screen.amtui
    subjects = [s for s in app.scheme.core_subjects
                if criteria_banks.stages_with_criteria(app.db, s)]
    if not subjects:
        screen.say("No core subject has a criteria sheet — import one (amtui import criteria)",
                   error=True)
        return
    subject: str | None = subjects[0]
    if len(subjects) > 1:
        choices = [Choice(s, s, key) for s, key in zip(subjects, subject_keys(subjects),
                                                       strict=True)]
        subject = await screen.ask(Picker("Marking sheet: which subject?", choices))
    if subject is not None:
        await app.push_screen(MarkingSheet(subject))


class MarkingSheet(GridScreen):
    """One row per pupil of the app's class, one column per criterion of the stage."""

    CSS_PATH = "marking_sheet.tcss"
    HELP_TITLE = "Marking sheet"
    BINDINGS = [
        Binding("full_stop", "mark('.')", "Dot"),
        Binding("slash", "mark('/')", "Line"),
        Binding("x", "mark('x')", "Cross"),
        Binding("space", "mark(' ')", "Blank"),
        Binding("s", "pick_stage", "Stage"),
        Binding("p", "print_sheet", "Print"),
        Binding("escape", "back", "Grid", group=ALWAYS_SHOWN),
    ]

    def __init__(self, subject: str, stage: int | None = None) -> None:
        super().__init__()
        self.subject = subject
        self.stage = stage
        self.criteria: list[Criterion] = []
        self.rows: dict[str, MarkRow] = {}
        self.printing = False

    def make_table(self) -> ClassTable:
        return MarkingTable(self.amtui.scheme, layout=marking_layout([]), id="grid")

    def under_table(self) -> Iterable[Widget]:
        yield Static(id="criterion", markup=False)

    def on_mount(self) -> None:
        self.reload()
        self.set_focus(self.table)

    # ---- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        app = self.amtui
        with records.snapshot(app.db):
            found = [summarise(record, app.scheme) for record in records.class_records(
                app.db, app.class_name, app.term, viewer=app.user, scheme=app.scheme)]
            if self.stage is None:
                self.stage = criteria_banks.class_stage(app.db, app.class_name, self.subject,
                                                        app.term)
            numbers = [c.number for c in self.criteria]
            self.criteria = criteria_banks.criteria_for(app.db, self.subject, self.stage or 0)
            self.rows = {s.record.pupil.upn: self._row(s) for s in found}
        self.view_only = self.table.view_only = access.class_refusal(app.db, app.user,
                                                                     app.class_name)
        if numbers != [c.number for c in self.criteria] or not numbers:
            self.table.set_layout(marking_layout([c.number for c in self.criteria]))
        self._header()
        empty = f"No pupils in {app.class_name or 'this school'} yet"
        self.table.show(list(self.rows.values()), empty_text=empty)

    def _row(self, summary: PupilSummary) -> MarkRow:
        app, stage = self.amtui, self.stage or 0
        upn, year = summary.record.pupil.upn, app.term.school_year
        by_term: dict[int, dict[int, Mark]] = {}
        versions: dict[int, int] = {}
        for stored in criteria_marks.term_marks(app.db, upn, self.subject, stage, year):
            by_term.setdefault(stored.number, {})[stored.half_term] = stored.mark
            if stored.half_term == app.term.half_term:
                versions[stored.number] = stored.version
        best = criteria_marks.current_marks(app.db, upn, self.subject, stage, year)
        count = crosses(best)
        return MarkRow(summary.record, summary.subjects, summary.attitude, summary.state,
                       summary.missing, summary.off_track, best=best, by_term=by_term,
                       versions=versions, crosses=count,
                       band=band_text(count, len(self.criteria), stage, app.scheme))

    def _reload_row(self, upn: str) -> None:
        """Re-read one pupil after a mark; only their line (and "have it") is redrawn."""
        app = self.amtui
        with records.snapshot(app.db):
            record = records.pupil_record(app.db, upn, app.term, viewer=app.user,
                                          scheme=app.scheme)
            self.rows[upn] = self._row(summarise(record, app.scheme))
        self.table.update_row(self.rows[upn])

    def _header(self) -> None:
        app = self.amtui
        header = self.query_one(AppHeader)
        header.set_title(app.title_line())
        parts = [self.subject, f"Stage {self.stage}" if self.stage is not None else "no stage",
                 app.class_name or "no class", app.term.code, f"{len(self.rows)} pupils",
                 LEGEND]
        header.set_detail(" · ".join(parts + (["view only"] if self.view_only else [])))

    # ---- marking ----------------------------------------------------------------------------

    def action_mark(self, key: str) -> None:
        """Store the mark for this half-term under the cursor, then move down the column."""
        table = self.table
        if table.cursor_upn is not None and isinstance(table.cursor_column, CriterionColumn):
            self._store(table.cursor_upn, table.cursor_column, Mark.from_key(key))

    @on(ClassTable.ClearRequested)
    def _clear_requested(self, event: ClassTable.ClearRequested) -> None:
        if isinstance(event.column, CriterionColumn):
            self._store(event.upn, event.column, Mark.BLANK)

    def _store(self, upn: str, column: CriterionColumn, mark: Mark) -> None:
        app, row = self.amtui, self.rows[upn]
        saved = self.save(lambda: criteria_marks.set_mark(
            app.db, app.user, upn, self.subject, self.stage or 0, column.number, app.term, mark,
            seen=column.version(row), scheme=app.scheme), reload=lambda: self._reload_row(upn))
        if saved:
            self.table.action_move(0, 1)

    @on(ClassTable.CursorMoved)
    def _show_criterion(self) -> None:
        column = self.table.cursor_column
        text = ""
        if isinstance(column, CriterionColumn):
            criterion = next(c for c in self.criteria if c.number == column.number)
            text = f"Criterion {criterion.number}: {criterion.code} {criterion.text}"
        self.query_one("#criterion", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action == "mark":
            return isinstance(self.table.cursor_column, CriterionColumn) \
                and self.table.cursor_upn is not None
        if action == "print_sheet":
            return None if self.printing or not self.rows else True
        return True

    def why_not(self, action: str) -> str:
        if action == "print_sheet" and self.printing:
            return "the sheet is being printed — it says when it is done"
        if action == "print_sheet":
            return "no pupils to print"
        return super().why_not(action)

    # ---- stage, printing, leaving -------------------------------------------------------------

    def action_pick_stage(self) -> None:
        """Another stage's criteria (one key each); looking is allowed to everyone."""
        stages = criteria_banks.stages_with_criteria(self.amtui.db, self.subject)
        choices = [Choice(f"Stage {s}", s, str(s) if s < 10 else "") for s in stages]
        self.app.push_screen(Picker(f"{self.subject}: which stage's criteria?", choices,
                                    current=self.stage), self._stage_chosen)

    def _stage_chosen(self, stage: int | None) -> None:
        if stage is not None and stage != self.stage:
            self.stage = stage
            self.reload()

    def action_print_sheet(self) -> None:
        app = self.amtui
        self.printing = True
        self.refresh_bindings()
        self.notify("Printing…", timeout=2)
        start_printing(self, sheet_job(app.class_name, self.subject, self.stage or 0, app.term),
                       f"{self.subject} marking sheet")

    def on_print_done(self, message: PrintDone) -> None:
        self.printing = False
        self.refresh_bindings()

    def action_back(self) -> None:
        self.dismiss()
