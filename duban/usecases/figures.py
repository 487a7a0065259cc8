"""The office's figures: the per-unit assessment (目标考核), the ledger (台账) and the dashboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from duban import lifecycle
from duban.assessment import standing
from duban.errors import InputError
from duban.model import OPEN_STATUSES, PROPOSAL_KINDS, id_order, replace
from duban.usecases.overdue import morning_check
from duban.usecases.queries import Filters, iter_cases
from duban.usecases.redaction import PUBLIC, redact
from duban.usecases.session import Session, output_folder

STATS_KEYS = (
    "单位",
    "交办",
    "已办结",
    "按期办结",
    "超期办结",
    "逾期未办结",
    "在办",
    "催办",
    "退回",
    "延期",
    "按期率",
    "得分",
)


SUPERVISION_KEYS = ("督查", "发现问题", "提醒", "问责")


def _period(session: Session, start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    end = end or session.today
    start = start or dt.date(1900, 1, 1)
    if end < start:
        raise InputError(f"--to {end} 早于 --from {start}，请检查日期")
    return start, end


def stats(
    session: Session,
    start: dt.date | None = None,
    end: dt.date | None = None,
    unit: str | None = None,
    kind: str | None = None,
    proposal_session: str | None = None,
) -> list[dict[str, Any]]:
    """目标考核: one row per unit over its lead cases, sorted by score, the best first; with `kind`
    (and `proposal_session`, a suggestion's or proposal's 届次) only the cases of that source.
    A unit's 重新办理, 逾期退办 and 协办意见逾期 are deducted from its score; the rows carry them
    (after 延期) when the source is a suggestion or proposal kind or any unit has one. So is 复查不实 (a
    report a 复查 in the period found untrue), its column shown when any unit has one."""
    from duban import proposals, reports

    office = session.office
    config = office.config
    calendar = config.calendar()
    start, end = _period(session, start, end)
    from duban.caseindex import in_period

    charged: dict[str, dict[str, int]] = {}
    untrue: dict[str, int] = {}  # 复查不实: reports a 复查 in the period found untrue, per lead unit

    def chosen() -> Iterator[Any]:
        for case in office.iter_cases(in_period(start, min(end, session.today), declined=True)):
            if kind and case.source.kind != kind:
                continue
            if proposal_session is not None and case.source.session != proposal_session:
                continue
            proposals.add_penalties(case, calendar, start, end, session.today, charged)
            if case.status != "已作废":
                for _ in reports.untrue_findings(case, start, min(end, session.today)):
                    for lead in case.lead_units:
                        untrue[lead] = untrue.get(lead, 0) + 1
            yield case

    report = reports.period_report(chosen(), calendar, start, end, session.today)
    session.report_skipped()
    names = [u.name for u in config.units] + [u for u in report.units if not config.is_unit(u)]
    names += [u for u in charged if u not in names]
    names += [u for u in untrue if u not in names]
    if unit:
        names = [config.resolve_unit(unit)]
    shown = kind in PROPOSAL_KINDS or any(any(counts.values()) for counts in charged.values())
    # 督查, 提醒, 问责 are counted apart from 催办, in rows of their own where any happened in the period.
    supervised = report.total.supervised or any(f.supervised for f in report.units.values())
    rows: list[dict[str, Any]] = []
    for name in names:
        figures = report.units.get(name, reports.Figures())
        extra = charged.get(name, dict.fromkeys(proposals.PENALTIES, 0))
        data = figures.to_mapping()
        rate = figures.on_time_rate
        rows.append(
            {
                "单位": name,
                **{key: data[key] for key in STATS_KEYS[1:10]},
                **({"常态事项": figures.standing} if report.total.standing else {}),
                **(extra if shown else {}),
                **({"复查不实": untrue.get(name, 0)} if untrue else {}),
                **({key: data.get(key, 0) for key in SUPERVISION_KEYS} if supervised else {}),
                "按期率": None if rate is None else round(rate, 4),
                "得分": config.scoring.score(
                    figures.closed_late,
                    figures.overdue_open,
                    figures.returns,
                    figures.reminders,
                    rehandled=extra["重新办理"],
                    late_decline=extra["逾期退办"],
                    late_opinion=extra["协办意见逾期"],
                    referred=figures.referrals,
                    untrue=untrue.get(name, 0),
                ),
                "催办方式": data["催办方式"],
                **({"督查方式": figures.supervision_mapping()["督查方式"]} if supervised else {}),
            }
        )
    order = {name: index for index, name in enumerate(names)}
    rows.sort(key=lambda r: (-r["得分"], order[r["单位"]]))
    return rows


def proposal_summary(
    session: Session,
    kind: str,
    proposal_session: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    reader: str | None = None,
) -> dict[str, Any]:
    """建议提案: the figures of a session's 办理工作总结 (proposals.summary) of the suggestions or
    proposals of `kind` registered in the period. A restricted case's deputies are named only to a
    reader inside its circle (`reader`: the session's viewer, or PUBLIC for a document)."""
    from duban import proposals
    from duban.caseindex import matching

    if kind not in PROPOSAL_KINDS:
        raise InputError(f"“{kind}”不是{'、'.join(PROPOSAL_KINDS)}，没有建议提案的统计")
    office = session.office
    config = office.config
    start, end = _period(session, start, end)
    viewer: Any = session.viewer if reader is None else reader

    def shown(case: Any) -> bool:
        return redact(case, viewer) is case

    result = proposals.summary(
        office.iter_cases(matching(kind=kind)),
        config.calendar(),
        tuple(mark for mark, _ in config.proposals.classes),
        kind,
        proposal_session,
        start,
        end,
        session.today,
        shown=shown,
        unit_order=tuple(u.name for u in config.units),
    )
    session.report_skipped()
    return result


LEDGER_COLUMNS = (
    "编号",
    "文号",
    "标题",
    "来源",
    # 人大建议、政协提案: empty for other cases.
    "届次",
    "案号",
    "领衔",
    "联名",
    "答复类别",
    "满意度",
    "重新办理次数",
    "面商",
    "批示领导",
    "主办单位",
    "协办单位",
    "交办日期",
    "办理时限",
    "状态",
    "按期/超期",
    "催办次数",
    "最近进展",
)


def ledger(session: Session, filters: Filters) -> list[tuple[dict[str, Any], str | None]]:
    return list(iter_ledger(session, filters))


def iter_ledger(session: Session, filters: Filters) -> Iterator[tuple[dict[str, Any], str | None]]:
    """The 台账: one row per case with the level it shows today (逾期 / 临期 / None)."""
    from duban import reports
    from duban.render.ledger import plain

    config = session.office.config
    calendar = config.calendar()
    for item in iter_cases(session, filters, public=True):
        case = item.case
        now = item.standing
        alert = reports.alert_for(case, calendar, session.today, config.warn_days, 10**6, now)
        level = next((s for s in alert.signals if s in reports.RED_YELLOW), None) if alert is not None else None
        if now.standing_task:
            verdict = "常态"  # a standing task has no deadline: neither on time nor late
        elif now.closed is not None:
            verdict = "按期" if now.on_time else "超期"
        else:
            verdict = "逾期" if now.overdue else ""
        if now.late_extension is not None:
            verdict += f"（已逾期申请延期至{now.late_extension}）"
        last = case.events[-1] if case.events else None
        progress = ""
        if last is not None:
            detail = last.note or "，".join(f"{k}：{plain(v)}" for k, v in last.extra if k != "办结")
            progress = f"{last.date.isoformat()} {last.action}" + (f"：{detail}" if detail else "")
        yield (
            (
                {
                    "编号": case.id,
                    "文号": case.doc_number,
                    "标题": case.title,
                    "来源": "，".join(p for p in (case.source.kind, case.source.ref) if p),
                    **_proposal_cells(case),
                    "批示领导": case.leader,
                    "主办单位": "、".join(case.lead_units),
                    "协办单位": "、".join(case.co_units),
                    "交办日期": case.assigned,
                    "办理时限": "常态" if case.standing else case.deadline,
                    "状态": case.status,
                    "按期/超期": verdict,
                    "催办次数": lifecycle.reminders(case),
                    "最近进展": progress,
                },
                level,
            )
        )


def _proposal_cells(case: Any) -> dict[str, Any]:
    """A suggestion's or proposal's columns of the ledger: its session, number, deputies, the answer's
    class, the latest 测评, how often it was handled again, and the latest answer's 面商."""
    source = case.source
    if not source.is_proposal:
        return {
            "届次": "",
            "案号": "",
            "领衔": "",
            "联名": "",
            "答复类别": "",
            "满意度": "",
            "重新办理次数": "",
            "面商": "",
        }
    consult = ""
    for event in reversed(case.events):
        if event.action == "反馈" and event.get("答复类别"):
            consult = " ".join(str(p) for p in (event.get("面商方式"), event.get("面商日期")) if p)
            break
    return {
        "届次": source.session,
        "案号": source.number,
        "领衔": source.proposer,
        "联名": "、".join(source.cosigners),
        "答复类别": lifecycle.answer_class(case),
        "满意度": lifecycle.satisfaction(case),
        "重新办理次数": lifecycle.rehandled(case),
        "面商": consult,
    }


def export_ledger(session: Session, path: Path, filters: Filters) -> int:
    """Write the ledger as xlsx (real dates, frozen bold header, filter, colours) or CSV with BOM."""
    from duban.render import ledger as sheet

    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise InputError(f"台账文件应以 .xlsx 或 .csv 结尾：{path}")
    output_folder(session.office.root, path)
    rows = iter_ledger(session, filters)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        return sheet.write_csv(path, LEDGER_COLUMNS, rows)
    config = session.office.config
    return sheet.write_xlsx(path, LEDGER_COLUMNS, rows, config.office, session.today, ("交办日期", "办理时限"))


def dashboard(session: Session, target: Path | None = None) -> Path:
    """One self-contained page for a leader: counts by level, on-time rate per unit, the red list,
    the cases due this week."""
    from duban import atomic, reports
    from duban.render.htmlpage import on_time_chart, render_dashboard

    office = session.office
    config = office.config
    today = session.today
    # A document for everyone who sees it: restricted cases show as 受控事项 whoever runs it.
    check_result = morning_check(session, public=True)
    alerts = check_result.alerts
    year_start = dt.date(today.year, 1, 1)
    units = stats(session, year_start, today)
    monday = today - dt.timedelta(days=today.weekday())
    sunday = monday + dt.timedelta(days=6)
    calendar = config.calendar()
    week = []
    for case in office.active_cases():
        working = standing(case, calendar, today).working_deadline
        if case.status == "办理中" and working is not None and monday <= working <= sunday:
            week.append(replace(redact(case, PUBLIC), deadline=working))
    week.sort(key=lambda c: (c.deadline, id_order(c.id)))
    counts = {level: sum(1 for a in alerts if a.level == level) for level in reports.LEVELS}
    open_cases = sum(1 for case in office.active_cases() if case.status in OPEN_STATUSES)
    context = {
        "机关": config.office,
        "今天": today,
        "在办总数": open_cases,
        "分级": counts,
        "单位": units,
        "按期率图": on_time_chart(units),
        "逾期事项": [a for a in alerts if a.red],
        "本周到期": week,
        "本周": (monday, sunday),
    }
    html_text = render_dashboard(office.root, context)
    path = target or office.root / "out" / "index.html"
    output_folder(office.root, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_text(path, html_text)
    return path
