"""duban satisfaction ID --result 满意|基本满意|不满意: the deputy's or member's answer (测评)."""

from __future__ import annotations

import typer

from duban.cli import completion
from duban.cli.root import app, choice, date_option, done, session
from duban.model import SATISFACTION
from duban.usecases import procedure


@app.command("satisfaction", epilog="例：duban satisfaction 2026-0001 --result 满意 --date 2026-10-01")
def satisfaction_command(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="编号", autocompletion=completion.case_ids, help="事项编号。"),
    result: str = typer.Option(..., "--result", metavar="结果", help="满意、基本满意 或 不满意（征询意见表上的）。"),
    note: str = typer.Option("", "--note", metavar="说明", help="代表（委员）的意见。"),
    filled: str | None = typer.Option(None, "--date", metavar="日期", help="征询意见表的填写日期（默认不记）。"),
) -> None:
    """测评：登记代表（委员）对答复的满意度。不满意的，事项转入重新办理，按 config.yaml 的重新办理时限
    （默认 1 个月）重新答复，并计入单位考核。"""
    current = session(ctx)
    chosen = choice(result, SATISFACTION, "--result")
    day = date_option(ctx, filled, "--date 的日期") if filled else None
    case = procedure.satisfaction(current, case_id, chosen, note, day)
    if chosen == "不满意":
        redo = next(e.get("重办时限") for e in reversed(case.events) if e.action == "测评")
        done(f"已登记 {case.id} 测评：不满意，转入重新办理，{redo} 前重新答复")
    else:
        done(f"已登记 {case.id} 测评：{chosen}")
