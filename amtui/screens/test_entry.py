"""Entering a half-term test: pupils as rows, questions as columns under their sections. A key
(`.` wrong, `/` partly, `x` right, space or ⌫ blank) saves the answer at once — raising the
criteria sheet with it — and moves on along the row: a teacher enters one pupil's paper at a
time, and after the last question goes on to the next pupil's first. Each row ends with the
pupil's section scores and total. Another class's teacher may only look."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from amtui.core.criteria import Mark
from amtui.core.models import Pupil
from amtui.core.tests_scoring import (
    Question,
    SectionScore,
    new_test_name,
    section_scores,
    sections,
    total_score,
)
from amtui.screens.base import AmtuiScreen
from amtui.screens.pickers import Choice, Picker
from amtui.store import access, criteria_banks, half_term_tests, pupils
from amtui.store.half_term_tests import Answer, HalfTermTest
from amtui.widgets.header import AppHeader
from amtui.widgets.key_bar import ALWAYS_SHOWN, KeyBar

NAME_WIDTH = 16
CELL = 3  # a question's column: two spaces and the mark (room for numbers from 10)
HEADER_LINES = 2  # section names, then question numbers
SCORE_HEADING = 5  # letters of a section's name above its score


@dataclass(frozen=True, slots=True)
class PickedTest:
    """A test picked (`test_id`), or a new test to make at `stage` (`test_id` None)."""

    test_id: int | None
    stage: int


def score_width(score: SectionScore) -> int:
    """A score's column at a row's end: room for its heading's first letters, or "30/30"."""
    return max(SCORE_HEADING, len(f"{score.out_of}/{score.out_of}")) + 1


def window(first: int, cursor: int, fits: int, count: int) -> int:
    """The first of `fits` items to show out of `count` so that `cursor` is among them."""
    if cursor < first:
        first = cursor
    elif cursor >= first + fits:
        first = cursor - fits + 1
    return max(0, min(first, count - fits))


class HalfTermTestSheet(AmtuiScreen):
    """One half-term test for the app's class."""

    CSS_PATH = "test_entry.tcss"
    HELP_TITLE = "Half-term test"
    TYPING_HELP = (
        (". / x", "wrong, partly, right: saved at once (the criteria sheet rises with it), then "
                  "on along the row — after the last question, the next pupil's first"),
        ("space ⌫", "not attempted"),
    )
    BINDINGS = [
        Binding("full_stop", "mark(1)", "Wrong"),
        Binding("slash", "mark(2)", "Partly"),
        Binding("x", "mark(3)", "Right"),
        Binding("space,backspace", "mark(0)", "Blank"),
        Binding("left", "move(0, -1)", "←", show=False),
        Binding("right", "move(0, 1)", "→", show=False),
        Binding("up", "move(-1, 0)", "↑", show=False),
        Binding("down", "move(1, 0)", "↓", show=False),
        Binding("home", "move(0, -999)", "Row start", show=False),
        Binding("end", "move(0, 999)", "Row end", show=False),
        Binding("escape", "back", "Grid", group=ALWAYS_SHOWN),
    ]

    def __init__(self, test_id: int) -> None:
        super().__init__()
        self.test_id = test_id
        self.test: HalfTermTest | None = None
        self.pupils: list[Pupil] = []
        self.answers: dict[str, dict[int, Answer]] = {}
        self.wording: dict[int, str] = {}
        self.row = self.column = 0
        self.first_row = self.first_column = 0

    def compose(self) -> ComposeResult:
        yield AppHeader(id="header")
        yield Static(id="sheet", markup=False)
        yield Static(id="explain", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        self.draw()

    # ---- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        app = self.amtui
        test = self.test = half_term_tests.get_test(app.db, self.test_id)
        readable = access.readable(app.db, app.user)
        self.pupils = [p for p in pupils.list_pupils(app.db, app.class_name)
                       if readable is None or p.upn in readable]
        self.answers = half_term_tests.answers(app.db, test.id)
        self.wording = {c.number: f"{c.code} {c.text}" for c in
                        criteria_banks.criteria_for(app.db, test.subject, test.stage)}
        self.view_only = access.class_refusal(app.db, app.user, app.class_name)
        header = self.query_one(AppHeader)
        header.set_title(app.title_line())
        parts = [test.name, app.class_name, f"{len(self.pupils)} pupils",
                 f"{len(test.questions)} questions"]
        header.set_detail(" · ".join(parts + (["view only"] if self.view_only else [])))
        self.draw()

    # ---- drawing ----------------------------------------------------------------------------

    @property
    def questions(self) -> tuple[Question, ...]:
        return self.test.questions if self.test is not None else ()

    def scores(self, upn: str) -> list[SectionScore]:
        marks = {n: answer.mark for n, answer in self.answers.get(upn, {}).items()}
        return section_scores(self.questions, marks)

    def draw(self) -> None:
        if self.test is None or not self.is_mounted:
            return
        sheet = self.query_one("#sheet", Static)
        if not self.pupils:
            sheet.update(f"No pupils in {self.amtui.class_name or 'this class'} yet")
            self.say("")
            return
        sheet.update(self.render_sheet(sheet.size.width or self.size.width,
                                       sheet.size.height or self.size.height - 4))
        self.explain()

    def render_sheet(self, width: int, height: int) -> Text:
        questions = self.questions
        blank = self.scores(self.pupils[0].upn)
        ends = [*blank, total_score(blank)]
        tail = sum(score_width(score) for score in ends) + 1
        breaks = len(sections(questions))
        fits = max(1, (width - NAME_WIDTH - tail - breaks) // CELL)
        self.first_column = window(self.first_column, self.column, fits, len(questions))
        shown = questions[self.first_column:self.first_column + fits]
        rows = max(1, height - HEADER_LINES)
        self.first_row = window(self.first_row, self.row, rows, len(self.pupils))
        text = Text(no_wrap=True, overflow="crop")
        text.append_text(self._heading(shown, ends, numbers=False))
        text.append_text(self._heading(shown, ends, numbers=True))
        for index in range(self.first_row, min(len(self.pupils), self.first_row + rows)):
            text.append_text(self._pupil_line(index, shown))
        text.rstrip()
        return text

    def _heading(self, shown: tuple[Question, ...], ends: list[SectionScore], *,
                 numbers: bool) -> Text:
        """Above the questions, each section's name over its columns (or, with `numbers`, the
        question numbers); above the scores, the sections (or what each is out of)."""
        line = Text("Question".ljust(NAME_WIDTH) if numbers else " " * NAME_WIDTH, style="bold")
        for section, group in groupby(shown, key=lambda question: question.section):
            cells = list(group)
            if numbers:
                line.append("│" + "".join(f"{q.number:>{CELL}}" for q in cells), style="dim")
            else:
                line.append("│" + section[:CELL * len(cells)].ljust(CELL * len(cells)),
                            style="bold")
        line.append(" ")
        for score in ends:
            label = f"/{score.out_of}" if numbers else score.section
            line.append(label[:score_width(score) - 1].rjust(score_width(score)),
                        style="dim" if numbers else "bold")
        return line + "\n"

    def _pupil_line(self, index: int, shown: tuple[Question, ...]) -> Text:
        pupil = self.pupils[index]
        here = index == self.row
        line = Text(pupil.display_name[:NAME_WIDTH - 1].ljust(NAME_WIDTH),
                    style="bold" if here else "")
        marks = self.answers.get(pupil.upn, {})
        previous = None
        for position, question in enumerate(shown, start=self.first_column):
            if question.section != previous:
                line.append("│", style="dim")
                previous = question.section
            answer = marks.get(question.number)
            symbol = answer.mark.symbol if answer else " "
            cursor = here and position == self.column
            line.append(f"{symbol:>{CELL}}", style="reverse" if cursor else "")
        scores = self.scores(pupil.upn)
        line.append(" ")
        for score in [*scores, total_score(scores)]:
            shown_score = str(score.scored) if marks else ""  # no paper entered yet
            line.append(shown_score.rjust(score_width(score)),
                        style="bold" if score.section == "Total" else "")
        return line + "\n"

    def explain(self) -> None:
        """The status line: the question under the cursor, its criterion, the pupil's scores."""
        pupil = self.pupils[self.row]
        question = self.questions[self.column]
        scores = self.scores(pupil.upn)
        parts = [pupil.display_name, f"Q{question.number} {question.section}",
                 self.wording.get(question.criterion, f"criterion {question.criterion}"),
                 " · ".join(str(s) for s in [*scores, total_score(scores)])]
        self.say(" · ".join(parts))

    def say(self, text: str, *, error: bool = False) -> None:
        line = self.query_one("#explain", Static)
        line.update(text)
        line.set_class(error, "-error")

    # ---- keys -------------------------------------------------------------------------------

    def action_mark(self, value: int) -> None:
        if self.test is None or not self.pupils:
            return
        upn, number = self.pupils[self.row].upn, self.questions[self.column].number
        found = self.answers.get(upn, {}).get(number)
        app, test_id = self.amtui, self.test.id

        def write() -> None:
            half_term_tests.answer(app.db, app.user, test_id, upn, number, Mark(value),
                                   seen=found.version if found else 0, scheme=app.scheme)

        if self.save(write, reload=self._reload_answers):
            self.action_move(0, 1, wrap=True)

    def _reload_answers(self) -> None:
        if self.test is not None:
            self.answers = half_term_tests.answers(self.amtui.db, self.test.id)

    def action_move(self, rows: int, columns: int, *, wrap: bool = False) -> None:
        """Move the cursor; `wrap`: past the row's end to the next pupil's first question."""
        if not self.pupils or not self.questions:
            return
        last = len(self.questions) - 1
        column = self.column + columns
        if wrap and column > last and self.row < len(self.pupils) - 1:
            self.row, column = self.row + 1, 0
        self.column = max(0, min(last, column))
        self.row = max(0, min(len(self.pupils) - 1, self.row + rows))
        self.draw()

    def action_back(self) -> None:
        self.dismiss()


async def open_test_entry(screen: AmtuiScreen) -> None:
    """From the class grid: pick the subject, then one of its tests this half-term or a new one
    (`n`: at the class's stage), and open it."""
    app = screen.amtui
    if not app.class_name:
        screen.say("Pick a class first (c) — a test is entered for a class", error=True)
        return
    subjects = [s for s in app.scheme.subjects
                if criteria_banks.stages_with_criteria(app.db, s)]
    keys = [s[0].lower() for s in subjects]
    subject = await screen.ask(Picker("Enter a half-term test: which subject?", [
        Choice(s, s, k if keys.count(k) == 1 else "")
        for s, k in zip(subjects, keys, strict=True)]))
    if subject is None:
        return
    tests = half_term_tests.tests_for(app.db, subject, app.term, app.class_name)
    stages = criteria_banks.stages_with_criteria(app.db, subject)
    suggested = criteria_banks.class_stage(app.db, app.class_name, subject, app.term)
    choices = [Choice(test.name, PickedTest(test.id, test.stage), str(i) if i < 10 else "")
               for i, test in enumerate(tests, start=1)]
    choices += [Choice(f"New test: {new_test_name(app.term, subject, stage, app.scheme)}",
                       PickedTest(None, stage), "n" if stage == suggested else "")
                for stage in sorted(stages, key=lambda stage: stage != suggested)]
    picked = await screen.ask(Picker(f"{subject}: which test?", choices))
    if picked is None:
        return
    test_id = picked.test_id
    if test_id is None:
        made: list[HalfTermTest] = []
        name = new_test_name(app.term, subject, picked.stage, app.scheme)
        if not screen.save(lambda: made.append(half_term_tests.create_test(
                app.db, app.user, name, subject, picked.stage, app.term))):
            return
        test_id = made[0].id
    app.push_screen(HalfTermTestSheet(test_id))
