"""What the office's reports derive from cases at query time: overdue, due soon, stalled, unreported.

Nothing here is stored: every level comes from the deadline in force, the calendar and today,
so a report can be rerun for any past day with --as-of.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from duban.calendar import WorkCalendar
from duban.lifecycle import reminders
from duban.model import ACTIVE, Case

OVERDUE = "逾期"
DUE_SOON = "临期"
UNREPORTED = "逾期未报"
STALLED = "停滞"
LEVELS = (OVERDUE, DUE_SOON, UNREPORTED, STALLED)
RED_YELLOW = (OVERDUE, DUE_SOON)


@dataclass(frozen=True, slots=True)
class Alert:
    """One case that needs the office's attention today, with every signal it raises."""

    case: Case
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


def unreported(case: Case, today: dt.date) -> bool:
    """A unit owes one report per period (a week Monday to Sunday, or a calendar month). It is
    late when the last complete period, wholly after the assignment, passed without a report
    from a lead unit and none has come since."""
    if case.report_cycle not in ("每周", "每月") or case.assigned is None:
        return False
    previous = previous_period_start(today, case.report_cycle)
    if previous <= case.assigned:
        return False
    return not any(r.date >= previous and r.unit in case.lead_units for r in case.reports)


def alert_for(case: Case, calendar: WorkCalendar, today: dt.date, within: int, stall_days: int) -> Alert | None:
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
    last = case.events[-1].date if case.events else case.registered
    idle = max(calendar.workdays_between(last, today), 0)
    if idle > stall_days:
        signals.append(STALLED)
    if not signals:
        return None
    return Alert(case, tuple(signals), days, provisional, reminders(case), idle)


def _order(alert: Alert) -> tuple[int, int, str]:
    rank = LEVELS.index(alert.level)
    lateness = alert.days if alert.days is not None else -(10**6)
    if alert.level == STALLED:
        lateness = alert.idle
    return rank, -lateness, alert.case.id


def alerts(cases: Iterable[Case], calendar: WorkCalendar, today: dt.date, within: int, stall_days: int) -> list[Alert]:
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
