"""duban list: many cases, filtered."""

from __future__ import annotations

import sys

import typer

from duban.cli import completion
from duban.cli.root import app, console, print_json_stream, session, stdout_is_terminal
from duban.cli.text import one_line
from duban.cli.views import (
    Column,
    case_columns,
    deadline_cell,
    deadline_column,
    deadline_text,
    fitted_tables,
    left_text,
    list_filters,
    print_tables,
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
    out = console()
    config = session(ctx).office.config
    # The cells only, in both forms: the cases themselves are not kept while the table is built.
    ids: list[str] = []
    numbers: list[str] = []
    titles: list[str] = []
    units: tuple[list[str], list[str]] = ([], [])
    deadlines: tuple[list[str], list[str]] = ([], [])
    left: tuple[list[str], list[str]] = ([], [])
    statuses: list[str] = []
    styles: list[str | None] = []
    for item in items:
        case = item.case
        ids.append(case.id)
        numbers.append(case.doc_number)
        titles.append(case.title)
        units[0].append(units_text(case.lead_units))
        units[1].append(unit_names(case.lead_units, config, short=True))
        deadlines[0].append(deadline_text(item))
        deadlines[1].append(deadline_cell(item))
        left[0].append(left_text(item))
        left[1].append(left_text(item, short=True))
        statuses.append(case.status)
        late = item.workdays_left is not None and item.workdays_left < 0
        styles.append("red" if late else None)
    columns = [
        *case_columns(ids, numbers, titles, units),
        deadline_column(*deadlines),
        Column("进度", left[0], short=left[1], give_way=4),
        Column("状态", statuses),
    ]
    print_tables(out, fitted_tables(f"督办事项（{len(ids)} 项）", columns, styles, out.width))
