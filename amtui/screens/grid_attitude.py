"""The class grid's attitude view: its columns, ⏎ accepting a suggested behaviour colour, and
`m` for a cell's short comment. The grid screen binds the keys; these do the work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from amtui.core.scheme import Scheme
from amtui.screens.forms import TextForm
from amtui.store import attitude
from amtui.widgets.attitude_columns import BehaviourColumn, attitude_columns
from amtui.widgets.grid_cells import Detail
from amtui.widgets.grid_columns import AreaColumn, Column, layout

if TYPE_CHECKING:
    from amtui.screens.class_grid import ClassGrid


def attitude_layout(scheme: Scheme, width: int) -> tuple[Detail, list[Column]]:
    return layout(scheme, width, attitude_columns)


def accept_suggestion(screen: ClassGrid) -> bool:
    """⏎ on a behaviour cell with incident counts: store the suggested colour (unless it is the
    one chosen already) and move down. False where there is nothing to accept."""
    table, column = screen.table, screen.table.cursor_column
    summary = table.cursor_summary
    if not isinstance(column, BehaviourColumn) or summary is None:
        return False
    suggested = column.suggestion(summary, screen.amtui.scheme)
    if suggested is None:
        return False
    if summary.attitude.get(column.key) != suggested:
        upn = summary.record.pupil.upn
        screen.save(lambda: column.set_colour(screen, summary, suggested),
                    reload=lambda: screen.reload_row(upn))
    table.action_move(0, 1)
    return True


async def attitude_comment(screen: ClassGrid) -> None:
    """`m` on an attitude cell: its short comment, in a one-line form (empty removes it)."""
    column, summary = screen.table.cursor_column, screen.table.cursor_summary
    if not isinstance(column, AreaColumn) or summary is None:
        return
    app = screen.amtui
    pupil = summary.record.pupil
    entry = summary.record.attitude.get(column.key)
    form: TextForm[str] = TextForm(
        f"{app.scheme.area(column.key).name} comment for {pupil.forename}",
        value=entry.comment if entry else "", allow_empty=True, parse=attitude.checked_comment,
        hint=f"a few words, up to {attitude.MAX_COMMENT} characters · ⏎ stores · Esc cancels")
    text = await screen.ask(form)
    if text is None or text == (entry.comment if entry else ""):
        return
    screen.save(lambda: attitude.set_comment(app.db, app.user, pupil.upn, app.term, column.key,
                                             text, seen=column.version(summary)),
                reload=lambda: screen.reload_row(pupil.upn))
