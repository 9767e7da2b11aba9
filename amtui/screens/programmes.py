"""The school's intervention programmes (teachers and senior leaders): one line each with who is
in it today, sessions held and how it works — mean gain against expected and against
classmates not in it — and the latest review. ⏎ opens one; n sets one up, e edits it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.binding import Binding

from amtui.core.impact_words import NOT_KNOWN, signed
from amtui.core.programmes import VERDICT_WORDS, Intervention, Plan
from amtui.screens.base import AmtuiScreen
from amtui.screens.pickers import Choice, Picker
from amtui.screens.programme_form import Draft, ProgrammeForm, plan_values, programme_values
from amtui.screens.table_screen import TableScreen
from amtui.store import access, impact, interventions, programme_bank, pupils
from amtui.store.impact import ProgrammeReport
from amtui.widgets.key_bar import ALWAYS_SHOWN

if TYPE_CHECKING:
    from amtui.app import AmtuiApp

def refusal(role: str) -> str | None:
    """Why someone in `role` may not work with programmes (None: a teacher or senior leader)."""
    if role in ("teacher", "slt"):
        return None
    return (f"only a teacher or a senior leader may {access.May.RUN_INTERVENTION.value} — you "
            f"are signed in as {access.ROLE_NAMES[role]}")


def open_programmes(app: AmtuiApp) -> None:
    """The programmes screen, or a note saying why not (from the grid's `i` and the palette)."""
    if isinstance(app.screen, ProgrammesScreen):
        return
    reason = refusal(app.user.role)
    if reason is not None:
        say = getattr(app.screen, "say", None)
        if callable(say):
            say(f"Interventions: {reason}", error=True)
        else:
            app.notify(reason, title="Interventions", severity="warning")
        return
    app.push_screen(ProgrammesScreen())


def latest_review(report: ProgrammeReport) -> str:
    if not report.reviews:
        return "not reviewed"
    last = report.reviews[0]
    return f"{VERDICT_WORDS[last.verdict]} T{last.half_term}"


def programme_cells(report: ProgrammeReport, today: date) -> tuple[str, ...]:
    """One programme's line of the list."""
    programme, summary = report.programme, report.summary
    gain = NOT_KNOWN if summary.mean_gain is None else f"{summary.mean_gain:.1f}"
    compared = NOT_KNOWN if report.comparison is None \
        else f"{signed(report.comparison)} vs not in it"
    return (programme.name, programme.subject, ", ".join(programme.staff),
            str(len(programme.members_on(today))), str(len(report.held)), gain,
            signed(summary.mean_against_expected), compared, latest_review(report))


def is_mine(report: ProgrammeReport, initials: str, classes: set[str]) -> bool:
    """Programmes the user runs, or with a pupil of one of their classes."""
    return initials in report.programme.staff \
        or any(place.pupil.class_name in classes for place in report.places)


async def ask_programme(screen: AmtuiScreen, programme: Intervention | None = None) -> int | None:
    """Set up a programme (from the bank or blank) or edit `programme`; asked again with what
    was typed and the store's reason until it is saved or cancelled. The programme's id."""
    app = screen.amtui
    if programme is None:
        choices = [Choice(f"{entry.plan.name}  ({entry.plan.subject})", plan_values(entry.plan))
                   for entry in programme_bank.bank(app.db)]
        blank = Choice("Blank", plan_values(Plan(name="", subject="")), "b")
        start = await screen.ask(Picker("Start from", [blank, *choices]))
        if start is None:
            return None
        values = {**start, "start": f"{app.today:%d/%m/%Y}",
                  "staff": app.user.initials}
        title = "New programme"
    else:
        values, title = programme_values(programme), f"Edit {programme.name}"
    subjects = [*app.scheme.subjects, *(area.name for area in app.scheme.attitude_areas)]
    staff = [member.initials for member in pupils.list_staff(app.db)]
    error = ""
    saved: list[int] = []
    while True:
        draft = await screen.ask(ProgrammeForm(title, values, subjects, staff, today=app.today,
                                               error=error))
        if draft is None:
            return None
        reasons: list[str] = []

        def write(draft: Draft = draft) -> None:
            saved.append(_store(app, draft, programme))

        if screen.save(write, refused=reasons.append):
            return saved[-1]
        if not reasons:
            return None  # a conflict: the screen has re-read it
        values, error = draft.values, reasons[0]


def _store(app: AmtuiApp, draft: Draft, programme: Intervention | None) -> int:
    start = draft.start or app.today
    if programme is None:
        return interventions.create_intervention(app.db, app.user, draft.plan, draft.staff,
                                                 start, draft.end, draft.days).id
    return interventions.edit_intervention(app.db, app.user, programme, draft.plan, draft.staff,
                                           start, draft.end, draft.days).id


class ProgrammesScreen(TableScreen):
    """One line per programme; `m` shows mine or all."""

    HELP_TITLE = "Interventions"
    COLUMNS = ("Programme", "For", "Run by", "Now", "Held", "Gain", "vs expected", "Compared",
               "Review")
    BINDINGS = [
        Binding("m", "toggle_mine", "Mine/all"),
        Binding("n", "new", "New"),
        Binding("e", "edit", "Edit"),
        Binding("b", "bank", "Bank"),
        Binding("escape", "back", "Grid", group=ALWAYS_SHOWN),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.reports: list[ProgrammeReport] = []
        self.mine_only = False  # a teacher starts on theirs (on_mount)

    def on_mount(self) -> None:
        """Before `TableScreen.on_mount` (Textual runs the subclass's handler first), which
        fills the table."""
        self.mine_only = self.amtui.user.role == "teacher"

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        app = self.amtui
        self.reports = impact.programme_reports(app.db, app.scheme, app.today)
        self._show()

    def shown(self) -> list[ProgrammeReport]:
        if not self.mine_only:
            return self.reports
        app = self.amtui
        classes = {group.name for group in pupils.classes_of(app.db, app.user.initials)}
        return [r for r in self.reports if is_mine(r, app.user.initials, classes)]

    def _show(self) -> None:
        rows = self.shown()
        which = "mine (m: all)" if self.mine_only else "all (m: mine)"
        self.fill(((str(report.programme.id), programme_cells(report, self.amtui.today))
                   for report in rows),
                  f"Interventions · {len(rows)} programmes · showing {which}")

    def cursor_id(self) -> int | None:
        key = self.cursor_key()
        return int(key) if key is not None else None

    def explain(self) -> None:
        report = self._report()
        if report is None:
            empty = "No programmes of yours — m shows all, n sets one up" if self.mine_only \
                else "No programmes yet — n sets one up"
            self.say(empty)
            return
        programme = report.programme
        parts = [programme.summary, programme.description,
                 f"exit: {programme.plan.exit_criterion}" if programme.plan.exit_criterion
                 else ""]
        self.say(" · ".join(part for part in parts if part))

    def _report(self) -> ProgrammeReport | None:
        chosen = self.cursor_id()
        return next((r for r in self.reports if r.programme.id == chosen), None)

    def chosen(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        from amtui.screens.programme_view import ProgrammeView

        chosen = self.cursor_id()
        if chosen is not None:
            self.app.push_screen(ProgrammeView(chosen))

    def action_toggle_mine(self) -> None:
        self.mine_only = not self.mine_only
        self._show()

    async def action_new(self) -> None:
        made = await ask_programme(self)
        if made is None:
            return
        if made not in {report.programme.id for report in self.shown()}:
            self.mine_only = False
            self._show()
        self.table.move_cursor(row=self.table.get_row_index(str(made)))

    async def action_edit(self) -> None:
        report = self._report()
        if report is not None:
            await ask_programme(self, report.programme)

    def action_bank(self) -> None:
        from amtui.screens.programme_bank_screen import BankScreen

        self.app.push_screen(BankScreen())

    def action_back(self) -> None:
        self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit" and self.is_mounted and self.cursor_id() is None:
            return None
        return True

