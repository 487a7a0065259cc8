"""The use cases: one function each; load, apply a lifecycle step, save, commit, return a result."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from duban import lifecycle
from duban.audit import HAND_EDIT_ACTION, CommitMessage, Git, init_repository
from duban.calendar import Deadline, WorkCalendar
from duban.config import Config, Unit, parse_units
from duban.errors import InputError, NotFoundError, Problem
from duban.model import STATUSES, Case, KeyProblem, case_path
from duban.store import CASES_DIR, CONFIG_FILE, Office, find_office, normalize_id
from duban.yamlio import YamlSyntaxError, dump_new, line_of, load_fast, load_located, write_atomic


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
        import git

        reader = git.Repo(root).config_reader()
        return str(reader.get_value("user", "name", "")).strip()
    except Exception:
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
# 可以操作本仓库的经办人；留空则不限
经办人: []
默认经办人: null
"""

_GITIGNORE = ".duban/\nout/\n"


def read_units_file(path: Path) -> tuple[Unit, ...]:
    """A unit directory from YAML (as samples/units-example.yaml) or CSV (名称,简称,主要负责人)."""
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


def decode_text(raw: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), else GBK, as offices' files come."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{name} 的编码无法识别，请另存为 UTF-8")


def units_yaml(units: Iterable[Unit]) -> str:
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
        git = Git(directory)
        name = (operator or "").strip() or "督办室"
        paths = [CONFIG_FILE, ".gitignore", f"{CASES_DIR}/.gitkeep", "templates/.gitkeep"]
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
        request = _replace(request, parent=parent.id)
    calendar = config.calendar()
    git = Git(office.root)
    with office.lock():
        case_id = office.next_id(session.today.year)
        year, serial = int(case_id[:4]), int(case_id[5:])
        case, _event = lifecycle.register(
            request, case_id, config.doc_number(year, serial), session.today, operator, calendar
        )
        save_case(office, git, case, CommitMessage("立项", case.id, case.title), operator)
    return case


def _replace(request: lifecycle.Registration, **changes: Any) -> lifecycle.Registration:
    from dataclasses import replace

    return replace(request, **changes)


def _normalize_registration(config: Config, request: lifecycle.Registration) -> lifecycle.Registration:
    restricted = tuple(dict.fromkeys(n.strip() for n in request.restricted_to if n.strip()))
    if config.operators:
        unknown = [n for n in restricted if n not in config.operators]
        if unknown:
            raise InputError(f"知情范围中的“{unknown[0]}”不在 config.yaml 的“经办人”名单中")
    parent = normalize_id(request.parent) if request.parent else None
    return _replace(
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

    def to_json(self) -> dict[str, Any]:
        from duban.model import case_to_mapping

        data: dict[str, Any] = _jsonable(case_to_mapping(self.case))
        data["时限暂按周末推算"] = self.provisional
        data["剩余工作日"] = self.workdays_left
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
    case = office.read_case(case_id)
    return view(case, office.config.calendar(), session.today)


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
    selected = [c for c in office.cases() if all(test(c) for test in tests)]
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
    try:
        document = load_located((root / rel).read_text(encoding="utf-8"))
    except (OSError, YamlSyntaxError, UnicodeDecodeError):
        document = None
    return [Problem(rel, line_of(document, p.keypath) if document is not None else None, p.message) for p in found]
