"""duban overdue: the morning check, for people and for cron."""

from __future__ import annotations

from typing import Any

import typer

from duban.cli import completion
from duban.cli import overdue_output as output
from duban.cli.root import app, choice, console, count, session, stdout_is_terminal
from duban.cli.views import (
    Column,
    case_columns,
    deadline_column,
    fitted_tables,
    print_tables,
    unit_names,
    units_text,
)


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
        units_table=_print_units,
    )
    if code:
        raise typer.Exit(code)


def _print_table(alerts: list[Any], office: str, today: str, config: Any = None) -> None:
    from rich.markup import escape

    out = console()
    out.print(escape(output.headline(office, today, alerts)))
    for level, colour in output.LEVEL_COLOURS.items():
        group = [a for a in alerts if a.level == level]
        if not group:
            continue
        late_co = level == "协办逾期"
        units = [a.late_co_units if late_co else a.case.lead_units for a in group]
        columns = [
            *case_columns(
                [a.case.id for a in group],
                [a.case.doc_number for a in group],
                [a.case.title for a in group],
                ([units_text(u) for u in units], [unit_names(u, config, short=True) for u in units]),
            ),
            deadline_column(
                [output.deadline_text(a) for a in group], [output.deadline_text(a, short=True) for a in group]
            ),
            Column(
                "进度",
                [_progress(a, level) for a in group],
                short=[_progress(a, level, short=True) for a in group],
                give_way=4,
            ),
            Column("催办", [str(a.reminders) for a in group], justify="right"),
            Column("另有", ["、".join(a.signals[1:]) for a in group], shrinks=True, comfortable=8),
        ]
        styles = [colour if level in ("逾期", "临期") else None for _ in group]
        tables = fitted_tables(f"{level}（{len(group)} 项）", columns, styles, out.width)
        print_tables(out, tables, title_style=f"bold {colour}")


def _progress(alert: Any, level: str, short: bool = False) -> str:
    return f"{alert.idle} 日无进展" if level == "停滞" else output.days_text(alert, short=short)


def _print_units(alerts: list[Any], office: str, today: str, config: Any = None) -> None:
    """--by-unit on a terminal: a table, each unit's full name or, when narrow, its short name."""
    from rich.markup import escape

    from duban.reports import LEVELS, by_unit

    out = console()
    out.print(escape(output.headline(office, today, alerts)))
    rows = by_unit(alerts)
    levels = [level for level in LEVELS if level not in output.WHEN_ANY or any(r.counts[level] for r in rows)]
    columns = [
        Column(
            "单位",
            [r.unit for r in rows],
            short=[unit_names((r.unit,), config, short=True) for r in rows],
            key=True,
            give_way=1,
        ),
        *(Column(level, [str(r.counts[level]) for r in rows], justify="right") for level in levels),
    ]
    if rows:
        print_tables(out, fitted_tables("各单位", columns, [None] * len(rows), out.width))
