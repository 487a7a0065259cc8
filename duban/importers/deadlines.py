"""Deadlines as offices write them: 2026年10月31日前, 11月底前, 下周五前, 10个工作日内, 一季度末, ..."""

from __future__ import annotations

import calendar as monthcal
import datetime as dt
import re

from duban.calendar import WorkCalendar
from duban.records import NamedTuple

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(text: str) -> int | None:
    """Arabic or simple Chinese numerals up to 99: 10, 十, 十五, 二十, 二十三."""
    if text.isascii() and text.isdigit():
        return int(text)
    if text and all(ch in _CN_DIGITS or ch == "十" for ch in text):
        if "十" not in text:
            return _CN_DIGITS[text] if len(text) == 1 else None
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, monthcal.monthrange(year, month)[1])


def _not_before(candidate: dt.date, base: dt.date) -> dt.date:
    """A date given without a year means the next such date on or after the base."""
    return candidate if candidate >= base else candidate.replace(year=candidate.year + 1)


_NUM = r"[0-9一二三四五六七八九十两]+"
_QUARTERS = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}


class Deadline(NamedTuple):
    date: dt.date | None = None
    days: int | None = None
    phrase: str = ""  # the words it was read from: 下周五前, 10个工作日内


class DateError(ValueError):
    pass


def parse_deadline(text: str, base: dt.date, calendar: WorkCalendar) -> Deadline | None:
    """The deadline a sentence or cell states, relative to base (the meeting's or today's date),
    with the words it was read from (phrase).

    Understands 2026年10月31日前, 10月30日前, 2026-11-30, 2026年12月底, 11月底前, 12月中旬前, 本月底前, 年底前,
    下周五前, 本周内, 10个工作日内, 15天内, 一季度末, 上半年; None when no deadline is stated.
    Raises DateError for a date that is stated but does not exist."""
    value = text.replace(" ", "")
    try:
        if m := re.search(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", value):
            return Deadline(dt.date(int(m[1]), int(m[2]), int(m[3])), phrase=m[0])
        if m := re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:前|之前|以前)?", value):
            return Deadline(dt.date(int(m[1]), int(m[2]), int(m[3])), phrase=m[0])
        if m := re.search(r"(\d{4})年(\d{1,2})月(?:底|末)(?:前|之前)?", value):
            return Deadline(_month_end(int(m[1]), int(m[2])), phrase=m[0])
        if m := re.search(r"(\d{4})年(?:底|末)(?:前|之前)?", value):
            return Deadline(dt.date(int(m[1]), 12, 31), phrase=m[0])
        if m := re.search(r"(?<![\d年])(\d{1,2})月(\d{1,2})日(?:前|之前|以前)", value):
            return Deadline(_not_before(dt.date(base.year, int(m[1]), int(m[2])), base), phrase=m[0])
        if m := re.search(r"(?<![\d年])(\d{1,2})月(?:底|末)(?:前|之前)?", value):
            return Deadline(_not_before(_month_end(base.year, int(m[1])), base), phrase=m[0])
        if m := re.search(r"(?:(\d{4})年)?(?<!\d)(\d{1,2})月(上旬|中旬|下旬)(?:前|之前|末)?", value):
            # 上旬 to the 10th, 中旬 to the 20th, 下旬 to the month's end
            year = int(m[1]) if m[1] else base.year
            end = {"上旬": 10, "中旬": 20}.get(m[3]) or _month_end(year, int(m[2])).day
            day = dt.date(year, int(m[2]), end)
            return Deadline(day if m[1] else _not_before(day, base), phrase=m[0])
    except ValueError as error:
        raise DateError(str(error)) from None
    if m := re.search(r"本月(?:底|末)(?:前|之前)?", value):
        return Deadline(_month_end(base.year, base.month), phrase=m[0])
    if m := re.search(r"(?:年底|年末|年内|今年底)(?:前|之前)?", value):
        return Deadline(dt.date(base.year, 12, 31), phrase=m[0])
    if m := re.search(r"(?:第)?([一二三四1234])季度(?:末|底)(?:前|之前)?", value):
        return Deadline(_not_before(_month_end(base.year, _QUARTERS[m[1]]), base), phrase=m[0])
    if m := re.search(r"上半年(?:内|前)?", value):
        return Deadline(_not_before(dt.date(base.year, 6, 30), base), phrase=m[0])
    if m := re.search(r"下半年(?:内|前)?", value):
        return Deadline(dt.date(base.year, 12, 31), phrase=m[0])
    monday = base - dt.timedelta(days=base.weekday())
    if m := re.search(r"下周([一二三四五六日天])(?:前|之前)?", value):
        offset = "一二三四五六日天".index(m[1])
        return Deadline(monday + dt.timedelta(days=7 + min(offset, 6)), phrase=m[0])
    if m := re.search(r"本周内|本周(?:五)?前", value):
        return Deadline(monday + dt.timedelta(days=4), phrase=m[0])
    if m := re.search(r"下周内", value):
        return Deadline(monday + dt.timedelta(days=11), phrase=m[0])
    if m := re.search(rf"({_NUM})个?工作日内", value):
        days = cn_number(m[1])
        if days is not None:
            return Deadline(calendar.add_workdays(base, days).date, phrase=m[0])
    if m := re.search(rf"({_NUM})(?:天|日)内", value):
        days = cn_number(m[1])
        if days is not None:
            return Deadline(base + dt.timedelta(days=days), phrase=m[0])
    return None


def report_cycle(text: str) -> str:
    if re.search(r"每周[^。；]{0,12}报", text) or "每周报告" in text:
        return "每周"
    if re.search(r"每月[^。；]{0,12}报", text) or "每月报告" in text:
        return "每月"
    return "无"
