"""How the programmes look on the demo school, for 5W's teacher: the list of programmes and one
programme with its pupils' impact, at 120×40 and 80×24. Regenerate with `--snapshot-update` after
a deliberate change, look at the SVGs, then run twice without it."""

from __future__ import annotations

import pytest

LIST = ["i"]
PROGRAMME = ["i", "enter"]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_programmes_list(snap_compare, demo_db, make_app, size):
    assert snap_compare(make_app(demo_db, "KW", class_name="5W"), press=LIST,
                        terminal_size=size)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_programme_view(snap_compare, demo_db, make_app, size):
    assert snap_compare(make_app(demo_db, "KW", class_name="5W"), press=PROGRAMME,
                        terminal_size=size)
