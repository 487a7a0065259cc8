"""When a year's official holiday schedule arrives (in config.yaml, or a newer chinese-calendar):
recount every deadline that was counted in working days over it, in the case files and in the
events assessment reads, in one commit. Dates typed as dates are never touched."""

from __future__ import annotations

import datetime as dt
from typing import TypeGuard

from duban.calendar import WorkCalendar
from duban.model import Case, Event, case_path, replace
from duban.records import NamedTuple
from duban.schema import MAX_DAYS
from duban.usecases.session import Session


class Moved(NamedTuple):
    case_id: str
    what: str  # 办理时限, 重办时限, 整改时限; or a field the file said otherwise than its events
    old: dt.date | str
    new: dt.date | str


def _countable(days: object) -> TypeGuard[int]:
    """A number of working days the calendar may count: a hand-edited 100000000 is named by check
    as a problem of the file, and counting it would take a minute and overflow the date."""
    return isinstance(days, int) and not isinstance(days, bool) and 0 <= days <= MAX_DAYS


def recounted(case: Case, calendar: WorkCalendar) -> tuple[Case, list[Moved]]:
    """The case with its working-day deadlines counted again on the calendar, and what moved."""
    moved: list[Moved] = []
    events: list[Event] = []
    assign_days = None
    extended = any(e.action == "延期" for e in case.events)
    for event in case.events:
        extra = dict(event.extra)
        if event.action == "交办":
            days = event.get("时限工作日")
            if not isinstance(days, int) and not extended:
                days = case.deadline_days  # files written before 时限工作日 was kept on the event
            old = event.get("办理时限")
            if _countable(days) and isinstance(old, dt.date):
                assign_days = days
                new = calendar.add_workdays(event.date, days).date
                if new != old:
                    extra["办理时限"] = new
                    moved.append(Moved(case.id, "办理时限", old, new))
        for key, count in (("重办时限", "重办工作日"), ("整改时限", "整改工作日")):
            days = event.get(count)
            old = event.get(key)
            if _countable(days) and isinstance(old, dt.date):
                new = calendar.add_workdays(event.date, days).date
                if new != old:
                    extra[key] = new
                    moved.append(Moved(case.id, key, old, new))
        events.append(replace(event, extra=tuple(extra.items())) if extra != dict(event.extra) else event)
    deadline = case.deadline
    if _countable(case.deadline_days) and case.deadline is not None:
        start = case.assigned or case.registered
        new = calendar.add_workdays(start, case.deadline_days).date
        if new != case.deadline:
            deadline = new
            if not any(m.what == "办理时限" for m in moved) or assign_days != case.deadline_days:
                moved.append(Moved(case.id, "办理时限", case.deadline, new))
    return replace(case, deadline=deadline, events=tuple(events)), moved


def recompute(session: Session, dry_run: bool = False) -> list[Moved]:
    """Recount the deadlines of every case still in progress (or awaiting rectification)."""
    from duban.assessment import active_on
    from duban.audit.git import CommitMessage, Git
    from duban.usecases.recording import changing, commit_files, record_hand_edits
    from duban.usecases.redaction import commit_title

    operator = session.operator() if not dry_run else ""
    with changing(session) as office:
        calendar = office.config.calendar()
        changes: list[tuple[Case, list[Moved]]] = []
        for case in office.active_cases():
            if not active_on(case):
                continue
            new, moved = recounted(case, calendar)
            if moved:
                changes.append((new, moved))
        # A file that says otherwise than its events (a hand edit, a merge by an earlier version):
        # written as its events make it, with the events it cannot accept marked void.
        recounted_ids = {c.id for c, _ in changes}
        for case in office.iter_cases():
            if case.drift:
                what = [Moved(case.id, label, str(old), str(new)) for label, old, new in case.drift]
                if case.id in recounted_ids:
                    changes = [(c, m + what) if c.id == case.id else (c, m) for c, m in changes]
                else:
                    changes.append((case, what))
        session.report_skipped()
        found = [m for _, items in changes for m in items]
        if dry_run or not changes:
            return found
        years = sorted({d.year for m in found for d in (m.old, m.new) if isinstance(d, dt.date)})
        label = "、".join(f"{y}年" for y in years) + "节假日安排" if years else "按办理过程"
        body = "\n".join(f"{m.case_id} {m.what} {m.old} → {m.new}" for m in found)
        cases = tuple(c.id for c, _ in changes)
        titles = "\n".join(f"{c.id} {commit_title(c)}" for c, _ in changes)
        message = CommitMessage(
            "更正办理时限", "", "", body=f"{body}\n\n{titles}", batch=cases, subject=f"更正办理时限：{label}"
        )
        git = Git(office.root)
        # A clerk's uncommitted edit of a case is committed on its own first, never folded into the
        # correction (the edit is in the file the case was read from, and so in what is written).
        record_hand_edits(office, git, [c for c, _ in changes], operator)
        writes = [(case_path(c.id), office.render_case(c)) for c, _ in changes]
        commit_files(office, git, writes, message, operator)
        return found
