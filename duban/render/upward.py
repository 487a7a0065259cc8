"""The data of the office's reports upward: the 呈阅件 of one case (督办情况报告 to the leader), the
report back to a higher level on a 上级督查 matter (with its sub-cases' results), and the period's
督办工作情况报告 for the leadership with the cases that need a leader's attention."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from duban import lifecycle
from duban.assessment import standing
from duban.calendar import WorkCalendar
from duban.config import Config
from duban.errors import InputError
from duban.model import CLOSED, REVIEW, Case
from duban.render.contexts import _common, _figures, _named, _paragraphs
from duban.reports import PeriodReport

# A 呈阅件 reports a case the office has reviewed: from the final report on.
REVIEWED = (REVIEW, CLOSED, "已终止", "已归档")
# More reminders than this and an open case is named to the leader (多次催办).
REPEATED_REMINDERS = 2


def _source(case: Case) -> str:
    source = case.source
    text = source.kind
    if source.ref:
        text += f"：{source.ref}"
    if source.date:
        text += f"（{source.date.year}年{source.date.month}月{source.date.day}日）"
    return text


def _last(case: Case, action: str) -> Any:
    return next((e for e in reversed(case.events) if e.action == action), None)


def _count(case: Case, action: str) -> int:
    return sum(1 for e in case.events if e.action == action)


def _result(case: Case, calendar: WorkCalendar, today: dt.date) -> str:
    """How the case stands, in a sentence: 按期办结 on a day, 超期办结, 正在办理 (with its deadline), 已终止."""
    closing = _last(case, "办结")
    if closing is not None and case.status in (CLOSED, "已归档"):
        when = f"{closing.date.year}年{closing.date.month}月{closing.date.day}日"
        return f"{'按期' if lifecycle.on_time(case) else '超期'}办结（{when}）"
    if case.status in ("已终止",) or (case.status == "已归档" and _last(case, "终止") is not None):
        return "已终止"
    if case.status == REVIEW:
        return "办结报告已报送，待审核"
    if case.status == "待交办":
        return "尚未交办"
    now = standing(case, calendar, today)
    if now.overdue:
        return f"正在办理，已逾期{now.days_overdue}个工作日"
    return "正在办理"


def _handling(case: Case) -> list[str]:
    """The lead units' final reports (the office's own, for a case it handled itself): unit, day, text."""
    out = []
    for report in case.reports:
        if report.void or not report.final or report.unit not in case.lead_units:
            continue
        when = f"{report.date.year}年{report.date.month}月{report.date.day}日"
        text = "；".join(_paragraphs(report.text))
        who = f"，{report.signer}签发" if report.signer else ""
        out.append(f"{report.unit}（{when}报送{who}）：{text}")
    return out


def _review_opinion(case: Case) -> str:
    """审查意见: what the office wrote when it closed (or returned) the case."""
    for event in reversed(case.events):
        if event.action in ("办结", "终止", "退回"):
            opinion = event.get("审查意见") or event.note
            if opinion:
                return str(opinion) if event.action == "办结" else f"{event.action}：{opinion}"
    return ""


def case_report_context(
    config: Config, case: Case, calendar: WorkCalendar, today: dt.date, leader: str, operator: str
) -> dict[str, Any]:
    """呈阅件: the office's report of one reviewed case to its leader, with a box for the 批示."""
    if case.status not in REVIEWED:
        raise InputError(
            f"事项 {case.id} 当前状态为“{case.status}”：呈阅件在审核时出（办结报告报送后），"
            "办理中的情况请用 duban show 查看"
        )
    assigned = _last(case, "交办")
    now = standing(case, calendar, today)
    return {
        **_common(config, case),
        "呈阅": leader or case.leader,
        "经办人": operator,
        "成文日期": today,
        "来源": _source(case),
        "批示领导": case.leader,
        "主办单位": list(case.lead_units),
        "协办单位": list(case.co_units),
        "交办日期": case.assigned,
        "办理时限": now.working_deadline or case.deadline,
        "拟办意见": (assigned.get("拟办意见") if assigned is not None else "") or "",
        "办理情况": _handling(case),
        "办理结果": _result(case, calendar, today),
        "催办次数": _count(case, "催办"),
        "退回次数": _count(case, "退回"),
        "延期次数": _count(case, "延期"),
        "审查意见": _review_opinion(case),
    }


def upward_report_context(
    config: Config, case: Case, children: Sequence[Case], calendar: WorkCalendar, today: dt.date, to: str
) -> dict[str, Any]:
    """The office's report to the higher level on a 上级督查 matter: how it was handled (the lead's
    final report) and each sub-case's result."""
    if case.source.kind not in lifecycle.SELF_KINDS:
        raise InputError(
            f"事项 {case.id} 的来源是“{case.source.kind}”：向上级报告只用于{'、'.join(lifecycle.SELF_KINDS)}的事项"
        )
    if case.assigned is None:
        raise InputError(f"事项 {case.id} 尚未交办：先用 duban assign {case.id} --self 由本办牵头办理")
    if not to.strip():
        raise InputError("请用 --to 给出报送的上级机关，如 --to 市人民政府督查室")
    rows = []
    for child in children:
        rows.append(
            {
                "编号": child.id,
                "标题": child.title,
                "承办单位": "、".join(child.lead_units) or "未交办",
                "办理时限": child.deadline,
                "办理结果": _result(child, calendar, today),
                "办理情况": [
                    "；".join(_paragraphs(r.text)) for r in child.reports if r.final and not r.void and r.text.strip()
                ],
            }
        )
    return {
        **_common(config, case),
        "主送": to.strip(),
        "来源": _source(case),
        "依据": case.source.ref,
        "来源日期": case.source.date,
        "本办自办": lifecycle.handled_by_office(case, config.office),
        "主办单位": list(case.lead_units),
        "交办日期": case.assigned,
        "办理时限": case.deadline,
        "办理情况": [p for r in case.reports if not r.void and r.final for p in _paragraphs(r.text)],
        "办理结果": _result(case, calendar, today),
        "子事项": rows,
        "成文日期": today,
    }


def _attention(case: Case, calendar: WorkCalendar, start: dt.date, as_of: dt.date) -> dict[str, Any]:
    """Why an open case needs a leader's attention on as_of: reminded again and again, returned,
    awaiting review, extended in the period."""
    events = [e for e in case.events if e.date <= as_of]
    now = standing(case, calendar, as_of)
    in_period = [e for e in events if e.date >= start]
    answered = {e.get("请示序号") for e in events if e.action == "批复"}
    return {
        "requests": [e for e in events if e.action == "请示" and e.get("序号") not in answered] if now.is_open else [],
        "reminded": sum(1 for e in events if e.action == "催办") if now.is_open else 0,
        "returned": [e for e in in_period if e.action == "退回"],
        "awaiting": now.is_open and now.awaiting_review,
        "extended": [e for e in in_period if e.action == "延期"],
        "deadline": now.working_deadline,
    }


def briefing_context(
    config: Config,
    report: PeriodReport,
    cases: Sequence[Case],
    calendar: WorkCalendar,
    period: str,
    today: dt.date,
    leader: str,
) -> dict[str, Any]:
    """督办工作情况报告 for the leadership: the period's figures, the cases that need a leader's
    attention (overdue, reminded again and again, returned, awaiting review, a unit's 请示 awaiting its
    批复, extended), the units."""
    order = {unit.name: index for index, unit in enumerate(config.units)}
    units = sorted(report.units.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
    reminded, returned, awaiting, extended, requests = [], [], [], [], []
    for case in sorted(cases, key=lambda c: c.id):
        if case.assigned is None or case.assigned > report.as_of or case.status == "已作废":
            continue
        seen = _attention(case, calendar, report.start, report.as_of)
        item = {"编号": case.id, "文号": case.doc_number or case.id, "标题": case.title,
                "单位": "、".join(case.lead_units), "办理时限": seen["deadline"]}  # fmt: skip
        if seen["reminded"] >= REPEATED_REMINDERS:
            reminded.append({**item, "催办次数": seen["reminded"]})
        for event in seen["returned"]:
            returned.append({**item, "日期": event.date, "理由": event.note})
        if seen["awaiting"]:
            awaiting.append(item)
        for event in seen["requests"]:
            requests.append({**item, "日期": event.date, "请示单位": event.get("单位") or "", "请示事项": event.note,
                             "答复时限": event.get("答复时限")})  # fmt: skip
        for event in seen["extended"]:
            approver = event.get("批准人") or ""
            extended.append({**item, "日期": event.date, "延期至": event.get("延期至"), "批准人": approver})
    overdue = [_named(item, 逾期工作日=item.days, 催办次数=item.reminders) for item in report.overdue]
    total = _figures(report.total)
    return {
        "机关": config.office,
        "期间": period,
        "呈阅": leader,
        "起始日期": report.start,
        "截止日期": report.end,
        "统计日期": report.as_of,
        "截至": report.end > today,
        "成文日期": today,
        "本期无到期事项": total["按期办结"] + total["超期办结"] + total["逾期未办结"] == 0,
        "数据": total,
        "逾期事项": overdue,
        "超期办结事项": [_named(item, 超期工作日=item.days, 办结日期=item.closed) for item in report.late],
        "多次催办事项": reminded,
        "退回事项": returned,
        "待审核事项": awaiting,
        "请示待批复事项": requests,
        "延期事项": extended,
        "单位表": [{"单位": unit, **_figures(figures)} for unit, figures in units if not config.is_office(unit)],
    }
