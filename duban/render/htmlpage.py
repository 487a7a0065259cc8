"""Documents as print-ready HTML pages, and the dashboard: every user text escaped."""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from duban.render.blocks import Block, closing_index, spans, split_appendix, split_head
from duban.render.geometry import (
    BODY_PT,
    CHAR_SPACING_PT,
    CHARS_PER_LINE,
    FORM_PT,
    LINE_PT,
    MARGINS_MM,
    MASTHEAD_PT,
    MASTHEAD_TOP_MM,
    MM_PT,
    PAGE_MM,
    PAGE_NUMBER_BELOW_MM,
    RULE_GAP_MM,
    TABLE_PAD_MM,
    TABLE_PT,
    TYPE_WIDTH_MM,
    column_widths,
    fill_rest,
    form_widths,
    masthead_size,
    script_changes,
    signature_line_indents,
    text_width,
)
from duban.render.templates import render_text
from duban.render.titles import title_lines

# Each kind of block as an HTML element and its class in page.html.j2's style sheet.
_HTML_TAGS = {
    "urgency": ("p", "urgency"),
    "masthead": ("h1", "masthead"),
    "header": ("p", "header"),
    "title": ("h2", "title"),
    "addressee": ("p", "addressee"),
    "heading": ("h3", "heading"),
    "subheading": ("h4", "subheading"),
    "paragraph": ("p", "body"),
    "annex": ("p", "body annex"),
    "note": ("p", "body note"),
}
# Where Chromium puts the ink in a line box (glyphs centred in their line: half the leading above),
# measured with FandolSong/FandolFang by `make print-check`: points from the box's top to the ink's
# top, and from the ink's foot to the box's foot.
MASTHEAD_LINE_PT = MASTHEAD_PT * 1.25
MASTHEAD_INK_TOP_PT = 8.7
MASTHEAD_INK_FOOT_PT = 3.3
BODY_INK_TOP_PT = 7.5
BODY_INK_FOOT_PT = 6.5
TITLE_INK_TOP_PT = 5.0


# Word and LibreOffice put a little space where a Chinese character meets digits or Latin letters
# (2026年: 0.2 of a character measured, word.AUTOSPACE_CHARS); Chromium adds its own with CSS
# text-autospace (page.html.j2), an eighth of a character. Counted in the signature's indents and in
# how many lines a paragraph takes.
AUTOSPACE_EM = 0.125


def _short(text: str) -> bool:
    """A paragraph of three lines or fewer (indent, autospace counted, a little in hand): Word keeps
    two lines together at either end of a page, so it never splits such a paragraph. Chromium keeps
    its orphans but lets a last line go alone (widows) when the page has room for two: the HTML
    marks these paragraphs unbreakable instead."""
    width = 2 + text_width(text) + AUTOSPACE_EM * script_changes(text)
    return width <= 3 * CHARS_PER_LINE + 1


def _spacer(points: float) -> str:
    return f'<div class="spacer" style="height: {max(points, 0):.2f}pt"></div>'


def _line(css: str, text: str, tag: str = "p") -> str:
    if "\t" in text:
        left, right = text.split("\t", 1)
        return f'<{tag} class="{css} split"><span>{html.escape(left)}</span><span>{html.escape(right)}</span></{tag}>'
    return f'<{tag} class="{css}">{html.escape(text)}</{tag}>'


def _header(block: Block, css: str) -> str:
    """A 版头 line; a mark (**A**, the answer class) bold in 黑体 at the 版心's right edge."""
    return _line("header mark" if block.kind == "mark" else css, block.text)


def _head(parts: list[Block], layout: str) -> tuple[list[str], list[Block]]:
    """The 版头 in 文件格式 or 信函格式, at the positions of geometry.py."""
    urgency, masthead, headers, rest = split_head(parts)
    out = []
    if masthead is None:  # the 附件 mark (or 紧急程度) at the top left, the header lines centred
        return [_line("attachment", b.text) for b in urgency] + [_header(b, "header") for b in headers], rest
    if layout == "信函":
        # The page's top margin is 30 mm on the first page (page.html.j2): the 标志 comes first.
        out.append(f'<h1 class="masthead letter"{_masthead_size(masthead.text)}>{html.escape(masthead.text)}</h1>')
        gap = RULE_GAP_MM * MM_PT - MASTHEAD_INK_FOOT_PT
        out.append(f'<div class="double-rule" style="margin-top: {gap:.2f}pt"></div>')
        out += [_line("urgency", b.text) for b in urgency]
        if headers:  # GB/T 9704 10.1: the 文号's top 7/8 of a 3号 character under the double line
            out.append(_spacer(BODY_PT * 7 / 8 - BODY_INK_TOP_PT))
        out += [_header(b, "header letter") for b in headers]
        out.append(_spacer(LINE_PT))
        return out, rest
    out += [_line("urgency", b.text) for b in urgency]
    above = (MASTHEAD_TOP_MM["文件"] - MARGINS_MM["top"]) * MM_PT - len(urgency) * LINE_PT
    out.append(_spacer(above - MASTHEAD_INK_TOP_PT))
    out.append(f'<h1 class="masthead"{_masthead_size(masthead.text)}>{html.escape(masthead.text)}</h1>')
    out.append(_spacer(2 * LINE_PT - BODY_INK_TOP_PT - MASTHEAD_INK_FOOT_PT))
    out += [_header(b, "header") for b in headers]
    out.append(f'<div class="red-rule" style="margin-top: {RULE_GAP_MM * MM_PT - BODY_INK_FOOT_PT:.2f}pt"></div>')
    out.append(_spacer(2 * LINE_PT - TITLE_INK_TOP_PT))
    return out, rest


def _masthead_size(text: str) -> str:
    """A long 发文机关标志 set smaller so that it stands on one line (geometry.masthead_size), its
    line box as high as the standard one, so that nothing under it moves."""
    size = masthead_size(text)
    return "" if size == MASTHEAD_PT else f' style="font-size: {size:g}pt"'


def to_html(office_root: Path | None, title: str, parts: list[Block], layout: str = "文件") -> str:
    """A print-ready page: the layout shell is itself a template the office may override. An
    attachment after the signature starts a page of its own; the 版记 comes last."""
    body, rest = _head(fill_rest(parts), layout)
    main, annexed, colophon = split_appendix(rest)
    body += _section(main)
    if annexed:
        body.append(_line("attachment appendix", annexed[0].text))
        body += _section(annexed[1:])
    if colophon:
        lines = [_line("colophon-line copy" if b.text.startswith("抄送：") else "colophon-line", b.text)
                 for b in colophon]  # fmt: skip
        body.append('<div class="colophon">' + "".join(lines) + "</div>")
    from markupsafe import Markup

    context = {
        "标题": title,
        "正文": Markup("\n".join(body)),
        "版头": layout,
        "页面": {"宽": PAGE_MM[0], "高": PAGE_MM[1], **{k: v for k, v in MARGINS_MM.items()}},
        "信函标志上距": MASTHEAD_TOP_MM["信函"] - MASTHEAD_INK_TOP_PT / MM_PT,
        "页码下距": PAGE_NUMBER_BELOW_MM,
        "字距": CHAR_SPACING_PT,
        "行距": LINE_PT,
        "表格留白": TABLE_PAD_MM,
    }
    return _render_page(office_root, context)


def _section(rest: list[Block]) -> list[str]:
    """Blocks as HTML: the last paragraph (and the 附件说明 after it), the blank line for the seal,
    the 署名 and the date kept in one unbreakable block, the 附注 under it."""
    body: list[str] = []
    last_text = closing_index(rest)
    signature = [b.text for b in rest if b.kind == "signature"]
    kept = {last_text}
    if 0 < last_text < len(rest) and rest[last_text].kind == "annex" and rest[last_text - 1].kind == "paragraph":
        kept.add(last_text - 1)  # the 附件说明 never alone with the signature: the body's last paragraph too
    closing: list[str] = []
    for index, block in enumerate(rest):
        if block.kind in ("signature", "colophon", "note"):
            continue
        if block.kind == "table":
            piece = _table(block.rows)
        elif block.kind == "form":
            piece = _form(block)
        elif block.kind == "title":
            # Broken where GB/T 9704 would break it (titles.title_lines), never inside a word.
            lines = "<br>".join(html.escape(line) for line in title_lines(block.text))
            piece = f'<h2 class="title">{lines}</h2>' + _spacer(LINE_PT)
        else:
            tag, css = _HTML_TAGS.get(block.kind, ("p", "body"))
            if block.kind == "paragraph" and _short(block.text):
                css += " whole"
            piece = _line(css, block.text, tag)
        if index in kept and signature:
            closing.append(piece)
        else:
            body.append(piece)
    if signature:
        closing.append(_spacer(LINE_PT))
        for text, indent in zip(signature, signature_line_indents(signature, AUTOSPACE_EM), strict=True):
            closing.append(f'<p class="signature" style="padding-right: {indent:.2f}em">{html.escape(text)}</p>')
        # The last paragraph, the blank line for the seal, the 署名 and the date: one unbreakable block.
        body.append('<div class="closing">' + "".join(closing) + "</div>")
    body += [_line("body note", b.text) for b in rest if b.kind == "note"]
    return body


def _table(rows: tuple[tuple[str, ...], ...]) -> str:
    """A table with its header row repeated on every page and rows kept whole; column widths from
    the content, so that unit names and headers do not wrap."""
    widths = column_widths(rows, TYPE_WIDTH_MM, TABLE_PT, TABLE_PAD_MM)
    cols = "".join(f'<col style="width: {w:.2f}mm">' for w in widths)
    head = "<tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in rows[0]) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows[1:])
    return f'<table class="data"><colgroup>{cols}</colgroup><thead>{head}</thead><tbody>{body}</tbody></table>'


def _form(block: Block) -> str:
    """A form to fill in: labels centred in the even columns, joined cells as colspan, the rows the
    template makes tall (a box to write in) at their height."""
    rows = [spans(r) for r in block.rows]
    widths = form_widths(rows, TYPE_WIDTH_MM, FORM_PT, TABLE_PAD_MM)
    cols = "".join(f'<col style="width: {w:.2f}mm">' for w in widths)
    body = []
    for cells, height in zip(rows, block.heights or [0.0] * len(rows), strict=True):
        style = f' style="height: {height:.1f}mm"' if height else ""
        tds = []
        for start, text, span in cells:
            label = start % 2 == 0 and span == 1
            css = "label" if label else "box" if height else "value"
            colspan = f' colspan="{span}"' if span > 1 else ""
            tds.append(f'<td class="{css}"{colspan}{style}>{html.escape(text)}</td>')
        body.append("<tr>" + "".join(tds) + "</tr>")
    return f'<table class="form"><colgroup>{cols}</colgroup><tbody>{"".join(body)}</tbody></table>'


def _render_page(office_root: Path | None, context: Mapping[str, Any]) -> str:
    return render_text(office_root, "page", context, autoescape=True)


def on_time_chart(rows: list[dict[str, Any]]) -> str:
    """A horizontal bar chart of each unit's on-time rate, as inline SVG (no scripts, no network)."""
    shown = [r for r in rows if r["按期率"] is not None]
    shown.sort(key=lambda r: (-r["按期率"], r["单位"]))
    bar_left, bar_width, row_height = 190, 360, 26
    height = max(row_height * len(shown) + 10, 40)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{bar_left + bar_width + 70}" height="{height}" '
        f'viewBox="0 0 {bar_left + bar_width + 70} {height}" '
        f'role="img" aria-label="各单位按期办结率">'
    ]
    if not shown:
        parts.append('<text x="0" y="24" font-size="14">本年度还没有到期或办结的事项</text>')
    for index, row in enumerate(shown):
        y = 5 + index * row_height
        rate = float(row["按期率"])
        colour = "#2e7d32" if rate >= 0.9 else "#f9a825" if rate >= 0.6 else "#c62828"
        parts.append(
            f'<text x="{bar_left - 8}" y="{y + 17}" text-anchor="end" font-size="14">{html.escape(row["单位"])}</text>'
            f'<rect x="{bar_left}" y="{y + 4}" width="{bar_width}" height="16" fill="#eeeeee"/>'
            f'<rect class="bar" x="{bar_left}" y="{y + 4}" width="{round(bar_width * rate, 1)}" height="16" '
            f'fill="{colour}">'
            f"<title>{html.escape(row['单位'])} {rate * 100:.1f}%</title></rect>"
            f'<text x="{bar_left + bar_width + 6}" y="{y + 17}" font-size="14">{rate * 100:.1f}%</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def render_dashboard(office_root: Path | None, context: Mapping[str, Any]) -> str:
    from markupsafe import Markup

    data = dict(context)
    data["按期率图"] = Markup(data["按期率图"])  # built here, with every text escaped
    return render_text(office_root, "dashboard", data, autoescape=True)
