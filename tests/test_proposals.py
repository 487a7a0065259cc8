"""人大建议 and 政协提案: their fields, the answer class, satisfaction and 重新办理, a unit's 退办, the co-units'
opinions, and the longest time. Dates are checked against the State Council's 2026 schedule:
端午 06-19..06-21, 国庆 10-01..10-07 (10-10, a Saturday, is a working day)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Duban, at, events, refused, set_config


def suggestion(office: Duban, *extra: str, co: bool = True) -> str:
    args = [
        "new", "--title", "关于加快推进老旧小区改造的建议", "--source-kind", "人大建议",
        "--session", "区十八届人大五次会议", "--proposal-no", "第2026015号", "--proposer", "张三",
        "--cosigner", "李四", "--cosigner", "王五", "--lead-unit", "住建局",
    ]  # fmt: skip
    if co:
        args += ["--co-unit", "财政局"]
    return office(*args, *extra).stdout.split()[0]


def answer(office: Duban, case_id: str, day: str, *extra: str, ok: bool = True):  # type: ignore[no-untyped-def]
    return at(office, day, "report", case_id, "--unit", "住建局", "--signer", "刘强", "--text", "答复如下", "--final",
              *extra, ok=ok)  # fmt: skip


def without_proposal_rules(text: str) -> str:
    """config.yaml as init writes it, without its 退办时限 and 建议提案 block (a test gives its own)."""
    kept, inside = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith("建议提案:"):
            inside = True
            continue
        if inside and line.startswith("  "):
            continue
        inside = False
        if not line.startswith("退办时限:"):
            kept.append(line)
    return "".join(kept)


def test_the_fields_of_a_suggestion_are_kept_and_shown(office: Duban) -> None:
    office.today = "2026-03-20"
    case_id = suggestion(office)
    text = office.file(case_id).read_text(encoding="utf-8")
    source = "来源: {类别: 人大建议, 届次: 区十八届人大五次会议, 案号: 第2026015号, 领衔: 张三, 联名: [李四, 王五]}"
    assert source in text
    shown = office("show", case_id).stdout
    assert "第2026015号" in shown and "张三" in shown and "李四、王五" in shown and "区十八届人大五次会议" in shown
    data = json.loads(office("show", case_id, "--json").stdout)
    assert data["来源"]["案号"] == "第2026015号" and data["来源"]["联名"] == ["李四", "王五"]
    # The source kinds 人大议案 and 审议意见 are known now.
    for kind in ("人大议案", "审议意见"):
        assert office("new", "--title", "某议案", "--source-kind", kind).exit_code == 0
    assert "检查通过" in office("check").stdout


def test_three_months_from_assignment_rolled_off_the_dragon_boat_festival(office: Duban) -> None:
    office.today = "2026-03-20"
    case_id = suggestion(office)
    assert "办理时限 2026-06-22（06-20 为休息日，顺延）" in office("assign", case_id).stdout
    assigned = events(office, case_id)[1]
    assert assigned["办理时限"] == "2026-06-20" and assigned["协办意见时限"] == "2026-04-20"


def test_an_answer_needs_its_class_and_only_a_suggestion_has_one(office: Duban) -> None:
    office.today = "2026-03-20"
    case_id = suggestion(office)
    office("assign", case_id)
    refused(answer(office, case_id, "2026-05-06", ok=False), "须标明答复类别")
    refused(answer(office, case_id, "2026-05-06", "--class", "D", ok=False), "D 类")
    refused(answer(office, case_id, "2026-05-06", "--class", "A", "--consult-way", "飞鸽", ok=False), "面商方式")
    refused(
        answer(office, case_id, "2026-05-06", "--class", "A", "--consult-date", "2026-03-01", ok=False), "早于交办日期"
    )
    progress = at(office, "2026-05-06", "report", case_id, "--unit", "住建局", "--signer", "刘强", "--text", "进展",
                  "--class", "A", ok=False)  # fmt: skip
    refused(progress, "请加 --final")
    other = office.new("普通事项", "--lead-unit", "住建局")
    office("assign", other)
    got = office("report", other, "--unit", "住建局", "--signer", "刘强", "--text", "已办", "--final", "--class", "A",
                 ok=False)  # fmt: skip
    refused(got, "只有人大建议、政协提案的答复有答复类别")
    done = answer(office, case_id, "2026-05-06", "--class", "b", "--consult-way", "走访", "--consult-date",
                  "2026-05-01")  # fmt: skip
    assert "答复（B类）" in done.stdout
    last = events(office, case_id)[-1]
    assert (last["答复类别"], last["面商方式"], last["面商日期"]) == ("B", "走访", "2026-05-01")


def test_the_office_changes_the_class_at_close_and_d_needs_the_config(office: Duban) -> None:
    set_config(office, "建议提案:\n  答复类别: {A: 已解决, B: 正在解决, C: 待以后解决, D: 留作参考}\n")
    office.today = "2026-03-20"
    case_id = suggestion(office)
    office("assign", case_id)
    answer(office, case_id, "2026-05-06", "--class", "A")
    refused(at(office, "2026-05-07", "close", case_id, "--class", "E", ok=False), "答复类别“E”不对")
    assert "答复类别 D" in office("close", case_id, "--class", "D").stdout
    closed = events(office, case_id)[-1]
    assert (closed["答复类别"], closed["原答复类别"], closed["按期"]) == ("D", "A", True)


def test_not_satisfied_means_a_new_answer_within_a_month(office: Duban) -> None:
    office.today = "2026-03-20"
    case_id = suggestion(office, co=False)
    office("assign", case_id)
    refused(at(office, "2026-04-01", "satisfaction", case_id, "--result", "满意", ok=False), "不能测评")
    answer(office, case_id, "2026-06-05", "--class", "B")
    office("close", case_id)
    # A month from 09-01 is 10-01, in the National Day holiday: the new answer is due 10-08.
    said = at(office, "2026-09-01", "satisfaction", case_id, "--result", "不满意", "--note", "进度慢")
    assert "重新办理" in said.stdout and "2026-10-01" in said.stdout
    shown = office("show", case_id).stdout
    assert "办理中" in shown and "2026-10-08" in shown
    due = json.loads(at(office, "2026-10-08", "overdue", "--format", "json").stdout)["事项"]
    assert [(r["编号"], r["级别"]) for r in due] == [(case_id, "临期")]
    late = json.loads(at(office, "2026-10-09", "overdue", "--format", "json").stdout)["事项"]
    assert [(r["编号"], r["级别"], r["办理时限"]) for r in late] == [(case_id, "逾期", "2026-10-08")]
    answer(office, case_id, "2026-10-12", "--class", "A")
    assert "超期办结" in office("close", case_id).stdout  # the first answer was on time; the second was not
    refused(at(office, "2026-10-20", "satisfaction", case_id, "--result", "满意", "--date", "2026-10-30", ok=False),
            "晚于今天")  # fmt: skip
    assert "满意" in at(office, "2026-10-20", "satisfaction", case_id, "--result", "满意").stdout
    assert "检查通过" in office("check").stdout


def test_a_late_first_answer_stays_late_after_re_handling(office: Duban) -> None:
    office.today = "2026-03-20"
    case_id = suggestion(office, co=False)
    office("assign", case_id)
    answer(office, case_id, "2026-06-23", "--class", "C")  # the deadline was 06-22
    assert "超期办结" in office("close", case_id).stdout
    at(office, "2026-06-30", "satisfaction", case_id, "--result", "不满意")
    # Not overdue while the new answer is not yet due (07-30), though the case will stay late.
    shown = json.loads(at(office, "2026-07-01", "show", case_id, "--json").stdout)
    assert (shown["逾期"], shown["现行办理时限"]) == (False, "2026-07-30")
    assert "逾期" not in office("overdue", "--format", "plain").stdout.split("\n", 1)[1]
    answer(office, case_id, "2026-07-10", "--class", "B")  # within the month
    assert "超期办结" in office("close", case_id).stdout


def test_a_wrong_unit_returns_the_matter_and_the_office_assigns_again(office: Duban) -> None:
    office.today = "2026-04-01"
    case_id = suggestion(office)
    office("assign", case_id)
    refused(at(office, "2026-04-08", "decline", case_id, "--unit", "教育局", "--reason", "不归我管", ok=False),
            "不是事项")  # fmt: skip
    said = office("decline", case_id, "--unit", "住建局", "--reason", "属于交通运输局职责")
    assert "回到待交办" in said.stdout and "逾期" not in said.stdout
    step = events(office, case_id)[-1]
    got = (step["动作"], step["收到日期"], step["退办期限"], step.get("逾期"))
    assert got == ("退办", "2026-04-01", "2026-04-13", None)
    shown = json.loads(office("show", case_id, "--json").stdout)
    assert shown["状态"] == "待交办" and shown["主办单位"] == [] and shown["办理时限"] is None
    assert case_id not in office("overdue", "--format", "plain").stdout
    reassigned = at(office, "2026-04-09", "assign", case_id, "--lead-unit", "交通局")
    assert "区交通运输局" in reassigned.stdout and "2026-07-09" in reassigned.stdout
    # The co-unit returns too, past its ten days (received 04-09: until 04-19, a Sunday, so 04-20).
    late = at(office, "2026-04-21", "decline", case_id, "--unit", "财政局", "--reason", "无相关职责")
    assert "已超过退办期限 2026-04-20" in late.stdout
    shown = json.loads(office("show", case_id, "--json").stdout)
    assert shown["状态"] == "办理中" and shown["协办单位"] == []
    assert "检查通过" in office("check").stdout


def test_an_extension_goes_at_most_six_months_from_assignment(office: Duban) -> None:
    office.today = "2026-03-20"
    case_id = suggestion(office)
    office("assign", case_id)
    office.today = "2026-06-01"
    why = ("--reason", "情况复杂", "--approved-by", "王副区长")
    beyond = office("extend", case_id, "--to", "2026-09-21", *why, ok=False)
    refused(beyond, "最长办理至交办（2026-03-20）后的 2026-09-20")
    assert "2026-09-20" in office("extend", case_id, "--to", "2026-09-20", *why).stdout
    # An ordinary case is not capped.
    other = office.new("普通事项", "--lead-unit", "住建局")
    office("assign", other)
    office("extend", other, "--to", "2027-06-30", "--reason", "复杂", "--approved-by", "王副区长")


def test_a_co_unit_late_with_its_opinion_is_named_not_the_lead_unit(office: Duban) -> None:
    config = office.root / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("停滞提醒: 10\n", "停滞提醒: 100\n"), encoding="utf-8")
    office.git("commit", "-qam", "停滞")
    office.today = "2026-03-20"
    case_id = suggestion(office)
    office("assign", case_id)
    assert case_id not in at(office, "2026-04-20", "overdue", "--format", "plain").stdout
    plain = at(office, "2026-04-21", "overdue", "--format", "plain").stdout
    assert "[协办逾期]" in plain and "协办 区财政局" in plain and "协办逾期 1 项" in plain
    rows = json.loads(office("overdue", "--format", "json").stdout)["事项"]
    assert rows[0]["协办逾期单位"] == "区财政局" and rows[0]["主办单位"] == "区住房和城乡建设局"
    units = json.loads(office("overdue", "--by-unit", "--format", "json").stdout)["单位"]
    assert [(u["单位"], u["协办逾期"]) for u in units] == [("区财政局", 1)]
    assert case_id in office("overdue", "--unit", "财政局", "--format", "plain").stdout
    at(office, "2026-04-22", "report", case_id, "--unit", "财政局", "--signer", "周敏", "--text", "协办意见：同意")
    assert case_id not in office("overdue", "--format", "plain").stdout
    # An office without suggestions never sees the new level in its headline.
    assert "协办逾期" not in office("overdue", "--format", "plain").stdout


def test_satisfaction_only_for_suggestions_and_proposals(office: Duban) -> None:
    other = office.new("普通事项", "--lead-unit", "住建局")
    office("assign", other)
    office("report", other, "--unit", "住建局", "--signer", "刘强", "--text", "已办", "--final")
    refused(office("satisfaction", other, "--result", "满意", ok=False), "只有人大建议、政协提案征询满意度")
    assert office("satisfaction", other, "--result", "很满意", ok=False).exit_code == 2


def test_a_session_list_is_imported_with_numbers_deputies_and_units(office: Duban, tmp_path: Path) -> None:
    table = tmp_path / "建议清单.csv"
    table.write_text(
        "案号,标题,领衔代表,联名代表,主办单位,协办单位\n"
        "第2026001号,关于加快推进城区老旧小区改造提升居民生活品质、完善社区养老服务设施的建议,张三,李四、王五,住建局,财政局\n"
        "第2026002号,关于增设公交线路的建议,赵六,,交通局,\n",
        encoding="utf-8",
    )
    office.today = "2026-03-20"
    out = office("import", "table", str(table), "--source-kind", "人大建议", "--session", "区十八届人大五次会议").stdout
    assert "未写明，按规定3个月" in out
    first = json.loads(office("show", "2026-0001", "--json").stdout)
    assert first["标题"] == "关于加快推进城区老旧小区改造提升居民生活品质、完善社区养老服务设施的建议"  # whole, not cut
    assert first["来源"] == {
        "类别": "人大建议", "届次": "区十八届人大五次会议", "案号": "第2026001号", "领衔": "张三",
        "联名": ["李四", "王五"],
    }  # fmt: skip
    assert first["办理过程"][1]["协办意见时限"] == "2026-04-20"
    second = json.loads(office("show", "2026-0002", "--json").stdout)
    assert second["来源"]["领衔"] == "赵六" and "联名" not in second["来源"]


def test_the_config_numbers_are_checked_and_used(office: Duban) -> None:
    set_config(office, "退办时限: 3个工作日\n建议提案:\n  重新办理时限: 2个月\n  协办意见时限: 2个月\n")
    office.today = "2026-03-20"
    case_id = suggestion(office)
    office("assign", case_id)
    assert events(office, case_id)[1]["协办意见时限"] == "2026-05-20"
    said = at(office, "2026-03-26", "decline", case_id, "--unit", "财政局", "--reason", "无关")  # 3 working days: 03-25
    assert "已超过退办期限 2026-03-25" in said.stdout
    set_config(office, "建议提案:\n  答复对象: 全体\n  最长办理时限: 半年\n", commit=False)
    checked = office("check", ok=False)
    assert checked.exit_code == 1
    assert "答复对象“全体”不对" in checked.stdout and "时限“半年”" in checked.stdout


def test_the_replay_voids_a_satisfaction_before_the_answer(office: Duban) -> None:
    office.today = "2026-03-20"
    case_id = suggestion(office, co=False)
    office("assign", case_id)
    path = office.file(case_id)
    text = path.read_text(encoding="utf-8")
    step = "  - {日期: 2026-04-01, 动作: 测评, 经办人: 李明, 结果: 不满意, 重办时限: 2026-05-01}\n"
    text = text.replace("办理报告: []", "").rstrip("\n") + "\n" + step + "办理报告: []\n"
    path.write_text(text, encoding="utf-8")
    shown = json.loads(office("show", case_id, "--json").stdout)
    assert shown["状态"] == "办理中" and shown["办理时限"] == "2026-06-20"
    assert "测评" in office("check", ok=False).stdout


def test_list_finds_a_suggestion_by_its_number_and_deputies(office: Duban) -> None:
    office.today = "2026-03-20"
    case_id = suggestion(office)
    office.new("普通事项", "--lead-unit", "住建局")
    for needle in ("第2026015号", "张三", "王五", "五次会议"):
        found = json.loads(office("list", "--search", needle, "--json").stdout)
        assert [row["编号"] for row in found] == [case_id], needle


def test_a_bulletin_of_one_source_kind_is_not_numbered(office: Duban) -> None:
    got = office("bulletin", "--from", "2026-01-01", "--to", "2026-09-30", "--source-kind", "人大建议", "--record",
                 ok=False)  # fmt: skip
    refused(got, "不登记期号")
    alone = office("bulletin", "--from", "2026-01-01", "--to", "2026-09-30", "--session", "某次", ok=False)
    refused(alone, "--session 须与")
    assert not (office.root / "bulletins.yaml").exists()
