"""The office's config.yaml: name, number format, units and their short names, rules and thresholds."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from duban.calendar import DEFAULT_TIME_ZONE, WorkCalendar, YearEntries, add_months, expand_days, time_zone
from duban.errors import NotFoundError
from duban.model import SOURCE_KINDS, URGENCIES, KeyPath
from duban.records import NamedTuple
from duban.schema import KeyProblem, text_problem

DEFAULT_DOC_FORMAT = "督〔{年}〕{序号}号"
DEFAULT_REMINDER_FORMAT = "督催〔{年}〕{序号}号"
DEFAULT_DAYS = 5
DEFAULT_URGENCY_DAYS = {"特急": 0}
DEFAULT_WARN_DAYS = 3
DEFAULT_STALL_DAYS = 10
DEFAULT_REDO_DAYS = 5
DEFAULT_RECTIFY_DAYS = 5
# 请示答复时限: a reply within 5 working days (川府发〔2007〕28号, DESIGN.md section 1).
DEFAULT_REQUEST_DAYS = 5

CONFIG_KEYS = (
    "机关名称",
    "文号格式",
    "联系人",
    "联系电话",
    "单位",
    "办理时限规则",
    "临期提醒",
    "停滞提醒",
    "节假日",
    "经办人",
    "默认经办人",
    "自动输出读者",
    "考核评分",
    "退回重办时限",
    "整改时限",
    "交办须经领导批准",
    "催办文号格式",
    "版头",
    "抄送",
    "印发机关",
    "退办时限",
    "建议提案",
    "复查整改时限",
    "请示答复时限",
    "时区",
    "每日检查",
)
# What a cached parse of config.yaml depends on besides the file (store.Office._config_identity).
CONFIG_FORMAT = "|".join(CONFIG_KEYS)
UNIT_KEYS = ("名称", "简称", "主要负责人")


class Unit(NamedTuple):
    name: str
    aliases: tuple[str, ...] = ()
    head: str = ""


class Limit(NamedTuple):
    """A time limit: a number of working days, or of months (人大建议、政协提案: 3个月), or of calendar
    days (退办: 10日)."""

    days: int | None = None
    months: int | None = None
    calendar_days: int | None = None

    def text(self) -> str:
        if self.months is not None:
            return f"{self.months}个月"
        if self.calendar_days is not None:
            return f"{self.calendar_days}日"
        return f"{self.days}个工作日"

    def due(self, start: dt.date, calendar: WorkCalendar) -> dt.date:
        """The last day of the limit counted from `start`: months to the same day of the month,
        calendar days from the next day, working days from the next working day."""
        if self.months is not None:
            return add_months(start, self.months)
        if self.calendar_days is not None:
            return start + dt.timedelta(days=self.calendar_days)
        return calendar.add_workdays(start, self.days or 0).date


# 人大建议 and 政协提案 (local implementing rules of 代表法 Art. 43 and 政协提案工作条例): the answer's
# class, marked on its first page; localities that add D 留作参考 say so in config.yaml.
DEFAULT_ANSWER_CLASSES = (
    ("A", "所提问题已经解决或采纳"),
    ("B", "正在解决或列入计划解决"),
    ("C", "因条件限制或其他原因需待以后解决"),
)
REPLY_TO = ("领衔", "每位")
DEFAULT_DECLINE_LIMIT = Limit(calendar_days=10)  # 退办: a unit not competent returns the matter


class ProposalRules(NamedTuple):
    """config.yaml 建议提案: the numbers the localities' rules set differently."""

    classes: tuple[tuple[str, str], ...] = DEFAULT_ANSWER_CLASSES  # 答复类别
    longest: Limit = Limit(months=6)  # 最长办理时限, from 交办, with the office's consent
    opinion: Limit = Limit(months=1)  # 协办意见时限: a co-unit's opinion to the lead unit, from 交办
    redo: Limit = Limit(months=1)  # 重新办理时限: after 不满意
    reply_to: str = "领衔"  # 答复对象: the leading deputy, or each one who signed
    copy_to: Mapping[str, tuple[str, ...]] = {}  # 抄送 by source kind; default from the office's name

    def class_label(self, mark: str) -> str:
        return dict(self.classes).get(mark, "")

    def copies(self, kind: str, office: str) -> tuple[str, ...]:
        """抄送 of an answer letter: the body the deputies belong to and the government's office."""
        if kind in self.copy_to:
            return self.copy_to[kind]
        place = office.split("人民政府", 1)[0] if "人民政府" in office else ""
        body = f"{place}人大常委会办公室" if kind != "政协提案" else f"政协{place}委员会提案委员会"
        return (body, office) if office else (body,)


# The rules' defaults (川府发〔2007〕28号, the 督办 rules of several governments): 5 working days for a
# reply; 3 for a matter within the unit's own powers, 5 when it needs the government's approval, 7
# when the lead unit must consult other units; 特急 the same day; deputies' suggestions and CPPCC
# proposals within three months.
HANDLINGS = ("自办", "报批", "会同")
DEFAULT_HANDLING_DAYS = {"自办": 3, "报批": 5, "会同": 7}
DEFAULT_SOURCE_LIMITS = {"人大建议": Limit(months=3), "政协提案": Limit(months=3)}


def _limits(days: Mapping[str, int]) -> dict[str, Limit]:
    return {name: Limit(count) for name, count in days.items()}


class DeadlineRules(NamedTuple):
    """The time limit of a case, in this order: its urgency, its source kind, how it is handled
    (自办/报批/会同, given at assignment; a case with co-units is 会同 unless told otherwise), the default."""

    default: int = DEFAULT_DAYS
    # Shared defaults, never changed in place.
    by_urgency: Mapping[str, Limit] = _limits(DEFAULT_URGENCY_DAYS)
    by_source: Mapping[str, Limit] = DEFAULT_SOURCE_LIMITS
    by_handling: Mapping[str, Limit] = _limits(DEFAULT_HANDLING_DAYS)

    def limit_for(self, source_kind: str, urgency: str, handling: str = "", co_units: bool = False) -> Limit:
        if urgency in self.by_urgency:
            return self.by_urgency[urgency]
        if source_kind in self.by_source:
            return self.by_source[source_kind]
        how = handling or ("会同" if co_units else "")
        if how in self.by_handling:
            return self.by_handling[how]
        return Limit(self.default)

    def days_for(self, source_kind: str, urgency: str) -> int:
        """Working days of the rule (a months rule counts as none: the caller then needs limit_for)."""
        return self.limit_for(source_kind, urgency).days or 0


class Config:
    """The office's config.yaml, read. A plain class, not a dataclass: it is built on every
    command's path, and generating a dataclass's methods costs more than the command's own work."""

    # 自动输出读者: who reads what duban prints on no terminal without --by (cron's morning mail);
    # no one inside any 知情范围 when empty. A class default too, for configs pickled before it.
    automatic_reader = ""
    proposals = ProposalRules()
    decline_limit = DEFAULT_DECLINE_LIMIT
    # 复查整改时限: working days to rectify a case a 复查 found untrue (None: the 整改时限 of a bulletin);
    # 请示答复时限: working days to answer a unit's 请示. Set after construction by `load`.
    recheck_days: int | None = None
    request_days = DEFAULT_REQUEST_DAYS
    # 时区: "today" is the office's day (a server's clock may be on UTC); 每日检查: what `duban morning`
    # does besides the check (催办: record 催办 and 提醒 as overdue --remind; 只在工作日).
    time_zone = DEFAULT_TIME_ZONE
    morning_remind = False
    morning_workdays_only = True

    @property
    def recheck_rectify_days(self) -> int:
        return self.rectify_days if self.recheck_days is None else self.recheck_days

    def __init__(
        self,
        office: str,
        doc_format: str = DEFAULT_DOC_FORMAT,
        contact: str = "",
        phone: str = "",
        units: tuple[Unit, ...] = (),
        rules: DeadlineRules | None = None,
        warn_days: int = DEFAULT_WARN_DAYS,
        stall_days: int = DEFAULT_STALL_DAYS,
        holidays: Mapping[int, YearEntries] | None = None,
        operators: tuple[str, ...] = (),
        default_operator: str = "",
        automatic_reader: str = "",
        scoring: Scoring | None = None,
        redo_days: int = DEFAULT_REDO_DAYS,  # 退回重办时限: working days from a return
        rectify_days: int = DEFAULT_RECTIFY_DAYS,  # 整改时限: working days from a bulletin
        approval_required: bool = False,  # 交办须经领导批准
        reminder_format: str = DEFAULT_REMINDER_FORMAT,  # 催办通知的文号
        mastheads: Mapping[str, str] | None = None,  # 版头: document kind -> 文件/信函
        copy_to: tuple[str, ...] = (),  # 抄送 (besides the co-units and the instructing leader)
        issuer: str = "",  # 印发机关 (default: the office)
        proposals: ProposalRules | None = None,  # 建议提案
        decline_limit: Limit = DEFAULT_DECLINE_LIMIT,  # 退办时限
    ) -> None:
        self.office = office
        self.doc_format = doc_format
        self.contact = contact
        self.phone = phone
        self.units = units
        self.rules = rules if rules is not None else DeadlineRules()
        self.warn_days = warn_days
        self.stall_days = stall_days
        self.holidays: Mapping[int, YearEntries] = holidays if holidays is not None else {}
        self.operators = operators
        self.default_operator = default_operator
        self.automatic_reader = automatic_reader
        self.scoring = scoring if scoring is not None else Scoring()
        self.redo_days = redo_days
        self.rectify_days = rectify_days
        self.approval_required = approval_required
        self.reminder_format = reminder_format
        self.mastheads: Mapping[str, str] = mastheads if mastheads is not None else {}
        self.copy_to = copy_to
        self.issuer = issuer
        self.proposals = proposals if proposals is not None else ProposalRules()
        self.decline_limit = decline_limit
        self._calendar: WorkCalendar | None = None
        lookup: dict[str, str] = {}
        for unit in units:
            lookup[unit.name] = unit.name
            for alias in unit.aliases:
                lookup.setdefault(alias, unit.name)
        self._lookup = lookup
        self._by_name = {u.name: u for u in units}

    def doc_number(self, year: int, serial: int) -> str:
        return self.doc_format.format_map({"年": year, "序号": serial})

    def reminder_number(self, year: int, serial: int) -> str:
        return self.reminder_format.format_map({"年": year, "序号": serial})

    def unit(self, name: str) -> Unit | None:
        by_name: dict[str, Unit] = self._by_name
        return by_name.get(name)

    def short_name(self, name: str) -> str:
        """The shortest name the directory knows a unit by (住建局 for 区住房和城乡建设局)."""
        unit = self.unit(name)
        if unit is None or not unit.aliases:
            return name
        return min((name, *unit.aliases), key=len)

    def is_unit(self, name: str) -> bool:
        return name in self._by_name or self.is_office(name)

    def is_office(self, name: str) -> bool:
        """The office itself (机关名称): the handler of a matter from a higher level it handles itself
        (交办 --self), without being in the unit directory. A unit of the directory that bears the office's
        name is that unit: rated in the bulletin like any other."""
        key = name.strip()
        return bool(self.office) and key == self.office and key not in self._by_name

    def resolve_unit(self, name: str) -> str:
        """The full name of a unit given by its full or short name; an error suggests close names."""
        lookup: dict[str, str] = self._lookup
        key = name.strip()
        if key in lookup:
            return lookup[key]
        if self.is_office(key):
            return self.office
        if not self.units:
            raise NotFoundError(f"单位“{key}”不在单位名录中：config.yaml 还没有登记任何单位，请先在“单位”下添加")
        import difflib

        close = difflib.get_close_matches(key, list(lookup), n=3, cutoff=0.4)
        names = list(dict.fromkeys(lookup[c] for c in close))
        hint = f"，是否是：{'、'.join(names)}" if names else "，请先在 config.yaml 的“单位”中登记"
        raise NotFoundError(f"单位“{key}”不在单位名录中{hint}")

    def calendar(self) -> WorkCalendar:
        """The office's calendar, built once (or taken from the store's cache)."""
        built = self._calendar
        if built is None:
            built = WorkCalendar(self.holidays)
            self._calendar = built
        return built


MAX_NUMBER = 1000  # working days, points: no office rule needs more


def _int(data: Mapping[str, Any], key: str, path: KeyPath, default: int, problems: list[KeyProblem]) -> int:
    value = data.get(key, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_NUMBER:
        problems.append(KeyProblem(path + (key,), f"“{key}”应为 0 到 {MAX_NUMBER} 之间的整数，现为“{value}”"))
        return default
    return value


def _check_format(fmt: str, problems: list[KeyProblem], key: str = "文号格式") -> str:
    """A number format: {年} and {序号} as they are (no format spec or conversion, which could
    raise or pad to any length), at most 40 characters once filled in."""
    default = DEFAULT_DOC_FORMAT if key == "文号格式" else DEFAULT_REMINDER_FORMAT
    import string  # loaded when a config is read, not by every command that finds it cached

    try:
        parts = list(string.Formatter().parse(fmt))
    except ValueError:
        problems.append(KeyProblem((key,), f"{key}“{fmt}”有不成对的花括号"))
        return default
    fields = {name for _, name, _, _ in parts if name is not None}
    plain = all(spec == "" and conversion is None for _, name, spec, conversion in parts if name is not None)
    if fields - {"年", "序号"} or "序号" not in fields or not plain:
        problems.append(
            KeyProblem(
                (key,), f"{key}“{fmt[:40]}”只能写 {{年}} 和 {{序号}}（原样，不带冒号或感叹号），且必须含 {{序号}}"
            )
        )
        return default
    sample = fmt.format_map({"年": 2026, "序号": 99999})
    if len(sample) > 40 or text_problem(sample, key):
        problems.append(KeyProblem((key,), f"{key}“{fmt[:40]}”太长或含控制字符"))
        return default
    return fmt


def parse_units(value: Any, path: KeyPath, problems: list[KeyProblem]) -> tuple[Unit, ...]:
    """A unit list as in config.yaml or a units file: [{名称, 简称: [...], 主要负责人}]."""
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(KeyProblem(path, "单位名录应为列表，每项写成 {名称: …, 简称: […], 主要负责人: …}"))
        return ()
    units: list[Unit] = []
    owner: dict[str, str] = {}
    for index, item in enumerate(value):
        here = path + (index,)
        if isinstance(item, str):
            item = {"名称": item}
        if not isinstance(item, Mapping) or not isinstance(item.get("名称"), str) or not item["名称"].strip():
            problems.append(KeyProblem(here, "每个单位应写成 {名称: …, 简称: […], 主要负责人: …}，名称不能为空"))
            continue
        for key in item:
            if key not in UNIT_KEYS:
                problems.append(KeyProblem(here + (key,), f"单位中未知字段“{key}”，可用：名称、简称、主要负责人"))
        name = item["名称"].strip()
        for label in (name, *(a for a in (item.get("简称") or []) if isinstance(a, str))):
            if problem := text_problem(label, "单位名称"):
                problems.append(KeyProblem(here, problem))
        aliases_value = item.get("简称") or []
        if isinstance(aliases_value, str):
            aliases_value = [aliases_value]
        if not isinstance(aliases_value, list) or not all(isinstance(a, str) for a in aliases_value):
            problems.append(KeyProblem(here + ("简称",), f"单位“{name}”的简称应为列表"))
            aliases_value = []
        aliases = tuple(a.strip() for a in aliases_value if a.strip() and a.strip() != name)
        head = item.get("主要负责人") or ""
        for label in (name,) + aliases:
            if label in owner and owner[label] != name:
                problems.append(
                    KeyProblem(here, f"名称或简称“{label}”同时属于“{owner[label]}”和“{name}”，请去掉其中一个")
                )
            owner[label] = name
        if any(u.name == name for u in units):
            problems.append(KeyProblem(here + ("名称",), f"单位“{name}”重复登记"))
            continue
        units.append(Unit(name=name, aliases=aliases, head=str(head).strip()))
    return tuple(units)


def _limit(value: Any, path: KeyPath, problems: list[KeyProblem], natural: bool = False) -> Limit | None:
    """5 or 5个工作日 (working days), 3个月 (months), and where `natural`, 10天 or 10日 (calendar days)."""
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{1,2})\s*个?月\s*", value)
        if match and 1 <= int(match[1]) <= 24:
            return Limit(months=int(match[1]))
        match = re.fullmatch(r"\s*(\d{1,3})\s*个?工作日\s*", value)
        if match and int(match[1]) <= MAX_NUMBER:
            return Limit(days=int(match[1]))
        match = re.fullmatch(r"\s*(\d{1,3})\s*[天日]\s*", value)
        if natural and match and int(match[1]) <= MAX_NUMBER:
            return Limit(calendar_days=int(match[1]))
    elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_NUMBER:
        return Limit(days=value)
    kinds = "工作日数（如 5）、日数（如 10日）或月数（如 3个月）" if natural else "工作日数（如 5）或月数（如 3个月）"
    problems.append(KeyProblem(path, f"时限“{value}”应为{kinds}"))
    return None


PROPOSAL_KEYS = ("答复类别", "最长办理时限", "协办意见时限", "重新办理时限", "答复对象", "抄送")


def _proposals(value: Any, problems: list[KeyProblem]) -> ProposalRules:
    """建议提案: {答复类别: {A: …, B: …, C: …, D: 留作参考}, 最长办理时限: 6个月, 协办意见时限: 1个月,
    重新办理时限: 1个月, 答复对象: 领衔|每位, 抄送: {人大建议: […], 政协提案: […]}}."""
    if value is None:
        return ProposalRules()
    path: KeyPath = ("建议提案",)
    if not isinstance(value, Mapping):
        problems.append(KeyProblem(path, "建议提案应写成 {答复类别: {…}, 最长办理时限: 6个月, 协办意见时限: 1个月, …}"))
        return ProposalRules()
    for key in value:
        if key not in PROPOSAL_KEYS:
            problems.append(KeyProblem(path + (key,), f"建议提案中未知字段“{key}”，可用：{'、'.join(PROPOSAL_KEYS)}"))
    rules = ProposalRules()
    changes: dict[str, Any] = {}
    classes = value.get("答复类别")
    if classes is not None:
        if (
            not isinstance(classes, Mapping)
            or not classes
            or not all(
                isinstance(k, str) and re.fullmatch(r"[A-Z]", k) and isinstance(v, str) and v.strip()
                for k, v in classes.items()
            )
        ):
            problems.append(
                KeyProblem(path + ("答复类别",), "答复类别应写成 {A: 所提问题已经解决或采纳, B: …}，类别为大写字母")
            )
        else:
            changes["classes"] = tuple((str(k), str(v).strip()) for k, v in classes.items())
    for key, name in (("最长办理时限", "longest"), ("协办意见时限", "opinion"), ("重新办理时限", "redo")):
        if value.get(key) is not None:
            parsed = _limit(value[key], path + (key,), problems, natural=True)
            if parsed is not None:
                changes[name] = parsed
    reply_to = value.get("答复对象")
    if reply_to is not None:
        if reply_to not in REPLY_TO:
            message = f"答复对象“{reply_to}”不对，可为：领衔（领衔代表）或 每位（每位联名代表）"
            problems.append(KeyProblem(path + ("答复对象",), message))
        else:
            changes["reply_to"] = str(reply_to)
    copies = value.get("抄送")
    if copies is not None:
        table: dict[str, tuple[str, ...]] = {}
        if not isinstance(copies, Mapping):
            problems.append(KeyProblem(path + ("抄送",), "抄送应写成 {人大建议: [区人大常委会办公室], 政协提案: […]}"))
        else:
            for kind, names in copies.items():
                if kind not in SOURCE_KINDS:
                    problems.append(KeyProblem(path + ("抄送", kind), f"来源类别“{kind}”不认识"))
                    continue
                found = _names({kind: names}, kind, problems)
                table[str(kind)] = found
            changes["copy_to"] = table
    return rules._replace(**changes) if changes else rules


def _rules(value: Any, problems: list[KeyProblem]) -> DeadlineRules:
    if value is None:
        return DeadlineRules()
    path: KeyPath = ("办理时限规则",)
    if not isinstance(value, Mapping):
        problems.append(KeyProblem(path, "办理时限规则应写成 {默认: 5, 紧急程度: {…}, 来源类别: {…}, 办理方式: {…}}"))
        return DeadlineRules()
    keys = ("默认", "紧急程度", "来源类别", "办理方式")
    for key in value:
        if key not in keys:
            problems.append(KeyProblem(path + (key,), f"办理时限规则中未知字段“{key}”，可用：{'、'.join(keys)}"))
    default = _int(value, "默认", path, DEFAULT_DAYS, problems)
    tables: list[dict[str, Limit]] = []
    defaults = (_limits(DEFAULT_URGENCY_DAYS), dict(DEFAULT_SOURCE_LIMITS), _limits(DEFAULT_HANDLING_DAYS))
    for (key, allowed), table in zip(
        (("紧急程度", URGENCIES), ("来源类别", SOURCE_KINDS), ("办理方式", HANDLINGS)), defaults, strict=True
    ):
        sub = value.get(key)
        if sub is None:
            tables.append(table)
            continue
        if not isinstance(sub, Mapping):
            problems.append(KeyProblem(path + (key,), f"“{key}”应写成 {{名称: 工作日数或月数}}"))
            tables.append(table)
            continue
        table = dict(defaults[0]) if key == "紧急程度" else {}
        for name, limit in sub.items():
            if name not in allowed:
                problems.append(KeyProblem(path + (key, name), f"{key}“{name}”不认识，可选：{'、'.join(allowed)}"))
                continue
            parsed = _limit(limit, path + (key, name), problems)
            if parsed is not None:
                table[name] = parsed
        tables.append(table)
    return DeadlineRules(default=default, by_urgency=tables[0], by_source=tables[1], by_handling=tables[2])


def _holidays(value: Any, problems: list[KeyProblem]) -> dict[int, YearEntries]:
    if value is None:
        return {}
    path: KeyPath = ("节假日",)
    if not isinstance(value, Mapping):
        problems.append(KeyProblem(path, "节假日应按年份写：{2027: {放假: […], 调休上班: […]}}"))
        return {}
    years: dict[int, YearEntries] = {}
    for year, entry in value.items():
        here = path + (year,)
        if isinstance(year, str) and year.isascii() and year.isdigit():
            year = int(year)
        if not isinstance(year, int) or not 1949 < year < 2200:
            problems.append(KeyProblem(here, f"节假日的年份“{year}”不对，应为四位年份"))
            continue
        if not isinstance(entry, Mapping):
            problems.append(KeyProblem(here, f"{year}年的节假日应写成 {{放假: […], 调休上班: […]}}"))
            continue
        sets: list[frozenset[dt.date]] = []
        for key in ("放假", "调休上班"):
            items = entry.get(key) or []
            try:
                days = expand_days(items if isinstance(items, list) else [items])
            except ValueError as error:
                problems.append(
                    KeyProblem(here + (key,), f"{year}年“{key}”中的“{error.args[0]}”应为日期或 [起始日期, 结束日期]")
                )
                days = set()
            wrong = sorted(d for d in days if d.year != year)
            if wrong:
                problems.append(KeyProblem(here + (key,), f"{year}年“{key}”中的 {wrong[0]} 不在{year}年"))
            sets.append(frozenset(days))
        for key in entry:
            if key not in ("放假", "调休上班"):
                problems.append(KeyProblem(here + (key,), f"节假日中未知字段“{key}”，可用：放假、调休上班"))
        both = sets[0] & sets[1]
        if both:
            problems.append(KeyProblem(here, f"{min(both)} 既是放假又是调休上班"))
        years[year] = YearEntries(holidays=sets[0], workdays=sets[1])
    return years


def _bool(data: Mapping[str, Any], key: str, problems: list[KeyProblem], where: tuple[str, ...] = ()) -> bool:
    value = data.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        problems.append(KeyProblem((*where, key), f"“{key}”应为 true 或 false"))
        return False
    return value


def _names(data: Mapping[str, Any], key: str, problems: list[KeyProblem]) -> tuple[str, ...]:
    value = data.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(KeyProblem((key,), f"“{key}”应为名称列表"))
        return ()
    return tuple(v.strip() for v in value if v.strip())


DOCUMENT_KINDS = ("通知", "催办", "通报")
MASTHEADS = ("文件", "信函")


def _mastheads(value: Any, problems: list[KeyProblem]) -> dict[str, str]:
    """版头: {通知: 文件, 通报: 信函, ...}: which of GB/T 9704's two layouts each document uses."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        problems.append(KeyProblem(("版头",), "版头应写成 {通知: 文件, 催办: 信函, 通报: 文件}"))
        return {}
    out = {}
    for kind, layout in value.items():
        if kind == "报告表":  # written by earlier versions; the form is a 附件 and has no 版头
            continue
        if kind not in DOCUMENT_KINDS or layout not in MASTHEADS:
            problems.append(
                KeyProblem(
                    ("版头", kind),
                    f"版头“{kind}: {layout}”不对：文书可为 {'、'.join(DOCUMENT_KINDS)}，版头为 文件 或 信函",
                )
            )
            continue
        out[str(kind)] = str(layout)
    return out


def config_from_mapping(data: Any) -> tuple[Config, list[KeyProblem]]:
    problems: list[KeyProblem] = []
    if not isinstance(data, Mapping):
        problems.append(KeyProblem((), "config.yaml 应为 键: 值 的映射，至少含“机关名称”"))
        return Config(office=""), problems
    for key in data:
        if key not in CONFIG_KEYS:
            problems.append(KeyProblem((key,), f"config.yaml 中未知字段“{key}”，可用：{'、'.join(CONFIG_KEYS)}"))
    office = data.get("机关名称")
    if not isinstance(office, str) or not office.strip():
        problems.append(KeyProblem(("机关名称",), "config.yaml 缺少“机关名称”"))
        office = ""
    for key in ("机关名称", "联系人", "联系电话", "默认经办人", "自动输出读者"):
        value = data.get(key)
        if isinstance(value, str) and (problem := text_problem(value, key)):
            problems.append(KeyProblem((key,), problem))
    fmt = data.get("文号格式") or DEFAULT_DOC_FORMAT
    fmt = _check_format(str(fmt), problems)
    operators_value = data.get("经办人") or []
    if isinstance(operators_value, str):
        operators_value = [operators_value]
    if not isinstance(operators_value, list) or not all(isinstance(o, str) for o in operators_value):
        problems.append(KeyProblem(("经办人",), "“经办人”应为姓名列表"))
        operators_value = []
    operators = tuple(o.strip() for o in operators_value if o.strip())
    default_operator = str(data.get("默认经办人") or "").strip()
    if default_operator and operators and default_operator not in operators:
        problems.append(KeyProblem(("默认经办人",), f"默认经办人“{default_operator}”不在“经办人”名单中"))
    automatic_reader = data.get("自动输出读者") or ""
    if not isinstance(automatic_reader, str):
        problems.append(KeyProblem(("自动输出读者",), "“自动输出读者”应为一个姓名，如：自动输出读者: 李明"))
        automatic_reader = ""
    automatic_reader = automatic_reader.strip()
    if automatic_reader and operators and automatic_reader not in operators:
        problems.append(KeyProblem(("自动输出读者",), f"自动输出读者“{automatic_reader}”不在“经办人”名单中"))
    config = Config(
        office=office.strip(),
        doc_format=fmt,
        contact=str(data.get("联系人") or ""),
        phone=str(data.get("联系电话") or ""),
        units=parse_units(data.get("单位"), ("单位",), problems),
        rules=_rules(data.get("办理时限规则"), problems),
        warn_days=_int(data, "临期提醒", (), DEFAULT_WARN_DAYS, problems),
        stall_days=_int(data, "停滞提醒", (), DEFAULT_STALL_DAYS, problems),
        holidays=_holidays(data.get("节假日"), problems),
        operators=operators,
        default_operator=default_operator,
        automatic_reader=automatic_reader,
        scoring=parse_scoring(data.get("考核评分"), problems),
        redo_days=_int(data, "退回重办时限", (), DEFAULT_REDO_DAYS, problems),
        rectify_days=_int(data, "整改时限", (), DEFAULT_RECTIFY_DAYS, problems),
        approval_required=_bool(data, "交办须经领导批准", problems),
        reminder_format=_check_format(
            str(data.get("催办文号格式") or DEFAULT_REMINDER_FORMAT), problems, "催办文号格式"
        ),
        mastheads=_mastheads(data.get("版头"), problems),
        copy_to=_names(data, "抄送", problems),
        issuer=str(data.get("印发机关") or "").strip(),
        proposals=_proposals(data.get("建议提案"), problems),
        decline_limit=(
            _limit(data["退办时限"], ("退办时限",), problems, natural=True) or DEFAULT_DECLINE_LIMIT
            if data.get("退办时限") is not None
            else DEFAULT_DECLINE_LIMIT
        ),
    )
    zone = data.get("时区")
    if zone is not None:
        if isinstance(zone, str) and zone.strip() and time_zone(zone.strip()) is not None:
            config.time_zone = zone.strip()
        else:
            problems.append(KeyProblem(("时区",), f"时区“{zone}”不认识，应为 Asia/Shanghai 这样的时区名"))
    morning = data.get("每日检查")
    if morning is not None:
        if isinstance(morning, Mapping):
            for key in morning:
                if key not in ("催办", "只在工作日"):
                    problems.append(KeyProblem(("每日检查", key), f"每日检查中未知字段“{key}”，可用：催办、只在工作日"))
            config.morning_remind = _bool(morning, "催办", problems, ("每日检查",))
            if morning.get("只在工作日") is not None:
                config.morning_workdays_only = _bool(morning, "只在工作日", problems, ("每日检查",))
        else:
            problems.append(
                KeyProblem(("每日检查",), "“每日检查”应为映射，如：每日检查: {催办: true, 只在工作日: true}")
            )
    if data.get("复查整改时限") is not None:
        config.recheck_days = _int(data, "复查整改时限", (), DEFAULT_RECTIFY_DAYS, problems)
    config.request_days = _int(data, "请示答复时限", (), DEFAULT_REQUEST_DAYS, problems)
    return config, problems


class Scoring(NamedTuple):
    """目标考核 scores: a base, less a deduction per late closure, overdue case, return, reminder, and
    for suggestions and proposals per 重新办理 (the deputy not satisfied), late 退办 and late 协办意见."""

    base: int = 100
    late: int = 5
    overdue: int = 10
    returned: int = 2
    reminded: int = 1
    # A deputy not satisfied: the answer failed as a late close does. A late 退办 held the matter up as
    # a returned report does. A co-unit's late opinion is a lesser lateness, as a reminder is.
    rehandled: int = 5
    late_decline: int = 2
    late_opinion: int = 1
    # A report a 复查 found untrue: the case was not done when reported done, as a late close fails.
    untrue: int = 5
    # 问责: the office referred the unit for accountability. The lateness behind it is charged on its own
    # (超期办结, 逾期未办结); the referral adds what a late closure costs. An office that never refers
    # scores as before.
    referred: int = 5

    def score(
        self,
        late: int,
        overdue: int,
        returned: int,
        reminded: int,
        rehandled: int = 0,
        late_decline: int = 0,
        late_opinion: int = 0,
        referred: int = 0,
        untrue: int = 0,
    ) -> int:
        value = (
            self.base - self.late * late - self.overdue * overdue - self.returned * returned - self.reminded * reminded
        )
        value -= self.rehandled * rehandled + self.late_decline * late_decline + self.late_opinion * late_opinion
        value -= self.untrue * untrue
        value -= self.referred * referred
        return max(value, 0)


SCORING_KEYS = {
    "基础分": "base",
    "超期办结": "late",
    "逾期未办结": "overdue",
    "退回": "returned",
    "催办": "reminded",
    "重新办理": "rehandled",
    "逾期退办": "late_decline",
    "复查不实": "untrue",
    "协办意见逾期": "late_opinion",
    "问责": "referred",
}


def parse_scoring(value: Any, problems: list[KeyProblem]) -> Scoring:
    if value is None:
        return Scoring()
    path: KeyPath = ("考核评分",)
    if not isinstance(value, Mapping):
        problems.append(KeyProblem(path, "考核评分应写成 {基础分: 100, 超期办结: 5, 逾期未办结: 10, 退回: 2, 催办: 1}"))
        return Scoring()
    values: dict[str, int] = {}
    for key in value:
        if key not in SCORING_KEYS:
            problems.append(KeyProblem(path + (key,), f"考核评分中未知字段“{key}”，可用：{'、'.join(SCORING_KEYS)}"))
            continue
        values[SCORING_KEYS[key]] = _int(value, key, path, getattr(Scoring(), SCORING_KEYS[key]), problems)
    return Scoring(**values)
