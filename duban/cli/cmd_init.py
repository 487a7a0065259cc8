"""duban init DIR: a new office repository."""

from __future__ import annotations

from pathlib import Path

import typer

from duban.cli.root import app, session
from duban.usecases import registry


@app.command("init", epilog="例：duban init 督办 --office 示范区人民政府办公室 --units 单位.yaml")
def init_command(
    ctx: typer.Context,
    directory: Path = typer.Argument(..., metavar="目录", help="新督办仓库的目录（不存在则创建）。"),
    office: str = typer.Option("督办室", "--office", metavar="机关名称", help="机关名称，如 示范区人民政府办公室。"),
    units: Path | None = typer.Option(
        None, "--units", metavar="文件", help="单位名录（YAML 或 CSV：名称、简称、主要负责人）。"
    ),
    force: bool = typer.Option(False, "--force", help="目录不是空的、或在另一个 git 仓库之中时，仍在此建库。"),
) -> None:
    """新建督办仓库：config.yaml、cases/、templates/，并做第一次提交。"""
    result = registry.init_office(directory, office, units, session(ctx).by, force)
    typer.echo(
        f"已新建督办仓库 {result.root}（单位 {result.units} 个）。下一步：cd {result.root} 后用 duban new 立项。"
    )
