"""A pupil's summary: colours per subject from the trajectory and that subject's targets."""

from __future__ import annotations

from dataclasses import replace

from amtui.core.colours import Rag
from amtui.core.models import Attainment, Meeting, Pupil, PupilRecord, Target
from amtui.core.progress import summarise
from amtui.core.scale import Step, SubStage
from amtui.core.scheme_file import load_scheme
from amtui.resources import data_path

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


def test_last_half_terms_targets_partly_is_not_achieved_in_the_summary(scheme):
    """One of three achieved, two partly: under half achieved, so red (it was amber when a
    partly counted half)."""
    summary = summarise(_record([("Reading", "achieved"), ("Reading", "partly"),
                                 ("Reading", "partly")]), scheme)
    assert {s.subject: s.colour for s in summary.subjects}["Reading"] is Rag.RED


HIGH = load_scheme(data_path("schemes", "high_school_substages.toml"))


def _high_record(half_term: int, now: dict[str, str]) -> PupilRecord:
    """A Y8 pupil of the high school from 2D towards 3E in each subject, at `now`."""
    pupil = Pupil(upn="A123456789012", forename="Zoë", surname="Chen", year_group=8,
                  class_name="8H")
    steps = {subject: {half_term: Attainment(upn=pupil.upn, subject=subject, school_year=2026,
                                             half_term=half_term, step=SubStage.parse(level))}
             for subject, level in now.items()}
    return PupilRecord(
        pupil=pupil, school_year=2026, half_term=half_term, steps=steps,
        start_of_year={s: SubStage.parse("2D") for s in HIGH.subjects},
        targets={s: Target(upn=pupil.upn, subject=s, year_group=8, step=SubStage.parse("3E"))
                 for s in HIGH.subjects},
        meeting=Meeting(upn=pupil.upn, school_year=2026, half_term=half_term))


def test_off_track_in_the_high_school_scheme_is_red_only():
    """001: yellow is on target, so a pupil on target is not off track; below it is."""
    on_target = summarise(_high_record(2, {"English": "2S", "Maths": "3R", "Science": "2S"}), HIGH)
    assert [s.colour for s in on_target.subjects] == [Rag.AMBER, Rag.GREEN, Rag.AMBER]
    assert not on_target.off_track
    below = summarise(_high_record(2, {"English": "2D", "Maths": "3R", "Science": "2S"}), HIGH)
    assert below.subjects[0].colour is Rag.RED and below.off_track
    amber_counts = replace(HIGH, amber_off_track=True)
    assert summarise(_high_record(2, {"English": "2S"}), amber_counts).off_track


def test_no_red_at_autumn_1_for_a_pupil_who_has_not_moved_yet():
    """Three sub-stages a year: none is due after Autumn 1, so a pupil still at their start is
    on target (Yellow), not red and not off track."""
    summary = summarise(_high_record(1, {"English": "2D", "Maths": "2D", "Science": "2D"}), HIGH)
    assert [s.trajectory.gap for s in summary.subjects] == [0, 0, 0]
    assert [s.colour for s in summary.subjects] == [Rag.AMBER] * 3 and not summary.off_track


def test_the_preparation_list_follows_the_meeting_cycle(scheme):
    """A termly school (004) holds no meeting at Spring 1 (T3): nothing is missing for one."""
    termly = load_scheme(data_path("schemes", "federation_primary.toml"))
    spring1 = replace(_record([]), half_term=3)
    assert summarise(spring1, termly).missing == ()
    assert "writing step" in summarise(replace(spring1, half_term=4), termly).missing
    assert "writing step" in summarise(spring1, scheme).missing
