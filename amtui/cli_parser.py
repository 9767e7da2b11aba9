"""The command line's parser: every command, argument, help text and example, and the handler
each runs (`amtui.cli` and the `cli_*` modules; `cli`'s are read from the module when the parser
is built, so a test may replace one). Heavy modules are imported only when a handler runs, so
`amtui --help` starts at once."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from amtui import cli

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


class Parser(argparse.ArgumentParser):
    """argparse whose mistakes are one line: `amtui: <reason> — see amtui … --help`, and whose
    description and epilog (the examples) keep their own lines."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(cli.USER_ERROR, f"amtui: {message} — see `{self.prog} --help`\n")

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
                        help="try this scheme file, or shipped scheme by name, instead of the "
                        "school's (default: $AMTUI_SCHEME); `amtui demo` adopts it")


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
    parser.set_defaults(handler=cli.cmd_open)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)

    p = sub.add_parser("open", help="open the app (the default)", epilog=_examples(
        "amtui open",
        "amtui open --db ~/.local/share/amtui/demo.db --as KW",
        "amtui open --scheme trial.toml   # try a scheme before the school adopts it",
        "amtui open --sign-in             # on a shared account: each person signs in"))
    _common(p)
    _sign_in_option(p)
    p.set_defaults(handler=cli.cmd_open)

    p = sub.add_parser("demo", help="build the fictional demo school and open it", epilog=_examples(
        "amtui demo",
        "amtui demo --pupils 2000 --years 10 --no-open   # a big school, for trying things out",
        "amtui demo --db /tmp/demo.db --as MG            # signed in as a senior leader",
        "amtui demo --scheme high_school_substages       # a Y7–Y11 high school on sub-stages"))
    _common(p)
    p.add_argument("--no-open", action="store_true", help="build it, do not open the app")
    p.add_argument("--pupils", type=_positive, default=None,
                   help="pupils in the school (default 210; a high school's 300)")
    p.add_argument("--years", type=_positive, default=2,
                   help="school years of history (default 2)")
    p.add_argument("--seed", type=int, default=2026, help="another seed, another school")
    p.add_argument("--force", action="store_true",
                   help="replace the file even if it holds more than the demo (a copy is kept)")
    p.set_defaults(handler=cli.cmd_demo)

    p = sub.add_parser("import", help="import pupils, attendance or targets from your MIS, or "
                       "your own criteria sheets (CSV)", add_help=False, epilog=_examples(
                           "amtui import pupils roster.csv",
                           "amtui import attendance attendance.csv --term T2 --year 2026-27",
                           "amtui import targets ks1-starting-points.csv --as MG",
                           "amtui import criteria maths-stage-5.csv --as MG"))
    p.add_argument("-h", "--help", action=_RosterHelp, nargs=0,
                   help="show this help (for pupils, every header a roster may have) and exit")
    p.add_argument("what", choices=["pupils", "attendance", "targets", "criteria"],
                   help="pupils: the roster; attendance: UPN, Attendance %% (or Possible and "
                   "Attended sessions), Lates; targets: UPN, Subject, Starting point, Source "
                   "(senior leaders); criteria: Subject, Stage, Number, Code, Text — each "
                   "subject and stage in the file replaces its sheet (admins, senior leaders)")
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
    p.set_defaults(handler=cli.cmd_print)

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
    p.set_defaults(handler=cli.cmd_backup)

    from amtui.cli_report import (
        PROGRESS_EPILOG,
        TRUST_EPILOG,
        cmd_report_progress,
        cmd_report_trust,
    )

    report = sub.add_parser("report", help="reports: the progress meeting, a trust's view",
                            epilog=_examples(
                                "amtui report progress --out progress.pdf",
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
    p = report_sub.add_parser("progress", help="the progress meeting: pupils off track with "
                              "their programmes' impact, meetings, counts by group (senior "
                              "leaders)", epilog=PROGRESS_EPILOG)
    p.add_argument("--out", metavar="FILE.pdf|FILE.csv", required=True,
                   help="the report to write: an A4 landscape PDF or a CSV for spreadsheets")
    p.add_argument("--year", metavar="YEAR", help="school year, e.g. 2026-27 (default: this one)")
    p.add_argument("--term", metavar="T1..T6", help="half-term (default: the current one)")
    p.add_argument("--class", dest="class_name", metavar="NAME", help="one class, e.g. 5W")
    p.add_argument("--subject", metavar="NAME", help="one subject, e.g. Maths")
    p.add_argument("--group", metavar="GROUP",
                   help="one group of pupils: sen, pp (pupil premium), eal, girls or boys")
    _common(p)
    p.set_defaults(handler=cmd_report_progress)

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
