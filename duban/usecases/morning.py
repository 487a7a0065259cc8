"""duban morning: the office server's one daily job. Sync where there is a shared repository,
record the day's 催办 and 提醒 when config.yaml asks for them (and push them), then the check; the
command line prints the report meant for mail (nothing on a day with nothing to do) and exits with
what happened."""

from __future__ import annotations

from typing import NamedTuple

from duban.errors import DubanError
from duban.usecases.overdue import MorningCheck, morning_check, remind_overdue
from duban.usecases.session import Session
from duban.usecases.sync import fetch_first


class Morning(NamedTuple):
    check: MorningCheck | None  # None: not a working day, and config.yaml asks only for those
    unsynced: str  # why the shared repository could not be reached or merged ("" when it was, or none)
    unreminded: str = ""  # why the 催办 and 提醒 could not be recorded ("" when they were, or none asked)


def morning(session: Session, remind: bool | None = None, within: int | None = None) -> Morning:
    config = session.office.config
    if config.morning_workdays_only and not config.calendar().is_workday(session.today):
        return Morning(None, "")
    unsynced = fetch_first(session) or ""
    config = session.office.config  # as the sync brought it
    days = config.warn_days if within is None else within
    reminded: tuple[str, ...] = ()
    notified: tuple[str, ...] = ()
    unreminded = ""
    if config.morning_remind if remind is None else remind:
        try:
            changed = remind_overdue(session, notify_within=days, sync_first=False)
        except DubanError as error:
            # Not recorded (the server's git user not among 经办人, a lock, a detached HEAD, a full
            # disk): the office still gets the day's report, and is told why.
            changed, unreminded = [], error.message
        reminded = tuple(c.id for c in changed if c.events[-1].action == "催办")
        notified = tuple(c.id for c in changed if c.events[-1].action == "提醒")
        if changed and not unsynced:
            unsynced = fetch_first(session) or ""  # the reminders pushed, for the clerks to see
    check = morning_check(session, within)
    return Morning(check._replace(reminded=reminded, notified=notified), unsynced, unreminded)
