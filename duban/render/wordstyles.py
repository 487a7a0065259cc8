"""A Word file's own styles and font table, in the GB/T 9704-2012 layout: Normal is the body (正文:
仿宋_GB2312 3号 on the 28.95 pt grid, 28 characters a line, two characters in, justified), so that a
paragraph a clerk clears or pastes keeps the layout; Title is the 2号 方正小标宋简体 title; the
built-in Heading 1–4 are the four levels of GB/T 9704 7.3.3 (一、 黑体, （一） 楷体, 1. and （1） 仿宋),
so that "Heading 1" in Word or WPS gives the 黑体 level and not Word's blue; the document's other
elements (主送, 附件说明, 署名, 成文日期, 附注, 版记, table and form text) have styles of their own.

Text is tagged zh-CN (w:lang, eastAsia too): python-docx's template says en-US, which steers
LibreOffice to a Japanese face. The font table names the 公文 fonts with the names a machine
without them knows them by (w:altName), their GB2312 charset and family."""

from __future__ import annotations

from typing import Any

from duban.render.geometry import (
    BODY_PT,
    FONT_BODY,
    FONT_HEADING,
    FONT_PAGE_NUMBER,
    FONT_SUBHEADING,
    FONT_TITLE,
    FORM_PT,
    LINE_PT,
    TABLE_PT,
    TITLE_PT,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LANG = "zh-CN"
# The styles' ids (what a paragraph's w:pStyle names); Word shows their names (Normal as 正文 in a
# Chinese Word, Title as 标题, Heading 1 as 标题 1).
BODY = "Normal"
TITLE = "Title"
HEADINGS = ("Heading1", "Heading2", "Heading3", "Heading4")
ADDRESSEE = "Addressee"
ANNEX = "Annex"
SIGNATURE = "Signature"
DATE = "SignatureDate"
NOTE = "Note"
COLOPHON = "Colophon"
MARK = "AttachmentMark"
TABLE_TEXT = "TableText"
FORM_TEXT = "FormText"
RUN_IN = "Heading2Char"  # a （一） heading that runs into its paragraph: its first sentence in 楷体

LINE = round(LINE_PT * 20)  # twentieths of a point
BODY_SCALE = 0.98  # a body character's width, times its size (w:w)
# Indents in twips, not in w:firstLineChars (which would win over a paragraph's own w:firstLine or
# w:hanging): 2 characters of 3号 are 32 pt.
INDENT_2 = f'<w:ind w:firstLine="{2 * BODY_PT * 20}"/>'
NO_INDENT = '<w:ind w:firstLine="0"/>'

# (font, the name a machine without it may know, panose, family, pitch)
FONTS = (
    (FONT_BODY, "仿宋", "02010609030101010101", "modern", "fixed"),
    (FONT_SUBHEADING, "楷体", "02010609030101010101", "modern", "fixed"),
    (FONT_HEADING, "SimHei", "02010609060101010101", "modern", "fixed"),
    (FONT_TITLE, "宋体", "02000000000000000000", "script", "variable"),
    (FONT_PAGE_NUMBER, "SimSun", "02010600030101010101", "auto", "variable"),
    ("仿宋", "FangSong", "02010609060101010101", "modern", "fixed"),
    ("楷体", "KaiTi", "02010609060101010101", "modern", "fixed"),
)


def _fonts(name: str) -> str:
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}"/>'


def _size(points: float) -> str:
    half = round(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


def _lang() -> str:
    return f'<w:lang w:val="{LANG}" w:eastAsia="{LANG}" w:bidi="ar-SA"/>'


def _exact(points: float = LINE_PT) -> str:
    return f'<w:spacing w:before="0" w:after="0" w:line="{round(points * 20)}" w:lineRule="exact"/>'


def _paragraph_style(
    style_id: str, name: str, ppr: str, rpr: str, based_on: str | None = BODY, next_style: str = BODY
) -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (
        f'<w:style xmlns:w="{W_NS}" w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/>{based}<w:next w:val="{next_style}"/><w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def _custom_styles() -> list[str]:
    plain = '<w:spacing w:val="0"/>'
    return [
        _paragraph_style(ADDRESSEE, "主送", NO_INDENT + '<w:jc w:val="both"/>', ""),
        _paragraph_style(ANNEX, "附件说明", INDENT_2 + '<w:jc w:val="left"/>', ""),
        _paragraph_style(SIGNATURE, "署名", "<w:keepNext/>" + NO_INDENT + '<w:jc w:val="right"/>', "", next_style=DATE),
        _paragraph_style(
            DATE,
            "成文日期",
            f'<w:ind w:right="{4 * BODY_PT * 20}" w:firstLine="0"/><w:jc w:val="right"/>',
            "",
        ),
        _paragraph_style(NOTE, "附注", INDENT_2 + '<w:jc w:val="left"/>', ""),
        _paragraph_style(MARK, "附件标识", NO_INDENT + '<w:jc w:val="left"/>', _fonts(FONT_HEADING)),
        _paragraph_style(
            COLOPHON,
            "版记",
            '<w:snapToGrid w:val="0"/>'
            + _exact()
            + '<w:ind w:left="280" w:right="280" w:firstLine="0"/><w:jc w:val="left"/>',
            plain + _size(14),
        ),
        _paragraph_style(
            TABLE_TEXT,
            "表格文字",
            '<w:snapToGrid w:val="0"/>' + _exact(TABLE_PT * 1.5) + NO_INDENT + '<w:jc w:val="center"/>',
            plain + _size(TABLE_PT),
        ),
        _paragraph_style(
            FORM_TEXT,
            "表单文字",
            '<w:snapToGrid w:val="0"/>' + _exact(FORM_PT * 1.5) + NO_INDENT + '<w:jc w:val="center"/>',
            plain + _size(FORM_PT),
        ),
        f'<w:style xmlns:w="{W_NS}" w:type="character" w:customStyle="1" w:styleId="{RUN_IN}">'
        f'<w:name w:val="二级标题字符"/><w:basedOn w:val="DefaultParagraphFont"/><w:link w:val="Heading2"/>'
        f"<w:rPr>{_fonts(FONT_SUBHEADING)}</w:rPr></w:style>",
    ]


# The built-in styles made over: (style id, pPr, rPr); each keeps its name, so that Word and WPS
# know it (the heading levels in the navigation pane, Title in the styles gallery).
def _builtin_styles() -> dict[str, tuple[str, str]]:
    # 28 characters a line: each character 98% wide (15.68 pt; 28 fit in the 442 pt line, 29 do
    # not), the HTML's -0.25 pt letter spacing in Word's terms. Not w:spacing -0.25 pt: with text
    # tagged zh-CN, LibreOffice 7.4 hangs a closing mark past a line so filled, and with negative
    # spacing does not print it at all (a ； lost in the 催办通知, measured).
    spacing = f'<w:w w:val="{round(BODY_SCALE * 100)}"/>'
    heading = "<w:keepNext/><w:keepLines/>" + _exact() + INDENT_2 + '<w:jc w:val="both"/>'
    return {
        BODY: (
            # No punctuation hanging past the margin (zh-CN text allows it by default in Word and
            # LibreOffice): a line is 28 characters within the 版心.
            '<w:overflowPunct w:val="0"/>' + _exact() + INDENT_2 + '<w:jc w:val="both"/>',
            _fonts(FONT_BODY) + spacing + _size(BODY_PT) + _lang(),
        ),
        TITLE: (
            '<w:keepNext/><w:keepLines/><w:snapToGrid w:val="0"/>' + _exact() + NO_INDENT + '<w:jc w:val="center"/>',
            _fonts(FONT_TITLE) + '<w:spacing w:val="0"/>' + _size(TITLE_PT),
        ),
        "Heading1": (heading + '<w:outlineLvl w:val="0"/>', _fonts(FONT_HEADING)),
        "Heading2": (heading + '<w:outlineLvl w:val="1"/>', _fonts(FONT_SUBHEADING)),
        "Heading3": (heading + '<w:outlineLvl w:val="2"/>', _fonts(FONT_BODY)),
        "Heading4": (heading + '<w:outlineLvl w:val="3"/>', _fonts(FONT_BODY)),
    }


def apply(document: Any) -> None:
    """The document's styles, its defaults in zh-CN and its font table."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(run_defaults):
        run_defaults.remove(child)
    for xml in (_fonts(FONT_BODY), _size(BODY_PT), _lang()):
        for element in parse_xml(f'<w:rPr xmlns:w="{W_NS}">{xml}</w:rPr>'):
            run_defaults.append(element)
    para_defaults = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for child in list(para_defaults):
        para_defaults.remove(child)
    para_defaults.append(parse_xml(f'<w:spacing xmlns:w="{W_NS}" w:after="0" w:line="{LINE}" w:lineRule="exact"/>'))
    for style_id, (ppr, rpr) in _builtin_styles().items():
        style = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
        for tag in ("w:pPr", "w:rPr"):
            old = style.find(qn(tag))
            if old is not None:
                style.remove(old)
        style.append(parse_xml(f'<w:pPr xmlns:w="{W_NS}">{ppr}</w:pPr>'))
        style.append(parse_xml(f'<w:rPr xmlns:w="{W_NS}">{rpr}</w:rPr>'))
        if style_id != BODY:
            _link_off(style)
    for xml in _custom_styles():
        style = parse_xml(xml)
        old = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style.get(qn('w:styleId'))}']")
        if old is not None:  # the template's Heading2Char (blue Cambria)
            styles.remove(old)
        styles.append(style)
    _font_table(document)


def _link_off(style: Any) -> None:
    """A heading's linked character style (Heading1Char: blue, Cambria) would colour a run it is
    applied to; the link is dropped (Heading 2's goes to the 楷体 run-in style)."""
    from docx.oxml.ns import qn

    link = style.find(qn("w:link"))
    if link is not None:
        if style.get(qn("w:styleId")) == "Heading2":
            link.set(qn("w:val"), RUN_IN)
        else:
            style.remove(link)
    for tag in ("w:semiHidden", "w:unhideWhenUsed"):
        found = style.find(qn(tag))
        if found is not None:
            style.remove(found)


def _font_table(document: Any) -> None:
    """word/fontTable.xml: the 公文 fonts with their fallbacks, GB2312 (charset 0x86)."""
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    part = next((p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    root = parse_xml(part.blob)
    for font in root.findall(qn("w:font")):
        if font.get(qn("w:name")) in {f[0] for f in FONTS}:
            root.remove(font)
    for name, alt, panose, family, pitch in FONTS:
        root.append(
            parse_xml(
                f'<w:font xmlns:w="{W_NS}" w:name="{name}"><w:altName w:val="{alt}"/>'
                f'<w:panose1 w:val="{panose}"/><w:charset w:val="86"/><w:family w:val="{family}"/>'
                f'<w:pitch w:val="{pitch}"/><w:sig w:usb0="00000001" w:usb1="080E0000" w:usb2="00000010" '
                'w:usb3="00000000" w:csb0="00040000" w:csb1="00000000"/></w:font>'
            )
        )
    part._blob = serialize_part_xml(root)
