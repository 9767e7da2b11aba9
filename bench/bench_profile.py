"""Printing: one profile, a class of 30 into one PDF or a PDF each (and the parents' copies), the
whole demo school; the first font load, and the font cut once per batch."""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

from common import Result, timed

from amtui.core.scheme_file import load_scheme
from amtui.core.terms import Term
from amtui.report.data import profile_data
from amtui.report.printing import print_class, print_profiles
from amtui.report.profile import ProfilePDF, render_profiles
from amtui.store import pupils
from amtui.store.db import open_db
from amtui.store.demo import build_demo

TODAY = date(2026, 11, 24)
TERM = Term(2026, 2)


def run() -> list[Result]:
    scheme = load_scheme()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = open_db(folder / "demo.db")
        build_demo(db, scheme, today=TODAY)
        start = time.perf_counter()
        ProfilePDF()
        first_font = (time.perf_counter() - start) * 1000
        upns = [p.upn for p in pupils.list_pupils(db, "5W")]
        datas = [profile_data(db, scheme, upn, TERM, today=TODAY) for upn in upns]

        batch = timed(lambda: render_profiles(datas), repeat=5)
        per_page = [sample / len(datas) for sample in batch]
        gather = timed(lambda: [profile_data(db, scheme, u, TERM, today=TODAY) for u in upns], 5)
        one = timed(lambda: print_profiles(db, scheme, upns[:1], TERM, parents=False,
                                           out=folder / "one.pdf", one_file=True), 10)
        klass = timed(lambda: print_class(db, scheme, "5W", TERM, folder=folder), 5)
        everyone = [p.upn for p in pupils.list_pupils(db)]
        school = timed(lambda: print_profiles(db, scheme, everyone, TERM, parents=False,
                                              out=folder / "school.pdf", one_file=True), 3)
        per_pupil = timed(lambda: print_class(db, scheme, "5W", TERM, folder=folder,
                                              one_file=False), 3)
        parents = timed(lambda: print_class(db, scheme, "5W", TERM, folder=folder,
                                            one_file=False, parents=True), 3)
    return [Result("profile: first font load", [first_font], note="the whole bundled TTF"),
            Result("profile: drawing a page in a batch", per_page, note="30 pages, data ready"),
            Result("profile: gathering a class's data", gather, note="30 pupils"),
            Result("profile: one pupil, file written", one),
            Result("profile: class of 30, one PDF", klass),
            Result("profile: class of 30, a PDF each", per_pupil),
            Result("profile: class of 30, a PDF each, parents' copies", parents,
                   note="2 pages each"),
            Result("profile: whole demo school, one PDF", school, note=f"{len(everyone)} pupils")]
