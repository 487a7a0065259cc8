"""Working days: the State Council's holiday schedule, the office's own entries, and arithmetic over them.

Counting follows the rule of administrative deadlines: the day the period starts is not
counted, so N working days after a date is the Nth working day strictly after it, whether
or not that date is itself a working day. Zero working days (特急) is the date itself.

The library's tables are read once into sets and turned into a table of cumulative working
day counts, so every computation is a couple of list lookups.
"""

from __future__ import annotations

import bisect
import datetime as dt
import sys
from collections.abc import Iterable, Mapping

from duban.records import NamedTuple

PROVISIONAL_LABEL = "暂按法定节假日推算"

# How far past the last covered year the table reaches; later dates are counted day by day.
_TABLE_TAIL_YEARS = 12


class YearEntries(NamedTuple):
    """The office's own entries for one year: extra days off and make-up working days."""

    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]


class Deadline(NamedTuple):
    """A computed date and whether it rests on a year whose schedule is not known yet."""

    date: dt.date
    provisional: bool

    def label(self) -> str:
        text = self.date.isoformat()
        return f"{text}（{PROVISIONAL_LABEL}）" if self.provisional else text


def _library_tables() -> tuple[set[dt.date], set[dt.date], int, int]:
    from chinese_calendar import constants

    holidays = set(constants.holidays)
    workdays = set(constants.workdays)
    years = [d.year for d in holidays]
    return holidays, workdays, min(years), max(years)


def library_years() -> tuple[int, int]:
    """The first and last year of the official schedule that chinese-calendar ships."""
    return _library_tables()[2:]


def library_version() -> str:
    """chinese-calendar's version, read from its package file when the library is not loaded yet:
    a command answered from the caches never imports its tables."""
    if "chinese_calendar" not in sys.modules:
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec("chinese_calendar")
        try:
            with open(spec.origin if spec is not None and spec.origin else "", encoding="utf-8") as stream:
                for line in stream:
                    if line.startswith("__version__ = "):
                        return line.split("=", 1)[1].strip().strip("\"'")
        except OSError:
            pass  # not where a package's file would be: the library answers itself
    import chinese_calendar

    return str(getattr(chinese_calendar, "__version__", "unknown"))


class WorkCalendar:
    """Official working days, with the office's entries winning over the library."""

    def __init__(self, office_entries: Mapping[int, YearEntries] | None = None) -> None:
        holidays, workdays, first, last = _library_tables()
        self._entries = dict(office_entries or {})
        for entries in self._entries.values():
            holidays -= entries.workdays
            workdays -= entries.holidays
            holidays |= entries.holidays
            workdays |= entries.workdays
        self._holidays = frozenset(holidays)
        self._workdays = frozenset(workdays)
        self._library_years = (first, last)
        self._covered = set(range(first, last + 1)) | set(self._entries)
        # Years no schedule covers: the statutory holidays, computed (holidays.py).
        from duban.holidays import statutory_days

        last_year = max(self._covered) + _TABLE_TAIL_YEARS
        estimated: set[dt.date] = set()
        for year in range(max(self._covered) + 1, last_year + 1):
            estimated |= statutory_days(year)
        self._holidays = self._holidays | frozenset(estimated)
        self._build_table(first, last_year)

    # -- coverage -------------------------------------------------------------------------

    def covers(self, year: int) -> bool:
        """True when the schedule of that year is known (library or config)."""
        return year in self._covered

    @property
    def covered_years(self) -> tuple[int, int]:
        return min(self._covered), max(self._covered)

    def fingerprint(self) -> str:
        """Identifies the calendar's content, for cache keys."""
        import hashlib

        from duban.holidays import RULES_VERSION

        digest = hashlib.sha256()
        digest.update(library_version().encode())
        digest.update(RULES_VERSION.encode())
        for year in sorted(self._entries):
            entries = self._entries[year]
            digest.update(str(year).encode())
            digest.update(",".join(sorted(d.isoformat() for d in entries.holidays)).encode())
            digest.update(b"|")
            digest.update(",".join(sorted(d.isoformat() for d in entries.workdays)).encode())
        return digest.hexdigest()[:16]

    # -- single days ----------------------------------------------------------------------

    def is_workday(self, day: dt.date) -> bool:
        if day in self._workdays:
            return True
        if day in self._holidays:
            return False
        if day.weekday() >= 5:
            return False
        if self._origin <= day.toordinal() <= self._end or self.covers(day.year):
            return True
        from duban.holidays import statutory_days  # beyond the table: decades ahead

        return day not in statutory_days(day.year)

    # -- arithmetic -----------------------------------------------------------------------

    def _build_table(self, first_year: int, last_year: int) -> None:
        start = dt.date(first_year, 1, 1)
        end = dt.date(last_year, 12, 31)
        self._origin = start.toordinal()
        self._end = end.toordinal()
        # _cumulative[i]: working days from the origin up to and including origin + i.
        cumulative: list[int] = []
        working: list[int] = []
        count = 0
        day = start
        one = dt.timedelta(days=1)
        for ordinal in range(self._origin, self._end + 1):
            if self.is_workday(day):
                count += 1
                working.append(ordinal)
            cumulative.append(count)
            day += one
        self._cumulative = cumulative
        self._working = working

    def _in_table(self, day: dt.date) -> bool:
        return self._origin <= day.toordinal() <= self._end

    def add_workdays(self, start: dt.date, days: int) -> Deadline:
        """The Nth working day strictly after start; N = 0 gives start itself."""
        if days < 0:
            raise ValueError("days must not be negative")
        if days == 0:
            return Deadline(start, False)
        ordinal = start.toordinal()
        if self._origin <= ordinal <= self._end:
            index = self._cumulative[ordinal - self._origin] + days - 1
            if index < len(self._working):
                result = dt.date.fromordinal(self._working[index])
                return Deadline(result, self._spans_unknown(start, result))
        result = self._add_slowly(start, days)
        return Deadline(result, self._spans_unknown(start, result))

    def _add_slowly(self, start: dt.date, days: int) -> dt.date:
        day = start
        one = dt.timedelta(days=1)
        while days:
            day += one
            if self.is_workday(day):
                days -= 1
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.workdays_between(end, start)
        if self._in_table(start) and self._in_table(end):
            base = self._origin
            return self._cumulative[end.toordinal() - base] - self._cumulative[start.toordinal() - base]
        count = 0
        day = start
        one = dt.timedelta(days=1)
        while day < end:
            day += one
            if self.is_workday(day):
                count += 1
        return count

    def roll_forward(self, day: dt.date) -> dt.date:
        """A deadline that falls on a rest day moves to the next working day (期间的最后一日是
        法定休假日的，以休假日结束的次日为期间的最后一日)."""
        return self.next_workday_on_or_after(day)

    def next_workday_on_or_after(self, day: dt.date) -> dt.date:
        if self._in_table(day):
            index = bisect.bisect_left(self._working, day.toordinal())
            if index < len(self._working):
                return dt.date.fromordinal(self._working[index])
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def _spans_unknown(self, start: dt.date, end: dt.date) -> bool:
        first = (start + dt.timedelta(days=1)).year if start < end else end.year
        return any(not self.covers(year) for year in range(first, end.year + 1))

    def is_provisional(self, start: dt.date, end: dt.date) -> bool:
        """True when counting from start to end crosses a year whose schedule is unknown."""
        return self._spans_unknown(start, end)


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day N months later, or the month's last day when it has no such day (3个月 from
    11-30 is 02-28, or 02-29 in a leap year)."""
    import calendar as monthcal

    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(start.day, monthcal.monthrange(year, month)[1]))


def expand_days(items: Iterable[object]) -> set[dt.date]:
    """Dates from a list whose items are dates or [first, last] inclusive ranges."""
    days: set[dt.date] = set()
    for item in items:
        if isinstance(item, dt.date):
            days.add(item)
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            first, last = item
            if not (isinstance(first, dt.date) and isinstance(last, dt.date)) or last < first:
                raise ValueError(item)
            day = first
            while day <= last:
                days.add(day)
                day += dt.timedelta(days=1)
        else:
            raise ValueError(item)
    return days


DEFAULT_TIME_ZONE = "Asia/Shanghai"
# China keeps one offset all year: where the system has no time zone data, Beijing time is UTC+8.
_BEIJING = ("Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "PRC", "Asia/Beijing")


def time_zone(name: str) -> dt.tzinfo | None:
    """The time zone of an IANA name (Asia/Shanghai), or None when there is no such zone."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:  # unknown name, no tz data on this system
        if name in _BEIJING:
            return dt.timezone(dt.timedelta(hours=8), "北京时间")
        return None


def office_zone(name: str = DEFAULT_TIME_ZONE) -> dt.tzinfo | None:
    """The office's time zone (config.yaml 时区), Beijing time where the name is not one."""
    return time_zone(name) or time_zone(DEFAULT_TIME_ZONE)


def today_in(name: str = DEFAULT_TIME_ZONE, now: dt.datetime | None = None) -> dt.date:
    """Today in the office's time zone (at the instant now, by default this one): a server whose
    clock is on UTC runs 07:30 Beijing time while its own date is still the day before."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(office_zone(name)).date()
