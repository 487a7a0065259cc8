"""Deadline phrases of minutes, each against the State Council's holiday notices (2025: 国庆 and 中秋
merged 10-01..08; 2026: 春节 02-15..23 with Saturday 02-14 a working day, 清明 04-04..06, 劳动节 05-01..05,
端午 06-19..21, 中秋 09-25..27, 国庆 10-01..07), not against the code's own output. The rules are the
README's (导入纪要 → 时限怎么读)."""

from __future__ import annotations

import datetime as dt

import pytest

from duban.calendar import WorkCalendar
from duban.importers.deadlines import Deadline, read_deadline

D = dt.date
CAL = WorkCalendar()


def _date(text: str, base: dt.date) -> dt.date | None:
    reading = read_deadline(text, base, CAL)
    assert reading is not None, text
    assert not reading.unknown and not reading.standing, reading
    return reading.date


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        # 节前: the last working day before the first day off of that festival's break
        ("春节前完成欠薪清零", D(2026, 1, 20), D(2026, 2, 14)),  # Saturday 02-14 is a make-up working day
        ("清明节前完成", D(2026, 1, 20), D(2026, 4, 3)),
        ("清明前完成", D(2026, 1, 20), D(2026, 4, 3)),
        ("五一前完成", D(2026, 3, 2), D(2026, 4, 30)),
        ("劳动节前完成", D(2026, 3, 2), D(2026, 4, 30)),
        ("端午节前完成", D(2026, 3, 2), D(2026, 6, 18)),
        ("中秋节前完成", D(2026, 1, 20), D(2026, 9, 24)),
        ("国庆节前完成", D(2026, 1, 20), D(2026, 9, 30)),
        ("中秋节前完成", D(2025, 9, 1), D(2025, 9, 30)),  # 2025: 中秋 (10-06) inside the 国庆 break 10-01..08
        ("元旦前完成", D(2025, 12, 1), D(2025, 12, 31)),
        ("国庆节前完成", D(2026, 10, 9), D(2027, 9, 30)),  # already past this year: next year's, by rule
        # periods, counted from the meeting day; a period that ends on a rest day runs to the next working day
        ("15日内完成", D(2026, 1, 20), D(2026, 2, 4)),
        ("30天内完成", D(2026, 3, 5), D(2026, 4, 7)),  # 04-04 is the 清明 break: on to Tuesday 04-07
        ("两个月内完成", D(2026, 1, 20), D(2026, 3, 20)),
        ("1个月内完成", D(2026, 11, 24), D(2026, 12, 24)),
        ("3个月内完成", D(2026, 11, 30), D(2027, 3, 1)),  # 02-28 is a Sunday
        ("10个工作日内", D(2026, 1, 20), D(2026, 2, 3)),
        ("10个工作日内", D(2026, 2, 10), D(2026, 3, 2)),  # across the Spring Festival, 02-14 and 02-28 counted
        # quarters, halves, months, 旬
        ("季度内完成", D(2026, 1, 20), D(2026, 3, 31)),
        ("本季度末", D(2026, 8, 3), D(2026, 9, 30)),
        ("三季度末前完成", D(2026, 1, 20), D(2026, 9, 30)),
        ("一季度末前完成", D(2026, 3, 5), D(2026, 3, 31)),
        ("明年一季度末完成", D(2026, 3, 5), D(2027, 3, 31)),
        ("上半年完成", D(2026, 1, 20), D(2026, 6, 30)),
        ("下半年完成", D(2026, 1, 20), D(2026, 12, 31)),
        ("本月底前发放到位", D(2026, 1, 20), D(2026, 1, 31)),  # a Saturday: kept as written
        ("下月10日前发放到位", D(2026, 1, 20), D(2026, 2, 10)),
        ("下月底前", D(2026, 12, 3), D(2027, 1, 31)),
        ("4月中旬完成", D(2026, 1, 20), D(2026, 4, 20)),
        ("2月下旬完成", D(2026, 1, 20), D(2026, 2, 28)),
        ("年内完成", D(2026, 1, 20), D(2026, 12, 31)),
        ("明年底前完成", D(2026, 1, 20), D(2027, 12, 31)),
        ("明年3月底前完成", D(2026, 12, 3), D(2027, 3, 31)),
        ("1月15日前完成", D(2026, 11, 18), D(2027, 1, 15)),
        # 立即: the first working day after the meeting
        ("立即启动价格监测", D(2026, 1, 20), D(2026, 1, 21)),
        ("即知即改", D(2026, 9, 30), D(2026, 10, 8)),  # 国庆 10-01..07: the first working day is Thursday 10-08
        # a phrase inside the task's name is not its deadline; of two dates the last is the case's
        ("15日内完成春节前安全生产大检查", D(2026, 1, 20), D(2026, 2, 4)),
        ("即日起开展排查整治，12月25日前全部完成", D(2026, 11, 18), D(2026, 12, 25)),
        ("12月10日前完成初审，12月31日前报区政府", D(2026, 11, 18), D(2026, 12, 31)),
        ("持续推进，12月底前完成", D(2026, 11, 18), D(2026, 12, 31)),
    ],
)
def test_phrases_read_by_the_official_calendar(text: str, base: dt.date, expected: dt.date) -> None:
    assert _date(text, base) == expected


def test_a_festival_of_a_year_whose_notice_is_not_out_is_provisional() -> None:
    """2027-01-01 is a Friday: by the statute the break is Fri–Sun, so 明年元旦前 said in 2026 is
    Thursday 2026-12-31, computed by rule and marked as such."""
    reading = read_deadline("明年元旦前完成", D(2026, 1, 20), CAL)
    assert reading is not None and reading.date == D(2026, 12, 31) and reading.provisional
    assert "暂按法定规则推算" in reading.note
    spring = read_deadline("春节前完成", D(2026, 12, 9), CAL)  # 2027 初一 is 02-06: 除夕 02-05 is off
    assert spring is not None and spring.date == D(2027, 2, 4) and spring.provisional
    known = read_deadline("国庆节前完成", D(2026, 1, 20), CAL)
    assert known is not None and not known.provisional


@pytest.mark.parametrize(
    "text",
    [
        "汛期到来前完成",
        "春季开学前完成",
        "主汛期前完成",
        "区水利局秋收前完成",
        "要在项目开工前完成",
        "春节前后完成",
        "适时组织",
    ],
)
def test_a_phrase_no_rule_covers_is_unknown_never_absent(text: str) -> None:
    reading = read_deadline(text, D(2026, 12, 3), CAL)
    assert reading is not None and reading.unknown and reading.date is None
    assert reading.phrase in text and not reading.phrase.startswith(("在", "要"))


@pytest.mark.parametrize("text", ["持续开展违法建设治理", "长期坚持开展防范宣传", "常态化开展巡查"])
def test_a_standing_duty_has_no_deadline(text: str) -> None:
    reading = read_deadline(text, D(2026, 1, 20), CAL)
    assert reading is not None and reading.standing and reading.date is None


def test_nothing_stated_and_words_of_speed() -> None:
    assert read_deadline("区应急管理局要组织修订全区防汛应急预案", D(2026, 12, 3), CAL) is None
    assert read_deadline("目前已完成年度任务的35%", D(2026, 12, 3), CAL) is None
    vague = read_deadline("尽快研究提出意见", D(2026, 12, 3), CAL)
    assert vague is not None and vague.date is None and vague.sure == "推断" and not vague.unknown


def test_the_clerks_reading_of_a_phrase_wins() -> None:
    given = {"汛期到来前": Deadline(D(2027, 5, 31))}
    reading = read_deadline("汛期到来前完成除险加固", D(2026, 12, 3), CAL, given)
    assert reading is not None and reading.date == D(2027, 5, 31) and reading.sure == "给出"
