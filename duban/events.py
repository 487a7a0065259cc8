"""A case is what its events say: the replay that derives 状态, 交办日期, 办理时限, 时限工作日 and the
running counts (次数) from 办理过程, and voids the events it cannot accept. A 交办 that records
常态: true (a standing task, 常态事项) leaves the case with no 办理时限; Case.standing reads it.

Every case file is read through here, and the merge driver replays the union of two clerks' events.
Events are taken in the order of the file (dates first; the same day in the order they were
written). An event the procedure would have refused at its place (a 催办 after 办结 or while the
final report waits for review, a second 签收 of one unit, a 反馈 after closing, a second 交办) is
kept, marked void with the reason, and counts nowhere; once void it stays void. The derived fields
written in the file are for the people who read it: where they differ from the events, the events
win and `drift` names the difference for `duban check`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from duban.model import ACTIVE, ARCHIVED, CLOSED, PENDING, REVIEW, STANDING, TERMINATED, VOID, VOIDED, Case, Event
from duban.records import NamedTuple

# What each state allows when the events are replayed: what the commands allow (lifecycle.ALLOWED),
# and a rectification report (整改) answers a bulletin in any state but archived.
_ALLOWED: dict[str, frozenset[str]] = {
    PENDING: frozenset({"交办", "终止", "作废"}),
    ACTIVE: frozenset({"签收", "反馈", "催办", "延期", "退办", "终止", "通报", "作废"}),
    REVIEW: frozenset({"反馈", "退回", "办结", "测评", "终止", "通报", "作废"}),
    CLOSED: frozenset({"归档", "测评", "通报", "作废"}),
    TERMINATED: frozenset({"归档", "通报", "作废"}),
    ARCHIVED: frozenset(),
    VOIDED: frozenset(),
}
# While a case runs, a leader's follow-up 批示 and a unit's 请示 and its 批复 are recorded; a closed
# case is checked again (复查).
_RUNNING = frozenset({"批示", "请示", "批复"})
_ALLOWED[ACTIVE] |= _RUNNING
_ALLOWED[REVIEW] |= _RUNNING
_ALLOWED[CLOSED] |= {"复查"}
# 督查 and 问责 while the case runs, 问责 after it ended too; 提醒 before the deadline (lifecycle.ALLOWED).
_ALLOWED[ACTIVE] |= {"督查", "问责", "提醒"}
_ALLOWED[REVIEW] |= {"督查", "问责"}
_ALLOWED[CLOSED] |= {"问责"}
_ALLOWED[TERMINATED] |= {"问责"}
# Actions that do not depend on the state (立项 and the records of older versions).
_ANY_STATE = frozenset({"立项", "分解", "撤销"})
_COUNTED = ("催办", "退回")

_WHY_NOT = {
    PENDING: "事项尚未交办",
    REVIEW: "事项已在审核办结报告",
    CLOSED: "晚于办结",
    TERMINATED: "晚于终止",
    ARCHIVED: "晚于归档",
    ACTIVE: "事项仍在办理中",
    VOIDED: "事项已作废",
}


class Clash(NamedTuple):
    """Two extensions from the same deadline: two clerks extended one case differently."""

    first: Event
    second: Event


class Replayed(NamedTuple):
    case: Case
    voided: tuple[tuple[Event, str], ...]  # events voided by this replay, with the reason
    clashes: tuple[Clash, ...]


def is_void(event: Event) -> bool:
    return event.get(VOID) is not None


def void(event: Event, reason: str) -> Event:
    return event._replace(extra=(*[(k, v) for k, v in event.extra if k != VOID], (VOID, reason)))


def replay(case: Case, context: str = "") -> Replayed:
    """The case as its events make it. `context` starts each void reason ("合并后" in a merge)."""
    written = case.written_events()
    # The lead units as each event found them: the file names those of now, which lack a unit a 退办
    # took off the case; while its 退办 is still to come it was a lead unit. A 退办 this replay cannot
    # accept (a merge put it after that unit's answer) leaves its unit on the case.
    declined = [
        str(e.get("单位") or "") for e in written if e.action == "退办" and e.get("主办") is True and not is_void(e)
    ]
    leads = list(dict.fromkeys([*case.lead_units, *(u for u in declined if u)]))
    restored: list[str] = []
    if not written:
        return Replayed(case, (), ())
    status = PENDING
    assigned: dt.date | None = None
    handed_back = False  # a lead unit's 退办 took the assignment back
    rated: dt.date | None = None  # the 测评 of the answer in force
    deadline = case.deadline
    days = case.deadline_days
    acked: dict[str, dt.date] = {}
    pending: dict[str, dt.date] = {}  # lead units whose final report awaits review
    counts = dict.fromkeys(_COUNTED, 0)
    extended_from: dict[dt.date, Event] = {}
    kept: list[Event] = []
    voided: list[tuple[int, Event]] = []
    newly: list[tuple[Event, str]] = []
    clashes: list[Clash] = []
    for place, event in enumerate(written):
        if is_void(event):
            voided.append((place, event))
            continue
        action = event.action
        why = ""
        if action not in _ANY_STATE and action not in _ALLOWED[status]:
            rectifying = action == "反馈" and event.get("整改") is True and status != ARCHIVED
            if not rectifying:
                why = f"{_WHY_NOT[status]}，不能{action}"
        if not why and action == "签收":
            unit = str(event.get("单位") or "")
            if unit in acked:
                why = f"{unit} 已于 {acked[unit]} 签收"
        if not why and action == "测评" and rated is not None:
            why = f"答复已于 {rated} 测评，一份答复只测评一次"
        if not why and action == "反馈" and event.get("办结") is True:
            unit = str(event.get("单位") or "")
            if unit in pending and event.get("整改") is not True:
                why = f"{unit} 的办结报告（{pending[unit]}）正在审核"
        if why:
            reason = f"{context}{why}"
            event = void(event, reason)
            voided.append((place, event))
            newly.append((event, reason))
            if action == "退办" and event.get("单位"):
                restored.append(str(event.get("单位")))
            continue
        if action in _COUNTED and "次数" in dict(event.extra):
            counts[action] += 1
            if event.get("次数") != counts[action]:
                event = event._replace(extra=tuple((k, counts[action] if k == "次数" else v) for k, v in event.extra))
        elif action in _COUNTED:
            counts[action] += 1
        if action == "交办":
            status, assigned, handed_back = ACTIVE, event.date, False
            acked.clear()
            extended_from.clear()  # a new assignment (after a 退办) starts its own extensions
            if event.get(STANDING) is True:  # 常态事项: a standing task, no deadline
                deadline, days = None, None
            if isinstance(event.get("办理时限"), dt.date):
                deadline = event.get("办理时限")
            if "时限工作日" in dict(event.extra):
                days = event.get("时限工作日")
        elif action == "签收":
            acked[str(event.get("单位") or "")] = event.date
        elif action == "反馈":
            unit = str(event.get("单位") or "")
            if event.get("办结") is True and unit in leads and event.get("整改") is not True:
                pending[unit] = event.date
                rated = None
                if status == ACTIVE and all(u in pending for u in leads):
                    status = REVIEW
        elif action == "延期":
            origin = event.get("原时限")
            if isinstance(origin, dt.date):
                if origin in extended_from:
                    clashes.append(Clash(extended_from[origin], event))
                extended_from[origin] = event
            if isinstance(event.get("延期至"), dt.date):
                deadline, days = event.get("延期至"), None
        elif action == "退回":
            named = event.get("单位")
            for unit in [named] if isinstance(named, str) and named else list(leads):
                pending.pop(unit, None)
            status = ACTIVE
        elif action == "测评":
            rated = event.date
            if event.get("结果") == "不满意":  # 重新办理: a new answer is owed by 重办时限
                pending.clear()
                status = ACTIVE
                if isinstance(event.get("重办时限"), dt.date):
                    deadline, days = event.get("重办时限"), None
        elif action == "复查" and event.get("结果") == "不属实":  # reopened: rectify by 整改时限
            pending.clear()
            status = ACTIVE
            if isinstance(event.get("整改时限"), dt.date):
                deadline, days = event.get("整改时限"), None
        elif action == "退办":
            if event.get("主办") is True:  # back to the office, to be assigned again
                status, assigned, handed_back = PENDING, None, True
                deadline, days = None, None
                pending.clear()
                leads = [u for u in leads if u != event.get("单位")]
            acked.pop(str(event.get("单位") or ""), None)
        elif action == "办结":
            status = CLOSED
        elif action == "终止":
            status = TERMINATED
        elif action == "归档":
            status = ARCHIVED
        elif action == "作废":
            status = VOIDED
        kept.append(event)
    reports = case.reports
    if newly:
        reports = _void_reports(reports, [(e, r) for e, r in newly if e.action == "反馈"])
    units: dict[str, Any] = {}
    if restored:  # a 退办 voided here: its unit was never taken off the case
        back = [u for u in restored if u not in case.lead_units and u not in case.co_units]
        lead_back = tuple(u for u in back if u in leads)
        units = {
            "lead_units": case.lead_units + lead_back,
            "co_units": case.co_units + tuple(u for u in back if u not in lead_back),
        }
    derived = case._replace(
        **units,
        status=status,
        assigned=assigned if assigned is not None or handed_back else case.assigned,
        deadline=deadline,
        deadline_days=days,
        events=tuple(kept),
        voided=tuple(voided),
        reports=reports,
    )
    return Replayed(derived, tuple(newly), tuple(clashes))


def _void_reports(reports: tuple[Any, ...], events: list[tuple[Event, str]]) -> tuple[Any, ...]:
    """The 办理报告 entry of each voided 反馈 (same day, unit and kind), voided with it."""
    out = list(reports)
    for event, reason in events:
        for index, entry in enumerate(out):
            if (
                not entry.void
                and entry.date == event.date
                and entry.unit == event.get("单位")
                and entry.final == (event.get("办结") is True)
            ):
                out[index] = entry._replace(void=reason)
                break
    return tuple(out)


_FIELDS = (("状态", "status"), ("交办日期", "assigned"), ("办理时限", "deadline"), ("时限工作日", "deadline_days"))


def derive(case: Case) -> Case:
    """The case as read: its derived fields from its events, and what the file said otherwise."""
    done = replay(case)
    derived = done.case
    drift: list[tuple[str, Any, Any]] = []
    for label, name in _FIELDS:
        if getattr(case, name) != getattr(derived, name):
            drift.append((label, getattr(case, name), getattr(derived, name)))
    for event, reason in done.voided:
        drift.append((f"办理过程（{event.date} {event.action}）", "计入", f"不能计入：{reason}"))
    for clash in done.clashes:
        first, second = clash
        drift.append(
            (
                "延期",
                f"{first.operator} 延期至 {first.get('延期至')}",
                f"{second.operator} 也从 {second.get('原时限')} 延期至 {second.get('延期至')}",
            )
        )
    if case.events != derived.events and not done.voided:
        drift.append(("办理过程", "次数", "按先后重新计数"))
    return derived._replace(drift=tuple(drift)) if drift else derived
