"""duban help CMD: the help of a command (main() reads `duban help X` as `duban X --help`)."""

from __future__ import annotations

import typer

from duban.cli.root import app


@app.command("help", epilog="例：duban help import minutes")
def help_command(
    ctx: typer.Context,
    words: list[str] = typer.Argument(None, metavar="命令", help="要查看用法的命令，如 assign 或 import minutes。"),
) -> None:
    """显示某个命令的用法（与 duban 命令 -h 相同）。"""
    typer.echo(ctx.find_root().get_help())
