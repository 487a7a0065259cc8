"""duban overdue: the morning check, for people and for cron."""

from __future__ import annotations

from typing import Any

import typer

from duban.cli import overdue_output as output
from duban.cli.root import app, console, session, stdout_is_terminal


@app.command("overdue")
def overdue_command(
    ctx: typer.Context,
    within: int | None = typer.Option(
        None, "--within", metavar="N", help="N 个工作日内到期的算“临期”；默认取 config.yaml 的临期提醒。"
    ),
    fmt: str | None = typer.Option(
        None, "--format", metavar="格式", help="table（终端默认）、plain（非终端默认）、json、csv。"
    ),
    unit: str | None = typer.Option(None, "--unit", metavar="单位", help="只看该单位主办的事项。"),
    by_unit: bool = typer.Option(False, "--by-unit", help="按主办单位汇总。"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="没有逾期和临期事项时什么也不输出（供 cron 使用）。"),
    exit_code: bool = typer.Option(False, "--exit-code", help="有逾期事项时以状态 3 退出。"),
    remind: bool = typer.Option(
        False, "--remind", help="为每个逾期事项记录一次催办（同一事项每天至多一次），一次提交。"
    ),
    workday_only: bool = typer.Option(
        False, "--workday-only", help="今天不是工作日时什么也不做（调休上班日照常检查），便于 cron 每天运行。"
    ),
) -> None:
    """逾期检查：逾期（红）、临期（黄）、逾期未报、停滞；按级别和逾期程度排序。"""
    fmt = fmt or ("table" if stdout_is_terminal() else "plain")
    code = output.run_check(
        session(ctx), within, fmt, unit, by_unit, quiet, exit_code, remind, workday_only, table=_print_table
    )
    if code:
        raise typer.Exit(code)


def _print_table(alerts: list[Any], office: str, today: str) -> None:
    from rich.markup import escape
    from rich.table import Table

    out = console()
    out.print(escape(output.headline(office, today, alerts)))
    for level, colour in output.LEVEL_COLOURS.items():
        group = [a for a in alerts if a.level == level]
        if not group:
            continue
        table = Table(title=f"{level}（{len(group)} 项）", title_justify="left", title_style=f"bold {colour}")
        for header in ("编号", "文号", "标题", "主办单位", "办理时限", "进度", "催办", "另有"):
            table.add_column(header, overflow="fold")
        for alert in group:
            case = alert.case
            table.add_row(
                case.id,
                escape(case.doc_number),
                escape(case.title),
                escape("、".join(case.lead_units)),
                output.deadline_text(alert),
                output.days_text(alert) if level != "停滞" else f"{alert.idle} 个工作日无进展",
                str(alert.reminders),
                "、".join(alert.signals[1:]),
                style=colour if level in ("逾期", "临期") else None,
            )
        out.print(table)
