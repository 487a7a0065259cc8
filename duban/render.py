"""The office's documents: sandboxed Jinja templates, looked up in the office first, laid out as
Markdown, print-ready HTML and Word in the geometry of GB/T 9704-2012.

Each document's wording is one Markdown template. Its rendered text is read back as a few
kinds of blocks, and the same blocks are laid out for the browser and for Word, so that an
office that rewords a template gets all three formats from one file:

    # 机关标志                     the red masthead (发文机关标志)
    督〔2026〕17号 / 第3期          lines before the title: centred under the masthead, then the red rule
    ## 标题                        the title (2号 小标宋, centred)
    区住房和城乡建设局：           the first paragraph ending in "：" is the addressee (主送), flush left
    ### 一、…  /  #### （一）…      headings: 3号 黑体 / 3号 楷体
    | 单位 | 交办 | …              a table
    ---                            what follows is the signature block (署名, 成文日期), right-aligned
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from duban.errors import InputError

TEMPLATES = {
    "notice": ("notice.md.j2", "政务督办通知"),
    "reminder": ("reminder.md.j2", "催办通知"),
    "bulletin": ("bulletin.md.j2", "督查通报"),
    "page": ("page.html.j2", "HTML 版式（A4 打印页面）"),
    "dashboard": ("dashboard.html.j2", "督办看板（一页 HTML）"),
}
FORMATS = ("md", "html", "docx")

# GB/T 9704-2012: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm.
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
LINE_PT = 28.95  # 22 lines in the 225 mm type area
RED = "C00000"
FONT_BODY = "仿宋_GB2312"
FONT_TITLE = "方正小标宋简体"
FONT_HEADING = "黑体"
FONT_SUBHEADING = "楷体_GB2312"


def chinese_date(value: Any) -> str:
    """2026-10-10 -> 2026年10月10日 (Arabic numerals, no zero padding, as GB/T 9704 asks)."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    if not isinstance(value, dt.date):
        return str(value)
    return f"{value.year}年{value.month}月{value.day}日"


# -- templates ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    key: str
    name: str
    description: str
    origin: str  # "本办" or "内置"
    path: str


def _builtin_dir() -> Path:
    return Path(str(resources.files("duban") / "templates"))


def template_list(office_root: Path | None) -> list[TemplateInfo]:
    """Which template is in force for each document, and where it comes from."""
    out = []
    for key, (name, description) in TEMPLATES.items():
        own = office_root / "templates" / name if office_root else None
        if own is not None and own.is_file():
            out.append(TemplateInfo(key, name, description, "本办", str(own)))
        else:
            out.append(TemplateInfo(key, name, description, "内置", str(_builtin_dir() / name)))
    return out


def _environment(office_root: Path | None) -> Any:
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    loaders = []
    if office_root is not None and (office_root / "templates").is_dir():
        loaders.append(FileSystemLoader(str(office_root / "templates")))
    loaders.append(FileSystemLoader(str(_builtin_dir())))
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,  # Markdown is plain text; HTML and Word escape at layout time
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["中文日期"] = chinese_date
    return env


def render_text(office_root: Path | None, key: str, context: Mapping[str, Any], *, autoescape: bool = False) -> str:
    """Render one template with the context as data; a broken template names its file and line.
    Markdown is plain text (autoescape off); the HTML templates escape whatever they print."""
    from jinja2 import TemplateError, TemplateSyntaxError

    name = TEMPLATES[key][0]
    env = _environment(office_root)
    env.autoescape = autoescape
    origin = next(t for t in template_list(office_root) if t.key == key)
    where = f"templates/{name}" if origin.origin == "本办" else f"内置模板 {name}"
    try:
        template = env.get_template(name)
        return str(template.render(**context))
    except TemplateSyntaxError as error:
        raise InputError(f"{where}:{error.lineno}: 模板语法错误（{error.message}），请改正该模板") from None
    except TemplateError as error:
        line = _template_line(error, name)
        at = f":{line}" if line else ""
        raise InputError(f"{where}{at}: 模板出错（{error}），请检查其中的变量名") from None


def _template_line(error: BaseException, name: str) -> int | None:
    tb = error.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(name):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


# -- blocks -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # masthead, header, title, addressee, heading, subheading, paragraph, table, signature
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


def blocks(markdown: str) -> list[Block]:
    """Read rendered Markdown back as the blocks of an official document."""
    out: list[Block] = []
    lines = markdown.splitlines()
    seen_title = False
    signature = False
    table: list[tuple[str, ...]] = []
    paragraph: list[str] = []

    def flush() -> None:
        nonlocal table, paragraph
        if table:
            out.append(Block("table", rows=tuple(table)))
            table = []
        if paragraph:
            text = "".join(paragraph)
            if signature:
                kind = "signature"
            elif not seen_title:
                kind = "header"
            elif text.endswith("：") and not any(b.kind in ("addressee", "paragraph") for b in out):
                kind = "addressee"
            else:
                kind = "paragraph"
            out.append(Block(kind, text))
            paragraph = []

    for raw in lines:
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("|"):
            if paragraph:
                flush()
            cells = tuple(c.strip() for c in line.strip("|").split("|"))
            if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                continue
            table.append(cells)
            continue
        if table:
            flush()
        if line == "---":
            flush()
            signature = True
            continue
        heading = re.match(r"^(#{1,4})\s+(.*)$", line)
        if heading:
            flush()
            level, text = len(heading.group(1)), heading.group(2).strip()
            kind = {1: "masthead", 2: "title", 3: "heading", 4: "subheading"}[level]
            if kind == "title":
                seen_title = True
            out.append(Block(kind, text))
            continue
        if signature or not seen_title:
            # Header and signature lines stand each on its own.
            paragraph.append(line)
            flush()
            continue
        paragraph.append(line)
    flush()
    return out


# -- HTML ---------------------------------------------------------------------------------------


# Each kind of block as an HTML element and its class in page.html.j2's style sheet.
_HTML_TAGS = {
    "masthead": ("h1", "masthead"),
    "header": ("p", "header"),
    "title": ("h2", "title"),
    "addressee": ("p", "addressee"),
    "heading": ("h3", "heading"),
    "subheading": ("h4", "subheading"),
    "signature": ("p", "signature"),
    "paragraph": ("p", "body"),
}


def to_html(office_root: Path | None, title: str, parts: list[Block]) -> str:
    """A print-ready page: the layout shell is itself a template the office may override."""
    body = []
    ruled = False
    for block in parts:
        if block.kind == "title" and not ruled:
            body.append('<hr class="red-rule">')
            ruled = True
        if block.kind == "table":
            rows = []
            for index, row in enumerate(block.rows):
                tag = "th" if index == 0 else "td"
                rows.append("<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in row) + "</tr>")
            body.append('<table class="data">' + "".join(rows) + "</table>")
        else:
            tag, css = _HTML_TAGS.get(block.kind, ("p", "body"))
            body.append(f'<{tag} class="{css}">{html.escape(block.text)}</{tag}>')
    context = {
        "标题": title,
        "正文": "\n".join(body),
        "页面": {"宽": PAGE_MM[0], "高": PAGE_MM[1], **{k: v for k, v in MARGINS_MM.items()}},
    }
    from markupsafe import Markup

    context["正文"] = Markup(context["正文"])
    return _render_page(office_root, context)


def _render_page(office_root: Path | None, context: Mapping[str, Any]) -> str:
    return render_text(office_root, "page", context, autoescape=True)


# -- Word ---------------------------------------------------------------------------------------


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


# -- dashboard ----------------------------------------------------------------------------------


def on_time_chart(rows: list[dict[str, Any]]) -> str:
    """A horizontal bar chart of each unit's on-time rate, as inline SVG (no scripts, no network)."""
    shown = [r for r in rows if r["按期率"] is not None]
    shown.sort(key=lambda r: (-r["按期率"], r["单位"]))
    bar_left, bar_width, row_height = 190, 360, 26
    height = max(row_height * len(shown) + 10, 40)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{bar_left + bar_width + 70}" height="{height}" '
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
