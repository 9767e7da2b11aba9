"""`amtui serve`: the app in the browser, one session per page, each signing in on its own.

textual-serve (the `amtui[serve]` extra) runs `amtui open --sign-in` for every browser that
opens the page, so each person signs in with their own login and password whatever account the
server runs as. It binds to this computer only (127.0.0.1) unless told otherwise: the school's
HTTPS proxy in front of it is what staff reach (docs/deploy.md).
"""

from __future__ import annotations

import argparse
import logging
import shlex
import sys
from pathlib import Path

from amtui import cli
from amtui.cli import UserError

LOCAL_ONLY = "127.0.0.1"
PAGE = Path(__file__).parent / "serve_page"
"""amtui's own page around the terminal (`app_index.html`)."""


def session_command(db: Path) -> str:
    """The command each browser session runs: this Python's amtui, signing in, on `db`."""
    return " ".join(shlex.quote(part) for part in (
        sys.executable, "-m", "amtui", "open", "--sign-in", "--db", str(db)))


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import textual_serve
        from textual_serve.server import Server
    except ImportError:
        raise UserError("serving in the browser needs the serve extra — install it with: "
                        "pip install 'amtui[serve]'") from None
    db = cli.open_existing(args)  # a database that cannot be opened is said here, at once
    cli.scheme_of(args, db)
    db.conn.close()
    path = cli.db_path(args).resolve()

    class AmtuiServer(Server):
        """textual-serve, logging one plain line per event: its own logging would print a
        failing request's local variables."""

        def initialize_logging(self) -> None:
            logging.basicConfig(level=logging.INFO, format="amtui serve: %(message)s")

    server = AmtuiServer(session_command(path), host=args.host, port=args.port, title="amtui",
                         public_url=args.public_url, templates_path=PAGE,
                         statics_path=Path(textual_serve.__file__).parent / "static")
    if args.host not in (LOCAL_ONLY, "localhost", "::1"):
        print(f"amtui: serving on {args.host}, reachable from other computers — put it behind "
              "the school's HTTPS proxy (docs/deploy.md)", file=sys.stderr)
    print(f"amtui: serving {path} at {server.public_url} — each browser signs in; Ctrl+C stops")
    server.serve()
    return 0
