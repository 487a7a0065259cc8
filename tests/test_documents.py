"""The office's documents: wording pinned by golden files, GB/T 9704 geometry, user text kept literal."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import HERE, Duban, example_office
from typer.testing import CliRunner

from duban.cli import app

ROOT = HERE.parent
GOLDEN = HERE / "golden"


def example(*args: str) -> str:
    """Run against the bundled example office, read-only, as of a fixed Monday."""
    result = CliRunner().invoke(app, ["--repo", str(ROOT), "--as-of", "2026-11-23", "--by", "李明", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("notice-2026-0004.md", ["render", "notice", "2026-0004", "-o", "-"]),
        ("bulletin-2026-11.md", ["bulletin", "--from", "2026-11-01", "--to", "2026-11-30", "--issue", "11", "-o", "-"]),
    ],
)
def test_golden_markdown(name: str, args: list[str], update_golden: bool) -> None:
    text = example(*args)
    path = GOLDEN / name
    if update_golden:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; rerun with --update-golden if intended"


def test_golden_reminder(tmp_path: Path, update_golden: bool) -> None:
    """The 催办通知 of the written reminder recorded on 11-23 in a copy of the example office (whose
    2026-0011 was reminded by telephone once before): its own number, the 2nd reminder."""
    office = example_office(tmp_path, "2026-11-23")
    office("remind", "2026-0011")
    text = office("render", "reminder", "2026-0011", "-o", "-").stdout
    path = GOLDEN / "reminder-2026-0011.md"
    if update_golden:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), "reminder changed; rerun with --update-golden if intended"


def _docx_text(path: Path) -> str:
    from docx import Document

    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_a_notice_in_all_three_formats(office: Duban, tmp_path: Path) -> None:
    case_id = office.new("城南片区内涝点整治", "--lead-unit", "城管局", "--co-unit", "住建局")
    office("assign", case_id, "--days", "5")
    texts = {}
    for fmt in ("md", "html", "docx"):
        target = tmp_path / f"notice.{fmt}"
        office("render", "notice", case_id, "-f", fmt, "-o", str(target))
        texts[fmt] = _docx_text(target) if fmt == "docx" else target.read_text(encoding="utf-8")
    for fmt, text in texts.items():
        for expected in ("督〔2026〕1号", "城南片区内涝点整治", "区城市管理局", "2026年10月10日", "区住房和城乡建设局"):
            assert expected in text, (fmt, expected)
        assert "2026年9月28日" in text, fmt  # 成文日期 in Arabic numerals


def test_default_output_goes_under_out(office: Duban) -> None:
    case_id = office.new("某事项", "--lead-unit", "城管局")
    office("assign", case_id)
    done = office("render", "notice", case_id, "-f", "docx")
    path = office.root / "out" / f"{case_id}-政务督办通知-区城市管理局.docx"
    assert str(path) in done.stdout and path.is_file()
    assert f"已附附件《政务督办报告》；单独一份：duban render report-form {case_id} --format docx" in done.stderr
    assert office.git("status", "--porcelain") == ""  # out/ is ignored


def test_one_notice_per_lead_unit(office: Duban, tmp_path: Path) -> None:
    case_id = office.new("某事项", "--lead-unit", "城管局", "--lead-unit", "住建局")
    office("assign", case_id)
    (tmp_path / "out").mkdir()
    office("render", "notice", case_id, "-o", str(tmp_path / "out" / "通知.md"))
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["通知-区住房和城乡建设局.md", "通知-区城市管理局.md"]
    assert "区城市管理局：" in (tmp_path / "out" / "通知-区城市管理局.md").read_text(encoding="utf-8")


def test_docx_geometry_and_east_asian_fonts(office: Duban, tmp_path: Path) -> None:
    from docx import Document
    from docx.shared import Mm

    case_id = office.new("某事项", "--lead-unit", "城管局")
    office("assign", case_id)
    target = tmp_path / "n.docx"
    office("render", "notice", case_id, "-f", "docx", "-o", str(target))
    document = Document(str(target))
    section = document.sections[0]

    def mm(length: int) -> float:
        return round(length / Mm(1), 1)  # Word stores twentieths of a point: compare to 0.1 mm

    assert (mm(section.page_width), mm(section.page_height)) == (210.0, 297.0)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (37.0, 35.0)
    assert (mm(section.left_margin), mm(section.right_margin)) == (28.0, 26.0)
    assert mm(section.page_width - section.left_margin - section.right_margin) == 156.0
    assert mm(section.page_height - section.top_margin - section.bottom_margin) == 225.0
    from test_word_styles import effective

    runs = [(p, r) for p in document.paragraphs for r in p.runs if r.text]
    assert runs
    for para, run in runs:  # each run's East Asian font, direct or through the styles
        assert effective(document, para, run)["font"], run.text
    para, body = next((p, r) for p, r in runs if "请于" in r.text)
    fmt = effective(document, para, body)
    assert fmt["font"] == "楷体_GB2312" and fmt["size"] == 16  # （一）…… runs in its 楷体 heading
    para, body = next((p, r) for p, r in runs if "现将" in r.text)
    fmt = effective(document, para, body)
    assert fmt["font"] == "仿宋_GB2312" and fmt["size"] == 16
    footer = "".join(r.text for r in section.footer.paragraphs[0].runs)
    assert footer.startswith("— ") and footer.endswith(" —") and "PAGE" in section.footer.paragraphs[0]._p.xml


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_docx_and_prints_a4(office: Duban, tmp_path: Path) -> None:
    case_id = office.new("某事项", "--lead-unit", "城管局")
    office("assign", case_id)
    target = tmp_path / "通知.docx"
    office("render", "notice", case_id, "-f", "docx", "-o", str(target))
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(target),
        ],
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "通知.pdf"
    assert done.returncode == 0 and pdf.is_file(), done.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    import re

    boxes = {
        tuple(round(float(v)) for v in m.groups())
        for m in re.finditer(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    }
    assert boxes == {(595, 842)}  # A4 in points


def test_user_text_is_data_never_template_code(office: Duban, tmp_path: Path) -> None:
    title = "{{ 7*7 }} & <b>加粗</b> {% raw %}"
    case_id = office.new(title, "--lead-unit", "城管局", "--content", "内容含 {{ config }} 与 <script>x</script>")
    office("assign", case_id)
    for fmt in ("md", "html", "docx"):
        target = tmp_path / f"n.{fmt}"
        office("render", "notice", case_id, "-f", fmt, "-o", str(target))
        text = _docx_text(target) if fmt == "docx" else target.read_text(encoding="utf-8")
        assert "49" not in text, fmt
        if fmt == "html":
            assert "{{ 7*7 }} &amp; &lt;b&gt;加粗&lt;/b&gt; {% raw %}" in text
            assert "&lt;script&gt;" in text and "<script>" not in text
        else:
            assert title in text, fmt
            assert "{{ config }}" in text


def test_an_office_template_overrides_and_a_broken_one_names_its_line(office: Duban) -> None:
    case_id = office.new("某事项", "--lead-unit", "城管局")
    office("assign", case_id)
    own = office.root / "templates" / "notice.md.j2"
    own.write_text("# {{ 机关 }}\n\n## 督办单\n\n{{ 主送 }}：请于{{ 办理时限 | 中文日期 }}前办结。\n", encoding="utf-8")
    assert "请于2026年10月10日前办结" in office("render", "notice", case_id, "-o", "-").stdout
    listed = office("render", "--list").stdout
    assert f"notice.md.j2\t政务督办通知\t本办\t{own}" in listed
    assert "reminder.md.j2\t催办通知\t内置" in listed
    own.write_text("# {{ 机关 }}\n\n{% if 主送 %}\n没有结束的 if\n", encoding="utf-8")
    broken = office("render", "notice", case_id, "-o", "-", ok=False)
    assert broken.exit_code == 1
    assert broken.stderr.startswith("templates/notice.md.j2:4: 模板语法错误")
    own.write_text("# {{ 机关 }}\n\n{{ 不存在的变量 }}\n", encoding="utf-8")
    unknown = office("render", "notice", case_id, "-o", "-", ok=False)
    assert unknown.exit_code == 1 and "templates/notice.md.j2:3: 模板出错" in unknown.stderr


def test_a_reminder_needs_an_overdue_case(office: Duban) -> None:
    case_id = office.new("某事项", "--lead-unit", "城管局")
    office("assign", case_id, "--deadline", "2026-09-30")
    refused = office("render", "reminder", case_id, ok=False)
    assert refused.exit_code == 1 and "没有逾期" in refused.stderr
    office.today = "2026-10-12"
    office("remind", case_id)
    text = office("render", "reminder", case_id, "-o", "-").stdout
    assert "已逾期4个工作日" in text  # 10-08, 10-09, 10-10 (make-up Saturday), 10-12
    assert "这是第1次催办" in text and "2026年10月15日前" in text


def test_the_october_bulletin_names_the_late_and_counts_right(office: Duban) -> None:
    def case(title: str, unit: str, day: str, deadline: str) -> str:
        office.today = day
        case_id = office.new(title, "--lead-unit", unit)
        office("assign", case_id, "--deadline", deadline)
        return case_id

    def finish(case_id: str, unit: str, day: str) -> None:
        office.today = day
        office("report", case_id, "--unit", unit, "--signer", "负责人", "--text", "完成", "--final")
        office("close", case_id)

    september = case("九月办结", "财政局", "2026-09-01", "2026-09-10")
    finish(september, "财政局", "2026-09-09")
    on_time = case("按期办结", "财政局", "2026-10-08", "2026-10-20")
    finish(on_time, "财政局", "2026-10-20")  # on the deadline day
    late = case("超期办结", "教育局", "2026-10-08", "2026-10-12")
    finish(late, "教育局", "2026-10-14")
    overdue = case("逾期未办", "城管局", "2026-10-09", "2026-10-16")
    office.today = "2026-10-20"
    office("remind", overdue)
    case("在办事项", "城管局", "2026-10-09", "2026-11-30")
    waiting = case("待审核事项", "民政局", "2026-10-09", "2026-10-23")
    office.today = "2026-10-22"
    office("report", waiting, "--unit", "民政局", "--signer", "负责人", "--text", "完成", "--final")

    office.today = "2026-11-03"
    text = office("bulletin", "--from", "2026-10-01", "--to", "2026-10-31", "--issue", "10", "-o", "-").stdout
    assert "第10期" in text
    assert (
        "本期共交办督办事项5项；办结2项，其中按期办结1项、超期办结1项；截至2026年10月31日，逾期未办结1项，在办2项。按期办结率为33.3%。"
        in text
    )
    assert "区财政局按期办结全部到期督办事项，予以通报表扬。" in text
    assert "1. 区城市管理局：“逾期未办”（督〔2026〕4号），办理时限2026年10月16日，已逾期10个工作日，已催办1次。" in text
    assert "| 区城市管理局 | 2 | 0 | 0 | 1 | 1 | 0.0% |" in text
    assert "| 区教育局 | 1 | 0 | 1 | 0 | 0 | 0.0% |" in text
    assert "| 区民政局 | 1 | 0 | 0 | 0 | 1 | 无到期事项 |" in text
    assert "区民政局" not in text.split("逾期未办结的事项")[1].split("各单位办理情况")[0]
    html = office(
        "bulletin", "--from", "2026-10-01", "--to", "2026-10-31", "--issue", "10", "-f", "html", "-o", "-"
    ).stdout
    assert '<table class="data">' in html and "@bottom-right" in html and "— \\" not in html
    assert json.dumps("区城市管理局", ensure_ascii=False).strip('"') in html


def _docx_xml(path: Path, part: str = "word/document.xml") -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read(part).decode("utf-8")


def test_docx_carries_the_gb9704_layout(office: Duban, tmp_path: Path) -> None:
    """What the print check measures on the page, checked in the file itself (no LibreOffice needed)."""
    case = office.new("加快推进城东片区老旧小区改造", "--lead-unit", "住建局", "--co-unit", "财政局", "--leader",
                      "王建国", "--urgency", "紧急", "--content", "会议要求抓紧推进。")  # fmt: skip
    office("assign", case, "--days", "5")
    target = tmp_path / "通知.docx"
    office("render", "notice", case, "--format", "docx", "-o", str(target))
    body = _docx_xml(target)
    assert 'w:type="lines"' in body and 'w:linePitch="579"' in body  # 22 lines of 28.95 pt
    styles = _docx_xml(target, "word/styles.xml")  # the body's layout is the Normal style's (wordstyles)
    assert '<w:w w:val="98"/>' in styles and '<w:jc w:val="both"/>' in styles  # 28 characters, justified
    assert body.index(">加急<") < body.index(">示范区人民政府办公室<")  # 紧急 printed as 加急, above the masthead
    assert "抄送：区财政局，王建国同志。" in body and "印发" in body  # the 版记
    assert 'w:val="C00000"' in body  # the red rule
    assert "<w:evenAndOddHeaders/>" in _docx_xml(target, "word/settings.xml")
    assert "<w:keepNext/>" in body
    office.today = "2026-12-01"
    bulletin = tmp_path / "通报.docx"
    office("bulletin", "--from", "2026-09-01", "--to", "2026-11-30", "--format", "docx", "-o", str(bulletin))
    table = _docx_xml(bulletin)
    assert table.count("<w:tblHeader/>") == 1 and table.count("<w:cantSplit/>") >= 2
    reminder = tmp_path / "催办.docx"
    office("remind", case)  # a 催办通知 is the document of a recorded written reminder
    office("render", "reminder", case, "--format", "docx", "-o", str(reminder))
    letter = _docx_xml(reminder)
    assert "<w:titlePg/>" in letter and 'w:val="thickThinSmallGap"' in letter  # the upper double line (a frame)
    assert any('w:val="thinThickSmallGap"' in _docx_xml(reminder, f"word/footer{n}.xml") for n in (1, 2, 3))


def test_html_pages_number_odd_right_even_left_and_repeat_table_headers(office: Duban) -> None:
    case = office.new("某事项", "--lead-unit", "城管局")
    office("assign", case, "--days", "5")
    page = office("render", "notice", case, "--format", "html", "-o", "-").stdout
    assert "@page :right { @bottom-right" in page and "@page :left { @bottom-left" in page
    assert '<div class="closing">' in page and "break-inside: avoid" in page
    office.today = "2026-12-01"
    bulletin = office("bulletin", "--from", "2026-09-01", "--to", "2026-11-30", "--format", "html", "-o", "-").stdout
    assert "<thead><tr><th>单位</th>" in bulletin and "<colgroup>" in bulletin
    office("remind", case)
    letter = office("render", "reminder", case, "--format", "html", "-o", "-").stdout
    assert "@page :first { margin-top:" in letter and 'class="double-rule"' in letter


def test_pdf_without_libreoffice_names_the_package(office: Duban, tmp_path: Path) -> None:
    case = office.new("某事项", "--lead-unit", "城管局")
    office("assign", case, "--days", "5")
    result = office("render", "notice", case, "--format", "pdf", "-o", str(tmp_path / "a.pdf"), ok=False,
                    env={"PATH": str(tmp_path)})  # fmt: skip
    assert result.exit_code == 1 and "libreoffice-writer-nogui" in result.stderr
    assert not (tmp_path / "a.pdf").exists()
    if shutil.which("soffice"):
        office("render", "notice", case, "--format", "pdf", "-o", str(tmp_path / "b.pdf"))
        assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")


def test_bulletin_for_a_running_period_says_so_and_names_nothing_due_in_words(office: Duban) -> None:
    case = office.new("某事项", "--lead-unit", "城管局")
    office("assign", case, "--days", "20")
    office.today = "2026-10-09"
    text = office("bulletin", "--from", "2026-09-01", "--to", "2026-10-31", "-o", "-").stdout
    assert "关于截至2026年10月9日督办事项办理情况的通报" in text
    assert "本期无到期事项" in text and "按期办结率为—" not in text and "| — |" not in text
    refused = office("bulletin", "--from", "2026-11-01", "--to", "2026-11-30", "-o", "-", ok=False)
    assert refused.exit_code == 1 and "晚于今天" in refused.stderr


def test_a_recorded_bulletins_file_is_never_overwritten(office: Duban) -> None:
    case = office.new("某事项", "--lead-unit", "城管局")
    office("assign", case, "--days", "2")
    office.today = "2026-10-12"
    first = office("bulletin", "--from", "2026-09-01", "--to", "2026-09-30", "--format", "html", "--record")
    path = office.root / "out" / "督查通报-2026年第1期.html"
    assert path.exists() and "第1期" in first.stdout
    before = path.read_bytes()
    again = office(
        "bulletin", "--from", "2026-09-01", "--to", "2026-09-30", "--issue", "1", "--format", "html", ok=False
    )
    assert again.exit_code == 1 and "不覆盖" in again.stderr and path.read_bytes() == before
    following = office("bulletin", "--from", "2026-10-01", "--to", "2026-10-12", "--format", "html")
    assert "第2期" in following.stdout and (office.root / "out" / "督查通报-2026年第2期.html").exists()


def reminded_twice(office: Duban) -> tuple[str, str]:
    """Two cases overdue since 2026-09-30, reminded in writing together on 2026-10-12."""
    first = office.new("甲事项", "--lead-unit", "城管局")
    second = office.new("乙事项", "--lead-unit", "财政局")
    for case in (first, second):
        office("assign", case, "--deadline", "2026-09-30")
    office.today = "2026-10-12"
    office("remind", first, second)
    return first, second


def test_written_reminders_get_their_own_number_series(office: Duban) -> None:
    first, second = reminded_twice(office)
    office("remind", first, "--way", "电话", "--note", "电话催办")
    office.today = "2026-10-13"
    office("overdue", "--remind", "--quiet")
    numbers = [
        event.get("文号")
        for case in (first, second)
        for event in json.loads(office("show", case, "--json").stdout)["办理过程"]
        if event["动作"] == "催办"
    ]
    assert numbers == ["督催〔2026〕1号", None, "督催〔2026〕3号", "督催〔2026〕2号", "督催〔2026〕4号"]
    text = office("render", "reminder", first, "-o", "-").stdout
    assert text.splitlines()[2] == "督催〔2026〕3号"  # the latest written reminder's number, not the case's
    assert "（督〔2026〕1号）" in text  # the case's own 文号 is cited in the text


def test_an_undone_reminder_retires_its_number(office: Duban) -> None:
    first, _ = reminded_twice(office)  # 督催〔2026〕1号 and 2号, one commit
    office("remind", first)  # 督催〔2026〕3号: printed and sent, then taken back
    assert "督催〔2026〕3号" in office("render", "reminder", first, "-o", "-").stdout
    office("undo")
    retired = (office.root / "cases" / "2026" / ".retired").read_text(encoding="utf-8").split()
    assert retired == ["督催〔2026〕3号"]
    office("remind", first)
    numbers = [
        e.get("文号") for e in json.loads(office("show", first, "--json").stdout)["办理过程"] if e["动作"] == "催办"
    ]
    assert numbers == ["督催〔2026〕1号", "督催〔2026〕4号"]  # 3号 went out once: never again
    office("undo")
    office("undo")  # the two reminders of one commit: 1号 and 2号 retired too
    assert (office.root / "cases" / "2026" / ".retired").read_text(encoding="utf-8").split() == [
        "督催〔2026〕3号", "督催〔2026〕4号", "督催〔2026〕1号", "督催〔2026〕2号"
    ]  # fmt: skip
    assert office("check").exit_code == 0


def test_check_names_a_reminder_number_used_twice(office: Duban) -> None:
    _, second = reminded_twice(office)
    path = office.file(second)  # as a sync of two offline reminders would leave it
    path.write_text(path.read_text(encoding="utf-8").replace("督催〔2026〕2号", "督催〔2026〕1号"), encoding="utf-8")
    result = office("check", ok=False)
    assert result.exit_code == 1
    assert "催办文号 督催〔2026〕1号 与事项 2026-0001 的另一次催办重复" in result.stdout + result.stderr


def test_report_form_one_per_lead_unit_with_joined_cells_and_a_tall_box(office: Duban, tmp_path: Path) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    case_id = office.new("城南片区内涝点整治", "--lead-unit", "城管局", "--lead-unit", "住建局", "--co-unit", "财政局")
    office("assign", case_id, "--days", "5")
    (tmp_path / "out").mkdir()
    office("render", "report-form", case_id, "-f", "docx", "-o", str(tmp_path / "out" / "报告.docx"))
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["报告-区住房和城乡建设局.docx", "报告-区城市管理局.docx"]
    document = Document(str(tmp_path / "out" / "报告-区城市管理局.docx"))
    assert document.paragraphs[0].text == "附件"
    table = document.tables[0]
    cells = {c.text for row in table.rows for c in row.cells}
    for expected in (case_id, "督〔2026〕1号", "城南片区内涝点整治", "区城市管理局", "区财政局", "2026年10月10日"):
        assert expected in cells, expected
    assert "第一责任人（签发）" in cells and "报送日期" in cells
    xml = table._tbl.xml
    assert 'w:gridSpan w:val="3"' in xml  # 事项名称's value spans the three columns to its right
    assert "w:tblHeader" not in xml  # a form has no header row to repeat
    box = next(row for row in table.rows if row.cells[0].text == "办理情况")
    height = box._tr.trPr.find(qn("w:trHeight"))
    assert height.get(qn("w:hRule")) == "exact" and int(height.get(qn("w:val"))) / 56.7 > 50  # mm
    text = "\n".join(p.text for p in document.paragraphs)
    assert "一事一报" in text and "第一责任人签发" in text and "2026年10月10日前报送示范区人民政府办公室" in text


def test_report_form_html_and_markdown(office: Duban) -> None:
    config = office.root / "config.yaml"  # as earlier versions wrote it: 报告表 had a 版头 then
    config.write_text(config.read_text(encoding="utf-8").replace("通报: 文件}", "通报: 文件, 报告表: 信函}"), "utf-8")
    office.git("commit", "-qam", "旧版配置")
    assert "报告表" in config.read_text(encoding="utf-8")
    case_id = office.new("某事项", "--lead-unit", "城管局")
    office("assign", case_id)
    markdown = office("render", "report-form", case_id, "-o", "-").stdout
    assert markdown.startswith("附件\n") and "| 办理情况 | | < | < | {高=余}" in markdown
    page = office("render", "report-form", case_id, "-f", "html", "-o", "-").stdout
    assert '<p class="attachment">附件</p>' in page and page.count("附件</p>") == 1
    assert 'colspan="3"' in page and 'class="box" colspan="3" style="height:' in page


def test_the_notice_names_the_first_responsible_and_its_attachment(office: Duban) -> None:
    case_id = office.new("某事项", "--lead-unit", "城管局")
    office("assign", case_id)
    notice = office("render", "notice", case_id, "-o", "-").stdout
    assert "是办理本事项的第一责任人" in notice and "请填写附件《政务督办报告》，经第一责任人签发后报送" in notice
    assert "\n附件：政务督办报告\n" in notice
    page = office("render", "notice", case_id, "-f", "html", "-o", "-").stdout
    assert '<p class="body annex">附件：政务督办报告</p>' in page


def test_user_text_never_joins_form_cells_or_sets_a_row_height() -> None:
    from duban.render.blocks import blocks, spans
    from duban.render.templates import render_text

    context = {"编号": "2026-0001", "文号": "<", "事项": {"标题": "{高=余}"}, "主送": "<", "协办单位": ["|"],
               "办理时限": "2026-10-10", "字数要求": "", "机关": "办公室"}  # fmt: skip
    form = next(b for b in blocks(render_text(None, "report-form", context)) if b.kind == "form")
    rows = [spans(r) for r in form.rows]
    assert rows[0] == [(0, "督办编号", 1), (1, "2026-0001", 1), (2, "督办文号", 1), (3, "<", 1)]
    assert rows[1] == [(0, "事项名称", 1), (1, "{高=余}", 3)]
    assert rows[2] == [(0, "主办单位", 1), (1, "<", 3)] and rows[3][1] == (1, "|", 3)
    assert [h for h in form.heights if h] == [-1.0]  # only the template's own box


def test_a_template_is_compiled_once_a_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An archive of a thousand cases renders thousands of documents: compiling the template each
    time took 11 s a thousand cases. An office template written meanwhile is still seen."""
    from jinja2.sandbox import SandboxedEnvironment

    from duban.render.templates import render_text

    compiled: list[str] = []
    original = SandboxedEnvironment.compile

    def counting(self: SandboxedEnvironment, *args: object, **kwargs: object) -> object:
        compiled.append(str(args[1] if len(args) > 1 else kwargs.get("name")))
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(SandboxedEnvironment, "compile", counting)
    context = {"今天": "2026-09-28"}
    root = tmp_path / "office"
    root.mkdir()
    (root / "templates").mkdir()
    (root / "templates" / "notice.md.j2").write_text("通知{{ 今天 }}\n", encoding="utf-8")
    assert [render_text(root, "notice", context) for _ in range(3)] == ["通知2026-09-28\n"] * 3
    assert len(compiled) == 1
    import os

    edited = root / "templates" / "notice.md.j2"
    edited.write_text("改过的通知{{ 今天 }}\n", encoding="utf-8")
    os.utime(edited, (edited.stat().st_atime + 10, edited.stat().st_mtime + 10))
    assert render_text(root, "notice", context) == "改过的通知2026-09-28\n"
