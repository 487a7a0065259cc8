"""Where the office is (the one rule for --repo / DUBAN_REPO / the nearest folder upward) and how a
file is known again (its identity), in plain os, so that the command line can find the office and
start git's check of it before anything heavy is imported."""

from __future__ import annotations

import os

CONFIG_FILE = "config.yaml"
CASES_DIR = "cases"
LOCAL_DIR = ".duban"

# mtime, ctime, size, inode: an edit whose mtime is put back still moves ctime; a rename moves inode.
Identity = tuple[int, int, int, int]


def identity(path: str | os.PathLike[str]) -> Identity | None:
    """The file as the index, the case cache and the kept answers know it (the link itself, never
    what it points to); None when it is missing."""
    try:
        return identity_of_stat(os.stat(path, follow_symlinks=False))
    except OSError:
        return None


def identity_of_stat(stat: os.stat_result) -> Identity:
    return (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)


def office_root(explicit: str | None = None, start: str | None = None) -> str | None:
    """The office's folder (resolved), or None: `explicit` must hold config.yaml; otherwise the
    nearest folder at or above `start` (the working folder) that holds config.yaml and cases/."""
    if explicit:
        root = os.path.expanduser(explicit)
        return os.path.realpath(root) if os.path.isfile(os.path.join(root, CONFIG_FILE)) else None
    folder = os.path.realpath(start or os.getcwd())
    while True:
        if os.path.isfile(os.path.join(folder, CONFIG_FILE)) and os.path.isdir(os.path.join(folder, CASES_DIR)):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
