"""The print check of the HTML pages against their Word twins (issue 31): a bulletin long enough to
run over several pages printed both ways (LibreOffice, Chromium) breaks its pages at the same
heading or table row; the headings of the HTML print are 3号 in their GB/T 9704 faces; a title
breaks between words; the bulletin ends with its 版记; the dashboard prints on one landscape A4
page with its headers and unit names on one line."""

from __future__ import annotations

import os
import shutil
import unicodedata
from pathlib import Path

import pytest
from conftest import UNITS_FILE, Duban
from test_print import FACE_WORDS, to_pdf
from test_print import pytestmark as _marks
from typer.testing import CliRunner

from duban.cli import app
from duban.render.titles import title_lines

pytestmark = _marks

UNITS = ("发改局", "财政局", "住建局", "自然资源局", "教育局", "卫健局", "应急局", "市场监管局", "交通局", "城管局",
         "民政局", "人社局", "医保局", "农业农村局", "生态环境分局", "政务服务中心", "文旅局", "公安分局")  # fmt: skip
BULLETIN = ("bulletin", "--from", "2026-01-01", "--to", "2026-11-30", "--issue", "12")
TITLE = "关于2026年1月1日至2026年11月30日督办事项办理情况的通报"


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    from measure import read_pdf

    base = tmp_path_factory.mktemp("print-html")
    root = base / "office"
    done = CliRunner().invoke(
        app, ["--by", "李明", "init", str(root), "--office", "示范区人民政府办公室", "--units", str(UNITS_FILE)]
    )
    assert done.exit_code == 0, done.output
    (root / "config.yaml").write_text(
        (root / "config.yaml").read_text(encoding="utf-8").replace("抄送: []", "抄送: [区委办公室, 区人大办公室]"),
        encoding="utf-8",
    )
    office = Duban(root, today="2026-09-01")
    number = 0
    small = base / "dashboard.html"
    for index, unit in enumerate(UNITS):  # each unit one case overdue, and every third one more on time
        if index == 6:  # the dashboard on a day when eight cases are overdue
            office.today = "2026-10-08"
            office("dashboard", "-o", str(small))
            office.today = "2026-09-01"
        titles = (f"{unit}牵头的城东片区老旧小区改造专项工作", f"{unit}的营商环境优化提升任务")
        for title in titles[: 1 + (index % 3 == 0)]:
            number += 1
            extra = ("--restricted-to", "李明") if unit == "公安分局" else ()
            office("new", "--title", title, "--source-kind", "会议议定", "--lead-unit", unit, *extra)
            office("assign", f"2026-{number:04d}", "--deadline", "2026-09-30")
    number += 1
    office("new", "--title", "城东片区防汛排涝设施建设", "--source-kind", "领导批示", "--leader", "王建国",
           "--lead-unit", "住建局", "--lead-unit", "城管局")  # fmt: skip
    office("assign", f"2026-{number:04d}", "--deadline", "2026-10-15")
    office.today = "2026-11-30"
    pdfs: dict[str, list] = {}
    for fmt in ("docx", "html"):
        target = base / f"bulletin-{fmt}.{fmt}"
        office(*BULLETIN, "--format", fmt, "-o", str(target))
        pdf = to_pdf(target)
        pdfs[f"bulletin-{fmt}"] = read_pdf(pdf)
        pdfs[f"bulletin-{fmt}-faces"] = _faces(pdf)
    pdfs["dashboard"] = read_pdf(to_pdf(small))
    large = base / "dashboard-large.html"
    office("dashboard", "-o", str(large))
    pdfs["dashboard-large"] = read_pdf(to_pdf(large))
    keep = os.environ.get("DUBAN_PRINT_KEEP")
    if keep:  # beside test_print.py's pages: docs/dashboard.png is made from this one
        target = Path(keep) / "html"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(base, target, ignore=shutil.ignore_patterns("office", "lo-profile"))
    return pdfs


def _faces(path: Path) -> list[tuple[str, set[str]]]:
    """Each 3号 line's text and the fonts its Chinese characters are set in."""
    import pdfplumber

    out = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            chars = [c for c in page.chars if 15.5 <= c["size"] <= 16.5 and c["text"].strip()]
            rows: dict[int, list] = {}
            for char in chars:
                rows.setdefault(round(char["bottom"]), []).append(char)
            for row in rows.values():
                row.sort(key=lambda c: c["x0"])
                text = unicodedata.normalize("NFKC", "".join(c["text"] for c in row))
                out.append((text, {c["fontname"] for c in row if ord(c["text"]) > 0x3000}))
    return out


def _texts(page, low: float = 11.5, high: float = 16.5) -> list[str]:
    return ["".join(c.text for c in line).replace(" ", "").replace("\x01", "") for line in page.lines(low, high)]


def _page_starts(pages: list) -> list[str]:
    """What starts each page after the first: its first line of body or table text (without the
    repeated table header), cut to its first ten characters."""
    starts = []
    for page in pages[1:]:
        lines = [t for t in _texts(page) if not t.startswith("单位交办")]
        starts.append(lines[0][:10] if lines else "")
    return starts


def test_bulletin_breaks_pages_as_the_word_file_does(printed: dict) -> None:
    word, web = printed["bulletin-docx"], printed["bulletin-html"]
    assert len(word) >= 3, "the check needs a bulletin of three pages or more"
    print("Word:", len(word), _page_starts(word))
    print("HTML:", len(web), _page_starts(web))
    assert len(web) == len(word), f"HTML 排成 {len(web)} 页，Word 排成 {len(word)} 页"
    assert _page_starts(web) == _page_starts(word), "HTML 与 Word 的分页位置不同"


@pytest.mark.parametrize("name", ["bulletin-docx", "bulletin-html"])
def test_headings_are_3hao_heiti_and_never_last_on_a_page(printed: dict, name: str) -> None:
    pages = printed[name]
    headings = [
        line
        for page in pages
        for line in page.lines(10, 30)
        if "".join(c.text for c in line)[1:2] == "、" and "".join(c.text for c in line)[0] in "一二三四五六七八"
    ]
    assert len(headings) >= 3, "一、二、三、……"
    for line in headings:
        sizes = {c.size for c in line}
        assert sizes == {16.0}, f"一级标题应为3号（16pt）：{sizes}"
    for page in pages[:-1]:
        lines = _texts(page)
        assert lines and not (lines[-1][1:2] == "、" and lines[-1][0] in "一二三四五六七八"), (
            f"第{page.number}页以标题结尾"
        )


@pytest.mark.parametrize("name", ["bulletin-docx", "bulletin-html"])
def test_headings_in_their_faces(printed: dict, name: str) -> None:
    """一、 in 黑体 (FandolHei or Noto Sans CJK SC where they stand in), the body in 仿宋."""
    faces = printed[f"{name}-faces"]
    headings = [fonts for text, fonts in faces if text[1:2] == "、" and text[0] in "一二三四五六七八"]
    assert headings and all(all(FACE_WORDS["黑体"] in f for f in fonts) for fonts in headings), headings
    body = [fonts for text, fonts in faces if text.startswith("本期共交办")]
    assert body and all(all(FACE_WORDS["仿宋"] in f for f in fonts) for fonts in body), body


@pytest.mark.parametrize("name", ["bulletin-docx", "bulletin-html"])
def test_title_breaks_between_words(printed: dict, name: str) -> None:
    first = printed[name][0]
    lines = ["".join(c.text for c in line).replace(" ", "") for line in first.lines(21, 23)]
    assert lines == title_lines(TITLE), f"标题回行：{lines}"
    assert lines == ["关于2026年1月1日至2026年11月30日", "督办事项办理情况的通报"]


@pytest.mark.parametrize("name", ["bulletin-docx", "bulletin-html"])
def test_bulletin_colophon_and_restricted_case(printed: dict, name: str) -> None:
    pages = printed[name]
    text = "".join("".join(_texts(p, 11.5, 16.5)) for p in pages)
    assert "区公安分局:一件受控事项" in text, "受控事项应写“一件受控事项”"
    assert "受控事项”" not in text and "“受控事项" not in text
    assert "于5个工作日内将整改情况" in text
    last = _texts(pages[-1], 13.5, 14.5)
    assert any(t.startswith("抄送:区委办公室") for t in last), last
    assert any(t.startswith("示范区人民政府办公室") and t.endswith("印发") for t in last), last


UNITS_HEADER = "单位交办按期办结超期办结逾期未办结在办催办退回按期率"
RED_HEADER = "编号文号标题主办单位办理时限逾期已催办"


def _one_line(page, header: str) -> bool:
    """The header's characters all on one baseline, in order (none stacked in a narrow cell)."""
    return any(header in "".join(c.text for c in line).replace(" ", "") for line in page.lines())


@pytest.mark.parametrize("name", ["dashboard", "dashboard-large"])
def test_dashboard_on_landscape_a4_headers_and_units_on_one_line(printed: dict, name: str) -> None:
    pages = printed[name]
    if name == "dashboard":
        assert len(pages) == 1, f"八件逾期事项的看板应打印在一页上，排成了 {len(pages)} 页"
    else:  # 18 units, 19 cases overdue: two clear pages, the table's header again on the second
        assert len(pages) == 2, f"十九件逾期事项的看板应排成两页，排成了 {len(pages)} 页"
        top = [t for t in _texts(pages[1], 0, 100) if t][:2]
        assert any(t.startswith(("编号文号标题", "单位交办")) for t in top), f"第二页应以表头开始：{top}"
    for page in pages:
        width, height = (v / 10 for v in page.image.size)
        assert abs(width - 297) < 1 and abs(height - 210) < 1, f"看板应为横向 A4：{width:.0f} × {height:.0f} mm"
        ink = page.ink("dark", (0, 0, 296.5, 209.5))  # within the image: a crop past it reads black
        assert ink is not None and ink[0] >= 5 and ink[2] <= 292 and ink[3] <= 207, f"内容超出纸面：{ink}"
    first = pages[0]
    assert any(_one_line(page, UNITS_HEADER) for page in pages), "各单位考核的表头应在一行"
    assert _one_line(first, RED_HEADER), "逾期事项的表头应在一行"
    cards = ["".join(c.text for c in line if not c.text.isdigit()) for line in first.lines()]
    assert any("在办事项逾期临期逾期未报停滞" in t.replace(" ", "") for t in cards), "五张卡片应在标题一行"
    text = "\n".join(p.text() for p in pages).replace(" ", "")
    for unit in ("区人力资源和社会保障局", "区住房和城乡建设局", "区发展和改革局"):
        assert unit in text, f"单位名称“{unit}”不应折行"
    singles = ["".join(c.text for c in line) for p in pages for line in p.lines() if len(line) == 1]
    stacked = [s for s in singles if not s.isdigit() and s not in "%—-·/"]
    assert not stacked, f"表头或单位名称竖排：{stacked}"
