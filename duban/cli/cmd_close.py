"""duban close ID: 办结."""

from __future__ import annotations

import typer

from duban import lifecycle
from duban.cli import completion
from duban.cli.root import app, done, session
from duban.usecases import procedure


@app.command("close", epilog="例：duban close 2026-0001 --approved-by 张伟")
def close_command(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="编号", autocompletion=completion.case_ids, help="事项编号。"),
    approved_by: str = typer.Option("", "--approved-by", metavar="领导", help="审定办结的领导。"),
    answer_class: str = typer.Option(
        "", "--class", metavar="类别", help="人大建议、政协提案：审核后认定的答复类别（与单位所标不同时）。"
    ),
    opinion: str = typer.Option("", "--opinion", metavar="意见", help="审查意见：督办室对办结报告的审查意见。"),
) -> None:
    """办结：接受办结报告；按期或超期在此时认定并永久记录。建议、提案的答复类别在此审定。"""
    case = procedure.close(session(ctx), case_id, approved_by, answer_class, opinion)
    mark = lifecycle.answer_class(case) if case.source.is_proposal else ""
    verdict = f"{'按期' if lifecycle.on_time(case) else '超期'}办结"
    if case.standing:
        verdict = "常态事项办结（不设时限，不认定按期或超期）"
    done(f"已办结 {case.id}：{verdict}" + (f"，答复类别 {mark}" if mark else ""))
