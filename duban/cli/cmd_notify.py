"""duban notify ID...: 提醒 before the deadline, not a 催办."""

from __future__ import annotations

import typer

from duban.cli import completion
from duban.cli.root import app, choice, done, session
from duban.lifecycle import REMINDER_WAYS
from duban.usecases import procedure


@app.command("notify", epilog="例：duban notify 2026-0001 --note 时限将至")
def notify_command(
    ctx: typer.Context,
    case_ids: list[str] = typer.Argument(
        ..., metavar="编号...", autocompletion=completion.case_ids, help="要提醒的事项编号。"
    ),
    note: str = typer.Option("", "--note", metavar="说明", help="提醒的内容。"),
    way: str = typer.Option(
        "书面", "--way", metavar="方式", autocompletion=completion.choices(*REMINDER_WAYS), help="书面（默认）或电话。"
    ),
) -> None:
    """提醒：时限到期前提醒主办单位（临期提醒），不是催办，不计催办次数，也不扣分；多个事项一次提交。
    书面提醒可用 duban render due-notice 编号 生成到期提醒函。"""
    for case in procedure.notify(session(ctx), case_ids, note, choice(way, REMINDER_WAYS, "--way")):
        event = case.events[-1]
        left = event.get("剩余工作日")
        done(f"已提醒 {case.id}（办理时限 {event.get('办理时限')}，还有 {left} 个工作日）")
