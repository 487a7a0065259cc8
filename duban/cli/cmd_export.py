"""duban export PATH.xlsx|PATH.csv: the ledger (台账)."""

from __future__ import annotations

from pathlib import Path

import typer

from duban.cli import completion
from duban.cli.root import app, session
from duban.cli.views import list_filters
from duban.usecases import figures


@app.command("export", epilog="例：duban export 台账.xlsx --status 在办")
def export_command(
    ctx: typer.Context,
    path: Path = typer.Argument(..., metavar="文件", help="台账文件：.xlsx（Excel）或 .csv（UTF-8 带 BOM）。"),
    status: str | None = typer.Option(
        None,
        "--status",
        metavar="状态",
        autocompletion=completion.statuses(),
        help="在办、待交办、办理中、待审核、已办结、已终止、已归档。",
    ),
    unit: str | None = typer.Option(
        None, "--unit", metavar="单位", autocompletion=completion.units, help="主办或协办单位。"
    ),
    source_kind: str | None = typer.Option(
        None,
        "--source-kind",
        metavar="来源类别",
        autocompletion=completion.source_kinds(),
        help=completion.source_kinds_help("只导出这一来源类别，"),
    ),
    leader: str | None = typer.Option(
        None, "--leader", metavar="姓名", help="批示领导（几位领导批示的事项，其中任何一位都算）。"
    ),
    search: str | None = typer.Option(
        None, "--search", "-s", metavar="文字", help="在标题、督办内容、来源依据和建议提案的届次、案号、代表中查找。"
    ),
    year: int | None = typer.Option(None, "--year", metavar="年份", help="只导出该年立项的事项。"),
) -> None:
    """导出台账：每个事项一行；xlsx 有真正的日期单元格、冻结的表头、筛选，逾期行标红、临期行标黄。"""
    filters = list_filters(status, unit, source_kind, leader, search, year)
    count = figures.export_ledger(session(ctx), path, filters)
    typer.echo(f"已导出 {count} 项到 {path}")
