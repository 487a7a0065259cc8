"""The page of an official document (GB/T 9704-2012): paper, margins, the 28 × 22 grid, the two
版头 layouts, type sizes, fonts, colour. Word and HTML both lay out from these numbers."""

from __future__ import annotations

import itertools
import math
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from duban.render.blocks import Block

MM_PT = 72 / 25.4  # points in a millimetre

# A4, 天头 37 mm, 订口 28 mm: a 版心 of 156 × 225 mm.
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TYPE_WIDTH_MM = 156
TYPE_HEIGHT_MM = 225
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
TABLE_PT = 12  # 小4号
TABLE_PAD_MM = 1.2  # cell padding: glyphs never touch the lines
FORM_PT = 14  # 4号: a form is filled in by hand
FORM_ROW_MM = 12.0  # a form row's least height: room to write
BOX_MIN_MM = 25.0  # a {高=余} box's least height (篇幅不够可另附页)
PAGE_NUMBER_PT = 14  # 4号
MASTHEAD_PT = 36
LINE_PT = 28.95  # 22 lines in the 225 mm type area
# The 版记 at the foot of the last page: at least half a line between it and the text above.
COLOPHON_GAP_PT = LINE_PT / 2
CHARS_PER_LINE = 28
# 28 characters of 3号 in 156 mm: each character 0.25 pt narrower than its size (15.75 pt; 28 fit
# in 441 pt of the 442.2 pt line, 29 do not); justified, the rest of the line is spread out.
CHAR_SPACING_PT = -0.25

# 版头 (GB/T 9704 7.2 and 10.1): 文件格式 puts the 发文机关标志's top edge 35 mm below the top of
# the 版心 (72 mm from the page top), the 文号 two lines below it, a red rule 4 mm under the 文号, the
# title two lines below the rule. 信函格式 puts the 标志 30 mm from the page top, a red double line
# (thick above, thin below) 4 mm under it and 170 mm long, the 文号 at the right below the line.
LAYOUTS = ("文件", "信函")
MASTHEAD_TOP_MM = {"文件": 72.0, "信函": 30.0}
RULE_GAP_MM = 4.0  # 文号 to the rule (文件), 标志 to the double line (信函)
LETTER_RULE_MM = 170.0
PAGE_NUMBER_BELOW_MM = 7.0  # the page number's dashes below the 版心

RED = "C00000"
FONT_BODY = "仿宋_GB2312"
FONT_TITLE = "方正小标宋简体"
FONT_HEADING = "黑体"
FONT_SUBHEADING = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"


def masthead_size(text: str, width_mm: float = TYPE_WIDTH_MM) -> float:
    """The 发文机关标志's size (pt): MASTHEAD_PT, or smaller for a long name, so that it stands on
    one line of the 版心 (GB/T 9704 7.2.4 sets no size, only 醒目、美观、庄重; 13 characters at
    36 pt would leave one alone on a second line). A twentieth of the width is kept in hand for
    faces wider than their em square; the size is a whole half-point. Word and HTML both use it."""
    width = text_width(text)
    if width <= 0:
        return float(MASTHEAD_PT)
    fit = width_mm * MM_PT * 0.95 / width
    return float(min(MASTHEAD_PT, math.floor(fit * 2) / 2))


def text_width(text: str) -> float:
    """Width in characters of the body size: a CJK or full-width character is one, a half-width
    character (digits, Latin letters) half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def script_changes(text: str) -> int:
    """How often the text changes between full-width and half-width characters (2026年9月: 3)."""
    wide = [unicodedata.east_asian_width(ch) in "WF" for ch in text]
    return sum(1 for a, b in itertools.pairwise(wide) if a != b)


def signature_indents(name: str, date: str, autospace: float = 0.0) -> tuple[float, float]:
    """Right indents, in characters, of the 署名 and the 成文日期: the date 4 characters in from the
    right, the 署名 centred over the date (GB/T 9704 7.3.5.1). autospace: the space (in characters)
    a word processor adds where Chinese meets digits, which widens the date."""
    date_indent = 4.0
    date_width = text_width(date) + autospace * script_changes(date)
    name_indent = date_indent + (date_width - text_width(name) - autospace * script_changes(name)) / 2
    return max(name_indent, 0.0), date_indent


def signature_line_indents(lines: list[str], autospace: float = 0.0) -> list[float]:
    """Right indents (characters) of each signature line: the date's, and the 署名's above it."""
    if len(lines) < 2:
        return [4.0] * len(lines)
    name_indent, date_indent = signature_indents(lines[-2], lines[-1], autospace)
    return [name_indent] * (len(lines) - 1) + [date_indent]


def column_widths(rows: tuple[tuple[str, ...], ...], total_mm: float, size_pt: float, pad_mm: float) -> list[float]:
    """Column widths (mm) from the content: each column as wide as its longest cell (headers kept
    on one line) plus padding; what is left of the 版心 shared out, and the widest columns narrowed
    (their cells wrap) when the content is wider than the page."""
    count = max(len(r) for r in rows)
    char_mm = size_pt / MM_PT
    needs = []
    for column in range(count):
        cells = [r[column] for r in rows if column < len(r)]
        needs.append(max((text_width(c) for c in cells), default=1.0) * char_mm + 2 * pad_mm + 0.5)
    total = sum(needs)
    if total <= total_mm:
        extra = (total_mm - total) / count
        return [n + extra for n in needs]
    # Too wide: keep the header of each column on one line, shrink the long cells.
    floors = [text_width(rows[0][c]) * char_mm + 2 * pad_mm + 0.5 if c < len(rows[0]) else 10.0 for c in range(count)]
    widths = list(needs)
    while sum(widths) > total_mm + 0.01:
        widest = max(range(count), key=lambda c: widths[c] - floors[c])
        if widths[widest] - floors[widest] <= 0.01:
            scale = total_mm / sum(widths)
            return [w * scale for w in widths]
        widths[widest] = max(floors[widest], widths[widest] - (sum(widths) - total_mm))
    return widths


def form_widths(rows: list[list[tuple[int, str, int]]], total_mm: float, size_pt: float, pad_mm: float) -> list[float]:
    """Column widths (mm) of a form whose rows are given as blocks.spans: label columns (even: 0, 2,
    ...) as wide as their longest label, the value columns sharing the rest of the 版心 alike.
    Joined cells do not widen any one column."""
    count = max((start + width for row in rows for start, _, width in row), default=1)
    char_mm = size_pt / MM_PT
    needs = [0.0] * count
    for row in rows:
        for start, text, width in row:
            if width == 1:
                needs[start] = max(needs[start], text_width(text) * char_mm + 2 * pad_mm + 0.5)
    labels = sum(needs[c] for c in range(0, count, 2))
    values = list(range(1, count, 2)) or [0]
    left = max(total_mm - labels, 0.0)
    wanted = sum(needs[c] for c in values)
    if wanted <= left:  # each value column as wide as its content, the rest shared alike
        share = {c: needs[c] + (left - wanted) / len(values) for c in values}
    else:
        share = {c: left / len(values) for c in values}
    widths = [needs[c] if c % 2 == 0 else share[c] for c in range(count)]
    if count == 1:
        widths = [total_mm]
    scale = total_mm / sum(widths) if sum(widths) > 0 else 1.0
    return [w * scale for w in widths]


def _lines(text: str, chars: float) -> int:
    return max(1, math.ceil(text_width(text) / chars)) if text else 1


def fill_rest(parts: list[Block]) -> list[Block]:
    """A form row marked {高=余} made as high as what is left of the first page: the page's other
    blocks estimated line by line (GB/T 9704's 28 × 22 grid, the form's rows as they wrap), a line
    and 3 mm kept in hand (faces wider than the grid's wrap the form's cells and its note sooner:
    the form must never spill its note onto a second page), and never lower than BOX_MIN_MM (a
    box lower than what is left would push the note, and the 版记 with it, onto a page of their
    own: a long title, many co-units and the notice's 版记 leave the box about 30 mm). An
    attachment after a letter or notice (from its appendix block, which starts a page) is a page
    of its own: its form fills what is left of that page, the 版记 at its foot counted in."""
    starts = [i for i, b in enumerate(parts) if b.kind == "appendix"]
    if starts:
        at = starts[0]
        colophon = [b for b in parts if b.kind == "colophon"]
        head = [b for b in parts[:at] if b.kind != "colophon"]
        tail = [b for b in parts[at:] if b.kind != "colophon"]
        return [*_fill_page(head), *_fill_page([*tail, *colophon])]
    return _fill_page(parts)


def _fill_page(parts: list[Block], spare: float = 3.0 + LINE_PT / MM_PT) -> list[Block]:
    from duban.render.blocks import spans

    line_mm = LINE_PT / MM_PT
    used = 0.0
    colophon = 0
    for block in parts:
        if block.kind == "form":
            rows = [spans(r) for r in block.rows]
            widths = form_widths(rows, TYPE_WIDTH_MM, FORM_PT, TABLE_PAD_MM)
            char_mm = FORM_PT / MM_PT
            for cells, height in zip(rows, block.heights, strict=True):
                if height > 0:
                    used += height
                    continue
                if height < 0:
                    continue
                tallest = max(
                    _lines(text, (sum(widths[start : start + span]) - 2 * TABLE_PAD_MM) / char_mm)
                    for start, text, span in cells
                )
                used += max(FORM_ROW_MM, tallest * FORM_PT * 1.5 / MM_PT + 2 * TABLE_PAD_MM)
            used += line_mm / 2
        elif block.kind == "title":
            used += (_lines(block.text, TYPE_WIDTH_MM / (TITLE_PT / MM_PT)) + 1) * line_mm
        elif block.kind == "masthead":
            used += MASTHEAD_TOP_MM["文件"] - MARGINS_MM["top"] + 4 * line_mm
        elif block.kind in ("paragraph", "heading", "subheading"):
            used += _lines(block.text, CHARS_PER_LINE - 2) * line_mm
        elif block.kind == "colophon":  # 4号 lines between rules, COLOPHON_GAP_PT above the first
            colophon += 1
            used += line_mm + 1.0 + (COLOPHON_GAP_PT / MM_PT + 1.0 if colophon == 1 else 0.0)
        else:
            used += line_mm
    rest = max(TYPE_HEIGHT_MM - used - spare, BOX_MIN_MM)
    return [
        b._replace(heights=tuple(rest if h < 0 else h for h in b.heights)) if b.kind == "form" else b for b in parts
    ]
