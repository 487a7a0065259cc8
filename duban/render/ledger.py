"""The ledger (台账) as a file: xlsx with real dates, a frozen bold header, a filter and colours,
or CSV in UTF-8 with a BOM so that Excel shows the Chinese."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

Row = tuple[dict[str, Any], str | None]  # the values by column, and the row's level (逾期 / 临期 / None)


def plain(value: Any) -> str:
    """A value as a cell of text: 是/否, ISO dates."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(path: Path, columns: Sequence[str], rows: Sequence[Row]) -> None:
    from duban import atomic

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row, _ in rows:
        writer.writerow([plain(row[c]) if row[c] is not None else "" for c in columns])
    atomic.write_bytes(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))


def write_xlsx(
    path: Path, columns: Sequence[str], rows: Sequence[Row], office: str, today: dt.date, date_columns: Sequence[str]
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "督办台账"
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    fills = {"逾期": PatternFill("solid", fgColor="FFC7CE"), "临期": PatternFill("solid", fgColor="FFEB9C")}
    for row, level in rows:
        sheet.append([row[c] if row[c] != "" else None for c in columns])
        if level in fills:
            for cell in sheet[sheet.max_row]:
                cell.fill = fills[level]
    for column in date_columns:
        letter = get_column_letter(list(columns).index(column) + 1)
        for cell in sheet[letter][1:]:
            cell.number_format = "yyyy-mm-dd"
    for index, column in enumerate(columns, 1):
        values = [column] + [plain(r[column]) if r[column] is not None else "" for r, _ in rows]
        # A Chinese character is about two Latin ones wide; cap very long text and let it wrap.
        width = max(display_width(v) for v in values) + 2
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8), 50)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(sheet.max_row, 1)}"
    sheet.oddHeader.center.text = f"{office} 督办台账（{today.isoformat()}）"
    book.properties.title = f"{office} 督办台账"
    tmp = path.with_name(f".{path.name}.tmp")
    book.save(str(tmp))
    tmp.replace(path)


def display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
