"""Reading an MIS export: find its header row below any title rows, match the headers whatever
their case and spacing, give each record its spreadsheet line, and report every bad line at once.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from amtui.core import upn as upns
from amtui.core.errors import InvalidInput, shown
from amtui.store.files import FORMULA_STARTS


class FileProblems(InvalidInput):
    """A file that cannot be imported; `problems` lists every bad line, and nothing is saved."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(f"nothing imported — {count} problem{'s' if count > 1 else ''}:\n  "
                         + "\n  ".join(problems))


def norm(header: str) -> str:
    """A header as it is matched: case, spaces and punctuation left out (`Attendance %`,
    ` attendance_% ` and `ATTENDANCE` are alike; `Form/Tutor Group` → `formtutorgroup`)."""
    return re.sub(r"[\W_]", "", header.casefold())


def unescaped(cell: str) -> str:
    """A cell as it was before `files.safe_cell` guarded it (`'=x` → `=x`), so an export
    imports as it was."""
    guarded = cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS)
    return cell[1:] if guarded else cell


def records(text: str) -> list[tuple[int, list[str]]]:
    """The non-blank rows of CSV text, each with its number as a spreadsheet shows it (a quoted
    cell spanning lines of the file is still one row)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    found: list[tuple[int, list[str]]] = []
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            if any(cell.strip() for cell in row):
                found.append((number, row))
    except csv.Error as exc:
        raise FileProblems([f"line {number + 1}: the file cannot be read as CSV ({exc}) — open "
                            "it in your spreadsheet and save it again as CSV UTF-8"]) from None
    return found


@dataclass(frozen=True)
class Table:
    """The records below a file's header row, and where each known column is."""

    header_line: int
    headers: list[str]
    positions: dict[str, int]
    rows: list[tuple[int, list[str]]]

    def has(self, column: str) -> bool:
        return column in self.positions

    def cell(self, row: list[str], column: str) -> str:
        """A row's cell in `column`, trimmed ("" when the column or the cell is missing)."""
        index = self.positions.get(column)
        if index is None or index >= len(row):
            return ""
        return unescaped(row[index].strip()).strip()

    def found(self) -> str:
        """The headers the file has, for a message."""
        return shown(", ".join(h.strip() for h in self.headers if h.strip()), 200)


def find_table(text: str, aliases: Mapping[str, tuple[str, ...]], key: str, needs: str) -> Table:
    """The table in an MIS export: its header is the first row with a `key` column (title rows
    above it are skipped); each column of `aliases` is found by any of its normalised names.
    `needs` says which columns the file must have, for the message when there is no header."""
    found = records(text)
    if not found:
        raise FileProblems([f"the file is empty — export it from your MIS with a header row "
                            f"({needs})"])
    for index, (line, cells) in enumerate(found):
        positions: dict[str, int] = {}
        for place, header in enumerate(cells):
            name = norm(header)
            for column, names in aliases.items():
                if name in names and column not in positions:
                    positions[column] = place
        if key in positions:
            return Table(line, cells, positions, found[index + 1:])
    line, cells = found[0]
    if len(cells) == 1 and any(sep in cells[0] for sep in ";\t|"):
        raise FileProblems([f"line {line}: the columns are not separated by commas — save the "
                            'file as "CSV UTF-8 (comma delimited)"'])
    first = shown(", ".join(c.strip() for c in cells if c.strip()), 200)
    raise FileProblems([f"no header row with a {key} column — the first row is: {first}; the "
                        f"file needs a header row with {needs}"])


def missing_columns(table: Table, columns: tuple[str, ...], needs: str) -> None:
    """Refuse a header without every one of `columns`."""
    absent = [column for column in columns if not table.has(column)]
    if absent:
        raise FileProblems([f"line {table.header_line}: no {' / '.join(absent)} column — the "
                            f"headers found are: {table.found()}; the file needs {needs}"])


def upn_of(text: str) -> str:
    """A UPN as stored (spaces gone, capitals), or `ValueError` saying what a UPN looks like."""
    upn = "".join(text.split())
    upn = upn.upper() if upn.isascii() else upn  # only ASCII letters and digits make a UPN
    if not upn:
        raise ValueError("UPN is empty — fill in the pupil's UPN from your MIS")
    if not upns.is_upn(upn):
        raise ValueError(f'UPN "{shown(text)}" is not a UPN — it is a letter then 12 digits '
                         "(e.g. B801200005001), or for a temporary UPN a letter, 11 digits and "
                         "a letter")
    return upn


@dataclass
class Problems:
    """Bad lines found while reading or saving a file, reported together in line order."""

    found: list[tuple[int, str]] = field(default_factory=list)

    def add(self, line: int, problem: str) -> None:
        self.found.append((line, problem))

    def __bool__(self) -> bool:
        return bool(self.found)

    def raise_any(self) -> None:
        """Raise `FileProblems` listing every problem, if there is one."""
        if self.found:
            raise FileProblems([f"line {line}: {problem}" for line, problem
                                in sorted(self.found, key=lambda found: found[0])])
