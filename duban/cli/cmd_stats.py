"""duban stats: the per-unit assessment table (目标考核)."""

from __future__ import annotations

import typer

from duban.cli import completion
from duban.cli.root import app, console, date_option, print_json, session, stdout_is_terminal
from duban.cli.text import one_line
from duban.cli.views import NARROW, fit, fixed, new_table, shrinking
from duban.usecases import figures


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@app.command("stats")
def stats_command(
    ctx: typer.Context,
    start: str | None = typer.Option(None, "--from", metavar="日期", help="统计期间的第一天；默认不限。"),
    end: str | None = typer.Option(None, "--to", metavar="日期", help="统计期间的最后一天；默认今天。"),
    unit: str | None = typer.Option(
        None, "--unit", metavar="单位", autocompletion=completion.units, help="只看这个单位。"
    ),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出。"),
) -> None:
    """考核统计：每个单位作为主办单位的交办、办结、按期、超期、逾期、催办、退回、延期、按期率和得分。"""
    rows = figures.stats(
        session(ctx),
        date_option(ctx, start, "--from 的日期") if start else None,
        date_option(ctx, end, "--to 的日期") if end else None,
        unit,
    )
    if as_json:
        print_json(rows)
        return
    headers = figures.STATS_KEYS
    if not stdout_is_terminal():
        typer.echo("\t".join(headers))
        for row in rows:
            typer.echo("\t".join(_rate(row[h]) if h == "按期率" else one_line(str(row[h])) for h in headers))
        return
    from rich.markup import escape

    out = console()
    narrow = out.width < NARROW
    config = session(ctx).office.config
    table = new_table("各单位督办考核")
    shrinking(table, "单位", min_width=6)
    for header in headers[1:]:
        # Narrow: headers of four or more characters go on two lines (逾期 / 未办结), numbers never wrap.
        label = f"{header[:2]}\n{header[2:]}" if narrow and len(header) > 3 else header
        fixed(table, label, justify="right")
    for row in rows:
        name = config.short_name(row["单位"]) if narrow else row["单位"]
        table.add_row(escape(name), *(_rate(row[h]) if h == "按期率" else str(row[h]) for h in headers[1:]))
    out.print(fit(table, out.width))
