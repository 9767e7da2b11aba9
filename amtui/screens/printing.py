"""One print worker for every screen that prints.

A screen hands `start_printing` a job — a pupil's profile (`pupil_job`) or a class's
(`class_job`) — and the job runs in a thread worker (exclusive per screen, group "print") on a
database connection of its own (`app.worker_db()`), so the screen carries on meanwhile. When it
ends the teacher is told what happened, in words (`run_job`): saved as …, sent to the printer
… — saved as …, or not printed and why. The errors printing can meet — `AmtuiError` (a refusal,
a printer that failed) and `OSError` (a folder that cannot be written) — never become a
traceback; anything else is a bug, left to the app's edge (amtui.crash). The screen gets a
`PrintDone` message to put its own widgets back.

The report code (and fpdf) is imported in the worker, on the first print, never at start-up.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.notifications import SeverityLevel

from amtui.core.errors import AmtuiError
from amtui.core.terms import Term

if TYPE_CHECKING:
    from datetime import date

    from textual.screen import Screen
    from textual.worker import Worker

    from amtui.app import AmtuiApp
    from amtui.core.models import Staff
    from amtui.core.scheme import Scheme
    from amtui.report.printing import PrintResult

Progress = Callable[[int, int], None]
"""Called with (done, total) as a job goes."""

Job = Callable[[Any, "Scheme", "Path | None", Progress], "PrintResult"]
"""Prints something, given a database connection, the scheme, the folder to save in (None: the
scheme's print folder) and a progress callback."""

NOT_WRITABLE = {
    errno.EACCES: "you may not write in that folder",
    errno.EPERM: "you may not write in that folder",
    errno.EROFS: "that disk is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your share of the disk is used up",
    errno.ENOENT: "that folder does not exist",
    errno.ENOTDIR: "part of that path is a file, not a folder",
    errno.EISDIR: "a folder is in the way of the file",
}
"""Why a file could not be written, for the OS errors a print folder meets."""


@dataclass(frozen=True)
class Outcome:
    """What the teacher is told when a print job ends."""

    text: str
    title: str
    severity: SeverityLevel = "information"


class PrintDone(Message):
    """A print job started from this screen has ended: `outcome` is what the teacher was told
    (None if the job broke unexpectedly, which the app's edge reports)."""

    def __init__(self, outcome: Outcome | None) -> None:
        super().__init__()
        self.outcome = outcome


def pupil_job(upn: str, term: Term, parents: bool = False) -> Job:
    """A pupil's profile (or the parents' copy) for a half-term, into the print folder."""

    def job(db: Any, scheme: Scheme, folder: Path | None, progress: Progress) -> PrintResult:
        from amtui.report.printing import print_pupil

        return print_pupil(db, scheme, upn, term, parents=parents, folder=folder)

    return job


def class_job(class_name: str, term: Term, one_file: bool) -> Job:
    """A class's profiles for a half-term, in one file or one per pupil, into the print
    folder."""

    def job(db: Any, scheme: Scheme, folder: Path | None, progress: Progress) -> PrintResult:
        from amtui.report.printing import print_class

        return print_class(db, scheme, class_name, term, one_file=one_file, folder=folder,
                           progress=progress)

    return job


def export_job(what: str, who: Staff, today: date) -> Job:
    """One CSV export (`amtui export WHAT`, every school year), into Documents/amtui."""

    def job(db: Any, scheme: Scheme, folder: Path | None, progress: Progress) -> PrintResult:
        from amtui.folders import documents_dir
        from amtui.report.printing import PrintResult
        from amtui.store.exports import export, file_name

        out = (folder or documents_dir()) / file_name(what, None, today)
        export(db, scheme, what, out, today=today, who=who)
        return PrintResult([out], None)

    return job


def start_printing(screen: Screen[Any], job: Job, what: str, *, class_name: str | None = None,
                   progress: Progress | None = None) -> Worker[None]:
    """Run `job` in `screen`'s print worker. `what` names it in the outcome's title ("Profile",
    "5W profiles"); a class's outcome counts its files (`class_name`); `progress` is called on
    the UI thread as the job goes."""
    app: AmtuiApp = screen.app  # type: ignore[assignment]

    def report(done: int, total: int) -> None:
        if progress is not None:
            app.call_from_thread(progress, done, total)

    def run() -> None:
        told: Outcome | None = None
        try:
            told = run_job(app, job, report, what, class_name)
            app.call_from_thread(app.notify, told.text, title=told.title,
                                 severity=told.severity, timeout=10)
        finally:  # dropped if the screen has been closed meanwhile
            screen.post_message(PrintDone(told))

    return screen.run_worker(run, name=f"print: {what}", group="print", thread=True,
                             exclusive=True)


def run_job(app: AmtuiApp, job: Job, progress: Progress, what: str,
            class_name: str | None = None) -> Outcome:
    """Run `job` on a connection of its own and say how it went. In a browser the files go to
    it as a download (`AmtuiApp.hand_over`)."""
    try:
        with app.worker_db() as db, app.handing_over() as handed:
            result = job(db, app.scheme, handed.folder, progress)
            if app.is_web:
                sent = app.call_from_thread(handed.send, result.paths, class_name or what)
                return Outcome(f"Sent to your browser as {sent}", f"{what} ready")
    except AmtuiError as exc:
        return Outcome(_sentence(str(exc)), f"{what} not printed", "error")
    except OSError as exc:
        return Outcome(not_saved(exc), f"{what} not saved", "error")
    return finished(result, what, class_name)


def finished(result: PrintResult, what: str, class_name: str | None = None) -> Outcome:
    """"Saved as …" when the files were only saved; "Sent to the printer … — saved as …" only
    when the scheme's print command took them."""
    if class_name is None:
        saved = f"saved as {result.paths[0]}"
    else:
        folders = ", ".join(sorted({str(path.parent) for path in result.paths})) or "nowhere"
        saved = f"{len(result.paths)} file(s) for {class_name} in {folders}"
    if result.sent_to:
        return Outcome(f"Sent to the printer {result.printer} — {saved}", f"{what} printed")
    return Outcome(_sentence(saved), f"{what} saved")


def not_saved(exc: OSError) -> str:
    """Why the PDF could not be written, and where, without a traceback's jargon."""
    reason = NOT_WRITABLE.get(exc.errno or 0) or exc.strerror or str(exc) or "the system refused"
    where = _folder(exc.filename)
    place = f" in {where}" if where else ""
    return f"Could not save the PDF{place}: {reason[:1].lower()}{reason[1:]}."


def _folder(filename: object) -> str:
    """The folder a failed write was aimed at (a file's or a temporary file's folder)."""
    if not filename:
        return ""
    path = Path(str(filename))
    return str(path.parent if path.suffix in (".pdf", ".tmp") else path)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
