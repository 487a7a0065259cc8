"""duban stats: the per-unit assessment table (目标考核)."""

from __future__ import annotations

import typer

from duban.cli.root import app, console, parse_date, print_json, session, stdout_is_terminal
from duban.usecases import figures


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@app.command("stats")
def stats_command(
    ctx: typer.Context,
    start: str | None = typer.Option(None, "--from", metavar="YYYY-MM-DD", help="统计期间的第一天；默认不限。"),
    end: str | None = typer.Option(None, "--to", metavar="YYYY-MM-DD", help="统计期间的最后一天；默认今天。"),
    unit: str | None = typer.Option(None, "--unit", metavar="单位", help="只看这个单位。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出。"),
) -> None:
    """考核统计：每个单位作为主办单位的交办、办结、按期、超期、逾期、催办、退回、延期、按期率和得分。"""
    rows = figures.stats(
        session(ctx),
        parse_date(start, "--from 的日期") if start else None,
        parse_date(end, "--to 的日期") if end else None,
        unit,
    )
    if as_json:
        print_json(rows)
        return
    headers = figures.STATS_KEYS
    if not stdout_is_terminal():
        typer.echo("\t".join(headers))
        for row in rows:
            typer.echo("\t".join(_rate(row[h]) if h == "按期率" else str(row[h]) for h in headers))
        return
    from rich.table import Table

    table = Table(title="各单位督办考核", title_justify="left")
    for header in headers:
        table.add_column(header, justify="left" if header == "单位" else "right")
    for row in rows:
        table.add_row(*(_rate(row[h]) if h == "按期率" else str(row[h]) for h in headers))
    console().print(table)
