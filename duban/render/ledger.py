"""The ledger (台账) as a file: xlsx with real dates, a frozen bold header, a filter and colours,
or CSV in UTF-8 with a BOM so that Excel shows the Chinese."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from duban.render.blocks import xml_text

Row = tuple[dict[str, Any], str | None]  # the values by column, and the row's level (逾期 / 临期 / None)


def plain(value: Any) -> str:
    """A value as a cell of text: 是/否, ISO dates."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# A cell beginning with one of these is a formula to Excel and LibreOffice (a title "=HYPERLINK(…)"
# would run): such text is written with a leading apostrophe, as OWASP advises for CSV.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    text = "" if value is None else plain(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_STARTS) else text


def csv_bytes(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """CSV in UTF-8 with a BOM, so that Excel shows the Chinese; text that would be a formula is
    kept as text."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Row]) -> int:
    """Written row by row through a temporary file beside the target; returns the rows written."""
    import csv
    import io

    count = 0
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as stream:
            stream.write("\ufeff")
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerow(columns)
            for row, _ in rows:
                writer.writerow([csv_cell(row[c]) for c in columns])
                count += 1
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(path)
    return count


def write_xlsx(
    path: Path, columns: Sequence[str], rows: Iterable[Row], office: str, today: dt.date, date_columns: Sequence[str]
) -> int:
    """Written as a stream (openpyxl's write-only sheet): each row goes to the file as it is made, so
    that the ledger of years of cases takes seconds and little memory; what a stream cannot change
    afterwards (column widths, frozen header, filter) is set before the first row, from a first
    pass that spools the rows to a temporary file. Returns the rows written."""
    import pickle
    import tempfile

    widths = [display_width(column) for column in columns]
    count = 0
    with tempfile.TemporaryFile() as spool:
        for row in rows:
            pickle.dump(row, spool, protocol=pickle.HIGHEST_PROTOCOL)
            count += 1
            for index, column in enumerate(columns):
                value = row[0][column]
                if value is not None:
                    width = display_width(plain(value))
                    if width > widths[index]:
                        widths[index] = width
        spool.seek(0)

        def replay() -> Iterator[Row]:
            for _ in range(count):
                yield pickle.load(spool)

        # The file is opened before the sheet exists: a folder that cannot hold it (/proc, a name
        # too long) is then one OSError, not a stream left half-open that lxml complains of at exit.
        tmp = path.with_name(f".{path.name}.tmp")
        with open(tmp, "wb") as stream:
            try:
                _write_book(stream, columns, replay(), count, widths, office, today, date_columns)
            except BaseException:
                stream.close()
                tmp.unlink(missing_ok=True)
                raise
        tmp.replace(path)
    return count


def _write_book(
    stream: Any,
    columns: Sequence[str],
    rows: Iterable[Row],
    count: int,
    widths: list[int],
    office: str,
    today: dt.date,
    date_columns: Sequence[str],
) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("督办台账")
    for index, width in enumerate(widths, 1):
        # A Chinese character is about two Latin ones wide; cap very long text and let it wrap.
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 50)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    sheet.oddHeader.center.text = f"{office} 督办台账（{today.isoformat()}）"
    book.properties.title = f"{office} 督办台账"
    bold, centred = Font(bold=True), Alignment(horizontal="center", vertical="center")
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font, cell.alignment = bold, centred
        header.append(cell)
    sheet.append(header)
    fills = {"逾期": PatternFill("solid", fgColor="FFC7CE"), "临期": PatternFill("solid", fgColor="FFEB9C")}
    dated = frozenset(date_columns)
    for row, level in rows:
        fill = fills.get(level or "")
        values = []
        for column in columns:
            value = _xlsx_value(row[column])
            # A plain value takes openpyxl's way (a date gets yyyy-mm-dd); a cell of our own only
            # where something must be said: a coloured row, or text openpyxl would read as a formula
            # or an error code (the stream takes a cell through a slower path).
            if fill is not None or (isinstance(value, str) and value[:1] in ("=", "#")):
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text is text, even "=1+1": never a live formula
                if fill is not None:
                    cell.fill = fill
                if column in dated:
                    cell.number_format = "yyyy-mm-dd"
                value = cell
            values.append(value)
        sheet.append(values)
    book.save(stream)


def _xlsx_value(value: Any) -> Any:
    """A cell's value; text without the control characters an xlsx file cannot hold, so that one
    bad case never breaks the whole ledger."""
    if value == "":
        return None
    return xml_text(value) if isinstance(value, str) else value


@cache
def _wide() -> re.Pattern[str]:
    """Chinese and the other scripts set two columns wide. Compiled when first asked (about 6 ms:
    the range is large), never as the module loads: show and list import this module for plain()."""
    return re.compile("[\u2e81-\U0010ffff]")


def display_width(text: str) -> int:
    return len(text) if text.isascii() else len(text) + len(_wide().findall(text))
