"""What a browser session shows when amtui cannot start (no database, a refused file, a bug):
the one line the command line would print, in the page instead of a blank screen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static


class ProblemPage(App[None]):
    """One sentence, and how to close the page."""

    CSS = """
    Screen { align: center middle; }
    Static { width: 80; max-width: 96%; border: round $error; padding: 1 2; }
    """
    BINDINGS: ClassVar = [Binding("q,escape,enter", "quit", "Close")]

    def __init__(self, said: str) -> None:
        super().__init__()
        self.said = said

    def compose(self) -> ComposeResult:
        yield Static(f"amtui could not start.\n\n{self.said}\n\nTell whoever looks after the "
                     "amtui server. Press q to close.")


def show_problem(said: str) -> None:
    ProblemPage(said).run()
