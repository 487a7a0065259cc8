"""What the office's reports derive from cases at query time: overdue, due soon, stalled, unreported.

Nothing here is stored: every level comes from the deadline in force, the calendar and today,
so a report can be rerun for any past day with --as-of.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from duban.calendar import WorkCalendar
from duban.model import ACTIVE, Case, Summary, id_order

OVERDUE = "逾期"
DUE_SOON = "临期"
UNREPORTED = "逾期未报"
STALLED = "停滞"
LEVELS = (OVERDUE, DUE_SOON, UNREPORTED, STALLED)
RED_YELLOW = (OVERDUE, DUE_SOON)


@dataclass(frozen=True, slots=True)
class Alert:
    """One case that needs the office's attention today, with every signal it raises."""

    case: Summary
    signals: tuple[str, ...]  # in the order of LEVELS; the first is the case's level
    days: int | None  # working days: > 0 overdue by, <= 0 left (0 = due today); None without deadline
    provisional: bool
    reminders: int
    idle: int  # working days since the case's last event

    @property
    def level(self) -> str:
        return self.signals[0]

    @property
    def red(self) -> bool:
        return OVERDUE in self.signals


def period_start(day: dt.date, cycle: str) -> dt.date:
    """The first day of the reporting period holding day: Monday, or the 1st of the month."""
    if cycle == "每周":
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


def previous_period_start(day: dt.date, cycle: str) -> dt.date:
    current = period_start(day, cycle)
    return period_start(current - dt.timedelta(days=1), cycle)


def unreported(case: Summary, today: dt.date) -> bool:
    """A unit owes one report per period (a week Monday to Sunday, or a calendar month). It is
    late when the last complete period, wholly after the assignment, passed without a report
    from a lead unit and none has come since."""
    if case.report_cycle not in ("每周", "每月") or case.assigned is None:
        return False
    previous = previous_period_start(today, case.report_cycle)
    if previous <= case.assigned:
        return False
    return case.last_lead_report is None or case.last_lead_report < previous


def alert_for(case: Summary, calendar: WorkCalendar, today: dt.date, within: int, stall_days: int) -> Alert | None:
    """The signals a case raises today, or None. Only cases in 办理中 can be overdue, due soon or
    unreported (in 待审核 the unit has done its part); any open case can stall."""
    if not case.is_open:
        return None
    signals: list[str] = []
    days = None
    provisional = False
    if case.status == ACTIVE and case.deadline is not None:
        if today > case.deadline:
            days = calendar.workdays_between(case.deadline, today)
            signals.append(OVERDUE)
        else:
            days = -calendar.workdays_between(today, case.deadline)
            if -days <= within:
                signals.append(DUE_SOON)
        start = case.assigned or case.registered
        provisional = case.deadline_days is not None and calendar.is_provisional(start, case.deadline)
    if case.status == ACTIVE and unreported(case, today):
        signals.append(UNREPORTED)
    idle = max(calendar.workdays_between(case.last_activity, today), 0)
    if idle > stall_days:
        signals.append(STALLED)
    if not signals:
        return None
    return Alert(case, tuple(signals), days, provisional, case.reminders, idle)


def _order(alert: Alert) -> tuple[int, int, tuple[int, int, str]]:
    rank = LEVELS.index(alert.level)
    lateness = alert.days if alert.days is not None else -(10**6)
    if alert.level == STALLED:
        lateness = alert.idle
    return rank, -lateness, id_order(alert.case.id)


def alerts(
    cases: Iterable[Summary], calendar: WorkCalendar, today: dt.date, within: int, stall_days: int
) -> list[Alert]:
    """Every case that raises a signal today, by level and then the latest first."""
    found = [a for c in cases if (a := alert_for(c, calendar, today, within, stall_days)) is not None]
    return sorted(found, key=_order)


@dataclass(frozen=True, slots=True)
class UnitSummary:
    unit: str
    counts: dict[str, int]


def by_unit(found: Iterable[Alert]) -> list[UnitSummary]:
    """Per lead unit: how many cases raise each signal; units with most overdue first."""
    table: dict[str, dict[str, int]] = {}
    for alert in found:
        for unit in alert.case.lead_units:
            counts = table.setdefault(unit, dict.fromkeys(LEVELS, 0))
            for signal in alert.signals:
                counts[signal] += 1
    rows = [UnitSummary(unit, counts) for unit, counts in table.items()]
    return sorted(rows, key=lambda r: tuple(-r.counts[level] for level in LEVELS) + (r.unit,))


# -- a case as it stood on a given day ----------------------------------------------------------


def deadline_on(case: Case, day: dt.date) -> dt.date | None:
    """The deadline in force on a day: the one of assignment, moved by every extension granted by then."""
    extensions = [e for e in case.events if e.action == "延期" and e.date <= day]
    assigned = next((e for e in case.events if e.action == "交办"), None)
    first = assigned.get("办理时限") if assigned is not None else None
    if not isinstance(first, dt.date):
        original = next((e.get("原时限") for e in case.events if e.action == "延期"), None)
        first = original if isinstance(original, dt.date) else case.deadline
    deadline = first
    for event in extensions:
        moved = event.get("延期至")
        if isinstance(moved, dt.date):
            deadline = moved
    return deadline


def ended_on(case: Case) -> tuple[str, dt.date] | None:
    """How and when the case ended (办结 or 终止), if it has."""
    for event in reversed(case.events):
        if event.action in ("办结", "终止"):
            return event.action, event.date
    return None


def open_on(case: Case, day: dt.date) -> bool:
    """Assigned by that day and not yet closed or terminated."""
    if case.assigned is None or case.assigned > day:
        return False
    ended = ended_on(case)
    return ended is None or ended[1] > day


FIGURE_FIELDS = (
    "assigned",
    "closed_on_time",
    "closed_late",
    "overdue_open",
    "in_progress",
    "reminders",
    "returns",
    "extensions",
)


def awaiting_review_on(case: Case, day: dt.date) -> bool:
    """The lead unit's final report was in by that day and not returned: the unit has done its part."""
    waiting = False
    for event in case.events:
        if event.date > day:
            break
        if event.action == "反馈" and event.get("办结") is True and event.get("单位") in case.lead_units:
            waiting = True
        elif event.action == "退回":
            waiting = False
    return waiting


@dataclass
class Figures:
    """The counts of one unit (or all units) over a period, as the bulletin and assessment use them."""

    assigned: int = 0
    closed_on_time: int = 0
    closed_late: int = 0
    overdue_open: int = 0
    in_progress: int = 0
    reminders: int = 0
    returns: int = 0
    extensions: int = 0

    @property
    def closed(self) -> int:
        return self.closed_on_time + self.closed_late

    @property
    def on_time_rate(self) -> float | None:
        judged = self.closed_on_time + self.closed_late + self.overdue_open
        return self.closed_on_time / judged if judged else None

    @property
    def on_time_rate_text(self) -> str:
        rate = self.on_time_rate
        return "—" if rate is None else f"{rate * 100:.1f}%"

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
        }

    def add(self, other: Figures) -> None:
        for name in FIGURE_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class OverdueItem:
    case: Case
    unit: str
    deadline: dt.date
    days: int
    reminders: int


@dataclass
class PeriodReport:
    start: dt.date
    end: dt.date
    as_of: dt.date
    total: Figures
    units: dict[str, Figures]
    overdue: list[OverdueItem]


def case_figures(case: Case, start: dt.date, end: dt.date, as_of: dt.date) -> Figures:
    """One case's contribution to a period.

    On time and late count a case closed in the period, or closed by as_of with its deadline in
    the period; overdue counts every case open and past its deadline at as_of. So 按期率 is
    judged over the cases whose deadline fell in the period or that closed in it, plus those
    still overdue."""
    figures = Figures()
    if case.assigned is not None and start <= case.assigned <= end:
        figures.assigned = 1
    ended = ended_on(case)
    deadline_then = deadline_on(case, as_of)
    due_in_period = deadline_then is not None and start <= deadline_then <= end
    if ended is not None and ended[0] == "办结" and ended[1] <= as_of and (start <= ended[1] <= end or due_in_period):
        if on_time_flag(case):
            figures.closed_on_time = 1
        else:
            figures.closed_late = 1
    if open_on(case, as_of):
        deadline = deadline_on(case, as_of)
        if deadline is not None and deadline < as_of and not awaiting_review_on(case, as_of):
            figures.overdue_open = 1
        else:
            figures.in_progress = 1
    for event in case.events:
        if start <= event.date <= end:
            if event.action == "催办":
                figures.reminders += 1
            elif event.action == "退回":
                figures.returns += 1
            elif event.action == "延期":
                figures.extensions += 1
    return figures


def on_time_flag(case: Case) -> bool:
    for event in reversed(case.events):
        if event.action == "办结":
            return event.get("按期") is True
    return False


def period_report(
    cases: Iterable[Case], calendar: WorkCalendar, start: dt.date, end: dt.date, today: dt.date
) -> PeriodReport:
    """Figures of a period per lead unit, counted as things stood at its end (or today, if sooner)."""
    as_of = min(end, today)
    total = Figures()
    units: dict[str, Figures] = {}
    overdue: list[OverdueItem] = []
    for case in cases:
        figures = case_figures(case, start, end, as_of)
        if not any(vars(figures).values()):
            continue
        for unit in case.lead_units:
            units.setdefault(unit, Figures()).add(figures)
        total.add(figures)
        if figures.overdue_open:
            deadline = deadline_on(case, as_of)
            assert deadline is not None
            days = calendar.workdays_between(deadline, as_of)
            reminded = sum(1 for e in case.events if e.action == "催办" and e.date <= as_of)
            for unit in case.lead_units:
                overdue.append(OverdueItem(case, unit, deadline, days, reminded))
    overdue.sort(key=lambda item: (-item.days, id_order(item.case.id)))
    return PeriodReport(start, end, as_of, total, units, overdue)
