"""The MIS roster as CSV: read it (every bad row reported with its line and the fix), import it
all or nothing, and write it back in the same columns."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlite_utils import Database

from amtui.core.errors import AmtuiError, InvalidInput
from amtui.core.models import Pupil
from amtui.core.scale import parse_year_group, year_label
from amtui.store import pupils
from amtui.store.files import write_private

COLUMNS = ("UPN", "Forename", "Surname", "Year", "Class", "DOB", "SEN", "Pupil premium", "EAL")
ALIASES: dict[str, tuple[str, ...]] = {
    "UPN": ("upn", "uniquepupilnumber"),
    "Forename": ("forename", "firstname", "legalforename", "givenname"),
    "Surname": ("surname", "lastname", "legalsurname", "familyname"),
    "Year": ("year", "yeargroup", "ncyear", "ncyearactual"),
    "Class": ("class", "reggroup", "registrationgroup", "form", "classname"),
    "DOB": ("dob", "dateofbirth", "birthdate"),
    "SEN": ("sen", "senprovision", "send"),
    "Pupil premium": ("pupilpremium", "pp"),
    "EAL": ("eal",),
}
REQUIRED = ("UPN", "Forename", "Surname", "Year", "Class")
UPN_RE = re.compile(r"^[A-Z]\d{12}$")
YES = {"y", "yes", "true", "1", "x"}
NO = {"", "n", "no", "false", "0"}


class RosterError(AmtuiError):
    """A roster that cannot be imported; `problems` lists every bad line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(f"nothing imported — {count} problem{'s' if count > 1 else ''}:\n  "
                         + "\n  ".join(problems))


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    pupils: list[Pupil] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"


def _norm(header: str) -> str:
    return re.sub(r"[\s_\-./]", "", header.strip().lower())


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("the file is not UTF-8 text — in your spreadsheet, save it as "
                           '"CSV UTF-8 (comma delimited)" and import that') from None


def _flag(value: str, column: str) -> bool:
    cleaned = value.strip().lower()
    if cleaned in YES:
        return True
    if cleaned in NO:
        return False
    raise ValueError(f'{column} "{value}" is not yes or no — use Y or N (blank means no)')


def _date(value: str) -> date | None:
    text = value.strip()
    if not text:
        return None
    for form in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(f'DOB "{text}" is not a date — write it as dd/mm/yyyy, e.g. 21/03/2016')


def parse_roster(text: str) -> list[Pupil]:
    """Read roster CSV text into pupils; raises `RosterError` listing every bad line."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise RosterError(["the file is empty — export the roster from your MIS with a header row "
                           f"({', '.join(REQUIRED)})"])
    headers = rows[0]
    if len(headers) == 1 and (";" in headers[0] or "\t" in headers[0]):
        raise RosterError(["line 1: the columns are not separated by commas — save the file as "
                           "CSV (comma delimited)"])
    position: dict[str, int] = {}
    for index, header in enumerate(headers):
        for column, aliases in ALIASES.items():
            if _norm(header) in aliases and column not in position:
                position[column] = index
    missing = [c for c in REQUIRED if c not in position]
    if missing:
        found = ", ".join(h.strip() for h in headers if h.strip()) or "none"
        raise RosterError([f"line 1: no {' / '.join(missing)} column — the headers found are: "
                           f"{found}; the roster needs {', '.join(REQUIRED)}"])
    body = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(c.strip() for c in row)]
    if not body:
        raise RosterError(["the file has a header but no pupils — add one row per pupil"])
    problems: list[str] = []
    result: list[Pupil] = []
    seen: dict[str, int] = {}

    def cell(row: list[str], column: str) -> str:
        index = position.get(column)
        return row[index].strip() if index is not None and index < len(row) else ""

    for number, row in body:
        errors: list[str] = []
        upn = cell(row, "UPN").upper().replace(" ", "")
        if not UPN_RE.match(upn):
            errors.append(f'UPN "{cell(row, "UPN")}" is not a UPN — it is a letter then 12 digits, '
                          "e.g. A123456789012")
        elif upn in seen:
            errors.append(f"UPN {upn} is also on line {seen[upn]} — each pupil once")
        else:
            seen[upn] = number
        for column in ("Forename", "Surname", "Class"):
            if not cell(row, column):
                errors.append(f"{column} is empty — fill it in")
        year = None
        try:
            year = parse_year_group(cell(row, "Year"))
        except AmtuiError as exc:
            errors.append(f"Year {exc}")
        dob = None
        try:
            dob = _date(cell(row, "DOB"))
        except ValueError as exc:
            errors.append(str(exc))
        flags: dict[str, bool] = {}
        for column in ("SEN", "Pupil premium", "EAL"):
            try:
                flags[column] = _flag(cell(row, column), column)
            except ValueError as exc:
                errors.append(str(exc))
        if errors:
            problems.extend(f"line {number}: {error}" for error in errors)
            continue
        result.append(Pupil(upn=upn, forename=cell(row, "Forename"), surname=cell(row, "Surname"),
                            year_group=year, class_name=cell(row, "Class"), dob=dob,
                            sen=flags["SEN"], pupil_premium=flags["Pupil premium"],
                            eal=flags["EAL"]))
    if problems:
        raise RosterError(problems)
    return result


def import_pupils(db: Database, who: str, path: str | Path) -> ImportReport:
    """Import a roster file: everything or, if any row is bad, nothing."""
    roster = parse_roster(_decode(Path(path).read_bytes()))
    added, updated = pupils.save_pupils(db, who, roster)
    return ImportReport(added, updated, len(roster) - added - updated, roster)


def roster_rows(db: Database) -> list[list[str]]:
    """The whole roster in the columns `parse_roster` reads."""
    def yes(flag: bool) -> str:
        return "Y" if flag else "N"

    return [[p.upn, p.forename, p.surname, year_label(p.year_group), p.class_name,
             p.dob.strftime("%d/%m/%Y") if p.dob else "", yes(p.sen), yes(p.pupil_premium),
             yes(p.eal)] for p in pupils.list_pupils(db)]


def export_pupils(db: Database, out: str | Path) -> int:
    rows = roster_rows(db)
    write_private(Path(out), [list(COLUMNS), *rows])
    return len(rows)
