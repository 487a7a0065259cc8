"""duban remind (ID... | --overdue): 催办."""

from __future__ import annotations

import typer

from duban import lifecycle
from duban.cli import completion
from duban.cli.root import app, choice, done, session
from duban.errors import InputError, UsageError
from duban.lifecycle import INSPECTION_WAYS, REMINDER_WAYS, inspection_hint
from duban.usecases import procedure
from duban.usecases.overdue import AUTOMATIC_NOTE, remind_overdue


@app.command("remind", epilog="例：duban remind 2026-0001 --note 请于3个工作日内报送进展")
def remind_command(
    ctx: typer.Context,
    case_ids: list[str] = typer.Argument(
        None, metavar="编号...", autocompletion=completion.case_ids, help="要催办的事项编号。"
    ),
    overdue: bool = typer.Option(False, "--overdue", help="催办全部逾期事项。"),
    note: str = typer.Option("", "--note", metavar="说明", help="催办的要求或情况说明。"),
    way: str = typer.Option(
        "书面",
        "--way",
        metavar="方式",
        autocompletion=completion.choices(*REMINDER_WAYS),
        help="催办方式：书面（默认）、电话。实地督查、约谈等是督查，用 duban inspect 记录。",
    ),
) -> None:
    """催办：记录一次催办（计入催办次数）；多个事项一次提交。"""
    if way.strip() in INSPECTION_WAYS:
        raise InputError(inspection_hint(way.strip()))
    current = session(ctx)
    ids = list(case_ids or [])
    if overdue:
        if ids:
            raise UsageError("--overdue 与事项编号只能给一个：要么催办全部逾期事项，要么给出编号")
        reminded = remind_overdue(current, note=note or AUTOMATIC_NOTE, way=choice(way, REMINDER_WAYS, "--way"))
        if not reminded:
            done("没有今天尚未催办的逾期事项，无需催办")
        for case in reminded:
            done(f"已催办 {case.id}（第 {lifecycle.reminders(case)} 次）")
        return
    if not ids:
        raise UsageError("请给出要催办的事项编号，或用 --overdue 催办全部逾期事项")
    for case in procedure.remind(current, ids, note, choice(way, REMINDER_WAYS, "--way")):
        done(f"已催办 {case.id}（第 {lifecycle.reminders(case)} 次）")
