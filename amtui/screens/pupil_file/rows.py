"""What each section of the pupil file shows: pure functions of the file's data (`FileData`) to
rows of text, keyed so the cursor stays on the same row across a reload."""

from __future__ import annotations

from dataclasses import dataclass
from string import ascii_lowercase

from rich.text import Text

from amtui.core.colours import Rag, View
from amtui.core.impact_words import compared_text, sessions_text, signed
from amtui.core.meeting import missing_to_sign
from amtui.core.models import SupportKind
from amtui.core.programmes import BankProgramme, Intervention, Plan
from amtui.core.progress import SubjectStatus, preparation
from amtui.core.scale import year_label
from amtui.core.scheme import Scheme
from amtui.core.terms import term_on
from amtui.screens.forms import Suggestion
from amtui.screens.pupil_file import views
from amtui.screens.pupil_file.data import FileData
from amtui.screens.pupil_file.views import VIEW_MARKS
from amtui.store.impact import PlaceImpact
from amtui.widgets.rag import rag_text
from amtui.widgets.section_list import Row

REVIEW_WORDS = {"achieved": "✓ achieved", "partly": "◐ partly", "not": "✗ not achieved"}
NOT_REVIEWED = "· to review"
INDENT = "\n             "  # detail lines sit under the row's values


@dataclass(frozen=True, slots=True)
class Offer:
    """A choice when adding support: its key, what it says, and the programme or plan."""

    key: str
    label: str
    choice: Intervention | BankProgramme


@dataclass(frozen=True, slots=True)
class Shown:
    """A section's rows and the heading beside its title."""

    rows: list[Row]
    heading: Text | str = ""


def title(data: FileData, position: str) -> Text:
    """`Chen, Zoë · Y5 · 5W · UPN A123…45 · 2026-27 Autumn 2 (T2) · meeting signed   3/30`."""
    pupil, state = data.record.pupil, data.summary.state
    return Text.assemble(
        (pupil.display_name, "bold"), f" · {pupil.year} · {pupil.class_name} · UPN "
        f"{pupil.upn[:4]}…{pupil.upn[-2:]} · {data.term.label(data.scheme)} · ",
        (f"meeting {state}", "bold" if state in ("signed", "amended") else ""),
        (" · view only" if data.view_only else "", "bold"), f"   {position}")


def to_sign(data: FileData) -> str:
    """The status line when there is nothing else to say: what signing still needs."""
    meeting = data.meeting
    if meeting.signed:
        return "Signed by both — p prints the profile, P the parents' copy"
    blocking = missing_to_sign(meeting, preparation(data.record), data.scheme)
    if blocking:
        return "To sign: " + ", ".join(blocking)
    if meeting.teacher_signed_at:
        return "Signed by the teacher — ctrl+s for the pupil's signature"
    return "Ready to sign: ctrl+s"


def review_rows(data: FileData) -> Shown:
    rows: list[Row] = []
    for t in data.reviewing:
        word = REVIEW_WORDS[t.review] if t.review else NOT_REVIEWED
        rows.append((t.id, Text.assemble((f"{word:<14}", "bold" if t.review else "dim"),
                                         f" {t.subject:<10} {t.text}")))
    done = sum(t.review is not None for t in data.reviewing)
    return Shown(rows, f"{done}/{len(rows)} reviewed" if rows else "none set last half-term")


def attainment_rows(data: FileData) -> Shown:
    """A row per subject; the weekly basic-skills tests, when the pupil sits them, under the
    heading (a line to read, not a row to act on)."""
    shown: list[Row] = [(s.subject, subject_row(s, data)) for s in data.summary.subjects]
    heading = "step · progress (the numbers behind it) · ARE · this year"
    if data.basic_skills:
        heading += f"\n  {data.basic_skills}"
    return Shown(shown, heading)


def subject_row(status: SubjectStatus, data: FileData) -> Text:
    """The step, its colour and the numbers behind it; then last half-term's effect, earlier
    steps this year, the target ladder (↑ raised, with why) and an override's reason."""
    scheme, record = data.scheme, data.record
    step = str(status.step) if status.step else "·"
    line = Text.assemble(f"{status.subject:<10} ", (f"{step:<5}", "bold"), " ",
                         rag_text(status.colour, scheme, mark="!" if status.overridden else ""),
                         " ")
    path = status.trajectory
    if path is not None:
        line.append(f"(start {path.start}, expected {path.expected}, target {path.target}, "
                    f"gap {signed(path.gap)})  ")
    elif status.step is not None:
        line.append("(no start or target yet)  ")
    line.append("ARE ")
    line.append_text(rag_text(status.are, scheme))
    if path is not None and status.suggested is not None and status.suggested < path.colour:
        line.append(f"{INDENT}{status.suggested.label(scheme)} from last half-term's targets",
                    style="dim")
    history = record.steps.get(status.subject, {})
    earlier = " ".join(f"T{ht} {history[ht].step}" for ht in sorted(history)
                       if ht < record.half_term and history[ht].step)
    mine = [t for t in data.ladder if t.subject == status.subject]
    rungs = " ".join(f"{year_label(t.year_group)} {t.step}{'↑' if t.raised else ''}"
                     for t in mine)
    start = data.starts.get(status.subject)
    origin = f"{start.label} {start.step} → " if start else ""
    detail = " · ".join(part for part in (earlier, f"targets {origin}{rungs}" if mine else "")
                        if part)
    if detail:
        line.append(f"{INDENT}{detail}", style="dim")
    for t in mine:
        if t.raised and t.note:
            line.append(f"{INDENT}↑ {year_label(t.year_group)}: {t.note}", style="dim italic")
    if status.overridden and status.colour is not None:
        line.append(f"{INDENT}{status.colour.label(scheme)}: {status.override_reason}",
                    style="italic")
    return line


def self_assessment_rows(data: FileData) -> Shown:
    """Each of the pupil's ratings beside the teacher's, flagged agree / higher / lower (the
    comparison, `v`, shows every row with the evidence)."""
    comparison, own = views.compare(data), data.own
    rows: list[Row] = []
    for row in comparison.rows:
        if not row.rated:
            continue
        line = Text(f"{row.name:<22} pupil: {row.pupil:<22} ")
        if row.view is None:
            line.append("teacher: —")
        else:
            line.append(VIEW_MARKS[row.view], "" if row.view is View.AGREE else "bold")
        rows.append((row.key, line))
    if own.want_to_be:
        rows.append(("text", Text(f"Wants to be: {own.want_to_be} · went well: "
                                  f"{own.went_well or '—'} · finds hard: {own.find_hard or '—'}",
                                  style="dim")))
    if not own.ratings:
        return Shown(rows, "not done yet this half-term")
    return Shown(rows, f"{comparison.count(View.AGREE)} agree · "
                       f"{comparison.count(View.PUPIL_HIGHER)} pupil higher · "
                       f"{comparison.count(View.PUPIL_LOWER)} pupil lower")


def attitude_rows(data: FileData) -> Shown:
    """Each area: its figure (attendance %, lates), colour and comment. The heading is the
    cursor's area's grading key (`descriptors`)."""
    rows: list[Row] = []
    for area in data.scheme.attitude_areas:
        entry = data.attitude(area.key)
        value = ""
        if entry is not None and entry.value is not None:
            value = f"{entry.value:.1f}%" if area.kind == "attendance" else f"{entry.value:g}"
        line = Text.assemble(f"{area.name:<22} {value:>6} ",
                             rag_text(entry.colour if entry else None, data.scheme))
        if entry is not None and entry.comment:
            line.append(f'  "{entry.comment}"', style="italic")
        rows.append((area.key, line))
    return Shown(rows)


def descriptors(scheme: Scheme, area: str) -> Text:
    """What each colour means for an area (the grading key), green first."""
    try:
        words = scheme.area(area).descriptors
    except KeyError:
        return Text()
    return Text(" · ".join(f"{rag.letter(scheme)}: {text}" for rag, text in
                           ((Rag.GREEN, words.green), (Rag.AMBER, words.amber),
                            (Rag.RED, words.red)) if text), style="dim")


def next_step_rows(data: FileData) -> Shown:
    return Shown([(s.id, Text(f"{n}. {s.subject:<10} {s.text}"))
                  for n, s in enumerate(data.steps, start=1)],
                 "+ add · criteria marked “mostly” (a line) are suggested first")


def support_rows(data: FileData) -> Shown:
    """The support lines agreed (learning, attitude), then the pupil's interventions with their
    impact (dim: they are changed where the interventions are run)."""
    rows: list[Row] = [(("line", line.id), Text(f"{line.kind.capitalize()}: {line.text}"))
                       for line in data.meeting.lines]
    rows += [(("intervention", report.programme.id),
              Text(f"Intervention: {impact_line(place, report.programme.name, data)}",
                   style="dim"))
             for report, place in data.places]
    return Shown(rows, "+ learning · * attitude (type it, or pick a programme)")


def impact_line(place: PlaceImpact, name: str, data: FileData) -> str:
    """`Maths booster (since T1) · 9/10 sessions · +2 steps vs +2 expected · +1 vs not in it`,
    then `left 16/10: why` once the pupil has left (attitude-area programmes: sessions only)."""
    joined = term_on(place.place.joined, data.scheme)
    since = f"T{joined.half_term}" if joined.school_year == data.term.school_year \
        else f"{place.place.joined:%d/%m/%Y}"
    parts = [f"{name} (since {since})",
             f"{sessions_text(place.sessions)} sessions"]
    gain, unit = place.gain, "step" if data.scheme.scale == "steps" else "sub-stage"
    if gain is not None and gain.steps is not None and gain.expected is not None:
        plural = "" if abs(gain.steps) == 1 else "s"
        parts.append(f"{signed(gain.steps)} {unit}{plural} vs {signed(gain.expected)} expected")
    elif gain is not None:
        parts.append(gain.reason)
    if place.comparison is not None and place.comparison.against is not None:
        parts.append(f"{compared_text(place.comparison)} vs not in it")
    if place.place.left is not None:
        parts.append(f"left {place.place.left:%d/%m}: {place.place.exit_reason}")
    return " · ".join(parts)


def support_offers(data: FileData, kind: SupportKind) -> list[Offer]:
    """What adding support offers besides free text: a place in a programme running now (keys
    1–9) and the bank's plans (a, b, …), for learning (a subject) or for attitude (an area)."""
    areas = {area.name for area in data.scheme.attitude_areas}

    def fits(subject: str) -> bool:
        return (subject in areas) == (kind == "attitude")

    running = [p for p in data.running if fits(p.subject)][:9]
    offers = [Offer(str(n), f"place from today: {p.name} · {p.summary}", p)
              for n, p in enumerate(running, start=1)]
    plans = [entry for entry in data.bank if fits(entry.plan.subject)][:len(ascii_lowercase)]
    return offers + [Offer(letter, f"bank: {bank_text(entry.plan)}", entry)
                     for letter, entry in zip(ascii_lowercase, plans, strict=False)]


def bank_text(plan: Plan) -> str:
    """The support line a bank plan gives: `Maths booster — Focussed teaching with a TA, …`."""
    return f"{plan.name} — {plan.description}" if plan.description else \
        f"{plan.name} — {plan.per_week} × {plan.minutes} min a week"


def closing_rows(data: FileData) -> Shown:
    scheme, meeting = data.scheme, data.meeting
    judged = scheme.judgements[meeting.judgement] if meeting.judgement is not None else "—"
    pupil_view = data.own.ratings.get("overall", meeting.pupil_judgement)
    said = f" (pupil said {scheme.judgements[pupil_view]})" if pupil_view is not None else ""
    teacher = (f"☑ {meeting.teacher_signed_by} {meeting.teacher_signed_at:%d/%m/%Y %H:%M}"
               if meeting.teacher_signed_at else "☐")
    pupil = f"☑ {meeting.pupil_signed_at:%d/%m/%Y %H:%M}" if meeting.pupil_signed_at else "☐"
    rows: list[Row] = [
        ("aspirations", Text(f"Aspirations: {meeting.aspirations or '—'}")),
        ("judgement", Text.assemble("Judgement: ", (judged, "bold"), said)),
        ("signed", Text(f"Signed: teacher {teacher}   pupil {pupil}"
                        + ("   (amended after signing)" if meeting.amended else "")))]
    keys = " ".join(f"{key} {label}" for key, label
                    in zip(judgement_keys(scheme), scheme.judgements, strict=True))
    return Shown(rows, f"e aspirations · j judgement ({keys}) · ctrl+s sign")


def judgement_keys(scheme: Scheme) -> list[str]:
    """One key per judgement: its first letter, or 1, 2, … where two labels share one."""
    keys = [label[0].lower() for label in scheme.judgements]
    if len(set(keys)) != len(keys):
        return [str(n) for n in range(1, len(keys) + 1)]
    return keys


def suggestions(data: FileData) -> dict[str, list[Suggestion]]:
    """Per subject with a criteria sheet at the stage the pupil works at: its criteria as next
    steps, those the pupil has mostly achieved (a line) first."""
    out: dict[str, list[Suggestion]] = {}
    for subject, sheet in data.sheets.items():
        mostly = set(data.mostly.get(subject, ()))
        out[subject] = (
            [Suggestion(c.code, c.text, mostly=True) for c in sheet if c.number in mostly]
            + [Suggestion(c.code, c.text) for c in sheet if c.number not in mostly])
    return out
