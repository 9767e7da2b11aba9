"""Store writes for the reliability harness: each one planned from what the writer just read
(the row's key, the version it saw, the values the row must hold afterwards), then run.

The scripted SIGKILL writer (part 1) and the concurrent writers (part 3) both draw from these,
so every write function of the store is exercised the way a screen calls it: read, then write
with `seen=` the version read."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from amtui.core.colours import Rag
from amtui.core.criteria import Mark
from amtui.core.models import Staff
from amtui.core.scale import Level, Step, stored_level
from amtui.core.scheme import Scheme
from amtui.core.terms import Term
from amtui.store import (
    attainment,
    attitude,
    criteria_marks,
    history,
    meetings,
    self_assessment,
    targets,
)
from amtui.store.db import Database

Key = dict[str, Any]
REVIEWS = ("achieved", "partly", "not", None)
WORDS = ("reading buddy", "Łukasz's maths club", "phonics — daily", "times tables 3×/week",
         "check-in with Zoë's mentor", "pre-teach vocabulary", "“stay on green” chart")


@dataclass
class Planned:
    """One write, planned: after `call()` returns, the row at `table`/key must hold `expect`
    (None: the row is gone). `key` is None for a new row; `call` returns the key written."""

    op: str
    table: str
    key: Key | None
    seen: int | None
    expect: dict[str, Any] | None
    call: Callable[[], Key]


@dataclass
class Context:
    """Who writes, about which pupils, and the random source that picks each write."""

    db: Database
    who: Staff
    scheme: Scheme
    term: Term
    upns: list[str]
    rng: random.Random
    tag: str
    target: tuple[str, str, int, Level] | None = None
    """(upn, subject, year group, FFT floor) of a target a senior leader may raise or lower."""
    counter: int = 0
    ops: list[str] = field(default_factory=list)
    narrow: bool = False
    """Only one subject, one area of each kind and one criterion: writers meet more often."""

    def text(self) -> str:
        """Words never written before (so every text write changes the row)."""
        self.counter += 1
        return f"{self.rng.choice(WORDS)} [{self.tag}#{self.counter}]"

    def upn(self) -> str:
        return self.rng.choice(self.upns)

    def subject(self) -> str:
        return self.scheme.subjects[0] if self.narrow else self.rng.choice(self.scheme.subjects)

    def area(self, *kinds: str) -> str:
        """An attitude area (of one of `kinds`, if given)."""
        keys = [a.key for a in self.scheme.attitude_areas if not kinds or a.kind in kinds]
        return keys[0] if self.narrow else self.rng.choice(keys)


def _version(db: Database, table: str, key: Key) -> int:
    row = history.read(db, table, key)
    return row["version"] if row else 0


def _att_key(upn: str, subject: str, term: Term) -> Key:
    return {"upn": upn, "subject": subject, "school_year": term.school_year,
            "half_term": term.half_term}


def _area_key(upn: str, term: Term, area: str) -> Key:
    return {"upn": upn, "school_year": term.school_year, "half_term": term.half_term, "area": area}


def _term_key(upn: str, term: Term) -> Key:
    return {"upn": upn, "school_year": term.school_year, "half_term": term.half_term}


def _other_step(rng: random.Random, current: Any) -> Step:
    """A step in Years 3–6 that differs from `current`."""
    while True:
        step = Step.from_ordinal(rng.randrange(18, 42))
        if step != current:
            return step


# ---- attainment -------------------------------------------------------------------------------

def plan_step(ctx: Context) -> Planned:
    upn, subject = ctx.upn(), ctx.subject()
    key = _att_key(upn, subject, ctx.term)
    row = history.read(ctx.db, "attainment", key)
    step = _other_step(ctx.rng, stored_level(row["step"]) if row else None)
    seen = row["version"] if row else 0

    def call() -> Key:
        attainment.set_step(ctx.db, ctx.who, upn, subject, ctx.term, step, seen=seen)
        return key
    return Planned("set_step", "attainment", key, seen, {"step": str(step)}, call)


def plan_override(ctx: Context) -> Planned:
    upn, subject = ctx.upn(), ctx.subject()
    key = _att_key(upn, subject, ctx.term)
    seen, colour = _version(ctx.db, "attainment", key), ctx.rng.choice(list(Rag))
    reason = ctx.text()

    def call() -> Key:
        attainment.set_override(ctx.db, ctx.who, upn, subject, ctx.term, colour, reason, seen=seen)
        return key
    return Planned("set_override", "attainment", key, seen,
                   {"override": int(colour), "override_reason": reason}, call)


# ---- attitude ---------------------------------------------------------------------------------

def plan_colour(ctx: Context) -> Planned:
    upn, area = ctx.upn(), ctx.area("behaviour", "choice")
    key = _area_key(upn, ctx.term, area)
    seen, colour = _version(ctx.db, "attitude", key), ctx.rng.choice(list(Rag))

    def call() -> Key:
        attitude.set_colour(ctx.db, ctx.who, upn, ctx.term, area, colour, seen=seen)
        return key
    return Planned("set_colour", "attitude", key, seen, {"colour": int(colour)}, call)


def plan_value(ctx: Context) -> Planned:
    upn, area = ctx.upn(), ctx.area("attendance", "punctuality")
    key = _area_key(upn, ctx.term, area)
    kind = ctx.scheme.area(area).kind
    value = round(ctx.rng.uniform(80, 100), 1) if kind == "attendance" else ctx.rng.randrange(8)
    colour = attitude.colour_for_value(area, value, ctx.scheme)
    seen = _version(ctx.db, "attitude", key)

    def call() -> Key:
        attitude.set_value(ctx.db, ctx.who, upn, ctx.term, area, value, ctx.scheme, seen=seen)
        return key
    return Planned("set_value", "attitude", key, seen,
                   {"value": round(float(value), 1), "colour": int(colour)}, call)


def plan_comment(ctx: Context) -> Planned:
    upn, area = ctx.upn(), ctx.area()
    key = _area_key(upn, ctx.term, area)
    seen, text = _version(ctx.db, "attitude", key), ctx.text()

    def call() -> Key:
        attitude.set_comment(ctx.db, ctx.who, upn, ctx.term, area, text, seen=seen)
        return key
    return Planned("set_comment", "attitude", key, seen, {"comment": text}, call)


# ---- the meeting, self-assessment, criteria ---------------------------------------------------

def plan_meeting(ctx: Context) -> Planned:
    upn = ctx.upn()
    key = _term_key(upn, ctx.term)
    seen, text = _version(ctx.db, "meetings", key), ctx.text()

    def call() -> Key:
        meetings.update_meeting(ctx.db, ctx.who, upn, ctx.term, seen=seen, aspirations=text)
        return key
    return Planned("update_meeting", "meetings", key, seen, {"aspirations": text}, call)


def plan_self_assessment(ctx: Context) -> Planned:
    upn = ctx.upn()
    key = _term_key(upn, ctx.term)
    seen, text = _version(ctx.db, "self_assessments", key), ctx.text()
    ratings = {"overall": ctx.rng.randrange(4)}

    def call() -> Key:
        self_assessment.save_self_assessment(ctx.db, ctx.who, upn, ctx.term, ratings, seen=seen,
                                             went_well=text)
        return key
    return Planned("save_self_assessment", "self_assessments", key, seen, {"went_well": text},
                   call)


def plan_mark(ctx: Context) -> Planned:
    upn, subject = ctx.upn(), ctx.subject()
    number = 1 if ctx.narrow else ctx.rng.randrange(1, 4)
    key = {"upn": upn, "subject": subject, "stage": 5, "number": number,
           "school_year": ctx.term.school_year, "half_term": ctx.term.half_term}
    seen, mark = _version(ctx.db, "criteria_marks", key), ctx.rng.choice(list(Mark))

    def call() -> Key:
        criteria_marks.set_mark(ctx.db, ctx.who, upn, subject, 5, number, ctx.term, mark,
                                seen=seen)
        return key
    return Planned("set_mark", "criteria_marks", key, seen, {"mark": int(mark)}, call)


# ---- support lines ----------------------------------------------------------------------------

def plan_add_support(ctx: Context) -> Planned:
    upn, kind, text = ctx.upn(), ctx.rng.choice(meetings.SUPPORT_KINDS), ctx.text()

    def call() -> Key:
        return {"id": meetings.add_support(ctx.db, ctx.who, upn, ctx.term, kind, text).id}
    return Planned("add_support", "support_lines", None, None, {"text": text, "kind": kind}, call)


def _some_line(ctx: Context) -> Any:
    lines = meetings.support_lines(ctx.db, ctx.upn(), ctx.term)
    return ctx.rng.choice(lines) if lines else None


def plan_edit_support(ctx: Context) -> Planned:
    line = _some_line(ctx)
    if line is None:
        return plan_add_support(ctx)
    key, text = {"id": line.id}, ctx.text()

    def call() -> Key:
        meetings.edit_support(ctx.db, ctx.who, line.id, text, seen=line.version)
        return key
    return Planned("edit_support", "support_lines", key, line.version, {"text": text}, call)


def plan_remove_support(ctx: Context) -> Planned:
    line = _some_line(ctx)
    if line is None:
        return plan_add_support(ctx)
    key = {"id": line.id}

    def call() -> Key:
        meetings.remove_support(ctx.db, ctx.who, line.id, seen=line.version)
        return key
    return Planned("remove_support", "support_lines", key, line.version, None, call)


# ---- next steps and their review ---------------------------------------------------------------

def plan_add_next_step(ctx: Context) -> Planned:
    upn, subject, text = ctx.upn(), ctx.subject(), ctx.text()

    def call() -> Key:
        return {"id": meetings.add_next_step(ctx.db, ctx.who, upn, ctx.term, subject, text).id}
    return Planned("add_next_step", "medium_targets", None, None,
                   {"text": text, "subject": subject}, call)


def _some_step(ctx: Context, term: Term) -> Any:
    found = meetings.next_steps(ctx.db, ctx.upn(), term)
    return ctx.rng.choice(found) if found else None


def plan_edit_next_step(ctx: Context) -> Planned:
    step = _some_step(ctx, ctx.term)
    if step is None:
        return plan_add_next_step(ctx)
    key, text = {"id": step.id}, ctx.text()

    def call() -> Key:
        meetings.edit_next_step(ctx.db, ctx.who, step.id, text, seen=step.version)
        return key
    return Planned("edit_next_step", "medium_targets", key, step.version, {"text": text}, call)


def plan_delete_next_step(ctx: Context) -> Planned:
    step = _some_step(ctx, ctx.term)
    if step is None:
        return plan_add_next_step(ctx)
    key = {"id": step.id}

    def call() -> Key:
        meetings.delete_next_step(ctx.db, ctx.who, step.id, seen=step.version)
        return key
    return Planned("delete_next_step", "medium_targets", key, step.version, None, call)


def plan_review(ctx: Context) -> Planned:
    step = _some_step(ctx, ctx.term.previous())
    if step is None:
        return plan_add_next_step(ctx)
    key, review = {"id": step.id}, ctx.rng.choice(REVIEWS)

    def call() -> Key:
        meetings.review_target(ctx.db, ctx.who, step.id, review, ctx.term, seen=step.version)
        return key
    return Planned("review_target", "medium_targets", key, step.version, {"review": review}, call)


# ---- long-term targets (senior leaders raise and lower, within the rules) ---------------------

def plan_change_target(ctx: Context) -> Planned:
    if ctx.target is None or ctx.who.role != "slt":
        return plan_step(ctx)
    upn, subject, year, floor = ctx.target
    key = {"upn": upn, "subject": subject, "year_group": year}
    row = history.read(ctx.db, "targets", key)
    current = stored_level(row["step"]) if row else None
    while True:
        step = floor + ctx.rng.randrange(0, 7)
        if step != current:
            break
    seen, note = (row["version"] if row else 0), ctx.text()

    def call() -> Key:
        targets.change_target(ctx.db, ctx.who, upn, subject, year, step, note, ctx.scheme,
                              seen=seen)
        return key
    return Planned("change_target", "targets", key, seen, {"step": str(step), "note": note}, call)


PLANS: dict[str, Callable[[Context], Planned]] = {
    "set_step": plan_step, "set_override": plan_override, "set_value": plan_value,
    "set_colour": plan_colour, "set_comment": plan_comment, "update_meeting": plan_meeting,
    "add_support": plan_add_support, "edit_support": plan_edit_support,
    "remove_support": plan_remove_support, "add_next_step": plan_add_next_step,
    "edit_next_step": plan_edit_next_step, "delete_next_step": plan_delete_next_step,
    "review_target": plan_review, "change_target": plan_change_target,
    "save_self_assessment": plan_self_assessment, "set_mark": plan_mark,
}
WEIGHTS: dict[str, int] = {name: 2 for name in PLANS} | {"set_step": 4, "add_support": 3}


def plan(ctx: Context) -> Planned:
    """A write chosen at random among `ctx.ops` (all of them if empty), weighted."""
    names = ctx.ops or list(PLANS)
    name = ctx.rng.choices(names, [WEIGHTS[n] for n in names])[0]
    return PLANS[name](ctx)


def target_with_floor(db: Database, upns: list[str]) -> tuple[str, str, int, Level] | None:
    """A pupil's final-year target whose starting point has an FFT estimate: a senior leader
    may move it anywhere from that estimate up (for the final year the floor is the estimate)."""
    for upn in upns:
        for row in db.query("SELECT subject, fft FROM starting_points WHERE upn = ? AND "
                            "fft IS NOT NULL ORDER BY subject", [upn]):
            years = [r["year_group"] for r in db.query(
                "SELECT year_group FROM targets WHERE upn = ? AND subject = ?",
                [upn, row["subject"]])]
            fft = stored_level(row["fft"])
            if years and fft is not None:
                return upn, row["subject"], max(years), fft
    return None
