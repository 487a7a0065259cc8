"""督查方式, 整改 and 问责 after an inspection, 提醒 before the deadline (issue 29), each test from the
rule's own words."""

from __future__ import annotations

import json

from conftest import Duban, events, set_config


def at(office: Duban, day: str, *args: str, ok: bool = True) -> str:
    office.today = day
    result = office(*args, ok=ok)
    return result.stdout + result.stderr


def assigned(office: Duban, deadline: str = "2026-09-15", unit: str = "财政局") -> str:
    office.today = "2026-09-01"
    case = office.new("某督办事项", "--lead-unit", unit)
    office("assign", case, "--deadline", deadline)
    return case


def stats(office: Duban, day: str) -> dict[str, dict]:  # type: ignore[type-arg]
    office.today = day
    rows = json.loads(office("stats", "--from", "2026-09-01", "--to", "2026-09-30", "--json").stdout)
    return {row["单位"]: row for row in rows}


def test_an_inspection_is_its_own_event_not_a_reminder(office: Duban) -> None:
    """“实地督查, 暗访, 约谈, 听取汇报, 电话督查, 联合督查 are ways the office supervises, not reminders …
    Record an inspection as its own event (way, date, who took part, findings, and whether it found a
    problem)” (南江 七十, 攀东 §110/§113, 济南 三(三))."""
    case = assigned(office)
    out = at(office, "2026-09-03", "inspect", case, "--way", "暗访", "--member", "张三", "--member", "李四",
             "--findings", "工地未按方案施工", "--problem")  # fmt: skip
    assert "已记录" in out and "发现问题" in out
    event = events(office, case)[-1]
    assert event["动作"] == "督查" and event["日期"] == "2026-09-03"
    assert event["方式"] == "暗访" and event["参加人员"] == ["张三", "李四"]
    assert event["发现问题"] is True and event["说明"] == "工地未按方案施工"
    assert "督查 " + case in office.git("log", "-1", "--format=%s")
    row = stats(office, "2026-09-10")["区财政局"]
    assert row["催办"] == 0 and row["得分"] == 100  # costs the unit no point
    assert row["督查"] == 1 and row["发现问题"] == 1 and row["督查方式"]["暗访"] == 1
    for way in ("实地督查", "约谈", "听取汇报", "电话督查", "联合督查"):
        at(office, "2026-09-04", "inspect", case, "--way", way)
    assert stats(office, "2026-09-10")["区财政局"]["督查"] == 6
    assert "督查方式“短信”不认识" in at(office, "2026-09-04", "inspect", case, "--way", "短信", ok=False)


def test_a_reminder_keeps_written_and_telephone_and_refuses_inspection_ways(office: Duban) -> None:
    """“a 催办 stays a reminder of a late or missing report: remind --way keeps 书面 and 电话 …
    inspection ways given to remind are refused with a one-line hint to use duban inspect”."""
    case = assigned(office)
    before = office.commits()
    for way in ("实地督查", "约谈", "暗访"):
        result = office("remind", case, "--way", way, ok=False)
        assert result.exit_code == 1 and "duban inspect" in result.stderr and len(result.stderr.splitlines()) == 1
    assert office.commits() == before
    at(office, "2026-09-16", "remind", case, "--way", "电话")
    assert stats(office, "2026-09-16")["区财政局"]["催办"] == 1


def test_old_files_whose_reminder_says_an_inspection_way_stay_readable_and_count(office: Duban) -> None:
    """“old files whose 催办 says 实地督查/约谈 stay readable and count as they did”."""
    case = assigned(office)
    at(office, "2026-09-16", "remind", case, "--way", "电话")
    path = office.file(case)
    path.write_text(path.read_text(encoding="utf-8").replace("方式: 电话", "方式: 约谈"), encoding="utf-8")
    office.git("commit", "-qam", "旧版本写的催办")
    assert "检查通过" in at(office, "2026-09-16", "check")
    row = stats(office, "2026-09-16")["区财政局"]
    assert row["催办"] == 1 and row["催办方式"]["约谈"] == 1 and row["得分"] == 100 - 10 - 1
    assert "督查" not in row  # no inspection in the period: the row is as before


def test_a_problem_found_can_lead_to_rectification_as_a_bulletin_does(office: Duban) -> None:
    """“An inspection that finds a problem can lead to 整改 (as a bulletin does: a 整改时限 in working
    days, config 整改时限; the unit's report --rectification answers it; overdue shows 整改逾期 when it
    passes)”."""
    set_config(office, "整改时限: 3\n")
    case = assigned(office, "2026-10-30")
    assert "--problem" in at(office, "2026-09-03", "inspect", case, "--way", "实地督查", "--rectify", ok=False)
    out = at(office, "2026-09-03", "inspect", case, "--way", "实地督查", "--findings", "台账缺失", "--problem",
             "--rectify")  # fmt: skip
    assert "2026-09-08" in out  # 3 working days after Thursday 09-03
    assert "整改时限 2026-09-08" in at(office, "2026-09-08", "show", case)
    late = at(office, "2026-09-09", "overdue", "--format", "plain")
    assert "[整改逾期]" in late and "实地督查发现问题，要求 2026-09-08 前整改" in late
    at(office, "2026-09-10", "report", case, "--unit", "财政局", "--signer", "钱正明", "--text", "已补齐台账",
       "--rectification")  # fmt: skip
    assert "[整改逾期]" not in at(office, "2026-09-10", "overdue", "--format", "plain")
    assert "已报整改情况" in at(office, "2026-09-10", "show", case)
    other = assigned(office, "2026-10-30")
    out = at(office, "2026-09-03", "inspect", other, "--way", "约谈", "--findings", "x", "--problem",
             "--rectify-days", "10")  # fmt: skip
    assert "2026-09-17" in out


def test_a_referral_for_accountability_is_recorded_shown_and_deducted(office: Duban) -> None:
    """“or to a referral for accountability (问责: to whom, when, why) … recorded and shown in show/log”;
    问责 counts apart from 催办 and deducts 考核评分 问责 (default 5); offices that never use it score as
    before."""
    case = assigned(office)
    out = at(office, "2026-09-21", "refer", case, "--to", "区纪委监委", "--reason", "逾期且整改不力")
    assert "移送区纪委监委问责" in out
    event = events(office, case)[-1]
    assert event["动作"] == "问责" and event["移送机关"] == "区纪委监委" and event["说明"] == "逾期且整改不力"
    assert "问责  2026-09-21 移送区纪委监委：逾期且整改不力" in at(office, "2026-09-21", "show", case)
    assert "问责" in at(office, "2026-09-21", "log", case)
    row = stats(office, "2026-09-21")["区财政局"]
    assert row["问责"] == 1 and row["催办"] == 0 and row["得分"] == 100 - 10 - 5
    set_config(office, "考核评分: {问责: 0}\n")
    assert stats(office, "2026-09-21")["区财政局"]["得分"] == 90
    assert "请用 --to" in at(office, "2026-09-21", "refer", case, "--to", " ", "--reason", "x", ok=False)


def test_a_notice_before_the_deadline_is_not_a_reminder_and_costs_nothing(office: Duban) -> None:
    """“提醒 (a notice before the deadline, which is not a 催办 and costs the unit nothing) … its own
    event (提醒) … an optional notice document … not charged in assessment”."""
    case = assigned(office)
    assert "已提醒" in at(office, "2026-09-11", "notify", case)
    event = events(office, case)[-1]
    assert event["动作"] == "提醒" and event["办理时限"] == "2026-09-15" and event["剩余工作日"] == 2
    row = stats(office, "2026-09-11")["区财政局"]
    assert row["提醒"] == 1 and row["催办"] == 0 and row["得分"] == 100
    notice = at(office, "2026-09-12", "render", "due-notice", case, "-o", "-")
    assert "督办事项到期提醒" in notice and "距办理时限还有2个工作日" in notice and "2026年9月11日" in notice
    assert "应催办" in at(office, "2026-09-16", "notify", case, ok=False)  # overdue: a 催办, not a 提醒
    fresh = assigned(office)
    assert "还没有提醒记录" in at(office, "2026-09-11", "render", "due-notice", fresh, "-o", "-", ok=False)


def test_overdue_remind_notifies_the_yellow_cases_not_yet_notified(office: Duban) -> None:
    """“overdue --remind for the yellow (临期) cases not yet reminded (it already records 催办 for red
    ones)”: one commit; a yellow case is notified once for its deadline."""
    late = assigned(office, "2026-09-08")
    soon = assigned(office, "2026-09-14")
    far = assigned(office, "2026-10-30")
    before = office.commits()
    out = at(office, "2026-09-10", "overdue", "--remind", "--format", "plain")
    assert office.commits() == before + 1
    assert f"已催办 1 项：{late}" in out and f"已提醒 1 项（临期，不计催办）：{soon}" in out
    assert events(office, soon)[-1]["动作"] == "提醒" and events(office, late)[-1]["动作"] == "催办"
    assert events(office, far)[-1]["动作"] == "交办"
    again = at(office, "2026-09-11", "overdue", "--remind", "--format", "plain")
    assert "已提醒" not in again  # notified once for this deadline
    row = stats(office, "2026-09-11")["区财政局"]
    assert row["提醒"] == 1 and row["催办"] == 2


def test_the_bulletin_counts_inspections_notices_and_referrals_apart(office: Duban) -> None:
    """“stats and the bulletin count inspections (by way), 提醒 and 问责 separately from 催办”."""
    case = assigned(office)
    at(office, "2026-09-03", "inspect", case, "--way", "听取汇报")
    at(office, "2026-09-03", "inspect", case, "--way", "实地督查", "--findings", "进度滞后", "--problem")
    at(office, "2026-09-11", "notify", case)
    at(office, "2026-09-16", "refer", case, "--to", "区纪委监委", "--reason", "逾期")
    text = at(office, "2026-09-30", "bulletin", "--from", "2026-09-01", "--to", "2026-09-30", "-o", "-")
    assert "本期开展督查2次（实地督查1次、听取汇报1次），发现问题1次；时限到期前提醒1次；移送问责1件。" in text
    plain = at(office, "2026-09-30", "bulletin", "--from", "2026-09-01", "--to", "2026-09-02", "-o", "-")
    assert "开展督查" not in plain  # a period without them reads as before
