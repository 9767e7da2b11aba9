"""Attendance and lates from the MIS as CSV: every bad line reported at once, then every pupil's
figures for one half-term saved as one change, or nothing.

The percentage is rounded to the one decimal that is stored and shown *before* it is coloured
(89.95 → 90.0, amber), and it may come as sessions: attended / possible × 100.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from amtui.core.colours import MAX_LATES, shown_attendance
from amtui.core.errors import InvalidInput, NotAllowed, shown
from amtui.core.models import Staff
from amtui.core.scheme import Scheme
from amtui.core.terms import Term, year_label
from amtui.store import attitude, history
from amtui.store.access import pupil_refusal
from amtui.store.csv_headers import Problems, Table, find_table, upn_of
from amtui.store.db import Database
from amtui.store.roster_csv import decode

ALIASES: dict[str, tuple[str, ...]] = {
    "UPN": ("upn", "uniquepupilnumber"),
    "Attendance %": ("attendance", "att", "attendancepercentage", "attendancepercent"),
    "Possible": ("possible", "possiblesessions", "sessionspossible"),
    "Attended": ("attended", "present", "attendedsessions", "sessionsattended",
                 "presentsessions"),
    "Lates": ("lates", "late", "latesessions", "latemarks"),
}
NEEDS = "UPN, then Attendance % (or Possible and Attended sessions) and/or Lates"
_NUMBER = re.compile(r"\d{1,6}(?:\.\d{1,6})?", re.ASCII)


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    """One pupil's figures from the file: attendance % as stored (one decimal), and lates."""

    line: int
    upn: str
    attendance: float | None
    lates: int | None


@dataclass(frozen=True)
class AttendanceReport:
    term: str
    figures: str  # "attendance and lates", "attendance" or "lates"
    updated: int
    unchanged: int

    def __str__(self) -> str:
        pupils = self.updated + self.unchanged
        return (f"{self.figures} for {self.term}: {self.updated} pupil"
                f"{'' if self.updated == 1 else 's'} updated, {self.unchanged} unchanged "
                f"(of {pupils} in the file)")


def shown_percent(value: Decimal) -> float:
    """The one-decimal percentage that is stored, shown and coloured, by core's one rule
    (`shown_attendance`: half up, 89.95 → 90.0)."""
    return shown_attendance(float(value))


def _number(text: str, column: str, *, whole: bool = False) -> Decimal:
    cleaned = text.strip().removesuffix("%").strip() if column == "Attendance %" else text.strip()
    if not cleaned:
        raise ValueError(f"{column} is empty — fill it in, or remove the pupil's row")
    value = Decimal(cleaned) if _NUMBER.fullmatch(cleaned) else None
    if value is None or (whole and value != value.to_integral_value()):
        kind = "a whole number" if whole else "a number"
        raise ValueError(f'{column} "{shown(text)}" is not {kind} — write it as digits, e.g. '
                         f"{'12' if whole else '96.4'}")
    return value


def _attendance(table: Table, row: list[str]) -> float | None:
    if table.has("Attendance %"):
        percent = _number(table.cell(row, "Attendance %"), "Attendance %")
        if percent > 100:
            raise ValueError(f"Attendance % {percent} is over 100 — check the column holds the "
                             "percentage of sessions attended (0 to 100)")
        return shown_percent(percent)
    if not table.has("Possible"):
        return None
    possible = _number(table.cell(row, "Possible"), "Possible", whole=True)
    attended = _number(table.cell(row, "Attended"), "Attended", whole=True)
    if possible == 0:
        raise ValueError("Possible is 0, so there is no attendance to work out — remove the "
                         "pupil's row, or give the sessions they could have attended")
    if attended > possible:
        raise ValueError(f"Attended ({attended}) is more than Possible ({possible}) — check the "
                         "two columns are not swapped")
    return shown_percent(attended * 100 / possible)


def _lates(table: Table, row: list[str]) -> int | None:
    if not table.has("Lates"):
        return None
    lates = _number(table.cell(row, "Lates"), "Lates", whole=True)
    if lates > MAX_LATES:
        raise ValueError(f"Lates {lates} is more than a half-term has sessions — give the lates "
                         f"this half-term (0 to {MAX_LATES})")
    return int(lates)


def parse_attendance(text: str) -> list[AttendanceRow]:
    """Read attendance CSV text; raises `FileProblems` listing every bad line."""
    table = find_table(text, ALIASES, "UPN", NEEDS)
    problems = Problems()
    if table.has("Possible") != table.has("Attended") and not table.has("Attendance %"):
        have, lack = ("Possible", "Attended") if table.has("Possible") else ("Attended",
                                                                            "Possible")
        problems.add(table.header_line, f"there is a {have} column but no {lack} column — give "
                                        "both (sessions), or an Attendance % column")
    elif not any(table.has(c) for c in ("Attendance %", "Possible", "Lates")):
        problems.add(table.header_line, f"no attendance or lates column — the headers found are: "
                                        f"{table.found()}; the file needs {NEEDS}")
    problems.raise_any()
    if not table.rows:
        problems.add(table.header_line, "the file has a header but no pupils — add one row per "
                                        "pupil")
    result: list[AttendanceRow] = []
    seen: dict[str, int] = {}
    for line, row in table.rows:
        before = len(problems.found)
        upn = attendance = lates = None
        try:
            upn = upn_of(table.cell(row, "UPN"))
            if upn in seen:
                problems.add(line, f"UPN {upn} is also on line {seen[upn]} — list each pupil once")
            seen.setdefault(upn, line)
        except ValueError as exc:
            problems.add(line, str(exc))
        try:
            attendance = _attendance(table, row)
        except ValueError as exc:
            problems.add(line, str(exc))
        try:
            lates = _lates(table, row)
        except ValueError as exc:
            problems.add(line, str(exc))
        if upn is not None and len(problems.found) == before:
            result.append(AttendanceRow(line, upn, attendance, lates))
    problems.raise_any()
    return result


def read_attendance(path: str | Path) -> list[AttendanceRow]:
    """Read and check an attendance file without touching any database."""
    return parse_attendance(decode(Path(path).read_bytes()))


def _area(scheme: Scheme, kind: str, column: str) -> str:
    for area in scheme.attitude_areas:
        if area.kind == kind:
            return area.key
    raise InvalidInput(f"the file has {column} figures, but this school's scheme has no "
                       f"{kind} area to put them in — add one to the scheme, or remove the column")


def _refuse_others(db: Database, who: Staff, classes: dict[str, str]) -> None:
    """Refuse the whole file if `who` may not change some of its pupils (`classes`: UPN → class),
    naming their classes."""
    refusals: dict[str, str] = {}
    for upn, class_name in classes.items():
        if class_name not in refusals and (reason := pupil_refusal(db, who, upn)) is not None:
            refusals[class_name] = reason
    if refusals:
        first = next(iter(refusals.values()))
        more = f" (the file has pupils of {len(refusals)} classes you may not change: " \
               f"{shown(', '.join(sorted(refusals)), 120)})" if len(refusals) > 1 else ""
        raise NotAllowed(f"nothing imported — {first}{more}")


def save_attendance(db: Database, who: Staff, rows: list[AttendanceRow], scheme: Scheme,
                    term: Term) -> AttendanceReport:
    """Save every pupil's attendance % and lates for `term` as one change (one undo), coloured
    by the scheme from the stored values; unknown UPNs refuse the whole file."""
    columns = [(kind, name) for kind, name, present in (
        ("attendance", "attendance", any(r.attendance is not None for r in rows)),
        ("punctuality", "lates", any(r.lates is not None for r in rows))) if present]
    keys = {kind: _area(scheme, kind, name) for kind, name in columns}
    updated = 0
    with history.change(db, who, f"the {year_label(term.school_year)} {term.code} attendance "
                        "import"):
        classes = {row["upn"]: row["class_name"]
                   for row in db.query("SELECT upn, class_name FROM pupils")}
        problems = Problems()
        for row in rows:
            if row.upn not in classes:
                problems.add(row.line, f"no pupil has the UPN {row.upn} — import the roster "
                                       "first (amtui import pupils), or correct the UPN")
        problems.raise_any()
        _refuse_others(db, who, {r.upn: classes[r.upn] for r in rows})
        for row in rows:
            changed = False
            for kind, value in (("attendance", row.attendance), ("punctuality", row.lates)):
                if value is None:
                    continue
                before = attitude.get_attitude(db, row.upn, term, keys[kind])
                after = attitude.set_value(db, who, row.upn, term, keys[kind], value, scheme,
                                           seen=before.version)
                changed |= after.version != before.version
            updated += changed
    return AttendanceReport(term.label(scheme), " and ".join(name for _, name in columns),
                            updated, len(rows) - updated)


def import_attendance(db: Database, who: Staff, path: str | Path, scheme: Scheme,
                      term: Term) -> AttendanceReport:
    """Import an attendance file for `term`: everything or, if any row is bad, nothing."""
    return save_attendance(db, who, read_attendance(path), scheme, term)
