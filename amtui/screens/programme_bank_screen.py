"""The school's bank of programmes: plans to start a programme from. Edit an entry (e), add one
(n) or remove it (⌫); programmes started from an entry keep their own copy of the plan."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from amtui.core.programmes import BankProgramme, Plan
from amtui.screens.base import AmtuiScreen
from amtui.screens.forms import ChoiceForm
from amtui.screens.programme_form import ProgrammeForm, plan_values
from amtui.store import programme_bank
from amtui.widgets.header import AppHeader
from amtui.widgets.key_bar import ALWAYS_SHOWN, KeyBar

COLUMNS = ("Programme", "For", "A week", "Minutes", "Exit when")
BLANK = Plan(name="", subject="")


class BankScreen(AmtuiScreen):
    """One line per bank entry."""

    DEFAULT_CSS = """
    BankScreen {
        layout: vertical;
        #bank { height: 1fr; }
        #explain { height: 1; padding: 0 1; background: $panel; text-wrap: nowrap;
                   text-overflow: ellipsis;
                   &.-error { background: $error 30%; text-style: bold; } }
    }
    """
    HELP_TITLE = "Bank of programmes"
    BINDINGS = [
        Binding("e", "edit", "Edit"),
        Binding("n", "new", "New"),
        Binding("backspace", "remove", "Remove"),
        Binding("escape", "back", "Programmes", group=ALWAYS_SHOWN),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[BankProgramme] = []

    def compose(self) -> ComposeResult:
        yield AppHeader(id="header")
        yield DataTable(id="bank", cursor_type="row", zebra_stripes=True)
        yield Static(id="explain", markup=False)
        yield KeyBar()

    @property
    def table(self) -> DataTable[str]:
        return self.query_one(DataTable)

    def on_mount(self) -> None:
        self.table.add_columns(*COLUMNS)
        self.reload()
        self.table.focus()

    def reload(self) -> None:
        app, table = self.amtui, self.table
        chosen = self.entry()
        self.entries = programme_bank.bank(app.db)
        table.clear()
        for entry in self.entries:
            plan = entry.plan
            table.add_row(plan.name, plan.subject, str(plan.per_week), str(plan.minutes),
                          plan.exit_criterion, key=str(entry.id))
        if chosen is not None and any(entry.id == chosen.id for entry in self.entries):
            table.move_cursor(row=table.get_row_index(str(chosen.id)))
        header = self.query_one(AppHeader)
        header.set_title(app.title_line())
        header.set_detail(f"Bank of programmes · {len(self.entries)} plans")
        self._explain()
        self.refresh_bindings()

    def entry(self) -> BankProgramme | None:
        table = self.table
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((e for e in self.entries if str(e.id) == key), None)

    def _explain(self) -> None:
        entry = self.entry()
        self.say(entry.plan.description if entry is not None
                 else "The bank is empty — n adds a plan, or b on a programme saves its plan")

    def say(self, text: str, *, error: bool = False) -> None:
        line = self.query_one("#explain", Static)
        line.update(text)
        line.set_class(error, "-error")

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._explain()

    async def _ask_plan(self, entry: BankProgramme | None) -> None:
        """The plan's fields, asked again with the store's reason until saved or cancelled."""
        app = self.amtui
        subjects = [*app.scheme.subjects, *(area.name for area in app.scheme.attitude_areas)]
        values = plan_values(entry.plan if entry is not None else BLANK)
        title = f"Edit {entry.plan.name} in the bank" if entry else "New plan in the bank"
        error = ""
        while True:
            draft = await self.ask(ProgrammeForm(title, values, subjects, [],
                                                 today=self.amtui.today, plan_only=True,
                                                 error=error))
            if draft is None:
                return
            reasons: list[str] = []

            def write(plan: Plan = draft.plan) -> object:
                if entry is None:
                    return programme_bank.add_to_bank(app.db, app.user, plan)
                return programme_bank.edit_in_bank(app.db, app.user, entry, plan)

            if self.save(write, refused=reasons.append) or not reasons:
                return
            values, error = draft.values, reasons[0]

    async def action_edit(self) -> None:
        entry = self.entry()
        if entry is not None:
            await self._ask_plan(entry)

    async def action_new(self) -> None:
        await self._ask_plan(None)

    async def action_remove(self) -> None:
        app, entry = self.amtui, self.entry()
        if entry is None:
            return
        sure = await self.ask(ChoiceForm[bool](
            f"Remove {entry.plan.name} from the bank?",
            [("y", "Remove it", True), ("n", "Keep it", False)],
            hint="programmes started from it keep their own copy"))
        if sure:
            self.save(lambda: programme_bank.remove_from_bank(app.db, app.user, entry))

    def action_back(self) -> None:
        self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "remove") and self.is_mounted and self.entry() is None:
            return None
        return True
