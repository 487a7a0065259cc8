"""duban return ID --reason R: 退回重办."""

from __future__ import annotations

import typer

from duban import lifecycle
from duban.cli import completion
from duban.cli.root import app, done, session
from duban.usecases import procedure


@app.command("return")
def return_command(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="编号", autocompletion=completion.case_ids, help="事项编号。"),
    reason: str = typer.Option(..., "--reason", metavar="理由", help="退回理由：内容不清、数据不准、格式不符等。"),
) -> None:
    """退回重办：不接受办结报告，事项回到“办理中”（计入退回次数）。"""
    case = procedure.return_report(session(ctx), case_id, reason)
    done(f"已退回 {case.id}（第 {lifecycle.returns(case)} 次），事项状态：{case.status}")
