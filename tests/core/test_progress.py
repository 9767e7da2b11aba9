"""A pupil's summary: colours per subject from the trajectory and that subject's targets."""

from __future__ import annotations

from amtui.core.colours import Rag
from amtui.core.models import Attainment, Meeting, Pupil, PupilRecord, Target
from amtui.core.progress import summarise
from amtui.core.scale import Step

S = Step.parse


def _record(reviews) -> PupilRecord:
    pupil = Pupil(upn="A123456789012", forename="Zoë", surname="Chen", year_group=5,
                  class_name="5W")
    steps = {subject: {2: Attainment(upn=pupil.upn, subject=subject, school_year=2026,
                                     half_term=2, step=S("4s+"))}
             for subject in ("Reading", "Maths")}
    return PupilRecord(
        pupil=pupil, school_year=2026, half_term=2, steps=steps,
        start_of_year={"Reading": S("4w+"), "Maths": S("4w+")},
        targets={s: Target(upn=pupil.upn, subject=s, year_group=5, step=S("5w+"))
                 for s in ("Reading", "Maths")},
        meeting=Meeting(upn=pupil.upn, school_year=2026, half_term=2), reviews=reviews)


def test_a_subjects_colour_is_the_worse_of_its_trajectory_and_its_own_targets(scheme):
    summary = summarise(_record([("Maths", "not"), ("Maths", "partly"),
                                 ("Reading", "achieved"), ("Attitude", "not")]), scheme)
    colours = {s.subject: s.colour for s in summary.subjects}
    assert colours["Reading"] is Rag.GREEN  # on trajectory, its one target achieved
    assert colours["Maths"] is Rag.RED      # on trajectory, but under half its targets met
    assert colours["Writing"] is None       # no step yet
    assert summary.off_track


def test_unreviewed_targets_do_not_colour_progress(scheme):
    summary = summarise(_record([("Maths", None)]), scheme)
    assert {s.subject: s.colour for s in summary.subjects}["Maths"] is Rag.GREEN
