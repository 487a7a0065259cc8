"""Registering: a new office repository, a new case (立项), and the number series of each year."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from duban import lifecycle
from duban.audit.git import CommitMessage, Git, init_repository
from duban.config import Config, Unit, parse_units
from duban.errors import InputError, NotFoundError
from duban.model import Case, replace
from duban.records import NamedTuple
from duban.schema import KeyProblem
from duban.store import CASES_DIR, CONFIG_FILE, normalize_id
from duban.textfiles import TEXT_FILE_LIMIT, decode_text, read_capped
from duban.usecases.recording import changing, save_case
from duban.usecases.redaction import commit_title
from duban.usecases.session import Session

# -- a new office ---------------------------------------------------------------------------------

_CONFIG_TEMPLATE = """\
# 督办室配置。改动后请运行 duban check 检查。
机关名称: {office}
# 文号格式：{{年}} 为四位年份，{{序号}} 为当年流水号（不补零）
文号格式: 督〔{{年}}〕{{序号}}号
催办文号格式: 督催〔{{年}}〕{{序号}}号
联系人: null
联系电话: null
# 办理时限：工作日数（从交办次日起算）或月数（如 3个月，从交办日起算）。依次看紧急程度、来源类别、
# 办理方式（交办时 --handling 给出；有协办单位的按“会同”），都没有时用默认（答复类 5 个工作日）。
办理时限规则:
  默认: 5
  紧急程度: {{特急: 0, 紧急: 3}}
  来源类别: {{人大建议: 3个月, 政协提案: 3个月}}
  办理方式: {{自办: 3, 报批: 5, 会同: 7}}
# 退回重办：从退回之日起几个工作日内重报（按时报送后被退回的，在此期限内重报不算超期）
退回重办时限: 5
# 督查通报点名的事项，从通报之日起几个工作日内报送整改情况
整改时限: 5
# 退办：单位认为事项不属于本单位职责时，从收到之日起多少日内说明理由退回（如 10日、3个工作日），逾期退办计入考核
退办时限: 10日
# 人大建议、政协提案：答复类别（标在答复函首页右上角；本地有 D 类的加上 D: 留作参考）、最长办理时限
# （经督办室同意延期，从交办日起算）、协办单位向主办单位送协办意见的时限、代表不满意后重新办理的时限、
# 答复对象（领衔：答复领衔代表；每位：每位联名代表各一份）、答复函的抄送（默认本级人大常委会办公室或
# 政协提案委员会，以及本机关）
建议提案:
  答复类别: {{A: 所提问题已经解决或采纳, B: 正在解决或列入计划解决, C: 因条件限制或其他原因需待以后解决}}
  最长办理时限: 6个月
  协办意见时限: 1个月
  重新办理时限: 1个月
  答复对象: 领衔
# 交办前须经领导批准（交办时用 --approved-by 写明批准人，--opinion 写拟办意见）
交办须经领导批准: false
# 距办理时限不足几个工作日时提示“临期”
临期提醒: 3
# 在办事项超过几个工作日没有任何进展时提示“停滞”
停滞提醒: 10
# 本办补充的节假日安排，优先于内置的国务院安排；两者都没有的年份按法定节假日推算。例如：
#   2027:
#     放假: [[2027-01-01, 2027-01-03]]
#     调休上班: [2027-01-04]
节假日: {{}}
# 目标考核得分：基础分，每件超期办结、逾期未办结、退回、催办各扣几分（最低 0 分）
考核评分: {{基础分: 100, 超期办结: 5, 逾期未办结: 10, 退回: 2, 催办: 1}}
# 文书的版头（GB/T 9704）：文件 或 信函
版头: {{通知: 文件, 催办: 信函, 通报: 文件}}
# 文书版记的抄送（协办单位和批示领导自动列入）和印发机关（默认为本机关）
抄送: []
印发机关: null
# 可以操作本仓库的经办人；留空则不限
经办人: []
默认经办人: null
# 没有终端、也没有 --by 或 DUBAN_USER 时（cron、systemd、脚本的管道）由谁来读：留空则不在任何知情范围内，
# 受控事项只显示“受控事项”。写了名字，cron 发出的邮件就会带上此人知情范围内的标题，请确认收件人都可以看
自动输出读者: null
"""

_GITIGNORE = ".duban/\nout/\n"


def read_units_file(path: Path) -> tuple[Unit, ...]:
    """A unit directory from YAML (as samples/units-example.yaml) or CSV (名称,简称,主要负责人)."""
    from duban.yamlio import YamlSyntaxError, line_of, load_fast, load_located

    try:
        raw = read_capped(path, TEXT_FILE_LIMIT)
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


class InitResult(NamedTuple):
    root: Path
    units: int


def init_office(
    directory: Path, office_name: str, units_file: Path | None, operator: str | None, force: bool = False
) -> InitResult:
    """A new office repository with config.yaml, cases/, templates/ and a first commit. A folder that
    already holds files, or one inside another git repository, needs force: the office's history
    would mix with files that are not the office's, or its own git would nest in another's."""
    from duban import atomic

    if not office_name.strip():
        raise InputError("机关名称不能为空，请用 --office 给出，如 --office 示范区人民政府办公室")
    lifecycle.checked(office_name.strip(), "机关名称")  # a config.yaml no command could read otherwise
    if (directory / CONFIG_FILE).exists():
        raise InputError(f"{directory} 已经是督办仓库（已有 config.yaml），未做任何改动")
    if directory.exists() and not directory.is_dir():
        raise InputError(f"{directory} 是文件，不是目录")
    if not force:
        if directory.is_dir() and any(entry.name != ".git" for entry in directory.iterdir()):
            raise InputError(
                f"{directory} 不是空目录：督办仓库应放在单独的目录里；确要在此建库，请加 --force（原有文件不会被改动）"
            )
        outer = None if (directory / ".git").exists() else _enclosing_repository(directory)
        if outer is not None:
            raise InputError(
                f"{directory} 位于另一个 git 仓库 {outer} 之中：督办仓库应有自己的 git 历史；"
                "请换一个目录，或确认后加 --force"
            )
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
        atomic.write_text(directory / CONFIG_FILE, text)
        for folder in (CASES_DIR, "templates"):
            (directory / folder).mkdir(exist_ok=True)
            keep = directory / folder / ".gitkeep"
            keep.touch()
        gitignore = directory / ".gitignore"
        if not gitignore.exists():
            atomic.write_text(gitignore, _GITIGNORE)
        if not (directory / ".git").exists():
            init_repository(directory)
        from duban.audit.git import install_merge_driver

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


def _enclosing_repository(directory: Path) -> Path | None:
    """The nearest folder above directory (or directory itself) that is a git work tree."""
    here = directory.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


# -- a new case ---------------------------------------------------------------------------------


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
    calendar = config.calendar()
    if request.parent:
        parent = office.read_case(request.parent)
        if not parent.is_open:
            raise InputError(f"上级事项 {parent.id} 已{parent.status[1:]}，不能再分解出子事项")
        if parent.restricted_to and not request.restricted_to:
            session.notify(f"子事项沿用上级事项 {parent.id} 的知情范围（{'、'.join(parent.restricted_to)}）")
        request = replace(request, parent=parent.id, restricted_to=_circle_of_sub_case(parent, request, operator))
    git = Git(office.root)
    with changing(session):
        case_id = office.next_id(session.today.year)
        year, serial = int(case_id[:4]), int(case_id[5:])
        case, _event = lifecycle.register(
            request, case_id, config.doc_number(year, serial), session.today, operator, calendar
        )
        save_case(office, git, case, CommitMessage("立项", case.id, commit_title(case)), operator)
    if request.parent and case.deadline and parent.deadline and case.deadline > parent.deadline:
        session.notify(f"提示：子事项的办理时限 {case.deadline} 晚于上级事项 {parent.id} 的 {parent.deadline}")
    return case


def _circle_of_sub_case(parent: Case, request: lifecycle.Registration, operator: str) -> tuple[str, ...]:
    """A sub-case is about its parent's matter: it keeps the parent's 知情范围 unless someone inside
    that circle sets another on purpose (an outsider would otherwise publish the matter's title)."""
    if not parent.restricted_to:
        return request.restricted_to
    if not request.restricted_to:
        return parent.restricted_to
    if set(request.restricted_to) != set(parent.restricted_to) and operator not in parent.restricted_to:
        raise InputError(
            f"上级事项 {parent.id} 有知情范围，经办人“{operator}”不在其中，不能为子事项另定知情范围："
            "请去掉 --restricted-to（子事项沿用上级事项的知情范围），或由知情范围内的经办人登记"
        )
    return request.restricted_to


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
