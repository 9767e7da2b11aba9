"""The comparison in the meeting (`v` in the pupil file): every row with the pupil's view beside
the teacher's evidence, flagged agree / pupil rates higher (challenge) / pupil rates lower
(confirm), the counts at the top and the pupil's own words. One key records the agreed
judgement — the same store call as the file's closing section."""

from __future__ import annotations

from string import ascii_lowercase

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from amtui.core.colours import View
from amtui.screens.base import AmtuiScreen
from amtui.screens.forms import TextForm
from amtui.screens.pupil_file.data import FileData, read_file
from amtui.screens.pupil_file.rows import judgement_keys
from amtui.screens.pupil_file.views import NONE, Comparison, ViewRow, compare
from amtui.store import meetings
from amtui.widgets.key_bar import ALWAYS_SHOWN, KeyBar

JUDGEMENT_KEYS = ascii_lowercase + "123456789"
"""Keys that may name a judgement (`judgement_keys`): each is live only if the scheme's is."""
MARKS = {View.AGREE: "= agree", View.PUPIL_HIGHER: "▲ pupil higher — challenge",
         View.PUPIL_LOWER: "▼ pupil lower — confirm"}
NAME = 24
COLUMN = 12


class ComparisonScreen(AmtuiScreen):
    """One pupil's self-assessment against the evidence, for the app's half-term."""

    CSS_PATH = "comparison.tcss"
    HELP_TITLE = "Comparison"
    BINDINGS = [
        Binding("escape", "back", "Back", group=ALWAYS_SHOWN),
        Binding("enter", "note", "Note where views differ"),
        *[Binding(key, f"judge('{key}')", "", show=False) for key in JUDGEMENT_KEYS]]

    def __init__(self, upn: str) -> None:
        super().__init__()
        self.upn = upn
        self.data: FileData | None = None

    @property
    def TYPING_HELP(self) -> tuple[tuple[str, str], ...]:  # read by the help screen
        if self.data is None:
            return ()
        scheme = self.data.scheme
        return tuple((key, f"record the agreed judgement: {label}") for key, label
                     in zip(judgement_keys(scheme), scheme.judgements, strict=True))

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        with VerticalScroll(id="rows"):
            yield Static(id="table")
            yield Static(id="words")
        yield Static(id="agree")
        yield Static(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        self.set_focus(self.query_one("#rows"))

    def reload(self) -> None:
        self.data = data = read_file(self.amtui, self.upn)
        self.view_only = data.view_only
        comparison = compare(data)
        self.query_one("#title", Static).update(heading(data, comparison))
        self.query_one("#table", Static).update(table(comparison))
        self.query_one("#words", Static).update(pupil_words(data) + differ_note(data))
        self.query_one("#agree", Static).update(agreeing(data))
        self.say("")

    def say(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(text or "↑↓ scroll · a judgement's key records it · Esc back to the file")
        status.set_class(error, "-error")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "judge":
            return self.data is not None and parameters[0] in judgement_keys(self.data.scheme)
        return True

    def action_judge(self, key: str) -> None:
        """Store the agreed judgement whose key this is (pressed again, it changes it)."""
        if self.data is None:
            return
        app, meeting = self.amtui, self.data.meeting
        chosen = judgement_keys(self.data.scheme).index(key)
        if self.save(lambda: meetings.update_meeting(app.db, app.user, self.upn, app.term,
                                                     judgement=chosen, seen=meeting.version)):
            self.say(f"Agreed judgement: {self.data.scheme.judgements[chosen]} — stored")

    async def action_note(self) -> None:
        """A short note on where the pupil's view and the evidence differ (kept with the
        meeting; empty removes it)."""
        if self.data is None:
            return
        meeting = self.data.meeting
        text = await self.ask(TextForm[str](
            "Where our views differ", value=meeting.views_note, allow_empty=True,
            hint="e.g. Maths: Amber by the pupil, Green by the evidence — tests show secure "
                 "progress · Esc cancel"))
        if text is None:
            return
        app = self.amtui
        if self.save(lambda: meetings.update_meeting(app.db, app.user, self.upn, app.term,
                                                     views_note=text, seen=meeting.version)):
            self.say("Note kept" if text else "Note removed")

    def action_back(self) -> None:
        self.dismiss()


def heading(data: FileData, comparison: Comparison) -> Text:
    """`Chen, Zoë · agree 7 · pupil higher 2 · pupil lower 1 · the pupil's view and …`."""
    return Text.assemble((data.record.pupil.display_name, "bold"), " · ",
                         (comparison.counts, "bold"),
                         (" · view only" if data.view_only else "", "bold"),
                         " · the pupil's view and the evidence")


def table(comparison: Comparison) -> Text:
    lines = [Text(f"{'':<{NAME}} {'pupil':<{COLUMN}} {'evidence':<{COLUMN}}", style="bold")]
    lines += [line(row) for row in comparison.rows]
    return Text("\n", no_wrap=True, overflow="ellipsis").join(lines)


def line(row: ViewRow) -> Text:
    """`Maths   Green   A!   ▲ pupil higher — challenge  "recent assessment …"`."""
    out = Text(f"{_cut(row.name, NAME)} {_cut(row.pupil, COLUMN)} {_cut(row.evidence, COLUMN)} ",
               no_wrap=True, overflow="ellipsis")
    if row.view is not None:
        out.append(MARKS[row.view], "" if row.view is View.AGREE else "bold")
    elif row.pupil == NONE:
        out.append("not rated by the pupil", "dim")
    elif row.key == "overall":
        out.append("to agree: its key below", "dim")
    else:
        out.append("no evidence yet", "dim")
    if row.why:
        out.append(f'  "{row.why}"', "italic")
    return out


def _cut(text: str, width: int) -> str:
    """`text` in a column of `width`: padded, or cut short with `…` (Requires improvement)."""
    return f"{text:<{width}}" if len(text) <= width else text[:width - 1] + "…"


def pupil_words(data: FileData) -> Text:
    own = data.own
    return Text.assemble(("In the pupil's words\n", "bold"),
                         f"What went well: {own.went_well or NONE}\n",
                         f"What I find hard: {own.find_hard or NONE}\n",
                         f"What I want to be: {own.want_to_be or NONE}")


def differ_note(data: FileData) -> Text:
    note = data.meeting.views_note
    return Text.assemble(("\n\nWhere our views differ: ", "bold"),
                         note or ("— ⏎ to note it", "dim"))


def agreeing(data: FileData) -> Text:
    """The agreed judgement so far, and the key of each."""
    scheme, agreed = data.scheme, data.meeting.judgement
    keys = "  ".join(f"{key} {label}" for key, label
                     in zip(judgement_keys(scheme), scheme.judgements, strict=True))
    return Text.assemble("Agreed: ", (NONE if agreed is None else scheme.judgements[agreed],
                                      "bold"), f"   {keys}")
