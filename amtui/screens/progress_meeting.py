"""The progress meeting (senior leaders and admins): the whole school's pupils off track, red
before amber, with their programmes and how those work; who exceeded their targets; who left a
programme on track; meetings not yet held or signed; counts by group. Filters by class (`c`),
subject (`s`) and group (`g`), `0` clears them; the half-term follows the app's keys. The data
is read in a worker on a connection of its own (seconds for a 2,000-pupil school), while the
last reading stays on screen."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from amtui.core.errors import AmtuiError
from amtui.core.terms import Term, year_label
from amtui.screens.base import AmtuiScreen
from amtui.screens.pickers import Choice, Picker, class_choices
from amtui.screens.printing import Job, PrintDone, Progress, start_printing
from amtui.screens.progress_sections import SECTIONS, MeetingSection, PupilChosen
from amtui.store import access, history, pupils
from amtui.store.progress_meeting import GROUPS, Filters, ProgressMeeting, progress_meeting
from amtui.widgets.header import AppHeader
from amtui.widgets.key_bar import ALWAYS_SHOWN, KeyBar

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from amtui.app import AmtuiApp
    from amtui.core.models import Staff
    from amtui.core.scheme import Scheme
    from amtui.report.printing import PrintResult

ALL = ""
"""The pickers' "every class / subject / group" choice (a picker's None is Esc)."""


def open_progress_meeting(app: AmtuiApp) -> None:
    """The progress meeting, or the store's reason why not on the status line (from the grid's
    `G` and the palette)."""
    if isinstance(app.screen, ProgressMeetingScreen):
        return
    try:
        access.check_overview(app.user)
    except AmtuiError as refused:
        say = getattr(app.screen, "say", None)
        if callable(say):
            say(f"Progress meeting: {refused}", error=True)
        else:
            app.notify(str(refused), title="Progress meeting", severity="warning")
        return
    app.push_screen(ProgressMeetingScreen())


def progress_file_name(term: Term, filters: Filters) -> str:
    """`Progress meeting T2 2026-27.pdf`, `Progress meeting T2 2026-27 class 5W, Maths.pdf`."""
    chosen = "" if filters == Filters() else " " + filters.describe()
    name = f"Progress meeting T{term.half_term} {year_label(term.school_year)}{chosen}"
    return re.sub(r"[^\w ,.+-]", "", name, flags=re.ASCII) + ".pdf"


def progress_job(term: Term, filters: Filters, who: Staff, today: date) -> Job:
    """The progress meeting's PDF as shown (half-term and filters), into the print folder."""

    def job(db: Any, scheme: Scheme, folder: Path | None, progress: Progress) -> PrintResult:
        from amtui.report.printing import PrintResult, output_folder, send_to_printer
        from amtui.report.progress import write_progress_pdf

        meeting = progress_meeting(db, scheme, term, today, who, filters)
        out = (folder or output_folder(scheme)) / progress_file_name(term, filters)
        write_progress_pdf(meeting, scheme, scheme.school, out, today)
        return PrintResult([out], send_to_printer([out], scheme))

    return job


class MeetingRead(Message):
    """The worker's reading for `term` and `filters`: the meeting, or why it could not be read."""

    def __init__(self, term: Term, filters: Filters, meeting: ProgressMeeting | None,
                 error: str = "") -> None:
        super().__init__()
        self.term, self.filters, self.meeting, self.error = term, filters, meeting, error


class ProgressMeetingScreen(AmtuiScreen):
    """The sections one under the other; the summary line and filters in the header."""

    CSS_PATH = "progress_meeting.tcss"
    HELP_TITLE = "Progress meeting"
    BINDINGS = [
        *[Binding(str(n), f"section({n})", f"Go to {kind.TITLE.lower()}", show=False)
          for n, kind in enumerate(SECTIONS, start=1)],
        Binding("c", "filter_class", "Class"),
        Binding("s", "filter_subject", "Subject"),
        Binding("g", "filter_group", "Group"),
        Binding("0", "clear_filters", "All pupils"),
        Binding("t", "app.next_term", "Next term"),
        Binding("T", "app.previous_term", "Previous term", show=False),
        Binding("ctrl+t", "app.pick_term", "Pick half-term", show=False),
        Binding("Y", "app.pick_year", "School year", show=False),
        Binding("p", "print", "Print", group=ALWAYS_SHOWN),
        Binding("escape", "back", "Grid", group=ALWAYS_SHOWN),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filters = Filters()
        self.meeting: ProgressMeeting | None = None
        self.reading = False
        self.printing = False
        self._seen_change = -1

    def compose(self) -> ComposeResult:
        yield AppHeader(id="header")
        with VerticalScroll(id="sections", can_focus=False):
            for number, kind in enumerate(SECTIONS, start=1):
                yield kind(number)
        yield Static(id="status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.app, "term", self.reload, init=False)
        self.set_focus(self.query_one(SECTIONS[0]))
        self.reload()

    def on_screen_resume(self) -> None:
        if self._seen_change >= 0 and history.latest_id(self.amtui.db) != self._seen_change:
            self.reload()  # changed in a pupil's file (or by someone else) meanwhile

    # ---- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        app = self.amtui
        self._seen_change = history.latest_id(app.db)
        self.reading = True
        self._show_header()
        self._read(app.term, self.filters)

    @work(thread=True, exclusive=True, group="progress-meeting")
    def _read(self, term: Term, filters: Filters) -> None:
        app = self.amtui
        try:
            with app.worker_db() as db:
                meeting = progress_meeting(db, app.scheme, term, app.today, app.user, filters)
        except AmtuiError as refused:
            self.post_message(MeetingRead(term, filters, None, str(refused)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(MeetingRead(term, filters, meeting))

    @on(MeetingRead)
    def _read_done(self, event: MeetingRead) -> None:
        if (event.term, event.filters) != (self.amtui.term, self.filters):
            return  # an older reading: the newer one is on its way
        self.reading = False
        if event.meeting is None:
            self._show_header()
            self.say(event.error, error=True)
            return
        self.meeting = event.meeting
        for section in self.query(MeetingSection):
            section.show_meeting(event.meeting, self.amtui.scheme)
        self._show_header()
        self.say("⏎ opens a pupil's file · 1–5 jump to a section · c s g filter, 0 clears")

    def _show_header(self) -> None:
        app, header = self.amtui, self.query_one(AppHeader)
        header.set_title(" · ".join((f"Progress meeting · {self.filters.describe()}",
                                     app.term.label(app.scheme),
                                     f"{app.user.initials} {app.user.role}")))
        meeting = self.meeting
        if meeting is None or (meeting.term, meeting.filters) != (app.term, self.filters):
            header.set_detail(f"Reading {app.term.label(app.scheme)} · "
                              f"{self.filters.describe()}…")
        else:
            header.set_detail(meeting.summary_line(app.scheme))

    def say(self, text: str, *, error: bool = False) -> None:
        line = self.query_one("#status", Static)
        line.update(text)
        line.set_class(error, "-error")

    # ---- moving and opening -----------------------------------------------------------------

    def action_section(self, number: int) -> None:
        section = self.query_one(SECTIONS[number - 1])
        self.set_focus(section)
        section.scroll_visible(top=True, animate=False)

    @on(PupilChosen)
    def _pupil_chosen(self, event: PupilChosen) -> None:
        self.amtui.open_pupil(event.upn, event.upns)

    def action_back(self) -> None:
        self.dismiss()

    # ---- filters ----------------------------------------------------------------------------

    def _filter(self, **changes: str | None) -> None:
        chosen = replace(self.filters, **changes)
        if chosen != self.filters:
            self.filters = chosen
            self.reload()

    async def action_filter_class(self) -> None:
        choices = [Choice("All classes", ALL, "0"),
                   *class_choices(pupils.list_classes(self.amtui.db))]
        picked = await self.ask(Picker("Show which class", choices,
                                       self.filters.class_name or ALL))
        if picked is not None:
            self._filter(class_name=picked or None)

    async def action_filter_subject(self) -> None:
        subjects = self.amtui.scheme.subjects
        choices = [Choice("All subjects", ALL, "0"),
                   *(Choice(s, s, str(n)) for n, s in enumerate(subjects, start=1))]
        picked = await self.ask(Picker("Show which subject", choices,
                                       self.filters.subject or ALL))
        if picked is not None:
            self._filter(subject=picked or None)

    async def action_filter_group(self) -> None:
        choices = [Choice("All pupils", ALL, "0"),
                   *(Choice(label, key, str(n))
                     for n, (key, (label, _)) in enumerate(GROUPS.items(), start=1))]
        picked = await self.ask(Picker("Show which group", choices, self.filters.group or ALL))
        if picked is not None:
            self._filter(group=picked or None)

    def action_clear_filters(self) -> None:
        self._filter(class_name=None, subject=None, group=None)

    # ---- printing ---------------------------------------------------------------------------

    def action_print(self) -> None:
        """The PDF of what is shown (half-term, filters), in the print worker."""
        app = self.amtui
        self.printing = True
        self.refresh_bindings()
        self.notify("Printing…", timeout=2)
        start_printing(self, progress_job(app.term, self.filters, app.user, app.today),
                       "Progress meeting")

    def on_print_done(self, message: PrintDone) -> None:
        self.printing = False
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "print" and self.printing else True

    def why_not(self, action: str) -> str:
        if action == "print" and self.printing:
            return "the progress meeting is being printed — it says when it is done"
        return super().why_not(action)
