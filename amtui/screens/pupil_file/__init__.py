"""The pupil file: one pupil's mentoring meeting, made of sections in meeting order."""

from amtui.screens.pupil_file.screen import PupilFile

__all__ = ["PupilFile"]
