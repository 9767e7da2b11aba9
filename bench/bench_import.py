"""Importing a 2,000-pupil roster as an MIS exports it (title rows, legal and preferred names,
Excel's dates, SEN and FSM codes, a few temporary UPNs and wrong check letters): reading and
checking it, the first import into a new school, importing it again unchanged, and the whole
`amtui import pupils` command."""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from common import Result, timed

from amtui.core.models import Staff
from amtui.core.upn import with_check_letter
from amtui.store import demo_names as names
from amtui.store.db import Database, open_db
from amtui.store.pupils import save_staff
from amtui.store.roster_csv import load_roster, save_roster

PUPILS = 2000
ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
ADMIN = Staff(initials="AD", name="Ms A Dunn", role="admin")


def write_roster(path: Path, pupils: int = PUPILS, seed: int = 1) -> Path:
    """A SIMS-style export of `pupils` fictional pupils, Reception to Year 11."""
    rng = random.Random(seed)
    rows: list[list[str]] = [["Student List"], ["Printed 02/09/2025 08:15"], [],
                             ["Adno", "UPN", "Legal Surname", "Legal Forename",
                              "Preferred Surname", "Preferred Forename", "Reg Group",
                              "Year Taught In", "DOB", "SEN Status", "FSM", "EAL"]]
    for n in range(pupils):
        year = n % 12
        body = f"80120{year:02d}{n:05d}"
        if n % 50 == 0:
            body = body[:-1] + "A"  # a temporary UPN
        upn = with_check_letter(body)
        if n % 97 == 0:
            upn = ("B" if upn[0] != "B" else "C") + body  # a wrong check letter: a warning
        forename, surname = rng.choice(names.FORENAMES), rng.choice(names.SURNAMES)
        born = date(2020 - year, 9, 1) + timedelta(rng.randrange(365))
        rows.append([f"{n:06d}", upn, surname, forename, surname,
                     forename[:3] if n % 10 == 0 else "",
                     f"{'R' if year == 0 else year}{'ABCD'[n % 4]}",
                     "Year R" if year == 0 else f"Year {year}", f"{born.isoformat()} 00:00:00",
                     rng.choice("NNNNNNNKKE"), rng.choice("FFFFT"), rng.choice("FFFT")])
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        csv.writer(out).writerows(rows)
    return path


def _school(path: Path) -> Database:
    """A new school with its first member of staff, the admin who imports."""
    db = open_db(path)
    save_staff(db, None, ADMIN)
    return db


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        roster_file = write_roster(tmp / "roster.csv")
        roster = load_roster(roster_file)
        assert len(roster.pupils) == PUPILS and roster.warnings
        read = timed(lambda: load_roster(roster_file), repeat=10)
        schools = iter([_school(tmp / f"first{i}.db") for i in range(6)])
        first = timed(lambda: save_roster(next(schools), ADMIN, roster.pupils), repeat=5)
        again_db = _school(tmp / "again.db")
        again = timed(lambda: save_roster(again_db, ADMIN, roster.pupils), repeat=5)
        paths = iter([tmp / f"cli{i}.db" for i in range(6)])

        def command() -> None:
            path = next(paths)
            _school(path).conn.close()
            subprocess.run([sys.executable, "-m", "amtui", "import", "pupils", str(roster_file),
                            "--db", str(path), "--as", "AD"], check=True, capture_output=True,
                           env=ENV)

        cli = timed(command, repeat=5)
    note = f"{PUPILS} pupils"
    return [Result("roster read and check (2,000 pupils)", read, note=note),
            Result("roster first import (2,000 pupils)", first, note=note),
            Result("roster import again, unchanged (2,000)", again, note=note),
            Result("amtui import pupils (2,000, new school)", cli,
                   note="process start to exit, including opening a new school")]
