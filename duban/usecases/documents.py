"""The office's documents for a case or a period: 政务督办通知, 催办通知, 督查通报, written as
Markdown, HTML or Word under out/ (or printed with -o -)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from duban.errors import InputError, NotFoundError, UsageError
from duban.model import PROPOSAL_KINDS, SOURCE_KINDS
from duban.records import NamedTuple
from duban.usecases.redaction import PUBLIC, redact
from duban.usecases.session import Session, output_folder


class Rendered(NamedTuple):
    """One document written (or printed, with -o -)."""

    path: str
    text: str  # the Markdown, whatever the format
    fonts: str = ""  # a PDF's note of the fonts that stood in for the 公文 fonts


def _safe_name(text: str) -> str:
    return re.sub(r"[\\\\/:*?\"<>|\s]+", "_", text).strip("_")


# Which 版头 each document has when config.yaml's 版头 does not say (GB/T 9704: 文件格式 or 信函格式).
DEFAULT_LAYOUTS = {"通知": "文件", "催办": "信函", "通报": "文件"}


def _layout(session: Session, kind: str) -> str:
    return session.office.config.mastheads.get(kind, DEFAULT_LAYOUTS[kind])


def _output(
    session: Session, markdown: str, title: str, fmt: str, target: Path | None, default_name: str, layout: str = "文件"
) -> Rendered:
    from duban import atomic
    from duban.render.blocks import blocks
    from duban.render.templates import FORMATS

    if fmt not in FORMATS:
        raise InputError(f"文书格式“{fmt}”不认识，可选：{'、'.join(FORMATS)}")
    office = session.office
    if target is not None and str(target) == "-":
        if fmt in ("docx", "pdf"):
            raise InputError(f"{'Word' if fmt == 'docx' else 'PDF'} 文件不能输出到屏幕，请用 -o 给出 .{fmt} 文件名")
        text = markdown if fmt == "md" else _html(office.root, title, markdown, layout)
        return Rendered("-", text)
    path = target if target is not None else office.root / "out" / f"{_safe_name(default_name)}.{fmt}"
    output_folder(office.root, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    note = ""
    if fmt == "md":
        atomic.write_text(path, markdown)
    elif fmt == "html":
        atomic.write_text(path, _html(office.root, title, markdown, layout))
    elif fmt == "docx":
        from duban.render.word import to_docx

        to_docx(blocks(markdown), path, layout)
    else:
        from duban.render.pdf import docx_to_pdf

        note = docx_to_pdf(blocks(markdown), path, layout)
    return Rendered(str(path), markdown, note)


def _html(root: Path, title: str, markdown: str, layout: str) -> str:
    from duban.render.blocks import blocks
    from duban.render.htmlpage import to_html

    return to_html(root, title, blocks(markdown), layout)


def _targets(target: Path | None, count: int, suffixes: list[str]) -> list[Path | None]:
    """-o for a document that goes to several lead units: one file each, the unit in the name."""
    if target is None or count == 1 or str(target) == "-":
        return [target] * count
    return [target.with_name(f"{target.stem}-{_safe_name(s)}{target.suffix}") for s in suffixes]


UPWARD_KINDS = ("case-report", "upward-report")


def upward_markdown(session: Session, case: Any, kind: str, to: str = "") -> str:
    """The 呈阅件 of a reviewed case (to its leader: `to`, else the case's 批示领导), or the report back
    to the higher level on a 上级督查 matter (to `to`), with its sub-cases' results."""
    from duban.render import upward
    from duban.render.templates import render_text

    office = session.office
    config = office.config
    calendar = config.calendar()
    if kind == "case-report":
        context = upward.case_report_context(config, case, calendar, session.today, to, session.operator())
    else:
        children = [office.read_case(child) for child, _ in office.children(case.id)]
        children = [redact(child, session.viewer) for child in children]
        context = upward.upward_report_context(config, case, children, calendar, session.today, to)
    return render_text(office.root, kind, context)


def handled_by_office(case: Any, office: str) -> bool:
    from duban.lifecycle import handled_by_office as by_office

    return by_office(case, office)


def render_case_document(
    session: Session,
    kind: str,
    case_id: str,
    fmt: str = "md",
    target: Path | None = None,
    reply_days: int = 3,
    to: str = "",
) -> list[Rendered]:
    """政务督办通知 (notice), 催办通知 (reminder) or the 政务督办报告 form (report-form, the notice's
    附件) for a case, one per lead unit; the 答复函 (answer-letter) of a suggestion or proposal, one
    per lead unit that answered (and per deputy, where config.yaml answers each)."""
    from duban.render import contexts as documents
    from duban.render.templates import TEMPLATES, render_text

    office = session.office
    config = office.config
    calendar = config.calendar()
    case = office.read_case(case_id)
    if redact(case, session.viewer) is not case:
        raise InputError(f"事项 {case.id} 有知情范围，只有名单上的经办人才能生成它的文书（请用 --by 指定）")
    if kind in UPWARD_KINDS:
        markdown = upward_markdown(session, case, kind, to)
        label = TEMPLATES[kind][1]
        name = f"{case.id}-{'呈阅件' if kind == 'case-report' else '向上级报告'}"
        layout = "信函" if kind == "upward-report" else "文件"
        return [_output(session, markdown, f"{label}（{case.doc_number or case.id}）", fmt, target, name, layout)]
    if kind in ("notice", "reminder", "report-form") and handled_by_office(case, config.office):
        raise InputError(
            f"事项 {case.id} 由本办自办，不向本办印发通知或催办："
            f"向上级报告办理情况请用 duban render upward-report {case.id}"
        )
    if kind in ("notice", "report-form"):
        contexts = documents.notice_contexts(config, case, calendar, session.today)
    elif kind == "reminder":
        contexts = documents.reminder_contexts(config, case, calendar, session.today, reply_days)
    elif kind == "answer-letter":
        contexts = documents.answer_letter_contexts(config, case)
    elif kind == "due-notice":
        contexts = documents.due_notice_contexts(config, case, calendar)
    else:
        raise InputError(
            f"文书种类“{kind}”不认识，可选：notice（政务督办通知）、reminder（催办通知）、report-form（政务督办报告）、"
            "answer-letter（答复函）、due-notice（到期提醒）"
        )
    label = TEMPLATES[kind][1]
    if kind == "answer-letter":  # one per lead unit that answered, and per deputy answered
        units = [_letter_name(c, len({c["承办单位"] for c in contexts}) > 1) for c in contexts]
    else:
        units = [str(c["主送"]) for c in contexts]
    out = []
    for context, unit, path in zip(contexts, units, _targets(target, len(contexts), units), strict=True):
        markdown = render_text(office.root, kind, context)
        if kind == "notice":  # its 附件, the form, after the signature and before the 版记
            from duban.render.blocks import with_attachment

            markdown = with_attachment(markdown, render_text(office.root, "report-form", context))
        name = f"{case.id}-{label}-{unit}"
        # The form is the notice's 附件: no 版头 of its own, laid out like the notice. The answer
        # letter is the lead unit's own letter: 信函格式 under the unit's name.
        if kind == "answer-letter":
            layout = "信函"
        else:
            layout = _layout(session, "催办" if kind in ("reminder", "due-notice") else "通知")
        rendered = _output(session, markdown, f"{label}（{case.doc_number}）", fmt, path, name, layout)
        if kind in ("report-form", "notice") and fmt == "docx":
            # The form carries what identifies it, for `import report` to read back (render/docprops.py);
            # so does the notice, whose 附件 it is: a unit may fill it there and send the whole file back.
            from duban.render.docprops import stamp

            # The 表单码 is printed on the form alone: the notice's pages carry nothing the standard does not.
            stamp(Path(rendered.path), documents.form_identity(config, case, unit), printed=kind == "report-form")
        out.append(rendered)
    return out


def render_receipt(session: Session, case_id: str, unit: str, fmt: str = "md", target: Path | None = None) -> Rendered:
    """回执 for the latest report of a unit on a case: received on, registered as, what comes next."""
    from duban.render import contexts as documents
    from duban.render.templates import TEMPLATES, render_text

    office = session.office
    config = office.config
    case = office.read_case(case_id)
    if redact(case, session.viewer) is not case:
        raise InputError(f"事项 {case.id} 有知情范围，只有名单上的经办人才能生成它的文书（请用 --by 指定）")
    if not unit:  # the unit that reported last
        unit = next((str(e.get("单位")) for e in reversed(case.events) if e.action == "反馈"), "")
        if not unit:
            raise InputError(f"事项 {case.id} 还没有登记任何报告，无回执可出")
    full = config.resolve_unit(unit)
    event = next((e for e in reversed(case.events) if e.action == "反馈" and e.get("单位") == full), None)
    report = next((r for r in reversed(case.reports) if r.unit == full and not r.void), None)
    if event is None or report is None:
        raise InputError(
            f"事项 {case.id} 还没有登记{full}的报告，无回执可出：先用 duban import report 或 duban report 登记"
        )
    extra = {key: value for key, value in event.extra if isinstance(value, str)}
    context = documents.receipt_context(config, case, full, session.today, event, report, extra)
    markdown = render_text(office.root, "receipt", context)
    label = TEMPLATES["receipt"][1]
    name = f"{case.id}-回执-{full}"
    return _output(session, markdown, f"{label}（{case.doc_number or case.id}）", fmt, target, name, "信函")


def _letter_name(context: dict[str, Any], several_units: bool) -> str:
    """What tells one answer letter's file from another's: the deputy, and the unit when several answered."""
    deputy = str(context["主送"]) or "代表"
    return f"{context['承办单位']}-{deputy}" if several_units else deputy


def next_issue(session: Session, year: int, start: dt.date | None = None, end: dt.date | None = None) -> int:
    """The number of the bulletin of a period: the one recorded for that very period (rendering it
    again is the same issue), else the next of the year's bulletins, after those recorded."""
    recorded = [b for b in session.office.bulletins() if b.get("年度") == year]
    for entry in recorded:
        if start is not None and str(entry.get("起始日期")) == str(start) and str(entry.get("截止日期")) == str(end):
            return int(entry.get("期号", 0))
    return max((int(b.get("期号", 0)) for b in recorded), default=0) + 1


def check_kind(kind: str | None, proposal_session: str | None) -> None:
    """--source-kind names a kind duban knows; --session goes with 人大建议 or 政协提案."""
    if kind and kind not in SOURCE_KINDS:
        raise InputError(f"来源类别“{kind}”不认识，可选：{'、'.join(SOURCE_KINDS)}")
    if proposal_session is not None and kind not in PROPOSAL_KINDS:
        raise InputError(f"--session 须与 --source-kind {' 或 '.join(PROPOSAL_KINDS)} 同用")


class Bulletin(NamedTuple):
    rendered: Rendered
    issue: int
    named: tuple[str, ...]  # the cases named (recorded with --record)
    recorded: bool


def render_bulletin(
    session: Session,
    start: dt.date,
    end: dt.date,
    issue: int | None = None,
    fmt: str = "md",
    target: Path | None = None,
    record: bool = False,
    offline: bool = False,
    kind: str | None = None,
    proposal_session: str | None = None,
) -> Bulletin:
    """督查通报 for a period: figures counted as things stood at its end (or today). With record,
    each case it criticises gets a 通报 event (number, date, rectification deadline) and the
    bulletin's number is recorded, all in one commit: from the shared repository's record, synced
    first, or (offline) from this clone's, the bulletin then saying how old its data is."""
    from duban import reports
    from duban.render import contexts as documents
    from duban.render.templates import render_text

    if end < start:
        raise InputError(f"--to {end} 早于 --from {start}，请检查日期")
    if start > session.today:
        raise InputError(
            f"--from {start} 晚于今天（{session.today}），通报只能写已经开始的时期，请把 --from 改为今天或更早的日期"
        )
    if issue is not None and issue < 1:
        raise InputError("--issue 期号应为正整数")
    check_kind(kind, proposal_session)
    stale = _fresh_for_record(session, offline) if record else ""
    if offline and not record:
        raise InputError("--offline 只用于 --record：按本地记录登记通报")
    office = session.office
    config = office.config
    year = session.today.year
    number = issue if issue is not None else next_issue(session, year, start, end)
    from duban.caseindex import in_period

    # A bulletin goes to every unit: the cases as the public may see them; of an office's years of
    # cases only those the period can count are read.
    cases = (
        redact(c, PUBLIC)
        for c in office.iter_cases(in_period(start, min(end, session.today)))
        if (not kind or c.source.kind == kind) and (proposal_session is None or c.source.session == proposal_session)
    )
    session.report_skipped()
    report = reports.period_report(cases, config.calendar(), start, end, session.today)
    summary = None
    if kind in PROPOSAL_KINDS:
        from duban.usecases.figures import proposal_summary

        summary = proposal_summary(session, kind, proposal_session, start, end, reader=PUBLIC)
    context = documents.bulletin_context(config, report, number, session.today, summary)
    markdown = render_text(office.root, "bulletin", context)
    if stale:
        markdown = _with_note(markdown, f"（{stale}）")
    named = tuple(dict.fromkeys(item.case.id for item in [*report.overdue, *report.late, *report.untrue]))
    label = f"督查通报-{year}年第{number}期"
    if target is None and not record:  # recording an issue twice is refused with its own message
        default = office.root / "out" / f"{_safe_name(label)}.{fmt}"
        issued = any(b.get("年度") == year and b.get("期号") == number for b in office.bulletins())
        if issued and default.exists():
            raise InputError(
                f"{year}年第{number}期督查通报已经登记，{default.relative_to(office.root)} 不覆盖："
                "确要重出这一期，请用 -o 指定新的文件名；另出一期请用 --issue 给出期号"
            )
    if record:
        _record_bulletin(session, number, year, start, end, report)
    rendered = _output(session, markdown, f"督查通报（第{number}期）", fmt, target, label, _layout(session, "通报"))
    return Bulletin(rendered, number, named, record)


def _fresh_for_record(session: Session, offline: bool) -> str:
    """A recorded bulletin names units before every other clerk: it is counted from the shared
    repository's record, synced first. Offline, from this clone's: what the bulletin must say then."""
    from duban.errors import RepositoryError
    from duban.usecases import sync

    if sync.office_remote(session) is None:
        return ""
    if offline:
        met = sync.last_met(session)
        return f"数据截至 {met}，未与共享仓库同步" if met else "数据为本机记录，从未与共享仓库同步"
    problem = sync.fetch_first(session)
    if problem:
        raise RepositoryError(
            f"通报未登记：登记前须与共享仓库同步，但同步没有完成（{problem}）；"
            "请联网后重试，或加 --offline 按本机记录登记（通报上注明数据截至日期）"
        )
    return ""


def _with_note(markdown: str, note: str) -> str:
    """The bulletin with a note under its title (the first ## heading), or at its end."""
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("## "):
            return "\n".join([*lines[: index + 1], "", note, *lines[index + 1 :]])
    return markdown.rstrip("\n") + f"\n\n{note}\n"


def _record_bulletin(session: Session, number: int, year: int, start: dt.date, end: dt.date, report: Any) -> None:
    from duban import lifecycle
    from duban.audit.git import CommitMessage, Git
    from duban.model import case_path
    from duban.usecases.recording import changing, commit_files, record_hand_edit_of, record_hand_edits

    operator = session.operator()
    issue = f"第{number}期"
    with changing(session) as office:
        if any(b.get("年度") == year and b.get("期号") == number for b in office.bulletins()):
            raise InputError(f"{year}年{issue}督查通报已经登记过，不再登记：另出一期请用 --issue 给出新的期号")
        config = office.config
        reasons: dict[str, list[str]] = {}
        for item in report.overdue:
            reasons.setdefault(item.case.id, []).append(f"{item.unit}逾期未办结")
        for item in report.late:
            reasons.setdefault(item.case.id, []).append(f"{item.unit}超期办结")
        for item in report.untrue:
            reasons.setdefault(item.case.id, []).append(f"{item.unit}办结情况经复查不属实")
        git = Git(office.root)
        from duban.store import BULLETINS_FILE

        named = []
        for case_id, why in reasons.items():
            case = office.read_case(case_id)
            if case.status == "已归档":
                session.notify(f"提示：{case.id} 已归档，通报记在通报登记里，不再写入事项文件")
                continue
            named.append((case, why))
        # A clerk's uncommitted edit of a named case (or of the register) is committed on its own
        # first: folded into the 通报 commit, it would be lost with it if the command were killed.
        record_hand_edits(office, git, [case for case, _ in named], operator)
        record_hand_edit_of(office, git, BULLETINS_FILE, "通报登记", operator)
        writes: list[tuple[str, str | None]] = []
        for case, why in named:
            changed, _ = lifecycle.name_in_bulletin(
                case, issue, session.today, operator, config.calendar(), config.rectify_days, "；".join(why)
            )
            writes.append((case_path(case.id), office.render_case(changed)))

        entry = {
            "年度": year, "期号": number, "日期": session.today, "起始日期": start, "截止日期": end,
            "点名事项": list(reasons),
        }  # fmt: skip
        writes.append((BULLETINS_FILE, office.bulletins_with(entry)))
        message = CommitMessage(
            "通报", "", "", body=f"{year}年{issue}督查通报", batch=tuple(reasons), subject=f"通报 {year}年{issue}"
        )
        commit_files(office, git, writes, message, operator)


def template_list(session: Session) -> list[Any]:
    from duban.render.templates import template_list as templates_in_force

    try:
        root: Path | None = session.office.root
    except NotFoundError:
        root = None
    return templates_in_force(root)


def period_of(
    start: dt.date | None, end: dt.date | None, month: str | None, quarter: str | None
) -> tuple[dt.date, dt.date, str]:
    """The period of a briefing: --from/--to, --month 2026-09 or --quarter 2026Q3, with its name.
    A period not given, given twice or not a month or quarter is a usage error (exit 2)."""
    import calendar as months

    given = sum(x is not None for x in (month, quarter)) + (start is not None or end is not None)
    if given != 1:
        raise UsageError("请给出一个时期：--from 日期 --to 日期、--month 2026-09 或 --quarter 2026Q3，三者选一")
    if month is not None:
        found = re.fullmatch(r"(\d{4})-(\d{1,2})", month.strip())
        if not found or not 1 <= int(found[2]) <= 12:
            raise UsageError(f"--month “{month}”不是月份，应写作 2026-09")
        year, number = int(found[1]), int(found[2])
        last_day = months.monthrange(year, number)[1]
        return dt.date(year, number, 1), dt.date(year, number, last_day), f"{year}年{number}月"
    if quarter is not None:
        found = re.fullmatch(r"(\d{4})\s*[Qq]([1-4])", quarter.strip())
        if not found:
            raise UsageError(f"--quarter “{quarter}”不是季度，应写作 2026Q3")
        year, number = int(found[1]), int(found[2])
        last = number * 3
        names = "一二三四"
        return (
            dt.date(year, last - 2, 1),
            dt.date(year, last, months.monthrange(year, last)[1]),
            f"{year}年第{names[number - 1]}季度",
        )
    if start is None or end is None:
        raise UsageError("--from 与 --to 须同时给出")
    from duban.render.templates import chinese_date

    return start, end, f"{chinese_date(start)}至{chinese_date(end)}"


def render_briefing(
    session: Session,
    start: dt.date,
    end: dt.date,
    period: str,
    leader: str = "",
    fmt: str = "md",
    target: Path | None = None,
) -> Rendered:
    """督办工作情况报告 for the leadership: a period's figures and the cases that need a leader's
    attention, counted as things stood at its end (or today)."""
    from duban import reports
    from duban.caseindex import in_period
    from duban.render import upward
    from duban.render.templates import render_text

    if end < start:
        raise InputError(f"--to {end} 早于 --from {start}，请检查日期")
    if start > session.today:
        raise InputError(f"时期从 {start} 开始，晚于今天（{session.today}）：情况报告只能写已经开始的时期")
    office = session.office
    config = office.config
    calendar = config.calendar()
    cases = [redact(c, PUBLIC) for c in office.iter_cases(in_period(start, min(end, session.today)))]
    session.report_skipped()
    report = reports.period_report(cases, calendar, start, end, session.today)
    context = upward.briefing_context(config, report, cases, calendar, period, session.today, leader.strip())
    markdown = render_text(office.root, "briefing", context)
    label = f"督办工作情况报告-{period}"
    return _output(session, markdown, f"{period}督办工作情况报告", fmt, target, label, "文件")
