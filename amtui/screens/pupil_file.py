"""The pupil file: the mentoring meeting, top to bottom in meeting order, one key per decision.

Sections (number keys jump): 1 review of last half-term's targets, 2 attainment, 3 self-assessment,
4 attitude, 5 next steps, 6 support, 7 aspirations, judgement and signatures. Every change is
stored the moment it is made; the forms only gather values.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from amtui.core.colours import Rag, View, compare_views, parse_measure
from amtui.core.errors import InvalidInput
from amtui.core.meeting import missing_to_sign
from amtui.core.models import (Intervention, MediumTarget, Review, SelfAssessment, StartingPoint,
                               SupportKind, Target)
from amtui.core.progress import PupilSummary, SubjectStatus, preparation, summarise
from amtui.core.scale import Level, parse_level, year_label
from amtui.core.targets import check_direction
from amtui.core.terms import Term
from amtui.screens.base import AmtuiScreen
from amtui.screens.forms import (ChoiceForm, NextStep, NextStepForm, Override, OverrideForm,
                                 Suggestion, TextForm)
from amtui.store import (access, attainment, attitude, criteria_marks, interventions, meetings,
                         records, self_assessment, targets)
from amtui.widgets.key_bar import KeyBar
from amtui.widgets.rag import rag_text, signed_gap
from amtui.widgets.section_list import SectionList

REVIEW_WORDS = {"achieved": "✓ achieved", "partly": "◐ partly", "not": "✗ not achieved"}
VIEW_MARKS = {View.AGREE: "= agree", View.PUPIL_HIGHER: "▲ pupil higher — challenge",
              View.PUPIL_LOWER: "▼ pupil lower — confirm and celebrate"}



# The pupil file's keys are priority bindings: they run as each key arrives, so a burst such as
# `2 ⏎ 5 b ⏎` lands where it was meant (a plain binding runs only once its key has bubbled up
# to the app, after the keys typed straight after it have gone to the section then in focus).


class ReviewSection(SectionList):
    BINDINGS = [Binding("a", "screen.review('achieved')", "Achieved", priority=True),
                Binding("s", "screen.review('partly')", "Partly", priority=True),
                Binding("n", "screen.review('not')", "Not achieved", priority=True)]


class AttainmentSection(SectionList):
    BINDINGS = [Binding("enter,e", "screen.edit_step", "Step", priority=True),
                Binding("o", "screen.override", "Override colour", priority=True),
                Binding("t", "screen.change_target", "Target", priority=True)]


class AttitudeSection(SectionList):
    BINDINGS = [Binding("r", "screen.attitude_colour('red')", "Red", priority=True),
                Binding("a", "screen.attitude_colour('amber')", "Amber", priority=True),
                Binding("g", "screen.attitude_colour('green')", "Green", priority=True),
                Binding("enter,e", "screen.attitude_value", "Value", priority=True),
                Binding("c", "screen.attitude_comment", "Comment", priority=True)]


class NextStepsSection(SectionList):
    BINDINGS = [Binding("plus,insert", "screen.add_next_step", "Add", priority=True),
                Binding("enter,e", "screen.edit_next_step", "Edit", priority=True),
                Binding("delete", "screen.delete_next_step", "Remove", priority=True)]


class SupportSection(SectionList):
    BINDINGS = [Binding("plus,insert", "screen.add_support('learning')", "Add", priority=True),
                Binding("asterisk", "screen.add_support('attitude')", "Add attitude",
                        priority=True),
                Binding("enter,e", "screen.edit_support", "Edit", priority=True),
                Binding("delete", "screen.delete_support", "Remove", priority=True)]


class ClosingSection(SectionList):
    BINDINGS = [Binding("e", "screen.edit_aspirations", "Aspirations", priority=True),
                Binding("j", "screen.pick_judgement", "Judgement", priority=True)]


class PupilFile(AmtuiScreen):
    """One pupil's meeting for the app's half-term; ctrl+n / ctrl+p page through `upns`."""

    CSS_PATH = "pupil_file.tcss"
    HELP_TITLE = "Pupil file"
    BINDINGS = [
        *[Binding(str(n), f"section({n})", f"Section {n}", show=False, priority=True)
          for n in range(1, 8)],
        Binding("ctrl+n", "page(1)", "Next pupil", priority=True),
        Binding("ctrl+p", "page(-1)", "Previous pupil", priority=True),
        Binding("ctrl+s", "sign", "Sign", priority=True),
        Binding("p", "print", "Print", priority=True),
        Binding("P", "print(True)", "Parents' copy", show=False, priority=True),
        Binding("escape", "back", "Class grid", priority=True),
    ]

    def __init__(self, upn: str, upns: list[str]) -> None:
        super().__init__()
        self.upn, self.upns = upn, list(upns) or [upn]
        self.summary: PupilSummary | None = None
        self.reviewing: list[MediumTarget] = []
        self.steps: list[MediumTarget] = []
        self.ladder: list[Target] = []
        self.starts: dict[str, StartingPoint] = {}
        self.programmes: list[Intervention] = []

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        with VerticalScroll(id="sections"):
            yield ReviewSection(1, "Last half-term's targets")
            yield AttainmentSection(2, "Attainment")
            yield SectionList(3, "Self-assessment")
            yield AttitudeSection(4, "Attitude")
            yield NextStepsSection(5, "Agreed next steps")
            yield SupportSection(6, "Additional support")
            yield ClosingSection(7, "Aspirations, judgement, signatures")
        yield Static(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        self.set_focus(self.section(1) if self.section(1).rows else self.section(2))

    def section(self, number: int) -> SectionList:
        return self.query_one(f"#section-{number}", SectionList)

    @property
    def term(self) -> Term:
        return self.amtui.term

    # ---- reading --------------------------------------------------------------------------

    def reload(self) -> None:
        app = self.amtui
        with records.snapshot(app.db):  # everything shown comes from one committed state
            record = records.pupil_record(app.db, self.upn, self.term, viewer=app.user)
            self.reviewing = meetings.targets_to_review(app.db, self.upn, self.term)
            self.steps = meetings.next_steps(app.db, self.upn, self.term)
            self.ladder = targets.pupil_targets(app.db, self.upn)
            self.starts = {s.subject: s for s in targets.starting_points(app.db, self.upn)}
            own = self_assessment.get_self_assessment(app.db, self.upn, self.term)
            self.programmes = interventions.list_interventions(app.db, upn=self.upn)
            self.view_only = access.pupil_refusal(app.db, app.user, self.upn)
        self.summary = summary = summarise(record, app.scheme)
        pupil = record.pupil
        state = summary.state
        position = f"{self.upns.index(self.upn) + 1}/{len(self.upns)}" if self.upn in self.upns \
            else ""
        self.query_one("#title", Static).update(Text.assemble(
            (pupil.display_name, "bold"), f" · {pupil.year} · {pupil.class_name} · UPN "
            f"{pupil.upn[:4]}…{pupil.upn[-2:]} · {self.term.label(app.scheme)} · ",
            (f"meeting {state}", "bold" if state in ("signed", "amended") else ""),
            (" · view only" if self.view_only else "", "bold"), f"   {position}"))
        self._show_review()
        self._show_attainment(summary)
        self._show_self_assessment(summary, own)
        self._show_attitude(summary)
        self._show_next_steps()
        self._show_support()
        self._show_closing(summary, own)
        self._status("")

    def _status(self, text: str) -> None:
        if not text and self.summary is not None and not self.summary.record.meeting.signed:
            blocking = missing_to_sign(self.summary.record.meeting,
                                       preparation(self.summary.record), self.amtui.scheme)
            if blocking:
                text = "To sign: " + ", ".join(blocking)
            elif self.summary.record.meeting.teacher_signed_at:
                text = "Signed by the teacher — ctrl+s for the pupil's signature"
            else:
                text = "Ready to sign: ctrl+s"
        self.query_one("#status", Static).update(text)

    def _show_review(self) -> None:
        rows = [(t.id, Text.assemble(f"{t.subject:<10} ", t.text, "   ",
                                     (REVIEW_WORDS.get(t.review or "", "not reviewed yet"),
                                      "bold" if t.review else "dim")))
                for t in self.reviewing]
        done = sum(t.review is not None for t in self.reviewing)
        self.section(1).show(rows, f"{done}/{len(rows)} reviewed" if rows else
                             "none set last half-term")

    def _show_attainment(self, summary: PupilSummary) -> None:
        rows = []
        for status in summary.subjects:
            rows.append((status.subject, self._subject_row(status, summary, self.ladder,
                                                           self.starts.get(status.subject))))
        self.section(2).show(rows, "step · progress (the numbers behind it) · ARE · this year")

    def _subject_row(self, status: SubjectStatus, summary: PupilSummary, ladder: list[Target],
                     start: StartingPoint | None) -> Text:
        scheme = self.amtui.scheme
        step = str(status.step) if status.step else "·"
        line = Text.assemble(f"{status.subject:<10} ", (f"{step:<5}", "bold"), " ",
                             rag_text(status.colour, scheme, mark="!" if status.overridden else ""),
                             " ")
        path = status.trajectory
        if path is not None:
            line.append(f"(start {path.start}, expected {path.expected}, target {path.target}, "
                        f"gap {signed_gap(path.gap)})  ")
        elif status.step is not None:
            line.append("(no start or target yet)  ")
        line.append("ARE ")
        line.append_text(rag_text(status.are, scheme))
        if path is not None and status.suggested is not None and status.suggested < path.colour:
            line.append(f"\n             {status.suggested.label(scheme)} from last half-term's "
                        "targets", style="dim")
        history = summary.record.steps.get(status.subject, {})
        earlier = " ".join(f"T{ht} {history[ht].step}" for ht in sorted(history)
                           if ht < summary.record.half_term and history[ht].step)
        mine = [t for t in ladder if t.subject == status.subject]
        rungs = " ".join(f"{year_label(t.year_group)} {t.step}{'↑' if t.raised else ''}"
                         for t in mine)
        origin = f"{start.label} {start.step} → " if start else ""
        detail = " · ".join(part for part in (earlier, f"targets {origin}{rungs}" if mine else "")
                            if part)
        if detail:
            line.append(f"\n             {detail}", style="dim")
            for t in mine:
                if t.raised and t.note:
                    line.append(f"\n             ↑ {year_label(t.year_group)}: {t.note}",
                                style="dim italic")
        if status.overridden and status.colour is not None:
            line.append(f"\n             {status.colour.label(scheme)}: {status.override_reason}",
                        style="italic")
        return line

    def _show_self_assessment(self, summary: PupilSummary, own: SelfAssessment) -> None:
        app = self.amtui
        scheme, rows, counts = app.scheme, [], {view: 0 for view in View}
        for item, rating in sorted(own.ratings.items()):
            kind, _, key = item.partition(":")
            teacher: int | None = None
            if kind == "subject":
                status = next((s for s in summary.subjects if s.subject == key), None)
                teacher = None if status is None or status.colour is None else int(status.colour)
                name, shown = key, Rag(rating).label(scheme) if rating in (0, 1, 2) else "?"
            elif kind == "area":
                colour = summary.attitude.get(key)
                teacher = None if colour is None else int(colour)
                name = scheme.area(key).name if key in {a.key for a in scheme.attitude_areas} \
                    else key
                shown = Rag(rating).label(scheme) if rating in (0, 1, 2) else "?"
            else:
                teacher = summary.record.meeting.judgement
                name, shown = "Overall", scheme.judgements[rating] \
                    if 0 <= rating < len(scheme.judgements) else "?"
            if teacher is None:
                rows.append((item, Text(f"{name:<22} pupil: {shown:<22} teacher: —")))
                continue
            view = compare_views(rating, teacher)
            counts[view] += 1
            rows.append((item, Text.assemble(f"{name:<22} pupil: {shown:<22} ",
                                             (VIEW_MARKS[view], "bold" if view != View.AGREE
                                              else ""))))
        if own.want_to_be:
            rows.append(("text", Text(f"Wants to be: {own.want_to_be} · went well: "
                                      f"{own.went_well or '—'} · finds hard: "
                                      f"{own.find_hard or '—'}", style="dim")))
        heading = (f"{counts[View.AGREE]} agree · {counts[View.PUPIL_HIGHER]} pupil higher · "
                   f"{counts[View.PUPIL_LOWER]} pupil lower") if own.ratings else \
            "not done yet this half-term"
        self.section(3).show(rows, heading)

    def _show_attitude(self, summary: PupilSummary) -> None:
        scheme, rows = self.amtui.scheme, []
        for area in scheme.attitude_areas:
            entry = summary.record.attitude.get(area.key)
            value = ""
            if entry is not None and entry.value is not None:
                value = f"{entry.value:.1f}%" if area.kind == "attendance" else f"{entry.value:g}"
            line = Text.assemble(f"{area.name:<22} {value:>6} ",
                                 rag_text(entry.colour if entry else None, scheme))
            if entry is not None and entry.comment:
                line.append(f'  "{entry.comment}"', style="italic")
            rows.append((area.key, line))
        self.section(4).show(rows, Text(self._descriptors(), style="dim"))

    def _descriptors(self) -> str:
        area = self.section(4).current
        if area is None:
            return ""
        words = self.amtui.scheme.area(area).descriptors
        return " · ".join(f"{label[0].upper()}: {text}" for label, text in
                          (("green", words.green), ("amber", words.amber), ("red", words.red))
                          if text)

    def _show_next_steps(self) -> None:
        rows = [(s.id, Text(f"{n}. {s.subject:<10} {s.text}")) for n, s in
                enumerate(self.steps, start=1)]
        self.section(5).show(rows, "+ add · criteria marked “mostly” (a line) are suggested first")

    def _show_support(self) -> None:
        meeting = self.summary.record.meeting if self.summary else None
        rows: list[tuple[Any, Text]] = []
        if meeting is not None:
            rows += [(("line", line), Text(f"{line.kind.capitalize()}: {line.text}"))
                     for line in meeting.lines]
        for iv in self.programmes:
            rows.append((("intervention", iv.id), Text(f"Intervention: {iv.name} — "
                                                       f"{iv.description}", style="dim")))
        self.section(6).show(rows, "+ learning · * attitude")

    def _show_closing(self, summary: PupilSummary, own: SelfAssessment) -> None:
        scheme, meeting = self.amtui.scheme, summary.record.meeting
        judged = scheme.judgements[meeting.judgement] if meeting.judgement is not None else "—"
        pupil_view = own.ratings.get("overall", meeting.pupil_judgement)
        said = f" (pupil said {scheme.judgements[pupil_view]})" if pupil_view is not None else ""
        teacher = (f"☑ {meeting.teacher_signed_by} {meeting.teacher_signed_at:%d/%m/%Y %H:%M}"
                   if meeting.teacher_signed_at else "☐")
        pupil = f"☑ {meeting.pupil_signed_at:%d/%m/%Y %H:%M}" if meeting.pupil_signed_at else "☐"
        rows = [("aspirations", Text(f"Aspirations: {meeting.aspirations or '—'}")),
                ("judgement", Text.assemble("Judgement: ", (judged, "bold"), said)),
                ("signed", Text(f"Signed: teacher {teacher}   pupil {pupil}"
                                + ("   (amended after signing)" if meeting.amended else "")))]
        keys = " ".join(f"{label[0].lower()} {label}" for label in scheme.judgements)
        self.section(7).show(rows, f"j judgement ({keys}) · ctrl+s sign")

    # ---- moving -----------------------------------------------------------------------------

    def action_section(self, number: int) -> None:
        section = self.section(number)
        self.set_focus(section)  # now, not after a refresh: the next key typed is for it
        section.scroll_visible()

    def action_page(self, step: int) -> None:
        if self.upn not in self.upns:
            return
        index = (self.upns.index(self.upn) + step) % len(self.upns)
        self.upn = self.upns[index]
        self.reload()
        self.query_one("#sections").scroll_home(animate=False)

    def action_back(self) -> None:
        self.dismiss()

    @on(SectionList.Moved)
    def _moved(self, event: SectionList.Moved) -> None:
        if event.section.number == 4:  # the colour descriptors follow the attitude row
            event.section.heading = Text(self._descriptors(), style="dim")
            event.section.refresh()

    # ---- storing ----------------------------------------------------------------------------

    def _after(self, section: int | None = None) -> None:
        """Re-read after a write; the section that took the decision moves to its next row."""
        self.reload()
        if section is not None:
            self.section(section).advance()

    def action_review(self, review: Review) -> None:
        target = next((t for t in self.reviewing if t.id == self.section(1).current), None)
        if target is None:
            return
        app = self.amtui
        if self.store_call(meetings.review_target, app.db, app.user, target.id, review,
                           self.term, seen=target.version):
            self._after(1)

    def action_edit_step(self) -> None:
        subject = self.section(2).current
        status = self._status_of(subject)
        if status is None:
            return
        app = self.amtui
        example = "2D" if app.scheme.scale == "substages" else "5w+"
        now = f"now {status.step} · " if status.step else ""

        def store(level: Level) -> None:
            if self.store_call(attainment.set_step, app.db, app.user, self.upn, subject,
                               self.term, level, seen=self._version(subject), in_meeting=True):
                self._after(2)

        self.ask(TextForm(f"{subject} step for {self.term.code}",
                          hint=f"{now}e.g. {example} — Enter stores it",
                          parse=lambda text: parse_level(text, app.scheme.scale)), store)

    def _status_of(self, subject: Any) -> SubjectStatus | None:
        if self.summary is None or subject is None:
            return None
        return next((s for s in self.summary.subjects if s.subject == subject), None)

    def _version(self, subject: str) -> int:
        entry = self.summary.record.steps.get(subject, {}).get(self.term.half_term) \
            if self.summary else None
        return entry.version if entry else 0

    def action_override(self) -> None:
        status = self._status_of(self.section(2).current)
        if status is None:
            return
        app = self.amtui
        if status.step is None:
            self.notify(f"Enter the {status.subject} step first", severity="warning")
            return

        def store(chosen: Override) -> None:
            if self.store_call(attainment.set_override, app.db, app.user, self.upn,
                               status.subject, self.term, chosen.colour, chosen.reason,
                               seen=self._version(status.subject), in_meeting=True):
                self._after()

        self.ask(OverrideForm(status.subject, app.scheme, status.suggested), store)

    def action_change_target(self) -> None:
        """Which year's target (when there are several), the new step, then why."""
        subject = self.section(2).current
        if subject is None:
            return
        app = self.amtui
        year_now = self.summary.record.pupil.year_group if self.summary else 0
        ladder = [t for t in self.ladder if t.subject == subject and t.year_group >= year_now]
        if not ladder:
            self.notify(f"No {subject} targets for this year or later — they come from a "
                        "starting point", severity="warning")
            return

        def ask_step(target: Target) -> None:
            def parse(text: str) -> Level:  # refused as typed, before the reason is asked
                step = parse_level(text, app.scheme.scale)
                if check_direction(target.step, step, app.user.role) == "same":
                    raise InvalidInput(f"the target is {step} already — type another step")
                return step

            lowers = "you may lower it too" if app.user.role == "slt" else \
                "only a senior leader may lower it"
            self.ask(TextForm(
                f"{subject} target for {year_label(target.year_group)} (now {target.step})",
                hint=f"type the new step to raise it; {lowers}", parse=parse),
                lambda step: ask_why(target, step))

        def ask_why(target: Target, step: Level) -> None:
            self.ask(TextForm("Why? (printed on the profile)",
                              hint="e.g. raised due to good progress"),
                     lambda note: store(target, step, note))

        def store(target: Target, step: Level, note: str) -> None:
            if self.store_call(targets.change_target, app.db, app.user, self.upn, subject,
                               target.year_group, step, note, app.scheme, seen=target.version):
                self.notify(f"{subject} {year_label(target.year_group)} target is now {step}")
                self._after()

        if len(ladder) == 1:
            ask_step(ladder[0])
            return
        options = [(str(i + 1), f"{year_label(t.year_group)}: {t.step}", t)
                   for i, t in enumerate(ladder)]
        self.ask(ChoiceForm(f"Which {subject} target?", options,
                            hint=f"this year is {year_label(year_now)}"), ask_step)

    def action_attitude_colour(self, name: str) -> None:
        area = self.section(4).current
        if area is None:
            return
        app = self.amtui
        if app.scheme.area(area).kind in ("attendance", "punctuality"):
            self.notify("This colour follows from the number — press Enter to type it",
                        severity="warning")
            return
        entry = self.summary.record.attitude.get(area) if self.summary else None
        if self.store_call(attitude.set_colour, app.db, app.user, self.upn, self.term, area,
                           Rag[name.upper()], seen=entry.version if entry else 0,
                           in_meeting=True):
            self._after(4)

    def action_attitude_value(self) -> None:
        area = self.section(4).current
        if area is None:
            return
        app = self.amtui
        kind = app.scheme.area(area).kind
        if kind not in ("attendance", "punctuality"):
            self.notify("Set this colour with r, a or g", severity="warning")
            return
        what = "Attendance % this half-term" if kind == "attendance" else "Times late this half-term"
        def parse(text: str) -> float:
            value = parse_measure(text, kind)
            attitude.colour_for_value(area, value, app.scheme)  # refuses 105 % in place
            return value

        def store(value: float) -> None:
            entry = self.summary.record.attitude.get(area) if self.summary else None
            if self.store_call(attitude.set_value, app.db, app.user, self.upn, self.term, area,
                               value, app.scheme, seen=entry.version if entry else 0,
                               in_meeting=True):
                self._after(4)

        self.ask(TextForm(what, parse=parse), store)

    def action_attitude_comment(self) -> None:
        area = self.section(4).current
        if area is None:
            return
        app = self.amtui
        entry = self.summary.record.attitude.get(area) if self.summary else None

        def store(text: str) -> None:
            if self.store_call(attitude.set_comment, app.db, app.user, self.upn, self.term, area,
                               text, seen=entry.version if entry else 0, in_meeting=True):
                self._after()

        self.ask(TextForm(f"{app.scheme.area(area).name}: comment",
                          value=entry.comment if entry else "",
                          hint="short, e.g. “Never has PE kit” — empty removes it",
                          allow_empty=True), store)

    def _suggestions(self) -> dict[str, list[Suggestion]]:
        from amtui.datafiles import load_criteria_bank

        bank = load_criteria_bank()
        out: dict[str, list[Suggestion]] = {}
        for status in (self.summary.subjects if self.summary else ()):
            if status.step is None:
                continue
            stage = status.step.stage
            mostly = set(criteria_marks.line_criteria(self.amtui.db, self.upn, status.subject,
                                                      stage, self.term.school_year))
            sheet = bank.for_stage(status.subject, stage)
            out[status.subject] = (
                [Suggestion(c.code, c.text, mostly=True) for c in sheet if c.number in mostly]
                + [Suggestion(c.code, c.text) for c in sheet if c.number not in mostly])
        return out

    def action_add_next_step(self) -> None:
        app = self.amtui
        subjects = [*app.scheme.subjects, "Attitude"]
        last = self.steps[-1].subject if self.steps else app.scheme.core_subjects[0]

        def store(chosen: NextStep) -> None:
            if self.store_call(meetings.add_next_step, app.db, app.user, self.upn, self.term,
                               chosen.subject, chosen.text, chosen.criterion):
                self._after()
                self.section(5).cursor = len(self.steps) - 1

        self.ask(NextStepForm(subjects, last, self._suggestions()), store)

    def action_edit_next_step(self) -> None:
        step = next((s for s in self.steps if s.id == self.section(5).current), None)
        if step is None:
            return

        def store(text: str) -> None:
            if self.store_call(meetings.edit_next_step, self.amtui.db, self.amtui.user, step.id,
                               text, seen=step.version):
                self._after()

        self.ask(TextForm(f"Next step ({step.subject})", value=step.text), store)

    def action_delete_next_step(self) -> None:
        step = next((s for s in self.steps if s.id == self.section(5).current), None)
        if step is not None and self.store_call(meetings.delete_next_step, self.amtui.db,
                                                self.amtui.user, step.id, seen=step.version):
            self.notify("Next step removed — ctrl+z brings it back")
            self._after()

    def action_add_support(self, kind: SupportKind) -> None:
        what = "Additional support or intervention planned" if kind == "learning" else \
            "Support planned for attitude"
        app = self.amtui

        def store(text: str) -> None:
            if self.store_call(meetings.add_support, app.db, app.user, self.upn, self.term, kind,
                               text):
                self._after()

        self.ask(TextForm(what, hint="e.g. focussed teaching with a TA, 3 × 15 minutes a week"),
                 store)

    def _support_line(self) -> Any:
        key = self.section(6).current
        return key[1] if key and key[0] == "line" else None

    def action_edit_support(self) -> None:
        line = self._support_line()
        if line is None:
            return
        app = self.amtui

        def store(text: str) -> None:
            if self.store_call(meetings.edit_support, app.db, app.user, line.id, text,
                               seen=line.version):
                self._after()

        self.ask(TextForm("Support", value=line.text), store)

    def action_delete_support(self) -> None:
        line = self._support_line()
        if line is not None and self.store_call(meetings.remove_support, self.amtui.db,
                                                self.amtui.user, line.id, seen=line.version):
            self.notify("Support line removed — ctrl+z brings it back")
            self._after()

    def action_edit_aspirations(self) -> None:
        meeting = self.summary.record.meeting if self.summary else None

        def store(text: str) -> None:
            if self.store_call(meetings.update_meeting, self.amtui.db, self.amtui.user,
                               self.upn, self.term, aspirations=text,
                               seen=meeting.version if meeting else 0):
                self._after()

        self.ask(TextForm("Aspirations — what the pupil wants to be or do",
                          value=meeting.aspirations if meeting else "", allow_empty=True),
                 store)

    def action_pick_judgement(self) -> None:
        labels = self.amtui.scheme.judgements
        keys = [label[0].lower() for label in labels]
        if len(set(keys)) != len(keys):
            keys = [str(n) for n in range(1, len(labels) + 1)]

        meeting = self.summary.record.meeting if self.summary else None

        def store(chosen: int) -> None:
            if self.store_call(meetings.update_meeting, self.amtui.db, self.amtui.user,
                               self.upn, self.term, judgement=chosen,
                               seen=meeting.version if meeting else 0):
                self._after()

        self.ask(ChoiceForm("The agreed judgement",
                            [(k, label, i) for i, (k, label) in enumerate(zip(keys, labels))]),
                 store)

    def action_sign(self) -> None:
        """First ctrl+s signs for the teacher, the second for the pupil."""
        if self.summary is None:
            return
        app, record = self.amtui, self.summary.record
        meeting = record.meeting
        if meeting.signed:
            self.notify("Already signed by both — any change now marks the meeting amended")
            return
        blocking = missing_to_sign(meeting, preparation(record), app.scheme)
        if blocking:
            self.notify("Before signing: " + ", ".join(blocking), title="Not signed",
                        severity="warning", timeout=8)
            return
        party = "pupil" if meeting.teacher_signed_at else "teacher"
        if self.store_call(meetings.sign, app.db, app.user, self.upn, self.term, party,
                           seen=meeting.version):
            self.notify(f"Signed by the {party}" + (" — p prints the profile"
                                                    if party == "pupil" else
                                                    " — ctrl+s again for the pupil"))
            self._after()

    # ---- printing ---------------------------------------------------------------------------

    def action_print(self, parents: bool = False) -> None:
        from amtui.screens.printing import pupil_job, start_printing

        self.notify("Printing…", timeout=2)
        start_printing(self, pupil_job(self.upn, self.term, parents),
                       "Parents' copy" if parents else "Profile")
