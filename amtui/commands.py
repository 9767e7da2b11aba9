"""The command palette (ctrl+k): switch class, half-term and school year, plus whatever the
current screen offers through `palette_commands()`. Each command calls the same method its key
does."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from textual.command import DiscoveryHit, Hit, Hits, Provider

from amtui.core.terms import HALF_TERMS, Term, year_label
from amtui.store import pupils
from amtui.store.records import school_years

if TYPE_CHECKING:
    from amtui.app import AmtuiApp

class PaletteCommand(NamedTuple):
    text: str
    help: str
    run: Callable[[], object]


def app_commands(app: AmtuiApp) -> list[PaletteCommand]:
    """Switching what the app shows: class, half-term, school year."""
    term = app.term
    commands = [
        PaletteCommand("Next half-term", f"after {term.label(app.scheme)} (t)",
                       app.action_next_term),
        PaletteCommand("Previous half-term", "(T)", app.action_previous_term),
    ]
    for half_term in HALF_TERMS:
        other = Term(term.school_year, half_term)
        commands.append(PaletteCommand(f"Half-term: {other.label(app.scheme)}",
                                       "show that half-term", partial(app.show_term, other)))
    commands += [PaletteCommand(f"Class: {group.name}", f"Year {group.year_group} (c)",
                                partial(app.show_class, group.name))
                 for group in pupils.list_classes(app.db)]
    commands += [PaletteCommand(f"School year: {year_label(year)}", "same half-term (y)",
                                partial(app.show_school_year, year))
                 for year in reversed(school_years(app.db, app.today_term.school_year))]
    return commands


class AmtuiCommands(Provider):
    """amtui's commands for the palette."""

    async def startup(self) -> None:
        app: AmtuiApp = self.app  # type: ignore[assignment]
        here = getattr(self.screen, "palette_commands", None)
        self.commands = (list(here()) if callable(here) else []) + app_commands(app)

    async def discover(self) -> Hits:
        for command in self.commands:
            yield DiscoveryHit(command.text, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands:
            score = matcher.match(command.text)
            if score > 0:
                yield Hit(score, matcher.highlight(command.text), command.run, help=command.help)
