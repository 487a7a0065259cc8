"""The morning check (duban overdue): every open case that is overdue, due soon, unreported or
stalled today, and the reminders cron may record for the overdue ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from duban.errors import InputError
from duban.model import replace
from duban.usecases.procedure import remind
from duban.usecases.redaction import redact
from duban.usecases.session import Session


def overdue_ids(session: Session) -> list[str]:
    """The red cases of the morning check: 办理中 and today after the deadline in force."""
    return [a.case.id for a in morning_check(session, within=0).alerts if a.red]


@dataclass(frozen=True)
class MorningCheck:
    alerts: list[Any]  # list[reports.Alert], redacted for the reader
    within: int
    reminded: tuple[str, ...] = ()


def morning_check(
    session: Session, within: int | None = None, unit: str | None = None, remind_red: bool = False
) -> MorningCheck:
    """duban overdue: every open case that is overdue, due soon, unreported or stalled today.
    With remind_red, a 催办 is recorded for each red case not yet reminded today, in one commit."""
    from duban import reports

    office = session.office
    config = office.config
    days = config.warn_days if within is None else within
    if days < 0:
        raise InputError("--within 应为不小于 0 的工作日数")
    full = config.resolve_unit(unit) if unit else None
    calendar = config.calendar()

    def selected() -> list[Any]:
        return [s for s in office.summaries() if full is None or full in s.lead_units]

    found = reports.alerts(selected(), calendar, session.today, days, config.stall_days)
    reminded: tuple[str, ...] = ()
    if remind_red:
        due = [a.case.id for a in found if a.red and a.case.last_reminder != session.today]
        if due:
            remind(session, due, "逾期自动催办")
            reminded = tuple(due)
            found = reports.alerts(selected(), calendar, session.today, days, config.stall_days)
    if any(a.case.restricted_to for a in found):
        reader = session.viewer()
        found = [replace(a, case=redact(a.case, reader)) for a in found]
    return MorningCheck(found, days, reminded)
