"""Filling a rendered 政务督办报告 as a unit would in Word or WPS, with python-docx: text typed into
cells in runs split anyhow, paragraphs pasted, a tick put in, a merged cell changed."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn


def cell_after(table: Any, label: str) -> Any:
    """The first cell right of the label's cell in its row (the merged value cell)."""
    for row in table.rows:
        cells = row.cells
        for index, cell in enumerate(cells):
            if cell.text.strip() == label:
                for other in cells[index + 1 :]:
                    if other._tc is not cell._tc:
                        return other
    raise KeyError(label)


def type_into(cell: Any, text: str, pieces: int = 3) -> None:
    """Text typed into a cell as Word saves typing: one paragraph a line, each line in several runs
    (Word splits runs at every pause, spell check and IME commit)."""
    lines = text.split("\n")
    first = cell.paragraphs[0]
    for run in list(first.runs):
        run._r.getparent().remove(run._r)
    paragraphs = [first] + [cell.add_paragraph() for _ in lines[1:]]
    for paragraph, line in zip(paragraphs, lines, strict=True):
        size = max(1, len(line) // pieces)
        for start in range(0, len(line), size):
            paragraph.add_run(line[start : start + size])


def tick(cell: Any, choice: str, mark: str = "☑") -> None:
    """Replace the box before the choice with the mark, across runs."""
    text = cell.text
    assert f"□{choice}" in text, text
    new = text.replace(f"□{choice}", f"{mark}{choice}")
    type_into(cell, new, pieces=4)


def fill(
    path: Path,
    out: Path,
    text: str,
    signer: str,
    final: bool = True,
    contact: str = "张敏 13800001111",
    date: str = "2026年10月9日",
    mark: str = "☑",
) -> Path:
    document = Document(str(path))
    table = document.tables[0]
    type_into(cell_after(table, "办理情况"), text)
    tick(cell_after(table, "办理结果"), "已办结" if final else "正在办理", mark)
    if signer:
        type_into(cell_after(table, "第一责任人（签发）"), signer, pieces=2)
    type_into(cell_after(table, "联系人"), contact)
    type_into(cell_after(table, "报送日期"), date)
    document.save(str(out))
    return out


def unmerge_box(path: Path) -> None:
    """The 办理情况 row's merged value cell split back into three cells, the text in the first (as
    Word's 拆分单元格 leaves it), and the 办理结果 row's value merged with its label."""
    document = Document(str(path))
    table = document.tables[0]
    for row in table.rows:
        tcs = row._tr.findall(qn("w:tc"))
        label = "".join(t.text or "" for t in tcs[0].iter(qn("w:t")))
        if label == "办理情况":
            value = tcs[1]
            span = value.find(qn("w:tcPr") + "/" + qn("w:gridSpan"))
            if span is not None:
                count = int(span.get(qn("w:val")))
                span.getparent().remove(span)
                for _ in range(count - 1):
                    empty = copy.deepcopy(value)
                    for p in empty.findall(qn("w:p"))[1:]:
                        empty.remove(p)
                    for r in empty.iter(qn("w:r")):
                        r.getparent().remove(r)
                    value.addnext(empty)
        if label == "办理结果":
            # The label and the ticks joined into one cell: 办理结果：☑已办结 □正在办理
            first, second = tcs[0], tcs[1]
            words = "".join(t.text or "" for t in second.iter(qn("w:t")))
            for t in list(first.iter(qn("w:t"))):
                t.text = ""
            runs = list(first.iter(qn("w:t")))
            runs[0].text = f"办理结果：{words}"
            row._tr.remove(second)
            span = first.find(qn("w:tcPr") + "/" + qn("w:gridSpan"))
            props = first.find(qn("w:tcPr"))
            if span is None:
                span = props.makeelement(qn("w:gridSpan"), {})
                props.append(span)
            span.set(qn("w:val"), "4")
    document.save(str(path))
