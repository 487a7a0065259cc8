"""The procedure as pure functions: (case, action, today) -> (new case, event), refusing illegal steps."""

from __future__ import annotations

import datetime as dt
import re

from duban.calendar import WorkCalendar, add_months
from duban.config import Limit
from duban.errors import InputError, LifecycleError
from duban.model import (
    ACTIVE,
    ARCHIVED,
    CLOSED,
    CONSULT_WAYS,
    PENDING,
    PROPOSAL_KINDS,
    REPORT_CYCLES,
    REVIEW,
    SATISFACTION,
    SOURCE_KINDS,
    STANDING,
    TERMINATED,
    URGENCIES,
    VOIDED,
    Case,
    Event,
    Report,
    Source,
    replace,
)
from duban.model import FINDINGS as FINDINGS  # re-exported: the commands take them from here
from duban.model import INSPECTION_WAYS as INSPECTION_WAYS
from duban.records import NamedTuple
from duban.schema import MAX_DAYS, text_problem


class Registration(NamedTuple):
    """What a clerk gives when registering a case (立项)."""

    title: str
    source_kind: str
    source_ref: str = ""
    source_date: dt.date | None = None
    leaders: tuple[str, ...] = ()  # 批示领导, in order
    content: str = ""
    lead_units: tuple[str, ...] = ()
    co_units: tuple[str, ...] = ()
    deadline: dt.date | None = None
    days: int | None = None
    urgency: str = "一般"
    restricted_to: tuple[str, ...] = ()
    report_cycle: str = "无"
    parent: str | None = None
    # Where an imported case came from (导入文件, 导入位置, 导入指纹), kept on the 立项 event.
    provenance: tuple[tuple[str, str], ...] = ()
    # A suggestion's or proposal's session (届次), its own number (案号), its leading deputy or
    # member (领衔) and co-signers (联名).
    session: str = ""
    number: str = ""
    proposer: str = ""
    cosigners: tuple[str, ...] = ()
    # 常态事项: a standing task, no 办理时限; recorded on the 立项 event and kept at 交办.
    standing: bool = False


STANDING_HELP = "常态事项：长期、持续的工作，不设办理时限，按报告周期报告进展"


def _check_standing(standing: bool, deadline: dt.date | None, days: int | None, kind: str) -> None:
    if not standing:
        return
    if deadline is not None or days is not None:
        raise InputError("--standing 与 --deadline、--days 只能给一个：常态事项不设办理时限")
    if kind in PROPOSAL_KINDS:
        raise InputError(f"{kind}须在规定时限内办结答复，不能作为常态事项")


def checked(value: str, label: str, *, multiline: bool = False) -> str:
    """Text for a case, refused when it holds control characters or is far too long."""
    problem = text_problem(value, label, multiline=multiline)
    if problem:
        raise InputError(problem)
    return value


_LEADER_SEPARATORS = re.compile("[、，,；;]")


def leader_names(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """批示领导 as given: each value may name several (王建国、李红); in order, each once."""
    names = (name.strip() for value in values for name in _LEADER_SEPARATORS.split(value))
    return tuple(dict.fromkeys(name for name in names if name))


def text_block(text: str) -> str:
    """Text of several lines ends with a line break (as a case file's literal block holds it)."""
    return text + "\n" if "\n" in text.strip("\n") and not text.endswith("\n") else text


def _check_days(days: int | None) -> None:
    if days is not None and not 0 <= days <= MAX_DAYS:
        raise InputError(f"工作日数应在 0 到 {MAX_DAYS} 之间，现为 {days}")


def _check_registration(request: Registration, today: dt.date) -> None:
    if not request.title.strip():
        raise InputError("标题不能为空，请用 --title 给出事项标题")
    checked(request.title.strip(), "标题")
    checked(request.source_ref.strip(), "来源依据")
    for name in request.leaders:
        checked(name.strip(), "批示领导")
    checked(request.session.strip(), "届次")
    checked(request.number.strip(), "案号")
    checked(request.proposer.strip(), "领衔")
    for name in request.cosigners:
        checked(name.strip(), "联名")
    checked(request.content, "督办内容", multiline=True)
    for name in (*request.lead_units, *request.co_units, *request.restricted_to):
        checked(name, "名称")
    _check_days(request.days)
    if request.source_kind not in SOURCE_KINDS:
        raise InputError(f"来源类别“{request.source_kind}”不认识，可选：{'、'.join(SOURCE_KINDS)}")
    if request.urgency not in URGENCIES:
        raise InputError(f"紧急程度“{request.urgency}”不认识，可选：{'、'.join(URGENCIES)}")
    if request.report_cycle not in REPORT_CYCLES:
        raise InputError(f"报告周期“{request.report_cycle}”不认识，可选：{'、'.join(REPORT_CYCLES)}")
    if request.deadline is not None and request.days is not None:
        raise InputError("--deadline 与 --days 只能给一个：要么给出具体日期，要么给出工作日数")
    _check_standing(request.standing, request.deadline, request.days, request.source_kind)
    if request.days is not None and request.days < 0:
        raise InputError("--days 应为不小于 0 的工作日数")
    if request.deadline is not None and request.deadline < today:
        raise InputError(f"办理时限 {request.deadline} 早于立项日期 {today}，请检查日期")
    overlap = set(request.lead_units) & set(request.co_units)
    if overlap:
        raise InputError(f"{'、'.join(sorted(overlap))} 不能同时是主办单位和协办单位")
    if request.source_date is not None and request.source_date > today:
        raise InputError(f"来源日期 {request.source_date} 晚于立项日期 {today}，请检查日期")


def register(
    request: Registration,
    case_id: str,
    doc_number: str,
    today: dt.date,
    operator: str,
    calendar: WorkCalendar,
) -> tuple[Case, Event]:
    """立项: a new case in 待交办. A deadline in working days is counted from today and kept as
    working days too, so that assignment can count it again from the day of assignment."""
    _check_registration(request, today)
    deadline = request.deadline
    if request.days is not None:
        deadline = calendar.add_workdays(today, request.days).date
    extra = request.provenance + (((STANDING, True),) if request.standing else ())
    event = Event(date=today, action="立项", operator=operator, extra=extra)
    case = Case(
        id=case_id,
        doc_number=doc_number,
        title=request.title.strip(),
        source=Source(
            kind=request.source_kind,
            ref=request.source_ref.strip(),
            date=request.source_date,
            session=request.session.strip(),
            number=request.number.strip(),
            proposer=request.proposer.strip(),
            cosigners=tuple(dict.fromkeys(n.strip() for n in request.cosigners if n.strip())),
        ),
        leaders=leader_names(request.leaders),
        content=text_block(request.content),
        lead_units=request.lead_units,
        co_units=request.co_units,
        urgency=request.urgency,
        restricted_to=request.restricted_to,
        report_cycle=request.report_cycle,
        parent=request.parent,
        registered=today,
        deadline=deadline,
        deadline_days=request.days,
        status=PENDING,
        events=(event,),
    )
    return case, event


# -- the state machine ---------------------------------------------------------------------------

ASSIGN = "交办"
ACK = "签收"
REPORT = "反馈"
REMIND = "催办"
EXTEND = "延期"
RETURN = "退回"
CLOSE = "办结"
TERMINATE = "终止"
ARCHIVE = "归档"
BULLETIN = "通报"
VOID_CASE = "作废"
SATISFY = "测评"
DECLINE = "退办"
INSPECT = "督查"
RECHECK = "复查"
INSTRUCT = "批示"
REQUEST = "请示"
REPLY = "批复"
REFER = "问责"
NOTIFY = "提醒"

# What each state allows. A co-unit may still report while the lead unit's final report waits
# for review; nothing at all happens to an archived case.
ALLOWED: dict[str, tuple[str, ...]] = {
    PENDING: (ASSIGN, TERMINATE, VOID_CASE),
    ACTIVE: (ACK, REPORT, REMIND, EXTEND, DECLINE, TERMINATE, VOID_CASE),
    REVIEW: (REPORT, RETURN, CLOSE, SATISFY, TERMINATE, VOID_CASE),
    CLOSED: (SATISFY, ARCHIVE, VOID_CASE),
    TERMINATED: (ARCHIVE, VOID_CASE),
    ARCHIVED: (),
    VOIDED: (),
}
# 督查 (a visit, talk or hearing) and 问责 while the case runs; 问责 also after it ended (closed late,
# terminated for a failure); 提醒 before the deadline, while the unit still works.
ALLOWED[ACTIVE] += (INSPECT, NOTIFY, REFER)
ALLOWED[REVIEW] += (INSPECT, REFER)
ALLOWED[CLOSED] += (REFER,)
ALLOWED[TERMINATED] += (REFER,)
# A closed case is checked again (复查/回访); while a case runs, a leader's follow-up 批示 and a
# unit's 请示 and its 批复 are recorded.
ALLOWED[CLOSED] += (RECHECK,)
ALLOWED[ACTIVE] += (INSTRUCT, REQUEST, REPLY)
ALLOWED[REVIEW] += (INSTRUCT, REQUEST, REPLY)


def require(case: Case, action: str) -> None:
    """Refuse an action the case's state does not allow, naming the state and what it allows."""
    allowed = ALLOWED[case.status]
    if action not in allowed:
        if not allowed:
            raise LifecycleError(f"事项 {case.id} {case.status}，不能{action}，也不能再做任何操作")
        raise LifecycleError(
            f"事项 {case.id} 当前状态为“{case.status}”，不能{action}；此状态下可以：{'、'.join(allowed)}"
        )


def _event(today: dt.date, action: str, operator: str, note: str = "", **extra: object) -> Event:
    return Event(today, action, operator, note.strip(), tuple((k, v) for k, v in extra.items() if v is not None))


def _not_before_last_event(case: Case, today: dt.date) -> None:
    if case.events and today < case.events[-1].date:
        raise InputError(
            f"日期 {today} 早于事项 {case.id} 最近一次办理（{case.events[-1].date}），办理过程须按日期先后记录"
        )


class Assignment(NamedTuple):
    lead_units: tuple[str, ...] = ()
    co_units: tuple[str, ...] = ()
    deadline: dt.date | None = None
    days: int | None = None
    report_cycle: str | None = None
    handling: str = ""  # 自办 / 报批 / 会同: picks the rule's time limit
    opinion: str = ""  # 拟办意见
    approved_by: str = ""  # the leader who approved the assignment
    # The office's own name when it handles the matter itself (交办 --self): a matter from a higher
    # level (上级督查) that the office handles and reports back upward, its sub-cases assigned to units.
    by_office: str = ""
    # 常态事项: assigned with no 办理时限 (the 交办 records 常态: true). A case registered as one is
    # assigned as one unless a deadline is given.
    standing: bool = False


SELF_KINDS = ("上级督查",)


def handled_by_office(case: Case, office: str) -> bool:
    """Whether the office itself handles the case (交办 --self), as its latest 交办 records: not by the
    lead unit's name, which may also be a unit of the directory given an ordinary assignment."""
    assigned = next((e for e in reversed(case.events) if e.action == ASSIGN), None)
    return bool(office) and assigned is not None and assigned.get("本办自办") is True


def assign(
    case: Case,
    request: Assignment,
    today: dt.date,
    operator: str,
    calendar: WorkCalendar,
    rule: Limit,
    approval_required: bool = False,
    opinion_limit: Limit | None = None,
) -> tuple[Case, Event]:
    """交办: units and the deadline in force. A suggestion's or proposal's co-units owe the lead unit
    their written opinion by 协办意见时限 (opinion_limit from the day of assignment).
    The deadline is, in order: an explicit date, N working days, the working days given at
    registration, a date given at registration, the config's rule (working days, or months from the
    day of assignment)."""
    require(case, ASSIGN)
    _not_before_last_event(case, today)
    if request.deadline is not None and request.days is not None:
        raise InputError("--deadline 与 --days 只能给一个：要么给出具体日期，要么给出工作日数")
    _check_standing(request.standing, request.deadline, request.days, case.source.kind)
    standing = request.standing or (request.deadline is None and request.days is None and case.standing)
    lead = request.lead_units or case.lead_units
    co = request.co_units or case.co_units
    if request.by_office:
        if case.source.kind not in SELF_KINDS:
            raise InputError(
                f"事项 {case.id} 的来源是“{case.source.kind}”：--self（本办自办）只用于{'、'.join(SELF_KINDS)}的事项"
            )
        if request.lead_units:
            raise InputError("--self 与 --lead-unit 只能给一个：本办自办时主办单位就是本办")
        lead = (request.by_office,)
    if not lead:
        raise InputError(f"事项 {case.id} 还没有主办单位，请用 --lead-unit 指定")
    overlap = set(lead) & set(co)
    if overlap:
        raise InputError(f"{'、'.join(sorted(overlap))} 不能同时是主办单位和协办单位")
    if approval_required and not request.approved_by.strip():
        raise InputError(
            "config.yaml 要求交办须经领导批准：请用 --approved-by 给出批准交办的领导（可加 --opinion 拟办意见）"
        )
    checked(request.opinion.strip(), "拟办意见", multiline=True)
    checked(request.approved_by.strip(), "批准人")
    days: int | None = None
    deadline: dt.date | None = None
    if standing:
        pass
    elif request.deadline is not None:
        deadline = request.deadline
    elif request.days is not None:
        days = request.days
    elif case.deadline_days is not None:
        days = case.deadline_days
    elif case.deadline is not None:
        deadline = case.deadline
    elif rule.months is not None:
        deadline = add_months(today, rule.months)
    else:
        days = rule.days or 0
    if days is not None:
        _check_days(days)
        deadline = calendar.add_workdays(today, days).date
    if deadline is not None and deadline < today:
        raise InputError(f"办理时限 {deadline} 早于交办日期 {today}，请给出新的时限（--deadline 或 --days）")
    cycle = request.report_cycle or case.report_cycle
    if cycle not in REPORT_CYCLES:
        raise InputError(f"报告周期“{cycle}”不认识，可选：{'、'.join(REPORT_CYCLES)}")
    event = _event(
        today,
        ASSIGN,
        operator,
        "本办自办，办理情况报上级" if request.by_office else "印发政务督办通知",
        办理时限=deadline,
        时限工作日=days,
        常态=True if standing else None,
        办理方式=request.handling or None,
        拟办意见=request.opinion.strip() or None,
        批准人=request.approved_by.strip() or None,
        协办意见时限=opinion_limit.due(today, calendar) if opinion_limit and co and case.source.is_proposal else None,
        本办自办=True if request.by_office else None,
    )
    changed = replace(
        case,
        lead_units=lead,
        co_units=co,
        assigned=today,
        deadline=deadline,
        deadline_days=days,
        report_cycle=cycle,
        status=ACTIVE,
        events=case.events + (event,),
    )
    return changed, event


def _check_unit(case: Case, unit: str) -> None:
    if unit not in case.units():
        lead = "、".join(case.lead_units) or "无"
        co = "、".join(case.co_units) or "无"
        raise InputError(f"{unit} 不是事项 {case.id} 的承办单位（主办：{lead}；协办：{co}）")


def acknowledge(case: Case, unit: str, today: dt.date, operator: str) -> tuple[Case, Event]:
    """签收 by the lead unit or a co-unit, once each."""
    require(case, ACK)
    _not_before_last_event(case, today)
    _check_unit(case, unit)
    if acknowledged(case, unit):
        raise InputError(f"{unit} 已经签收过事项 {case.id}")
    event = _event(today, ACK, operator, 单位=unit)
    return case.with_event(event), event


def acknowledged(case: Case, unit: str) -> bool:
    """Whether the unit signed for the case as it stands: since the last 交办 and its own 退办 (as
    the replay counts)."""
    signed = False
    for event in case.events:
        if event.action == ASSIGN:
            signed = False
        elif event.action in (ACK, DECLINE) and event.get("单位") == unit:
            signed = event.action == ACK
    return signed


def pending_finals(case: Case) -> dict[str, dt.date]:
    """The lead units whose final report awaits review (not returned), with its date."""
    pending: dict[str, dt.date] = {}
    for event in case.events:
        if event.action == REPORT and event.get("办结") is True and event.get("单位") in case.lead_units:
            pending[str(event.get("单位"))] = event.date
        elif event.action == RETURN:
            named = event.get("单位")
            for unit in [named] if isinstance(named, str) and named else list(case.lead_units):
                pending.pop(unit, None)
        elif (
            (event.action == SATISFY and event.get("结果") == "不满意")
            or (event.action == DECLINE and event.get("主办") is True)
            or (event.action == RECHECK and event.get("结果") == UNTRUE)
        ):
            pending.clear()
    return pending


def rectification_pending(case: Case) -> bool:
    """Named in a bulletin (通报), or an inspection (督查) found a problem and set a 整改时限, with no
    rectification report since."""
    for event in reversed(case.events):
        if event.action == REPORT and event.get("整改") is True:
            return False
        if event.action == BULLETIN or (event.action == INSPECT and event.get("整改时限") is not None):
            return True
    return False


def report(
    case: Case,
    unit: str,
    signer: str,
    text: str,
    final: bool,
    today: dt.date,
    operator: str,
    rectification: bool = False,
    answer: Answer | None = None,
) -> tuple[Case, Event]:
    """反馈: any unit of the case may report. Each lead unit files its own final report; the case
    waits for review once every lead unit has. A rectification report (整改) answers a bulletin.
    A lead unit's final report on a suggestion or proposal is its answer: it carries the answer
    class and how the unit consulted the deputy (面商)."""
    if rectification:
        if case.status == ARCHIVED:
            require(case, REPORT)
        if not rectification_pending(case):
            raise InputError(f"事项 {case.id} 没有待整改的通报，不需要整改报告")
    else:
        require(case, REPORT)
    _not_before_last_event(case, today)
    _check_unit(case, unit)
    if not signer.strip():
        raise InputError("请用 --signer 给出签发人（单位主要负责人）")
    if not text.strip():
        raise InputError("报告内容不能为空，请用 --text 或 --file 给出")
    checked(signer.strip(), "签发人")
    checked(text.strip("\n"), "报告内容", multiline=True)
    is_lead = unit in case.lead_units
    pending = pending_finals(case)
    if final and is_lead and unit in pending:
        raise InputError(f"{unit} 的办结报告（{pending[unit]}）正在审核，审核退回后才能再报")
    given = answer is not None and bool(answer.mark or answer.consult_way or answer.consult_date)
    if given and final and not is_lead and case.source.is_proposal:
        raise InputError(f"{unit} 是协办单位：答复类别和面商只随主办单位的办结报告（答复）登记")
    marks = _answer_marks(case, answer, final and is_lead and not rectification, today)
    entry = Report(today, unit, signer.strip(), final, text_block(text))
    event = _event(today, REPORT, operator, 单位=unit, 办结=final, 整改=True if rectification else None)
    if marks:
        event = event._replace(extra=event.extra + tuple((k, v) for k, v in marks.items() if v is not None))
    status = case.status
    if final and is_lead and status == ACTIVE and all(u in pending or u == unit for u in case.lead_units):
        status = REVIEW
    changed = replace(case, status=status, events=case.events + (event,), reports=case.reports + (entry,))
    return changed, event


class Answer(NamedTuple):
    """What a suggestion's or proposal's answer records besides its text."""

    mark: str = ""  # 答复类别: A, B, C (D where config.yaml adds it)
    consult_way: str = ""  # 面商方式
    consult_date: dt.date | None = None  # 面商日期
    classes: tuple[str, ...] = ("A", "B", "C")  # the classes config.yaml allows


def _check_class(case: Case, mark: str, classes: tuple[str, ...]) -> None:
    if mark and not case.source.is_proposal:
        raise InputError(
            f"事项 {case.id} 的来源是“{case.source.kind}”，只有{'、'.join(PROPOSAL_KINDS)}的答复有答复类别"
        )
    if mark and mark not in classes:
        hint = "；D 类（留作参考）须在 config.yaml 的“建议提案: 答复类别”中加上" if mark == "D" else ""
        raise InputError(f"答复类别“{mark}”不对，可选：{'、'.join(classes)}{hint}")


def _answer_marks(case: Case, answer: Answer | None, is_answer: bool, today: dt.date) -> dict[str, object]:
    """The 反馈 event's 答复类别, 面商方式, 面商日期: required of an answer to a suggestion or proposal."""
    answer = answer or Answer()
    mark = answer.mark.strip().upper()
    _check_class(case, mark, answer.classes)
    if not case.source.is_proposal:
        if answer.consult_way or answer.consult_date:
            raise InputError(f"事项 {case.id} 不是{'、'.join(PROPOSAL_KINDS)}，不记面商")
        return {}
    if (mark or answer.consult_way or answer.consult_date) and not is_answer:
        raise InputError("答复类别和面商只随主办单位的办结报告（答复）登记：请加 --final")
    if not is_answer:
        return {}
    if not mark:
        raise InputError(f"{case.source.kind}的答复须标明答复类别：请用 --class 给出（{'、'.join(answer.classes)}）")
    if answer.consult_way and answer.consult_way not in CONSULT_WAYS:
        raise InputError(f"面商方式“{answer.consult_way}”不认识，可选：{'、'.join(CONSULT_WAYS)}")
    if answer.consult_date is not None:
        if answer.consult_date > today:
            raise InputError(f"面商日期 {answer.consult_date} 晚于今天（{today}），请检查日期")
        if case.assigned is not None and answer.consult_date < case.assigned:
            raise InputError(f"面商日期 {answer.consult_date} 早于交办日期 {case.assigned}，请检查日期")
    return {
        "答复类别": mark,
        "面商方式": answer.consult_way or ("其他" if answer.consult_date else None),
        "面商日期": answer.consult_date,
    }


def answer_class(case: Case) -> str:
    """The class of a suggestion's or proposal's answer: as the office set it at the last 办结, else
    as the last answer (a lead unit's final report) gave it; "" before any answer."""
    for event in reversed(case.events):
        if event.action == CLOSE and event.get("答复类别"):
            return str(event.get("答复类别"))
        if event.action == REPORT and event.get("答复类别"):
            return str(event.get("答复类别"))
    return ""


def satisfaction(case: Case) -> str:
    """The deputy's latest answer (满意, 基本满意, 不满意), "" before any."""
    for event in reversed(case.events):
        if event.action == SATISFY:
            return str(event.get("结果") or "")
    return ""


def reminders(case: Case) -> int:
    return sum(1 for e in case.events if e.action == REMIND)


def returns(case: Case) -> int:
    return sum(1 for e in case.events if e.action == RETURN)


# How a 催办 is made: in writing (with its 催办通知) or by telephone. Files of earlier versions may say
# 实地督查 or 约谈: they stay readable and count as the 催办 they were.
REMINDER_WAYS = ("书面", "电话")
# How the office supervises beyond reminders (南江 七十, 攀东 §110/§113, 济南 三(三)): a 督查, not a 催办.


def remind(
    case: Case, today: dt.date, operator: str, note: str = "", way: str = "书面", number: str = ""
) -> tuple[Case, Event]:
    """催办, counted, with how it was done (书面、电话); a written one carries the 催办通知's own 文号
    (number). An inspection way (实地督查、约谈 …) is a 督查, not a 催办: refused with the hint."""
    require(case, REMIND)
    _not_before_last_event(case, today)
    checked(note.strip(), "催办说明", multiline=True)
    if way in INSPECTION_WAYS:
        raise InputError(inspection_hint(way))
    if way not in REMINDER_WAYS:
        raise InputError(f"催办方式“{way}”不认识，可选：{'、'.join(REMINDER_WAYS)}")
    event = _event(today, REMIND, operator, note, 次数=reminders(case) + 1, 方式=way, 文号=number or None)
    return case.with_event(event), event


def extend(
    case: Case,
    to: dt.date,
    reason: str,
    approved_by: str,
    today: dt.date,
    operator: str,
    calendar: WorkCalendar,
    requested: dt.date | None = None,
    latest: dt.date | None = None,
) -> tuple[Case, Event]:
    """延期 approved by a leader (today); never past `latest` (a suggestion's or proposal's longest
    time, 6 months from 交办 by default). Asked for after the assessment deadline had passed, it is
    recorded as a late request: the unit gets the new date, the case stays late. An extension asked
    in time (申请日期) and approved later counts as in time."""
    from duban.assessment import standing

    require(case, EXTEND)
    _not_before_last_event(case, today)
    if case.standing:
        raise InputError(f"事项 {case.id} 是常态事项，常态事项没有办理时限，不需要延期")
    if not reason.strip():
        raise InputError("请用 --reason 说明延期理由")
    if not approved_by.strip():
        raise InputError("请用 --approved-by 给出批准延期的领导")
    checked(reason.strip(), "延期理由", multiline=True)
    checked(approved_by.strip(), "批准人")
    assert case.deadline is not None
    if to <= case.deadline:
        raise InputError(f"延期后的时限 {to} 应晚于现在的办理时限 {case.deadline}")
    if latest is not None and to > latest:
        raise InputError(
            f"{case.source.kind}最长办理至交办（{case.assigned}）后的 {latest}，不能延期至 {to}；请在此日期前办结答复"
        )
    if requested is not None and (requested > today or (case.assigned and requested < case.assigned)):
        raise InputError(f"申请日期 {requested} 应在交办日期和今天（批准日期）之间")
    now = standing(case, calendar, today)
    asked = requested or today
    late = now.assessment_deadline is not None and asked > now.assessment_deadline
    event = _event(
        today,
        EXTEND,
        operator,
        reason,
        原时限=case.deadline,
        延期至=to,
        批准人=approved_by.strip(),
        申请日期=requested,
        批准日期=today if requested is not None else None,
        逾期申请=True if late else None,
    )
    changed = replace(case, deadline=to, deadline_days=None, events=case.events + (event,))
    return changed, event


def return_report(
    case: Case,
    reason: str,
    today: dt.date,
    operator: str,
    calendar: WorkCalendar,
    redo_days: int,
    unit: str = "",
) -> tuple[Case, Event]:
    """退回重办: a final report is not accepted (one lead unit's, or all). The unit gets a redo
    period of redo_days working days from today; the case goes back to 办理中."""
    require(case, RETURN)
    _not_before_last_event(case, today)
    if not reason.strip():
        raise InputError("请用 --reason 说明退回理由（如：内容不清、数据不准、格式不符）")
    checked(reason.strip(), "退回理由", multiline=True)
    _check_days(redo_days)
    pending = pending_finals(case)
    if unit and unit not in pending:
        waiting = "、".join(pending) or "无"
        raise InputError(f"{unit} 没有正在审核的办结报告（正在审核的：{waiting}）")
    if not pending:
        raise InputError(f"事项 {case.id} 没有正在审核的办结报告可退回")
    redo_until = calendar.add_workdays(today, redo_days).date
    event = _event(
        today,
        RETURN,
        operator,
        reason,
        次数=returns(case) + 1,
        单位=unit or None,
        重办时限=redo_until,
        重办工作日=redo_days,
    )
    return replace(case, status=ACTIVE, events=case.events + (event,)), event


def close(
    case: Case,
    today: dt.date,
    operator: str,
    calendar: WorkCalendar,
    approved_by: str = "",
    open_children: tuple[str, ...] = (),
    mark: str = "",
    classes: tuple[str, ...] = ("A", "B", "C"),
    opinion: str = "",
) -> tuple[Case, Event]:
    """办结: on time or late is judged once per lead unit, against its accepted final report, and kept
    for good: 按期 for the case, 超期单位 naming the lead units that were late. A suggestion's or
    proposal's answer class is recorded as the office accepts it (`mark` when it changes the class
    the unit gave, 原答复类别 then keeping the unit's)."""
    from duban.assessment import verdicts

    require(case, CLOSE)
    _not_before_last_event(case, today)
    if open_children:
        raise LifecycleError(
            f"事项 {case.id} 还有未办结的子事项：{'、'.join(open_children)}，子事项全部办结或终止后才能办结"
        )
    checked(approved_by.strip(), "批准人")
    checked(opinion.strip(), "审查意见", multiline=True)
    mark = mark.strip().upper()
    _check_class(case, mark, classes)
    given = answer_class(case) if case.source.is_proposal else ""
    # A standing task (常态事项) had no deadline: it is closed neither on time nor late.
    judged = {} if case.standing else verdicts(case, calendar, today)
    late = [unit for unit, on_time in judged.items() if not on_time]
    event = _event(
        today,
        CLOSE,
        operator,
        批准人=approved_by.strip() or None,
        按期=None if case.standing else not late,
        超期单位=late if len(case.lead_units) > 1 and not case.standing else None,
        常态=True if case.standing else None,
        答复类别=(mark or given) or None,
        原答复类别=given if mark and given and mark != given else None,
        审查意见=opinion.strip() or None,
    )
    return replace(case, status=CLOSED, events=case.events + (event,)), event


def terminate(
    case: Case, reason: str, approved_by: str, today: dt.date, operator: str, open_children: tuple[str, ...] = ()
) -> tuple[Case, Event]:
    """终止 for special reasons, with a leader's signature and an explanation."""
    require(case, TERMINATE)
    _not_before_last_event(case, today)
    if open_children:
        raise LifecycleError(
            f"事项 {case.id} 还有未办结的子事项：{'、'.join(open_children)}；"
            "加 --with-children 一并终止，或先办结、终止子事项"
        )
    if not reason.strip():
        raise InputError("请用 --reason 说明终止理由")
    if not approved_by.strip():
        raise InputError("请用 --approved-by 给出批准终止的领导")
    checked(reason.strip(), "终止理由", multiline=True)
    checked(approved_by.strip(), "批准人")
    event = _event(today, TERMINATE, operator, reason, 批准人=approved_by.strip())
    return replace(case, status=TERMINATED, events=case.events + (event,)), event


def void_case(case: Case, reason: str, approved_by: str, today: dt.date, operator: str) -> tuple[Case, Event]:
    """作废: the case was registered in error (twice, from the same minutes on two clones). Its file
    and number stay; it counts in no figure and no document from then on, unlike 终止."""
    require(case, VOID_CASE)
    _not_before_last_event(case, today)
    if not reason.strip():
        raise InputError("请用 --reason 说明作废理由（如：与 2026-0101 重复登记）")
    if not approved_by.strip():
        raise InputError("请用 --approved-by 给出批准作废的领导")
    checked(reason.strip(), "作废理由", multiline=True)
    checked(approved_by.strip(), "批准人")
    event = _event(today, VOID_CASE, operator, reason, 批准人=approved_by.strip())
    return replace(case, status=VOIDED, events=case.events + (event,)), event


def archive(case: Case, today: dt.date, operator: str, open_children: tuple[str, ...] = ()) -> tuple[Case, Event]:
    """归档 a closed or terminated case (not while a sub-case of it is open)."""
    require(case, ARCHIVE)
    _not_before_last_event(case, today)
    if open_children:
        raise LifecycleError(f"事项 {case.id} 还有未办结的子事项：{'、'.join(open_children)}，不能归档")
    event = _event(today, ARCHIVE, operator)
    return replace(case, status=ARCHIVED, events=case.events + (event,)), event


def name_in_bulletin(
    case: Case, issue: str, today: dt.date, operator: str, calendar: WorkCalendar, rectify_days: int, reason: str
) -> tuple[Case, Event]:
    """通报: the case was named in a bulletin; the unit must rectify within rectify_days working days."""
    if case.status in (PENDING, ARCHIVED):
        require(case, BULLETIN)
    _not_before_last_event(case, today)
    deadline = calendar.add_workdays(today, rectify_days).date
    event = _event(today, BULLETIN, operator, reason, 期号=issue, 整改时限=deadline, 整改工作日=rectify_days)
    return case.with_event(event), event


def on_time(case: Case) -> bool | None:
    """Whether the case was closed on time, as recorded when it closed; None while not closed."""
    for event in reversed(case.events):
        if event.action == CLOSE:
            value = event.get("按期")
            return value if isinstance(value, bool) else None
    return None


def record_satisfaction(
    case: Case,
    result: str,
    today: dt.date,
    operator: str,
    redo_until: dt.date,
    note: str = "",
    filled: dt.date | None = None,
) -> tuple[Case, Event]:
    """测评: the deputy's or member's answer on the 征询意见表 (满意, 基本满意, 不满意), once the
    answer is in. 不满意 means 重新办理: the case is open again, its lead units owe a new answer by
    redo_until (重新办理时限), and the re-handling counts against them."""
    if not case.source.is_proposal:
        raise InputError(f"事项 {case.id} 的来源是“{case.source.kind}”，只有{'、'.join(PROPOSAL_KINDS)}征询满意度")
    require(case, SATISFY)
    _not_before_last_event(case, today)
    rated = last_rating(case)
    if rated is not None:
        raise InputError(
            f"事项 {case.id} 的答复已测评（{rated.date} {rated.get('结果')}），一份答复只测评一次；"
            "登记错了请用 duban undo 撤销后重新登记"
        )
    if result not in SATISFACTION:
        raise InputError(f"满意度“{result}”不认识，可选：{'、'.join(SATISFACTION)}")
    checked(note.strip(), "说明", multiline=True)
    if filled is not None and filled > today:
        raise InputError(f"填表日期 {filled} 晚于今天（{today}），请检查日期")
    answered = max((e.date for e in case.events if is_answer(case, e)), default=None)
    if filled is not None and answered is not None and filled < answered:
        raise InputError(f"填表日期 {filled} 早于答复日期 {answered}：征询意见表随答复送达后才填写，请检查日期")
    again = result == "不满意"
    event = _event(
        today,
        SATISFY,
        operator,
        note,
        结果=result,
        填表日期=filled,
        重办时限=redo_until if again else None,
    )
    if not again:
        return case.with_event(event), event
    changed = replace(case, status=ACTIVE, deadline=redo_until, deadline_days=None, events=case.events + (event,))
    return changed, event


def last_rating(case: Case) -> Event | None:
    """The 测评 of the answer in force (satisfied or not, not yet answered again), else None."""
    rated: Event | None = None
    for event in case.events:
        if event.action == SATISFY:
            rated = event
        elif is_answer(case, event):
            rated = None
    return rated


def is_answer(case: Case, event: Event) -> bool:
    """A lead unit's final report (not a rectification): the answer a 测评 is about."""
    return (
        event.action == REPORT
        and event.get("办结") is True
        and event.get("整改") is not True
        and event.get("单位") in case.lead_units
    )


def rehandled(case: Case) -> int:
    """How many times the deputy was not satisfied (重新办理)."""
    return sum(1 for e in case.events if e.action == SATISFY and e.get("结果") == "不满意")


def received(case: Case, unit: str) -> dt.date | None:
    """When the unit received the case as it stands: its 签收 since the last 交办, else the 交办."""
    day: dt.date | None = None
    for event in case.events:
        if event.action == ASSIGN:
            day = event.date
        elif event.action == ACK and event.get("单位") == unit and day is not None:
            day = event.date
    return day


def decline(
    case: Case, unit: str, reason: str, today: dt.date, operator: str, calendar: WorkCalendar, limit: Limit
) -> tuple[Case, Event]:
    """退办: a unit that is not competent returns the matter to the office, with reasons (it may not
    pass it on itself). Within `limit` of receipt it is not lateness; past it, the event says 逾期.
    A lead unit's return sends the case back to 待交办 for the office to assign again, with a new
    deadline; a co-unit's only takes it off the case."""
    require(case, DECLINE)
    _not_before_last_event(case, today)
    _check_unit(case, unit)
    if not reason.strip():
        raise InputError("请用 --reason 说明退办理由（为何不属于本单位职责）")
    checked(reason.strip(), "退办理由", multiline=True)
    got = received(case, unit) or today
    due = calendar.roll_forward(limit.due(got, calendar))  # a limit ending on a rest day ends on the next working day
    lead = unit in case.lead_units
    event = _event(
        today,
        DECLINE,
        operator,
        reason,
        单位=unit,
        主办=True if lead else None,
        收到日期=got,
        退办期限=due,
        逾期=True if today > due else None,
    )
    if not lead:
        changed = replace(case, co_units=tuple(u for u in case.co_units if u != unit), events=case.events + (event,))
        return changed, event
    changed = replace(
        case,
        lead_units=tuple(u for u in case.lead_units if u != unit),
        status=PENDING,
        assigned=None,
        deadline=None,
        deadline_days=None,
        events=case.events + (event,),
    )
    return changed, event


# -- after closing, and while a case runs ----------------------------------------------------------

UNTRUE = "不属实"


def recheck(
    case: Case, finding: str, today: dt.date, operator: str, calendar: WorkCalendar, rectify_days: int, note: str = ""
) -> tuple[Case, Event]:
    """复查 (回访, 核查复核) of a closed case: was what the unit reported true? 不属实 reopens the case
    (办理中): its lead units owe a true final report by 整改时限, rectify_days working days from today;
    the untrue report counts against them (考核评分 复查不实) and the bulletin of the period names it."""
    require(case, RECHECK)
    _not_before_last_event(case, today)
    if finding not in FINDINGS:
        raise InputError(f"复查结果“{finding}”不认识，可选：{'、'.join(FINDINGS)}")
    checked(note.strip(), "复查情况", multiline=True)
    untrue = finding == UNTRUE
    if untrue:
        _check_days(rectify_days)
    until = calendar.add_workdays(today, rectify_days).date if untrue else None
    event = _event(
        today,
        RECHECK,
        operator,
        note,
        结果=finding,
        整改时限=until,
        整改工作日=rectify_days if untrue else None,
    )
    if not untrue:
        return case.with_event(event), event
    changed = replace(case, status=ACTIVE, deadline=until, deadline_days=None, events=case.events + (event,))
    return changed, event


def instruct(case: Case, leader: str, text: str, today: dt.date, operator: str) -> tuple[Case, Event]:
    """批示: a leader's follow-up instruction on a running case."""
    require(case, INSTRUCT)
    _not_before_last_event(case, today)
    if not leader.strip():
        raise InputError("请用 --leader 给出作出批示的领导")
    if not text.strip():
        raise InputError("请用 --text 给出批示内容")
    checked(leader.strip(), "批示领导")
    checked(text.strip(), "批示内容", multiline=True)
    event = _event(today, INSTRUCT, operator, text, 领导=leader.strip())
    return case.with_event(event), event


def request(
    case: Case, unit: str, text: str, today: dt.date, operator: str, calendar: WorkCalendar, answer_days: int
) -> tuple[Case, Event]:
    """请示: a unit of the case asks for a decision; the answer (批复) is due by 答复时限, answer_days
    working days from today, after which the morning check shows it (请示未复)."""
    require(case, REQUEST)
    _not_before_last_event(case, today)
    _check_unit(case, unit)
    if not text.strip():
        raise InputError("请用 --text 给出请示事项")
    checked(text.strip(), "请示事项", multiline=True)
    _check_days(answer_days)
    number = sum(1 for e in case.events if e.action == REQUEST) + 1
    event = _event(
        today,
        REQUEST,
        operator,
        text,
        单位=unit,
        序号=number,
        答复时限=calendar.add_workdays(today, answer_days).date,
        答复工作日=answer_days,
    )
    return case.with_event(event), event


def open_requests(case: Case) -> list[Event]:
    """The 请示 not yet answered by a 批复, oldest first."""
    answered = {e.get("请示序号") for e in case.events if e.action == REPLY}
    return [e for e in case.events if e.action == REQUEST and e.get("序号") not in answered]


def reply(
    case: Case, text: str, today: dt.date, operator: str, leader: str = "", number: int | None = None
) -> tuple[Case, Event]:
    """批复: the answer to a 请示, the oldest still open or the one numbered `number` (序号)."""
    require(case, REPLY)
    _not_before_last_event(case, today)
    if not text.strip():
        raise InputError("请用 --text 给出批复内容")
    checked(text.strip(), "批复内容", multiline=True)
    checked(leader.strip(), "批复领导")
    waiting = open_requests(case)
    if not waiting:
        raise InputError(f"事项 {case.id} 没有待批复的请示")
    if number is None:
        asked = waiting[0]
    else:
        found = [e for e in waiting if e.get("序号") == number]
        if not found:
            open_numbers = "、".join(f"第{e.get('序号')}件" for e in waiting)
            raise InputError(f"事项 {case.id} 没有待批复的第{number}件请示（待批复的：{open_numbers}）")
        asked = found[0]
    event = _event(
        today,
        REPLY,
        operator,
        text,
        请示序号=asked.get("序号"),
        请示单位=asked.get("单位"),
        领导=leader.strip() or None,
    )
    return case.with_event(event), event


def inspection_hint(way: str) -> str:
    """Said when a way of inspection is given to remind."""
    return (
        f"“{way}”是督查方式，不是催办（催办方式：{'、'.join(REMINDER_WAYS)}）：请用 duban inspect 编号 --way {way} 记录"
    )


class Inspection(NamedTuple):
    """What the office records of a 督查: how, who took part, what was found."""

    way: str
    members: tuple[str, ...] = ()  # 参加人员
    findings: str = ""  # 督查情况 (what was found)
    problem: bool = False  # 发现问题
    rectify_days: int | None = None  # 整改: working days from today, when the problem must be rectified


def inspect(
    case: Case, request: Inspection, today: dt.date, operator: str, calendar: WorkCalendar
) -> tuple[Case, Event]:
    """督查: 实地督查, 暗访, 约谈, 听取汇报, 电话督查 or 联合督查 of a running case, on the day it is
    recorded, with who took part and what was found. It is not a 催办 and is not counted as one. A
    problem found can be given a 整改时限 (rectify_days working days), answered by the unit's
    rectification report, as a bulletin's is."""
    require(case, INSPECT)
    _not_before_last_event(case, today)
    if request.way in REMINDER_WAYS:
        raise InputError(f"“{request.way}”是催办方式：请用 duban remind 编号 --way {request.way} 记录催办")
    if request.way not in INSPECTION_WAYS:
        raise InputError(f"督查方式“{request.way}”不认识，可选：{'、'.join(INSPECTION_WAYS)}")
    members = tuple(dict.fromkeys(m.strip() for m in request.members if m.strip()))
    for name in members:
        checked(name, "参加人员")
    checked(request.findings.strip(), "督查情况", multiline=True)
    if request.rectify_days is not None:
        if not request.problem:
            raise InputError("没有发现问题就不需要整改：发现问题的请加 --problem，并用 --findings 写明问题")
        _check_days(request.rectify_days)
    if request.problem and not request.findings.strip():
        raise InputError("发现问题的督查请用 --findings 写明发现了什么问题")
    rectify_by = calendar.add_workdays(today, request.rectify_days).date if request.rectify_days is not None else None
    event = _event(
        today,
        INSPECT,
        operator,
        request.findings,
        方式=request.way,
        参加人员=list(members) or None,
        发现问题=True if request.problem else None,
        整改时限=rectify_by,
        整改工作日=request.rectify_days,
    )
    return case.with_event(event), event


def refer(
    case: Case, to: str, reason: str, today: dt.date, operator: str, units: tuple[str, ...] = ()
) -> tuple[Case, Event]:
    """问责: the office refers the case (the units named, else its lead units) to the body that holds
    them accountable (区纪委监委, 组织部 …), with why, on the day it is recorded."""
    require(case, REFER)
    _not_before_last_event(case, today)
    if not to.strip():
        raise InputError("请用 --to 给出移送问责的机关（如：区纪委监委）")
    if not reason.strip():
        raise InputError("请用 --reason 说明移送问责的理由")
    checked(to.strip(), "移送机关")
    checked(reason.strip(), "问责理由", multiline=True)
    for unit in units:
        _check_unit(case, unit)
    named = tuple(dict.fromkeys(units)) or case.lead_units
    event = _event(today, REFER, operator, reason, 移送机关=to.strip(), 单位=list(named) or None)
    return case.with_event(event), event


def notified_for(case: Case, deadline: dt.date | None) -> bool:
    """Whether a 提醒 was already recorded for this deadline."""
    return any(e.action == NOTIFY and e.get("办理时限") == deadline for e in case.events)


def notify(
    case: Case, today: dt.date, operator: str, calendar: WorkCalendar, note: str = "", way: str = "书面"
) -> tuple[Case, Event]:
    """提醒: a notice to the lead units before the deadline. It is not a 催办: it is not counted as
    one and costs the unit nothing. A case already overdue is reminded (催办), not notified."""
    from duban.assessment import standing

    require(case, NOTIFY)
    _not_before_last_event(case, today)
    checked(note.strip(), "提醒说明", multiline=True)
    if way not in REMINDER_WAYS:
        raise InputError(f"提醒方式“{way}”不认识，可选：{'、'.join(REMINDER_WAYS)}")
    now = standing(case, calendar, today)
    if now.overdue:
        raise InputError(f"事项 {case.id} 已逾期（办理时限 {now.working_deadline}），应催办：duban remind {case.id}")
    if now.awaiting_review:
        raise InputError(f"事项 {case.id} 的办结报告已报齐、正在审核，不需要提醒")
    if now.working_deadline is None and case.standing:
        raise InputError(f"事项 {case.id} 是常态事项，没有办理时限，不需要到期提醒；缺报进展的请催办")
    deadline = now.working_deadline
    left = calendar.workdays_between(today, deadline) if deadline is not None else None
    event = _event(today, NOTIFY, operator, note, 方式=way, 办理时限=deadline, 剩余工作日=left)
    return case.with_event(event), event
