"""The command line: one module per command, all registered on one typer app."""

from duban.cli import cmd_check, cmd_init, cmd_list, cmd_new, cmd_show, cmd_workdays
from duban.cli.app import app

__all__ = ["app", "cmd_check", "cmd_init", "cmd_list", "cmd_new", "cmd_show", "cmd_workdays", "main"]


def main() -> None:
    app(prog_name="duban")
