"""The progress meeting's five sections (number keys jump): off track, exceeded, left on track,
meetings, groups. Each is given the meeting (attributes down) and shows its rows under a column
heading; in the pupils' sections ⏎ posts `PupilChosen` up for the screen to open the file."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.message import Message

from amtui.core.scheme import Scheme
from amtui.screens import progress_rows as rows
from amtui.store.progress_meeting import ProgressMeeting
from amtui.widgets.section_list import Row, SectionList


class PupilChosen(Message):
    """⏎ on a pupil: open `upn`'s file, paging through `upns` (the section's pupils)."""

    def __init__(self, upn: str, upns: list[str]) -> None:
        super().__init__()
        self.upn, self.upns = upn, upns


class MeetingSection(SectionList):
    """A section of the progress meeting: `TITLE`, and its rows of the meeting (`rows_of`)."""

    DEFAULT_CSS = "MeetingSection { text-wrap: nowrap; text-overflow: ellipsis; }"
    TITLE: ClassVar[str] = ""
    PUPILS: ClassVar[bool] = True  # rows are pupils: ⏎ opens the file
    BINDINGS = [Binding("enter", "open_pupil", "Pupil file")]

    def __init__(self, number: int) -> None:
        super().__init__(number, self.TITLE)

    def show_meeting(self, meeting: ProgressMeeting, scheme: Scheme) -> None:
        shown = self.rows_of(meeting, scheme)
        count = f"{len(shown)} {self.counted(meeting)}"
        columns = self.columns(meeting)
        columns.stylize("bold")
        self.show(shown, Text.assemble((count, "dim"), "\n  ", columns))

    def rows_of(self, meeting: ProgressMeeting, scheme: Scheme) -> list[Row]:
        raise NotImplementedError

    def columns(self, meeting: ProgressMeeting) -> Text:
        raise NotImplementedError

    def counted(self, meeting: ProgressMeeting) -> str:
        """What the count in the heading counts."""
        return "rows"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action == "open_pupil":
            return True if self.PUPILS and self.current is not None else None
        return True

    def action_open_pupil(self) -> None:
        key = self.current
        if not isinstance(key, tuple):
            return
        upns = list(dict.fromkeys(str(k[0]) for k, _ in self.rows if isinstance(k, tuple)))
        self.post_message(PupilChosen(str(key[0]), upns))


class OffTrackSection(MeetingSection):
    TITLE = "Off track"

    def rows_of(self, meeting: ProgressMeeting, scheme: Scheme) -> list[Row]:
        return [rows.off_track_row(row, meeting.term, scheme) for row in meeting.off_track]

    def columns(self, meeting: ProgressMeeting) -> Text:
        return rows.off_track_heading()

    def counted(self, meeting: ProgressMeeting) -> str:
        return "pupil-subjects, red first"


class ExceededSection(MeetingSection):
    TITLE = "Exceeded targets"

    def rows_of(self, meeting: ProgressMeeting, scheme: Scheme) -> list[Row]:
        return [rows.exceeded_row(row, scheme) for row in meeting.exceeded]

    def columns(self, meeting: ProgressMeeting) -> Text:
        return rows.exceeded_heading()

    def counted(self, meeting: ProgressMeeting) -> str:
        return "pupil-subjects"


class LeaversSection(MeetingSection):
    TITLE = "Left a programme on track"

    def rows_of(self, meeting: ProgressMeeting, scheme: Scheme) -> list[Row]:
        return [rows.leaver_row(row) for row in meeting.leavers]

    def columns(self, meeting: ProgressMeeting) -> Text:
        return rows.leaver_heading()

    def counted(self, meeting: ProgressMeeting) -> str:
        return "since last half-term began"


class MeetingsSection(MeetingSection):
    TITLE = "Meetings"
    PUPILS = False

    def rows_of(self, meeting: ProgressMeeting, scheme: Scheme) -> list[Row]:
        return [rows.meetings_row(row) for row in meeting.meetings]

    def columns(self, meeting: ProgressMeeting) -> Text:
        return rows.meetings_heading()

    def counted(self, meeting: ProgressMeeting) -> str:
        signed, due = meeting.signed
        classes = "class" if len(meeting.meetings) == 1 else "classes"
        return f"{classes} · {signed}/{due} signed"


class GroupsSection(MeetingSection):
    TITLE = "Groups"
    PUPILS = False

    def rows_of(self, meeting: ProgressMeeting, scheme: Scheme) -> list[Row]:
        return [rows.group_row(row, meeting.subjects) for row in meeting.groups]

    def columns(self, meeting: ProgressMeeting) -> Text:
        return rows.groups_heading(meeting.subjects)

    def counted(self, meeting: ProgressMeeting) -> str:
        return "groups · pupils off track"


SECTIONS: tuple[type[MeetingSection], ...] = (
    OffTrackSection, ExceededSection, LeaversSection, MeetingsSection, GroupsSection)
"""The number key n jumps to the n-th."""
