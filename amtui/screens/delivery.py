"""Files made for the person at the keyboard (profiles, class PDFs, exports), on their way to
them. In a terminal they stay where they were saved. In a browser (`amtui serve`) they go to it
as one download — several files zipped into one — and, unless the scheme keeps a copy on the
server (`printing.keep_on_server`), they were made in a private temporary folder that goes as
soon as the download has its copy."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App


class Handover:
    """Where a job saves (`folder`: None for the scheme's print folder) and how its files are
    sent (`send`)."""

    def __init__(self, app: App[Any], folder: Path | None) -> None:
        self.app = app
        self.folder = folder

    def send(self, paths: list[Path], name: str) -> str:
        """Send `paths` to the browser as one download and return its file name: the file
        itself, or `name.zip` holding them all."""
        if len(paths) == 1:
            self.app.deliver_binary(paths[0], save_filename=paths[0].name)
            return paths[0].name
        import zipfile  # only for a class printed a file per pupil, in a browser

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
            for path in paths:
                bundle.write(path, arcname=path.name)
        buffer.seek(0)
        file_name = f"{name}.zip"
        self.app.deliver_binary(buffer, save_filename=file_name, mime_type="application/zip")
        return file_name
