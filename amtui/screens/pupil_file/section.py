"""What every section of the pupil file shares: it is given the file's data (attributes down),
shows its rows of it, and posts what is decided up to the screen, which stores it. It asks
forms through the screen (`AmtuiScreen.ask`, which refuses in a view-only file) and says on
the status line what its keys do (`hint`) and why one cannot act (`why_not`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from amtui.screens.base import AmtuiScreen
from amtui.screens.pupil_file import messages, rows
from amtui.screens.pupil_file.data import FileData
from amtui.widgets.section_list import SectionList

if TYPE_CHECKING:
    from textual.screen import Screen

T = TypeVar("T")


class Section(SectionList):
    """A section of the pupil file: `TITLE`, its keys (`BINDINGS`), its rows (`rows_of`)."""

    TITLE: ClassVar[str] = ""

    def __init__(self, number: int) -> None:
        super().__init__(number, self.TITLE)
        self.data: FileData | None = None

    def show_file(self, data: FileData) -> None:
        self.data = data
        shown = self.rows_of(data)
        self.show(shown.rows, shown.heading)

    def rows_of(self, data: FileData) -> rows.Shown:
        raise NotImplementedError

    def hint(self) -> str:
        """What the keys here do."""
        return "↑↓ move"

    def why_not(self, action: str) -> str:
        """Why one of this section's keys cannot act on the row under the cursor."""
        return "not on this row"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False  # typing: the editor takes the keys
        return True if action == "move" or self.may_act(action) else None

    def may_act(self, action: str) -> bool:
        """Whether `action` has something to act on here (else its key is dimmed)."""
        return self.current is not None

    async def ask(self, form: Screen[T | None]) -> T | None:
        """The form's answer (None if cancelled, or refused as the file is view only)."""
        return await cast(AmtuiScreen, self.screen).ask(form)

    def may_change(self) -> bool:
        """Whether anything may be typed here; if not, the screen says why before any typing."""
        return not cast(AmtuiScreen, self.screen).refused_as_view_only()

    def refuse(self, reason: str) -> None:
        """What was typed is refused before any store: keep it, marked, and say why."""
        self.refuse_edit(reason)
        self.post_message(messages.Refused(reason))
