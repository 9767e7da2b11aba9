"""Where amtui keeps its files, in the folders each system has for them (platformdirs).

On Linux: data `$XDG_DATA_HOME/amtui` (else `~/.local/share/amtui`), cache `$XDG_CACHE_HOME/amtui`,
settings `$XDG_CONFIG_HOME/amtui`, the private log `$XDG_STATE_HOME/amtui/log`, and documents
`Documents/amtui` (the Documents folder `xdg-user-dirs` names). macOS and Windows use their own
places. Nothing here creates a folder: whoever writes there makes it, owner-only.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP = "amtui"


def data_dir() -> Path:
    """The school database's folder (unless `--db` or `$AMTUI_DB` says otherwise)."""
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def cache_dir() -> Path:
    """Files amtui can always make again."""
    return Path(platformdirs.user_cache_dir(APP, appauthor=False))


def config_dir() -> Path:
    """This user's settings."""
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def log_dir() -> Path:
    """The private log of amtui's own errors (`amtui.crash`)."""
    return Path(platformdirs.user_log_dir(APP, appauthor=False))


def documents_dir() -> Path:
    """`Documents/amtui`: where printed profiles and exports go when no path is given."""
    return Path(platformdirs.user_documents_dir()) / APP
