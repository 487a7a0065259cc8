"""The commands, one module each, registered on the one typer app when imported.

A command line needs only its own command: main() imports that module alone (help, completion and
anything unknown import them all), so that `duban show` does not pay for the import of twenty-eight
others. The order here is the order of the help."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from types import ModuleType

MODULES = {
    "init": "cmd_init",
    "new": "cmd_new",
    "assign": "cmd_assign",
    "ack": "cmd_ack",
    "report": "cmd_report",
    "remind": "cmd_remind",
    "extend": "cmd_extend",
    "instruct": "cmd_instruct",
    "request": "cmd_request",
    "reply": "cmd_reply",
    "return": "cmd_return",
    "decline": "cmd_decline",
    "close": "cmd_close",
    "satisfaction": "cmd_satisfaction",
    "recheck": "cmd_recheck",
    "terminate": "cmd_terminate",
    "void": "cmd_void",
    "archive": "cmd_archive",
    "import": "cmd_import",
    "show": "cmd_show",
    "list": "cmd_list",
    "log": "cmd_log",
    "overdue": "cmd_overdue",
    "morning": "cmd_morning",
    "render": "cmd_render",
    "bulletin": "cmd_bulletin",
    "briefing": "cmd_briefing",
    "stats": "cmd_stats",
    "export": "cmd_export",
    "dashboard": "cmd_dashboard",
    "check": "cmd_check",
    "recalc": "cmd_recalc",
    "sync": "cmd_sync",
    "merge-file": "cmd_merge_file",
    "undo": "cmd_undo",
    "edit": "cmd_edit",
    "workdays": "cmd_workdays",
    "completion": "cmd_completion",
    "help": "cmd_help",
    "inspect": "cmd_inspect",
    "refer": "cmd_refer",
    "notify": "cmd_notify",
    "doctor": "cmd_doctor",
}


def load(names: Iterable[str] | None = None) -> list[ModuleType]:
    """Import the modules of these commands (all when None), registering them on the app."""
    wanted = list(MODULES) if names is None else [n for n in names if n in MODULES]
    return [importlib.import_module(f"duban.cli.{MODULES[name]}") for name in wanted]


def __getattr__(name: str) -> object:
    if name == "app":
        from duban.cli.root import app

        load()
        return app
    if name == "COMMANDS":
        return tuple(load())
    raise AttributeError(name)
