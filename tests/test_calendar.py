"""Working days against the State Council's notices for 2025 and 2026, written here as data."""

from __future__ import annotations

import datetime as dt

import pytest

from duban.calendar import WorkCalendar, YearEntries

D = dt.date

# 国务院办公厅关于2025年、2026年部分节假日安排的通知: days off (inclusive) and make-up working days.
OFFICIAL = {
    2025: [
        ((D(2025, 1, 1), D(2025, 1, 1)), []),
        ((D(2025, 1, 28), D(2025, 2, 4)), [D(2025, 1, 26), D(2025, 2, 8)]),
        ((D(2025, 4, 4), D(2025, 4, 6)), []),
        ((D(2025, 5, 1), D(2025, 5, 5)), [D(2025, 4, 27)]),
        ((D(2025, 5, 31), D(2025, 6, 2)), []),
        ((D(2025, 10, 1), D(2025, 10, 8)), [D(2025, 9, 28), D(2025, 10, 11)]),
    ],
    2026: [
        ((D(2026, 1, 1), D(2026, 1, 3)), [D(2026, 1, 4)]),
        ((D(2026, 2, 15), D(2026, 2, 23)), [D(2026, 2, 14), D(2026, 2, 28)]),
        ((D(2026, 4, 4), D(2026, 4, 6)), []),
        ((D(2026, 5, 1), D(2026, 5, 5)), [D(2026, 5, 9)]),
        ((D(2026, 6, 19), D(2026, 6, 21)), []),
        ((D(2026, 9, 25), D(2026, 9, 27)), []),
        ((D(2026, 10, 1), D(2026, 10, 7)), [D(2026, 9, 20), D(2026, 10, 10)]),
    ],
}


def official_workday(day: dt.date) -> bool:
    for (first, last), makeup in OFFICIAL[day.year]:
        if first <= day <= last:
            return False
        if day in makeup:
            return True
    return day.weekday() < 5


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    return WorkCalendar()


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_day_of_the_year_matches_the_notice(calendar: WorkCalendar, year: int) -> None:
    day = D(year, 1, 1)
    wrong = []
    while day.year == year:
        if calendar.is_workday(day) != official_workday(day):
            wrong.append(day)
        day += dt.timedelta(days=1)
    assert wrong == []


def official_add(start: dt.date, days: int) -> dt.date:
    """Independent reference: walk day by day over the official table."""
    day = start
    while days:
        day += dt.timedelta(days=1)
        if official_workday(day):
            days -= 1
    return day


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # The design's own example: the count crosses 国庆 and lands on the make-up Saturday.
        (D(2026, 9, 28), 5, D(2026, 10, 10)),
        # The sample minutes: 10 working days after 9-14 includes the make-up Sunday 9-20, skips 中秋.
        (D(2026, 9, 14), 10, D(2026, 9, 28)),
        # Starting on a holiday: the start day is never counted.
        (D(2026, 10, 3), 1, D(2026, 10, 8)),
        (D(2026, 10, 1), 3, D(2026, 10, 10)),
        # Starting on a make-up working day: it is the start, not counted.
        (D(2026, 10, 10), 1, D(2026, 10, 12)),
        (D(2026, 2, 14), 1, D(2026, 2, 24)),
        # Starting on a Friday before an ordinary weekend.
        (D(2026, 11, 20), 1, D(2026, 11, 23)),
        # Spring Festival 2026 with make-up days on both sides.
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
        (D(2026, 2, 26), 2, D(2026, 2, 28)),
        # 2025: 国庆 and 中秋 together, make-up 9-28 and 10-11.
        (D(2025, 9, 26), 1, D(2025, 9, 28)),
        (D(2025, 9, 30), 1, D(2025, 10, 9)),
        (D(2025, 10, 9), 2, D(2025, 10, 11)),
        # 元旦 2026 and its make-up Sunday.
        (D(2025, 12, 31), 1, D(2026, 1, 4)),
        # Zero days (特急) is the day itself, even a holiday.
        (D(2026, 10, 2), 0, D(2026, 10, 2)),
    ],
)
def test_add_workdays_at_the_hard_places(calendar: WorkCalendar, start: dt.date, days: int, expected: dt.date) -> None:
    result = calendar.add_workdays(start, days)
    assert result.date == expected
    assert not result.provisional
    assert official_add(start, days) == expected


def test_add_workdays_agrees_with_the_notice_for_every_start_and_length(calendar: WorkCalendar) -> None:
    start = D(2025, 1, 1)
    while start < D(2026, 11, 1):
        for days in (1, 3, 5, 7, 15, 30):
            assert calendar.add_workdays(start, days).date == official_add(start, days), (start, days)
        start += dt.timedelta(days=1)


def test_a_deadline_crossing_into_an_unknown_year_is_provisional(calendar: WorkCalendar) -> None:
    # 12-29, 12-30, 12-31, then 2027-01-01 (元旦, a statutory holiday whatever the notice says), 01-04, 01-05.
    result = calendar.add_workdays(D(2026, 12, 28), 5)
    assert result.date == D(2027, 1, 5)
    assert result.provisional
    assert "暂按法定节假日推算" in result.label()
    assert not calendar.add_workdays(D(2026, 12, 28), 3).provisional
    assert calendar.add_workdays(D(2026, 12, 31), 1).date != D(2027, 1, 1)


def test_the_statutory_rule_gives_days_the_official_notices_made_holidays() -> None:
    """The rule (元旦1、春节4、清明1、劳动节2、端午1、中秋1、国庆3, lunar dates computed) checked
    against the notices of 2025 and 2026: every statutory day is a day off in the notice."""
    from duban.holidays import core_days

    for year in (2025, 2026):
        days = core_days(year)
        assert len(days) == 13
        for day in days:
            assert not official_workday(day), day


def test_2027_is_estimated_from_the_rule() -> None:
    from duban.holidays import statutory_days

    days = statutory_days(2027)
    # 除夕 2027-02-05 to 初三 02-08; 清明 04-05; 端午 06-09; 中秋 09-15 (from the lunar calendar).
    for day in (D(2027, 1, 1), D(2027, 2, 5), D(2027, 2, 8), D(2027, 4, 5), D(2027, 6, 9), D(2027, 9, 15)):
        assert day in days
    # 劳动节 05-01 and 05-02 fall on a Saturday and Sunday: made up on Monday and Tuesday.
    assert {D(2027, 5, 3), D(2027, 5, 4)} <= days and D(2027, 5, 5) not in days
    assert D(2027, 10, 4) in days and D(2027, 10, 5) in days  # 国庆 10-02、10-03 on the weekend


def test_office_entries_win_and_make_a_year_known() -> None:
    entries = {
        2027: YearEntries(
            holidays=frozenset({D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)}),
            workdays=frozenset(),
        ),
        # A local day off inside a covered year, and a library holiday turned into a working day.
        2026: YearEntries(holidays=frozenset({D(2026, 11, 23)}), workdays=frozenset({D(2026, 10, 7)})),
    }
    calendar = WorkCalendar(entries)
    result = calendar.add_workdays(D(2026, 12, 30), 2)
    assert result.date == D(2027, 1, 4)
    assert not result.provisional
    assert not calendar.is_workday(D(2026, 11, 23))
    assert calendar.is_workday(D(2026, 10, 7))
    assert calendar.add_workdays(D(2026, 11, 20), 1).date == D(2026, 11, 24)


def test_workdays_between_counts_the_days_after_the_start(calendar: WorkCalendar) -> None:
    assert calendar.workdays_between(D(2026, 9, 28), D(2026, 10, 10)) == 5
    assert calendar.workdays_between(D(2026, 10, 10), D(2026, 9, 28)) == -5
    assert calendar.workdays_between(D(2026, 10, 1), D(2026, 10, 7)) == 0


def test_dates_beyond_the_table_are_counted_day_by_day(calendar: WorkCalendar) -> None:
    result = calendar.add_workdays(D(2060, 1, 2), 1)
    assert result.date == D(2060, 1, 5)
    assert result.provisional


def test_the_library_version_is_read_without_importing_its_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """The caches are keyed by chinese-calendar's version; a command answered from them reads the
    version from the package's file instead of importing the library."""
    import sys

    import chinese_calendar

    from duban.calendar import library_version

    monkeypatch.delitem(sys.modules, "chinese_calendar")
    assert library_version() == chinese_calendar.__version__
    assert "chinese_calendar" not in sys.modules


def test_the_lunar_table_is_what_lunar_python_computes_for_every_year() -> None:
    """holidays.LUNAR_DATES (春节, 清明, 端午, 中秋 of 1901–2100) computed again, year by year."""
    from duban.holidays import LUNAR_DATES, TABLE_FIRST_YEAR, computed_dates, lunar_dates

    years = range(TABLE_FIRST_YEAR, TABLE_FIRST_YEAR + len(LUNAR_DATES.split()))
    assert (years.start, years.stop) == (1901, 2101)
    for year in years:
        assert lunar_dates(year) == computed_dates(year), year
    assert lunar_dates(2101) == computed_dates(2101)  # past the table: computed
    # Known dates, from the almanac rather than the code: 春节 2027-02-06, 中秋 2028-10-03.
    assert lunar_dates(2027)[0] == D(2027, 2, 6)
    assert lunar_dates(2028)[3] == D(2028, 10, 3)


def test_a_calendar_is_built_without_computing_lunar_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    from duban import holidays

    def refuse(year: int) -> None:
        raise AssertionError(f"computed {year}")

    monkeypatch.setattr(holidays, "computed_dates", refuse)
    holidays.core_days.cache_clear()
    holidays.statutory_days.cache_clear()
    try:
        calendar = WorkCalendar()
        assert calendar.add_workdays(D(2030, 2, 1), 5).provisional
    finally:
        holidays.core_days.cache_clear()
        holidays.statutory_days.cache_clear()
