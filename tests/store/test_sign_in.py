"""Signing in: the password kept only as a salted scrypt hash, right and wrong tries, wrong
tries slowed and recorded, and only admins set passwords."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from amtui.core.errors import InvalidInput, NotAllowed, NotFound
from amtui.core.models import Staff
from amtui.store import history, pupils, sign_in
from amtui.store.db import Database

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def school(db: Database) -> Database:
    """KW has the login kwebb and the password "maple-42"; SL has a login but no password."""
    admin = pupils.get_staff(db, "AD")
    for initials, login in (("KW", "kwebb"), ("SL", "slee")):
        staff = pupils.get_staff(db, initials)
        pupils.save_staff(db, admin, Staff(initials=initials, name=staff.name, role=staff.role,
                                           login=login))
    sign_in.set_password(db, admin, "kwebb", "maple-42")
    return db


def test_the_right_password_signs_in_and_is_recorded(school):
    staff = sign_in.attempt(school, "kwebb", "maple-42", now=T0)
    assert staff.initials == "KW"
    assert sign_in.attempts(school, "kwebb")[-1] == (T0.isoformat(timespec="seconds"),
                                                     "signed in")


def test_logins_are_matched_whatever_their_case(school):
    assert sign_in.attempt(school, "  KWebb ", "maple-42", now=T0).initials == "KW"


@pytest.mark.parametrize(("login", "password"), [
    ("kwebb", "maple-43"), ("kwebb", "MAPLE-42"), ("kwebb", ""),
    ("slee", "maple-42"),  # a login with no password set
    ("nobody", "maple-42"),  # no such login
])
def test_a_wrong_try_is_refused_in_the_same_words_and_recorded(school, login, password):
    with pytest.raises(sign_in.SignInRefused, match="do not match"):
        sign_in.attempt(school, login, password, now=T0)
    assert sign_in.attempts(school, login)[-1][1] == "wrong"


def test_what_was_typed_is_never_kept(school):
    with pytest.raises(sign_in.SignInRefused):
        sign_in.attempt(school, "kwebb", "not-the-password", now=T0)
    everything = json.dumps([list(row) for table in ("sign_ins", "history", "staff_secrets")
                             for row in school.execute(f"SELECT * FROM {table}")])
    assert "not-the-password" not in everything and "maple-42" not in everything


def test_the_password_is_a_salted_scrypt_hash_and_history_hides_it(school):
    stored = school.execute("SELECT hash FROM staff_secrets WHERE initials = 'KW'").fetchone()[0]
    kind, n, r, p, salt, digest = stored.split("$")
    assert (kind, int(n), int(r), int(p)) == ("scrypt", 2**14, 8, 1)
    assert len(bytes.fromhex(salt)) == 16 and len(bytes.fromhex(digest)) == 32
    assert sign_in.hash_secret("maple-42") != sign_in.hash_secret("maple-42")  # salted
    entry = history.entries(school, "staff_secrets")[-1]
    assert json.loads(entry.new)["hash"] == "(hidden)" and stored not in (entry.new or "")


def test_three_wrong_tries_are_free_then_each_waits_twice_as_long(school):
    for second in range(3):
        with pytest.raises(sign_in.SignInRefused, match="do not match"):
            sign_in.attempt(school, "kwebb", "guess", now=T0 + timedelta(seconds=second))
    last = T0 + timedelta(seconds=2)
    assert sign_in.wait_left(school, "kwebb", now=last) == sign_in.Wait(5)
    # during the wait even the right password is refused, unchecked, and the try recorded
    with pytest.raises(sign_in.SignInRefused, match="wait 4 s"):
        sign_in.attempt(school, "kwebb", "maple-42", now=last + timedelta(seconds=1))
    assert sign_in.attempts(school, "kwebb")[-1][1] == "waited"
    # once the wait is over: a fourth wrong try, and the next wait is 10 s
    later = last + timedelta(seconds=5)
    with pytest.raises(sign_in.SignInRefused, match="do not match"):
        sign_in.attempt(school, "kwebb", "guess", now=later)
    assert sign_in.wait_left(school, "kwebb", now=later) == sign_in.Wait(10)
    assert sign_in.attempt(school, "kwebb", "maple-42",
                           now=later + timedelta(seconds=10)).initials == "KW"
    assert sign_in.wait_left(school, "kwebb", now=later + timedelta(seconds=11)) is None


def test_waits_stop_growing_at_five_minutes_and_old_tries_are_forgotten(school):
    for minute in range(12):
        school.execute("INSERT INTO sign_ins (login, at, outcome) VALUES ('kwebb', ?, 'wrong')",
                       [(T0 + timedelta(minutes=minute)).isoformat(timespec="seconds")])
    last = T0 + timedelta(minutes=11)
    assert sign_in.wait_left(school, "kwebb", now=last) == sign_in.Wait(300)
    assert sign_in.wait_left(school, "kwebb", now=last + timedelta(hours=2)) is None


def test_a_new_password_clears_the_wrong_tries(school):
    for second in range(4):
        with pytest.raises(sign_in.SignInRefused):
            sign_in.attempt(school, "kwebb", "guess", now=T0 + timedelta(seconds=second))
    sign_in.set_password(school, pupils.get_staff(school, "AD"), "kwebb", "birch-77")
    assert sign_in.wait_left(school, "kwebb") is None
    assert sign_in.attempt(school, "kwebb", "birch-77").initials == "KW"


def test_only_an_admin_sets_a_password(school):
    with pytest.raises(NotAllowed, match="admin"):
        sign_in.set_password(school, pupils.get_staff(school, "SL"), "kwebb", "mine-123")
    with pytest.raises(NotAllowed, match="admin"):
        sign_in.set_password(school, pupils.get_staff(school, "KW"), "kwebb", "mine-123")
    assert sign_in.attempt(school, "kwebb", "maple-42").initials == "KW"


@pytest.mark.parametrize(("secret", "says"), [
    ("12345", "at least 6"), ("aaaaaaa", "one character repeated"), (" maple-42", "space")])
def test_a_weak_password_is_refused_with_the_rule(school, secret, says):
    with pytest.raises(InvalidInput, match=says):
        sign_in.set_password(school, pupils.get_staff(school, "AD"), "kwebb", secret)


def test_a_login_no_one_has_is_named(school):
    with pytest.raises(NotFound, match="no member of staff has the login"):
        sign_in.set_password(school, pupils.get_staff(school, "AD"), "zz", "maple-42")


def test_a_school_where_no_one_has_a_password_says_how_to_set_one(db):
    assert not sign_in.anyone_can_sign_in(db)
    with pytest.raises(sign_in.SignInRefused, match="amtui staff password"):
        sign_in.attempt(db, "kwebb", "whatever")


def test_undo_never_reverts_a_password(school):
    admin = pupils.get_staff(school, "AD")
    sign_in.set_password(school, admin, "kwebb", "birch-77")
    with pytest.raises(NotAllowed):
        history.undo(school, admin)
    assert sign_in.attempt(school, "kwebb", "birch-77").initials == "KW"


def test_a_theme_is_kept_per_member_of_staff(school):
    kw, sl = pupils.get_staff(school, "KW"), pupils.get_staff(school, "SL")
    sign_in.keep_theme(school, kw, "nord")
    assert (sign_in.theme_of(school, kw), sign_in.theme_of(school, sl)) == ("nord", "")
