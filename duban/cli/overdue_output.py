"""How the morning check prints, without typer or rich: shared by the typer command and the fast path."""

from __future__ import annotations

import sys
from typing import Any

from duban.calendar import PROVISIONAL_LABEL
from duban.cli.text import one_line

FORMATS = ("table", "plain", "json", "csv")
LEVEL_COLOURS = {
    "逾期": "red", "整改逾期": "red", "协办逾期": "red", "临期": "yellow", "逾期未报": "magenta", "停滞": "cyan"
}  # fmt: skip
# Named in the headline only on a day it applies (offices without suggestions never see it).
WHEN_ANY: tuple[str, ...] = ("协办逾期",)
# A unit's 请示 not answered in time (the office's own debt): named only on a day it applies.
LEVEL_COLOURS["请示未复"] = "blue"
WHEN_ANY += ("请示未复",)
CSV_HEADERS = (
    "级别", "提示", "编号", "文号", "标题", "主办单位", "协办逾期单位", "办理时限", "时限暂按法定节假日推算",
    "逾期工作日", "剩余工作日", "催办次数", "无进展工作日", "状态", "说明",
)  # fmt: skip


def days_text(alert: Any, short: bool = False) -> str:
    """逾期 3 个工作日 / 剩 2 个工作日; short (a narrow terminal): 逾期 3 日."""
    unit = " 日" if short else " 个工作日"
    if alert.days is None:
        return ""
    if alert.days > 0:
        return f"逾期 {alert.days}{unit}"
    if alert.days == 0:
        return "今天到期" if "逾期" not in alert.signals else "逾期（非工作日）"
    return f"剩 {-alert.days}{unit}"


def deadline_text(alert: Any, short: bool = False) -> str:
    """The deadline the case is judged by today, with the note of a rest day moved past and the
    mark of an estimated calendar: 2026-11-02（10-31 为休息日，顺延）; short (a narrow table):
    2026-11-02（顺延）, 2027-01-22*."""
    deadline = alert.deadline
    if deadline is None:
        return ""
    note = alert.standing.deadline_note() if deadline == alert.standing.working_deadline else ""
    if short:
        from duban.cli.views import deadline_short

        return deadline_short(deadline.isoformat(), bool(note), alert.provisional)
    return str(deadline.isoformat()) + note + (f"（{PROVISIONAL_LABEL}）" if alert.provisional else "")


def row(alert: Any) -> dict[str, Any]:
    case = alert.case
    return {
        "级别": alert.level,
        "提示": list(alert.signals),
        "编号": case.id,
        "文号": case.doc_number,
        "标题": case.title,
        "主办单位": "、".join(case.lead_units),
        "协办逾期单位": "、".join(alert.late_co_units),
        "办理时限": alert.deadline.isoformat() if alert.deadline else None,
        "时限暂按法定节假日推算": alert.provisional,
        "逾期工作日": alert.days if alert.days is not None and alert.days > 0 else 0,
        "剩余工作日": -alert.days if alert.days is not None and alert.days <= 0 else None,
        "催办次数": alert.reminders,
        "无进展工作日": alert.idle,
        "状态": case.status,
        "说明": alert.note,
    }


def headline(office: str, today: str, alerts: list[Any]) -> str:
    """Counts by each case's level, as the groups below and the dashboard count them."""
    counts = {level: sum(1 for a in alerts if a.level == level) for level in LEVEL_COLOURS}
    parts = "，".join(f"{level} {n} 项" for level, n in counts.items() if n or level not in WHEN_ANY)
    return f"{office} 督办事项检查（{today}）：{parts}"


def plain_line(alert: Any) -> str:
    case = alert.case
    fields = [f"[{alert.level}]", case.id, one_line(case.doc_number), one_line(case.title)]
    detail = [
        one_line("协办 " + "、".join(alert.late_co_units))
        if alert.level == "协办逾期"
        else one_line("、".join(case.lead_units)) or "无主办单位",
        f"时限 {deadline_text(alert)}" if alert.deadline else "未交办",
        days_text(alert),
        f"催办 {alert.reminders} 次",
    ]
    others = list(alert.signals[1:])
    if "停滞" in alert.signals:
        others = [s if s != "停滞" else f"停滞 {alert.idle} 个工作日" for s in others]
        if alert.level == "停滞":
            detail.append(f"{alert.idle} 个工作日无进展")
    if others:
        detail.append("另：" + "、".join(others))
    if alert.note:
        detail.append(one_line(alert.note))
    return " ".join(fields) + " | " + " | ".join(d for d in detail if d)


def write_plain(
    office: str, today: str, alerts: list[Any], reminded: tuple[str, ...], notified: tuple[str, ...] = ()
) -> None:
    lines = [headline(office, today, alerts)]
    lines += [plain_line(alert) for alert in alerts]
    if reminded:
        lines.append(f"已催办 {len(reminded)} 项：{'、'.join(reminded)}")
    if notified:
        lines.append(notified_line(notified))
    sys.stdout.write("\n".join(lines) + "\n")


def notified_line(notified: tuple[str, ...]) -> str:
    return f"已提醒 {len(notified)} 项（临期，不计催办）：{'、'.join(notified)}"


def write_json(
    today: str, within: int, alerts: list[Any], reminded: tuple[str, ...], notified: tuple[str, ...] = ()
) -> None:
    data = {"日期": today, "临期工作日": within, "已催办": list(reminded), "事项": [row(a) for a in alerts]}
    if notified:
        data["已提醒"] = list(notified)
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def write_csv_bytes(header: list[str] | tuple[str, ...], rows: list[list[Any]]) -> None:
    """CSV in UTF-8 with a BOM, so that Excel shows the Chinese; text that would be a formula is
    kept as text."""
    from duban.render.ledger import csv_bytes

    sys.stdout.flush()
    sys.stdout.buffer.write(csv_bytes(header, rows))
    sys.stdout.flush()


def write_csv(alerts: list[Any]) -> None:
    rows = []
    for item in (row(a) for a in alerts):
        item = {
            **item,
            "提示": "、".join(item["提示"]),
            "时限暂按法定节假日推算": "是" if item["时限暂按法定节假日推算"] else "",
        }
        rows.append(["" if item[h] is None else item[h] for h in CSV_HEADERS])
    write_csv_bytes(CSV_HEADERS, rows)


def write_units(alerts: list[Any], fmt: str, office: str, today: str) -> None:
    from duban.reports import LEVELS, by_unit

    rows = by_unit(alerts)
    if fmt == "json":
        data = {"日期": today, "单位": [{"单位": r.unit, **r.counts} for r in rows]}
        import json

        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        write_csv_bytes(["单位", *LEVELS], [[r.unit, *(r.counts[level] for level in LEVELS)] for r in rows])
    else:
        lines = [headline(office, today, alerts)]
        lines += [r.unit + "  " + "  ".join(f"{level} {r.counts[level]}" for level in LEVELS) for r in rows]
        sys.stdout.write("\n".join(lines) + "\n")


def quiet_applies(alerts: list[Any], reminded: tuple[str, ...]) -> bool:
    """--quiet silences only a day with nothing to do: every signal the check lists (整改逾期, 逾期未报
    and 停滞 as well as 逾期 and 临期) asks for the office's attention, and cron mails only output."""
    return not alerts and not reminded


def run_check(
    current: Any,
    within: int | None,
    fmt: str,
    unit: str | None,
    by_unit: bool,
    quiet: bool,
    exit_code: bool,
    remind: bool,
    workday_only: bool,
    table: Any = None,
    units_table: Any = None,
) -> int:
    """The whole morning check for one command line; returns the exit status it asks for.
    `table` and `units_table` print the terminal's tables (rich), needed only for that format."""
    from duban.errors import InputError
    from duban.usecases import overdue

    if fmt not in FORMATS:
        raise InputError(f"输出格式“{fmt}”不认识，可选：{'、'.join(FORMATS)}")
    if workday_only and not current.office.config.calendar().is_workday(current.today):
        return 0
    result = overdue.morning_check(current, within, unit, remind)
    alerts = result.alerts
    status = 3 if exit_code and any(a.red for a in alerts) else 0
    if result.skipped:
        status = 1  # cron mails the problem: a case file it could not read was left out
    if quiet and quiet_applies(alerts, result.reminded + result.notified):
        return status
    office = current.office.config.office
    today = current.today.isoformat()
    if by_unit and fmt == "table" and units_table is not None:
        units_table(alerts, office, today, current.office.config)
    elif by_unit:
        write_units(alerts, "plain" if fmt == "table" else fmt, office, today)
    elif fmt == "json":
        write_json(today, result.within, alerts, result.reminded, result.notified)
    elif fmt == "csv":
        write_csv(alerts)
    elif fmt == "plain" or table is None:
        write_plain(office, today, alerts, result.reminded, result.notified)
    else:
        table(alerts, office, today, current.office.config)
        if result.reminded:
            sys.stdout.write(f"已催办 {len(result.reminded)} 项：{'、'.join(result.reminded)}\n")
        if result.notified:
            sys.stdout.write(notified_line(result.notified) + "\n")
    return status
