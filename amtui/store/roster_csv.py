"""The MIS roster as CSV: read it (every bad row reported with its line and the fix), import it
all or nothing, and write it back in the same columns."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from amtui.core.errors import AmtuiError, InvalidInput, shown
from amtui.core.models import Pupil, Staff
from amtui.core.scale import parse_year_group, year_label
from amtui.store import pupils
from amtui.store.db import Database
from amtui.store.files import FORMULA_STARTS, write_private

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
UPN_RE = re.compile(r"[A-Z]\d{12}", re.ASCII)
YES = {"y", "yes", "true", "1", "x"}
NO = {"", "n", "no", "false", "0"}
DATE_FORMS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")


class RosterError(InvalidInput):
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
    not_in_file: int = 0  # pupils already stored whom the file does not name (left as they are)
    pupils: list[Pupil] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"
        if self.not_in_file:
            text += f"; {self.not_in_file} pupils already stored are not in the file (kept)"
        return text


def _norm(header: str) -> str:
    return re.sub(r"[\s_\-./]", "", header.strip().lower())


def decode(raw: bytes) -> str:
    """The file's text: UTF-8 (with or without Excel's BOM), or a message saying how to save it.
    A NUL byte means it is not text at all (often "Unicode text", which is UTF-16)."""
    if b"\0" in raw:
        line = raw[:raw.index(b"\0")].count(b"\n") + 1
        raise InvalidInput(f"line {line}: the file has a NUL character, so it is not CSV text — "
                           'in your spreadsheet, save it as "CSV UTF-8 (comma delimited)" and '
                           "import that")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise InvalidInput(f"line {line}: the file is not UTF-8 text — in your spreadsheet, "
                           'save it as "CSV UTF-8 (comma delimited)" and import that') from None


def _flag(value: str, column: str) -> bool:
    cleaned = value.strip().lower()
    if cleaned in YES:
        return True
    if cleaned in NO:
        return False
    raise ValueError(f'{column} "{shown(value)}" is not yes or no — use Y or N (blank means no)')


def _date(value: str) -> date | None:
    text = value.strip()
    if not text:
        return None
    for form in DATE_FORMS if text.isascii() else ():  # strptime would read ２１ as 21
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(f'DOB "{shown(text)}" is not a date — write it as dd/mm/yyyy '
                     "(e.g. 21/03/2016) or yyyy-mm-dd")


def _unescaped(cell: str) -> str:
    """A cell as it was before `files.safe_cell` guarded it (`'=x` → `=x`), so an exported roster
    imports as it was."""
    guarded = cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS)
    return cell[1:].strip() if guarded else cell


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line the record starts on, its cells); a quoted cell may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        raise RosterError([f"line {reader.line_num}: the file cannot be read as CSV ({exc}) — "
                           "open it in your spreadsheet and save it again as CSV UTF-8"]) from None


def _positions(headers: list[str]) -> dict[str, int]:
    position: dict[str, int] = {}
    for index, header in enumerate(headers):
        for column, aliases in ALIASES.items():
            if _norm(header) in aliases and column not in position:
                position[column] = index
    return position


def parse_roster(text: str) -> list[Pupil]:
    """Read roster CSV text into pupils; raises `RosterError` listing every bad line."""
    records = [(n, row) for n, row in _records(text) if any(cell.strip() for cell in row)]
    if not records:
        raise RosterError(["the file is empty — export the roster from your MIS with a header row "
                           f"({', '.join(REQUIRED)})"])
    header_line, headers = records[0]
    if len(headers) == 1 and any(sep in headers[0] for sep in ";\t|"):
        raise RosterError([f"line {header_line}: the columns are not separated by commas — save "
                           'the file as "CSV UTF-8 (comma delimited)"'])
    position = _positions(headers)
    missing = [c for c in REQUIRED if c not in position]
    if missing:
        found = shown(", ".join(h.strip() for h in headers if h.strip()), 200)
        raise RosterError([f"line {header_line}: no {' / '.join(missing)} column — the headers "
                           f"found are: {found}; the roster needs {', '.join(REQUIRED)}"])
    if len(records) == 1:
        raise RosterError(["the file has a header but no pupils — add one row per pupil"])

    def cell(row: list[str], column: str) -> str:
        index = position.get(column)
        return _unescaped(row[index].strip()) if index is not None and index < len(row) else ""

    problems: list[str] = []
    result: list[Pupil] = []
    seen: dict[str, int] = {}
    for number, row in records[1:]:
        errors: list[str] = []
        upn = "".join(cell(row, "UPN").split())
        upn = upn.upper() if upn.isascii() else upn  # only ASCII letters and digits make a UPN
        if not UPN_RE.fullmatch(upn):
            errors.append(f'UPN "{shown(cell(row, "UPN"))}" is not a UPN — it is a letter then 12 '
                          "digits, e.g. A123456789012")
        elif upn in seen:
            errors.append(f"UPN {upn} is also on line {seen[upn]} — list each pupil once")
        else:
            seen[upn] = number
        errors += [f"{column} is empty — fill it in" for column in ("Forename", "Surname", "Class")
                   if not cell(row, column)]
        year = dob = None
        try:
            year = parse_year_group(cell(row, "Year"))
        except AmtuiError as exc:
            errors.append(f"Year {exc}")
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
        assert year is not None
        result.append(Pupil(upn=upn, forename=cell(row, "Forename"), surname=cell(row, "Surname"),
                            year_group=year, class_name=cell(row, "Class"), dob=dob,
                            sen=flags["SEN"], pupil_premium=flags["Pupil premium"],
                            eal=flags["EAL"]))
    if problems:
        raise RosterError(problems)
    return result


def read_roster(path: str | Path) -> list[Pupil]:
    """Read and check a roster file without touching any database."""
    return parse_roster(decode(Path(path).read_bytes()))


def save_roster(db: Database, who: Staff, roster: list[Pupil]) -> ImportReport:
    """Upsert checked pupils by UPN in one transaction, creating the classes they name."""
    added, updated = pupils.save_pupils(db, who, roster)
    named = {p.upn for p in roster}
    others = sum(1 for row in db.query("SELECT upn FROM pupils") if row["upn"] not in named)
    return ImportReport(added, updated, len(roster) - added - updated, others, roster)


def import_pupils(db: Database, who: Staff, path: str | Path) -> ImportReport:
    """Import a roster file: everything or, if any row is bad, nothing."""
    return save_roster(db, who, read_roster(path))


def roster_rows(db: Database) -> list[list[str]]:
    """The whole roster in the columns `parse_roster` reads."""
    def yes(flag: bool) -> str:
        return "Y" if flag else "N"

    return [[p.upn, p.forename, p.surname, year_label(p.year_group), p.class_name,
             p.dob.strftime("%d/%m/%Y") if p.dob else "", yes(p.sen), yes(p.pupil_premium),
             yes(p.eal)] for p in pupils.list_pupils(db)]


def export_pupils(db: Database, out: str | Path) -> int:
    """Write the roster to `out` (owner-only, atomically); returns the number of pupils."""
    rows = roster_rows(db)
    write_private(Path(out), [list(COLUMNS), *rows])
    return len(rows)
