"""duban merge-file BASE OURS THEIRS PATH: git's merge driver for case files (not for people)."""

from __future__ import annotations

from pathlib import Path

import typer

from duban.cli.root import app


@app.command("merge-file", hidden=True, epilog="例：duban merge-file %O %A %B %P")
def merge_file_command(
    base: Path = typer.Argument(...),
    ours: Path = typer.Argument(...),
    theirs: Path = typer.Argument(...),
    path: str = typer.Argument(""),
) -> None:
    """git 合并事项文件时调用：办理过程和办理报告取并集，其他字段一边改了取改的一边，两边改得不同则停止。"""
    from duban.merge import merge_file

    if not merge_file(base, ours, theirs, path):
        raise typer.Exit(1)
