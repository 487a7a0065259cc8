"""A case is what its events say: after any merge, 状态 and 办理时限 are what replaying 办理过程 gives,
and an event the merged record cannot accept is kept, void, and counted nowhere."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import Duban, share

from duban.events import replay
from duban.merge import merge_cases
from duban.model import Case, Event, Source, case_to_mapping


@pytest.fixture
def clerks(office: Duban, tmp_path: Path) -> tuple[Duban, Duban, str]:
    """Clerk A's office with a case of two lead units, assigned and pushed; clerk B's clone."""
    office.today = "2026-09-28"
    shared = office.new("两个主办单位的事项", "--lead-unit", "财政局", "--lead-unit", "教育局")
    office("assign", shared, "--deadline", "2026-10-30")
    return office, share(office, tmp_path), shared


def shown(clerk: Duban, case_id: str) -> dict:
    return json.loads(clerk("show", case_id, "--json").stdout)


def test_two_final_reports_recorded_by_two_clerks_make_the_case_await_review(clerks: tuple[Duban, Duban, str]) -> None:
    a, b, shared = clerks
    a.today = b.today = "2026-10-12"
    a("report", shared, "--unit", "财政局", "--signer", "钱正明", "--text", "已完成", "--final")
    b("report", shared, "--unit", "教育局", "--signer", "孙立", "--text", "已完成", "--final")
    a("sync")
    b("sync")
    a("sync")
    for clerk in (a, b):
        assert shown(clerk, shared)["状态"] == "待审核"
        assert clerk("check").exit_code == 0
    assert "状态: 待审核" in b.file(shared).read_text(encoding="utf-8")
    b.today = "2026-10-13"
    b("close", shared)
    assert shown(b, shared)["状态"] == "已办结"


def test_a_reminder_after_closing_is_kept_void_and_counts_nowhere(clerks: tuple[Duban, Duban, str]) -> None:
    a, b, shared = clerks
    a.today = "2026-10-12"
    a("report", shared, "--unit", "财政局", "--signer", "钱正明", "--text", "已完成", "--final")
    a("report", shared, "--unit", "教育局", "--signer", "孙立", "--text", "已完成", "--final")
    a.today = "2026-10-13"
    a("close", shared)
    a("sync")
    b.today = "2026-10-14"  # B has not synced since the assignment: on B's record the case is open
    b("remind", shared, "--note", "请抓紧报送")
    b("sync")
    case = shown(b, shared)
    assert case["状态"] == "已办结" and case["催办次数"] == 0
    reminder = [e for e in case["办理过程"] if e["动作"] == "催办"]
    assert len(reminder) == 1 and "晚于办结" in reminder[0]["作废"]
    assert "作废: 合并后晚于办结" in b.file(shared).read_text(encoding="utf-8")
    figures = json.loads(b("stats", "--from", "2026-09-01", "--to", "2026-10-31", "--json").stdout)
    assert {row["单位"]: row["催办"] for row in figures if row["交办"]} == {"区财政局": 0, "区教育局": 0}
    assert "作废" in b("show", shared).stdout
    assert b("check").exit_code == 0
    a("sync")
    assert a.file(shared).read_text(encoding="utf-8") == b.file(shared).read_text(encoding="utf-8")


def test_a_second_ack_of_one_unit_is_void(clerks: tuple[Duban, Duban, str]) -> None:
    a, b, shared = clerks
    a.today = b.today = "2026-09-29"
    a("ack", shared, "--unit", "财政局")
    b("ack", shared, "--unit", "财政局")
    a("sync")
    b("sync")
    acks = [e for e in shown(b, shared)["办理过程"] if e["动作"] == "签收"]
    assert len(acks) == 2 and ["作废" in e for e in acks] == [False, True]
    assert "已于 2026-09-29 签收" in acks[1]["作废"]
    assert b("check").exit_code == 0


def test_two_extensions_stop_the_sync_and_keeping_one_side_leaves_one(clerks: tuple[Duban, Duban, str]) -> None:
    a, b, shared = clerks
    a.today = b.today = "2026-10-08"
    a("extend", shared, "--to", "2026-11-06", "--reason", "需协调", "--approved-by", "张强")
    b("extend", shared, "--to", "2026-11-13", "--reason", "需测算", "--approved-by", "李红")
    a("sync")
    stopped = b("sync", ok=False)
    assert stopped.exit_code == 1 and "2026-11-06" in stopped.stderr and "2026-11-13" in stopped.stderr
    b("sync", env={"DUBAN_MERGE_KEEP": "theirs"})
    case = shown(b, shared)
    assert case["办理时限"] == "2026-11-06"
    extensions = [e for e in case["办理过程"] if e["动作"] == "延期"]
    assert {e["延期至"]: "作废" in e for e in extensions} == {"2026-11-06": False, "2026-11-13": True}
    assert "保留共享仓库一方" in next(e["作废"] for e in extensions if "作废" in e)
    assert b("check").exit_code == 0
    a("sync")
    assert shown(a, shared)["办理时限"] == "2026-11-06"


def test_check_names_a_state_that_differs_from_the_events_and_recalc_writes_the_events(office: Duban) -> None:
    case_id = office.new("手工改了状态", "--lead-unit", "财政局")
    office("assign", case_id, "--deadline", "2026-10-30")
    path = office.file(case_id)
    path.write_text(path.read_text(encoding="utf-8").replace("状态: 办理中", "状态: 已办结"), encoding="utf-8")
    office.git("commit", "-qam", "手工改状态")
    result = office("check", ok=False)
    assert result.exit_code == 1
    assert "“状态”写的是“已办结”，按办理过程应为“办理中”" in result.stdout + result.stderr
    assert shown(office, case_id)["状态"] == "办理中"  # the events win everywhere
    assert "状态 已办结 → 办理中" in office("recalc").stdout
    assert "状态: 办理中" in path.read_text(encoding="utf-8")
    assert office("check").exit_code == 0


def test_a_file_merged_by_an_earlier_version_reads_as_its_events(office: Duban) -> None:
    """The earlier merge kept both lead units' final reports but left 状态 办理中 (the case stuck)."""
    case_id = office.new("两个主办单位", "--lead-unit", "财政局", "--lead-unit", "教育局")
    office("assign", case_id, "--deadline", "2026-10-30")
    office("report", case_id, "--unit", "财政局", "--signer", "钱正明", "--text", "已完成", "--final")
    path = office.file(case_id)
    text = path.read_text(encoding="utf-8")
    event = "  - {日期: 2026-09-28, 动作: 反馈, 经办人: 王芳, 单位: 区教育局, 办结: true}\n"
    report = "  - {日期: 2026-09-28, 单位: 区教育局, 签发人: 孙立, 办结: true, 内容: 已完成}\n"
    text = text.replace("办理报告:\n", event + "办理报告:\n") + report
    path.write_text(text, encoding="utf-8")
    office.git("commit", "-qam", "合并")
    assert "状态: 办理中" in text
    assert shown(office, case_id)["状态"] == "待审核"
    office("close", case_id)  # refused before: 当前状态为办理中
    assert "状态: 已办结" in path.read_text(encoding="utf-8")


def _case(*events: Event, lead: tuple[str, ...] = ("区财政局",)) -> Case:
    return Case(
        id="2026-0001",
        doc_number="督〔2026〕1号",
        title="事项",
        source=Source("领导批示"),
        lead_units=lead,
        registered=dt.date(2026, 9, 1),
        events=events,
    )


D = dt.date


def test_replay_derives_state_deadline_and_counts() -> None:
    case = _case(
        Event(D(2026, 9, 1), "立项", "李明"),
        Event(D(2026, 9, 1), "交办", "李明", extra=(("办理时限", D(2026, 9, 8)), ("时限工作日", 5))),
        Event(D(2026, 9, 9), "催办", "王芳", extra=(("次数", 1),)),
        Event(D(2026, 9, 9), "催办", "李明", extra=(("次数", 1),)),
        Event(D(2026, 9, 10), "延期", "李明", extra=(("原时限", D(2026, 9, 8)), ("延期至", D(2026, 9, 20)))),
        Event(D(2026, 9, 18), "反馈", "李明", extra=(("单位", "区财政局"), ("办结", True))),
        Event(D(2026, 9, 19), "催办", "王芳", extra=(("次数", 3),)),
        Event(D(2026, 9, 21), "办结", "李明", extra=(("按期", True),)),
    )
    done = replay(case, "合并后")
    got = done.case
    assert (got.status, got.assigned, got.deadline, got.deadline_days) == (
        "已办结",
        D(2026, 9, 1),
        D(2026, 9, 20),
        None,
    )
    assert [e.get("次数") for e in got.events if e.action == "催办"] == [1, 2]
    assert [(e.action, r) for e, r in done.voided] == [("催办", "合并后事项已在审核办结报告，不能催办")]
    # Written back, the void event stays where it was; read again, nothing changes.
    mapping = case_to_mapping(got)
    assert [e["动作"] for e in mapping["办理过程"]][6] == "催办" and "作废" in mapping["办理过程"][6]
    again = replay(got)
    assert again.case == got and again.voided == ()


def test_merge_of_two_clerks_events_is_the_same_whichever_side_merges() -> None:
    base = case_to_mapping(
        _case(
            Event(D(2026, 9, 1), "立项", "李明"),
            Event(D(2026, 9, 1), "交办", "李明", extra=(("办理时限", D(2026, 9, 8)),)),
        )._replace(status="办理中", assigned=D(2026, 9, 1), deadline=D(2026, 9, 8))
    )
    ours = {
        **base,
        "办理过程": base["办理过程"] + [{"日期": D(2026, 9, 9), "动作": "催办", "经办人": "王芳", "次数": 1}],
    }
    theirs = {
        **base,
        "办理过程": base["办理过程"]
        + [{"日期": D(2026, 9, 7), "动作": "反馈", "经办人": "李明", "单位": "区财政局", "办结": True}],
    }
    one, other = merge_cases(base, ours, theirs), merge_cases(base, theirs, ours)
    assert one.mapping["状态"] == other.mapping["状态"] == "待审核"
    assert one.mapping["办理过程"] == other.mapping["办理过程"]
    assert [v["动作"] for v in one.voided] == ["催办"] and one.conflicts == []


def test_a_case_registered_in_error_is_voided_and_counts_nowhere(office: Duban) -> None:
    kept = office.new("老旧小区改造", "--lead-unit", "财政局")
    twice = office.new("老旧小区改造", "--lead-unit", "财政局")
    for case_id in (kept, twice):
        office("assign", case_id, "--deadline", "2026-09-30")
    office.today = "2026-10-09"
    refused = office("void", twice, "--reason", "重复登记", "--approved-by", "", ok=False)
    assert refused.exit_code == 1 and "--approved-by" in refused.stderr
    assert (
        "已作废 2026-0002" in office("void", twice, "--reason", f"与 {kept} 重复登记", "--approved-by", "王建国").stdout
    )
    assert shown(office, twice)["状态"] == "已作废"
    figures = json.loads(office("stats", "--from", "2026-09-01", "--to", "2026-10-31", "--json").stdout)
    row = next(r for r in figures if r["单位"] == "区财政局")
    assert (row["交办"], row["逾期未办结"]) == (1, 1)  # the voided copy counts in no figure, unlike 终止
    assert twice not in office("overdue").stdout
    assert "已作废" in office("remind", twice, ok=False).stderr
    assert office.new("下一个事项") == "2026-0003"  # the number stays taken
    assert twice in office("list", "--status", "已作废").stdout
    assert office("check").exit_code == 0


def test_two_progress_reports_alike_on_one_day_stay_two_after_a_merge() -> None:
    made = {"日期": D(2026, 9, 1), "动作": "立项", "经办人": "李明"}
    progress = {"日期": D(2026, 9, 2), "动作": "反馈", "经办人": "李明", "单位": "区财政局", "办结": False}
    reminder = {"日期": D(2026, 9, 3), "动作": "催办", "经办人": "王芳", "次数": 1}
    merged = merge_cases({"办理过程": [made]}, {"办理过程": [made, progress, progress]}, {"办理过程": [made, reminder]})
    assert [e["动作"] for e in merged.mapping["办理过程"]] == ["立项", "反馈", "反馈", "催办"]
