"""AmtuiApp: owns the store, the scheme, the signed-in user and the half-term being worked on."""

from __future__ import annotations

import asyncio
import gc
import importlib.util
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen

from amtui import crash
from amtui.core.errors import AmtuiError
from amtui.core.models import Staff
from amtui.core.scheme import Scheme
from amtui.core.terms import Term, term_on
from amtui.keys import KeyRouter
from amtui.screens.delivery import Handover
from amtui.screens.sign_in import SignInScreen, StaffCheck
from amtui.store import history, pupils, sign_in
from amtui.store.db import Database
from amtui.store.files import write_private_bytes

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.widget import Widget

BENCH_EXIT_AFTER_PAINT = "AMTUI_BENCH_EXIT_AFTER_PAINT"  # bench/bench_startup.py sets it
IDLE_CHECK_SECONDS = 15


def _class_grid() -> Screen[None]:
    from amtui.screens.class_grid import ClassGrid

    return ClassGrid()


def _today() -> Screen[None]:
    from amtui.screens.today import TodayScreen

    return TodayScreen()


TA_REFUSAL = "a teaching assistant sees only the sessions and pupils of the programmes they run"


def home_mode(staff: Staff) -> str:
    """Where `staff` lands: a teaching assistant on *today*, everyone else on the class grid."""
    return "today" if staff.role == "ta" else "grid"


def _commands() -> type:
    """The palette's provider, imported when the palette first opens (not at start-up)."""
    from amtui.commands import AmtuiCommands

    return AmtuiCommands


class AmtuiApp(App[None]):
    """The amtui application. Dependencies come in from outside (cli.main, tests)."""

    CSS_PATH = "app.tcss"
    TITLE = "amtui"
    COMMAND_PALETTE_BINDING = "ctrl+k"
    COMMANDS = App.COMMANDS | {_commands}
    MODES = {"grid": _class_grid, "today": _today, "sign_in": SignInScreen}
    DEFAULT_MODE = "grid"
    BINDINGS = [
        Binding("ctrl+z", "undo", "Undo"),
        Binding("question_mark,f1", "help", "Keys"),
        Binding("ctrl+q", "quit", "Quit"),
        Binding("ctrl+o", "sign_out", "Sign out"),
        # a text field's own ctrl+k (delete to the end of the line) comes first there
        Binding("ctrl+k", "command_palette", "Command palette", show=False),
    ]

    term: reactive[Term] = reactive(Term(2026, 1), init=False)
    class_name: reactive[str] = reactive("", init=False)

    def __init__(self, db: Database, scheme: Scheme, user: Staff | None, today: date, *,
                 class_name: str | None = None, term: Term | None = None,
                 start: Callable[[AmtuiApp], None] | None = None) -> None:
        super().__init__()
        self.start = start
        """Run once the first screen is shown (`amtui self-assess` opens pupil mode)."""
        self.db = db
        self.scheme = scheme
        self._user = user
        self.today = today
        self.today_term = term_on(today, scheme)
        self.set_reactive(AmtuiApp.term, term or self.today_term)
        self.set_reactive(AmtuiApp.class_name, class_name or self._default_class())
        self.keys = KeyRouter(self, self.report_error)
        self.clock = time.monotonic  # tests move it on to make a session idle
        self.last_input = self.clock()
        self.signed_out_because = ""
        """Why the sign-in screen is shown again (signed out, or idle too long)."""
        self.locked = False
        """Handed to a pupil (`lock`): only a member of staff signing in ends it."""
        self._passwords: dict[str, bool] = {}

    @property
    def user(self) -> Staff:
        """Who is signed in. Only the sign-in screen is shown while no one is."""
        if self._user is None:
            raise RuntimeError("no one is signed in")
        return self._user

    @property
    def signs_in(self) -> bool:
        """Whether this session was signed in on the sign-in screen (so it ends when idle)."""
        return False

    def _default_class(self) -> str:
        if self._user is None:
            return ""
        mine = pupils.classes_of(self.db, self.user.initials)
        if mine:
            return mine[0].name
        every = pupils.list_classes(self.db)
        return every[0].name if every else ""

    async def on_event(self, event: events.Event) -> None:
        """Every key read goes to the key router (`amtui.keys`), which routes it in turn; a key
        it sent to a widget that comes back up unhandled stops here (its bindings were
        resolved by the router already)."""
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            self.last_input = self.clock()
        if isinstance(event, events.Key):
            if not event.is_forwarded:
                if not self.app_focus:  # as Textual does: a key brings the focus back (a
                    self.app_focus = True  # browser page that was blurred as it opened)
                self.keys.take(event)
            return
        await super().on_event(event)

    def on_mount(self) -> None:
        # a task, not a worker: it runs as long as the app (`workers.wait_for_complete` and
        # the like must not wait for it)
        self._routing = asyncio.create_task(self.keys.run(), name="amtui keys")
        self.call_after_refresh(self._first_paint_done)
        for notice in self.db.notices:  # what opening the database found or did
            self.notify(notice, title="School database", severity="warning", timeout=12)
        if self._user is not None:
            self._wear_theme()
        self.theme_changed_signal.subscribe(self, self._keep_theme)
        if self.signs_in:
            self.set_interval(IDLE_CHECK_SECONDS, self.end_if_idle)
        if self.start is not None:
            self.call_after_refresh(self.start, self)

    def on_unmount(self) -> None:
        self._routing.cancel()

    # ---- who is signed in -------------------------------------------------------------------

    async def signed_in_as(self, staff: Staff) -> None:
        """`staff` has signed in on the sign-in screen: open the class grid for them (*today*
        for a teaching assistant)."""
        self._user, self.signed_out_because = staff, ""
        self.last_input = self.clock()
        self.set_reactive(AmtuiApp.class_name, self._default_class())
        self.set_reactive(AmtuiApp.term, self.today_term)
        self._wear_theme()
        await self.switch_mode(home_mode(staff))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._user is None:  # on the sign-in screen: nothing but quitting
            return action == "quit"
        if self.locked:  # a pupil has the keyboard: only a member of staff signing in
            return action == "sign_out"
        if action == "sign_out":  # only where signing in again is possible
            return self.signs_in or self._has_password(self._user)
        return True

    def refused_to_ta(self) -> bool:
        """Whether the user is a teaching assistant, who may reach nothing but *today* (the
        palette's class, half-term and year commands, a pupil file): then it is said."""
        if self._user is None or self._user.role != "ta":
            return False
        say = getattr(self.screen, "say", None)
        if callable(say):
            say(f"Not available: {TA_REFUSAL}", error=True)
        else:
            self.notify(TA_REFUSAL, severity="warning")
        return True

    def _has_password(self, staff: Staff) -> bool:
        """Whether `staff` could sign in again, asked of the store once per person: the key
        bar asks at every key."""
        if staff.initials not in self._passwords:
            self._passwords[staff.initials] = sign_in.has_password(self.db, staff.initials)
        return self._passwords[staff.initials]

    async def action_sign_out(self) -> None:
        if self.locked:
            self.push_screen(StaffCheck("A member of staff signs in to leave pupil mode"),
                             self._unlocked)
            return
        await self.sign_out("Signed out. Sign in to carry on.")

    def lock(self) -> None:
        """Hand the keyboard to a pupil: undo, the palette, help, quitting and signing out stop
        working, and the session is left only when a member of staff signs in (ctrl+o). The
        screen shown meanwhile must offer the pupil nothing but their own."""
        self.locked = True
        self.refresh_bindings()

    def _unlocked(self, staff: Staff | None) -> None:
        """A member of staff signed in over pupil mode: the session is theirs again; the
        screen is told (`Unlocked`), to close pupil mode."""
        if staff is None:
            return
        self._user, self.locked = staff, False
        self.refresh_bindings()
        self.screen.post_message(Unlocked(staff))

    async def sign_out(self, because: str) -> None:
        """Back to the sign-in screen, saying `because`; the next person starts afresh. Every
        edit was saved as it was made, so nothing is lost but a half-typed value."""
        if self._user is None:
            return
        sign_in.signed_out(self.db, self._user)
        self._user, self.signed_out_because, self.locked = None, because, False
        self.keys.forget_forms()
        await self.switch_mode("sign_in")
        for mode, make in (("grid", _class_grid), ("today", _today)):
            await self.remove_mode(mode)
            self.add_mode(mode, make)

    async def end_if_idle(self) -> None:
        """Sign out a session nobody has used for the scheme's idle time."""
        minutes = self.scheme.sign_in.idle_minutes
        if self._user is not None and self.clock() - self.last_input >= minutes * 60:
            await self.sign_out(f"Signed out after {minutes} minutes without use. Sign in to "
                                "carry on.")

    def _wear_theme(self) -> None:
        chosen = sign_in.theme_of(self.db, self.user)
        if chosen in self.available_themes:
            self.theme = chosen

    def _keep_theme(self, theme: object) -> None:
        if self._user is not None and self.theme != sign_in.theme_of(self.db, self._user):
            sign_in.keep_theme(self.db, self._user, self.theme)

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None,
                           time_format: str | None = None) -> str | None:
        """In a browser, Textual's download; in a terminal, saved owner-only in the user's
        documents folder (Textual's would be readable by anyone on the machine)."""
        if self.is_web:
            return super().deliver_screenshot(filename, path, time_format)
        from amtui.folders import documents_dir

        name = filename or f"amtui {time.strftime('%Y-%m-%d %H.%M.%S')}.svg"
        saved = write_private_bytes(Path(path or documents_dir()) / name,
                                    self.export_screenshot().encode("utf-8"))
        self.notify(f"Saved to {saved}", title="Screenshot")
        return None

    def _first_paint_done(self) -> None:
        if not gc.isenabled():  # paused by the command line for start-up (cli.collector_paused)
            gc.freeze()  # what start-up built lives as long as the app: never scan it again
            gc.enable()
        if os.environ.get(BENCH_EXIT_AFTER_PAINT):
            self.exit()

    # ---- what is shown: class, half-term, school year ----------------------------------------

    def title_line(self) -> str:
        """`School · 5W Miss Webb · 2026-27 Autumn 2 (T2) · KW teacher`, and `READ-ONLY`
        first when nothing can be saved."""
        return " · ".join(part for part in (
            "READ-ONLY: nothing can be saved" if self.db.readonly else "",
            self.scheme.school, self.class_label(), self.term.label(self.scheme),
            f"{self.user.initials} {self.user.role}") if part)

    def class_label(self) -> str:
        if not self.class_name:
            return "no class"
        try:
            teacher = pupils.get_class(self.db, self.class_name).teacher
            name = pupils.get_staff(self.db, teacher).name if teacher else ""
        except AmtuiError:
            name = ""
        return f"{self.class_name} {name}".strip()

    def show_term(self, term: Term) -> None:
        if not self.refused_to_ta():
            self.term = term

    def show_class(self, name: str) -> None:
        if not self.refused_to_ta():
            self.class_name = name

    def show_school_year(self, year: int) -> None:
        if not self.refused_to_ta():
            self.term = Term(year, self.term.half_term)

    def action_next_term(self) -> None:
        if not self.refused_to_ta():
            self.term = self.term.next()

    def action_previous_term(self) -> None:
        if not self.refused_to_ta():
            self.term = self.term.previous()

    def action_pick_class(self) -> None:
        if self.refused_to_ta():
            return
        from amtui.screens.pickers import Picker, class_choices

        choices = class_choices(pupils.list_classes(self.db))
        if not choices:
            self.notify("There are no classes yet — import a roster first (amtui import)",
                        severity="warning")
            return
        self.push_screen(Picker("Show class", choices, self.class_name),
                         lambda name: self.show_class(name) if name else None)

    def action_pick_term(self) -> None:
        from amtui.screens.pickers import Choice, Picker

        if self.refused_to_ta():
            return
        year = self.term.school_year
        choices = [Choice(Term(year, ht).label(self.scheme), Term(year, ht), str(ht))
                   for ht in range(1, 7)]
        self.push_screen(Picker("Show half-term", choices, self.term),
                         lambda term: self.show_term(term) if term else None)

    def action_pick_year(self) -> None:
        from amtui.core.terms import year_label
        from amtui.screens.pickers import Choice, Picker
        from amtui.store.records import school_years

        if self.refused_to_ta():
            return
        shown = self.term.school_year  # offered too, so the list starts where the user is
        years = {*school_years(self.db, self.today_term.school_year), shown}
        choices = [Choice(year_label(year), year) for year in sorted(years, reverse=True)]
        self.push_screen(Picker("Show school year", choices, shown),
                         lambda year: self.show_school_year(year) if year else None)

    # ---- screens, workers, undo, help -------------------------------------------------------

    def open_pupil(self, upn: str, upns: list[str]) -> None:
        """Open a pupil's file; `upns` is the order ctrl+n / ctrl+p page through."""
        if self.refused_to_ta():
            return
        if importlib.util.find_spec("amtui.screens.pupil_file") is None:
            self.notify("The pupil file is not part of this build yet", severity="warning")
            return
        from amtui.screens.pupil_file import PupilFile

        self.push_screen(PupilFile(upn, upns))

    @contextmanager
    def handing_over(self) -> Iterator[Handover]:
        """Where a print job or an export saves, and how its files reach the person at the
        keyboard (`amtui.screens.delivery`)."""
        if not self.is_web or self.scheme.printing.keep_on_server:
            yield Handover(self, None)
            return
        with tempfile.TemporaryDirectory(prefix="amtui-") as folder:  # made 0700
            yield Handover(self, Path(folder))

    @contextmanager
    def worker_db(self) -> Iterator[Database]:
        """A connection of its own for a worker thread, closed afterwards."""
        from amtui.store.db import second_connection

        db = second_connection(self.db)
        try:
            yield db
        finally:
            if db is not self.db:
                db.conn.close()

    def action_undo(self) -> None:
        """Undo the signed-in user's last edit, whatever screen it was made on."""
        try:
            undone = history.undo(self.db, self.user)
        except AmtuiError as exc:
            self.notify(str(exc), title="Nothing undone", severity="warning")
            return
        self.notify(f"Undid your last change: {undone.what}", title="Undo")
        reload = getattr(self.screen, "reload", None)
        if callable(reload):
            reload()

    def action_help(self) -> None:
        from amtui.screens.help import HelpScreen, key_sections

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(key_sections(self.screen)))

    # ---- unexpected errors: a calm note, a private log, never a traceback (amtui.crash) -------

    _first_screen_shown = False
    _errors: crash.Burst | None = None  # made at the first error
    _error_log: Path | None = None  # where the last one was written

    @on(events.Ready)
    def _first_screen_is_shown(self) -> None:
        self._first_screen_shown = True

    def _handle_exception(self, error: Exception) -> None:
        """Every unexpected error in the app ends here: Textual hands this private method the
        errors of message handlers, actions, callbacks, timers and workers (`WorkerFailed`), and
        has no public hook for them. Textual's own prints a traceback with each frame's local
        variables (pupils' names, UPNs, dates of birth, SEN) and stops the app. Here the error
        goes to the private log (class and frames only) and the app carries on with a calm
        note; if it cannot (before its first screen is shown, or after `crash.Burst` errors in
        a row) it stops with return code 1."""
        self.report_error(error)

    def report_error(self, error: Exception) -> None:
        """An unexpected error (see `_handle_exception`), also from the key router."""
        self._error_log = crash.record(error) or self._error_log
        if self._exception is None:
            self._exception = error  # only `run_test` reads it: a test still fails on the error
        try:
            self._errors = self._errors or crash.Burst()
            if self._errors.too_many() or not self._first_screen_shown:
                self.exit(return_code=1)  # `run_async` raises crash.AppStopped once it has gone
            elif self.is_running:
                self.notify(crash.note(self._error_log), severity="error", timeout=20)
        except Exception:  # noqa: BLE001 - telling of one error must not raise another
            self.exit(return_code=1)

    async def _dispatch_message(self, message: Message) -> None:
        """The app's own messages (keys, bindings and the actions they run, callbacks): an
        error in one is handled and the next is read. Textual would end the app's message loop,
        so the app, at the first error; it has no public hook around this private method."""
        try:
            await super()._dispatch_message(message)
        except Exception as error:  # noqa: BLE001 - CancelledError, a BaseException, still ends it
            self._handle_exception(error)

    def _register(self, parent: DOMNode, *widgets: Widget, **kwargs: Any) -> list[Widget]:
        """Every screen and widget is registered here before its message loop starts (a private
        method: Textual has no public hook for it); each carries on after an error in one of
        its handlers (`crash.carry_on`)."""
        for widget in widgets:
            crash.carry_on(widget, self._handle_exception)
        return super()._register(parent, *widgets, **kwargs)

    async def run_async(self, **kwargs: Any) -> Any:
        """Textual's `run_async` (which `run` calls); then, if the app stopped on an error,
        `crash.AppStopped` with its return code and log, for the command line to say so in one
        line (once the terminal is the shell's again) and exit with that code. Else the value
        the app exited with (a snapshot test's auto-pilot exits with its screenshot)."""
        result: Any = await super().run_async(**kwargs)  # type: ignore[func-returns-value]
        if self.return_code:
            raise crash.AppStopped(self.return_code, self._error_log)
        return result


class Unlocked(Message):
    """A member of staff has signed in over pupil mode (`AmtuiApp.lock`)."""

    def __init__(self, staff: Staff) -> None:
        super().__init__()
        self.staff = staff


class SignInFirst(AmtuiApp):
    """The app for a session that starts on the sign-in screen (a shared account, the browser):
    it goes back there when its user signs out or leaves it idle for the scheme's time."""

    DEFAULT_MODE = "sign_in"

    @property
    def signs_in(self) -> bool:
        return True


class TodayFirst(AmtuiApp):
    """The app for a teaching assistant named at start (`--as`): it opens on *today*."""

    DEFAULT_MODE = "today"


def make_app(db: Database, scheme: Scheme, user: Staff | None, today: date, *,
             class_name: str | None = None, term: Term | None = None,
             start: Callable[[AmtuiApp], None] | None = None) -> AmtuiApp:
    """The app as the command line and the tests build it, on an open school database: the
    scheme's subjects in place, signed in as `user` — or, with None, on the sign-in screen;
    "now" being `today`. A teaching assistant lands on *today*."""
    pupils.ensure_subjects(db, scheme)
    kind: type[AmtuiApp] = SignInFirst if user is None \
        else TodayFirst if home_mode(user) == "today" else AmtuiApp
    return kind(db, scheme, user, today, class_name=class_name, term=term, start=start)
