"""Deadlines as offices write them: 2026年10月31日前, 11月底前, 下周五前, 10个工作日内, 一季度末,
春节前, 两个月内, 4月中旬, 立即, 长期坚持 — and the phrases that look like a deadline but that no rule
covers (汛期到来前, 春季开学前), which are reported as such, never as "no deadline".

Every rule counts from the base day (the meeting's day); the rules are listed in the README
(导入纪要 → 时限怎么读). A reading says how it was got (sure): by a rule, by a guess from the words
around it, or as the clerk gave it (--phrase).
"""

from __future__ import annotations

import calendar as monthcal
import datetime as dt
import re
from collections.abc import Callable, Mapping

from duban.calendar import WorkCalendar, add_months
from duban.model import REPORT_CYCLES
from duban.records import NamedTuple

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def cn_number(text: str) -> int | None:
    """Arabic or simple Chinese numerals up to 99: 10, 十, 十五, 二十, 二十三."""
    text = text.translate(_FULL_WIDTH)
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
    return candidate if candidate >= base else add_months(candidate, 12)


# How sure a reading is: a known pattern, a guess from the words around it, the clerk's own words.
SURE = "规则"
GUESS = "推断"
GIVEN = "给出"
DEFAULT = "默认"  # none stated: the office's rule
PROVISIONAL = "暂定"  # by the statutory rules, in a year whose holiday notice is not out


class Deadline(NamedTuple):
    date: dt.date | None = None
    days: int | None = None
    phrase: str = ""  # the words it was read from: 下周五前
    standing: bool = False  # 长期, 持续: a standing task, no deadline
    provisional: bool = False  # a festival of a year whose holiday notice is not out
    unknown: bool = False  # a deadline phrase that no rule covers: the clerk must give the date
    sure: str = SURE
    note: str = ""  # what the clerk should know of the reading: 暂按法定规则推算


class DateError(ValueError):
    pass


PROVISIONAL_NOTE = "暂按法定规则推算"

_NUM = r"[0-9０-９一二三四五六七八九十两]+"
_QUARTERS = {"一": 1, "1": 1, "二": 2, "2": 2, "三": 3, "3": 3, "四": 4, "4": 4}
_YEAR = r"(?:(?P<y>(?:19|20)\d{2})年|(?P<rel>今年|本年|明年|下一年|次年|来年))"

# -- festivals ---------------------------------------------------------------------------------------

FESTIVALS = {
    "元旦": "元旦",
    "春节": "春节",
    "清明": "清明节",
    "清明节": "清明节",
    "五一": "劳动节",
    "劳动节": "劳动节",
    "五一劳动节": "劳动节",
    "五一国际劳动节": "劳动节",
    "端午": "端午节",
    "端午节": "端午节",
    "中秋": "中秋节",
    "中秋节": "中秋节",
    "国庆": "国庆节",
    "国庆节": "国庆节",
    "十一": "国庆节",
}


def festival_day(name: str, year: int) -> dt.date:
    """The festival's own day in a year: 元旦 01-01, 春节 正月初一, 清明, 05-01, 端午, 中秋, 10-01."""
    from duban.holidays import lunar_dates

    spring, qingming, dragon, autumn = lunar_dates(year)
    return {
        "元旦": dt.date(year, 1, 1),
        "春节": spring,
        "清明节": qingming,
        "劳动节": dt.date(year, 5, 1),
        "端午节": dragon,
        "中秋节": autumn,
        "国庆节": dt.date(year, 10, 1),
    }[name]


def before_festival(name: str, base: dt.date, calendar: WorkCalendar, year: int | None = None) -> Deadline:
    """节前: the last working day before the first day off of the festival's break — the break being
    the run of days off around the festival's day, as the calendar has it (merged breaks, 调休 and
    all). The festival meant is the next one on or after base, or the one of the year named."""
    day = festival_day(name, year if year is not None else base.year)
    if year is None and day < base:
        day = festival_day(name, base.year + 1)
    first_off = day
    while not calendar.is_workday(first_off - dt.timedelta(days=1)) and (day - first_off).days < 15:
        first_off -= dt.timedelta(days=1)
    last = first_off - dt.timedelta(days=1)
    while not calendar.is_workday(last):
        last -= dt.timedelta(days=1)
    provisional = not calendar.covers(day.year) or not calendar.covers(last.year)
    return Deadline(last, provisional=provisional, note=PROVISIONAL_NOTE if provisional else "")


# -- the readings ----------------------------------------------------------------------------------------


class _Context(NamedTuple):
    base: dt.date
    calendar: WorkCalendar


def _year(m: re.Match[str], base: dt.date) -> int | None:
    """The year a phrase names (2027年, 明年, 今年), or None when it names none."""
    if m["y"]:
        return int(m["y"])
    if m["rel"]:
        return base.year + (0 if m["rel"] in ("今年", "本年") else 1)
    return None


def _in_year(m: re.Match[str], base: dt.date, make: Callable[[int], dt.date]) -> dt.date:
    """make(year) in the named year, or else the next such day on or after base."""
    year = _year(m, base)
    return make(year) if year is not None else _not_before(make(base.year), base)


def _after_rest(ctx: _Context, day: dt.date) -> Deadline:
    """A period counted in calendar days or months ends on the next working day when its last day
    is a rest day (a period's last day that is a holiday moves to the day after the holiday)."""
    moved = ctx.calendar.roll_forward(day)
    provisional = ctx.calendar.is_provisional(ctx.base, moved)
    return Deadline(moved, provisional=provisional, note=PROVISIONAL_NOTE if provisional else "")


def _quarter_end(year: int, quarter: int) -> dt.date:
    return _month_end(year, quarter * 3)


_XUN = {"上旬": 10, "中旬": 20}


Reader = Callable[[re.Match[str], _Context], Deadline]

_BEFORE = r"(?:前|之前|以前)"
_READERS: list[tuple[re.Pattern[str], Reader]] = [
    (
        re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
        lambda m, c: Deadline(dt.date(int(m[1]), int(m[2]), int(m[3]))),
    ),
    (
        re.compile(rf"{_YEAR}(\d{{1,2}})月(\d{{1,2}})[日号](?:{_BEFORE}|止)?"),
        lambda m, c: Deadline(dt.date(_year(m, c.base) or c.base.year, int(m[3]), int(m[4]))),
    ),
    (
        # 12月15日前, 截至12月20日, 12月25日完成: without a year, the next such day
        re.compile(rf"(?<![\d年])(\d{{1,2}})月(\d{{1,2}})[日号](?:{_BEFORE}|止|(?=完成|办结|报|全部|基本|内))"),
        lambda m, c: Deadline(_not_before(dt.date(c.base.year, int(m[1]), int(m[2])), c.base)),
    ),
    (
        re.compile(rf"{_YEAR}?(?<![\d])(\d{{1,2}})月(?:份)?(?:底|末){_BEFORE}?"),
        lambda m, c: Deadline(_in_year(m, c.base, lambda y: _month_end(y, int(m[3])))),
    ),
    (
        re.compile(rf"{_YEAR}?(?<![\d])(\d{{1,2}})月(?:份)?(上旬|中旬|下旬)(?:{_BEFORE}|末)?"),
        lambda m, c: Deadline(
            _in_year(m, c.base, lambda y: dt.date(y, int(m[3]), _XUN.get(m[4]) or _month_end(y, int(m[3])).day))
        ),
    ),
    (
        re.compile(rf"(?:(?P<y>(?:19|20)\d{{2}})年|(?P<rel>今年|明年|本年|次年|来年))(?:年)?(?:底|末|内){_BEFORE}?"),
        lambda m, c: Deadline(dt.date(_year(m, c.base) or c.base.year, 12, 31)),
    ),
    (
        re.compile(rf"(?:年底|年末|年内|本年度内|本年内|年度内){_BEFORE}?"),
        lambda m, c: Deadline(dt.date(c.base.year, 12, 31)),
    ),
    (
        re.compile(
            rf"(?:本月|当月|这个月)(?:底|末|内){_BEFORE}?|(?<![0-9一二三四五六七八九十本下上每当个])月(?:底|末){_BEFORE}"
        ),
        lambda m, c: Deadline(_month_end(c.base.year, c.base.month)),
    ),
    (
        re.compile(rf"(?:下月|下个月|次月)(?:底|末|内){_BEFORE}?"),
        lambda m, c: Deadline(_month_end(*_month_after(c.base))),
    ),
    (
        re.compile(rf"(?:下月|下个月|次月)(\d{{1,2}})[日号](?:{_BEFORE}|止)?"),
        lambda m, c: Deadline(dt.date(*_month_after(c.base), int(m[1]))),
    ),
    (
        re.compile(rf"(?:本月|当月)(\d{{1,2}})[日号](?:{_BEFORE}|止)?"),
        lambda m, c: Deadline(dt.date(c.base.year, c.base.month, int(m[1]))),
    ),
    (
        re.compile(rf"{_YEAR}?(?<![每前])(?:第)?([一二三四1234])季度(?:(?:末|底|内|结束){_BEFORE}?|(?=完成|办结))"),
        lambda m, c: Deadline(_in_year(m, c.base, lambda y: _quarter_end(y, _QUARTERS[m[3]]))),
    ),
    (
        re.compile(rf"(?<![每一二三四1234第])(?:本季度|当季|季度)(?:末|底|内){_BEFORE}?"),
        lambda m, c: Deadline(_quarter_end(c.base.year, (c.base.month - 1) // 3 + 1)),
    ),
    (
        re.compile(rf"(?:下季度|下个季度|下一季度)(?:末|底|内)?{_BEFORE}?"),
        lambda m, c: Deadline(_next_quarter_end(c.base)),
    ),
    (
        re.compile(rf"{_YEAR}?上半年(?:内|底|末)?{_BEFORE}?"),
        lambda m, c: Deadline(_in_year(m, c.base, lambda y: dt.date(y, 6, 30))),
    ),
    (
        re.compile(rf"{_YEAR}?下半年(?:内|底|末)?{_BEFORE}?"),
        lambda m, c: Deadline(_in_year(m, c.base, lambda y: dt.date(y, 12, 31))),
    ),
    (
        re.compile(r"下周([一二三四五六日天])(?:前|之前)?"),
        lambda m, c: Deadline(_monday(c.base) + dt.timedelta(days=7 + min("一二三四五六日天".index(m[1]), 6))),
    ),
    (
        re.compile(r"本周内|本周(?:五)?前"),
        lambda m, c: Deadline(_monday(c.base) + dt.timedelta(days=4)),
    ),
    (
        re.compile(r"下周内"),
        lambda m, c: Deadline(_monday(c.base) + dt.timedelta(days=11)),
    ),
    (
        re.compile(rf"({_NUM})个?工作日(?:内|之内|以内)"),
        lambda m, c: _workdays(m, c),
    ),
    (
        re.compile(rf"({_NUM}|半)个?(月|周|星期|年)(?:内|之内|以内)"),
        lambda m, c: _period(m, c),
    ),
    (
        re.compile(rf"({_NUM})(?:天|日)(?:内|之内|以内)"),
        lambda m, c: _after_rest(c, c.base + dt.timedelta(days=_count(m[1]))),
    ),
    (
        re.compile(
            rf"{_YEAR}?(五一国际劳动节|五一劳动节|元旦|春节|清明节?|五一|劳动节|端午节?|中秋节?|国庆节?)"
            rf"(?:假期|节日|长假|小长假|放假)?{_BEFORE}(?!后)"
        ),
        lambda m, c: before_festival(FESTIVALS[m[3]], c.base, c.calendar, _year(m, c.base)),
    ),
    (
        re.compile(r"立即|即知即改|立行立改|马上|即刻|立刻"),
        lambda m, c: Deadline(c.calendar.add_workdays(c.base, 1).date),
    ),
]


def _count(text: str) -> int:
    value = cn_number(text)
    if value is None:
        raise DateError(text)
    return value


def _workdays(m: re.Match[str], ctx: _Context) -> Deadline:
    counted = ctx.calendar.add_workdays(ctx.base, _count(m[1]))
    note = PROVISIONAL_NOTE if counted.provisional else ""
    return Deadline(counted.date, provisional=counted.provisional, note=note)


def _period(m: re.Match[str], ctx: _Context) -> Deadline:
    unit = m[2]
    if m[1] == "半":
        months = {"月": 0, "年": 6}.get(unit)
        if months is None:
            raise DateError(m[0])
        if months == 0:
            return _after_rest(ctx, ctx.base + dt.timedelta(days=15))  # 半个月: fifteen days
        return _after_rest(ctx, add_months(ctx.base, months))
    count = _count(m[1])
    if unit in ("周", "星期"):
        return _after_rest(ctx, ctx.base + dt.timedelta(days=7 * count))
    return _after_rest(ctx, add_months(ctx.base, count * (12 if unit == "年" else 1)))


def _month_after(base: dt.date) -> tuple[int, int]:
    return (base.year + 1, 1) if base.month == 12 else (base.year, base.month + 1)


def _next_quarter_end(base: dt.date) -> dt.date:
    quarter = (base.month - 1) // 3 + 2
    return _quarter_end(base.year + 1, 1) if quarter == 5 else _quarter_end(base.year, quarter)


def _monday(base: dt.date) -> dt.date:
    return base - dt.timedelta(days=base.weekday())


# A standing duty, not a deadline: registered with none.
_STANDING = re.compile(r"长期坚持|长期|持续|常态化|经常性|常抓不懈|久久为功")
# Words that ask for speed but give no date: the office's rule applies, and the reading says so.
_VAGUE = re.compile(r"尽快|抓紧|及早|尽早|及时")
# Phrases that look like a deadline but that no rule covers: 汛期到来前, 春季开学前, 秋收前, 适时.
_UNKNOWN = re.compile(
    r"(?:^|(?<=[，,；;：:、于在并须应要将前局委办队院所心司署]))"
    r"((?![在于将要须应并])(?:[\u4e00-\u9fa5]{1,8}?)(?:到来|来临|开始|启动|结束)?(?:前后|之前|以前|前))"
    r"(?=完成|办结|全面|全部|基本|实现|建成|落实|拿出|提出|上报|报送|报|出台|印发|做好|启动|开工|到位|发放|提交|形成"
    r"|制定|编制|组织|开展|整改|清零|投入|竣工|交付|对外|，|,|。|；|$)"
)
_NOT_A_DEADLINE = (
    "目前",
    "此前",
    "提前",
    "会前",
    "事前",
    "当前",
    "之前",
    "以前",
    "日前",
    "年前后",
    "眼前",
    "面前",
    "空前",
)
_UNKNOWN_WORDS = re.compile(r"适时|择机|节前|节后|春节后|年后|月初|年初|开春后|入冬前|入夏前|入秋前")


class _Found(NamedTuple):
    start: int
    end: int
    reading: Deadline


def read_deadline(
    text: str,
    base: dt.date,
    calendar: WorkCalendar,
    given: Mapping[str, Deadline] | None = None,
) -> Deadline | None:
    """The deadline a sentence or cell states, relative to base (the meeting's or today's date),
    with the words it was read from (phrase) and how (sure).

    A stated date wins over a standing duty; when several dates are stated (a first step and a
    last), the last date is the case's deadline; a deadline-like phrase inside the task's name
    (完成春节前安全生产大检查) is not its deadline. A phrase no rule covers gives unknown=True,
    unless the clerk gave its date (given: phrase -> reading). None when nothing is stated.
    Raises DateError for a date that is stated but does not exist."""
    value = text.replace(" ", "").replace("\u3000", "").translate(_FULL_WIDTH)
    for phrase, reading in (given or {}).items():
        if phrase and phrase in value:
            return reading._replace(phrase=phrase, sure=GIVEN)
    ctx = _Context(base, calendar)
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for pattern, reader in _READERS:
        for m in pattern.finditer(value):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            try:
                reading = reader(m, ctx)
            except ValueError as error:
                raise DateError(str(error) or m[0]) from None
            taken.append((m.start(), m.end()))
            found.append(_Found(m.start(), m.end(), reading._replace(phrase=m[0])))
    found = [f for f in found if not _inside_object(value, f.start, f.end)] or found
    dated = [f for f in found if f.reading.date is not None]
    if dated:
        return max(dated, key=lambda f: (f.reading.date, f.start)).reading
    for m in _UNKNOWN.finditer(value):
        phrase = m[1]
        if phrase in _NOT_A_DEADLINE or any(s < m.end(1) and m.start(1) < e for s, e in taken):
            continue
        if not _UNIT_BEFORE.search(phrase):
            return Deadline(phrase=phrase, unknown=True)
    if m2 := _UNKNOWN_WORDS.search(value):
        return Deadline(phrase=m2[0], unknown=True)
    if m3 := _STANDING.search(value):
        return Deadline(phrase=m3[0], standing=True)
    if m4 := _VAGUE.search(value):
        return Deadline(phrase=m4[0], sure=GUESS, note=f"“{m4[0]}”不是具体时限")
    return None


# A phrase ending like a unit's name is a unit (区水利局前), not a deadline.
_UNIT_BEFORE = re.compile(r"(?:局|委|办|队|院|所|中心|公司|政府)(?:前|之前|以前)$")

# A task verb just before a phrase makes it part of the task's name: 完成春节前安全生产大检查.
_OBJECT_VERBS = ("完成", "开展", "组织", "做好", "推进", "落实", "实施", "部署", "制定", "编制", "提出", "抓好", "启动")
_DEADLINE_AFTER = re.compile(r"^(?:完成|办结|全部|基本|实现|前|内|报|将|把|向|要|须|，|,|。|；|$)")


def _inside_object(text: str, start: int, end: int) -> bool:
    return text[:start].endswith(_OBJECT_VERBS) and not _DEADLINE_AFTER.match(text[end:])


def sureness(reading: Deadline | None) -> str:
    """How sure a draft's deadline is: "" when none is stated (the office's rule applies)."""
    if reading is None or (reading.date is None and not reading.standing and reading.sure != GIVEN):
        return ""
    return PROVISIONAL if reading.provisional else reading.sure


def parse_deadline(text: str, base: dt.date, calendar: WorkCalendar) -> Deadline | None:
    """The dated deadline a text states (None for none, a standing duty or a phrase no rule covers)."""
    reading = read_deadline(text, base, calendar)
    return reading if reading is not None and reading.date is not None else None


_CYCLES = (
    ("每日", r"每日[^。；]{0,12}报|每天[^。；]{0,12}报|日报制度|日报告|一日一报"),
    ("每周", r"每周[^。；]{0,12}报|每周报告|周报制度|一周一报"),
    ("每月", r"每月[^。；]{0,12}报|每月报告|月报制度|一月一报"),
    ("每季度", r"每季度?[^。；]{0,12}报|每季度报告|季报制度|一季一报"),
)


def report_cycle(text: str, cycles: tuple[str, ...] = REPORT_CYCLES) -> str:
    """The reporting cycle a decision states (每周……报告, 实行日报制度), among those the office knows."""
    for name, pattern in _CYCLES:
        if name in cycles and re.search(pattern, text):
            return name
    return "无"
