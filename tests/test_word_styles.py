"""The Word file is built on its own styles (issue 31, item 5): a clerk who clears a paragraph's
formatting, types a new one, pastes a run or applies "Heading 1" in Word or WPS still gets the
GB/T 9704 body (仿宋_GB2312 3号, 28.95 pt lines on the grid, 28 characters a line, two characters
in) or the 黑体 level. Checked by resolving each property through the styles, as Word does; the
print check (tests/print/test_print_pages.py) measures such an edited file on the page."""

from __future__ import annotations

import math
import zipfile
from pathlib import Path
from typing import Any

from conftest import Duban

from duban.render.geometry import BODY_PT, CHARS_PER_LINE, LINE_PT, MM_PT, TYPE_WIDTH_MM

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _style(document: Any, style_id: str | None, kind: str = "paragraph") -> Any:
    styles = document.styles.element
    if style_id is None:
        return next(s for s in styles.findall(f"{W}style") if s.get(f"{W}type") == kind and s.get(f"{W}default") == "1")
    return next(s for s in styles.findall(f"{W}style") if s.get(f"{W}styleId") == style_id)


def _chain(document: Any, style: Any) -> list[Any]:
    out = []
    while style is not None:
        out.append(style)
        based = style.find(f"{W}basedOn")
        style = _style(document, based.get(f"{W}val")) if based is not None else None
    return out


def _find(elements: list[Any], prop: str, tag: str, attr: str) -> str | None:
    """The first element in elements (most specific first) whose prop/tag carries attr."""
    for element in elements:
        if element is None:
            continue
        props = element if element.tag == f"{W}{prop}" else element.find(f"{W}{prop}")
        if props is None:
            continue
        found = props.find(f"{W}{tag}")
        if found is not None and found.get(f"{W}{attr}") is not None:
            return found.get(f"{W}{attr}")
    return None


def effective(document: Any, paragraph: Any, run: Any | None = None) -> dict[str, Any]:
    """A paragraph's (and a run's) formatting as Word resolves it: direct, then the run's character
    style, the paragraph's style and those it is based on, then the document's defaults."""
    ppr = paragraph._p.pPr
    style_id = ppr.find(f"{W}pStyle").get(f"{W}val") if ppr is not None and ppr.find(f"{W}pStyle") is not None else None
    chain = _chain(document, _style(document, style_id))
    defaults = document.styles.element.find(f"{W}docDefaults")
    para_defaults = defaults.find(f"{W}pPrDefault")
    run_defaults = defaults.find(f"{W}rPrDefault")
    para_levels = [ppr, *chain, para_defaults]
    run_levels: list[Any] = []
    if run is not None:
        rpr = run._r.rPr
        run_levels.append(rpr)
        if rpr is not None and rpr.find(f"{W}rStyle") is not None:
            run_levels += _chain(document, _style(document, rpr.find(f"{W}rStyle").get(f"{W}val"), "character"))
    run_levels += [*chain, run_defaults]
    size = _find(run_levels, "rPr", "sz", "val")
    return {
        "style": style_id or "Normal",
        "line": _find(para_levels, "pPr", "spacing", "line"),
        "rule": _find(para_levels, "pPr", "spacing", "lineRule"),
        "first_line": _find(para_levels, "pPr", "ind", "firstLine"),
        "first_line_chars": _find(para_levels, "pPr", "ind", "firstLineChars"),
        "jc": _find(para_levels, "pPr", "jc", "val"),
        "snap": _find(para_levels, "pPr", "snapToGrid", "val"),
        "font": _find(run_levels, "rPr", "rFonts", "eastAsia"),
        "latin": _find(run_levels, "rPr", "rFonts", "ascii"),
        "size": int(size) / 2 if size else None,
        "char_spacing": int(_find(run_levels, "rPr", "spacing", "val") or 0) / 20,
        "scale": int(_find(run_levels, "rPr", "w", "val") or 100) / 100,
        "colour": _find(run_levels, "rPr", "color", "val"),
        "bold": _find(run_levels, "rPr", "b", "val") if _has(run_levels, "b") else None,
        "lang": _find(run_levels, "rPr", "lang", "eastAsia"),
    }


def _has(levels: list[Any], tag: str) -> bool:
    return any(level is not None and level.find(f".//{W}{tag}") is not None for level in levels)


def chars_a_line(fmt: dict[str, Any]) -> int:
    return math.floor(TYPE_WIDTH_MM * MM_PT / (fmt["size"] * fmt["scale"] + fmt["char_spacing"]))


def assert_body(fmt: dict[str, Any], indent: bool = True) -> None:
    assert fmt["font"] == "仿宋_GB2312" and fmt["latin"] == "仿宋_GB2312", fmt
    assert fmt["size"] == BODY_PT, fmt
    assert fmt["rule"] == "exact" and fmt["line"] == str(round(LINE_PT * 20)), fmt
    assert fmt["snap"] in (None, "1"), fmt  # on the document's 22-line grid
    assert chars_a_line(fmt) == CHARS_PER_LINE, fmt
    if indent:
        assert fmt["first_line"] == str(2 * BODY_PT * 20) and not fmt["first_line_chars"], fmt
    assert fmt["jc"] == "both", fmt
    assert fmt["lang"] == "zh-CN", fmt


def _notice(office: Duban, tmp_path: Path) -> Path:
    case = office.new("加快推进城东片区老旧小区改造", "--lead-unit", "住建局", "--co-unit", "财政局",
                      "--leader", "王建国", "--content", "会议要求抓紧推进。")  # fmt: skip
    office("assign", case, "--days", "5")
    target = tmp_path / "通知.docx"
    office("render", "notice", case, "--format", "docx", "-o", str(target))
    return target


def clerk_edits(path: Path, out: Path) -> dict[str, Any]:
    """What a clerk does in Word or WPS: clears a body paragraph's direct formatting, types a new
    paragraph, pastes a run of plain text into a paragraph, makes a paragraph "Heading 1"."""
    from docx import Document

    document = Document(str(path))
    body = [p for p in document.paragraphs if len(p.text) > 30 and p.style.style_id == "Normal"]
    cleared = body[0]
    if cleared._p.pPr is not None:
        cleared._p.remove(cleared._p.pPr)
    for run in cleared.runs:
        if run._r.rPr is not None:
            run._r.remove(run._r.rPr)
    typed = body[-1].insert_paragraph_before("新输入的一段：" + "督办事项办理情况报告须经单位主要负责人签发" * 6)
    pasted = body[-1].add_run("粘贴的文字" * 10)
    heading = body[-1].insert_paragraph_before("三、新加的一级标题")
    heading.style = document.styles["Heading 1"]
    document.save(str(out))
    return {"cleared": cleared.text, "typed": typed.text, "pasted": pasted.text, "heading": heading.text}


def test_a_clerks_edits_keep_the_body_layout(office: Duban, tmp_path: Path) -> None:
    from docx import Document

    edited = tmp_path / "改过.docx"
    texts = clerk_edits(_notice(office, tmp_path), edited)
    document = Document(str(edited))
    by_text = {p.text: p for p in document.paragraphs}
    cleared = by_text[texts["cleared"]]
    assert_body(effective(document, cleared, cleared.runs[0]))
    typed = by_text[texts["typed"]]
    assert_body(effective(document, typed, typed.runs[0]))
    pasted = next(r for p in document.paragraphs for r in p.runs if r.text == texts["pasted"])
    assert_body(effective(document, pasted._parent, pasted))
    heading = by_text[texts["heading"]]
    fmt = effective(document, heading, heading.runs[0])
    assert fmt["font"] == "黑体" and fmt["size"] == BODY_PT and fmt["colour"] is None, fmt
    assert fmt["bold"] in (None, "0", "false"), fmt  # 黑体 is not set bold, and not Word's blue
    assert fmt["rule"] == "exact" and fmt["line"] == str(round(LINE_PT * 20)) and chars_a_line(fmt) == 28, fmt
    assert fmt["first_line"] == str(2 * BODY_PT * 20)


def test_the_styles_of_each_level_and_element(office: Duban, tmp_path: Path) -> None:
    from docx import Document

    document = Document(str(_notice(office, tmp_path)))
    fonts = {}
    levels = ("Heading 1", "Heading 2", "Heading 3", "Heading 4")
    for level, font in zip(levels, ("黑体", "楷体_GB2312", "仿宋_GB2312", "仿宋_GB2312"), strict=True):
        para = document.add_paragraph("标题", style=level)
        fonts[level] = effective(document, para, para.runs[0])
        assert fonts[level]["font"] == font and fonts[level]["colour"] is None, (level, fonts[level])
        assert fonts[level]["size"] == BODY_PT and fonts[level]["line"] == "579"
    title = next(p for p in document.paragraphs if p.text == "政务督办通知")
    fmt = effective(document, title, title.runs[0])
    assert (fmt["style"], fmt["font"], fmt["size"], fmt["jc"]) == ("Title", "方正小标宋简体", 22, "center")
    assert fmt["first_line"] == "0" and fmt["colour"] is None
    names = {s.style_id: s.name for s in document.styles}
    for style_id, name in (("Addressee", "主送"), ("Annex", "附件说明"), ("Signature", "署名"),
                           ("SignatureDate", "成文日期"), ("Colophon", "版记")):  # fmt: skip
        assert names[style_id] == name
        assert any(p.style.style_id == style_id for p in document.paragraphs), style_id
    addressee = next(p for p in document.paragraphs if p.style.style_id == "Addressee")
    assert effective(document, addressee, addressee.runs[0])["first_line"] == "0"
    colophon = next(p for p in document.paragraphs if p.style.style_id == "Colophon")
    assert effective(document, colophon, colophon.runs[0])["size"] == 14
    # （一） is the second level: 楷体, run into its paragraph (GB/T 9704 7.3.3).
    second = next(p for p in document.paragraphs if p.text.startswith("（一）"))
    fmt = effective(document, second, second.runs[0])
    assert fmt["font"] == "楷体_GB2312" and fmt["size"] == BODY_PT, fmt
    # Body paragraphs carry no direct formatting: the style is the layout.
    body = [p for p in document.paragraphs if p.style.style_id == "Normal" and len(p.text) > 20]
    assert body and all(r._r.rPr is None for p in body for r in p.runs if not r.text.startswith("（"))


def test_east_asian_language_and_font_table(office: Duban, tmp_path: Path) -> None:
    target = _notice(office, tmp_path)
    with zipfile.ZipFile(target) as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
        fonts = archive.read("word/fontTable.xml").decode("utf-8")
        document = archive.read("word/document.xml").decode("utf-8")
    assert 'w:eastAsia="en-US"' not in styles and 'w:eastAsia="en-US"' not in document
    assert 'w:val="zh-CN" w:eastAsia="zh-CN"' in styles
    assert "minorEastAsia" not in styles.split("</w:docDefaults>")[0]  # no theme font (ＭＳ 明朝)
    for name, alt in (("仿宋_GB2312", "仿宋"), ("方正小标宋简体", "宋体"), ("黑体", "SimHei"), ("楷体_GB2312", "楷体")):
        entry = fonts.split(f'w:name="{name}"', 1)[1].split("</w:font>", 1)[0]
        assert f'<w:altName w:val="{alt}"/>' in entry and '<w:charset w:val="86"/>' in entry, name


def test_a_long_office_name_is_set_smaller_on_one_line() -> None:
    import tempfile

    from docx import Document

    from duban.render.blocks import blocks
    from duban.render.geometry import MASTHEAD_PT, masthead_size, text_width
    from duban.render.word import to_docx

    assert masthead_size("示范区人民政府办公室") == MASTHEAD_PT
    long = "某某市示范区人民政府办公室"  # 13 characters: 468 pt at 36 pt, the 版心 is 442 pt
    size = masthead_size(long)
    assert size < MASTHEAD_PT and size * text_width(long) <= TYPE_WIDTH_MM * MM_PT * 0.96
    assert size >= 32 and size * 2 == int(size * 2)
    golden = Path(__file__).parent / "golden"
    for name, layout in (("notice-2026-0004.md", "文件"), ("reminder-2026-0011.md", "信函")):
        text = (golden / name).read_text(encoding="utf-8").replace("# 示范区人民政府办公室", f"# {long}")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "a.docx"
            to_docx(blocks(text), path, layout)
            document = Document(str(path))
            runs = [r for p in document.paragraphs for r in p.runs if r.text == long]
            assert runs and runs[0].font.size.pt == size, layout


def test_the_form_keeps_its_full_width_spaces_and_the_notice_carries_it_before_its_colophon(
    office: Duban, tmp_path: Path
) -> None:
    from duban.render.blocks import blocks

    case = office.new("加快推进城东片区老旧小区改造", "--lead-unit", "住建局", "--co-unit", "财政局")
    office("assign", case, "--days", "5")
    form = office("render", "report-form", case, "-o", "-").stdout
    cells = [c for b in blocks(form) if b.kind == "form" for row in b.rows for c in row]
    assert "　　年　月　日" in cells  # U+3000: room to write the year
    notice = office("render", "notice", case, "-o", "-").stdout
    order = [
        notice.index(words) for words in ("附件：政务督办报告", "\n---\n", "\n附件\n", "## 政务督办报告", "===", "抄送")
    ]
    assert order == sorted(order), order  # 附件 after the signature, the 版记 last (GB/T 9704 7.4)
    parts = blocks(notice)
    kinds = [b.kind for b in parts]
    assert kinds.index("appendix") < kinds.index("form") < kinds.index("colophon")
    target = tmp_path / "通知.docx"
    office("render", "notice", case, "--format", "docx", "-o", str(target))
    with zipfile.ZipFile(target) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert xml.count("<w:sectPr") == 1  # one section: the attachment goes on with the notice's page numbers
    assert xml.index("督办编号") < xml.index("抄送") and 'w:yAlign="bottom"' in xml  # the 版记 at the foot


def test_the_colophon_is_anchored_below_the_last_table(tmp_path: Path) -> None:
    """A document whose last text is a table: the 版记 is anchored to the signature's chain after
    it, not to a paragraph above the table (which would print it on an earlier page)."""
    from docx import Document

    from duban.render.blocks import blocks
    from duban.render.word import to_docx

    text = "\n\n".join(
        ["# 机关", "## 通报", "单位：", "正文一段。", "| 单位 | 数 |\n|---|---|\n| 甲 | 1 |"]
        + ["---", "机关", "2026年9月15日", "===", "抄送：某局。\n"]
    )
    path = tmp_path / "a.docx"
    to_docx(blocks(text), path)
    body = Document(str(path)).element.body
    order = [child for child in body if child.tag.endswith("}tbl") or child.tag.endswith("}p")]
    table = next(i for i, child in enumerate(order) if child.tag.endswith("}tbl"))
    frame = next(i for i, child in enumerate(order) if child.xpath(".//w:framePr"))
    assert frame > table
