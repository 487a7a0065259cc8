"""The procedure from the command line: one commit per step, refusals that change nothing, the story in git."""

from __future__ import annotations

import json
import subprocess
from typing import Any

from conftest import GIT_ENV, Duban


def step(office: Duban, day: str, *args: str, ok: bool = True) -> str:
    office.today = day
    result = office(*args, ok=ok)
    return result.stdout + result.stderr


def shown(office: Duban, case_id: str) -> dict:  # type: ignore[type-arg]
    return json.loads(office("show", case_id, "--json").stdout)


def test_the_whole_path_from_registration_to_archive(office: Duban) -> None:
    office.today = "2026-09-25"
    case_id = office.new("老旧小区改造", "--lead-unit", "住建局", "--co-unit", "财政局")
    start = office.commits()
    step(office, "2026-09-28", "assign", case_id, "--days", "5")
    assert shown(office, case_id)["办理时限"] == "2026-10-10"
    step(office, "2026-09-29", "ack", case_id, "--unit", "住建局")
    step(office, "2026-09-29", "ack", case_id, "--unit", "区财政局")
    step(
        office, "2026-09-30", "report", case_id, "--unit", "住建局", "--signer", "赵永刚", "--text", "已完成", "--final"
    )
    assert shown(office, case_id)["状态"] == "待审核"
    step(office, "2026-10-08", "return", case_id, "--reason", "数据不准")
    step(office, "2026-10-09", "extend", case_id, "--to", "2026-10-16", "--reason", "补充测算", "--approved-by", "张强")
    step(
        office, "2026-10-15", "report", case_id, "--unit", "住建局", "--signer", "赵永刚", "--text", "已补充", "--final"
    )
    out = step(office, "2026-10-16", "close", case_id, "--approved-by", "张强")
    assert "按期办结" in out
    step(office, "2026-10-20", "archive", case_id)

    steps = ["交办", "签收", "签收", "反馈", "退回", "延期", "反馈", "办结", "归档"]
    assert office.commits() == start + len(steps)
    subjects = office.git("log", f"-{len(steps)}", "--reverse", "--format=%s").splitlines()
    assert [s.split(" ")[0] for s in subjects] == steps
    assert all(f" {case_id} " in s for s in subjects)
    final = shown(office, case_id)
    assert final["状态"] == "已归档"
    assert final["按期办结"] is True and final["退回次数"] == 1
    assert [e["动作"] for e in final["办理过程"]] == ["立项", *steps]

    log = json.loads(office("log", case_id, "--json").stdout)
    assert [e["动作"] for e in log] == ["立项", *steps]
    assert [e["日期"] for e in log][-2:] == ["2026-10-16", "2026-10-20"]
    extension = next(e for e in log if e["动作"] == "延期")
    assert "办理时限 2026-10-10 → 2026-10-16" in extension["改动"]
    assert all(e["经办人"] == "李明" for e in log)


def test_illegal_steps_exit_1_and_change_nothing(office: Duban) -> None:
    pending = office.new("待交办事项", "--lead-unit", "财政局")
    done = office.new("已终止事项", "--lead-unit", "财政局")
    step(office, "2026-09-28", "terminate", done, "--reason", "项目取消", "--approved-by", "王建国")
    cases = [
        (["close", pending], "当前状态为“待交办”，不能办结"),
        (["report", done, "--unit", "财政局", "--signer", "钱正明", "--text", "x"], "不能反馈"),
        (["extend", done, "--to", "2026-12-01", "--reason", "x", "--approved-by", "王建国"], "不能延期"),
        (["ack", pending, "--unit", "财政局"], "不能签收"),
        (["return", pending, "--reason", "x"], "不能退回"),
        (["archive", pending], "不能归档"),
        (["remind", pending], "不能催办"),
    ]
    before = office.commits()
    files = {p: p.read_bytes() for p in (office.file(pending), office.file(done))}
    for args, message in cases:
        result = office(*args, ok=False)
        assert result.exit_code == 1, args
        assert message in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1
    assert office.commits() == before
    assert all(path.read_bytes() == content for path, content in files.items())
    assert office.git("status", "--porcelain") == ""


def test_a_batch_is_all_or_nothing_and_one_commit(office: Duban) -> None:
    first = office.new("一", "--lead-unit", "财政局")
    second = office.new("二", "--lead-unit", "教育局")
    step(office, "2026-09-28", "assign", first, "--deadline", "2026-09-30")
    step(office, "2026-09-28", "assign", second, "--deadline", "2026-10-09")
    before = office.commits()
    office.today = "2026-10-08"
    refused = office("remind", first, "2026-0099", ok=False)
    assert refused.exit_code == 1 and "2026-0099" in refused.stderr
    assert office.commits() == before
    assert "已催办 2026-0001（第 1 次）" in office("remind", "--overdue", "--note", "电话催办").stdout
    assert office.commits() == before + 1
    assert shown(office, second)["催办次数"] == 0  # due 10-09: not overdue on 10-08
    office.today = "2026-10-12"
    office("remind", "--overdue")
    message = office.git("log", "-1", "--format=%B")
    assert message.startswith("催办 2项 2026-0001 2026-0002")
    assert "Duban-Case: 2026-0001\nDuban-Case: 2026-0002\nDuban-Action: 催办" in message
    assert shown(office, first)["催办次数"] == 2


def test_archive_closed_before_a_date(office: Duban) -> None:
    ids = [office.new(f"事项{i}", "--lead-unit", "财政局") for i in range(3)]
    for case_id, day in zip(ids, ("2026-09-28", "2026-09-29", "2026-10-12"), strict=True):
        step(office, day, "terminate", case_id, "--reason", "合并办理", "--approved-by", "王建国")
    out = step(office, "2026-10-20", "archive", "--closed-before", "2026-10-01")
    assert "已归档 2 项：2026-0001、2026-0002" in out
    assert [shown(office, i)["状态"] for i in ids] == ["已归档", "已归档", "已终止"]


def test_report_warnings_do_not_refuse(office: Duban) -> None:
    case_id = office.new("某事项", "--lead-unit", "财政局")
    config = office.root / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "{名称: 区财政局, 简称: [财政局]}", "{名称: 区财政局, 简称: [财政局], 主要负责人: 钱正明}"
        ),
        encoding="utf-8",
    )
    office.git("commit", "-qam", "主要负责人")
    step(office, "2026-09-28", "assign", case_id)
    result = office("report", case_id, "--unit", "财政局", "--signer", "办公室主任", "--text", "字" * 1001)
    assert "报告 1001 字，超过一般性报告 1000 字的要求" in result.stderr
    assert "签发人“办公室主任”不是区财政局的主要负责人（钱正明）" in result.stderr
    assert len(shown(office, case_id)["办理报告"]) == 1


def test_assign_uses_the_config_rule_by_source_and_urgency(office: Duban) -> None:
    config = office.root / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "来源类别: {人大建议: 3个月, 政协提案: 3个月}", "来源类别: {人大建议: 60}"
        ),
        encoding="utf-8",
    )
    office.git("commit", "-qam", "规则")
    office.today = "2026-09-28"
    deputy = office("new", "--title", "建议", "--source-kind", "人大建议", "--lead-unit", "交通局").stdout.split()[0]
    urgent = office(
        "new", "--title", "急件", "--source-kind", "人大建议", "--urgency", "特急", "--lead-unit", "交通局"
    ).stdout.split()[0]
    plain = office.new("一般", "--lead-unit", "交通局")
    for case_id in (deputy, urgent, plain):
        office("assign", case_id)
    assert shown(office, urgent)["办理时限"] == "2026-09-28"
    assert shown(office, plain)["办理时限"] == "2026-10-10"
    assert shown(office, deputy)["时限工作日"] == 60


def test_sub_cases_show_progress_and_hold_the_parent_open(office: Duban) -> None:
    parent = office.new("总体方案", "--lead-unit", "发改局")
    child = office.new("分项一", "--lead-unit", "财政局", "--parent", parent)
    step(office, "2026-09-28", "assign", parent, "--days", "5")
    step(office, "2026-09-28", "assign", child, "--days", "3")
    step(office, "2026-09-29", "report", parent, "--unit", "发改局", "--signer", "周建华", "--text", "完成", "--final")
    assert shown(office, parent)["子事项"] == [{"编号": child, "状态": "办理中"}]
    assert f"子事项  {child} 办理中" in office("show", parent).stdout
    refused = office("close", parent, ok=False)
    assert refused.exit_code == 1 and f"还有未办结的子事项：{child}" in refused.stderr
    step(office, "2026-09-30", "report", child, "--unit", "财政局", "--signer", "钱正明", "--text", "完成", "--final")
    step(office, "2026-09-30", "close", child)
    step(office, "2026-09-30", "close", parent)
    assert shown(office, parent)["状态"] == "已办结"


def test_restricted_cases_show_only_number_and_units_to_outsiders(office: Duban) -> None:
    config = office.root / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("经办人: []", "经办人: [李明, 王芳, 赵敏]"), encoding="utf-8"
    )
    office.git("commit", "-qam", "经办人")
    case_id = office.new(
        "某企业信访化解", "--lead-unit", "人社局", "--restricted-to", "李明", "--content", "涉及个人信息"
    )
    assert "受控事项" in office.git("log", "-1", "--format=%s")
    assert shown(office, case_id)["标题"] == "某企业信访化解"
    office.by = "赵敏"
    seen = shown(office, case_id)
    assert seen["标题"] == "受控事项" and seen["督办内容"] == ""
    assert seen["主办单位"] == ["区人力资源和社会保障局"] and seen["编号"] == case_id
    listed = json.loads(office("list", "--json").stdout)
    assert [c["标题"] for c in listed] == ["受控事项"]
    assert json.loads(office("list", "--json", "--search", "信访").stdout) == []
    assert "某企业信访化解" not in office("show", case_id).stdout
    assert "某企业信访化解" not in office("log", case_id).stdout


def test_git_is_asked_who_reads_only_when_a_case_is_restricted(office: Duban, monkeypatch: Any) -> None:
    """Without --by, at a terminal, the reader is git's user.name; asking git costs a process, so
    list and show ask only when a case they print has a 知情范围."""
    from duban.audit import git as git_module
    from duban.cli import root

    monkeypatch.setattr(root, "attended", lambda: True)  # a clerk at a terminal (tests/test_readers.py: cron)

    open_case = office.new("某事项", "--lead-unit", "财政局")
    asked: list[str] = []

    def git_user(root: Any) -> str:
        asked.append(str(root))
        return reader

    reader = "赵敏"
    monkeypatch.setattr(git_module, "configured_user_name", git_user)
    office.by = ""
    for args in (["show", open_case], ["list"], ["list", "--status", "在办"], ["log", open_case]):
        office(*args)
    assert asked == []
    config = office.root / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("经办人: []", "经办人: [李明, 王芳, 赵敏]"), encoding="utf-8"
    )
    office.git("commit", "-qam", "经办人")
    office.by = "李明"
    secret = office.new("某企业信访化解", "--lead-unit", "人社局", "--restricted-to", "李明")
    office.by = ""
    assert shown(office, secret)["标题"] == "受控事项" and asked
    assert "受控事项" in office("list").stdout
    reader = "李明"
    assert shown(office, secret)["标题"] == "某企业信访化解"
    assert "某企业信访化解" in office("list", "--status", "在办").stdout


def test_undo_reverts_the_last_step_with_a_new_commit(office: Duban) -> None:
    case_id = office.new("某事项", "--lead-unit", "财政局")
    step(office, "2026-09-28", "assign", case_id, "--days", "5")
    step(office, "2026-09-29", "remind", case_id)
    before = office.commits()
    out = office("undo").stdout
    assert f"已撤销 {case_id} 的“催办”" in out
    assert office.commits() == before + 1
    assert office.git("log", "-1", "--format=%s").strip() == f"撤销 {case_id} 催办 某事项"
    assert shown(office, case_id)["催办次数"] == 0
    office("undo")
    assert shown(office, case_id)["状态"] == "待交办"
    assert "Duban-Undoes:" in office.git("log", "-1", "--format=%B")
    assert [s.split()[0] for s in office.git("log", "--format=%s").splitlines()][:4] == ["撤销", "撤销", "催办", "交办"]


def test_undo_refuses_a_change_already_on_the_remote(office: Duban, tmp_path: object) -> None:
    from pathlib import Path

    remote = Path(str(tmp_path)) / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True, env=GIT_ENV)
    case_id = office.new("某事项", "--lead-unit", "财政局")
    office.git("remote", "add", "origin", str(remote))
    office.git("push", "-q", "origin", "HEAD:main")
    office.git("fetch", "-q", "origin")
    before = office.commits()
    result = office("undo", ok=False)
    assert result.exit_code == 1 and "已推送到共享仓库，不能撤销" in result.stderr
    assert office.commits() == before
    assert shown(office, case_id)["状态"] == "待交办"


def test_log_shows_hand_edits_among_the_steps(office: Duban) -> None:
    case_id = office.new("某事项", "--lead-unit", "财政局")
    path = office.file(case_id)
    path.write_text(path.read_text(encoding="utf-8").replace("批示领导: null", "批示领导: 张强"), encoding="utf-8")
    step(office, "2026-09-28", "assign", case_id, "--days", "5")  # records the hand edit first
    log = json.loads(office("log", case_id, "--json").stdout)
    assert [e["动作"] for e in log] == ["立项", "手工修改", "交办"]
    assert log[1]["改动"] == ["批示领导 空 → 张强"]
    assert "交办日期 空 → 2026-09-28" in log[2]["改动"]
