"""The office's documents for a case or a period: 政务督办通知, 催办通知, 督查通报, written as
Markdown, HTML or Word under out/ (or printed with -o -)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from duban.errors import InputError, NotFoundError
from duban.usecases.redaction import redact
from duban.usecases.session import Session


@dataclass(frozen=True)
class Rendered:
    """One document written (or printed, with -o -)."""

    path: str
    text: str  # the Markdown, whatever the format


def _safe_name(text: str) -> str:
    return re.sub(r"[\\\\/:*?\"<>|\s]+", "_", text).strip("_")


def _output(session: Session, markdown: str, title: str, fmt: str, target: Path | None, default_name: str) -> Rendered:
    from duban import atomic
    from duban.render.blocks import blocks
    from duban.render.templates import FORMATS

    if fmt not in FORMATS:
        raise InputError(f"文书格式“{fmt}”不认识，可选：{'、'.join(FORMATS)}")
    office = session.office
    if target is not None and str(target) == "-":
        if fmt == "docx":
            raise InputError("Word 文件不能输出到屏幕，请用 -o 给出 .docx 文件名")
        text = markdown if fmt == "md" else _html(office.root, title, markdown)
        return Rendered("-", text)
    path = target if target is not None else office.root / "out" / f"{_safe_name(default_name)}.{fmt}"
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "md":
        atomic.write_text(path, markdown)
    elif fmt == "html":
        atomic.write_text(path, _html(office.root, title, markdown))
    else:
        from duban.render.word import to_docx

        to_docx(blocks(markdown), path)
    return Rendered(str(path), markdown)


def _html(root: Path, title: str, markdown: str) -> str:
    from duban.render.blocks import blocks
    from duban.render.htmlpage import to_html

    return to_html(root, title, blocks(markdown))


def _targets(target: Path | None, count: int, suffixes: list[str]) -> list[Path | None]:
    """-o for a document that goes to several lead units: one file each, the unit in the name."""
    if target is None or count == 1 or str(target) == "-":
        return [target] * count
    return [target.with_name(f"{target.stem}-{_safe_name(s)}{target.suffix}") for s in suffixes]


def render_case_document(
    session: Session, kind: str, case_id: str, fmt: str = "md", target: Path | None = None, reply_days: int = 3
) -> list[Rendered]:
    """政务督办通知 (notice) or 催办通知 (reminder) for a case, one per lead unit."""
    from duban.render import contexts as documents
    from duban.render.templates import TEMPLATES, render_text

    office = session.office
    config = office.config
    calendar = config.calendar()
    case = redact(office.read_case(case_id), session.viewer())
    if kind == "notice":
        contexts = documents.notice_contexts(config, case, calendar, session.today)
    elif kind == "reminder":
        contexts = documents.reminder_contexts(config, case, calendar, session.today, reply_days)
    else:
        raise InputError(f"文书种类“{kind}”不认识，可选：notice（政务督办通知）、reminder（催办通知）")
    label = TEMPLATES[kind][1]
    units = [str(c["主送"]) for c in contexts]
    out = []
    for context, unit, path in zip(contexts, units, _targets(target, len(contexts), units), strict=True):
        markdown = render_text(office.root, kind, context)
        name = f"{case.id}-{label}-{unit}"
        out.append(_output(session, markdown, f"{label}（{case.doc_number}）", fmt, path, name))
    return out


def render_bulletin(
    session: Session, start: dt.date, end: dt.date, issue: int, fmt: str = "md", target: Path | None = None
) -> Rendered:
    """督查通报 for a period: figures counted as things stood at its end (or today)."""
    from duban import reports
    from duban.render import contexts as documents
    from duban.render.templates import render_text

    if end < start:
        raise InputError(f"--to {end} 早于 --from {start}，请检查日期")
    if issue < 1:
        raise InputError("--issue 期号应为正整数")
    office = session.office
    config = office.config
    reader = session.viewer()
    cases = [redact(c, reader) for c in office.cases()]
    session.report_skipped()
    report = reports.period_report(cases, config.calendar(), start, end, session.today)
    context = documents.bulletin_context(config, report, issue, session.today)
    markdown = render_text(office.root, "bulletin", context)
    return _output(session, markdown, f"督查通报（第{issue}期）", fmt, target, f"督查通报-第{issue}期")


def template_list(session: Session) -> list[Any]:
    from duban.render.templates import template_list as templates_in_force

    try:
        root: Path | None = session.office.root
    except NotFoundError:
        root = None
    return templates_in_force(root)
