"""duban workdays FROM N: the date N working days after FROM."""

from __future__ import annotations

import typer

from duban.calendar import PROVISIONAL_LABEL
from duban.cli.root import app, count, date_option, print_json, session
from duban.usecases import queries


@app.command("workdays", epilog="例：duban workdays 2026-09-30 10")
def workdays_command(
    ctx: typer.Context,
    start: str = typer.Argument(..., metavar="起始日期", help="起始日期 YYYY-MM-DD（当天不计算在内）。"),
    days: int = typer.Argument(..., metavar="工作日数", help="工作日数；0 表示当天（特急）。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出。"),
) -> None:
    """起始日期之后第 N 个工作日（按国务院节假日安排和本办补充安排，调休上班日算工作日）。"""
    current = session(ctx)
    count(days, "工作日数")
    result = queries.workdays(current, date_option(ctx, start, "起始日期"), days)
    if as_json:
        print_json(
            {
                "起始日期": start,
                "工作日数": days,
                "到期日期": result.date.isoformat(),
                "暂按法定节假日推算": result.provisional,
            }
        )
        return
    if result.provisional:
        hint = "该年节假日安排尚未收录，可在 config.yaml 的“节假日”中补充"
        typer.echo(f"{result.date.isoformat()}  {PROVISIONAL_LABEL}（{hint}）")
    else:
        typer.echo(result.date.isoformat())
