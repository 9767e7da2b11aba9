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
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

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


# ---- the parser -----------------------------------------------------------------------------

class Parser(argparse.ArgumentParser):
    """argparse whose mistakes are one line: `amtui: <reason> — see amtui … --help`, and whose
    description and epilog (the examples) keep their own lines."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(USER_ERROR, f"amtui: {message} — see `{self.prog} --help`\n")

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        """As argparse's, but a closed pipe is not ignored: `main` ends with PIPE_CLOSED, as
        for any other output cut short."""
        (file or sys.stdout).write(self.format_help())


def version() -> str:
    """This amtui's version: the installed package's, else the source tree's."""
    from importlib import metadata

    from amtui import __version__

    try:
        return metadata.version("amtui")
    except metadata.PackageNotFoundError:
        return __version__


class _Version(argparse.Action):
    """`amtui --version`, worked out only when asked (importlib.metadata takes ~50 ms)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> NoReturn:
        print(f"amtui {version()}")
        parser.exit()


def _examples(*lines: str) -> str:
    """A command's epilog: real invocations, one a line (a `# comment` may follow)."""
    return "Examples:\n" + "\n".join(f"  {line}" for line in lines)


EXIT_CODES = """Exit codes:
  0    done
  1    an error in amtui itself, logged privately (the message says where)
  2    a problem you can fix: the message says how
  130  interrupted (Ctrl+C)
  141  the output was cut short: whatever was reading it stopped (e.g. `| head`)"""


class _RosterHelp(argparse.Action):
    """`amtui import pupils --help`: the usual help, then every header a roster may have, from
    the roster reader's own table (imported only now: it costs ~0.1 s of every start), then the
    examples."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> NoReturn:
        from amtui.store.roster_csv import headers_help

        if getattr(namespace, "what", None) in (None, "pupils"):
            parser.epilog = f"{headers_help()}\n\n{parser.epilog}"
        parser.print_help()
        parser.exit()


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return value


def _common(parser: argparse.ArgumentParser, top: bool = False) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--db", metavar="PATH", default=default,
                        help="school database (default: $AMTUI_DB, else your data folder)")
    parser.add_argument("--as", dest="as_", metavar="INITIALS", default=default,
                        help="sign in as this member of staff")
    parser.add_argument("--scheme", metavar="FILE", default=default,
                        help="try this scheme file instead of the school's (default: "
                        "$AMTUI_SCHEME); `amtui demo` adopts it")


def _sign_in_option(parser: argparse.ArgumentParser, top: bool = False) -> None:
    parser.add_argument("--sign-in", action="store_true",
                        default=False if top else argparse.SUPPRESS,
                        help="open on the sign-in screen whoever runs it (a shared account; "
                        "`amtui serve` opens every browser session this way)")


def build_parser() -> argparse.ArgumentParser:
    from amtui.cli_records import (
        cmd_export,
        cmd_import,
        cmd_scheme_show,
        cmd_scheme_use,
        cmd_staff_add,
        cmd_staff_grant,
        cmd_staff_list,
        cmd_staff_password,
        cmd_staff_role,
    )

    parser = Parser(
        prog="amtui", description="Assertive Mentoring in the terminal. Without a command, opens "
        "the app on\nyour class and the current half-term.", epilog=_examples(
            "amtui                            # open the app, signed in by your login",
            "amtui demo                       # build the fictional demo school, open it",
            "amtui import pupils roster.csv   # your school's pupils, from your MIS",
        ) + "\n\n" + EXIT_CODES)
    parser.add_argument("--version", action=_Version, nargs=0,
                        help="print amtui's version and exit")
    _common(parser, top=True)
    _sign_in_option(parser, top=True)
    parser.set_defaults(handler=cmd_open)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)

    p = sub.add_parser("open", help="open the app (the default)", epilog=_examples(
        "amtui open",
        "amtui open --db ~/.local/share/amtui/demo.db --as KW",
        "amtui open --scheme trial.toml   # try a scheme before the school adopts it",
        "amtui open --sign-in             # on a shared account: each person signs in"))
    _common(p)
    _sign_in_option(p)
    p.set_defaults(handler=cmd_open)

    p = sub.add_parser("demo", help="build the fictional demo school and open it", epilog=_examples(
        "amtui demo",
        "amtui demo --pupils 2000 --years 10 --no-open   # a big school, for trying things out",
        "amtui demo --db /tmp/demo.db --as MG            # signed in as a senior leader"))
    _common(p)
    p.add_argument("--no-open", action="store_true", help="build it, do not open the app")
    p.add_argument("--pupils", type=_positive, default=210,
                   help="pupils in the school (default 210)")
    p.add_argument("--years", type=_positive, default=2,
                   help="school years of history (default 2)")
    p.add_argument("--seed", type=int, default=2026, help="another seed, another school")
    p.add_argument("--force", action="store_true",
                   help="replace the file even if it holds more than the demo (a copy is kept)")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("import", help="import pupils, attendance or targets from your MIS (CSV)",
                       add_help=False, epilog=_examples(
                           "amtui import pupils roster.csv",
                           "amtui import attendance attendance.csv --term T2 --year 2026-27",
                           "amtui import targets ks1-starting-points.csv --as MG"))
    p.add_argument("-h", "--help", action=_RosterHelp, nargs=0,
                   help="show this help (for pupils, every header a roster may have) and exit")
    p.add_argument("what", choices=["pupils", "attendance", "targets"],
                   help="pupils: the roster; attendance: UPN, Attendance %% (or Possible and "
                   "Attended sessions), Lates; targets: UPN, Subject, Starting point, Source "
                   "(senior leaders)")
    p.add_argument("file", metavar="FILE.csv",
                   help="the CSV file your MIS exported (UTF-8; Excel's \"CSV UTF-8\")")
    p.add_argument("--term", metavar="T1..T6",
                   help="attendance: the half-term (default: the current one)")
    p.add_argument("--year", metavar="YEAR",
                   help="attendance: the school year, e.g. 2026-27 (default: this one)")
    _common(p)
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("export", help="export pupils, attainment, targets, attitude or "
                       "interventions as CSV", epilog=_examples(
                           "amtui export pupils   # to Documents/amtui/pupils <today>.csv",
                           "amtui export attainment --year 2026-27 --out attainment.csv",
                           "amtui export attitude --out ~/Desktop/attitude.csv",
                           "amtui export sessions --year 2026-27"))
    p.add_argument("what", choices=["pupils", "attainment", "targets", "attitude",
                                    "interventions", "sessions"],
                   help="pupils: the roster as it is now (import reads it back); attainment: "
                   "steps and colours by half-term; targets: starting points and target "
                   "ladders; attitude: by half-term; interventions: each programme's pupils "
                   "and the sessions they came to; sessions: who came to each session")
    p.add_argument("--year", metavar="YEAR", help="one school year, e.g. 2026-27")
    p.add_argument("--out", metavar="FILE.csv",
                   help="where to write it (default: WHAT DATE.csv in your Documents/amtui "
                   "folder)")
    _common(p)
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("print", help="print pupil profiles to PDF", epilog=_examples(
        "amtui print profile --upn A123456789012   # to the print folder (Documents/amtui)",
        "amtui print profile --class 5W --term T2 --parents --one-file --out 5W-parents.pdf",
        "amtui print profile --class 5W --out profiles/   # one PDF per pupil"))
    p.add_argument("what", choices=["profile"], help="profile: a pupil's profile, as the app "
                   "prints it")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--upn", help="one pupil")
    who.add_argument("--class", dest="class_name", metavar="NAME", help="a whole class")
    p.add_argument("--year", metavar="YEAR", help="school year (default: this one)")
    p.add_argument("--term", metavar="T1..T6", help="half-term (default: the current one)")
    p.add_argument("--parents", action="store_true", help="parents' copy, with the grading key")
    p.add_argument("--one-file", action="store_true", help="a class in one PDF")
    p.add_argument("--out", metavar="PATH",
                   help="a .pdf file, or a folder for one PDF per pupil (default: the scheme's "
                   "print folder, else Documents/amtui; a class's PDFs in a folder of its own)")
    _common(p)
    p.set_defaults(handler=cmd_print)

    from amtui.cli_pupil import cmd_self_assess

    p = sub.add_parser("self-assess", help="pupil mode: a class's pupils fill in their own "
                       "self-assessment", epilog=_examples(
                           "amtui self-assess --class 5W   # the current half-term",
                           "amtui self-assess --class 5W --term T4 --year 2026-27",
                           "amtui self-assess --class 6M --as MG   # opened by a senior leader"))
    p.add_argument("--class", dest="class_name", metavar="NAME", required=True,
                   help="the class whose pupils answer (a member of staff signs in to leave)")
    p.add_argument("--term", metavar="T1..T6", help="half-term (default: the current one)")
    p.add_argument("--year", metavar="YEAR", help="school year, e.g. 2026-27 (default: this one)")
    _common(p)
    p.set_defaults(handler=cmd_self_assess)

    from amtui.cli_school import cmd_init

    p = sub.add_parser("init", help="make a new school database (refuses an existing file)",
                       epilog=_examples(
        "amtui init                          # yours alone, in your data folder",
        "amtui init --db /srv/amtui/school.db --group amtui-staff   # a school server"))
    p.add_argument("--group", metavar="NAME",
                   help="share it with the staff in this OS group (a name, or a GID): folder "
                   "2770 (setgid), files 0660; without it the file is yours alone (0600)")
    _common(p)
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("backup", help="a consistent copy of the database", epilog=_examples(
        "amtui backup --out school-2026-11-24.db",
        "amtui backup --db /srv/amtui/school.db --out /media/usb/school-friday.db"))
    p.add_argument("--out", metavar="FILE", required=True,
                   help="the new file to write (an existing file is never replaced)")
    _common(p)
    p.set_defaults(handler=cmd_backup)

    from amtui.cli_report import TRUST_EPILOG, cmd_report_trust

    report = sub.add_parser("report", help="reports across schools (a trust's view)",
                            epilog=_examples(
                                "amtui report trust --db a.db --db b.db --out trust.pdf",
                                "amtui report trust --db a.db --db b.db --out trust.csv --term T2"))
    report_sub = report.add_subparsers(title="report commands", metavar="ACTION", required=True,
                                       parser_class=Parser)
    p = report_sub.add_parser("trust", help="pupils on and off track, and meetings on time, "
                              "per school, year group and subject (counts only)",
                              epilog=TRUST_EPILOG)
    p.add_argument("--db", metavar="PATH", action="append", required=True,
                   help="a school's database, opened read-only; repeat it for each school")
    p.add_argument("--out", metavar="FILE.csv|FILE.pdf", required=True,
                   help="the report to write: a CSV for spreadsheets or an A4 PDF")
    p.add_argument("--year", metavar="YEAR",
                   help="school year, e.g. 2026-27 (default: each school's current one)")
    p.add_argument("--term", metavar="T1..T6",
                   help="half-term (default: each school's current one, by its calendar)")
    p.set_defaults(handler=cmd_report_trust)

    from amtui.cli_serve import cmd_serve

    p = sub.add_parser("serve", help="serve the app in the browser: each session signs in",
                       epilog=_examples(
                           "amtui serve --db /srv/amtui/school.db",
                           "amtui serve --db /srv/amtui/school.db --public-url "
                           "https://amtui.school.example   # behind the school's HTTPS proxy"))
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this computer only; the "
                   "school's HTTPS proxy forwards to it)")
    p.add_argument("--port", type=_positive, default=8000, help="port (default 8000)")
    p.add_argument("--public-url", metavar="URL",
                   help="the address staff open, when a proxy serves it (default: "
                   "http://HOST:PORT)")
    _common(p)
    p.set_defaults(handler=cmd_serve)

    staff = sub.add_parser("staff", help="who may sign in", epilog=_examples(
        'amtui staff add KW "Miss K Webb" --role teacher --login kwebb --class 5W',
        "amtui staff list",
        "amtui staff grant KW 4B --as MG"))
    staff_sub = staff.add_subparsers(title="staff commands", metavar="ACTION", required=True,
                                     parser_class=Parser)
    p = staff_sub.add_parser("add", help="add or update a member of staff", epilog=_examples(
        'amtui staff add KW "Miss K Webb" --role admin --login kwebb   # the first: yourself',
        'amtui staff add TA "Mr T Adams" --role ta',
        'amtui staff add KW "Miss K Webb" --role teacher --class 5W'))
    p.add_argument("initials", help="1 to 6 letters that name them in the app, e.g. KW")
    p.add_argument("name", help='as pupils and parents see it, e.g. "Miss K Webb"')
    p.add_argument("--role", choices=["teacher", "ta", "slt", "admin"], required=True,
                   help="teacher: their own classes' records; ta: a teaching assistant, the "
                   "sessions they run; slt: a senior leader, every pupil's records; admin: "
                   "staff, classes, the roster and the scheme")
    p.add_argument("--login", help="their login name, so they are signed in automatically")
    p.add_argument("--class", dest="class_name", metavar="NAME",
                   help="make them the teacher (and mentor) of this class")
    _common(p)
    p.set_defaults(handler=cmd_staff_add)
    p = staff_sub.add_parser(
        "password", help="set a member of staff's password or PIN, for signing in (admins)",
        epilog=_examples("amtui staff password kwebb          # asks for it twice, not shown",
                         "amtui staff password kwebb --stdin   # the first line of input"))
    p.add_argument("login", metavar="LOGIN", help="their login (amtui staff add … --login)")
    p.add_argument("--stdin", action="store_true",
                   help="read the password from the first line of standard input (scripts)")
    _common(p)
    p.set_defaults(handler=cmd_staff_password)
    p = staff_sub.add_parser("list", help="list the staff", epilog=_examples(
        "amtui staff list",
        "amtui staff list --db ~/.local/share/amtui/demo.db | grep teacher"))
    _common(p)
    p.set_defaults(handler=cmd_staff_list)
    p = staff_sub.add_parser("role", help="change a member of staff's role (admins; not your "
                             "own)", epilog=_examples("amtui staff role KW slt",
                                                      "amtui staff role TA teacher --as AD"))
    p.add_argument("initials", help="their initials, e.g. KW")
    p.add_argument("role", choices=["teacher", "ta", "slt", "admin"],
                   help="the new role (as for amtui staff add --role)")
    _common(p)
    p.set_defaults(handler=cmd_staff_role)
    p = staff_sub.add_parser("grant", help="let a teacher change another class's records "
                             "(senior leaders)", epilog=_examples(
                                 "amtui staff grant KW 4B",
                                 "amtui staff grant KW 4B --remove"))
    p.add_argument("initials", help="the teacher's initials, e.g. KW")
    p.add_argument("class_name", metavar="CLASS", help="the class, e.g. 4B")
    p.add_argument("--remove", action="store_true", help="take the access back")
    _common(p)
    p.set_defaults(handler=cmd_staff_grant)

    scheme = sub.add_parser("scheme", help="the school's scheme: its settings, one for all staff",
                            epilog=_examples("amtui scheme show",
                                             "amtui scheme use hollybank.toml"))
    scheme_sub = scheme.add_subparsers(title="scheme commands", metavar="ACTION", required=True,
                                       parser_class=Parser)
    p = scheme_sub.add_parser("use", help="check a scheme file and make it the school's (admins)",
                              epilog=_examples(
                                  "amtui scheme use ours.toml   # from `amtui scheme show --toml`",
                                  "amtui scheme use ours.toml --db /srv/amtui/school.db"))
    p.add_argument("file", metavar="FILE.toml",
                   help="the scheme file: checked first, then kept in the school's database")
    _common(p)
    p.set_defaults(handler=cmd_scheme_use)
    p = scheme_sub.add_parser("show", help="the school's scheme, and who adopted it when",
                              epilog=_examples("amtui scheme show",
                                               "amtui scheme show --toml > ours.toml"))
    p.add_argument("--toml", action="store_true", help="print it as TOML, exactly as adopted")
    _common(p)
    p.set_defaults(handler=cmd_scheme_show)
    return parser


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
