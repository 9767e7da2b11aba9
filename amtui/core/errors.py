"""User-facing errors. Every one is an `AmtuiError` (a `ValueError`) whose message a person can
act on."""

SHOWN_CHARS = 40


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """What was typed or read, for a message: cut short with `…` when longer than `limit` (a
    pasted page, a 5,000-digit number), its control characters escaped."""
    try:
        text = str(value)
    except ValueError:  # an int too long to write out (Python's 4,300-digit limit)
        return "(a number too long to show)"
    text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text[:limit + 1])
    return text if len(text) <= limit else text[:limit - 1] + "…"


class AmtuiError(ValueError):
    """Base of every error the user may see: the message says what is wrong and how to fix it."""


class InvalidStep(AmtuiError):
    """Text that is not a step (or sub-stage) of the scale."""


class OutOfRange(AmtuiError):
    """A number outside the range the domain allows (attendance of 105, half-term 7, ...)."""


class InvalidScheme(AmtuiError):
    """A scheme file that cannot be read or does not validate."""


class NotAllowed(AmtuiError):
    """The signed-in user's role may not do this (e.g. a teacher lowering a target)."""


class NotFound(AmtuiError):
    """A pupil, class, staff member or record that does not exist."""


class Conflict(AmtuiError):
    """Someone else changed the record since it was read: reload and try again."""


class InvalidInput(AmtuiError):
    """Any other malformed input (a CSV row, a date, an empty reason)."""


class Busy(AmtuiError):
    """The database is locked by someone else's long write: nothing was saved, try again."""


class StorageError(AmtuiError):
    """The database cannot be written or read (read-only, disk full, damaged)."""
