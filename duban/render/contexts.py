"""The data each official document is rendered from: plain mappings with Chinese keys, so that an
office rewording a template reads the same names it sees in its case files."""

from __future__ import annotations

import datetime as dt
from typing import Any

from duban.assessment import standing
from duban.calendar import WorkCalendar
from duban.config import Config
from duban.errors import InputError
from duban.model import Case, Event, Report, case_to_mapping
from duban.render.docprops import FormIdentity
from duban.reports import PeriodReport

REPORT_LENGTH = {"一般性": "一般性报告不超过1000字", "综合性": "综合性报告不超过2000字"}


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _common(config: Config, case: Case) -> dict[str, Any]:
    matter = case_to_mapping(case)
    # Every key present, so that a template may test 事项.来源.依据 without knowing the case.
    matter["来源"] = {"类别": case.source.kind, "依据": case.source.ref, "日期": case.source.date}
    matter["批示领导"] = case.leader or None  # several leaders in one line: 王建国、李红
    return {
        "机关": config.office,
        "文号": case.doc_number or case.id,
        "编号": case.id,
        "事项": matter,
        "联系人": config.contact,
        "联系电话": config.phone,
    }


def notice_contexts(config: Config, case: Case, calendar: WorkCalendar, today: dt.date) -> list[dict[str, Any]]:
    """政务督办通知: one per lead unit, each naming the co-units; where several units lead, each
    unit's notice names the others as leading with it and sends them a copy (抄送)."""
    # The notice is what 交办 issues: before it, its date and deadline would be made up (a notice
    # dated today with a deadline already past).
    standing_task = case.standing and case.deadline is None  # 常态事项: no deadline to print
    if case.assigned is None or not case.lead_units or (case.deadline is None and not standing_task):
        raise InputError(f"事项 {case.id} 尚未交办，通知随交办印发：请先用 duban assign {case.id} 交办后再出通知")
    start = case.assigned or case.registered
    now = standing(case, calendar, today)
    deadline = now.working_deadline or (calendar.roll_forward(case.deadline) if case.deadline else None)
    provisional = deadline is not None and case.deadline_days is not None and calendar.is_provisional(start, deadline)
    out = []
    for unit in case.lead_units:
        record = config.unit(unit)
        out.append(
            {
                **_common(config, case),
                "主送": unit,
                "其他主办单位": [u for u in case.lead_units if u != unit],
                "协办单位": list(case.co_units),
                "督办内容": _paragraphs(case.content) or [case.title],
                "办理时限": deadline,
                "常态": standing_task,
                "暂按法定节假日推算": provisional,
                "紧急程度": case.urgency,
                "报告周期": case.report_cycle,
                "主要负责人": record.head if record else "",
                "字数要求": REPORT_LENGTH.get(case.report_scope, REPORT_LENGTH["一般性"]),
                "成文日期": case.assigned or today,
                # GB/T 9704 marks 特急 and 加急 only; the office's 紧急 is printed as 加急.
                "标注紧急程度": {"特急": "特急", "紧急": "加急"}.get(case.urgency, ""),
                "抄送": _copy_to(config, case, unit),
                "印发机关": config.issuer or config.office,
                "建议提案": _proposal_terms(config, case, calendar),
                # The 政务督办报告 form's reference code (render/docprops.py), to print on it.
                "表单码": form_identity(config, case, unit).code,
            }
        )
    return out


def form_identity(config: Config, case: Case, unit: str) -> FormIdentity:
    """What identifies the form sent to this lead unit with the case's latest notice (交办)."""
    issued = next((e.date for e in reversed(case.events) if e.action == "交办"), case.assigned or case.registered)
    index = case.lead_units.index(unit) + 1 if unit in case.lead_units else 0
    return FormIdentity(config.office, case.id, unit, index, case.doc_number or case.id, issued.isoformat())


def receipt_context(
    config: Config, case: Case, unit: str, today: dt.date, event: Event, report: Report, extra: dict[str, Any]
) -> dict[str, Any]:
    """回执: the office tells a unit its report was received and registered, and what comes next."""
    final = bool(event.get("办结"))
    lead = unit in case.lead_units
    waiting = [u for u in case.lead_units if u != unit and u not in _finals(case)]
    if final and lead and case.status == "待审核":
        after = f"事项已进入审核。本办审核后办结；审核未通过的，将退回重办（{config.redo_days}个工作日内重新报送）。"
    elif final and lead:
        after = f"待{'、'.join(waiting)}报送办结报告后，事项进入审核；审核未通过的，将退回重办。"
    elif final:
        after = "协办单位的办结报告已登记，随主办单位的办结报告一并审核。"
    else:
        deadline = f"于{_cn(case.deadline)}前" if case.deadline else "按要求"
        after = f"本次为进展报告，事项继续办理，请{deadline}报送办结报告。"
    return {
        **_common(config, case),
        "主送": unit,
        "回执日期": today,
        "收到日期": event.date,
        "报送日期": extra.get("报送日期", ""),
        "签发人": report.signer,
        "单位联系人": extra.get("联系人", ""),
        "单位联系电话": extra.get("联系电话", ""),
        "报告类别": "办结报告" if final else "进展报告",
        "报告文件": extra.get("报告文件", ""),
        "字数": len("".join(report.text.split())),
        "登记": f"办理过程“反馈”（{_cn(event.date)}，经办人{event.operator}）",
        "事项状态": case.status,
        "下一步": after,
    }


def _finals(case: Case) -> set[str]:
    from duban.lifecycle import pending_finals

    return set(pending_finals(case))


def _cn(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


# 人大建议 and 政协提案: what the deputy (or member) is called, and what the matter is called.
PROPOSAL_WORDS = {"人大建议": ("代表", "建议", "代表建议"), "政协提案": ("委员", "提案", "政协提案")}
RETURN_DAYS = 10  # the 征询意见表 back to the office within so many days of the answer


def _proposal_terms(config: Config, case: Case, calendar: WorkCalendar) -> dict[str, Any] | None:
    """What a suggestion's or proposal's notice adds: the answer to the deputy by the deadline, an
    extension only with the office's consent and at most to 最长办理时限 from 交办, the co-units'
    opinion by 协办意见时限, the answer classes marked on the first page. None for other cases."""
    if not case.source.is_proposal or case.assigned is None:
        return None
    person, word, _ = PROPOSAL_WORDS[case.source.kind]
    rules = config.proposals
    assigned = next((e for e in reversed(case.events) if e.action == "交办"), None)
    opinion = assigned.get("协办意见时限") if assigned is not None else None
    return {
        "称谓": person,
        "种类": word,
        "届次": case.source.session,
        "案号": _numbered(case.source.number),
        "领衔": case.source.proposer,
        "联名": list(case.source.cosigners),
        "最长办理时限": rules.longest.text(),
        "最迟": rules.longest.due(case.assigned, calendar),
        "协办意见时限": opinion,
        "答复类别": [{"类别": mark, "含义": label} for mark, label in rules.classes],
        "答复对象": rules.reply_to,
    }


def _numbered(number: str) -> str:
    """案号 as a title prints it: 第2026015号 (a bare 2026015 given the 第 and 号)."""
    number = number.strip()
    return f"第{number}号" if number.isdigit() else number


def _salutation(name: str, person: str) -> str:
    """张三代表, 张三委员; an organisation (民盟区委会: more than four characters) as it is named."""
    if not name:
        return f"各位{person}"
    return name if len(name) > 4 else f"{name}{person}"


def _answer_of(case: Case, unit: str) -> tuple[Event, Report] | None:
    """A lead unit's latest answer: its final report whose 反馈 carries the answer class."""
    for event in reversed(case.events):
        if event.action != "反馈" or event.get("单位") != unit or not event.get("答复类别"):
            continue
        for report in reversed(case.reports):
            if not report.void and report.final and report.unit == unit and report.date == event.date:
                return event, report
    return None


def _class_in_force(case: Case, answer: Event) -> str:
    """The unit's class, unless the office changed it at a later 办结 (which records 原答复类别)."""
    from duban.lifecycle import answer_class

    after = case.events[case.events.index(answer) + 1 :]
    if any(e.action == "办结" and e.get("原答复类别") for e in after):
        return answer_class(case)
    return str(answer.get("答复类别"))


def answer_letter_contexts(config: Config, case: Case) -> list[dict[str, Any]]:
    """答复函: a lead unit's letter to the deputy (or member), from its answer, with the 征询意见表 as
    its 附件; one per lead unit that answered, and per deputy where config.yaml's 答复对象 is 每位."""
    if not case.source.is_proposal:
        raise InputError(f"事项 {case.id} 的来源是“{case.source.kind}”，答复函只用于{'、'.join(PROPOSAL_WORDS)}")
    answers = [(unit, found) for unit in case.lead_units if (found := _answer_of(case, unit)) is not None]
    if not answers:
        raise InputError(f"事项 {case.id} 还没有答复：主办单位的办结报告（带答复类别）登记后才能生成答复函")
    person, word, kind_name = PROPOSAL_WORDS[case.source.kind]
    rules = config.proposals
    source = case.source
    deputies = [source.proposer] if rules.reply_to == "领衔" else [source.proposer, *source.cosigners]
    out = []
    for unit, (event, report) in answers:
        mark = _class_in_force(case, event)
        for deputy in dict.fromkeys(deputies):
            out.append(
                {
                    **_common(config, case),
                    "主送": deputy,
                    "承办单位": unit,
                    "协办单位": list(case.co_units),
                    "称谓": person,
                    "种类": word,
                    "文种": kind_name,
                    "届次": source.session,
                    "案号": _numbered(source.number),
                    "领衔": source.proposer,
                    "联名": list(source.cosigners),
                    "领衔答复": deputy == source.proposer,
                    "个人": bool(deputy) and len(deputy) <= 4,
                    "称呼": _salutation(deputy, person),
                    "答复类别": mark,
                    "答复类别含义": rules.class_label(mark),
                    "面商方式": event.get("面商方式") or "",
                    "面商日期": event.get("面商日期"),
                    "签发人": report.signer,
                    "答复内容": _paragraphs(report.text),
                    "答复日期": report.date,
                    "成文日期": report.date,
                    # The unit's contact: duban does not know it, the unit fills it in.
                    "联系人": "",
                    "联系电话": "",
                    "督办联系人": config.contact,
                    "督办联系电话": config.phone,
                    "寄回天数": RETURN_DAYS,
                    "抄送": list(rules.copies(source.kind, config.office)),
                }
            )
    return out


def _copy_to(config: Config, case: Case, addressee: str = "") -> list[str]:
    """版记's 抄送: the other lead units (a notice goes to each lead unit; the others get a copy), the
    co-units, the instructing leader, and whom config.yaml names."""
    others = [u for u in case.lead_units if u != addressee] if addressee else []
    names = [*others, *case.co_units, *(f"{name}同志" for name in case.leaders), *config.copy_to]
    return list(dict.fromkeys(n for n in names if n))


def reminder_contexts(
    config: Config, case: Case, calendar: WorkCalendar, today: dt.date, reply_days: int
) -> list[dict[str, Any]]:
    """催办通知 for an overdue case, to each lead unit that is late. A notice is the document of one
    recorded written reminder (duban remind, 方式 书面, with its 文号): its number, its ordinal and its
    day, so that rendering it again gives the same notice and no number is issued with another
    ordinal. How late is judged (assessment) on the reminder's day."""
    written = _latest_written_reminder(case)
    if written is None:
        now = standing(case, calendar, today)
        if not now.overdue:
            when = f"办理时限 {now.working_deadline}" if now.working_deadline else "尚未交办"
            raise InputError(f"事项 {case.id} 没有逾期（{case.status}，{when}），不需要催办通知")
        raise InputError(
            f"事项 {case.id} 还没有书面催办记录，催办通知随书面催办印发：请先用 duban remind {case.id} 记录书面催办"
        )
    event, ordinal = written
    day = event.date
    now = standing(case, calendar, day)
    late_units = [u for u in now.units if u.overdue]
    if not late_units:
        raise InputError(f"事项 {case.id} 在书面催办之日（{day}）没有逾期的主办单位，不出催办通知")
    out = []
    for late in late_units:
        unit = late.unit
        record = config.unit(unit)
        out.append(
            {
                **_common(config, case),
                "主送": unit,
                "交办日期": case.assigned or case.registered,
                "办理时限": late.deadline,
                "延期至": now.late_extension,
                "今天": day,
                "逾期工作日": late.days_overdue,
                "已催办次数": ordinal - 1,
                "本次催办次数": ordinal,
                "回复日期": calendar.add_workdays(day, reply_days).date,
                "催办文号": str(event.get("文号")),
                "主要负责人": record.head if record else "",
                "成文日期": day,
            }
        )
    return out


def due_notice_contexts(config: Config, case: Case, calendar: WorkCalendar) -> list[dict[str, Any]]:
    """到期提醒: the document of the latest 提醒 recorded (duban notify, overdue --remind), to each lead
    unit, dated the day of the 提醒, so that rendering it again gives the same notice."""
    notified = [e for e in case.events if e.action == "提醒"]
    if not notified:
        raise InputError(f"事项 {case.id} 还没有提醒记录，提醒函随提醒印发：请先用 duban notify {case.id} 记录提醒")
    event = notified[-1]
    day = event.date
    deadline = event.get("办理时限")
    if not isinstance(deadline, dt.date):
        deadline = standing(case, calendar, day).working_deadline or day
    left = event.get("剩余工作日")
    out = []
    for unit in case.lead_units:
        record = config.unit(unit)
        out.append(
            {
                **_common(config, case),
                "主送": unit,
                "交办日期": case.assigned or case.registered,
                "办理时限": deadline,
                "今天": day,
                "剩余工作日": left if isinstance(left, int) else calendar.workdays_between(day, deadline),
                "说明": event.note,
                "主要负责人": record.head if record else "",
                "成文日期": day,
            }
        )
    return out


def _latest_written_reminder(case: Case) -> tuple[Any, int] | None:
    """The latest 催办 recorded in writing with its 文号, and its ordinal among all the case's 催办."""
    found = None
    ordinal = 0
    for event in case.events:
        if event.action != "催办":
            continue
        ordinal += 1
        if event.get("文号") and (event.get("方式") or "书面") == "书面":
            found = (event, ordinal)
    return found


def bulletin_context(
    config: Config, report: PeriodReport, issue: int, today: dt.date, proposals: dict[str, Any] | None = None
) -> dict[str, Any]:
    """督查通报 for a period: the figures, units praised, cases criticised by name, the per-unit table;
    with `proposals` (duban.proposals.summary), a section on a session's suggestions or proposals."""
    order = {unit.name: index for index, unit in enumerate(config.units)}
    units = sorted(report.units.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
    units = [item for item in units if not config.is_office(item[0])]  # the office does not rate itself
    praised = [
        unit
        for unit, figures in units
        if figures.closed_on_time > 0 and figures.closed_late == 0 and figures.overdue_open == 0
    ]
    rows = [{"单位": unit, **_figures(figures)} for unit, figures in units]
    criticised = [_named(item, 逾期工作日=item.days, 催办次数=item.reminders) for item in report.overdue]
    late = [_named(item, 超期工作日=item.days, 办结日期=item.closed) for item in report.late]
    total = _figures(report.total)
    untrue = [_named(item, 复查日期=item.closed, 复查情况=" ".join(item.note.split())) for item in report.untrue]
    return {
        "机关": config.office,
        "期号": issue,
        "起始日期": report.start,
        "截止日期": report.end,
        "统计日期": report.as_of,
        "成文日期": today,
        # A period still running is reported as it stands today: "截至" today.
        "截至": report.end > today,
        "本期无到期事项": total["按期办结"] + total["超期办结"] + total["逾期未办结"] == 0,
        "数据": total,
        "表扬单位": praised,
        "批评单位": list(dict.fromkeys(item["单位"] for item in criticised)),
        "批评事项": criticised,
        "超期办结事项": late,
        "单位表": rows,
        "共同主办事项数": len(report.shared),
        "建议提案": _proposals(proposals),
        "复查不实事项": untrue,
        # What the units named must do, and the 版记: 抄送 from config.yaml, 印发机关 and 印发日期.
        "整改时限": f"{config.rectify_days}个工作日",
        "抄送": list(dict.fromkeys(n for n in config.copy_to if n)),
        "印发机关": config.issuer or config.office,
    }


def _proposals(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """The summary of suggestions or proposals as the bulletin reads it: its name and the units late."""
    if data is None:
        return None
    from duban.proposals import late_answers

    return {
        **data,
        "名称": f"{data['届次'] or ''}{data['来源类别']}",
        "超期答复单位": late_answers(data),
    }


def _named(item: Any, **extra: Any) -> dict[str, Any]:
    """A case a bulletin names (reports.NamedItem), as its template reads it."""
    return {
        "单位": item.unit,
        "标题": item.case.title,
        "文号": item.case.doc_number or item.case.id,
        "编号": item.case.id,
        # A case within a 知情范围 is named by its number only: "一件受控事项", never its placeholder title.
        "受控": bool(item.case.restricted_to),
        "办理时限": item.deadline,
        **extra,
    }


def _figures(figures: Any) -> dict[str, Any]:
    return dict(figures.to_mapping())
