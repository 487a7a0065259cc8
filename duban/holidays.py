"""The statutory holidays of a year whose official schedule is not announced yet, by the rules of
《全国年节及纪念日放假办法》 as revised in 2024: 元旦 1 day, 春节 4 days from 除夕, 清明 1, 劳动节 2,
端午 1, 中秋 1, 国庆 3; a holiday that falls on a Saturday or Sunday is made up on the next working
day (补假). The State Council's notice also moves days around (调休), which cannot be known ahead:
deadlines counted over such a year stay marked as estimated until its schedule is in.

The lunar dates (除夕, 端午, 中秋) and the solar term 清明 come from lunar-python, imported only when
a calendar reaches past the announced years."""

from __future__ import annotations

import datetime as dt
from functools import cache

RULES_VERSION = "2024"  # part of the calendar's fingerprint: cached deadlines follow a change of rule


def _solar(solar: object) -> dt.date:
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())  # type: ignore[attr-defined]


@cache
def core_days(year: int) -> frozenset[dt.date]:
    """The holidays the statute names, before any 补假."""
    from lunar_python import Lunar

    new_year = _solar(Lunar.fromYmd(year, 1, 1).getSolar())
    days = {dt.date(year, 1, 1)}
    days |= {new_year + dt.timedelta(days=offset) for offset in range(-1, 3)}  # 除夕 to 初三
    days.add(_solar(Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]))
    days |= {dt.date(year, 5, 1), dt.date(year, 5, 2)}
    days.add(_solar(Lunar.fromYmd(year, 5, 5).getSolar()))  # 端午
    days.add(_solar(Lunar.fromYmd(year, 8, 15).getSolar()))  # 中秋
    days |= {dt.date(year, 10, day) for day in (1, 2, 3)}
    return frozenset(days)


@cache
def statutory_days(year: int) -> frozenset[dt.date]:
    """The days off by statute in a year, with the 补假 for those on a weekend."""
    days = core_days(year)
    off = set(days)
    for day in sorted(days):
        if day.weekday() >= 5:
            substitute = day + dt.timedelta(days=1)
            while substitute.weekday() >= 5 or substitute in off:
                substitute += dt.timedelta(days=1)
            off.add(substitute)
    return frozenset(d for d in off if d.year == year)
