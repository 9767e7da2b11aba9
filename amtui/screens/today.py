"""A teaching assistant's *today*: the programmes they run that are due today, then the others
they run (to log a missed session). ⏎ opens today's session log, `d` one for an earlier date,
`h` a programme's past sessions to correct one. A TA reaches nothing else from here."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from amtui.core.programmes import Intervention, InterventionSession
from amtui.core.terms import parse_day
from amtui.screens.base import AmtuiScreen, key_name
from amtui.store import interventions, sessions
from amtui.widgets.header import AppHeader
from amtui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from textual.binding import ActiveBinding

ROLE_WORDS = {"ta": "TA", "teacher": "Teacher", "slt": "Senior leader", "admin": "Admin"}
TA_ONLY = "a teaching assistant sees only the sessions of their programmes"


def day_words(day: date) -> str:
    """'Tuesday 24 November'."""
    return f"{day:%A} {day.day} {day:%B}"


def who_line(name: str, role: str, today: date) -> str:
    """'Mr O Mensah · TA · Tuesday 24 November': the header of a TA's screens."""
    return f"{name} · {ROLE_WORDS.get(role, role)} · {day_words(today)}"


def session_day(text: str, today: date) -> date:
    """The day a session ran, as typed (dd/mm or dd/mm/yyyy): never after `today`."""
    on = parse_day(text, today)
    sessions.check_session_day(on, today)
    return on


def attendance(session: InterventionSession | None, members: int) -> str:
    """'logged ✓ 5/6 present', or 'not logged'."""
    if session is None:
        return "not logged"
    return f"logged ✓ {len(session.attended)}/{members} present"


def programme_line(programme: Intervention, today: date, status: str) -> str:
    """'Maths booster (5W)   not logged   Maths · 6 pupils · 15 min': what matters first."""
    members = len(programme.members_on(today))
    return (f"{programme.name:<36} {status:<22} {programme.subject} · {members} pupils · "
            f"{programme.plan.minutes} min")


def session_line(session: InterventionSession, members: int) -> str:
    """A past session in the history list: 'Thu 19/11/2026  20 min  5/6 present  note'."""
    note = f"  “{session.note}”" if session.note else ""
    return (f"{session.on:%a %d/%m/%Y}  {session.minutes:>3} min  "
            f"{len(session.attended)}/{members} present{note}")


class ProgrammeList(OptionList):
    """The programmes; ⏎ opens the chosen one's session log for today."""

    HELP_TITLE = "Programmes"
    BINDINGS = [Binding("enter", "select", "Log session")]


class TodayScreen(AmtuiScreen):
    """Today's sessions for the member of staff signed in (a TA's only main screen)."""

    CSS_PATH = "today.tcss"
    HELP_TITLE = "Today"
    BINDINGS = [
        Binding("d", "open_earlier", "Earlier date"),
        Binding("h", "past_sessions", "Past sessions"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.programmes: dict[str, Intervention] = {}

    def compose(self) -> ComposeResult:
        yield AppHeader(id="header")
        yield ProgrammeList(id="programmes")
        yield Static(id="status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.reload()

    @property
    def options(self) -> OptionList:
        return self.query_one("#programmes", OptionList)

    def reload(self) -> None:
        app = self.amtui
        due = sessions.due_today(app.db, app.user, app.today)
        due_ids = {d.programme.id for d in due}
        others = [p for p in interventions.list_interventions(app.db, run_by=app.user.initials,
                                                              active_on=app.today)
                  if p.id not in due_ids]
        options = self.options
        kept = options.highlighted_option.id if options.highlighted_option else None
        options.clear_options()
        self.programmes = {}
        options.add_option(Option("Due today", disabled=True))
        if not due:
            options.add_option(Option("  nothing due today", disabled=True))
        for item in due:
            self._add(item.programme, attendance(item.session,
                                                 len(item.programme.members_on(app.today))))
        options.add_option(Option("Other programmes you run (to log a missed session)",
                                  disabled=True))
        if not others:
            options.add_option(Option("  none", disabled=True))
        for programme in others:
            self._add(programme, self._last_held(programme))
        self._highlight(kept)
        header = self.query_one(AppHeader)
        header.set_title(who_line(app.user.name, app.user.role, app.today))
        plural = "" if len(others) == 1 else "s"
        header.set_detail(f"Today · {len(due)} due · {len(others)} other programme{plural}")

    def _add(self, programme: Intervention, status: str) -> None:
        key = f"p{programme.id}"
        self.programmes[key] = programme
        self.options.add_option(Option("  " + programme_line(programme, self.amtui.today,
                                                             status), id=key))

    def _last_held(self, programme: Intervention) -> str:
        held = sessions.sessions(self.amtui.db, programme.id)
        return f"last {held[-1].on:%a %d/%m}" if held else "none logged yet"

    def _highlight(self, kept: str | None) -> None:
        options = self.options
        keys = list(self.programmes)
        if not keys:
            return
        options.highlighted = options.get_option_index(kept if kept in self.programmes
                                                       else keys[0])

    @property
    def chosen(self) -> Intervention | None:
        option = self.options.highlighted_option
        return self.programmes.get(option.id or "") if option is not None else None

    def say(self, text: str, *, error: bool = False) -> None:
        line = self.query_one("#status", Static)
        line.update(text)
        line.set_class(error, "-error")

    def key_unused(self, key: str, binding: ActiveBinding | None) -> None:
        if binding is None and self.amtui.user.role == "ta":
            self.say(f"{key_name(key)} does nothing here — {TA_ONLY} (? lists the keys)",
                     error=True)
        else:
            super().key_unused(key, binding)

    def why_not(self, action: str) -> str:
        return TA_ONLY if self.amtui.user.role == "ta" else "not available here"

    # ---- opening a session log -------------------------------------------------------------

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_today()

    def action_open_today(self) -> None:
        if (programme := self._need_programme()) is not None:
            self._open(programme, self.amtui.today)

    async def action_open_earlier(self) -> None:
        from amtui.screens.forms import TextForm

        programme = self._need_programme()
        if programme is None:
            return
        today = self.amtui.today
        day = await self.ask(TextForm(
            f"Log {programme.name} for which day?", allow_empty=True,
            hint=f"dd/mm or dd/mm/yyyy (Enter alone: today, {today:%d/%m}) · Esc cancels",
            parse=lambda text: session_day(text, today) if text else today))
        if day is not None:
            self._open(programme, day)

    async def action_past_sessions(self) -> None:
        from amtui.screens.pickers import Choice, Picker

        programme = self._need_programme()
        if programme is None:
            return
        held = list(reversed(sessions.sessions(self.amtui.db, programme.id)))
        if not held:
            self.say(f"No sessions of {programme.name} logged yet — ⏎ logs today's", error=True)
            return
        choices = [Choice(session_line(s, len(programme.members_on(s.on))), s) for s in held]
        picked = await self.ask(Picker("Past sessions, newest first", choices))
        if picked is not None:
            self._open(programme, picked.on, picked.id)

    def _need_programme(self) -> Intervention | None:
        programme = self.chosen
        if programme is None:
            self.say("You run no programme yet — a teacher sets one up and adds you to it",
                     error=True)
        return programme

    def _open(self, programme: Intervention, day: date, session_id: int | None = None) -> None:
        from amtui.screens.session_log import SessionLog

        self.app.push_screen(SessionLog(programme.id, day, session_id))
