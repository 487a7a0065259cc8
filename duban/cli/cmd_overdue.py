"""duban overdue: the morning check, for people and for cron."""

from __future__ import annotations

from typing import Any

import typer

from duban.cli import completion
from duban.cli import overdue_output as output
from duban.cli.root import app, choice, console, count, session, stdout_is_terminal
from duban.cli.views import NARROW, case_columns, fit, fixed, new_table, shrinking, unit_names


@app.command("overdue", epilog="例：duban overdue --within 3 --unit 住建局")
def overdue_command(
    ctx: typer.Context,
    within: int | None = typer.Option(
        None, "--within", metavar="N", help="N 个工作日内到期的算“临期”；默认取 config.yaml 的临期提醒。"
    ),
    fmt: str | None = typer.Option(
        None, "--format", metavar="格式", help="table（终端默认）、plain（非终端默认）、json、csv。"
    ),
    unit: str | None = typer.Option(
        None, "--unit", metavar="单位", autocompletion=completion.units, help="只看该单位主办的事项。"
    ),
    by_unit: bool = typer.Option(False, "--by-unit", help="按主办单位汇总。"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="没有任何需要处理的事项时什么也不输出（供 cron 使用）。"),
    exit_code: bool = typer.Option(False, "--exit-code", help="有逾期事项时以状态 3 退出。"),
    remind: bool = typer.Option(
        False,
        "--remind",
        help="为每个逾期事项记录一次催办（同一事项每天至多一次），为临期事项记录一次提醒"
        "（同一时限只提醒一次，不计催办），一次提交。",
    ),
    workday_only: bool = typer.Option(
        False, "--workday-only", help="今天不是工作日时什么也不做（调休上班日照常检查），便于 cron 每天运行。"
    ),
) -> None:
    """逾期检查：逾期（红）、临期（黄）、逾期未报、停滞；按级别和逾期程度排序。"""
    fmt = choice(fmt, output.FORMATS, "--format") if fmt else ("table" if stdout_is_terminal() else "plain")
    code = output.run_check(
        session(ctx),
        count(within, "--within"),
        fmt,
        unit,
        by_unit,
        quiet,
        exit_code,
        remind,
        workday_only,
        table=_print_table,
    )
    if code:
        raise typer.Exit(code)


def _print_table(alerts: list[Any], office: str, today: str, config: Any = None) -> None:
    from rich.markup import escape

    out = console()
    narrow = out.width < NARROW
    out.print(escape(output.headline(office, today, alerts)))
    for level, colour in output.LEVEL_COLOURS.items():
        group = [a for a in alerts if a.level == level]
        if not group:
            continue
        table = new_table(f"{level}（{len(group)} 项）")
        table.title_style = f"bold {colour}"
        case_columns(table, narrow)
        fixed(table, "催办", justify="right")
        shrinking(table, "另有", min_width=4)
        for alert in group:
            case = alert.case
            cells = [case.id] + ([] if narrow else [escape(case.doc_number)])
            cells += [
                escape(case.title),
                escape(unit_names(alert.late_co_units if level == "协办逾期" else case.lead_units, config, narrow)),
                output.deadline_text(alert),
                output.days_text(alert, short=narrow) if level != "停滞" else f"{alert.idle} 日无进展",
                str(alert.reminders),
                "、".join(alert.signals[1:]),
            ]
            table.add_row(*cells, style=colour if level in ("逾期", "临期") else None)
        out.print(fit(table, out.width))
