"""The command line forgives what clerks do: global options after the command's name."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import Duban
from typer.testing import CliRunner

from duban.cli import app, hoist


def test_hoist_moves_global_options_after_the_command_before_it() -> None:
    assert hoist(["list", "--as-of", "2026-10-08", "--json"]) == ["--as-of", "2026-10-08", "list", "--json"]
    assert hoist(["--repo", "o", "report", "1", "--by=王芳", "--text", "x"]) == [
        "--repo", "o", "--by=王芳", "report", "1", "--text", "x",
    ]  # fmt: skip
    # A value that happens to be a command's name is not the command; nothing after -- moves.
    assert hoist(["--by", "list", "show", "1", "--", "--by", "x"]) == ["--by", "list", "show", "1", "--", "--by", "x"]
    assert hoist(["overdue", "--by-unit"]) == ["overdue", "--by-unit"]
    assert hoist(["--version"]) == ["--version"]


def test_global_options_after_the_command_are_read_as_before_it(office: Duban) -> None:
    runner = CliRunner()
    made = runner.invoke(
        app,
        ["new", "--title", "加快推进城东片区老旧小区改造", "--source-kind", "会议议定", "--lead-unit", "住建局",
         "--repo", str(office.root), "--as-of", "2026-10-08", "--by", "王芳"],
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    case = made.stdout.split()[0]
    assert office.git("log", "-1", "--format=%an").strip() == "王芳"
    listed = runner.invoke(app, ["list", "--json", "--repo", str(office.root), "--as-of=2026-10-08"])
    assert listed.exit_code == 0, listed.stderr
    assert case in listed.stdout


def test_the_installed_command_reads_them_too(office: Duban, tmp_path: Path) -> None:
    office.new()
    env = {**os.environ, "DUBAN_REPO": ""}
    done = subprocess.run(
        [sys.executable, "-m", "duban", "list", "--repo", str(office.root), "--as-of", "2026-10-08"],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "2026-0001" in done.stdout


def test_options_that_exclude_each_other_are_usage_errors(office: Duban) -> None:
    case = office.new("加快推进城东片区老旧小区改造", "--lead-unit", "住建局")
    before = office.commits()
    for args, words in (
        (("assign", case, "--days", "3", "--deadline", "2026-10-20"), "--deadline 与 --days 只能给一个"),
        (("assign", case, "--standing", "--days", "3"), "--standing 与 --deadline 或 --days 只能给一个"),
        (("assign", case, "--self", "--lead-unit", "住建局"), "--self 与 --lead-unit 只能给一个"),
        (("new", "--title", "x", "--source-kind", "领导批示", "--days", "3", "--deadline", "2026-10-20"),
         "--deadline 与 --days 只能给一个"),
        (("new", "--title", "x", "--source-kind", "领导批示", "--content", "y", "--content-file", "z"),
         "--content 与 --content-file 只能给一个"),
        (("report", case, "--unit", "住建局", "--signer", "赵永刚", "--text", "x", "--file", "y"),
         "--text 与 --file 只能给一个"),
        (("report", case, "--unit", "住建局", "--signer", "赵永刚"), "请用 --text 或 --file"),
    ):  # fmt: skip
        result = office(*args, ok=False)
        assert result.exit_code == 2, (args, result.stderr)
        assert words in result.stderr and result.stderr.startswith("用法错误："), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert office.commits() == before


def test_a_number_that_is_not_one_is_named_cleanly(office: Duban) -> None:
    case = office.new()
    result = office("assign", case, "--days", "abc", ok=False)
    assert result.exit_code == 2
    assert "--days 的值无效：“abc”应为整数" in result.stderr, result.stderr


def test_help_of_a_command(tmp_path: Path) -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["help", "import", "minutes"])
    assert shown.exit_code == 0
    assert shown.stdout.startswith("用法：duban import minutes")
    assert runner.invoke(app, ["help"]).stdout.startswith("用法：duban [选项] 命令")
    unknown = runner.invoke(app, ["help", "nosuch"])
    assert unknown.exit_code == 2 and "没有命令 nosuch" in unknown.stderr


# As of Friday 2026-09-18, the dates clerks write and the days they mean, by the 2026 schedule:
# 中秋 09-25..27 off; 国庆 10-01..10-07 off, with Sunday 09-20 and Saturday 10-10 working.
CLERKS_DATES = {
    "今天": "2026-09-18",
    "明天": "2026-09-19",
    "后天": "2026-09-20",
    "昨天": "2026-09-17",
    "下周五": "2026-09-25",
    "本月底": "2026-09-30",
    "9/30": "2026-09-30",
    "9-30": "2026-09-30",
    "１０月９日": "2026-10-09",
    "２０２６－１０－０９": "2026-10-09",
    "2026／10／9": "2026-10-09",
    "月底前": "2026-09-30",
    "年底前": "2026-12-31",
    "国庆前": "2026-09-30",  # the last working day before the break that starts 10-01
    "一季度末": "2027-03-31",
    # Working days after 09-18: 09-20 (make-up), 21, 22, 23, 24, (25 中秋) 28, 29, 30, 10-08, 10-09.
    "10个工作日内": "2026-10-09",
}


def test_dates_as_clerks_write_them() -> None:
    runner = CliRunner()
    for written, meant in CLERKS_DATES.items():
        result = runner.invoke(app, ["--as-of", "2026-09-18", "workdays", written, "0"])
        assert result.exit_code == 0, (written, result.stderr)
        assert result.stdout.strip().splitlines()[-1] == meant, (written, result.stdout)
    for wrong in ("汛期前", "2026-02-30", "13/1", "abc"):
        result = runner.invoke(app, ["--as-of", "2026-09-18", "workdays", wrong, "0"])
        assert result.exit_code == 2 and "不是有效日期" in result.stderr, (wrong, result.stderr)


def test_a_deadline_phrase_wherever_a_date_is_asked(office: Duban) -> None:
    office.today = "2026-09-18"
    case = office.new("加快推进城东片区老旧小区改造", "--lead-unit", "住建局")
    office("assign", case, "--deadline", "国庆前")
    assert json.loads(office("show", case, "--json").stdout)["办理时限"] == "2026-09-30"
    office("extend", case, "--to", "10个工作日内", "--reason", "需补充测算", "--approved-by", "王建国")
    assert json.loads(office("show", case, "--json").stdout)["办理时限"] == "2026-10-09"


ENGLISH = re.compile(
    r"(?<![\w.-])(?!YAML\b|git\b|duban\b|config\b|yaml\b|check\b|sync\b|merge\b|abort\b|commit\b)[A-Za-z]{4,}"
)


def test_a_tab_in_a_hand_edited_file_is_named_by_its_line(office: Duban) -> None:
    case = office.new()
    path = office.file(case)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = "\t" + lines[2]
    path.write_text("".join(lines), encoding="utf-8")
    result = office("check", ok=False)
    assert result.exit_code == 1
    assert f"cases/2026/{case}.yaml:3: 第3行用了制表符缩进，请改用空格" in result.stdout + result.stderr


def test_yaml_git_and_system_errors_are_told_in_chinese(office: Duban, monkeypatch) -> None:
    import errno

    from duban.audit.git import git_said
    from duban.errors import os_said
    from duban.yamlio import YamlSyntaxError, load_fast

    for text in ("a: [1, 2\nb: 3\n", "a: 'abc\n", "a: b: c\n", "a:\n  b: 1\n c: 2\n", "a: @x\n", "a: 1\na: 2\n"):
        try:
            load_fast(text)
        except YamlSyntaxError as error:
            assert not ENGLISH.search(str(error)), str(error)
        else:
            raise AssertionError(text)
    assert "没有完成的 git 合并" in git_said("fatal: cannot do a partial commit during a merge.", 128)
    remote = "fatal: '/x' does not appear to be a git repository\nfatal: Could not read from remote repository.\n\n"
    remote += "Please make sure you have the correct access rights\nand the repository exists."
    assert git_said(remote, 128) == "共享仓库的地址不对，或那里不是 git 仓库"
    assert os_said(OSError(errno.EROFS, "Read-only file system")) == "文件系统是只读的"
    monkeypatch.setenv("DUBAN_DEBUG", "1")
    assert "and the repository exists." in git_said(remote, 128)  # the original, for whoever debugs
    assert "Read-only file system" in os_said(OSError(errno.EROFS, "Read-only file system"))


def test_a_remote_that_is_not_there_is_told_in_chinese(office: Duban) -> None:
    office.new()
    office.git("remote", "add", "origin", str(office.root.parent / "nowhere.git"))
    result = office("sync", ok=False)
    assert result.exit_code == 1
    assert "无法连接共享仓库 origin（共享仓库的地址不对，或那里不是 git 仓库）" in result.stderr, result.stderr
    assert "fatal" not in result.stderr and "repository exists" not in result.stderr


def test_a_system_without_fcntl_is_told_in_one_line(tmp_path: Path) -> None:
    """Windows has no fcntl: one line saying what duban runs on, not a traceback at import."""
    (tmp_path / "fcntl.py").write_text("raise ImportError('no fcntl here')\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    done = subprocess.run(
        [sys.executable, "-c", "from duban.cli import main; main()", "list"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "duban 需要 Linux（含统信 UOS、银河麒麟）或 macOS：本系统没有文件锁（fcntl）；Windows 上请在 WSL 里运行"
    ]


def test_completion_finds_the_office_named_after_the_command(office: Duban, tmp_path: Path) -> None:
    case = office.new()
    for words in (f"duban show --repo {office.root} 2026", f"duban --repo {office.root} show 2026"):
        env = {**os.environ, "COMP_WORDS": words, "COMP_CWORD": "4", "_DUBAN_COMPLETE": "complete_bash"}
        env.pop("DUBAN_REPO", None)
        done = subprocess.run([sys.executable, "-m", "duban"], capture_output=True, text=True, env=env, cwd=tmp_path)
        assert case in done.stdout.split(), (words, done.stdout, done.stderr)
