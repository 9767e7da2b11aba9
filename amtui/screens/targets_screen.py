"""The targets screen (senior leaders): for the app's class, per core subject the starting point,
FFT estimate, aspirational target and this year's target, keyed down a column like the grid.
Everyone else may only look."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.binding import Binding

from amtui.core.models import LevelField, StartingPoint
from amtui.core.progress import PupilSummary, summarise
from amtui.screens.grid_screen import GridScreen
from amtui.store import access, records, targets
from amtui.widgets.class_table import ClassTable
from amtui.widgets.header import AppHeader
from amtui.widgets.key_bar import ALWAYS_SHOWN
from amtui.widgets.target_columns import (
    StartColumn,
    TargetColumn,
    TargetRow,
    target_layout,
    target_row,
)


def refusal(role: str) -> str | None:
    """Why someone in `role` may only look at targets (None: a senior leader may set them)."""
    if role == "slt":
        return None
    return (f"only a senior leader may {access.May.SET_STARTING_POINT.value} — you are signed "
            f"in as {access.ROLE_NAMES[role]}")


class TargetsScreen(GridScreen):
    """One row per pupil of the app's class; starting points, estimates and targets."""

    CSS_PATH = "targets_screen.tcss"
    HELP_TITLE = "Targets"
    TYPING_HELP = (
        ("2b+ ⏎ (or ↓)", "in a subject's start: store the starting point, the ladder follows"),
        ("2b+ Y4 ⏎", "the same, from another source (EYFS, KS1, KS2, Y4 …)"),
        ("5w ⏎", "in FFT or Asp: store the FFT estimate or aspirational target"),
        ("⎋", "cancel what you are typing"),
    )
    BINDINGS = [Binding("escape", "back", "Grid", group=ALWAYS_SHOWN)]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, TargetRow] = {}

    def make_table(self) -> ClassTable:
        return ClassTable(self.amtui.scheme, layout=target_layout, id="grid")

    def on_mount(self) -> None:
        self.reload()
        self.table.move_to_column(StartColumn)
        self.set_focus(self.table)

    # ---- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        app = self.amtui
        with records.snapshot(app.db):
            found = records.class_records(app.db, app.class_name, app.term, viewer=app.user,
                                          scheme=app.scheme)
            self.rows = {record.pupil.upn: self._row(record.pupil.upn, summarise(
                record, app.scheme)) for record in found}
        self.view_only = self.table.view_only = refusal(app.user.role)
        header = self.query_one(AppHeader)
        header.set_title(app.title_line())
        parts = [f"Targets · {app.class_name or 'no class'}", f"{len(self.rows)} pupils"]
        header.set_detail(" · ".join(parts + (["view only"] if self.view_only else [])))
        empty = f"No pupils in {app.class_name or 'this school'} yet"
        self.table.show(list(self.rows.values()), empty_text=empty)

    def _row(self, upn: str, summary: PupilSummary) -> TargetRow:
        db = self.amtui.db
        return target_row(summary, targets.starting_points(db, upn),
                          targets.pupil_targets(db, upn))

    def _reload_row(self, upn: str) -> None:
        """Re-read one pupil after an edit; only their line is redrawn."""
        app = self.amtui
        with records.snapshot(app.db):
            record = records.pupil_record(app.db, upn, app.term, viewer=app.user,
                                          scheme=app.scheme)
            self.rows[upn] = self._row(upn, summarise(record, app.scheme))
        self.table.update_row(self.rows[upn])

    # ---- storing: each column saves itself through this screen (a TargetWriter) -------------

    def starting_point(self, point: StartingPoint, end_year: int, seen: int) -> None:
        app = self.amtui
        targets.set_starting_point(app.db, app.user, point, app.scheme, end_year=end_year,
                                   seen=seen)

    def estimates(self, upn: str, subject: str, fft: LevelField | None,
                  aspirational: LevelField | None, seen: int) -> None:
        app = self.amtui
        targets.set_estimates(app.db, app.user, upn, subject, fft=fft, aspirational=aspirational,
                              seen=seen)

    def _save(self, upn: str, write: Callable[[], object],
              reopen: Callable[[], None] | None = None) -> None:
        """One cell's write; a refusal is shown where it was typed, and only this pupil's row
        is re-read."""
        def refused(_: str) -> None:
            if reopen is not None:
                reopen()
            self.table.refuse_edit()

        self.save(write, refused=refused, reload=lambda: self._reload_row(upn))

    @on(ClassTable.EditSubmitted)
    def _edit_submitted(self, event: ClassTable.EditSubmitted) -> None:
        row, column = self.rows[event.upn], event.column
        if isinstance(column, TargetColumn):
            self._save(event.upn, lambda: column.store(self, row, event.text, self.amtui.scheme),
                       reopen=lambda: self.table.reopen(event.upn, column, event.text))

    @on(ClassTable.ClearRequested)
    def _clear_requested(self, event: ClassTable.ClearRequested) -> None:
        row, column = self.rows[event.upn], event.column
        if isinstance(column, TargetColumn):
            self._save(event.upn, lambda: column.unset(self, row))

    def action_back(self) -> None:
        self.dismiss()
