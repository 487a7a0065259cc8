"""duban inspect ID --way 实地督查|暗访|约谈|听取汇报|电话督查|联合督查: 督查, not a 催办."""

from __future__ import annotations

import typer

from duban import lifecycle
from duban.cli import completion
from duban.cli.root import app, count, done, session
from duban.errors import InputError
from duban.lifecycle import INSPECTION_WAYS
from duban.usecases import procedure


@app.command("inspect", epilog="例：duban inspect 2026-0001 --way 实地督查 --findings 进度滞后 --problem")
def inspect_command(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="编号", autocompletion=completion.case_ids, help="事项编号。"),
    way: str = typer.Option(
        ...,
        "--way",
        metavar="方式",
        autocompletion=completion.choices(*INSPECTION_WAYS),
        help="督查方式：实地督查、暗访、约谈、听取汇报、电话督查、联合督查。",
    ),
    findings: str = typer.Option("", "--findings", metavar="情况", help="督查发现的情况或问题。"),
    members: list[str] = typer.Option(
        [], "--member", metavar="姓名", help="参加督查的人员（可重复；联合督查可写单位）。"
    ),
    problem: bool = typer.Option(False, "--problem", help="督查发现了问题（须用 --findings 写明）。"),
    rectify: bool = typer.Option(
        False, "--rectify", help="责令整改：整改时限为 config.yaml 的整改时限（默认 5 个工作日）。"
    ),
    rectify_days: int | None = typer.Option(
        None, "--rectify-days", metavar="N", help="责令在 N 个工作日内整改（代替 config.yaml 的整改时限）。"
    ),
) -> None:
    """督查：记录一次实地督查、暗访、约谈、听取汇报、电话督查或联合督查（日期为今天），谁参加、发现了什么、
    有没有问题；发现问题的可责令限期整改（单位用 report --rectification 报送整改情况）。督查不是催办，不计催办次数。"""
    if way.strip() in lifecycle.REMINDER_WAYS:
        raise InputError(f"“{way.strip()}”是催办方式：请用 duban remind {case_id} --way {way.strip()} 记录催办")
    if way.strip() not in INSPECTION_WAYS:
        raise InputError(f"督查方式“{way.strip()}”不认识，可选：{'、'.join(INSPECTION_WAYS)}")
    days = count(rectify_days, "--rectify-days", 100)
    request = lifecycle.Inspection(way.strip(), tuple(members), findings, problem, days)
    case = procedure.inspect(session(ctx), case_id, request, rectify)
    event = case.events[-1]
    found = "，发现问题" if event.get("发现问题") else ""
    until = f"，责令于 {event.get('整改时限')} 前整改" if event.get("整改时限") else ""
    done(f"已记录 {case.id} {way.strip()}{found}{until}")
