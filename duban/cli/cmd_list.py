"""duban list: many cases, filtered."""

from __future__ import annotations

import typer

from duban.cli.root import app, console, print_json, session, stdout_is_terminal
from duban.cli.views import deadline_text, left_text, units_text
from duban.usecases import queries


@app.command("list")
def list_command(
    ctx: typer.Context,
    status: str | None = typer.Option(
        None, "--status", metavar="状态", help="在办、待交办、办理中、待审核、已办结、已终止、已归档。"
    ),
    unit: str | None = typer.Option(None, "--unit", metavar="单位", help="主办或协办单位（全称或简称）。"),
    source_kind: str | None = typer.Option(None, "--source-kind", metavar="来源类别", help="只列这一来源类别。"),
    leader: str | None = typer.Option(None, "--leader", metavar="姓名", help="批示领导。"),
    search: str | None = typer.Option(
        None, "--search", "-s", metavar="文字", help="在标题、督办内容和来源依据中查找。"
    ),
    year: int | None = typer.Option(None, "--year", metavar="年份", help="只列该年立项的事项。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出。"),
) -> None:
    """列出督办事项，可按状态、单位、来源、领导、文字筛选。"""
    filters = queries.Filters(status=status, unit=unit, source_kind=source_kind, leader=leader, text=search, year=year)
    items = queries.list_cases(session(ctx), filters)
    if as_json:
        print_json([item.to_json() for item in items])
        return
    if not stdout_is_terminal():
        for item in items:
            case = item.case
            typer.echo(
                "\t".join(
                    (
                        case.id,
                        case.doc_number,
                        case.status,
                        deadline_text(item),
                        units_text(case.lead_units),
                        case.title,
                    )
                )
            )
        return
    from rich.table import Table

    table = Table(title=f"督办事项（{len(items)} 项）", title_justify="left")
    for header in ("编号", "文号", "标题", "主办单位", "办理时限", "进度", "状态"):
        table.add_column(header, overflow="fold")
    for item in items:
        case = item.case
        table.add_row(
            case.id,
            case.doc_number,
            case.title,
            units_text(case.lead_units),
            deadline_text(item),
            left_text(item),
            case.status,
            style="red" if item.workdays_left is not None and item.workdays_left < 0 else None,
        )
    console().print(table)
