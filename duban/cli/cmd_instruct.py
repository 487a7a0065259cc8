"""duban instruct ID --leader L --text T: a leader's follow-up 批示 on a running case."""

from __future__ import annotations

import typer

from duban.cli import completion
from duban.cli.root import app, done, session
from duban.usecases import procedure


@app.command("instruct", epilog="例：duban instruct 2026-0001 --leader 张伟 --text 请加快进度")
def instruct_command(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="编号", autocompletion=completion.case_ids, help="事项编号。"),
    leader: str = typer.Option(..., "--leader", metavar="领导", help="作出批示的领导。"),
    text: str = typer.Option(..., "--text", metavar="内容", help="批示内容。"),
) -> None:
    """批示：登记领导对在办事项的跟进批示。"""
    case = procedure.instruct(session(ctx), case_id, leader, text)
    done(f"已登记 {case.id} {case.events[-1].get('领导')} 的批示")
