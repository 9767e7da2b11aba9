"""Pupil mode: the class's pupils fill in their own self-assessment on the teacher's machine.
`start_pupil_mode` locks the app (`AmtuiApp.lock`) and shows the class's names; a pupil picks
theirs and answers one question a screen (`PupilQuestions`); then the names come back for the
next pupil. It stays locked until a member of staff signs in (ctrl+o), which closes it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import OptionList, Static

from amtui.core.errors import NotFound
from amtui.core.models import Pupil
from amtui.core.terms import Term
from amtui.screens.pupil_mode_base import BASE_CSS, TEACHER_CLOSES, PupilModeScreen
from amtui.screens.pupil_mode_question import PupilQuestions
from amtui.screens.pupil_mode_questions import list_names
from amtui.store import pupils, self_assessment

if TYPE_CHECKING:
    from amtui.app import AmtuiApp

THANK_YOU = "Thank you — your answers are saved. Next, find your name."


def start_pupil_mode(app: AmtuiApp, class_name: str, term: Term, upn: str | None = None) -> None:
    """Hand the keyboard to `class_name`'s pupils for `term`'s self-assessment; with `upn`,
    straight to that pupil's questions (the name list follows, for the next pupil). Refused,
    before anything is locked, to staff who may not change the class's records, and where no
    one could sign in to end it."""
    name = self_assessment.pupil_mode_class(app.db, app.user, class_name)
    class_pupils = pupils.list_pupils(app.db, name)
    chosen = [p for p in class_pupils if p.upn == upn]
    if upn is not None and not chosen:
        raise NotFound(f"that pupil is not in {name} — pick one of the class's pupils")
    app.lock()
    names = PupilNames(class_pupils, term)
    app.push_screen(names)
    if chosen:
        app.push_screen(PupilQuestions(chosen[0], term), names.finished)


class PupilNames(PupilModeScreen):
    """The class's names (first name, surname initial): ↑↓ to one's own, ⏎ to start."""

    DEFAULT_CSS = BASE_CSS.format(name="PupilNames") + """
    PupilNames #ask { width: 100%; height: auto; padding: 1 2; margin: 1 0;
                      text-style: bold; background: $boost; border: tall $accent; }
    PupilNames OptionList { height: 1fr; max-width: 60; border: none; margin: 0 2; }
    """
    HINT = f"↑↓ find your name  ⏎ start · {TEACHER_CLOSES}"

    def __init__(self, class_pupils: list[Pupil], term: Term) -> None:
        super().__init__()
        self.class_pupils = class_pupils
        self.term = term

    def compose(self) -> ComposeResult:
        yield Static(id="top")
        yield Static("Who are you? Find your name and press ⏎", id="ask")
        yield OptionList(*list_names([(p.forename, p.surname) for p in self.class_pupils]))
        yield Static(self.HINT, id="said")

    def on_mount(self) -> None:
        half_term = self.amtui.scheme.calendar.names[self.term.half_term - 1]
        self.query_one("#top", Static).update(f"My self-assessment · {half_term}")
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.app.push_screen(PupilQuestions(self.class_pupils[event.option_index], self.term),
                             self.finished)

    def finished(self, _: None) -> None:
        """A pupil answered the last question: thank them; the list is the next pupil's."""
        names = self.query_one(OptionList)
        names.highlighted = 0
        names.focus()
        self.say(THANK_YOU)
