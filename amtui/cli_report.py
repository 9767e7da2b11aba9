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


PROGRESS_EPILOG = """\
Examples:
  amtui report progress --out progress.pdf
  amtui report progress --term T1 --year 2026-27 --out autumn1.pdf
  amtui report progress --class 5W --subject Maths --out 5W-maths.csv
  amtui report progress --group pp --out pupil-premium.pdf --as MG

For senior leaders and admins: it covers every pupil. The PDF (A4 landscape) is laid out for a
projector and for paper; the CSV has a row per off-track pupil, subject and programme, then
those who exceeded their targets and those who left a programme on track. --group takes sen,
pp, eal, girls or boys."""


def cmd_report_progress(args: argparse.Namespace) -> int:
    from amtui import identity
    from amtui.store.progress_meeting import Filters, progress_meeting

    out = Path(args.out).expanduser()
    kind = out.suffix.lower()
    if kind not in (".csv", ".pdf"):
        raise UserError(f"{out} is neither .csv nor .pdf — name the report FILE.csv or FILE.pdf")
    db = cli.open_existing(args, readonly=True)  # the report only reads
    scheme = cli.scheme_of(args, db)
    meeting = progress_meeting(db, scheme, cli.term_of(args, scheme), cli.today(),
                               identity.signed_in(db, args.as_),
                               Filters(args.class_name, args.subject, args.group))
    if kind == ".csv":
        from amtui.report.progress import write_progress_csv

        rows = write_progress_csv(meeting, scheme, out)
        print(f"{rows} rows written to {out}")
    else:
        from amtui.report.progress import write_progress_pdf

        write_progress_pdf(meeting, scheme, scheme.school, out, cli.today())
        print(f"progress meeting for {meeting.pupils} pupils written to {out}")
    return 0
