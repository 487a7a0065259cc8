"""A case file's mapping read into a Case, validated: Chinese keys, types, dates, consistency.

Parsing never raises on bad content: it returns the problems it found, each with the key path
where it sits, so that the store can turn the path into a line number and `duban check` can
print every problem of every file at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from duban.model import (
    ACTIONS,
    ACTIVE,
    CASE_KEYS,
    CLOSED,
    EVENT_KEYS,
    FINDINGS,
    ID_PATTERN,
    INSPECTION_WAYS,
    PENDING,
    REPORT_CYCLES,
    REPORT_KEYS,
    REPORT_SCOPES,
    REQUIRED_KEYS,
    REVIEW,
    SATISFACTION,
    SOURCE_KEYS,
    SOURCE_KINDS,
    STATUSES,
    URGENCIES,
    VOID,
    Case,
    Event,
    KeyPath,
    Report,
    Source,
)
from duban.records import NamedTuple


class KeyProblem(NamedTuple):
    """A problem located by key path inside the file; the store turns it into a line."""

    keypath: KeyPath
    message: str


def parse_date_text(text: str) -> dt.date | None:
    """A YYYY-MM-DD string to a date, None when it is not a real date."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", text)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


# The years duban counts in: the calendar's tables reach from 2004 to a dozen years past the last
# announced schedule; a date far outside (a typo like 9999-12-31) is refused rather than counted.
FIRST_YEAR = 1990
LAST_YEAR = 2099

# A typed date's forms; compiled by re's own cache when first used (most commands never type one).
_TYPED_DATE = r"\s*(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*"


def parse_typed_date(text: str, this_year: int) -> dt.date | None:
    """A date as a clerk types it: 2026-12-01, 2026/12/01, 2026.12.1, 2026年12月1日, or 12月1日, 12/1,
    12-1 (in this_year). None when it is not a real date or not one of these forms."""
    match = re.fullmatch(_TYPED_DATE, text)
    if not match:
        return None
    year = int(match[1]) if match[1] else this_year
    try:
        return dt.date(year, int(match[2]), int(match[3]))
    except ValueError:
        return None


def in_range(day: dt.date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


# Text the office types: no control characters (C0 and C1: U+009B is a terminal's CSI), no line or
# paragraph separators (U+0085, U+2028, U+2029 split a row for any tool that splits lines as Python
# does), no noncharacters and no lone surrogates (Word and Excel files refuse them); and lengths no
# case needs more of.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(p + 0xFFFE)}{chr(p + 0xFFFF)}" for p in range(0, 0x110000, 0x10000))
_HOSTILE = "\x7f-\x9f\u2028\u2029\ud800-\udfff" + _NONCHARACTERS
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_HOSTILE}]")
_CONTROL_OR_BREAK = re.compile(f"[\x00-\x1f{_HOSTILE}]")
LINE_LIMIT = 200  # a title, a name, a reference
TEXT_LIMIT = 20_000  # 督办内容, a report, a reason
MAX_DAYS = 1000  # no deadline is four years of working days away (the commands' bound too)


def _what(char: str) -> str:
    if char in "\t\n\r":
        return "换行或制表符"
    code = ord(char)
    if code in (0x85, 0x2028, 0x2029):
        return f"行分隔符 U+{code:04X}"
    if 0xD800 <= code <= 0xDFFF:
        return f"无法识别的字节（U+{code:04X}，不是 UTF-8 文字）"
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return f"非字符 U+{code:04X}"
    return f"控制字符 U+{code:04X}"


# A 密级 mark (GB/T 9704: 密级 and 保密期限 parted by ★): 秘密★, 机密★1年, 绝密★长期, and as people
# type it, spaced (秘 密 ★) or with a hollow star. 秘密 or ★ alone is ordinary text.
_SPACE = "[ \u3000\u00a0]*"
_MARK = re.compile(f"[绝机秘]{_SPACE}密{_SPACE}[★☆](?:{_SPACE}(?:[0-9０-９]+{_SPACE}个?{_SPACE}[年月日天]|长期))?")
CLASSIFIED = "涉密事项不得录入督办系统，请按保密规定在涉密系统中办理"


def classified_mark(value: str) -> str | None:
    """The 密级 mark a text carries (秘密★1年), or None: duban is not a classified-information system."""
    if "★" not in value and "☆" not in value:
        return None
    found = _MARK.search(value)
    return found.group() if found else None


def text_problem(value: str, label: str, *, multiline: bool = False) -> str | None:
    """Why a piece of text cannot go into a case, or None."""
    limit = TEXT_LIMIT if multiline else LINE_LIMIT
    if "★" in value or "☆" in value:
        mark = classified_mark(value)
        if mark:
            return f"“{label}”中有密级标志“{mark}”：{CLASSIFIED}"
    if len(value) <= limit and value.isprintable():
        return None  # the usual text, judged in C: isprintable is false for every control character
    pattern = _CONTROL if multiline else _CONTROL_OR_BREAK
    bad = pattern.search(value)
    if bad:
        return f"“{label}”里有{_what(bad.group())}，请删去"
    if len(value) > limit:
        return f"“{label}”有 {len(value)} 个字，超过 {limit} 字的上限"
    return None


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Text from another tool (a table cell, a Word paragraph) with control characters taken out
    (line breaks, U+2028 and the like, become spaces where a single line is wanted, line breaks
    in text of several lines)."""
    value = value.replace("\r\n", "\n").translate(_BREAKS)
    if not multiline:
        value = " ".join(value.split("\n"))
    return _CONTROL_OR_BREAK.sub("", value) if not multiline else _CONTROL.sub("", value)


_BREAKS = str.maketrans({"\r": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"})


class _Reader:
    """Collects problems while reading fields of one mapping."""

    def __init__(self) -> None:
        self.problems: list[KeyProblem] = []

    def problem(self, keypath: KeyPath, message: str) -> None:
        self.problems.append(KeyProblem(keypath, message))

    def text(
        self, data: Mapping[str, Any], key: str, path: KeyPath, *, required: bool = False, multiline: bool = False
    ) -> str:
        value = data.get(key)
        if type(value) is str and value:
            text = value  # the usual case, first
        elif value is None or value == "":
            if required:
                self.problem(path + (key,), f"缺少“{key}”")
            return ""
        elif isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(path + (key,), f"“{key}”应为文字")
            return ""
        else:
            text = str(value).strip() if not isinstance(value, str) else value
        problem = text_problem(text.strip("\n") if multiline else text, key, multiline=multiline)
        if problem:
            self.problem(path + (key,), problem)
        return text

    def date(self, data: Mapping[str, Any], key: str, path: KeyPath, *, required: bool = False) -> dt.date | None:
        value = data.get(key)
        if type(value) is dt.date:
            return value  # the usual case, first
        if value is None or value == "":
            if required:
                self.problem(path + (key,), f"缺少“{key}”")
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        parsed = parse_date_text(str(value))
        if parsed is None:
            self.problem(path + (key,), f"“{key}”的日期“{value}”不存在或格式不对，应为 YYYY-MM-DD")
        return parsed

    def choice(self, data: Mapping[str, Any], key: str, path: KeyPath, allowed: Sequence[str], default: str) -> str:
        value = data.get(key)
        if value is None or value == "":
            return default
        if value not in allowed:
            self.problem(path + (key,), f"“{key}”不能是“{value}”，可选：{'、'.join(allowed)}")
            return default
        return str(value)

    def leaders(self, data: Mapping[str, Any], key: str, path: KeyPath) -> tuple[str, ...]:
        """批示领导: one leader as plain text (as files always had it), several as a list."""
        value = data.get(key)
        if isinstance(value, list):
            return self.names(data, key, path)
        text = self.text(data, key, path)
        return (text,) if text else ()

    def names(self, data: Mapping[str, Any], key: str, path: KeyPath) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(path + (key,), f"“{key}”应为名称列表，如 [区财政局, 区教育局]")
            return ()
        names = tuple(v.strip() for v in value)
        for name in names:
            problem = text_problem(name, key)
            if problem:
                self.problem(path + (key,), problem)
                break
        if len(set(names)) != len(names):
            self.problem(path + (key,), f"“{key}”中有重复的名称")
        return names


def case_from_mapping(data: Any, expected_id: str | None = None) -> tuple[Case | None, list[KeyProblem]]:
    """Read a case file's mapping; returns the case (None when unusable) and every problem found."""
    reader = _Reader()
    if type(data) is not dict and not isinstance(data, Mapping):
        reader.problem((), "文件内容应为一个督办事项（键: 值 的映射）")
        return None, reader.problems

    for key in data:
        if key not in CASE_KEYS:
            reader.problem((key,), f"未知字段“{key}”，可用字段：{'、'.join(CASE_KEYS)}")
    for key in REQUIRED_KEYS:
        if data.get(key) in (None, ""):
            reader.problem((key,), f"缺少必填字段“{key}”")

    case_id = reader.text(data, "编号", ())
    if case_id and not ID_PATTERN.match(case_id):
        reader.problem(("编号",), f"编号“{case_id}”格式不对，应为 年份-四位序号，如 2026-0017")
    elif case_id and expected_id and case_id != expected_id:
        reader.problem(("编号",), f"编号“{case_id}”与文件名“{expected_id}.yaml”不一致")

    source_data = data.get("来源")
    source = Source(kind="")
    if type(source_data) is dict or isinstance(source_data, Mapping):
        for key in source_data:
            if key not in SOURCE_KEYS:
                reader.problem(("来源", key), f"来源中未知字段“{key}”，可用：{'、'.join(SOURCE_KEYS)}")
        kind = source_data.get("类别")
        if kind in (None, ""):
            reader.problem(("来源", "类别"), "缺少来源“类别”")
        elif kind not in SOURCE_KINDS:
            reader.problem(("来源", "类别"), f"来源类别“{kind}”不认识，可选：{'、'.join(SOURCE_KINDS)}")
        source = Source(
            kind=str(kind or ""),
            ref=reader.text(source_data, "依据", ("来源",)),
            date=reader.date(source_data, "日期", ("来源",)),
            session=reader.text(source_data, "届次", ("来源",)) if "届次" in source_data else "",
            number=reader.text(source_data, "案号", ("来源",)) if "案号" in source_data else "",
            proposer=reader.text(source_data, "领衔", ("来源",)) if "领衔" in source_data else "",
            cosigners=reader.names(source_data, "联名", ("来源",)) if "联名" in source_data else (),
        )
    elif source_data is not None:
        reader.problem(("来源",), "“来源”应写成 {类别: …, 依据: …, 日期: …}")

    deadline_days = data.get("时限工作日")
    if deadline_days is not None and (
        isinstance(deadline_days, bool) or not isinstance(deadline_days, int) or not 0 <= deadline_days <= MAX_DAYS
    ):
        reader.problem(("时限工作日",), f"“时限工作日”应为 0 到 {MAX_DAYS} 之间的整数，现为“{deadline_days}”")
        deadline_days = None

    parent = data.get("上级事项")
    if parent is not None and (not isinstance(parent, str) or not ID_PATTERN.match(parent)):
        reader.problem(("上级事项",), f"上级事项“{parent}”应为事项编号，如 2026-0017")
        parent = None

    written = _events(data.get("办理过程"), reader)
    events = tuple([e for e in written if e.get(VOID) is None])
    voided = (
        tuple([(i, e) for i, e in enumerate(written) if e.get(VOID) is not None]) if len(events) < len(written) else ()
    )
    reports = tuple(_reports(data.get("办理报告"), reader))

    case = Case(
        id=case_id,
        doc_number=reader.text(data, "文号", ()),
        title=reader.text(data, "标题", ()),
        source=source,
        leaders=reader.leaders(data, "批示领导", ()),
        content=reader.text(data, "督办内容", (), multiline=True),
        lead_units=reader.names(data, "主办单位", ()),
        co_units=reader.names(data, "协办单位", ()),
        urgency=reader.choice(data, "紧急程度", (), URGENCIES, "一般"),
        report_scope=reader.choice(data, "报告类别", (), REPORT_SCOPES, "一般性"),
        restricted_to=reader.names(data, "知情范围", ()),
        report_cycle=reader.choice(data, "报告周期", (), REPORT_CYCLES, "无"),
        parent=parent,
        registered=reader.date(data, "立项日期", ()) or dt.date(1970, 1, 1),
        assigned=reader.date(data, "交办日期", ()),
        deadline=reader.date(data, "办理时限", ()),
        deadline_days=deadline_days,
        status=reader.choice(data, "状态", (), STATUSES, PENDING),
        events=events,
        reports=reports,
        voided=voided,
    )
    _check_consistency(case, data, reader)
    if not case.id or not ID_PATTERN.match(case.id):
        return None, reader.problems
    return case, reader.problems


# The working days an event counts from its date (the replay and recalc count them again).
_DAY_COUNTS = frozenset({"时限工作日", "重办工作日", "整改工作日"})


def _events(value: Any, reader: _Reader) -> list[Event]:
    if value is None:
        return []
    if not isinstance(value, list):
        reader.problem(("办理过程",), "“办理过程”应为事件列表")
        return []
    events: list[Event] = []
    for index, item in enumerate(value):
        path: KeyPath = ("办理过程", index)
        if type(item) is not dict and not isinstance(item, Mapping):
            reader.problem(path, "办理过程的每一项应写成 {日期: …, 动作: …, 经办人: …}")
            continue
        day = reader.date(item, "日期", path, required=True)
        action = reader.text(item, "动作", path, required=True)
        if action and action not in ACTIONS:
            reader.problem(path + ("动作",), f"动作“{action}”不认识，可选：{'、'.join(ACTIONS)}")
        operator = reader.text(item, "经办人", path, required=True)
        note = reader.text(item, "说明", path, multiline=True)
        extra = tuple([(str(k), v) for k, v in item.items() if k not in EVENT_KEYS])
        for key, value in extra:
            if isinstance(value, dict) or (
                isinstance(value, list) and not all(isinstance(v, str) and len(v) <= LINE_LIMIT for v in value)
            ):
                reader.problem(path + (key,), f"办理过程中的“{key}”应为一个值或名称列表")
            elif isinstance(value, str) and (problem := text_problem(value, key, multiline=True)):
                reader.problem(path + (key,), problem)
            elif (
                key in _DAY_COUNTS
                and value is not None
                and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DAYS)
            ):  # the replay counts this many working days: 100000 took seconds, more overflowed the date
                reader.problem(path + (key,), f"“{key}”应为 0 到 {MAX_DAYS} 之间的整数，现为“{value}”")
        if action == "测评" and item.get("结果") not in SATISFACTION:
            reader.problem(
                path + ("结果",), f"测评“结果”应为{'、'.join(SATISFACTION)}之一，现为“{item.get('结果') or '空'}”"
            )
        for problem_key, message in _known_values(action, item):
            reader.problem(path + (problem_key,), message)
        if day is not None:
            events.append(Event(day, action, operator, note, extra))
    for index in range(1, len(events)):
        if events[index].date < events[index - 1].date:
            reader.problem(
                ("办理过程", index, "日期"),
                f"办理过程第{index + 1}项的日期 {events[index].date} 早于前一项 {events[index - 1].date}，"
                "事件应按日期先后排列",
            )
            break
    return events


def _known_values(action: str, item: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A 督查's 方式 and 发现问题, a 复查's 结果: values the figures count by, so only those the commands write."""
    found: list[tuple[str, str]] = []
    if action == "督查":
        way = item.get("方式")
        if way not in INSPECTION_WAYS:
            found.append(("方式", f"督查“方式”应为{'、'.join(INSPECTION_WAYS)}之一，现为“{way or '空'}”"))
        problem = item.get("发现问题")
        if problem is not None and not isinstance(problem, bool):
            found.append(("发现问题", f"督查“发现问题”应为 true 或 false，现为“{problem}”"))
    elif action == "复查" and item.get("结果") not in FINDINGS:
        found.append(("结果", f"复查“结果”应为{'、'.join(FINDINGS)}之一，现为“{item.get('结果') or '空'}”"))
    return found


def _reports(value: Any, reader: _Reader) -> list[Report]:
    if value is None:
        return []
    if not isinstance(value, list):
        reader.problem(("办理报告",), "“办理报告”应为报告列表")
        return []
    reports: list[Report] = []
    for index, item in enumerate(value):
        path: KeyPath = ("办理报告", index)
        if type(item) is not dict and not isinstance(item, Mapping):
            reader.problem(path, "办理报告的每一项应写成 {日期: …, 单位: …, 签发人: …, 办结: …, 内容: …}")
            continue
        for key in item:
            if key not in REPORT_KEYS:
                reader.problem(path + (key,), f"办理报告中未知字段“{key}”")
        day = reader.date(item, "日期", path, required=True)
        final = item.get("办结", False)
        if not isinstance(final, bool):
            reader.problem(path + ("办结",), "办理报告的“办结”应为 true 或 false")
            final = False
        if day is not None:
            reports.append(
                Report(
                    date=day,
                    unit=reader.text(item, "单位", path, required=True),
                    signer=reader.text(item, "签发人", path, required=True),
                    final=final,
                    text=reader.text(item, "内容", path, multiline=True),
                    void=reader.text(item, VOID, path),
                )
            )
    return reports


def _check_consistency(case: Case, data: Mapping[str, Any], reader: _Reader) -> None:
    if case.assigned and case.assigned < case.registered:
        reader.problem(("交办日期",), f"交办日期 {case.assigned} 早于立项日期 {case.registered}")
    if case.deadline and case.assigned and case.deadline < case.assigned:
        reader.problem(("办理时限",), f"办理时限 {case.deadline} 早于交办日期 {case.assigned}")
    # A case may be terminated, and then archived, before it was ever assigned.
    if case.status in (ACTIVE, REVIEW, CLOSED):
        if not case.lead_units:
            reader.problem(("主办单位",), f"状态为“{case.status}”的事项必须有主办单位")
        if case.assigned is None:
            reader.problem(("交办日期",), f"状态为“{case.status}”的事项必须有交办日期")
        if case.deadline is None and not case.standing:  # 常态事项 has none
            reader.problem(("办理时限",), f"状态为“{case.status}”的事项必须有办理时限")
    overlap = set(case.lead_units) & set(case.co_units)
    if overlap:
        reader.problem(("协办单位",), f"{'、'.join(sorted(overlap))} 同时是主办单位和协办单位")
    if case.parent and case.parent == case.id:
        reader.problem(("上级事项",), "上级事项不能是事项自己")
    if case.events and case.events[0].date < case.registered:
        reader.problem(
            ("办理过程", 0, "日期"), f"第一项事件的日期 {case.events[0].date} 早于立项日期 {case.registered}"
        )
