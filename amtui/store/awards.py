"""The level a criteria sheet awards a pupil for a half-term (issue 15): in a sub-stage scheme the
sub-stage its crosses reach, in a Steps scheme the step.

The pupil works at the stage of their latest level recorded before the half-term (in any year),
else at the lowest stage with marks this year. That stage's sheet (the school's, else the
shipped one) awards the level from the best marks of the year so far (up to the half-term); with
no marks on it, or no sheet of at least four criteria, nothing is awarded."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from amtui.core.criteria import BAND_NAMES, Band, Mark, band_for_crosses, step_for_crosses
from amtui.core.scale import Level, stored_level
from amtui.core.scheme import Scheme
from amtui.core.terms import Term
from amtui.store import criteria_banks, pupils
from amtui.store.db import Database
from amtui.store.schemes import school_scheme

Marks = dict[int, dict[int, Mark]]
"""Stage → criterion number → the best mark this year (blanks left out)."""


@dataclass(frozen=True, slots=True)
class Award:
    """What a sheet awards: its stage, crosses out of its criteria, their band and the level."""

    stage: int
    crosses: int
    total: int
    band: Band
    level: Level


def award_for(marks: Mapping[int, Mark], numbers: Collection[int], stage: int,
              scheme: Scheme) -> Award | None:
    """The award of the sheet of `stage` whose criteria are `numbers`, from the pupil's marks on
    it (None: no marks on it, or too few criteria to band)."""
    if len(numbers) < len(BAND_NAMES) or not any(number in numbers for number in marks):
        return None
    crosses = sum(1 for number, mark in marks.items() if mark is Mark.CROSS and number in numbers)
    band = band_for_crosses(crosses, len(numbers), scheme)
    level: Level = band.substage(stage) if scheme.scale == "substages" else \
        step_for_crosses(crosses, len(numbers), stage)
    return Award(stage, crosses, len(numbers), band, level)


def awarded(db: Database, scheme: Scheme, upn: str, subject: str, term: Term) -> Award | None:
    """What the sheet of the stage the pupil works at awards them in `subject` for `term`."""
    return _awards(db, scheme, [upn], subject, term).get(upn)


def awarded_for_class(db: Database, scheme: Scheme, class_name: str, subject: str,
                      term: Term) -> dict[str, Award]:
    """UPN → award, for each pupil of a class the sheet awards a level (read in three queries
    and one sheet per stage)."""
    return _awards(db, scheme, [p.upn for p in pupils.list_pupils(db, class_name)], subject, term)


def awarding_stage(db: Database, upn: str, subject: str, term: Term) -> int | None:
    """The stage whose sheet awards the pupil's level for `term` (None: no level, no marks)."""
    marks = _marks_so_far(db, [upn], subject, term).get(upn, {})
    return _stage(_latest_levels(db, [upn], subject, term).get(upn), marks)


def working_stage(db: Database, upn: str, subject: str, term: Term) -> int | None:
    """The stage the pupil works at once `term`'s level is recorded: where their next steps
    come from (a pupil awarded St 3 Ready works at stage 3)."""
    marks = _marks_so_far(db, [upn], subject, term).get(upn, {})
    return _stage(_latest_levels(db, [upn], subject, term, through=True).get(upn), marks)


def sheet_rules(db: Database) -> Scheme | None:
    """The school's scheme when its sheets award sub-stages (the scheme in force, which
    `amtui scheme use` adopted); None when they award nothing by themselves."""
    school = school_scheme(db)
    return school if school is not None and school.scale == "substages" else None


def _awards(db: Database, scheme: Scheme, upns: list[str], subject: str,
            term: Term) -> dict[str, Award]:
    marks = _marks_so_far(db, upns, subject, term)
    latest = _latest_levels(db, upns, subject, term)
    sheets: dict[int, frozenset[int]] = {}
    found: dict[str, Award] = {}
    for upn in upns:
        own = marks.get(upn, {})
        stage = _stage(latest.get(upn), own)
        if stage is None:
            continue
        if stage not in sheets:
            sheets[stage] = frozenset(c.number for c in
                                      criteria_banks.criteria_for(db, subject, stage))
        award = award_for(own.get(stage, {}), sheets[stage], stage, scheme)
        if award is not None:
            found[upn] = award
    return found


def _stage(latest: Level | None, marks: Marks) -> int | None:
    if latest is not None:
        return latest.stage
    return min(marks, default=None)


def _upns(upns: list[str]) -> str:
    return json.dumps(upns)


def _marks_so_far(db: Database, upns: list[str], subject: str, term: Term) -> dict[str, Marks]:
    """UPN → stage → number → the best mark this year up to `term`, for those not blank."""
    found: dict[str, Marks] = {}
    for row in db.query(
            "SELECT upn, stage, number, max(mark) AS best FROM criteria_marks "
            "WHERE subject = ? AND school_year = ? AND half_term <= ? "
            "AND upn IN (SELECT value FROM json_each(?)) GROUP BY upn, stage, number "
            "HAVING best > 0", [subject, term.school_year, term.half_term, _upns(upns)]):
        found.setdefault(row["upn"], {}).setdefault(row["stage"], {})[row["number"]] = \
            Mark(row["best"])
    return found


def _latest_levels(db: Database, upns: list[str], subject: str, term: Term, *,
                   through: bool = False) -> dict[str, Level]:
    """UPN → their latest level recorded before `term` (`through`: or at it), in this year or
    an earlier one."""
    latest: dict[str, Level] = {}
    for row in db.query(
            "SELECT upn, step FROM attainment WHERE subject = ? AND step IS NOT NULL "
            "AND upn IN (SELECT value FROM json_each(?)) "
            "AND (school_year < ? OR (school_year = ? AND half_term < ?)) "
            "ORDER BY school_year, half_term",
            [subject, _upns(upns), term.school_year, term.school_year,
             term.half_term + (1 if through else 0)]):
        latest[row["upn"]] = stored_level(row["step"])
    return latest
