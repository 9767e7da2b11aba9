"""The school's bank of programmes: plans to start a programme from. Edit an entry (e), add one
(n) or remove it (⌫); programmes started from an entry keep their own copy of the plan."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable

from amtui.core.programmes import BankProgramme, Plan
from amtui.screens.forms import ChoiceForm
from amtui.screens.programme_form import ProgrammeForm, plan_values
from amtui.screens.table_screen import TableScreen
from amtui.store import programme_bank
from amtui.widgets.key_bar import ALWAYS_SHOWN

BLANK = Plan(name="", subject="")


class BankScreen(TableScreen):
    """One line per bank entry."""

    HELP_TITLE = "Bank of programmes"
    COLUMNS = ("Programme", "For", "A week", "Minutes", "Exit when")
    TABLE = DataTable[str]  # ⏎ does nothing here: e edits
    BINDINGS = [
        Binding("e", "edit", "Edit"),
        Binding("n", "new", "New"),
        Binding("backspace", "remove", "Remove"),
        Binding("escape", "back", "Programmes", group=ALWAYS_SHOWN),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[BankProgramme] = []

    def reload(self) -> None:
        self.entries = programme_bank.bank(self.amtui.db)
        self.fill(((str(entry.id), (entry.plan.name, entry.plan.subject, str(entry.plan.per_week),
                                    str(entry.plan.minutes), entry.plan.exit_criterion))
                   for entry in self.entries), f"Bank of programmes · {len(self.entries)} plans")

    def entry(self) -> BankProgramme | None:
        key = self.cursor_key()
        return next((e for e in self.entries if str(e.id) == key), None)

    def explain(self) -> None:
        entry = self.entry()
        self.say(entry.plan.description if entry is not None
                 else "The bank is empty — n adds a plan, or b on a programme saves its plan")

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
