"""Supervision around a case beyond 催办 (issue 29): the 复查 of a closed case, a leader's follow-up
批示, a unit's 请示 and its 批复, and the 审查意见 at closing. Dates are checked against the State
Council's 2026 schedule: 国庆 10-01..10-07, with 09-20 (a Sunday) and 10-10 (a Saturday) working days."""

from __future__ import annotations

import json

from conftest import Duban, at, events, refused, set_config


def final(office: Duban, case_id: str, day: str, unit: str = "住建局"):  # type: ignore[no-untyped-def]
    return at(office, day, "report", case_id, "--unit", unit, "--signer", "刘强", "--text", "已完成", "--final")


def closed_case(office: Duban, title: str = "城东片区老旧小区改造") -> str:
    """Assigned 09-14 with a deadline of 09-25, reported done on 09-24 and closed on time on 09-28."""
    office.today = "2026-09-14"
    case_id = office.new(title, "--lead-unit", "住建局")
    office("assign", case_id, "--deadline", "2026-09-25")
    final(office, case_id, "2026-09-24")
    assert "按期办结" in at(office, "2026-09-28", "close", case_id).stdout
    return case_id


def alerts(office: Duban, day: str) -> list[tuple[str, str, list[str]]]:
    found = json.loads(at(office, day, "overdue", "--format", "json").stdout)["事项"]
    return [(r["编号"], r["级别"], r["提示"]) for r in found]


def test_a_closed_case_can_be_checked_again_and_a_true_report_leaves_it_closed(office: Duban) -> None:
    """南江 七十 核查复核, 济南 三(三) 跟踪问效: "A closed case can be checked again (finding: 属实 /
    不属实, a note)". Before, a closed case allowed only 归档: no 回访 could be recorded."""
    case_id = closed_case(office)
    refused(at(office, "2026-09-29", "remind", case_id, ok=False), "此状态下可以：")
    said = at(office, "2026-09-29", "recheck", case_id, "--finding", "属实", "--note", "实地回访，改造已完工")
    assert said.stdout.strip() == f"已登记 {case_id} 复查：属实"
    last = events(office, case_id)[-1]
    got = (last["日期"], last["动作"], last["结果"], last["说明"])
    assert got == ("2026-09-29", "复查", "属实", "实地回访，改造已完工")
    assert "已办结" in office("show", case_id).stdout
    assert "复查" in office("log", case_id).stdout
    assert at(office, "2026-09-29", "recheck", case_id, "--finding", "不清楚", ok=False).exit_code == 2
    # Only a closed case is checked again.
    running = office.new("另一事项", "--lead-unit", "住建局")
    office("assign", running, "--days", "5")
    refused(office("recheck", running, "--finding", "属实", ok=False), "不能复查")
    assert "检查通过" in office("check").stdout


def test_an_untrue_report_reopens_the_case_with_a_rectification_deadline(office: Duban) -> None:
    """ "a report found untrue reopens the case". The unit rectifies within 复查整改时限 working days
    (default: the office's 整改时限, 5): from 09-29 that is 09-30, 10-08, 10-09, 10-10 (a working
    Saturday) and 10-12, over the National Day holiday."""
    case_id = closed_case(office)
    said = at(office, "2026-09-29", "recheck", case_id, "--finding", "不属实", "--note", "现场仍未完工")
    assert "不属实" in said.stdout and "2026-10-12" in said.stdout
    last = events(office, case_id)[-1]
    assert (last["动作"], last["结果"], last["整改时限"], last["整改工作日"]) == ("复查", "不属实", "2026-10-12", 5)
    shown = json.loads(office("show", case_id, "--json").stdout)
    assert (shown["状态"], shown["现行办理时限"]) == ("办理中", "2026-10-12")
    assert alerts(office, "2026-10-12") == [(case_id, "临期", ["临期"])]
    assert alerts(office, "2026-10-13")[0][:2] == (case_id, "逾期")
    # The first close was on time and the true report comes within the rectification time: on time.
    final(office, case_id, "2026-10-12")
    assert "按期办结" in at(office, "2026-10-12", "close", case_id).stdout
    assert "检查通过" in office("check").stdout


def test_a_true_report_after_the_rectification_time_closes_late(office: Duban) -> None:
    """The reopened case is judged against its new deadline (整改时限): a report after it is late."""
    case_id = closed_case(office)
    at(office, "2026-09-29", "recheck", case_id, "--finding", "不属实")
    final(office, case_id, "2026-10-13")
    assert "超期办结" in at(office, "2026-10-13", "close", case_id).stdout


def test_the_rectification_time_of_a_recheck_is_configurable(office: Duban) -> None:
    """ "keep the numbers configurable": 复查整改时限 in working days. 3 from 09-29: 09-30, 10-08, 10-09."""
    set_config(office, "复查整改时限: 3\n")
    case_id = closed_case(office)
    assert "2026-10-09" in at(office, "2026-09-29", "recheck", case_id, "--finding", "不属实").stdout
    set_config(office, "复查整改时限: -1\n")
    assert office("check", ok=False).exit_code == 1


def test_an_untrue_report_counts_against_the_unit(office: Duban) -> None:
    """ "that counts against the unit (configurable)": 考核评分 复查不实, 5 points by default; an office
    that never rechecks scores as before and shows no such column."""
    case_id = closed_case(office)
    before = json.loads(office("stats", "--from", "2026-09-01", "--to", "2026-09-30", "--json").stdout)
    assert all("复查不实" not in row for row in before)
    at(office, "2026-09-29", "recheck", case_id, "--finding", "不属实")
    rows = json.loads(office("stats", "--from", "2026-09-01", "--to", "2026-09-30", "--json").stdout)
    unit = next(r for r in rows if r["单位"] == "区住房和城乡建设局")
    assert (unit["复查不实"], unit["得分"]) == (1, 95)
    set_config(office, "考核评分: {复查不实: 8}\n")
    rows = json.loads(office("stats", "--from", "2026-09-01", "--to", "2026-09-30", "--json").stdout)
    assert next(r for r in rows if r["单位"] == "区住房和城乡建设局")["得分"] == 92
    # A 复查 that found the report true costs nothing.
    other = closed_case(office, "另一事项")
    at(office, "2026-09-30", "recheck", other, "--finding", "属实")
    rows = json.loads(office("stats", "--from", "2026-09-01", "--to", "2026-09-30", "--json").stdout)
    assert next(r for r in rows if r["单位"] == "区住房和城乡建设局")["复查不实"] == 1


def test_the_bulletin_of_the_period_names_the_untrue_report(office: Duban) -> None:
    """ "and is named in the next bulletin": the bulletin of the period holding the 复查."""
    case_id = closed_case(office)
    at(office, "2026-09-29", "recheck", case_id, "--finding", "不属实", "--note", "现场仍未完工")
    september = at(office, "2026-09-30", "bulletin", "--from", "2026-09-01", "--to", "2026-09-30", "-o", "-").stdout
    assert "复查发现报告不实的事项" in september
    assert "区住房和城乡建设局：“城东片区老旧小区改造”" in september and "现场仍未完工" in september
    assert "2026年10月12日前整改到位" in september
    at(office, "2026-09-30", "bulletin", "--from", "2026-09-01", "--to", "2026-09-30", "--record", "-o", "-")
    named = [e for e in events(office, case_id) if e["动作"] == "通报"]
    assert named and "复查不属实" in named[0]["说明"]
    final(office, case_id, "2026-10-12")
    at(office, "2026-10-12", "close", case_id)
    october = at(office, "2026-11-02", "bulletin", "--from", "2026-10-01", "--to", "2026-10-31", "-o", "-").stdout
    assert "复查发现报告不实" not in october


def test_a_leaders_follow_up_instruction_is_recorded(office: Duban) -> None:
    """四川 §11(二), 济南 三(三): "a leader's follow-up 批示 on a running case ... Record"."""
    office.today = "2026-09-14"
    case_id = office.new("城东片区老旧小区改造", "--lead-unit", "住建局", "--leader", "王建国")
    office("assign", case_id, "--deadline", "2026-10-30")
    said = at(office, "2026-09-15", "instruct", case_id, "--leader", "张副区长", "--text", "请加快进度，月底前见成效")
    assert said.stdout.strip() == f"已登记 {case_id} 张副区长 的批示"
    last = events(office, case_id)[-1]
    assert (last["动作"], last["领导"], last["说明"]) == ("批示", "张副区长", "请加快进度，月底前见成效")
    assert "批示" in office("show", case_id).stdout and "批示" in office("log", case_id).stdout
    refused(office("instruct", case_id, "--leader", " ", "--text", "x", ok=False), "--leader")
    final(office, case_id, "2026-09-24")
    at(office, "2026-09-28", "close", case_id)
    refused(office("instruct", case_id, "--leader", "张副区长", "--text", "x", ok=False), "不能批示")


def test_a_request_unanswered_in_time_shows_in_the_morning_check(office: Duban) -> None:
    """ "a unit's 请示 (asking for a decision) ... show a 请示 awaiting an answer in overdue after a
    configurable number of working days": 请示答复时限, 5 by default (a reply in 5 working days,
    川府发〔2007〕28号). From 09-29: 09-30, 10-08, 10-09, 10-10, 10-12."""
    office.today = "2026-09-14"
    case_id = office.new("城东片区老旧小区改造", "--lead-unit", "住建局", "--co-unit", "财政局")
    office("assign", case_id, "--deadline", "2026-11-30")
    said = at(office, "2026-09-29", "request", case_id, "--unit", "住建局", "--text", "资金缺口是否由区财政兜底")
    assert "第1件请示" in said.stdout and "2026-10-12" in said.stdout
    last = events(office, case_id)[-1]
    got = (last["动作"], last["单位"], last["序号"], last["答复时限"])
    assert got == ("请示", "区住房和城乡建设局", 1, "2026-10-12")
    assert alerts(office, "2026-10-12") == []
    assert alerts(office, "2026-10-13") == [(case_id, "请示未复", ["请示未复"])]
    plain = at(office, "2026-10-13", "overdue", "--format", "plain").stdout
    assert "请示未复 1 项" in plain and "区住房和城乡建设局 2026-09-29 请示，应于 2026-10-12 前批复" in plain
    assert "请示未复" not in at(office, "2026-10-12", "overdue", "--format", "plain").stdout
    said = at(office, "2026-10-13", "reply", case_id, "--text", "同意由区财政兜底", "--leader", "张副区长")
    assert said.stdout.strip() == f"已批复 {case_id} 第1件请示（区住房和城乡建设局）"
    last = events(office, case_id)[-1]
    got = (last["动作"], last["请示序号"], last["请示单位"], last["领导"])
    assert got == ("批复", 1, "区住房和城乡建设局", "张副区长")
    assert alerts(office, "2026-10-14") == []
    shown = office("show", case_id).stdout
    assert "请示" in shown and "批复" in shown
    refused(office("reply", case_id, "--text", "再批", ok=False), "没有待批复的请示")
    refused(office("request", case_id, "--unit", "交通局", "--text", "x", ok=False), "不是事项")
    assert "检查通过" in office("check").stdout


def test_the_answer_time_of_a_request_is_configurable_and_a_reply_can_name_its_request(office: Duban) -> None:
    """请示答复时限: 2 from 09-29 is 10-08 (09-30, then the holiday). "its answer, ... answering the
    oldest open 请示, or a given one"."""
    set_config(office, "请示答复时限: 2\n")
    office.today = "2026-09-14"
    case_id = office.new("城东片区老旧小区改造", "--lead-unit", "住建局", "--co-unit", "财政局")
    office("assign", case_id, "--deadline", "2026-11-30")
    at(office, "2026-09-29", "request", case_id, "--unit", "住建局", "--text", "第一件")
    at(office, "2026-09-30", "request", case_id, "--unit", "财政局", "--text", "第二件")
    assert alerts(office, "2026-10-08") == []
    assert alerts(office, "2026-10-09") == [(case_id, "请示未复", ["请示未复"])]
    second = at(office, "2026-10-09", "reply", case_id, "--request", "2", "--text", "同意")
    assert "第2件请示（区财政局）" in second.stdout
    refused(office("reply", case_id, "--request", "2", "--text", "x", ok=False), "没有待批复的第2件请示")
    assert "第1件请示（区住房和城乡建设局）" in office("reply", case_id, "--text", "同意").stdout
    assert alerts(office, "2026-10-12") == []


def test_the_review_opinion_is_recorded_at_closing(office: Duban) -> None:
    """济南 三(五): "close records no 审查意见; add it (and to return, which has a reason)"."""
    office.today = "2026-09-14"
    case_id = office.new("城东片区老旧小区改造", "--lead-unit", "住建局")
    office("assign", case_id, "--deadline", "2026-09-25")
    final(office, case_id, "2026-09-18")
    at(office, "2026-09-21", "return", case_id, "--opinion", "数据不准，请核实改造户数")
    last = events(office, case_id)[-1]
    assert (last["动作"], last["说明"]) == ("退回", "数据不准，请核实改造户数")
    final(office, case_id, "2026-09-22")
    at(office, "2026-09-24", "close", case_id, "--opinion", "办理情况属实，同意办结")
    last = events(office, case_id)[-1]
    assert (last["动作"], last["审查意见"]) == ("办结", "办理情况属实，同意办结")
    assert "审查意见：办理情况属实，同意办结" in office("show", case_id).stdout
    assert "审查意见" in office("log", case_id).stdout


def test_a_hand_written_untrue_recheck_reopens_a_closed_case_when_replayed(office: Duban) -> None:
    """ "a case is what its events say": a 复查 不属实 written into a closed case's file reopens it, with
    its 整改时限 as the deadline, as the command would have."""
    case_id = closed_case(office)
    path = office.file(case_id)
    hand = "  - {日期: 2026-09-29, 动作: 复查, 经办人: 李明, 结果: 不属实, 整改时限: 2026-10-12, 整改工作日: 5}\n"
    text = path.read_text(encoding="utf-8").replace("办理报告:", hand + "办理报告:", 1)
    path.write_text(text, encoding="utf-8")
    shown = json.loads(at(office, "2026-09-30", "show", case_id, "--json").stdout)
    assert (shown["状态"], shown["现行办理时限"]) == ("办理中", "2026-10-12")


def test_a_hand_written_recheck_of_a_running_case_counts_nowhere(office: Duban) -> None:
    """The replay refuses what the procedure refuses: a 复查 while the case is still 办理中."""
    office.today = "2026-09-14"
    case_id = office.new("城东片区老旧小区改造", "--lead-unit", "住建局")
    office("assign", case_id, "--deadline", "2026-09-25")
    path = office.file(case_id)
    text = path.read_text(encoding="utf-8")
    hand = "  - {日期: 2026-09-15, 动作: 复查, 经办人: 李明, 结果: 不属实, 整改时限: 2026-09-22}\n办理报告: []"
    path.write_text(text.replace("办理报告: []", hand), encoding="utf-8")
    shown = json.loads(office("show", case_id, "--json").stdout)
    # 09-25 is in the Mid-Autumn holiday (09-25..27): the deadline rolls to 09-28, the hand-written 复查 aside.
    assert (shown["状态"], shown["现行办理时限"]) == ("办理中", "2026-09-28")
    assert "不能复查" in office("check", ok=False).stdout
