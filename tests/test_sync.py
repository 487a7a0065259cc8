"""Several clerks, one office: two clones and a bare remote, offline work, sync in turn."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import GIT_ENV, Duban

from duban.merge import merge_mappings


def files(clerk: Duban) -> dict[str, str]:
    return {
        str(p.relative_to(clerk.root)): p.read_text(encoding="utf-8")
        for p in sorted((clerk.root / "cases").rglob("*.yaml"))
    }


def test_two_clerks_offline_then_in_turn(two_clerks: tuple[Duban, Duban, str]) -> None:
    a, b, shared = two_clerks
    a.today = b.today = "2026-10-09"
    first = a.new("甲新立项", "--lead-unit", "教育局")
    second = b.new("乙新立项", "--lead-unit", "民政局")
    child = b.new("乙的子事项", "--lead-unit", "民政局", "--parent", second)
    assert first == second == "2026-0002"
    a("remind", shared, "--note", "电话催办")
    b("report", shared, "--unit", "财政局", "--signer", "钱正明", "--text", "正在办理")

    a("sync")
    out = b("sync").stdout
    assert "本地新立项的 2026-0002 与共享仓库重号，已改为 2026-0004（文号 督〔2026〕4号）" in out
    assert "本地新立项的 2026-0003" not in out
    a("sync")

    assert files(a) == files(b)
    titles = {json.loads(a("show", i, "--json").stdout)["标题"] for i in ("2026-0002", "2026-0003", "2026-0004")}
    assert titles == {"甲新立项", "乙的子事项", "乙新立项"}
    assert json.loads(b("show", child, "--json").stdout)["上级事项"] == "2026-0004"
    assert json.loads(b("show", "2026-0004", "--json").stdout)["文号"] == "督〔2026〕4号"
    case = json.loads(a("show", shared, "--json").stdout)
    assert [e["动作"] for e in case["办理过程"]] == ["立项", "交办", "反馈", "催办"] or [
        e["动作"] for e in case["办理过程"]
    ] == ["立项", "交办", "催办", "反馈"]
    assert len(case["办理报告"]) == 1 and case["催办次数"] == 1
    for clerk in (a, b):
        assert clerk("check").exit_code == 0
        assert not any("<<<<<<<" in text or ">>>>>>>" in text for text in files(clerk).values())
        assert clerk.git("status", "--porcelain") == ""
    assert "重新编号" in b.git("log", "--format=%s")


def test_the_same_field_changed_differently_stops_and_changes_nothing(two_clerks: tuple[Duban, Duban, str]) -> None:
    a, b, shared = two_clerks
    a.today = b.today = "2026-10-08"
    a("extend", shared, "--to", "2026-10-20", "--reason", "需协调", "--approved-by", "张强")
    b("extend", shared, "--to", "2026-10-30", "--reason", "需测算", "--approved-by", "李红")
    a("sync")
    before = (b.git("rev-parse", "HEAD"), files(b))
    result = b("sync", ok=False)
    assert result.exit_code == 1
    assert f"事项 {shared} 的“办理时限”两边改得不一样" in result.stderr
    assert "本地没有任何改变" in result.stderr
    assert (b.git("rev-parse", "HEAD"), files(b)) == before
    assert b.git("status", "--porcelain") == ""
    assert json.loads(a("show", shared, "--json").stdout)["办理时限"] == "2026-10-20"


def test_an_unreachable_remote_loses_nothing(two_clerks: tuple[Duban, Duban, str], tmp_path: Path) -> None:
    a, _, _ = two_clerks
    a.new("离线立项")
    a.git("remote", "set-url", "origin", str(tmp_path / "no-such-remote.git"))
    before = a.git("rev-parse", "HEAD")
    result = a("sync", ok=False)
    assert result.exit_code == 1 and "无法连接共享仓库 origin" in result.stderr and "本地的记录都还在" in result.stderr
    assert a.git("rev-parse", "HEAD") == before


def test_sync_refuses_uncommitted_edits(two_clerks: tuple[Duban, Duban, str]) -> None:
    a, _, shared = two_clerks
    path = a.file(shared)
    path.write_text(path.read_text(encoding="utf-8") + "# 手工备注\n", encoding="utf-8")
    result = a("sync", ok=False)
    assert result.exit_code == 1 and "有未提交的修改" in result.stderr


def test_init_installs_the_merge_driver(office: Duban) -> None:
    attributes = (office.root / ".gitattributes").read_text(encoding="utf-8")
    assert attributes == "cases/**/*.yaml merge=duban\ncases/*/.retired merge=union\n"
    assert "merge-file %O %A %B %P" in office.git("config", "merge.duban.driver")


def test_structural_merge_rules() -> None:
    base = {"标题": "x", "办理时限": 1, "办理过程": [{"日期": "2026-01-01", "动作": "立项"}]}
    ours = {**base, "办理过程": base["办理过程"] + [{"日期": "2026-01-03", "动作": "催办"}], "标题": "改了"}
    theirs = {**base, "办理过程": base["办理过程"] + [{"日期": "2026-01-02", "动作": "反馈"}], "办理时限": 2}
    merged, conflicts = merge_mappings(base, ours, theirs)
    assert conflicts == []
    assert merged["标题"] == "改了" and merged["办理时限"] == 2
    assert [e["动作"] for e in merged["办理过程"]] == ["立项", "反馈", "催办"]
    _, conflicts = merge_mappings(base, {**base, "标题": "甲"}, {**base, "标题": "乙"})
    assert [(c.field, c.ours, c.theirs) for c in conflicts] == [("标题", "甲", "乙")]
    # A field the events decide is never a conflict of its own: the replay of the union sets it.
    assert merge_mappings(base, {**base, "办理时限": 3}, {**base, "办理时限": 4})[1] == []
    assert merge_mappings(base, {**base, "标题": "甲"}, {**base, "标题": "乙"}, keep="theirs")[0]["标题"] == "乙"


def test_cron_and_a_clerk_at_once_lose_nothing(office: Duban) -> None:
    """duban overdue --remind (cron) and duban report (a clerk) on one clone at once: ten rounds in
    make test, a hundred in make stress (DUBAN_STRESS=1)."""
    office.today = "2026-09-01"
    late = office.new("逾期事项", "--lead-unit", "财政局")
    office("assign", late, "--deadline", "2026-09-02")
    busy = office.new("在办事项", "--lead-unit", "教育局")
    office("assign", busy, "--deadline", "2027-06-30")
    base = ["--repo", str(office.root), "--by", "李明"]
    rounds = 100 if os.environ.get("DUBAN_STRESS") else 10
    for index in range(rounds):
        day = f"--as-of=2026-{9 + (index + 2) // 30:02d}-{(index + 2) % 30 + 1:02d}"
        cron = subprocess.Popen([sys.executable, "-m", "duban", *base, day, "overdue", "--remind", "--quiet"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=GIT_ENV)  # fmt: skip
        clerk = subprocess.Popen([sys.executable, "-m", "duban", *base, day, "report", busy, "--unit", "教育局",
                                  "--signer", "吴晓梅", "--text", f"第{index}次进展"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=GIT_ENV)  # fmt: skip
        for process in (cron, clerk):
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, err.decode("utf-8")
    reminded = json.loads(office("show", late, "--json").stdout)
    reported = json.loads(office("show", busy, "--json").stdout)
    assert reminded["催办次数"] == rounds
    assert len(reported["办理报告"]) == rounds
    assert {r["内容"] for r in reported["办理报告"]} == {f"第{i}次进展" for i in range(rounds)}
    assert office.git("status", "--porcelain") == ""
    assert office.commits() == 5 + 2 * rounds
    assert office("check").exit_code == 0
