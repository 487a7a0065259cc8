"""Where the office is: the one rule for --repo / DUBAN_REPO / the nearest folder upward, in plain
os.path, so that the replay of an answer can find the office before anything heavy is imported."""

from __future__ import annotations

import os

CONFIG_FILE = "config.yaml"
CASES_DIR = "cases"
LOCAL_DIR = ".duban"


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
