"""Meeting minutes -> draft cases: sections, clauses, the units named in them and their roles."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from duban.calendar import WorkCalendar
from duban.config import Config
from duban.errors import NotFoundError
from duban.importers import Draft, ImportProblem, ImportResult, fingerprint
from duban.importers.deadlines import GUESS, SURE, DateError, Deadline, read_deadline, report_cycle, sureness
from duban.importers.wordfile import Piece, text_pieces
from duban.model import replace
from duban.records import NamedTuple

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
    """The directory's units named in the text, but not one named only as the addressee of a report."""
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(text):
        before = text[max(0, m.start() - 2) : m.start()]
        if before.endswith(_ADDRESSEE_BEFORE) or text[m.end() :].startswith(_ADDRESSEE_AFTER):
            continue
        out.append(Mention(m.start(), m.end(), config.resolve_unit(m.group())))
    return out


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


_LEAD_AFTER = (
    "牵头", "负责", "主办", "按职责分工", "要", "抓紧", "切实", "认真", "尽快",
    "为牵头单位", "为责任单位", "为主办单位",
)  # fmt: skip
_LEAD_BEFORE = ("由", "请", "责成", "要求")
_CO_AFTER = ("配合", "协助", "协办", "参与", "为配合单位", "为协办单位")
# Y、Z按照各自职责配合, Y积极配合, Y全力协助: co-units however the help is worded.
_CO_AFTER_WORDS = re.compile(
    r"^(?:要|应|须)?(?:按照?各自职责|按职责|分别|积极|全力|主动|密切|共同|做好)?(?:配合|协助|协办|参与)"
)
_CO_BEFORE = ("会同", "联合", "协调")
# "Y做好Z保障工作", "Y予以保障", "Y做好……服务工作" beside another unit's task: Y supports it (alone in
# a clause it is Y's own task).
_SUPPORT = re.compile(
    r"^(?:要|负责|应)?(?:做好[^，,；;。]{0,20}?(?:保障|服务|指导|准备|衔接|支持|配合|监管|工作)"
    r"|(?:予以|给予|提供|负责)(?:资金|经费|要素|用地|技术|政策)?(?:保障|支持|配合|协助))"
)
# A unit named as whom to report to is no unit of the case: 报区政府, 向区政府报告, 提请区政府审定.
_ADDRESSEE_BEFORE = ("报", "报送", "呈报", "上报", "向", "提请", "提交", "报请")
_ADDRESSEE_AFTER = ("报告", "汇报", "审定", "审议", "备案", "批准", "同意")
_NOT_A_ROLE_AFTER = ("负责同志", "负责人", "主要负责")
# A unit-like phrase next to a strong marker must be in the directory; these endings tell one.
_UNITISH = re.compile(r"(?:区|市|县|镇|乡)[\u4e00-\u9fa5]{1,14}?(?:局|委员会|委|办公室|办|中心|院|所|署|队|分局|公司)")


def _role(text: str, group: list[Mention]) -> str | None:
    """lead, co, support (co beside another unit's task, else lead), or None (only named)."""
    before = text[max(0, group[0].start - 2) : group[0].start]
    after = text[group[-1].end : group[-1].end + 5]
    if after.startswith(_NOT_A_ROLE_AFTER):
        return None
    if any(before.endswith(m) for m in _CO_BEFORE):
        return "co"
    if after.startswith(_CO_AFTER) or _CO_AFTER_WORDS.match(text[group[-1].end :]):
        return "co"
    if _SUPPORT.match(text[group[-1].end :]):
        return "support"
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
_SUB = re.compile(r"^\s*(?:[（(]([一二三四五六七八九十]+|\d{1,2})[)）]|[①-⑳])\s*(.*)$")
_ITEM = re.compile(r"^\s*(\d+)[.、．]\s*(.*)$")
# Who attended, who was absent, who took the minutes, whom they go to: never a task, though the
# line names units ("区交通运输局……负责同志参加会议" would otherwise read as 负责 = lead).
_ROLL_LINE = re.compile(r"^\s*(参加|出席|列席|请假|缺席|记录|记录人|抄送|分送|送|印发|发送)(人员|单位)?\s*[：:]")
_ROLL_SENTENCE = re.compile(r"(参加|出席|列席)(了)?(会议|本次会议)|负责同志(参加|出席|列席)")


NO_TASK = "没有交给单位的任务"
# The opening sentence of the minutes: who convened or led the meeting, where and why.
_CONVENED = re.compile(r"主持召开|召开|带领|率领|深入[^。]{0,30}现场|现纪要如下|纪要如下")


def is_roll(paragraph: str) -> bool:
    """An attendance or distribution line or paragraph of the minutes."""
    return bool(_ROLL_LINE.match(paragraph) or _ROLL_SENTENCE.search(paragraph))


_GENERIC_TOPICS = ("其他事项", "其它事项", "其他", "有关事项")


def _topic(heading: str) -> str:
    topic = heading.strip().rstrip("。：:")
    topic = re.sub(r"^关于", "", topic)
    topic = re.sub(r"(?:的)?(?:推进情况|进展情况|有关情况|情况|有关工作|相关工作|工作|问题)$", "", topic)
    return "" if topic in _GENERIC_TOPICS or not topic else topic


_DELIVERABLE = re.compile(
    r"(?:拿出|形成|提交|起草|出台|研究提出|提出)(?!的)([^，,；;。]{2,30}?(?:意见|方案|报告|办法|计划|清单|措施|规划|细则|预案))"
)


def _title(clause: str, topic: str, lead_start: int) -> str:
    """A short title naming the task: what is to be completed, with the section's topic where
    the object alone would not say what it is about."""
    return _titled(clause, topic, lead_start).replace("\u3000", "").strip("，, ")


def _titled(clause: str, topic: str, lead_start: int) -> str:
    obj = ""
    # The thing to deliver, where the clause names one: 拿出……意见, 形成……方案.
    if m := re.search(_DELIVERABLE, clause):
        obj = m.group(1)
    # 将……发放到位: the thing and what is done to it.
    if not obj and (m := re.search(_HANDED_OVER, clause)):
        obj = m.group(1) + m.group(2)
    for verb in ("完成", "提出", "做好", "开展", "办结", "推进", "制定", "编制", "落实", "实现") if not obj else ():
        if m := re.search(rf"{verb}(?!的)(.+?)(?:并|，|,|；|。|$)", clause):
            obj = m.group(1) if verb in ("完成", "提出", "做好", "开展", "办结") else verb + m.group(1)
            break
    if not obj and (m := re.search(r"对([^，,；;。]{2,24}?)(?:即知即改|立行立改|立即整改|限期整改|进行整改)", clause)):
        obj = m.group(1).removeprefix("群众反映的") + "整改"
    if not obj and (m := re.search(r"(?:负责|牵头|主办|抓紧|抓好|要)([^，,；;。]{4,30})", clause)):
        obj = m.group(1)  # 负责修订城区内涝应急预案, 要加强特种设备安全监管
    obj = re.sub(r"(?:工作|任务)$", "", obj.strip())
    # 同意区文旅局提出的暑期文化惠民活动方案，由区文旅局负责组织实施: what was agreed is the subject
    agreed = re.search(r"(?:同意|通过)[^，,；;。]{0,12}?提出的([^，,；;。]{2,30})", clause)
    if agreed and len(obj.replace("\u3000", "")) < 6:
        return (agreed.group(1) + obj)[:40]
    subject = ""
    before = _DECIDED.sub("", clause[:lead_start], count=1).strip("，, ")
    if m := re.match(r"^(.{2,20}?)问题", before):
        subject = m.group(1)
    elif before.endswith("由") and len(before) > 4 and not re.search("[，,]", before):
        # 区人民医院门诊楼改造项目建设资金由区财政局……: the subject stands before 由
        return _joined(before[:-1], obj)[:40]
    needs_topic = (
        bool(subject) or not obj or len(obj) < 6 or obj.startswith(("二期", "一期", "项目", "方案", "该", "此"))
    )
    title = (topic if needs_topic else "") + subject + obj
    title = re.sub(r"项目项目", "项目", title)
    if not title:
        title = topic or clause[:30]
    return title[:40]


_LEAD_IN = re.compile(r"^\s*(?:[一二三四五六七八九十]+是)?([^，,；;。]{2,30}?问题)[。：:]?\s*$")
_HANDED_OVER = re.compile(r"将([^，,；;。]{2,30}?)(发放|拨付|印发|落实|办结|(?=报送|上报|提交|报))(?:到位|完毕)?")


def _joined(subject: str, obj: str) -> str:
    """The subject and the object, the words they share said once: 建设资金 + 资金筹措方案."""
    for size in range(min(len(subject), len(obj)), 0, -1):
        if subject.endswith(obj[:size]):
            return subject + obj[size:]
    return subject + obj


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
    paragraphs: list[Piece] = field(default_factory=list)


def _unnumbered(line: str) -> str:
    """A decision without its number: 1. （1） 一、 ① before a whole decision, not a heading."""
    if m := _ITEM.match(line) or _TOP.match(line) or _SUB.match(line):
        return m.group(2)
    return line


def _sections(pieces: Sequence[Piece]) -> tuple[list[Piece], list[_Section]]:
    """The paragraphs before the first heading (the opening), and the sections under 一、 （一）."""
    sections: list[_Section] = []
    opening: list[Piece] = []
    top_topic = ""
    for piece in pieces:
        line = piece.text
        for pattern in (_TOP, _SUB):
            m = pattern.match(line)
            if m and len(m.group(2)) <= 40 and "。" not in m.group(2):
                heading = m.group(2)
                topic = _topic(heading) or (top_topic if pattern is _SUB else "")
                if pattern is _TOP:
                    top_topic = _topic(heading)
                sections.append(_Section(piece.number, heading, topic))
                break
        else:
            line = _unnumbered(line)
            if sections:
                sections[-1].paragraphs.append(piece._replace(text=line))
            else:
                opening.append(piece)
    return opening, sections


# -- the header: what meeting, which number, when, who chaired ------------------------------------------


class Header(NamedTuple):
    """What the minutes say of themselves, before the first decision."""

    meeting: str = ""  # 示范区人民政府第15次常务会议
    number: str = ""  # 〔2026〕41号
    date: dt.date | None = None  # the meeting's date (not the minutes' own date, where both are given)
    leader: str = ""  # who chaired it


_KINDS = (
    r"((?:区长|县长|市长|镇长|主任)办公会议|常务会议|全体会议|办公会议|办公会|专题会议|专题会|工作会议|协调会议|协调会"
    r"|推进会|调度会|会议)"
)
_ORDINAL = re.compile(r"^[（(]?第([0-9一二三四五六七八九十百]+)次[）)]?$")
_DOC_NUMBER = re.compile(r"[〔\[［（(](?:19|20)\d{2}[〕\]］）)]\s*第?\s*\d+\s*号")
_FULL_DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
_CHAIR = re.compile(
    r"(?:常务副|副)?(?:区长|市长|县长|镇长|主任|秘书长|书记|局长|部长)([\u4e00-\u9fa5]{2,3}?)(?:同志)?"
    r"(?=主持|在|于|，|,)[^。；]{0,30}?主持"
)


# 现场办公会: 副区长陈立新带领……深入现场: the one who leads the units there chairs it.
_LED = re.compile(
    r"(?:常务副|副)?(?:区长|市长|县长|镇长|主任|秘书长|书记)([\u4e00-\u9fa5]{2,3}?)(?:同志)?(?:带领|率领|带队)"
)


_TITLES = r"(?:区委常委、)?(?:常务副|副)?(?:区长|市长|县长|镇长|主任|秘书长|书记|局长|部长)"
# 副区长李红出席会议并讲话: a 调度会 with no 主持 is led by the one who spoke.
_SPOKE = re.compile(rf"{_TITLES}([\u4e00-\u9fa5]{{2,3}}?)(?:同志)?出席(?:会议)?并(?:作重要)?讲话")


def read_header(pieces: Sequence[Piece]) -> Header:
    """The meeting's name (with 第N次 put in), its number, date and chair, from the lines before the
    first section heading and the opening sentence (…主持召开…)."""
    opening, _ = _sections([p for p in pieces if not p.cells])
    head = opening[:12]
    meeting = number = leader = ""
    date: dt.date | None = None
    ordinal = ""
    for position, piece in enumerate(head):
        text = "".join(piece.text.split())
        if not meeting and text.endswith("纪要") and len(text) <= 40:
            found = _DOC_NUMBER.search(text)
            if found:
                number = number or found.group(0)
            meeting = _DOC_NUMBER.sub("", text).removesuffix("纪要").strip()
            if re.fullmatch(_KINDS, meeting) and position > 0:  # the title in two lines: 示范区人民政府 / 常务会议纪要
                above = "".join(head[position - 1].text.split())
                if len(above) <= 20 and not re.search(r"\d", above):
                    meeting = above + meeting
            inner = re.search(r"[（(]第([0-9一二三四五六七八九十百]+)次[）)]", meeting)
            if inner:
                ordinal = inner.group(1)
                meeting = meeting.replace(inner.group(0), "")
            continue
        if m := _ORDINAL.match(text):
            ordinal = ordinal or m.group(1)
            continue
        if not number and (found := _DOC_NUMBER.search(text)):
            number = found.group(0)
    document_date: dt.date | None = None
    for piece in head:
        text = "".join(piece.text.split())
        convened = re.search(r"(主持)?召开|主持|带领|率领", text)
        if convened:
            before = text[: convened.start()]
            year = document_date.year if document_date else None
            if full := list(_FULL_DATE.finditer(before)):
                date = _date(int(full[-1][1]), int(full[-1][2]), int(full[-1][3])) or date
            elif (m2 := list(re.finditer(r"(\d{1,2})月(\d{1,2})日", before))) and year:
                date = _date(year, int(m2[-1][1]), int(m2[-1][2])) or date
            if chair := _CHAIR.search(text) or _LED.search(text) or _SPOKE.search(text):
                leader = chair.group(1)
            # 主持召开区政府第21次常务会议: the ordinal the title leaves out
            if not ordinal and (called := re.search(r"召开[^，。,；]{0,20}?第([0-9一二三四五六七八九十百]+)次", text)):
                ordinal = called.group(1)
            break
        if document_date is None and (m3 := _FULL_DATE.search(text)) and len(text) <= 40:
            document_date = _date(int(m3[1]), int(m3[2]), int(m3[3]))
    for piece in head:  # 时间：2026年6月10日上午 / 主持：区长王建国 — fields of their own win
        text = "".join(piece.text.split())
        if (m4 := re.match(r"^(?:会议)?时间[：:]", text)) and (full_date := _FULL_DATE.search(text, m4.end())):
            date = _date(int(full_date[1]), int(full_date[2]), int(full_date[3])) or date
        elif m5 := re.match(rf"^主持(?:人)?[：:]{_TITLES}?([\u4e00-\u9fa5]{{2,3}})(?:同志)?$", text):
            leader = m5.group(1)
    if meeting and ordinal and not re.search(r"第[0-9一二三四五六七八九十百]+次", meeting):
        meeting = re.sub(_KINDS + "$", f"第{ordinal}次\\1", meeting, count=1)
        if "次" not in meeting:
            meeting += f"第{ordinal}次会议"
    return Header(meeting, number, date or document_date, leader)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# -- decisions -------------------------------------------------------------------------------------------


def parse_minutes(
    text: str,
    meeting: str,
    meeting_date: dt.date,
    config: Config,
    calendar: WorkCalendar,
    leader: str = "",
    given: Mapping[str, Deadline] | None = None,
) -> ImportResult:
    """Minutes as plain text: every decision that gives a unit a task, as drafts."""
    return parse_pieces(text_pieces(text), meeting, meeting_date, config, calendar, leader, given)


_SENTENCE_END = re.compile(r"[。！？!?]")


def _sentences(text: str) -> list[str]:
    out, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            out.append(text[start : match.end()])
        start = match.end()
    if text[start:].strip():
        out.append(text[start:])
    return out


def parse_pieces(
    pieces: Sequence[Piece],
    meeting: str,
    meeting_date: dt.date,
    config: Config,
    calendar: WorkCalendar,
    leader: str = "",
    given: Mapping[str, Deadline] | None = None,
) -> ImportResult:
    """Every decision of the minutes that gives a unit a task, as drafts; sections without one
    skipped; every sentence that names a unit but gave no task listed as unplaced. A deadline
    phrase no rule covers is a problem ("认不出的时限"), unless given holds the clerk's reading."""
    result = ImportResult()
    pattern = _unit_pattern(config)
    text_only = [p for p in pieces if not p.cells]
    opening, sections = _sections(text_only)
    if not sections:
        plain = [p._replace(text=_unnumbered(p.text)) for p in text_only]
        sections = [_Section(text_only[0].number if text_only else 1, "", "", plain)]
        opening = []
    for piece in opening:
        if is_roll(piece.text):
            result.skipped.append((piece.number, f"{piece.text[:16]}…", "参会或分送名单，不是议定事项"))
        elif _CONVENED.search(piece.text) and pattern is not None and pattern.search(piece.text):
            result.skipped.append((piece.number, f"{piece.text[:16]}…", "会议概况，不是议定事项"))
        else:
            _unplaced(result, piece, piece.text, pattern)
    rows = [p for p in pieces if p.cells]
    _table_decisions(result, rows, meeting, meeting_date, config, calendar, leader, given)
    tabled = {d.line for d in result.drafts}
    last_draft: tuple[int, int] | None = None  # the paragraph and index of the latest draft
    lead_in: tuple[int, str] | None = None  # a paragraph's opening "一是……问题。": the subject of its tasks
    bounds = [s.line for s in sections[1:]] + [10**9]
    for section, end in zip(sections, bounds, strict=True):
        # A decisions table under this heading holds its tasks.
        found = sum(1 for line in tabled if section.line < line < end)
        for piece in section.paragraphs:
            if is_roll(piece.text):
                result.skipped.append((piece.number, f"{piece.text[:16]}…", "参会或分送名单，不是议定事项"))
                continue
            for sentence in _sentences(piece.text):
                made = 0
                for _, clause in _clauses(sentence):
                    try:
                        drafts = _tasks_in_clause(
                            clause, piece.number, section, pattern, config, calendar, meeting, meeting_date, given
                        )
                    except NotFoundError as error:
                        result.problems.append(ImportProblem(piece.number, error.message))
                        continue
                    except UnknownPhrase as unknown:
                        result.problems.append(ImportProblem(piece.number, unknown.message()))
                        made += 1  # a decision all the same: not an unplaced sentence
                        continue
                    except DateError:
                        result.problems.append(
                            ImportProblem(piece.number, f"时限写法有误（日期不存在）：{clause.strip()[:40]}")
                        )
                        continue
                    for draft in drafts:
                        # By the meeting's date, not its name: the name read from the header and the
                        # one a clerk types may differ, the decision is the same.
                        located = replace(
                            draft,
                            origin=piece.where,
                            fingerprint=fingerprint(f"{meeting_date}|{clause}"),
                            earlier_fingerprint=fingerprint(f"{meeting}|{clause}"),
                        )
                        result.drafts.append(_with_leader(located, leader))
                        made += 1
                if not made and (intro := _LEAD_IN.match(sentence)) and not (pattern and pattern.search(sentence)):
                    lead_in = (piece.number, intro.group(1))  # 一是巡视反馈农村人居环境问题。区农业农村局牵头……
                    continue
                if made > 0 and lead_in is not None and lead_in[0] == piece.number:
                    for index in range(len(result.drafts) - made, len(result.drafts)):
                        draft = result.drafts[index]
                        if lead_in[1].removesuffix("问题") not in draft.title:
                            result.drafts[index] = replace(draft, title=_joined(lead_in[1], draft.title)[:40])
                if not made and last_draft is not None and last_draft[0] == piece.number:
                    helpers = _co_only(sentence, pattern, config)
                    if helpers:  # "区城市管理局协助做好应急物资储备": a co-unit of the task just read
                        index = last_draft[1]
                        draft = result.drafts[index]
                        extra = tuple(u for u in helpers if u not in draft.co_units and u not in draft.lead_units)
                        result.drafts[index] = replace(draft, co_units=draft.co_units + extra)
                        made = -1
                if not made:
                    _unplaced(result, piece, sentence, pattern)
                elif made > 0:
                    last_draft = (piece.number, len(result.drafts) - 1)
                    found += made
        # A heading whose text lives in its sub-sections is not a section without a task.
        if not found and section.paragraphs:
            result.skipped.append((section.line, section.heading, NO_TASK))
    result.drafts.sort(key=lambda d: d.line)  # in the order of the minutes, tables where they stand
    result.skipped.sort(key=lambda s: s[0])
    result.places = {p.number: p.where for p in pieces}
    return result


def _co_only(sentence: str, pattern: re.Pattern[str] | None, config: Config) -> list[str]:
    """The units a sentence names only as helpers (协助, 配合, 做好……保障), when it names no lead."""
    try:
        mentions = _mentions(sentence, pattern, config)
    except NotFoundError:
        return []
    roles = [(group, _role(sentence, group)) for group in _groups(sentence, mentions)]
    if not roles or any(role == "lead" for _, role in roles):
        return []
    return [m.unit for group, role in roles if role in ("co", "support") for m in group]


def _unplaced(result: ImportResult, piece: Piece, sentence: str, pattern: re.Pattern[str] | None) -> None:
    """A sentence naming a directory unit that gave no task: shown to the clerk, who decides."""
    if pattern is not None and pattern.search(sentence):
        result.unplaced.append((piece.where, sentence.strip()))


# A decisions table: 序号 / 议定事项 / 责任单位 / 完成时限 (the names vary).
_COLUMN_TASK = ("议定事项", "工作任务", "事项", "任务", "工作内容", "内容", "议题")
_COLUMN_UNITS = ("责任单位", "牵头单位", "承办单位", "主办单位", "责任部门", "牵头部门")
_COLUMN_CO = ("配合单位", "协办单位", "配合部门")
_COLUMN_DEADLINE = ("完成时限", "完成时间", "办理时限", "时限", "时间节点", "时间要求")


def _column(header: tuple[str, ...], names: tuple[str, ...]) -> int | None:
    cleaned = ["".join(c.split()) for c in header]
    for name in names:  # the more specific names first
        for index, cell in enumerate(cleaned):
            if cell.startswith(name) or cell == name:
                return index
    return None


def _table_decisions(
    result: ImportResult,
    rows: list[Piece],
    meeting: str,
    meeting_date: dt.date,
    config: Config,
    calendar: WorkCalendar,
    leader: str,
    given: Mapping[str, Deadline] | None = None,
) -> None:
    """Each row of a decisions table as a task: the 责任单位 cell's first unit leads (the others
    co-operate) unless the cell says 牵头/配合 itself; the deadline from the 完成时限 cell."""
    pattern = _unit_pattern(config)
    by_table: dict[int, list[Piece]] = {}
    for row in rows:
        by_table.setdefault(row.table, []).append(row)
    for table_rows in by_table.values():
        header = table_rows[0].cells
        task, units, co, deadline = (_column(header, names) for names in
                                     (_COLUMN_TASK, _COLUMN_UNITS, _COLUMN_CO, _COLUMN_DEADLINE))  # fmt: skip
        if task is None or units is None:
            continue  # not a decisions table (an attendance list, a schedule)
        for row in table_rows[1:]:
            cells = row.cells
            what = cells[task].strip() if task < len(cells) else ""
            who = cells[units].strip() if units < len(cells) else ""
            if not what:
                continue
            if not who:  # a decision without a unit: shown to the clerk, never guessed
                result.unplaced.append((row.where, what))
                continue
            try:
                lead, co_units = _cell_units(who, pattern, config)
                if co is not None and co < len(cells):
                    helpers = _cell_units(cells[co], pattern, config, all_lead=True)
                    co_units += [u for u in helpers[0] + helpers[1] if u not in co_units and u not in lead]
                when = cells[deadline] if deadline is not None and deadline < len(cells) else ""
                stated = read_deadline(when, meeting_date, calendar, given) if when.strip() else None
                if when.strip() and stated is None:
                    raise UnknownPhrase(when.strip(), what)
                stated = stated or read_deadline(what, meeting_date, calendar, given)
                if stated is not None and stated.unknown:
                    raise UnknownPhrase(stated.phrase, what)
            except UnknownPhrase as unknown:
                result.problems.append(ImportProblem(row.number, unknown.message()))
                continue
            except NotFoundError as error:
                result.problems.append(ImportProblem(row.number, error.message))
                continue
            except DateError:
                result.problems.append(ImportProblem(row.number, f"时限写法有误（日期不存在）：{when or what}"))
                continue
            if not lead:
                result.unplaced.append((row.where, f"{what}（{who}）"))
                continue
            title = what.rstrip("。；;")
            if len(title) > 40:
                title = _title(title, "", 0)
            draft = _decision(row.number, title, what, lead, co_units, stated, meeting, meeting_date)
            located = replace(
                draft,
                origin=row.where,
                fingerprint=fingerprint(f"{meeting_date}|{what}|{who}"),
                units_from=who,
                units_sure=SURE,
            )
            result.drafts.append(_with_leader(located, leader))


_LEAD_MARK = re.compile(r"\s*[（(](?:牵头|主办|牵头单位)[)）]")


def _cell_units(
    text: str, pattern: re.Pattern[str] | None, config: Config, all_lead: bool = False
) -> tuple[list[str], list[str]]:
    """A 责任单位 cell's units: (lead, co). 牵头/负责 and 配合/协助 where the cell says so; else
    the first unit leads and the rest co-operate (all lead with all_lead)."""
    mentions = _mentions(text, pattern, config)
    unknown = [m for m in _UNITISH.finditer(text) if not any(x.start <= m.start() < x.end for x in mentions)]
    if unknown:
        config.resolve_unit(unknown[0].group())  # raises with the closest names
    marks = [m for m in mentions if _LEAD_MARK.match(text, m.end)]
    if marks:  # 区交通局、区公安分局（牵头）: the marked unit leads, the others co-operate
        lead = [m.unit for m in marks]
        return lead, [m.unit for m in mentions if m.unit not in lead]
    groups = _groups(text, mentions)
    roles = [(group, _role(text, group)) for group in groups]
    lead = []
    co: list[str] = []
    marked = any(role in ("lead", "co") for _, role in roles)
    for index, (group, role) in enumerate(roles):
        for position, mention in enumerate(group):
            if marked:
                first = role == "lead" or (role is None and not lead)
            else:
                first = all_lead or (index == 0 and position == 0)
            target = lead if first else co
            if mention.unit not in lead and mention.unit not in co:
                target.append(mention.unit)
    return lead, co


def _with_leader(draft: Draft, leader: str) -> Draft:
    return replace(draft, leader=leader) if leader else draft


class UnknownPhrase(Exception):
    """A decision whose deadline is written in words no rule covers: the clerk gives the date."""

    def __init__(self, phrase: str, text: str) -> None:
        super().__init__(phrase)
        self.phrase = phrase
        self.text = text

    def message(self) -> str:
        return (
            f"认不出的时限：{self.phrase}（“{one_line_short(self.text)}”）；请在纪要中写明日期，"
            f"或用 --phrase {self.phrase}=日期 "
            "给出（不设时限写 =常态，按规定时限写 =默认）"
        )


def one_line_short(text: str, limit: int = 30) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# What opens a decision without naming a role: 会议议定：, 会议要求，, 会议决定，.
_DECIDED = re.compile(
    r"^\s*(?:会议|经研究|经会议研究)?(?:议定|决定|明确|要求|研究决定|同意)?[：:，,]?\s*"
    r"(?:[（(](?:\d{1,2}|[一二三四五六七八九十]+)[)）]|\d{1,2}[.、．]|[①-⑳]|[一二三四五六七八九十]+是)?\s*"
)
# Sentences that only report, note or agree: no unit named in them is given a task by its place.
_ONLY_NOTES = re.compile(r"^\s*(?:会议)?(?:听取|指出|强调|肯定|认为|原则同意|同意|研究了|审议了|通报|学习)")


def _subject(clause: str, group: list[Mention], reading: Deadline | None) -> bool:
    """A unit named first in a decision, with no word of role, that goes on to do something by a
    deadline or after a modal word (要, 将, 于), is the one the task is given to; never in a sentence
    of work already done."""
    if _ONLY_NOTES.match(clause):
        return False
    opening = _DECIDED.match(clause)
    if group[0].start != (opening.end() if opening else 0):
        return False
    rest = clause[group[-1].end :]
    if rest.startswith(_NOT_A_ROLE_AFTER + _NOT_A_SUBJECT):
        return False
    if _DONE.search(rest):  # 区财政局前三季度已完成收入……: what was done, not a task
        return False
    return reading is not None or bool(re.match(r"(?:要|须|应|将|于|在|抓紧|尽快|务必|必须)", rest))


# What a narrative sentence says of work done: its first unit is no subject of a task.
_DONE = re.compile(r"已经?|累计|同比|取得|成效|完成了|达到了?|超额")


# After a unit named first: words that make it no subject of a task (区教育局的, 区城管局提出的方案).
_NOT_A_SUBJECT = ("的", "等", "关于", "作为", "提出的", "报送的", "汇报", "和", "与", "同志")


def _tasks_in_clause(
    clause: str,
    line: int,
    section: _Section,
    pattern: re.Pattern[str] | None,
    config: Config,
    calendar: WorkCalendar,
    meeting: str,
    meeting_date: dt.date,
    given: Mapping[str, Deadline] | None = None,
) -> list[Draft]:
    mentions = _mentions(clause, pattern, config)
    unknown = _unknown_units(clause, mentions, config)
    if unknown:
        config.resolve_unit(unknown[0])  # raises with the closest names
    groups = _groups(clause, mentions)
    roles = [(group, _role(clause, group)) for group in groups]
    guessed = False
    if roles and not any(role == "lead" for _, role in roles) and roles[0][1] is None:
        if _subject(clause, roles[0][0], read_deadline(clause, meeting_date, calendar, given)):
            roles[0] = (roles[0][0], "lead")
            guessed = True
    has_lead = any(role == "lead" for _, role in roles)
    roles = [(group, ("co" if has_lead else "lead") if role == "support" else role) for group, role in roles]
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
        first_lead: list[Mention] | None = None
        for group, role in roles:
            if not lo <= group[0].start < hi:
                continue
            names = [m.unit for m in group]
            if role == "lead":
                lead += [n for n in names if n not in lead]
                first_lead = group if first_lead is None else first_lead
            elif role == "co":
                co += [n for n in names if n not in co and n not in lead]
        if not lead or first_lead is None:
            continue
        stated = read_deadline(piece, meeting_date, calendar, given)
        if stated is None and piece_index == 0 and len(cuts) == 2:
            stated = read_deadline(clause, meeting_date, calendar, given)
        elif stated is None and len(cuts) > 2 and (shared := read_deadline(clause, meeting_date, calendar, given)):
            # "区A、区B分别于……前": a deadline stated once for the tasks of the clause, a guess for each
            stated = shared._replace(sure=GUESS)
        if stated is not None and stated.unknown:
            raise UnknownPhrase(stated.phrase, piece)
        task_words = _without_helpers(clause, lo, hi, roles, stated.phrase if stated else "")
        title = _title(task_words, section.topic, first_lead[0].start - lo)
        draft = _decision(line, title, piece.strip(), lead, co, stated, meeting, meeting_date)
        drafts.append(
            replace(
                draft,
                units_from=_role_words(clause, first_lead),
                units_sure=GUESS if guessed and first_lead is roles[0][0] else SURE,
            )
        )
    return drafts


_AT_ONCE = ("立即", "即知即改", "立行立改", "马上", "即刻", "立刻")


def _without_helpers(
    clause: str, lo: int, hi: int, roles: list[tuple[list[Mention], str | None]], phrase: str = ""
) -> str:
    """A task's words without the parts that only say who helps (区财政局做好经费保障), so that the
    title names the lead unit's task; offsets kept (the parts are blanked, not cut)."""
    text = clause[lo:hi]
    for group, role in roles:
        if role != "co" or not lo <= group[0].start < hi:
            continue
        start = group[0].start - lo
        if text[:start].endswith(("会同", "联合")):  # 要会同区市场监管局年内实现……: the co-units out
            text = text[: start - 2] + "\u3000" * (group[-1].end - group[0].start + 2) + text[group[-1].end - lo :]
            continue
        if start and text[start - 1] not in "，,":
            continue
        end = min((i for i in (text.find("，", start), text.find(",", start)) if i >= 0), default=len(text))
        text = text[:start] + "\u3000" * (end - start) + text[end:]
    at = text.find(phrase) if phrase and phrase not in _AT_ONCE else -1
    if at >= 0:  # the deadline's words are no part of the task's name
        text = text[:at] + "\u3000" * len(phrase) + text[at + len(phrase) :]
    return text


def _role_words(clause: str, group: list[Mention]) -> str:
    """The words a unit's role was read from: 请区教育局牵头, 由区公安分局负责, 区民政局本月底前…"""
    start = group[0].start
    for word in ("责成", "由", "请"):
        if clause[:start].endswith(word):
            start -= len(word)
            break
    end = group[-1].end
    if m := _ROLE_WORD.match(clause, end):
        return clause[start : m.end()]
    rest = clause[end : end + 5].split("，")[0]
    return clause[start:end] + rest + ("…" if len(rest) == 5 else "")


_ROLE_WORD = re.compile(
    r"按照?职责分工负责|按职责分工|牵头负责|牵头|负责|主办|会同|为牵头单位|为责任单位|为主办单位|要|抓紧|切实|认真|尽快"
)


def _decision(
    line: int,
    title: str,
    text: str,
    lead: list[str],
    co: list[str],
    stated: Deadline | None,
    meeting: str,
    meeting_date: dt.date,
) -> Draft:
    """One decision of the meeting as a draft: the text as its content, the deadline as stated."""
    return Draft(
        line=line,
        title=title,
        content=text if text.endswith("。") else text + "。",
        lead_units=tuple(lead),
        co_units=tuple(c for c in co if c not in lead),
        deadline=stated.date if stated else None,
        deadline_phrase=stated.phrase if stated else "",
        standing=bool(stated and stated.standing),
        deadline_sure=sureness(stated),
        deadline_note=stated.note if stated else "",
        report_cycle=report_cycle(text),
        source_kind="会议议定",
        source_ref=meeting,
        source_date=meeting_date,
    )
