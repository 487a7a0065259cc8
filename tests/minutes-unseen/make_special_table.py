"""Builds tests/minutes-unseen/minutes-special-table.docx: a 专题会议纪要 as Word saves one, its header
(title, 文号, date line, opening sentence) as paragraphs and its decisions in a Word TABLE with the
columns 序号 / 议定事项 / 责任单位 / 配合单位 / 完成时限, followed by two decisions written as text.

    /work/main/.venv/bin/python tests/minutes-unseen/make_special_table.py   # writes the .docx again

Written without reading the importer (issue 30 samples). The cases it should give are in
minutes-special-table.expected.yaml.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
TARGET = HERE / "minutes-special-table.docx"

BEFORE_TABLE = [
    "示范区人民政府专题会议纪要",
    "〔2026〕28号",
    "示范区人民政府办公室                    2026年12月10日",
    "2026年12月9日，副区长张强主持召开专题会议，研究今冬明春根治拖欠农民工工资和岁末年初民生保障工作。"
    "区人社局、区住建局、区交通局、区财政局、区公安分局、区民政局、区医保局、区城管局、区市场监管局、"
    "区政务服务中心负责同志参加会议。现将会议议定事项纪要如下：",
    "会议听取了区人社局关于全区根治欠薪冬季专项行动开展情况的汇报。会议强调，岁末年初是欠薪问题易发多发期，"
    "各有关单位要坚持源头治理、标本兼治，确保农民工工资按时足额支付。经研究，会议议定事项如下表：",
]

TABLE = [
    ("序号", "议定事项", "责任单位", "配合单位", "完成时限"),
    ("1", "开展根治欠薪冬季专项行动，实现在建工程项目欠薪问题动态清零", "区人社局", "区住建局、区交通局", "春节前"),
    ("2", "开展农民工工资专用账户和实名制管理落实情况专项检查", "区住建局、区交通局", "", "12月底前"),
    ("3", "完成今冬明春困难群众临时救助和医疗救助资金发放", "区民政局牵头", "区医保局、区财政局配合", "2026年12月25日"),
    (
        "4",
        "制定春运期间客运站点及周边治安和交通秩序保障方案",
        "区交通局、区公安分局（牵头）",
        "区城管局",
        "2027年1月15日前",
    ),
    ("5", "做好欠薪线索快速处置，每月向区政府报告处置情况", "区人社局", "区公安分局", "长期"),
    ("6", "开展冬季取暖用品和节日食品质量安全专项检查", "区市场监管局", "", "15个工作日内"),
]

AFTER_TABLE = [
    "会议同意区财政局提出的根治欠薪应急周转金使用方案，由区财政局负责，12月18日前将首批应急周转金拨付到位，"
    "区人社局做好资金使用监管工作。",
    "会议要求，区政务服务中心牵头，区人社局配合，1月20日前在区政务服务大厅设立农民工工资争议“一站式”受理窗口。",
    "会议原则同意区民政局提出的今冬明春困难群众救助工作方案。",
    "出席：张强、刘洋",
    "参加：区人社局、区住建局、区交通局、区财政局、区公安分局、区民政局、区医保局、区城管局、区市场监管局、区政务服务中心",
    "记录：赵敏",
]


def build(path: Path = TARGET) -> Path:
    from docx import Document

    document = Document()
    for text in BEFORE_TABLE:
        document.add_paragraph(text)
    table = document.add_table(rows=0, cols=len(TABLE[0]))
    table.style = "Table Grid"
    for row in TABLE:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    for text in AFTER_TABLE:
        document.add_paragraph(text)
    document.core_properties.author = "示范区人民政府办公室"
    document.save(str(path))
    return path


if __name__ == "__main__":
    print(build())
