"""A school's criteria sheets as CSV (Subject, Stage, Number, Code, Text): read and checked
without touching any database, all or nothing, every bad line named; `criteria_banks` saves
them."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from amtui.core.conversion import Criterion
from amtui.core.errors import shown
from amtui.core.scale import MAX_STAGE
from amtui.core.scheme import Scheme
from amtui.store.criteria_banks import Sheet
from amtui.store.csv_headers import Problems, find_table, missing_columns
from amtui.store.roster_csv import decode

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


