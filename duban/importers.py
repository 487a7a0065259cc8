"""Meeting minutes and task tables -> draft cases, or located problems when something cannot be resolved.

Nothing here writes: the service turns drafts into cases in one commit, or registers nothing.
"""

from __future__ import annotations

import calendar as monthcal
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from duban.calendar import WorkCalendar
from duban.config import Config
from duban.errors import NotFoundError
from duban.model import SOURCE_KINDS, replace


@dataclass(frozen=True, slots=True)
class Draft:
    """A case to register, as read from one decision or one row."""

    line: int  # where it came from: a line of the minutes, a row of the table
    title: str
    content: str
    lead_units: tuple[str, ...]
    co_units: tuple[str, ...] = ()
    deadline: dt.date | None = None
    days: int | None = None  # a relative deadline not yet counted (none stated: the config's rule)
    report_cycle: str = "无"
    source_kind: str = "会议议定"
    source_ref: str = ""
    source_date: dt.date | None = None
    leader: str = ""


@dataclass(frozen=True, slots=True)
class ImportProblem:
    line: int
    message: str


@dataclass
class ImportResult:
    drafts: list[Draft] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # sections with no task
    problems: list[ImportProblem] = field(default_factory=list)


# -- deadlines ------------------------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(text: str) -> int | None:
    """Arabic or simple Chinese numerals up to 99: 10, 十, 十五, 二十, 二十三."""
    if text.isdigit():
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


@dataclass(frozen=True, slots=True)
class Deadline:
    date: dt.date | None = None
    days: int | None = None


class DateError(ValueError):
    pass


def parse_deadline(text: str, base: dt.date, calendar: WorkCalendar) -> Deadline | None:
    """The deadline a sentence or cell states, relative to base (the meeting's or today's date).

    Understands 2026年10月31日前, 10月30日前, 2026-11-30, 2026年12月底, 11月底前, 本月底前, 年底前,
    下周五前, 本周内, 10个工作日内, 15天内, 一季度末, 上半年; None when no deadline is stated.
    Raises DateError for a date that is stated but does not exist."""
    value = text.replace(" ", "")
    try:
        if m := re.search(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", value):
            return Deadline(dt.date(int(m[1]), int(m[2]), int(m[3])))
        if m := re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", value):
            return Deadline(dt.date(int(m[1]), int(m[2]), int(m[3])))
        if m := re.search(r"(\d{4})年(\d{1,2})月(?:底|末)", value):
            return Deadline(_month_end(int(m[1]), int(m[2])))
        if m := re.search(r"(\d{4})年(?:底|末)", value):
            return Deadline(dt.date(int(m[1]), 12, 31))
        if m := re.search(r"(?<![\d年])(\d{1,2})月(\d{1,2})日(?:前|之前|以前)", value):
            return Deadline(_not_before(dt.date(base.year, int(m[1]), int(m[2])), base))
        if m := re.search(r"(?<![\d年])(\d{1,2})月(?:底|末)(?:前|之前)?", value):
            return Deadline(_not_before(_month_end(base.year, int(m[1])), base))
    except ValueError as error:
        raise DateError(str(error)) from None
    if re.search(r"本月(?:底|末)", value):
        return Deadline(_month_end(base.year, base.month))
    if re.search(r"(?:年底|年末|年内|今年底)", value):
        return Deadline(dt.date(base.year, 12, 31))
    if m := re.search(r"(?:第)?([一二三四1234])季度(?:末|底)", value):
        return Deadline(_not_before(_month_end(base.year, _QUARTERS[m[1]]), base))
    if "上半年" in value:
        return Deadline(_not_before(dt.date(base.year, 6, 30), base))
    if "下半年" in value:
        return Deadline(dt.date(base.year, 12, 31))
    monday = base - dt.timedelta(days=base.weekday())
    if m := re.search(r"下周([一二三四五六日天])(?:前|之前)?", value):
        offset = "一二三四五六日天".index(m[1])
        return Deadline(monday + dt.timedelta(days=7 + min(offset, 6)))
    if re.search(r"本周内|本周(?:五)?前", value):
        return Deadline(monday + dt.timedelta(days=4))
    if re.search(r"下周内", value):
        return Deadline(monday + dt.timedelta(days=11))
    if m := re.search(rf"({_NUM})个?工作日内", value):
        days = cn_number(m[1])
        if days is not None:
            return Deadline(calendar.add_workdays(base, days).date)
    if m := re.search(rf"({_NUM})(?:天|日)内", value):
        days = cn_number(m[1])
        if days is not None:
            return Deadline(base + dt.timedelta(days=days))
    return None


def report_cycle(text: str) -> str:
    if re.search(r"每周[^。；]{0,12}报", text) or "每周报告" in text:
        return "每周"
    if re.search(r"每月[^。；]{0,12}报", text) or "每月报告" in text:
        return "每月"
    return "无"


# -- units in running text -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    unit: str


def _unit_pattern(config: Config) -> re.Pattern[str] | None:
    names: set[str] = set()
    for unit in config.units:
        names.add(unit.name)
        names.update(unit.aliases)
    if not names:
        return None
    ordered = sorted(names, key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in ordered))


def _mentions(text: str, pattern: re.Pattern[str] | None, config: Config) -> list[Mention]:
    if pattern is None:
        return []
    return [Mention(m.start(), m.end(), config.resolve_unit(m.group())) for m in pattern.finditer(text)]


def _groups(text: str, mentions: list[Mention]) -> list[list[Mention]]:
    """Mentions joined by 、 和 及 与 form one group: "区财政局、区自然资源局"."""
    groups: list[list[Mention]] = []
    for mention in mentions:
        if groups and text[groups[-1][-1].end : mention.start] in ("、", "和", "及", "与", "，", ","):
            joiner = text[groups[-1][-1].end : mention.start]
            if joiner in ("、", "和", "及", "与"):
                groups[-1].append(mention)
                continue
        groups.append([mention])
    return groups


_LEAD_AFTER = ("牵头", "负责", "按职责分工", "要", "抓紧", "切实", "认真", "尽快")
_LEAD_BEFORE = ("由", "请", "责成", "要求")
_CO_AFTER = ("配合", "协助", "协办", "参与")
_CO_BEFORE = ("会同", "联合", "协调")
# A unit-like phrase next to a strong marker must be in the directory; these endings tell one.
_UNITISH = re.compile(r"(?:区|市|县|镇|乡)[\u4e00-\u9fa5]{1,14}?(?:局|委员会|委|办公室|办|中心|院|所|署|队|分局|公司)")


def _role(text: str, group: list[Mention]) -> str | None:
    before = text[max(0, group[0].start - 2) : group[0].start]
    after = text[group[-1].end : group[-1].end + 5]
    if any(before.endswith(m) for m in _CO_BEFORE):
        return "co"
    if after.startswith(_CO_AFTER):
        return "co"
    if any(before.endswith(m) for m in _LEAD_BEFORE) or after.startswith(_LEAD_AFTER):
        return "lead"
    if before.endswith("由") or after.startswith("会同"):
        return "lead"
    return None


def _unknown_units(text: str, mentions: list[Mention], config: Config) -> list[str]:
    """Unit-like names beside a strong marker that the directory does not know."""
    covered = [(m.start, m.end) for m in mentions]
    unknown: list[str] = []
    for match in _UNITISH.finditer(text):
        if any(s <= match.start() < e or s < match.end() <= e for s, e in covered):
            continue
        before = text[max(0, match.start() - 2) : match.start()]
        after = text[match.end() : match.end() + 3]
        strong = any(before.endswith(m) for m in ("由", "请", "责成", "会同")) or after.startswith(
            ("牵头", "负责", "配合", "会同", "协助")
        )
        if strong:
            unknown.append(match.group())
    return unknown


# -- minutes --------------------------------------------------------------------------------------

_TOP = re.compile(r"^\s*([一二三四五六七八九十]+)、\s*(.*)$")
_SUB = re.compile(r"^\s*[（(]([一二三四五六七八九十]+)[)）]\s*(.*)$")
_ITEM = re.compile(r"^\s*(\d+)[.、．]\s*(.*)$")
_GENERIC_TOPICS = ("其他事项", "其它事项", "其他", "有关事项")


def _topic(heading: str) -> str:
    topic = heading.strip().rstrip("。：:")
    topic = re.sub(r"^关于", "", topic)
    topic = re.sub(r"(?:的)?(?:推进情况|进展情况|有关情况|情况|有关工作|相关工作|工作|问题)$", "", topic)
    return "" if topic in _GENERIC_TOPICS or not topic else topic


def _title(clause: str, topic: str, lead_start: int) -> str:
    """A short title naming the task: what is to be completed, with the section's topic where
    the object alone would not say what it is about."""
    obj = ""
    for verb in ("完成", "提出", "做好", "开展", "推进", "制定", "编制", "落实"):
        if m := re.search(rf"{verb}(.+?)(?:并|，|,|；|。|$)", clause):
            obj = m.group(1) if verb in ("完成", "提出", "做好", "开展") else verb + m.group(1)
            break
    obj = re.sub(r"(?:工作|任务)$", "", obj.strip())
    subject = ""
    if m := re.match(r"^(.{2,20}?)问题", clause[:lead_start]):
        subject = m.group(1)
    needs_topic = (
        bool(subject) or not obj or len(obj) < 6 or obj.startswith(("二期", "一期", "项目", "方案", "该", "此"))
    )
    title = (topic if needs_topic else "") + subject + obj
    title = re.sub(r"项目项目", "项目", title)
    if not title:
        title = topic or clause[:30]
    return title[:40]


def _clauses(text: str) -> list[tuple[int, str]]:
    """Clauses split at 。 and ；, with their offsets in text."""
    out: list[tuple[int, str]] = []
    start = 0
    for match in re.finditer(r"[。；;]", text):
        piece = text[start : match.start()]
        if piece.strip():
            out.append((start, piece))
        start = match.end()
    if text[start:].strip():
        out.append((start, text[start:]))
    return out


@dataclass
class _Section:
    line: int
    heading: str
    topic: str
    paragraphs: list[tuple[int, str]] = field(default_factory=list)


def _sections(lines: Sequence[str]) -> list[_Section]:
    sections: list[_Section] = []
    top_topic = ""
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            continue
        for pattern in (_TOP, _SUB):
            m = pattern.match(line)
            if m and len(m.group(2)) <= 40 and "。" not in m.group(2):
                heading = m.group(2)
                topic = _topic(heading) or (top_topic if pattern is _SUB else "")
                if pattern is _TOP:
                    top_topic = _topic(heading)
                sections.append(_Section(number, heading, topic))
                break
        else:
            if m := _ITEM.match(line):
                line = m.group(2)
            if sections:
                sections[-1].paragraphs.append((number, line))
    return sections


def parse_minutes(
    text: str, meeting: str, meeting_date: dt.date, config: Config, calendar: WorkCalendar, leader: str = ""
) -> ImportResult:
    """Every decision of the minutes that gives a unit a task, as drafts; sections without one skipped."""
    result = ImportResult()
    pattern = _unit_pattern(config)
    lines = text.splitlines()
    sections = _sections(lines)
    if not sections:
        sections = [_Section(1, "", "", [(n, line.strip()) for n, line in enumerate(lines, 1) if line.strip()])]
    for section in sections:
        found = 0
        for number, paragraph in section.paragraphs:
            for _, clause in _clauses(paragraph):
                try:
                    drafts = _tasks_in_clause(clause, number, section, pattern, config, calendar, meeting, meeting_date)
                except NotFoundError as error:
                    result.problems.append(ImportProblem(number, error.message))
                    continue
                except DateError:
                    result.problems.append(ImportProblem(number, f"时限写法有误（日期不存在）：{clause.strip()[:40]}"))
                    continue
                for draft in drafts:
                    result.drafts.append(_with_leader(draft, leader))
                    found += 1
        # A heading whose text lives in its sub-sections is not a section without a task.
        if not found and section.paragraphs:
            result.skipped.append((section.line, section.heading))
    return result


def _with_leader(draft: Draft, leader: str) -> Draft:
    return replace(draft, leader=leader) if leader else draft


def _tasks_in_clause(
    clause: str,
    line: int,
    section: _Section,
    pattern: re.Pattern[str] | None,
    config: Config,
    calendar: WorkCalendar,
    meeting: str,
    meeting_date: dt.date,
) -> list[Draft]:
    mentions = _mentions(clause, pattern, config)
    unknown = _unknown_units(clause, mentions, config)
    if unknown:
        config.resolve_unit(unknown[0])  # raises with the closest names
    groups = _groups(clause, mentions)
    roles = [(group, _role(clause, group)) for group in groups]
    leads = [i for i, (_, role) in enumerate(roles) if role == "lead"]
    if not leads:
        return []
    # Several lead groups in one clause are several tasks: cut before each later lead group.
    cuts = [0]
    for index in leads[1:]:
        start = roles[index][0][0].start
        comma = max(clause.rfind("，", 0, start), clause.rfind(",", 0, start))
        cuts.append(comma + 1 if comma >= cuts[-1] else start)
    cuts.append(len(clause))
    drafts = []
    for piece_index in range(len(cuts) - 1):
        lo, hi = cuts[piece_index], cuts[piece_index + 1]
        piece = clause[lo:hi].strip("，, ")
        lead: list[str] = []
        co: list[str] = []
        first_lead_start = None
        for group, role in roles:
            if not lo <= group[0].start < hi:
                continue
            names = [m.unit for m in group]
            if role == "lead":
                lead += [n for n in names if n not in lead]
                first_lead_start = group[0].start - lo if first_lead_start is None else first_lead_start
            elif role == "co":
                co += [n for n in names if n not in co and n not in lead]
        if not lead:
            continue
        stated = parse_deadline(piece, meeting_date, calendar)
        if stated is None and piece_index == 0 and len(cuts) == 2:
            stated = parse_deadline(clause, meeting_date, calendar)
        content = piece.strip() + "。"
        drafts.append(
            Draft(
                line=line,
                title=_title(piece, section.topic, first_lead_start or 0),
                content=content,
                lead_units=tuple(lead),
                co_units=tuple(c for c in co if c not in lead),
                deadline=stated.date if stated else None,
                report_cycle=report_cycle(piece),
                source_kind="会议议定",
                source_ref=meeting,
                source_date=meeting_date,
            )
        )
    return drafts


# -- tables ---------------------------------------------------------------------------------------

HEADERS = {
    "task": ("工作任务", "任务内容", "事项", "任务", "工作内容", "督办事项", "重点任务"),
    "lead": ("牵头单位", "责任单位", "主办单位", "牵头部门", "责任部门"),
    "co": ("配合单位", "协办单位", "配合部门", "协办部门"),
    "deadline": ("完成时限", "时间节点", "办结时限", "完成时间", "时限"),
    "source": ("来源", "任务来源"),
    "leader": ("批示领导", "责任领导", "分管领导"),
}
_SPLIT_UNITS = re.compile(r"[、，,；;/\s]+")


def _header_map(header: Sequence[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = re.sub(r"\s+", "", str(cell or ""))
        for key, synonyms in HEADERS.items():
            if name in synonyms and key not in found:
                found[key] = index
    return found


def parse_table(
    rows: Iterable[Sequence[Any]],
    config: Config,
    calendar: WorkCalendar,
    today: dt.date,
    source_kind: str = "政府工作报告",
    source_ref: str = "",
) -> ImportResult:
    """Rows of a task table (the first row is the header) as drafts; row numbers as a spreadsheet counts."""
    result = ImportResult()
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        result.problems.append(ImportProblem(1, "表格是空的"))
        return result
    columns = _header_map(header)
    missing = [label for key, label in (("task", "工作任务"), ("lead", "牵头单位")) if key not in columns]
    if missing:
        result.problems.append(
            ImportProblem(
                1,
                f"表头缺少“{'”“'.join(missing)}”列（也可写作：{'、'.join(HEADERS['task'][1:3])}；{'、'.join(HEADERS['lead'][1:3])}）",
            )
        )
        return result

    def cell(row: Sequence[Any], key: str) -> Any:
        index = columns.get(key)
        return row[index] if index is not None and index < len(row) else None

    for number, row in enumerate(iterator, 2):
        if not any(str(c or "").strip() for c in row):
            continue
        task = str(cell(row, "task") or "").strip()
        if not task:
            result.problems.append(ImportProblem(number, "工作任务为空"))
            continue
        try:
            lead = _units(cell(row, "lead"), config)
            co = tuple(u for u in _units(cell(row, "co"), config) if u not in lead)
        except NotFoundError as error:
            result.problems.append(ImportProblem(number, error.message))
            continue
        if not lead:
            result.problems.append(ImportProblem(number, "牵头单位为空"))
            continue
        raw_deadline = cell(row, "deadline")
        deadline = None
        if isinstance(raw_deadline, dt.datetime):
            deadline = raw_deadline.date()
        elif isinstance(raw_deadline, dt.date):
            deadline = raw_deadline
        elif raw_deadline not in (None, ""):
            try:
                stated = parse_deadline(str(raw_deadline), today, calendar)
            except DateError:
                stated = None
            if stated is None or stated.date is None:
                result.problems.append(
                    ImportProblem(number, f"完成时限“{raw_deadline}”看不懂，请写成 2026-11-30、2026年12月底或年底前")
                )
                continue
            deadline = stated.date
        source = str(cell(row, "source") or "").strip()
        kind, ref = (source, source_ref) if source in SOURCE_KINDS else (source_kind, source or source_ref)
        result.drafts.append(
            Draft(
                line=number,
                title=_short(task),
                content=task if len(task) > len(_short(task)) else "",
                lead_units=lead,
                co_units=co,
                deadline=deadline,
                report_cycle=report_cycle(task),
                source_kind=kind,
                source_ref=ref,
                leader=str(cell(row, "leader") or "").strip(),
            )
        )
    return result


def _short(task: str) -> str:
    first = re.split(r"[。；;\n]", task.strip())[0]
    return first[:40]


def _units(value: Any, config: Config) -> tuple[str, ...]:
    names: list[str] = []
    for part in _SPLIT_UNITS.split(str(value or "")):
        if part:
            full = config.resolve_unit(part)
            if full not in names:
                names.append(full)
    return tuple(names)


def read_table_rows(path: Any, raw: bytes) -> list[list[Any]]:
    """The rows of a CSV (UTF-8 with or without BOM, or GBK) or an xlsx file's first sheet."""
    import csv
    import io

    suffix = str(path).lower().rsplit(".", 1)[-1]
    if suffix == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    from duban.textfiles import decode_text

    return [list(row) for row in csv.reader(io.StringIO(decode_text(raw, str(path))))]
