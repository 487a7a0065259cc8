"""Task tables (CSV or xlsx) -> draft cases, one per row, with the row's number for every problem."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from duban.calendar import WorkCalendar
from duban.config import Config
from duban.errors import NotFoundError
from duban.importers import Draft, ImportProblem, ImportResult, fingerprint
from duban.importers.deadlines import DateError, read_deadline, report_cycle, sureness
from duban.model import SOURCE_KINDS

HEADERS = {
    "task": ("工作任务", "任务内容", "事项", "任务", "工作内容", "督办事项", "重点任务"),
    "lead": ("牵头单位", "责任单位", "主办单位", "牵头部门", "责任部门"),
    "co": ("配合单位", "协办单位", "配合部门", "协办部门"),
    "deadline": ("完成时限", "时间节点", "办结时限", "完成时间", "时限"),
    "source": ("来源", "任务来源"),
    "leader": ("批示领导", "责任领导", "分管领导"),
    # 人大建议 and 政协提案: a session's list of suggestions or proposals.
    "title": ("标题", "建议名称", "提案名称", "建议标题", "提案标题", "案由", "题目"),
    "number": ("案号", "建议号", "提案号", "建议编号", "提案编号"),
    "proposer": ("领衔代表", "领衔人", "领衔委员", "提案人", "第一提案人", "提出人"),
    "cosigners": ("联名代表", "附议代表", "联名委员", "联名人", "附议人", "联名提案人"),
    "session": ("届次", "会议届次"),
}
_SPLIT_NAMES = re.compile(r"[、，,；;\s]+")
TITLE_LIMIT = 100  # a suggestion's title is kept whole
HEADER_SEARCH_ROWS = 10  # title rows above the header, at most
_SPLIT_UNITS = re.compile(r"[、，,；;/\s]+")


def _header_map(header: Sequence[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = re.sub(r"\s+", "", str(cell or ""))
        for key, synonyms in HEADERS.items():
            if name in synonyms and key not in found:
                found[key] = index
    return found


def parse_table(
    rows: Iterable[Sequence[Any]],
    config: Config,
    calendar: WorkCalendar,
    today: dt.date,
    source_kind: str = "政府工作报告",
    source_ref: str = "",
    sheet: str = "",
    session: str = "",
) -> ImportResult:
    """Rows of a task table as drafts; row numbers as a spreadsheet counts. The header is the first
    row that names a task column and a lead unit column: title rows above it (2026年重点工作任务
    分解表, merged across the sheet) are passed over."""
    result = ImportResult()
    table = [list(row) for row in rows]
    if not any(any(str(c or "").strip() for c in row) for row in table):
        result.problems.append(ImportProblem(1, "表格是空的"))
        return result

    def names_a_task(found: dict[str, int]) -> bool:
        return "lead" in found and ("task" in found or "title" in found)

    header_index = next((n for n, row in enumerate(table[:HEADER_SEARCH_ROWS]) if names_a_task(_header_map(row))), None)
    if header_index is None:
        header_index = next(n for n, row in enumerate(table) if any(str(c or "").strip() for c in row))
    columns = _header_map(table[header_index])
    missing = [
        label
        for key, label in (("task", "工作任务"), ("lead", "牵头单位"))
        if key not in columns and not (key == "task" and "title" in columns)
    ]
    if missing:
        result.problems.append(
            ImportProblem(
                header_index + 1,
                f"表头缺少“{'”“'.join(missing)}”列（也可写作：{'、'.join(HEADERS['task'][1:3])}；{'、'.join(HEADERS['lead'][1:3])}）",
            )
        )
        return result

    def cell(row: Sequence[Any], key: str) -> Any:
        index = columns.get(key)
        return row[index] if index is not None and index < len(row) else None

    for number, row in enumerate(table[header_index + 1 :], header_index + 2):
        if not any(str(c or "").strip() for c in row):
            continue
        task = str(cell(row, "task") or "").strip()
        named = " ".join(str(cell(row, "title") or "").split())
        if not task and not named:
            result.problems.append(ImportProblem(number, "工作任务为空" if "title" not in columns else "标题为空"))
            continue
        try:
            lead = _units(cell(row, "lead"), config)
            co = tuple(u for u in _units(cell(row, "co"), config) if u not in lead)
        except NotFoundError as error:
            result.problems.append(ImportProblem(number, error.message))
            continue
        if not lead:
            result.problems.append(ImportProblem(number, "牵头单位为空"))
            continue
        raw_deadline = cell(row, "deadline")
        deadline = None
        standing = False
        sure = ""
        if isinstance(raw_deadline, dt.datetime):
            deadline = raw_deadline.date()
        elif isinstance(raw_deadline, dt.date):
            deadline = raw_deadline
        elif raw_deadline not in (None, "") and str(raw_deadline).strip():
            try:
                stated = read_deadline(str(raw_deadline), today, calendar)
            except DateError:
                stated = None
            if stated is not None and stated.unknown:
                result.problems.append(
                    ImportProblem(
                        number, f"认不出的时限：{stated.phrase}；请在表中写成日期（如 2027-05-31）、年底前或长期"
                    )
                )
                continue
            if stated is None or (stated.date is None and not stated.standing):
                result.problems.append(
                    ImportProblem(number, f"完成时限“{raw_deadline}”看不懂，请写成 2026-11-30、2026年12月底或年底前")
                )
                continue
            deadline, standing, sure = stated.date, stated.standing, sureness(stated)
        source = str(cell(row, "source") or "").strip()
        kind, ref = (source, source_ref) if source in SOURCE_KINDS else (source_kind, source or source_ref)
        title = named[:TITLE_LIMIT] if named else _short(task)
        result.drafts.append(
            Draft(
                line=number,
                title=title,
                content=task if len(task) > len(title) or (named and task) else "",
                lead_units=lead,
                co_units=co,
                deadline=deadline,
                deadline_phrase=raw_deadline.strip() if isinstance(raw_deadline, str) else "",
                standing=standing,
                deadline_sure=sure,
                report_cycle=report_cycle(task),
                source_kind=kind,
                source_ref=ref,
                leader=str(cell(row, "leader") or "").strip(),
                origin=f"{sheet} 第{number}行" if sheet else f"第{number}行",
                fingerprint=fingerprint("|".join(str(c) for c in row if c not in (None, ""))),
                session=" ".join(str(cell(row, "session") or "").split()) or session,
                number=" ".join(str(cell(row, "number") or "").split()),
                proposer=" ".join(str(cell(row, "proposer") or "").split()),
                cosigners=tuple(dict.fromkeys(n for n in _SPLIT_NAMES.split(str(cell(row, "cosigners") or "")) if n)),
            )
        )
    return result


def _short(task: str) -> str:
    first = re.split(r"[。；;\n]", task.strip())[0]
    return first[:40]


def _units(value: Any, config: Config) -> tuple[str, ...]:
    names: list[str] = []
    for part in _SPLIT_UNITS.split(str(value or "")):
        if part:
            full = config.resolve_unit(part)
            if full not in names:
                names.append(full)
    return tuple(names)


def read_table_rows(path: Any, raw: bytes) -> tuple[str, list[list[Any]]]:
    """The sheet's name (xlsx) and the rows of a CSV (UTF-8 with or without BOM, GBK, or Excel's
    "Unicode text": UTF-16, tab-separated) or of an xlsx file's first sheet."""
    import csv
    import io

    suffix = str(path).lower().rsplit(".", 1)[-1]
    if suffix == "xlsx":
        from openpyxl import load_workbook

        from duban.importers.wordfile import check_zip

        check_zip(raw, str(path))
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        return str(sheet.title), [list(row) for row in sheet.iter_rows(values_only=True)]
    from duban.textfiles import decode_text

    text = decode_text(raw, str(path))
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return "", [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
