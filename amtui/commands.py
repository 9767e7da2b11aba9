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
    """Switching what the app shows: class, half-term, school year; the interventions and the
    progress meeting. A teaching assistant has only *today*, so none of these."""
    if app.user.role == "ta":
        return []
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
    commands.append(PaletteCommand("Interventions", "programmes: pupils, impact, reviews (i)",
                                   partial(_open_programmes, app)))
    commands.append(PaletteCommand("Progress meeting", "senior leaders: the whole school's off-"
                                   "track pupils, meetings and groups (G in the grid)",
                                   partial(_open_progress_meeting, app)))
    return commands


def _open_progress_meeting(app: AmtuiApp) -> None:
    from amtui.screens.progress_meeting import open_progress_meeting

    open_progress_meeting(app)


def _open_programmes(app: AmtuiApp) -> None:
    from amtui.screens.programmes import open_programmes

    open_programmes(app)


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
