"""人大建议 and 政协提案: the figures of a session's 办理工作总结 and what the per-unit assessment
charges for them (重新办理, 逾期退办, 协办意见逾期), pure functions over cases and their events up to a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from duban.assessment import opinions_late, standing
from duban.calendar import WorkCalendar
from duban.lifecycle import answer_class
from duban.model import SATISFACTION, VOIDED, Case, replace
from duban.records import NamedTuple

UNSATISFIED = "不满意"
# What the per-unit assessment (stats) counts of a suggestion or proposal, besides its figures.
PENALTIES = ("重新办理", "逾期退办", "协办意见逾期")
UNKNOWN_PROPOSER = "（未登记领衔）"
HIDDEN_PROPOSER = "（受控事项）"


class Facts(NamedTuple):
    """One suggestion or proposal as things stood on a day."""

    case: Case  # its events up to the day
    answered: bool  # at least one 办结
    on_time: bool  # its first 办结 was on time
    late_units: tuple[str, ...]  # the lead units late at the first 办结
    terminated: bool
    overdue: bool
    is_open: bool
    mark: str  # 答复类别 as of the day
    rating: str  # the latest 测评, "" before any
    rehandled: int  # how many 不满意
    declines: tuple[tuple[str, bool], ...]  # (unit, late) of each 退办
    extended: bool
    late_opinions: tuple[str, ...]  # co-units whose opinion came after its time or is missing past it


def as_of(case: Case, day: dt.date) -> Case:
    """The case with only the events up to the day."""
    if all(e.date <= day for e in case.events):
        return case
    return replace(case, events=tuple(e for e in case.events if e.date <= day))


def facts(case: Case, calendar: WorkCalendar, day: dt.date) -> Facts:
    then = as_of(case, day)
    closes = [e for e in then.events if e.action == "办结"]
    first = closes[0] if closes else None
    late_units: tuple[str, ...] = ()
    if first is not None:
        named = first.get("超期单位")
        if isinstance(named, (list, tuple)):
            late_units = tuple(str(u) for u in named)
        elif first.get("按期") is False:
            late_units = case.lead_units
    ratings = [str(e.get("结果") or "") for e in then.events if e.action == "测评"]
    now = standing(then, calendar, day)
    late_opinions = tuple(o.unit for o in opinions_late(then, calendar, day))
    return Facts(
        case=then,
        answered=first is not None,
        on_time=first is not None and first.get("按期") is True,
        late_units=late_units,
        terminated=any(e.action == "终止" for e in then.events),
        overdue=now.overdue,
        is_open=now.is_open,
        mark=answer_class(then) if first is not None else "",
        rating=ratings[-1] if ratings else "",
        rehandled=ratings.count(UNSATISFIED),
        declines=tuple((str(e.get("单位") or ""), e.get("逾期") is True) for e in then.events if e.action == "退办"),
        extended=any(e.action == "延期" for e in then.events),
        late_opinions=late_opinions,
    )


def selected(case: Case, kind: str, session: str | None, start: dt.date, end: dt.date, day: dt.date) -> bool:
    """A suggestion or proposal of the kind (and session) registered in the period by the day, not void."""
    return (
        case.source.kind == kind
        and (session is None or case.source.session == session)
        and start <= case.registered <= min(end, day)
        and case.status != VOIDED
    )


def _classes(marks: Iterable[str], found: Iterable[str]) -> dict[str, int]:
    counts = dict.fromkeys(marks, 0)
    for mark in found:
        if mark:
            counts[mark] = counts.get(mark, 0) + 1
    return counts


def _ratings(found: Iterable[Facts]) -> dict[str, int]:
    counts = dict.fromkeys(SATISFACTION, 0)
    for item in found:
        if item.rating in counts:
            counts[item.rating] += 1
    return counts


def summary(
    cases: Iterable[Case],
    calendar: WorkCalendar,
    marks: tuple[str, ...],
    kind: str,
    session: str | None,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    shown: Callable[[Case], bool] = lambda case: True,
    unit_order: tuple[str, ...] = (),
) -> dict[str, Any]:
    """建议提案: the suggestions or proposals of a kind (and session) registered in the period, as things
    stood at min(end, today). `shown` tells whether the reader may see a case's deputies (知情范围);
    `unit_order` is the unit directory's order."""
    day = min(end, today)
    found = [facts(c, calendar, day) for c in cases if selected(c, kind, session, start, end, day)]
    answered = [f for f in found if f.answered]
    unanswered = [f for f in found if not f.answered and not f.terminated]
    ratings = _ratings(found)
    rated = sum(ratings.values())
    satisfied = ratings["满意"] + ratings["基本满意"]
    rate = satisfied / rated if rated else None
    out: dict[str, Any] = {
        "来源类别": kind,
        "届次": session,
        "件数": len(found),
        "已答复": len(answered),
        "按期答复": sum(1 for f in answered if f.on_time),
        "超期答复": sum(1 for f in answered if not f.on_time),
        "未答复": len(unanswered),
        "逾期未答复": sum(1 for f in unanswered if f.overdue),
        "答复类别": _classes(marks, (f.mark for f in answered)),
        "测评": ratings,
        "已测评": rated,
        "未测评": sum(1 for f in answered if not f.rating),
        "满意率": rate,
        "满意率文字": "—" if rate is None else f"{satisfied / rated * 100:.1f}%",
        "重新办理": sum(1 for f in found if f.rehandled),
        "重新办理中": sum(1 for f in found if f.rehandled and f.is_open),
        "退办": sum(len(f.declines) for f in found),
        "逾期退办": sum(1 for f in found for _, late in f.declines if late),
        "延期": sum(1 for f in found if f.extended),
        "协办意见逾期": sum(len(f.late_opinions) for f in found),
        "代表": _deputies(found, marks, shown),
        "单位": _units(found, marks, unit_order),
    }
    return out


def _deputies(found: list[Facts], marks: tuple[str, ...], shown: Callable[[Case], bool]) -> list[dict[str, Any]]:
    groups: dict[str, list[Facts]] = {}
    for item in found:
        name = (item.case.source.proposer or UNKNOWN_PROPOSER) if shown(item.case) else HIDDEN_PROPOSER
        groups.setdefault(name, []).append(item)
    rows: list[dict[str, Any]] = []
    for name, items in groups.items():
        answered = [f for f in items if f.answered]
        rows.append(
            {
                "领衔": name,
                "件数": len(items),
                "已答复": len(answered),
                "答复类别": _classes(marks, (f.mark for f in answered)),
                **_ratings(items),
            }
        )
    rows.sort(key=lambda r: (-r["件数"], r["领衔"]))
    return rows


def _units(found: list[Facts], marks: tuple[str, ...], unit_order: tuple[str, ...]) -> list[dict[str, Any]]:
    names: list[str] = []
    for item in found:
        names += [*item.case.lead_units, *item.case.co_units, *(unit for unit, _ in item.declines if unit)]
    order = {name: index for index, name in enumerate(unit_order)}
    rows: list[dict[str, Any]] = []
    for name in sorted(set(names), key=lambda n: (order.get(n, len(order)), n)):
        lead = [f for f in found if name in f.case.lead_units]
        answered = [f for f in lead if f.answered]
        declined = [late for f in found for unit, late in f.declines if unit == name]
        rows.append(
            {
                "单位": name,
                "主办": len(lead),
                "已答复": len(answered),
                "按期答复": sum(1 for f in answered if name not in f.late_units),
                "答复类别": _classes(marks, (f.mark for f in answered)),
                **_ratings(lead),
                "重新办理": sum(1 for f in lead if f.rehandled),
                "退办": len(declined),
                "逾期退办": sum(1 for late in declined if late),
                "协办": sum(1 for f in found if name in f.case.co_units),
                "协办意见逾期": sum(f.late_opinions.count(name) for f in found),
            }
        )
    return rows


def late_answers(figures: dict[str, Any]) -> list[str]:
    """The units whose answer came late (its first 办结 past its time), as a bulletin names them."""
    return [row["单位"] for row in figures["单位"] if row["已答复"] > row["按期答复"]]


# -- what the per-unit assessment charges --------------------------------------------------------------


def _answered_by(case: Case, before: int) -> tuple[str, ...]:
    """The lead units whose answers (反馈 with 答复类别) since the last 交办 the 测评 at `before` rated."""
    units: list[str] = []
    for event in case.events[:before]:
        if event.action == "交办":
            units = []
        elif event.action == "反馈" and event.get("答复类别"):
            units.append(str(event.get("单位") or ""))
    return tuple(dict.fromkeys(u for u in units if u)) or case.lead_units


def penalties(
    cases: Iterable[Case], calendar: WorkCalendar, start: dt.date, end: dt.date, today: dt.date
) -> dict[str, dict[str, int]]:
    """Per unit, what the period charges it (README, 建议提案的统计), counted as of min(end, today)."""
    out: dict[str, dict[str, int]] = {}
    for case in cases:
        add_penalties(case, calendar, start, end, today, out)
    return out


def add_penalties(
    case: Case, calendar: WorkCalendar, start: dt.date, end: dt.date, today: dt.date, into: dict[str, dict[str, int]]
) -> None:
    """One case's charges added to `into`: 重新办理, each 不满意 in the period, to the lead units whose
    answer it rated; 逾期退办, each 退办 past its limit in the period, to the unit that declined;
    协办意见逾期, each co-unit whose opinion was due in the period and came after its time or is still
    missing on min(end, today)."""
    if case.status == VOIDED:
        return
    day = min(end, today)

    def charge(unit: str, key: str) -> None:
        into.setdefault(unit, dict.fromkeys(PENALTIES, 0))[key] += 1

    for index, event in enumerate(case.events):
        if not start <= event.date <= day:
            continue
        if event.action == "测评" and event.get("结果") == UNSATISFIED:
            for unit in _answered_by(case, index):
                charge(unit, "重新办理")
        elif event.action == "退办" and event.get("逾期") is True and event.get("单位"):
            charge(str(event.get("单位")), "逾期退办")
    for opinion in opinions_late(case, calendar, day):
        if start <= opinion.due <= end:
            charge(opinion.unit, "协办意见逾期")
