"""Documents as Word files (python-docx) in the geometry of GB/T 9704-2012: the 版头 in 文件格式 or
信函格式, 28 characters on 22 lines, page numbers odd right and even left, the signature centred
over the date and kept with the last paragraph, tables whose header repeats, the 版记.

The offsets named *_INK_* place ink where the standard measures it (the top edge of the 标志, the
foot of the 文号), from where a line box puts its glyphs; they were measured with LibreOffice
and FandolSong/FandolFang by `make print-check`, which checks every position to 1 mm."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from duban.render.blocks import Block, closing_index, spans, split_appendix, split_head, xml_text
from duban.render.geometry import (
    BODY_PT,
    CHAR_SPACING_PT,
    FONT_BODY,
    FONT_HEADING,
    FONT_PAGE_NUMBER,
    FONT_SUBHEADING,
    FONT_TITLE,
    FORM_PT,
    FORM_ROW_MM,
    LETTER_RULE_MM,
    LINE_PT,
    MARGINS_MM,
    MASTHEAD_PT,
    MASTHEAD_TOP_MM,
    MM_PT,
    PAGE_MM,
    PAGE_NUMBER_BELOW_MM,
    PAGE_NUMBER_PT,
    RED,
    RULE_GAP_MM,
    TABLE_PAD_MM,
    TABLE_PT,
    TITLE_PT,
    TYPE_WIDTH_MM,
    column_widths,
    fill_rest,
    form_widths,
    signature_line_indents,
)
from duban.render.titles import title_lines

MASTHEAD_LINE_PT = MASTHEAD_PT * 1.25
# Where the ink sits in a line box of exact height (points from the box's top to the ink's top or foot).
MASTHEAD_INK_TOP_PT = 9.5
MASTHEAD_INK_FOOT_PT = 0.9  # from the ink's foot to the box's foot
BODY_INK_TOP_PT = 11.0
BODY_INK_FOOT_PT = 3.9
TITLE_INK_TOP_PT = 6.2
PAGE_NUMBER_DASH_PT = 13.0  # from the footer line's top to the dashes
# Word and LibreOffice put a little space where Chinese meets digits (2026年): 1.1 mm at 3号 measured.
AUTOSPACE_CHARS = 0.2


def to_docx(parts: list[Block], path: Path, layout: str = "文件") -> None:
    """Lay the blocks out with python-docx; layout is 文件 or 信函 (the 版头)."""
    from docx import Document
    from docx.enum.section import WD_SECTION

    document = Document()
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = _mm(PAGE_MM[0]), _mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = _mm(MARGINS_MM["top"]), _mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = _mm(MARGINS_MM["left"]), _mm(MARGINS_MM["right"])
    _style_defaults(document)
    _line_grid(section)
    writer = _Writer(document)
    body = fill_rest(list(parts))
    if layout == "信函":
        section.different_first_page_header_footer = True
        body = writer.letter_head(section, body)
    else:
        body = writer.file_head(body)
    writer.body(body)
    _page_numbers(document, section)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))


def _mm(value: float) -> Any:
    from docx.shared import Mm

    return Mm(value)


def _pt(value: float) -> Any:
    from docx.shared import Pt

    return Pt(value)


class _Writer:
    def __init__(self, document: Any) -> None:
        self.document = document

    def paragraph(
        self,
        text: str = "",
        *,
        size: float = BODY_PT,
        font: str = FONT_BODY,
        align: str | None = None,
        indent: float = 0,
        red: bool = False,
        height: float = LINE_PT,
        spacing: float = 0.0,
        container: Any = None,
    ) -> Any:
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING

        para = (container or self.document).add_paragraph()
        fmt = para.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = _pt(max(height, 0.7))
        fmt.space_before = fmt.space_after = _pt(0)
        fmt.first_line_indent = _pt(indent * BODY_PT) if indent else None
        para.alignment = {
            None: None,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }[align]
        if height != LINE_PT or size != BODY_PT:
            _no_grid(para)  # off the line grid: the grid would round its height to whole lines
        if text:
            if "\t" in text:
                left, right = text.split("\t", 1)
                self._run(para, left, font, size, red, spacing)
                _right_tab(para)
                self._run(para, "\t" + right, font, size, red, spacing)
            else:
                self._run(para, text, font, size, red, spacing)
        return para

    @staticmethod
    def _run(para: Any, text: str, font: str, size: float, red: bool, spacing: float) -> Any:
        from docx.shared import RGBColor

        run = para.add_run(xml_text(text))  # a template of the office's own may hold anything
        _set_font(run, font, size)
        if red:
            run.font.color.rgb = RGBColor.from_string(RED)
        if spacing:
            _char_spacing(run, spacing)
        return run

    def spacer(self, height_pt: float, container: Any = None) -> Any:
        return self.paragraph("", height=height_pt, size=1, container=container)

    # -- 版头 ---------------------------------------------------------------------------------------

    def file_head(self, parts: list[Block]) -> list[Block]:
        """文件格式: 紧急程度 on the first line, the 标志 35 mm below the 版心's top, the 文号 two
        lines below it, the red rule 4 mm under the 文号, the title two lines below the rule."""
        urgency, masthead, headers, rest = split_head(parts)
        if masthead is None:
            for block in urgency:  # the 附件 mark (or 紧急程度) at the top left, in 黑体
                self.paragraph(block.text, font=FONT_HEADING, align="left")
            for block in headers:
                self.header_line(block, "center")
            return rest
        for block in urgency:
            self.paragraph(block.text, font=FONT_HEADING, align="left")
        above = (MASTHEAD_TOP_MM["文件"] - MARGINS_MM["top"]) * MM_PT - len(urgency) * LINE_PT
        self.spacer(above - MASTHEAD_INK_TOP_PT)
        self.paragraph(masthead.text, size=MASTHEAD_PT, font=FONT_TITLE, align="center", red=True,
                       height=MASTHEAD_LINE_PT)  # fmt: skip
        self.spacer(2 * LINE_PT - BODY_INK_TOP_PT - MASTHEAD_INK_FOOT_PT)
        for block in headers:
            self.header_line(block, "center")
        rule = self.spacer(RULE_GAP_MM * MM_PT - BODY_INK_FOOT_PT)
        _border(rule, "bottom", "single", 12, RED)
        self.spacer(2 * LINE_PT - TITLE_INK_TOP_PT)
        return rest

    def letter_head(self, section: Any, parts: list[Block]) -> list[Block]:
        """信函格式: 标志 30 mm from the page top and a red double line 4 mm under it, 170 mm long, in the
        first page's header; the 文号 at the right under the line, then the title."""
        urgency, masthead, headers, rest = split_head(parts)
        header = section.first_page_header
        section.header_distance = _mm(MASTHEAD_TOP_MM["信函"]) - _pt(MASTHEAD_INK_TOP_PT)
        first = header.paragraphs[0]
        if masthead is not None:
            first.text = ""
            self._run(first, masthead.text, FONT_TITLE, MASTHEAD_PT, True, 0)
            fmt = first.paragraph_format
            from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING

            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = _pt(MASTHEAD_LINE_PT)
            fmt.space_before = fmt.space_after = _pt(0)
            first.alignment = WD_ALIGN_PARAGRAPH.CENTER
            overhang = (LETTER_RULE_MM - TYPE_WIDTH_MM) / 2
            below = MASTHEAD_LINE_PT - MASTHEAD_INK_TOP_PT - MASTHEAD_PT * 0.92  # ink foot to box foot
            line = self.spacer(max(RULE_GAP_MM * MM_PT - below, 1.0), container=header)
            line.paragraph_format.left_indent = line.paragraph_format.right_indent = -_mm(overhang)
            _border(line, "bottom", "thickThinSmallGap", 24, RED)
        for block in urgency:
            self.paragraph(block.text, font=FONT_HEADING, align="left")
        for block in headers:
            self.header_line(block, "right")
        self.spacer(LINE_PT)
        return rest

    def header_line(self, block: Block, align: str) -> None:
        """A 版头 line: the 文号, or a mark (**A**, the answer class) in bold 黑体 at the 版心's right edge."""
        if block.kind != "mark":
            self.paragraph(block.text, align=align)
            return
        para = self.paragraph(block.text, font=FONT_HEADING, align="right")
        for run in para.runs:
            run.font.bold = True

    # -- the body -----------------------------------------------------------------------------------

    def body(self, parts: list[Block]) -> None:
        """The body to the signature and 附注; an attachment after it on a page of its own (its 附件
        mark at the top left, in 黑体); the 版记 last."""
        main, annexed, colophon = split_appendix(parts)
        self.section(main)
        if annexed:
            mark = self.paragraph(annexed[0].text, font=FONT_HEADING, align="left")
            mark.paragraph_format.page_break_before = True
            self.section(annexed[1:])
        if colophon:
            self.colophon([b.text for b in colophon])

    def section(self, parts: list[Block]) -> None:
        last_text = closing_index(parts)
        signature = [b for b in parts if b.kind == "signature"]
        for index, block in enumerate(parts):
            kind = block.kind
            if kind == "title":
                lines = "\n".join(title_lines(block.text))  # broken between words (titles.py)
                para = self.paragraph(lines, size=TITLE_PT, font=FONT_TITLE, align="center")
                para.paragraph_format.keep_with_next = True
                self.spacer(LINE_PT).paragraph_format.keep_with_next = True
            elif kind == "addressee":
                self.paragraph(block.text, spacing=CHAR_SPACING_PT)
            elif kind == "heading":
                para = self.paragraph(block.text, font=FONT_HEADING, indent=2, spacing=CHAR_SPACING_PT)
                para.paragraph_format.keep_with_next = True
            elif kind == "subheading":
                para = self.paragraph(block.text, font=FONT_SUBHEADING, indent=2, spacing=CHAR_SPACING_PT)
                para.paragraph_format.keep_with_next = True
            elif kind == "table":
                self.table(block.rows)
            elif kind == "form":
                self.form(block)
            elif kind == "annex":  # 附件说明: a blank line below the body, two characters in
                self.spacer(LINE_PT).paragraph_format.keep_with_next = True
                para = self.paragraph(block.text, align="left", indent=2, spacing=CHAR_SPACING_PT)
                para.paragraph_format.keep_with_next = bool(signature) and index == last_text
            elif kind in ("signature", "note", "colophon"):
                continue
            elif kind in ("paragraph", "header", "urgency", "masthead"):
                para = self.paragraph(block.text, align="justify", indent=2, spacing=CHAR_SPACING_PT)
                if index == last_text and signature:
                    para.paragraph_format.keep_with_next = True
                    para.paragraph_format.keep_together = True
        if signature:
            self.signature([b.text for b in signature])
        for block in parts:
            if block.kind == "note":  # 附注: under the date, two characters in (GB/T 9704 7.3.6)
                self.paragraph(block.text, align="left", indent=2, spacing=CHAR_SPACING_PT)

    def signature(self, lines: list[str]) -> None:
        """One blank line for the seal, the 署名 centred over the 成文日期, the date 4 characters in."""
        blank = self.spacer(LINE_PT)
        blank.paragraph_format.keep_with_next = True
        indents = signature_line_indents(lines, AUTOSPACE_CHARS)
        for number, (text, indent) in enumerate(zip(lines, indents, strict=True)):
            para = self.paragraph(text, align="right")
            para.paragraph_format.right_indent = _pt(indent * BODY_PT)
            if number < len(lines) - 1:
                para.paragraph_format.keep_with_next = True

    def colophon(self, lines: list[str]) -> None:
        """版记: 抄送 and 印发机关/印发日期 (4号), between a thick first line, thin lines between the
        entries and a thick last line, each as wide as the 版心 (drawn on paragraphs of their own:
        a border follows its paragraph's indents); kept together."""
        self.spacer(LINE_PT).paragraph_format.keep_with_next = True

        def rule(size: int, keep: bool) -> None:
            line = self.spacer(1.0)
            _border(line, "bottom", "single", size, "000000")
            line.paragraph_format.keep_with_next = keep

        for index, text in enumerate(lines):
            rule(8 if index == 0 else 4, True)
            para = self.paragraph("", size=14)
            _hanging_text(self, para, text)
            para.paragraph_format.keep_with_next = True
            # One character in at both sides; 抄送's further lines under the first name after its colon.
            label = len(text.split("：", 1)[0]) + 1 if text.startswith("抄送") and "：" in text else 0
            para.paragraph_format.left_indent = _pt(14 * (1 + label))
            para.paragraph_format.first_line_indent = _pt(-14 * label) if label else None
            para.paragraph_format.right_indent = _pt(14)
        rule(8, False)

    def table(self, rows: tuple[tuple[str, ...], ...]) -> None:
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        count = max(len(r) for r in rows)
        widths = column_widths(rows, TYPE_WIDTH_MM, TABLE_PT, TABLE_PAD_MM)
        table = self._grid(widths)
        for index, row in enumerate(rows):
            added = table.add_row()
            added.height = _mm(8)
            added.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            _row_flags(added, header=index == 0)
            for cell, width, text in zip(added.cells, widths, [*row, *[""] * (count - len(row))], strict=True):
                cell.width = _mm(width)
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                font = FONT_HEADING if index == 0 else FONT_BODY
                self._cell_text(cell, text, font, TABLE_PT, WD_ALIGN_PARAGRAPH.CENTER)
        self.spacer(LINE_PT)

    def _grid(self, widths: list[float]) -> Any:
        """A table of fixed column widths (mm), centred, its cells padded so that glyphs never
        touch the lines."""
        from docx.enum.table import WD_TABLE_ALIGNMENT

        table = self.document.add_table(rows=0, cols=len(widths))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _table_layout_fixed(table)
        _cell_margins(table, TABLE_PAD_MM)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = _mm(width)
        return table

    def _cell_text(self, cell: Any, text: str, font: str, size: float, align: Any) -> None:
        para = cell.paragraphs[0]
        para.paragraph_format.line_spacing = _pt(size * 1.5)
        para.paragraph_format.space_before = para.paragraph_format.space_after = _pt(0)
        para.alignment = align
        self._run(para, text, font, size, False, 0)
        _no_grid(para)

    def form(self, block: Block) -> None:
        """A form to fill in (4号): labels centred in the even columns, values at the left, joined
        cells merged, rows at least FORM_ROW_MM high or as high as the template says; a row is
        never split across pages."""
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        rows = [spans(r) for r in block.rows]
        widths = form_widths(rows, TYPE_WIDTH_MM, FORM_PT, TABLE_PAD_MM)
        table = self._grid(widths)
        for cells, height in zip(rows, block.heights or [0.0] * len(rows), strict=True):
            added = table.add_row()
            added.height = _mm(height or FORM_ROW_MM)
            added.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if height else WD_ROW_HEIGHT_RULE.AT_LEAST
            _row_flags(added, header=False)
            for cell, width in zip(added.cells, widths, strict=True):
                cell.width = _mm(width)
            for start, text, span in cells:
                cell = added.cells[start]
                if span > 1:
                    cell = cell.merge(added.cells[min(start + span, len(widths)) - 1])
                label = start % 2 == 0 and span == 1
                tall = bool(height)
                cell.vertical_alignment = (
                    WD_CELL_VERTICAL_ALIGNMENT.TOP if tall and not label else WD_CELL_VERTICAL_ALIGNMENT.CENTER
                )
                align = WD_ALIGN_PARAGRAPH.CENTER if label else WD_ALIGN_PARAGRAPH.LEFT
                self._cell_text(cell, text, FONT_BODY, FORM_PT, align)
        self.spacer(LINE_PT / 2)


def _hanging_text(writer: _Writer, para: Any, text: str) -> None:
    if "\t" in text:
        left, right = text.split("\t", 1)
        writer._run(para, left, FONT_BODY, 14, False, 0)
        _right_tab(para, TYPE_WIDTH_MM - 14 / MM_PT)
        writer._run(para, "\t" + right, FONT_BODY, 14, False, 0)
    else:
        writer._run(para, text, FONT_BODY, 14, False, 0)


# -- OOXML the python-docx API does not reach ----------------------------------------------------------


def _style_defaults(document: Any) -> None:
    style = document.styles["Normal"]
    style.font.size = _pt(BODY_PT)
    style.font.name = FONT_BODY
    _east_asian(style.element, FONT_BODY)


def _set_font(run: Any, font: str, size: float) -> None:
    run.font.name = font
    run.font.size = _pt(size)
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


def _char_spacing(run: Any, points: float) -> None:
    from docx.oxml.ns import qn

    rpr = run._element.get_or_add_rPr()
    spacing = rpr.makeelement(qn("w:spacing"), {qn("w:val"): str(round(points * 20))})
    rpr.append(spacing)


def _line_grid(section: Any) -> None:
    """A document grid of 22 lines (w:docGrid, pitch 28.95 pt). The 28 characters come from the run
    spacing above: LibreOffice reads a linesAndChars grid's character pitch differently from Word
    (14–18 characters a line measured), run spacing is read alike by both."""
    from docx.oxml.ns import qn

    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = sect.makeelement(qn("w:docGrid"), {})
        sect.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PT * 20)))


def _no_grid(para: Any) -> None:
    from docx.oxml.ns import qn

    ppr = para._p.get_or_add_pPr()
    ppr.append(ppr.makeelement(qn("w:snapToGrid"), {qn("w:val"): "0"}))


def _right_tab(para: Any, at_mm: float = TYPE_WIDTH_MM) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT

    para.paragraph_format.tab_stops.add_tab_stop(_mm(at_mm), WD_TAB_ALIGNMENT.RIGHT)


def _border(paragraph: Any, side: str, style: str, size: int, colour: str) -> None:
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = ppr.makeelement(qn("w:pBdr"), {})
        ppr.append(borders)
    edge = borders.makeelement(
        qn(f"w:{side}"), {qn("w:val"): style, qn("w:sz"): str(size), qn("w:space"): "0", qn("w:color"): colour}
    )
    if side == "top":
        borders.insert(0, edge)
    else:
        borders.append(edge)


def _row_flags(row: Any, header: bool) -> None:
    """Rows never split across pages; the header row repeats on every page."""
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    props.append(props.makeelement(qn("w:cantSplit"), {}))
    if header:
        props.append(props.makeelement(qn("w:tblHeader"), {}))


def _table_layout_fixed(table: Any) -> None:
    from docx.oxml.ns import qn

    props = table._tbl.tblPr
    props.append(props.makeelement(qn("w:tblLayout"), {qn("w:type"): "fixed"}))


def _cell_margins(table: Any, pad_mm: float) -> None:
    from docx.oxml.ns import qn

    props = table._tbl.tblPr
    margins = props.makeelement(qn("w:tblCellMar"), {})
    twips = str(round(pad_mm * MM_PT * 20))
    for side in ("top", "left", "bottom", "right"):
        margins.append(margins.makeelement(qn(f"w:{side}"), {qn("w:w"): twips, qn("w:type"): "dxa"}))
    props.append(margins)


def _page_numbers(document: Any, section: Any) -> None:
    """Page numbers "— 1 —" in 4号 半角 digits, their dashes 7 mm below the 版心: odd pages at the
    right, even pages at the left, one character in; none on a 信函's first page."""
    from docx.oxml.ns import qn

    document.settings.odd_and_even_pages_header_footer = True
    # The footer's line box ends at footer_distance from the page foot; the dashes sit inside it.
    dash_from_top_mm = PAGE_MM[1] - MARGINS_MM["bottom"] + PAGE_NUMBER_BELOW_MM
    line = PAGE_NUMBER_PT * 1.5
    section.footer_distance = _mm(PAGE_MM[1] - dash_from_top_mm) - _pt(line - PAGE_NUMBER_DASH_PT)
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        para = footer.paragraphs[0]
        fmt = para.paragraph_format
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING

        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = _pt(line)
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT if align == "right" else WD_ALIGN_PARAGRAPH.LEFT
        if align == "right":
            fmt.right_indent = _pt(PAGE_NUMBER_PT)
        else:
            fmt.left_indent = _pt(PAGE_NUMBER_PT)

        def run(text: str = "", target: Any = para) -> Any:
            r = target.add_run(text)
            _set_font(r, FONT_PAGE_NUMBER, PAGE_NUMBER_PT)
            return r

        run("— ")
        for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
            r = run()
            if kind:
                r._element.append(r._element.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind}))
            else:
                instr = r._element.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
                instr.text = text
                r._element.append(instr)
        run(" —")
