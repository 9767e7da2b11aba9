"""The command line: open the app, build the demo school, import/export CSV, print, back up.

Heavy modules (textual, sqlite_utils, fpdf, pydantic) are imported inside each command so
`amtui --help` starts at once. Errors a user can fix exit 2 with one line; never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from amtui.core.models import Staff
    from amtui.core.scheme import Scheme
    from amtui.core.terms import Term
    from amtui.store.db import Database

USER_ERROR = 2
PIPE_CLOSED = 141
"""The reader of our output went away (`amtui … | head -1`): 128 + SIGPIPE, the code a shell
reports for any Unix tool cut off that way, so `set -o pipefail` treats amtui like the rest."""


class UserError(Exception):
    """A one-line reason to stop, printed as `amtui: …`."""


# ---- shared steps ---------------------------------------------------------------------------

_db_in_use: list[Path] = []
"""The database this command opened (the last one), for `_reason` to check for damage."""


def db_path(args: argparse.Namespace) -> Path:
    from amtui.store.db import default_db_path

    path = Path(args.db).expanduser() if args.db else default_db_path()
    _db_in_use[:] = [path]
    return path


def open_existing(args: argparse.Namespace, *, readonly: bool = False,
                  any_version: bool = False) -> Database:
    """The school database, which must exist; never created. Commands that only read pass
    `readonly` (never migrated; an older database is refused). Otherwise it is opened for
    someone at the keyboard: a write blocked by another's long import fails with `Busy` within
    about three seconds. What opening did (permissions tightened, read-only) is said on stderr."""
    from amtui.store.db import INTERACTIVE_BUSY_TIMEOUT_MS, open_db
    from amtui.store.groups import require_reachable

    path = db_path(args)
    require_reachable(path)  # a folder they may not enter: the group to join, not "no database"
    if not path.exists():
        raise UserError(f"no school database at {path} — try the demo school with `amtui demo`, "
                        "or import a roster with `amtui import pupils FILE.csv`")
    db = open_db(path, create=False, readonly=readonly, any_version=any_version,
                 busy_timeout_ms=INTERACTIVE_BUSY_TIMEOUT_MS)
    for notice in db.notices:
        print(f"amtui: {notice}", file=sys.stderr)
    return db


def tried_scheme(args: argparse.Namespace) -> str | None:
    """A scheme file given to try instead of the school's: --scheme, else $AMTUI_SCHEME."""
    return args.scheme or os.environ.get("AMTUI_SCHEME") or None


def say(db: Database, notice: str) -> None:
    """Tell the person at the keyboard: on stderr now, and in the app if it opens."""
    print(f"amtui: {notice}", file=sys.stderr)
    db.notices.append(notice)


def scheme_of(args: argparse.Namespace, db: Database) -> Scheme:
    """The scheme in force: the school's, kept in its database (`amtui scheme use`); a file
    given to try instead, saying so; the shipped default, saying how to adopt one, for a school
    that has adopted none."""
    from amtui.core.scheme_file import load_scheme
    from amtui.store.schemes import how_to_adopt, school_scheme

    if tried := tried_scheme(args):
        scheme = load_scheme(tried)
        say(db, f"trying scheme {tried} — not the school's (`amtui scheme show` shows the "
                "school's)")
        return scheme
    school = school_scheme(db)
    if school is None:
        say(db, f"this school has not adopted a scheme, so the shipped default is in use — "
                f"{how_to_adopt()}")
        return load_scheme()
    return school


def today() -> date:
    """The product's "now" (tests replace it)."""
    return date.today()


def launch_app(db: Database, scheme: Scheme, user: Staff | None) -> None:
    """Run the app for `user`, or on the sign-in screen (None)."""
    from amtui.app import make_app

    make_app(db, scheme, user, today()).run()


def open_app(db: Database, scheme: Scheme, initials: str | None, *, ask: bool = False) -> None:
    """Open the app for `--as`, else for this account's member of staff, else (or with `ask`)
    on the sign-in screen."""
    from amtui import identity

    launch_app(db, scheme, identity.opening(db, initials, ask=ask))


def term_of(args: argparse.Namespace, scheme: Scheme) -> Term:
    from amtui.core.terms import Term, parse_half_term, parse_school_year, term_on

    now = term_on(today(), scheme)
    year = parse_school_year(args.year) if args.year else now.school_year
    return Term(year, parse_half_term(args.term) if args.term else now.half_term)


# ---- commands -------------------------------------------------------------------------------

@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the app starts. Start-up builds a great many
    objects that all stay alive (modules, styles, widgets), and scanning them again and again
    cost ~20 ms of a ~230 ms start. AmtuiApp resumes it after its first paint; this resumes it
    whatever happens."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def cmd_open(args: argparse.Namespace) -> int:
    with collector_paused():
        db = open_existing(args)
        open_app(db, scheme_of(args, db), args.as_, ask=args.sign_in)
    return 0


def _is_demo(path: Path) -> bool:
    """Whether `path` holds the demo school and nothing else: `build_demo` recorded it (an
    older amtui's demo: its history row), and no one has written pupils, staff or classes
    since (real pupils imported into it would be lost by rebuilding it)."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            try:
                demo = conn.execute("SELECT 1 FROM school_facts WHERE name = 'origin' AND "
                                    "(value = 'demo' OR value LIKE '{\"demo\"%')").fetchone()
            except sqlite3.OperationalError:  # made before school_facts existed
                demo = conn.execute("SELECT 1 FROM history WHERE who = 'demo'").fetchone()
            touched = conn.execute("SELECT 1 FROM history WHERE tbl IN ('pupils', 'staff', "
                                   "'classes') LIMIT 1").fetchone()
            return demo is not None and touched is None
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def demo_path(args: argparse.Namespace) -> Path:
    from amtui.store.db import default_db_path

    if args.db:
        return Path(args.db).expanduser()
    if os.environ.get("AMTUI_DB"):
        return default_db_path()
    return default_db_path().with_name("demo.db")


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def cmd_demo(args: argparse.Namespace) -> int:
    from amtui.core.scheme_file import scheme_path
    from amtui.store.backup import keep_aside
    from amtui.store.db import INTERACTIVE_BUSY_TIMEOUT_MS, open_db
    from amtui.store.demo import build_demo
    from amtui.store.pupils import list_staff
    from amtui.store.schemes import adopt, check, read_text

    path = demo_path(args)
    replacing = os.path.lexists(path) and not _is_demo(path)
    if replacing and not args.force:
        raise UserError(f"{path} is not a demo school, or real pupils or staff have been added "
                        "to it — amtui demo only replaces an untouched demo: choose another "
                        "file with --db, or add --force to replace it (a copy is kept beside it)")
    source = str(scheme_path(tried_scheme(args)))  # the demo school adopts it
    text = read_text(source)
    scheme = check(text, source)
    building = path.with_name(f".{path.name}.building")  # the old demo stays until this is done
    _remove_db(building)
    try:
        db = open_db(building)
        try:
            summary = build_demo(db, scheme, today=today(), pupils=args.pupils,
                                 years=args.years, seed=args.seed)
            admin = next(staff for staff in list_staff(db) if staff.role == "admin")
            adopt(db, admin, text, source)
        finally:
            db.conn.close()  # the last connection checkpoints the WAL into the file
        kept = keep_aside(path, "before-demo") if replacing else None
    except BaseException:
        _remove_db(building)
        raise
    _remove_db(path)
    os.replace(building, path)
    if kept is not None:
        print(f"The file that was at {path} is kept at {kept}")
    print(f"Demo school: {summary.pupils} pupils in {summary.classes} classes, "
          f"{len(summary.school_years)} school years, at {path}")
    if not args.no_open:
        with collector_paused():
            open_app(open_db(path, create=False, busy_timeout_ms=INTERACTIVE_BUSY_TIMEOUT_MS),
                     scheme, args.as_ or summary.default_user)
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    """Profiles to `--out`, else to the print folder the app uses (`output_folder`): a class's
    one-per-pupil files in a folder of their own there."""
    from amtui.report.printing import class_folder_name, output_folder, print_profiles
    from amtui.store import pupils

    db = open_existing(args, readonly=True)  # printing only reads
    scheme = scheme_of(args, db)
    term = term_of(args, scheme)
    out = Path(args.out).expanduser() if args.out else None
    if args.upn:
        upns = [pupils.get_pupil(db, args.upn).upn]
    else:
        group = pupils.get_class(db, args.class_name)
        upns = [p.upn for p in pupils.list_pupils(db, group.name)]
        if not upns:
            raise UserError(f"class {group.name} has no pupils — nothing to print")
        if out is None and not args.one_file and len(upns) > 1:
            out = output_folder(scheme) / class_folder_name(group.name, term)
    paths = print_profiles(db, scheme, upns, term, parents=args.parents,
                           out=out or output_folder(scheme), one_file=args.one_file,
                           today=today())
    for path in paths:
        print(path)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from amtui.store.backup import backup

    out = backup(open_existing(args, any_version=True), Path(args.out).expanduser())
    print(f"backed up to {out}")
    return 0


# ---- errors, exit codes ----------------------------------------------------------------------

def _reason(exc: BaseException) -> str | None:
    """The one line a user can act on, or None if the error is ours (a bug)."""
    import csv
    import sqlite3

    from amtui.core.errors import AmtuiError, StorageError

    if isinstance(exc, (sqlite3.ProgrammingError, sqlite3.InterfaceError)):
        return None  # misuse of the connection: a bug
    if isinstance(exc, sqlite3.Error | StorageError):
        from amtui.store.db import damage, damaged_message, storage_error

        said = str(storage_error(exc) if isinstance(exc, sqlite3.Error) else exc)
        # "restore a backup" only when the integrity check on the file fails
        if "restore a backup" not in said and _db_in_use and (problem := damage(_db_in_use[0])):
            return damaged_message(_db_in_use[0], problem)
        return said
    if isinstance(exc, (UserError, AmtuiError)):
        return str(exc)
    if isinstance(exc, UnicodeDecodeError):
        return "a file is not UTF-8 text — save it as UTF-8 and try again"
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror or exc.__class__.__name__}{where}"
    if isinstance(exc, csv.Error):
        return f"the CSV file cannot be read ({exc}) — save it again as CSV UTF-8"
    return None


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code (the top-level help lists them)."""
    try:
        code = _run(argv)
        sys.stdout.flush()  # now, not at exit, so a closed pipe is met here
    except BrokenPipeError:
        _quiet_stdout()
        return PIPE_CLOSED
    return code


def _quiet_stdout() -> None:
    """Point stdout at /dev/null once its reader has gone, so the interpreter's own flush at exit
    cannot fail again ("Exception ignored … BrokenPipeError") — as Python's documentation of
    the signal module advises ("Note on SIGPIPE")."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        with suppress(OSError, ValueError):  # a stdout with no file behind it (a test's capture)
            os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)


def _run(argv: list[str] | None) -> int:
    try:
        from amtui.cli_parser import build_parser

        args = build_parser().parse_args(argv)
    except SystemExit as done:  # --help, or a mistake argparse has already explained
        return done.code if isinstance(done.code, int) else USER_ERROR
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise  # our reader went away: `main` ends quietly
    except Exception as exc:  # the one place every error becomes a sentence
        from amtui import crash

        if isinstance(exc, crash.AppStopped):  # the app stopped on an error of ours
            print(exc, file=sys.stderr)
            return exc.return_code
        if os.environ.get("AMTUI_DEBUG"):
            raise
        reason = _reason(exc)
        # ours (None): the details go to the private log, never to the screen
        said = crash.internal_error_line(exc, crash.record(exc)) if reason is None \
            else f"amtui: {reason}"
        print(said, file=sys.stderr)
        if _in_browser():  # the page would stay blank: say it there
            from amtui.problem_page import show_problem

            show_problem(said)
        return 1 if reason is None else USER_ERROR


def _in_browser() -> bool:
    """Whether this is a session `amtui serve` started (textual-serve's web driver)."""
    return os.environ.get("TEXTUAL_DRIVER", "").endswith(":WebDriver")
