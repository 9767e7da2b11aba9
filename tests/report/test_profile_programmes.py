"""The printed profile's "Additional support": the support lines and the pupil's current
programmes (what, how often, since when); a programme the pupil left is not printed, nor the
impact numbers or anyone else's name."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from amtui.core.terms import Term
from amtui.report.data import profile_data
from amtui.report.profile import render_profile
from amtui.store import interventions, meetings, pupils

TODAY = date(2026, 11, 24)
TERM = Term(2026, 2)


def _text(pdf: bytes) -> str:
    words = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(words.split())


def test_current_programmes_are_printed_and_the_one_left_is_not(demo_db, scheme):
    kw = pupils.get_staff(demo_db, "KW")
    left, upn = next((p, place.upn) for p in interventions.list_interventions(demo_db)
                     if p.name.endswith("(5W)") for place in p.places if place.left is not None)
    other = next(p for p in interventions.list_interventions(demo_db, active_on=TODAY)
                 if p.name.endswith("(5W)") and p.id != left.id)
    if other.place(upn) is None:
        interventions.add_pupil(demo_db, kw, other.id, upn, seen=0, joined=TODAY)
    meetings.add_support(demo_db, kw, upn, TERM, "learning", "Reading buddy")
    joined = interventions.get_intervention(demo_db, other.id).place(upn).joined
    plan = other.plan

    data = profile_data(demo_db, scheme, upn, TERM, parents=True, today=TODAY)
    line = (f"{other.name} — {plan.description} ({plan.per_week} × {plan.minutes} min a week, "
            f"since {joined:%d/%m/%Y})")
    assert data.support == ["Reading buddy", line]

    text = _text(render_profile(data))
    assert "Reading buddy" in text and line in text
    assert left.name not in text and left.place(upn).exit_reason not in text
    assert "sessions" not in text and "vs not in it" not in text
    others = {pupils.get_pupil(demo_db, p).surname for p in other.pupils if p != upn}
    assert others and not any(name in text for name in others)
