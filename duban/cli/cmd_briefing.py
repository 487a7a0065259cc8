"""duban briefing (--month M | --quarter Q | --from D --to D): 督办工作情况报告, to the leadership."""

from __future__ import annotations

from pathlib import Path

import typer

from duban.cli.root import app, choice, date_option, session
from duban.render.templates import FORMATS
from duban.usecases import documents


@app.command("briefing", epilog="例：duban briefing --month 2026-09 --leader 张伟 --format docx")
def briefing_command(
    ctx: typer.Context,
    month: str | None = typer.Option(None, "--month", metavar="月份", help="一个月，如 2026-09。"),
    quarter: str | None = typer.Option(None, "--quarter", metavar="季度", help="一个季度，如 2026Q3。"),
    start: str | None = typer.Option(None, "--from", metavar="日期", help="时期的第一天（与 --to 同用）。"),
    end: str | None = typer.Option(None, "--to", metavar="日期", help="时期的最后一天。"),
    leader: str = typer.Option("", "--leader", metavar="领导", help="呈阅的领导（报告的称呼行）。"),
    fmt: str = typer.Option(
        "md", "--format", "-f", metavar="格式", help="md、html、docx 或 pdf（需安装 LibreOffice）。"
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", metavar="路径", help="输出文件；默认在 out/ 下；- 表示输出到屏幕。"
    ),
) -> None:
    """督办工作情况报告：一个月或一个季度的督办数字，和需要领导关注的事项（逾期、多次催办、退回重办、
    待审核、延期），呈领导阅。"""
    fmt = choice(fmt, FORMATS, "--format")
    first = date_option(ctx, start, "--from 的日期") if start else None
    last = date_option(ctx, end, "--to 的日期") if end else None
    begin, finish, period = documents.period_of(first, last, month, quarter)
    rendered = documents.render_briefing(session(ctx), begin, finish, period, leader, fmt, output)
    if rendered.path == "-":
        typer.echo(rendered.text, nl=False)
    else:
        typer.echo(f"已生成 {rendered.path}")
    if rendered.fonts:
        typer.echo(rendered.fonts, err=True)
