"""The use cases: one function each; load, apply a lifecycle step, save, commit, return a result."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from duban import lifecycle
from duban.audit import HAND_EDIT_ACTION, CommitMessage, Git, init_repository
from duban.calendar import Deadline, WorkCalendar
from duban.config import Config, Unit, parse_units
from duban.errors import DubanError, InputError, NotFoundError, Problem, RepositoryError
from duban.model import STATUSES, Case, Event, KeyProblem, Summary, case_path, replace, summary_of
from duban.store import CASES_DIR, CONFIG_FILE, Office, find_office, normalize_id
from duban.textfiles import decode_text


@dataclass
class Session:
    """What every command needs: where the office is, what day it is, who is working."""

    repo: str | None = None
    today: dt.date = field(default_factory=dt.date.today)
    by: str | None = None
    _office: Office | None = None

    @property
    def office(self) -> Office:
        if self._office is None:
            self._office = Office(find_office(explicit=self.repo))
        return self._office

    def operator(self) -> str:
        """--by, else DUBAN_USER (folded into --by by the CLI), else config, else git's user.name."""
        config = self.office.config
        name = (self.by or "").strip() or config.default_operator or _git_user_name(self.office.root)
        if not name:
            raise InputError(
                "不知道经办人是谁：请用 --by 姓名 指定，或设置环境变量 DUBAN_USER，或在 config.yaml 写“默认经办人”"
            )
        if config.operators and name not in config.operators:
            raise InputError(f"经办人“{name}”不在 config.yaml 的“经办人”名单中（{'、'.join(config.operators)}）")
        return name


def _git_user_name(root: Path) -> str:
    try:
        return Git(root)._run("config", "user.name").strip()
    except RepositoryError:  # no git identity simply means no default operator
        return ""


# -- calendar -----------------------------------------------------------------------------------


def calendar_for(session: Session | None) -> WorkCalendar:
    """The office's calendar when there is an office, else the official schedule alone."""
    if session is not None:
        try:
            return session.office.config.calendar()
        except NotFoundError:
            if session.repo:
                raise
    return WorkCalendar()


def workdays(session: Session | None, start: dt.date, days: int) -> Deadline:
    if days < 0:
        raise InputError("工作日数应为不小于 0 的整数")
    return calendar_for(session).add_workdays(start, days)


# -- init ---------------------------------------------------------------------------------------

_CONFIG_TEMPLATE = """\
# 督办室配置。改动后请运行 duban check 检查。
机关名称: {office}
# 文号格式：{{年}} 为四位年份，{{序号}} 为当年流水号（不补零）
文号格式: 督〔{{年}}〕{{序号}}号
联系人: null
联系电话: null
# 办理时限（工作日，从交办次日起算）：先看紧急程度，再看来源类别，否则用默认
办理时限规则:
  默认: 5
  紧急程度: {{特急: 0, 紧急: 3}}
  来源类别: {{}}
# 距办理时限不足几个工作日时提示“临期”
临期提醒: 3
# 在办事项超过几个工作日没有任何进展时提示“停滞”
停滞提醒: 10
# 本办补充的节假日安排，优先于内置的国务院安排；尚未收录的年份按周末推算。例如：
#   2027:
#     放假: [[2027-01-01, 2027-01-03]]
#     调休上班: [2027-01-04]
节假日: {{}}
# 目标考核得分：基础分，每件超期办结、逾期未办结、退回、催办各扣几分（最低 0 分）
考核评分: {{基础分: 100, 超期办结: 5, 逾期未办结: 10, 退回: 2, 催办: 1}}
# 可以操作本仓库的经办人；留空则不限
经办人: []
默认经办人: null
"""

_GITIGNORE = ".duban/\nout/\n"


def read_units_file(path: Path) -> tuple[Unit, ...]:
    """A unit directory from YAML (as samples/units-example.yaml) or CSV (名称,简称,主要负责人)."""
    from duban.yamlio import YamlSyntaxError, line_of, load_fast, load_located

    try:
        raw = path.read_bytes()
    except OSError:
        raise NotFoundError(f"读不到单位名录文件 {path}，请检查路径") from None
    text = decode_text(raw, str(path))
    problems: list[KeyProblem] = []
    if path.suffix.lower() == ".csv":
        data = _units_from_csv(text, str(path))
    else:
        try:
            data = load_fast(text)
        except (YamlSyntaxError, ValueError) as error:
            line = getattr(error, "line", None)
            raise InputError(f"{path}:{line}: 单位名录不是合法的 YAML，请检查格式") from None
    units = parse_units(data, (), problems)
    if problems:
        document = load_located(text) if path.suffix.lower() != ".csv" else None
        first = problems[0]
        line = line_of(document, first.keypath) if document is not None else _csv_line(first)
        raise InputError(f"{path}:{line}: {first.message}")
    if not units:
        raise InputError(f"{path} 中没有任何单位，请检查文件内容")
    return units


def _csv_line(problem: KeyProblem) -> int | None:
    return int(problem.keypath[0]) + 2 if problem.keypath and isinstance(problem.keypath[0], int) else None


def _units_from_csv(text: str, name: str) -> list[dict[str, Any]]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = [h.strip() for h in rows[0]]
    if "名称" not in header:
        raise InputError(f"{name}:1: 单位名录 CSV 的表头应含“名称”，可选“简称”“主要负责人”")
    units = []
    for row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        record = dict(zip(header, (cell.strip() for cell in row), strict=False))
        aliases = [a for a in re.split(r"[、，,；;\s]+", record.get("简称", "")) if a]
        unit: dict[str, Any] = {"名称": record.get("名称", ""), "简称": aliases}
        if record.get("主要负责人"):
            unit["主要负责人"] = record["主要负责人"]
        units.append(unit)
    return units


def units_yaml(units: Iterable[Unit]) -> str:
    from duban.yamlio import dump_new

    lines = []
    for unit in units:
        item: dict[str, Any] = {"名称": unit.name, "简称": list(unit.aliases)}
        if unit.head:
            item["主要负责人"] = unit.head
        lines.append(dump_new([item]).strip())
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class InitResult:
    root: Path
    units: int


def init_office(directory: Path, office_name: str, units_file: Path | None, operator: str | None) -> InitResult:
    """A new office repository with config.yaml, cases/, templates/ and a first commit."""
    from duban.yamlio import write_atomic

    if not office_name.strip():
        raise InputError("机关名称不能为空，请用 --office 给出，如 --office 示范区人民政府办公室")
    if (directory / CONFIG_FILE).exists():
        raise InputError(f"{directory} 已经是督办仓库（已有 config.yaml），未做任何改动")
    if directory.exists() and not directory.is_dir():
        raise InputError(f"{directory} 是文件，不是目录")
    units = read_units_file(units_file) if units_file else ()
    created = not directory.exists()
    directory.mkdir(parents=True, exist_ok=True)
    try:
        text = _CONFIG_TEMPLATE.format(office=office_name.strip())
        if units:
            text += "# 单位名录：名称为全称，简称用于导入会议纪要和任务表时识别单位\n单位:\n"
            text += "".join(f"  {line}\n" for line in units_yaml(units).splitlines())
        else:
            text += "# 单位名录，如：\n#   - {名称: 区财政局, 简称: [财政局], 主要负责人: 某某}\n单位: []\n"
        write_atomic(directory / CONFIG_FILE, text)
        for folder in (CASES_DIR, "templates"):
            (directory / folder).mkdir(exist_ok=True)
            keep = directory / folder / ".gitkeep"
            keep.touch()
        gitignore = directory / ".gitignore"
        if not gitignore.exists():
            write_atomic(gitignore, _GITIGNORE)
        if not (directory / ".git").exists():
            init_repository(directory)
        from duban.audit import install_merge_driver

        install_merge_driver(directory)
        git = Git(directory)
        name = (operator or "").strip() or "督办室"
        paths = [CONFIG_FILE, ".gitignore", ".gitattributes", f"{CASES_DIR}/.gitkeep", "templates/.gitkeep"]
        git.commit(paths, CommitMessage("建库", "", office_name.strip()), name)
    except BaseException:
        if created:
            import shutil

            shutil.rmtree(directory, ignore_errors=True)
        raise
    return InitResult(directory, len(units))


# -- writing cases ------------------------------------------------------------------------------


def _record_hand_edit(office: Office, git: Git, case: Case, operator: str) -> None:
    """Commit a clerk's uncommitted edit of the case file on its own, before duban's change.
    The caller has read the case through the store, so the edited file is known to be valid."""
    rel = case_path(case.id)
    if (office.root / rel).exists() and git.uncommitted([rel]):
        message = CommitMessage(
            HAND_EDIT_ACTION, case.id, case.title, body="在下一步操作之前，先记录对该文件未提交的手工修改。"
        )
        git.commit([rel], message, operator)


def save_case(
    office: Office,
    git: Git,
    case: Case,
    message: CommitMessage,
    operator: str,
) -> None:
    """Write one case and commit it; on any failure the file is put back as it was.
    An uncommitted hand edit of that file is first committed on its own, never folded in."""
    rel = case_path(case.id)
    _record_hand_edit(office, git, case, operator)
    before = office.case_text(case.id)
    office.write_text(rel, office.render_case(case))
    try:
        git.commit([rel], message, operator)
    except BaseException:
        _restore(office, git, [(rel, before)])
        raise


def _restore(office: Office, git: Git, originals: Sequence[tuple[str, str | None]]) -> None:
    for rel, text in originals:
        path = office.root / rel
        if text is None:
            path.unlink(missing_ok=True)
        else:
            office.write_text(rel, text)
    git.unstage([rel for rel, _ in originals])


# -- register -----------------------------------------------------------------------------------


def resolve_units(config: Config, names: Iterable[str]) -> tuple[str, ...]:
    resolved: list[str] = []
    for name in names:
        for part in re.split(r"[、，,；;]", name):
            if part.strip():
                full = config.resolve_unit(part)
                if full not in resolved:
                    resolved.append(full)
    return tuple(resolved)


def register(session: Session, request: lifecycle.Registration) -> Case:
    """立项: one new case, one commit; prints nothing, returns the case."""
    office = session.office
    config = office.config
    operator = session.operator()
    request = _normalize_registration(config, request)
    if request.parent:
        parent = office.read_case(request.parent)
        request = replace(request, parent=parent.id)
    calendar = config.calendar()
    git = Git(office.root)
    with office.lock():
        case_id = office.next_id(session.today.year)
        year, serial = int(case_id[:4]), int(case_id[5:])
        case, _event = lifecycle.register(
            request, case_id, config.doc_number(year, serial), session.today, operator, calendar
        )
        save_case(office, git, case, CommitMessage("立项", case.id, _summary(case)), operator)
    return case


def _normalize_registration(config: Config, request: lifecycle.Registration) -> lifecycle.Registration:
    restricted = tuple(dict.fromkeys(n.strip() for n in request.restricted_to if n.strip()))
    if config.operators:
        unknown = [n for n in restricted if n not in config.operators]
        if unknown:
            raise InputError(f"知情范围中的“{unknown[0]}”不在 config.yaml 的“经办人”名单中")
    parent = normalize_id(request.parent) if request.parent else None
    return replace(
        request,
        lead_units=resolve_units(config, request.lead_units),
        co_units=resolve_units(config, request.co_units),
        restricted_to=restricted,
        parent=parent,
    )


# -- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseView:
    """A case with what is derived from it at query time (never stored)."""

    case: Case
    provisional: bool
    workdays_left: int | None
    children: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        from duban.model import case_to_mapping

        data: dict[str, Any] = _jsonable(case_to_mapping(self.case))
        data["时限暂按周末推算"] = self.provisional
        data["剩余工作日"] = self.workdays_left
        data["催办次数"] = lifecycle.reminders(self.case)
        data["退回次数"] = lifecycle.returns(self.case)
        data["按期办结"] = lifecycle.on_time(self.case)
        if self.children:
            data["子事项"] = [{"编号": i, "状态": s} for i, s in self.children]
        return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def view(case: Case, calendar: WorkCalendar, today: dt.date) -> CaseView:
    provisional = False
    left = None
    if case.deadline is not None:
        start = case.assigned or case.registered
        provisional = case.deadline_days is not None and calendar.is_provisional(start, case.deadline)
        if case.is_open:
            left = calendar.workdays_between(today, case.deadline)
    return CaseView(case, provisional, left)


def show(session: Session, case_id: str) -> CaseView:
    office = session.office
    case = redact(office.read_case(case_id), viewer(session))
    children = tuple(sorted((i, status) for i, status, parent in office.outline() if parent == case.id))
    return replace(view(case, office.config.calendar(), session.today), children=children)


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    unit: str | None = None
    source_kind: str | None = None
    leader: str | None = None
    text: str | None = None
    year: int | None = None


def list_cases(session: Session, filters: Filters) -> list[CaseView]:
    office = session.office
    config = office.config
    if filters.status and filters.status not in STATUSES and filters.status != "在办":
        raise InputError(f"状态“{filters.status}”不认识，可选：在办、{'、'.join(STATUSES)}")
    unit = config.resolve_unit(filters.unit) if filters.unit else None
    if filters.source_kind:
        from duban.model import SOURCE_KINDS

        if filters.source_kind not in SOURCE_KINDS:
            raise InputError(f"来源类别“{filters.source_kind}”不认识，可选：{'、'.join(SOURCE_KINDS)}")
    tests: list[Callable[[Case], bool]] = []
    if filters.status == "在办":
        tests.append(lambda c: c.is_open)
    elif filters.status:
        tests.append(lambda c: c.status == filters.status)
    if unit:
        tests.append(lambda c: unit in c.lead_units or unit in c.co_units)
    if filters.source_kind:
        tests.append(lambda c: c.source.kind == filters.source_kind)
    if filters.leader:
        leader = filters.leader
        tests.append(lambda c: leader in c.leader)
    if filters.text:
        needle = filters.text
        tests.append(lambda c: needle in c.title or needle in c.content or needle in c.source.ref)
    if filters.year:
        year = filters.year
        tests.append(lambda c: c.year == year)
    calendar = config.calendar()
    reader = viewer(session)
    visible = (redact(c, reader) for c in office.cases())
    selected = [c for c in visible if all(test(c) for test in tests)]
    selected.sort(key=lambda c: c.id)
    return [view(c, calendar, session.today) for c in selected]


# -- check --------------------------------------------------------------------------------------


def check(session: Session) -> list[Problem]:
    """Every problem of the office: config.yaml, each case file, and the links between cases."""
    office = session.office
    config, problems_tuple = office.load_config()
    problems = list(problems_tuple)
    calendar = config.calendar()
    files = office.case_files()
    ids = {f.case.id for f in files if f.case is not None}
    for case_file in files:
        problems.extend(case_file.problems)
        case = case_file.case
        if case is None:
            continue
        semantic = _semantic_problems(case, case_file.path, config, calendar, ids)
        if semantic:
            problems.extend(_locate_in_file(office.root, case_file.path, semantic))
    return problems


def _semantic_problems(
    case: Case, path: str, config: Config, calendar: WorkCalendar, ids: set[str]
) -> list[KeyProblem]:
    found: list[KeyProblem] = []
    folder = path.split("/")[1] if path.count("/") >= 2 else ""
    if folder and folder != case.id[:4]:
        found.append(KeyProblem(("编号",), f"编号 {case.id} 的文件应放在 cases/{case.id[:4]}/ 下"))
    for key, names in (("主办单位", case.lead_units), ("协办单位", case.co_units)):
        for name in names:
            if not config.is_unit(name):
                try:
                    hint = f"，应写全称“{config.resolve_unit(name)}”"
                except NotFoundError as error:
                    hint = "：" + error.message.split("不在单位名录中", 1)[-1].lstrip("，")
                found.append(KeyProblem((key,), f"单位“{name}”不在 config.yaml 的单位名录中{hint}"))
    if case.parent and case.parent not in ids:
        found.append(KeyProblem(("上级事项",), f"上级事项 {case.parent} 不存在"))
    if config.operators:
        for name in case.restricted_to:
            if name not in config.operators:
                found.append(KeyProblem(("知情范围",), f"知情范围中的“{name}”不在 config.yaml 的“经办人”名单中"))
    if case.deadline_days is not None and case.deadline is not None:
        start = case.assigned or case.registered
        expected = calendar.add_workdays(start, case.deadline_days)
        if not expected.provisional and expected.date != case.deadline:
            found.append(
                KeyProblem(
                    ("办理时限",),
                    f"办理时限 {case.deadline} 与“{start} 后 {case.deadline_days} 个工作日”"
                    f"（{expected.date}）不符；若节假日安排已更新，请改为 {expected.date}",
                )
            )
    return found


def _locate_in_file(root: Path, rel: str, found: list[KeyProblem]) -> list[Problem]:
    from duban.yamlio import YamlSyntaxError, line_of, load_located

    try:
        document = load_located((root / rel).read_text(encoding="utf-8"))
    except (OSError, YamlSyntaxError, UnicodeDecodeError):
        document = None
    return [Problem(rel, line_of(document, p.keypath) if document is not None else None, p.message) for p in found]


# -- the procedure ------------------------------------------------------------------------------

RESTRICTED_TITLE = "受控事项"


def _summary(case: Case) -> str:
    """The title as a commit message may show it: never the title of a restricted case."""
    return RESTRICTED_TITLE if case.restricted_to else case.title


def _apply(session: Session, case_id: str, step: Callable[[Case, str], tuple[Case, Event]], body: str = "") -> Case:
    """Load one case under the lock, apply one lifecycle step, save it, make one commit."""
    office = session.office
    operator = session.operator()
    git = Git(office.root)
    with office.lock():
        case = office.read_case(case_id)
        changed, event = step(case, operator)
        message = CommitMessage(event.action, case.id, _summary(case), body=body)
        save_case(office, git, changed, message, operator)
    return changed


def _apply_many(
    session: Session, case_ids: Sequence[str], step: Callable[[Case, str], tuple[Case, Event]], action: str
) -> list[Case]:
    """One step on several cases, all or nothing, in one commit that lists them."""
    office = session.office
    operator = session.operator()
    git = Git(office.root)
    with office.lock():
        changed = [step(office.read_case(case_id), operator)[0] for case_id in dict.fromkeys(case_ids)]
        if not changed:
            return []
        originals = [(case_path(c.id), office.case_text(c.id)) for c in changed]
        for case in changed:
            _record_hand_edit(office, git, case, operator)
        for case in changed:
            office.write_text(case_path(case.id), office.render_case(case))
        if len(changed) == 1:
            message = CommitMessage(action, changed[0].id, _summary(changed[0]))
        else:
            lines = "\n".join(f"{c.id} {_summary(c)}" for c in changed)
            message = CommitMessage(action, "", "", body=lines, batch=tuple(c.id for c in changed))
        try:
            git.commit([path for path, _ in originals], message, operator)
        except BaseException:
            _restore(office, git, originals)
            raise
    return changed


def assign(session: Session, case_id: str, request: lifecycle.Assignment) -> Case:
    config = session.office.config
    request = replace(
        request,
        lead_units=resolve_units(config, request.lead_units),
        co_units=resolve_units(config, request.co_units),
    )
    calendar = config.calendar()

    def step(case: Case, operator: str) -> tuple[Case, Event]:
        rule = config.rules.days_for(case.source.kind, case.urgency)
        return lifecycle.assign(case, request, session.today, operator, calendar, rule)

    return _apply(session, case_id, step)


def acknowledge(session: Session, case_id: str, unit: str) -> Case:
    full = session.office.config.resolve_unit(unit)
    return _apply(session, case_id, lambda case, op: lifecycle.acknowledge(case, full, session.today, op))


REPORT_LIMITS = {"一般性": 1000, "综合性": 2000}


@dataclass(frozen=True)
class Reported:
    case: Case
    warnings: tuple[str, ...]


def report(session: Session, case_id: str, unit: str, signer: str, text: str, final: bool) -> Reported:
    """反馈. Warns, without refusing, about a long report or a signer who is not the unit's head."""
    config = session.office.config
    full = config.resolve_unit(unit)
    case = _apply(session, case_id, lambda c, op: lifecycle.report(c, full, signer, text, final, session.today, op))
    warnings = []
    length = len("".join(text.split()))
    limit = REPORT_LIMITS.get(case.report_scope, 1000)
    if length > limit:
        warnings.append(f"报告 {length} 字，超过{case.report_scope}报告 {limit} 字的要求，已照常登记")
    record = config.unit(full)
    head = record.head if record is not None else ""
    if head and signer.strip() != head:
        warnings.append(f"签发人“{signer.strip()}”不是{full}的主要负责人（{head}），已照常登记")
    return Reported(case, tuple(warnings))


def overdue_ids(session: Session) -> list[str]:
    """The red cases of the morning check: 办理中 and today after the deadline in force."""
    return [a.case.id for a in morning_check(session, within=0).alerts if a.red]


@dataclass(frozen=True)
class MorningCheck:
    alerts: list[Any]  # list[reports.Alert], redacted for the reader
    within: int
    reminded: tuple[str, ...] = ()


def morning_check(
    session: Session, within: int | None = None, unit: str | None = None, remind_red: bool = False
) -> MorningCheck:
    """duban overdue: every open case that is overdue, due soon, unreported or stalled today.
    With remind_red, a 催办 is recorded for each red case not yet reminded today, in one commit."""
    from duban import reports

    office = session.office
    config = office.config
    days = config.warn_days if within is None else within
    if days < 0:
        raise InputError("--within 应为不小于 0 的工作日数")
    full = config.resolve_unit(unit) if unit else None
    calendar = config.calendar()

    def selected() -> list[Any]:
        return [s for s in office.summaries() if full is None or full in s.lead_units]

    found = reports.alerts(selected(), calendar, session.today, days, config.stall_days)
    reminded: tuple[str, ...] = ()
    if remind_red:
        due = [a.case.id for a in found if a.red and a.case.last_reminder != session.today]
        if due:
            remind(session, due, "逾期自动催办")
            reminded = tuple(due)
            found = reports.alerts(selected(), calendar, session.today, days, config.stall_days)
    if any(a.case.restricted_to for a in found):
        reader = viewer(session)
        found = [replace(a, case=redact(a.case, reader)) for a in found]
    return MorningCheck(found, days, reminded)


def remind(session: Session, case_ids: Sequence[str], note: str = "") -> list[Case]:
    ids = [normalize_id(i) for i in case_ids]
    return _apply_many(session, ids, lambda c, op: lifecycle.remind(c, session.today, op, note), "催办")


def extend(session: Session, case_id: str, to: dt.date, reason: str, approved_by: str) -> Case:
    return _apply(session, case_id, lambda c, op: lifecycle.extend(c, to, reason, approved_by, session.today, op))


def return_report(session: Session, case_id: str, reason: str) -> Case:
    return _apply(session, case_id, lambda c, op: lifecycle.return_report(c, reason, session.today, op))


def open_children(session: Session, case_id: str) -> tuple[str, ...]:
    from duban.model import OPEN_STATUSES

    return tuple(i for i, status, parent in session.office.outline() if parent == case_id and status in OPEN_STATUSES)


def close(session: Session, case_id: str, approved_by: str = "") -> Case:
    children = open_children(session, normalize_id(case_id))
    return _apply(session, case_id, lambda c, op: lifecycle.close(c, session.today, op, approved_by, children))


def terminate(session: Session, case_id: str, reason: str, approved_by: str) -> Case:
    return _apply(session, case_id, lambda c, op: lifecycle.terminate(c, reason, approved_by, session.today, op))


def archive(session: Session, case_ids: Sequence[str], closed_before: dt.date | None = None) -> list[Case]:
    ids = [normalize_id(i) for i in case_ids]
    if closed_before is not None:
        for case in session.office.cases():
            ended = next((e.date for e in reversed(case.events) if e.action in ("办结", "终止")), None)
            if case.status in ("已办结", "已终止") and ended is not None and ended < closed_before:
                ids.append(case.id)
        if not ids:
            raise InputError(f"没有 {closed_before} 之前办结或终止、尚未归档的事项")
    if not ids:
        raise InputError("请给出要归档的事项编号，或用 --closed-before 日期 归档此前办结的全部事项")
    return _apply_many(session, ids, lambda c, op: lifecycle.archive(c, session.today, op), "归档")


# -- who may read what --------------------------------------------------------------------------


def viewer(session: Session) -> str:
    """Who is reading: --by, else config's default operator, else git's user.name; may be unknown."""
    config = session.office.config
    return (session.by or "").strip() or config.default_operator or _git_user_name(session.office.root)


def redact(case: Any, reader: str) -> Any:
    """A restricted case as someone outside its circle sees it: number, units, dates, state.
    Works on a full Case and on its Summary alike."""
    if not case.restricted_to or reader in case.restricted_to:
        return case
    if isinstance(case, Summary):
        return case._replace(title=RESTRICTED_TITLE)
    from duban.model import Source

    return replace(
        case,
        title=RESTRICTED_TITLE,
        source=Source(case.source.kind),
        leader="",
        content="",
        events=tuple(replace(e, note="") for e in case.events),
        reports=tuple(replace(r, text="") for r in case.reports),
    )


# -- history ------------------------------------------------------------------------------------


def case_log(session: Session, case_id: str) -> list[Any]:
    """The case's story from git, with restricted fields left out for readers outside the circle."""
    from duban.audit import history

    office = session.office
    case_id = normalize_id(case_id)
    rel = case_path(case_id)
    case = office.read_case(case_id) if (office.root / rel).exists() else None
    hidden = case is not None and redact(case, viewer(session)) is not case
    entries = history(office.root, rel, restricted=hidden)
    if not entries:
        raise NotFoundError(f"git 历史中没有事项 {case_id} 的记录")
    return entries


def undo(session: Session) -> tuple[str, str, str]:
    from duban.audit import undo_last

    office = session.office
    operator = session.operator()
    with office.lock():
        return undo_last(office.root, operator)


# -- batch registration -------------------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    cases: list[Case]
    skipped: list[tuple[int, str]]
    dry_run: bool


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"读不到文件 {path}，请检查路径") from None


Progress = Callable[[int, int], None]


def import_minutes(
    session: Session,
    path: Path,
    meeting: str,
    meeting_date: dt.date,
    leader: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Imported:
    """Register and assign every decision of a meeting's minutes, all in one commit, or nothing."""
    from duban.importers import parse_minutes

    if not meeting.strip():
        raise InputError("请用 --meeting 给出会议名称，如 区政府第15次常务会议")
    if meeting_date > session.today:
        raise InputError(f"会议日期 {meeting_date} 晚于今天 {session.today}，请检查 --date")
    config = session.office.config
    text = decode_text(_read_bytes(path), str(path))
    result = parse_minutes(text, meeting.strip(), meeting_date, config, config.calendar(), leader.strip())
    return _register_drafts(session, str(path), result, f"导入 {meeting.strip()} 纪要", dry_run, progress)


def import_table(
    session: Session,
    path: Path,
    source_kind: str = "政府工作报告",
    source_ref: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Imported:
    """Register and assign every row of a task table (CSV or xlsx), all in one commit, or nothing."""
    from duban.importers import parse_table, read_table_rows
    from duban.model import SOURCE_KINDS

    if source_kind not in SOURCE_KINDS:
        raise InputError(f"来源类别“{source_kind}”不认识，可选：{'、'.join(SOURCE_KINDS)}")
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError(f"{path} 不是 .csv 或 .xlsx 文件")
    config = session.office.config
    try:
        rows = read_table_rows(path, _read_bytes(path))
    except DubanError:
        raise
    except Exception as error:
        raise InputError(f"读不了表格 {path}（{type(error).__name__}），请确认是 CSV 或 xlsx 文件") from None
    result = parse_table(rows, config, config.calendar(), session.today, source_kind, source_ref.strip())
    return _register_drafts(session, str(path), result, f"导入 {path.name}", dry_run, progress)


def _register_drafts(
    session: Session, name: str, result: Any, label: str, dry_run: bool, progress: Progress | None = None
) -> Imported:
    from duban.errors import ProblemsError

    office = session.office
    config = office.config
    calendar = config.calendar()
    problems = [f"{name}:{p.line}: {p.message}" for p in result.problems]
    for draft in result.drafts:
        if draft.deadline is not None and draft.deadline < session.today:
            problems.append(f"{name}:{draft.line}: 时限 {draft.deadline} 早于今天 {session.today}（“{draft.title}”）")
    if problems:
        problems.append(f"以上 {len(result.problems) or len(problems)} 处问题改正后再导入；本次未登记任何事项")
        raise ProblemsError(problems)
    if not result.drafts:
        raise InputError(f"{name} 中没有找到交给单位的任务，未登记任何事项")
    operator = session.operator() if not dry_run else (viewer(session) or "（预览）")
    with office.lock() if not dry_run else _nothing():
        year = session.today.year
        first = int(office.next_id(year)[5:])
        cases: list[Case] = []
        for offset, draft in enumerate(result.drafts):
            serial = first + offset
            if serial > 9999:
                raise RepositoryError(f"{year}年的编号不够用了（超过 9999）")
            case_id = f"{year:04d}-{serial:04d}"
            request = lifecycle.Registration(
                title=draft.title,
                source_kind=draft.source_kind,
                source_ref=draft.source_ref,
                source_date=draft.source_date,
                leader=draft.leader,
                content=draft.content,
                lead_units=draft.lead_units,
                co_units=draft.co_units,
                deadline=draft.deadline,
                report_cycle=draft.report_cycle,
            )
            case, _ = lifecycle.register(
                request, case_id, config.doc_number(year, serial), session.today, operator, calendar
            )
            rule = config.rules.days_for(case.source.kind, case.urgency)
            assignment = lifecycle.Assignment(deadline=draft.deadline, days=None if draft.deadline else rule)
            case, _ = lifecycle.assign(case, assignment, session.today, operator, calendar, rule)
            cases.append(case)
        if dry_run:
            return Imported(cases, result.skipped, True)
        message = CommitMessage("立项", "", "", body=label, batch=tuple(c.id for c in cases))
        _write_batch(office, cases, message, operator, progress)
    return Imported(cases, result.skipped, False)


@contextlib.contextmanager
def _nothing() -> Iterator[None]:
    yield


def _write_batch(
    office: Office, cases: list[Case], message: CommitMessage, operator: str, progress: Progress | None = None
) -> None:
    """Write new case files and commit them together; on failure remove every one of them."""
    from duban.model import case_to_mapping
    from duban.yamlio import dump_new

    git = Git(office.root)
    paths = [case_path(c.id) for c in cases]
    lines = "\n".join(f"{c.id} {_summary(c)}" for c in cases)
    message = CommitMessage(
        message.action, message.case_id, message.summary, f"{message.body}\n\n{lines}", message.batch
    )
    try:
        for done, (case, rel) in enumerate(zip(cases, paths, strict=True), 1):
            office.write_text(rel, dump_new(case_to_mapping(case)))
            if progress is not None:
                progress(done, len(cases))
        git.commit(paths, message, operator)
    except BaseException:
        _restore(office, git, [(rel, None) for rel in paths])
        raise


# -- documents ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    """One document written (or printed, with -o -)."""

    path: str
    text: str  # the Markdown, whatever the format


def _safe_name(text: str) -> str:
    return re.sub(r"[\\\\/:*?\"<>|\s]+", "_", text).strip("_")


def _output(session: Session, markdown: str, title: str, fmt: str, target: Path | None, default_name: str) -> Rendered:
    from duban import render
    from duban.yamlio import write_atomic

    if fmt not in render.FORMATS:
        raise InputError(f"文书格式“{fmt}”不认识，可选：{'、'.join(render.FORMATS)}")
    office = session.office
    if target is not None and str(target) == "-":
        if fmt == "docx":
            raise InputError("Word 文件不能输出到屏幕，请用 -o 给出 .docx 文件名")
        text = markdown if fmt == "md" else render.to_html(office.root, title, render.blocks(markdown))
        return Rendered("-", text)
    path = target if target is not None else office.root / "out" / f"{_safe_name(default_name)}.{fmt}"
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "md":
        write_atomic(path, markdown)
    elif fmt == "html":
        write_atomic(path, render.to_html(office.root, title, render.blocks(markdown)))
    else:
        render.to_docx(render.blocks(markdown), path)
    return Rendered(str(path), markdown)


def _targets(target: Path | None, count: int, suffixes: list[str]) -> list[Path | None]:
    """-o for a document that goes to several lead units: one file each, the unit in the name."""
    if target is None or count == 1 or str(target) == "-":
        return [target] * count
    return [target.with_name(f"{target.stem}-{_safe_name(s)}{target.suffix}") for s in suffixes]


def render_case_document(
    session: Session, kind: str, case_id: str, fmt: str = "md", target: Path | None = None, reply_days: int = 3
) -> list[Rendered]:
    """政务督办通知 (notice) or 催办通知 (reminder) for a case, one per lead unit."""
    from duban import documents, render

    office = session.office
    config = office.config
    calendar = config.calendar()
    case = redact(office.read_case(case_id), viewer(session))
    if kind == "notice":
        contexts = documents.notice_contexts(config, case, calendar, session.today)
    elif kind == "reminder":
        contexts = documents.reminder_contexts(config, case, calendar, session.today, reply_days)
    else:
        raise InputError(f"文书种类“{kind}”不认识，可选：notice（政务督办通知）、reminder（催办通知）")
    label = render.TEMPLATES[kind][1]
    units = [str(c["主送"]) for c in contexts]
    out = []
    for context, unit, path in zip(contexts, units, _targets(target, len(contexts), units), strict=True):
        markdown = render.render_text(office.root, kind, context)
        name = f"{case.id}-{label}-{unit}"
        out.append(_output(session, markdown, f"{label}（{case.doc_number}）", fmt, path, name))
    return out


def render_bulletin(
    session: Session, start: dt.date, end: dt.date, issue: int, fmt: str = "md", target: Path | None = None
) -> Rendered:
    """督查通报 for a period: figures counted as things stood at its end (or today)."""
    from duban import documents, render, reports

    if end < start:
        raise InputError(f"--to {end} 早于 --from {start}，请检查日期")
    if issue < 1:
        raise InputError("--issue 期号应为正整数")
    office = session.office
    config = office.config
    reader = viewer(session)
    cases = [redact(c, reader) for c in office.cases()]
    report = reports.period_report(cases, config.calendar(), start, end, session.today)
    context = documents.bulletin_context(config, report, issue, session.today)
    markdown = render.render_text(office.root, "bulletin", context)
    return _output(session, markdown, f"督查通报（第{issue}期）", fmt, target, f"督查通报-第{issue}期")


def template_list(session: Session) -> list[Any]:
    from duban import render

    try:
        root: Path | None = session.office.root
    except NotFoundError:
        root = None
    return render.template_list(root)


# -- assessment, ledger, dashboard --------------------------------------------------------------

STATS_KEYS = (
    "单位",
    "交办",
    "已办结",
    "按期办结",
    "超期办结",
    "逾期未办结",
    "在办",
    "催办",
    "退回",
    "延期",
    "按期率",
    "得分",
)


def _period(session: Session, start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    end = end or session.today
    start = start or dt.date(1900, 1, 1)
    if end < start:
        raise InputError(f"--to {end} 早于 --from {start}，请检查日期")
    return start, end


def stats(
    session: Session, start: dt.date | None = None, end: dt.date | None = None, unit: str | None = None
) -> list[dict[str, Any]]:
    """目标考核: one row per unit over its lead cases, sorted by score, the best first."""
    from duban import reports

    office = session.office
    config = office.config
    start, end = _period(session, start, end)
    report = reports.period_report(office.cases(), config.calendar(), start, end, session.today)
    names = [u.name for u in config.units] + [u for u in report.units if not config.is_unit(u)]
    if unit:
        names = [config.resolve_unit(unit)]
    rows: list[dict[str, Any]] = []
    for name in names:
        figures = report.units.get(name, reports.Figures())
        data = figures.to_mapping()
        rate = figures.on_time_rate
        rows.append(
            {
                "单位": name,
                **{key: data[key] for key in STATS_KEYS[1:10]},
                "按期率": None if rate is None else round(rate, 4),
                "得分": config.scoring.score(
                    figures.closed_late, figures.overdue_open, figures.returns, figures.reminders
                ),
            }
        )
    order = {name: index for index, name in enumerate(names)}
    rows.sort(key=lambda r: (-r["得分"], order[r["单位"]]))
    return rows


LEDGER_COLUMNS = (
    "编号",
    "文号",
    "标题",
    "来源",
    "批示领导",
    "主办单位",
    "协办单位",
    "交办日期",
    "办理时限",
    "状态",
    "按期/超期",
    "催办次数",
    "最近进展",
)


def ledger(session: Session, filters: Filters) -> list[tuple[dict[str, Any], str | None]]:
    """The 台账: one row per case with the level it shows today (逾期 / 临期 / None)."""
    from duban import reports

    config = session.office.config
    calendar = config.calendar()
    rows = []
    for item in list_cases(session, filters):
        case = item.case
        alert = reports.alert_for(summary_of(case), calendar, session.today, config.warn_days, 10**6)
        level = alert.level if alert is not None and alert.level in reports.RED_YELLOW else None
        flag = lifecycle.on_time(case)
        verdict = "按期" if flag is True else "超期" if flag is False else ("逾期" if level == reports.OVERDUE else "")
        last = case.events[-1] if case.events else None
        progress = ""
        if last is not None:
            detail = last.note or "，".join(f"{k}：{_plain(v)}" for k, v in last.extra if k != "办结")
            progress = f"{last.date.isoformat()} {last.action}" + (f"：{detail}" if detail else "")
        rows.append(
            (
                {
                    "编号": case.id,
                    "文号": case.doc_number,
                    "标题": case.title,
                    "来源": "，".join(p for p in (case.source.kind, case.source.ref) if p),
                    "批示领导": case.leader,
                    "主办单位": "、".join(case.lead_units),
                    "协办单位": "、".join(case.co_units),
                    "交办日期": case.assigned,
                    "办理时限": case.deadline,
                    "状态": case.status,
                    "按期/超期": verdict,
                    "催办次数": lifecycle.reminders(case),
                    "最近进展": progress,
                },
                level,
            )
        )
    return rows


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def export_ledger(session: Session, path: Path, filters: Filters) -> int:
    """Write the ledger as xlsx (real dates, frozen bold header, filter, colours) or CSV with BOM."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise InputError(f"台账文件应以 .xlsx 或 .csv 结尾：{path}")
    rows = ledger(session, filters)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(LEDGER_COLUMNS)
        for row, _ in rows:
            writer.writerow([_plain(row[c]) if row[c] is not None else "" for c in LEDGER_COLUMNS])
        from duban.store import write_bytes_atomic

        write_bytes_atomic(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
        return len(rows)
    _write_xlsx(path, rows, session.office.config.office, session.today)
    return len(rows)


def _write_xlsx(path: Path, rows: list[tuple[dict[str, Any], str | None]], office: str, today: dt.date) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "督办台账"
    sheet.append(list(LEDGER_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    fills = {"逾期": PatternFill("solid", fgColor="FFC7CE"), "临期": PatternFill("solid", fgColor="FFEB9C")}
    for row, level in rows:
        sheet.append([row[c] if row[c] != "" else None for c in LEDGER_COLUMNS])
        if level in fills:
            for cell in sheet[sheet.max_row]:
                cell.fill = fills[level]
    for column in ("交办日期", "办理时限"):
        letter = get_column_letter(LEDGER_COLUMNS.index(column) + 1)
        for cell in sheet[letter][1:]:
            cell.number_format = "yyyy-mm-dd"
    for index, column in enumerate(LEDGER_COLUMNS, 1):
        values = [column] + [_plain(r[column]) if r[column] is not None else "" for r, _ in rows]
        # A Chinese character is about two Latin ones wide; cap very long text and let it wrap.
        width = max(_display_width(v) for v in values) + 2
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8), 50)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(LEDGER_COLUMNS))}{max(sheet.max_row, 1)}"
    sheet.oddHeader.center.text = f"{office} 督办台账（{today.isoformat()}）"
    book.properties.title = f"{office} 督办台账"
    tmp = path.with_name(f".{path.name}.tmp")
    book.save(str(tmp))
    tmp.replace(path)


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def dashboard(session: Session, target: Path | None = None) -> Path:
    """One self-contained page for a leader: counts by level, on-time rate per unit, the red list,
    the cases due this week."""
    from duban import render, reports
    from duban.yamlio import write_atomic

    office = session.office
    config = office.config
    today = session.today
    check_result = morning_check(session)
    alerts = check_result.alerts
    year_start = dt.date(today.year, 1, 1)
    units = stats(session, year_start, today)
    monday = today - dt.timedelta(days=today.weekday())
    sunday = monday + dt.timedelta(days=6)
    reader = viewer(session)
    week = sorted(
        (
            redact(c, reader)
            for c in office.cases()
            if c.status == "办理中" and c.deadline and monday <= c.deadline <= sunday
        ),
        key=lambda c: (c.deadline, c.id),
    )
    counts = {level: sum(1 for a in alerts if a.level == level) for level in reports.LEVELS}
    open_cases = sum(1 for c in office.cases() if c.is_open)
    context = {
        "机关": config.office,
        "今天": today,
        "在办总数": open_cases,
        "分级": counts,
        "单位": units,
        "按期率图": render.on_time_chart(units),
        "逾期事项": [a for a in alerts if a.red],
        "本周到期": week,
        "本周": (monday, sunday),
    }
    html_text = render.render_dashboard(office.root, context)
    path = target or office.root / "out" / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, html_text)
    return path


# -- sync -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Synced:
    pulled: int
    pushed: int
    renumbered: list[tuple[str, str, str]]  # old id, new id, new 文号
    reissue: list[str]  # rendered documents that carry an old number
    first_push: bool = False


def _git_env(operator: str) -> dict[str, str]:
    import os

    from duban.audit import AUTHOR_EMAIL

    env = dict(os.environ)
    env.update(
        GIT_AUTHOR_NAME=operator,
        GIT_AUTHOR_EMAIL=AUTHOR_EMAIL,
        GIT_COMMITTER_NAME=operator,
        GIT_COMMITTER_EMAIL=AUTHOR_EMAIL,
        GIT_TERMINAL_PROMPT="0",
    )
    return env


def sync(session: Session, remote: str = "origin") -> Synced:
    """Fetch, merge, push through the office's remote: never force, never rewrite what is pushed.
    Local new cases whose numbers the remote took meanwhile are renumbered first; case files
    both sides changed are merged field by field; anything that cannot be merged stops the sync
    and leaves the clone as it was."""
    from duban.audit import ATTRIBUTES_LINE, install_merge_driver

    office = session.office
    operator = session.operator()
    git = Git(office.root)
    env = _git_env(operator)
    with office.lock():
        if remote not in git._run("remote").split():
            raise RepositoryError(f"没有名为 {remote} 的共享仓库：请先执行 git remote add {remote} 地址")
        dirty = [line[3:] for line in git._run("status", "--porcelain", "--untracked-files=no").splitlines() if line]
        if dirty:
            raise RepositoryError(f"{dirty[0]} 有未提交的修改，请先用 duban 命令记录或放弃后再同步")
        if install_merge_driver(office.root):
            git.commit([".gitattributes"], CommitMessage("配置", "", "事项文件的合并规则"), operator)
            if ATTRIBUTES_LINE not in (office.root / ".gitattributes").read_text(encoding="utf-8"):
                raise RepositoryError(".gitattributes 写入失败")
        branch = git._run("rev-parse", "--abbrev-ref", "HEAD").strip()
        start = git._run("rev-parse", "HEAD").strip()
        for attempt in range(3):
            try:
                git._run("fetch", "--quiet", remote, env=env)
            except RepositoryError as error:
                reason = error.message.removeprefix("git 操作失败：")
                raise RepositoryError(
                    f"无法连接共享仓库 {remote}（{reason}）：本地的记录都还在，联网后再运行 duban sync"
                ) from None
            tracking = f"{remote}/{branch}"
            if not _has_ref(git, tracking):
                git._run("push", "--quiet", "--set-upstream", remote, f"HEAD:{branch}", env=env)
                ahead = int(git._run("rev-list", "--count", "HEAD").strip())
                return Synced(0, ahead, [], [], first_push=True)
            renumbered, reissue = _renumber_collisions(office, git, tracking, operator)
            pulled = int(git._run("rev-list", "--count", f"HEAD..{tracking}").strip())
            _merge(office, git, tracking, start, env)
            pushed = int(git._run("rev-list", "--count", f"{tracking}..HEAD").strip())
            if pushed == 0:
                return Synced(pulled, 0, renumbered, reissue)
            try:
                git._run("push", "--quiet", remote, f"HEAD:{branch}", env=env)
                return Synced(pulled, pushed, renumbered, reissue)
            except RepositoryError as error:
                if attempt == 2:
                    reason = error.message.removeprefix("git 操作失败：")
                    raise RepositoryError(
                        f"共享仓库拒绝了推送（{reason}）：本地记录都在，请稍后再运行 duban sync"
                    ) from None
                start = git._run("rev-parse", "HEAD").strip()  # what is merged locally stays; fetch again
    raise RepositoryError("同步没有完成，请再运行一次 duban sync")


def _has_ref(git: Git, ref: str) -> bool:
    try:
        git._run("rev-parse", "--verify", "--quiet", f"refs/remotes/{ref}")
        return True
    except RepositoryError:
        return False


def _merge(office: Office, git: Git, tracking: str, start: str, env: dict[str, str]) -> None:
    """git merge with duban's driver; on failure the clone goes back to where the sync started."""
    import json

    from duban.cli.cmd_merge_file import CONFLICTS_FILE

    report = office.root / CONFLICTS_FILE
    report.unlink(missing_ok=True)
    try:
        git._run("merge", "--no-edit", "--quiet", tracking, env=env)
        return
    except RepositoryError:
        pass
    unmerged = [p for p in git._run("diff", "--name-only", "--diff-filter=U").splitlines() if p]
    lines = []
    if report.exists():
        for raw in report.read_text(encoding="utf-8").splitlines():
            item = json.loads(raw)
            sides = f"本地：{item['本地']}；共享仓库：{item['共享仓库']}"
            lines.append(f"事项 {item['事项']} 的“{item['字段']}”两边改得不一样（{sides}）")
        report.unlink()
    others = [p for p in unmerged if not p.startswith("cases/")]
    lines += [f"{p} 两边都改了，无法自动合并" for p in others]
    try:
        git._run("merge", "--abort")
    except RepositoryError:
        pass
    git._run("reset", "--quiet", "--hard", start)
    detail = "；".join(lines) if lines else "git 无法自动合并"
    raise RepositoryError(f"同步停止，本地没有任何改变：{detail}。请商量后由一人改正并同步，另一人再运行 duban sync")


def _renumber_collisions(
    office: Office, git: Git, tracking: str, operator: str
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Cases both sides registered under the same number since they last met: the local one takes
    the next free number (file, 编号, 文号, sub-cases' 上级事项), in one commit 重新编号 …."""
    base = git._run("merge-base", "HEAD", tracking).strip()
    mine = {
        p for p in git._run("diff", "--name-only", "--diff-filter=A", base, "HEAD", "--", "cases").splitlines() if p
    }
    theirs = {
        p for p in git._run("diff", "--name-only", "--diff-filter=A", base, tracking, "--", "cases").splitlines() if p
    }
    collisions = sorted(
        p
        for p in mine & theirs
        if git._run("rev-parse", f"HEAD:{p}").strip() != git._run("rev-parse", f"{tracking}:{p}").strip()
    )
    if not collisions:
        return [], []
    config = office.config
    remote_files = git._run("ls-tree", "-r", "--name-only", tracking, "--", "cases").splitlines()
    taken: dict[int, int] = {}
    for path in [*remote_files, *(f"cases/{p.parent.name}/{p.name}" for p in (office.root / "cases").glob("*/*.yaml"))]:
        name = path.rsplit("/", 1)[-1].removesuffix(".yaml")
        if len(name) == 9 and name[4] == "-" and name[:4].isdigit() and name[5:].isdigit():
            year, serial = int(name[:4]), int(name[5:])
            taken[year] = max(taken.get(year, 0), serial)
    renumbered: list[tuple[str, str, str]] = []
    paths: list[str] = []
    moves: dict[str, str] = {}
    for rel in collisions:
        case = office.read_case(rel.rsplit("/", 1)[-1].removesuffix(".yaml"))
        taken[case.year] += 1
        new_id = f"{case.year:04d}-{taken[case.year]:04d}"
        moves[case.id] = new_id
        new_case = replace(case, id=new_id, doc_number=config.doc_number(case.year, taken[case.year]))
        office.write_text(case_path(new_id), office.render_case(new_case))
        (office.root / rel).unlink()
        paths += [rel, case_path(new_id)]
        renumbered.append((case.id, new_id, new_case.doc_number))
    for rel in sorted(mine - set(collisions)):
        case = office.read_case(rel.rsplit("/", 1)[-1].removesuffix(".yaml"))
        if case.parent in moves:
            office.write_text(rel, office.render_case(replace(case, parent=moves[case.parent])))
            paths.append(rel)
    body = "\n".join(f"{old} → {new}（{number}）" for old, new, number in renumbered)
    message = CommitMessage("重新编号", "", "", body=body, batch=tuple(new for _, new, _ in renumbered))
    git.commit(paths, message, operator)
    reissue = []
    out = office.root / "out"
    if out.is_dir():
        olds = {old for old, _, _ in renumbered}
        for document in sorted(out.rglob("*")):
            if document.is_file() and any(old in document.name for old in olds):
                reissue.append(str(document.relative_to(office.root)))
    return renumbered, reissue
