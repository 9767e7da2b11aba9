"""Our own bugs, kept private: a log of what broke, where, and nothing about whom.

An exception's message and its frames' local variables can hold pupils' names, UPNs, dates of
birth and SEN flags, so neither is ever shown or written. An entry in the log has the time, the
amtui version, the exception's class and the stack as `file:line in function` frames; the file
is the owner's alone (0600, in a 0700 folder) and is rotated once past `MAX_BYTES`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime
from pathlib import Path
from time import monotonic
from types import TracebackType
from typing import TYPE_CHECKING

from amtui import __version__

if TYPE_CHECKING:
    from textual.message import Message
    from textual.message_pump import MessagePump

MAX_BYTES = 1_000_000
"""Past this the log becomes `amtui.log.1` (replacing the one before) and a new one starts."""
MAX_FRAMES = 60
"""Frames kept per exception, the innermost ones (a runaway recursion stays small)."""
MAX_CHAIN = 5
"""Exceptions followed through `raise … from …`, `WorkerFailed` and the like."""


class AppStopped(Exception):
    """The app stopped on an unexpected error; `str()` is the one line to show for it."""

    def __init__(self, return_code: int, log: Path | None) -> None:
        super().__init__(stop_line(log))
        self.return_code = return_code
        self.log = log


# ---- the log ------------------------------------------------------------------------------

def log_path() -> Path:
    """`amtui.log` in the user's log folder: `$XDG_STATE_HOME/amtui/log` on Linux (else
    `~/.local/state/amtui/log`), as platformdirs has it on each system."""
    from amtui import folders

    return folders.log_dir() / "amtui.log"


def record(exc: BaseException) -> Path | None:
    """Append an entry for `exc` to the private log. Returns the log's path, or None if it
    could not be written (the error is then only counted, never shown)."""
    try:
        path = log_path()
        _append_private(path, entry(exc))
    except Exception:  # noqa: BLE001 - no home, a read-only disk, a file where a folder goes
        return None
    return path


def entry(exc: BaseException, when: datetime | None = None) -> str:
    """`2026-11-24T10:15:02+00:00 amtui 0.1.0 ValueError` and its frames, innermost last, then
    what caused it. Class names and code locations only: no message, no value, no repr."""
    when = when or datetime.now().astimezone()
    lines = [f"{when.isoformat(timespec='seconds')} amtui {__version__} {_kind(exc)}"]
    for depth, link in enumerate(_chain(exc)):
        if depth:
            lines.append(f"  caused by {_kind(link)}")
        lines.extend(f"    {frame}" for frame in frames(link.__traceback__))
    return "\n".join(lines) + "\n\n"


def frames(tb: TracebackType | None) -> list[str]:
    """`amtui/screens/class_grid.py:212 in ClassGrid._edit_submitted`, outermost first."""
    found: list[str] = []
    while tb is not None:
        code = tb.tb_frame.f_code
        found.append(f"{_short(code.co_filename)}:{tb.tb_lineno} in "
                     f"{getattr(code, 'co_qualname', code.co_name)}")
        tb = tb.tb_next
    return found[-MAX_FRAMES:]


def _kind(exc: BaseException) -> str:
    """The exception's class, with its module unless a builtin (`sqlite3.OperationalError`)."""
    cls = type(exc)
    if cls.__module__ == "builtins":
        return cls.__qualname__
    return f"{cls.__module__}.{cls.__qualname__}"


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """`exc`, then what it wraps: its cause, the error it was raised while handling, or the
    error a Textual `WorkerFailed` carries."""
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen and len(seen) < MAX_CHAIN:
        seen.add(id(link))
        yield link
        wrapped = getattr(link, "error", None)  # textual.worker.WorkerFailed
        link = (link.__cause__
                or (None if link.__suppress_context__ else link.__context__)
                or (wrapped if isinstance(wrapped, BaseException) else None))


def _short(filename: str) -> str:
    """A source file as its import path (`textual/app.py`), not where it lies on this computer
    (whose path names the teacher's account)."""
    path = os.path.abspath(filename) if os.path.isabs(filename) else filename
    roots = {os.path.abspath(p).rstrip(os.sep) for p in sys.path if p}
    for root in sorted(filter(None, roots), key=len, reverse=True):  # the deepest root first
        if path.startswith(root + os.sep):
            return path[len(root) + 1:].replace(os.sep, "/")
    return Path(path).name


def _append_private(path: Path, text: str) -> None:
    """Append `text` to `path`, which is made (or made again) owner-only in an owner-only
    folder; a log past `MAX_BYTES` is first moved aside to `<name>.1`."""
    _private_folder(path.parent)
    try:
        if path.stat().st_size > MAX_BYTES:
            os.replace(path, path.with_name(path.name + ".1"))
    except FileNotFoundError:
        pass
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # it may have been made before, readable by others
        os.write(fd, text.encode("utf-8"))
    finally:
        os.close(fd)


def _private_folder(folder: Path) -> None:
    """`folder` and any missing folders above it, made 0700 (like `store.files`); the log's
    own folder is made 0700 again if it already was there."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for each in reversed(missing):
        each.mkdir(mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)


# ---- what people are told -----------------------------------------------------------------

def _details(log: Path | None) -> str:
    return f"The details are in {log}." if log else "The details could not be saved."


def note(log: Path | None) -> str:
    """The app's notification when it carries on."""
    return f"Something went wrong — that key did nothing and nothing was lost. {_details(log)}"


def stop_line(log: Path | None) -> str:
    """The one line the terminal shows when the app had to stop."""
    return f"amtui: stopped after an unexpected error — what was saved is safe. {_details(log)}"


def internal_error_line(exc: BaseException, log: Path | None) -> str:
    """The command line's one line for an error of ours outside the app."""
    where = f"the details are in {log}" if log else "the details could not be saved"
    return f"amtui: internal error ({type(exc).__name__}) — {where}"


# ---- when to stop -------------------------------------------------------------------------

class Burst:
    """Counts errors: `LIMIT` within `WINDOW` seconds means the app cannot carry on."""

    LIMIT = 5
    WINDOW = 10.0

    def __init__(self) -> None:
        self._times: list[float] = []

    def too_many(self) -> bool:
        """Count one error now; whether that makes too many."""
        now = monotonic()
        self._times = [t for t in self._times if now - t < self.WINDOW] + [now]
        return len(self._times) >= self.LIMIT


# ---- the app's side -----------------------------------------------------------------------

def carry_on(node: MessagePump, handle: Callable[[Exception], None]) -> None:
    """Hand an error in one of `node`'s message handlers to `handle` and go on to its next
    message. Textual instead ends the node's message loop at its first error and takes the node
    down (a screen goes blank, and keys no longer reach the app through it). It calls the private
    `_dispatch_message` for each message and has no public hook around it, so that is wrapped,
    on this node only."""
    if "_dispatch_message" in vars(node):  # wrapped already (a widget mounted again)
        return
    dispatch: Callable[[Message], Awaitable[None]] = node._dispatch_message

    async def dispatch_carrying_on(message: Message) -> None:
        try:
            await dispatch(message)
        except Exception as error:  # noqa: BLE001 - CancelledError, a BaseException, still ends it
            handle(error)

    node._dispatch_message = dispatch_carrying_on  # type: ignore[method-assign]
