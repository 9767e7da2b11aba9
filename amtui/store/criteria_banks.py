"""Criteria sheets: the shipped banks (`data/criteria`), and a school's own imported as CSV, all
or nothing (admins and senior leaders). A school's sheet for a subject and stage replaces the
shipped one; importing a sheet again replaces the school's earlier one, as one change."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from amtui.core.conversion import Criterion
from amtui.core.errors import shown
from amtui.core.marking import usual_stage
from amtui.core.models import Staff
from amtui.core.scale import MAX_STAGE, stored_level
from amtui.core.scheme import Scheme
from amtui.core.terms import Term
from amtui.datafiles import load_criteria_bank
from amtui.store import history
from amtui.store.access import May, check
from amtui.store.csv_headers import Problems, find_table, missing_columns
from amtui.store.db import Database
from amtui.store.roster_csv import decode

TABLE = "criteria_bank"
COLUMNS = ("Subject", "Stage", "Number", "Code", "Text")
ALIASES: dict[str, tuple[str, ...]] = {
    "Subject": ("subject",),
    "Stage": ("stage",),
    "Number": ("number", "no", "criterion", "criterionnumber"),
    "Code": ("code", "shortcode"),
    "Text": ("text", "wording", "criteriontext", "description"),
}
NEEDS = ", ".join(COLUMNS)
MAX_TEXT = 200

Sheet = tuple[str, int]
"""A subject and a stage: what one criteria sheet covers."""


def criteria_for(db: Database, subject: str, stage: int) -> list[Criterion]:
    """The criteria of a stage in a subject, by number: the school's sheet if it has one, else
    the shipped one (empty when neither exists)."""
    own = [Criterion(row["subject"], row["stage"], row["number"], row["code"], row["text"])
           for row in db.query(f"SELECT * FROM {TABLE} WHERE subject = ? COLLATE NOCASE "
                               "AND stage = ? ORDER BY number", [subject, stage])]
    return own or load_criteria_bank().for_stage(subject, stage)


def stages_with_criteria(db: Database, subject: str) -> list[int]:
    """The stages that have a criteria sheet in `subject`, the school's or the shipped."""
    own = {row["stage"] for row in db.query(
        f"SELECT DISTINCT stage FROM {TABLE} WHERE subject = ? COLLATE NOCASE", [subject])}
    shipped = {c.stage for c in load_criteria_bank().criteria
               if c.subject.casefold() == subject.casefold()}
    return sorted(own | shipped)


@dataclass(frozen=True, slots=True)
class SheetImport:
    """One sheet an import saved, and what it took the place of."""

    subject: str
    stage: int
    criteria: int
    replaced: str  # "the school's earlier sheet", "the shipped sheet" or ""

    def __str__(self) -> str:
        text = f"{self.subject} stage {self.stage}: {self.criteria} criteria"
        return f"{text}, in place of {self.replaced}" if self.replaced else text


def class_stage(db: Database, class_name: str, subject: str, term: Term) -> int | None:
    """The stage with a sheet in `subject` nearest the one most of the class works at: the
    stage of each pupil's latest level up to `term` (the lowest sheet when no one has a level
    yet; None when the subject has no sheet) — the sheet to mark, the test to set."""
    latest: dict[str, tuple[int, int, str]] = {}
    for row in db.query(
            "SELECT a.upn, a.school_year, a.half_term, a.step FROM attainment a "
            "JOIN pupils p USING (upn) WHERE p.class_name = ? AND a.subject = ? "
            "AND a.step IS NOT NULL AND (a.school_year < ? OR (a.school_year = ? "
            "AND a.half_term <= ?))",
            [class_name, subject, term.school_year, term.school_year, term.half_term]):
        when = (row["school_year"], row["half_term"], row["step"])
        if row["upn"] not in latest or when > latest[row["upn"]]:
            latest[row["upn"]] = when
    working = [stored_level(step).stage for _, _, step in latest.values()]
    return usual_stage(working, stages_with_criteria(db, subject))


def parse_criteria(text: str, scheme: Scheme) -> list[Criterion]:
    """Read criteria CSV text; raises `FileProblems` listing every bad line (nothing is saved)."""
    table = find_table(text, ALIASES, "Subject", NEEDS)
    missing_columns(table, COLUMNS, NEEDS)
    problems = Problems()
    if not table.rows:
        problems.add(table.header_line, "the file has a header but no criteria — add one row "
                     "per criterion")
    subjects = {s.casefold(): s for s in scheme.subjects}
    found: list[tuple[int, Criterion]] = []
    for line, row in table.rows:
        errors: list[str] = []
        subject = subjects.get(table.cell(row, "Subject").casefold())
        if subject is None:
            errors.append(f'Subject "{shown(table.cell(row, "Subject"))}" is not one of the '
                          f"school's subjects — use {', '.join(scheme.subjects)}")
        stage = _whole(table.cell(row, "Stage"))
        if stage is None or not 0 <= stage <= MAX_STAGE:
            errors.append(f'Stage "{shown(table.cell(row, "Stage"))}" is not a stage — use a '
                          f"whole number from 0 to {MAX_STAGE}")
        number = _whole(table.cell(row, "Number"))
        if number is None or number < 1:
            errors.append(f'Number "{shown(table.cell(row, "Number"))}" is not a criterion '
                          "number — use 1, 2, 3 … in order down the sheet")
        code, wording = table.cell(row, "Code"), " ".join(table.cell(row, "Text").split())
        if not code:
            errors.append("Code is empty — give each criterion a short code, e.g. M4/7")
        if not wording:
            errors.append("Text is empty — write what the pupil can do")
        elif len(wording) > MAX_TEXT:
            errors.append(f"Text is {len(wording)} characters long — shorten it to "
                          f"{MAX_TEXT} at most, so it fits on the sheet")
        for error in errors:
            problems.add(line, error)
        if not errors:
            assert subject is not None and stage is not None and number is not None
            found.append((line, Criterion(subject, stage, number, code, wording)))
    _check_sheets(found, problems)
    problems.raise_any()
    return [criterion for _, criterion in found]


def _whole(text: str) -> int | None:
    cleaned = text.strip()
    return int(cleaned) if cleaned.isascii() and cleaned.isdigit() and len(cleaned) < 4 else None


def _check_sheets(found: list[tuple[int, Criterion]], problems: Problems) -> None:
    """Within each subject and stage: numbers 1 to N, none repeated or left out; codes unique."""
    sheets: dict[Sheet, list[tuple[int, Criterion]]] = defaultdict(list)
    for line, criterion in found:
        sheets[(criterion.subject, criterion.stage)].append((line, criterion))
    for (subject, stage), rows in sheets.items():
        numbers: dict[int, int] = {}
        codes: dict[str, int] = {}
        for line, criterion in rows:
            if criterion.number in numbers:
                problems.add(line, f"{subject} stage {stage} number {criterion.number} is also on "
                             f"line {numbers[criterion.number]} — number each criterion once")
            else:
                numbers[criterion.number] = line
            if criterion.code.casefold() in codes:
                problems.add(line, f"code {shown(criterion.code)} is also on line "
                             f"{codes[criterion.code.casefold()]} — give each criterion of a "
                             "stage its own code")
            else:
                codes[criterion.code.casefold()] = line
        gaps = [n for n in range(1, max(numbers) + 1) if n not in numbers]
        if gaps:
            after = min(n for n in numbers if n > gaps[0])
            problems.add(numbers[after], f"{subject} stage {stage} has no number {gaps[0]} — "
                         "number the criteria of a stage 1, 2, 3 … with none left out")


def read_criteria(path: str | Path, scheme: Scheme) -> list[Criterion]:
    """Read and check a criteria file without touching any database."""
    return parse_criteria(decode(Path(path).read_bytes()), scheme)


def save_criteria(db: Database, who: Staff, criteria: list[Criterion]) -> list[SheetImport]:
    """Store checked criteria as the school's sheets, each replacing any earlier sheet of the
    school for its subject and stage; one change, undone as one."""
    sheets: dict[Sheet, list[Criterion]] = defaultdict(list)
    for criterion in criteria:
        sheets[(criterion.subject, criterion.stage)].append(criterion)
    report = []
    with history.change(db, who, "the school's criteria sheets") as change:
        check(change, May.MANAGE_CRITERIA)
        for (subject, stage), rows in sorted(sheets.items()):
            old = {row["number"]: row for row in db.query(
                f"SELECT * FROM {TABLE} WHERE subject = ? AND stage = ?", [subject, stage])}
            replaced = "the school's earlier sheet" if old else \
                "the shipped sheet" if load_criteria_bank().for_stage(subject, stage) else ""
            for criterion in rows:
                key = {"subject": subject, "stage": stage, "number": criterion.number}
                seen = old.pop(criterion.number)["version"] if criterion.number in old else 0
                change.write(TABLE, key, {"code": criterion.code, "text": criterion.text},
                             seen=seen)
            for number, row in old.items():
                change.write(TABLE, {"subject": subject, "stage": stage, "number": number},
                             None, seen=row["version"])
            report.append(SheetImport(subject, stage, len(rows), replaced))
    return report
