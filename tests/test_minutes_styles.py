"""Minutes in three more offices' styles (a 常务会议 with 一、二、, a 专题会议 with （一）（二）, an
办公会 saved by Word with a decisions table), each against its expected-cases file: every decision
registered with the right units and deadline, nothing else; the header read; nothing missed."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import HERE, Duban

from duban.calendar import WorkCalendar
from duban.config import Config, Unit
from duban.importers.minutes import parse_minutes, read_header
from duban.importers.wordfile import chinese_numeral, docx_pieces, text_pieces
from duban.yamlio import load_fast

SAMPLES = [
    ("minutes-standing.txt", "2026-10-12"),
    ("minutes-topical.txt", "2026-11-05"),
    ("minutes-office.docx", "2026-11-18"),
]


def _expected(name: str) -> dict:  # type: ignore[type-arg]
    stem = name.rsplit(".", 1)[0]
    return load_fast((HERE / f"{stem}.expected.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "today"), SAMPLES)
def test_each_sample_registers_exactly_its_expected_cases(office: Duban, name: str, today: str) -> None:
    expected = _expected(name)
    office.today = today
    before = office.commits()
    preview = json.loads(office("import", "minutes", str(HERE / name), "--dry-run", "--json").stdout)
    assert office.commits() == before
    header = {k: str(v) for k, v in expected["纪要"].items()}
    assert preview["纪要"] == header
    got = [(c["主办单位"], c["协办单位"], c["办理时限"], c.get("报告周期")) for c in preview["事项"]]
    want = [
        (e["主办单位"], e["协办单位"], e["办理时限"].isoformat(), e.get("报告周期", "无")) for e in expected["事项"]
    ]
    assert got == want
    assert [c["标题"] for c in preview["事项"]] == [e["标题"] for e in expected["事项"]]
    assert [s["句子"] for s in preview["未立项的句子"]] == expected["未立项的句子"]
    assert [s["行"] for s in preview["跳过"]] == expected["跳过的行"]
    assert all(c["位置"] and c["时限依据"] for c in preview["事项"])  # the dry run says where each came from

    done = json.loads(office("import", "minutes", str(HERE / name), "--json").stdout)
    assert [c["办理时限"] for c in done["事项"]] == [w[2] for w in want]
    assert office.commits() == before + 1
    first = json.loads(office("show", done["事项"][0]["编号"], "--json").stdout)
    meeting = expected["纪要"]["会议"]
    assert first["来源"] == {"类别": "会议议定", "依据": meeting, "日期": str(expected["纪要"]["日期"])}
    assert first["批示领导"] == expected["纪要"]["主持"]
    assert office("check").exit_code == 0


def test_the_dry_run_table_shows_place_and_the_words_of_each_deadline(office: Duban) -> None:
    office.today = "2026-10-12"
    out = office("import", "minutes", str(HERE / "minutes-standing.txt"), "--dry-run")
    lines = out.stdout.splitlines()
    assert (
        "2026-0001\t2026-10-16\t区住房和城乡建设局（协办：区财政局）\t征收补偿资金筹措意见\t第11行：下周五前"
        "\t时限按规则，单位按措辞“由区住房城乡建设局负责”" in lines
    )
    # The office's default is a doubt the clerk is shown (？), and counted.
    default = "第19行：未写明，按规定5个工作日\t？时限为默认，单位按措辞“区市场监管局要”"
    assert any(line.endswith(default) for line in lines)
    assert "其中 1 项有推断或按默认的读法（标“？”），请逐项核对。" in out.stderr
    assert "从纪要读到 会议：示范区人民政府第21次常务会议（〔2026〕41号），日期：2026-10-09，主持：王建国" in out.stderr
    assert "未立项的句子（提到了单位，但没有读成交办事项，请核对）2 句：" in out.stderr
    assert "  第15行：会议同意区城市管理局提出的第二批整治方案。" in out.stderr
    office.today = "2026-11-18"
    docx = office("import", "minutes", str(HERE / "minutes-office.docx"), "--dry-run")
    assert "表1第4行：12月20日前" in docx.stdout and "跳过第15段“出席：" in docx.stderr


def test_given_options_win_over_the_header(office: Duban) -> None:
    office.today = "2026-10-12"
    args = ["import", "minutes", str(HERE / "minutes-standing.txt"), "--dry-run", "--json"]
    preview = json.loads(office(*args, "--meeting", "第21次常务会议", "--date", "2026-10-10").stdout)
    assert preview["纪要"] == {"主持": "王建国", "文号": "〔2026〕41号"}
    assert preview["事项"][0]["办理时限"] == "2026-10-16"  # 下周五 from Saturday 10-10: the same week


def test_minutes_without_a_header_ask_for_the_meeting(office: Duban, tmp_path: Path) -> None:
    path = tmp_path / "纪要.txt"
    path.write_text("一、关于某事\n请区财政局年底前完成。\n", encoding="utf-8")
    result = office("import", "minutes", str(path), ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "纪要开头没有读到会议名称" in result.stderr and "--meeting" in result.stderr
    result = office("import", "minutes", str(path), "--meeting", "某会议", ok=False)
    assert result.exit_code == 1 and "没有读到会议日期" in result.stderr and "--date" in result.stderr


def test_minutes_dated_after_today_are_refused_saying_where_the_date_came_from(office: Duban) -> None:
    office.today = "2026-10-08"  # the day before the meeting the header names
    result = office("import", "minutes", str(HERE / "minutes-standing.txt"), ok=False)
    assert result.exit_code == 1 and "从纪要开头读到的会议日期 2026-10-09 晚于今天 2026-10-08" in result.stderr
    assert not (office.root / "cases" / "2026").exists()


def test_the_docx_sample_is_what_its_generator_writes(tmp_path: Path) -> None:
    from minutes_docx import build

    made = build(tmp_path / "纪要.docx")
    assert docx_pieces(made.read_bytes(), "x") == docx_pieces((HERE / "minutes-office.docx").read_bytes(), "x")
    pieces = docx_pieces(made.read_bytes(), "x")
    assert [p.text for p in pieces if p.text.endswith("事项")] == ["三、关于其他事项"]  # Word's numbering, read
    assert pieces[8].cells == ("序号", "议定事项", "责任单位", "完成时限") and pieces[8].where == "表1第1行"


def test_a_damaged_word_file_is_one_clear_line(office: Duban, tmp_path: Path) -> None:
    path = tmp_path / "纪要.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    result = office("import", "minutes", str(path), "--meeting", "某会议", "--date", "2026-09-14", ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "读不了 Word 文件" in result.stderr


def test_a_doc_file_needs_libreoffice_and_says_so(office: Duban, tmp_path: Path) -> None:
    path = tmp_path / "纪要.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
    result = office("import", "minutes", str(path), ok=False, env={"PATH": str(tmp_path)})
    assert result.exit_code == 1
    assert "libreoffice-writer-nogui" in result.stderr and "另存为 .docx" in result.stderr


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_doc_file_through_libreoffice(office: Duban, tmp_path: Path) -> None:
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to", "doc",
         "--outdir", str(tmp_path), str(HERE / "minutes-office.docx")], check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    office.today = "2026-11-18"
    preview = json.loads(
        office("import", "minutes", str(tmp_path / "minutes-office.doc"), "--dry-run", "--json").stdout
    )
    want = [e["主办单位"] for e in _expected("minutes-office.docx")["事项"]]
    assert [c["主办单位"] for c in preview["事项"]] == want


def test_a_unit_named_as_the_addressee_of_a_report_is_not_a_unit_of_the_case() -> None:
    config = Config(office="x", units=(Unit("区财政局"), Unit("区人民政府", ("区政府",)), Unit("区审计局")))
    for text in ("区财政局负责清理欠款，年底前完成，报区政府审定。", "区财政局负责清理欠款，年底前向区政府报告。"):
        result = parse_minutes(f"一、关于欠款\n{text}\n", "会", dt.date(2026, 9, 14), config, WorkCalendar())
        assert [(d.lead_units, d.co_units) for d in result.drafts] == [(("区财政局",), ())], text
        assert result.unplaced == []


def test_roles_by_the_grammar_offices_use() -> None:
    config = Config(office="x", units=(Unit("区财政局"), Unit("区教育局"), Unit("区审计局")))

    def read(text: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        result = parse_minutes(f"一、关于某事\n{text}\n", "会", dt.date(2026, 9, 14), config, WorkCalendar())
        return [(d.lead_units, d.co_units) for d in result.drafts]

    assert read("区教育局主办，区财政局协助，年底前完成。") == [(("区教育局",), ("区财政局",))]
    assert read("由区教育局负责，区财政局做好资金保障，年底前完成。") == [(("区教育局",), ("区财政局",))]
    assert read("区财政局做好资金保障工作，年底前完成。") == [(("区财政局",), ())]  # alone: its own task
    assert read("区教育局、区审计局按职责分工抓好落实。") == [(("区教育局", "区审计局"), ())]
    assert read("区教育局负责甲，10月底前完成，区审计局负责乙，年底前完成。") == [
        (("区教育局",), ()),
        (("区审计局",), ()),
    ]
    assert read("区教育局负责同志要高度重视。") == []  # 负责同志 is a person, not the role 负责
    # A unit named first with no word of role is the subject of a task only by a deadline or a modal word,
    # never in a sentence of work done.
    assert read("区教育局本月底前将补助发放到位。") == [(("区教育局",), ())]
    assert read("区财政局前三季度完成收入12亿元。") == []
    assert read("区教育局11月底前已完成主体工程。") == []
    assert read("区审计局为牵头单位，区财政局为配合单位，12月中旬前完成。") == [(("区审计局",), ("区财政局",))]


def test_header_reading() -> None:
    header = read_header(text_pieces("区政府常务会议纪要\n（第8次）\n2026年3月2日，副区长张强同志主持召开会议。\n"))
    assert header.meeting == "区政府第8次常务会议" and header.date == dt.date(2026, 3, 2) and header.leader == "张强"
    header = read_header(text_pieces("专题会议纪要\n区政府办公室  2026年4月1日\n3月30日，李红在区政府主持会议。\n"))
    assert header.meeting == "专题会议" and header.date == dt.date(2026, 3, 30)
    assert [chinese_numeral(n) for n in (1, 10, 11, 20, 23)] == ["一", "十", "十一", "二十", "二十三"]


def test_a_decisions_table_with_merged_cells_and_a_row_without_a_unit(office: Duban, tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("示范区人民政府")
    document.add_paragraph("常务会议纪要")  # the title in two lines
    document.add_paragraph("2026年11月16日，区长王建国主持召开区政府第30次常务会议。")
    table = document.add_table(rows=5, cols=4)
    rows = [
        ("序号", "议定事项", "责任单位", "完成时限"),
        ("1", "完成老旧小区改造10个", "区住建局牵头，区财政局配合", "年底前"),
        ("2", "新增停车泊位500个", "", "12月20日前"),  # 责任单位 merged with the row above
        ("3", "做好冬季供暖保障", "", "11月30日前"),  # ... and again
        ("4", "研究背街小巷管理办法", "", ""),  # no unit of its own: a separate, empty cell
    ]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    table.cell(1, 2).merge(table.cell(3, 2))  # vMerge restart + continue, the text kept in the first
    heading = table.rows[0].cells
    assert heading[2].text == "责任单位"
    path = tmp_path / "纪要.docx"
    document.save(str(path))
    office.today = "2026-11-18"
    preview = json.loads(office("import", "minutes", str(path), "--dry-run", "--json").stdout)
    assert preview["纪要"]["会议"] == "示范区人民政府第30次常务会议"
    got = [(c["标题"], c["主办单位"], c["协办单位"], c["办理时限"]) for c in preview["事项"]]
    assert got == [
        ("完成老旧小区改造10个", ["区住房和城乡建设局"], ["区财政局"], "2026-12-31"),
        ("新增停车泊位500个", ["区住房和城乡建设局"], ["区财政局"], "2026-12-20"),
        ("做好冬季供暖保障", ["区住房和城乡建设局"], ["区财政局"], "2026-11-30"),
    ]
    assert preview["未立项的句子"] == [{"位置": "表1第5行", "句子": "研究背街小巷管理办法"}]


def test_numbering_that_comes_from_a_paragraph_style(tmp_path: Path) -> None:
    import io

    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from minutes_docx import NUMBERING

    document = Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    num = numbering.makeelement(qn("w:num"), {qn("w:numId"): "90"})
    num.append(num.makeelement(qn("w:abstractNumId"), {qn("w:val"): "90"}))
    numbering.append(num)
    style = document.styles.add_style("议题", WD_STYLE_TYPE.PARAGRAPH)
    props = style.element.get_or_add_pPr()
    numpr = props.makeelement(qn("w:numPr"), {})
    for tag, value in (("w:ilvl", "1"), ("w:numId", "90")):
        numpr.append(numpr.makeelement(qn(tag), {qn("w:val"): value}))
    props.append(numpr)
    document.add_paragraph("关于甲", style="议题")
    document.add_paragraph("正文")
    document.add_paragraph("关于乙", style="议题")
    data = io.BytesIO()
    document.save(data)
    assert [p.text for p in docx_pieces(data.getvalue(), "x")] == ["（一）关于甲", "正文", "（二）关于乙"]
