"""Review of the 建议提案 procedure: the replay, the commands, check and the signals agree."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Duban
from test_proposals import answer, at, refused, suggestion


def test_a_co_unit_signs_again_after_the_case_is_assigned_again(office: Duban) -> None:
    office.today = "2026-04-01"
    case_id = suggestion(office)
    office("assign", case_id)
    at(office, "2026-04-02", "ack", case_id, "--unit", "财政局")
    office("decline", case_id, "--unit", "住建局", "--reason", "属于交通运输局职责")
    at(office, "2026-04-09", "assign", case_id, "--lead-unit", "交通局")
    # The replay takes a 签收 after the new 交办; the command must too.
    at(office, "2026-04-10", "ack", case_id, "--unit", "财政局")
    assert "检查通过" in office("check").stdout


def test_one_satisfaction_per_answer(office: Duban) -> None:
    office.today = "2026-03-20"
    case_id = suggestion(office, co=False)
    office("assign", case_id)
    answer(office, case_id, "2026-05-06", "--class", "A")
    office("close", case_id)
    at(office, "2026-05-20", "satisfaction", case_id, "--result", "满意")
    refused(at(office, "2026-05-21", "satisfaction", case_id, "--result", "不满意", ok=False), "已测评")
    shown = json.loads(office("show", case_id, "--json").stdout)
    assert shown["状态"] == "已办结"


def test_check_names_a_bad_satisfaction_and_a_bad_class(office: Duban) -> None:
    office.today = "2026-03-20"
    case_id = suggestion(office, co=False)
    office("assign", case_id)
    answer(office, case_id, "2026-05-06", "--class", "A")
    office("close", case_id)
    at(office, "2026-05-20", "satisfaction", case_id, "--result", "满意")
    path = office.file(case_id)
    text = path.read_text(encoding="utf-8")
    assert "答复类别: A" in text and "结果: 满意" in text
    path.write_text(text.replace("答复类别: A", "答复类别: Z").replace("结果: 满意", "结果: 很好"), encoding="utf-8")
    checked = office("check", ok=False)
    assert checked.exit_code == 1
    assert "很好" in checked.stdout and "Z" in checked.stdout, checked.stdout


def test_a_batch_import_writes_the_deputies_as_one_file_at_a_time(office: Duban, tmp_path: Path) -> None:
    rows = "".join(f"第20260{n:02d}号,关于第{n}件事的建议,张{n},李{n}、王{n},住建局,财政局\n" for n in range(1, 11))
    table = tmp_path / "建议清单.csv"
    table.write_text("案号,标题,领衔代表,联名代表,主办单位,协办单位\n" + rows, encoding="utf-8")
    office.today = "2026-03-20"
    office("import", "table", str(table), "--source-kind", "人大建议", "--session", "区十八届人大五次会议")
    first = json.loads(office("show", "2026-0001", "--json").stdout)
    assert first["来源"]["联名"] == ["李1", "王1"] and first["来源"]["届次"] == "区十八届人大五次会议"
    assert "检查通过" in office("check").stdout


def test_undo_of_a_decline_gives_the_case_back_to_its_unit(office: Duban) -> None:
    office.today = "2026-04-01"
    case_id = suggestion(office)
    office("assign", case_id)
    office("decline", case_id, "--unit", "住建局", "--reason", "属于交通运输局职责")
    office("undo")
    shown = json.loads(office("show", case_id, "--json").stdout)
    assert shown["状态"] == "办理中" and shown["主办单位"] == ["区住房和城乡建设局"]
    assert shown["办理时限"] == "2026-07-01"
    assert "检查通过" in office("check").stdout


def test_check_names_a_satisfaction_of_an_ordinary_case(office: Duban) -> None:
    office.today = "2026-03-20"
    other = office.new("普通事项", "--lead-unit", "住建局")
    office("assign", other)
    office("report", other, "--unit", "住建局", "--signer", "刘强", "--text", "已办", "--final")
    office("close", other)
    path = office.file(other)
    text = path.read_text(encoding="utf-8")
    step = "  - {日期: 2026-03-21, 动作: 测评, 经办人: 李明, 结果: 满意}\n"
    path.write_text(text.replace("办理报告:", step.rstrip("\n") + "\n办理报告:", 1), encoding="utf-8")
    checked = office("check", ok=False)
    assert checked.exit_code == 1 and "不征询满意度" in checked.stdout, checked.stdout


def _versions(office: Duban, case_id: str, *steps: tuple[str, ...]) -> list[dict]:  # type: ignore[type-arg]
    """The case file's mapping after each group of steps, each group run from the first version."""
    from duban.yamlio import load_fast

    path = office.file(case_id)
    base_text = path.read_text(encoding="utf-8")
    head = office.git("rev-parse", "HEAD").strip()
    out = [load_fast(base_text)]
    for group in steps:
        for day, *args in group:
            at(office, day, *args)
        out.append(load_fast(path.read_text(encoding="utf-8")))
        office.git("reset", "-q", "--hard", head)
    return out


def test_a_merge_of_two_satisfactions_keeps_the_first(office: Duban) -> None:
    from duban.merge import merge_cases

    office.today = "2026-03-20"
    case_id = suggestion(office, co=False)
    office("assign", case_id)
    answer(office, case_id, "2026-05-06", "--class", "A")
    office("close", case_id)
    base, ours, theirs = _versions(
        office,
        case_id,
        (("2026-05-20", "satisfaction", case_id, "--result", "满意"),),
        (("2026-05-21", "satisfaction", case_id, "--result", "不满意"),),
    )
    for merged in (merge_cases(base, ours, theirs), merge_cases(base, theirs, ours)):
        assert merged.mapping["状态"] == "已办结" and [v["动作"] for v in merged.voided] == ["测评"]


def test_a_merge_of_a_lead_units_decline_and_its_earlier_answer(office: Duban) -> None:
    from duban.merge import merge_cases

    office.today = "2026-04-01"
    case_id = suggestion(office, co=False)
    office("assign", case_id)
    base, ours, theirs = _versions(
        office,
        case_id,
        (("2026-04-08", "decline", case_id, "--unit", "住建局", "--reason", "属于交通运输局职责"),),
        (("2026-04-07", "report", case_id, "--unit", "住建局", "--signer", "刘强", "--text", "答复如下", "--final",
          "--class", "A"),),
    )  # fmt: skip
    # On 04-08 the answer was in review: a 退办 could not be taken then.
    for merged in (merge_cases(base, ours, theirs), merge_cases(base, theirs, ours)):
        assert merged.mapping["状态"] == "待审核", merged.mapping["状态"]
        assert merged.mapping["主办单位"] == ["区住房和城乡建设局"]


def test_a_merge_keeps_a_co_unit_whose_decline_came_too_late(office: Duban) -> None:
    """A co-unit's 退办 that a merge puts after the lead unit's answer (待审核, where no 退办 is taken)
    is void, and the co-unit stays on the case."""
    from duban.merge import merge_cases

    office.today = "2026-04-01"
    case_id = suggestion(office)
    office("assign", case_id)
    base, ours, theirs = _versions(
        office,
        case_id,
        (("2026-04-08", "decline", case_id, "--unit", "财政局", "--reason", "无相关职责"),),
        (("2026-04-07", "report", case_id, "--unit", "住建局", "--signer", "刘强", "--text", "答复如下", "--final",
          "--class", "A"),),
    )  # fmt: skip
    for merged in (merge_cases(base, ours, theirs), merge_cases(base, theirs, ours)):
        assert merged.mapping["状态"] == "待审核"
        assert merged.mapping["协办单位"] == ["区财政局"] and [v["动作"] for v in merged.voided] == ["退办"]


def test_an_extension_after_a_decline_and_reassignment_is_no_clash(office: Duban) -> None:
    office.today = "2026-04-01"
    case_id = suggestion(office, co=False)
    office("assign", case_id, "--deadline", "2026-06-30")
    why = ("--reason", "情况复杂", "--approved-by", "王副区长")
    at(office, "2026-04-03", "extend", case_id, "--to", "2026-07-31", *why)
    office("decline", case_id, "--unit", "住建局", "--reason", "属于交通运输局职责")
    at(office, "2026-04-09", "assign", case_id, "--lead-unit", "交通局", "--deadline", "2026-06-30")
    at(office, "2026-04-10", "extend", case_id, "--to", "2026-08-31", *why)
    shown = json.loads(office("show", case_id, "--json").stdout)
    assert shown["办理时限"] == "2026-08-31"
    assert "检查通过" in office("check").stdout


def _quiet(office: Duban) -> None:
    config = office.root / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("停滞提醒: 10\n", "停滞提醒: 100\n"), encoding="utf-8")
    office.git("commit", "-qam", "停滞")


def test_an_opinion_on_its_due_day_a_declined_co_unit_and_a_case_in_review_raise_no_opinion_signal(
    office: Duban,
) -> None:
    _quiet(office)
    office.today = "2026-03-20"
    on_time = suggestion(office)
    declined = suggestion(office)
    in_review = suggestion(office)
    for case_id in (on_time, declined, in_review):
        office("assign", case_id)
    at(office, "2026-04-20", "report", on_time, "--unit", "财政局", "--signer", "周敏", "--text", "协办意见")
    office("decline", declined, "--unit", "财政局", "--reason", "无相关职责")
    answer(office, in_review, "2026-04-20", "--class", "A")
    for day in ("2026-04-21", "2026-05-06"):
        rows = json.loads(at(office, day, "overdue", "--format", "json").stdout)["事项"]
        assert [r for r in rows if r["级别"] == "协办逾期"] == [], rows
    shown = office("show", on_time).stdout
    assert "2026-04-20 已送" in shown and "逾期" not in shown


def test_the_longest_time_ending_in_the_national_day_holiday_ends_on_the_next_working_day(office: Duban) -> None:
    office.today = "2026-04-01"
    case_id = suggestion(office, co=False)
    office("assign", case_id)
    why = ("--reason", "情况复杂", "--approved-by", "王副区长")
    # Six months from 04-01 is 10-01, in the holiday: an extension to 10-01 means 10-08 anyway.
    refused(at(office, "2026-06-01", "extend", case_id, "--to", "2026-10-09", *why, ok=False), "2026-10-08")
    assert "2026-10-08" in office("extend", case_id, "--to", "2026-10-08", *why).stdout
    assert "最长至 2026-10-08" in office("show", case_id).stdout


def test_a_co_units_final_report_with_a_class_is_told_only_the_lead_unit_answers(office: Duban) -> None:
    office.today = "2026-03-20"
    case_id = suggestion(office)
    office("assign", case_id)
    got = at(office, "2026-04-10", "report", case_id, "--unit", "财政局", "--signer", "周敏", "--text", "协办意见",
             "--final", "--class", "A", ok=False)  # fmt: skip
    refused(got, "主办单位")
    assert "--final" not in got.stderr


def test_a_case_due_soon_stays_due_soon_when_a_co_unit_is_late_with_its_opinion(office: Duban) -> None:
    _quiet(office)
    office.today = "2026-03-20"
    case_id = suggestion(office)
    office("assign", case_id)  # due 06-22 (06-20 is in the Dragon Boat holiday); the opinion 04-20
    plain = at(office, "2026-06-17", "overdue", "--format", "plain").stdout
    assert "临期 1 项" in plain, plain
    assert f"[临期] {case_id}" in plain and "区住房和城乡建设局" in plain and "另：协办逾期" in plain
    rows = json.loads(office("overdue", "--format", "json").stdout)["事项"]
    assert [(r["级别"], r["协办逾期单位"]) for r in rows] == [("临期", "区财政局")]
    units = json.loads(office("overdue", "--by-unit", "--format", "json").stdout)["单位"]
    assert {(u["单位"], u["临期"], u["协办逾期"]) for u in units} == {("区住房和城乡建设局", 1, 0), ("区财政局", 0, 1)}


def test_an_outsider_sees_neither_the_deputies_nor_the_class_nor_the_satisfaction(office: Duban) -> None:
    office.today = "2026-03-20"
    case_id = suggestion(office, "--restricted-to", "李明", co=False)
    office("assign", case_id)
    answer(office, case_id, "2026-05-06", "--class", "B", "--consult-way", "走访")
    office("close", case_id, "--class", "A")
    at(office, "2026-05-20", "satisfaction", case_id, "--result", "不满意", "--note", "张三认为进度慢")
    outsider = Duban(office.root, today="2026-05-21", by="王芳")
    shown = outsider("show", case_id).stdout + outsider("show", case_id, "--json").stdout
    for secret in ("张三", "李四", "第2026015号", "五次会议", "走访", "进度慢", "不满意", "A（", "B（"):
        assert secret not in shown, secret
    data = json.loads(outsider("show", case_id, "--json").stdout)
    assert (data["答复类别"], data["原答复类别"], data["满意度"]) == (None, None, None)
    assert json.loads(outsider("list", "--search", "张三", "--json").stdout) == []
    assert "张三" not in outsider("log", case_id).stdout


def test_no_satisfaction_once_archived_and_undo_of_not_satisfied(office: Duban) -> None:
    office.today = "2026-03-20"
    case_id = suggestion(office, co=False)
    office("assign", case_id)
    answer(office, case_id, "2026-05-06", "--class", "A")
    office("close", case_id)
    at(office, "2026-05-20", "satisfaction", case_id, "--result", "不满意")
    office("undo")
    shown = json.loads(office("show", case_id, "--json").stdout)
    assert shown["状态"] == "已办结" and shown["办理时限"] == "2026-06-20"
    office("archive", case_id)
    refused(office("satisfaction", case_id, "--result", "满意", ok=False), "不能测评")
    assert "检查通过" in office("check").stdout


def test_an_office_whose_config_predates_the_procedure(office: Duban) -> None:
    from test_proposals import without_proposal_rules

    config = office.root / "config.yaml"
    config.write_text(without_proposal_rules(config.read_text(encoding="utf-8")), encoding="utf-8")
    office.git("commit", "-qam", "旧的 config.yaml")
    office.today = "2026-04-01"
    case_id = suggestion(office)
    office("assign", case_id)
    said = at(office, "2026-04-13", "decline", case_id, "--unit", "财政局", "--reason", "无相关职责")
    assert "逾期" not in said.stdout  # 10 days from 04-01: 04-11, a Saturday, so 04-13
    answer(office, case_id, "2026-05-06", "--class", "A")
    office("close", case_id)
    said = at(office, "2026-09-01", "satisfaction", case_id, "--result", "不满意")
    assert "2026-10-01" in said.stdout
    assert "检查通过" in office("check").stdout


def test_the_form_is_not_filled_before_the_answer(office: Duban) -> None:
    office.today = "2026-03-20"
    case_id = suggestion(office, co=False)
    office("assign", case_id)
    answer(office, case_id, "2026-05-06", "--class", "A")
    got = at(office, "2026-05-20", "satisfaction", case_id, "--result", "满意", "--date", "2026-04-01", ok=False)
    refused(got, "早于答复日期 2026-05-06")
    at(office, "2026-05-20", "satisfaction", case_id, "--result", "满意", "--date", "2026-05-06")
