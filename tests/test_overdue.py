"""The morning check: right to the day at the boundaries, quiet for cron, and answered from the cache."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import Duban

from duban import store


def registered(office: Duban, title: str, deadline: str, day: str = "2026-09-22", *extra: str) -> str:
    office.today = day
    case_id = office.new(title, "--lead-unit", "财政局", *extra)
    office("assign", case_id, "--deadline", deadline)
    return case_id


def check(office: Duban, day: str, *args: str) -> dict[str, dict]:  # type: ignore[type-arg]
    office.today = day
    data = json.loads(office("overdue", "--format", "json", *args).stdout)
    return {item["编号"]: item for item in data["事项"]}


def levels(found: dict[str, dict]) -> dict[str, str]:  # type: ignore[type-arg]
    return {case_id: item["级别"] for case_id, item in found.items()}


def test_levels_around_national_day(office: Duban) -> None:
    yesterday = registered(office, "昨天到期", "2026-09-29")
    today = registered(office, "今天到期", "2026-09-30")
    after_holiday = registered(office, "节后第二个工作日到期", "2026-10-09")
    makeup = registered(office, "调休上班日到期", "2026-10-10")
    later = registered(office, "节后第四个工作日到期", "2026-10-12")
    found = check(office, "2026-09-30", "--within", "2")
    assert levels(found) == {yesterday: "逾期", today: "临期", after_holiday: "临期"}
    assert found[yesterday]["逾期工作日"] == 1
    assert found[today]["剩余工作日"] == 0
    assert found[after_holiday]["剩余工作日"] == 2  # 10-08 and 10-09; the holiday does not count
    found = check(office, "2026-09-30", "--within", "3")
    assert makeup in found and later not in found
    assert found[makeup]["剩余工作日"] == 3
    # After the holiday the two early ones are late by working days only.
    found = check(office, "2026-10-08", "--within", "0")
    assert found[yesterday]["逾期工作日"] == 2 and found[today]["逾期工作日"] == 1
    assert levels(found) == {yesterday: "逾期", today: "逾期"}


def test_levels_across_a_weekend(office: Duban) -> None:
    thursday = registered(office, "周四到期", "2026-11-19", "2026-11-16")
    tuesday = registered(office, "下周二到期", "2026-11-24", "2026-11-16")
    wednesday = registered(office, "下周三到期", "2026-11-25", "2026-11-16")
    found = check(office, "2026-11-20", "--within", "2")
    assert levels(found) == {thursday: "逾期", tuesday: "临期"}
    assert found[tuesday]["剩余工作日"] == 2
    assert wednesday not in found
    # Saturday after a Friday deadline: late, by no working day yet.
    friday = registered(office, "周五到期", "2026-11-20", "2026-11-16")
    found = check(office, "2026-11-21", "--within", "0")
    assert found[friday]["级别"] == "逾期" and found[friday]["逾期工作日"] == 0


def test_the_default_within_comes_from_config(office: Duban) -> None:
    three = registered(office, "三个工作日后到期", "2026-09-17", "2026-09-10")
    four = registered(office, "四个工作日后到期", "2026-09-18", "2026-09-10")
    found = check(office, "2026-09-14")
    assert three in found and four not in found


def test_an_extension_in_time_moves_the_case_out_of_red_a_late_one_does_not(office: Duban) -> None:
    case_id = registered(office, "某事项", "2026-09-29")
    assert levels(check(office, "2026-09-30")) == {case_id: "逾期"}
    office.today = "2026-09-30"
    office("extend", case_id, "--to", "2026-10-30", "--reason", "需协调", "--approved-by", "王建国")
    late = check(office, "2026-09-30")
    assert levels(late) == {case_id: "逾期"}  # asked after the deadline: still late, with a new date to work to
    assert "已逾期申请延期至 2026-10-30" in late[case_id]["说明"]
    other = registered(office, "另一事项", "2026-10-30")
    office.today = "2026-10-30"
    office("extend", other, "--to", "2026-11-30", "--reason", "需协调", "--approved-by", "王建国")
    assert other not in check(office, "2026-11-02")


def test_cases_under_review_are_not_chased_but_can_stall(office: Duban) -> None:
    case_id = registered(office, "某事项", "2026-09-29")
    office.today = "2026-09-28"
    office("report", case_id, "--unit", "财政局", "--signer", "钱正明", "--text", "完成", "--final")
    assert check(office, "2026-09-30") == {}
    stalled = check(office, "2026-10-30")
    assert levels(stalled) == {case_id: "停滞"}
    assert stalled[case_id]["无进展工作日"] > 10


def test_weekly_report_missing_in_the_last_period(office: Duban) -> None:
    case_id = registered(office, "每周报告事项", "2026-12-31", "2026-11-04", "--report-every", "每周")
    assert check(office, "2026-11-10") == {}  # the first full week (11-09..15) is not over yet
    assert levels(check(office, "2026-11-17")) == {case_id: "逾期未报"}
    office.today = "2026-11-17"
    office("report", case_id, "--unit", "财政局", "--signer", "钱正明", "--text", "本周进展")
    assert check(office, "2026-11-17") == {}
    assert check(office, "2026-11-23") == {}  # reported in the week just ended
    assert levels(check(office, "2026-12-01")) == {case_id: "逾期未报"}


def test_plain_output_and_csv_with_bom(office: Duban) -> None:
    late = registered(office, "逾期事项", "2026-09-29")
    office.today = "2026-09-30"
    plain = office("overdue", "--format", "plain").stdout.splitlines()
    assert plain[0].startswith("示范区人民政府办公室 督办事项检查（2026-09-30）：逾期 1 项")
    assert plain[1].startswith(
        f"[逾期] {late} 督〔2026〕1号 逾期事项 | 区财政局 | 时限 2026-09-29 | 逾期 1 个工作日 | 催办 0 次"
    )
    raw = office("overdue", "--format", "csv").stdout_bytes
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["编号"] == late and rows[0]["级别"] == "逾期" and rows[0]["逾期工作日"] == "1"
    units = json.loads(office("overdue", "--by-unit", "--format", "json").stdout)
    assert units["单位"] == [
        {"单位": "区财政局", "逾期": 1, "整改逾期": 0, "协办逾期": 0, "临期": 0, "逾期未报": 0, "停滞": 0}
        | {"请示未复": 0}
    ]


def test_quiet_and_exit_code_for_cron(office: Duban) -> None:
    case_id = registered(office, "某事项", "2026-10-30")
    office.today = "2026-09-15"
    result = office("overdue", "--quiet", "--exit-code")
    assert result.exit_code == 0 and result.stdout == ""
    office.today = "2026-10-28"
    result = office("overdue", "--quiet", "--exit-code")
    assert result.exit_code == 0 and "[临期]" in result.stdout
    office.today = "2026-11-02"
    result = office("overdue", "--quiet", "--exit-code", ok=False)
    assert result.exit_code == 3 and f"[逾期] {case_id}" in result.stdout


def test_remind_records_once_per_case_per_day_in_one_commit(office: Duban) -> None:
    first = registered(office, "一", "2026-09-29")
    second = registered(office, "二", "2026-09-29")
    registered(office, "三", "2026-10-30")
    before = office.commits()
    office.today = "2026-09-30"
    result = office("overdue", "--remind", "--format", "json")
    assert json.loads(result.stdout)["已催办"] == [first, second]
    assert office.commits() == before + 1
    again = office("overdue", "--remind", "--format", "json")
    assert json.loads(again.stdout)["已催办"] == []
    assert office.commits() == before + 1
    assert {i["编号"]: i["催办次数"] for i in json.loads(again.stdout)["事项"]} == {first: 1, second: 1}


def test_remind_overdue_selects_the_same_red_cases(office: Duban) -> None:
    late = registered(office, "逾期", "2026-09-29")
    registered(office, "今天到期", "2026-09-30")
    office.today = "2026-09-30"
    assert office("remind", "--overdue").stdout.strip() == f"已催办 {late}（第 1 次）"


def test_runs_under_crons_bare_environment(office: Duban) -> None:
    registered(office, "城南片区内涝点整治", "2026-09-29")
    env = {"PATH": "/usr/bin:/bin", "DUBAN_TODAY": "2026-09-30"}
    command = [sys.executable, "-m", "duban", "--repo", str(office.root), "overdue"]
    done = subprocess.run(command, env=env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    text = done.stdout.decode("utf-8")
    assert "[逾期] 2026-0001 督〔2026〕1号 城南片区内涝点整治" in text
    assert "\x1b[" not in text
    quiet = subprocess.run([*command, "--quiet"], env={**env, "DUBAN_TODAY": "2026-09-01"}, capture_output=True)
    assert quiet.returncode == 0 and quiet.stdout == b""
    red = subprocess.run([*command, "--exit-code"], env=env, capture_output=True)
    assert red.returncode == 3


def _write_cases(root: Path, count: int) -> None:
    """count cases, 9,000 numbered in 2026 and the rest in 2025, due on every day of September."""
    for year in ("2025", "2026"):
        (root / "cases" / year).mkdir(parents=True, exist_ok=True)
    template = (
        "编号: {y}-{s:04d}\n文号: 督〔{y}〕{s}号\n标题: 第{n}项督办事项\n来源: {{类别: 会议议定}}\n"
        "批示领导: null\n督办内容: 请按期办结。\n主办单位: [区财政局]\n协办单位: []\n紧急程度: 一般\n"
        "报告类别: 一般性\n知情范围: []\n报告周期: 无\n上级事项: null\n立项日期: 2026-09-01\n"
        "交办日期: 2026-09-01\n办理时限: 2026-09-{d:02d}\n时限工作日: null\n状态: 办理中\n"
        "办理过程:\n  - {{日期: 2026-09-01, 动作: 立项, 经办人: 李明}}\n"
        "  - {{日期: 2026-09-01, 动作: 交办, 经办人: 李明}}\n办理报告: []\n"
    )
    for n in range(1, count + 1):
        year, serial = ("2026", n) if n <= 9000 else ("2025", n - 9000)
        text = template.format(y=year, s=serial, n=n, d=1 + n % 28)
        (root / "cases" / year / f"{year}-{serial:04d}.yaml").write_text(text, encoding="utf-8")


def test_ten_thousand_cases_are_answered_from_the_cache(office: Duban) -> None:
    _write_cases(office.root, 10_000)
    office.today = "2026-09-15"
    store.parse_count = 0
    first = json.loads(office("overdue", "--format", "json").stdout)
    assert store.parse_count == 10_000
    store.parse_count = 0
    second = json.loads(office("overdue", "--format", "json").stdout)
    assert store.parse_count == 0
    assert second == first
    assert sum(1 for item in first["事项"] if item["级别"] == "逾期") == sum(
        1 for n in range(1, 10_001) if 1 + n % 28 < 15
    )
    assert office("check").exit_code == 0
    os.utime(office.root / "cases" / "2026" / "2026-0001.yaml")
    store.parse_count = 0
    office("overdue", "--format", "json")
    assert store.parse_count == 1


def test_workday_only_is_silent_on_days_off_and_runs_on_makeup_days(office: Duban) -> None:
    registered(office, "某事项", "2026-09-29")
    for day in ("2026-10-03", "2026-10-11"):  # 国庆, an ordinary Sunday
        office.today = day
        result = office("overdue", "--workday-only", "--exit-code", "--remind")
        assert result.exit_code == 0 and result.stdout == ""
    office.today = "2026-10-10"  # the make-up Saturday is a working day
    result = office("overdue", "--workday-only", "--exit-code", ok=False)
    assert result.exit_code == 3 and "[逾期]" in result.stdout


def test_a_wrong_as_of_from_the_installed_command_is_a_usage_error(office: Duban) -> None:
    command = [sys.executable, "-m", "duban", "--repo", str(office.root), "--as-of", "2026-02-30", "overdue"]
    broken = subprocess.run([*command, "--format", "plain"], capture_output=True, text=True)
    assert broken.returncode == 2 and broken.stderr.startswith("用法错误：--as-of 的日期“2026-02-30”不是有效日期")
