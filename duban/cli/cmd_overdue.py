"""duban overdue: the morning check, for people and for cron."""

from __future__ import annotations

import csv
import io
import sys
from typing import Any

import typer

from duban import service
from duban.calendar import PROVISIONAL_LABEL
from duban.cli.app import app, console, print_json, session, stdout_is_terminal
from duban.errors import InputError

FORMATS = ("table", "plain", "json", "csv")
COLOURS = {"逾期": "red", "临期": "yellow", "逾期未报": "magenta", "停滞": "cyan"}


def days_text(alert: Any) -> str:
    if alert.days is None:
        return ""
    if alert.days > 0:
        return f"逾期 {alert.days} 个工作日"
    if alert.days == 0:
        return "今天到期" if "逾期" not in alert.signals else "逾期（非工作日）"
    return f"剩 {-alert.days} 个工作日"


def deadline_text(alert: Any) -> str:
    deadline = alert.case.deadline
    if deadline is None:
        return ""
    return str(deadline.isoformat()) + (f"（{PROVISIONAL_LABEL}）" if alert.provisional else "")


def row(alert: Any) -> dict[str, Any]:
    case = alert.case
    return {
        "级别": alert.level,
        "提示": list(alert.signals),
        "编号": case.id,
        "文号": case.doc_number,
        "标题": case.title,
        "主办单位": "、".join(case.lead_units),
        "办理时限": case.deadline.isoformat() if case.deadline else None,
        "时限暂按周末推算": alert.provisional,
        "逾期工作日": alert.days if alert.days is not None and alert.days > 0 else 0,
        "剩余工作日": -alert.days if alert.days is not None and alert.days <= 0 else None,
        "催办次数": alert.reminders,
        "无进展工作日": alert.idle,
        "状态": case.status,
    }


def headline(office: str, today: str, alerts: list[Any]) -> str:
    counts = {level: sum(1 for a in alerts if level in a.signals) for level in COLOURS}
    parts = "，".join(f"{level} {n} 项" for level, n in counts.items())
    return f"{office} 督办事项检查（{today}）：{parts}"


def plain_line(alert: Any) -> str:
    case = alert.case
    fields = [f"[{alert.level}]", case.id, case.doc_number, case.title]
    detail = [
        "、".join(case.lead_units) or "无主办单位",
        f"时限 {deadline_text(alert)}" if case.deadline else "未交办",
        days_text(alert),
        f"催办 {alert.reminders} 次",
    ]
    others = [s for s in alert.signals[1:]]
    if "停滞" in alert.signals:
        others = [s if s != "停滞" else f"停滞 {alert.idle} 个工作日" for s in others]
        if alert.level == "停滞":
            detail.append(f"{alert.idle} 个工作日无进展")
    if others:
        detail.append("另：" + "、".join(others))
    return " ".join(fields) + " | " + " | ".join(d for d in detail if d)


@app.command("overdue")
def overdue_command(
    ctx: typer.Context,
    within: int | None = typer.Option(
        None, "--within", metavar="N", help="N 个工作日内到期的算“临期”；默认取 config.yaml 的临期提醒。"
    ),
    output: str | None = typer.Option(
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
    fmt = output or ("table" if stdout_is_terminal() else "plain")
    if fmt not in FORMATS:
        raise InputError(f"输出格式“{fmt}”不认识，可选：{'、'.join(FORMATS)}")
    current = session(ctx)
    if workday_only and not current.office.config.calendar().is_workday(current.today):
        return
    result = service.morning_check(current, within, unit, remind)
    alerts = result.alerts
    red = any(a.red for a in alerts)
    if quiet and not any(set(a.signals) & {"逾期", "临期"} for a in alerts) and not result.reminded:
        _finish(red, exit_code)
        return
    office = current.office.config.office
    today = current.today.isoformat()
    if by_unit:
        _print_units(alerts, fmt, office, today)
    elif fmt == "json":
        print_json(
            {
                "日期": today,
                "临期工作日": result.within,
                "已催办": list(result.reminded),
                "事项": [row(a) for a in alerts],
            }
        )
    elif fmt == "csv":
        _write_csv([row(a) for a in alerts])
    elif fmt == "plain":
        typer.echo(headline(office, today, alerts))
        for alert in alerts:
            typer.echo(plain_line(alert))
        if result.reminded:
            typer.echo(f"已催办 {len(result.reminded)} 项：{'、'.join(result.reminded)}")
    else:
        _print_table(alerts, office, today)
        if result.reminded:
            typer.echo(f"已催办 {len(result.reminded)} 项：{'、'.join(result.reminded)}")
    _finish(red, exit_code)


def _finish(red: bool, exit_code: bool) -> None:
    if red and exit_code:
        raise typer.Exit(3)


def _write_csv(rows: list[dict[str, Any]]) -> None:
    buffer = io.StringIO()
    headers = [
        "级别",
        "提示",
        "编号",
        "文号",
        "标题",
        "主办单位",
        "办理时限",
        "时限暂按周末推算",
        "逾期工作日",
        "剩余工作日",
        "催办次数",
        "无进展工作日",
        "状态",
    ]
    writer = csv.DictWriter(buffer, fieldnames=headers, lineterminator="\r\n")
    writer.writeheader()
    for item in rows:
        writer.writerow(
            {**item, "提示": "、".join(item["提示"]), "时限暂按周末推算": "是" if item["时限暂按周末推算"] else ""}
        )
    sys.stdout.buffer.write(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    sys.stdout.flush()


def _print_table(alerts: list[Any], office: str, today: str) -> None:
    from rich.markup import escape
    from rich.table import Table

    out = console()
    out.print(escape(headline(office, today, alerts)))
    for level, colour in COLOURS.items():
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
                deadline_text(alert),
                days_text(alert) if level != "停滞" else f"{alert.idle} 个工作日无进展",
                str(alert.reminders),
                "、".join(alert.signals[1:]),
                style=colour if level in ("逾期", "临期") else None,
            )
        out.print(table)


def _print_units(alerts: list[Any], fmt: str, office: str, today: str) -> None:
    from duban.reports import LEVELS, by_unit

    rows = by_unit(alerts)
    if fmt == "json":
        print_json({"日期": today, "单位": [{"单位": r.unit, **r.counts} for r in rows]})
        return
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["单位", *LEVELS])
        for r in rows:
            writer.writerow([r.unit, *(r.counts[level] for level in LEVELS)])
        sys.stdout.buffer.write(("\ufeff" + buffer.getvalue()).encode("utf-8"))
        sys.stdout.flush()
        return
    typer.echo(headline(office, today, alerts))
    for r in rows:
        typer.echo(r.unit + "  " + "  ".join(f"{level} {r.counts[level]}" for level in LEVELS))
