"""What the office's reports derive from cases at query time: the morning check's signals (overdue,
rectification overdue, due soon, unreported, stalled) and the figures of a period per lead unit.

Nothing here is stored and nothing here judges on its own: every figure comes from
assessment.standing, so overdue, stats, bulletin, export and dashboard always agree, and any past
day can be rerun with --as-of.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from duban.assessment import Standing, opinions_missing, standing
from duban.calendar import WorkCalendar
from duban.model import ACTIVE, INSPECTION_WAYS, VOIDED, Case, Summary, id_order, summary_of
from duban.records import NamedTuple

OVERDUE = "逾期"
RECTIFICATION = "整改逾期"
OPINION = "协办逾期"  # a co-unit's opinion on a suggestion or proposal is late: the co-unit is named
DUE_SOON = "临期"
UNREPORTED = "逾期未报"
STALLED = "停滞"
# A late co-unit opinion comes last: a case the lead unit is late with, or soon due, counts as such (the
# dashboard has no card for 协办逾期); the co-unit is named in the note, the signals and --by-unit.
LEVELS: tuple[str, ...] = (OVERDUE, RECTIFICATION, DUE_SOON, UNREPORTED, STALLED, OPINION)
# A unit's 请示 past its 答复时限 with no 批复: the office (or its leader) owes the answer; last of all.
REQUEST = "请示未复"
LEVELS += (REQUEST,)
RED_YELLOW = (OVERDUE, DUE_SOON)
REMINDER_WAYS = ("书面", "电话", "实地督查", "约谈")  # as older files recorded them; new 催办 are 书面 or 电话
# Counted apart from 催办 (督查 by way, 提醒, 问责): in `stats` and the bulletin only where any happened.
SUPERVISION_FIELDS = ("inspections", "problems_found", "notices", "referrals")


class Alert(NamedTuple):
    """One case that needs the office's attention today, with every signal it raises."""

    case: Case
    standing: Standing
    signals: tuple[str, ...]  # in the order of LEVELS; the first is the case's level
    days: int | None  # working days: > 0 overdue by, <= 0 left (0 = due today); None without deadline
    provisional: bool
    reminders: int
    idle: int  # working days since the case's last event
    missing_period: str = ""  # 逾期未报: the period without a report
    note: str = ""  # 已逾期申请延期至 …, 重办时限 …, 第N期通报整改时限 …
    late_co_units: tuple[str, ...] = ()  # 协办逾期: the co-units whose opinion is late

    @property
    def level(self) -> str:
        return self.signals[0]

    @property
    def red(self) -> bool:
        return OVERDUE in self.signals

    @property
    def deadline(self) -> dt.date | None:
        """The deadline shown: the one the case is late against when overdue, else the working one."""
        if self.standing.overdue:
            return _late_against(self.standing)
        return self.standing.working_deadline


def _late_against(now: Standing) -> dt.date | None:
    late = [u.deadline for u in now.units if u.overdue and u.deadline is not None]
    return min(late) if late else now.working_deadline


# -- periodic reports ---------------------------------------------------------------------------------


PERIODIC = ("每日", "每周", "每月", "每季度")
_QUARTERS = "一二三四"


def period_start(day: dt.date, cycle: str) -> dt.date:
    """The first day of the reporting period holding day: the day itself (每日), Monday, the 1st of
    the month, or the 1st of the quarter (01-01, 04-01, 07-01, 10-01)."""
    if cycle == "每日":
        return day
    if cycle == "每周":
        return day - dt.timedelta(days=day.weekday())
    if cycle == "每季度":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(day=1)


def period_end(start: dt.date, cycle: str) -> dt.date:
    if cycle == "每日":
        return start
    if cycle == "每周":
        return start + dt.timedelta(days=6)
    last = start.replace(month=start.month + 2) if cycle == "每季度" else start
    following = (last.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def period_name(start: dt.date, cycle: str) -> str:
    """2026年12月4日, 2026年第45周（11-02—11-08）, 2026年10月, or 2026年第一季度."""
    if cycle == "每日":
        return f"{start.year}年{start.month}月{start.day}日"
    if cycle == "每周":
        year, week, _ = start.isocalendar()
        end = period_end(start, cycle)
        return f"{year}年第{week}周（{start:%m-%d}—{end:%m-%d}）"
    if cycle == "每季度":
        return f"{start.year}年第{_QUARTERS[(start.month - 1) // 3]}季度"
    return f"{start.year}年{start.month}月"


def missing_report(case: Case, calendar: WorkCalendar, today: dt.date) -> str:
    """The reporting period a daily, weekly, monthly or quarterly case owes a report for, or "". A
    period is owed when it is complete, began on or after the assignment (the first whole period)
    and held at least one working day (the Spring Festival week is not owed; for a daily report, a
    day that is not a working day is not owed: the previous working day is); the last such period
    is missing when no lead unit reported in it or since."""
    if case.report_cycle not in PERIODIC or case.assigned is None:
        return ""
    start = period_start(today, case.report_cycle)
    for _ in range(40 if case.report_cycle == "每日" else 8):  # walk back over periods with no working day
        start = period_start(start - dt.timedelta(days=1), case.report_cycle)
        if start < case.assigned:
            return ""
        end = period_end(start, case.report_cycle)
        if calendar.workdays_between(start - dt.timedelta(days=1), end) > 0:
            break
    else:
        return ""
    reported = [r.date for r in case.reports if r.unit in case.lead_units and r.date >= start and not r.void]
    return "" if reported else period_name(start, case.report_cycle)


# -- the morning check --------------------------------------------------------------------------------


def alert_for(
    case: Case, calendar: WorkCalendar, today: dt.date, within: int, stall_days: int, now: Standing | None = None
) -> Alert | None:
    """The signals a case raises today, or None; now is its standing today when already known."""
    now = now if now is not None else standing(case, calendar, today)
    signals: list[str] = []
    days = None
    notes = []
    waiting = now.awaiting_review
    if now.is_open and not waiting and now.working_deadline is not None:
        if now.overdue:
            days = now.days_overdue
            signals.append(OVERDUE)
            if now.late_extension is not None:
                notes.append(f"已逾期申请延期至 {now.late_extension}")
        else:
            left = calendar.workdays_between(today, now.working_deadline)
            days = -left
            if left <= within:
                signals.append(DUE_SOON)
        if now.redo_deadline is not None:
            notes.append(f"退回重办，重办时限 {now.redo_deadline}")
    rectification = now.rectification_overdue
    if rectification is not None:
        signals.append(RECTIFICATION)
        if rectification.inspection:
            notes.append(
                f"{rectification.date} {rectification.inspection}发现问题，要求 {rectification.deadline} 前整改，"
                "尚未报送整改情况"
            )
        else:
            notes.append(f"{rectification.issue}通报要求 {rectification.deadline} 前整改，尚未报送整改情况")
    late_opinions = opinions_missing(case, calendar, today, now)
    if late_opinions:
        signals.append(OPINION)
        for item in late_opinions:
            notes.append(f"协办单位{item.unit}应于 {item.due} 前向主办单位送交协办意见，尚未送交")
    for asked in unanswered_requests(case, calendar, today) if now.is_open else ():
        signals.append(REQUEST)
        notes.append(f"{asked.get('单位')} {asked.date} 请示，应于 {_answer_due(asked, calendar)} 前批复，尚未批复")
    missing = missing_report(case, calendar, today) if now.is_open and case.status == ACTIVE and not waiting else ""
    if missing:
        signals.append(UNREPORTED)
        notes.append(f"缺 {missing} 的进展报告")
    last = max((e.date for e in case.events if e.date <= today), default=case.registered)
    idle = max(calendar.workdays_between(last, today), 0)
    if case.is_open and idle > stall_days:
        signals.append(STALLED)
    if not signals:
        return None
    ordered = tuple(level for level in LEVELS if level in signals)
    start = now.assigned or case.registered
    provisional = now.working_deadline is not None and calendar.is_provisional(start, now.working_deadline)
    reminded = sum(1 for e in case.events if e.action == "催办" and e.date <= today)
    late_co = tuple(item.unit for item in late_opinions)
    return Alert(case, now, ordered, days, provisional, reminded, idle, missing, "；".join(notes), late_co)


def _answer_due(asked: Any, calendar: WorkCalendar) -> dt.date:
    """A 请示's 答复时限 moved off a rest day (a file written by hand without one: the default)."""
    from duban.config import DEFAULT_REQUEST_DAYS

    due = asked.get("答复时限")
    if not isinstance(due, dt.date):
        due = calendar.add_workdays(asked.date, DEFAULT_REQUEST_DAYS).date
    return calendar.roll_forward(due)


def unanswered_requests(case: Case, calendar: WorkCalendar, today: dt.date) -> list[Any]:
    """The 请示 made by `today`, past their 答复时限 and not answered by a 批复 by then."""
    answered = {e.get("请示序号") for e in case.events if e.action == "批复" and e.date <= today}
    return [
        e
        for e in case.events
        if e.action == "请示" and e.date <= today and e.get("序号") not in answered and today > _answer_due(e, calendar)
    ]


def _order(alert: Alert) -> tuple[int, int, tuple[int, int, str]]:
    rank = LEVELS.index(alert.level)
    lateness = alert.days if alert.days is not None else -(10**6)
    if alert.level == STALLED:
        lateness = alert.idle
    return rank, -lateness, id_order(alert.case.id)


def alerts(cases: Iterable[Case], calendar: WorkCalendar, today: dt.date, within: int, stall_days: int) -> list[Alert]:
    """Every case that raises a signal today, by level and then the latest first."""
    found = [a for c in cases if (a := alert_for(c, calendar, today, within, stall_days)) is not None]
    return sorted(found, key=_order)


class UnitSummary(NamedTuple):
    unit: str
    counts: dict[str, int]


def by_unit(found: Iterable[Alert]) -> list[UnitSummary]:
    """Per lead unit: how many cases raise each signal; units with most overdue first."""
    table: dict[str, dict[str, int]] = {}
    for alert in found:
        late_units = {u.unit for u in alert.standing.units if u.overdue}
        for unit in alert.case.lead_units if alert.signals != (OPINION,) else ():
            counts = table.setdefault(unit, dict.fromkeys(LEVELS, 0))
            for signal in alert.signals:
                if (signal == OVERDUE and unit not in late_units) or signal == OPINION:
                    continue
                counts[signal] += 1
        for unit in alert.late_co_units:  # a late opinion is the co-unit's, not the lead unit's
            table.setdefault(unit, dict.fromkeys(LEVELS, 0))[OPINION] += 1
    rows = [UnitSummary(unit, counts) for unit, counts in table.items()]
    return sorted(rows, key=lambda r: tuple(-r.counts[level] for level in LEVELS) + (r.unit,))


# -- the figures of a period ----------------------------------------------------------------------------

FIGURE_FIELDS = (
    "assigned",
    "closed_on_time",
    "closed_late",
    "overdue_open",
    "in_progress",
    "reminders",
    "returns",
    "extensions",
    # 常态事项 (standing tasks, no deadline): those counted in the period, open or closed in it; the
    # closed ones count in 已办结 but neither on time nor late, the open ones in 在办.
    "standing",
    "closed_standing",
)


class Figures:
    """The counts of one unit (or all units) over a period, as the bulletin and assessment use them."""

    __slots__ = (*FIGURE_FIELDS, "reminder_ways", *SUPERVISION_FIELDS, "inspection_ways")

    def __init__(
        self,
        assigned: int = 0,
        closed_on_time: int = 0,
        closed_late: int = 0,
        overdue_open: int = 0,
        in_progress: int = 0,
        reminders: int = 0,
        returns: int = 0,
        extensions: int = 0,
        standing: int = 0,
        closed_standing: int = 0,
        reminder_ways: dict[str, int] | None = None,
    ) -> None:
        self.assigned = assigned
        self.closed_on_time = closed_on_time
        self.closed_late = closed_late
        self.overdue_open = overdue_open
        self.in_progress = in_progress
        self.reminders = reminders
        self.returns = returns
        self.extensions = extensions
        self.standing = standing
        self.closed_standing = closed_standing
        self.reminder_ways = reminder_ways if reminder_ways is not None else {}
        self.inspections = 0  # 督查, by way in inspection_ways; not 催办
        self.problems_found = 0  # of them, those that found a problem
        self.notices = 0  # 提醒 before the deadline: not 催办, not charged
        self.referrals = 0  # 问责
        self.inspection_ways: dict[str, int] = {}

    @property
    def supervised(self) -> bool:
        """Whether any 督查, 提醒 or 问责 is counted."""
        return any(getattr(self, name) for name in SUPERVISION_FIELDS)

    def supervision_mapping(self) -> dict[str, Any]:
        return {
            "督查": self.inspections,
            "发现问题": self.problems_found,
            "提醒": self.notices,
            "问责": self.referrals,
            "督查方式": {way: self.inspection_ways.get(way, 0) for way in INSPECTION_WAYS},
        }

    @property
    def closed(self) -> int:
        return self.closed_on_time + self.closed_late + self.closed_standing

    @property
    def on_time_rate(self) -> float | None:
        judged = self.closed_on_time + self.closed_late + self.overdue_open
        return self.closed_on_time / judged if judged else None

    @property
    def on_time_rate_text(self) -> str:
        rate = self.on_time_rate
        return "—" if rate is None else f"{rate * 100:.1f}%"

    @property
    def nothing(self) -> bool:
        return not any(getattr(self, name) for name in FIGURE_FIELDS)

    def to_mapping(self) -> dict[str, Any]:
        """The figures under the names the office reads (templates, JSON)."""
        return {
            "交办": self.assigned,
            "已办结": self.closed,
            "按期办结": self.closed_on_time,
            "超期办结": self.closed_late,
            "逾期未办结": self.overdue_open,
            "在办": self.in_progress,
            "催办": self.reminders,
            "退回": self.returns,
            "延期": self.extensions,
            "按期率": self.on_time_rate,
            "按期率文字": self.on_time_rate_text,
            "催办方式": {way: self.reminder_ways.get(way, 0) for way in REMINDER_WAYS},
            **(self.supervision_mapping() if self.supervised else {}),
            **({"常态事项": self.standing} if self.standing else {}),
        }

    def add(self, other: Figures) -> None:
        for name in FIGURE_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for way, count in other.reminder_ways.items():
            self.reminder_ways[way] = self.reminder_ways.get(way, 0) + count
        for name in SUPERVISION_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for way, count in other.inspection_ways.items():
            self.inspection_ways[way] = self.inspection_ways.get(way, 0) + count

    def copy(self) -> Figures:
        out = Figures(**{name: getattr(self, name) for name in FIGURE_FIELDS}, reminder_ways=dict(self.reminder_ways))
        for name in SUPERVISION_FIELDS:
            setattr(out, name, getattr(self, name))
        out.inspection_ways = dict(self.inspection_ways)
        return out


class NamedItem(NamedTuple):
    """A case named in a bulletin for one of its lead units: overdue and open, or closed late. The
    case is kept as its Summary: a period of years names thousands, and their texts are not kept."""

    case: Summary
    unit: str
    deadline: dt.date
    days: int
    reminders: int
    closed: dt.date | None = None
    note: str = ""


class PeriodReport(NamedTuple):
    start: dt.date
    end: dt.date
    as_of: dt.date
    total: Figures
    units: dict[str, Figures]
    overdue: list[NamedItem]
    late: list[NamedItem]  # closed late in the period
    # Cases counted with two or more lead units: each unit's row counts them once, so the unit
    # table's columns add up to more than the totals, which count each case once.
    shared: tuple[str, ...] = ()
    # Reports a 复查 in the period found untrue (不属实): named in the bulletin, charged 复查不实.
    untrue: tuple[NamedItem, ...] = ()


def untrue_findings(case: Case, start: dt.date, day: dt.date) -> list[Any]:
    """The 复查 of the case from start to day that found the unit's report untrue (不属实)."""
    return [e for e in case.events if e.action == "复查" and e.get("结果") == "不属实" and start <= e.date <= day]


def case_figures(
    case: Case, calendar: WorkCalendar, start: dt.date, end: dt.date, as_of: dt.date, now: Standing | None = None
) -> dict[str, Figures]:
    """One case's contribution to a period, per lead unit, with "" for the case as a whole.

    On time and late count a case closed in the period (each close in one period only), each lead
    unit by its own verdict; overdue counts every case open and
    late at as_of; the steps count what happened in the period."""
    if now is None:
        now = standing(case, calendar, as_of)
    common = Figures()
    returned_units: list[str] = []
    referred_units: list[str] = []
    if case.assigned is not None and start <= case.assigned <= end:
        common.assigned = 1
    for event in case.events:
        if start <= event.date <= min(end, as_of):
            if event.action == "催办":
                common.reminders += 1
                way = str(event.get("方式") or "书面")
                common.reminder_ways[way] = common.reminder_ways.get(way, 0) + 1
            elif event.action == "退回":
                common.returns += 1
                # A return names the lead unit whose report it sends back (return --unit): only that
                # unit is charged; a return naming none sends back every lead unit's.
                named = event.get("单位")
                if isinstance(named, str) and named:
                    returned_units.append(named)
                elif isinstance(named, (list, tuple)) and named:
                    returned_units.extend(str(u) for u in named)
                else:
                    returned_units.extend(case.lead_units)
            elif event.action == "延期":
                common.extensions += 1
            elif event.action == "督查":
                common.inspections += 1
                common.problems_found += 1 if event.get("发现问题") is True else 0
                way = str(event.get("方式") or "")
                common.inspection_ways[way] = common.inspection_ways.get(way, 0) + 1
            elif event.action == "提醒":
                common.notices += 1
            elif event.action == "问责":
                # Charged to the units it names (default the lead units); the case counts it once.
                common.referrals += 1
                named = event.get("单位")
                if isinstance(named, (list, tuple)) and named:
                    referred_units.extend(str(u) for u in named)
                elif isinstance(named, str) and named:
                    referred_units.append(named)
                else:
                    referred_units.extend(case.lead_units)
    # A close counts once, in the period that holds its date (README, 考核): a case closed early
    # must not count again in the later period its deadline falls in, so consecutive issues add up.
    counted_close = now.closed is not None and start <= now.closed <= end
    out: dict[str, Figures] = {}
    whole = common.copy()
    counted = counted_close or now.is_open
    if counted and now.standing_task:
        whole.standing = 1
    if counted_close and now.standing_task:
        whole.closed_standing = 1
    elif counted_close:
        whole.closed_on_time, whole.closed_late = (1, 0) if now.on_time else (0, 1)
    if now.is_open:
        whole.overdue_open, whole.in_progress = (1, 0) if now.overdue else (0, 1)
    out[""] = whole
    for unit in now.units:
        figures = common.copy()
        figures.returns = returned_units.count(unit.unit)
        figures.referrals = referred_units.count(unit.unit)
        figures.standing = whole.standing
        if counted_close and now.standing_task:
            figures.closed_standing = 1
        elif counted_close:
            figures.closed_on_time, figures.closed_late = (1, 0) if unit.on_time else (0, 1)
        if now.is_open:
            late = unit.overdue and not now.awaiting_review
            figures.overdue_open, figures.in_progress = (1, 0) if late else (0, 1)
        out[unit.unit] = figures
    return out


def period_report(
    cases: Iterable[Case], calendar: WorkCalendar, start: dt.date, end: dt.date, today: dt.date
) -> PeriodReport:
    """Figures of a period per lead unit, counted as things stood at its end (or today, if sooner)."""
    as_of = min(end, today)
    total = Figures()
    units: dict[str, Figures] = {}
    overdue: list[NamedItem] = []
    late: list[NamedItem] = []
    shared: list[str] = []
    untrue: list[NamedItem] = []
    for case in cases:
        if case.assigned is None or case.assigned > as_of or case.status == VOIDED:
            continue  # a case registered in error (作废) counts in no figure
        now = standing(case, calendar, as_of)
        for found in untrue_findings(case, start, as_of):
            until = found.get("整改时限")
            due = until if isinstance(until, dt.date) else found.date
            for lead in case.lead_units:
                untrue.append(NamedItem(summary_of(case), lead, due, 0, 0, closed=found.date, note=found.note))
        figures = case_figures(case, calendar, start, end, as_of, now)
        whole = figures.pop("")
        if whole.nothing and not whole.in_progress and not whole.supervised:
            continue
        total.add(whole)
        if len(figures) > 1:
            shared.append(case.id)
        for name, unit_figures in figures.items():
            units.setdefault(name, Figures()).add(unit_figures)
        reminded = sum(1 for e in case.events if e.action == "催办" and e.date <= as_of)
        for unit in now.units:
            if figures[unit.unit].overdue_open and unit.deadline is not None:
                note = f"已逾期申请延期至{now.late_extension}" if now.late_extension else ""
                overdue.append(
                    NamedItem(summary_of(case), unit.unit, unit.deadline, unit.days_overdue, reminded, note=note)
                )
            if figures[unit.unit].closed_late and now.closed is not None:
                deadline = unit.deadline or now.assessment_deadline or now.closed
                days = max(calendar.workdays_between(deadline, unit.final_report or now.closed), 0)
                late.append(NamedItem(summary_of(case), unit.unit, deadline, days, reminded, closed=now.closed))
    overdue.sort(key=lambda item: (-item.days, id_order(item.case.id), item.unit))
    late.sort(key=lambda item: (-item.days, id_order(item.case.id), item.unit))
    untrue.sort(key=lambda item: (item.closed or item.deadline, id_order(item.case.id), item.unit))
    return PeriodReport(start, end, as_of, total, units, overdue, late, tuple(shared), tuple(untrue))
