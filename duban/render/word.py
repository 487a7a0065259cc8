"""Documents as Word files (python-docx) in the geometry of GB/T 9704-2012: the 版头 in 文件格式 or
信函格式, 28 characters on 22 lines, page numbers odd right and even left, the signature centred
over the date and kept with the last paragraph, tables whose header repeats, the 版记.

The offsets named *_INK_* place ink where the standard measures it (the top edge of the 标志, the
foot of the 文号), from where a line box puts its glyphs; they were measured with LibreOffice
and FandolSong/FandolFang by `make print-check`, which checks every position to 1 mm."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from duban.render import wordstyles as styles
from duban.render.blocks import Block, closing_index, spans, split_appendix, split_head, xml_text
from duban.render.geometry import (
    BODY_PT,
    COLOPHON_GAP_PT,
    FONT_HEADING,
    FONT_PAGE_NUMBER,
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
    TYPE_WIDTH_MM,
    column_widths,
    fill_rest,
    form_widths,
    masthead_size,
    signature_line_indents,
)
from duban.render.titles import title_lines

MASTHEAD_LINE = 1.25  # the 标志's line box, times its size
# Where the ink sits in a line box of exact height (points from the box's top to the ink's top or foot).
MASTHEAD_INK_TOP_PT = 9.5
MASTHEAD_INK_FOOT_PT = 0.9  # from the ink's foot to the box's foot
BODY_INK_TOP_PT = 11.0
BODY_INK_FOOT_PT = 3.9
TITLE_INK_TOP_PT = 6.2
PAGE_NUMBER_DASH_PT = 13.0  # from the footer line's top to the dashes
# Word and LibreOffice put a little space where Chinese meets digits (2026年): 1.1 mm at 3号 measured.
AUTOSPACE_CHARS = 0.2
COLOPHON_THICK_PT = 1.0  # the 版记's first and last lines (GB/T 9704 7.4: 0.35 mm)
COLOPHON_THIN_PT = 0.5  # the lines between its entries (0.25 mm)
MASTHEAD_INK_HEIGHT = 0.92  # the 标志's ink, times its size
LETTER_RULE_THICK_MM = 1.6  # a double line of 3 pt (w:sz 24) as LibreOffice draws it
# The footer's foot, from the page foot: the 信函's lower double line (GB/T 9704 10.1: 20 mm); the
# page numbers sit above it (space after), their dashes 7 mm below the 版心.
FOOTER_MM = 20.0
# A paragraph opening with a second-level number: （一）…… to its first full stop.
RUN_IN_HEADING = re.compile(r"^（[一二三四五六七八九十]+）[^。！？；]*[。！？；]?")


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
    styles.apply(document)
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
        self.anchor: Any = None  # the paragraph the 版记 is anchored to

    def paragraph(
        self,
        text: str = "",
        style: str = styles.BODY,
        *,
        size: float | None = None,
        font: str | None = None,
        align: str | None = None,
        red: bool = False,
        container: Any = None,
    ) -> Any:
        """A paragraph in one of the document's styles (wordstyles): its text's font and size are
        the style's unless given."""
        para = (container or self.document).add_paragraph()
        if style != styles.BODY:
            para._p.get_or_add_pPr().style = style
        if align is not None:
            _align(para, align)
        if text:
            if "\t" in text:
                left, right = text.split("\t", 1)
                self._run(para, left, font, size, red)
                _right_tab(para)
                self._run(para, "\t" + right, font, size, red)
            else:
                self._run(para, text, font, size, red)
        return para

    @staticmethod
    def _run(para: Any, text: str, font: str | None = None, size: float | None = None, red: bool = False) -> Any:
        from docx.shared import RGBColor

        run = para.add_run(xml_text(text))  # a template of the office's own may hold anything
        if font is not None or size is not None:
            _set_font(run, font, size)
        if red:
            run.font.color.rgb = RGBColor.from_string(RED)
        return run

    def spacer(self, height_pt: float, container: Any = None) -> Any:
        """An empty paragraph of an exact height, off the line grid (the grid would round it to
        whole lines); a blank line of the grid is blank()."""
        para = self.paragraph("", container=container)
        _exact(para, max(height_pt, 0.7))
        _no_grid(para)
        para.paragraph_format.first_line_indent = _pt(0)
        return para

    def blank(self) -> Any:
        """A blank line of the body's grid."""
        return self.paragraph("")

    # -- 版头 ---------------------------------------------------------------------------------------

    def file_head(self, parts: list[Block]) -> list[Block]:
        """文件格式: 紧急程度 on the first line, the 标志 35 mm below the 版心's top, the 文号 two
        lines below it, the red rule 4 mm under the 文号, the title two lines below the rule."""
        urgency, masthead, headers, rest = split_head(parts)
        if masthead is None:
            for block in urgency:  # the 附件 mark (or 紧急程度) at the top left, in 黑体
                self.paragraph(block.text, styles.MARK)
            for block in headers:
                self.header_line(block, "center")
            return rest
        for block in urgency:
            self.paragraph(block.text, styles.MARK)
        size = masthead_size(masthead.text)
        above = (MASTHEAD_TOP_MM["文件"] - MARGINS_MM["top"]) * MM_PT - len(urgency) * LINE_PT
        self.spacer(above - _masthead_ink_top(size))
        self.masthead(masthead.text, size)
        self.spacer(2 * LINE_PT - BODY_INK_TOP_PT - _masthead_ink_foot(size))
        for block in headers:
            self.header_line(block, "center")
        rule = self.spacer(RULE_GAP_MM * MM_PT - BODY_INK_FOOT_PT)
        _border(rule, "bottom", "single", 12, RED)
        self.spacer(2 * LINE_PT - TITLE_INK_TOP_PT)
        return rest

    def masthead(self, text: str, size: float, container: Any = None) -> Any:
        """The 发文机关标志: red 方正小标宋简体, centred, on one line (a long name set smaller)."""
        para = self.spacer(size * MASTHEAD_LINE, container=container)
        _align(para, "center")
        self._run(para, text, FONT_TITLE, size, red=True)
        return para

    def letter_head(self, section: Any, parts: list[Block]) -> list[Block]:
        """信函格式 (GB/T 9704 10.1): the 标志 30 mm from the page top, a red double line (thick above)
        4 mm under it and a red double line (thin above) 20 mm above the page foot, both 170 mm
        long, on the first page only; the 文号 at the right, 7/8 of a 3号 character under the upper
        line; the title two lines below. The 标志 and the upper line are frames at fixed places on
        the page, anchored in the body (a frame in the header would grow LibreOffice's header, which
        Word's does not), the body going on below them: the 文号's place is the frames' own."""
        from docx.oxml.ns import qn

        urgency, masthead, headers, rest = split_head(parts)
        if masthead is not None:
            size = masthead_size(masthead.text)
            para = self.spacer(size * MASTHEAD_LINE)
            _align(para, "center")
            self._run(para, masthead.text, FONT_TITLE, size, red=True)
            _frame(para, TYPE_WIDTH_MM, MASTHEAD_TOP_MM["信函"] - _masthead_ink_top(size) / MM_PT)
            line_top = MASTHEAD_TOP_MM["信函"] + size * MASTHEAD_INK_HEIGHT / MM_PT + RULE_GAP_MM
            line = self.spacer(1.0)
            _frame(line, LETTER_RULE_MM, line_top - 1.0 / MM_PT)
            _border(line, "bottom", "thickThinSmallGap", 24, RED)
            self.letter_foot_line(section)
            # The body goes on below the frames: a space after the line (in its frame) puts the
            # first line's ink 7/8 of a 3号 character below the double line.
            frame = line._p.pPr.find(qn("w:framePr"))
            frame.set(qn("w:vSpace"), str(round((BODY_PT * 7 / 8 - BODY_INK_TOP_PT) * 20)))
        # Off the grid: the grid would move them to its next line, a line below the double line.
        for block in urgency:
            _no_grid(self.paragraph(block.text, styles.MARK))
        for block in headers:
            _no_grid(self.header_line(block, "right"))
        self.blank()
        return rest

    def letter_foot_line(self, section: Any) -> None:
        """The 信函's lower red double line (thin above, thick below), 170 mm, its foot 20 mm above
        the page foot: the first page's footer (whose foot is there, FOOTER_MM) as a bottom border."""
        para = section.first_page_footer.paragraphs[0]
        _exact(para, 1.0)
        _no_grid(para)
        overhang = (LETTER_RULE_MM - TYPE_WIDTH_MM) / 2
        para.paragraph_format.left_indent = para.paragraph_format.right_indent = -_mm(overhang)
        para.paragraph_format.first_line_indent = _pt(0)
        _border(para, "bottom", "thinThickSmallGap", 24, RED)

    def header_line(self, block: Block, align: str) -> Any:
        """A 版头 line: the 文号, or a mark (**A**, the answer class) in bold 黑体 at the 版心's right edge."""
        if block.kind != "mark":
            para = self.paragraph(block.text, align=align)
            para.paragraph_format.first_line_indent = _pt(0)
            return para
        para = self.paragraph(block.text, styles.MARK, align="right")
        for run in para.runs:
            run.font.bold = True
        return para

    # -- the body -----------------------------------------------------------------------------------

    def body(self, parts: list[Block]) -> None:
        """The body to the signature and 附注; an attachment after it on a page of its own (its 附件
        mark at the top left, in 黑体); the 版记 last."""
        main, annexed, colophon = split_appendix(parts)
        self.section(main)
        if annexed:
            mark = self.paragraph(annexed[0].text, styles.MARK)
            mark.paragraph_format.page_break_before = True
            self.section(annexed[1:])
        if colophon:
            self.colophon([b.text for b in colophon])

    def section(self, parts: list[Block]) -> None:
        """The blocks to the signature and 附注. The closing chain (the last paragraph, the 附件说明,
        the signature) is kept on one page; its first paragraph, or else the section's last, is
        where the 版记 is anchored."""
        last_text = closing_index(parts)
        signature = [b for b in parts if b.kind == "signature"]
        texts = ("paragraph", "header", "urgency", "masthead")
        last_para = max((i for i, b in enumerate(parts) if b.kind in texts), default=-1)
        chained = last_para >= 0 and all(b.kind == "annex" for b in parts[last_para + 1 : last_text + 1])
        last_grid = max((i for i, b in enumerate(parts) if b.kind in ("table", "form")), default=-1)
        self.anchor = None
        for index, block in enumerate(parts):
            kind = block.kind
            if kind == "title":
                self.paragraph("\n".join(title_lines(block.text)), styles.TITLE)  # broken between words
                self.blank().paragraph_format.keep_with_next = True
            elif kind == "addressee":
                self.paragraph(block.text, styles.ADDRESSEE)
            elif kind == "heading":
                self.paragraph(block.text, styles.HEADINGS[0])
            elif kind == "subheading":
                self.paragraph(block.text, styles.HEADINGS[1])
            elif kind == "table":
                self.table(block.rows)
            elif kind == "form":
                self.form(block)
            elif kind == "annex":  # 附件说明: a blank line below the body, two characters in
                self.blank().paragraph_format.keep_with_next = True
                para = self.paragraph(block.text, styles.ANNEX)
                para.paragraph_format.keep_with_next = bool(signature) and index > last_para
            elif kind in ("signature", "note", "colophon"):
                continue
            elif kind in ("paragraph", "header", "urgency", "masthead"):
                para = self.body_paragraph(block.text)
                if index == last_para and index > last_grid:  # not a paragraph above the last table
                    self.anchor = para
                    if chained and signature:
                        para.paragraph_format.keep_with_next = True
                        para.paragraph_format.keep_together = True
        if signature:
            seal = self.signature([b.text for b in signature])
            if self.anchor is None:  # a table last: the signature's chain is the closing one
                self.anchor = seal
        for block in parts:
            if block.kind == "note":  # 附注: under the date, two characters in (GB/T 9704 7.3.6)
                self.paragraph(block.text, styles.NOTE)

    def body_paragraph(self, text: str) -> Any:
        """A body paragraph (Normal); one that opens with a second-level number （一） runs its
        heading in: the first sentence in 楷体 (GB/T 9704 7.3.3), the rest in the body's 仿宋."""
        found = RUN_IN_HEADING.match(text)
        if not found:
            return self.paragraph(text)
        para = self.paragraph()
        run = self._run(para, found.group(0))
        run._r.get_or_add_rPr().style = styles.RUN_IN
        if found.end() < len(text):
            self._run(para, text[found.end() :])
        return para

    def signature(self, lines: list[str]) -> Any:
        """One blank line for the seal (returned: the chain's first paragraph), the 署名 centred over
        the 成文日期, the date 4 characters in."""
        seal = self.blank()
        seal.paragraph_format.keep_with_next = True
        indents = signature_line_indents(lines, AUTOSPACE_CHARS)
        for number, (text, indent) in enumerate(zip(lines, indents, strict=True)):
            last = number == len(lines) - 1
            para = self.paragraph(text, styles.DATE if last else styles.SIGNATURE)
            if not last or indent != 4.0:
                para.paragraph_format.right_indent = _pt(indent * BODY_PT)
        return seal

    def colophon(self, lines: list[str]) -> None:
        """版记 (GB/T 9704 7.4): 抄送 and 印发机关/印发日期 (4号, one character in at both sides)
        between a thick first line, thin lines between the entries and a thick last line, as wide
        as the 版心, its last line at the 版心's foot on the last page: a frame (w:framePr) at the
        bottom of the margin, the text going on above it. It is anchored to the paragraph that
        opens the closing chain (the last paragraph, the 附件说明, the signature, each kept with the
        next), so that it is never alone on a page: when the chain does not fit above it, the
        chain and the 版记 go to the next page together. The lines are paragraphs shaded black,
        not borders: LibreOffice 7.4 makes no frame of paragraphs with borders."""
        paragraphs = [self._colophon_rule(COLOPHON_THICK_PT)]
        for index, text in enumerate(lines):
            para = self.paragraph("", styles.COLOPHON)
            if "\t" in text:
                left, right = text.split("\t", 1)
                self._run(para, left)
                _right_tab(para, TYPE_WIDTH_MM - 14 / MM_PT)
                self._run(para, "\t" + right)
            else:
                self._run(para, text)
            # 抄送's further lines under the first name after its colon.
            label = len(text.split("：", 1)[0]) + 1 if text.startswith("抄送") and "：" in text else 0
            if label:
                para.paragraph_format.left_indent = _pt(14 * (1 + label))
                para.paragraph_format.first_line_indent = _pt(-14 * label)
                para.paragraph_format.right_indent = _pt(14)
            paragraphs.append(para)
            last = index == len(lines) - 1
            paragraphs.append(self._colophon_rule(COLOPHON_THICK_PT if last else COLOPHON_THIN_PT))
        for para in paragraphs:
            _foot_frame(para)
            if self.anchor is not None:
                self.anchor._p.addprevious(para._p)
        if self.anchor is None:  # no paragraph to anchor it to: one of its own after it
            self.spacer(1.0)

    def _colophon_rule(self, thickness_pt: float) -> Any:
        from docx.oxml.ns import qn

        rule = self.spacer(thickness_pt)
        ppr = rule._p.get_or_add_pPr()
        shading = ppr.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): "000000"})
        ppr.append(shading)
        mark = ppr.makeelement(qn("w:rPr"), {})
        mark.append(mark.makeelement(qn("w:sz"), {qn("w:val"): "2"}))
        ppr.append(mark)
        return rule

    def table(self, rows: tuple[tuple[str, ...], ...]) -> None:
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE

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
                self._cell_text(cell, text, styles.TABLE_TEXT, FONT_HEADING if index == 0 else None, None)
        self.blank()

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

    def _cell_text(self, cell: Any, text: str, style: str, font: str | None, align: str | None) -> None:
        para = cell.paragraphs[0]
        para._p.get_or_add_pPr().style = style
        if align is not None:
            _align(para, align)
        self._run(para, text, font)

    def form(self, block: Block) -> None:
        """A form to fill in (4号): labels centred in the even columns, values at the left, joined
        cells merged, rows at least FORM_ROW_MM high or as high as the template says; a row is
        never split across pages."""
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE

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
                self._cell_text(cell, text, styles.FORM_TEXT, None, None if label else "left")
        self.spacer(LINE_PT / 2)


def _masthead_ink_top(size: float) -> float:
    return MASTHEAD_INK_TOP_PT * size / MASTHEAD_PT


def _masthead_ink_foot(size: float) -> float:
    return MASTHEAD_INK_FOOT_PT * size / MASTHEAD_PT


# -- OOXML the python-docx API does not reach ----------------------------------------------------------


def _set_font(run: Any, font: str | None, size: float | None) -> None:
    if size is not None:
        run.font.size = _pt(size)
    if font is not None:
        run.font.name = font
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


def _foot_frame(para: Any) -> None:
    """The paragraph in the frame at the foot of the 版心 (the 版记's): as wide as the 版心, its
    foot at the bottom margin; text that would run into it goes on above it, half a line away."""
    from docx.oxml.ns import qn

    ppr = para._p.get_or_add_pPr()
    frame = ppr.makeelement(
        qn("w:framePr"),
        {
            qn("w:w"): str(round(TYPE_WIDTH_MM * MM_PT * 20)),
            qn("w:hSpace"): "0",
            qn("w:vSpace"): str(round(COLOPHON_GAP_PT * 20)),
            qn("w:wrap"): "notBeside",
            qn("w:vAnchor"): "margin",
            qn("w:hAnchor"): "margin",
            qn("w:xAlign"): "center",
            qn("w:yAlign"): "bottom",
        },
    )
    style = ppr.find(qn("w:pStyle"))
    ppr.insert(1 if style is not None else 0, frame)


def _align(para: Any, align: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    para.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]


def _exact(para: Any, height_pt: float) -> None:
    from docx.enum.text import WD_LINE_SPACING

    fmt = para.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = _pt(height_pt)
    fmt.space_before = fmt.space_after = _pt(0)


def _frame(para: Any, width_mm: float, top_mm: float) -> None:
    """The paragraph as a frame (w:framePr) at a fixed place on the page: width_mm wide, centred
    on the 版心, its top top_mm from the page's top; the text that would run into it goes on
    below it (notBeside: Word and LibreOffice alike)."""
    from docx.oxml.ns import qn

    ppr = para._p.get_or_add_pPr()
    frame = ppr.makeelement(
        qn("w:framePr"),
        {
            qn("w:w"): str(round(width_mm * MM_PT * 20)),
            qn("w:hSpace"): "0",
            qn("w:wrap"): "notBeside",  # the body goes on below it
            qn("w:vAnchor"): "page",
            qn("w:hAnchor"): "margin",  # centred on the 版心, as the 文件格式's 标志 is
            qn("w:xAlign"): "center",
            qn("w:y"): str(round(top_mm * MM_PT * 20)),
        },
    )
    style = ppr.find(qn("w:pStyle"))
    ppr.insert(1 if style is not None else 0, frame)


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
    # The footer ends FOOTER_MM above the page foot; the number's line box above its space after.
    dash_from_top_mm = PAGE_MM[1] - MARGINS_MM["bottom"] + PAGE_NUMBER_BELOW_MM
    line = PAGE_NUMBER_PT * 1.5
    section.footer_distance = _mm(FOOTER_MM)
    after = (PAGE_MM[1] - FOOTER_MM - dash_from_top_mm) * MM_PT - (line - PAGE_NUMBER_DASH_PT)
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        para = footer.paragraphs[0]
        fmt = para.paragraph_format
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING

        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = _pt(line)
        fmt.first_line_indent = _pt(0)
        fmt.space_after = _pt(after)
        _no_grid(para)
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
