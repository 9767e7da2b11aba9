"""AmtuiApp: owns the store, the scheme, the signed-in user and the half-term being worked on."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from amtui.core.errors import AmtuiError
from amtui.core.models import Staff
from amtui.core.scheme import Scheme
from amtui.core.terms import Term, term_on
from amtui.store import history, pupils


class AmtuiApp(App[None]):
    """The amtui application. Dependencies come in from outside (cli.main, tests)."""

    CSS_PATH = "app.tcss"
    TITLE = "amtui"
    COMMAND_PALETTE_BINDING = "ctrl+k"
    BINDINGS = [
        Binding("ctrl+z", "undo", "Undo", priority=True),
        Binding("question_mark,f1", "help", "Keys"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    term: reactive[Term] = reactive(Term(2026, 1), init=False)
    class_name: reactive[str] = reactive("", init=False)

    def __init__(self, db: Database, scheme: Scheme, user: Staff, today: date, *,
                 class_name: str | None = None, term: Term | None = None) -> None:
        super().__init__()
        self.db = db
        self.scheme = scheme
        self.user = user
        self.today = today
        self.set_reactive(AmtuiApp.term, term or term_on(today, scheme))
        self.set_reactive(AmtuiApp.class_name, class_name or self._default_class())

    def _default_class(self) -> str:
        mine = pupils.classes_of(self.db, self.user.initials)
        if mine:
            return mine[0].name
        every = pupils.list_classes(self.db)
        return every[0].name if every else ""

    def action_undo(self) -> None:
        """Undo the signed-in user's last edit, whatever screen it was made on."""
        try:
            entry = history.undo(self.db, self.user.initials)
        except AmtuiError as exc:
            self.notify(str(exc), title="Undo", severity="warning")
            return
        self.notify(f"Undid your last change ({history.RECORD_NAMES.get(entry.table, entry.table)})",
                    title="Undo")
        reload = getattr(self.screen, "reload", None)
        if callable(reload):
            reload()
