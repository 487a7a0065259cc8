"""Review of issue 29 (part a and b): several leaders, 密级, 督查, 问责, 提醒."""

from __future__ import annotations

import json

from conftest import Duban


def at(office: Duban, day: str, *args: str, ok: bool = True) -> str:
    office.today = day
    result = office(*args, ok=ok)
    return result.stdout + result.stderr


def assigned(office: Duban, deadline: str = "2026-09-15", *extra: str) -> str:
    office.today = "2026-09-01"
    case = office.new("某督办事项", "--lead-unit", "财政局", *extra)
    office("assign", case, "--deadline", deadline)
    return case


def test_check_names_an_inspection_way_and_a_finding_it_does_not_know(office: Duban) -> None:
    """A hand-edited 督查 with 方式: 飞行 or 发现问题: 也许 is named by check, as 测评's 结果 is."""
    case = assigned(office)
    at(office, "2026-09-03", "inspect", case, "--way", "暗访", "--findings", "x", "--problem")
    path = office.file(case)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("方式: 暗访", "方式: 飞行").replace("发现问题: true", "发现问题: 也许"), encoding="utf-8"
    )
    office.git("commit", "-qam", "手工修改")
    result = office("check", ok=False)
    out = result.stdout + result.stderr
    assert result.exit_code == 1 and "飞行" in out and "也许" in out


def test_a_hand_written_list_of_names_in_an_event_is_hidden_from_an_outsider(office: Duban) -> None:
    """知情范围: a follow-up 批示 written by hand with several leaders (领导: [王建国, 李红]) names people:
    an outsider sees the step, not the names (as log already hides every list but 单位)."""
    case = assigned(office, "2026-09-15", "--restricted-to", "李明")
    at(office, "2026-09-03", "instruct", case, "--leader", "王建国", "--text", "抓紧办理")
    path = office.file(case)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("领导: 王建国", "领导: [王建国, 李红]"), encoding="utf-8")
    office.git("commit", "-qam", "手工修改")
    office.by = "王芳"
    shown = at(office, "2026-09-04", "show", case, "--json")
    assert "王建国" not in shown and "李红" not in shown
    assert json.loads(shown)["办理过程"][-1]["动作"] == "批示"


def test_a_rectification_report_after_the_lead_unit_declined_counts_as_the_command_said(office: Duban) -> None:
    """An inspection's 整改, then the lead unit's 退办 (back to 待交办): report --rectification by the
    co-unit is accepted by the command (a rectification answers in any state but 已归档), so the replay
    must count it too: 整改逾期 cleared, check passing, not a 反馈 voided as 事项尚未交办."""
    case = assigned(office, "2026-10-30", "--co-unit", "教育局")
    at(office, "2026-09-03", "inspect", case, "--way", "实地督查", "--findings", "台账缺失", "--problem", "--rectify")
    at(office, "2026-09-04", "decline", case, "--unit", "财政局", "--reason", "不属于本单位职责")
    at(office, "2026-09-04", "report", case, "--unit", "教育局", "--signer", "钱正明", "--text", "已补齐",
       "--rectification")  # fmt: skip
    assert "[整改逾期]" not in at(office, "2026-09-14", "overdue", "--format", "plain")
    assert "检查通过" in at(office, "2026-09-14", "check")
