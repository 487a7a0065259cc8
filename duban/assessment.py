"""What a case's state is for assessment on a given day: the one calculation every figure the office
publishes reads (overdue, show, list, stats, bulletin, export, dashboard, notice, reminder).

The rules, as the office's own regulations state them:
- The assessment deadline is the one set at assignment, moved only by extensions asked for on or
  before the deadline then in force (an extension asked in time and approved later counts as in
  time). A late extension gives the unit a new working deadline but does not make it on time.
- A deadline that falls on a rest day moves to the next working day; the date typed stays recorded.
- Each lead unit files its own final report; the case waits for review when every lead unit has.
  On time or late is judged per lead unit, against the date of its accepted final report.
- Review is the office's time, not the unit's: a final report filed on time and then returned gets
  a redo period (退回重办时限); the unit is late only if it misses that. A report already late stays late.
- A standing task (常态事项: 交办 with 常态: true) has no deadline: it is never overdue, and closed
  it counts neither on time nor late.
- A closed case a 复查 found untrue (不属实) is open again, judged against the 复查's 整改时限; a first
  close that was late stays late.

Pure functions over a Case, the calendar and a day: nothing here reads files or the clock.
"""

from __future__ import annotations

import datetime as dt

from duban.calendar import WorkCalendar
from duban.model import Case, Event
from duban.records import NamedTuple

ASSIGN = "交办"
EXTEND = "延期"
REPORT = "反馈"
RETURN = "退回"
CLOSE = "办结"
TERMINATE = "终止"
BULLETIN = "通报"
SATISFY = "测评"
DECLINE = "退办"
RECHECK = "复查"
INSPECT = "督查"


def _date(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _units(event: Event, default: tuple[str, ...]) -> tuple[str, ...]:
    named = event.get("单位")
    if isinstance(named, str) and named:
        return (named,)
    if isinstance(named, (list, tuple)) and named:
        return tuple(str(u) for u in named)
    return default


class UnitStanding(NamedTuple):
    """One lead unit of a case on the day."""

    unit: str
    deadline: dt.date | None  # what the unit is judged against: the assessment deadline, or its redo deadline
    final_report: dt.date | None  # its final report awaiting review (or accepted, once closed)
    late_already: bool  # a final report of its was late (and then returned): it stays late
    overdue: bool
    days_overdue: int
    on_time: bool | None  # once the case is closed


class Rectification(NamedTuple):
    """A bulletin that named the case (通报), or an inspection (督查) that found a problem, and the
    deadline it set for rectification (整改)."""

    issue: str
    date: dt.date
    deadline: dt.date | None
    reported: bool  # a rectification report came in after the bulletin
    inspection: str = ""  # the inspection's way (实地督查 …) when a 督查 set it, not a bulletin


class Standing(NamedTuple):
    """A case's state for assessment on `day`."""

    case_id: str
    day: dt.date
    assigned: dt.date | None
    typed_deadline: dt.date | None  # the working deadline as recorded (may fall on a rest day)
    working_deadline: dt.date | None  # the date the unit must meet now, moved off a rest day
    assessment_deadline: dt.date | None  # what on time is judged against
    late_extension: dt.date | None  # an extension asked for after the deadline: 已逾期申请延期至
    redo_deadline: dt.date | None  # while a returned report is redone
    is_open: bool  # assigned by the day and not closed or terminated
    awaiting_review: bool  # every lead unit's final report is in and not returned
    overdue: bool
    days_overdue: int
    closed: dt.date | None
    on_time: bool | None  # closed on time (every lead unit), None while not closed
    units: tuple[UnitStanding, ...] = ()
    rectifications: tuple[Rectification, ...] = ()
    moved_off_rest_day: bool = False  # working_deadline is the recorded date moved off a rest day
    standing_task: bool = False  # 常态事项: assigned with no deadline, never overdue, closed neither on time nor late

    @property
    def rectification_overdue(self) -> Rectification | None:
        """The first bulletin whose rectification deadline passed with no rectification report."""
        for item in self.rectifications:
            if not item.reported and item.deadline is not None and self.day > item.deadline:
                return item
        return None

    @property
    def rolled(self) -> bool:
        """The recorded deadline falls on a rest day and was moved to the next working day."""
        # Only a roll-over: a redo period later than the recorded date is another deadline, not a move.
        return self.moved_off_rest_day

    def deadline_note(self) -> str:
        """（10-31 为休息日，顺延） when the recorded date was moved off a rest day."""
        if not self.rolled or self.typed_deadline is None:
            return ""
        return f"（{self.typed_deadline.month:02d}-{self.typed_deadline.day:02d} 为休息日，顺延）"


def standing(case: Case, calendar: WorkCalendar, day: dt.date) -> Standing:
    """Everything assessment needs to know of a case on a day, from its events up to that day."""
    roll = calendar.roll_forward
    leads = case.lead_units
    typed: dt.date | None = None  # working deadline as recorded
    assessment: dt.date | None = None  # rolled
    late_extension: dt.date | None = None
    assigned: dt.date | None = None
    pending: dict[str, dt.date] = {}
    late_already: set[str] = set()
    # A first answer that was late before the deputy asked for 重新办理: the case stays late at its
    # next close, but the unit is not overdue while its new answer is not yet due.
    answered_late: set[str] = set()
    redo: dict[str, dt.date] = {}
    closed: dt.date | None = None
    terminated = False
    recorded_on_time: bool | None = None
    recorded_late_units: tuple[str, ...] = ()
    late_listed = False
    bulletins: list[Rectification] = []
    standing_task = False
    for event in case.events:
        if event.date > day:
            break
        action = event.action
        if action == ASSIGN:
            assigned = event.date
            late_extension = None
            standing_task = event.get("常态") is True
            typed = None if standing_task else _date(event.get("办理时限")) or case.deadline
            assessment = roll(typed) if typed else None
        elif action == EXTEND:
            to = _date(event.get("延期至"))
            if to is None:
                continue
            asked = _date(event.get("申请日期")) or event.date
            if assessment is None:
                assessment = roll(_date(event.get("原时限")) or to)
            in_time = asked <= assessment and not event.get("逾期申请")
            typed = to
            if in_time:
                assessment = roll(to)
                late_extension = None
            else:
                late_extension = roll(to)
        elif action == REPORT and event.get("办结") is True:
            unit = event.get("单位")
            if unit in leads:
                pending[str(unit)] = event.date
        elif action == RETURN:
            redo_until = _date(event.get("重办时限"))
            for unit in _units(event, leads):
                filed = pending.pop(unit, None)
                if filed is None:
                    continue
                deadline = _unit_deadline(assessment, redo.get(unit))
                if deadline is not None and filed > deadline:
                    late_already.add(unit)
                elif redo_until is not None:
                    redo[unit] = redo_until
        elif action == CLOSE:
            closed = event.date
            flag = event.get("按期")
            recorded_on_time = flag if isinstance(flag, bool) else None
            late_units = event.get("超期单位")
            late_listed = isinstance(late_units, (list, tuple))
            if isinstance(late_units, (list, tuple)):
                recorded_late_units = tuple(str(u) for u in late_units)
        elif (action == SATISFY and event.get("结果") == "不满意") or (
            action == RECHECK and event.get("结果") == "不属实"
        ):
            # 重新办理: open again, every lead unit owes a new answer by 重办时限 (its new deadline); a
            # unit whose first answer was late stays late. A 复查 that found the report untrue reopens
            # the case the same way, the true report due by its 整改时限.
            for unit in leads:
                if closed is not None:
                    first_late = unit in recorded_late_units if late_listed else recorded_on_time is False
                else:
                    filed = pending.get(unit)
                    limit = _unit_deadline(assessment, redo.get(unit))
                    first_late = filed is not None and limit is not None and filed > limit
                if first_late:
                    answered_late.add(unit)
            # The new answer is due by 重办时限, whatever the first deadline was.
            redo_until = _date(event.get("重办时限" if action == SATISFY else "整改时限"))
            if redo_until is not None:
                typed, assessment, late_extension = redo_until, roll(redo_until), None
            redo.clear()
            pending.clear()
            closed, recorded_on_time, recorded_late_units, late_listed = None, None, (), False
        elif action == DECLINE and event.get("主办") is True:
            # 退办: the assignment is taken back; the next 交办 starts anew.
            assigned, typed, assessment, late_extension = None, None, None, None
            standing_task = False
            pending.clear()
            redo.clear()
            late_already.clear()
            answered_late.clear()
        elif action == TERMINATE:
            terminated = True
        elif action == BULLETIN:
            bulletins.append(
                Rectification(str(event.get("期号") or ""), event.date, _date(event.get("整改时限")), False)
            )
        elif action == INSPECT and _date(event.get("整改时限")) is not None:
            way = str(event.get("方式") or "督查")
            bulletins.append(Rectification("", event.date, _date(event.get("整改时限")), False, way))
        if action == REPORT and bulletins and event.get("整改") is True:
            bulletins = [b if b.reported else b._replace(reported=True) for b in bulletins]
    working = roll(typed) if typed else None
    is_open = assigned is not None and closed is None and not terminated
    awaiting = bool(leads) and all(unit in pending for unit in leads)
    units: list[UnitStanding] = []
    for unit in leads:
        deadline = _unit_deadline(assessment, redo.get(unit))
        filed = pending.get(unit)
        overdue = False
        days = 0
        if is_open and filed is None and deadline is not None and (day > deadline or unit in late_already):
            overdue = day > deadline or unit in late_already
            days = max(calendar.workdays_between(deadline, day), 0)
        on_time: bool | None = None
        if closed is not None and not standing_task:
            # Recorded at close: 按期 for the case, 超期单位 naming the late lead units (older files
            # have only 按期, which then holds for every lead unit).
            on_time = unit not in recorded_late_units if late_listed else recorded_on_time
        stays_late = unit in late_already or unit in answered_late
        units.append(UnitStanding(unit, deadline, filed, stays_late, overdue, days, on_time))
    overdue = is_open and not awaiting and any(u.overdue for u in units)
    redo_shown = max((redo[u] for u in leads if u in redo and u not in pending), default=None)
    return Standing(
        case_id=case.id,
        day=day,
        assigned=assigned,
        typed_deadline=typed,
        working_deadline=max(d for d in (working, redo_shown) if d is not None) if working or redo_shown else None,
        assessment_deadline=assessment,
        late_extension=late_extension if is_open else None,
        redo_deadline=redo_shown if is_open else None,
        is_open=is_open,
        awaiting_review=is_open and awaiting,
        overdue=overdue,
        days_overdue=max((u.days_overdue for u in units if u.overdue), default=0),
        closed=closed,
        on_time=recorded_on_time if closed is not None and not standing_task else None,
        units=tuple(units),
        rectifications=tuple(bulletins),
        moved_off_rest_day=working is not None and working != typed and (redo_shown is None or redo_shown <= working),
        standing_task=standing_task,
    )


def _unit_deadline(assessment: dt.date | None, redo: dt.date | None) -> dt.date | None:
    if assessment is None:
        return redo
    return max(assessment, redo) if redo is not None else assessment


def verdicts(case: Case, calendar: WorkCalendar, day: dt.date) -> dict[str, bool]:
    """At close: each lead unit on time or late, by its final report awaiting review."""
    now = standing(case, calendar, day)
    out = {}
    for unit in now.units:
        filed = unit.final_report or day
        out[unit.unit] = not unit.late_already and (unit.deadline is None or filed <= unit.deadline)
    return out


def active_on(case: Case) -> bool:
    """Whether the case can still raise a signal in the morning check: open, or named in a bulletin
    (or found wanting by an inspection) whose rectification has not been reported yet."""
    if case.is_open:
        return True
    if case.status == "已作废":
        return False
    for event in reversed(case.events):
        if event.action == REPORT and event.get("整改") is True:
            return False
        if event.action == BULLETIN or (event.action == INSPECT and event.get("整改时限") is not None):
            return True
    return False


class Opinion(NamedTuple):
    """A co-unit's written opinion to the lead unit on a suggestion or proposal (协办意见)."""

    unit: str
    due: dt.date  # 协办意见时限, moved off a rest day
    given: dt.date | None  # the co-unit's first report since the assignment

    @property
    def late(self) -> bool:
        return self.given is not None and self.given > self.due


def opinions(case: Case, calendar: WorkCalendar, day: dt.date) -> tuple[Opinion, ...]:
    """Each co-unit's opinion as things stood on `day`, when the assignment set a 协办意见时限."""
    due: dt.date | None = None
    given: dict[str, dt.date] = {}
    for event in case.events:
        if event.date > day:
            break
        if event.action == ASSIGN:
            due, given = _date(event.get("协办意见时限")), {}
        elif event.action == REPORT and due is not None:
            unit = str(event.get("单位") or "")
            if unit in case.co_units:
                given.setdefault(unit, event.date)
    if due is None:
        return ()
    rolled = calendar.roll_forward(due)
    return tuple(Opinion(unit, rolled, given.get(unit)) for unit in case.co_units)


def opinions_missing(case: Case, calendar: WorkCalendar, day: dt.date, now: Standing) -> tuple[Opinion, ...]:
    """The co-units whose opinion is past its time and not given, while the lead unit still works."""
    if not now.is_open or now.awaiting_review:
        return ()
    return tuple(o for o in opinions(case, calendar, day) if o.given is None and day > o.due)


def opinions_late(case: Case, calendar: WorkCalendar, day: dt.date) -> tuple[Opinion, ...]:
    """The co-units late with their opinion as of `day`: given after its time, or not given by a time
    that passed while the lead unit still worked on the case (an answer in before it makes it moot)."""
    out = []
    for item in opinions(case, calendar, day):
        if item.late:
            out.append(item)
        elif item.given is None and day > item.due:
            then = standing(case, calendar, item.due + dt.timedelta(days=1))
            if then.is_open and not then.awaiting_review:
                out.append(item)
    return tuple(out)
