"""duban list: many cases, filtered."""

from __future__ import annotations

import sys

import typer

from duban.cli import completion
from duban.cli.root import app, console, print_json_stream, session, stdout_is_terminal
from duban.cli.text import one_line
from duban.cli.views import (
    NARROW,
    case_columns,
    deadline_text,
    fit,
    fixed,
    left_text,
    list_filters,
    new_table,
    unit_names,
    units_text,
)
from duban.usecases import queries


@app.command("list", epilog="例：duban list --status 在办 --unit 住建局")
def list_command(
    ctx: typer.Context,
    status: str | None = typer.Option(
        None,
        "--status",
        metavar="状态",
        autocompletion=completion.statuses(),
        help="在办、待交办、办理中、待审核、已办结、已终止、已归档。",
    ),
    unit: str | None = typer.Option(
        None, "--unit", metavar="单位", autocompletion=completion.units, help="主办或协办单位（全称或简称）。"
    ),
    source_kind: str | None = typer.Option(
        None,
        "--source-kind",
        metavar="来源类别",
        autocompletion=completion.source_kinds(),
        help=completion.source_kinds_help("只列这一来源类别，"),
    ),
    leader: str | None = typer.Option(
        None, "--leader", metavar="姓名", help="批示领导（几位领导批示的事项，其中任何一位都算）。"
    ),
    search: str | None = typer.Option(
        None, "--search", "-s", metavar="文字", help="在标题、督办内容、来源依据和建议提案的届次、案号、代表中查找。"
    ),
    year: int | None = typer.Option(None, "--year", metavar="年份", help="只列该年立项的事项。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出。"),
) -> None:
    """列出督办事项，可按状态、单位、来源、领导、文字筛选。"""
    filters = list_filters(status, unit, source_kind, leader, search, year)
    items = queries.iter_cases(session(ctx), filters)
    if as_json:
        print_json_stream(item.to_json() for item in items)
        return
    if not stdout_is_terminal():
        write = sys.stdout.write
        for item in items:
            case = item.case
            row = (case.id, case.doc_number, case.status, deadline_text(item), units_text(case.lead_units), case.title)
            write("\t".join(one_line(cell) for cell in row) + "\n")
        return
    from rich.markup import escape

    out = console()
    narrow = out.width < NARROW
    config = session(ctx).office.config
    rows = []  # the cells only: the cases themselves are not kept while the table is built
    for item in items:
        case = item.case
        cells = [case.id] + ([] if narrow else [case.doc_number])
        cells += [
            escape(case.title),
            escape(unit_names(case.lead_units, config, narrow)),
            deadline_text(item),
            left_text(item, short=narrow),
            case.status,
        ]
        late = item.workdays_left is not None and item.workdays_left < 0
        rows.append((cells, "red" if late else None))
    table = new_table(f"督办事项（{len(rows)} 项）")
    case_columns(table, narrow)
    fixed(table, "状态")
    for cells, style in rows:
        table.add_row(*cells, style=style)
    out.print(fit(table, out.width))
