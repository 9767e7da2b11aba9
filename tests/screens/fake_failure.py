"""Pupil data as an exception's message can carry it, for the crash tests, which check that
such a message never reaches a screen, a terminal or the log."""

PUPIL = "Ngozi Adebayo-Quist"
MESSAGE = f"invalid literal for int() with base 10: '{PUPIL}'"
