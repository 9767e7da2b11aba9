"""`amtui self-assess`: open the app straight into pupil mode for a class, so its pupils fill
in their own self-assessment (`amtui.screens.pupil_mode`); a member of staff signs in to leave."""

from __future__ import annotations

import argparse

from amtui import cli
from amtui.cli import UserError


def cmd_self_assess(args: argparse.Namespace) -> int:
    from amtui import identity
    from amtui.app import make_app
    from amtui.screens.pupil_mode import start_pupil_mode
    from amtui.store.self_assessment import pupil_mode_class

    with cli.collector_paused():
        db = cli.open_existing(args)
        scheme = cli.scheme_of(args, db)
        user = identity.opening(db, args.as_)
        if user is None:
            raise UserError("pupil mode is started by a member of staff — run it as yourself, "
                            "or with --as INITIALS")
        name = pupil_mode_class(db, user, args.class_name)
        term = cli.term_of(args, scheme)
        make_app(db, scheme, user, cli.today(), class_name=name, term=term,
                 start=lambda app: start_pupil_mode(app, name, term)).run()
    return 0
