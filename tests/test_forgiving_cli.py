"""The command line forgives what clerks do: global options after the command's name."""

from __future__ import annotations

import json
import os
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
