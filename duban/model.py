"""The case record and its YAML mapping: Chinese keys in a fixed order, validated into frozen records.

Parsing never raises on bad content: it returns the problems it found, each with the key path
where it sits, so that the store can turn the path into a line number and `duban check` can
print every problem of every file at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

SCHEMA_VERSION = 1

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
)
URGENCIES = ("特急", "紧急", "一般")
REPORT_CYCLES = ("无", "每周", "每月")
REPORT_SCOPES = ("一般性", "综合性")

PENDING = "待交办"
ACTIVE = "办理中"
REVIEW = "待审核"
CLOSED = "已办结"
TERMINATED = "已终止"
ARCHIVED = "已归档"
STATUSES = (PENDING, ACTIVE, REVIEW, CLOSED, TERMINATED, ARCHIVED)
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
)

ID_PATTERN = re.compile(r"^(\d{4})-(\d{4})$")

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
SOURCE_KEYS = ("类别", "依据", "日期")
EVENT_KEYS = ("日期", "动作", "经办人", "说明")
REPORT_KEYS = ("日期", "单位", "签发人", "办结", "内容")

KeyPath = tuple[str | int, ...]


# The records are NamedTuples, as in beancount: immutable, and read back from the cache by
# the C unpickler without a Python call per field (frozen dataclasses took 0.75 s for 10,000 cases).


class Source(NamedTuple):
    kind: str
    ref: str = ""
    date: dt.date | None = None


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


class Case(NamedTuple):
    id: str
    doc_number: str
    title: str
    source: Source
    leader: str = ""
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
    events: tuple[Event, ...] = ()
    reports: tuple[Report, ...] = ()

    @property
    def year(self) -> int:
        return int(self.id[:4])

    @property
    def serial(self) -> int:
        return int(self.id[5:])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def units(self) -> tuple[str, ...]:
        return self.lead_units + self.co_units

    def with_event(self, event: Event, **changes: Any) -> Case:
        return self._replace(events=self.events + (event,), **changes)


Record = TypeVar("Record")


def replace(record: Record, **changes: Any) -> Record:
    """A copy with some fields changed, for the NamedTuple records and the dataclasses alike."""
    if hasattr(record, "_replace"):
        return record._replace(**changes)  # type: ignore[no-any-return]
    return dataclasses.replace(record, **changes)  # type: ignore[type-var]


def case_path(case_id: str) -> str:
    """The file of a case, relative to the office repository: cases/2026/2026-0017.yaml."""
    return f"cases/{case_id[:4]}/{case_id}.yaml"


def make_id(year: int, serial: int) -> str:
    return f"{year:04d}-{serial:04d}"


# -- mapping out -------------------------------------------------------------------------------


def event_to_mapping(event: Event) -> dict[str, Any]:
    out: dict[str, Any] = {"日期": event.date, "动作": event.action, "经办人": event.operator}
    for key, value in event.extra:
        out[key] = value
    if event.note:
        out["说明"] = event.note
    return out


def report_to_mapping(report: Report) -> dict[str, Any]:
    return {
        "日期": report.date,
        "单位": report.unit,
        "签发人": report.signer,
        "办结": report.final,
        "内容": report.text,
    }


def case_to_mapping(case: Case) -> dict[str, Any]:
    """The case as the file holds it: every key of CASE_KEYS that applies, in order."""
    source: dict[str, Any] = {"类别": case.source.kind}
    if case.source.ref:
        source["依据"] = case.source.ref
    if case.source.date is not None:
        source["日期"] = case.source.date
    out: dict[str, Any] = {
        "编号": case.id,
        "文号": case.doc_number,
        "标题": case.title,
        "来源": source,
        "批示领导": case.leader or None,
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
    out["办理过程"] = [event_to_mapping(e) for e in case.events]
    out["办理报告"] = [report_to_mapping(r) for r in case.reports]
    return out


# -- mapping in --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KeyProblem:
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


class _Reader:
    """Collects problems while reading fields of one mapping."""

    def __init__(self) -> None:
        self.problems: list[KeyProblem] = []

    def problem(self, keypath: KeyPath, message: str) -> None:
        self.problems.append(KeyProblem(keypath, message))

    def text(self, data: Mapping[str, Any], key: str, path: KeyPath, *, required: bool = False) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.problem(path + (key,), f"缺少“{key}”")
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(path + (key,), f"“{key}”应为文字")
            return ""
        return str(value).strip() if not isinstance(value, str) else value

    def date(self, data: Mapping[str, Any], key: str, path: KeyPath, *, required: bool = False) -> dt.date | None:
        value = data.get(key)
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
        if len(set(names)) != len(names):
            self.problem(path + (key,), f"“{key}”中有重复的名称")
        return names


def case_from_mapping(data: Any, expected_id: str | None = None) -> tuple[Case | None, list[KeyProblem]]:
    """Read a case file's mapping; returns the case (None when unusable) and every problem found."""
    reader = _Reader()
    if not isinstance(data, Mapping):
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
    if isinstance(source_data, Mapping):
        for key in source_data:
            if key not in SOURCE_KEYS:
                reader.problem(("来源", key), f"来源中未知字段“{key}”，可用：类别、依据、日期")
        kind = source_data.get("类别")
        if kind in (None, ""):
            reader.problem(("来源", "类别"), "缺少来源“类别”")
        elif kind not in SOURCE_KINDS:
            reader.problem(("来源", "类别"), f"来源类别“{kind}”不认识，可选：{'、'.join(SOURCE_KINDS)}")
        source = Source(
            kind=str(kind or ""),
            ref=reader.text(source_data, "依据", ("来源",)),
            date=reader.date(source_data, "日期", ("来源",)),
        )
    elif source_data is not None:
        reader.problem(("来源",), "“来源”应写成 {类别: …, 依据: …, 日期: …}")

    deadline_days = data.get("时限工作日")
    if deadline_days is not None and (
        isinstance(deadline_days, bool) or not isinstance(deadline_days, int) or deadline_days < 0
    ):
        reader.problem(("时限工作日",), f"“时限工作日”应为不小于 0 的整数，现为“{deadline_days}”")
        deadline_days = None

    parent = data.get("上级事项")
    if parent is not None and (not isinstance(parent, str) or not ID_PATTERN.match(parent)):
        reader.problem(("上级事项",), f"上级事项“{parent}”应为事项编号，如 2026-0017")
        parent = None

    events = tuple(_events(data.get("办理过程"), reader))
    reports = tuple(_reports(data.get("办理报告"), reader))

    case = Case(
        id=case_id,
        doc_number=reader.text(data, "文号", ()),
        title=reader.text(data, "标题", ()),
        source=source,
        leader=reader.text(data, "批示领导", ()),
        content=reader.text(data, "督办内容", ()),
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
    )
    _check_consistency(case, data, reader)
    if not case.id or not ID_PATTERN.match(case.id):
        return None, reader.problems
    return case, reader.problems


def _events(value: Any, reader: _Reader) -> list[Event]:
    if value is None:
        return []
    if not isinstance(value, list):
        reader.problem(("办理过程",), "“办理过程”应为事件列表")
        return []
    events: list[Event] = []
    for index, item in enumerate(value):
        path: KeyPath = ("办理过程", index)
        if not isinstance(item, Mapping):
            reader.problem(path, "办理过程的每一项应写成 {日期: …, 动作: …, 经办人: …}")
            continue
        day = reader.date(item, "日期", path, required=True)
        action = reader.text(item, "动作", path, required=True)
        if action and action not in ACTIONS:
            reader.problem(path + ("动作",), f"动作“{action}”不认识，可选：{'、'.join(ACTIONS)}")
        operator = reader.text(item, "经办人", path, required=True)
        note = reader.text(item, "说明", path)
        extra = tuple((str(k), v) for k, v in item.items() if k not in EVENT_KEYS)
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


def _reports(value: Any, reader: _Reader) -> list[Report]:
    if value is None:
        return []
    if not isinstance(value, list):
        reader.problem(("办理报告",), "“办理报告”应为报告列表")
        return []
    reports: list[Report] = []
    for index, item in enumerate(value):
        path: KeyPath = ("办理报告", index)
        if not isinstance(item, Mapping):
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
                    text=reader.text(item, "内容", path),
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
        if case.deadline is None:
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
    reported = [r.date for r in case.reports if r.unit in case.lead_units]
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
