"""Schemes: the shipped ones load, a bad one says where and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from amtui.core.errors import InvalidScheme
from amtui.core.scheme import load_scheme
from amtui.resources import data_path

SCHEMES = sorted(data_path("schemes").glob("*.toml"))


def test_every_shipped_scheme_loads():
    assert len(SCHEMES) >= 4
    for path in SCHEMES:
        assert load_scheme(path).attitude_areas


def test_the_default_has_domain_defaults():
    scheme = load_scheme()
    assert scheme.scale == "steps" and scheme.expected_per_year == 6
    assert (scheme.attendance.green_above, scheme.attendance.amber_from) == (95.0, 90.0)
    assert [a.key for a in scheme.attitude_areas] == \
        ["attendance", "punctuality", "behaviour", "effort", "homework", "uniform"]


def test_each_school_kind_is_expressible():
    high = load_scheme(data_path("schemes", "high_school_substages.toml"))
    assert (high.scale, high.expected_per_year, high.colour_labels.amber) == \
        ("substages", 3, "Yellow")
    assert (high.progress_bands.green_min, high.progress_bands.amber_min) == (1, 0)
    four = load_scheme(data_path("schemes", "four_state_primary.toml"))
    assert four.progress_states.enabled and four.judgements[0] == "Inadequate"
    assert four.meetings.meets(6, 1) and not four.meetings.meets(4, 1)
    federation = load_scheme(data_path("schemes", "federation_primary.toml"))
    assert "Reading at home" in [a.name for a in federation.attitude_areas]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "school.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bad_value_names_the_file_the_key_and_the_problem(tmp_path):
    path = _write(tmp_path, 'name = "X"\n[attendance]\ngreen_above = 120\n')
    with pytest.raises(InvalidScheme) as refused:
        load_scheme(path)
    message = str(refused.value)
    assert str(path) in message and "attendance.green_above" in message and "100" in message


def test_an_unknown_key_is_named(tmp_path):
    with pytest.raises(InvalidScheme, match="colour_lables"):
        load_scheme(_write(tmp_path, 'name = "X"\n[colour_lables]\nred = "R"\n'))


def test_inconsistent_thresholds_are_refused(tmp_path):
    text = 'name = "X"\n[attendance]\ngreen_above = 90\namber_from = 95\n'
    with pytest.raises(InvalidScheme, match="amber_from"):
        load_scheme(_write(tmp_path, text))


def test_invalid_toml_and_missing_files_name_the_file(tmp_path):
    with pytest.raises(InvalidScheme, match="not valid TOML"):
        load_scheme(_write(tmp_path, "name = \n"))
    with pytest.raises(InvalidScheme, match="no such scheme file"):
        load_scheme(tmp_path / "none.toml")
