"""The procedure, one use case a step: assign, acknowledge, report, remind, extend, return, close,
terminate, archive, and undo. Each loads the case under the lock, applies the pure lifecycle step,
saves it and makes one commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from duban import lifecycle
from duban.config import Config
from duban.errors import InputError
from duban.model import Case, Event, replace
from duban.records import NamedTuple
from duban.store import Office, normalize_id, parse_case_text
from duban.usecases.recording import apply_many, apply_step
from duban.usecases.registry import resolve_units
from duban.usecases.session import Session


def assign(session: Session, case_id: str, request: lifecycle.Assignment) -> Case:
    config = session.office.config
    request = replace(
        request,
        lead_units=resolve_units(config, request.lead_units),
        co_units=resolve_units(config, request.co_units),
        by_office=config.office if request.by_office else "",
    )
    calendar = config.calendar()

    def step(case: Case, operator: str) -> tuple[Case, Event]:
        co_units = bool(request.co_units or case.co_units)
        rule = config.rules.limit_for(case.source.kind, case.urgency, request.handling, co_units)
        return lifecycle.assign(
            case,
            request,
            session.today,
            operator,
            calendar,
            rule,
            config.approval_required,
            config.proposals.opinion,
        )

    return apply_step(session, case_id, step)


def acknowledge(session: Session, case_id: str, unit: str) -> Case:
    full = session.office.config.resolve_unit(unit)
    return apply_step(session, case_id, lambda case, op: lifecycle.acknowledge(case, full, session.today, op))


REPORT_LIMITS = {"一般性": 1000, "综合性": 2000}


class Reported(NamedTuple):
    case: Case
    warnings: tuple[str, ...]


def report(
    session: Session,
    case_id: str,
    unit: str,
    signer: str,
    text: str,
    final: bool,
    rectification: bool = False,
    answer: lifecycle.Answer | None = None,
) -> Reported:
    """反馈. Warns, without refusing, about a long report or a signer who is not the unit's head, and
    about an answer to a deputy recorded without 面商."""
    config = session.office.config
    full = config.resolve_unit(unit)
    classes = tuple(mark for mark, _ in config.proposals.classes)
    answer = replace(answer or lifecycle.Answer(), classes=classes)

    def step(case: Case, operator: str) -> tuple[Case, Event]:
        return lifecycle.report(case, full, signer, text, final, session.today, operator, rectification, answer)

    case = apply_step(session, case_id, step)
    return Reported(case, report_warnings(config, case, full, signer, text, final))


def report_warnings(config: Config, case: Case, full: str, signer: str, text: str, final: bool) -> tuple[str, ...]:
    """What `report` warns of, the report registered (the case as it stands after it)."""
    warnings = []
    length = len("".join(text.split()))
    limit = REPORT_LIMITS.get(case.report_scope, 1000)
    if length > limit:
        warnings.append(f"报告 {length} 字，超过{case.report_scope}报告 {limit} 字的要求，已照常登记")
    record = config.unit(full)
    head = record.head if record is not None else ""
    if head and signer.strip() != head:
        warnings.append(f"签发人“{signer.strip()}”不是{full}的主要负责人（{head}），已照常登记")
    last = case.events[-1] if case.events else None
    if last is not None and last.get("答复类别") and not last.get("面商方式"):
        warnings.append(
            "没有记录答复前与代表（委员）的面商沟通；已面商的，可用 duban undo 撤销这次登记，"
            "再加 --consult-way 方式 --consult-date 日期 重新登记"
        )
    if final and case.status == "办理中":
        waiting = [u for u in case.lead_units if u not in lifecycle.pending_finals(case)]
        warnings.append(f"还要等 {'、'.join(waiting)} 报送办结报告，事项才进入审核")
    return tuple(warnings)


def remind(session: Session, case_ids: Sequence[str], note: str = "", way: str = "书面") -> list[Case]:
    ids = [normalize_id(i) for i in case_ids]
    numbers = ReminderNumbers(session)

    def step(case: Case, operator: str) -> tuple[Case, Event]:
        return lifecycle.remind(case, session.today, operator, note, way, numbers.next() if way == "书面" else "")

    return apply_many(session, ids, step, "催办")


def inspect(session: Session, case_id: str, request: lifecycle.Inspection, rectify: bool = False) -> Case:
    """督查, recorded on the session's day; a problem to rectify gets config 整改时限 working days
    unless the request gives its own."""
    config = session.office.config
    if rectify and request.rectify_days is None:
        request = replace(request, rectify_days=config.rectify_days)

    def step(case: Case, operator: str) -> tuple[Case, Event]:
        return lifecycle.inspect(case, request, session.today, operator, config.calendar())

    return apply_step(session, case_id, step)


def refer(session: Session, case_id: str, to: str, reason: str, units: Sequence[str] = ()) -> Case:
    """问责: the case referred for accountability."""
    config = session.office.config
    full = tuple(config.resolve_unit(u) for u in units)
    return apply_step(session, case_id, lambda case, op: lifecycle.refer(case, to, reason, session.today, op, full))


def notify(session: Session, case_ids: Sequence[str], note: str = "", way: str = "书面") -> list[Case]:
    """提醒 of several cases before their deadline, in one commit; not a 催办."""
    ids = [normalize_id(i) for i in case_ids]
    calendar = session.office.config.calendar()

    def step(case: Case, operator: str) -> tuple[Case, Event]:
        return lifecycle.notify(case, session.today, operator, calendar, note, way)

    return apply_many(session, ids, step, "提醒")


class ReminderNumbers:
    """The 催办通知's own number series (config 催办文号格式, e.g. 督催〔2026〕7号): the next after the
    highest recorded this year on any case's 催办 or retired by an undo (a number once given to a
    document is never given to another). Used under the office's lock, so that two reminders never
    share a number; read at the first number asked for."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.last: int | None = None

    def next(self) -> str:
        import re

        config = self.session.office.config
        year = self.session.today.year
        if self.last is None:
            before, _, after = config.reminder_format.partition("{序号}")
            found = re.compile(
                re.escape(before.replace("{年}", str(year))) + r"(\d+)" + re.escape(after.replace("{年}", str(year)))
            )
            office = self.session.office
            retired = [found.fullmatch(number) for number in office.retired_documents(year)]
            highest = max((int(m.group(1)) for m in retired if m), default=0)
            for number, _, _ in office.index().numbers("催办"):
                match = found.fullmatch(number)
                if match:
                    highest = max(highest, int(match.group(1)))
            self.last = highest
        self.last += 1
        return config.reminder_number(year, self.last)


def extend(
    session: Session, case_id: str, to: dt.date, reason: str, approved_by: str, requested: dt.date | None = None
) -> Case:
    """延期; a suggestion's or proposal's never past its longest time (config 建议提案: 最长办理时限)."""
    config = session.office.config
    calendar = config.calendar()

    def step(case: Case, operator: str) -> tuple[Case, Event]:
        latest = longest_date(config, case)
        return lifecycle.extend(case, to, reason, approved_by, session.today, operator, calendar, requested, latest)

    return apply_step(session, case_id, step)


def longest_date(config: Config, case: Case) -> dt.date | None:
    """The latest day a suggestion or proposal may be extended to: its longest time from 交办, moved
    off a rest day as every deadline is (6 months from 04-01 ends 10-08, after the National Day)."""
    if not case.source.is_proposal or case.assigned is None:
        return None
    calendar = config.calendar()
    return calendar.roll_forward(config.proposals.longest.due(case.assigned, calendar))


def return_report(session: Session, case_id: str, reason: str, days: int | None = None, unit: str = "") -> Case:
    """退回重办, with a redo period of `days` working days (default: config 退回重办时限)."""
    config = session.office.config
    full = config.resolve_unit(unit) if unit else ""
    redo = config.redo_days if days is None else days

    def step(case: Case, operator: str) -> tuple[Case, Event]:
        return lifecycle.return_report(case, reason, session.today, operator, config.calendar(), redo, full)

    return apply_step(session, case_id, step)


def open_children(session: Session, case_id: str) -> tuple[str, ...]:
    from duban.model import OPEN_STATUSES

    return tuple(i for i, status in session.office.children(case_id) if status in OPEN_STATUSES)


def _open_descendants(session: Session, case_id: str) -> list[str]:
    found: list[str] = []
    queue = [case_id]
    while queue:
        for child in open_children(session, queue.pop(0)):
            if child not in found:
                found.append(child)
                queue.append(child)
    return found


def close(session: Session, case_id: str, approved_by: str = "", mark: str = "", opinion: str = "") -> Case:
    """办结; `mark` is the answer class as the office sets it on review (建议提案), `opinion` the
    office's 审查意见 on the final report."""
    config = session.office.config
    calendar = config.calendar()
    classes = tuple(m for m, _ in config.proposals.classes)

    def step(case: Case, operator: str) -> tuple[Case, Event]:
        children = open_children(session, case.id)
        return lifecycle.close(
            case, session.today, operator, calendar, approved_by, children, mark, classes, opinion=opinion
        )

    return apply_step(session, case_id, step)


def satisfaction(session: Session, case_id: str, result: str, note: str = "", filled: dt.date | None = None) -> Case:
    """测评: the deputy's satisfaction; 不满意 reopens the case for 重新办理 (config 重新办理时限)."""
    config = session.office.config
    redo_until = config.proposals.redo.due(session.today, config.calendar())

    def step(case: Case, operator: str) -> tuple[Case, Event]:
        return lifecycle.record_satisfaction(case, result.strip(), session.today, operator, redo_until, note, filled)

    return apply_step(session, case_id, step)


def recheck(session: Session, case_id: str, finding: str, note: str = "") -> Case:
    """复查 of a closed case; 不属实 reopens it with config 复查整改时限 (default: 整改时限)."""
    config = session.office.config

    def step(case: Case, operator: str) -> tuple[Case, Event]:
        return lifecycle.recheck(
            case, finding.strip(), session.today, operator, config.calendar(), config.recheck_rectify_days, note
        )

    return apply_step(session, case_id, step)


def instruct(session: Session, case_id: str, leader: str, text: str) -> Case:
    """批示: a leader's follow-up instruction on a running case."""

    def step(case: Case, operator: str) -> tuple[Case, Event]:
        return lifecycle.instruct(case, leader, text, session.today, operator)

    return apply_step(session, case_id, step)


def request(session: Session, case_id: str, unit: str, text: str) -> Case:
    """请示: a unit asks for a decision, to be answered within config 请示答复时限."""
    config = session.office.config
    full = config.resolve_unit(unit)

    def step(case: Case, operator: str) -> tuple[Case, Event]:
        return lifecycle.request(case, full, text, session.today, operator, config.calendar(), config.request_days)

    return apply_step(session, case_id, step)


def reply(session: Session, case_id: str, text: str, leader: str = "", number: int | None = None) -> Case:
    """批复: the answer to the oldest open 请示, or to the one numbered `number`."""

    def step(case: Case, operator: str) -> tuple[Case, Event]:
        return lifecycle.reply(case, text, session.today, operator, leader, number)

    return apply_step(session, case_id, step)


def decline(session: Session, case_id: str, unit: str, reason: str) -> Case:
    """退办: a unit returns a matter outside its competence (config 退办时限 from receipt)."""
    config = session.office.config
    full = config.resolve_unit(unit)

    def step(case: Case, operator: str) -> tuple[Case, Event]:
        return lifecycle.decline(case, full, reason, session.today, operator, config.calendar(), config.decline_limit)

    return apply_step(session, case_id, step)


def terminate(session: Session, case_id: str, reason: str, approved_by: str, with_children: bool = False) -> list[Case]:
    """终止; with_children ends the open sub-cases too, in the same commit (the parent first)."""
    from duban.usecases.recording import apply_many_locked, changing

    operator = session.operator()
    with changing(session) as office:
        parent = office.read_case(case_id)
        children = open_children(session, parent.id)
        ids = [parent.id, *children] if with_children else [parent.id]

        def step(case: Case, op: str) -> tuple[Case, Event]:
            if case.id == parent.id:
                return lifecycle.terminate(
                    case, reason, approved_by, session.today, op, () if with_children else children
                )
            return lifecycle.terminate(case, f"上级事项 {parent.id} 终止：{reason}", approved_by, session.today, op)

        return apply_many_locked(office, ids, step, "终止", operator)


def void(session: Session, case_id: str, reason: str, approved_by: str) -> Case:
    """作废 a case registered in error; a case with open sub-cases is refused (void them first)."""
    from duban.usecases.recording import apply_many_locked, changing

    operator = session.operator()
    with changing(session) as office:
        case = office.read_case(case_id)
        children = open_children(session, case.id)
        if children:
            raise InputError(f"事项 {case.id} 还有未办结的子事项：{'、'.join(children)}，请先作废或终止子事项")

        def step(case: Case, op: str) -> tuple[Case, Event]:
            return lifecycle.void_case(case, reason, approved_by, session.today, op)

        return apply_many_locked(office, [case.id], step, "作废", operator)[0]


def archive(session: Session, case_ids: Sequence[str], closed_before: dt.date | None = None) -> list[Case]:
    ids = [normalize_id(i) for i in case_ids]
    if closed_before is not None:
        from duban.caseindex import with_status

        for case in session.office.iter_cases(with_status("已办结", "已终止")):
            ended = next((e.date for e in reversed(case.events) if e.action in ("办结", "终止")), None)
            if case.status in ("已办结", "已终止") and ended is not None and ended < closed_before:
                ids.append(case.id)
        if not ids:
            raise InputError(f"没有 {closed_before} 之前办结或终止、尚未归档的事项")
    if not ids:
        raise InputError("请给出要归档的事项编号，或用 --closed-before 日期 归档此前办结的全部事项")

    def step(case: Case, operator: str) -> tuple[Case, Event]:
        return lifecycle.archive(case, session.today, operator, open_children(session, case.id))

    from duban.usecases import materials
    from duban.usecases.recording import apply_many_locked, changing

    operator = session.operator()
    bulletins: dict[tuple[int, str], str] = {}
    with changing(session) as office:
        # The documents issued for each case are filed beside it in the same commit (四川 §10(六)).
        return apply_many_locked(
            office, ids, step, "归档", operator, lambda cases: materials.missing_writes(session, cases, bulletins)
        )


class Undone(NamedTuple):
    sha: str
    summary: str  # the subject of the commit taken back
    action: str
    case_ids: tuple[str, ...]
    removed: tuple[str, ...]  # cases whose registration was taken back (files deleted)


def _undone_reminder_numbers(office: Office, before: tuple[tuple[str, str | None], ...]) -> dict[int, list[str]]:
    """The 催办通知 numbers an undo takes off the cases (the written 催办 it removes), by year: retired,
    since the document may already have gone out."""

    def numbered(path: str, text: str | None) -> dict[str, int]:
        # A file that never says 催办 (nor escapes a character, as YAML's "\u50ac" could) has none:
        # an undone import of thousands of new files is not parsed again.
        if not text or ("催办" not in text and "\\u" not in text and "\\U" not in text):
            return {}
        case = parse_case_text(path, text).case
        if case is None:
            return {}
        return {str(e.get("文号")): e.date.year for e in case.events if e.action == "催办" and e.get("文号")}

    out: dict[int, list[str]] = {}
    for path, text in before:
        if not path.endswith(".yaml") or not path.startswith("cases/"):
            continue
        earlier = numbered(path, text)
        for number, year in numbered(path, office.file_text(path)).items():
            if number not in earlier:
                out.setdefault(year, []).append(number)
    return out


def undo(session: Session) -> Undone:
    """Take back the most recent duban step with a new commit: its files as they were before it,
    written through the store and committed alone. Numbers of undone registrations are retired."""
    from duban.audit.git import CommitMessage, Git
    from duban.audit.undo import UNDO_ACTION, find_undoable
    from duban.usecases.recording import changing, commit_files

    operator = session.operator()
    with changing(session) as office:
        git = Git(office.root)
        target = find_undoable(office.root, office.ensure_local_dir())
        paths = [path for path, _ in target.before]
        dirty = git.uncommitted(paths)
        if dirty:
            raise InputError(f"{dirty[0]} 有未提交的修改，请先用 duban check 检查并提交，或放弃修改后再撤销")
        removed = tuple(
            path.rsplit("/", 1)[-1].removesuffix(".yaml")
            for path, text in target.before
            if text is None and path.endswith(".yaml")
        )
        writes = list(target.before)
        voided = _undone_reminder_numbers(office, target.before)
        if removed or voided:
            writes += [w for w in office.retirement(list(removed), voided) if w[0] not in paths]
        if len(target.case_ids) == 1:
            case_id = target.case_ids[0]
            short = target.summary.replace(f" {case_id}", "", 1)
            message = CommitMessage(UNDO_ACTION, case_id, short, body=f"撤销提交 {target.sha[:10]}：{target.summary}")
        else:
            message = CommitMessage(
                UNDO_ACTION, "", "", body=f"撤销提交 {target.sha[:10]}：{target.summary}", batch=target.case_ids
            )
        commit_files(office, git, writes, replace(message, undoes=target.sha), operator)
    return Undone(target.sha, target.summary, target.action, target.case_ids, removed)
