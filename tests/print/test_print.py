"""The print check: the office's documents rendered, converted to PDF (LibreOffice for Word,
headless Chromium for HTML and the dashboard) and measured on the page, against GB/T 9704-2012,
to 1 mm or one character. Run by `make print-check` (which installs nothing of Python's beyond
pdfplumber; LibreOffice, Chromium and the fonts come from `.ci/run`'s Debian packages); where the
programs are missing every test here is skipped, with the reason shown."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import UNITS_FILE, Duban
from typer.testing import CliRunner

from duban.cli import app
from duban.render.geometry import CHARS_PER_LINE, LINE_PT, MM_PT

pytestmark = pytest.mark.print_check

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
LINE_MM = LINE_PT / MM_PT
TOLERANCE_MM = 1.0
# The fonts the print check runs under (Makefile print-check runs it twice): "fandol", the Fandol
# family standing in for the 公文 fonts, or "no-fandol", a machine with neither (tests/print/no-fandol.conf:
# Noto CJK SC and AR PL are what duban finds there).
SETUP = os.environ.get("DUBAN_PRINT_SETUP", "fandol")
# Where a face's own metrics place the ink (the 标志's top edge in its line box, a date set in a
# face's proportional digits under the 署名), a face of other metrics moves it: within 1 mm with the
# faces the geometry was measured with, within 2 mm (1.5 mm measured) with the others.
INK_TOLERANCE_MM = TOLERANCE_MM if SETUP == "fandol" else 2.0
# What the PDF's font names say of each face (Noto's collections are named by their shared CFF).
FACE_WORDS = {"fandol": {"黑体": "Hei", "仿宋": "Fang"}, "no-fandol": {"黑体": "Sans", "仿宋": "Serif"}}[SETUP]
# The 版心: 37 mm from the top, 28 mm from the left, 156 × 225 mm.
TOP, LEFT, RIGHT, BOTTOM = 37.0, 28.0, 184.0, 262.0

missing = [name for name, found in (("LibreOffice", SOFFICE), ("Chromium", CHROMIUM)) if not found]
try:
    import pdfplumber  # noqa: F401
    import pypdfium2  # noqa: F401
except ImportError:
    missing.append("pdfplumber")
if missing and not os.environ.get("DUBAN_PRINT_REQUIRED"):
    reason = f"打印检查需要 {'、'.join(missing)}（Debian：见 .ci/run 的 apt-get install）"
    pytestmark = [pytestmark, pytest.mark.skip(reason=reason)]

# A long run of characters without punctuation: every full line of it shows how many fit.
PLAIN = "督办事项办理情况报告须经单位主要负责人签发一事一报" * 12
DOCS = {
    "notice-docx": ("render", "notice", "2026-0001", "--format", "docx"),
    "notice-html": ("render", "notice", "2026-0001", "--format", "html"),
    "reminder-docx": ("render", "reminder", "2026-0002", "--format", "docx"),
    "reminder-html": ("render", "reminder", "2026-0002", "--format", "html"),
    "bulletin-docx": ("bulletin", "--from", "2026-01-01", "--to", "2026-11-30", "--issue", "12", "--format", "docx"),
    "bulletin-html": ("bulletin", "--from", "2026-01-01", "--to", "2026-11-30", "--issue", "12", "--format", "html"),
    "due-docx": ("render", "due-notice", "2026-0013", "--format", "docx"),  # 到期提醒 (notify)
    "due-html": ("render", "due-notice", "2026-0013", "--format", "html"),
}
# The 政务督办报告 form: for the notice's case, and for one whose title and co-units wrap.
FORMS = {
    "form-docx": ("render", "report-form", "2026-0001", "--format", "docx"),
    "form-html": ("render", "report-form", "2026-0001", "--format", "html"),
    "form-long-docx": ("render", "report-form", "2026-0011", "--format", "docx"),
    "form-long-html": ("render", "report-form", "2026-0011", "--format", "html"),
}
# The 答复函 of a deputy's suggestion, with its 征询意见表 as 附件 on the second page.
ANSWERS = {
    "answer-docx": ("render", "answer-letter", "2026-0012", "--format", "docx"),
    "answer-html": ("render", "answer-letter", "2026-0012", "--format", "html"),
}
SOURCES: dict[str, Path] = {}  # each document's file, as the fixture wrote it
LONG_TITLE = (
    "关于加快推进城东片区老旧小区改造二期工程地下管网更新、加装电梯和停车设施建设并同步完善社区养老托育服务配套的方案"
)


def fonts_config(folder: Path) -> Path:
    """The font configuration duban itself applies to a PDF (render/fonts.py) on this machine: the
    product's, not one of the tests' own."""
    from duban.render import fonts

    folder.mkdir(parents=True, exist_ok=True)
    config = fonts.prepare(folder).config
    assert config is not None
    return config


def to_pdf(source: Path) -> Path:
    """Word through duban's own conversion (render/pdf.py, under its font configuration); HTML by
    headless Chromium as the README tells a clerk, under the same fonts."""
    from duban.render.pdf import convert

    out = source.with_suffix(".pdf")
    config = fonts_config(source.parent / "fonts")
    if source.suffix == ".docx":
        out.write_bytes(convert(source, "pdf", config))
    else:
        subprocess.run(
            [CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--print-to-pdf={out}", source.as_uri()], check=True, capture_output=True, timeout=180,
            env={**os.environ, "FONTCONFIG_FILE": str(config)},
        )  # fmt: skip
    assert out.exists()
    return out


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    from measure import read_pdf

    base = tmp_path_factory.mktemp("print")
    root = base / "office"
    done = CliRunner().invoke(
        app, ["--by", "李明", "init", str(root), "--office", "示范区人民政府办公室", "--units", str(UNITS_FILE)]
    )
    assert done.exit_code == 0, done.output
    office = Duban(root, today="2026-09-15")
    content = "\n".join([PLAIN, *["会议要求加快推进城东片区老旧小区改造，统筹资金和进度，确保按期完成。" * 4] * 4])
    office("new", "--title", "加快推进城东片区老旧小区改造", "--source-kind", "会议议定", "--source-ref",
           "区政府第15次常务会议纪要", "--leader", "王建国", "--lead-unit", "住建局", "--co-unit", "财政局",
           "--co-unit", "人社局", "--urgency", "特急", "--content", content)  # fmt: skip
    office("assign", "2026-0001", "--days", "10")
    office("new", "--title", "城东片区老旧小区改造项目资金缺口解决方案", "--source-kind", "领导批示",
           "--leader", "王建国", "--lead-unit", "财政局")  # fmt: skip
    office("assign", "2026-0002", "--deadline", "2026-09-28")
    for index, unit in enumerate(("教育局", "卫健局", "应急局", "城管局", "民政局", "人社局", "医保局", "住建局")):
        office("new", "--title", f"专项工作{index + 1}", "--source-kind", "会议议定", "--lead-unit", unit)
        office("assign", f"2026-{index + 3:04d}", "--days", "5")
    office("new", "--title", LONG_TITLE, "--source-kind", "会议议定", "--lead-unit", "人社局",
           "--co-unit", "财政局", "--co-unit", "住建局", "--co-unit", "教育局", "--co-unit", "卫健局",
           "--co-unit", "民政局", "--co-unit", "应急局")  # fmt: skip
    office("assign", "2026-0011", "--days", "10")
    office("new", "--title", "关于加快推进城东片区老旧小区改造的建议", "--source-kind", "人大建议",
           "--session", "区十八届人大五次会议", "--proposal-no", "第2026015号", "--proposer", "张三",
           "--cosigner", "李四", "--lead-unit", "住建局", "--co-unit", "财政局")  # fmt: skip
    office("assign", "2026-0012")
    office.today = "2026-11-30"
    office("remind", "2026-0002")  # a written 催办: the 催办通知 carries its number
    office("new", "--title", "城东片区老旧小区改造资金拨付进度", "--source-kind", "领导批示", "--leader", "王建国",
           "--lead-unit", "财政局")  # fmt: skip
    office("assign", "2026-0013", "--days", "3")
    office("notify", "2026-0013")  # a 提醒 before the deadline: the 到期提醒 is its notice
    answer = PLAIN[:200] + "\n" + PLAIN[:120]
    office("report", "2026-0012", "--unit", "住建局", "--signer", "刘强", "--final", "--class", "A",
           "--consult-way", "走访", "--consult-date", "2026-11-20", "--text", answer)  # fmt: skip
    pdfs: dict[str, list] = {}
    for name, args in {**DOCS, **FORMS, **ANSWERS}.items():
        target = base / f"{name}.{args[-1]}"
        office(*args, "-o", str(target))
        SOURCES[name] = target
        pdfs[name] = read_pdf(to_pdf(target))
    dashboard = base / "dashboard.html"
    office("dashboard", "-o", str(dashboard))
    pdfs["dashboard"] = read_pdf(to_pdf(dashboard))
    keep = os.environ.get("DUBAN_PRINT_KEEP")
    if keep:  # the README's pictures
        shutil.rmtree(keep, ignore_errors=True)
        shutil.copytree(base, keep, ignore=shutil.ignore_patterns("office", "fonts"))
    return pdfs


def near(value: float, target: float, tolerance: float = TOLERANCE_MM) -> bool:
    return abs(value - target) <= tolerance


def rule_of(page, colour: str = "red") -> tuple[float, float]:
    bands = page.rows_of(colour, (0, 20, 210, 160), 100)
    assert bands, "no rule found"
    return bands[-1]


@pytest.mark.parametrize("name", ["notice-docx", "notice-html", "bulletin-docx", "bulletin-html"])
def test_file_layout_masthead_number_rule_and_title(printed: dict, name: str) -> None:
    page = printed[name][0]
    rule_top, rule_bottom = rule_of(page)
    masthead = page.ink("red", (0, 0, 210, rule_top - 3))
    assert masthead is not None
    assert near(masthead[1], 72.0, INK_TOLERANCE_MM), f"标志上边缘 {masthead[1]:.1f} mm（应为 72 mm）"
    number = page.ink("dark", (LEFT, masthead[3] + 1, RIGHT, rule_top - 0.5))
    assert number is not None
    assert near(rule_top - number[3], 4.0), f"文号到分隔线 {rule_top - number[3]:.1f} mm（应为 4 mm）"
    assert rule_bottom - rule_top < 1.5 and near(
        page.rows_of("red", (0, rule_top, 210, rule_bottom + 0.2), 150)[0][0], rule_top
    )
    title = page.ink("dark", (LEFT, rule_bottom + 0.5, RIGHT, rule_bottom + 2 * LINE_MM + 12))
    assert title is not None
    assert near(title[1] - rule_bottom, 2 * LINE_MM), f"分隔线到标题 {title[1] - rule_bottom:.1f} mm（应为空二行）"
    if name.startswith("notice"):
        assert near(number[1] - masthead[3], 2 * LINE_MM), f"标志到文号 {number[1] - masthead[3]:.1f} mm（应为空二行）"
        urgency = page.ink("dark", (LEFT, TOP - 1, RIGHT, TOP + LINE_MM))
        assert urgency is not None and near(urgency[0], LEFT), "紧急程度应在版心左上角第一行顶格"


@pytest.mark.parametrize("name", ["reminder-docx", "reminder-html", "answer-docx", "answer-html"])
def test_letter_layout_double_line(printed: dict, name: str) -> None:
    page = printed[name][0]
    masthead = page.ink("red", (0, 0, 210, 50))
    assert masthead is not None
    masthead = page.ink("red", (0, 0, 210, masthead[1] + 14))
    assert near(masthead[1], 30.0, INK_TOLERANCE_MM), f"信函格式标志上边缘 {masthead[1]:.1f} mm（应为 30 mm）"
    bands = page.rows_of("red", (0, masthead[1] + 5, 210, 80), 150)
    assert len(bands) == 2, f"应为上粗下细的红色双线，找到 {bands}"
    (thick_top, thick_bottom), (thin_top, thin_bottom) = bands
    assert thick_bottom - thick_top > thin_bottom - thin_top
    line = page.ink("red", (0, thick_top, 210, thick_bottom))
    assert line is not None and near(line[2] - line[0], 170.0), f"双线长 {line[2] - line[0]:.1f} mm（应为 170 mm）"
    body_masthead = page.ink("red", (0, 0, 210, thick_top - 0.5))
    assert near(thick_top - body_masthead[3], 4.0, INK_TOLERANCE_MM), (
        f"标志到双线 {thick_top - body_masthead[3]:.1f} mm（应为 4 mm）"
    )
    number = page.ink("dark", (LEFT, thin_bottom + 0.5, RIGHT, thin_bottom + LINE_MM + 4))
    assert number is not None and near(number[2], RIGHT), "文号应在双线下居版心右边缘"
    assert page.ink("dark", (LEFT - 10, BOTTOM + 2, RIGHT + 10, 290)) is None, "信函格式首页不显示页码"
    # GB/T 9704 10.1: the 文号 7/8 of a 3号 character's height under the double line; a second red
    # double line (thin above, thick below), 170 mm, 20 mm above the page foot.
    gap = number[1] - thin_bottom
    assert near(gap, 16 * 7 / 8 / MM_PT, 0.6), f"双线到文号 {gap:.1f} mm（应为三号字高的 7/8，4.9 mm）"
    lower = page.rows_of("red", (0, 250, 210, 290), 150)
    assert len(lower) == 2, f"首页下方应有上细下粗的红色双线，找到 {lower}"
    (low_thin_top, low_thin_bottom), (low_thick_top, low_thick_bottom) = lower
    assert low_thick_bottom - low_thick_top > low_thin_bottom - low_thin_top, "下双线应上细下粗"
    assert near(low_thick_bottom, 297 - 20), f"下双线在距下页边 {297 - low_thick_bottom:.1f} mm 处（应为 20 mm）"
    low = page.ink("red", (0, low_thin_top, 210, low_thick_bottom))
    assert near(low[2] - low[0], 170.0) and near(low[0], line[0]) and near(low[2], line[2]), f"下双线 {low}"
    for later in printed[name][1:]:
        assert not later.rows_of("red", (0, 0, 210, 297), 150), f"第{later.number}页不应有红色双线"


@pytest.mark.parametrize("name", ["notice-docx", "notice-html"])
def test_28_characters_a_line_22_lines_a_page_justified(printed: dict, name: str) -> None:
    pages = printed[name]
    body = [line for page in pages for line in page.lines(15.5, 16.5)]
    plain = [line for line in body if "".join(c.text for c in line) in PLAIN and len(line) > 20]
    assert plain, "the plain paragraph is not on the page"
    full = plain[1:-1]  # the first is indented, the last may be short
    assert full and all(len(line) == CHARS_PER_LINE for line in full), [len(line) for line in full]
    for line in full:  # justified: every full line reaches both edges of the 版心
        assert near(line[0].x0, LEFT) and near(line[-1].x1, RIGHT), (line[0].x0, line[-1].x1)
    first_page_lines = pages[1].lines(15.5, 16.5)
    tops = [line[0].top for line in first_page_lines]
    pitches = [b - a for a, b in itertools.pairwise(tops)]
    assert all(near(p, LINE_MM, 0.2) for p in pitches), pitches
    assert len(first_page_lines) >= 21 and near(tops[0], TOP, LINE_MM)
    assert 22 * LINE_MM <= BOTTOM - TOP + 0.5  # 22 lines fill the 225 mm of the 版心


@pytest.mark.parametrize("name", ["notice-docx", "notice-html", "bulletin-docx", "bulletin-html"])
def test_page_numbers_7mm_below_odd_right_even_left(printed: dict, name: str) -> None:
    pages = printed[name]
    assert len(pages) >= 2, "the check needs two pages"
    for page in pages:
        dashes = page.rows_of("dark", (LEFT - 10, BOTTOM + 2, RIGHT + 10, 285), 10.0, solid=False)
        assert dashes, f"第{page.number}页没有页码"
        assert near(dashes[0][0], BOTTOM + 7.0), f"第{page.number}页页码一字线在版心下 {dashes[0][0] - BOTTOM:.1f} mm"
        number = page.ink("dark", (LEFT - 10, BOTTOM + 2, RIGHT + 10, 285))
        if page.number % 2:
            assert near(number[2], RIGHT - 14 / MM_PT), f"单页页码应居右空一字：{number[2]:.1f}"
        else:
            assert near(number[0], LEFT + 14 / MM_PT), f"双页页码应居左空一字：{number[0]:.1f}"


@pytest.mark.parametrize("name", list(DOCS))
def test_signature_never_alone_and_centred_over_the_date(printed: dict, name: str) -> None:
    pages = printed[name]
    dated = lambda page: [t for t in ("".join(c.text for c in line) for line in page.lines(15.5, 16.5))  # noqa: E731
                          if t.endswith("日") and t.startswith("20")]  # fmt: skip
    last = [page for page in pages if dated(page)][-1]  # the signature's page: an attachment may follow
    lines = ["".join(c.text for c in line) for line in last.lines(15.5, 16.5)]
    date_at = max(i for i, t in enumerate(lines) if t.endswith("日") and t.startswith("20"))
    assert date_at >= 2 and any(len(t) > 10 for t in lines[: date_at - 1]), f"最后一页只有署名和日期：{lines}"
    rows = last.lines(15.5, 16.5)
    name_line, date_line = rows[date_at - 1], rows[date_at]
    assert near(RIGHT - date_line[-1].x1, 4 * 16 / MM_PT, 1.5), f"成文日期右空四字：{RIGHT - date_line[-1].x1:.1f} mm"
    centre = lambda line: (line[0].x0 + line[-1].x1) / 2  # noqa: E731
    assert near(centre(name_line), centre(date_line), INK_TOLERANCE_MM), "署名应居中于成文日期之上"
    assert date_line[0].top - name_line[0].top < 1.5 * LINE_MM
    before = rows[date_at - 2]
    assert name_line[0].top - before[0].top > 1.5 * LINE_MM, "署名前应空一行（用印位置）"


@pytest.mark.parametrize("name", ["bulletin-docx", "bulletin-html"])
def test_table_header_repeats_rows_whole_names_unwrapped(printed: dict, name: str) -> None:
    pages = printed[name]
    text = "\n".join(page.text() for page in pages)
    assert "区人力资源和社会保障局" in text.replace(" ", ""), "单位名称不应在表格里折行"
    for page in pages:
        page_lines = page.lines(11.5, 12.5)
        texts = ["".join(c.text for c in line).replace(" ", "") for line in page_lines]
        if any("区" in t and "局" in t for t in texts):
            assert any(t.startswith("单位交办") for t in texts), f"第{page.number}页的表格没有表头"
        if texts and texts[-1].startswith("单位交办"):
            pytest.fail(f"第{page.number}页末尾只有表头")
    heights = []
    for page in pages:
        for line in page.lines(11.5, 12.5):
            heights.append(line[0].bottom - line[0].top)
    rows = [b for page in pages for b in page.rows_of("dark", (LEFT, TOP, RIGHT, BOTTOM), 140)]
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(rows) if 3 < b[0] - a[1] < 20]
    assert gaps and min(gaps) >= 6.5, f"表格行高太小：{min(gaps, default=0):.1f} mm"


def test_dashboard_prints_on_a4(printed: dict) -> None:
    pages = printed["dashboard"]
    first = pages[0]
    assert len(pages) == 1, f"看板应打印在一页上，排成了 {len(pages)} 页"
    assert abs(first.image.size[0] / 10 - 297) < 1 and abs(first.image.size[1] / 10 - 210) < 1, "横向 A4"
    texts = ["".join(c.text for c in line if not c.text.isdigit()).replace(" ", "") for line in first.lines()]
    assert any("在办事项逾期临期逾期未报停滞" in t for t in texts), "看板的五张卡片应排成一行"
    headers = [
        t for page in pages for t in ("".join(c.text for c in line) for line in page.lines()) if t.startswith("编号")
    ]
    assert headers, "表头"
    for page in pages:
        for line in page.lines():
            text = "".join(c.text for c in line)
            assert not text.endswith("2026-"), f"编号或日期在单元格里折行：{text}"


@pytest.mark.parametrize("name", list(FORMS))
def test_report_form_one_page_with_a_box_to_write_in(printed: dict, name: str) -> None:
    pages = printed[name]
    assert len(pages) == 1, f"政务督办报告应在一页之内，排成了 {len(pages)} 页"
    page = pages[0]
    mark = page.ink("dark", (LEFT - 1, TOP - 1, LEFT + 20, TOP + LINE_MM))
    assert mark is not None and near(mark[0], LEFT), "“附件”应在版心左上角第一行顶格"
    rules = page.rows_of("dark", (LEFT, TOP, RIGHT, BOTTOM), 140)
    assert len(rules) >= 8, f"表格横线 {rules}"
    assert rules[-1][1] <= BOTTOM, "表格超出版心"
    table = page.ink("dark", (LEFT - 2, rules[0][0], RIGHT + 2, rules[-1][1]))
    assert near(table[0], LEFT) and near(table[2], RIGHT), f"表格应与版心同宽：{table[0]:.1f}–{table[2]:.1f} mm"
    box = max(b[0] - a[1] for a, b in itertools.pairwise(rules))
    assert box >= 40, f"办理情况的填写框只有 {box:.0f} mm 高"
    text = page.text().replace(" ", "")
    for words in ("政务督办报告", "办理情况", "第一责任人(签发)", "报送日期", "一事一报"):  # read back NFKC
        assert words in text, words
    unit = "区人力资源和社会保障局" if "long" in name else "区住房和城乡建设局"
    assert unit in text, "主办单位不应折行"
    lines = ["".join(c.text for c in line) for line in page.lines(15.5, 16.5)]
    assert lines and "示范区人民政府办公室" in "".join(lines[-3:]), "表后的说明应在同一页"


@pytest.mark.parametrize("name", ["notice-docx", "notice-html"])
def test_colophon_lines_and_rules(printed: dict, name: str) -> None:
    page = printed[name][-1]
    lines = page.lines(13.5, 14.5)  # 4号
    texts = ["".join(c.text for c in line).replace(" ", "") for line in lines]
    copy = next(i for i, t in enumerate(texts) if t.startswith("抄送"))
    issued = next(i for i, t in enumerate(texts) if t.endswith("印发"))
    one = 14 / MM_PT  # one character of 4号
    assert near(lines[copy][0].x0, LEFT + one), f"抄送应左空一字：{lines[copy][0].x0 - LEFT:.1f} mm"
    assert near(lines[issued][0].x0, LEFT + one), f"印发机关应左空一字：{lines[issued][0].x0 - LEFT:.1f} mm"
    assert near(lines[issued][-1].x1, RIGHT - one), f"印发日期应右空一字：{RIGHT - lines[issued][-1].x1:.1f} mm"
    top = lines[copy][0].top - 6
    rules = page.rows_of("dark", (LEFT - 2, top, RIGHT + 2, lines[issued][0].bottom + 6), 150, solid=False)
    assert len(rules) == 3, f"版记应有三条分隔线（首末粗、中间细），找到 {rules}"
    first, middle, last = rules
    assert first[1] < lines[copy][0].top and lines[copy][0].bottom < middle[0] < lines[issued][0].top
    assert last[0] > lines[issued][0].bottom
    for band in rules:
        ink = page.ink("dark", (LEFT - 2, band[0], RIGHT + 2, band[1]))
        assert ink is not None and near(ink[0], LEFT) and near(ink[2], RIGHT), f"分隔线应与版心等宽：{ink}"


@pytest.mark.parametrize("name", list(ANSWERS))
def test_answer_letter_class_mark_top_right_and_the_form_after_it(printed: dict, name: str) -> None:
    pages = printed[name]
    first, form = pages[0], pages[-1]
    assert len(pages) >= 2 and all("代表签名" not in p.text().replace(" ", "") for p in pages[:-1])
    bands = first.rows_of("red", (0, 35, 210, 80), 150)
    rule_bottom = bands[-1][1]
    marks = [c for c in first.chars if c.text == "A" and c.top < 120]
    assert marks, "首页没有答复类别"
    mark = marks[0]
    ink = first.ink("dark", (LEFT - 5, mark.top, RIGHT + 5, mark.bottom))
    assert ink is not None
    print(f"{name}: 答复类别 {ink[0]:.1f}–{ink[2]:.1f} mm × {ink[1]:.1f}–{ink[3]:.1f} mm（版心右边缘 {RIGHT} mm）")
    assert near(ink[2], RIGHT), f"答复类别应居版心右边缘：右边在 {ink[2]:.1f} mm（应为 {RIGHT} mm）"
    assert ink[2] - ink[0] < 8, f"答复类别一行只有类别：{ink[0]:.1f}–{ink[2]:.1f} mm"
    assert rule_bottom < ink[1] < rule_bottom + 2 * LINE_MM, "答复类别在首页右上角（双线之下第一行）"
    title = [c for c in first.chars if 21 <= c.size <= 23]  # 2号: the title, not the 36 pt 标志
    assert title and ink[3] < min(c.top for c in title), "答复类别在标题之上"
    text = "".join(p.text() for p in pages[:-1]).replace(" ", "").replace("\n", "")
    for words in ("签发人:刘强", "张三代表:", "附件:代表建议办理征询意见表", "区住房和城乡建设局2026年11月30日"):
        assert words in text, words
    attachment = form.ink("dark", (LEFT - 1, TOP - 1, LEFT + 20, TOP + LINE_MM))
    assert attachment is not None and near(attachment[0], LEFT), "“附件”应另面编排，在版心左上角第一行顶格"
    assert form.text().replace(" ", "").startswith("附件\n代表建议办理征询意见表"), form.text()[:40]
    rules = form.rows_of("dark", (LEFT, TOP, RIGHT, BOTTOM), 140)
    table = form.ink("dark", (LEFT - 2, rules[0][0], RIGHT + 2, rules[-1][1]))
    assert near(table[0], LEFT) and near(table[2], RIGHT), f"表格应与版心同宽：{table[0]:.1f}–{table[2]:.1f} mm"
    assert rules[-1][1] <= BOTTOM, "版记超出版心"
    lines = ["".join(c.text for c in line).replace(" ", "") for line in form.lines(13.5, 14.5)]
    assert any(t.startswith("抄送:") for t in lines), "版记在附件之后、最后一页"
    assert any("□满意□基本满意□不满意" in t.replace("\u3000", "") for t in lines), lines
    box = max(b[0] - a[1] for a, b in itertools.pairwise(rules))
    assert box >= 40, f"意见和建议的填写框只有 {box:.0f} mm 高"
    number = form.ink("dark", (LEFT - 10, BOTTOM + 2, RIGHT + 10, 285))
    assert number is not None
    if form.number % 2:
        assert near(number[2], RIGHT - 14 / MM_PT), "单页页码应居右空一字"
    else:
        assert near(number[0], LEFT + 14 / MM_PT), "双页页码应居左空一字"


def test_notice_attachment_continues_its_pages_and_the_colophon_comes_last(printed: dict) -> None:
    """GB/T 9704 7.3.7 and 7.4: the 附件 (the 政务督办报告) after the notice, its pages numbered on from
    the notice's; the 版记 on the last page, after the 附件, its last line at the 版心's foot."""
    pages = printed["notice-docx"]
    form = pages[-1]
    assert form.text().replace(" ", "").startswith("附件\n政务督办报告"), form.text()[:30]
    assert all("督办编号" not in page.text() for page in pages[:-1])
    number = "".join(c.text for c in form.chars if c.top > BOTTOM + 2).replace(" ", "")
    assert number == f"—{len(pages)}—", f"附件的页码应接着正文：{number}（共 {len(pages)} 页）"
    rules = form.rows_of("dark", (LEFT - 2, TOP, RIGHT + 2, BOTTOM + 3), 150)
    assert near(rules[-1][1], BOTTOM), f"版记末条分隔线在 {rules[-1][1]:.1f} mm（应在 {BOTTOM} mm）"
    lines = ["".join(c.text for c in line).replace(" ", "") for line in form.lines(13.5, 14.5)]
    assert any(t.startswith("抄送") for t in lines), "版记在附件之后"
    alone = printed["form-docx"]
    assert len(alone) == 1 and "—1—" in "".join(c.text for c in alone[0].chars if c.top > BOTTOM + 2).replace(" ", "")


@pytest.mark.parametrize("name", [n for n in {**DOCS, **ANSWERS} if n.endswith("-docx")])
def test_no_punctuation_lost(printed: dict, name: str) -> None:
    """Every mark of the Word file is printed: LibreOffice hangs a closing mark past a full line of
    zh-CN text, and once lost it when the line was filled by negative letter spacing."""
    import unicodedata
    import zipfile

    with zipfile.ZipFile(SOURCES[name]) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    marks = "，。；、：？！"
    printed_text = "".join(page.text() for page in printed[name]).replace(" ", "")
    for mark in marks:
        read = unicodedata.normalize("NFKC", mark)  # the PDF's text is read back NFKC
        count = printed_text.count(read)
        assert count >= xml.count(mark), f"{mark}：文件里 {xml.count(mark)} 个，印出 {count} 个"
