"""Found by a review of issues 31–33: a typo around a date, a morning whose reminders cannot be
recorded, git speaking Chinese, a monthly report in the same words, and more."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import Duban, set_config

from duban.cli.root import parse_date
from duban.errors import UsageError

TODAY = dt.date(2026, 10, 14)


@pytest.mark.parametrize("typed", ["2026-11-3O", "2026-12-1O", "2026.12.1O", "10个工作日内吧", "2026-12-01吧"])
def test_a_typo_around_a_date_is_refused_not_read_as_another_date(typed: str) -> None:
    with pytest.raises(UsageError):
        parse_date(typed, "--deadline", TODAY)


def test_xiaxia_zhouwu_is_not_next_friday() -> None:
    # 下下周五 is the Friday of the week after next (2026-10-30), or refused; never 下周五's date.
    try:
        day = parse_date("下下周五", "--deadline", TODAY)
    except UsageError:
        return
    assert day != dt.date(2026, 10, 23)


def test_the_deadline_registered_is_the_one_typed(office: Duban) -> None:
    office.today = "2026-10-14"
    result = office(
        "new",
        "--title",
        "测试",
        "--source-kind",
        "会议议定",
        "--lead-unit",
        "住建局",
        "--deadline",
        "2026-11-3O",
        ok=False,
    )
    # HEAD: exit 0, registered with 办理时限 2026-11-03
    assert result.exit_code == 2, office("show", "2026-0001").stdout


def test_by_unit_typed_on_list_is_not_told_that_by_needs_a_value(office: Duban) -> None:
    result = office("list", "--by-unit", ok=False)
    assert result.exit_code == 2
    assert "--by 后面需要一个值" not in result.stderr, result.stderr


def test_days_zero_with_a_deadline_is_a_usage_error(office: Duban) -> None:
    case = office.new("测试", "--lead-unit", "住建局")
    result = office("assign", case, "--deadline", "2026-12-01", "--days", "0", ok=False)
    assert result.exit_code == 2, (result.exit_code, result.stderr)


def test_morning_still_reports_when_the_reminders_cannot_be_recorded(office: Duban) -> None:
    office.today = "2026-09-28"
    late = office.new("城区内涝点整治", "--lead-unit", "城管局")
    office("assign", late, "--days", "3")
    set_config(office, "每日检查:\n  催办: true\n")
    office.git("checkout", "-q", "--detach")  # or: the server's user.name not in 经办人, a lock, a read-only disk
    office.today = "2026-10-12"
    result = office("morning", ok=False)
    assert "城区内涝点整治" in result.stdout, (result.exit_code, result.stdout, result.stderr)


def test_git_said_keeps_a_message_git_printed_in_chinese() -> None:
    from duban.audit.git import git_said

    said = git_said("致命错误：在合并过程中不能做部分提交。\n", 128)
    assert said != "退出状态 128", said


def test_a_monthly_progress_report_with_the_same_words_is_not_a_duplicate(office: Duban, tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from reportfill import fill

    office.today = "2026-09-28"
    case = office.new("按月报告的事项", "--lead-unit", "住建局", "--report-every", "每月")
    office("assign", case, "--days", "60")
    office("render", "report-form", case, "--format", "docx", "-o", str(tmp_path / "form.docx"))
    form = tmp_path / "form.docx"
    oct_ = fill(
        form, tmp_path / "10月.docx", "按计划推进，本月无新增问题。", "张三", final=False, date="2026年10月15日"
    )
    nov = fill(form, tmp_path / "11月.docx", "按计划推进，本月无新增问题。", "张三", final=False, date="2026年11月16日")
    office.today = "2026-10-15"
    office("import", "report", str(oct_))
    office.today = "2026-11-16"
    result = office("import", "report", str(nov), ok=False)
    assert result.exit_code == 0, result.stderr
