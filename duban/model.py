"""The case record and its YAML mapping out: Chinese keys in a fixed order, immutable records.
Reading a file's mapping back into a record, with every problem found, is schema.py."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, TypeVar

from duban.records import NamedTuple

SCHEMA_VERSION = 7  # part of the cache key: bump when what a parsed case holds (or refuses) changes

SOURCE_KINDS = (
    "领导批示",
    "会议议定",
    "政府工作报告",
    "人大建议",
    "政协提案",
    "上级督查",
    "文件部署",
    "年度目标",
    "领导交办",
    "群众关切",
    "人大议案",
    "审议意见",
    "重点工程",
)
# Deputies' suggestions and CPPCC proposals: answered to the deputy or member, with an answer class
# (答复类别), the deputy's satisfaction (测评) and 重新办理 when not satisfied.
PROPOSAL_KINDS = ("人大建议", "政协提案")
SATISFACTION = ("满意", "基本满意", "不满意")
# How the office supervises beyond reminders (督查方式), and what a 复查 finds: the commands and `check` alike.
INSPECTION_WAYS = ("实地督查", "暗访", "约谈", "听取汇报", "电话督查", "联合督查")
FINDINGS = ("属实", "不属实")
CONSULT_WAYS = ("电话", "座谈", "走访", "书面", "视频", "其他")
URGENCIES = ("特急", "紧急", "一般")
# 每日: each working day; 每季度: the quarters of the year (reports.missing_report).
REPORT_CYCLES = ("无", "每日", "每周", "每月", "每季度")
# 常态事项: a standing task (长期、持续的工作) assigned with no 办理时限: its 交办 event (or, before
# the assignment, its 立项 event) records 常态: true.
STANDING = "常态"
REPORT_SCOPES = ("一般性", "综合性")

PENDING = "待交办"
ACTIVE = "办理中"
REVIEW = "待审核"
CLOSED = "已办结"
TERMINATED = "已终止"
ARCHIVED = "已归档"
# 作废: registered in error (the same minutes imported on two clones): the file and its number stay,
# and the case counts in no figure. Unlike 已终止, which counts.
VOIDED = "已作废"
STATUSES = (PENDING, ACTIVE, REVIEW, CLOSED, TERMINATED, ARCHIVED, VOIDED)
OPEN_STATUSES = (PENDING, ACTIVE, REVIEW)

ACTIONS = (
    "立项",
    "交办",
    "签收",
    "反馈",
    "催办",
    "延期",
    "退回",
    "办结",
    "终止",
    "归档",
    "分解",
    "撤销",
    "通报",
    "作废",
    "测评",
    "复查",
    "批示",
    "请示",
    "批复",
    "退办",
    "督查",
    "问责",
    "提醒",
)

# 2026-0017: four digits of year, a serial of four digits, five once a year passes 9,999.
ID_PATTERN = re.compile(r"^([0-9]{4})-([0-9]{4,5})$")

# The order of keys in a case file. Clerks and section chiefs read diffs of these files, so
# the order never changes, and every key is always written (null when empty) so that a merge
# never has to delete a key and take a clerk's comment with it.
CASE_KEYS = (
    "编号",
    "文号",
    "标题",
    "来源",
    "批示领导",
    "督办内容",
    "主办单位",
    "协办单位",
    "紧急程度",
    "报告类别",
    "知情范围",
    "报告周期",
    "上级事项",
    "立项日期",
    "交办日期",
    "办理时限",
    "时限工作日",
    "状态",
    "办理过程",
    "办理报告",
)
REQUIRED_KEYS = ("编号", "标题", "来源", "紧急程度", "立项日期", "状态")
# 届次 (区十八届人大五次会议), 案号 (the session's own number, 第2026015号), 领衔 (the deputy or member who
# leads a suggestion or proposal), 联名 (the co-signers): written only when given.
SOURCE_KEYS = ("类别", "依据", "日期", "届次", "案号", "领衔", "联名")
EVENT_KEYS = ("日期", "动作", "经办人", "说明")
REPORT_KEYS = ("日期", "单位", "签发人", "办结", "内容", "作废")
# An event or report the replay of a case cannot accept (a reminder that a merge put after 办结, a
# second 签收 of one unit) is kept in the file, marked with this key and its reason, and counts nowhere.
VOID = "作废"

KeyPath = tuple[str | int, ...]


# The records are NamedTuples, as in beancount: immutable, and read back from the cache by
# the C unpickler without a Python call per field (frozen dataclasses took 0.75 s for 10,000 cases).


class Source(NamedTuple):
    kind: str
    ref: str = ""
    date: dt.date | None = None
    session: str = ""  # 届次
    number: str = ""  # 案号
    proposer: str = ""  # 领衔
    cosigners: tuple[str, ...] = ()  # 联名

    @property
    def is_proposal(self) -> bool:
        return self.kind in PROPOSAL_KINDS


class Event(NamedTuple):
    """One step of the procedure, appended to 办理过程 and never rewritten."""

    date: dt.date
    action: str
    operator: str
    note: str = ""
    # Action-specific fields (延期至, 批准人, ...), in the order they are written.
    extra: tuple[tuple[str, Any], ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        for name, value in self.extra:
            if name == key:
                return value
        return default


class Report(NamedTuple):
    """A unit's 办理情况报告."""

    date: dt.date
    unit: str
    signer: str
    final: bool
    text: str
    void: str = ""  # why it counts nowhere (作废), when its 反馈 event was voided


class Case(NamedTuple):
    id: str
    doc_number: str
    title: str
    source: Source
    leaders: tuple[str, ...] = ()  # 批示领导, in order: one is written as a string, several as a list
    content: str = ""
    lead_units: tuple[str, ...] = ()
    co_units: tuple[str, ...] = ()
    urgency: str = "一般"
    report_scope: str = "一般性"
    restricted_to: tuple[str, ...] = ()
    report_cycle: str = "无"
    parent: str | None = None
    registered: dt.date = dt.date(1970, 1, 1)
    assigned: dt.date | None = None
    deadline: dt.date | None = None
    deadline_days: int | None = None
    status: str = PENDING
    events: tuple[Event, ...] = ()  # the events that count, in order
    reports: tuple[Report, ...] = ()
    # Events kept in 办理过程 but void (作废: reason), each with its place in the list as written.
    voided: tuple[tuple[int, Event], ...] = ()
    # What the file says that its events do not (field, file's value, the events' value): empty once
    # the case was written by duban; `duban check` names each.
    drift: tuple[tuple[str, Any, Any], ...] = ()

    @property
    def year(self) -> int:
        return int(self.id[:4])

    @property
    def leader(self) -> str:
        """The instructing leaders as the office writes them in a line: 王建国、李红."""
        return "、".join(self.leaders)

    @property
    def serial(self) -> int:
        return int(self.id[5:])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def standing(self) -> bool:
        """常态事项: its latest 交办 (or, not yet assigned, its 立项) records 常态: true; no 办理时限."""
        for event in reversed(self.events):
            if event.action == "交办":
                return event.get(STANDING) is True
        return bool(self.events) and self.events[0].action == "立项" and self.events[0].get(STANDING) is True

    def units(self) -> tuple[str, ...]:
        return self.lead_units + self.co_units

    def with_event(self, event: Event, **changes: Any) -> Case:
        return self._replace(events=self.events + (event,), **changes)

    def written_events(self) -> list[Event]:
        """办理过程 as the file holds it: the events that count, with the void ones in their places."""
        if not self.voided:
            return list(self.events)
        out = list(self.events)
        for place, event in self.voided:
            out.insert(min(place, len(out)), event)
        return out


Record = TypeVar("Record")


def replace(record: Record, **changes: Any) -> Record:
    """A copy with some fields changed, for the NamedTuple records and the dataclasses alike."""
    if hasattr(record, "_replace"):
        return record._replace(**changes)  # type: ignore[no-any-return]
    import dataclasses

    return dataclasses.replace(record, **changes)  # type: ignore[type-var]


def case_path(case_id: str) -> str:
    """The file of a case, relative to the office repository: cases/2026/2026-0017.yaml."""
    return f"cases/{case_id[:4]}/{case_id}.yaml"


def make_id(year: int, serial: int) -> str:
    return f"{year:04d}-{serial:04d}"


def id_order(case_id: str) -> tuple[int, int, str]:
    """Sort key of case numbers: by year, then by serial as a number (2026-9999 before 2026-10000)."""
    match = ID_PATTERN.match(case_id)
    return (int(match[1]), int(match[2]), "") if match else (10**4, 10**6, case_id)


# -- mapping out -------------------------------------------------------------------------------


def event_to_mapping(event: Event) -> dict[str, Any]:
    out: dict[str, Any] = {"日期": event.date, "动作": event.action, "经办人": event.operator}
    for key, value in event.extra:
        out[key] = value
    if event.note:
        out["说明"] = event.note
    return out


def report_to_mapping(report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {
        "日期": report.date,
        "单位": report.unit,
        "签发人": report.signer,
        "办结": report.final,
        "内容": report.text,
    }
    if report.void:
        out[VOID] = report.void
    return out


def leaders_value(leaders: tuple[str, ...]) -> str | list[str] | None:
    """批示领导 as the file holds it: one leader a plain string (as files always had it), several a list."""
    if not leaders:
        return None
    return leaders[0] if len(leaders) == 1 else list(leaders)


def case_to_mapping(case: Case) -> dict[str, Any]:
    """The case as the file holds it: every key of CASE_KEYS that applies, in order."""
    source: dict[str, Any] = {"类别": case.source.kind}
    if case.source.ref:
        source["依据"] = case.source.ref
    if case.source.date is not None:
        source["日期"] = case.source.date
    if case.source.session:
        source["届次"] = case.source.session
    if case.source.number:
        source["案号"] = case.source.number
    if case.source.proposer:
        source["领衔"] = case.source.proposer
    if case.source.cosigners:
        source["联名"] = list(case.source.cosigners)
    out: dict[str, Any] = {
        "编号": case.id,
        "文号": case.doc_number,
        "标题": case.title,
        "来源": source,
        "批示领导": leaders_value(case.leaders),
        "督办内容": case.content,
        "主办单位": list(case.lead_units),
        "协办单位": list(case.co_units),
        "紧急程度": case.urgency,
    }
    out["报告类别"] = case.report_scope
    out["知情范围"] = list(case.restricted_to)
    out["报告周期"] = case.report_cycle
    out["上级事项"] = case.parent
    out["立项日期"] = case.registered
    out["交办日期"] = case.assigned
    out["办理时限"] = case.deadline
    out["时限工作日"] = case.deadline_days
    out["状态"] = case.status
    out["办理过程"] = [event_to_mapping(e) for e in case.written_events()]
    out["办理报告"] = [report_to_mapping(r) for r in case.reports]
    return out


class Summary(NamedTuple):
    """What the morning check needs of a case, kept in a compact index so that `duban overdue`
    never loads the text of 10,000 cases: the same names as Case where they mean the same."""

    id: str
    doc_number: str
    title: str
    status: str
    lead_units: tuple[str, ...]
    restricted_to: tuple[str, ...]
    registered: dt.date
    assigned: dt.date | None
    deadline: dt.date | None
    deadline_days: int | None
    report_cycle: str
    last_activity: dt.date  # the date of the last event
    reminders: int
    last_reminder: dt.date | None
    last_lead_report: dt.date | None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def to_plain(self) -> tuple[Any, ...]:
        """Dates as ordinals: a tuple marshal can store."""
        return tuple(value.toordinal() if isinstance(value, dt.date) else value for value in self)

    @classmethod
    def from_plain(cls, plain: tuple[Any, ...]) -> Summary:
        fromordinal = dt.date.fromordinal
        (id_, number, title, status, lead, restricted, registered, assigned, deadline, days, cycle, last, count,
         reminded, reported) = plain  # fmt: skip
        return cls(
            id_, number, title, status, tuple(lead), tuple(restricted), fromordinal(registered),
            fromordinal(assigned) if assigned is not None else None,
            fromordinal(deadline) if deadline is not None else None,
            days, cycle, fromordinal(last), count,
            fromordinal(reminded) if reminded is not None else None,
            fromordinal(reported) if reported is not None else None,
        )  # fmt: skip


def summary_of(case: Case) -> Summary:
    reminded = [e.date for e in case.events if e.action == "催办"]
    reported = [r.date for r in case.reports if r.unit in case.lead_units and not r.void]
    return Summary(
        id=case.id,
        doc_number=case.doc_number,
        title=case.title,
        status=case.status,
        lead_units=case.lead_units,
        restricted_to=case.restricted_to,
        registered=case.registered,
        assigned=case.assigned,
        deadline=case.deadline,
        deadline_days=case.deadline_days,
        report_cycle=case.report_cycle,
        last_activity=case.events[-1].date if case.events else case.registered,
        reminders=len(reminded),
        last_reminder=max(reminded) if reminded else None,
        last_lead_report=max(reported) if reported else None,
    )
