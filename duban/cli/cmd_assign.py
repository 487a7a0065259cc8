"""duban assign ID: 交办."""

from __future__ import annotations

import typer

from duban import lifecycle
from duban.cli import completion
from duban.cli.root import app, choice, count, date_option, deadline_options, done, exclusive, session
from duban.cli.views import deadline_text
from duban.config import HANDLINGS
from duban.model import REPORT_CYCLES
from duban.usecases import procedure, queries


@app.command("assign", epilog="例：duban assign 2026-0001 --lead-unit 住建局 --days 10")
def assign_command(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="编号", autocompletion=completion.case_ids, help="事项编号。"),
    lead_unit: list[str] = typer.Option(
        [], "--lead-unit", metavar="单位", autocompletion=completion.units, help="主办单位（不给则用立项时登记的）。"
    ),
    co_unit: list[str] = typer.Option(
        [], "--co-unit", metavar="单位", autocompletion=completion.units, help="协办单位（可多次给出）。"
    ),
    deadline: str | None = typer.Option(None, "--deadline", metavar="日期", help="办理时限（具体日期）。"),
    days: int | None = typer.Option(None, "--days", metavar="N", help="办理时限为交办日之后第 N 个工作日。"),
    standing: bool = typer.Option(False, "--standing", help=lifecycle.STANDING_HELP + "。"),
    report_every: str | None = typer.Option(
        None, "--report-every", metavar="周期", help="报告周期：无、每日、每周、每月、每季度。"
    ),
    handling: str | None = typer.Option(
        None,
        "--handling",
        metavar="办理方式",
        autocompletion=completion.choices(*HANDLINGS),
        help="自办（本单位职权内）、报批（须报政府审批）、会同（须会同其他单位）：按 config.yaml 的规则定时限。",
    ),
    opinion: str = typer.Option("", "--opinion", metavar="文字", help="拟办意见。"),
    approved_by: str = typer.Option("", "--approved-by", metavar="领导", help="批准交办的领导。"),
    by_office: bool = typer.Option(
        False,
        "--self",
        help="本办自办：上级督查的事项由本办（config.yaml 的机关名称）牵头办理并向上级报告，"
        "具体任务用 duban new --parent 分解给各单位。",
    ),
) -> None:
    """交办：确定主办、协办单位和办理时限（未给时限时按 config.yaml 的办理时限规则计算）。"""
    deadline_options(deadline, days, standing)
    exclusive({"--self": by_office, "--lead-unit": lead_unit}, "本办自办时主办单位就是本办")
    request = lifecycle.Assignment(
        lead_units=tuple(lead_unit),
        co_units=tuple(co_unit),
        deadline=date_option(ctx, deadline, "--deadline 的日期") if deadline else None,
        days=count(days, "--days"),
        report_cycle=choice(report_every, REPORT_CYCLES, "--report-every") if report_every else None,
        handling=choice(handling, HANDLINGS, "--handling") if handling else "",
        opinion=opinion,
        approved_by=approved_by,
        by_office="本办" if by_office else "",
        standing=standing,
    )
    current = session(ctx)
    case = procedure.assign(current, case_id, request)
    view = queries.view(case, current.office.config.calendar(), current.today)
    done(f"已交办 {case.id}：主办 {'、'.join(case.lead_units)}，办理时限 {deadline_text(view)}")
