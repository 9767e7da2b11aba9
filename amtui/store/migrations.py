"""The schema, as sqlite-utils migrations applied on open. Add a new function; never edit one.

Whether any is pending is read with plain SQL, so an up-to-date database opens without
importing sqlite-utils (about 40 ms of start-up); only a pending migration brings it in."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

    from amtui.store.db import Database

MIGRATION_SET = "amtui"
MIGRATIONS_TABLE = "_sqlite_migrations"  # where sqlite-utils records what it applied

Migration = Callable[["sqlite_utils.Database"], None]
STEPS: dict[str, Migration] = {}


def migration(name: str) -> Callable[[Migration], Migration]:
    def register(step: Migration) -> Migration:
        STEPS[name] = step
        return step

    return register


def pending(db: Database) -> list[str]:
    """Names of the migrations not yet applied to `db`, in order."""
    recorded = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                          [MIGRATIONS_TABLE]).fetchone()
    done = {row[0] for row in db.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", [MIGRATION_SET])} \
        if recorded else set()
    return [name for name in STEPS if name not in done]


def apply(db: Database) -> None:
    """Apply pending migrations through sqlite-utils, each in its own transaction."""
    if not pending(db):
        return
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, step in STEPS.items():
        migrations(name=name)(step)
    migrations.apply(db.utils)


@migration("0001_initial")
def initial(db: sqlite_utils.Database) -> None:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


SCHEMA = """
CREATE TABLE staff (
    initials TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('teacher', 'ta', 'slt', 'admin')),
    login TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX staff_login ON staff(login);

CREATE TABLE classes (
    name TEXT PRIMARY KEY,
    year_group INTEGER NOT NULL CHECK (year_group BETWEEN 0 AND 11),
    teacher TEXT REFERENCES staff(initials),
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE subjects (
    name TEXT PRIMARY KEY,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE pupils (
    upn TEXT PRIMARY KEY,
    forename TEXT NOT NULL,
    surname TEXT NOT NULL,
    year_group INTEGER NOT NULL CHECK (year_group BETWEEN 0 AND 11),
    class_name TEXT NOT NULL REFERENCES classes(name),
    dob TEXT,
    sen INTEGER NOT NULL DEFAULT 0,
    pupil_premium INTEGER NOT NULL DEFAULT 0,
    eal INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX pupils_class ON pupils(class_name, surname, forename);

CREATE TABLE attainment (
    upn TEXT NOT NULL REFERENCES pupils(upn) ON DELETE CASCADE,
    subject TEXT NOT NULL REFERENCES subjects(name),
    school_year INTEGER NOT NULL,
    half_term INTEGER NOT NULL CHECK (half_term BETWEEN 1 AND 6),
    step TEXT,
    override INTEGER CHECK (override BETWEEN 0 AND 2),
    override_reason TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (upn, subject, school_year, half_term)
);
CREATE INDEX attainment_term ON attainment(school_year, half_term);

CREATE TABLE starting_points (
    upn TEXT NOT NULL REFERENCES pupils(upn) ON DELETE CASCADE,
    subject TEXT NOT NULL REFERENCES subjects(name),
    year_group INTEGER NOT NULL,
    step TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    fft TEXT,
    aspirational TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (upn, subject)
);

CREATE TABLE targets (
    upn TEXT NOT NULL REFERENCES pupils(upn) ON DELETE CASCADE,
    subject TEXT NOT NULL REFERENCES subjects(name),
    year_group INTEGER NOT NULL,
    step TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    raised INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (upn, subject, year_group)
);

CREATE TABLE attitude (
    upn TEXT NOT NULL REFERENCES pupils(upn) ON DELETE CASCADE,
    school_year INTEGER NOT NULL,
    half_term INTEGER NOT NULL CHECK (half_term BETWEEN 1 AND 6),
    area TEXT NOT NULL,
    value REAL,
    colour INTEGER CHECK (colour BETWEEN 0 AND 2),
    comment TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (upn, school_year, half_term, area)
);
CREATE INDEX attitude_term ON attitude(school_year, half_term);

CREATE TABLE self_assessments (
    upn TEXT NOT NULL REFERENCES pupils(upn) ON DELETE CASCADE,
    school_year INTEGER NOT NULL,
    half_term INTEGER NOT NULL CHECK (half_term BETWEEN 1 AND 6),
    ratings TEXT NOT NULL DEFAULT '{}',
    went_well TEXT NOT NULL DEFAULT '',
    find_hard TEXT NOT NULL DEFAULT '',
    want_to_be TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (upn, school_year, half_term)
);

CREATE TABLE meetings (
    upn TEXT NOT NULL REFERENCES pupils(upn) ON DELETE CASCADE,
    school_year INTEGER NOT NULL,
    half_term INTEGER NOT NULL CHECK (half_term BETWEEN 1 AND 6),
    support TEXT NOT NULL DEFAULT '[]',
    attitude_support TEXT NOT NULL DEFAULT '[]',
    aspirations TEXT NOT NULL DEFAULT '',
    judgement INTEGER,
    pupil_judgement INTEGER,
    teacher_signed_by TEXT REFERENCES staff(initials),
    teacher_signed_at TEXT,
    pupil_signed_at TEXT,
    amended INTEGER NOT NULL DEFAULT 0,
    started INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (upn, school_year, half_term)
);
CREATE INDEX meetings_term ON meetings(school_year, half_term);

CREATE TABLE medium_targets (
    id INTEGER PRIMARY KEY,
    upn TEXT NOT NULL REFERENCES pupils(upn) ON DELETE CASCADE,
    school_year INTEGER NOT NULL,
    half_term INTEGER NOT NULL CHECK (half_term BETWEEN 1 AND 6),
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    criterion TEXT NOT NULL DEFAULT '',
    review TEXT CHECK (review IN ('achieved', 'partly', 'not')),
    position INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX medium_targets_pupil ON medium_targets(upn, school_year, half_term);

CREATE TABLE interventions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    subject TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    staff TEXT NOT NULL DEFAULT '[]',
    start TEXT NOT NULL,
    end TEXT,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE intervention_pupils (
    intervention_id INTEGER NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
    upn TEXT NOT NULL REFERENCES pupils(upn) ON DELETE CASCADE,
    entry_step TEXT,
    exit_step TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (intervention_id, upn)
);
CREATE INDEX intervention_pupils_upn ON intervention_pupils(upn);

CREATE TABLE intervention_sessions (
    id INTEGER PRIMARY KEY,
    intervention_id INTEGER NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
    on_date TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    note TEXT NOT NULL DEFAULT '',
    logged_by TEXT NOT NULL REFERENCES staff(initials),
    attended TEXT NOT NULL DEFAULT '[]',
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX intervention_sessions_iv ON intervention_sessions(intervention_id, on_date);

CREATE TABLE criteria_marks (
    upn TEXT NOT NULL REFERENCES pupils(upn) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    stage INTEGER NOT NULL,
    number INTEGER NOT NULL,
    school_year INTEGER NOT NULL,
    half_term INTEGER NOT NULL CHECK (half_term BETWEEN 1 AND 6),
    mark INTEGER NOT NULL CHECK (mark BETWEEN 0 AND 3),
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (upn, subject, stage, number, school_year, half_term)
);

CREATE TABLE basic_skills (
    upn TEXT NOT NULL REFERENCES pupils(upn) ON DELETE CASCADE,
    school_year INTEGER NOT NULL,
    week INTEGER NOT NULL CHECK (week BETWEEN 1 AND 52),
    level TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score >= 0),
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (upn, school_year, week)
);

CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    tbl TEXT NOT NULL,
    key TEXT NOT NULL,
    old TEXT,
    new TEXT,
    why TEXT NOT NULL DEFAULT '',
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX history_who ON history(who, id);
CREATE INDEX history_row ON history(tbl, key);
"""


@migration("0002_attainment_by_pupil")
def attainment_by_pupil(db: sqlite_utils.Database) -> None:
    """The term index made the planner scan a whole year's attainment to find one pupil's
    (10 ms on a 2,000-pupil school); every query on it starts from the pupil anyway."""
    db.execute("DROP INDEX IF EXISTS attainment_term")
