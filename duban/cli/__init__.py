"""The command line: one module per command, all registered on one typer app."""

from duban.cli import (
    cmd_ack,
    cmd_archive,
    cmd_assign,
    cmd_bulletin,
    cmd_check,
    cmd_close,
    cmd_dashboard,
    cmd_export,
    cmd_extend,
    cmd_import,
    cmd_init,
    cmd_list,
    cmd_log,
    cmd_new,
    cmd_overdue,
    cmd_remind,
    cmd_render,
    cmd_report,
    cmd_return,
    cmd_show,
    cmd_stats,
    cmd_terminate,
    cmd_undo,
    cmd_workdays,
)
from duban.cli.app import app

# Importing a command module registers it on the app, in this order in the help.
COMMANDS = (
    cmd_init,
    cmd_new,
    cmd_assign,
    cmd_ack,
    cmd_report,
    cmd_remind,
    cmd_extend,
    cmd_return,
    cmd_close,
    cmd_terminate,
    cmd_archive,
    cmd_import,
    cmd_show,
    cmd_list,
    cmd_log,
    cmd_overdue,
    cmd_render,
    cmd_bulletin,
    cmd_stats,
    cmd_export,
    cmd_dashboard,
    cmd_check,
    cmd_undo,
    cmd_workdays,
)
__all__ = ["COMMANDS", "app", "main"]


def main() -> None:
    app(prog_name="duban")
