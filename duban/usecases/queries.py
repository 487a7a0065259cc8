"""Reading cases: one (show), many (list), a case's history from git (log), and working days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from duban import lifecycle
from duban.assessment import Standing, standing
from duban.calendar import Deadline, WorkCalendar
from duban.errors import InputError, NotFoundError
from duban.model import STATUSES, Case, case_path, id_order, replace
from duban.records import NamedTuple
from duban.store import Office, normalize_id
from duban.usecases.redaction import PUBLIC, redact
from duban.usecases.session import Session, calendar_for


class CaseView(NamedTuple):
    """A case with what is derived from it at query time (never stored): its standing for
    assessment today (assessment.standing), the one calculation every figure reads."""

    case: Case
    standing: Standing
    provisional: bool
    children: tuple[tuple[str, str], ...] = ()

    # Working days left to the working deadline; negative: working days overdue.
    workdays_left: int | None = None
    proposal: Proposal | None = None  # a suggestion's or proposal's own procedure (show)

    def to_json(self) -> dict[str, Any]:
        from duban.model import case_to_mapping

        now = self.standing
        data: dict[str, Any] = _jsonable(case_to_mapping(self.case))
        data["常态"] = self.case.standing
        data["时限暂按法定节假日推算"] = self.provisional
        data["剩余工作日"] = self.workdays_left
        data["现行办理时限"] = _jsonable(now.working_deadline)
        data["考核时限"] = _jsonable(now.assessment_deadline)
        data["逾期"] = now.overdue
        data["逾期工作日"] = now.days_overdue if now.overdue else 0
        data["已逾期申请延期至"] = _jsonable(now.late_extension)
        data["重办时限"] = _jsonable(now.redo_deadline)
        data["催办次数"] = lifecycle.reminders(self.case)
        data["退回次数"] = lifecycle.returns(self.case)
        data["按期办结"] = now.on_time
        if len(self.case.lead_units) > 1:
            data["各主办单位"] = [
                {"单位": u.unit, "时限": _jsonable(u.deadline), "办结报告": _jsonable(u.final_report),
                 "逾期": u.overdue, "按期": u.on_time}
                for u in now.units
            ]  # fmt: skip
        if self.children:
            data["子事项"] = [{"编号": i, "状态": s} for i, s in self.children]
        if self.proposal is not None:
            data.update(self.proposal.to_json())
        return data


class Proposal(NamedTuple):
    """What a suggestion or proposal shows besides a case: its answer class, the deputy's
    satisfaction, 重新办理, the co-units' opinions and the rule of its time."""

    mark: str  # 答复类别
    label: str  # what the class means, from config.yaml
    changed_from: str  # the class the unit gave, when the office changed it at 办结
    satisfaction: str
    satisfied_on: dt.date | None
    rehandled: int
    longest: dt.date | None  # the latest day it may be extended to
    rule: str  # 3个月, the answer's time limit
    longest_rule: str  # 6个月
    opinions: tuple[tuple[str, dt.date, dt.date | None], ...]  # co-unit, due, given

    def to_json(self) -> dict[str, Any]:
        return {
            "答复类别": self.mark or None,
            "原答复类别": self.changed_from or None,
            "满意度": self.satisfaction or None,
            "测评日期": _jsonable(self.satisfied_on),
            "重新办理次数": self.rehandled,
            "最长办理时限": _jsonable(self.longest),
            "协办意见": [{"单位": u, "时限": _jsonable(d), "送交日期": _jsonable(g)} for u, d, g in self.opinions],
        }


def proposal_view(case: Case, config: Any, today: dt.date) -> Proposal | None:
    if not case.source.is_proposal:
        return None
    from duban.assessment import opinions

    calendar = config.calendar()
    mark = lifecycle.answer_class(case)
    changed = ""
    for event in reversed(case.events):
        if event.action == "办结":
            changed = str(event.get("原答复类别") or "")
            break
    satisfied = next((e for e in reversed(case.events) if e.action == "测评"), None)
    rules = config.proposals
    return Proposal(
        mark=mark,
        label=rules.class_label(mark),
        changed_from=changed,
        satisfaction=str(satisfied.get("结果") or "") if satisfied else "",
        satisfied_on=satisfied.date if satisfied else None,
        rehandled=lifecycle.rehandled(case),
        longest=calendar.roll_forward(rules.longest.due(case.assigned, calendar)) if case.assigned else None,
        rule=config.rules.limit_for(case.source.kind, case.urgency).text(),
        longest_rule=rules.longest.text(),
        opinions=tuple((o.unit, o.due, o.given) for o in opinions(case, calendar, today)),
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def view(case: Case, calendar: WorkCalendar, today: dt.date) -> CaseView:
    now = standing(case, calendar, today)
    provisional = False
    left = None
    working = now.working_deadline or case.deadline
    if working is not None:
        start = case.assigned or case.registered
        provisional = case.deadline_days is not None and calendar.is_provisional(start, working)
        # Days left or overdue only where the standing counts them: an open case (assigned) not
        # awaiting review. A case 待交办 or whose final reports came in on time owes nothing now.
        if now.overdue:
            left = -max(now.days_overdue, 1)
        elif now.is_open and not now.awaiting_review:
            left = max(calendar.workdays_between(today, working), 0)
    return CaseView(case, now, provisional, workdays_left=left)


def show(session: Session, case_id: str) -> CaseView:
    office = session.office
    case = redact(office.read_case(case_id), session.viewer)
    children = tuple(office.children(case.id))
    shown = view(case, office.config.calendar(), session.today)
    return replace(shown, children=children, proposal=proposal_view(case, office.config, session.today))


def _by_id(child: tuple[str, str]) -> tuple[int, int, str]:
    return id_order(child[0])


class Filters(NamedTuple):
    status: str | None = None
    unit: str | None = None
    source_kind: str | None = None
    leader: str | None = None
    text: str | None = None
    year: int | None = None


def list_cases(session: Session, filters: Filters, public: bool = False) -> list[CaseView]:
    """The cases that pass the filters, as the reader may see them (public: as a document's
    readers may, whoever runs the command)."""
    return list(iter_cases(session, filters, public))


def iter_cases(session: Session, filters: Filters, public: bool = False) -> Iterator[CaseView]:
    """list_cases a few hundred cases at a time, in case-number order (an export of years of
    cases never holds them all)."""
    office = session.office
    config = office.config
    if filters.status and filters.status not in STATUSES and filters.status != "在办":
        raise InputError(f"状态“{filters.status}”不认识，可选：在办、{'、'.join(STATUSES)}")
    unit = config.resolve_unit(filters.unit) if filters.unit else None
    if filters.source_kind:
        from duban.model import SOURCE_KINDS

        if filters.source_kind not in SOURCE_KINDS:
            raise InputError(f"来源类别“{filters.source_kind}”不认识，可选：{'、'.join(SOURCE_KINDS)}")
    tests: list[Callable[[Case], bool]] = []
    if filters.status == "在办":
        tests.append(lambda c: c.is_open)
    elif filters.status:
        tests.append(lambda c: c.status == filters.status)
    if unit:
        tests.append(lambda c: unit in c.lead_units or unit in c.co_units)
    if filters.source_kind:
        tests.append(lambda c: c.source.kind == filters.source_kind)
    if filters.leader:
        leader = filters.leader
        tests.append(lambda c: any(leader in name for name in c.leaders))  # any of several leaders
    if filters.text:
        from duban.caseindex import searchable

        needle = filters.text
        tests.append(lambda c: any(needle in text for text in searchable(c)))
    if filters.year:
        year = filters.year
        tests.append(lambda c: c.year == year)
    calendar = config.calendar()
    reader = PUBLIC if public else session.viewer
    candidates = _candidates(office, filters, unit)
    session.report_skipped()
    today = session.today
    visible = (redact(c, reader) for c in candidates)
    return (view(c, calendar, today) for c in visible if all(test(c) for test in tests))


def _candidates(office: Office, filters: Filters, unit: str | None) -> Iterator[Case]:
    """The cases the filters can pass, selected by the index (a superset: the caller tests them
    again, as the reader may see them), in case-number order, a few hundred at a time."""
    from duban.caseindex import matching

    where = matching(
        filters.status, filters.year, unit, filters.source_kind, filters.leader, filters.text, office.index().fts
    )
    return office.iter_cases(where)


def case_log(session: Session, case_id: str) -> list[Any]:
    """The case's story from git, with restricted fields left out for readers outside the circle."""
    from duban.audit.history import history

    office = session.office
    case_id = normalize_id(case_id)
    rel = case_path(case_id)
    case = office.read_case(case_id) if office.has_case(case_id) else None
    hidden = case is not None and redact(case, session.viewer) is not case
    try:
        local_dir: Path | None = office.ensure_local_dir()  # where the index of commits is kept
    except OSError:
        local_dir = None  # a read-only office: the index is built in memory for this command
    entries = history(office.root, rel, restricted=hidden, local_dir=local_dir)
    if not entries:
        raise NotFoundError(f"git 历史中没有事项 {case_id} 的记录")
    return entries


def workdays(session: Session | None, start: dt.date, days: int) -> Deadline:
    if days < 0:
        raise InputError("工作日数应为不小于 0 的整数")
    return calendar_for(session).add_workdays(start, days)
