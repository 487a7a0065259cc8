"""duban request ID --unit U --text T: a unit's 请示 on a running case."""

from __future__ import annotations

import typer

from duban.cli import completion
from duban.cli.root import app, done, session
from duban.usecases import procedure


@app.command("request", epilog="例：duban request 2026-0001 --unit 住建局 --text 资金缺口如何解决")
def request_command(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="编号", autocompletion=completion.case_ids, help="事项编号。"),
    unit: str = typer.Option(..., "--unit", metavar="单位", autocompletion=completion.units, help="请示的承办单位。"),
    text: str = typer.Option(..., "--text", metavar="内容", help="请示事项：需要决定的问题。"),
) -> None:
    """请示：登记承办单位请求决定的事项；超过 config.yaml 的请示答复时限（默认 5 个工作日）仍未批复的，
    逾期检查标“请示未复”。"""
    case = procedure.request(session(ctx), case_id, unit, text)
    event = case.events[-1]
    done(f"已登记 {case.id} 第{event.get('序号')}件请示（{event.get('单位')}），{event.get('答复时限')} 前批复")
