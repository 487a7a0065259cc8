"""常态事项 (standing tasks: no 办理时限, reported by a cycle) and the daily and quarterly report cycles."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from conftest import Duban, at, events, refused


def standing_case(office: Duban, day: str, *extra: str) -> str:
    """A standing task of 区城市管理局, registered and assigned on `day`."""
    office.today = day
    case_id = office.new("持续开展违法建设治理", "--lead-unit", "城管局", "--standing", *extra)
    office("assign", case_id)
    return case_id


def check(office: Duban, day: str) -> dict[str, dict]:  # type: ignore[type-arg]
    office.today = day
    data = json.loads(office("overdue", "--format", "json", "--within", "3").stdout)
    return {item["编号"]: item for item in data["事项"]}


def owed(office: Duban, day: str) -> dict[str, str]:
    """The cases that owe a periodic report on `day` (逾期未报), with the period named."""
    return {k: v["说明"] for k, v in check(office, day).items() if "逾期未报" in v["提示"]}


def shown(office: Duban, case_id: str) -> dict:  # type: ignore[type-arg]
    return json.loads(office("show", case_id, "--json").stdout)  # type: ignore[no-any-return]


def report(office: Duban, day: str, case_id: str, *extra: str) -> None:
    at(office, day, "report", case_id, "--unit", "城管局", "--signer", "张伟", "--text", "本期进展", *extra)


# -- the model and the procedure --------------------------------------------------------------------


def test_a_standing_task_has_no_deadline_from_registration_to_assignment(office: Duban) -> None:
    case_id = standing_case(office, "2026-03-10", "--report-every", "每季度")
    data = shown(office, case_id)
    assert data["办理时限"] is None and data["时限工作日"] is None and data["常态"] is True
    assert data["报告周期"] == "每季度" and data["状态"] == "办理中" and data["交办日期"] == "2026-03-10"
    registered, assigned = events(office, case_id)
    assert registered["动作"] == "立项" and registered["常态"] is True
    assert assigned["动作"] == "交办" and assigned["常态"] is True and "办理时限" not in assigned
    assert "办理时限: null" in office.file(case_id).read_text(encoding="utf-8")
    plain = office("show", case_id).stdout
    assert "常态事项（不设时限）" in plain
    row = next(line for line in office("list").stdout.splitlines() if case_id in line)
    assert "常态" in row
    assert office("check").exit_code == 0


def test_assign_standing_overrides_the_days_given_at_registration(office: Duban) -> None:
    office.today = "2026-11-02"
    case_id = office.new("长期坚持开展电信网络诈骗防范宣传", "--lead-unit", "公安分局", "--days", "10")
    office("assign", case_id, "--standing", "--report-every", "每月")
    data = shown(office, case_id)
    assert data["办理时限"] is None and data["常态"] is True and data["报告周期"] == "每月"
    # An ordinary case says so too.
    other = office.new("普通事项", "--lead-unit", "财政局")
    office("assign", other, "--deadline", "2026-11-30")
    assert shown(office, other)["常态"] is False and shown(office, other)["办理时限"] == "2026-11-30"


def test_a_case_registered_standing_is_assigned_with_a_deadline_when_one_is_given(office: Duban) -> None:
    office.today = "2026-11-02"
    case_id = office.new("常态化开展安全检查", "--lead-unit", "应急局", "--standing")
    office("assign", case_id, "--deadline", "2026-11-30")
    data = shown(office, case_id)
    assert data["办理时限"] == "2026-11-30" and data["常态"] is False


def test_standing_with_a_deadline_is_refused_and_nothing_is_written(office: Duban) -> None:
    office.today = "2026-11-02"
    before = office.commits()
    for extra in (("--deadline", "2026-11-30"), ("--days", "5")):
        result = office("new", "--title", "X", "--source-kind", "会议议定", "--standing", *extra, ok=False)
        assert result.exit_code == 2 and "--standing 与 --deadline 或 --days 只能给一个" in result.stderr
    case_id = office.new("常态事项", "--lead-unit", "城管局")
    before = office.commits()
    result = office("assign", case_id, "--standing", "--days", "5", ok=False)
    assert result.exit_code == 2 and "常态事项不设办理时限" in result.stderr
    assert office.commits() == before and shown(office, case_id)["状态"] == "待交办"


def test_a_proposal_cannot_be_a_standing_task(office: Duban) -> None:
    office.today = "2026-11-02"
    result = office("new", "--title", "X", "--source-kind", "人大建议", "--standing", ok=False)
    refused(result, "人大建议须在规定时限内办结答复，不能作为常态事项")


def test_a_standing_task_cannot_be_extended(office: Duban) -> None:
    case_id = standing_case(office, "2026-11-02")
    before = office.commits()
    extend = ("extend", case_id, "--to", "2026-12-31", "--reason", "工作量大", "--approved-by", "王建国")
    result = at(office, "2026-11-10", *extend, ok=False)
    refused(result, "常态事项没有办理时限，不需要延期")
    assert office.commits() == before
    refused(at(office, "2026-11-10", "notify", case_id, ok=False), "常态事项，没有办理时限，不需要到期提醒")


def test_a_standing_task_is_reported_closed_neither_on_time_nor_late(office: Duban, tmp_path: Path) -> None:
    case_id = standing_case(office, "2026-01-05")
    report(office, "2026-11-20", case_id, "--final")
    assert "常态事项办结" in at(office, "2026-11-23", "close", case_id).stdout
    closing = events(office, case_id)[-1]
    assert closing["动作"] == "办结" and "按期" not in closing and closing["常态"] is True
    data = shown(office, case_id)
    assert data["状态"] == "已办结" and data["按期办结"] is None
    figures = office("stats", "--from", "2026-11-01", "--to", "2026-11-30", "--json").stdout
    rows = {r["单位"]: r for r in json.loads(figures)}
    row = rows["区城市管理局"]
    assert (row["已办结"], row["按期办结"], row["超期办结"], row["逾期未办结"]) == (1, 0, 0, 0)
    assert row["常态事项"] == 1 and row["按期率"] is None
    target = tmp_path / "台账.csv"
    office("export", str(target))
    with target.open(encoding="utf-8-sig") as handle:
        (line,) = list(csv.DictReader(handle))
    assert line["办理时限"] == "常态" and line["按期/超期"] == "常态"
    assert office("check").exit_code == 0


def test_a_standing_task_can_be_terminated(office: Duban) -> None:
    case_id = standing_case(office, "2026-11-02")
    at(office, "2026-11-09", "terminate", case_id, "--reason", "工作调整", "--approved-by", "王建国")
    assert shown(office, case_id)["状态"] == "已终止"


# -- every surface: never overdue nor due soon by a deadline ---------------------------------------------


def test_a_standing_task_is_never_overdue_nor_due_soon(office: Duban) -> None:
    case_id = standing_case(office, "2026-01-05")
    office.today = "2026-01-06"
    assert check(office, "2026-01-06") == {}
    # Eleven months later, idle: stalled perhaps, never overdue nor due soon.
    found = check(office, "2026-12-01")
    assert found[case_id]["级别"] == "停滞" and found[case_id]["办理时限"] is None
    rows = {r["单位"]: r for r in json.loads(office("stats", "--json").stdout)}
    row = rows["区城市管理局"]
    assert (row["逾期未办结"], row["在办"], row["常态事项"]) == (0, 1, 1)
    bulletin = office("bulletin", "--from", "2026-11-01", "--to", "2026-11-30", "-o", "-").stdout
    assert "持续开展违法建设治理" not in bulletin


def test_the_notice_says_standing_and_the_cycle(office: Duban) -> None:
    case_id = standing_case(office, "2026-03-10", "--report-every", "每季度")
    text = office("render", "notice", case_id, "-o", "-").stdout
    assert "（一）办理时限：常态事项，每季度报告进展。" in text
    assert "办理期间请每季度报送一次进展情况" not in text  # said once, in (一)
    assert "确需延期" not in text
    plain = standing_case(office, "2026-03-10")
    assert "（一）办理时限：常态事项，不设办理时限。" in office("render", "notice", plain, "-o", "-").stdout


# -- the daily and quarterly report cycles ------------------------------------------------------------


def test_a_quarterly_report_is_owed_for_the_last_whole_quarter(office: Duban) -> None:
    case_id = standing_case(office, "2025-12-29", "--report-every", "每季度")
    assert owed(office, "2026-03-31") == {}  # the first whole quarter is not over yet
    assert owed(office, "2026-04-01") == {case_id: "缺 2026年第一季度 的进展报告"}
    report(office, "2026-04-02", case_id)
    assert owed(office, "2026-04-02") == {}
    assert owed(office, "2026-06-30") == {}  # reported in the second quarter, which is not over
    assert owed(office, "2026-07-01") == {}  # reported in the second quarter
    assert owed(office, "2026-10-09") == {case_id: "缺 2026年第三季度 的进展报告"}
    assert owed(office, "2027-01-04") == {case_id: "缺 2026年第四季度 的进展报告"}


def test_a_quarterly_cycle_on_an_ordinary_case_begins_with_the_first_whole_quarter(office: Duban) -> None:
    office.today = "2026-03-10"
    case_id = office.new("季度报告事项", "--lead-unit", "财政局", "--report-every", "每季度")
    office("assign", case_id, "--deadline", "2026-12-31")
    assert owed(office, "2026-04-01") == {}  # the first quarter began before the assignment
    assert owed(office, "2026-07-01") == {case_id: "缺 2026年第二季度 的进展报告"}


def test_a_daily_report_is_owed_for_the_previous_working_day(office: Duban) -> None:
    case_id = standing_case(office, "2026-12-04", "--report-every", "每日")  # a Friday
    assert owed(office, "2026-12-04") == {}
    assert owed(office, "2026-12-05") == {case_id: "缺 2026年12月4日 的进展报告"}
    # Monday: the weekend is not owed, Friday is.
    assert owed(office, "2026-12-07") == {case_id: "缺 2026年12月4日 的进展报告"}
    report(office, "2026-12-07", case_id)
    assert owed(office, "2026-12-07") == {}
    assert owed(office, "2026-12-08") == {}  # Monday's report came on Monday
    assert owed(office, "2026-12-09") == {case_id: "缺 2026年12月8日 的进展报告"}


def test_a_daily_report_skips_the_national_day_holiday(office: Duban) -> None:
    case_id = standing_case(office, "2026-09-29", "--report-every", "每日")
    report(office, "2026-09-30", case_id)
    assert owed(office, "2026-10-08") == {}  # 10-01..07 are not owed; 09-30 was reported
    assert owed(office, "2026-10-09") == {case_id: "缺 2026年10月8日 的进展报告"}
    report(office, "2026-10-09", case_id)
    # 10-10 is a Saturday worked in exchange: owed on Sunday.
    assert owed(office, "2026-10-11") == {case_id: "缺 2026年10月10日 的进展报告"}


def test_the_replay_keeps_a_standing_task_without_a_deadline_whatever_the_file_says(office: Duban) -> None:
    case_id = standing_case(office, "2026-11-02")
    path = office.file(case_id)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("办理时限: null", "办理时限: 2026-11-10"), encoding="utf-8")
    office.git("commit", "-qam", "手改")
    data = shown(office, case_id)
    assert data["办理时限"] is None and data["常态"] is True
    found = check(office, "2026-11-20").get(case_id, {"提示": []})
    assert "逾期" not in found["提示"]  # not overdue by the date written by hand
