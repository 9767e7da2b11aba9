"""Signing in: where a session opens when the computer's account does not say who is at the
keyboard (a shared account, every browser session), where it returns after signing out or being
idle too long, and the check that a member of staff is back before a locked session (pupil mode)
is left. Login, ⏎, password, ⏎: the store checks them (`store.sign_in.attempt`), slows repeated
wrong tries and records every one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Static

from amtui.core.models import Staff
from amtui.store import sign_in

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from amtui.app import AmtuiApp

FIRST_HINT = "Type your login, ⏎, then your password or PIN, ⏎."
NO_ONE_YET = ("No one can sign in here yet: an admin sets each member of staff a password with  "
              "amtui staff password LOGIN")
BOX_CSS = """
    {name} {{ align: center middle; }}
    {name} SignInFields {{ width: 56; height: auto; border: round $accent;
                           background: $surface; padding: 1 2; }}
    {name} .title {{ text-style: bold; width: 100%; content-align: center middle; }}
    {name} .hint {{ color: $text-muted; margin-top: 1; }}
    {name} .error {{ color: $error; text-style: bold; margin-top: 1; }}
    {name} Label {{ margin-top: 1; }}
"""


def amtui_of(node: DOMNode) -> AmtuiApp:
    return node.app  # type: ignore[return-value]


class SignInFields(Vertical):
    """A title, login and password, and one line that says what happened. Posts `SignedIn`
    once the store accepts them."""

    class SignedIn(Message):
        def __init__(self, staff: Staff) -> None:
            super().__init__()
            self.staff = staff

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        yield Static(self.title_text, classes="title")
        yield Label("Login")
        yield Input(id="login", placeholder="your amtui login")
        yield Label("Password or PIN")
        yield Input(id="password", password=True)
        yield Static(self.first_hint(), id="said", classes="hint")

    def first_hint(self) -> str:
        return FIRST_HINT if sign_in.anyone_can_sign_in(amtui_of(self).db) else NO_ONE_YET

    def start_again(self, why: str = "") -> None:
        """Empty fields, the cursor in the login, and `why` (or the usual hint) below."""
        for field in self.query(Input):
            field.value = ""
        self.query_one("#login", Input).focus()
        self.say(why or self.first_hint())

    def say(self, text: str, *, error: bool = False) -> None:
        said = self.query_one("#said", Static)
        said.update(text)
        said.set_classes("error" if error else "hint")

    @on(Input.Submitted, "#login")
    def _login_given(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.query_one("#password", Input).focus()
        else:
            self.say("Type your login first.", error=True)

    @on(Input.Submitted, "#password")
    def _password_given(self, event: Input.Submitted) -> None:
        event.stop()
        login = self.query_one("#login", Input).value
        password = self.query_one("#password", Input)
        try:
            staff = sign_in.attempt(amtui_of(self).db, login, event.value)
        except sign_in.SignInRefused as refused:
            password.value = ""
            self.say(str(refused), error=True)
            (password if login.strip() else self.query_one("#login", Input)).focus()
            return
        self.post_message(self.SignedIn(staff))


class SignInScreen(Screen[None]):
    """The whole screen, while no one is signed in."""

    DEFAULT_CSS = BOX_CSS.format(name="SignInScreen")
    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield SignInFields(f"amtui · {amtui_of(self).scheme.school}")

    def on_mount(self) -> None:
        self.query_one("#login", Input).focus()

    def on_screen_resume(self) -> None:
        """Back after someone signed out: empty fields, and why they were signed out."""
        self.query_one(SignInFields).start_again(amtui_of(self).signed_out_because)

    async def on_sign_in_fields_signed_in(self, message: SignInFields.SignedIn) -> None:
        await amtui_of(self).signed_in_as(message.staff)


class StaffCheck(ModalScreen[Staff | None]):
    """A member of staff signs in over a locked session (pupil mode) to leave it: dismisses with
    who signed in, or None (Esc: the session stays locked)."""

    DEFAULT_CSS = BOX_CSS.format(name="StaffCheck") + \
        "StaffCheck { background: $background 80%; }"
    BINDINGS = [Binding("escape", "cancel", "Back")]

    def __init__(self, why: str) -> None:
        super().__init__()
        self.why = why

    def compose(self) -> ComposeResult:
        yield SignInFields(self.why)

    def on_mount(self) -> None:
        self.query_one("#login", Input).focus()

    def on_sign_in_fields_signed_in(self, message: SignInFields.SignedIn) -> None:
        self.dismiss(message.staff)

    def action_cancel(self) -> None:
        self.dismiss(None)
