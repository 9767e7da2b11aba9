"""The class grid: a class's pupils for a half-term, keyed in one pass (type a step, it is stored
and the cursor moves down), with the cursor cell's colour worked out on the status line."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from importlib.util import find_spec
from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.reactive import reactive

from amtui.core.colours import Rag
from amtui.core.progress import PupilSummary, summarise
from amtui.core.scale import Level
from amtui.screens.grid_attitude import accept_suggestion, attitude_comment, attitude_layout
from amtui.screens.grid_screen import GridScreen
from amtui.screens.step_reason import save_with_reason
from amtui.store import access, attainment, attitude, history, records
from amtui.widgets.class_table import ClassTable
from amtui.widgets.grid_columns import AreaColumn, ColourColumn, NameColumn, layout
from amtui.widgets.header import AppHeader

if TYPE_CHECKING:
    from textual.binding import ActiveBinding

    from amtui.commands import PaletteCommand
    from amtui.screens.printing import PrintDone

SORTS = ("name", "worst colour")
TARGETS_KEY = "ctrl+g"  # the targets screen, for senior leaders


class ClassGrid(GridScreen):
    """One row per pupil: steps and colours per subject, attitude, meeting, what is missing."""

    CSS_PATH = "class_grid.tcss"
    HELP_TITLE = "Class grid"
    TYPING_HELP = (
        ("4s+ ⏎ (or ↓)", "in a subject: store the step for this half-term, move down"),
        ("4s+ ↑ ← →", "store it and move that way instead"),
        ("96.5 ⏎", "in Att%: store attendance (colour follows); in Late: the number of lates"),
        ("0 1 3 ⏎", "attitude view, Behaviour: purple, red, yellow incidents; the suggested "
                    "colour follows — ⏎ accepts it, r/a/g sets another"),
        ("⎋", "cancel what you are typing"),
        ("letters", "on the name column: jump to the pupil whose name starts so"),
        ("/", "from any column: go to the names to find a pupil"),
    )
    BINDINGS = [
        Binding("enter", "open_pupil", "Pupil file"),
        Binding("o", "toggle_off_track", "Off track"),
        Binding("n", "toggle_not_ready", "Not ready"),
        Binding("v", "switch_view", "Attitude"),
        Binding("m", "comment", "Comment"),
        Binding("s", "cycle_sort", "Sort"),
        Binding("t", "next_term", "Next term"),
        Binding("T", "previous_term", "Previous term", show=False),
        Binding("ctrl+t", "pick_term", "Pick half-term", show=False),
        Binding("c", "pick_class", "Class"),
        Binding("Y", "pick_year", "School year", show=False),  # y: a Yellow school's colour
        Binding("p", "print_class", "Print"),
        Binding("P", "pupil_mode", "Pupil mode: self-assessment", show=False),
        Binding("slash", "find_pupil", "Find pupil", show=False),
        Binding(TARGETS_KEY, "open_targets", "Targets"),
        Binding("i", "open_programmes", "Interventions", show=False),
        Binding("G", "progress_meeting", "Progress meeting", show=False),
        Binding("B", "basic_skills", "Basic skills", show=False),
        Binding("M", "marking_sheet", "Marking sheet", show=False),
        Binding("E", "enter_test", "Enter a half-term test", show=False),
    ]

    off_track_only: reactive[bool] = reactive(False, init=False)
    not_ready_only: reactive[bool] = reactive(False, init=False)
    attitude_view: reactive[bool] = reactive(False, init=False)
    sort_by: reactive[str] = reactive("name", init=False)

    def __init__(self) -> None:
        super().__init__()
        self.summaries: dict[str, PupilSummary] = {}
        self._seen_change = -1  # the newest history id shown; -1 until first loaded
        self._printing = False

    def on_mount(self) -> None:
        self.watch(self.app, "term", self._switched, init=False)
        self.watch(self.app, "class_name", self._class_switched, init=False)
        self.reload()
        self.set_focus(self.table)

    def on_screen_resume(self) -> None:
        if self._seen_change >= 0 and self._latest_change() != self._seen_change:
            self.reload()  # changed elsewhere (the pupil file, another user) while away

    # ---- loading ----------------------------------------------------------------------------

    def reload(self, *, keep_cursor: bool = True) -> None:
        app = self.amtui
        rows = records.class_records(app.db, app.class_name, app.term, viewer=app.user,
                                     scheme=app.scheme)
        self.table.view_only = access.class_refusal(app.db, app.user, app.class_name)
        self.summaries = {r.pupil.upn: summarise(r, app.scheme) for r in rows}
        self._seen_change = self._latest_change()
        self.query_one(AppHeader).set_title(app.title_line())
        self._show(keep_cursor=keep_cursor)

    def _latest_change(self) -> int:
        return history.latest_id(self.amtui.db)

    def _switched(self) -> None:
        self.reload()

    def _class_switched(self) -> None:
        self.reload(keep_cursor=False)

    def _show(self, *, keep_cursor: bool = True) -> None:
        rows = list(self.summaries.values())
        if self.off_track_only:
            rows = [row for row in rows if row.off_track]
        if self.not_ready_only:
            rows = [row for row in rows if row.missing]
        if self.sort_by == "worst colour":
            rows.sort(key=lambda row: 3 if row.worst is None else int(row.worst))
        if not self.summaries:
            empty = (f"No pupils in {self.amtui.class_name or 'this school'} yet — "
                     "import a roster (amtui import)")
        elif self.not_ready_only and not self.off_track_only:
            empty = "Every pupil is ready for the meeting — press n to show everyone"
        else:
            empty = "No pupil is off track — press o to show everyone"
        table = self.table
        if keep_cursor and rows and [row.record.pupil.upn for row in rows] == table.upns:
            for row in rows:  # same pupils in the same order: redraw only the rows that changed
                table.update_row(row)
        else:
            table.show(rows, empty_text=empty, keep_cursor=keep_cursor)
        self._update_header()

    def _update_header(self) -> None:
        app = self.amtui
        header = self.query_one(AppHeader)
        every = list(self.summaries.values())
        total = len(every)
        parts = [app.class_name or "no class", f"{total} pupils",
                 f"{sum(s.off_track for s in every)} off track",
                 f"{sum(s.state in ('signed', 'amended') for s in every)}/{total} meetings signed",
                 f"{sum(bool(s.missing) for s in every)} not ready"]
        if self.table.view_only is not None:
            parts.append("view only")
        if self.off_track_only:
            parts.append("showing off track only")
        if self.not_ready_only:
            parts.append("showing not ready only (n shows everyone)")
        if self.attitude_view:
            parts.append(f"attitude {app.term.code} (v: steps)")
        if self.sort_by != "name":
            parts.append(f"sorted by {self.sort_by}")
        header.set_detail(" · ".join(parts))

    def reload_row(self, upn: str) -> None:
        """Re-read one pupil after an edit; only their line is redrawn."""
        app = self.amtui
        record = records.pupil_record(app.db, upn, app.term, viewer=app.user, scheme=app.scheme)
        summary = summarise(record, app.scheme)
        self.summaries[upn] = summary
        self._seen_change = self._latest_change()
        self.table.update_row(summary)
        self._update_header()

    # ---- storing: each column saves itself through this screen (a CellWriter) ---------------

    def step(self, upn: str, subject: str, level: Level | None, seen: int,
             reason: str = "") -> None:
        app = self.amtui
        try:
            attainment.set_step(app.db, app.user, upn, subject, app.term, level, seen=seen,
                                reason=reason, scheme=app.scheme)
        except attainment.StepDiffers as differs:  # the sheet awards another: ask why
            self.run_worker(save_with_reason(self, differs, partial(
                self.step, upn, subject, level, seen)))

    def measure(self, upn: str, area: str, value: float | None, seen: int) -> None:
        app = self.amtui
        attitude.set_value(app.db, app.user, upn, app.term, area, value, app.scheme, seen=seen)

    def colour(self, upn: str, area: str, colour: Rag | None, seen: int) -> None:
        app = self.amtui
        attitude.set_colour(app.db, app.user, upn, app.term, area, colour, seen=seen)

    def incidents(self, upn: str, area: str, counts: tuple[int, int, int], seen: int) -> None:
        app = self.amtui
        attitude.set_incidents(app.db, app.user, upn, app.term, area, counts, seen=seen)

    def _save(self, upn: str, write: Callable[[], object],
              reopen: Callable[[], None] | None = None) -> None:
        """One cell's write; a refusal is shown where it was typed (`reopen` puts the typed
        text back in its cell first), and only this pupil's row is re-read."""
        def refused(_: str) -> None:
            if reopen is not None:
                reopen()
            self.table.refuse_edit()

        self.save(write, refused=refused, reload=lambda: self.reload_row(upn))

    @on(ClassTable.EditSubmitted)
    def _edit_submitted(self, event: ClassTable.EditSubmitted) -> None:
        summary, column = self.summaries[event.upn], event.column
        self._save(event.upn, lambda: column.save(self, summary, event.text, self.amtui.scheme),
                   reopen=lambda: self.table.reopen(event.upn, column, event.text))

    @on(ClassTable.ColourChosen)
    def _colour_chosen(self, event: ClassTable.ColourChosen) -> None:
        summary, column = self.summaries[event.upn], event.column
        if isinstance(column, ColourColumn):
            self._save(event.upn, lambda: column.set_colour(self, summary, event.colour))

    @on(ClassTable.ClearRequested)
    def _clear_requested(self, event: ClassTable.ClearRequested) -> None:
        summary, column = self.summaries[event.upn], event.column
        self._save(event.upn, lambda: column.clear(self, summary))

    # ---- view, navigation, switching ---------------------------------------------------------

    def action_toggle_off_track(self) -> None:
        self.off_track_only = not self.off_track_only

    def action_cycle_sort(self) -> None:
        self.sort_by = SORTS[(SORTS.index(self.sort_by) + 1) % len(SORTS)]

    def action_toggle_not_ready(self) -> None:
        self.not_ready_only = not self.not_ready_only

    def watch_off_track_only(self) -> None:
        self._show()

    def watch_not_ready_only(self) -> None:
        self._show()

    def watch_sort_by(self) -> None:
        self._show()

    def action_find_pupil(self) -> None:
        """`/`: to the name column, where letters jump to a pupil (⏎ then opens their file)."""
        self.table.move_to_column(NameColumn)  # the status line then says what to type

    def action_switch_view(self) -> None:
        self.attitude_view = not self.attitude_view

    def watch_attitude_view(self) -> None:
        self.table.set_layout(attitude_layout if self.attitude_view else layout)
        self._update_header()

    async def action_comment(self) -> None:
        await attitude_comment(self)

    def action_open_pupil(self) -> None:
        if accept_suggestion(self):
            return
        upn = self.table.cursor_upn
        if upn is not None:
            self.amtui.open_pupil(upn, self.table.upns)

    @on(ClassTable.OpenRequested)
    def _open_requested(self) -> None:
        self.action_open_pupil()

    def action_next_term(self) -> None:
        self.amtui.action_next_term()

    def action_previous_term(self) -> None:
        self.amtui.action_previous_term()

    def action_pick_term(self) -> None:
        self.amtui.action_pick_term()

    def action_pick_class(self) -> None:
        self.amtui.action_pick_class()

    def action_pick_year(self) -> None:
        self.amtui.action_pick_year()

    def action_open_targets(self) -> None:
        """The class's starting points and targets (senior leaders; others are told why not)."""
        from amtui.screens.targets_screen import TargetsScreen, refusal

        reason = refusal(self.amtui.user.role)
        if reason is not None:
            self.say(f"Targets: {reason}", error=True)
            return
        self.app.push_screen(TargetsScreen())

    def action_basic_skills(self) -> None:
        """This week's basic-skills scores for the class (B)."""
        from amtui.screens.basic_skills import BasicSkillsScreen

        self.app.push_screen(BasicSkillsScreen())

    def action_open_programmes(self) -> None:
        """The school's intervention programmes (teachers and senior leaders)."""
        from amtui.screens.programmes import open_programmes

        open_programmes(self.amtui)

    def action_progress_meeting(self) -> None:
        """The whole school's progress meeting (senior leaders; others are told why not)."""
        from amtui.screens.progress_meeting import open_progress_meeting

        open_progress_meeting(self.amtui)

    async def action_enter_test(self) -> None:
        """A half-term test for the class, question by question (picked or made first)."""
        from amtui.screens.test_entry import open_test_entry

        await open_test_entry(self)

    async def action_marking_sheet(self) -> None:
        """`M`: the class's criteria marking sheet (a subject key first, if several)."""
        from amtui.screens.marking_sheet import open_marking_sheet

        await open_marking_sheet(self)

    def key_unused(self, key: str, binding: ActiveBinding | None) -> None:
        """The targets key is hidden from all but senior leaders: say why it does nothing."""
        if key == TARGETS_KEY and binding is None:
            self.action_open_targets()
        else:
            super().key_unused(key, binding)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_targets":
            return self.amtui.user.role == "slt"  # hidden from everyone else
        if not self.is_mounted:
            return True
        if action == "find_pupil" and self.table.editing is not None:
            return False  # `/` is typed into the cell (incidents: 0/1/3)
        if action in ("open_pupil", "print_class") and not self.summaries:
            return None
        if action == "comment":
            return isinstance(self.table.cursor_column, AreaColumn) and self.attitude_view
        if action == "print_class" and self._printing:
            return None
        return True

    def palette_commands(self) -> list[PaletteCommand]:
        from amtui.commands import PaletteCommand

        return [
            PaletteCommand("Show all pupils" if self.off_track_only
                           else "Show off-track pupils only", "class grid (o)",
                           self.action_toggle_off_track),
            PaletteCommand("Show all pupils" if self.not_ready_only
                           else "Show pupils not ready for their meeting", "class grid (n)",
                           self.action_toggle_not_ready),
            PaletteCommand("Show steps" if self.attitude_view else "Show attitude",
                           "class grid: attainment ⇄ attitude (v)", self.action_switch_view),
            PaletteCommand("Sort by " + SORTS[(SORTS.index(self.sort_by) + 1) % len(SORTS)],
                           "class grid (s)", self.action_cycle_sort),
            PaletteCommand("Print the class", "pupil profiles as PDF (p)", self.action_print_class),
            PaletteCommand("Pupil mode", "the class's pupils fill in their self-assessment; a "
                           "member of staff signs in to leave it (P)", self.action_pupil_mode),
            PaletteCommand("Targets", "starting points, FFT estimates and aspirational targets "
                           f"({TARGETS_KEY})", self.action_open_targets),
            *self._export_commands(),
        ]

    def action_pupil_mode(self) -> None:
        """Hand the keyboard to the class's pupils for this half-term's self-assessment."""
        from amtui.core.errors import AmtuiError
        from amtui.screens.pupil_mode import start_pupil_mode

        try:
            start_pupil_mode(self.amtui, self.amtui.class_name, self.amtui.term)
        except AmtuiError as refused:
            self.say(str(refused), error=True)

    def _export_commands(self) -> list[PaletteCommand]:
        """The school's CSV exports, for those who may make them (senior leaders, admins)."""
        from amtui.commands import PaletteCommand
        from amtui.store.exports import EXPORTS

        if self.amtui.user.role not in ("slt", "admin"):
            return []
        return [PaletteCommand(f"Export {what} (CSV)", "the whole school, every year — in a "
                               "browser, a download", partial(self.export, what))
                for what in EXPORTS]

    def export(self, what: str) -> None:
        from amtui.screens.printing import export_job, start_printing

        start_printing(self, export_job(what, self.amtui.user, self.amtui.today),
                       f"{what.capitalize()} export")

    # ---- printing ---------------------------------------------------------------------------

    def action_print_class(self) -> None:
        if self._printing or not self.summaries:
            return
        if find_spec("amtui.report.printing") is None:
            self.notify("Printing is not part of this build yet", severity="warning")
            return
        from amtui.screens.pickers import Choice, Picker

        choices = [Choice("One PDF for the class", True, "c"),
                   Choice("One file per pupil", False, "p")]
        self.app.push_screen(Picker(f"Print {self.amtui.class_name}'s profiles", choices),
                             self._print_chosen)

    def _print_chosen(self, one_file: bool | None) -> None:
        if one_file is None:
            return
        from textual.widgets import ProgressBar

        from amtui.screens.printing import class_job, start_printing

        self._printing = True
        self.refresh_bindings()
        self.mount(ProgressBar(total=len(self.summaries), show_eta=False, id="print-progress"),
                   before="#explain")
        name = self.amtui.class_name
        start_printing(self, class_job(name, self.amtui.term, one_file), f"{name} profiles",
                       class_name=name, progress=self._progress)

    def _progress(self, done: int, total: int) -> None:
        from textual.widgets import ProgressBar

        self.query_one("#print-progress", ProgressBar).update(total=total, progress=done)

    def on_print_done(self, message: PrintDone) -> None:
        """The print worker has told the teacher how it went: put the grid back."""
        self._printing = False
        self.query("#print-progress").remove()
        self.refresh_bindings()
