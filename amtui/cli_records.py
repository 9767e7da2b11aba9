"""The commands that keep a school's records: importing from the MIS and exporting, the staff
and who may change what, and the school's scheme. The shared steps (which database, which
scheme, who is signing in) are the command line's own (`amtui.cli`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from amtui import cli
from amtui.cli import UserError

if TYPE_CHECKING:
    from amtui.core.models import Staff
    from amtui.store.db import Database


def cmd_import(args: argparse.Namespace) -> int:
    if args.what != "attendance" and (args.term or args.year):
        raise UserError(f"--term and --year are for attendance — remove them to import "
                        f"{args.what}")
    if args.what != "pupils":
        return {"attendance": cmd_import_attendance, "targets": cmd_import_targets,
                "criteria": cmd_import_criteria}[args.what](args)
    from amtui.store.roster_csv import load_roster, save_roster

    roster = load_roster(args.file)  # checked before any database is opened or created
    db = open_or_create(args)
    report = save_roster(db, _staff_member(db, args), roster.pupils)
    print(f"{args.file}: {report}")
    if roster.warnings:
        print(roster.warnings_text())
    return 0


def cmd_import_attendance(args: argparse.Namespace) -> int:
    """Attendance % (or sessions) and lates for a half-term (default: the current one)."""
    from amtui.store.attendance_csv import read_attendance, save_attendance

    rows = read_attendance(args.file)  # checked before the database is opened
    db = cli.open_existing(args)
    scheme = cli.scheme_of(args, db)
    report = save_attendance(db, _staff_member(db, args), rows, scheme, cli.term_of(args, scheme))
    print(f"{args.file}: {report}")
    return 0


def cmd_import_targets(args: argparse.Namespace) -> int:
    """Starting points and target ladders (senior leaders)."""
    from amtui.store.targets_csv import read_targets, save_targets

    db = cli.open_existing(args)
    scheme = cli.scheme_of(args, db)
    ladders = read_targets(args.file, scheme)  # checked before anything is written
    report = save_targets(db, _staff_member(db, args), ladders, scheme)
    print(f"{args.file}: {report}")
    return 0


def cmd_import_criteria(args: argparse.Namespace) -> int:
    """The school's own criteria sheets (admins and senior leaders)."""
    from amtui.store.criteria_banks import save_criteria
    from amtui.store.criteria_csv import read_criteria

    db = cli.open_existing(args)
    criteria = read_criteria(args.file, cli.scheme_of(args, db))  # checked before any write
    sheets = save_criteria(db, _staff_member(db, args), criteria)
    print(f"{args.file}: {len(sheets)} criteria sheet{'s' if len(sheets) > 1 else ''} "
          "imported —\n  " + "\n  ".join(str(sheet) for sheet in sheets))
    return 0


def _staff_member(db: Database, args: argparse.Namespace) -> Staff:
    """Who runs a command that writes: every change names a real member of staff."""
    from amtui import identity
    from amtui.store.pupils import list_staff

    if not list_staff(db):
        login = identity.os_login() or "LOGIN"
        raise UserError("this school has no staff yet — add yourself first, e.g. amtui staff "
                        f'add KW "Miss K Webb" --role admin --login {login}')
    return identity.signed_in(db, args.as_)


def open_or_create(args: argparse.Namespace) -> Database:
    """The school database for a command that writes (import, staff add): a path that does not
    exist yet becomes a new school; an existing file must be an amtui database this user may
    write."""
    from amtui.store.db import open_db
    from amtui.store.pupils import ensure_subjects

    path = cli.db_path(args)
    db = open_db(path, create=True)
    if db.readonly:
        db.conn.close()
        raise UserError(f"{path} is read-only for you, so nothing can be saved — ask whoever "
                        "looks after it for write access")
    for notice in db.notices:
        print(f"amtui: {notice}", file=sys.stderr)
    ensure_subjects(db, cli.scheme_of(args, db))
    return db


def cmd_export(args: argparse.Namespace) -> int:
    """One export to `--out`, else to `pupils 2026-11-24.csv` (`attainment 2026-27 …` for a
    year) in Documents/amtui; says where."""
    from amtui.core.terms import parse_school_year
    from amtui.folders import documents_dir
    from amtui.store.exports import export, file_name

    if args.what == "pupils" and args.year:
        raise UserError("--year is for the other exports — the pupils export is the roster as "
                        "it is now: remove --year")
    db = cli.open_existing(args, readonly=True)
    year = parse_school_year(args.year) if args.year else None
    out = Path(args.out).expanduser() if args.out \
        else documents_dir() / file_name(args.what, year, cli.today())
    count = export(db, cli.scheme_of(args, db), args.what, out, year, today=cli.today(),
                   who=_staff_member(db, args))
    print(f"{count} rows written to {out}")
    return 0


def cmd_staff_add(args: argparse.Namespace) -> int:
    from amtui import identity
    from amtui.core.models import ClassGroup, Staff
    from amtui.store import pupils

    initials, name = args.initials.strip().upper(), args.name.strip()
    login = (args.login or "").strip()
    if not (initials.isascii() and initials.isalpha() and len(initials) <= 6):
        raise UserError(f'"{args.initials}" are not initials — use 1 to 6 letters, e.g. KW')
    if not name:
        raise UserError('the name is empty — e.g. amtui staff add KW "Miss K Webb" --role teacher')
    db = open_or_create(args)
    other = pupils.staff_for_login(db, login) if login else None
    if other is not None and other.initials != initials:
        raise UserError(f"the login {login} already belongs to {other.initials} ({other.name}) — "
                        "each login signs in one member of staff")
    # None: the school's first member of staff, adding themselves
    who = identity.signed_in(db, args.as_) if pupils.list_staff(db) else None
    staff = pupils.save_staff(db, who, Staff(initials=initials, name=name, role=args.role,
                                             login=login))
    print(f"{staff.initials} {staff.name} ({staff.role}) can now sign in"
          + (f" as {staff.login}" if staff.login else f" with --as {staff.initials}"))
    if args.class_name:
        group = pupils.get_class(db, args.class_name)
        pupils.save_class(db, who or staff, ClassGroup(name=group.name, year_group=group.year_group,
                                                       teacher=staff.initials),
                          seen=pupils.class_version(db, group.name))
        print(f"{staff.initials} teaches {group.name}")
    return 0


def cmd_staff_password(args: argparse.Namespace) -> int:
    from amtui.store.sign_in import check_rules, set_password

    db = cli.open_existing(args)
    who = _staff_member(db, args)
    secret = _new_password(args.stdin)
    check_rules(secret)
    staff = set_password(db, who, args.login, secret)
    print(f"{staff.initials} {staff.name} signs in as {staff.login} with the password just set")
    return 0


def _new_password(from_stdin: bool) -> str:
    """The new password: the first line of standard input, or typed twice at the terminal."""
    import getpass

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UserError("type the password at a terminal, or pass --stdin to read it from "
                        "standard input")
    first = getpass.getpass("new password or PIN: ")
    if getpass.getpass("the same again: ") != first:
        raise UserError("the two did not match — nothing was changed; try again")
    return first


def cmd_staff_list(args: argparse.Namespace) -> int:
    """One line per member of staff: initials, role, login, whether a password is set, name."""
    from amtui.store import pupils
    from amtui.store.sign_in import has_password

    db = cli.open_existing(args, readonly=True)
    for staff in pupils.list_staff(db):
        secret = "yes" if has_password(db, staff.initials) else "—"
        print(f"{staff.initials:<6} {staff.role:<8} {staff.login:<12} password: {secret:<4} "
              f"{staff.name}")
    return 0


def cmd_staff_role(args: argparse.Namespace) -> int:
    """Change a member of staff's role (admins; the store refuses anyone their own)."""
    from dataclasses import replace

    from amtui.store import pupils
    from amtui.store.access import ROLE_NAMES

    db = cli.open_existing(args)
    who = _staff_member(db, args)
    initials = args.initials.strip().upper()
    staff = next((s for s in pupils.list_staff(db) if s.initials == initials), None)
    if staff is None:
        raise UserError(f'no member of staff has the initials "{initials}" — see them with amtui '
                        "staff list, or add them with amtui staff add")
    staff = pupils.save_staff(db, who, replace(staff, role=args.role))
    print(f"{staff.initials} {staff.name} is now {ROLE_NAMES[staff.role]} ({staff.role})")
    return 0


def cmd_staff_grant(args: argparse.Namespace) -> int:
    from amtui import identity
    from amtui.store import pupils

    db = cli.open_existing(args)
    group = pupils.get_class(db, args.class_name)
    pupils.grant_class(db, identity.signed_in(db, args.as_), args.initials, group.name,
                       allow=not args.remove)
    teacher = args.initials.strip().upper()
    print(f"{teacher} {'no longer changes' if args.remove else 'may now change'} "
          f"{group.name}'s records")
    return 0


def cmd_scheme_use(args: argparse.Namespace) -> int:
    from amtui.store.pupils import ensure_subjects
    from amtui.store.schemes import adopt, read_text

    if args.scheme:
        raise UserError("--scheme tries a file without adopting it — to adopt a file, give it "
                        "alone: amtui scheme use FILE.toml")
    text = read_text(args.file)  # a missing or unreadable file: said before anything is opened
    db = cli.open_existing(args)
    scheme = adopt(db, _staff_member(db, args), text, args.file)
    ensure_subjects(db, scheme)
    print(f"{scheme.name} ({scheme.school}) is now the school's scheme: everyone works to it "
          f"from the next time they open {cli.db_path(args)}")
    return 0


def cmd_scheme_show(args: argparse.Namespace) -> int:
    from amtui.core.scheme_file import scheme_path
    from amtui.store.schemes import adoptions, describe, how_to_adopt, scheme_in_force

    db = cli.open_existing(args, readonly=True)
    if tried := cli.tried_scheme(args):
        cli.say(db, f"your other commands are trying scheme {tried} — shown here is the school's")
    adopted = adoptions(db)
    if not adopted:
        cli.say(db, f"this school has not adopted a scheme, so the shipped default (shown here) is "
                f"in use — {how_to_adopt()}")
    if args.toml:
        text = adopted[0].toml if adopted else scheme_path().read_text(encoding="utf-8")
        print(text, end="" if text.endswith("\n") else "\n")
        return 0
    print("\n".join(describe(scheme_in_force(db))))
    if adopted:
        print("\nAdopted (newest first; the first is in force):")
        for one in adopted:
            print(f"  {one.adopted_at.astimezone():%Y-%m-%d %H:%M}  {one.adopted_by:<6} "
                  f"{one.name}  ({one.source})")
    return 0
