"""Nothing lost, nothing stuck, nothing leaked: each defect found by killing, racing, fuzzing and
reading as an outsider, reproduced here. The long runs (every kill point of every command, a
50-process race, thousands of fuzzed inputs) are in tests/stress/ (make stress)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import fakegit
import pytest
from conftest import GIT_ENV, HERE, Duban

from duban.merge import merge_mappings

# -- crash safety -------------------------------------------------------------------------------------


def _env(office: Duban) -> dict[str, str]:
    return {**GIT_ENV, "DUBAN_REPO": str(office.root), "DUBAN_TODAY": office.today}


def _fsck(office: Duban) -> None:
    subprocess.run(["git", "fsck", "--no-dangling"], cwd=office.root, check=True, capture_output=True)


def test_a_kill_at_the_commit_is_completed_with_the_original_operator(office: Duban, tmp_path: Path) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    fake = fakegit.install(tmp_path / "fake")
    killed, _ = fakegit.run_killed(
        ["--by", "王芳", "assign", case, "--days", "5"], office.root, fake, _env(office), on="commit"
    )
    assert killed
    assert (office.root / ".duban" / "journal.json").exists()
    result = office("new", "--title", "下一个事项", "--source-kind", "会议议定")  # 李明's command recovers first
    assert "上次被中断的“交办 2026-0001 某事项”已补完提交（经办人 王芳）" in result.stderr
    log = office.git("log", "--format=%an %s").splitlines()
    assert log[:2] == ["李明 立项 2026-0002 下一个事项", "王芳 交办 2026-0001 某事项"]
    assert office("check").exit_code == 0 and office.git("status", "--porcelain") == ""
    _fsck(office)


def test_a_kill_before_every_file_is_written_puts_them_back(office: Duban, tmp_path: Path) -> None:
    first = office.new("甲", "--lead-unit", "财政局")
    second = office.new("乙", "--lead-unit", "财政局")
    for case in (first, second):
        office("assign", case, "--days", "5")
    before = {p.name: p.read_text(encoding="utf-8") for p in (office.root / "cases" / "2026").glob("*.yaml")}
    # A journal that names both files, with the first written and the second not: as if killed between.
    from duban.store import Office
    from duban.usecases.recording import _digest

    store = Office(office.root)
    new_first = before[f"{first}.yaml"].replace("报告周期: 无", "报告周期: 每周")
    store.write_journal(
        {
            "起点": office.git("rev-parse", "HEAD").strip(),
            "经办人": "王芳",
            "提交说明": "催办 2项 …\n",
            "文件": {f"cases/2026/{first}.yaml": _digest(new_first), f"cases/2026/{second}.yaml": _digest("x")},
        }
    )
    office.file(first).write_text(new_first, encoding="utf-8")
    result = office("remind", first)
    assert "没有写完，已恢复原状" in result.stderr
    assert json.loads(office("show", first, "--json").stdout)["报告周期"] == "无"
    assert office.git("status", "--porcelain") == ""


def test_a_stale_git_lock_of_a_killed_duban_is_removed(office: Duban, tmp_path: Path) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    fake = fakegit.install(tmp_path / "fake")
    killed, _ = fakegit.run_killed(
        ["--by", "王芳", "assign", case, "--days", "5"], office.root, fake, _env(office), on="add", mode="lock"
    )
    assert killed and (office.root / ".git" / "index.lock").exists()
    result = office("remind", case)  # the files were written: the assign is completed, then the remind
    assert "已清除被中断的 duban 命令" in result.stderr and ".git/index.lock" in result.stderr
    assert "已补完提交（经办人 王芳）" in result.stderr
    assert not (office.root / ".git" / "index.lock").exists()
    assert office.git("log", "--format=%s").splitlines()[:2] == ["催办 2026-0001 某事项", "交办 2026-0001 某事项"]
    _fsck(office)


def test_a_git_lock_of_someone_else_is_named_not_removed(office: Duban, monkeypatch: pytest.MonkeyPatch) -> None:
    from duban.usecases import recording

    monkeypatch.setattr(recording, "GIT_LOCK_WAIT_SECONDS", 0.2)
    lock = office.root / ".git" / "index.lock"
    lock.write_text("", encoding="utf-8")
    before = office.commits()
    result = office("new", "--title", "某事项", "--source-kind", "会议议定", ok=False)
    assert result.exit_code == 1 and ".git/index.lock" in result.stderr and "另有 git 程序" in result.stderr
    assert lock.exists() and office.commits() == before


def test_leftover_temporary_files_are_cleaned_up(office: Duban) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    leftover = office.root / "cases" / "2026" / f".{case}.yaml.12345.abcd.tmp"
    leftover.write_text("半个文件", encoding="utf-8")
    result = office("assign", case, "--days", "5")
    assert not leftover.exists() and "临时文件" in result.stderr


def test_a_failed_undo_never_touches_a_staged_edit_and_hand_edits_are_not_undone(office: Duban) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    path = office.file(case)
    path.write_text(path.read_text(encoding="utf-8").replace("批示领导: null", "批示领导: 张强"), encoding="utf-8")
    office("assign", case, "--days", "5")  # commits the hand edit first, then the assign
    config = office.root / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "# 待提交的说明\n", encoding="utf-8")
    office.git("add", "config.yaml")
    assert "已撤销 2026-0001 的“交办”" in office("undo").stdout
    refused = office("undo", ok=False)  # the next step back would cross the hand edit
    assert refused.exit_code == 1 and "又有改动" in refused.stderr
    assert "M  config.yaml" in office.git("status", "--porcelain")  # still staged, untouched
    assert "手工修改" in office.git("log", "-1", "--skip=2", "--format=%s")
    assert "批示领导: 张强" in path.read_text(encoding="utf-8")


# -- races --------------------------------------------------------------------------------------------


def test_two_cron_jobs_at_once_remind_a_case_once_a_day(office: Duban) -> None:
    office.today = "2026-09-01"
    late = office.new("逾期事项", "--lead-unit", "财政局")
    office("assign", late, "--deadline", "2026-09-02")
    base = [sys.executable, "-m", "duban", "--repo", str(office.root), "--by", "李明", "--as-of", "2026-09-10"]
    jobs = [
        subprocess.Popen([*base, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=GIT_ENV)
        for args in (["overdue", "--remind", "--quiet"],) * 4 + (["remind", "--overdue"],) * 2
    ]
    for job in jobs:
        _, err = job.communicate(timeout=120)
        assert job.returncode == 0, err.decode("utf-8")
    assert json.loads(office("show", late, "--json").stdout)["催办次数"] == 1


def test_sync_renumbers_a_parent_and_its_children_together(office: Duban, tmp_path: Path) -> None:
    remote = tmp_path / "shared.git"
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", str(remote)], check=True, env=GIT_ENV)
    office.git("remote", "add", "origin", str(remote))
    office("sync")
    subprocess.run(["git", "clone", "-q", str(remote), str(tmp_path / "b")], check=True, env=GIT_ENV)
    other = Duban(tmp_path / "b", by="王芳")
    office.new("甲一")
    office.new("甲二")
    parent = other.new("乙的上级事项")
    child = other.new("乙的子事项", "--parent", parent)
    assert (parent, child) == ("2026-0001", "2026-0002")
    office("sync")
    out = other("sync").stdout
    assert "2026-0001 与共享仓库重号，已改为 2026-0003" in out and "2026-0002 与共享仓库重号，已改为 2026-0004" in out
    renumbered = json.loads(other("show", "2026-0004", "--json").stdout)
    assert renumbered["标题"] == "乙的子事项" and renumbered["上级事项"] == "2026-0003"
    assert other("check").exit_code == 0


def test_the_merge_keeps_an_event_deleted_on_one_side_deleted() -> None:
    made = {"日期": "2026-09-01", "动作": "立项", "经办人": "李明"}
    wrong = {"日期": "2026-09-02", "动作": "催办", "经办人": "李明", "次数": 1}
    base = {"办理过程": [made, wrong]}
    ours = {"办理过程": [made]}  # deleted by hand, committed
    theirs = {"办理过程": [made, wrong, {"日期": "2026-09-03", "动作": "催办", "经办人": "王芳", "次数": 2}]}
    merged, conflicts = merge_mappings(base, ours, theirs)
    assert conflicts == []
    assert [e["动作"] for e in merged["办理过程"]] == ["立项", "催办"]
    assert merged["办理过程"][1]["经办人"] == "王芳"
    both = merge_mappings(
        {"办理过程": [made]},
        {"办理过程": [made, {"日期": "2026-09-05", "动作": "催办", "经办人": "李明", "次数": 1}]},
        {"办理过程": [made, {"日期": "2026-09-04", "动作": "催办", "经办人": "王芳", "次数": 1}]},
    )[0]
    assert [e["经办人"] for e in both["办理过程"]] == ["李明", "王芳", "李明"]
    # The running counts (次数) are the replay's, once the union is a case: test_events.py.


# -- bad files and bad input ----------------------------------------------------------------------------


def _broken(office: Duban) -> Path:
    path = office.root / "cases" / "2026" / "2026-0002.yaml"
    path.write_text("编号: 2026-0002\n标题: [未闭合\n", encoding="utf-8")
    return path


def test_a_broken_case_file_is_named_never_silently_left_out(office: Duban, tmp_path: Path) -> None:
    office.today = "2026-09-01"
    late = office.new("逾期事项", "--lead-unit", "财政局")
    office("assign", late, "--deadline", "2026-09-02")
    _broken(office)
    office.today = "2026-10-01"
    for args in (
        ["list"],
        ["stats"],
        ["export", str(tmp_path / "台账.xlsx")],
        ["dashboard", "-o", str(tmp_path / "看板.html")],
        ["bulletin", "--from", "2026-09-01", "--to", "2026-09-30", "-o", "-"],
    ):
        result = office(*args)
        assert "cases/2026/2026-0002.yaml:3: YAML 格式错误" in result.stderr and "本次未计入" in result.stderr, args
    result = subprocess.run(
        [sys.executable, "-m", "duban", "--repo", str(office.root), "--as-of", "2026-10-01", "overdue", "--quiet"],
        capture_output=True, text=True, env=GIT_ENV,
    )  # fmt: skip
    assert result.returncode == 1
    assert "cases/2026/2026-0002.yaml:3:" in result.stderr and "本次未计入" in result.stderr
    assert "2026-0001" in result.stdout  # what could be read is still reported


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("编号: 2026-0002\n标题: " + "[" * 5000 + "]" * 5000 + "\n", "嵌套"),
        (
            "编号: 2026-0002\n标题: x\n办理过程:\n  - &a {日期: 2026-09-01, 动作: 立项, 经办人: [*a, *a]}\n",
            "锚点和别名",
        ),
        ('编号: 2026-0002\n标题: "有\\x07响铃"\n', "控制字符"),
        ("编号: 2026-0002\n标题: " + "长" * 300 + "\n", "超过 200 字"),
    ],
)
def test_hostile_case_files_are_problems_not_tracebacks(office: Duban, text: str, message: str) -> None:
    (office.root / "cases" / "2026").mkdir(parents=True, exist_ok=True)
    (office.root / "cases" / "2026" / "2026-0002.yaml").write_text(text, encoding="utf-8")
    checked = office("check", ok=False)
    assert checked.exit_code == 1 and message in checked.stdout
    for args in (["list"], ["overdue", "--format", "plain"], ["show", "2026-0002"]):
        result = office(*args, ok=False)
        assert "Traceback" not in result.stderr and "内部错误" not in result.stderr, (args, result.stderr)


def test_a_symlinked_case_file_is_refused(office: Duban, tmp_path: Path) -> None:
    outside = tmp_path / "别处.yaml"
    outside.write_text("编号: 2026-0001\n", encoding="utf-8")
    (office.root / "cases" / "2026").mkdir(parents=True, exist_ok=True)
    (office.root / "cases" / "2026" / "2026-0001.yaml").symlink_to(outside)
    assert "符号链接" in office("check", ok=False).stdout
    assert "符号链接" in office("show", "2026-0001", ok=False).stderr


def test_a_corrupted_cache_is_rebuilt(office: Duban) -> None:
    office.new("某事项")
    office("list")
    for name in ("config.pickle", "index.marshal"):
        (office.root / ".duban" / name).write_bytes(os.urandom(200))
    for shard in (office.root / ".duban" / "cache").glob("*.pickle"):
        shard.write_bytes(b"\x80\x05garbage")
    import pickle

    assert "2026-0001" in office("list").stdout
    (office.root / ".duban" / "config.pickle").write_bytes(pickle.dumps(("a", "b", "c")))
    assert "2026-0001" in office("list").stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["show", "2026-0²"], 1),
        (["show", "２０２６-0001"], 1),
        (["new", "--title", "某事项", "--source-kind", "会议议定", "--days", "-1"], 2),
        (["new", "--title", "某事项", "--source-kind", "会议议定", "--days", "100000000"], 2),
        (["workdays", "9999-12-30", "5"], 2),
        (["workdays", "2026-01-01", "100000000"], 2),
        (["render", "reminder", "2026-0001", "--reply-days", "-5"], 2),
        (["overdue", "--within", "99999999"], 2),
        (["new", "--title", "有\x1b[31m颜色", "--source-kind", "会议议定"], 1),
        (["new", "--title", "两\n行", "--source-kind", "会议议定"], 1),
    ],
)
def test_hostile_arguments_get_one_line(office: Duban, args: list[str], code: int) -> None:
    result = office(*args, ok=False)
    assert result.exit_code == code, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert "内部错误" not in result.stderr


def test_a_number_format_with_a_spec_is_refused_by_check(office: Duban) -> None:
    config = office.root / "config.yaml"
    for fmt in ("督{序号:s}号", "{序号:>200000000}", "{序号!r}"):
        config.write_text(
            config.read_text(encoding="utf-8").replace("文号格式: 督〔{年}〕{序号}号", f"文号格式: '{fmt}'"),
            encoding="utf-8",
        )
        assert "文号格式" in office("check", ok=False).stdout
        config.write_text(
            config.read_text(encoding="utf-8").replace(f"文号格式: '{fmt}'", "文号格式: 督〔{年}〕{序号}号"),
            encoding="utf-8",
        )


def test_a_step_dated_after_today_is_pointed_out_by_check(office: Duban) -> None:
    """A year typed wrong by hand (2062 for 2026) puts a step in the future: check passes, but names
    the file, the line and the date. (A 交办 typed so would also move 交办日期, which check names.)"""
    case = office.new("路灯改造", "--lead-unit", "财政局")
    office("assign", case, "--deadline", "2026-10-30")
    office("ack", case, "--unit", "财政局")
    path = office.root / "cases" / "2026" / f"{case}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("日期: 2026-09-28, 动作: 签收") == 1
    path.write_text(text.replace("日期: 2026-09-28, 动作: 签收", "日期: 2062-09-28, 动作: 签收"), encoding="utf-8")
    result = office("check")
    line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "2062-09-28" in t)
    assert f"{case}.yaml:{line}" in result.stderr
    assert "办理过程第3项的日期 2062-09-28 晚于今天（2026-09-28）" in result.stderr
    assert "检查通过" in result.stdout
    office.today = "2062-10-01"  # rerun as of a later day (--as-of): nothing to point out
    assert "晚于今天" not in office("check").stderr
    path.write_text(text.replace("日期: 2026-09-28, 动作: 交办", "日期: 2062-09-28, 动作: 交办"), encoding="utf-8")
    assert "“交办日期”写的是“2026-09-28”，按办理过程应为“2062-09-28”" in office("check", ok=False).stdout


def test_a_year_goes_on_past_9999_and_sorts_by_number(office: Duban) -> None:
    retired = office.root / "cases" / "2026" / ".retired"
    retired.parent.mkdir(parents=True, exist_ok=True)
    retired.write_text("2026-9999\n", encoding="utf-8")
    office.git("add", "cases/2026/.retired")
    office.git("commit", "-q", "-m", "编号")
    office.new("第一个")  # 2026-10000
    low = office.root / "cases" / "2026" / "2026-0002.yaml"
    low.write_text(office.file("2026-10000").read_text(encoding="utf-8").replace("10000", "0002"), encoding="utf-8")
    low.write_text(low.read_text(encoding="utf-8").replace("督〔2026〕0002号", "督〔2026〕2号"), encoding="utf-8")
    ids = [line.split("\t")[0] for line in office("list").stdout.splitlines()]
    assert ids == ["2026-0002", "2026-10000"]
    assert json.loads(office("show", "2026-10000", "--json").stdout)["文号"] == "督〔2026〕10000号"


def test_imports_take_control_characters_out(office: Duban, tmp_path: Path) -> None:
    table = tmp_path / "表.csv"
    table.write_text('工作任务,牵头单位\n"完成\x07改造\n第二行",住建局\n', encoding="utf-8")
    office.today = "2026-09-15"
    office("import", "table", str(table))
    case = json.loads(office("show", "2026-0001", "--json").stdout)
    assert case["标题"] == "完成改造" and case["督办内容"] == "完成改造\n第二行\n"
    assert office("check").exit_code == 0


# -- injection ------------------------------------------------------------------------------------------


def test_formulas_in_titles_stay_text_in_csv_and_xlsx(office: Duban, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    office.today = "2026-09-01"
    case = office.new('=HYPERLINK("http://x","点我")', "--lead-unit", "财政局")
    office("assign", case, "--deadline", "2026-09-02")
    office("export", str(tmp_path / "台账.csv"))
    assert "'=HYPERLINK" in (tmp_path / "台账.csv").read_text(encoding="utf-8-sig")
    office("export", str(tmp_path / "台账.xlsx"))
    cell = load_workbook(tmp_path / "台账.xlsx")["督办台账"]["C2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    office.today = "2026-09-10"
    assert "'=HYPERLINK" in office("overdue", "--format", "csv").stdout


def test_markdown_in_user_text_is_data_in_documents(office: Duban, tmp_path: Path) -> None:
    from duban.render.blocks import blocks

    plain = office.new("普通标题", "--lead-unit", "财政局", "--content", "甲\n乙\n丙\n\n丁", "--leader", "张")
    office("assign", plain, "--days", "5")
    forged = office.new(
        "--- 伪造",
        "--lead-unit",
        "财政局",
        "--content",
        "# 假机关\n---\n| 单位 | 交办 |\n\n## 假标题",
        "--leader",
        "|张|",
    )
    office("assign", forged, "--days", "5")
    kinds = [b.kind for b in blocks(office("render", "notice", plain, "-o", "-").stdout)]
    shown = blocks(office("render", "notice", forged, "-o", "-").stdout)
    assert [b.kind for b in shown] == kinds
    texts = [b.text for b in shown]
    assert "# 假机关" in texts and "## 假标题" in texts and "| 单位 | 交办 |" in texts
    office("render", "notice", forged, "--format", "html", "-o", str(tmp_path / "n.html"))
    assert '<h2 class="title">政务督办通知</h2>' in (tmp_path / "n.html").read_text(encoding="utf-8")


def test_line_breaks_and_tabs_never_split_a_plain_row() -> None:
    from duban.cli.text import one_line

    assert one_line("甲\n乙\t丙") == "甲\\n乙\\t丙"


# -- restricted cases -----------------------------------------------------------------------------------


def test_an_outsider_sees_nothing_people_wrote(office: Duban) -> None:
    case = office.new("某企业信访化解", "--lead-unit", "人社局", "--restricted-to", "李明", "--content", "涉及个人信息")
    office("assign", case, "--days", "5")
    office.today = "2026-09-29"
    office("remind", case, "--note", "电话催问张三")
    office("extend", case, "--to", "2026-10-30", "--reason", "当事人住院", "--approved-by", "王副区长")
    office("report", case, "--unit", "人社局", "--signer", "吴局长", "--text", "已与当事人达成协议")
    path = office.file(case)
    path.write_text(path.read_text(encoding="utf-8") + "# 备注：当事人电话\n", encoding="utf-8")
    office.today = "2026-09-30"
    office("remind", case)  # commits the hand edit first
    secrets = ("某企业信访", "涉及个人信息", "电话催问张三", "当事人住院", "王副区长", "吴局长", "达成协议")
    outsider = Duban(office.root, today="2026-09-30", by="王芳")
    outputs = [
        outsider("show", case).stdout,
        outsider("show", case, "--json").stdout,
        outsider("list", "--json").stdout,
        outsider("log", case).stdout,
        outsider("log", case, "--json").stdout,
        office.git("log", "--format=%B"),
    ]
    for output in outputs:
        for secret in secrets:
            assert secret not in output, (secret, output[:300])
    log = outsider("log", case).stdout
    assert "延期" in log and "催办" in log and "2026-10-30" in log  # the kinds of steps and the dates stay
    assert "王副区长" in office("show", case).stdout  # an insider sees it all


def test_the_readme_says_what_restriction_is_and_is_not() -> None:
    readme = (HERE.parent / "README.md").read_text(encoding="utf-8")
    assert "不是访问控制" in readme and "单独的仓库" in readme
