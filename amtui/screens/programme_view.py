"""One programme: its plan in a line, then each pupil's place with its impact — attainment at
entry and now, steps gained against expected and against classmates not in it, sessions
attended — and the keys to add a pupil, end or remove a place, review it and see its sessions."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from amtui.core.errors import AmtuiError
from amtui.core.impact import Point
from amtui.core.impact_words import NOT_KNOWN, compared_text, sessions_text, signed
from amtui.core.programmes import VERDICT_WORDS, InterventionSession, Verdict
from amtui.core.terms import parse_day
from amtui.screens.forms import ChoiceForm, TextForm
from amtui.screens.programme_form import PupilFinder, show_date
from amtui.screens.programmes import ask_programme, latest_review
from amtui.screens.table_screen import TableScreen
from amtui.store import access, impact, interventions, programme_bank, pupils
from amtui.store.impact import PlaceImpact, ProgrammeReport
from amtui.widgets.key_bar import ALWAYS_SHOWN

COLUMNS = ("Pupil", "Class", "Joined", "Entry", "Now", "Gained", "Expected", "vs expected",
           "vs not in it", "Sessions", "Left")
VERDICT_KEYS: tuple[tuple[str, str, Verdict], ...] = (
    ("e", VERDICT_WORDS["effective"], "effective"),
    ("p", VERDICT_WORDS["partly"], "partly"),
    ("n", VERDICT_WORDS["not"], "not"),
)


def point_text(point: Point | None) -> str:
    return NOT_KNOWN if point is None else f"{point.level} {point.term.code}"


def place_cells(place: PlaceImpact) -> tuple[str, ...]:
    """One pupil's line: who, when they joined, their gain and sessions, and when they left."""
    gain, sessions, joined = place.gain, place.sessions, place.place
    steps = signed(None if gain is None else gain.steps)
    expected = signed(None if gain is None else gain.expected)
    against = signed(None if gain is None else gain.against_expected)
    compared = compared_text(place.comparison)
    left = "" if joined.left is None else f"{show_date(joined.left)} {joined.exit_reason}"
    return (place.pupil.display_name, place.pupil.class_name, show_date(joined.joined),
            point_text(None if gain is None else gain.entry),
            point_text(None if gain is None else gain.now), steps, expected, against, compared,
            sessions_text(sessions), left)


def plan_lines(report: ProgrammeReport) -> str:
    """The plan in a line, what it is, and the latest review."""
    programme = report.programme
    until = f" to {show_date(programme.end)}" if programme.end else ""
    first = (f"{programme.subject} · {programme.summary} · run by {', '.join(programme.staff)}"
             f" · from {show_date(programme.start)}{until}")
    exit_when = programme.plan.exit_criterion or "no exit criterion yet (e edits it)"
    lines = [first, f"Exit when: {exit_when}"]
    if programme.description:
        lines.append(programme.description)
    review = f"Review: {latest_review(report)}"
    if report.reviews and report.reviews[0].changes:
        review += f" — {report.reviews[0].changes}"
    return "\n".join([*lines, review])


def session_table(held: tuple[InterventionSession, ...]) -> Table:
    table = Table.grid(padding=(0, 2))
    for column in ("Date", "Minutes", "Came", "By", "Note"):
        table.add_column(column)
    for session in sorted(held, key=lambda s: s.on, reverse=True):
        table.add_row(f"{session.on:%a %d/%m/%Y}", str(session.minutes),
                      f"{len(session.attended)} of {len(session.marks)}", session.logged_by,
                      Text(session.note))
    return table


class SessionsHeld(ModalScreen[None]):
    """The sessions logged for a programme, newest first (read only here)."""

    DEFAULT_CSS = """
    SessionsHeld {
        align: center middle;
        & > VerticalScroll { width: 80; max-width: 100%; height: auto; max-height: 90%;
                             border: round $accent; background: $surface; padding: 0 1; }
        & .title { text-style: bold; }
        & .hint { color: $text-muted; }
    }
    """
    BINDINGS = [Binding("escape,q,h", "close", "Close")]

    def __init__(self, name: str, held: tuple[InterventionSession, ...]) -> None:
        super().__init__()
        self.programme_name, self.held = name, held

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label(f"{self.programme_name}: {len(self.held)} sessions held",
                        classes="title", markup=False)
            yield Static(session_table(self.held) if self.held else "none logged yet")
            yield Label("Esc closes", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)


class ProgrammeView(TableScreen):
    """A programme and its pupils' places, with their impact."""

    HELP_TITLE = "Programme"
    COLUMNS = COLUMNS
    ABOVE = True
    BINDINGS = [
        Binding("a", "add_pupil", "Add pupil"),
        Binding("x", "end_place", "End place"),
        Binding("backspace", "remove_place", "Remove"),
        Binding("r", "review", "Review"),
        Binding("h", "sessions", "Sessions"),
        Binding("e", "edit", "Edit"),
        Binding("b", "to_bank", "To bank"),
        Binding("escape", "back", "Programmes", group=ALWAYS_SHOWN),
    ]

    def __init__(self, programme_id: int) -> None:
        super().__init__()
        self.programme_id = programme_id
        self.report: ProgrammeReport | None = None

    def reload(self) -> None:
        app = self.amtui
        try:
            self.report = impact.programme_report(app.db, app.scheme, app.today,
                                                  self.programme_id)
        except AmtuiError as exc:
            self.notify(str(exc), severity="warning")
            self.dismiss()
            return
        report = self.report
        self.query_one("#above", Static).update(plan_lines(report))
        now = len(report.programme.members_on(app.today))
        self.fill(((place.place.upn, place_cells(place)) for place in report.places),
                  f"{report.programme.name} · {now} pupils now · {len(report.held)} sessions "
                  "held")

    def place(self) -> PlaceImpact | None:
        upn = self.cursor_key()
        if self.report is None or upn is None:
            return None
        return next((p for p in self.report.places if p.place.upn == upn), None)

    def explain(self) -> None:
        place = self.place()
        if place is None:
            self.say("No pupils yet — a adds one by typing part of their name")
        elif place.gain is None:
            self.say(f"{place.pupil.full_name}: an attitude area — its colours are in the "
                     "pupil file")
        elif not place.gain.known:
            self.say(f"{place.pupil.full_name}: gain not known — {place.gain.reason}")
        else:
            half_terms = place.gain.half_terms
            self.say(f"{place.pupil.full_name}: {place.gain.steps} gained in {half_terms} "
                     f"half-term{'' if half_terms == 1 else 's'}, {place.gain.expected} "
                     "expected — ⏎ opens their file")

    def chosen(self) -> None:
        upn = self.cursor_key()
        if upn is not None and self.report is not None:
            self.amtui.open_pupil(upn, [p.place.upn for p in self.report.places])

    # ---- places ------------------------------------------------------------------------------

    async def action_add_pupil(self) -> None:
        app, report = self.amtui, self.report
        if report is None:
            return
        programme = report.programme
        everyone = sorted((p for p in pupils.list_pupils(app.db)
                           if p.upn not in programme.members_on(app.today)),
                          key=lambda p: p.sort_key)
        yours = [p for p in everyone if access.may_edit_pupil(app.db, app.user, p.upn)]
        upn = await self.ask(PupilFinder(f"Add a pupil to {programme.name}", yours,
                                         [p for p in everyone if p not in yours]))
        if upn is None:
            return
        had = programme.place(upn)
        joined = max(app.today, programme.start)
        if self.save(lambda: interventions.add_pupil(app.db, app.user, programme.id, upn,
                                                     seen=had.version if had else 0,
                                                     joined=joined)):
            self.table.move_cursor(row=self.table.get_row_index(upn))
            self.say(f"{pupils.get_pupil(app.db, upn).full_name} joins from "
                     f"{show_date(joined)}")

    async def action_end_place(self) -> None:
        app, chosen = self.amtui, self.place()
        if chosen is None or self.report is None:
            return
        name = chosen.pupil.full_name
        on = await self.ask(TextForm(f"{name} leaves on", value=show_date(app.today),
                                     hint="dd/mm/yyyy", parse=lambda text: parse_day(
                                         text, app.today)))
        if on is None:
            return
        criterion = self.report.programme.plan.exit_criterion
        reason = await self.ask(TextForm[str](f"Why {name}'s place ends", value=criterion,
                                         hint="e.g. the exit criterion is met"))
        if reason is None:
            return
        self.save(lambda: interventions.end_place(app.db, app.user, self.programme_id,
                                                  chosen.place, on, reason))

    async def action_remove_place(self) -> None:
        app, chosen = self.amtui, self.place()
        if chosen is None:
            return
        sure = await self.ask(ChoiceForm[bool](
            f"Remove {chosen.pupil.full_name}'s place, given by mistake?",
            [("y", "Remove it (its history keeps it)", True), ("n", "Keep it", False)],
            hint="to record that a pupil left, use x instead"))
        if sure:
            self.save(lambda: interventions.remove_pupil(app.db, app.user, self.programme_id,
                                                         chosen.place))

    # ---- the programme -----------------------------------------------------------------------

    async def action_review(self) -> None:
        app, report = self.amtui, self.report
        if report is None:
            return
        term = app.term
        existing = next((r for r in report.reviews if (r.school_year, r.half_term)
                         == (term.school_year, term.half_term)), None)
        now = f"now: {VERDICT_WORDS[existing.verdict]}" if existing else "not reviewed yet"
        form: ChoiceForm[Verdict] = ChoiceForm(
            f"Review {report.programme.name}, {term.label(app.scheme)} ({now})",
            list(VERDICT_KEYS), hint=existing.changes if existing else "")
        verdict: Verdict | None = await self.ask(form)
        if verdict is None:
            return
        changes = await self.ask(TextForm[str]("What changes", value=existing.changes if existing
                                          else "", hint="e.g. keep as it is; two pupils may "
                                          "be ready to leave", allow_empty=True))
        if changes is None:
            return
        if self.save(lambda: interventions.review(app.db, app.user, self.programme_id, term,
                                                  verdict, changes,
                                                  seen=existing.version if existing else 0)):
            self.say(f"Reviewed: {VERDICT_WORDS[verdict]}")

    def action_sessions(self) -> None:
        if self.report is not None:
            self.app.push_screen(SessionsHeld(self.report.programme.name, self.report.held))

    async def action_edit(self) -> None:
        if self.report is not None:
            await ask_programme(self, self.report.programme)

    def action_to_bank(self) -> None:
        app, report = self.amtui, self.report
        if report is not None and self.save(
                lambda: programme_bank.add_to_bank(app.db, app.user, report.programme.plan)):
            self.say(f"“{report.programme.name}” is in the bank of programmes")

    def action_back(self) -> None:
        self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("end_place", "remove_place") and self.is_mounted and self.place() is None:
            return None
        if action == "end_place" and (chosen := self.place()) is not None \
                and chosen.place.left is not None:
            return None
        return True

    def why_not(self, action: str) -> str:
        if action == "end_place" and self.place() is not None:
            return "this place has ended already"
        return "pick a pupil first (a adds one)"
