"""The command line: one typer application; main() imports only the command being run, and gives
again an answer already given to the same reading command line when nothing it read has changed,
without importing typer at all (see duban/cli/replay.py)."""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Set by the shell when it asks for completions (the command line then only completes).
COMPLETE_VAR = "_DUBAN_COMPLETE"

# Global options that take a value, as main() skips them to find the command's name.
_VALUED = ("--repo", "--as-of", "--by")


def _walk(argv: list[str]) -> tuple[dict[str, str], str | None]:
    """The global options' values given before the command (the last one wins, as in typer), and
    the command's name, or None (help, version, or something to be explained)."""
    values: dict[str, str] = {}
    rest = list(argv)
    while rest:
        token = rest.pop(0)
        if token in _VALUED:
            if rest:
                values[token] = rest.pop(0)
            continue
        if token.startswith("-"):
            option, equals, value = token.partition("=")
            if option in _VALUED and equals:
                values[option] = value
                continue
            return values, None
        return values, token
    return values, None


def command_name(argv: list[str]) -> str | None:
    """The command a command line runs, or None (help, version, or something to be explained)."""
    return _walk(argv)[1]


def global_value(argv: list[str], option: str) -> str | None:
    """A global option's value (--repo, --as-of, --by) as typer will read it, or None."""
    return _walk(argv)[0].get(option)


# Commands that only read the office: git's check of its work tree may start before typer loads.
_READING = frozenset({"show", "list", "overdue", "stats", "check", "export", "dashboard"})
_WRITING_OPTIONS = ("--remind", "--record")


def _start_early(argv: list[str], name: str | None) -> None:
    if name not in _READING or any(a.split("=", 1)[0] in _WRITING_OPTIONS for a in argv):
        return
    import os

    repo = global_value(argv, "--repo") or os.environ.get("DUBAN_REPO") or None
    try:
        from duban import caseindex
        from duban.store import find_office

        caseindex.start_early(find_office(None, repo))
    except Exception:
        pass  # the command itself finds and names the problem


def main() -> None:
    import os

    from duban.cli import replay

    argv = sys.argv[1:]
    name = command_name(argv)
    recorder = None
    if replay.replayable(argv, name) and not os.environ.get(COMPLETE_VAR):
        code = replay.answer(argv)
        if code is not None:
            os._exit(code)  # written straight to the descriptors: nothing is buffered, nothing to tear down
        recorder = replay.Recorder.begin(argv)
    if recorder is None:
        _start_early(argv, name)
    from duban.cli.commands import MODULES, load
    from duban.cli.completion import activate_if_asked
    from duban.cli.root import app

    if name is None and any(a in ("--version", "-V") for a in argv) and not os.environ.get(COMPLETE_VAR):
        load(["workdays"])  # the version needs no command, but the app needs one to be a group
    elif os.environ.get(COMPLETE_VAR) or name not in MODULES:
        load()
    else:
        load([name])
    activate_if_asked()
    if recorder is None:
        app(prog_name="duban")
        return
    recorder.snapshot()
    try:
        app(prog_name="duban")
    except SystemExit as done:
        recorder.keep(done.code)
        raise


def __getattr__(name: str) -> Any:
    if name in ("app", "COMMANDS"):
        from duban.cli import commands

        return getattr(commands, name)
    raise AttributeError(name)
