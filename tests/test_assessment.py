"""Fair and exact assessment: each rule the office publishes figures by, run through the commands with
--as-of dates, and every output (overdue, show, list, stats, bulletin, export, dashboard, reminder)
giving the same answer for the same case on the same day."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import Duban


def at(office: Duban, day: str, *args: str, ok: bool = True, by: str | None = None) -> str:
    saved = office.today, office.by
    office.today, office.by = day, by or office.by
    try:
        result = office(*args, ok=ok)
    finally:
        office.today, office.by = saved
    return result.stdout + (result.stderr if not ok else "")


def assigned(office: Duban, title: str, deadline: str, *units: str, day: str = "2026-09-01") -> str:
    lead = [arg for unit in (units or ("财政局",)) for arg in ("--lead-unit", unit)]
    office.today = day
    case_id = office.new(title, *lead)
    office("assign", case_id, "--deadline", deadline)
    return case_id


def red(office: Duban, day: str) -> dict[str, dict]:  # type: ignore[type-arg]
    data = json.loads(at(office, day, "overdue", "--format", "json"))
    return {item["编号"]: item for item in data["事项"] if "逾期" in item["提示"]}


def stats(office: Duban, start: str, end: str, day: str) -> dict[str, dict]:  # type: ignore[type-arg]
    rows = json.loads(at(office, day, "stats", "--from", start, "--to", end, "--json"))
    return {row["单位"]: row for row in rows}


def bulletin(office: Duban, start: str, end: str, day: str) -> str:
    return at(office, day, "bulletin", "--from", start, "--to", end, "-o", "-")


def shown(office: Duban, case_id: str, day: str) -> dict:  # type: ignore[type-arg]
    return json.loads(at(office, day, "show", case_id, "--json"))  # type: ignore[no-any-return]


# -- extensions -----------------------------------------------------------------------------------------


def test_a_late_extension_keeps_the_case_late_everywhere(office: Duban) -> None:
    case = assigned(office, "逾期申请延期", "2026-09-29")
    at(office, "2026-09-30", "extend", case, "--to", "2026-10-30", "--reason", "需协调", "--approved-by", "张强")
    late = red(office, "2026-10-09")
    assert late[case]["说明"] == "已逾期申请延期至 2026-10-30"
    assert late[case]["办理时限"] == "2026-09-29" and late[case]["逾期工作日"] == 3  # 09-30, 10-08, 10-09
    assert stats(office, "2026-09-01", "2026-10-09", "2026-10-09")["区财政局"]["逾期未办结"] == 1
    assert "逾期申请延期" in bulletin(office, "2026-09-01", "2026-10-09", "2026-10-09")
    view = shown(office, case, "2026-10-09")
    assert view["逾期"] is True and view["考核时限"] == "2026-09-29" and view["现行办理时限"] == "2026-10-30"
    at(office, "2026-10-20", "report", case, "--unit", "财政局", "--signer", "钱正明", "--text", "完成", "--final")
    assert "超期办结" in at(office, "2026-10-21", "close", case)
    assert stats(office, "2026-09-01", "2026-10-31", "2026-10-31")["区财政局"]["超期办结"] == 1


def test_an_extension_asked_in_time_and_approved_later_counts_as_in_time(office: Duban) -> None:
    case = assigned(office, "按时申请", "2026-09-29")
    at(office, "2026-10-08", "extend", case, "--to", "2026-10-30", "--reason", "需测算", "--approved-by", "张强",
       "--requested", "9月29日")  # fmt: skip
    events = shown(office, case, "2026-10-08")["办理过程"]
    assert events[-1]["申请日期"] == "2026-09-29" and events[-1]["批准日期"] == "2026-10-08"
    assert "逾期申请" not in events[-1]
    assert case not in red(office, "2026-10-09")
    at(office, "2026-10-20", "report", case, "--unit", "财政局", "--signer", "钱正明", "--text", "完成", "--final")
    assert "按期办结" in at(office, "2026-10-21", "close", case)


# -- review time and the redo period ---------------------------------------------------------------------


def test_review_time_is_not_the_units_lateness(office: Duban) -> None:
    case = assigned(office, "退回重办", "2026-09-29")
    at(office, "2026-09-28", "report", case, "--unit", "财政局", "--signer", "钱正明", "--text", "完成", "--final")
    out = at(office, "2026-09-30", "return", case, "--reason", "数据不准")
    assert "重办时限 2026-10-13" in out  # five working days after 09-30: 10-08, 10-09, 10-10, 10-12, 10-13
    assert case not in red(office, "2026-10-12")
    due = json.loads(at(office, "2026-10-12", "overdue", "--format", "json"))["事项"]
    assert [i["办理时限"] for i in due if i["编号"] == case] == ["2026-10-13"]
    assert stats(office, "2026-09-01", "2026-10-12", "2026-10-12")["区财政局"]["逾期未办结"] == 0
    assert case in red(office, "2026-10-14")
    at(office, "2026-10-13", "report", case, "--unit", "财政局", "--signer", "钱正明", "--text", "已改", "--final")
    assert "按期办结" in at(office, "2026-10-14", "close", case)


def test_a_report_already_late_stays_late_after_a_return(office: Duban) -> None:
    case = assigned(office, "迟报", "2026-09-29")
    at(office, "2026-09-30", "report", case, "--unit", "财政局", "--signer", "钱正明", "--text", "完成", "--final")
    at(office, "2026-10-08", "return", case, "--reason", "数据不准", "--days", "3")
    assert case in red(office, "2026-10-09")
    at(office, "2026-10-09", "report", case, "--unit", "财政局", "--signer", "钱正明", "--text", "已改", "--final")
    assert "超期办结" in at(office, "2026-10-09", "close", case)


# -- several lead units ----------------------------------------------------------------------------------


def test_each_lead_unit_reports_and_is_judged_on_its_own(office: Duban) -> None:
    case = assigned(office, "两家牵头", "2026-10-20", "财政局", "教育局")
    at(office, "2026-10-15", "report", case, "--unit", "财政局", "--signer", "钱正明", "--text", "完成", "--final")
    assert shown(office, case, "2026-10-15")["状态"] == "办理中"  # 教育局 has not reported yet
    late = red(office, "2026-10-21")
    assert case in late
    figures = stats(office, "2026-10-01", "2026-10-31", "2026-10-21")
    assert figures["区教育局"]["逾期未办结"] == 1 and figures["区财政局"]["逾期未办结"] == 0
    by_unit = json.loads(at(office, "2026-10-21", "overdue", "--by-unit", "--format", "json"))["单位"]
    assert [(r["单位"], r["逾期"]) for r in by_unit] == [("区教育局", 1), ("区财政局", 0)]
    at(office, "2026-10-22", "report", case, "--unit", "教育局", "--signer", "吴晓梅", "--text", "完成", "--final")
    assert shown(office, case, "2026-10-22")["状态"] == "待审核"
    at(office, "2026-10-23", "close", case)
    closing = shown(office, case, "2026-10-23")["办理过程"][-1]
    assert closing["按期"] is False and closing["超期单位"] == ["区教育局"]
    figures = stats(office, "2026-10-01", "2026-10-31", "2026-10-31")
    assert (figures["区财政局"]["按期办结"], figures["区财政局"]["超期办结"]) == (1, 0)
    assert (figures["区教育局"]["按期办结"], figures["区教育局"]["超期办结"]) == (0, 1)
    text = bulletin(office, "2026-10-01", "2026-10-31", "2026-11-02")
    late_section = text.split("超期办结的事项")[1].split("###")[0]
    assert "1. 区教育局：“两家牵头”" in late_section and "超期2个工作日" in late_section
    assert "区财政局" not in late_section


# -- rest days -------------------------------------------------------------------------------------------


def test_a_deadline_on_a_rest_day_moves_to_the_next_working_day(office: Duban) -> None:
    case = assigned(office, "周六到期", "2026-10-31")
    assert case not in red(office, "2026-11-02")
    assert red(office, "2026-11-03")[case]["逾期工作日"] == 1
    assert "2026-11-02（10-31 为休息日，顺延）" in at(office, "2026-11-01", "show", case)
    assert "办理时限: 2026-10-31" in office.file(case).read_text(encoding="utf-8")  # what was typed stays
    assert stats(office, "2026-10-01", "2026-11-02", "2026-11-02")["区财政局"]["逾期未办结"] == 0


# -- periodic reports ------------------------------------------------------------------------------------


def test_a_week_without_working_days_is_not_owed_and_the_missing_period_is_named(office: Duban) -> None:
    office.today = "2026-02-11"
    case = office.new("每周报告", "--lead-unit", "财政局", "--report-every", "每周")
    office("assign", case, "--deadline", "2026-06-30")
    # The week of 02-16 (Spring Festival) has no working day; the week of 02-09 began before assignment.
    items = json.loads(at(office, "2026-02-24", "overdue", "--format", "json"))["事项"]
    assert not [i for i in items if "逾期未报" in i["提示"]]
    items = json.loads(at(office, "2026-03-03", "overdue", "--format", "json"))["事项"]
    flagged = [i for i in items if "逾期未报" in i["提示"]]
    assert flagged and "缺 2026年第9周（02-23—03-01） 的进展报告" in flagged[0]["说明"]


# -- sub-cases -------------------------------------------------------------------------------------------


def test_sub_cases_hold_their_parent(office: Duban) -> None:
    parent = assigned(office, "总体方案", "2026-10-30")
    office.today = "2026-09-02"
    child = office.new("分项一", "--lead-unit", "教育局", "--parent", parent, "--deadline", "2026-11-30")
    assert "晚于上级事项" in office("new", "--title", "分项二", "--source-kind", "会议议定", "--parent", parent,
                                  "--deadline", "2026-12-30").stderr  # fmt: skip
    office("assign", child, "--deadline", "2026-11-30")
    assert "晚于上级事项" in office("check").stderr
    refused = at(office, "2026-09-03", "terminate", parent, "--reason", "取消", "--approved-by", "张强", ok=False)
    assert "--with-children" in refused
    out = at(office, "2026-09-03", "terminate", parent, "--reason", "取消", "--approved-by", "张强", "--with-children")
    assert parent in out and child in out
    assert shown(office, child, "2026-09-03")["状态"] == "已终止"
    refused = at(
        office, "2026-09-04", "new", "--title", "再分", "--source-kind", "会议议定", "--parent", parent, ok=False
    )
    assert "不能再分解出子事项" in refused


def test_a_parent_is_not_archived_while_a_child_is_open(office: Duban) -> None:
    parent = assigned(office, "总体", "2026-10-30")
    office.today = "2026-09-02"
    child = office.new("分项", "--lead-unit", "教育局", "--parent", parent)
    at(office, "2026-09-03", "report", parent, "--unit", "财政局", "--signer", "钱正明", "--text", "完成", "--final")
    assert "未办结的子事项" in at(office, "2026-09-04", "close", parent, ok=False)
    at(office, "2026-09-04", "terminate", child, "--reason", "并入", "--approved-by", "张强")
    at(office, "2026-09-05", "close", parent)


# -- the rules' time limits ------------------------------------------------------------------------------


def test_the_rules_default_time_limits(office: Duban) -> None:
    office.today = "2026-09-01"
    deputy = office("new", "--title", "建议", "--source-kind", "人大建议", "--lead-unit", "交通局").stdout.split()[0]
    consult = office.new("会同", "--lead-unit", "财政局", "--co-unit", "教育局")
    own = office.new("自办", "--lead-unit", "财政局")
    urgent = office("new", "--title", "特急", "--source-kind", "领导批示", "--urgency", "特急",
                    "--lead-unit", "财政局").stdout.split()[0]  # fmt: skip
    reply = office.new("答复", "--lead-unit", "财政局")
    office("assign", deputy)
    office("assign", consult)
    office("assign", own, "--handling", "自办")
    office("assign", urgent)
    office("assign", reply)
    deadlines = {case: shown(office, case, "2026-09-01")["办理时限"] for case in (deputy, consult, own, urgent, reply)}
    assert deadlines == {
        deputy: "2026-12-01",  # three months
        consult: "2026-09-10",  # seven working days
        own: "2026-09-04",  # three
        urgent: "2026-09-01",  # the same day
        reply: "2026-09-08",  # five
    }


def test_assignment_may_require_a_leaders_approval(office: Duban) -> None:
    config = office.root / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("交办须经领导批准: false", "交办须经领导批准: true"),
                      encoding="utf-8")  # fmt: skip
    office.git("commit", "-qam", "须批准")
    case = office.new("某事项", "--lead-unit", "财政局")
    assert "须经领导批准" in office("assign", case, ok=False).stderr
    office("assign", case, "--opinion", "拟请财政局牵头办理", "--approved-by", "王建国")
    event = shown(office, case, office.today)["办理过程"][-1]
    assert event["拟办意见"] == "拟请财政局牵头办理" and event["批准人"] == "王建国"


def test_the_way_of_a_reminder_is_data(office: Duban) -> None:
    case = assigned(office, "催办方式", "2026-09-10")
    at(office, "2026-09-11", "remind", case, "--way", "电话")
    at(office, "2026-09-14", "remind", case)
    # 约谈 is a 督查 now (duban inspect); a 催办 an earlier version recorded as 约谈 still counts.
    assert "duban inspect" in at(office, "2026-09-15", "remind", case, "--way", "约谈", ok=False)
    at(office, "2026-09-15", "remind", case, "--way", "电话")
    path = office.file(case)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[::-1].replace("话电 :式方", "谈约 :式方", 1)[::-1], encoding="utf-8")
    office.git("commit", "-qam", "旧版本的约谈")
    assert "方式：电话" in at(office, "2026-09-15", "log", case)
    ways = stats(office, "2026-09-01", "2026-09-30", "2026-09-30")["区财政局"]["催办方式"]
    assert ways == {"书面": 1, "电话": 1, "实地督查": 0, "约谈": 1}
    assert "用法错误" in at(office, "2026-09-15", "remind", case, "--way", "短信", ok=False)


# -- bulletins and rectification -------------------------------------------------------------------------


def test_a_recorded_bulletin_sets_rectification_deadlines(office: Duban) -> None:
    late = assigned(office, "逾期事项", "2026-09-29")
    fine = assigned(office, "未到期事项", "2026-11-30")
    out = at(office, "2026-11-02", "bulletin", "--from", "2026-10-01", "--to", "2026-10-31", "--record")
    assert "第1期" in out and late in out and fine not in out.split("点名")[-1]
    assert office.git("log", "-1", "--format=%s").strip() == "通报 2026年第1期"
    assert "期号: 1" in (office.root / "bulletins.yaml").read_text(encoding="utf-8")
    event = shown(office, late, "2026-11-02")["办理过程"][-1]
    assert event["动作"] == "通报" and event["期号"] == "第1期" and event["整改时限"] == "2026-11-09"
    second = at(office, "2026-11-03", "bulletin", "--from", "2026-10-01", "--to", "2026-10-31", "-o", "-")
    assert "第1期" in second  # the period recorded as 第1期: the same issue, not the next number
    assert "通报" in at(office, "2026-11-03", "log", late)
    items = json.loads(at(office, "2026-11-10", "overdue", "--format", "json"))["事项"]
    flagged = [i for i in items if i["编号"] == late]
    assert "整改逾期" in flagged[0]["提示"]
    at(
        office,
        "2026-11-10",
        "report",
        late,
        "--unit",
        "财政局",
        "--signer",
        "钱正明",
        "--text",
        "已整改",
        "--rectification",
    )
    items = json.loads(at(office, "2026-11-11", "overdue", "--format", "json"))["事项"]
    assert not [i for i in items if "整改逾期" in i["提示"]]
    refused = at(office, "2026-11-11", "bulletin", "--from", "2026-10-01", "--to", "2026-10-31", "--issue", "1",
                 "--record", ok=False)  # fmt: skip
    assert "已经登记过" in refused


# -- restricted cases in documents -----------------------------------------------------------------------


def test_documents_never_show_a_restricted_title_whoever_runs_them(office: Duban, tmp_path: Path) -> None:
    office.today = "2026-09-01"
    secret = office.new("某企业信访化解", "--lead-unit", "人社局", "--restricted-to", "李明")
    office("assign", secret, "--deadline", "2026-09-10")
    outputs = [
        bulletin(office, "2026-09-01", "2026-09-30", "2026-10-08"),
        at(office, "2026-10-08", "export", str(tmp_path / "台账.csv"))
        and (tmp_path / "台账.csv").read_text("utf-8-sig"),
    ]
    at(office, "2026-10-08", "dashboard", "-o", str(tmp_path / "看板.html"))
    outputs.append((tmp_path / "看板.html").read_text(encoding="utf-8"))
    for text in outputs:
        assert "某企业信访化解" not in text and "受控事项" in text
    refused = at(office, "2026-10-08", "render", "notice", secret, ok=False, by="王芳")
    assert "知情范围" in refused
    assert "某企业信访化解" in at(office, "2026-10-08", "render", "notice", secret, "-o", "-")


# -- one assessment, everywhere ---------------------------------------------------------------------------


@pytest.fixture
def mixed(office: Duban) -> Duban:
    """An office with a case of every kind the rules treat differently."""
    assigned(office, "到期当天办结", "2026-09-29")
    at(office, "2026-09-29", "report", "2026-0001", "--unit", "财政局", "--signer", "钱正明", "--text", "完",
       "--final")  # fmt: skip
    assigned(office, "逾期延期", "2026-09-29", "教育局")
    at(office, "2026-09-30", "extend", "2026-0002", "--to", "2026-10-30", "--reason", "r", "--approved-by", "张")
    assigned(office, "周六到期", "2026-10-31", "住建局")
    assigned(office, "两家牵头", "2026-10-20", "财政局", "民政局")
    at(office, "2026-10-15", "report", "2026-0004", "--unit", "财政局", "--signer", "钱正明", "--text", "完",
       "--final")  # fmt: skip
    assigned(office, "退回", "2026-10-12", "城管局")
    at(office, "2026-10-09", "report", "2026-0005", "--unit", "城管局", "--signer", "卫明亮", "--text", "完",
       "--final")  # fmt: skip
    at(office, "2026-10-10", "return", "2026-0005", "--reason", "r")
    return office


@pytest.mark.parametrize("day", ["2026-09-30", "2026-10-13", "2026-10-21", "2026-11-02", "2026-11-03", "2026-11-20"])
def test_every_output_agrees_on_who_is_late(mixed: Duban, day: str, tmp_path: Path) -> None:
    office = mixed
    from_overdue = set(red(office, day))
    rows = json.loads(at(office, day, "stats", "--from", "2026-09-01", "--to", day, "--json"))
    late_units = {(row["单位"]) for row in rows if row["逾期未办结"]}
    from_show = {c for c in (f"2026-000{i}" for i in range(1, 6)) if shown(office, c, day)["逾期"]}
    listed = json.loads(at(office, day, "list", "--json"))
    from_list = {item["编号"] for item in listed if item["逾期"]}
    at(office, day, "export", str(tmp_path / "台账.csv"))
    ledger = (tmp_path / "台账.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    from_ledger = {line.split(",")[0] for line in ledger if ",逾期" in line}
    at(office, day, "dashboard", "-o", str(tmp_path / "看板.html"))
    board = (tmp_path / "看板.html").read_text(encoding="utf-8")
    red_table = board.split('id="red-list"')[1].split("</table>")[0]
    from_board = set(re.findall(r"<td[^>]*>(2026-\d{4})</td>", red_table))
    named = bulletin(office, "2026-09-01", day, day)
    from_bulletin = (
        set(re.findall(r"（督〔2026〕(\d+)号）", named.split("逾期未办结的事项")[1]))
        if "逾期未办结的事项" in named
        else set()
    )
    from_bulletin = {f"2026-{int(n):04d}" for n in from_bulletin}
    assert from_overdue == from_show == from_list == from_ledger == from_board == from_bulletin, day
    cases_units = {c: shown(office, c, day) for c in from_overdue}
    expected_units = {u["单位"] for c, v in cases_units.items() for u in v.get("各主办单位", []) if u["逾期"]} | {
        v["主办单位"][0] for v in cases_units.values() if len(v["主办单位"]) == 1
    }
    assert late_units == expected_units, day
    for case in from_overdue:  # the reminder states the same lateness as overdue
        days = red(office, day)[case]["逾期工作日"]
        if day < "2026-10-15":  # before the fixture's last event: no reminder can be recorded that day
            assert f"duban remind {case}" in at(office, day, "render", "reminder", case, ok=False)
            continue
        at(office, day, "remind", case)  # a 催办通知 is the document of a recorded written reminder
        text = at(office, day, "render", "reminder", case, "-o", "-")
        assert f"已逾期{days}个工作日" in text
    for case in {f"2026-000{i}" for i in range(1, 6)} - from_overdue:
        assert "没有逾期" in at(office, day, "render", "reminder", case, ok=False)
