"""The pupil file's closing sections: the next steps agreed, the support planned, and the
aspirations, judgement and signatures. Like the others (`sections`), each owns its keys and
posts what was decided to the screen, which stores it."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from amtui.core.models import MediumTarget, SupportKind, SupportLine
from amtui.core.programmes import BankProgramme, Intervention
from amtui.screens.forms import ChoiceForm, NextStepForm, TextForm
from amtui.screens.pupil_file import messages, rows
from amtui.screens.pupil_file.data import FileData
from amtui.screens.pupil_file.section import Section

SUPPORT_TITLES: dict[SupportKind, str] = {
    "learning": "Additional support or intervention planned",
    "attitude": "Support planned for attitude"}


class NextStepsSection(Section):
    """The next steps agreed at this meeting: `+` adds one (criteria the pupil has mostly
    achieved are suggested first), ⏎ edits, Del removes."""

    TITLE = "Agreed next steps"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,insert", "add", "Add"),
        Binding("enter,e", "edit", "Edit"),
        Binding("delete", "remove", "Remove")]

    def rows_of(self, data: FileData) -> rows.Shown:
        return rows.next_step_rows(data)

    def hint(self) -> str:
        return "+ adds a next step · ⏎ edits it · Del removes it"

    def may_act(self, action: str) -> bool:
        return action == "add" or self.step() is not None

    def why_not(self, action: str) -> str:
        return "no next step agreed yet — + adds one"

    def step(self) -> MediumTarget | None:
        return self.data.next_step(self.current) if self.data else None

    async def action_add(self) -> None:
        if self.data is None:
            return
        scheme, steps = self.data.scheme, self.data.steps
        last = steps[-1].subject if steps else scheme.core_subjects[0]
        chosen = await self.ask(NextStepForm([*scheme.subjects, "Attitude"], last,
                                             rows.suggestions(self.data)))
        if chosen is not None:
            self.post_message(messages.NextStepAdded(chosen))

    async def action_edit(self) -> None:
        if (step := self.step()) is None:
            return
        text = await self.ask(TextForm[str](f"Next step ({step.subject})", value=step.text))
        if text is not None:
            self.post_message(messages.NextStepEdited(step, text))

    def action_remove(self) -> None:
        if (step := self.step()) is not None:
            self.post_message(messages.NextStepRemoved(step))


class SupportSection(Section):
    """Support planned (`+` for learning, `*` for attitude: typed, from the bank, or a place in
    a programme running now), then the pupil's interventions with their impact, which are
    changed where they are run."""

    TITLE = "Additional support"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,insert", "add('learning')", "Add"),
        Binding("asterisk", "add('attitude')", "Add for attitude"),
        Binding("enter,e", "edit", "Edit"),
        Binding("delete", "remove", "Remove")]

    def rows_of(self, data: FileData) -> rows.Shown:
        return rows.support_rows(data)

    def hint(self) -> str:
        return "+ adds support for learning · * for attitude · ⏎ edits · Del removes"

    def may_act(self, action: str) -> bool:
        return action == "add" or self.line() is not None

    def why_not(self, action: str) -> str:
        if isinstance(self.current, tuple) and self.current[0] == "intervention":
            return "interventions are changed where they are run"
        return "no support line here — + adds one"

    def line(self) -> SupportLine | None:
        key = self.current
        if self.data is None or not isinstance(key, tuple) or key[0] != "line":
            return None
        return self.data.support_line(key[1])

    async def action_add(self, kind: SupportKind) -> None:
        """Typed support, a bank plan's text, or a place in a programme running now."""
        from amtui.screens.pupil_file.support_form import SupportForm

        if self.data is None:
            return
        chosen = await self.ask(SupportForm(
            SUPPORT_TITLES[kind], rows.support_offers(self.data, kind),
            hint="e.g. focussed teaching with a TA, 3 × 15 minutes a week"))
        if chosen is None:
            return
        if isinstance(chosen.picked, Intervention):
            self.post_message(messages.PlaceGiven(chosen.picked))
        elif isinstance(chosen.picked, BankProgramme):
            self.post_message(messages.SupportAdded(kind, rows.bank_text(chosen.picked.plan)))
        else:
            self.post_message(messages.SupportAdded(kind, chosen.text))

    async def action_edit(self) -> None:
        if (line := self.line()) is None:
            return
        text = await self.ask(TextForm[str](SUPPORT_TITLES[line.kind], value=line.text))
        if text is not None:
            self.post_message(messages.SupportEdited(line, text))

    def action_remove(self) -> None:
        if (line := self.line()) is not None:
            self.post_message(messages.SupportRemoved(line))


class ClosingSection(Section):
    """The pupil's aspirations (`e`) and the agreed judgement (`j`); the signatures are the
    screen's (ctrl+s)."""

    TITLE = "Aspirations, judgement, signatures"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "aspirations", "Aspirations"),
        Binding("j", "judgement", "Judgement")]

    def rows_of(self, data: FileData) -> rows.Shown:
        return rows.closing_rows(data)

    def hint(self) -> str:
        return "e aspirations · j the agreed judgement · ctrl+s signs"

    def may_act(self, action: str) -> bool:
        return self.data is not None

    async def action_aspirations(self) -> None:
        if self.data is None:
            return
        meeting = self.data.meeting
        text = await self.ask(TextForm[str]("Aspirations — what the pupil wants to be or do",
                                            value=meeting.aspirations, allow_empty=True))
        if text is not None:
            self.post_message(messages.AspirationsGiven(text, meeting.version))

    async def action_judgement(self) -> None:
        if self.data is None:
            return
        scheme, meeting = self.data.scheme, self.data.meeting
        said = self.data.own.ratings.get("overall", meeting.pupil_judgement)
        chosen = await self.ask(ChoiceForm(
            "The agreed judgement" + (f" (the pupil said {scheme.judgements[said]})"
                                      if said is not None else ""),
            [(key, label, n) for n, (key, label)
             in enumerate(zip(rows.judgement_keys(scheme), scheme.judgements, strict=True))],
            hint="press its key (or ↑↓ and ⏎) · Esc cancels"))
        if chosen is not None:
            self.post_message(messages.JudgementChosen(chosen, meeting.version))
