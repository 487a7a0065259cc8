"""The print check of the reports upward (issue 29): the 呈阅件 (a form of one page with the 领导批示 box
filling the rest of it), the report back to a higher level (信函格式) and the period's 督办工作情况报告,
measured as tests/print/test_print.py measures the other documents."""

from __future__ import annotations

import itertools

import pytest
from conftest import UNITS_FILE, Duban
from test_print import BOTTOM, INK_TOLERANCE_MM, LEFT, LINE_MM, RIGHT, TOP, near, to_pdf
from test_print import pytestmark as _marks
from typer.testing import CliRunner

from duban.cli import app
from duban.render.geometry import MM_PT

pytestmark = _marks

HIGHER = ("--source-kind", "上级督查", "--source-ref", "市政府督查室督查通知（市督查〔2026〕5号）")
REPORT = "已完成城区停车难问题整治，新增公共停车泊位300个，规范占道停车点位46处，建立长效管理机制。"
DOCS = {
    "case-report-docx": ("render", "case-report", "2026-0002", "--to", "王建国", "--format", "docx"),
    "case-report-html": ("render", "case-report", "2026-0002", "--to", "王建国", "--format", "html"),
    "upward-docx": ("render", "upward-report", "2026-0001", "--to", "市人民政府督查室", "--format", "docx"),
    "upward-html": ("render", "upward-report", "2026-0001", "--to", "市人民政府督查室", "--format", "html"),
    "briefing-docx": ("briefing", "--month", "2026-09", "--leader", "王建国区长", "--format", "docx"),
    "briefing-html": ("briefing", "--month", "2026-09", "--leader", "王建国区长", "--format", "html"),
}


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    from measure import read_pdf

    base = tmp_path_factory.mktemp("print-upward")
    root = base / "office"
    done = CliRunner().invoke(
        app, ["--by", "李明", "init", str(root), "--office", "示范区人民政府办公室", "--units", str(UNITS_FILE)]
    )
    assert done.exit_code == 0, done.output
    office = Duban(root, today="2026-09-01")
    office("new", "--title", "城区停车难问题整治", *HIGHER, "--leader", "王建国", "--deadline", "2026-09-30")
    office("assign", "2026-0001", "--self")
    for index, (title, unit) in enumerate(
        (("新增公共停车泊位", "住建局"), ("规范占道停车管理", "城管局"), ("停车收费价格调整", "财政局")), 2
    ):
        office("new", "--title", title, *HIGHER, "--parent", "2026-0001", "--lead-unit", unit)
        office("assign", f"2026-{index:04d}", "--days", "10", "--opinion", f"请{unit}牵头办理，按期报送办理情况")
    office("new", "--title", "逾期的专项工作", "--source-kind", "会议议定", "--lead-unit", "教育局")
    office("assign", "2026-0005", "--days", "3")
    office.today = "2026-09-10"
    for case_id, unit in (("2026-0002", "住建局"), ("2026-0003", "城管局"), ("2026-0004", "财政局")):
        office("report", case_id, "--unit", unit, "--signer", "赵永刚", "--text", REPORT, "--final")
        if case_id != "2026-0002":
            office("close", case_id)
    office("remind", "2026-0005")
    office.today = "2026-09-22"
    pdfs: dict[str, list] = {}
    for name, args in DOCS.items():
        target = base / f"{name}.{args[-1]}"
        office(*args, "-o", str(target))
        pdfs[name] = read_pdf(to_pdf(target))
    return pdfs


HANGING = ",.;:!?)，。、；：！？）」』”’》"  # read back NFKC: the full-width marks as half-width


def _rules(page) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    return page.rows_of("dark", (LEFT, TOP, RIGHT, BOTTOM), 140)


@pytest.mark.parametrize("name", ["case-report-docx", "case-report-html"])
def test_case_report_one_page_form_with_the_instruction_box(printed: dict, name: str) -> None:
    pages = printed[name]
    assert len(pages) == 1, f"呈阅件应在一页之内，排成了 {len(pages)} 页"
    page = pages[0]
    title = page.ink("dark", (LEFT, TOP - 1, RIGHT, TOP + 2 * LINE_MM))
    assert title is not None and near((title[0] + title[2]) / 2, (LEFT + RIGHT) / 2, 2), "标题“呈阅件”应居中"
    rules = _rules(page)
    assert len(rules) >= 12, f"表格横线 {rules}"
    assert rules[-1][1] <= BOTTOM, "表格超出版心"
    table = page.ink("dark", (LEFT - 2, rules[0][0], RIGHT + 2, rules[-1][1]))
    assert near(table[0], LEFT) and near(table[2], RIGHT), f"表格应与版心同宽：{table[0]:.1f}–{table[2]:.1f} mm"
    box = rules[-1][0] - rules[-2][1]
    assert box >= 40, f"领导批示框只有 {box:.0f} mm 高"
    assert box == max(b[0] - a[1] for a, b in itertools.pairwise(rules)), "最高的一格应是领导批示"
    text = page.text().replace(" ", "")
    words_wanted = ("呈阅件", "王建国", "拟办意见", "办理情况", "审查意见", "领导批示", "区住房和城乡建设局")
    for words in (*words_wanted, "示范区人民政府办公室"):
        assert words in text, words


@pytest.mark.parametrize("name", ["upward-docx", "upward-html"])
def test_upward_report_letter_layout(printed: dict, name: str) -> None:
    page = printed[name][0]
    masthead = page.ink("red", (0, 0, 210, 50))
    assert masthead is not None
    masthead = page.ink("red", (0, 0, 210, masthead[1] + 14))
    assert near(masthead[1], 30.0, INK_TOLERANCE_MM), f"信函格式标志上边缘 {masthead[1]:.1f} mm（应为 30 mm）"
    bands = page.rows_of("red", (0, masthead[1] + 5, 210, 80), 150)
    assert len(bands) == 2, f"应为上粗下细的红色双线，找到 {bands}"
    line = page.ink("red", (0, bands[0][0], 210, bands[0][1]))
    assert line is not None and near(line[2] - line[0], 170.0), f"双线长 {line[2] - line[0]:.1f} mm（应为 170 mm）"
    assert page.ink("dark", (LEFT - 10, BOTTOM + 2, RIGHT + 10, 290)) is None, "信函格式首页不显示页码"
    text = "".join(p.text() for p in printed[name]).replace(" ", "")
    for words in ("市人民政府督查室:", "新增公共停车泊位", "规范占道停车管理", "特此报告"):  # read back NFKC
        assert words in text, words


@pytest.mark.parametrize("name", list(DOCS))
def test_body_in_the_type_area_signature_over_the_date(printed: dict, name: str) -> None:
    pages = printed[name]
    for page in pages:
        for row in page.lines(15.5, 16.5):
            # Text tagged zh-CN: LibreOffice hangs a closing mark past the edge rather than open a
            # line with it (标点悬挂; 7.4 ignores w:overflowPunct, which Word honours and so moves
            # the last character down with the mark).
            inside = row[:-1] if row[-1].text in HANGING and len(row) > 1 else row
            assert inside[0].x0 >= LEFT - 1 and inside[-1].x1 <= RIGHT + 1, f"第{page.number}页有字出了版心"
            assert row[-1].x1 <= RIGHT + 16 / MM_PT + 0.5, f"第{page.number}页有字出了版心"
    if name.startswith("case-report"):
        return  # a form: no signature
    last = pages[-1]
    rows = last.lines(15.5, 16.5)
    lines = ["".join(c.text for c in line) for line in rows]
    date_at = max(i for i, t in enumerate(lines) if t.endswith("日") and t.startswith("20"))
    assert date_at >= 2, f"最后一页只有署名和日期：{lines}"
    name_line, date_line = rows[date_at - 1], rows[date_at]
    assert near(RIGHT - date_line[-1].x1, 4 * 16 / MM_PT, 1.5), f"成文日期右空四字：{RIGHT - date_line[-1].x1:.1f} mm"
    centre = lambda line: (line[0].x0 + line[-1].x1) / 2  # noqa: E731
    assert near(centre(name_line), centre(date_line), INK_TOLERANCE_MM), "署名应居中于成文日期之上"


@pytest.mark.parametrize("name", ["briefing-docx", "briefing-html"])
def test_briefing_names_what_needs_a_leader(printed: dict, name: str) -> None:
    text = "".join(p.text() for p in printed[name]).replace(" ", "")
    for words in ("2026年9月督办工作情况报告", "王建国区长:", "逾期未办结", "办结报告待审定", "区教育局"):
        assert words in text, words
