"""The page of an official document (GB/T 9704-2012): paper, margins, the 28 × 22 grid, the two
版头 layouts, type sizes, fonts, colour. Word and HTML both lay out from these numbers."""

from __future__ import annotations

import itertools
import unicodedata

MM_PT = 72 / 25.4  # points in a millimetre

# A4, 天头 37 mm, 订口 28 mm: a 版心 of 156 × 225 mm.
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TYPE_WIDTH_MM = 156
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
TABLE_PT = 12  # 小4号
TABLE_PAD_MM = 1.2  # cell padding: glyphs never touch the lines
PAGE_NUMBER_PT = 14  # 4号
MASTHEAD_PT = 36
LINE_PT = 28.95  # 22 lines in the 225 mm type area
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
