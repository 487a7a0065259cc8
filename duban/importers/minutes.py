"""Meeting minutes -> draft cases: sections, clauses, the units named in them and their roles."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from duban.calendar import WorkCalendar
from duban.config import Config
from duban.errors import NotFoundError
from duban.importers import Draft, ImportProblem, ImportResult, fingerprint
from duban.importers.deadlines import DateError, parse_deadline, report_cycle
from duban.model import replace

# -- units in running text -------------------------------------------------------------------------


class Mention(NamedTuple):
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
# Who attended, who was absent, who took the minutes, whom they go to: never a task, though the
# line names units ("区交通运输局……负责同志参加会议" would otherwise read as 负责 = lead).
_ROLL_LINE = re.compile(r"^\s*(参加|出席|列席|请假|缺席|记录|记录人|抄送|分送|送|印发|发送)(人员|单位)?\s*[：:]")
_ROLL_SENTENCE = re.compile(r"(参加|出席|列席)(了)?(会议|本次会议)|负责同志(参加|出席|列席)")


NO_TASK = "没有交给单位的任务"


def is_roll(paragraph: str) -> bool:
    """An attendance or distribution line or paragraph of the minutes."""
    return bool(_ROLL_LINE.match(paragraph) or _ROLL_SENTENCE.search(paragraph))


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
            if is_roll(paragraph):
                result.skipped.append((number, f"{paragraph[:16]}…", "参会或分送名单，不是议定事项"))
                continue
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
                    located = replace(draft, origin=f"第{number}行", fingerprint=fingerprint(f"{meeting}|{clause}"))
                    result.drafts.append(_with_leader(located, leader))
                    found += 1
        # A heading whose text lives in its sub-sections is not a section without a task.
        if not found and section.paragraphs:
            result.skipped.append((section.line, section.heading, NO_TASK))
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
