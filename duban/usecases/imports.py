"""Batch registration: every decision of a meeting's minutes, or every row of a task table,
registered and assigned in one commit, or nothing at all."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from duban import lifecycle
from duban.audit.git import CommitMessage
from duban.config import Limit
from duban.errors import DubanError, InputError, NotFoundError, RepositoryError
from duban.importers import Draft
from duban.importers.deadlines import DEFAULT, GIVEN, GUESS, PROVISIONAL, SURE, Deadline
from duban.model import Case, make_id
from duban.records import NamedTuple
from duban.schema import CLASSIFIED, LINE_LIMIT, TEXT_LIMIT, classified_mark, clean_text, text_problem
from duban.textfiles import IMPORT_FILE_LIMIT, decode_text, read_capped
from duban.usecases.recording import Progress, changing, write_new_cases
from duban.usecases.session import Session


class Source(NamedTuple):
    """Where a case was read from and how sure each reading is, as the preview shows it."""

    where: str = ""  # 第11行, 表1第3行
    deadline_from: str = ""  # 下周五前, 未写明，按规定5个工作日
    sure: str = ""  # 规则, 推断 (a guess: marked), 默认 (the office's rule), 给出 (--phrase), 暂定
    units_from: str = ""  # 请区教育局牵头
    units_sure: str = ""  # 规则 or 推断

    @property
    def doubtful(self) -> bool:
        return self.sure in (GUESS, DEFAULT, PROVISIONAL) or self.units_sure == GUESS


class Imported(NamedTuple):
    cases: list[Case]
    skipped: list[tuple[int, str, str]]  # line, heading or text, why
    dry_run: bool
    sources: tuple[Source, ...] = ()  # each case's place in the file and how its readings were got
    unplaced: tuple[tuple[str, str], ...] = ()  # sentences naming a unit that gave no case: where, sentence
    header: tuple[tuple[str, str], ...] = ()  # what was read from the minutes' header: 会议, 文号, 日期, 主持
    places: tuple[tuple[int, str], ...] = ()  # a skipped line's place where it is not 第N行: 第5段


def _read_bytes(path: Path) -> bytes:
    try:
        return read_capped(path, IMPORT_FILE_LIMIT)
    except FileNotFoundError:
        raise NotFoundError(f"读不到文件 {path}，请检查路径") from None


def import_minutes(
    session: Session,
    path: Path,
    meeting: str | None,
    meeting_date: dt.date | None,
    leader: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    again: bool = False,
    approval: Approval | None = None,
    phrases: tuple[tuple[str, dt.date | str], ...] = (),
) -> Imported:
    """Register and assign every decision of a meeting's minutes (text or Word), all in one commit,
    or nothing. What is not given (meeting, date, leader) is read from the minutes' header; phrases
    are the clerk's readings of deadline phrases no rule covers (汛期到来前 = a date, 常态 or 默认)."""
    from duban.importers.minutes import parse_pieces, read_header
    from duban.importers.wordfile import read_minutes_file, text_pieces

    # What the clerk typed is refused as new's options are; what the file holds is cleaned (clean_text).
    for value, label in ((meeting, "会议名称"), (leader, "批示领导")):
        if value and (problem := text_problem(value, label)):
            raise InputError(problem)
    approval = _approval(session, approval, dry_run)
    data = _read_bytes(path)
    pieces = read_minutes_file(path, data)
    if pieces is None:
        pieces = text_pieces(decode_text(data, str(path)))
    for piece in pieces:
        _refuse_classified(path, piece.where, piece.text)
    header = read_header(pieces)
    read: dict[str, str] = {}
    if meeting is None or not meeting.strip():
        if not header.meeting:
            raise InputError("纪要开头没有读到会议名称（如“区政府第15次常务会议纪要”），请用 --meeting 给出")
        meeting = header.meeting + (f"（{header.number}）" if header.number else "")
        read["会议"] = meeting
    if meeting_date is None:
        if header.date is None:
            raise InputError("纪要开头没有读到会议日期（如“2026年10月9日，……主持召开”），请用 --date 给出")
        meeting_date = header.date
        read["日期"] = meeting_date.isoformat()
    if leader is None:
        leader = header.leader
        if leader:
            read["主持"] = leader
    if header.number:
        read["文号"] = header.number
    if meeting_date > session.today:
        where = "从纪要开头读到的会议日期" if "日期" in read else "会议日期"
        raise InputError(f"{where} {meeting_date} 晚于今天 {session.today}，请检查纪要或用 --date 给出")
    config = session.office.config
    given = given_readings(phrases)
    result = parse_pieces(pieces, meeting.strip(), meeting_date, config, config.calendar(), leader.strip(), given)
    label = f"导入 {meeting.strip()} 纪要"
    done = _register_drafts(session, str(path), result, label, dry_run, progress, again, approval)
    return done._replace(header=tuple(read.items()))


def import_table(
    session: Session,
    path: Path,
    source_kind: str = "政府工作报告",
    source_ref: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
    again: bool = False,
    session_name: str = "",
    approval: Approval | None = None,
) -> Imported:
    """Register and assign every row of a task table (CSV or xlsx), all in one commit, or nothing. A
    session's list of suggestions or proposals has their numbers, deputies and session too."""
    from duban.importers.table import parse_table, read_table_rows
    from duban.model import SOURCE_KINDS

    if source_kind not in SOURCE_KINDS:
        raise InputError(f"来源类别“{source_kind}”不认识，可选：{'、'.join(SOURCE_KINDS)}")
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError(f"{path} 不是 .csv 或 .xlsx 文件")
    approval = _approval(session, approval, dry_run)
    config = session.office.config
    try:
        sheet, rows = read_table_rows(path, _read_bytes(path))
    except DubanError:
        raise
    except Exception as error:
        raise InputError(f"读不了表格 {path}（{type(error).__name__}），请确认是 CSV 或 xlsx 文件") from None
    for number, row in enumerate(rows, 1):
        for cell in row:
            if cell is not None:
                _refuse_classified(path, f"第{number}行", str(cell))
    result = parse_table(
        rows, config, config.calendar(), session.today, source_kind, source_ref.strip(), sheet, session_name.strip()
    )
    return _register_drafts(session, str(path), result, f"导入 {path.name}", dry_run, progress, again, approval)


# What --phrase may say instead of a date: 常态 (or 长期) registers no deadline, 默认 the office's rule.
PHRASE_WORDS = ("常态", "长期", "默认")


def given_readings(phrases: tuple[tuple[str, dt.date | str], ...]) -> dict[str, Deadline]:
    """--phrase 汛期到来前=2027-05-31 (or =常态, =默认): the clerk's reading of a deadline phrase."""
    given: dict[str, Deadline] = {}
    for phrase, value in phrases:
        phrase = "".join(phrase.split())
        if not phrase:
            raise InputError("--phrase 要写成“时限说法=日期”，如 --phrase 汛期到来前=2027-05-31")
        if isinstance(value, dt.date):
            given[phrase] = Deadline(value)
        elif value in ("常态", "长期"):
            given[phrase] = Deadline(standing=True)
        elif value == "默认":
            given[phrase] = Deadline(note="按规定")
        else:
            raise InputError(f"--phrase {phrase}= 后面要写日期（如 2027-05-31）、常态或默认，不能是“{value}”")
    return given


FINGERPRINT_KEY = "导入指纹"


class Approval(NamedTuple):
    """Who approved assigning the imported cases (批准人) and the proposed handling (拟办意见), as
    `assign --approved-by --opinion` gives them: config.yaml's 交办须经领导批准 asks for the former."""

    approved_by: str = ""
    opinion: str = ""


def _approval(session: Session, approval: Approval | None, dry_run: bool) -> Approval:
    """The approval given, checked before the file is read: refused without an approver when
    config.yaml requires one (a preview, which registers nothing, needs none)."""
    approval = approval or Approval()
    approved_by, opinion = approval.approved_by.strip(), approval.opinion.strip()
    for value, label, multiline in ((approved_by, "批准人", False), (opinion, "拟办意见", True)):
        if value and (problem := text_problem(value, label, multiline=multiline)):
            raise InputError(problem)
    if session.office.config.approval_required and not approved_by and not dry_run:
        raise InputError(
            "config.yaml 要求交办须经领导批准：导入即交办，请用 --approved-by 给出批准交办的领导"
            "（可加 --opinion 拟办意见）；本次未登记任何事项"
        )
    return Approval(approved_by, opinion)


def _refuse_classified(path: Path, where: str, text: str) -> None:
    """A file whose text carries a 密级 mark is not imported at all: it belongs to the 涉密 system."""
    mark = classified_mark(text)
    if mark:
        raise InputError(f"{path} {where}有密级标志“{mark}”：{CLASSIFIED}；本次未登记任何事项")


def _register_drafts(
    session: Session,
    name: str,
    result: Any,
    label: str,
    dry_run: bool,
    progress: Progress | None = None,
    again: bool = False,
    approval: Approval | None = None,
) -> Imported:
    from duban.errors import ProblemsError

    approval = approval or Approval()
    office = session.office
    config = office.config
    calendar = config.calendar()
    problems = [f"{name}:{p.line}: {p.message}" for p in result.problems]
    for draft in result.drafts:
        if draft.deadline is not None and draft.deadline < session.today:
            remedy = f"：请用 --phrase {draft.deadline_phrase}=日期 给出新的时限" if draft.deadline_phrase else ""
            problems.append(
                f"{name}:{draft.line}: 时限 {draft.deadline} 早于今天 {session.today}（“{draft.title}”）{remedy}"
            )
    if len(problems) == 1:  # one problem, one line
        raise ProblemsError([f"{problems[0]}；改正后再导入，本次未登记任何事项"])
    if problems:
        problems.append(f"以上 {len(problems)} 处问题改正后再导入；本次未登记任何事项")
        raise ProblemsError(problems)
    if not result.drafts:
        raise InputError(f"{name} 中没有找到交给单位的任务，未登记任何事项")
    source_name = Path(name).name
    if not again:
        _refuse_repeats(office, name, result.drafts)
    operator = session.operator() if not dry_run else (session.viewer() or "（预览）")
    with changing(session) if not dry_run else _nothing():
        year = session.today.year
        first = int(office.next_id(year)[5:])
        cases: list[Case] = []
        for offset, draft in enumerate(result.drafts):
            serial = first + offset
            if serial > 99999:
                raise RepositoryError(f"{year}年的编号不够用了（超过 99999）")
            case_id = make_id(year, serial)
            request = lifecycle.Registration(
                # Text from another tool: control characters are taken out, never refused row by row.
                title=clean_text(draft.title)[:LINE_LIMIT],
                source_kind=draft.source_kind,
                source_ref=clean_text(draft.source_ref)[:LINE_LIMIT],
                source_date=draft.source_date,
                leaders=(clean_text(draft.leader)[:LINE_LIMIT],),  # 王建国、李红: each of them
                content=clean_text(draft.content, multiline=True)[:TEXT_LIMIT],
                lead_units=draft.lead_units,
                co_units=draft.co_units,
                deadline=draft.deadline,
                report_cycle=draft.report_cycle,
                session=clean_text(draft.session)[:LINE_LIMIT],
                number=clean_text(draft.number)[:LINE_LIMIT],
                proposer=clean_text(draft.proposer)[:LINE_LIMIT],
                cosigners=tuple(clean_text(n)[:LINE_LIMIT] for n in draft.cosigners),
                provenance=(
                    ("导入文件", source_name),
                    ("导入位置", draft.origin),
                    (FINGERPRINT_KEY, draft.fingerprint),
                ),
            )
            case, _ = lifecycle.register(
                request, case_id, config.doc_number(year, serial), session.today, operator, calendar
            )
            rule = config.rules.limit_for(case.source.kind, case.urgency, co_units=bool(case.co_units))
            assignment = lifecycle.Assignment(
                deadline=draft.deadline,
                opinion=approval.opinion,
                approved_by=approval.approved_by,
                standing=draft.standing,
            )
            case, _ = lifecycle.assign(
                case,
                assignment,
                session.today,
                operator,
                calendar,
                rule,
                config.approval_required and not dry_run,
                config.proposals.opinion,
            )
            cases.append(case)
        rules = config.rules
        sources = tuple(
            _source(d, c, rules.limit_for(c.source.kind, c.urgency, co_units=bool(c.co_units)))
            for d, c in zip(result.drafts, cases, strict=True)
        )
        unplaced = tuple(result.unplaced)
        places = tuple(result.places.items())
        if dry_run:
            return Imported(cases, result.skipped, True, sources, unplaced, (), places)
        message = CommitMessage("立项", "", "", body=label, batch=tuple(c.id for c in cases))
        write_new_cases(office, cases, message, operator, progress)
    return Imported(cases, result.skipped, False, sources, unplaced, (), places)


def _source(draft: Draft, case: Case, rule: Limit | None) -> Source:
    """How each reading of a draft was got, as the preview shows it."""
    words = _deadline_source(draft, case, rule)
    if draft.standing:
        sure = draft.deadline_sure or SURE
        words = f"{draft.deadline_phrase}：常态事项，不设时限" if draft.deadline_phrase else "常态事项，不设时限"
    elif draft.deadline is None:
        sure = DEFAULT
        by_rule = words.removeprefix("未写明，")
        if draft.deadline_sure == GIVEN:  # --phrase 汛期到来前=默认
            words = f"{draft.deadline_phrase}：按 --phrase 用默认，{by_rule}"
        elif draft.deadline_phrase:  # 尽快, 抓紧: no date
            words = f"“{draft.deadline_phrase}”不是具体时限，{by_rule}"
    elif draft.deadline_sure == PROVISIONAL:
        sure = PROVISIONAL
        words = f"{words}（{draft.deadline_note}）"
    else:
        sure = draft.deadline_sure or (SURE if draft.deadline_phrase else "")
    return Source(draft.origin, words, sure, draft.units_from, draft.units_sure)


def _deadline_source(draft: Draft, case: Case, rule: Limit | None = None) -> str:
    """Where a case's deadline came from: the words of the minutes, or the office's rule."""
    if draft.deadline_phrase and draft.deadline is not None:
        return draft.deadline_phrase
    if draft.deadline is not None:
        return str(draft.deadline)
    if case.deadline_days:
        return f"未写明，按规定{case.deadline_days}个工作日"
    if rule is not None and rule.months is not None:
        return f"未写明，按规定{rule.text()}"
    return "未写明，按规定"


def _refuse_repeats(office: Any, name: str, drafts: list[Any]) -> None:
    """The same rows or decisions imported before: list the cases they became, register nothing."""
    from duban.errors import ProblemsError

    known = office.fingerprints()
    lines = []
    for draft in drafts:
        earlier = known.get(draft.fingerprint) or known.get(draft.earlier_fingerprint or "-")
        if earlier:
            lines.append(f"{name}:{draft.line}: “{draft.title}”已于此前导入为 {'、'.join(earlier)}")
    if len(lines) == 1:
        raise ProblemsError([f"{lines[0]}，本次未登记任何事项；确需再次登记请加 --again"])
    if lines:
        lines.append(f"以上 {len(lines)} 项已经导入过，本次未登记任何事项；确需再次登记请加 --again")
        raise ProblemsError(lines)


@contextlib.contextmanager
def _nothing() -> Iterator[None]:
    yield
