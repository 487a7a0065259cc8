"""duban dashboard: one self-contained page for a leader."""

from __future__ import annotations

from pathlib import Path

import typer

from duban.cli.root import app, session
from duban.usecases import figures


@app.command("dashboard", epilog="例：duban dashboard -o out/index.html")
def dashboard_command(
    ctx: typer.Context,
    output: Path | None = typer.Option(None, "-o", "--output", metavar="路径", help="输出文件；默认 out/index.html。"),
) -> None:
    """督办看板：一页 HTML（不联网、无脚本、可打印）：分级统计、各单位按期率图、逾期事项、本周到期。"""
    path = figures.dashboard(session(ctx), output)
    typer.echo(f"已生成 {path}")
