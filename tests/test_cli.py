"""The commands of the foundation, through the in-process runner, as a clerk would type them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import Duban
from typer.testing import CliRunner

from duban.cli import app


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


# -- workdays ------------------------------------------------------------------------------------


def test_workdays_across_national_day_lands_on_the_makeup_saturday() -> None:
    code, out, _ = run("workdays", "2026-09-28", "5")
    assert code == 0
    assert out.strip() == "2026-10-10"


def test_workdays_into_an_unknown_year_is_marked_provisional() -> None:
    # 2027 is not announced: 元旦 is a statutory holiday all the same.
    code, out, _ = run("workdays", "2026-12-28", "5")
    assert code == 0
    assert out.startswith("2027-01-05")
    assert "暂按法定节假日推算" in out
    code, out, _ = run("workdays", "2026-12-28", "5", "--json")
    expected = {"起始日期": "2026-12-28", "工作日数": 5, "到期日期": "2027-01-05", "暂按法定节假日推算": True}
    assert json.loads(out) == expected
    assert run("workdays", "2026-12-31", "1")[1].startswith("2027-01-04")


def test_workdays_uses_the_offices_own_holidays(office: Duban) -> None:
    config = office.root / "config.yaml"
    text = config.read_text(encoding="utf-8").replace(
        "节假日: {}", "节假日:\n  2027:\n    放假: [[2027-01-01, 2027-01-03]]\n    调休上班: [2027-01-04]"
    )
    config.write_text(text, encoding="utf-8")
    result = office("workdays", "2026-12-28", "5")
    # 12-29, 12-30, 12-31, (1-1..1-3 off), 1-4 make-up Monday, 1-5.
    assert result.stdout.strip() == "2027-01-05"


def test_workdays_rejects_a_date_that_does_not_exist() -> None:
    # A value the parser cannot take is a usage error (exit 2), as `--days abc` is.
    code, out, err = run("workdays", "2026-02-30", "5")
    assert code == 2
    assert out == ""
    assert "2026-02-30" in err and "2026-12-01" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_usage_errors_exit_2() -> None:
    code, _, _ = run("workdays", "2026-09-28")
    assert code == 2


# -- init ----------------------------------------------------------------------------------------


def test_init_makes_an_office_with_units_and_one_commit(office: Duban) -> None:
    assert office.commits() == 1
    config = (office.root / "config.yaml").read_text(encoding="utf-8")
    assert "机关名称: 示范区人民政府办公室" in config
    assert "{名称: 区住房和城乡建设局, 简称: [区住房城乡建设局, 区住建局, 住建局]}" in config
    assert (office.root / ".gitignore").read_text(encoding="utf-8").split() == [".duban/", "out/"]
    assert office("check").exit_code == 0


def test_init_reads_a_csv_unit_list(tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text("名称,简称,主要负责人\n区财政局,财政局,钱局长\n区教育局,教育局、教委,\n", encoding="gbk")
    code, _, err = run("--by", "李明", "init", str(tmp_path / "o"), "--office", "某县政府办", "--units", str(units))
    assert code == 0, err
    office = Duban(tmp_path / "o")
    case_id = office.new("学位保障", "--lead-unit", "教委")
    assert json.loads(office("show", case_id, "--json").stdout)["主办单位"] == ["区教育局"]


def test_init_refuses_an_existing_office(office: Duban) -> None:
    code, _, err = run("init", str(office.root))
    assert code == 1
    assert "已经是督办仓库" in err


def test_init_with_a_broken_unit_file_leaves_nothing(tmp_path: Path) -> None:
    units = tmp_path / "units.yaml"
    units.write_text("- {名称: 区财政局, 简称: [财政局]}\n- {简称: [没有名称]}\n", encoding="utf-8")
    code, _, err = run("init", str(tmp_path / "o"), "--units", str(units))
    assert code == 1
    assert "units.yaml:2:" in err
    assert not (tmp_path / "o").exists()


# -- new, show, list -----------------------------------------------------------------------------


def test_new_registers_one_case_in_one_commit(office: Duban) -> None:
    result = office(
        "new",
        "--title",
        "加快推进城东片区老旧小区改造",
        "--source-kind",
        "会议议定",
        "--source-ref",
        "区政府第12次常务会议纪要",
        "--leader",
        "张副区长",
        "--lead-unit",
        "区住建局",
        "--co-unit",
        "财政局",
        "--co-unit",
        "区资规局",
        "--days",
        "5",
    )
    assert result.stdout.strip() == "2026-0001"
    assert office.commits() == 2
    message = office.git("log", "-1", "--format=%an%n%B")
    assert message.splitlines()[0] == "李明"
    assert message.splitlines()[1] == "立项 2026-0001 加快推进城东片区老旧小区改造"
    assert "Duban-Case: 2026-0001" in message and "Duban-Action: 立项" in message
    assert office.git("show", "--name-only", "--format=", "HEAD").split() == ["cases/2026/2026-0001.yaml"]

    shown = json.loads(office("show", "2026-0001", "--json").stdout)
    assert shown["文号"] == "督〔2026〕1号"
    assert shown["主办单位"] == ["区住房和城乡建设局"]
    assert shown["协办单位"] == ["区财政局", "区自然资源局"]
    assert shown["办理时限"] == "2026-10-10"
    assert shown["状态"] == "待交办"
    assert shown["来源"] == {"类别": "会议议定", "依据": "区政府第12次常务会议纪要"}
    assert shown["办理过程"] == [{"日期": "2026-09-28", "动作": "立项", "经办人": "李明"}]
    assert list(shown)[:4] == ["编号", "文号", "标题", "来源"]


def test_ids_and_numbers_count_per_year(office: Duban) -> None:
    assert office.new("一") == "2026-0001"
    assert office.new("二") == "2026-0002"
    office.today = "2027-01-05"
    assert office.new("三") == "2027-0001"
    assert json.loads(office("show", "2027-1", "--json").stdout)["文号"] == "督〔2027〕1号"


def test_new_deadline_into_unknown_year_is_shown_provisional(office: Duban) -> None:
    office.today = "2026-12-28"
    case_id = office.new("跨年事项", "--days", "5")
    shown = json.loads(office("show", case_id, "--json").stdout)
    assert shown["办理时限"] == "2027-01-05"
    assert shown["时限暂按法定节假日推算"] is True
    assert "暂按法定节假日推算" in office("show", case_id).stdout
    assert "暂按法定节假日推算" in office("list").stdout


def test_unknown_source_kind_exits_2_and_changes_nothing(office: Duban) -> None:
    before = office.commits()
    result = office("new", "--title", "某事项", "--source-kind", "小道消息", ok=False)
    assert result.exit_code == 2
    assert "--source-kind 的值“小道消息”不认识" in result.stderr and "领导批示" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert office.commits() == before
    assert not (office.root / "cases" / "2026").exists()


def test_unknown_unit_suggests_the_closest_names(office: Duban) -> None:
    result = office("new", "--title", "某事项", "--source-kind", "领导批示", "--lead-unit", "区住建委", ok=False)
    assert result.exit_code == 1
    assert "区住建委" in result.stderr and "区住房和城乡建设局" in result.stderr


def test_new_refuses_deadline_and_days_together(office: Duban) -> None:
    result = office(
        "new", "--title", "某事项", "--source-kind", "领导批示", "--deadline", "2026-10-30", "--days", "5", ok=False
    )
    assert result.exit_code == 2
    assert "--deadline 与 --days 只能给一个" in result.stderr


def test_new_with_parent_checks_it_exists(office: Duban) -> None:
    result = office("new", "--title", "子事项", "--source-kind", "会议议定", "--parent", "2026-0005", ok=False)
    assert result.exit_code == 1
    assert "2026-0005" in result.stderr
    parent = office.new("总体方案")
    child = office.new("子事项", "--parent", parent)
    assert json.loads(office("show", child, "--json").stdout)["上级事项"] == parent


def test_operator_must_be_on_the_list_when_there_is_one(office: Duban) -> None:
    config = office.root / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("经办人: []", "经办人: [王芳]"), encoding="utf-8")
    office.git("commit", "-qam", "经办人名单")
    result = office("new", "--title", "某事项", "--source-kind", "领导批示", ok=False)
    assert result.exit_code == 1
    assert "经办人“李明”不在" in result.stderr
    office.by = "王芳"
    assert office.new("某事项") == "2026-0001"


def test_list_filters_and_json(office: Duban) -> None:
    office("new", "--title", "老旧小区改造", "--source-kind", "会议议定", "--lead-unit", "住建局")
    office("new", "--title", "学位保障", "--source-kind", "领导批示", "--leader", "李副区长", "--lead-unit", "教育局")
    office("new", "--title", "背街小巷整治", "--source-kind", "群众关切", "--co-unit", "住建局", "--content", "共15条")
    titles = lambda *args: [c["标题"] for c in json.loads(office("list", "--json", *args).stdout)]  # noqa: E731
    assert titles() == ["老旧小区改造", "学位保障", "背街小巷整治"]
    assert titles("--unit", "区住建局") == ["老旧小区改造", "背街小巷整治"]
    assert titles("--source-kind", "领导批示") == ["学位保障"]
    assert titles("--leader", "李副区长") == ["学位保障"]
    assert titles("--search", "15条") == ["背街小巷整治"]
    assert titles("--status", "在办") == ["老旧小区改造", "学位保障", "背街小巷整治"]
    assert titles("--status", "已办结") == []
    plain = office("list").stdout.splitlines()
    assert plain[0].split("\t")[:3] == ["2026-0001", "督〔2026〕1号", "待交办"]
    bad = office("list", "--status", "搁置", ok=False)
    assert bad.exit_code == 2 and "--status 的值“搁置”不认识" in bad.stderr


def test_show_escapes_markup_in_user_text(office: Duban) -> None:
    case_id = office.new("标题含[bold]方括号[/bold]与<b>标签</b>")
    assert "[bold]方括号[/bold]与<b>标签</b>" in office("show", case_id).stdout


def test_environment_variables_stand_for_global_options(office: Duban) -> None:
    env = {"DUBAN_REPO": str(office.root), "DUBAN_TODAY": "2026-12-28", "DUBAN_USER": "王芳"}
    result = CliRunner().invoke(app, ["new", "--title", "某事项", "--source-kind", "领导批示", "--days", "0"], env=env)
    assert result.exit_code == 0, result.stderr
    shown = json.loads(CliRunner().invoke(app, ["show", "2026-0001", "--json"], env=env).stdout)
    assert shown["立项日期"] == "2026-12-28"
    assert shown["办理时限"] == "2026-12-28"
    assert shown["办理过程"][0]["经办人"] == "王芳"


def test_repository_is_found_upward_from_the_current_folder(office: Duban, monkeypatch: object) -> None:
    import os

    office.new("某事项")
    here = os.getcwd()
    try:
        os.chdir(office.root / "cases")
        result = CliRunner().invoke(app, ["list", "--json"], env={"DUBAN_REPO": None})
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)) == 1


def test_outside_any_office_the_message_says_what_to_do(tmp_path: Path) -> None:
    import os

    here = os.getcwd()
    try:
        os.chdir(tmp_path)
        code, _, err = run("list", env={"DUBAN_REPO": None})
    finally:
        os.chdir(here)
    assert code == 1
    assert "duban init" in err


# -- hand edits and the audit trail --------------------------------------------------------------


def test_hand_comment_survives_a_later_tool_change(office: Duban) -> None:
    from duban.audit.git import CommitMessage, Git
    from duban.model import Event
    from duban.store import Office
    from duban.usecases.recording import save_case

    case_id = office.new("某事项", "--lead-unit", "财政局")
    path = office.file(case_id)
    text = path.read_text(encoding="utf-8").replace(
        "标题: 某事项", "标题: 某事项  # 标题按批示原文\n# 科长：此件需跟踪"
    )
    path.write_text(text, encoding="utf-8")
    office.git("commit", "-qam", "手工加注释")

    store = Office(office.root)
    case = store.read_case(case_id)
    changed = case.with_event(Event(case.registered, "催办", "李明", note="电话催办"))
    save_case(store, Git(office.root), changed, CommitMessage("催办", case_id, "某事项"), "李明")

    after = path.read_text(encoding="utf-8")
    assert "标题: 某事项  # 标题按批示原文" in after
    assert "# 科长：此件需跟踪" in after
    assert "{日期: 2026-09-28, 动作: 催办, 经办人: 李明, 说明: 电话催办}" in after
    diff = office.git("diff", "--unified=0", "HEAD~1", "--", str(path.relative_to(office.root)))
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ["+  - {日期: 2026-09-28, 动作: 催办, 经办人: 李明, 说明: 电话催办}"]


def test_an_uncommitted_hand_edit_is_committed_on_its_own_first(office: Duban) -> None:
    from duban.audit.git import CommitMessage, Git
    from duban.model import Event
    from duban.store import Office
    from duban.usecases.recording import save_case

    case_id = office.new("某事项")
    path = office.file(case_id)
    path.write_text(path.read_text(encoding="utf-8").replace("批示领导: null", "批示领导: 张副区长"), encoding="utf-8")
    before = office.commits()

    store = Office(office.root)
    git = Git(office.root)
    case = store.read_case(case_id)
    save_case(
        store, git, case.with_event(Event(case.registered, "催办", "李明")), CommitMessage("催办", case_id, ""), "李明"
    )

    assert office.commits() == before + 2
    log = office.git("log", "-2", "--format=%s").splitlines()
    assert log == ["催办 2026-0001", "手工修改 2026-0001 某事项"]
    hand = office.git("show", "HEAD~1", "--format=", "--unified=0")
    assert "+批示领导: 张副区长" in hand and "催办" not in hand.split("@@")[-1]
    assert "批示领导: 张副区长" in path.read_text(encoding="utf-8")


def test_a_tool_commit_never_takes_other_uncommitted_files(office: Duban) -> None:
    first = office.new("一")
    path = office.file(first)
    path.write_text(path.read_text(encoding="utf-8") + "# 还没提交的手工备注\n", encoding="utf-8")
    office.new("二")
    assert office.git("show", "--name-only", "--format=", "HEAD").split() == ["cases/2026/2026-0002.yaml"]
    assert office.git("status", "--porcelain").strip() == "M cases/2026/2026-0001.yaml"


def test_a_failed_commit_leaves_the_office_as_it_was(office: Duban) -> None:
    hook = office.root / ".git" / "hooks"
    hook.mkdir(exist_ok=True)
    # Make git refuse to commit: an index lock held by "another git".
    (office.root / ".git" / "index.lock").write_text("", encoding="utf-8")
    try:
        result = office("new", "--title", "某事项", "--source-kind", "领导批示", ok=False)
    finally:
        (office.root / ".git" / "index.lock").unlink()
    assert result.exit_code == 1
    assert "git" in result.stderr
    assert not office.file("2026-0001").exists()
    assert office.git("status", "--porcelain").strip() == ""


# -- check ---------------------------------------------------------------------------------------


def test_check_names_file_and_line_of_a_broken_date(office: Duban) -> None:
    case_id = office.new("某事项", "--deadline", "2026-10-30")
    path = office.file(case_id)
    text = path.read_text(encoding="utf-8").replace("办理时限: 2026-10-30", "办理时限: 2026-02-30")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("办理时限: 2026-02-30") + 1
    result = office("check", ok=False)
    assert result.exit_code == 1
    assert f"cases/2026/{case_id}.yaml:{line}: “办理时限”的日期“2026-02-30”不存在" in result.stdout
    problems = json.loads(office("check", "--json", ok=False).stdout)
    assert problems[0]["文件"] == f"cases/2026/{case_id}.yaml" and problems[0]["行"] == line


def test_check_reports_every_kind_of_problem_with_lines(office: Duban) -> None:
    case_id = office.new("某事项", "--lead-unit", "财政局")
    path = office.file(case_id)
    text = path.read_text(encoding="utf-8")
    text = text.replace("来源: {类别: 会议议定}", "来源: {类别: 道听途说}")
    text = text.replace("主办单位: [区财政局]", "主办单位: [区财政所]")
    text = text.replace("紧急程度: 一般", "紧急程度: 很急")
    text = text.replace("上级事项: null", "上级事项: 2026-0099")
    text = text.replace("状态: 待交办", "状态: 办理中")
    text = text.replace(
        "  - {日期: 2026-09-28, 动作: 立项, 经办人: 李明}",
        "  - {日期: 2026-09-28, 动作: 立项, 经办人: 李明}\n  - {日期: 2026-09-01, 动作: 催办, 经办人: 李明}",
    )
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()

    def line_of(prefix: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if line.startswith(prefix))

    out = office("check", ok=False).stdout
    rel = f"cases/2026/{case_id}.yaml"
    assert f"{rel}:{line_of('来源')}: 来源类别“道听途说”不认识" in out
    assert f"{rel}:{line_of('紧急程度')}: “紧急程度”不能是“很急”" in out
    assert f"{rel}:{line_of('交办日期')}: 状态为“办理中”的事项必须有交办日期" in out
    assert f"{rel}:{line_of('  - {日期: 2026-09-01')}: 办理过程第2项的日期" in out
    assert f"{rel}:{line_of('主办单位')}: 单位“区财政所”不在 config.yaml 的单位名录中" in out
    assert f"{rel}:{line_of('上级事项')}: 上级事项 2026-0099 不存在" in out


def test_check_finds_yaml_syntax_errors_and_config_problems(office: Duban) -> None:
    case_id = office.new("某事项")
    path = office.file(case_id)
    path.write_text(path.read_text(encoding="utf-8").replace("主办单位: []", "主办单位: [区财政局"), encoding="utf-8")
    config = office.root / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("临期提醒: 3", "临期提醒: 三天"), encoding="utf-8")
    out = office("check", ok=False).stdout
    assert f"cases/2026/{case_id}.yaml:" in out and "YAML 格式错误" in out
    config_line = config.read_text(encoding="utf-8").splitlines().index("临期提醒: 三天") + 1
    assert f"config.yaml:{config_line}: “临期提醒”应为 0 到 1000 之间的整数" in out
    # Other commands refuse to work on a broken config, pointing at check.
    result = office("new", "--title", "另一事项", "--source-kind", "领导批示", ok=False)
    assert result.exit_code == 1 and "config.yaml" in result.stderr


def test_check_sees_a_deadline_that_a_newer_calendar_would_move(office: Duban) -> None:
    office.today = "2026-12-28"
    case_id = office.new("跨年事项", "--lead-unit", "财政局")
    office("assign", case_id, "--days", "5")
    assert office("check").exit_code == 0
    config = office.root / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "节假日: {}", "节假日:\n  2027:\n    放假: [[2027-01-01, 2027-01-04]]\n    调休上班: []"
        ),
        encoding="utf-8",
    )
    out = office("check", ok=False).stdout
    assert f"cases/2026/{case_id}.yaml:" in out and "应为 2027-01-06" in out and "duban recalc" in out
    result = office("recalc")
    assert f"{case_id} 办理时限 2027-01-05 → 2027-01-06" in result.stdout
    assert office.git("log", "-1", "--format=%s").strip() == "更正办理时限：2027年节假日安排"
    assert office("check").exit_code == 0
    events = json.loads(office("show", case_id, "--json").stdout)["办理过程"]
    assert events[-1]["办理时限"] == "2027-01-06"  # the event assessment reads, too


# -- the installed command -----------------------------------------------------------------------


def test_the_module_runs_as_a_program_without_a_terminal(office: Duban) -> None:
    office.new("某事项")
    env = {"PATH": "/usr/bin:/bin", "DUBAN_TODAY": "2026-09-28"}
    done = subprocess.run(
        [sys.executable, "-m", "duban", "--repo", str(office.root), "list"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert done.returncode == 0, done.stderr
    assert "2026-0001\t督〔2026〕1号\t待交办" in done.stdout
    assert "\x1b[" not in done.stdout


def test_the_process_ends_with_its_status_and_a_reader_that_left_is_no_error(office: Duban) -> None:
    """main ends the process itself (os._exit after flushing): the status is the command's, and
    output to a pipe nobody reads any more ends quietly, as head or less expect."""
    case_id = office.new("某事项")
    env = {"PATH": "/usr/bin:/bin", "DUBAN_TODAY": "2026-09-28"}
    base = [sys.executable, "-m", "duban", "--repo", str(office.root)]
    missing = subprocess.run([*base, "show", "2026-0099"], env=env, capture_output=True, text=True)
    assert missing.returncode == 1 and missing.stdout == ""
    assert missing.stderr.count("\n") == 1 and "2026-0099" in missing.stderr
    reader, writer = os.pipe()
    os.close(reader)  # the reader has gone before anything is written
    try:
        for args in (["list"], ["show", case_id]):
            done = subprocess.run([*base, *args], env=env, stdout=writer, stderr=subprocess.PIPE, text=True)
            assert (done.returncode, done.stderr) == (0, ""), args
    finally:
        os.close(writer)


# -- help and usage ------------------------------------------------------------------------------


def test_usage_errors_are_one_chinese_line_and_exit_2() -> None:
    for args, expected in (
        (["new", "--title", "某事项"], "缺少选项 --source-kind"),
        (["lst"], "没有命令 lst"),
        (["workdays", "2026-09-28", "五"], "应为整数"),
        (["show", "2026-0001", "多余"], "多余的参数：多余"),
    ):
        code, out, err = run(*args)
        assert code == 2, args
        assert out == ""
        assert err.startswith("用法错误：") and expected in err, err
        assert len(err.strip().splitlines()) == 1


def test_every_command_has_chinese_help_and_is_in_the_readme() -> None:
    import re

    from typer.main import get_command

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    group = get_command(app)
    names = sorted(group.commands)  # type: ignore[attr-defined]
    assert names == sorted(
        ["init", "new", "assign", "ack", "report", "remind", "extend", "return", "close", "terminate", "archive"]
        + ["import", "show", "list", "log", "overdue", "render", "bulletin", "stats", "export", "dashboard"]
        + ["check", "undo", "workdays", "sync", "merge-file", "completion", "recalc", "void", "satisfaction", "decline"]
        + ["recheck", "instruct", "request", "reply"]
        + ["inspect", "refer", "notify"]
        + ["briefing", "help", "edit", "morning", "doctor"]
    )
    for name in names:
        command = group.commands[name]  # type: ignore[attr-defined]
        if command.hidden:  # git's merge driver, not a command for people
            continue
        assert command.help and re.search(r"[\u4e00-\u9fff]", command.help), name
        for param in command.params:
            if param.name != "help" and getattr(param, "help", None) is not None:
                assert re.search(r"[\u4e00-\u9fff]", param.help), (name, param.name)
        assert f"`duban {name}" in readme, name


def test_starting_the_cli_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys, duban.cli; print(' '.join(m for m in ('git', 'jinja2', 'openpyxl', 'docx') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_the_reading_commands_load_without_compiling_the_wide_character_pattern() -> None:
    """display_width's pattern spans most of Unicode and takes about 6 ms to compile; show, list
    and overdue import its module (for plain()), and compiled it as they loaded until it was
    made lazy. Only a ledger export compiles it."""
    code = (
        "import sys; from duban.cli.commands import load; load(['show', 'list', 'overdue']); "
        "import duban.render.ledger as l; print(l._wide.cache_info().currsize, 'duban.cli.views' in sys.modules); "
        "l.display_width('区财政局'); print(l._wide.cache_info().currsize)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "True", "1"]
