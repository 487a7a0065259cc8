"""The command line: one typer application; main() imports only the command being run. Every
answer is computed: no reading command gives again an answer kept from an earlier run, because
what it depends on (the reader's git identity wherever git finds it, the holiday library, the
files behind links) has no end, and a kept answer is wrong the moment one of them changes."""

from __future__ import annotations

import atexit
import gc
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Set by the shell when it asks for completions (the command line then only completes).
COMPLETE_VAR = "_DUBAN_COMPLETE"

# Global options that take a value, as main() skips them to find the command's name.
_VALUED = ("--repo", "--as-of", "--by")


def _walk(argv: list[str]) -> tuple[dict[str, str], int | None]:
    """The global options' values given before the command (the last one wins, as in typer), and
    the place of the command's name, or None (help, version, or something to be explained)."""
    values: dict[str, str] = {}
    at = 0
    while at < len(argv):
        token = argv[at]
        if token in _VALUED:
            if at + 1 < len(argv):
                values[token] = argv[at + 1]
            at += 2
            continue
        if token.startswith("-"):
            option, equals, value = token.partition("=")
            if option in _VALUED and equals:
                values[option] = value
                at += 1
                continue
            return values, None
        return values, at
    return values, None


def hoist(argv: list[str]) -> list[str]:
    """The command line with the global options given after the command's name (`duban list --as-of
    2026-10-08`, `duban report … --by 王芳`) moved before it, where the one parser reads them; nothing
    after `--` is touched. `duban help import minutes` is `duban import minutes --help`."""
    at = _walk(argv)[1]
    if at is None:
        return list(argv)
    if argv[at] == "help":
        return [*argv[:at], *argv[at + 1 :], "--help"]
    moved: list[str] = []
    tail: list[str] = []
    rest = list(argv[at:])
    while rest:
        token = rest.pop(0)
        if token == "--":
            tail += [token, *rest]
            break
        option, equals, _ = token.partition("=")
        if token in _VALUED and rest:
            moved += [token, rest.pop(0)]
        elif option in _VALUED and equals:
            moved.append(token)
        else:
            tail.append(token)
    return [*argv[:at], *moved, *tail]


def command_name(argv: list[str]) -> str | None:
    """The command a command line runs, or None (help, version, or something to be explained)."""
    at = _walk(argv)[1]
    return None if at is None else argv[at]


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


NO_FCNTL = "duban 需要 Linux（含统信 UOS、银河麒麟）或 macOS：本系统没有文件锁（fcntl）；Windows 上请在 WSL 里运行"


def main() -> None:
    try:
        import fcntl  # noqa: F401  (the office's lock: store.Office.lock)
    except ImportError:
        sys.stderr.write(NO_FCNTL + "\n")
        raise SystemExit(1) from None
    try:
        _main()
    except KeyboardInterrupt:
        # Ctrl-C while modules load or before typer's handler is in place: one line, no traceback.
        sys.stderr.write("已中断（Ctrl-C）\n")
        raise SystemExit(130) from None


def _main() -> None:
    import os

    gc.disable()  # importing creates many objects and no garbage: collecting them is wasted work
    argv = sys.argv[1:] = hoist(sys.argv[1:])
    name = command_name(argv)
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
    # What was imported so far lives as long as the process: the collector need not walk it again.
    gc.freeze()
    gc.enable()
    try:
        app(prog_name="duban")
    except SystemExit as done:
        _leave(done.code)
    _leave(0)


def _leave(code: object) -> None:
    """End the command without tearing the interpreter down (about 9 ms once typer is loaded): the
    streams are flushed here. When anything asked to run at exit (a handler, a thread still
    working) or the status is not a number, Python ends it as usual."""
    import os
    import threading

    handlers = getattr(atexit, "_ncallbacks", lambda: 1)()
    if handlers or threading.active_count() > 1 or not (code is None or type(code) is int):
        raise SystemExit(code)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass  # the reader (head, less) went away: nothing more to say to it
    try:
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(code or 0)


def __getattr__(name: str) -> Any:
    if name in ("app", "COMMANDS"):
        from duban.cli import commands

        return getattr(commands, name)
    raise AttributeError(name)
