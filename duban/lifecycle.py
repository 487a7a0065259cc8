"""The procedure as pure functions: (case, action, today) -> (new case, event), refusing illegal steps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from duban.calendar import WorkCalendar
from duban.errors import InputError
from duban.model import PENDING, REPORT_CYCLES, SOURCE_KINDS, URGENCIES, Case, Event, Source


@dataclass(frozen=True, slots=True)
class Registration:
    """What a clerk gives when registering a case (立项)."""

    title: str
    source_kind: str
    source_ref: str = ""
    source_date: dt.date | None = None
    leader: str = ""
    content: str = ""
    lead_units: tuple[str, ...] = ()
    co_units: tuple[str, ...] = ()
    deadline: dt.date | None = None
    days: int | None = None
    urgency: str = "一般"
    restricted_to: tuple[str, ...] = ()
    report_cycle: str = "无"
    parent: str | None = None


def _check_registration(request: Registration, today: dt.date) -> None:
    if not request.title.strip():
        raise InputError("标题不能为空，请用 --title 给出事项标题")
    if request.source_kind not in SOURCE_KINDS:
        raise InputError(f"来源类别“{request.source_kind}”不认识，可选：{'、'.join(SOURCE_KINDS)}")
    if request.urgency not in URGENCIES:
        raise InputError(f"紧急程度“{request.urgency}”不认识，可选：{'、'.join(URGENCIES)}")
    if request.report_cycle not in REPORT_CYCLES:
        raise InputError(f"报告周期“{request.report_cycle}”不认识，可选：{'、'.join(REPORT_CYCLES)}")
    if request.deadline is not None and request.days is not None:
        raise InputError("--deadline 与 --days 只能给一个：要么给出具体日期，要么给出工作日数")
    if request.days is not None and request.days < 0:
        raise InputError("--days 应为不小于 0 的工作日数")
    if request.deadline is not None and request.deadline < today:
        raise InputError(f"办理时限 {request.deadline} 早于立项日期 {today}，请检查日期")
    overlap = set(request.lead_units) & set(request.co_units)
    if overlap:
        raise InputError(f"{'、'.join(sorted(overlap))} 不能同时是主办单位和协办单位")
    if request.source_date is not None and request.source_date > today:
        raise InputError(f"来源日期 {request.source_date} 晚于立项日期 {today}，请检查日期")


def register(
    request: Registration,
    case_id: str,
    doc_number: str,
    today: dt.date,
    operator: str,
    calendar: WorkCalendar,
) -> tuple[Case, Event]:
    """立项: a new case in 待交办. A deadline in working days is counted from today and kept as
    working days too, so that assignment can count it again from the day of assignment."""
    _check_registration(request, today)
    deadline = request.deadline
    if request.days is not None:
        deadline = calendar.add_workdays(today, request.days).date
    event = Event(date=today, action="立项", operator=operator)
    case = Case(
        id=case_id,
        doc_number=doc_number,
        title=request.title.strip(),
        source=Source(kind=request.source_kind, ref=request.source_ref.strip(), date=request.source_date),
        leader=request.leader.strip(),
        content=request.content,
        lead_units=request.lead_units,
        co_units=request.co_units,
        urgency=request.urgency,
        restricted_to=request.restricted_to,
        report_cycle=request.report_cycle,
        parent=request.parent,
        registered=today,
        deadline=deadline,
        deadline_days=request.days,
        status=PENDING,
        events=(event,),
    )
    return case, event
