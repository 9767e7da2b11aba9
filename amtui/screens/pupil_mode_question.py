"""Pupil mode, one pupil: one question a screen in large clear type, one key an answer (its
number), saved as it is given; ↑ goes back a question, ↓ on without answering. Only answers given
in this sitting are shown again, so a pupil who picked another's name sees none of theirs."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from amtui.core.models import Pupil, SelfAssessment
from amtui.core.terms import Term
from amtui.screens.pupil_mode_base import BASE_CSS, PupilModeScreen
from amtui.screens.pupil_mode_questions import Question, questions
from amtui.store import meetings, self_assessment

MOST_CHOICES = 9
"""Choices are picked by number, 1 to 9."""


def _choices(question: Question, given: int | str | None) -> Table:
    """Each choice under its number, a blank line apart; ▶ marks the answer given."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for n, words in enumerate(question.choices):
        if n:
            grid.add_row("", "")
        grid.add_row(Text(f"{'▶' if given == n else ' '} {n + 1}", style="bold"), words)
    return grid


class Words(Input):
    """The answer to a question in the pupil's own words: ↑↓ and PgUp/PgDn move between
    questions (an Input would scroll with them)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("scroll_up", "scroll_down", "page_up", "page_down"):
            return False
        return super().check_action(action, parameters)


class PupilQuestions(PupilModeScreen):
    """Every question for `pupil` in `term`; dismissed when the last one is answered."""

    DEFAULT_CSS = BASE_CSS.format(name="PupilQuestions") + """
    PupilQuestions #about { width: 100%; height: auto; margin: 1 0 0 0; color: $text-muted; }
    PupilQuestions #prompt { width: 100%; height: auto; padding: 1 2; margin: 1 0;
                             text-style: bold; background: $boost; border: tall $accent; }
    PupilQuestions #choices { width: 100%; height: auto; padding: 0 2; }
    PupilQuestions Input { margin: 0 2; }
    """
    BINDINGS = [
        *(Binding(str(n), f"answer({n})", "Answer", show=False)
          for n in range(1, MOST_CHOICES + 1)),
        Binding("up,pageup", "back", "Back a question"),
        Binding("down,pagedown", "on", "Next question"),
    ]
    AUTO_FOCUS = None
    HINT = "↑ back  ↓ next · only your teacher can close this (ctrl+o)"

    def __init__(self, pupil: Pupil, term: Term) -> None:
        super().__init__()
        self.pupil = pupil
        self.term = term
        self.asked: list[Question] = []
        self.at = 0
        self.given: dict[str, int | str] = {}
        """The answers given in this sitting, by item."""
        self.own = SelfAssessment(upn=pupil.upn, school_year=term.school_year,
                                  half_term=term.half_term, version=0)

    def compose(self) -> ComposeResult:
        yield Static(id="top")
        yield Static(id="about")
        yield Static(id="prompt")
        yield Static(id="choices")
        yield Words(id="words", placeholder="type here, then ⏎")
        yield Static(self.HINT, id="said")

    def on_mount(self) -> None:
        targets = meetings.targets_to_review(self.amtui.db, self.pupil.upn, self.term,
                                             self.amtui.scheme)
        self.asked = questions(self.amtui.scheme, targets)
        self.reload()
        self.show()

    def reload(self) -> None:
        """Re-read the version to save over (the answers shown are this sitting's)."""
        self.own = self_assessment.get_self_assessment(self.amtui.db, self.pupil.upn, self.term)

    @property
    def question(self) -> Question:
        return self.asked[self.at]

    def show(self) -> None:
        question, scheme = self.question, self.amtui.scheme
        half_term = scheme.calendar.names[self.term.half_term - 1]
        self.query_one("#top", Static).update(
            f"{self.pupil.forename} · my self-assessment · {half_term}"
            f"{'':>8}question {self.at + 1} of {len(self.asked)}")
        self.query_one("#about", Static).update(question.about)
        self.query_one("#prompt", Static).update(question.prompt)
        given = self.given.get(question.item)
        self.query_one("#choices", Static).update(_choices(question, given))
        words = self.query_one("#words", Input)
        words.display = question.takes_words
        words.disabled = not question.takes_words  # nor focused: the digits are the answers
        if question.takes_words:
            words.value = str(given) if given is not None else ""
            words.focus()
        self.say(self.HINT)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            if self.question.takes_words:
                return False  # the digits are typed into the answer
            number = parameters[0]
            return (isinstance(number, int) and number <= len(self.question.choices)) or None
        return True

    def why_not(self, action: str) -> str:
        return f"not a choice here — press a number from 1 to {len(self.question.choices)}"

    def action_answer(self, number: int) -> None:
        self._answer(number - 1)

    @on(Input.Submitted, "#words")
    def _words_given(self, event: Input.Submitted) -> None:
        event.stop()
        self._answer(event.value.strip())

    def _answer(self, answer: int | str) -> None:
        if self._keep(answer):
            self._move(1)

    def _keep(self, answer: int | str) -> bool:
        """Save `answer` to the question shown, unless it is the answer already given; whether
        it is kept."""
        item = self.question.item
        if self.given.get(item, "" if isinstance(answer, str) else None) == answer:
            return True
        if not self.save(lambda: self._write(item, answer)):
            return False
        self.given[item] = answer
        return True

    def _write(self, item: str, answer: int | str) -> None:
        self.own = self_assessment.save_answer(self.amtui.db, self.amtui.user, self.pupil.upn,
                                               self.term, item, answer, seen=self.own.version)

    def action_back(self) -> None:
        self._keep_words()
        self._move(-1)

    def action_on(self) -> None:
        self._keep_words()
        self._move(1)

    def _keep_words(self) -> None:
        """Words typed but not yet sent with ⏎ are kept when the pupil moves on or back."""
        if self.question.takes_words:
            self._keep(self.query_one("#words", Input).value.strip())

    def _move(self, by: int) -> None:
        if self.at + by >= len(self.asked):
            self.dismiss()
            return
        self.at = max(0, self.at + by)
        self.show()
