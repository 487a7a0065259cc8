"""duban assign ID: 交办."""

from __future__ import annotations

import typer

from duban import lifecycle
from duban.cli import completion
from duban.cli.root import app, choice, count, date_option, done, session
from duban.model import REPORT_CYCLES
from duban.usecases import procedure, queries


@app.command("assign")
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
    report_every: str | None = typer.Option(None, "--report-every", metavar="周期", help="报告周期：无、每周、每月。"),
) -> None:
    """交办：确定主办、协办单位和办理时限（未给时限时按 config.yaml 的办理时限规则计算）。"""
    request = lifecycle.Assignment(
        lead_units=tuple(lead_unit),
        co_units=tuple(co_unit),
        deadline=date_option(ctx, deadline, "--deadline 的日期") if deadline else None,
        days=count(days, "--days"),
        report_cycle=choice(report_every, REPORT_CYCLES, "--report-every") if report_every else None,
    )
    current = session(ctx)
    case = procedure.assign(current, case_id, request)
    view = queries.view(case, current.office.config.calendar(), current.today)
    mark = "（暂按周末推算）" if view.provisional else ""
    done(f"已交办 {case.id}：主办 {'、'.join(case.lead_units)}，办理时限 {case.deadline}{mark}")
