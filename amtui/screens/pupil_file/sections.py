"""The pupil file's sections in meeting order, up to attitude (the rest are in `agreements`).
Each owns its keys, gathers a decision — typed into its row, or asked in a form — and posts it
up to the screen, which stores it."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from textual.binding import Binding, BindingType

from amtui.core.colours import parse_measure
from amtui.core.errors import AmtuiError, InvalidInput
from amtui.core.models import MediumTarget, Review, Target
from amtui.core.progress import SubjectStatus
from amtui.core.scale import Level, parse_level, year_label
from amtui.core.scheme import AttitudeArea
from amtui.core.targets import check_direction
from amtui.screens.forms import ChoiceForm, OverrideForm, TextForm
from amtui.screens.pupil_file import messages, rows
from amtui.screens.pupil_file.data import FileData
from amtui.screens.pupil_file.section import Section
from amtui.widgets.rag import colour_bindings, colour_for_key, colour_keys

MEASURED = ("attendance", "punctuality")  # areas whose colour follows from a typed figure


class ReviewSection(Section):
    """Last half-term's next steps: one key each, achieved / partly / not."""

    TITLE = "Last half-term's targets"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "review('achieved')", "Achieved"),
        Binding("s", "review('partly')", "Partly"),
        Binding("n", "review('not')", "Not achieved")]

    def rows_of(self, data: FileData) -> rows.Shown:
        return rows.review_rows(data)

    def hint(self) -> str:
        return "a achieved · s partly · n not achieved"

    def why_not(self, action: str) -> str:
        return "no targets were set last half-term"

    def target(self) -> MediumTarget | None:
        return self.data.to_review(self.current) if self.data else None

    def action_review(self, review: Review) -> None:
        if (target := self.target()) is not None:
            self.post_message(messages.ReviewGiven(target, review))


class AttainmentSection(Section):
    """Each subject's step (typed into its row), colour, the numbers behind it and its
    targets; `o` overrides the colour with a reason, `t` raises (or lowers) a target."""

    TITLE = "Attainment"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,e", "type_step", "Step"),
        Binding("o", "override", "Override"),
        Binding("t", "change_target", "Target")]

    def rows_of(self, data: FileData) -> rows.Shown:
        return rows.attainment_rows(data)

    def status(self) -> SubjectStatus | None:
        return self.data.status(self.current) if self.data else None

    def hint(self) -> str:
        return "⏎ types the step · o overrides the colour · t changes a target"

    def may_act(self, action: str) -> bool:
        status = self.status()
        if status is None or self.data is None:
            return False
        if action == "override":
            return status.step is not None
        if action == "change_target":
            return bool(self.data.targets_from_now(status.subject))
        return True

    def why_not(self, action: str) -> str:
        subject = self.current
        if action == "override":
            return f"type the {subject} step first (⏎), then override its colour"
        return f"{subject} has no target for this year or later — a starting point sets them"

    def edit_prompt(self) -> str:
        return f"{self.current!s:<10}"

    def action_type_step(self) -> None:
        if self.status() is not None and self.may_change():
            self.start_edit()

    def submit_edit(self, text: str) -> None:
        if self.data is None or (status := self.status()) is None:
            return
        try:
            level = parse_level(text, self.data.scheme.scale)
        except AmtuiError as exc:
            self.refuse(str(exc))
            return
        self.post_message(messages.StepEntered(status.subject, level,
                                               self.data.step_version(status.subject)))

    async def action_override(self) -> None:
        """The colour (one key), then why: both printed on the profile."""
        data, status = self.data, self.status()
        if data is None or status is None:
            return
        seen = data.step_version(status.subject)
        chosen = await self.ask(OverrideForm(status.subject, data.scheme, status.suggested))
        if chosen is not None:
            self.post_message(messages.OverrideChosen(status.subject, chosen, seen))

    async def action_change_target(self) -> None:
        """Which year's target (when there are several), the new step, then why."""
        data, status = self.data, self.status()
        if data is None or status is None:
            return
        subject, year = status.subject, data.record.pupil.year_group
        ladder = data.targets_from_now(subject)
        target = ladder[0] if len(ladder) == 1 else await self.ask(ChoiceForm[Target](
            f"Which {subject} target?",
            [(str(n), f"{year_label(t.year_group)}: {t.step}", t)
             for n, t in enumerate(ladder, start=1)],
            hint=f"this year is {year_label(year)} · press its number · Esc cancels"))
        if target is None:
            return
        lowers = "you may lower it too" if data.role == "slt" else \
            "only a senior leader may lower it"
        step: Level | None = await self.ask(TextForm[Level](
            f"{subject} target for {year_label(target.year_group)} (now {target.step})",
            hint=f"type the new step to raise it; {lowers}",
            parse=partial(new_target, target, data.scheme.scale, data.role)))
        if step is None:
            return
        note = await self.ask(TextForm[str]("Why? (printed on the profile)",
                                            hint="e.g. raised due to good progress"))
        if note is not None:
            self.post_message(messages.TargetChanged(target, step, note))


def new_target(target: Target, scale: str, role: str, text: str) -> Level:
    """A target's new step as typed, refused at once if it is no change or if `role` may not
    make it (a teacher lowering) — before the reason is asked."""
    step = parse_level(text, scale)
    if check_direction(target.step, step, role) == "same":
        raise InvalidInput(f"the target is {step} already — type another step")
    return step


class SelfAssessmentSection(Section):
    """The pupil's own ratings beside the evidence: nothing to change here."""

    TITLE = "Self-assessment"

    def rows_of(self, data: FileData) -> rows.Shown:
        return rows.self_assessment_rows(data)

    def hint(self) -> str:
        return "the pupil's own view beside yours — v compares them row by row"


class AttitudeSection(Section):
    """Each area's colour (r/a/g), or its figure typed into the row (attendance %, lates),
    and a comment; the heading is the grading key of the area under the cursor."""

    TITLE = "Attitude"
    BINDINGS: ClassVar[list[BindingType]] = [
        *colour_bindings(),
        Binding("enter,e", "type_value", "Figure"),
        Binding("c", "comment", "Comment")]

    def rows_of(self, data: FileData) -> rows.Shown:
        return rows.attitude_rows(data)

    def show_file(self, data: FileData) -> None:
        super().show_file(data)
        self.cursor_moved()

    def cursor_moved(self) -> None:
        if self.data is not None:
            self.heading = rows.descriptors(self.data.scheme, str(self.current))
            self.refresh()

    def area(self) -> AttitudeArea | None:
        areas = self.data.scheme.attitude_areas if self.data else ()
        return next((a for a in areas if a.key == self.current), None)

    def _figure(self, area: AttitudeArea) -> str:
        return "attendance %" if area.kind == "attendance" else "number of lates"

    def hint(self) -> str:
        area = self.area()
        if area is not None and area.kind in MEASURED:
            return f"⏎ types the {self._figure(area)} · c comments"
        keys = colour_keys(self.data.scheme) if self.data else "r, a or g"
        return f"{keys} set a colour · c comments"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "colour" and (self.data is None or colour_for_key(
                str(parameters[0]), self.data.scheme) is None):
            return False  # not one of the school's colour letters (`a` in a Yellow school)
        return super().check_action(action, parameters)

    def may_act(self, action: str) -> bool:
        area = self.area()
        if area is None:
            return False
        if action == "colour":
            return area.kind not in MEASURED
        if action == "type_value":
            return area.kind in MEASURED
        return True

    def why_not(self, action: str) -> str:
        area = self.area()
        if area is None:
            return "no area here"
        if action == "colour":
            return f"{area.name}'s colour follows from the {self._figure(area)} — ⏎ types it"
        return f"{area.name} takes a colour — {colour_keys(self.data.scheme) if self.data else ''}"

    def edit_prompt(self) -> str:
        area = self.area()
        return f"{area.name if area else '':<22}"

    def action_colour(self, key: str) -> None:
        """Store the colour; the cursor stays on the area, so `c` comments on it next."""
        if self.data is not None and (area := self.area()) is not None \
                and (colour := colour_for_key(key, self.data.scheme)) is not None:
            self.post_message(messages.ColourChosen(area.key, colour,
                                                    self.data.attitude_version(area.key)))

    def action_type_value(self) -> None:
        if self.area() is not None and self.may_change():
            self.start_edit()

    def submit_edit(self, text: str) -> None:
        if self.data is None or (area := self.area()) is None:
            return
        try:
            value = parse_measure(text, area.kind)  # refuses 105 % here, as it is typed
        except AmtuiError as exc:
            self.refuse(str(exc))
            return
        self.post_message(messages.ValueEntered(area.key, value,
                                                self.data.attitude_version(area.key)))

    async def action_comment(self) -> None:
        if self.data is None or (area := self.area()) is None:
            return
        entry = self.data.attitude(area.key)
        seen = self.data.attitude_version(area.key)
        text = await self.ask(TextForm[str](
            f"{area.name}: comment", value=entry.comment if entry else "",
            hint="short, e.g. “Never has PE kit” — empty removes it", allow_empty=True))
        if text is not None:
            self.post_message(messages.CommentGiven(area.key, text, seen))
