"""Builds tests/minutes-office.docx: a 区长办公会议纪要 as Word saves one, with its headings numbered
by Word's list numbering (一、 二、 are not in the text) and the decisions in a table.

    python tests/minutes_docx.py   # writes tests/minutes-office.docx again
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
TARGET = HERE / "minutes-office.docx"

PARAGRAPHS = [
    ("", "区长办公会议纪要"),
    ("", "〔2026〕15号"),
    ("", "示范区人民政府办公室                    2026年11月17日"),
    ("", "2026年11月16日，区长王建国主持召开区长办公会议，研究冬季供暖保障和为民办实事项目推进工作。现纪要如下："),
    ("heading", "关于冬季供暖保障工作"),
    ("", "会议要求，由区住房城乡建设局负责，区财政局做好资金保障，11月30日前完成老旧供热管网抢修。"),
    ("heading", "关于为民办实事项目"),
    ("", "会议议定事项如下表："),
    ("table", ""),
    ("heading", "关于其他事项"),
    ("", "会议听取了区文旅局关于冬季旅游活动安排的汇报。"),
    ("", "出席：王建国、李红、张强"),
    ("", "列席：区教育局、区民政局、区卫生健康局、区医疗保障局、区人社局、区文旅局"),
]
TABLE = [
    ("序号", "议定事项", "责任单位", "完成时限"),
    ("1", "完成10所中小学食堂改造", "区教育局", "2026年12月31日"),
    ("2", "新增社区养老服务站5个", "区民政局、区卫健局", "年底前"),
    ("3", "开展城乡居民医保参保动员", "区医保局牵头，区人社局配合", "12月20日前"),
]

NUMBERING = (
    '<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="90">'
    '<w:multiLevelType w:val="multilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>'
    '<w:lvlJc w:val="left"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>'
    '<w:lvlJc w:val="left"/></w:lvl>'
    "</w:abstractNum>"
)


def build(path: Path = TARGET) -> Path:
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    document = Document()
    numbering = document.part.numbering_part.element
    abstract = parse_xml(NUMBERING)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = numbering.makeelement(qn("w:num"), {qn("w:numId"): "90"})
    ref = num.makeelement(qn("w:abstractNumId"), {qn("w:val"): "90"})
    num.append(ref)
    numbering.append(num)
    for kind, text in PARAGRAPHS:
        if kind == "table":
            table = document.add_table(rows=0, cols=4)
            for row in TABLE:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = value
            continue
        paragraph = document.add_paragraph(text)
        if kind == "heading":
            props = paragraph._p.get_or_add_pPr()
            numpr = props.makeelement(qn("w:numPr"), {})
            level = numpr.makeelement(qn("w:ilvl"), {qn("w:val"): "0"})
            number = numpr.makeelement(qn("w:numId"), {qn("w:val"): "90"})
            numpr.append(level)
            numpr.append(number)
            props.append(numpr)
    document.core_properties.author = "示范区人民政府办公室"
    document.save(str(path))
    return path


if __name__ == "__main__":
    print(build())
