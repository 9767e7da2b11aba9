"""Forms for programmes: set one up or edit it (from a bank entry or blank), and find a pupil
to give a place by typing part of their name. Each dismisses with a value and never saves: the
screen that asked stores it, and on a refusal asks again with what was typed and the reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from amtui.core.errors import AmtuiError, InvalidInput
from amtui.core.models import Pupil
from amtui.core.programmes import Intervention, Plan, days_text, parse_days
from amtui.core.terms import parse_day
from amtui.screens.forms import FORM_CSS, Form
from amtui.widgets.type_ahead import fold

DATE_FORMAT = "%d/%m/%Y"
MATCHES_SHOWN = 8

# (field id, label, hint shown in the field); the plan's fields come first
PLAN_FIELDS = (
    ("name", "Name", "e.g. Maths booster"),
    ("subject", "For", "a subject or an attitude area"),
    ("description", "Description", "e.g. focussed teaching with the TA"),
    ("per_week", "A week", "sessions a week, e.g. 3"),
    ("minutes", "Minutes", "length of a session, e.g. 15"),
    ("exit_criterion", "Exit when", "e.g. back on track in maths for two half-terms"),
)
RUN_FIELDS = (
    ("staff", "Run by", "initials, e.g. JPA, OM"),
    ("start", "Starts", "dd/mm/yyyy"),
    ("end", "Ends", "dd/mm/yyyy, or leave empty"),
    ("days", "Days", "e.g. Mon Wed Fri, or leave empty"),
)

Values = dict[str, str]


def show_date(day: date | None) -> str:
    return f"{day:{DATE_FORMAT}}" if day is not None else ""


def pick_subject(text: str, choices: Sequence[str]) -> str:
    """The choice named (any case), or the only one starting with `text`."""
    typed = fold(text.strip())
    exact = [choice for choice in choices if fold(choice) == typed]
    starting = [choice for choice in choices if fold(choice).startswith(typed)]
    found = exact or (starting if typed else [])
    if len(found) != 1:
        raise InvalidInput(f"“{text}” is not one of {', '.join(choices)} — type one of them")
    return found[0]


def _whole(text: str, what: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise InvalidInput(f"“{text}” is not a number of {what} — type a whole number, e.g. "
                           "3") from None


@dataclass(frozen=True, slots=True)
class Draft:
    """A programme as typed: its plan and, unless only a plan was asked for, how it runs."""

    plan: Plan
    staff: list[str]
    start: date | None
    end: date | None
    days: tuple[int, ...]
    values: Values  # what was typed, to ask again with after a refusal


def plan_values(plan: Plan) -> Values:
    return {"name": plan.name, "subject": plan.subject, "description": plan.description,
            "per_week": str(plan.per_week), "minutes": str(plan.minutes),
            "exit_criterion": plan.exit_criterion}


def programme_values(programme: Intervention) -> Values:
    return {**plan_values(programme.plan), "staff": ", ".join(programme.staff),
            "start": show_date(programme.start), "end": show_date(programme.end),
            "days": days_text(programme.days)}


def read_draft(values: Values, subjects: Sequence[str], staff: Sequence[str], *,
               plan_only: bool, today: date) -> Draft:
    """The typed fields as a draft, or `InvalidInput` for the first that is not right."""
    plan = Plan(name=values["name"].strip(), subject=pick_subject(values["subject"], subjects),
                description=values["description"].strip(),
                per_week=_whole(values["per_week"], "sessions"),
                minutes=_whole(values["minutes"], "minutes"),
                exit_criterion=values["exit_criterion"].strip())
    if plan_only:
        return Draft(plan, [], None, None, (), values)
    runners = [initials.strip().upper() for initials in values["staff"].split(",")
               if initials.strip()]
    unknown = [initials for initials in runners if initials not in staff]
    if unknown:
        raise InvalidInput(f"no member of staff has the initials {', '.join(unknown)} — type "
                           "initials such as " + ", ".join(list(staff)[:3]))
    end = values["end"].strip()
    return Draft(plan, runners, parse_day(values["start"], today),
                 parse_day(end, today) if end else None,
                 parse_days(values["days"]), values)


class ProgrammeForm(Form[Draft | None]):
    """Every field of a programme (or of a bank entry, `plan_only`): Tab moves between them,
    ⏎ keeps the lot; a field that is not right is named, and what was typed stays."""

    DEFAULT_CSS = FORM_CSS.format(name="ProgrammeForm") + """
    ProgrammeForm > Vertical { width: 90; }
    ProgrammeForm VerticalScroll { height: auto; max-height: 18; }
    ProgrammeForm Horizontal { height: 1; }
    ProgrammeForm .field-label { width: 12; }
    ProgrammeForm Input { width: 1fr; height: 1; border: none; padding: 0; }
    """

    def __init__(self, title: str, values: Values, subjects: Sequence[str],
                 staff: Sequence[str], *, today: date, plan_only: bool = False,
                 error: str = "") -> None:
        super().__init__()
        self.title_text, self.values, self.error, self.today = title, values, error, today
        self.subjects, self.staff, self.plan_only = list(subjects), list(staff), plan_only

    @property
    def fields(self) -> tuple[tuple[str, str, str], ...]:
        return PLAN_FIELDS if self.plan_only else PLAN_FIELDS + RUN_FIELDS

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title")
            with VerticalScroll():
                for key, label, placeholder in self.fields:
                    with Horizontal():
                        yield Label(label, classes="field-label")
                        yield Input(self.values.get(key, ""), placeholder=placeholder,
                                    id=f"field-{key}")
            hint = self.error or (f"For: {', '.join(self.subjects)} · Tab next field · "
                                  "⏎ keeps it · Esc cancels")
            yield Static(hint, classes="error" if self.error else "hint", id="hint",
                         markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def typed(self) -> Values:
        return {key: self.query_one(f"#field-{key}", Input).value for key, _, _ in self.fields}

    def submit(self, text: str) -> None:
        try:
            draft = read_draft(self.typed(), self.subjects, self.staff, plan_only=self.plan_only,
                               today=self.today)
        except AmtuiError as exc:
            self.refuse(str(exc))
            return
        self.finish(draft)


def pupil_matches(typed: str, pupils: Sequence[Pupil]) -> list[Pupil]:
    """Pupils any of whose names starts with what is typed (accents and case aside)."""
    words = fold(typed).split()
    if not words:
        return []

    def matches(pupil: Pupil) -> bool:
        names = fold(f"{pupil.forename} {pupil.surname}").replace("-", " ").split()
        return all(any(name.startswith(word) for name in names) for word in words)

    return [pupil for pupil in pupils if matches(pupil)]


class FinderText(Input):
    """The finder's text field: ↓ goes down to the pupils it matches."""

    BINDINGS = [Binding("down", "screen.to_list", "Pupils", show=False)]


class PupilFinder(Form[str | None]):
    """Type part of a name: the pupils it matches are listed (those the user may change; if
    none, the others, marked with their class); ↓ to pick one, or ⏎ takes the first."""

    DEFAULT_CSS = FORM_CSS.format(name="PupilFinder")

    def __init__(self, title: str, yours: Sequence[Pupil], others: Sequence[Pupil]) -> None:
        super().__init__()
        self.title_text, self.yours, self.others = title, list(yours), list(others)
        self.shown: list[Pupil] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title")
            yield FinderText(placeholder="part of a name, e.g. wei bro", id="text")
            yield OptionList(id="matches")
            yield Static("type part of a name · ↓ to the list · ⏎ takes the first · Esc "
                         "cancels", classes="hint", id="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.query_one(OptionList).display = False

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        mine = pupil_matches(event.value, self.yours)
        self.shown = (mine or pupil_matches(event.value, self.others))[:MATCHES_SHOWN]
        options = self.query_one(OptionList)
        options.clear_options()
        for pupil in self.shown:
            marker = "" if mine else "  (not your class)"
            options.add_option(Option(f"{pupil.display_name}  {pupil.class_name}{marker}"))
        options.display = bool(self.shown)
        hint = self.query_one("#hint", Static)
        hint.set_classes("hint")
        hint.update("no pupil matches — type less of the name" if event.value.strip()
                    and not self.shown else "↓ to the list · ⏎ takes the first · Esc cancels")

    def action_to_list(self) -> None:
        options = self.query_one(OptionList)
        if self.shown:
            options.focus()
            options.highlighted = 0

    def submit(self, text: str) -> None:
        if not self.shown:
            self.refuse("no pupil matches — type part of their forename or surname")
            return
        self.finish(self.shown[0].upn)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.finish(self.shown[event.option_index].upn)
