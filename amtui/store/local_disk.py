"""Refuse a school database on a network file system: SQLite's WAL keeps its shared memory in
the -shm file, which NFS, SMB and their kin do not share between machines, so two people
writing through one would damage the school. On Linux the mount holding a path is read from
/proc/self/mountinfo; where there is no such table (macOS), every path is taken as local."""

from __future__ import annotations

import os
from pathlib import Path

from amtui.core.errors import StorageError

MOUNT_TABLE = Path("/proc/self/mountinfo")
NETWORK_FSTYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "9p", "afs", "ceph", "glusterfs",
    "fuse.glusterfs", "lustre", "davfs", "fuse.davfs2", "fuse.sshfs", "fuse.rclone", "fuse.s3fs",
    "fuse.gcsfuse",
})
KEEP_IT_LOCAL = ("keep the database on the server's own disk; staff reach it over SSH or in the "
                 "browser — see docs/deploy.md")


def read_mount_table() -> str | None:
    """This process's mount table (Linux), or None where it cannot be read."""
    try:
        return MOUNT_TABLE.read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return None


def _unescape(field: str) -> str:
    r"""A mount point as the kernel writes it, with `\040` for a space (and tab, newline, `\`)."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def _mounts(table: str) -> list[tuple[str, str]]:
    """(mount point, file system type) per line of a mountinfo table, in mount order."""
    mounts = []
    for line in table.splitlines():
        fields = line.split(" ")
        if "-" not in fields[6:] or len(fields) < 8:
            continue
        after = fields.index("-", 6)  # optional fields end at a lone "-"
        if after + 1 < len(fields):
            mounts.append((_unescape(fields[4]), fields[after + 1]))
    return mounts


def _under(path: str, mount_point: str) -> bool:
    return mount_point == "/" or path == mount_point or path.startswith(mount_point + "/")


def fstype_at(path: Path, table: str) -> str | None:
    """The type of the file system holding the absolute, resolved `path`: the mount with the
    longest mount point above it (the later one where two share a mount point)."""
    best: tuple[int, str] | None = None
    for mount_point, fstype in _mounts(table):
        if _under(str(path), mount_point) and (best is None or len(mount_point) >= best[0]):
            best = (len(mount_point), fstype)
    return best[1] if best else None


def _nearest_existing(path: Path) -> Path:
    """`path` resolved, or its nearest folder that exists (a new school's folder may not)."""
    real = Path(os.path.realpath(path))
    while not os.path.exists(real) and real != real.parent:
        real = real.parent
    return real


def require_local_disk(path: Path) -> None:
    """Raise `StorageError` if `path` (or the folder it would be made in) is on a network file
    system."""
    table = read_mount_table()
    if table is None:
        return
    fstype = fstype_at(_nearest_existing(path), table)
    if fstype in NETWORK_FSTYPES:
        raise StorageError(f"{path} is on a network file system ({fstype}), where SQLite cannot "
                           "keep the school safe (its write-ahead log shares memory through the "
                           f"-shm file, which does not work over NFS or SMB) — {KEEP_IT_LOCAL}")
