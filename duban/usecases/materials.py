"""The materials filed with a case (四川 §10(六) 归档): the documents issued for it kept in the
repository beside it, archive/2026/2026-0017/政务督办通知.md …, as the Markdown text each was rendered
from (`duban render … --format md`). At 归档 whatever is not there yet is rendered again from the
case, in the archive's own commit; `render … --record` files one document at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from duban.errors import DubanError, InputError
from duban.model import Case
from duban.usecases.session import Session

ARCHIVE_DIR = "archive"


def folder(case_id: str) -> str:
    """archive/2026/2026-0017: where a case's materials are kept, relative to the office."""
    return f"{ARCHIVE_DIR}/{case_id[:4]}/{case_id}"


def _file_name(text: str) -> str:
    from duban.usecases.documents import _safe_name

    return _safe_name(text) + ".md"


def listed(session: Session, case_id: str) -> list[str]:
    """The materials filed with a case, as paths relative to the office, by name."""
    where = session.office.root / folder(case_id)
    if not where.is_dir():
        return []
    return sorted(f"{folder(case_id)}/{p.name}" for p in where.iterdir() if p.is_file())


def _named(label: str, units: list[str]) -> list[str]:
    """One file per unit where a document went to several, else the document's own name."""
    if len(units) <= 1:
        return [label]
    return [f"{label}-{unit}" for unit in units]


def issued(session: Session, case: Case, bulletins: dict[tuple[int, str], str] | None = None) -> list[tuple[str, str]]:
    """The documents the office issued for a case, rendered from it: the notice to each lead unit
    (not for a matter the office handled itself), each written 催办's notice, a suggestion's answer
    letters, and each bulletin that named it. (file name, Markdown)."""
    from duban.lifecycle import handled_by_office
    from duban.render import contexts
    from duban.render.templates import render_text

    office = session.office
    config = office.config
    calendar = config.calendar()
    root = office.root
    out: list[tuple[str, str]] = []
    if case.assigned is not None and case.lead_units and not handled_by_office(case, config.office):
        try:
            notices = contexts.notice_contexts(config, case, calendar, session.today)
        except DubanError:
            notices = []
        names = _named("政务督办通知", [str(c["主送"]) for c in notices])
        out += [(_file_name(n), render_text(root, "notice", c)) for n, c in zip(names, notices, strict=True)]
    written = [i for i, e in enumerate(case.events) if e.action == "催办" and e.get("文号")]
    for at in written:
        event = case.events[at]
        if (event.get("方式") or "书面") != "书面":
            continue
        upto = case._replace(events=case.events[: at + 1])
        try:
            reminders = contexts.reminder_contexts(config, upto, calendar, event.date, 3)
        except DubanError:
            continue
        names = _named(f"催办通知-{event.get('文号')}", [str(c["主送"]) for c in reminders])
        out += [(_file_name(n), render_text(root, "reminder", c)) for n, c in zip(names, reminders, strict=True)]
    if case.source.is_proposal:
        try:
            letters = contexts.answer_letter_contexts(config, case)
        except DubanError:
            letters = []
        for context in letters:
            deputy = str(context["主送"]) or "代表"
            name = _file_name(f"答复函-{context['承办单位']}-{deputy}")
            out.append((name, render_text(root, "answer-letter", context)))
    cache = bulletins if bulletins is not None else {}
    for event in case.events:
        if event.action != "通报":
            continue
        key = (event.date.year, str(event.get("期号") or ""))
        if key not in cache:
            cache[key] = _bulletin(session, *key)
        if cache[key]:
            out.append((_file_name(f"督查通报-{key[0]}年{key[1]}"), cache[key]))
    return out


def _bulletin(session: Session, year: int, issue: str) -> str:
    """A recorded bulletin rendered again from bulletins.yaml's entry (its period, its day)."""
    from duban import reports
    from duban.caseindex import in_period
    from duban.render import contexts
    from duban.render.templates import render_text
    from duban.usecases.redaction import PUBLIC, redact

    office = session.office
    number = issue.removeprefix("第").removesuffix("期")
    entry = next(
        (b for b in office.bulletins() if b.get("年度") == year and str(b.get("期号")) == number),
        None,
    )
    if entry is None:
        return ""
    start, end, day = (_date(entry.get(k)) for k in ("起始日期", "截止日期", "日期"))
    if start is None or end is None or day is None:
        return ""
    cases = (redact(c, PUBLIC) for c in office.iter_cases(in_period(start, min(end, day))))
    report = reports.period_report(cases, office.config.calendar(), start, end, day)
    context = contexts.bulletin_context(office.config, report, int(number), day)
    return render_text(office.root, "bulletin", context)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def missing_writes(
    session: Session, cases: list[Case], bulletins: dict[tuple[int, str], str] | None = None
) -> list[tuple[str, str | None]]:
    """The materials of these cases not yet filed: (path, Markdown) to write in the archive's commit."""
    root = session.office.root
    cache = bulletins if bulletins is not None else {}
    writes: list[tuple[str, str | None]] = []
    for case in cases:
        for name, text in issued(session, case, cache):
            rel = f"{folder(case.id)}/{name}"
            if not (root / rel).exists():
                writes.append((rel, text))
    return writes


def record(session: Session, case_id: str, kind: str, to: str = "") -> list[str]:
    """render --record: the document (as Markdown) filed with the case, in one commit."""
    from duban.audit.git import CommitMessage, Git
    from duban.render.templates import TEMPLATES
    from duban.usecases.recording import changing, commit_files
    from duban.usecases.redaction import commit_title

    operator = session.operator()
    with changing(session) as office:
        case = office.read_case(case_id)
        texts = _rendered(session, case, kind, to)
        writes: list[tuple[str, str | None]] = [(f"{folder(case.id)}/{_file_name(n)}", t) for n, t in texts]
        writes = [(rel, text) for rel, text in writes if office.file_text(rel) != text]
        if not writes:
            return [rel for rel, _ in [(f"{folder(case.id)}/{_file_name(n)}", t) for n, t in texts]]
        label = TEMPLATES[kind][1]
        message = CommitMessage("归档材料", case.id, commit_title(case), body=f"存入{label}")
        commit_files(office, Git(office.root), writes, message, operator)
        return [rel for rel, _ in writes]


def _rendered(session: Session, case: Case, kind: str, to: str) -> list[tuple[str, str]]:
    from duban.usecases.documents import UPWARD_KINDS, upward_markdown

    if kind in UPWARD_KINDS:
        name = f"{'呈阅件' if kind == 'case-report' else '向上级报告'}-{session.today.isoformat()}"
        return [(name, upward_markdown(session, case, kind, to))]
    wanted = {"notice": "政务督办通知", "reminder": "催办通知", "answer-letter": "答复函"}.get(kind)
    if wanted is None:
        raise InputError(f"{kind} 不单独存入归档材料：它是政务督办通知的附件，单位填写后报回")
    found = [(name.removesuffix(".md"), text) for name, text in issued(session, case, {}) if name.startswith(wanted)]
    if kind == "reminder" and found:
        found = [item for item in found if _latest_reminder(case) in item[0]]
    if not found:
        raise InputError(f"事项 {case.id} 还没有可存入的{wanted}")
    return found


def _latest_reminder(case: Case) -> str:
    from duban.usecases.documents import _safe_name

    numbers = [str(e.get("文号")) for e in case.events if e.action == "催办" and e.get("文号")]
    return _safe_name(numbers[-1]) if numbers else ""
