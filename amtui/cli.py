"""The command line: open the app, build the demo school, import/export CSV, print, back up.

Heavy modules (textual, sqlite_utils, fpdf, pydantic) are imported inside each command so
`amtui --help` starts at once. Errors a user can fix exit 2 with one line; never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

    from amtui.core.models import Staff
    from amtui.core.scheme import Scheme

USER_ERROR = 2


class UserError(Exception):
    """A one-line reason to stop, printed as `amtui: …`."""


# ---- shared steps ---------------------------------------------------------------------------

def db_path(args: argparse.Namespace) -> Path:
    from amtui.store.db import default_db_path

    return Path(args.db).expanduser() if args.db else default_db_path()


def open_existing(args: argparse.Namespace) -> Database:
    from amtui.store.db import open_db

    path = db_path(args)
    if not path.exists():
        raise UserError(f"no school database at {path} — try the demo school with `amtui demo`, "
                        "or import a roster with `amtui import pupils FILE.csv`")
    return open_db(path)


def scheme_of(args: argparse.Namespace) -> Scheme:
    from amtui.core.scheme import load_scheme

    return load_scheme(args.scheme or os.environ.get("AMTUI_SCHEME") or None)


def signed_in(db: Database, initials: str | None) -> Staff:
    import getpass

    from amtui.store import pupils

    if initials:
        return pupils.get_staff(db, initials)
    login = getpass.getuser()
    staff = pupils.staff_for_login(db, login)
    if staff is None:
        raise UserError(f'"{login}" is not on the staff list — sign in with --as INITIALS, or ask '
                        f'an admin to add you: amtui staff add INITIALS "Full name" --role teacher '
                        f"--login {login}")
    return staff


def launch_app(db: Database, scheme: Scheme, user: Staff) -> None:
    from amtui.app import AmtuiApp

    AmtuiApp(db=db, scheme=scheme, user=user, today=date.today()).run()


def open_app(db: Database, scheme: Scheme, initials: str | None) -> None:
    from amtui.store import pupils

    pupils.ensure_subjects(db, scheme)
    launch_app(db, scheme, signed_in(db, initials))


def term_of(args: argparse.Namespace, scheme: Scheme) -> Any:
    from amtui.core.terms import Term, parse_half_term, parse_school_year, term_on

    now = term_on(date.today(), scheme)
    year = parse_school_year(args.year) if args.year else now.school_year
    return Term(year, parse_half_term(args.term) if args.term else now.half_term)


# ---- commands -------------------------------------------------------------------------------

def cmd_open(args: argparse.Namespace) -> int:
    open_app(open_existing(args), scheme_of(args), args.as_)
    return 0


def _is_demo(path: Path) -> bool:
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT 1 FROM history WHERE who = 'demo' LIMIT 1").fetchone() \
                is not None
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def cmd_demo(args: argparse.Namespace) -> int:
    from amtui.store.db import open_db
    from amtui.store.demo import build_demo

    path = Path(args.db).expanduser() if args.db else db_path(args).with_name("demo.db")
    if path.exists():
        if not _is_demo(path):
            raise UserError(f"{path} is not a demo school — amtui demo only replaces its own; choose "
                            "another file with --db")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    scheme = scheme_of(args)
    db = open_db(path)
    summary = build_demo(db, scheme, today=date.today(), pupils=args.pupils, years=args.years,
                         seed=args.seed)
    print(f"Demo school: {summary.pupils} pupils in {summary.classes} classes, "
          f"{len(summary.school_years)} school years, at {path}")
    if not args.no_open:
        open_app(db, scheme, args.as_ or summary.default_user)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from amtui.store.roster_csv import import_pupils

    db = open_or_create(args)
    report = import_pupils(db, args.as_ or "import", args.file)
    print(f"{args.file}: {report}")
    return 0


def open_or_create(args: argparse.Namespace) -> Database:
    from amtui.store.db import open_db
    from amtui.store.pupils import ensure_subjects

    db = open_db(db_path(args))
    ensure_subjects(db, scheme_of(args))
    return db


def cmd_export(args: argparse.Namespace) -> int:
    from amtui.core.terms import parse_school_year

    db = open_existing(args)
    out = Path(args.out).expanduser()
    if args.what == "pupils":
        from amtui.store.roster_csv import export_pupils

        count = export_pupils(db, out)
    else:
        from amtui.store.exports import export

        year = parse_school_year(args.year) if args.year else None
        count = export(db, scheme_of(args), args.what, out, year)
    print(f"{count} rows written to {out}")
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    from amtui.report.printing import print_profiles
    from amtui.store import pupils

    db = open_existing(args)
    scheme = scheme_of(args)
    pupils.ensure_subjects(db, scheme)
    if args.upn:
        upns = [pupils.get_pupil(db, args.upn).upn]
    else:
        group = pupils.get_class(db, args.class_name)
        upns = [p.upn for p in pupils.list_pupils(db, group.name)]
        if not upns:
            raise UserError(f"class {group.name} has no pupils — nothing to print")
    paths = print_profiles(db, scheme, upns, term_of(args, scheme), parents=args.parents,
                           out=Path(args.out).expanduser(), one_file=args.one_file)
    for path in paths:
        print(path)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from amtui.store.backup import backup

    out = backup(open_existing(args), Path(args.out).expanduser())
    print(f"backed up to {out}")
    return 0


def cmd_staff_add(args: argparse.Namespace) -> int:
    from amtui.core.models import Staff
    from amtui.store import pupils

    db = open_or_create(args)
    staff = pupils.save_staff(db, args.as_ or "admin",
                              Staff(initials=args.initials.upper(), name=args.name,
                                    role=args.role, login=args.login or ""))
    print(f"{staff.initials} {staff.name} ({staff.role}) can now sign in"
          + (f" as {staff.login}" if staff.login else f" with --as {staff.initials}"))
    return 0


def cmd_staff_list(args: argparse.Namespace) -> int:
    from amtui.store import pupils

    for staff in pupils.list_staff(open_existing(args)):
        print(f"{staff.initials:<6} {staff.role:<8} {staff.login:<12} {staff.name}")
    return 0


# ---- the parser -----------------------------------------------------------------------------

def _common(parser: argparse.ArgumentParser, top: bool = False) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--db", metavar="PATH", default=default,
                        help="school database (default: $AMTUI_DB, else your data folder)")
    parser.add_argument("--as", dest="as_", metavar="INITIALS", default=default,
                        help="sign in as this member of staff")
    parser.add_argument("--scheme", metavar="FILE", default=default,
                        help="the school's scheme (default: $AMTUI_SCHEME, else the shipped one)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="amtui", description="Assertive Mentoring in the terminal. Without a command, opens "
        "the app on your class and the current half-term.")
    _common(parser, top=True)
    parser.set_defaults(handler=cmd_open)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("open", help="open the app (the default)")
    _common(p)
    p.set_defaults(handler=cmd_open)

    p = sub.add_parser("demo", help="build the fictional demo school and open it")
    _common(p)
    p.add_argument("--no-open", action="store_true", help="build it, do not open the app")
    p.add_argument("--pupils", type=int, default=210, help="pupils in the school (default 210)")
    p.add_argument("--years", type=int, default=2, help="school years of history (default 2)")
    p.add_argument("--seed", type=int, default=2026, help="another seed, another school")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("import", help="import the pupil roster from your MIS (CSV)")
    p.add_argument("what", choices=["pupils"])
    p.add_argument("file", metavar="FILE.csv")
    _common(p)
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("export", help="export pupils, attainment, targets or attitude as CSV")
    p.add_argument("what", choices=["pupils", "attainment", "targets", "attitude"])
    p.add_argument("--year", metavar="YEAR", help="one school year, e.g. 2026-27")
    p.add_argument("--out", metavar="FILE.csv", required=True)
    _common(p)
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("print", help="print pupil profiles to PDF")
    p.add_argument("what", choices=["profile"])
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--upn", help="one pupil")
    who.add_argument("--class", dest="class_name", metavar="NAME", help="a whole class")
    p.add_argument("--year", metavar="YEAR", help="school year (default: this one)")
    p.add_argument("--term", metavar="T1..T6", help="half-term (default: the current one)")
    p.add_argument("--parents", action="store_true", help="parents' copy, with the grading key")
    p.add_argument("--one-file", action="store_true", help="a class in one PDF")
    p.add_argument("--out", metavar="PATH", required=True,
                   help="a .pdf file, or a folder for one PDF per pupil")
    _common(p)
    p.set_defaults(handler=cmd_print)

    p = sub.add_parser("backup", help="a consistent copy of the database")
    p.add_argument("--out", metavar="FILE", required=True)
    _common(p)
    p.set_defaults(handler=cmd_backup)

    staff = sub.add_parser("staff", help="who may sign in")
    staff_sub = staff.add_subparsers(title="staff commands", metavar="ACTION", required=True)
    p = staff_sub.add_parser("add", help="add or update a member of staff")
    p.add_argument("initials")
    p.add_argument("name")
    p.add_argument("--role", choices=["teacher", "ta", "slt", "admin"], required=True)
    p.add_argument("--login", help="their login name, so they are signed in automatically")
    _common(p)
    p.set_defaults(handler=cmd_staff_add)
    p = staff_sub.add_parser("list", help="list the staff")
    _common(p)
    p.set_defaults(handler=cmd_staff_list)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except UserError as exc:
        print(f"amtui: {exc}", file=sys.stderr)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the one place every error becomes a sentence
        import sqlite3

        from amtui.core.errors import AmtuiError

        if os.environ.get("AMTUI_DEBUG"):
            raise
        if isinstance(exc, AmtuiError):
            print(f"amtui: {exc}", file=sys.stderr)
        elif isinstance(exc, (OSError, UnicodeError, sqlite3.DatabaseError)):
            print(f"amtui: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        else:
            print(f"amtui: internal error ({exc.__class__.__name__}) — run with AMTUI_DEBUG=1 "
                  "for the details", file=sys.stderr)
            return 1
    return USER_ERROR
