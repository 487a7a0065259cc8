"""Documents as Word files (python-docx): A4, GB/T 9704 margins, an East-Asian font on every run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from duban.render.blocks import Block
from duban.render.geometry import (
    BODY_PT,
    FONT_BODY,
    FONT_HEADING,
    FONT_SUBHEADING,
    FONT_TITLE,
    LINE_PT,
    MARGINS_MM,
    PAGE_MM,
    RED,
    TITLE_PT,
)


def to_docx(parts: list[Block], path: Path) -> None:
    """Lay the blocks out with python-docx: A4, GB/T 9704 margins, an East-Asian font on every run."""
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt, RGBColor

    document = Document()
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    # The page number sits 7 mm below the type area: one line above the bottom margin's 7 mm.
    section.footer_distance = Mm(MARGINS_MM["bottom"] - 7 - 7)
    _style_defaults(document, Pt)

    def paragraph(
        text: str,
        *,
        size: float = BODY_PT,
        font: str = FONT_BODY,
        align: Any = None,
        indent: bool = False,
        bold: bool = False,
        red: bool = False,
        exact: bool = True,
    ) -> Any:
        para = document.add_paragraph()
        fmt = para.paragraph_format
        if exact:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(LINE_PT)
        fmt.space_before = fmt.space_after = Pt(0)
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        if align is not None:
            para.alignment = align
        run = para.add_run(text)
        _set_font(run, font, size, Pt)
        run.bold = bold
        if red:
            run.font.color.rgb = RGBColor.from_string(RED)
        return para

    ruled = False
    for block in parts:
        if block.kind == "title" and not ruled:
            rule = paragraph("", align=WD_ALIGN_PARAGRAPH.CENTER)
            _bottom_border(rule, RED)
            paragraph("")
            ruled = True
        if block.kind == "masthead":
            paragraph(block.text, size=36, font=FONT_TITLE, align=WD_ALIGN_PARAGRAPH.CENTER, red=True, exact=False)
            paragraph("")
        elif block.kind == "header":
            paragraph(block.text, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif block.kind == "title":
            paragraph(block.text, size=TITLE_PT, font=FONT_TITLE, align=WD_ALIGN_PARAGRAPH.CENTER, exact=False)
            paragraph("")
        elif block.kind == "addressee":
            paragraph(block.text)
        elif block.kind == "heading":
            paragraph(block.text, font=FONT_HEADING, indent=True)
        elif block.kind == "subheading":
            paragraph(block.text, font=FONT_SUBHEADING, indent=True)
        elif block.kind == "signature":
            para = paragraph(block.text, align=WD_ALIGN_PARAGRAPH.RIGHT)
            para.paragraph_format.right_indent = Pt(BODY_PT * 4)
        elif block.kind == "table":
            width = max(len(r) for r in block.rows)
            table = document.add_table(rows=0, cols=width)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            table.autofit = False
            # The first column holds unit names: give it room, share the rest of the type area.
            first = 44 if width > 1 else 156
            widths = [Mm(first)] + [Mm((156 - first) / (width - 1))] * (width - 1)
            for column, size in zip(table.columns, widths, strict=True):
                column.width = size
            for index, row in enumerate(block.rows):
                cells = table.add_row().cells
                for cell, size in zip(cells, widths, strict=True):
                    cell.width = size
                for cell, text in zip(cells, row, strict=False):
                    cell.text = ""
                    run = cell.paragraphs[0].add_run(text)
                    _set_font(run, FONT_HEADING if index == 0 else FONT_BODY, 12, Pt)
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            paragraph(block.text, indent=True)
    _page_number_footer(section, Pt)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))


def _style_defaults(document: Any, pt: Any) -> None:
    style = document.styles["Normal"]
    style.font.size = pt(BODY_PT)
    style.font.name = FONT_BODY
    _east_asian(style.element, FONT_BODY)


def _set_font(run: Any, font: str, size: float, pt: Any) -> None:
    run.font.name = font
    run.font.size = pt(size)
    _east_asian(run._element, font)


def _east_asian(element: Any, font: str) -> None:
    """Word picks Chinese glyphs from w:eastAsia; without it Chinese falls back to a Latin font."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


def _bottom_border(paragraph: Any, colour: str) -> None:
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.makeelement(qn("w:pBdr"), {})
    bottom = borders.makeelement(
        qn("w:bottom"), {qn("w:val"): "single", qn("w:sz"): "12", qn("w:space"): "1", qn("w:color"): colour}
    )
    borders.append(bottom)
    ppr.append(borders)


def _page_number_footer(section: Any, pt: Any) -> None:
    """Page numbers as "— 1 —", 4号 宋体, centred."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def run(text: str = "") -> Any:
        r = para.add_run(text)
        _set_font(r, "宋体", 14, pt)
        return r

    run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        r = run()
        if kind:
            field = r._element.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
            r._element.append(field)
        else:
            instr = r._element.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            instr.text = text
            r._element.append(instr)
    run(" —")
