"""Reading a scheme file: its bytes, its TOML, pydantic's check of it against the dataclasses
of `amtui.core.scheme`, and every way it can go wrong as one `InvalidScheme` that names the key
and the fix; and rebuilding a checked scheme from the cache without pydantic."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from amtui.core.errors import InvalidScheme, shown
from amtui.core.scheme import Refusal, Scheme

DEFAULT_SCHEME = "default.toml"
TOO_DEEP = ("nested too deeply (a scheme's tables and lists go a few levels deep at most) — look "
            "for a [ or { that is never closed")


def scheme_path(path: str | Path | None = None) -> Path:
    """`path`; else a shipped scheme of that name (its file's stem or its `name =` title, any
    case) when no file is there; or the shipped default scheme."""
    from amtui.resources import data_path  # resolves the shipped data folder; no I/O here

    if path is None:
        return data_path("schemes", DEFAULT_SCHEME)
    given = Path(path)
    if given.exists():
        return given
    return shipped_schemes().get(str(path).strip().casefold(), given)


def shipped_schemes() -> dict[str, Path]:
    """The shipped scheme files by their stem and by their title, both case-folded."""
    import tomllib

    from amtui.resources import data_path

    found: dict[str, Path] = {}
    for file in sorted(data_path("schemes").glob("*.toml")):
        found[file.stem.casefold()] = file
        try:
            title = tomllib.loads(file.read_text(encoding="utf-8-sig")).get("name")
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue  # still found by its stem; loading it will say what is wrong
        if isinstance(title, str):
            found.setdefault(title.strip().casefold(), file)
    return found


def read_scheme_file(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except FileNotFoundError:
        stems = sorted({path.stem for path in shipped_schemes().values()})
        raise InvalidScheme(f"{file}: no such scheme file — give a scheme file's path or a "
                            f"shipped scheme's name: {', '.join(stems)}") from None
    except OSError as exc:
        raise InvalidScheme(f"{file}: cannot be read ({exc.__class__.__name__})") from None


def decode_scheme(data: bytes, source: str) -> dict[str, Any]:
    """The TOML table in a scheme file's bytes (after a byte-order mark, which some editors on
    Windows write)."""
    import tomllib

    try:
        return tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidScheme(f"{source}: not UTF-8 text — save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidScheme(f"{source}: not valid TOML — {exc}") from None
    except RecursionError:
        raise InvalidScheme(f"{source}: {TOO_DEEP}") from None
    except ValueError:  # Python reads no integer of over 4,300 digits
        raise InvalidScheme(f"{source}: not valid TOML — a number in it is too long to read: "
                            "write the number you meant, e.g. 95") from None


def load_scheme(path: str | Path | None = None) -> Scheme:
    """The scheme in `path`, or the shipped default. A bad file raises `InvalidScheme`."""
    file = scheme_path(path)
    return parse_scheme(decode_scheme(read_scheme_file(file), str(file)), source=str(file))


@cache
def _adapter() -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(Scheme)


def parse_scheme(raw: dict[str, object], source: str = "scheme") -> Scheme:
    """Validate a scheme read from TOML; errors name the source, the key and the problem."""
    from pydantic import ValidationError

    try:
        return _adapter().validate_python(raw)
    except ValidationError as exc:
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise InvalidScheme(f"{source}: {_explain(exc.errors()[0])}{more}") from None
    except RecursionError:
        raise InvalidScheme(f"{source}: {TOO_DEEP}") from None
    except (ValueError, TypeError, ArithmeticError) as exc:  # none known: still not a crash
        raise InvalidScheme(f"{source}: cannot be checked ({exc.__class__.__name__}) — compare "
                            "it with the shipped default.toml and undo the last change") from None


def _explain(error: Any) -> str:
    """`key: what is wrong — how to fix it` for pydantic's first error."""
    loc, kind, ctx = list(error["loc"]), error["type"], dict(error.get("ctx") or {})
    if "expected" in ctx:  # 'steps' or 'substages', as TOML writes them
        ctx["expected"] = str(ctx["expected"]).replace("'", '"')
    given = error.get("input")
    found = ctx.get("error")
    if isinstance(found, Refusal):
        loc, message = [*loc, found.key], found.message
    elif kind == "missing" and loc and isinstance(loc[-1], int):
        loc, message = loc[:-1], "has too few items — list all of them, as the default scheme does"
    else:
        fill = _Fill({name: int(value) if isinstance(value, float) and value.is_integer()
                      else value for name, value in ctx.items()})  # "use 100 or less", not 100.0
        fill.update(value=_toml(given), msg=error["msg"])
        message = _PLAIN.get(kind, "{msg} — compare it with the same setting in the shipped "
                                   "default.toml").format_map(fill)
    key = "".join(f"[{part + 1}]" if isinstance(part, int) else f".{shown(part)}"
                  for part in loc).removeprefix(".")
    return f"{key or '(top level)'}: {message}"


_PLAIN = {
    "unexpected_keyword_argument": "not a setting amtui knows — check its spelling",
    "missing": "is missing — add it (the default scheme shows how)",
    "greater_than_equal": "{value} is too small — use {ge} or more",
    "less_than_equal": "{value} is too large — use {le} or less",
    "int_type": "{value} is not a whole number — write one without quotes, e.g. 6",
    "float_type": "{value} is not a number — write one without quotes, e.g. 95.5",
    "bool_type": "{value} is not true or false — write true or false, without quotes",
    "string_type": '{value} is not text — write it in double quotes, e.g. "Maths"',
    "tuple_type": '{value} is not a list — write it in square brackets, e.g. ["Maths", "Science"]',
    "literal_error": "{value} is not allowed — use {expected}",
    "dataclass_type": "{value} is not a table — write it as a [table] of settings, as the "
                      "default scheme does",
    "too_long": "has {actual_length} items — list {max_length}",
}


class _Fill(dict[str, Any]):
    """What pydantic said about an error, to fill in a message: never a KeyError."""

    def __missing__(self, name: str) -> str:
        return "…"


def _toml(value: object) -> str:
    """A value as the file wrote it, for a message."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f'"{shown(value)}"'
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return shown(value)


def rebuild_scheme(data: dict[str, Any]) -> Scheme:
    """A scheme from `dataclasses.asdict()` of one that was validated (its JSON round trip
    included: lists become tuples again). Runs the consistency checks, not pydantic."""
    return _rebuild(Scheme, data)


# `type`, not `type[Any]`: mypy takes a `type[...]` for unhashable, and `_hints` is cached
def _rebuild(kind: type, data: dict[str, Any]) -> Any:
    hints = _hints(kind)
    return kind(**{f.name: _value(hints[f.name], data[f.name]) for f in fields(kind)})


def _value(hint: Any, value: Any) -> Any:
    if isinstance(hint, type) and is_dataclass(hint):
        return _rebuild(hint, value)
    if get_origin(hint) is tuple:
        args = get_args(hint)
        kinds = args[:1] * len(value) if args[-1] is Ellipsis else args
        return tuple(_value(kind, item) for kind, item in zip(kinds, value, strict=True))
    return value


@cache
def _hints(kind: type) -> dict[str, Any]:
    return get_type_hints(kind)
