"""Weekly basic-skills test scores, and the weeks teachers moved pupils on to another level."""

from __future__ import annotations

from typing import Any

from amtui.core.basic_skills import (
    LevelChange,
    WeekScore,
    check_level,
    check_score,
    check_week,
)
from amtui.core.errors import NotFound
from amtui.core.models import Staff
from amtui.core.scheme import Scheme
from amtui.store import history
from amtui.store.access import May, check
from amtui.store.db import Database, snapshot
from amtui.store.schemes import scheme_in_force


def _score(row: dict[str, Any]) -> WeekScore:
    return WeekScore(row["school_year"], row["week"], row["level"], row["score"], row["version"])


def set_score(db: Database, who: Staff, upn: str, school_year: int, week: int, level: str,
              score: int, *, seen: int, scheme: Scheme | None = None) -> WeekScore:
    """Store a pupil's score for a week's test at `level` (0 to the scheme's `out_of`;
    `scheme`: the school's in force unless given)."""
    check_week(week)
    level = check_level(level)
    with history.change(db, who, "a basic-skills score") as change:
        check(change, May.EDIT_PUPIL, upn=upn)
        check_score(score, scheme if scheme is not None else scheme_in_force(db))
        row = change.write("basic_skills", {"upn": upn, "school_year": school_year, "week": week},
                           {"level": level, "score": score}, seen=seen)
    return _score(row)


def clear_score(db: Database, who: Staff, upn: str, school_year: int, week: int, *,
                seen: int) -> None:
    """Remove a score entered by mistake."""
    with history.change(db, who, "a basic-skills score removed") as change:
        check(change, May.EDIT_PUPIL, upn=upn)
        change.write("basic_skills", {"upn": upn, "school_year": school_year, "week": week},
                     None, seen=seen)


def class_week(db: Database, class_name: str, school_year: int, week: int) -> dict[str, WeekScore]:
    """The class's scores for one week, by UPN (pupils who have none are left out)."""
    return {row["upn"]: _score(row) for row in db.query(
        "SELECT b.* FROM basic_skills b JOIN pupils p ON p.upn = b.upn "
        "WHERE p.class_name = ? AND b.school_year = ? AND b.week = ?",
        [class_name, school_year, week])}


def history_of(db: Database, upn: str) -> list[WeekScore]:
    """Every score the pupil has, with the level sat, oldest week first."""
    return [_score(row) for row in db.query(
        "SELECT * FROM basic_skills WHERE upn = ? ORDER BY school_year, week", [upn])]


def level_changes(db: Database, upn: str) -> list[LevelChange]:
    """The weeks teachers moved the pupil on, oldest first."""
    return [LevelChange(row["school_year"], row["week"], row["level"], row["version"])
            for row in db.query("SELECT * FROM basic_skills_levels WHERE upn = ? "
                                "ORDER BY school_year, week", [upn])]


def class_histories(db: Database, class_name: str,
                    ) -> dict[str, tuple[list[WeekScore], list[LevelChange]]]:
    """Per pupil of the class, their scores and recorded moves (one snapshot)."""
    with snapshot(db):
        upns = [row["upn"] for row in db.query("SELECT upn FROM pupils WHERE class_name = ?",
                                                 [class_name])]
        return {upn: (history_of(db, upn), level_changes(db, upn)) for upn in upns}


def move_on(db: Database, who: Staff, upn: str, school_year: int, week: int,
            level: str) -> LevelChange:
    """The pupil's level from `week` on; tests already entered from that week on this school
    year take the new level in the same change."""
    check_week(week)
    level = check_level(level)
    with history.change(db, who, "a basic-skills level") as change:
        check(change, May.EDIT_PUPIL, upn=upn)
        if db.execute("SELECT 1 FROM pupils WHERE upn = ?", [upn]).fetchone() is None:
            raise NotFound("that pupil is no longer on roll — reload the class and try again")
        key = {"upn": upn, "school_year": school_year, "week": week}
        old = history.read(db, "basic_skills_levels", key)
        row = change.write("basic_skills_levels", key, {"level": level},
                           seen=old["version"] if old else 0)
        later_weeks = list(db.query(
            "SELECT week FROM basic_skills WHERE upn = ? AND school_year = ? AND week >= ? "
            "AND level != ?", [upn, school_year, week, level]))
        for later in later_weeks:
            change.mark("basic_skills", {**key, "week": later["week"]}, {"level": level},
                        why="moved on")
    return LevelChange(row["school_year"], row["week"], row["level"], row["version"])
