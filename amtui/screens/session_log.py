"""Logging one session of a programme: a row per pupil with a place that day, one key a mark
(⏎/p present, a absent with a reason, A everyone left present), notes, and the session's day,
length and group note. Each key saves at once; the first mark of a new session makes it."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from amtui.core.errors import InvalidInput, NotFound
from amtui.core.models import Pupil
from amtui.core.programmes import MAX_MINUTES, Intervention, InterventionSession, SessionMark
from amtui.screens.base import AmtuiScreen
from amtui.screens.forms import ChoiceForm, TextForm
from amtui.screens.today import session_day, who_line
from amtui.store import interventions, pupils, sessions
from amtui.widgets.header import AppHeader
from amtui.widgets.key_bar import ALWAYS_SHOWN, KeyBar

OTHER = ""
"""The quick pick 'other': the reason is typed."""
ABSENCE_REASONS = (("1", "Ill"), ("2", "In another lesson"), ("3", "On a school trip"))
"""Quick picks for an absence (the scheme has none); 4 is 'other: type it'."""


def parse_minutes(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_MINUTES:
        raise InvalidInput(f"“{text}” is not a session length — enter minutes, 1 to "
                           f"{MAX_MINUTES}")
    return int(text)


def pupil_row(pupil: Pupil, mark: SessionMark | None) -> Text:
    """'✓ Chen, Zoë', '✗ Baker, Ellie (Ill)' or '· Nowak, Olivia', then the note."""
    if mark is None:
        symbol, style, detail = "·", "dim", ""
    elif mark.present:
        symbol, style, detail = "✓", "bold green", ""
    else:
        symbol, style, detail = "✗", "bold red", f"({mark.reason})" if mark.reason else "absent"
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append(f" {symbol} ", style)
    row.append(f"{pupil.display_name:<30}")
    row.append(f" {detail:<22}")
    if mark is not None and mark.note:
        row.append(f" note: {mark.note}", "italic")
    return row


class PupilMarks(OptionList):
    """A row per pupil; ⏎ marks the chosen one present (as `p` does)."""

    HELP_TITLE = "Pupils"
    BINDINGS = [Binding("enter", "select", "Present")]


class SessionLog(AmtuiScreen):
    """One session of one programme on one day; a session not yet stored is made by the
    first thing saved (a mark, its length, its day or its note)."""

    CSS_PATH = "session_log.tcss"
    HELP_TITLE = "Session log"
    BINDINGS = [
        Binding("p", "present", "Present", show=False),
        Binding("a", "absent", "Absent"),
        Binding("A", "all_present", "All present"),
        Binding("backspace", "unmark", "Unmark"),
        Binding("n", "pupil_note", "Note"),
        Binding("g", "group_note", "Group note"),
        Binding("m", "minutes", "Minutes"),
        Binding("d", "day", "Date"),
        Binding("escape", "back", "Today", group=ALWAYS_SHOWN),
    ]

    def __init__(self, programme_id: int, day: date, session_id: int | None = None) -> None:
        super().__init__()
        self.programme_id = programme_id
        self.day = day
        self.session_id = session_id
        self.programme: Intervention | None = None
        self.session: InterventionSession | None = None
        self.pupils: dict[str, Pupil] = {}

    def compose(self) -> ComposeResult:
        yield AppHeader(id="header")
        yield Static(id="session", markup=False)
        yield PupilMarks(id="pupils")
        yield Static(id="status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        self.options.focus()
        if self.options.option_count:
            self.options.highlighted = 0

    @property
    def options(self) -> OptionList:
        return self.query_one("#pupils", OptionList)

    # ---- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        app = self.amtui
        programme = self.programme = interventions.get_intervention(app.db, self.programme_id)
        if self.session_id is None:
            same_day = [s for s in sessions.sessions(app.db, programme.id) if s.on == self.day]
            self.session_id = same_day[-1].id if same_day else None
        self.session = None
        if self.session_id is not None:
            try:
                self.session = sessions.get_session(app.db, self.session_id)
            except NotFound:  # undone, or removed by a colleague: not saved (yet) again
                self.session_id = None
        if self.session is not None:
            self.day = self.session.on
        self.pupils = dict(sorted(((upn, pupils.get_pupil(app.db, upn))
                                   for upn in programme.members_on(self.day)),
                                  key=lambda item: item[1].sort_key))
        runs = app.user.role == "slt" or app.user.initials in programme.staff
        self.view_only = None if runs else ("only the staff who run this intervention, or a "
                                            "senior leader, log its sessions")
        self._show()

    @property
    def minutes(self) -> int:
        if self.session is not None:
            return self.session.minutes
        return self.programme.plan.minutes if self.programme is not None else 1

    def _show(self) -> None:
        app, session = self.amtui, self.session
        rows = [pupil_row(pupil, session.mark(upn) if session else None)
                for upn, pupil in self.pupils.items()]
        options = self.options
        ids = [option.id for option in options.options]
        if ids == list(self.pupils):
            for upn, row in zip(self.pupils, rows, strict=True):
                options.replace_option_prompt(upn, row)
        else:
            kept = options.highlighted
            options.clear_options()
            options.add_options([Option(row, id=upn) for upn, row in zip(self.pupils, rows,
                                                                      strict=True)])
            if rows:
                options.highlighted = min(kept or 0, len(rows) - 1)
        marked = len(session.marks) if session else 0
        name = self.programme.name if self.programme else ""
        state = "not saved yet: the first mark saves it" if session is None \
            else f"{marked}/{len(rows)} marked"
        header = self.query_one(AppHeader)
        header.set_title(who_line(app.user.name, app.user.role, app.today))
        header.set_detail(f"{name} · {self.day:%a %d/%m/%Y} · {self.minutes} min · {state}")
        note = session.note if session else ""
        self.query_one("#session", Static).update(
            f"Group note: {note}" if note else "Group note: none (g adds one)")
        if not rows:
            self.say(f"No pupil had a place in {name} on {self.day:%d/%m/%Y}", error=True)

    def say(self, text: str, *, error: bool = False) -> None:
        line = self.query_one("#status", Static)
        line.update(text)
        line.set_class(error, "-error")

    @property
    def upn(self) -> str | None:
        option = self.options.highlighted_option
        return option.id if option is not None else None

    def _mark_of(self, upn: str) -> SessionMark | None:
        return self.session.mark(upn) if self.session is not None else None

    def _target(self) -> int | sessions.NewSession:
        """The stored session, or the one the next save makes."""
        if self.session_id is not None:
            return self.session_id
        return sessions.NewSession(self.programme_id, self.day, self.minutes)

    # ---- marking ----------------------------------------------------------------------------

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_present()

    def action_present(self) -> None:
        if (upn := self.upn) is not None and self._mark(upn, present=True):
            self.options.action_cursor_down()

    async def action_absent(self) -> None:
        upn = self.upn
        if upn is None:
            return
        name = self.pupils[upn].full_name
        picks = [(key, words, words) for key, words in ABSENCE_REASONS]
        reason = await self.ask(ChoiceForm(f"Why was {name} absent?",
                                           [*picks, ("4", "Other: type it", OTHER)]))
        if reason == OTHER:
            reason = await self.ask(TextForm(f"Why was {name} absent?", parse=str,
                                             hint="Enter keeps it · Esc cancels"))
        if reason and self._mark(upn, present=False, reason=reason):
            self.options.action_cursor_down()

    def _mark(self, upn: str, *, present: bool, reason: str = "") -> bool:
        app = self.amtui
        mark = self._mark_of(upn)

        def write() -> None:
            self.session_id = sessions.mark(
                app.db, app.user, self._target(), upn, present=present, reason=reason,
                seen=mark.version if mark else 0, today=app.today)

        return bool(self.save(write))

    def action_all_present(self) -> None:
        """Everyone not yet marked, present: one change (one ctrl+z takes it back)."""
        app = self.amtui
        left = [upn for upn in self.pupils if self._mark_of(upn) is None]
        if not left:
            self.say("Everyone is marked already — ⌫ takes a mark back")
            return

        def write() -> None:
            self.session_id = sessions.mark_all(app.db, app.user, self._target(), left,
                                                today=app.today)

        self.save(write)

    def action_unmark(self) -> None:
        app, upn = self.amtui, self.upn
        mark = self._mark_of(upn) if upn is not None else None
        if upn is None or mark is None or self.session_id is None:
            self.say("Nothing to take back: this pupil is not marked")
            return
        session_id = self.session_id
        self.save(lambda: sessions.unmark(app.db, app.user, session_id, upn,
                                          seen=mark.version))

    # ---- notes and the session's own details ------------------------------------------------

    async def action_pupil_note(self) -> None:
        app, upn = self.amtui, self.upn
        mark = self._mark_of(upn) if upn is not None else None
        if upn is None or mark is None or self.session_id is None:
            self.say("Mark the pupil present (p) or absent (a) first, then add the note",
                     error=True)
            return
        session_id = self.session_id
        note = await self.ask(TextForm(f"Note on {self.pupils[upn].full_name}", value=mark.note,
                                       hint="Enter keeps it (empty clears it) · Esc cancels",
                                       parse=str, allow_empty=True))
        if note is not None:
            self.save(lambda: sessions.note_pupil(app.db, app.user, session_id, upn, note,
                                                  seen=mark.version))

    async def action_group_note(self) -> None:
        note = await self.ask(TextForm("Note on the session, for the group",
                                       value=self.session.note if self.session else "",
                                       hint="Enter keeps it (empty clears it) · Esc cancels",
                                       parse=str, allow_empty=True))
        if note is not None:
            self._edit(note=note)

    async def action_minutes(self) -> None:
        minutes = await self.ask(TextForm("How many minutes did the session last?",
                                          value=str(self.minutes), parse=parse_minutes,
                                          hint=f"1 to {MAX_MINUTES} · Enter keeps it"))
        if minutes is not None:
            self._edit(minutes=minutes)

    async def action_day(self) -> None:
        today, shown = self.amtui.today, self.day
        day = await self.ask(TextForm("Which day did the session run?", allow_empty=True,
                                      parse=lambda text: session_day(text, today) if text
                                      else shown,
                                      hint=f"dd/mm or dd/mm/yyyy (now {shown:%d/%m/%Y}) · "
                                      "Esc cancels"))
        if day is not None:
            self._edit(on=day)

    def _edit(self, *, on: date | None = None, minutes: int | None = None,
              note: str | None = None) -> None:
        """Correct the session (or make it, if not yet stored): history keeps what it was."""
        app = self.amtui
        session = self.session or sessions.NewSession(self.programme_id, self.day, self.minutes)

        def write() -> None:
            self.session_id = sessions.edit_session(
                app.db, app.user, session, on=on or self.day,
                minutes=minutes or self.minutes,
                note=note if note is not None else (self.session.note if self.session else ""),
                today=app.today)
            self.day = on or self.day

        self.save(write)

    def action_back(self) -> None:
        self.dismiss()
