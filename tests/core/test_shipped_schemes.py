"""The shipped schemes: each matches its seed school, with a complete grading key in the seeds'
levels and the school's own colour labels."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from amtui.core.colours import Rag, progress_state
from amtui.core.errors import InvalidScheme
from amtui.core.scheme import Scheme
from amtui.core.scheme_file import load_scheme, parse_scheme
from amtui.resources import data_path

SCHEMES = sorted(data_path("schemes").glob("*.toml"))
LEVELS = ("red", "amber", "green")


def _scheme(name: str) -> Scheme:
    return load_scheme(data_path("schemes", f"{name}.toml"))


@pytest.mark.parametrize("path", SCHEMES, ids=[path.stem for path in SCHEMES])
def test_every_shipped_scheme_has_a_complete_grading_key(path):
    """The parents' copy prints a row for progress, the last targets and every attitude area:
    none of them may be empty for any level."""
    scheme = load_scheme(path)
    keys = {"progress": scheme.progress_descriptors, "targets": scheme.targets_descriptors,
            **{area.name: area.descriptors for area in scheme.attitude_areas}}
    empty = [f"{row} {level}" for row, words in keys.items()
             for level, text in asdict(words).items() if not text.strip()]
    assert empty == []


@pytest.mark.parametrize("name", ["default", "steps_primary"])
def test_the_grading_keys_descriptors_keep_the_seeds_levels(name):
    """000: *little* home reading and *little* improvement are Amber; *no* reading at home and
    *no* improvement are Red."""
    scheme = _scheme(name)
    homework, behaviour = scheme.area("homework").descriptors, scheme.area("behaviour").descriptors
    assert "no reading at home" in homework.red and "little" not in homework.red
    assert "little reading at home" in homework.amber
    assert "no improvement" in behaviour.red and "little" not in behaviour.red
    assert "little improvement" in behaviour.amber


def test_the_steps_primary_matches_seed_000():
    scheme = _scheme("steps_primary")
    assert (scheme.scale, scheme.expected_per_year) == ("steps", 6)
    assert scheme.subjects == scheme.core_subjects == ("Reading", "Writing", "Maths")
    assert scheme.meetings.half_terms == (1, 2, 3, 4, 5, 6)
    assert [a.name for a in scheme.attitude_areas] == [
        "Attendance", "Punctuality", "Behaviour", "Attitude to learning", "Homework", "Uniform"]


def test_the_high_school_matches_seed_001():
    """English, Maths and Science; yellow is on target and not off track; sub-stages are never
    expected before one is due; its own labels on every key."""
    scheme = _scheme("high_school_substages")
    assert scheme.subjects == scheme.core_subjects == ("English", "Maths", "Science")
    assert (scheme.scale, scheme.expected_per_year) == ("substages", 3)
    assert (scheme.expected_rounding, scheme.amber_off_track) == ("down", False)
    assert [rag.label(scheme) for rag in Rag] == ["Red", "Yellow", "Green"]
    assert [rag.letter(scheme) for rag in Rag] == ["R", "Y", "G"]
    assert progress_state(0, scheme) == "Yellow"
    assert "Amber" not in str(asdict(scheme))


def test_the_four_state_primary_matches_seed_003():
    scheme = _scheme("four_state_primary")
    assert scheme.subjects == ("Reading", "Writing", "Maths", "Foundation subjects")
    names = [area.name for area in scheme.attitude_areas]
    assert "Uniform" in names and "4C behaviour / British values" in names
    assert "Behaviour" not in names
    assert not any("aspiration" in area.key for area in scheme.attitude_areas)  # text, no colour
    assert scheme.meetings.half_terms == (2, 4, 6) and scheme.meetings.every_half_term_years == (6,)
    assert scheme.progress_states.enabled


def test_the_federation_primary_matches_seed_004():
    scheme = _scheme("federation_primary")
    assert scheme.meetings.half_terms == (2, 4, 6) and scheme.meetings.every_half_term_years == ()
    assert [area.name for area in scheme.attitude_areas] == [
        "Attendance", "Punctuality", "Behaviour", "Effort", "Reading homework", "Uniform"]
    assert scheme.subjects == ("Reading", "Writing", "Maths")


@pytest.mark.parametrize("path", SCHEMES, ids=[path.stem for path in SCHEMES])
def test_every_shipped_scheme_keys_a_colour_by_its_own_letter(path):
    """Each level reads back from its own label and its own letter, and from no other's."""
    scheme = load_scheme(path)
    for rag in Rag:
        assert Rag.parse(rag.label(scheme), scheme) is rag
        assert Rag.parse(rag.letter(scheme), scheme) is rag
    assert len({rag.letter(scheme) for rag in Rag}) == len(Rag)


def test_an_older_scheme_file_loads_with_the_new_settings_defaulted():
    scheme = parse_scheme({"name": "X"})
    assert (scheme.expected_rounding, scheme.amber_off_track) == ("up", True)
    assert (scheme.targets_review.amber_from, scheme.medium_targets_max) == (50.0, 3)


@pytest.mark.parametrize("raw, key", [
    ({"expected_rounding": "sideways"}, "expected_rounding"),
    ({"amber_off_track": 1}, "amber_off_track"),
    ({"targets_review": {"amber_from": 120}}, "targets_review.amber_from"),
    ({"targets_review": {"amber_from": "half"}}, "targets_review.amber_from"),
    ({"targets_review": {"red_below": 50}}, "targets_review.red_below"),
])
def test_the_new_settings_are_refused_naming_the_key_and_the_fix(raw, key):
    with pytest.raises(InvalidScheme) as refused:
        parse_scheme({"name": "X", **raw}, source="school.toml")
    assert str(refused.value).startswith(f"school.toml: {key}: ")
    assert " — " in str(refused.value)


def test_the_high_schools_subjects_each_have_a_criteria_bank():
    """Seed 001 marks English, Maths and Science against criteria sheets: each has a bank, for
    the stages a secondary pupil works at."""
    from amtui.datafiles import load_criteria_bank

    bank = load_criteria_bank()
    scheme = _scheme("high_school_substages")
    for subject in scheme.core_subjects:
        stages = [stage for stage in range(1, 9) if bank.for_stage(subject, stage)]
        assert len(stages) >= 2, subject
    english = bank.for_stage("English", 5)
    assert len(english) >= 20 and english[0].code == "E5/1"
    assert len({c.code for c in english}) == len(english)
