"""A newcomer's first hour: the conventions of command-line tools, files from the office's other
tools, imports that cannot happen twice, and the housekeeping a maintainer expects."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import GIT_ENV, HERE, UNITS_FILE, Duban
from typer.main import get_command
from typer.testing import CliRunner

from duban.cli import app

ROOT = HERE.parent


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# -- conventions ------------------------------------------------------------------------------------


def test_version_names_the_holiday_data_years() -> None:
    for flag in ("--version", "-V"):
        code, out, _ = run(flag)
        assert code == 0
        assert re.fullmatch(r"duban \d+\.\d+\.\d+（节假日数据：2004–20\d\d）\n", out), out


def test_help_is_chinese_everywhere_and_bare_duban_prints_it() -> None:
    code, out, err = run()
    assert code == 0 and err == "" and out.startswith("用法：duban")
    group = get_command(app)
    pages = [run("-h")[1]]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        pages.append(run(name, "-h")[1])
        for sub in getattr(command, "commands", {}):
            pages.append(run(name, sub, "-h")[1])
    english = ("Usage:", "Show this message", "Options:", "Arguments:", "Commands:", "[required]", "[default:")
    for page in pages:
        assert page.startswith("用法：")
        for phrase in english + ("<str>", "<list[str]>", "<path>", "[env var"):
            assert phrase not in page, (phrase, page[:60])
    code, out, _ = run("import")
    assert code == 0 and "minutes" in out and "用法错误" not in out


def test_every_invalid_option_value_is_a_usage_error(office: Duban) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    office("assign", case, "--days", "5")
    for args, option in (
        (["render", "notice", case, "--format", "xml"], "--format"),
        (["bulletin", "--from", "2026-10-01", "--to", "2026-10-31", "--format", "pdf2"], "--format"),
        (["overdue", "--format", "xml"], "--format"),
        (["new", "--title", "某事项", "--source-kind", "小道消息"], "--source-kind"),
        (["list", "--status", "搁置"], "--status"),
        (["export", "x.csv", "--source-kind", "传闻"], "--source-kind"),
        (["new", "--title", "某事项", "--source-kind", "会议议定", "--urgency", "很急"], "--urgency"),
        (["new", "--title", "某事项", "--source-kind", "会议议定", "--deadline", "2026-02-30"], "--deadline"),
        (["assign", case, "--days", "abc"], "--days"),
    ):
        result = office(*args, ok=False)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("用法错误：") and option in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    # Bad data, not bad usage, stays 1.
    assert (
        office("new", "--title", "某事项", "--source-kind", "会议议定", "--lead-unit", "某某局", ok=False).exit_code
        == 1
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("2026-12-01", "2026-12-01"), ("2026/12/01", "2026-12-01"), ("2026.12.1", "2026-12-01"),
     ("2026年12月1日", "2026-12-01"), ("12月1日", "2026-12-01")],
)  # fmt: skip
def test_dates_in_the_forms_clerks_type(office: Duban, typed: str, expected: str) -> None:
    case = office.new("某事项", "--lead-unit", "财政局", "--deadline", typed)
    assert json.loads(office("show", case, "--json").stdout)["办理时限"] == expected


def test_a_wrong_date_names_where_it_came_from(office: Duban) -> None:
    code, _, err = run("--repo", str(office.root), "list", env={"DUBAN_TODAY": "2026-02-30"})
    assert code == 2 and "环境变量 DUBAN_TODAY" in err and "--as-of" not in err
    code, _, err = run("--repo", str(office.root), "--as-of", "2026-02-30", "list")
    assert code == 2 and "--as-of" in err
    code, _, err = run("--repo", str(office.root), "--as-of", "9999-12-31", "overdue")
    assert code == 2 and "超出可计算的范围" in err


def test_with_json_errors_are_json_too(office: Duban) -> None:
    result = office("show", "2026-0099", "--json", ok=False)
    assert result.exit_code == 1 and result.stderr == ""
    data = json.loads(result.stdout)
    assert "2026-0099" in data["错误"] and data["问题"] == []
    result = office("list", "--status", "搁置", "--json", ok=False)
    assert result.exit_code == 2 and json.loads(result.stdout)["错误"].startswith("用法错误")
    (office.root / "cases" / "2026").mkdir(parents=True, exist_ok=True)
    (office.root / "cases" / "2026" / "2026-0001.yaml").write_text("编号: [\n", encoding="utf-8")
    result = office("check", "--json", ok=False)
    assert result.exit_code == 1 and json.loads(result.stdout)[0]["文件"] == "cases/2026/2026-0001.yaml"


def test_booleans_print_as_shi_fou_and_log_after_undo_prints_dates(office: Duban) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    office("assign", case, "--days", "5")
    office.today = "2026-09-30"
    office("report", case, "--unit", "财政局", "--signer", "钱正明", "--text", "办完了", "--final")
    assert "办结：是" in office("show", case).stdout and "True" not in office("show", case).stdout
    office("undo")
    log = office("log", case).stdout
    assert "datetime" not in log and "{'" not in log and "True" not in log
    assert "办理过程 删去：日期：2026-09-30，动作：反馈" in log


def test_undo_of_a_batch_says_how_many_cases_it_removed(office: Duban) -> None:
    office.today = "2026-09-15"
    office("import", "table", str(HERE / "task-table-example.csv"))
    out = office("undo").stdout
    assert "删除 5 个事项（2026-0001、2026-0002、2026-0003、2026-0004、2026-0005）" in out
    assert office.new("下一个事项") == "2026-0006"  # undone numbers are not given out again


def _terminal(office: Duban, monkeypatch: pytest.MonkeyPatch, columns: int, *args: str) -> str:
    from duban.cli import cmd_list, cmd_overdue, cmd_stats

    for module in (cmd_list, cmd_overdue, cmd_stats):
        monkeypatch.setattr(module, "stdout_is_terminal", lambda: True)
    return office(*args, env={"COLUMNS": str(columns)}).stdout


@pytest.mark.parametrize("columns", [80, 120])
def test_tables_fit_the_terminal(office: Duban, monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    office.today = "2026-09-15"
    office("import", "table", str(HERE / "task-table-example.csv"))
    office.new("一个标题很长很长的督办事项需要在窄终端上截断显示以免把表格撑破" * 2, "--lead-unit", "人社局")
    office.today = "2026-12-20"
    for args in (("list",), ("overdue", "--format", "table"), ("stats",)):
        out = _terminal(office, monkeypatch, columns, *args)
        assert max(width(line.rstrip()) for line in out.splitlines()) <= columns, (args, out)
        if args[0] != "stats":
            assert "2026-0005" in out and "2026-11-02" in out  # never wrapped (10-31 is a Saturday: moved on)
    listing = _terminal(office, monkeypatch, columns, "list")
    assert "…" in listing
    assert ("督〔2026〕5号" in listing) == (columns >= 100)
    stats = _terminal(office, monkeypatch, columns, "stats")
    assert ("城管局" if columns < 100 else "区城市管理局") in stats


def test_overdue_heading_counts_match_the_groups_and_the_dashboard(monkeypatch: pytest.MonkeyPatch) -> None:
    from duban.cli import cmd_overdue

    monkeypatch.setattr(cmd_overdue, "stdout_is_terminal", lambda: True)
    example = Duban(ROOT, today="2026-11-23")
    out = example("overdue", "--format", "table", env={"COLUMNS": "120"}).stdout
    heading = dict(re.findall(r"(逾期未报|整改逾期|逾期|临期|停滞) (\d+) 项", out.splitlines()[0]))
    groups = dict(re.findall(r"^(逾期未报|整改逾期|逾期|临期|停滞)（(\d+) 项）", out, flags=re.M))
    heading = {level: n for level, n in heading.items() if n != "0"}
    assert heading == groups and heading["停滞"] == "5"


# -- files from the office's other tools --------------------------------------------------------------


def test_a_utf16_tab_separated_table_is_imported(office: Duban, tmp_path: Path) -> None:
    rows = ["工作任务\t牵头单位\t配合单位\t完成时限", "完成老旧小区改造10个\t住建局\t财政局\t2026-12-31"]
    path = tmp_path / "任务表.csv"
    path.write_bytes("\r\n".join(rows).encode("utf-16"))  # with a BOM, as Excel writes "Unicode text"
    office.today = "2026-09-15"
    out = office("import", "table", str(path)).stdout
    assert "2026-0001\t2026-12-31\t区住房和城乡建设局（协办：区财政局）\t完成老旧小区改造10个" in out


def test_an_xlsx_with_title_rows_above_the_header(office: Duban, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "重点任务"
    sheet.append(["2026年重点工作任务分解表"])
    sheet.merge_cells("A1:D1")
    sheet.append(["（区政府办公室 2026年9月）"])
    sheet.append(["序号", "工作任务", "责任单位", "完成时限"])
    sheet.append([1, "新增城镇就业5000人", "人社局", "2026年12月底"])
    path = tmp_path / "任务.xlsx"
    book.save(path)
    office.today = "2026-09-15"
    result = office("import", "table", str(path), "--json")
    cases = json.loads(result.stdout)["事项"]
    assert [(c["标题"], c["主办单位"], c["办理时限"]) for c in cases] == [
        ("新增城镇就业5000人", ["区人力资源和社会保障局"], "2026-12-31")
    ]
    events = office.file("2026-0001").read_text(encoding="utf-8")
    assert "导入文件: 任务.xlsx, 导入位置: 重点任务 第4行" in events


def test_the_same_rows_are_not_imported_twice(office: Duban, tmp_path: Path) -> None:
    office.today = "2026-09-15"
    table = str(HERE / "task-table-example.csv")
    office("import", "table", table)
    before = office.commits()
    copy = tmp_path / "改了名字的表.csv"
    copy.write_bytes((HERE / "task-table-example.csv").read_bytes())
    result = office("import", "table", str(copy), ok=False)
    assert result.exit_code == 1
    assert "“新增城镇就业5000人”已于此前导入为 2026-0003" in result.stderr
    assert "加 --again" in result.stderr
    assert office.commits() == before
    office("import", "table", table, "--again")
    assert office.commits() == before + 1
    minutes = ["import", "minutes", str(HERE / "minutes-example.txt"), "--meeting", "第15次常务会议"]
    office(*minutes, "--date", "2026-09-14")
    again = office(*minutes, "--date", "2026-09-14", ok=False)
    assert again.exit_code == 1 and "已于此前导入为" in again.stderr
    # The meeting named as the header reads it this time: the same decisions all the same.
    again = office("import", "minutes", str(HERE / "minutes-example.txt"), ok=False)
    assert again.exit_code == 1 and "已于此前导入为" in again.stderr


# -- housekeeping -------------------------------------------------------------------------------------


def test_a_maintainer_finds_licence_types_and_ignores() -> None:
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert (ROOT / "duban" / "py.typed").exists()
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "build/" in ignored and "*.egg-info/" in ignored


def test_init_asks_for_force_in_a_folder_with_files_or_inside_another_repository(tmp_path: Path) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "笔记.txt").write_text("x", encoding="utf-8")
    code, _, err = run("--by", "李明", "init", str(busy), "--office", "某办")
    assert code == 1 and "不是空目录" in err and "--force" in err
    assert not (busy / "config.yaml").exists()
    outer = tmp_path / "outer"
    subprocess.run(["git", "init", "-q", str(outer)], check=True, env=GIT_ENV)
    code, _, err = run("--by", "李明", "init", str(outer / "督办"), "--office", "某办")
    assert code == 1 and "另一个 git 仓库" in err and not (outer / "督办").exists()
    code, _, err = run("--by", "李明", "init", str(outer / "督办"), "--office", "某办", "--force")
    assert code == 0, err
    assert (busy / "笔记.txt").exists()


def _git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=GIT_ENV)
    return done.stdout


def test_a_plain_bare_remote_whose_head_names_master_gives_a_working_clone(office: Duban, tmp_path: Path) -> None:
    remote = tmp_path / "shared.git"
    _git("init", "-q", "--bare", str(remote), cwd=tmp_path)
    _git("symbolic-ref", "HEAD", "refs/heads/master", cwd=remote)  # as on systems whose default is master
    office.new("共享事项")
    office.git("remote", "add", "origin", str(remote))
    assert "master 分支" in office("sync").stdout
    _git("clone", "-q", str(remote), str(tmp_path / "plain"), cwd=tmp_path)
    assert (tmp_path / "plain" / "cases" / "2026" / "2026-0001.yaml").exists()
    office.new("第二个事项")
    assert "推送 1 个提交" in office("sync").stdout
    assert _git("rev-parse", "master", cwd=remote) == office.git("rev-parse", "HEAD")


def test_the_merge_driver_keeps_working_when_the_environment_moves(office: Duban, tmp_path: Path) -> None:
    remote = tmp_path / "shared.git"
    _git("init", "-q", "--bare", "--initial-branch=main", str(remote), cwd=tmp_path)
    office.git("remote", "add", "origin", str(remote))
    shared = office.new("共享事项", "--lead-unit", "财政局")
    office("assign", shared, "--days", "5")
    office("sync")
    _git("clone", "-q", str(remote), str(tmp_path / "b"), cwd=tmp_path)
    other = Duban(tmp_path / "b", by="王芳")
    other("sync")  # registers the driver in B's clone
    # B's virtual environment moved: the registered python no longer exists.
    other.git("config", "merge.duban.driver", "/no/such/venv/bin/python -m duban merge-file %O %A %B %P")
    office.today = other.today = "2026-09-30"
    office("remind", shared)
    other("report", shared, "--unit", "财政局", "--signer", "钱正明", "--text", "进展")
    office("sync")
    other("sync")
    case = json.loads(other("show", shared, "--json").stdout)
    assert case["催办次数"] == 1 and len(case["办理报告"]) == 1
    assert "/no/such/venv" not in other.git("config", "merge.duban.driver")


def test_units_file_in_tests_is_the_one_the_readme_names() -> None:
    assert "tests/units-example.yaml" in (ROOT / "README.md").read_text(encoding="utf-8") and UNITS_FILE.exists()
