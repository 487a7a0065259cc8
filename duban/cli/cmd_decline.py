"""duban decline ID --unit U --reason R: 退办, a matter outside the unit's competence."""

from __future__ import annotations

import typer

from duban.cli import completion
from duban.cli.root import app, done, session
from duban.usecases import procedure


@app.command("decline", epilog="例：duban decline 2026-0001 --unit 财政局 --reason 不属于本单位职责")
def decline_command(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="编号", autocompletion=completion.case_ids, help="事项编号。"),
    unit: str = typer.Option(..., "--unit", metavar="单位", autocompletion=completion.units, help="退办的单位。"),
    reason: str = typer.Option(..., "--reason", metavar="理由", help="不属于本单位职责的理由。"),
) -> None:
    """退办：承办单位认为事项不属于本单位职责，说明理由退回交办机关（不得自行转办）。在收到后
    config.yaml 的退办时限（默认 10 日）内退办的不算逾期。主办单位退办的，事项回到“待交办”，由督办室重新交办。"""
    case = procedure.decline(session(ctx), case_id, unit, reason)
    event = case.events[-1]
    late = f"，已超过退办期限 {event.get('退办期限')}，计入考核" if event.get("逾期") else ""
    if event.get("主办"):
        done(f"已登记 {case.id} 退办（{event.get('单位')}）{late}；事项回到待交办，请用 duban assign 重新交办")
    else:
        done(f"已登记 {case.id} 退办（协办 {event.get('单位')}）{late}")
