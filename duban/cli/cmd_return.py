"""duban return ID --reason R: 退回重办."""

from __future__ import annotations

import typer

from duban import lifecycle
from duban.cli import completion
from duban.cli.root import app, count, done, session
from duban.usecases import procedure


@app.command("return", epilog="例：duban return 2026-0001 --reason 数据不准 --days 5")
def return_command(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="编号", autocompletion=completion.case_ids, help="事项编号。"),
    reason: str = typer.Option(
        ...,
        "--reason",
        "--opinion",
        metavar="理由",
        help="退回理由，即督办室的审查意见（--opinion 同义）：内容不清、数据不准、格式不符等。",
    ),
    days: int | None = typer.Option(
        None, "--days", metavar="N", help="重办时限：退回之日后 N 个工作日（默认取 config.yaml 的“退回重办时限”）。"
    ),
    unit: str | None = typer.Option(
        None,
        "--unit",
        metavar="单位",
        autocompletion=completion.units,
        help="只退回这个主办单位的办结报告（默认全部）。",
    ),
) -> None:
    """退回重办：不接受办结报告，事项回到“办理中”（计入退回次数）；按时报送的，只要在重办时限内重报就不算超期。"""
    case = procedure.return_report(session(ctx), case_id, reason, count(days, "--days"), unit or "")
    redo = case.events[-1].get("重办时限")
    done(f"已退回 {case.id}（第 {lifecycle.returns(case)} 次），重办时限 {redo}，事项状态：{case.status}")
