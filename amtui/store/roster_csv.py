"""The MIS roster as CSV: read it as SIMS, Arbor or Bromcom export it (every bad row reported
with its line and the fix, a doubtful one as a warning), import it all or nothing, and write it
back in columns it reads."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from amtui.core import upn as upns
from amtui.core.errors import AmtuiError, InvalidInput, shown
from amtui.core.models import Pupil, Staff
from amtui.core.scale import parse_year_group
from amtui.store import pupils
from amtui.store.csv_headers import FileProblems, norm, records, unescaped
from amtui.store.db import Database


@dataclass(frozen=True, slots=True)
class Field:
    """One thing a roster says about a pupil: the headers MIS exports give it (the first one a
    file has wins) and what its cells hold."""

    name: str
    headers: tuple[str, ...]
    holds: str


FIELDS: tuple[Field, ...] = (
    Field("UPN", ("UPN", "Unique Pupil Number"),
          "required: a letter and 12 digits, or a temporary UPN (a letter, 11 digits, a letter); "
          "one whose check letter does not match its digits is imported with a warning"),
    Field("Forename", ("Forename", "First Name", "Given Name"),
          "required (or a preferred or legal forename)"),
    Field("Preferred forename", ("Preferred Forename", "Preferred First Name"),
          "the name the pupil goes by: shown instead of the forename when filled in"),
    Field("Legal forename", ("Legal Forename", "Legal First Name"),
          "kept beside the name shown when it differs"),
    Field("Surname", ("Surname", "Last Name", "Family Name"),
          "required (or a preferred or legal surname)"),
    Field("Preferred surname", ("Preferred Surname", "Preferred Last Name"),
          "shown instead of the surname when filled in"),
    Field("Legal surname", ("Legal Surname", "Legal Last Name"),
          "kept beside the name shown when it differs"),
    Field("Year", ("Year", "Year Group", "NC Year", "NC Year Actual", "Year Taught In"),
          "required: R, YR, Reception, Year R, 5, Y5 or Year 5"),
    Field("Class", ("Class", "Class Name", "Reg Group", "Registration Group",
                    "Registration Form", "Form", "Tutor Group", "Form/Tutor Group"),
          "required: the pupil's class (registration group)"),
    Field("DOB", ("DOB", "Date of Birth", "Birth Date"),
          "21/03/2016, 21/03/16, 21-Mar-2016 or 2016-03-21; a time after it (as Excel writes "
          "2016-03-21 00:00:00) is ignored"),
    Field("SEN", ("SEN", "SEN Status", "SEN Provision", "SEND"),
          "N or blank: none; K (SEN support), E (EHC plan) or Y: yes"),
    Field("Pupil premium", ("Pupil Premium", "Pupil Premium Indicator", "PP", "FSM"),
          "Y/N, T/F, Yes/No or True/False; blank: no"),
    Field("EAL", ("EAL",), "Y/N, T/F, Yes/No or True/False; blank: no"),
    Field("Gender", ("Gender", "Sex", "Legal Sex"),
          "F, M, Female, Male, Girl or Boy (any case) are read as F or M; any other value is kept "
          "as written; blank: not given"),
    Field("Admission number", ("Adno", "Admission Number", "Admission No"),
          "read past, not stored: the UPN identifies a pupil"),
)
REQUIRED = ("UPN", "Forename", "Surname", "Year", "Class")
NAMES = {"Forename": ("Preferred forename", "Forename", "Legal forename"),
         "Surname": ("Preferred surname", "Surname", "Legal surname")}
"""Where a name is read from: the name shown is the first filled in of these, the legal one the
first of them backwards."""
COLUMNS = ("UPN", "Forename", "Surname", "Year", "Class", "DOB", "SEN", "Pupil premium", "EAL",
           "Legal forename", "Legal surname", "Gender")
"""The columns an export writes (each one a header of its field)."""

YES = frozenset({"y", "yes", "t", "true", "1", "x"})
NO = frozenset({"", "n", "no", "f", "false", "0"})
SEN_YES = YES | {"k", "e", "s", "sensupport", "ehcp", "ehcplan", "statement"}
SEN_NO = NO | {"none", "nosen"}
MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for name in names}
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
DAY_FIRST = re.compile(rf"(\d{{1,2}})([/.\- ])(\d{{1,2}}|[a-z]{{3,9}})\2(\d{{4}}|\d{{2}}){_TIME}",
                       re.ASCII | re.IGNORECASE)
YEAR_FIRST = re.compile(rf"(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME}", re.ASCII)
RECEPTION = frozenset({"yr", "yearr", "yearreception"})  # beside core's R, Rec, Reception
GENDERS = {"f": "F", "female": "F", "girl": "F", "m": "M", "male": "M", "boy": "M"}


RosterError = FileProblems
"""A roster that cannot be imported; `problems` lists every bad line."""


@dataclass(frozen=True, slots=True)
class Roster:
    """A checked roster: its pupils, and what looked wrong but does not stop the import."""

    pupils: list[Pupil]
    warnings: list[str] = field(default_factory=list)

    def warnings_text(self) -> str:
        """The warnings as a person reads them after the import ("" when there are none)."""
        if not self.warnings:
            return ""
        count = len(self.warnings)
        return (f"{count} warning{'s' if count > 1 else ''} (imported as written — correct them "
                "in your MIS and import again):\n  " + "\n  ".join(self.warnings))


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


HEADERS = {norm(header): (spec.name, rank) for spec in FIELDS
           for rank, header in enumerate(spec.headers)}
"""Every header the reader knows → (its field, its place among the field's headers)."""


def headers_help(width: int = 88) -> str:
    """Every accepted header, field by field, for `amtui import pupils --help`."""
    fields = [textwrap.fill(f"{spec.name}: {', '.join(spec.headers)} — {spec.holds}", width,
                            initial_indent="  ", subsequent_indent="      ") for spec in FIELDS]
    return "\n".join([
        textwrap.fill("The roster's columns, by the headers SIMS, Arbor and Bromcom exports give "
                      "them (matched ignoring case, spaces and punctuation; other columns are "
                      "ignored, and title rows above the header row are skipped):", width),
        *fields,
        textwrap.fill("A file with any bad row imports nothing: every problem is listed by its "
                      "line (the row number a spreadsheet shows).", width)])


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
    cleaned = "".join(value.split()).lower()
    sen = column == "SEN"
    if cleaned in (SEN_YES if sen else YES):
        return True
    if cleaned in (SEN_NO if sen else NO):
        return False
    if sen:
        raise ValueError(f'SEN "{shown(value)}" is not an SEN status — use N (none), K (SEN '
                         "support), E (EHC plan), or Y / N (blank means none)")
    raise ValueError(f'{column} "{shown(value)}" is not yes or no — use Y or N, T or F, Yes or '
                     "No (blank means no)")


def _date(value: str) -> date | None:
    """A date as an MIS or Excel writes it: day first (`21/03/2016`, `21/03/16`, `21-Mar-2016`)
    or ISO (`2016-03-21`), a time after it ignored; a two-digit year is 20yy."""
    text = value.strip()
    if not text:
        return None
    parts: tuple[str, str, str] | None = None
    if match := YEAR_FIRST.fullmatch(text):
        parts = (match[3], match[2], match[1])
    elif match := DAY_FIRST.fullmatch(text):
        parts = (match[1], match[3], match[4])
    if parts is not None:
        day, month, year = parts
        number = int(month) if month.isdigit() else MONTHS.get(month.lower(), 0)
        try:
            return date(int(year) + (2000 if len(year) == 2 else 0), number, int(day))
        except ValueError:
            pass
    raise ValueError(f'DOB "{shown(text)}" is not a date — write it as dd/mm/yyyy '
                     "(e.g. 21/03/2016), 21-Mar-2016 or yyyy-mm-dd")


def _year(value: str) -> int:
    """A year group as MIS exports write it: `Year R`, `YR`, `Reception`, `Year 5`, `Y5`, `5`."""
    return 0 if "".join(value.split()).lower() in RECEPTION else parse_year_group(value)


def _gender(value: str) -> str | None:
    """F or M as MIS exports write them (`Female`, `boy`, …); any other value as written
    (trimmed); blank: None."""
    text = value.strip()
    return GENDERS.get(text.casefold(), text) or None


def _positions(headers: list[str]) -> dict[str, int]:
    """Field name → the column that holds it (of several, the header the field lists first)."""
    best: dict[str, tuple[int, int]] = {}  # field → (rank of its header, column)
    for index, header in enumerate(headers):
        known = HEADERS.get(norm(header))
        if known is not None and (known[0] not in best or known[1] < best[known[0]][0]):
            best[known[0]] = (known[1], index)
    return {name: index for name, (_, index) in best.items()}


def _missing(position: dict[str, int]) -> list[str]:
    return [c for c in REQUIRED if not any(n in position for n in NAMES.get(c, (c,)))]


def _header(rows: list[tuple[int, list[str]]]) -> tuple[int, dict[str, int]]:
    """Where the header row is (the first row naming every required column: title rows above it
    are skipped) and its columns; else a `RosterError` saying what the likeliest row lacks."""
    likeliest: tuple[int, dict[str, int]] = (0, {})
    for index, (_, row) in enumerate(rows):
        position = _positions(row)
        if not _missing(position):
            return index, position
        if len(position) > len(likeliest[1]):
            likeliest = (index, position)
    index, position = likeliest
    if not position:
        for number, row in rows:
            if len(row) == 1 and any(len(_positions(row[0].split(sep))) > 1 for sep in ";\t|"):
                raise RosterError([f"line {number}: the columns are not separated by commas — "
                                   'save the file as "CSV UTF-8 (comma delimited)"'])
    line, headers = rows[index]
    found = shown(", ".join(h.strip() for h in headers if h.strip()), 200)
    raise RosterError([f"line {line}: no {' / '.join(_missing(position))} column — the headers "
                       f"found are: {found}; the roster needs {', '.join(REQUIRED)} "
                       "(`amtui import pupils --help` lists the headers each may have)"])


def check_roster(text: str) -> Roster:
    """Read roster CSV text into pupils and warnings; raises `RosterError` listing every bad
    line."""
    rows = records(text)
    if not rows:
        raise RosterError(["the file is empty — export the roster from your MIS with a header row "
                           f"({', '.join(REQUIRED)})"])
    start, position = _header(rows)
    headers = rows[start][1]
    if len(rows) == start + 1:
        raise RosterError(["the file has a header but no pupils — add one row per pupil"])

    def cell(row: list[str], column: str) -> str:
        index = position.get(column)
        return unescaped(row[index].strip()).strip() if index is not None and index < len(row) \
            else ""

    problems: list[str] = []
    warnings: list[str] = []
    result: list[Pupil] = []
    seen: dict[str, int] = {}
    for number, row in rows[start + 1:]:
        errors: list[str] = []
        upn = "".join(cell(row, "UPN").split())
        upn = upn.upper() if upn.isascii() else upn  # only ASCII letters and digits make a UPN
        if not upn:
            errors.append("UPN is empty — fill in the pupil's UPN from your MIS")
        elif not upns.is_upn(upn):
            errors.append(f'UPN "{shown(cell(row, "UPN"))}" is not a UPN — it is a letter then 12 '
                          "digits (e.g. B801200005001), or for a temporary UPN a letter, 11 "
                          "digits and a letter")
        elif upn in seen:
            errors.append(f"UPN {upn} is also on line {seen[upn]} — list each pupil once")
        else:
            seen[upn] = number
            if not upns.has_valid_check_letter(upn):
                warnings.append(f"line {number}: UPN {upn}'s check letter does not match its "
                                "digits (the DfE rule) — check the UPN in your MIS: a letter or "
                                "digit may be mistyped")
        names: dict[str, tuple[str, str | None]] = {}
        for kind, columns in NAMES.items():
            cells = [cell(row, column) for column in columns]
            shown_name = next((c for c in cells if c), "")
            legal = next((c for c in reversed(cells) if c), "")
            names[kind] = (shown_name, legal if legal != shown_name else None)
            if not shown_name:
                header = next(headers[position[c]].strip() for c in (columns[1], columns[2],
                                                                     columns[0]) if c in position)
                errors.append(f"{header} is empty — fill it in")
        if not cell(row, "Class"):
            errors.append("Class is empty — fill it in")
        year = dob = None
        try:
            year = _year(cell(row, "Year"))
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
        (forename, legal_forename), (surname, legal_surname) = names["Forename"], names["Surname"]
        result.append(Pupil(upn=upn, forename=forename, surname=surname, year_group=year,
                            class_name=cell(row, "Class"), dob=dob, sen=flags["SEN"],
                            pupil_premium=flags["Pupil premium"], eal=flags["EAL"],
                            gender=_gender(cell(row, "Gender")), legal_forename=legal_forename,
                            legal_surname=legal_surname))
    if problems:
        raise RosterError(problems)
    return Roster(result, warnings)


def load_roster(path: str | Path) -> Roster:
    """Read and check a roster file, with its warnings, without touching any database."""
    return check_roster(decode(Path(path).read_bytes()))


def read_roster(path: str | Path) -> list[Pupil]:
    """Read and check a roster file without touching any database."""
    return load_roster(path).pupils


def save_roster(db: Database, who: Staff, roster: list[Pupil]) -> ImportReport:
    """Upsert checked pupils by UPN in one transaction, creating the classes they name."""
    added, updated = pupils.save_pupils(db, who, roster)
    named = {p.upn for p in roster}
    others = sum(1 for row in db.query("SELECT upn FROM pupils") if row["upn"] not in named)
    return ImportReport(added, updated, len(roster) - added - updated, others, roster)
