"""Reports across schools: `amtui report trust` counts each school's pupils on track, off
track and exceeding, and its meetings held on time, from every school's file opened read-only,
into one CSV or PDF with no pupil's name or UPN in it (docs/trust.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from amtui import cli
from amtui.cli import UserError

TRUST_EPILOG = """\
Examples:
  amtui report trust --db oakfield.db --db elmwood.db --out trust.pdf
  amtui report trust --db oakfield.db --db elmwood.db --out trust.csv --year 2026-27 --term T2

Every file is opened read-only: nothing is created, migrated or written. If one cannot be
opened, it is named with the reason and no report is written (exit 2): a trust report with a
school silently missing would mislead. docs/trust.md says what is counted, and gives the same
queries for Datasette."""


def cmd_report_trust(args: argparse.Namespace) -> int:
    from amtui.store.files import write_private, write_private_bytes
    from amtui.store.trust import trust_counts

    out = Path(args.out).expanduser()
    kind = out.suffix.lower()
    if kind not in (".csv", ".pdf"):
        raise UserError(f"{out} is neither .csv nor .pdf — name the report FILE.csv or FILE.pdf")
    paths = [Path(path).expanduser() for path in args.db]
    if len(set(paths)) != len(paths):
        raise UserError("a school's file is given twice — give each --db once")
    schools = trust_counts(paths, lambda scheme: cli.term_of(args, scheme))
    if kind == ".csv":
        from amtui.report.trust import csv_rows

        write_private(out, csv_rows(schools))
    else:
        from amtui.report.trust import render_trust

        write_private_bytes(out, render_trust(schools))
    print(f"{len(schools)} schools reported in {out}")
    return 0
