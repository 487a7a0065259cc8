"""Minutes as offices send them: Word files (.docx read directly; .doc and .wps through LibreOffice)
and text files, as numbered pieces in reading order: paragraphs with the numbering Word applies
itself (一、 （一） 1. are often list numbering, not text), and table rows cell by cell."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from duban.errors import InputError
from duban.records import NamedTuple


class Piece(NamedTuple):
    """One paragraph, or one row of a table (cells), of the minutes."""

    number: int  # the line of a text file, the paragraph of a Word file
    text: str
    where: str  # 第3行, 第5段, 表1第2行
    cells: tuple[str, ...] = ()
    table: int = 0  # which table a row belongs to (1, 2, ...); 0 for a paragraph


def text_pieces(text: str) -> list[Piece]:
    """The non-empty lines of a text, each a piece; a task list pasted as text (columns parted by
    tabs, or by two or more spaces, under a header row naming a task and a unit column) gives
    rows with cells, as the same table in a Word file does."""
    pieces: list[Piece] = []
    table = 0
    width = 0  # the columns of the table being read, 0 outside one
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            width = 0
            continue
        cells = _columns(raw)
        if width and len(cells) >= 2:
            cells = cells + ("",) * (width - len(cells))
            pieces.append(Piece(number, "\t".join(c for c in cells if c), f"第{number}行", cells, table))
            continue
        width = 0
        if len(cells) >= 3 and _is_task_header(cells):
            table += 1
            width = len(cells)
            pieces.append(Piece(number, "\t".join(cells), f"第{number}行", cells, table))
            continue
        pieces.append(Piece(number, line, f"第{number}行"))
    return pieces


_HEADER_TASK = re.compile(r"任务|事项|内容|议题")
_HEADER_UNIT = re.compile(r"单位|部门")


def _is_task_header(cells: tuple[str, ...]) -> bool:
    return any(_HEADER_TASK.search(c) for c in cells) and any(_HEADER_UNIT.search(c) for c in cells)


def _columns(line: str) -> tuple[str, ...]:
    """A line's columns: parted by tabs (an empty cell kept), else by two or more spaces."""
    line = line.rstrip("\r\n")
    if "\t" in line.strip():
        return tuple(cell.strip() for cell in line.strip("\r\n ").split("\t"))
    return tuple(cell for cell in re.split(r"(?: |\u3000){2,}", line.strip()) if cell)


# Spreadsheets (Excel, WPS 表格, CSV) are task tables, read by `import table`, never minutes.
SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".csv")


def read_minutes_file(path: Path, data: bytes) -> list[Piece] | None:
    """A Word file's pieces; None for anything else (read as text)."""
    suffix = path.suffix.lower()
    if suffix in SHEET_SUFFIXES:
        raise InputError(
            f"{path} 是表格，不是会议纪要：纪要应为 .docx、.doc、.wps 或 .txt；任务分解表请用 duban import table 导入"
        )
    if suffix == ".docx" or (data[:4] == b"PK\x03\x04" and suffix not in (".txt", ".text")):
        return docx_pieces(data, str(path))
    if suffix in (".doc", ".wps"):
        return docx_pieces(_converted(path, data), str(path))
    return None


def _converted(path: Path, data: bytes) -> bytes:
    """A .doc or .wps file as .docx, converted by LibreOffice."""
    import tempfile

    from duban.render.pdf import CONVERT_SECONDS, ConversionError, convert

    with tempfile.TemporaryDirectory(prefix="duban-doc-") as scratch:
        source = Path(scratch) / f"纪要{path.suffix.lower()}"
        source.write_bytes(data)
        try:
            return convert(source, "docx")
        except ConversionError as error:
            raise InputError(
                {
                    "missing": f"{path.name} 是 {path.suffix} 文件，读取需要 LibreOffice：请安装（Debian/Ubuntu："
                    "apt-get install libreoffice-writer-nogui），或在 Word/WPS 里另存为 .docx 后再导入",
                    "timeout": f"LibreOffice 转换 {path.name} 超过 {CONVERT_SECONDS} 秒没有完成，"
                    "请在 Word/WPS 里另存为 .docx 后再导入",
                }.get(error.reason, f"LibreOffice 没能读出 {path.name}，请在 Word/WPS 里另存为 .docx 后再导入")
            ) from None


# What a Word or Excel file of an office's minutes or tasks inflates to, at most: its text and a few
# pictures. A zip bomb (1.5 MB inflating to 1.6 GB) is refused from the zip's directory, before
# anything is inflated.
UNZIPPED_LIMIT = 256 << 20
RATIO_LIMIT = 200  # XML compresses about 10:1; a member a thousand times its packed size is made so


def check_zip(data: bytes, name: str) -> None:
    """Refuse an Office file whose members would inflate far beyond what a document holds."""
    import zipfile

    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a zip at all: the reader names the problem
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if total > UNZIPPED_LIMIT or (member.file_size > (1 << 20) and ratio > RATIO_LIMIT):
            raise InputError(
                f"{name} 解压后异常庞大（{member.filename} 解压为 {member.file_size >> 20} MB，"
                f"是压缩后的 {ratio:.0f} 倍），不像是正常的 Office 文件，请在 Word/Excel 里另存后再导入"
            )


def docx_pieces(data: bytes, name: str) -> list[Piece]:
    """Paragraphs and table rows in the order they stand in the document body."""
    check_zip(data, name)
    try:
        from docx import Document
        from docx.oxml.ns import qn

        document = Document(io.BytesIO(data))
    except Exception as error:  # a damaged or foreign file: python-docx raises many kinds
        import os

        said = f"（{type(error).__name__}: {error}）" if os.environ.get("DUBAN_DEBUG") else ""
        raise InputError(
            f"读不了 Word 文件 {name}{said}：文件已损坏或不是 .docx，请在 Word 或 WPS 里另存为 .docx 后再导入"
        ) from None
    numbering = _Numbering(document)
    pieces: list[Piece] = []
    paragraph = 0
    tables = 0
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            text = "".join(t.text or "" for t in element.iter(qn("w:t"))).strip()
            label = numbering.label(element, document)
            if not text:
                continue
            paragraph += 1
            pieces.append(Piece(paragraph, label + text, f"第{paragraph}段"))
        elif element.tag == qn("w:tbl"):
            tables += 1
            above: dict[int, str] = {}  # each grid column's text in the row above, for merged cells
            for index, row in enumerate(element.iter(qn("w:tr")), 1):
                cells = _row_cells(row, above, qn)
                if any(cells):
                    paragraph += 1
                    pieces.append(Piece(paragraph, "，".join(c for c in cells if c), f"表{tables}第{index}行", cells,
                                        tables))  # fmt: skip
    return pieces


def _row_cells(row: Any, above: dict[int, str], qn: Any) -> tuple[str, ...]:
    """A table row's cells by grid column: a cell spanning columns (gridSpan) stands once; a cell
    merged with the one above (vMerge, as a 责任单位 shared by several rows) repeats its text."""
    cells: list[str] = []
    column = 0
    for cell in row.iterchildren(qn("w:tc")):
        props = cell.find(qn("w:tcPr"))
        span_node = props.find(qn("w:gridSpan")) if props is not None else None
        merge = props.find(qn("w:vMerge")) if props is not None else None
        text = "".join(t.text or "" for t in cell.iter(qn("w:t"))).strip()
        if merge is not None and merge.get(qn("w:val"), "continue") != "restart" and not text:
            text = above.get(column, "")
        cells.append(text)
        above[column] = text
        column += int(span_node.get(qn("w:val"), "1")) if span_node is not None else 1
    return tuple(cells)


_CN = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1..99 as 一 … 九十九 (Word's chineseCounting)."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


def _format(value: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "japaneseCounting",
               "chineseLegalSimplified", "taiwaneseCounting", "taiwaneseCountingThousand"):  # fmt: skip
        return chinese_numeral(value) if value < 100 else str(value)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + value - 1) if 1 <= value <= 20 else str(value)
    if fmt == "upperLetter":
        return chr(ord("A") + (value - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (value - 1) % 26)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(value))
    if fmt in ("none", "bullet"):
        return ""
    return str(value)


class _Numbering:
    """Word's automatic numbering, counted as Word counts it: each list's levels, deeper levels
    starting again when a shallower one advances."""

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self.qn = qn
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (fmt, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in node.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
                    text.get(qn("w:val"), "") if text is not None else "",
                    int(start.get(qn("w:val"), "1")) if start is not None else 1,
                )
            abstract[node.get(qn("w:abstractNumId"), "")] = levels
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self.levels[num.get(qn("w:numId"), "")] = abstract.get(ref.get(qn("w:val"), ""), {})

    def _num_props(self, paragraph: Any, document: Any) -> tuple[str, int] | None:
        qn = self.qn
        ppr = paragraph.find(qn("w:pPr"))
        props = ppr.find(qn("w:numPr")) if ppr is not None else None
        if props is None and ppr is not None:  # numbering from the paragraph's style
            style = ppr.find(qn("w:pStyle"))
            if style is not None:
                try:
                    found = document.styles.element.get_by_id(style.get(qn("w:val")))
                except (KeyError, AttributeError):
                    found = None
                spr = found.find(qn("w:pPr")) if found is not None else None
                props = spr.find(qn("w:numPr")) if spr is not None else None
        if props is None:
            return None
        num = props.find(qn("w:numId"))
        level = props.find(qn("w:ilvl"))
        if num is None:
            return None
        return num.get(qn("w:val"), ""), int(level.get(qn("w:val"), "0")) if level is not None else 0

    def label(self, paragraph: Any, document: Any) -> str:
        found = self._num_props(paragraph, document)
        if found is None:
            return ""
        num, level = found
        levels = self.levels.get(num)
        if not levels or level not in levels or num == "0":
            return ""
        counters = self.counters.setdefault(num, {})
        counters[level] = counters.get(level, levels[level][2] - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        text = levels[level][1]
        for at in range(level, -1, -1):
            fmt, _, start = levels.get(at, ("decimal", "", 1))
            text = text.replace(f"%{at + 1}", _format(counters.get(at, start), fmt))
        return text
