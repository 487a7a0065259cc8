"""duban reply ID --text T [--leader L] [--request N]: the 批复 of a 请示."""

from __future__ import annotations

import typer

from duban.cli import completion
from duban.cli.root import app, count, done, session
from duban.usecases import procedure


@app.command("reply", epilog="例：duban reply 2026-0001 --leader 张伟 --text 由财政局统筹解决")
def reply_command(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="编号", autocompletion=completion.case_ids, help="事项编号。"),
    text: str = typer.Option(..., "--text", metavar="内容", help="批复内容。"),
    leader: str = typer.Option("", "--leader", metavar="领导", help="作出批复的领导。"),
    number: int | None = typer.Option(
        None, "--request", metavar="N", help="批复第 N 件请示（show 中的序号；默认最早一件未批复的）。"
    ),
) -> None:
    """批复：答复承办单位的请示（默认答复最早一件未批复的请示）。"""
    case = procedure.reply(session(ctx), case_id, text, leader, count(number, "--request"))
    event = case.events[-1]
    done(f"已批复 {case.id} 第{event.get('请示序号')}件请示（{event.get('请示单位')}）")
