"""Long-term targets and starting points, with every change kept in the history."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from amtui.core.errors import NotFound
from amtui.core.models import LevelField, Staff, StartingPoint, Target
from amtui.core.scale import stored_level
from amtui.core.scheme import Scheme
from amtui.core.targets import carried_up, check_target_change, target_ladder
from amtui.store import history
from amtui.store.access import May, check
from amtui.store.db import Database


def target_from_row(row: dict[str, Any]) -> Target:
    return Target(upn=row["upn"], subject=row["subject"], year_group=row["year_group"],
                  step=stored_level(row["step"]), note=row["note"], raised=bool(row["raised"]),
                  version=row["version"])


def start_from_row(row: dict[str, Any]) -> StartingPoint:
    return StartingPoint(upn=row["upn"], subject=row["subject"], year_group=row["year_group"],
                         step=stored_level(row["step"]), label=row["label"],
                         fft=stored_level(row["fft"]),
                         aspirational=stored_level(row["aspirational"]), version=row["version"])


def pupil_targets(db: Database, upn: str) -> list[Target]:
    rows = db.query("SELECT * FROM targets WHERE upn = ? ORDER BY subject, year_group", [upn])
    return [target_from_row(row) for row in rows]


def starting_points(db: Database, upn: str) -> list[StartingPoint]:
    return [start_from_row(row) for row in
            db.query("SELECT * FROM starting_points WHERE upn = ? ORDER BY subject", [upn])]


def set_starting_point(db: Database, who: Staff, point: StartingPoint, scheme: Scheme, *,
                       end_year: int, seen: int, why: str = "",
                       keep: Collection[int] = ()) -> list[Target]:
    """Record a subject's starting point and (re)build its target ladder up to `end_year`
    (senior leaders). Targets already raised keep their raised value; a rung the new ladder
    would lower is lowered only by the rules for lowering (`why` given, never below FFT). Stored
    targets of the years in `keep` are left as they are (an import sets them itself)."""
    with history.change(db, who, f"the {point.subject} starting point") as change:
        check(change, May.SET_STARTING_POINT, upn=point.upn)
        change.write("starting_points", {"upn": point.upn, "subject": point.subject},
                     {"year_group": point.year_group, "step": str(point.step),
                      "label": point.label,
                      "fft": None if point.fft is None else str(point.fft),
                      "aspirational": None if point.aspirational is None
                      else str(point.aspirational)}, seen=seen, why=why.strip())
        start = history.read(db, "starting_points", {"upn": point.upn, "subject": point.subject})
        for year, step in target_ladder(point.step, point.year_group, end_year, scheme).items():
            key = {"upn": point.upn, "subject": point.subject, "year_group": year}
            old = history.read(db, "targets", key)
            if old is not None and (old["raised"] or year in keep):
                continue
            old_step = target_from_row(old).step if old else None
            if old_step is not None and step < old_step:
                check_target_change(old_step, step, who.role, why,
                                    _fft_floor(db, point.upn, point.subject, year, start))
            change.mark("targets", key, {"step": str(step)},
                        why=why.strip() or "target ladder from starting point")
    return [t for t in pupil_targets(db, point.upn) if t.subject == point.subject]


def set_estimates(db: Database, who: Staff, upn: str, subject: str, *,
                  fft: LevelField | None, aspirational: LevelField | None,
                  seen: int) -> StartingPoint:
    """Record a subject's FFT estimate and aspirational target beside its starting point
    (senior leaders). The ladder stays as it is: the FFT estimate is only the floor a lowered
    target may not go below."""
    with history.change(db, who, f"the {subject} FFT estimate and aspirational target") as change:
        check(change, May.SET_STARTING_POINT, upn=upn)
        key = {"upn": upn, "subject": subject}
        if history.read(db, "starting_points", key) is None:
            raise NotFound(f"no {subject} starting point yet — set it first")
        row = change.write("starting_points", key, {
            "fft": None if fft is None else str(fft),
            "aspirational": None if aspirational is None else str(aspirational)}, seen=seen)
    return start_from_row(row)


def get_target(db: Database, upn: str, subject: str, year_group: int) -> Target:
    row = history.read(db, "targets", {"upn": upn, "subject": subject, "year_group": year_group})
    if row is None:
        raise NotFound(f"no {subject} target for year {year_group} yet — "
                       "set a starting point first")
    return target_from_row(row)


def change_target(db: Database, who: Staff, upn: str, subject: str, year_group: int,
                  step: LevelField, note: str, scheme: Scheme, *, seen: int) -> Target:
    """Raise (teacher or SLT, with a note; later years are carried up to keep the expected
    rate from it) or lower (SLT only, with a reason, never below FFT)."""
    with history.change(db, who, f"a {subject} target") as change:
        check(change, May.EDIT_PUPIL, upn=upn)
        key = {"upn": upn, "subject": subject, "year_group": year_group}
        old = history.read(db, "targets", key)
        if (old["version"] if old else 0) != seen:  # judged against what the caller saw
            raise history.conflict("targets")
        start = history.read(db, "starting_points", {"upn": upn, "subject": subject})
        old_step = target_from_row(old).step if old else None
        kind = check_target_change(old_step, step, who.role, note,
                                   _fft_floor(db, upn, subject, year_group, start))
        if kind == "same":
            return target_from_row(old)  # type: ignore[arg-type]  # "same": there is one
        if kind == "lower":
            check(change, May.LOWER_TARGET, upn=upn)
        elif kind == "set":  # a first target is part of a ladder, which senior leaders set
            check(change, May.SET_STARTING_POINT, upn=upn)
        values = {"step": str(step), "note": note.strip(),
                  "raised": int(kind == "raise" or (kind == "set" and bool(note.strip())))}
        row = change.write("targets", key, values, seen=seen, why=note.strip())
        if kind == "raise":
            ladder = {t.year_group: t.step for t in pupil_targets(db, upn) if t.subject == subject}
            for later, floor in carried_up(ladder, year_group, step, scheme).items():
                change.mark("targets", {**key, "year_group": later},
                            {"step": str(floor), "note": note.strip(), "raised": 1},
                            why=f"carried up with the Y{year_group} target: {note.strip()}")
    return target_from_row(row)


def reword_target(db: Database, who: Staff, upn: str, subject: str, year_group: int, note: str,
                  *, seen: int) -> Target:
    """Give a target a new note (why it was raised or lowered); its step stays."""
    with history.change(db, who, f"a {subject} target's note") as change:
        check(change, May.EDIT_PUPIL, upn=upn)
        key = {"upn": upn, "subject": subject, "year_group": year_group}
        if history.read(db, "targets", key) is None:
            raise NotFound(f"no {subject} target for year {year_group} yet — "
                           "set a starting point first")
        row = change.write("targets", key, {"note": note.strip()}, seen=seen, why=note.strip())
    return target_from_row(row)


def _fft_floor(db: Database, upn: str, subject: str, year_group: int,
               start: dict[str, Any] | None) -> LevelField | None:
    """The FFT estimate is for the end of the key stage; an earlier year's floor sits below it by
    as much as that year's target sits below the final one."""
    fft = start_from_row(start).fft if start else None
    if fft is None:
        return None
    ladder = {t.year_group: t.step for t in pupil_targets(db, upn) if t.subject == subject}
    final = ladder.get(max(ladder)) if ladder else None
    if final is None or year_group not in ladder or type(final) is not type(fft):
        return fft
    return fft - (final - ladder[year_group])


def target_history(db: Database, upn: str, subject: str) -> list[history.HistoryEntry]:
    """Every change to a pupil's targets in a subject, newest first."""
    return history.entries(db, "targets", {"upn": upn, "subject": subject}, prefix=True)
