"""A list of options, each with its own key that picks it at once (↑↓ ⏎ work too)."""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class KeyedOptions(OptionList):
    """An OptionList whose options may each have a key (`keys[i]`, "" for none). The list claims
    those keys (`check_consume_key`, so the key router sends them here) and a key selects its
    option as ⏎ would: `OptionList.OptionSelected` is posted."""

    def __init__(self, prompts: Sequence[str], keys: Sequence[str], *,
                 id: str | None = None) -> None:
        shown = [f"{key}  {prompt}" if key else prompt
                 for key, prompt in zip(keys, prompts, strict=True)]
        super().__init__(*(Option(text, id=str(i)) for i, text in enumerate(shown)), id=id)
        self.option_keys = [key.lower() for key in keys]

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return bool(character and character.strip() and character.lower() in self.option_keys)

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.lower() in self.option_keys:
            event.stop()
            self.highlighted = self.option_keys.index(event.character.lower())
            self.action_select()
