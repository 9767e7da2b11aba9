"""Print profiles: to PDF files (owner-only), and to a printer when the scheme names one."""

from __future__ import annotations

import re
import shlex
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from amtui.core.errors import AmtuiError, InvalidInput
from amtui.core.scheme import Scheme
from amtui.core.terms import Term, year_label
from amtui.report.data import ProfileData, profile_data
from amtui.report.profile import render_each, render_profiles
from amtui.store import pupils
from amtui.store.db import Database
from amtui.store.files import write_private_bytes

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PrintResult:
    """The files written, and the print command they were sent with (None: only saved)."""

    paths: list[Path]
    sent_to: str | None

    @property
    def printer(self) -> str | None:
        return printer_name(self.sent_to) if self.sent_to else None


def output_folder(scheme: Scheme) -> Path:
    """The scheme's print folder, else Documents/amtui, created owner-only if missing."""
    from amtui.folders import documents_dir

    folder = (Path(scheme.printing.folder).expanduser() if scheme.printing.folder
              else documents_dir())
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    plain = plain.encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9 .-]+", "", plain).strip()


def _copy(parents: bool) -> str:
    return " parents" if parents else ""


def file_name(db: Database, upn: str, term: Term, parents: bool = False) -> str:
    """`5W Dabrowski Zoe T2 2026-27.pdf`; the parents' copy ends ` parents.pdf`."""
    pupil = pupils.get_pupil(db, upn)
    return _ascii(f"{pupil.class_name} {pupil.surname} {pupil.forename} T{term.half_term} "
                  f"{year_label(term.school_year)}{_copy(parents)}") + ".pdf"


def class_folder_name(class_name: str, term: Term) -> str:
    """`5W T2 2026-27`: the folder a class's files go in, one per pupil."""
    return _ascii(f"{class_name} T{term.half_term} {year_label(term.school_year)}")


def class_file_name(class_name: str, term: Term, parents: bool = False) -> str:
    """`5W T2 2026-27.pdf`, or `5W T2 2026-27 parents.pdf`: a class in one file."""
    return class_folder_name(class_name, term) + _copy(parents) + ".pdf"


def batch_file_name(db: Database, upns: list[str], term: Term, parents: bool = False) -> str:
    """The name of one file holding these pupils: the pupil's own for one, the class's for a
    class, else `profiles T2 2026-27.pdf` (parents' copies end ` parents.pdf`)."""
    if len(upns) == 1:
        return file_name(db, upns[0], term, parents)
    classes = {pupils.get_pupil(db, upn).class_name for upn in upns}
    return class_file_name(classes.pop() if len(classes) == 1 else "profiles", term, parents)


def _gather(db: Database, scheme: Scheme, upns: list[str], term: Term, parents: bool,
            progress: Progress | None, today: date | None) -> list[ProfileData]:
    gathered = []
    for index, upn in enumerate(upns, start=1):
        gathered.append(profile_data(db, scheme, upn, term, parents=parents, today=today))
        if progress is not None:
            progress(index, len(upns))
    return gathered


def print_profiles(db: Database, scheme: Scheme, upns: list[str], term: Term, *, parents: bool,
                   out: Path, one_file: bool, progress: Progress | None = None,
                   today: date | None = None) -> list[Path]:
    """Write profiles to `out`: one PDF (a .pdf path, or `one_file`) or one per pupil (a folder)."""
    if not upns:
        raise InvalidInput("no pupils to print")
    if one_file or len(upns) == 1 or out.suffix.lower() == ".pdf":
        if out.suffix.lower() != ".pdf":
            out = out / batch_file_name(db, upns, term, parents)
        profiles = _gather(db, scheme, upns, term, parents, progress, today)
        return [write_private_bytes(out, render_profiles(profiles))]
    if out.exists() and not out.is_dir():
        raise InvalidInput(f"{out} is a file — give a folder for one PDF per pupil, or --one-file")
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    profiles = _gather(db, scheme, upns, term, parents, None, today)
    paths: list[Path] = []
    for index, (upn, pdf) in enumerate(zip(upns, render_each(profiles), strict=True), start=1):
        name = file_name(db, upn, term, parents)
        if out / name in paths:  # two pupils of the same name: tell them apart by UPN
            name = f"{name.removesuffix('.pdf')} {upn[-4:]}.pdf"
        paths.append(write_private_bytes(out / name, pdf))
        if progress is not None:
            progress(index, len(upns))
    return paths


def printer_name(command: str) -> str:
    """The printer a print command names: its destination (`lp -d staffroom`, `lpr -P staffroom`
    → staffroom), else the command's program (the system's default printer)."""
    argv = shlex.split(command)
    if not argv:
        return command
    program = Path(argv[0]).name
    flag = "-P" if program == "lpr" else "-d"  # lp's own -P is a list of pages
    for index, arg in enumerate(argv[1:], start=1):
        if arg == flag and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith(flag) and len(arg) > 2:
            return arg[2:]
    return program


def send_to_printer(paths: list[Path], scheme: Scheme) -> str | None:
    """Run the scheme's print command (e.g. `lp -d staffroom`) on each file; None if there is
    none."""
    command = scheme.printing.command.strip()
    if not command:
        return None
    argv = shlex.split(command)
    for path in paths:
        try:
            done = subprocess.run([*argv, str(path)], capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise AmtuiError(f"the printer command {argv[0]!r} could not run ({exc}) — the PDF is "
                             f"saved at {path}") from None
        if done.returncode != 0:
            reason = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no message"]
            raise AmtuiError(f"the printer refused the job: {reason[0]} — the PDF is saved at "
                             f"{path}")
    return command


def print_pupil(db: Database, scheme: Scheme, upn: str, term: Term, *, parents: bool = False,
                folder: Path | None = None) -> PrintResult:
    """A pupil's profile saved in the print folder, and sent to the printer if there is one."""
    target = (folder or output_folder(scheme)) / file_name(db, upn, term, parents)
    paths = print_profiles(db, scheme, [upn], term, parents=parents, out=target, one_file=True)
    return PrintResult(paths, send_to_printer(paths, scheme))


def print_class(db: Database, scheme: Scheme, class_name: str, term: Term, *, one_file: bool = True,
                parents: bool = False, folder: Path | None = None,
                progress: Progress | None = None) -> PrintResult:
    """A class's profiles saved in the print folder — one file, or a folder of one file per
    pupil — and sent to the printer if there is one."""
    group = pupils.get_class(db, class_name)
    upns = [p.upn for p in pupils.list_pupils(db, group.name)]
    base = folder or output_folder(scheme)
    out = (base / class_file_name(group.name, term, parents) if one_file
           else base / class_folder_name(group.name, term))
    paths = print_profiles(db, scheme, upns, term, parents=parents, out=out, one_file=one_file,
                           progress=progress)
    return PrintResult(paths, send_to_printer(paths, scheme))
