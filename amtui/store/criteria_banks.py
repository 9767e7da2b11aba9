"""Criteria sheets: the shipped banks (`data/criteria`), and a school's own (read from CSV by
`criteria_csv`), saved all or nothing by admins and senior leaders. A school's sheet for a
subject and stage replaces the shipped one; importing a sheet again replaces the school's
earlier one, as one change."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from amtui.core.conversion import Criterion
from amtui.core.marking import usual_stage
from amtui.core.models import Staff
from amtui.core.scale import stored_level
from amtui.core.terms import Term
from amtui.datafiles import load_criteria_bank
from amtui.store import history
from amtui.store.access import May, check
from amtui.store.db import Database

TABLE = "criteria_bank"
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
