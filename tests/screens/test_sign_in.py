"""The sign-in screen, as staff meet it on a shared account or in the browser: right and wrong
passwords, slowed tries, signing out, the idle end, and each person's own theme."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import Input, Static

from pupil_helpers import burst, keys_of, settle

from amtui.app import SignInFirst, Unlocked
from amtui.app import make_app as build_app
from amtui.core.scheme_file import load_scheme
from amtui.screens.class_grid import ClassGrid
from amtui.screens.sign_in import SignInScreen, StaffCheck
from amtui.store import pupils, sign_in
from amtui.store.demo import DEMO_PASSWORD


@pytest.fixture
def shared(demo_db, today):
    """`shared()`: the app as a shared account or the browser opens it, on the demo school."""
    return lambda: build_app(demo_db, load_scheme(), None, today)


def _said(app) -> str:
    return str(app.screen.query_one("#said", Static).render())


async def _sign_in(pilot, login: str, password: str) -> None:
    burst(pilot, *keys_of(login), "enter", *keys_of(password), "enter")
    await settle(pilot)


def test_a_shared_session_opens_on_the_sign_in_screen_and_the_right_password_opens_the_grid(
        run, demo_db, shared):
    app = shared()
    assert isinstance(app, SignInFirst)

    async def scenario(pilot):
        assert isinstance(app.screen, SignInScreen)
        assert app.screen.query_one("#login", Input).has_focus
        await _sign_in(pilot, "kwebb", DEMO_PASSWORD)
        assert isinstance(app.screen, ClassGrid)
        assert app.user.initials == "KW" and app.class_name == "5W"
        assert "KW teacher" in app.title_line()

    run(app, scenario)
    assert sign_in.attempts(demo_db, "kwebb")[-1][1] == "signed in"


def test_a_wrong_password_is_refused_and_the_password_field_emptied(run, demo_db, shared):
    app = shared()

    async def scenario(pilot):
        await _sign_in(pilot, "kwebb", "wrong-one")
        assert isinstance(app.screen, SignInScreen)
        assert "do not match" in _said(app)
        assert app.screen.query_one("#password", Input).value == ""
        assert app.screen.query_one("#password", Input).has_focus
        assert app.screen.query_one("#login", Input).value == "kwebb"
        burst(pilot, *keys_of(DEMO_PASSWORD), "enter")  # only the password again
        await settle(pilot)
        assert isinstance(app.screen, ClassGrid)

    run(app, scenario)
    assert [outcome for _, outcome in sign_in.attempts(demo_db, "kwebb")] == ["wrong",
                                                                              "signed in"]


def test_after_three_wrong_tries_the_screen_says_how_long_to_wait(run, demo_db, shared):
    app = shared()

    async def scenario(pilot):
        await _sign_in(pilot, "mgreen", "guess-1")
        for _ in range(2):  # the login stays; only the password is typed again
            burst(pilot, *keys_of("guess-2"), "enter")
            await settle(pilot)
        assert "do not match" in _said(app)
        burst(pilot, *keys_of(DEMO_PASSWORD), "enter")  # even the right one must wait
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert "wait" in _said(app) and "try again" in _said(app)

    run(app, scenario)
    assert sign_in.attempts(demo_db, "mgreen")[-1][1] == "waited"


def test_a_session_left_idle_ends_and_the_next_person_starts_afresh(run, demo_db, shared):
    app = shared()
    now = [1000.0]
    app.clock = lambda: now[0]

    async def scenario(pilot):
        await _sign_in(pilot, "kwebb", DEMO_PASSWORD)
        now[0] += 19 * 60
        await app.end_if_idle()
        assert isinstance(app.screen, ClassGrid)  # 19 minutes: still signed in
        now[0] += 60
        await app.end_if_idle()
        await pilot.pause()
        assert isinstance(app.screen, SignInScreen)
        assert "Signed out after 20 minutes without use" in _said(app)
        assert app.screen.query_one("#login", Input).value == ""
        await _sign_in(pilot, "mgreen", DEMO_PASSWORD)
        assert isinstance(app.screen, ClassGrid)
        assert app.user.initials == "MG" and "MG slt" in app.title_line()

    run(app, scenario)
    assert sign_in.attempts(demo_db, "kwebb")[-1][1] == "signed out"


def test_ctrl_o_signs_out_and_keys_on_the_sign_in_screen_touch_nothing(run, demo_db, shared):
    app = shared()

    async def scenario(pilot):
        await _sign_in(pilot, "kwebb", DEMO_PASSWORD)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert "Signed out" in _said(app)
        await pilot.press("ctrl+z", "ctrl+k")  # undo and the palette need someone signed in
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)

    run(app, scenario)


def test_a_session_opened_for_its_account_signs_out_only_when_a_password_is_set(run, db,
                                                                                make_app):
    app = make_app(db, "KW")  # KW has no password: signing out would lock them out

    async def scenario(pilot):
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, ClassGrid)

    run(app, scenario)


def test_each_member_of_staff_keeps_their_own_theme(run, demo_db, shared):
    first = shared()

    async def choose(pilot):
        await _sign_in(pilot, "kwebb", DEMO_PASSWORD)
        first.theme = "nord"
        await pilot.pause()

    run(first, choose)
    kw, mg = pupils.get_staff(demo_db, "KW"), pupils.get_staff(demo_db, "MG")
    assert (sign_in.theme_of(demo_db, kw), sign_in.theme_of(demo_db, mg)) == ("nord", "")
    again = shared()

    async def back(pilot):
        await _sign_in(pilot, "kwebb", DEMO_PASSWORD)
        assert again.theme == "nord"

    run(again, back)


def test_a_screenshot_is_saved_owner_only(run, demo_db, tmp_path: Path, make_app):
    app = make_app(demo_db, "KW")

    async def scenario(pilot):
        app.deliver_screenshot("grid.svg", str(tmp_path))
        await pilot.pause()

    run(app, scenario)
    shot = tmp_path / "grid.svg"
    assert shot.read_text(encoding="utf-8").startswith("<svg")
    assert stat.S_IMODE(shot.stat().st_mode) == 0o600


def test_sign_in_120x40(snap_compare, demo_db, shared):
    assert snap_compare(shared(), terminal_size=(120, 40))


def test_keys_typed_after_the_app_lost_the_focus_still_arrive(run, demo_db, shared):
    """A browser page that blurred as it opened (or a terminal window left and come back to):
    the first key brings the focus back, as in any Textual app, and nothing typed is lost."""
    app = shared()

    async def scenario(pilot):
        app.app_focus = False  # what the terminal's "focus out" report does
        await pilot.pause()
        assert app.focused is None
        await _sign_in(pilot, "kwebb", DEMO_PASSWORD)
        assert isinstance(app.screen, ClassGrid)

    run(app, scenario)


class _PupilView(Screen[None]):
    """Stands in for a pupil-mode screen: the app's lock is what is tested here."""

    def compose(self):
        yield Static("a pupil's own questions")

    def on_unlocked(self, message: Unlocked) -> None:
        self.dismiss()


def test_a_session_handed_to_a_pupil_is_left_only_when_a_member_of_staff_signs_in(
        run, demo_db, make_app):
    app = make_app(demo_db, "KW")

    async def scenario(pilot):
        view = _PupilView()
        await app.push_screen(view)
        app.lock()
        for key in ("ctrl+z", "ctrl+k", "question_mark", "ctrl+q"):  # nothing of the app's
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is view and app.is_running
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, StaffCheck)
        await pilot.press("escape")  # a pupil cannot just close it
        await settle(pilot)
        assert app.screen is view and app.locked
        await pilot.press("ctrl+o")
        await _sign_in(pilot, "kwebb", "a-guess")
        assert isinstance(app.screen, StaffCheck) and "do not match" in _said(app)
        assert app.locked
        burst(pilot, *keys_of(DEMO_PASSWORD), "enter")
        await settle(pilot)
        assert not app.locked and isinstance(app.screen, ClassGrid)
        assert app.user.initials == "KW"

    run(app, scenario)
    assert [o for _, o in sign_in.attempts(demo_db, "kwebb")] == ["wrong", "signed in"]


def test_pupil_mode_left_by_another_member_of_staff_is_theirs(run, demo_db, make_app):
    app = make_app(demo_db, "KW")

    async def scenario(pilot):
        await app.push_screen(_PupilView())
        app.lock()
        await pilot.press("ctrl+o")
        await _sign_in(pilot, "mgreen", DEMO_PASSWORD)
        assert not app.locked and app.user.initials == "MG"

    run(app, scenario)
