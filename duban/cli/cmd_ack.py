"""duban ack ID --unit U: 签收."""

from __future__ import annotations

import typer

from duban.cli import completion
from duban.cli.root import app, done, session
from duban.usecases import procedure


@app.command("ack", epilog="例：duban ack 2026-0001 --unit 住建局")
def ack_command(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="编号", autocompletion=completion.case_ids, help="事项编号。"),
    unit: str = typer.Option(
        ..., "--unit", metavar="单位", autocompletion=completion.units, help="签收的单位（主办或协办）。"
    ),
) -> None:
    """签收：承办单位确认收到督办通知。"""
    case = procedure.acknowledge(session(ctx), case_id, unit)
    done(f"已签收 {case.id}：{case.events[-1].get('单位')}")
