"""The pupil file: the mentoring meeting, top to bottom in meeting order, one key per decision.
The screen composes the sections (number keys jump), reads the file as one snapshot and hands
it down; each section posts what was decided and the screen stores it (`save`). It also pages
through the class (ctrl+n / ctrl+p), compares the pupil's view with the evidence (v), signs
(ctrl+s: teacher, then pupil) and prints (p, P)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from amtui.core.meeting import missing_to_sign
from amtui.core.progress import preparation
from amtui.core.scale import year_label
from amtui.core.terms import Term
from amtui.screens.base import AmtuiScreen, key_name
from amtui.screens.printing import PrintDone, pupil_job, start_printing
from amtui.screens.pupil_file import agreements, messages, sections
from amtui.screens.pupil_file.data import FileData, read_file
from amtui.screens.pupil_file.rows import title, to_sign
from amtui.screens.pupil_file.section import Section
from amtui.screens.step_reason import save_with_reason
from amtui.store import attainment, attitude, interventions, meetings, targets
from amtui.widgets.key_bar import ALWAYS_SHOWN, KeyBar

if TYPE_CHECKING:
    from textual.binding import ActiveBinding

SECTIONS: tuple[type[Section], ...] = (
    sections.ReviewSection, sections.AttainmentSection, sections.SelfAssessmentSection,
    sections.AttitudeSection, agreements.NextStepsSection, agreements.SupportSection,
    agreements.ClosingSection)
"""In meeting order: the number key n jumps to the n-th."""


class PupilFile(AmtuiScreen):
    """One pupil's meeting for the app's half-term; ctrl+n / ctrl+p page through `upns`."""

    CSS_PATH = "pupil_file.tcss"
    HELP_TITLE = "Pupil file"
    BINDINGS = [
        *[Binding(str(n), f"section({n})", f"Go to {kind.TITLE.lower()}", show=False)
          for n, kind in enumerate(SECTIONS, start=1)],
        Binding("ctrl+n", "page(1)", "Next pupil"),
        Binding("ctrl+p", "page(-1)", "Previous pupil"),
        Binding("ctrl+s", "sign", "Sign", group=ALWAYS_SHOWN),
        Binding("p", "print", "Print", group=ALWAYS_SHOWN),
        Binding("P", "print(True)", "Parents' copy", show=False),
        Binding("v", "compare", "Compare views"),
        Binding("escape", "back", "Back", group=ALWAYS_SHOWN),
    ]

    def __init__(self, upn: str, upns: list[str]) -> None:
        super().__init__()
        self.upn, self.upns = upn, list(upns) or [upn]
        self.data: FileData | None = None
        self.printing = False

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        with VerticalScroll(id="sections", can_focus=False):
            for number, kind in enumerate(SECTIONS, start=1):
                yield kind(number)
        yield Static(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        review = self.query_one(sections.ReviewSection)
        self.set_focus(review if review.rows else self.query_one(sections.AttainmentSection))

    @property
    def term(self) -> Term:
        return self.amtui.term

    @property
    def section(self) -> Section | None:
        """The section in focus."""
        return self.focused if isinstance(self.focused, Section) else None

    def reload(self) -> None:
        self.data = data = read_file(self.amtui, self.upn)
        self.view_only = data.view_only
        place = f"{self.upns.index(self.upn) + 1}/{len(self.upns)}" if self.upn in self.upns \
            else ""
        self.query_one("#title", Static).update(title(data, place))
        for section in self.query(Section):
            section.show_file(data)
        self.say("")

    # ---- the status line --------------------------------------------------------------------

    def say(self, text: str, *, error: bool = False) -> None:
        """`text` on the status line; with nothing to say, what signing still needs."""
        status = self.query_one("#status", Static)
        status.update(text or (to_sign(self.data) if self.data else ""))
        status.set_class(error, "-error")

    def tell(self, text: str, *, error: bool = False) -> None:
        """Say it, and in a toast that stays a few seconds."""
        self.say(text, error=error)
        self.notify(text, severity="warning" if error else "information")

    def where(self) -> str:
        return f"in {self.section.title}" if self.section else "here"

    def key_unused(self, key: str, binding: ActiveBinding | None) -> None:
        section = self.section
        if binding is not None and isinstance(binding.node, Section):
            action = binding.binding.action.partition("(")[0]
            self.say(f"{binding.binding.description}: {binding.node.why_not(action)}")
        elif binding is None and section is not None:
            self.say(f"{key_name(key)} does nothing {self.where()} — {section.hint()}")
        else:
            super().key_unused(key, binding)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = self.section is not None and self.section.editing is not None
        if typing and action in ("sign", "page", "print"):
            return None  # dimmed, and `why_not` says to finish typing first
        return None if action == "print" and self.printing else True

    def why_not(self, action: str) -> str:
        if action == "print" and self.printing:
            return "a profile is being printed — it says when it is done"
        if self.section is not None and self.section.editing is not None:
            return "finish typing first — ⏎ stores it, Esc cancels"
        return super().why_not(action)

    @on(messages.Refused)
    def _refused(self, event: messages.Refused) -> None:
        self.say(event.reason, error=True)

    # ---- moving -----------------------------------------------------------------------------

    def action_section(self, number: int) -> None:
        section = self.query_one(SECTIONS[number - 1])
        self.set_focus(section)  # now: the next key typed is for it
        section.scroll_visible(top=True, animate=False)

    def action_page(self, step: int) -> None:
        if self.upn in self.upns:
            self.upn = self.upns[(self.upns.index(self.upn) + step) % len(self.upns)]
            self.reload()
            self.query_one("#sections").scroll_home(animate=False)

    def action_back(self) -> None:
        self.dismiss()

    async def action_compare(self) -> None:
        """The pupil's view beside the evidence; the file re-reads when it closes."""
        from amtui.screens.pupil_file.comparison import ComparisonScreen

        await self.app.push_screen(ComparisonScreen(self.upn), lambda _: self.reload())

    # ---- storing what the sections decided ---------------------------------------------------

    def store(self, write: Callable[[], object], *, then: Callable[[], object] | None = None,
              refused: Callable[[str], None] | None = None) -> bool:
        """Save one write (`save`); once saved, `then()` (a section moves on)."""
        saved = bool(self.save(write, refused=refused))
        if saved and then is not None:
            then()
        return saved

    @on(messages.ReviewGiven)
    def _review(self, event: messages.ReviewGiven) -> None:
        app = self.amtui
        self.store(lambda: meetings.review_target(app.db, app.user, event.target.id, event.review,
                                                  self.term, seen=event.target.version),
                   then=self.query_one(sections.ReviewSection).advance)

    @on(messages.StepEntered)
    def _step(self, event: messages.StepEntered) -> None:
        app, section = self.amtui, self.query_one(sections.AttainmentSection)

        def write(reason: str = "") -> None:
            try:
                attainment.set_step(app.db, app.user, self.upn, event.subject, self.term,
                                    event.level, seen=event.seen, in_meeting=True,
                                    reason=reason, scheme=app.scheme)
            except attainment.StepDiffers as differs:  # the sheet awards another: ask why
                self.run_worker(save_with_reason(self, differs, write))

        self.store(write, then=section.edit_stored, refused=section.refuse_edit)

    @on(messages.OverrideChosen)
    def _override(self, event: messages.OverrideChosen) -> None:
        app, chosen = self.amtui, event.override
        self.store(lambda: attainment.set_override(app.db, app.user, self.upn, event.subject,
                                                   self.term, chosen.colour, chosen.reason,
                                                   seen=event.seen, in_meeting=True))

    @on(messages.TargetChanged)
    def _target(self, event: messages.TargetChanged) -> None:
        app, target = self.amtui, event.target
        if self.store(lambda: targets.change_target(app.db, app.user, self.upn, target.subject,
                                                    target.year_group, event.step, event.note,
                                                    app.scheme, seen=target.version)):
            self.tell(f"{target.subject} {year_label(target.year_group)} target is now "
                      f"{event.step}")

    @on(messages.ColourChosen)
    def _colour(self, event: messages.ColourChosen) -> None:
        app = self.amtui  # the cursor stays on the area: `c` comments on it next
        self.store(lambda: attitude.set_colour(app.db, app.user, self.upn, self.term, event.area,
                                               event.colour, seen=event.seen, in_meeting=True))

    @on(messages.ValueEntered)
    def _value(self, event: messages.ValueEntered) -> None:
        app, section = self.amtui, self.query_one(sections.AttitudeSection)
        self.store(lambda: attitude.set_value(app.db, app.user, self.upn, self.term, event.area,
                                              event.value, app.scheme, seen=event.seen,
                                              in_meeting=True),
                   then=section.edit_stored, refused=section.refuse_edit)

    @on(messages.CommentGiven)
    def _comment(self, event: messages.CommentGiven) -> None:
        app = self.amtui
        self.store(lambda: attitude.set_comment(app.db, app.user, self.upn, self.term,
                                                event.area, event.comment, seen=event.seen,
                                                in_meeting=True))

    @on(messages.NextStepAdded)
    def _next_step_added(self, event: messages.NextStepAdded) -> None:
        app, step = self.amtui, event.step
        self.store(lambda: meetings.add_next_step(app.db, app.user, self.upn, self.term,
                                                  step.subject, step.text, step.criterion,
                                                  scheme=app.scheme),
                   then=self.query_one(agreements.NextStepsSection).go_to_added)

    @on(messages.NextStepEdited)
    def _next_step_edited(self, event: messages.NextStepEdited) -> None:
        app = self.amtui
        self.store(lambda: meetings.edit_next_step(app.db, app.user, event.target.id, event.text,
                                                   seen=event.target.version))

    @on(messages.NextStepRemoved)
    def _next_step_removed(self, event: messages.NextStepRemoved) -> None:
        app = self.amtui
        if self.store(lambda: meetings.delete_next_step(app.db, app.user, event.target.id,
                                                        seen=event.target.version)):
            self.tell("Next step removed — ctrl+z brings it back")

    @on(messages.SupportAdded)
    def _support_added(self, event: messages.SupportAdded) -> None:
        app = self.amtui
        self.store(lambda: meetings.add_support(app.db, app.user, self.upn, self.term,
                                                event.kind, event.text),
                   then=self.query_one(agreements.SupportSection).go_to_added)

    @on(messages.PlaceGiven)
    def _place_given(self, event: messages.PlaceGiven) -> None:
        app, programme = self.amtui, event.programme
        if self.store(lambda: interventions.add_pupil(app.db, app.user, programme.id, self.upn,
                                                      seen=0, joined=app.today)):
            self.tell(f"A place in {programme.name} from today")

    @on(messages.SupportEdited)
    def _support_edited(self, event: messages.SupportEdited) -> None:
        app = self.amtui
        self.store(lambda: meetings.edit_support(app.db, app.user, event.line.id, event.text,
                                                 seen=event.line.version))

    @on(messages.SupportRemoved)
    def _support_removed(self, event: messages.SupportRemoved) -> None:
        app = self.amtui
        if self.store(lambda: meetings.remove_support(app.db, app.user, event.line.id,
                                                      seen=event.line.version)):
            self.tell("Support line removed — ctrl+z brings it back")

    @on(messages.AspirationsGiven)
    def _aspirations(self, event: messages.AspirationsGiven) -> None:
        app = self.amtui
        self.store(lambda: meetings.update_meeting(app.db, app.user, self.upn, self.term,
                                                   aspirations=event.text, seen=event.seen))

    @on(messages.JudgementChosen)
    def _judgement(self, event: messages.JudgementChosen) -> None:
        app = self.amtui
        self.store(lambda: meetings.update_meeting(app.db, app.user, self.upn, self.term,
                                                   judgement=event.judgement, seen=event.seen))

    # ---- signing and printing ----------------------------------------------------------------

    def action_sign(self) -> None:
        """The first ctrl+s signs for the teacher, the second for the pupil."""
        if self.data is None:
            return
        app, meeting = self.amtui, self.data.meeting
        if meeting.signed:
            self.tell("Already signed by both — any change now marks the meeting amended")
            return
        if blocking := missing_to_sign(meeting, preparation(self.data.record), app.scheme):
            self.tell("Before signing: " + ", ".join(blocking), error=True)
            return
        party: Literal["teacher", "pupil"] = "pupil" if meeting.teacher_signed_at else "teacher"
        if self.store(lambda: meetings.sign(app.db, app.user, self.upn, self.term, party,
                                            seen=meeting.version)):
            self.tell(f"Signed by the {party} — " + ("p prints the profile" if party == "pupil"
                                                     else "ctrl+s again for the pupil"))

    def action_print(self, parents: bool = False) -> None:
        """The profile (or the parents' copy) in the print worker; it says how it went."""
        self.printing = True
        self.refresh_bindings()
        self.notify("Printing…", timeout=2)
        start_printing(self, pupil_job(self.upn, self.term, parents),
                       "Parents' copy" if parents else "Profile")

    def on_print_done(self, message: PrintDone) -> None:
        self.printing = False
        self.refresh_bindings()

