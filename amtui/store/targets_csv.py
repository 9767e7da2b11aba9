"""Starting points and target ladders from the MIS as CSV, all or nothing (senior leaders).

One row per pupil and subject gives the starting point (`UPN`, `Subject`, `Starting point`,
`Source`, optional `FFT estimate` and `Aspirational target`); the ladder is built from it by the
scheme's expected progress a year, to the end of the key stage. Rows that also give a
`Target year` and `Target` set that year's target after the ladder: above the ladder it is a
raise (with a `Note`; later years are carried up to keep the expected rate), below it a lowering
(with a `Note`, never below the FFT estimate); a year at or before the starting point's keeps an
earlier ladder's target, as the export writes it. A `Note` on a row without a target is the
reason for a new starting point that lowers the ladder. A blank FFT estimate or aspirational target
keeps the one stored: an import never loses one. `amtui export targets` writes these columns,
plus some for people (`Surname`, `Forename`, `School year`, `Raised`) that the import ignores.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from amtui.core.conversion import ApsTable
from amtui.core.errors import AmtuiError, InvalidStep, shown
from amtui.core.models import LevelField, Staff, StartingPoint
from amtui.core.scale import Step, SubStage, parse_level, parse_year_group, stored_level, year_label
from amtui.core.scheme import Scheme
from amtui.core.targets import ladder_end, parse_source, target_ladder
from amtui.datafiles import load_aps_table
from amtui.store import history, targets
from amtui.store.access import May, check
from amtui.store.csv_headers import Problems, Table, find_table, missing_columns, upn_of
from amtui.store.db import Database
from amtui.store.pupils import ensure_subjects
from amtui.store.roster_csv import decode

COLUMNS = ("UPN", "Subject", "Starting point", "Source", "FFT estimate", "Aspirational target",
           "Target year", "Target", "Note")
REQUIRED = ("UPN", "Subject", "Starting point", "Source")
ALIASES: dict[str, tuple[str, ...]] = {
    "UPN": ("upn", "uniquepupilnumber"),
    "Subject": ("subject",),
    "Starting point": ("startingpoint", "start", "startingstep", "baseline"),
    "Source": ("source", "startingpointsource", "startfrom"),
    "FFT estimate": ("fftestimate", "fft", "fftaspire", "fftestimates"),
    "Aspirational target": ("aspirationaltarget", "aspirational", "ptt", "aspiration"),
    "Target year": ("targetyear", "yearoftarget"),
    "Target": ("target", "targetstep", "endofyeartarget"),
    "Note": ("note", "notes", "reason"),
}
Outcome = Literal["new", "changed", "unchanged", "refused"]
NEEDS = ", ".join(REQUIRED) + " (optional: FFT estimate, Aspirational target, Target year, " \
    "Target, Note)"


@dataclass(frozen=True, slots=True)
class Given:
    """A year's target the file gives, on its line."""

    line: int
    step: LevelField
    note: str


@dataclass
class Ladder:
    """One pupil's subject as the file gives it: the starting point and any years' targets."""

    line: int
    point: StartingPoint
    end_year: int
    why: str = ""
    point_line: int = 0  # the row that gives only the starting point, if there is one
    given: dict[int, Given] = field(default_factory=dict)


@dataclass(frozen=True)
class TargetsReport:
    pupils: int
    new: int
    changed: int
    unchanged: int

    def __str__(self) -> str:
        ladders = self.new + self.changed + self.unchanged
        return (f"{ladders} target ladder{'' if ladders == 1 else 's'} for {self.pupils} pupil"
                f"{'' if self.pupils == 1 else 's'}: {self.new} new, {self.changed} updated, "
                f"{self.unchanged} unchanged")


_level = lru_cache(maxsize=1024)(parse_level)  # a file repeats a pupil's starting point


def read_level(text: str, column: str, scheme: Scheme, aps: ApsTable) -> LevelField:
    """A value of the scheme's scale; an old NC sub-level (`2B`) becomes a sub-stage through
    the APS table (no table turns NC levels into steps)."""
    nc_level = "".join(text.split()).upper()
    steps = scheme.scale == "steps"
    try:
        return _level(text, scheme.scale)
    except InvalidStep as exc:
        if nc_level in aps.nc_levels:
            if steps:
                raise ValueError(f'{column} "{shown(text)}" is an old NC level, but this school '
                                 "measures in steps and no table turns NC levels into steps — "
                                 "give it as a step, e.g. 2w+") from None
            substage = aps.nc_level_to_substage(nc_level)
            if substage is None:
                raise ValueError(f'{column} "{shown(text)}" (an old NC level) has no sub-stage '
                                 "in the APS table — give it as a sub-stage, e.g. 1E") from None
            return substage
        other, name = (SubStage, "a sub-stage") if steps else (Step, "a step")
        try:
            other.parse(text)
        except InvalidStep:
            raise ValueError(f"{column} {exc}"
                             + ("" if steps else " — or an old NC level such as 2B")) from None
        raise ValueError(f'{column} "{shown(text)}" is {name}, but this school measures in '
                         f"{'steps' if steps else 'sub-stages'}") from None


def _optional(table: Table, row: list[str], column: str, scheme: Scheme,
              aps: ApsTable) -> LevelField | None:
    text = table.cell(row, column)
    return read_level(text, column, scheme, aps) if text else None


def _subject(text: str, scheme: Scheme) -> str:
    for subject in scheme.subjects:
        if subject.casefold() == text.strip().casefold():
            return subject
    raise ValueError(f'Subject "{shown(text or "(empty)")}" is not one of this school\'s '
                     f"subjects — use {', '.join(scheme.subjects)}")


def _point(table: Table, row: list[str], upn: str, subject: str, scheme: Scheme,
           aps: ApsTable) -> tuple[StartingPoint, int]:
    """The row's starting point and the year its ladder runs to."""
    text = table.cell(row, "Starting point")
    if not text:
        raise ValueError("Starting point is empty — fill it in (a step such as 2w+, or a "
                         "sub-stage)")
    step = read_level(text, "Starting point", scheme, aps)
    try:
        start_year, label = parse_source(table.cell(row, "Source"))
        end_year = ladder_end(start_year)
    except AmtuiError as exc:
        raise ValueError(str(exc)) from None
    point = StartingPoint(upn=upn, subject=subject, year_group=start_year, step=step, label=label,
                          fft=_optional(table, row, "FFT estimate", scheme, aps),
                          aspirational=_optional(table, row, "Aspirational target", scheme, aps))
    return point, end_year


def _given(table: Table, row: list[str], line: int, ladder: Ladder, scheme: Scheme,
           aps: ApsTable) -> tuple[int, Given] | None:
    """The year's target a row gives (None: the row gives only the starting point)."""
    year_text, step_text = table.cell(row, "Target year"), table.cell(row, "Target")
    if not year_text and not step_text:
        return None
    if not year_text or not step_text:
        empty, other = ("Target year", "Target") if step_text else ("Target", "Target year")
        raise ValueError(f"{empty} is empty but {other} is not — give both, or neither for a row "
                         "with only the starting point")
    try:
        year = parse_year_group(year_text)
    except AmtuiError as exc:
        raise ValueError(f"Target year {exc}") from None
    if year > ladder.end_year:
        raise ValueError(f"Target year {year_label(year)} is after the end of the key stage "
                         f"({year_label(ladder.end_year)}) that a starting point from "
                         f"{ladder.point.label} leads to — check the Target year or the Source")
    return year, Given(line, read_level(step_text, "Target", scheme, aps),
                       table.cell(row, "Note"))


def _same_start(a: StartingPoint, b: StartingPoint) -> bool:
    return (a.step, a.year_group, a.fft, a.aspirational) == \
        (b.step, b.year_group, b.fft, b.aspirational)


def parse_targets(text: str, scheme: Scheme) -> list[Ladder]:
    """Read targets CSV text into one `Ladder` per pupil and subject; raises `FileProblems`
    listing every bad line."""
    table = find_table(text, ALIASES, "UPN", NEEDS)
    missing_columns(table, REQUIRED, NEEDS)
    problems = Problems()
    if not table.rows:
        problems.add(table.header_line, "the file has a header but no pupils — add a row per "
                                        "pupil and subject")
    aps = load_aps_table()
    ladders: dict[tuple[str, str], Ladder] = {}
    for line, row in table.rows:
        try:
            upn = upn_of(table.cell(row, "UPN"))
            subject = _subject(table.cell(row, "Subject"), scheme)
            point, end_year = _point(table, row, upn, subject, scheme, aps)
        except ValueError as exc:
            problems.add(line, str(exc))
            continue
        ladder = ladders.setdefault((upn, subject), Ladder(line, point, end_year))
        if not _same_start(ladder.point, point):
            problems.add(line, f"the {subject} starting point differs from line {ladder.line}'s "
                               "for the same pupil — give one starting point, Source, FFT "
                               "estimate and aspirational target per pupil and subject")
            continue
        try:
            given = _given(table, row, line, ladder, scheme, aps)
        except ValueError as exc:
            problems.add(line, str(exc))
            continue
        if given is None and ladder.point_line:
            problems.add(line, f"the {subject} starting point is also on line "
                               f"{ladder.point_line} — give it once per pupil and subject")
        elif given is None:
            ladder.why, ladder.point_line = table.cell(row, "Note"), line
        elif given[0] in ladder.given:
            problems.add(line, f"the {subject} {year_label(given[0])} target is also on line "
                               f"{ladder.given[given[0]].line} — give each year's target once")
        else:
            ladder.given[given[0]] = given[1]
    problems.raise_any()
    return list(ladders.values())


def read_targets(path: str | Path, scheme: Scheme) -> list[Ladder]:
    """Read and check a targets file without touching any database."""
    return parse_targets(decode(Path(path).read_bytes()), scheme)


def _rows(db: Database, upn: str, subject: str) -> tuple[dict[str, Any] | None,
                                                         dict[int, dict[str, Any]]]:
    start = history.read(db, "starting_points", {"upn": upn, "subject": subject})
    rungs = {row["year_group"]: row for row in db.query(
        "SELECT * FROM targets WHERE upn = ? AND subject = ?", [upn, subject])}
    return start, rungs


def _settled(start: dict[str, Any] | None, point: StartingPoint, end_year: int,
             rungs: dict[int, dict[str, Any]], keep: set[int], scheme: Scheme) -> bool:
    """Whether `set_starting_point` would write nothing (a file read back unchanged): the
    starting point is stored as it is, and each rung of its ladder is stored as the rule gives
    it, raised, or kept for the file to set."""
    def text(level: LevelField | None) -> str | None:
        return None if level is None else str(level)

    if start is None or [start[c] for c in ("year_group", "step", "label", "fft",
                                            "aspirational")] != [
            point.year_group, str(point.step), point.label, text(point.fft),
            text(point.aspirational)]:
        return False
    return all(year in rungs and (rungs[year]["raised"] or year in keep
                                  or rungs[year]["step"] == str(step))
               for year, step in target_ladder(point.step, point.year_group, end_year,
                                               scheme).items())


def _lowered(ladder: Ladder, rungs: dict[int, dict[str, Any]], keep: set[int],
             scheme: Scheme) -> list[str]:
    """The stored targets a new starting point's ladder would lower: `Y3 3w+ → 3b+`."""
    point = ladder.point
    lowered = []
    for year, step in target_ladder(point.step, point.year_group, ladder.end_year,
                                    scheme).items():
        row = rungs.get(year)
        if row is None or row["raised"] or year in keep:
            continue
        if step < (old := stored_level(row["step"])):
            lowered.append(f"{year_label(year)} {old} → {step}")
    return lowered


def _apply(db: Database, who: Staff, ladder: Ladder, scheme: Scheme,
           problems: Problems) -> Outcome:
    """Write one pupil's subject inside the import's change; each refusal goes to `problems`."""
    point = ladder.point
    last = history.latest_id(db)
    start, rungs = _rows(db, point.upn, point.subject)
    # a given target that repeats a stored one from the ladder's rule follows the starting point
    given = {year: target for year, target in ladder.given.items() if not (
        year in rungs and stored_level(rungs[year]["step"]) == target.step
        and not rungs[year]["note"])}
    keep = {year for year in given if year in rungs}
    try:
        if not ladder.why and (lowered := _lowered(ladder, rungs, keep, scheme)):
            raise ValueError(f"the {point.subject} starting point {point.step} ({point.label}) "
                             f"would lower the stored targets ({', '.join(lowered)}) — a target "
                             "is never lowered silently: say why in the Note of a row without a "
                             "Target year, or check the starting point")
        if start is not None:  # a blank FFT estimate or aspirational target keeps the stored one
            stored = targets.start_from_row(start)
            point = replace(point, fft=stored.fft if point.fft is None else point.fft,
                            aspirational=stored.aspirational if point.aspirational is None
                            else point.aspirational)
        if not _settled(start, point, ladder.end_year, rungs, keep, scheme):
            targets.set_starting_point(db, who, point, scheme, end_year=ladder.end_year,
                                       seen=start["version"] if start else 0, why=ladder.why,
                                       keep=keep)
    except ValueError as exc:
        problems.add(ladder.line, f"the {point.subject} starting point {point.step}: {exc}"
                     if isinstance(exc, AmtuiError) else str(exc))
        return "refused"
    for year, target in sorted(given.items()):
        what = f"the {point.subject} {year_label(year)} target {target.step}"
        try:
            row = rungs.get(year) if history.latest_id(db) == last else history.read(
                db, "targets", {"upn": point.upn, "subject": point.subject, "year_group": year})
            old = stored_level(row["step"]) if row else None
            if old is not None and old != target.step and not target.note:
                verb = "raised" if target.step > old else "lowered"
                raise ValueError(f"{what} is {'above' if verb == 'raised' else 'below'} "
                                 f"the ladder's {old} — say why it is {verb} in the Note column "
                                 "(it is printed on the profile)")
            if old != target.step:
                targets.change_target(db, who, point.upn, point.subject, year, target.step,
                                      target.note, scheme, seen=row["version"] if row else 0)
            elif target.note and row and target.note != row["note"]:
                targets.reword_target(db, who, point.upn, point.subject, year, target.note,
                                      seen=row["version"])
        except ValueError as exc:  # an AmtuiError is one too
            problems.add(target.line, f"{what}: {exc}" if isinstance(exc, AmtuiError)
                         else str(exc))
    if start is None:
        return "new"
    return "unchanged" if history.latest_id(db) == last else "changed"


def save_targets(db: Database, who: Staff, ladders: list[Ladder],
                 scheme: Scheme) -> TargetsReport:
    """Set every starting point and ladder the file gives as one change (senior leaders):
    all of it, or — if any UPN is unknown or any target breaks the rules — nothing."""
    ensure_subjects(db, scheme)
    with history.change(db, who, "the targets import") as change:
        check(change, May.SET_STARTING_POINT)
        years = {row["upn"]: row["year_group"]
                 for row in db.query("SELECT upn, year_group FROM pupils")}
        problems = Problems()
        unknown: set[str] = set()
        for ladder in ladders:
            upn, start_year = ladder.point.upn, ladder.point.year_group
            if upn not in years:
                if upn not in unknown:
                    problems.add(ladder.line, f"no pupil has the UPN {upn} — import the roster "
                                              "first (amtui import pupils), or correct the UPN")
                unknown.add(upn)
            elif start_year > years[upn]:
                problems.add(ladder.line, f"Source {ladder.point.label} is the end of "
                                          f"{year_label(start_year)}, after this pupil's year "
                                          f"({year_label(years[upn])}) — check the Source")
        problems.raise_any()
        outcomes = Counter(_apply(db, who, ladder, scheme, problems) for ladder in ladders)
        problems.raise_any()  # nothing of the change is kept
    return TargetsReport(len({ladder.point.upn for ladder in ladders}), outcomes["new"],
                         outcomes["changed"], outcomes["unchanged"])


def import_targets(db: Database, who: Staff, path: str | Path, scheme: Scheme) -> TargetsReport:
    """Import a targets file: everything or, if any row is bad, nothing."""
    return save_targets(db, who, read_targets(path, scheme), scheme)
