"""The schema, as sqlite-utils migrations applied on open. Add a new function; never edit one.

Whether any is pending is read with plain SQL, so an up-to-date database opens without
importing sqlite-utils (about 40 ms of start-up); only a pending migration brings it in."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from amtui.core.errors import AmtuiError

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


def _recorded(db: Database) -> list[str] | None:
    """The amtui migrations recorded as applied, in order; None when `db` has no migrations
    table at all (a new file, or one amtui did not make)."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                  [MIGRATIONS_TABLE]).fetchone() is None:
        return None
    return [row[0] for row in db.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET])]


def is_amtui(db: Database) -> bool:
    """Whether amtui made `db`: it records at least one amtui migration."""
    return bool(_recorded(db))


def is_blank(db: Database) -> bool:
    """Whether `db` has no tables at all (a file just created, nothing in it to lose)."""
    return db.execute("SELECT 1 FROM sqlite_master").fetchone() is None


def unknown(db: Database) -> list[str]:
    """Migrations recorded in `db` that this code does not know: a newer amtui made it."""
    return [name for name in _recorded(db) or [] if name not in STEPS]


def pending(db: Database) -> list[str]:
    """Names of the migrations not yet applied to `db`, in order."""
    done = set(_recorded(db) or [])
    return [name for name in STEPS if name not in done]


MIGRATIONS_TABLE_SQL = (
    # exactly as sqlite-utils 4 creates it (Migrations.ensure_migrations_table), so either may
    # read what the other recorded
    'CREATE TABLE "_sqlite_migrations" (\n   "id" INTEGER PRIMARY KEY,\n'
    '   "migration_set" TEXT,\n   "name" TEXT,\n   "applied_at" TEXT\n)',
    'CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"\n'
    '    ON "_sqlite_migrations" ("migration_set", "name")',
)


def _record(db: Database, name: str) -> None:
    """Record `name` as applied, as sqlite-utils does (its timestamp format included)."""
    if _recorded(db) is None:
        for statement in MIGRATIONS_TABLE_SQL:
            db.execute(statement)
    db.execute(f"INSERT INTO {MIGRATIONS_TABLE} (migration_set, name, applied_at) "
               "VALUES (?, ?, ?)",
               [MIGRATION_SET, name, str(datetime.datetime.now(datetime.UTC))])


def apply(db: Database) -> list[str]:
    """Apply the pending migrations once, however many processes open the database at the same
    moment, and return the names this call applied.

    All of them run in one `BEGIN IMMEDIATE` transaction: the first opener takes the write lock,
    the others wait for it (busy_timeout) and then find nothing left to do, because what is
    pending is read again under the lock. A failure rolls every step back. A step must therefore
    use plain `db.execute` — sqlite-utils helpers that commit (`transform`, `with db.conn`)
    would end the transaction early and are refused. `PRAGMA foreign_keys` cannot change inside
    a transaction: a step that rebuilds a table does so with foreign keys as the connection has
    them (on), copying rows before dropping the old table."""
    if not pending(db):
        return []
    if unknown(db):
        raise AmtuiError("this school database was made by a newer amtui — upgrade amtui to "
                         "open it")
    utils = db.utils  # made before the transaction: sqlite-utils sets a pragma when it starts
    db.execute("BEGIN IMMEDIATE")
    try:
        todo = pending(db)  # again, now that no one else can be migrating
        if todo and unknown(db):
            raise AmtuiError("this school database was made by a newer amtui — upgrade amtui "
                             "to open it")
        for name in todo:
            STEPS[name](utils)
            if not db.conn.in_transaction:
                raise RuntimeError(f"migration {name} ended the migrations' transaction — use "
                                   "db.execute only")
            _record(db, name)
        db.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    return todo


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


@migration("0003_changes_roles_lines")
def changes_roles_lines(db: sqlite_utils.Database) -> None:
    """One user action is one change (the unit undo reverts), history rows link to it by id;
    support lines become rows of their own; pupils may have a mentor other than the class
    teacher, senior leaders may grant a teacher another class, and the school keeps a few facts
    about itself (whether it is the demo). Next steps get ids that are never reused, so a stale
    screen can never reach a newer row by an old id."""
    for statement in CHANGES_SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
    for row in db.execute("SELECT upn, school_year, half_term, support, attitude_support "
                          "FROM meetings").fetchall():
        for kind, text in (("learning", row[3]), ("attitude", row[4])):
            for position, line in enumerate(json.loads(text or "[]")):
                db.execute("INSERT INTO support_lines (upn, school_year, half_term, kind, text, "
                           "position) VALUES (?, ?, ?, ?, ?, ?)", [*row[:3], kind, line, position])
    db.execute("ALTER TABLE meetings DROP COLUMN support")
    db.execute("ALTER TABLE meetings DROP COLUMN attitude_support")
    db.execute("ALTER TABLE history DROP COLUMN undone")
    db.execute("INSERT INTO school_facts (name, value) SELECT 'origin', 'demo' "
               "WHERE EXISTS (SELECT 1 FROM history WHERE who = 'demo')")


CHANGES_SCHEMA = """
CREATE TABLE changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    session TEXT NOT NULL DEFAULT '',
    what TEXT NOT NULL DEFAULT '',
    undoable INTEGER NOT NULL DEFAULT 1,
    undo_of INTEGER REFERENCES changes(id),
    undone_by INTEGER REFERENCES changes(id)
);
CREATE INDEX changes_who ON changes(who, session, id);
ALTER TABLE history ADD COLUMN change_id INTEGER REFERENCES changes(id);
CREATE INDEX history_change ON history(change_id);

CREATE TABLE support_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    upn TEXT NOT NULL REFERENCES pupils(upn) ON DELETE CASCADE,
    school_year INTEGER NOT NULL,
    half_term INTEGER NOT NULL CHECK (half_term BETWEEN 1 AND 6),
    kind TEXT NOT NULL CHECK (kind IN ('learning', 'attitude')),
    text TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX support_lines_pupil ON support_lines(upn, school_year, half_term);

CREATE TABLE medium_targets_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO medium_targets_new SELECT id, upn, school_year, half_term, subject, text, criterion,
    review, position, version FROM medium_targets;
DROP TABLE medium_targets;
ALTER TABLE medium_targets_new RENAME TO medium_targets;
CREATE INDEX medium_targets_pupil ON medium_targets(upn, school_year, half_term);

ALTER TABLE pupils ADD COLUMN mentor TEXT REFERENCES staff(initials);

CREATE TABLE class_grants (
    staff TEXT NOT NULL REFERENCES staff(initials) ON DELETE CASCADE,
    class_name TEXT NOT NULL REFERENCES classes(name) ON DELETE CASCADE,
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (staff, class_name)
);

CREATE TABLE school_facts (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
)
"""


@migration("0004_legal_names")
def legal_names(db: sqlite_utils.Database) -> None:
    """MIS rosters give a pupil's legal name beside the preferred one the school uses: the
    preferred name stays in forename/surname (shown everywhere), the legal one is kept when it
    differs (NULL when it is the same)."""
    db.execute("ALTER TABLE pupils ADD COLUMN legal_forename TEXT")
    db.execute("ALTER TABLE pupils ADD COLUMN legal_surname TEXT")


@migration("0005_school_scheme")
def school_scheme(db: sqlite_utils.Database) -> None:
    """The school's scheme lives in its database, so every member of staff works to the same
    one: a row each time an admin adopts one (the file's text, who and when), the newest being
    the scheme in force. Beside the text, the scheme as it was checked (JSON) and a fingerprint
    of the code that checked it, so a start rebuilds it without checking the file again."""
    db.execute("""
CREATE TABLE schemes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    toml TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    checked TEXT,
    checked_by TEXT NOT NULL DEFAULT '',
    adopted_at TEXT NOT NULL,
    adopted_by TEXT NOT NULL REFERENCES staff(initials),
    version INTEGER NOT NULL DEFAULT 1
)""")


@migration("0006_sign_in")
def sign_in(db: sqlite_utils.Database) -> None:
    """Staff sign in with a login and a password (or PIN) an admin sets: its salted scrypt hash
    has a table of its own, so the hash never appears in the staff rows' history. Every attempt
    to sign in is kept (who was tried, when, whether it passed; never what was typed), and each
    member of staff keeps the colour theme they chose."""
    db.execute("""
CREATE TABLE staff_secrets (
    initials TEXT PRIMARY KEY REFERENCES staff(initials) ON DELETE CASCADE,
    hash TEXT NOT NULL,
    set_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
)""")
    db.execute("""
CREATE TABLE sign_ins (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL,
    at TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('signed in', 'wrong', 'waited', 'signed out',
                                       'password set'))
)""")
    db.execute("CREATE INDEX sign_ins_login ON sign_ins(login, at)")
    db.execute("ALTER TABLE staff ADD COLUMN theme TEXT NOT NULL DEFAULT ''")


@migration("0007_behaviour_incidents")
def behaviour_incidents(db: sqlite_utils.Database) -> None:
    """Behaviour is suggested from incident counts on the school's ladder: the counts typed for a
    half-term are kept beside the colour the teacher chose (NULL: none typed)."""
    for rung in ("purple", "red", "yellow"):
        db.execute(f"ALTER TABLE attitude ADD COLUMN {rung} INTEGER")


@migration("0008_views_note")
def views_note(db: sqlite_utils.Database) -> None:
    """Where the pupil's view and the evidence differ, the teacher may note it in the meeting
    (the comparison screen)."""
    db.execute("ALTER TABLE meetings ADD COLUMN views_note TEXT NOT NULL DEFAULT ''")


@migration("0009_programmes")
def programmes(db: sqlite_utils.Database) -> None:
    """Interventions as programmes (issue 14): sessions a week, their length and weekdays, and an
    exit criterion; a bank of programmes to start from; each pupil's place from the day they
    joined to the day they left (and why); a row per pupil per session (present or absent with
    a reason, and a note) in place of the session's list of who came; the teacher's review of
    a programme each half-term; and the roster's gender, where the MIS gives it."""
    for column, kind in (("per_week", "INTEGER NOT NULL DEFAULT 1"),
                         ("minutes", "INTEGER NOT NULL DEFAULT 15"),
                         ("days", "TEXT NOT NULL DEFAULT '[]'"),
                         ("exit_criterion", "TEXT NOT NULL DEFAULT ''")):
        db.execute(f"ALTER TABLE interventions ADD COLUMN {column} {kind}")
    for column, kind in (("joined", "TEXT"), ("left_on", "TEXT"),
                         ("exit_reason", "TEXT NOT NULL DEFAULT ''")):
        db.execute(f"ALTER TABLE intervention_pupils ADD COLUMN {column} {kind}")
    db.execute("UPDATE intervention_pupils SET joined = "
               "(SELECT start FROM interventions i WHERE i.id = intervention_id)")
    for statement in PROGRAMMES_SCHEMA.split(";"):
        db.execute(statement)


PROGRAMMES_SCHEMA = """
CREATE TABLE programme_bank (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    subject TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    per_week INTEGER NOT NULL DEFAULT 1,
    minutes INTEGER NOT NULL DEFAULT 15,
    exit_criterion TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE session_pupils (
    session_id INTEGER NOT NULL REFERENCES intervention_sessions(id) ON DELETE CASCADE,
    upn TEXT NOT NULL REFERENCES pupils(upn) ON DELETE CASCADE,
    present INTEGER NOT NULL CHECK (present IN (0, 1)),
    reason TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (session_id, upn)
);
CREATE INDEX session_pupils_upn ON session_pupils(upn);

INSERT INTO session_pupils (session_id, upn, present)
    SELECT s.id, p.upn, p.upn IN (SELECT value FROM json_each(s.attended))
    FROM intervention_sessions s
    JOIN intervention_pupils p ON p.intervention_id = s.intervention_id;
INSERT INTO session_pupils (session_id, upn, present)
    SELECT s.id, a.value, 1 FROM intervention_sessions s, json_each(s.attended) a
    WHERE a.value IN (SELECT upn FROM pupils) AND a.value NOT IN
        (SELECT upn FROM intervention_pupils p WHERE p.intervention_id = s.intervention_id);
ALTER TABLE intervention_sessions DROP COLUMN attended;

CREATE TABLE intervention_reviews (
    intervention_id INTEGER NOT NULL REFERENCES interventions(id) ON DELETE CASCADE,
    school_year INTEGER NOT NULL,
    half_term INTEGER NOT NULL CHECK (half_term BETWEEN 1 AND 6),
    verdict TEXT NOT NULL CHECK (verdict IN ('effective', 'partly', 'not')),
    changes TEXT NOT NULL DEFAULT '',
    reviewed_by TEXT NOT NULL REFERENCES staff(initials),
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (intervention_id, school_year, half_term)
);

ALTER TABLE pupils ADD COLUMN gender TEXT
"""


@migration("0010_criteria_bank")
def criteria_bank(db: sqlite_utils.Database) -> None:
    """A school's own criteria sheets (`amtui import criteria`): each subject and stage it
    imports replaces the shipped sheet for that subject and stage."""
    db.execute("""
CREATE TABLE criteria_bank (
    subject TEXT NOT NULL,
    stage INTEGER NOT NULL CHECK (stage BETWEEN 0 AND 12),
    number INTEGER NOT NULL CHECK (number >= 1),
    code TEXT NOT NULL,
    text TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (subject, stage, number)
)""")


@migration("0011_half_term_tests")
def half_term_tests(db: sqlite_utils.Database) -> None:
    """Half-term tests: each question tied to one criterion of the test's stage, in a section;
    a pupil's answer per question (entering it also raises the criteria sheet's mark)."""
    for statement in HALF_TERM_TESTS_SCHEMA.split(";"):
        db.execute(statement)


HALF_TERM_TESTS_SCHEMA = """
CREATE TABLE tests (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    subject TEXT NOT NULL,
    stage INTEGER NOT NULL CHECK (stage BETWEEN 0 AND 12),
    school_year INTEGER NOT NULL,
    half_term INTEGER NOT NULL CHECK (half_term BETWEEN 1 AND 6),
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tests_subject_term ON tests(subject, school_year, half_term);

CREATE TABLE test_questions (
    test_id INTEGER NOT NULL REFERENCES tests(id) ON DELETE CASCADE,
    number INTEGER NOT NULL CHECK (number >= 1),
    section TEXT NOT NULL,
    criterion INTEGER NOT NULL CHECK (criterion >= 1),
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (test_id, number)
);

CREATE TABLE test_answers (
    test_id INTEGER NOT NULL REFERENCES tests(id) ON DELETE CASCADE,
    upn TEXT NOT NULL REFERENCES pupils(upn) ON DELETE CASCADE,
    number INTEGER NOT NULL CHECK (number >= 1),
    mark INTEGER NOT NULL CHECK (mark BETWEEN 0 AND 3),
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (test_id, upn, number)
);
CREATE INDEX test_answers_upn ON test_answers(upn)
"""


@migration("0013_basic_skills_levels")
def basic_skills_levels(db: sqlite_utils.Database) -> None:
    """A pupil's basic-skills level from a week on, when a teacher moves them on (the level of
    each week's test stays in `basic_skills`)."""
    db.execute("""
CREATE TABLE basic_skills_levels (
    upn TEXT NOT NULL REFERENCES pupils(upn) ON DELETE CASCADE,
    school_year INTEGER NOT NULL,
    week INTEGER NOT NULL CHECK (week BETWEEN 1 AND 52),
    level TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (upn, school_year, week)
)""")


@migration("0012_awarded_levels")
def awarded_levels(db: sqlite_utils.Database) -> None:
    """In a sub-stage scheme the criteria sheet awards the half-term's level: kept beside the
    step, with the teacher's reason where their step differs from it (empty: it follows the
    sheet)."""
    db.execute("ALTER TABLE attainment ADD COLUMN awarded TEXT")
    db.execute("ALTER TABLE attainment ADD COLUMN step_reason TEXT NOT NULL DEFAULT ''")
