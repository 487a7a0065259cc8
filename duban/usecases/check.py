"""duban check: every problem of the office, config.yaml, each case file and the links between cases,
as located problems (file, line, message)."""

from __future__ import annotations

from duban.assessment import active_on
from duban.calendar import WorkCalendar
from duban.config import Config
from duban.errors import NotFoundError, Problem
from duban.model import PROPOSAL_KINDS, Case, case_path
from duban.schema import KeyProblem
from duban.usecases.recompute import recounted
from duban.usecases.session import Session


def check(session: Session) -> list[Problem]:
    """Every problem of the office: config.yaml, each case file, and the links between cases."""
    return inspect(session)[0]


def inspect(session: Session) -> tuple[list[Problem], list[Problem]]:
    """Problems (which fail the check) and warnings (which the clerk should see, as a sub-case due
    after its parent), each located in its file."""
    office = session.office
    config, problems_tuple = office.load_config()
    problems = list(problems_tuple)
    warnings: list[Problem] = []
    calendar = config.calendar()
    known = office.index()
    ids = known.ids()
    parents: dict[str, Case | None] = {}

    def parent_of(case: Case) -> Case | None:
        """A sub-case's parent, read from the index when first asked: the check never holds every
        case at once."""
        if not case.parent or case.parent not in ids:
            return None
        if case.parent not in parents:
            found = known.file(case_path(case.parent))
            parents[case.parent] = found.case if found is not None else None
        return parents[case.parent]

    from duban.audit.probe import BLIND_REASONS

    for rel, why in sorted(known.blind.items()):
        reason, fix = BLIND_REASONS.get(why, (why, "请撤销该设置"))
        warnings.append(Problem(rel, None, f"这个事项文件{reason}；如非有意，{fix.format(path=rel)}"))
    reminder_numbers: dict[str, str] = {}  # 催办文号 -> the case that used it first
    for case_file in office.iter_case_files():
        problems.extend(case_file.problems)
        case = case_file.case
        if case is None:
            continue
        semantic = _semantic_problems(case, case_file.path, config, calendar, ids)
        semantic += _drift(case)
        for index, event in enumerate(case.events):
            number = str(event.get("文号") or "") if event.action == "催办" else ""
            if not number:
                continue
            if number in reminder_numbers:
                first = reminder_numbers[number]
                where = "本事项" if first == case.id else f"事项 {first} "
                message = f"催办文号 {number} 与{where}的另一次催办重复（常见于两处离线催办后同步），请改用未用过的文号"
                semantic.append(KeyProblem(("办理过程", index), message))
            else:
                reminder_numbers[number] = case.id
        if semantic:
            problems.extend(office.locate(case_file.path, semantic))
        ahead = next((i for i, event in enumerate(case.events) if event.date > session.today), None)
        if ahead is not None:
            # Most often a year typed wrong by hand: the step does not count until that day comes.
            day = case.events[ahead].date
            note = (
                f"办理过程第{ahead + 1}项的日期 {day} 晚于今天（{session.today}），"
                "到那天之前不计入办理进度，请核对是否写错"
            )
            warnings += office.locate(case_file.path, [KeyProblem(("办理过程", ahead, "日期"), note)])
        parent = parent_of(case)
        if parent is not None and case.deadline and parent.deadline and case.deadline > parent.deadline:
            note = f"子事项的办理时限 {case.deadline} 晚于上级事项 {parent.id} 的 {parent.deadline}"
            warnings += office.locate(case_file.path, [KeyProblem(("办理时限",), note)])
        if parent is not None and parent.restricted_to and not case.restricted_to:
            # Its title is about the parent's matter: registered before sub-cases kept the
            # parent's circle, or edited by hand. Said, not refused: the office decides.
            note = (
                f"上级事项 {parent.id} 有知情范围（{'、'.join(parent.restricted_to)}），这个子事项却没有，"
                "标题对所有人可见；如不应公开，请写上“知情范围”"
            )
            warnings += office.locate(case_file.path, [KeyProblem(("知情范围",), note)])
    return problems, warnings


def problems_in_text(session: Session, rel: str, text: str) -> list[Problem]:
    """What check would say of the case file rel if it held text (a hand edit before it is saved):
    its syntax and fields, its units and links, and anything its events contradict."""
    from duban.store import locate_text, parse_case_text

    office = session.office
    config, _ = office.load_config()
    parsed = parse_case_text(rel, text)
    if parsed.case is None or parsed.problems:
        return list(parsed.problems)
    ids = office.index().ids()
    found = _semantic_problems(parsed.case, rel, config, config.calendar(), ids) + _drift(parsed.case)
    return list(locate_text(rel, text, found))


def _drift(case: Case) -> list[KeyProblem]:
    """What the file says that its events do not: the events win everywhere, and this names it."""
    found = []
    for label, written, derived in case.drift:
        key = label if label in ("状态", "交办日期", "办理时限", "时限工作日") else "办理过程"
        if label == "延期":
            message = (
                f"两次延期都从同一时限延起（{written}；{derived}），只能算一次：请与领导确认保留哪一次，"
                "在另一次延期那一项里加上“作废: 理由”后提交"
            )
        elif key == "办理过程" and label != "办理过程":
            message = f"{label}{derived}（作废），运行 duban recalc 写入文件"
        elif key == "办理过程":
            message = "催办、退回的次数与先后不符，运行 duban recalc 按办理过程重新计数"
        else:
            shown = "空" if written is None else written
            message = f"“{label}”写的是“{shown}”，按办理过程应为“{derived}”：以办理过程为准，运行 duban recalc 更正文件"
        found.append(KeyProblem((key,), message))
    return found


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
    found += _proposal_problems(case, config)
    if active_on(case):
        for moved in recounted(case, calendar)[1][:1]:
            found.append(
                KeyProblem(
                    (moved.what,) if moved.what == "办理时限" else ("办理过程",),
                    f"{moved.what} {moved.old} 按现在的节假日安排应为 {moved.new}：请运行 duban recalc"
                    "一并更正按工作日计算的时限（不要手工改日期）",
                )
            )
    return found


def _proposal_problems(case: Case, config: Config) -> list[KeyProblem]:
    """An answer class config.yaml does not have (答复类别: Z), a 测评 of a case that is no suggestion or
    proposal."""
    found: list[KeyProblem] = []
    classes = [mark for mark, _ in config.proposals.classes]
    for index, event in enumerate(case.written_events()):
        mark = event.get("答复类别")
        if event.action in ("反馈", "办结") and mark is not None and mark not in classes:
            found.append(
                KeyProblem(("办理过程", index, "答复类别"), f"答复类别“{mark}”不对，可选：{'、'.join(classes)}")
            )
        if event.action == "测评" and not case.source.is_proposal:
            message = f"来源是“{case.source.kind}”的事项不征询满意度，只有{'、'.join(PROPOSAL_KINDS)}有测评"
            found.append(KeyProblem(("办理过程", index), message))
    return found
