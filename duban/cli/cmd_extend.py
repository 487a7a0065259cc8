"""duban extend ID --to DATE: 延期."""

from __future__ import annotations

import typer

from duban.cli import completion
from duban.cli.root import app, date_option, done, session
from duban.usecases import procedure


@app.command("extend", epilog="例：duban extend 2026-0001 --to 2026-10-30 --reason 待批复 --approved-by 张伟")
def extend_command(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="编号", autocompletion=completion.case_ids, help="事项编号。"),
    to: str = typer.Option(..., "--to", metavar="日期", help="延期后的办理时限。"),
    reason: str = typer.Option(..., "--reason", metavar="理由", help="延期理由。"),
    approved_by: str = typer.Option(..., "--approved-by", metavar="领导", help="批准延期的领导（批准日期为今天）。"),
    requested: str | None = typer.Option(
        None,
        "--requested",
        metavar="日期",
        help="单位提出延期申请的日期（在时限内申请、时限后才批准的，仍算按时申请）。",
    ),
) -> None:
    """延期：经领导批准改定办理时限；超过时限后才申请的，记为逾期申请，不改变超期的认定。"""
    asked = date_option(ctx, requested, "--requested 的日期") if requested else None
    case = procedure.extend(session(ctx), case_id, date_option(ctx, to, "--to 的日期"), reason, approved_by, asked)
    event = case.events[-1]
    late = "（逾期申请，仍按原时限认定是否按期）" if event.get("逾期申请") else ""
    done(f"已延期 {case.id}：{event.get('原时限')} → {case.deadline}{late}")
