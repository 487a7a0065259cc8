"""The morning check (duban overdue): every open case that is overdue, due soon, unreported or
stalled today, and the reminders cron may record for the overdue ones."""

from __future__ import annotations

from typing import Any

from duban.errors import InputError
from duban.model import replace
from duban.records import NamedTuple
from duban.usecases.recording import apply_many_locked, changing
from duban.usecases.redaction import PUBLIC, redact
from duban.usecases.session import Session

AUTOMATIC_NOTE = "逾期自动催办"


AUTOMATIC_NOTICE = "临期自动提醒"


def remind_overdue(
    session: Session,
    unit: str | None = None,
    note: str = AUTOMATIC_NOTE,
    way: str = "书面",
    notify_within: int | None = None,
    sync_first: bool = True,
) -> list[Any]:
    """A 催办 for every red case not yet reminded today, in one commit. The cases are chosen after
    the lock is taken, so two cron jobs (or cron and a clerk) at once remind a case once a day.
    Where the office has a remote, it is synced first. With notify_within, a 提醒 (not a 催办) in the
    same commit for every yellow case due within that many working days and not yet notified of its
    deadline; the cases returned end with their 催办 or 提醒."""
    from duban import lifecycle, reports
    from duban.usecases.sync import fetch_first

    # Reminders go to units on the office's behalf: from the shared record, synced first, so that
    # a case a colleague closed or saw reported is not reminded. Offline, from this clone's, saying so.
    problem = fetch_first(session) if sync_first else None
    if problem:
        session.notify(f"未能先与共享仓库同步，本次按本机记录催办：{problem}")
    operator = session.operator()
    with changing(session) as office:
        config = office.config
        full = config.resolve_unit(unit) if unit else None
        cases = [c for c in office.active_cases() if full is None or full in c.lead_units]
        calendar = config.calendar()
        found = reports.alerts(cases, calendar, session.today, notify_within or 0, config.stall_days)
        due = [a.case.id for a in found if a.red and not _reminded_on(a.case, session.today)]
        soon = set()
        if notify_within is not None:
            soon = {
                a.case.id
                for a in found
                if reports.DUE_SOON in a.signals and not lifecycle.notified_for(a.case, a.standing.working_deadline)
            }
        if due or soon:
            from duban.usecases.procedure import ReminderNumbers

            numbers = ReminderNumbers(session)

            def step(case: Any, op: str) -> Any:
                if case.id in soon:
                    return lifecycle.notify(case, session.today, op, calendar, AUTOMATIC_NOTICE)
                return lifecycle.remind(case, session.today, op, note, way, numbers.next() if way == "书面" else "")

            ids = due + [a.case.id for a in found if a.case.id in soon]  # in the check's order
            return apply_many_locked(office, ids, step, "催办" if due else "提醒", operator)
    return []


def _reminded_on(case: Any, day: Any) -> bool:
    return any(e.action == "催办" and e.date == day for e in case.events)


class MorningCheck(NamedTuple):
    alerts: list[Any]  # list[reports.Alert], redacted for the reader
    within: int
    reminded: tuple[str, ...] = ()
    skipped: int = 0  # case files that could not be read, named in the session's notices
    notified: tuple[str, ...] = ()  # 提醒 recorded for yellow cases


def morning_check(
    session: Session,
    within: int | None = None,
    unit: str | None = None,
    remind_red: bool = False,
    public: bool = False,
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
        from duban.caseindex import ended_after

        cases = office.active_cases()
        # A past day (--as-of): the cases closed since were open then, and show and list say so.
        # Only then is the full index read; the morning check of today reads the small file alone.
        if office.index().last_ended > session.today.toordinal():
            known = {c.id for c in cases}
            cases += [c for c in office.cases(ended_after(session.today)) if c.id not in known]
        return [c for c in cases if full is None or full in c.lead_units or full in c.co_units]

    changed = remind_overdue(session, unit, notify_within=days) if remind_red else []
    reminded = tuple(case.id for case in changed if case.events[-1].action == "催办")
    notified = tuple(case.id for case in changed if case.events[-1].action == "提醒")
    found = reports.alerts(selected(), calendar, session.today, days, config.stall_days)
    if full is not None:  # a co-unit's cases only where it is late with its opinion
        found = [a for a in found if full in a.case.lead_units or full in a.late_co_units]
    skipped = session.report_skipped()
    if any(a.case.restricted_to for a in found):
        reader = PUBLIC if public else session.viewer
        found = [replace(a, case=redact(a.case, reader)) for a in found]
    return MorningCheck(found, days, reminded, skipped, notified)
