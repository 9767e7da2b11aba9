"""`amtui init`: a new school database, private to one account or shared by the staff in one
OS group on a school server. The shared steps (which database) are the command line's own
(`amtui.cli`)."""

from __future__ import annotations

import argparse
import shlex
import sys

from amtui import cli


def cmd_init(args: argparse.Namespace) -> int:
    from amtui.store.groups import find_group
    from amtui.store.school_folder import make_school

    group = find_group(args.group) if args.group else None
    school = make_school(cli.db_path(args), group)
    for notice in school.notices:
        print(f"amtui: {notice}", file=sys.stderr)
    path = shlex.quote(str(school.file))
    print(f"Made a new school database at {school.file}")
    if school.group is None:
        print(f"  the database: mode {school.file_mode:04o}, yours alone")
        print(f"  its folder:   {school.file.parent}, mode {school.folder_mode:04o}")
    else:
        name = school.group.name
        print(f"  the database: mode {school.file_mode:04o}, group {name} (its -wal and -shm "
              "files get the same)")
        print(f"  its folder:   {school.file.parent}, mode {school.folder_mode:04o}, group {name} "
              "(setgid: every file made there belongs to the group)")
    print("Next steps:")
    print(f'  1. add the staff, yourself first: amtui staff add INITIALS "Name" --role admin '
          f"--login LOGIN --db {path}")
    print("  2. set a password for signing in on a shared account or in the browser: "
          f"amtui staff password LOGIN --db {path}")
    print(f"  3. import the roster from your MIS: amtui import pupils FILE.csv --db {path}")
    return 0
