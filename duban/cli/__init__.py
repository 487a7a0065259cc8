"""The command line. `main` answers the cron job's `duban overdue` without loading typer; every
other command goes through the typer app in duban.cli.commands, loaded on first use."""

from __future__ import annotations

import sys
from typing import Any


def main() -> None:
    from duban.cli.fast import fast_overdue

    code = fast_overdue(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from duban.cli.commands import app
    from duban.cli.completion import activate_if_asked

    activate_if_asked()
    app(prog_name="duban")


def __getattr__(name: str) -> Any:
    if name in ("app", "COMMANDS"):
        from duban.cli import commands

        return getattr(commands, name)
    raise AttributeError(name)
