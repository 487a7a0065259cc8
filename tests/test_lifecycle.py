"""The procedure as a state machine: every state against every action, and on-time at the edges."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from duban import lifecycle
from duban.assessment import standing
from duban.calendar import WorkCalendar
from duban.config import Limit
from duban.errors import InputError, LifecycleError
from duban.model import Case, Source, replace

D = dt.date
CAL = WorkCalendar()
OP = "李明"


def registered(**changes: object) -> Case:
    request = lifecycle.Registration(
        title="某事项", source_kind="会议议定", lead_units=("区财政局",), co_units=("区教育局",)
    )
    case, _ = lifecycle.register(request, "2026-0001", "督〔2026〕1号", D(2026, 9, 1), OP, CAL)
    return replace(case, **changes) if changes else case


def active(deadline: dt.date = D(2026, 9, 30)) -> Case:
    case, _ = lifecycle.assign(registered(), lifecycle.Assignment(deadline=deadline), D(2026, 9, 1), OP, CAL, Limit(5))
    return case


def in_review(day: dt.date = D(2026, 9, 20), deadline: dt.date = D(2026, 9, 30)) -> Case:
    case, _ = lifecycle.report(active(deadline), "区财政局", "钱正明", "已完成", True, day, OP)
    return case


def closed() -> Case:
    return lifecycle.close(in_review(), D(2026, 9, 21), OP, CAL)[0]


def terminated() -> Case:
    return lifecycle.terminate(active(), "项目取消", "王建国", D(2026, 9, 2), OP)[0]


def archived() -> Case:
    return lifecycle.archive(closed(), D(2026, 9, 22), OP)[0]


STATES: dict[str, Callable[[], Case]] = {
    "待交办": registered,
    "办理中": active,
    "待审核": in_review,
    "已办结": closed,
    "已终止": terminated,
    "已归档": archived,
}

LATER = D(2026, 9, 25)
ACTIONS: dict[str, Callable[[Case], tuple[Case, object]]] = {
    "交办": lambda c: lifecycle.assign(c, lifecycle.Assignment(days=5), LATER, OP, CAL, Limit(5)),
    "签收": lambda c: lifecycle.acknowledge(c, "区教育局", LATER, OP),
    "反馈": lambda c: lifecycle.report(c, "区教育局", "吴晓梅", "配合情况", False, LATER, OP),
    "催办": lambda c: lifecycle.remind(c, LATER, OP),
    "延期": lambda c: lifecycle.extend(c, D(2026, 10, 30), "需协调", "王建国", LATER, OP, CAL),
    "退回": lambda c: lifecycle.return_report(c, "数据不准", LATER, OP, CAL, 5),
    "办结": lambda c: lifecycle.close(c, LATER, OP, CAL),
    "终止": lambda c: lifecycle.terminate(c, "项目取消", "王建国", LATER, OP),
    "归档": lambda c: lifecycle.archive(c, LATER, OP),
}

# What the office's rules allow, written out independently of lifecycle.ALLOWED.
EXPECTED = {
    "待交办": {"交办", "终止"},
    "办理中": {"签收", "反馈", "催办", "延期", "终止"},
    "待审核": {"反馈", "退回", "办结", "终止"},
    "已办结": {"归档"},
    "已终止": {"归档"},
    "已归档": set(),
}

RESULT = {
    "交办": "办理中",
    "退回": "办理中",
    "办结": "已办结",
    "终止": "已终止",
    "归档": "已归档",
}


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_state_against_every_action(state: str, action: str) -> None:
    case = STATES[state]()
    assert case.status == state
    if action in EXPECTED[state]:
        changed, event = ACTIONS[action](case)
        assert changed.status == RESULT.get(action, state)
        assert changed.events[-1] == event
        assert changed.events[:-1] == case.events
    else:
        with pytest.raises(LifecycleError) as caught:
            ACTIONS[action](case)
        assert f"当前状态为“{state}”" in caught.value.message or "已归档" in caught.value.message
        assert action in caught.value.message


def test_the_refusal_names_what_is_allowed() -> None:
    with pytest.raises(LifecycleError) as caught:
        lifecycle.close(registered(), LATER, OP, CAL)
    assert caught.value.message == "事项 2026-0001 当前状态为“待交办”，不能办结；此状态下可以：交办、终止、作废"


# -- assignment ----------------------------------------------------------------------------------


def test_assign_counts_working_days_from_the_assignment_day() -> None:
    case = registered(deadline_days=5, deadline=D(2026, 9, 8))
    assigned, event = lifecycle.assign(case, lifecycle.Assignment(), D(2026, 9, 28), OP, CAL, Limit(7))
    assert assigned.deadline == D(2026, 10, 10)  # the days given at registration, counted again
    assert event.get("办理时限") == D(2026, 10, 10)
    by_rule, _ = lifecycle.assign(registered(), lifecycle.Assignment(), D(2026, 9, 28), OP, CAL, Limit(7))
    assert by_rule.deadline == D(2026, 10, 13)
    explicit, _ = lifecycle.assign(
        registered(), lifecycle.Assignment(deadline=D(2026, 10, 9)), D(2026, 9, 28), OP, CAL, Limit(7)
    )
    assert explicit.deadline == D(2026, 10, 9) and explicit.deadline_days is None
    urgent, _ = lifecycle.assign(registered(), lifecycle.Assignment(days=0), D(2026, 9, 28), OP, CAL, Limit(7))
    assert urgent.deadline == D(2026, 9, 28)


def test_assign_needs_a_lead_unit() -> None:
    with pytest.raises(InputError, match="还没有主办单位"):
        lifecycle.assign(registered(lead_units=()), lifecycle.Assignment(), D(2026, 9, 2), OP, CAL, Limit(5))


def test_steps_must_not_go_back_in_time() -> None:
    with pytest.raises(InputError, match="早于事项 2026-0001 最近一次办理"):
        lifecycle.remind(active(), D(2026, 8, 31), OP)


# -- reports -------------------------------------------------------------------------------------


def test_only_the_lead_units_final_report_asks_for_review() -> None:
    co_final, _ = lifecycle.report(active(), "区教育局", "吴晓梅", "配合完成", True, D(2026, 9, 10), OP)
    assert co_final.status == "办理中"
    lead_progress, _ = lifecycle.report(active(), "区财政局", "钱正明", "进展", False, D(2026, 9, 10), OP)
    assert lead_progress.status == "办理中"
    lead_final, _ = lifecycle.report(active(), "区财政局", "钱正明", "完成", True, D(2026, 9, 10), OP)
    assert lead_final.status == "待审核"
    with pytest.raises(InputError, match="不是事项 2026-0001 的承办单位"):
        lifecycle.report(active(), "区民政局", "蒋慧芳", "x", False, D(2026, 9, 10), OP)


def test_acknowledge_once_per_unit() -> None:
    case, _ = lifecycle.acknowledge(active(), "区财政局", D(2026, 9, 2), OP)
    case, _ = lifecycle.acknowledge(case, "区教育局", D(2026, 9, 2), OP)
    with pytest.raises(InputError, match="已经签收"):
        lifecycle.acknowledge(case, "区财政局", D(2026, 9, 3), OP)


def test_reminders_and_returns_are_counted() -> None:
    case = active()
    for day in (2, 3, 4):
        case, event = lifecycle.remind(case, D(2026, 9, day), OP)
    assert lifecycle.reminders(case) == 3 and event.get("次数") == 3
    case, _ = lifecycle.report(case, "区财政局", "钱正明", "完成", True, D(2026, 9, 5), OP)
    case, event = lifecycle.return_report(case, "数据不准", D(2026, 9, 6), OP, CAL, 5)
    assert case.status == "办理中" and lifecycle.returns(case) == 1 and event.get("次数") == 1


# -- on time or late -----------------------------------------------------------------------------


def test_closed_on_the_deadline_day_is_on_time() -> None:
    case = in_review(day=D(2026, 9, 30), deadline=D(2026, 9, 30))
    closed_case, event = lifecycle.close(case, D(2026, 9, 30), OP, CAL)
    assert event.get("按期") is True and lifecycle.on_time(closed_case) is True


def test_a_final_report_the_day_after_the_deadline_is_late() -> None:
    case = in_review(day=D(2026, 10, 1), deadline=D(2026, 9, 30))
    assert lifecycle.close(case, D(2026, 10, 8), OP, CAL)[1].get("按期") is False


def test_on_time_is_judged_by_the_accepted_report_not_the_day_of_review() -> None:
    # The unit reported on the deadline day; the office reviewed it after the holiday.
    case = in_review(day=D(2026, 9, 30), deadline=D(2026, 9, 30))
    assert lifecycle.close(case, D(2026, 10, 8), OP, CAL)[1].get("按期") is True


def test_a_report_on_time_then_returned_is_judged_by_the_redo_period() -> None:
    # Reported 09-29, returned 09-30 with 5 working days to redo: 10-08, 10-09, 10-10 (make-up
    # Saturday), 10-12, 10-13. The office's review is not the unit's lateness.
    case = in_review(day=D(2026, 9, 29), deadline=D(2026, 9, 30))
    case, event = lifecycle.return_report(case, "数据不准", D(2026, 9, 30), OP, CAL, 5)
    assert event.get("重办时限") == D(2026, 10, 13)
    redone, _ = lifecycle.report(case, "区财政局", "钱正明", "已修改", True, D(2026, 10, 13), OP)
    assert lifecycle.close(redone, D(2026, 10, 14), OP, CAL)[1].get("按期") is True
    missed, _ = lifecycle.report(case, "区财政局", "钱正明", "已修改", True, D(2026, 10, 14), OP)
    assert lifecycle.close(missed, D(2026, 10, 14), OP, CAL)[1].get("按期") is False


def test_a_report_already_late_stays_late_after_a_return() -> None:
    case = in_review(day=D(2026, 10, 8), deadline=D(2026, 9, 30))
    case, _ = lifecycle.return_report(case, "数据不准", D(2026, 10, 8), OP, CAL, 5)
    case, _ = lifecycle.report(case, "区财政局", "钱正明", "已修改", True, D(2026, 10, 9), OP)
    assert lifecycle.close(case, D(2026, 10, 9), OP, CAL)[1].get("按期") is False


def test_an_extension_asked_in_time_moves_the_deadline_for_good() -> None:
    case, event = lifecycle.extend(active(), D(2026, 10, 16), "需测算", "王建国", D(2026, 9, 30), OP, CAL)
    assert event.get("逾期申请") is None and event.get("原时限") == D(2026, 9, 30)
    case, _ = lifecycle.report(case, "区财政局", "钱正明", "完成", True, D(2026, 10, 16), OP)
    assert lifecycle.close(case, D(2026, 10, 16), OP, CAL)[1].get("按期") is True


def test_an_extension_asked_the_day_after_the_deadline_does_not_make_it_on_time() -> None:
    case, event = lifecycle.extend(active(), D(2026, 10, 16), "需测算", "王建国", D(2026, 10, 1), OP, CAL)
    assert event.get("逾期申请") is True
    assert event.get("原时限") == D(2026, 9, 30)
    assert case.deadline == D(2026, 10, 16)  # the unit has a new date to work to
    case, _ = lifecycle.report(case, "区财政局", "钱正明", "完成", True, D(2026, 10, 12), OP)
    assert standing(case, CAL, D(2026, 10, 12)).assessment_deadline == D(2026, 9, 30)
    assert lifecycle.close(case, D(2026, 10, 12), OP, CAL)[1].get("按期") is False


def test_an_extension_must_move_the_deadline_later() -> None:
    with pytest.raises(InputError, match="应晚于现在的办理时限"):
        lifecycle.extend(active(), D(2026, 9, 30), "x", "王建国", D(2026, 9, 2), OP, CAL)


def test_a_parent_cannot_close_while_a_child_is_open() -> None:
    with pytest.raises(LifecycleError, match="还有未办结的子事项：2026-0002"):
        lifecycle.close(in_review(), D(2026, 9, 21), OP, CAL, open_children=("2026-0002",))


def test_the_source_is_kept() -> None:
    assert active().source == Source("会议议定")
