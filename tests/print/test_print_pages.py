"""The print check of where things fall as a document grows (issue 31): the 版记 at the foot of the
last page (its last line at the 版心's foot, GB/T 9704 7.4), never alone on a page, and the page of
the signature never holding only the 附件说明; and a Word file a clerk edited (tests/test_word_styles.py)
still printing 28 characters on 22 lines; a long 发文机关标志 on one line; and, with fontconfig's
own faces instead of the 公文 fonts or Fandol, the 版记 again and the 政务督办报告 on one page with
the notice's 版记. Each font setup's documents are converted in one LibreOffice run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from duban.render.blocks import blocks
from duban.render.geometry import CHARS_PER_LINE, LINE_PT, MM_PT
from duban.render.word import to_docx

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from test_print import BOTTOM, LEFT, PLAIN, RIGHT, SOFFICE, TOP, fonts_config, near, pytestmark  # noqa: E402
from test_print_fonts import NO_FANDOL  # noqa: E402

__all__ = ["pytestmark"]

LINE_MM = LINE_PT / MM_PT
GOLDEN = HERE.parent / "golden" / "notice-2026-0004.md"
LENGTHS = 26  # notices of 0 to 25 more lines: the signature falls on every line of a page
LONG_NAME = "某某市示范区人民政府办公室"  # 13 characters: at 36 pt one would stand alone on a second line
MORE = "会议要求加快推进城东片区老旧小区改造，统筹资金和进度，确保按期完成"  # 32 characters


def _notice() -> str:
    """The golden notice without its attachment: the 版记 after the signature's chain."""
    text = GOLDEN.read_text(encoding="utf-8")
    start = text.index("\n附件\n")
    return text[:start] + text[text.index("\n===\n") :]


def _growing(lines: int) -> str:
    text = _notice()
    extra = (MORE * 30)[: lines * CHARS_PER_LINE - 2] + "。" if lines else ""
    anchor = "### 二、办理要求"
    return text.replace(anchor, f"{extra}\n\n{anchor}" if extra else anchor)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    from measure import read_pdf
    from test_word_styles import clerk_edits

    base = tmp_path_factory.mktemp("pages")
    sources = []
    for lines in range(LENGTHS):
        path = base / f"grow-{lines:02d}.docx"
        to_docx(blocks(_growing(lines)), path)
        sources.append(path)
    plain = base / "plain.docx"
    text = _notice().replace("### 二、办理要求", f"{PLAIN * 4}\n\n### 二、办理要求")
    to_docx(blocks(text), plain)
    edited = base / "edited.docx"
    clerk_edits(plain, edited)
    sources.append(edited)
    for layout, golden in (("文件", GOLDEN), ("信函", HERE.parent / "golden" / "reminder-2026-0011.md")):
        path = base / f"long-{layout}.docx"
        to_docx(
            blocks(golden.read_text(encoding="utf-8").replace("# 示范区人民政府办公室", f"# {LONG_NAME}")), path, layout
        )
        sources.append(path)
    profile = (base / "lo-profile").as_uri()
    subprocess.run(
        [SOFFICE or "soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(base), *map(str, sources)], check=True, capture_output=True, timeout=600,
        env={**os.environ, "FONTCONFIG_FILE": str(fonts_config(base / "fonts"))},
    )  # fmt: skip
    return {source.stem: read_pdf(source.with_suffix(".pdf")) for source in sources}


def _text_lines(page) -> list[str]:
    return ["".join(c.text for c in line) for line in page.lines(15.5, 16.5)]


@pytest.mark.parametrize("fonts", ["fandol", "other"])
@pytest.mark.parametrize("lines", range(LENGTHS))
def test_colophon_at_the_foot_of_the_last_page_never_alone(
    pages: dict, other_fonts: dict, lines: int, fonts: str
) -> None:
    document = (pages if fonts == "fandol" else other_fonts)[f"grow-{lines:02d}"]
    last = document[-1]
    rules = last.rows_of("dark", (LEFT - 2, TOP, RIGHT + 2, BOTTOM + 3), 150)
    assert len(rules) == 3, f"{lines}: 最后一页应有版记的三条线，找到 {rules}"
    assert near(rules[-1][1], BOTTOM), f"{lines}: 版记末条分隔线在 {rules[-1][1]:.1f} mm（应在版心下边缘 {BOTTOM} mm）"
    for page in document[:-1]:
        assert not page.rows_of("dark", (LEFT - 2, TOP, RIGHT + 2, BOTTOM + 3), 150), "版记只在最后一页"
    texts = _text_lines(last)
    date_at = max(i for i, t in enumerate(texts) if t.startswith("2026年") and t.endswith("日"))
    before = [t for t in texts[: date_at - 1] if not t.startswith("附件")]
    assert before, f"{lines}: 版记所在页只有附件说明和署名：{texts}"
    assert any(len(t) > 10 for t in before), f"{lines}: 署名页应有正文：{texts}"
    date_top = last.lines(15.5, 16.5)[date_at][0].top
    copy = [line for line in last.lines(13.5, 14.5) if "".join(c.text for c in line).startswith("抄送")]
    assert copy and copy[0][0].top > date_top, f"{lines}: 版记应在署名之后"


def test_an_edited_docx_still_prints_28_characters_on_22_lines(pages: dict) -> None:
    document = pages["edited"]
    body = [line for page in document for line in page.lines(15.5, 16.5)]
    text = lambda line: "".join(c.text for c in line)  # noqa: E731
    full = [line for line in body if text(line) in PLAIN * 4 and len(line) > 20][1:-1]
    assert full and all(len(line) == CHARS_PER_LINE for line in full), [len(line) for line in full]
    for words in ("新输入的一段", "三、新加的一级标题"):
        found = [line for line in body if text(line).startswith(words)]
        assert found and near(found[0][0].x0, LEFT + 2 * 16 / MM_PT), f"{words}应首行缩进二字"
    pasted = [line for line in body if "粘贴的文字" in text(line)]
    assert pasted and all(len(line) <= CHARS_PER_LINE for line in pasted)
    for page in document[1:]:  # every line on the grid of 22 from the 版心's top
        rows = [line for line in page.lines(15.5, 16.5) if line[0].bottom < BOTTOM]
        assert near(rows[0][0].top, TOP + 1.4, 1.0), (page.number, rows[0][0].top)
        for line in rows:
            steps = (line[0].top - rows[0][0].top) / LINE_MM
            assert near(steps, round(steps), 0.05), (page.number, text(line), steps)
    second = [line for line in document[1].lines(15.5, 16.5) if line[0].bottom < BOTTOM]
    assert len(second) == 22, f"第二页应排满 22 行，排了 {len(second)} 行"


@pytest.mark.parametrize("layout", ["文件", "信函"])
def test_a_long_office_name_stands_on_one_line(pages: dict, layout: str) -> None:
    page = pages[f"long-{layout}"][0]
    top = 72.0 if layout == "文件" else 30.0
    masthead = page.ink("red", (0, top - 5, 210, top + 25))
    assert masthead is not None
    band = page.rows_of("red", (0, top - 5, 210, top + 25), 100)
    assert near(masthead[1], top), f"标志上边缘 {masthead[1]:.1f} mm（应为 {top} mm）"
    glyphs = page.ink("red", (0, top - 5, 210, (band[0][0] - 0.5) if band else top + 25))
    assert glyphs[3] - glyphs[1] < 15, f"发文机关标志折行了：高 {glyphs[3] - glyphs[1]:.1f} mm"
    assert glyphs[0] >= LEFT - 0.5 and glyphs[2] <= RIGHT + 0.5, f"标志超出版心：{glyphs[0]:.1f}–{glyphs[2]:.1f} mm"
    assert glyphs[2] - glyphs[0] > 140, "标志应接近版心宽度"


# A machine without the 公文 fonts and without the Fandol family: duban's own choice of faces there
# (Noto CJK SC and AR PL: wider digits and other metrics than the grid was measured with).
LONG_TITLE = (
    "关于加快推进城东片区老旧小区改造二期工程地下管网更新、加装电梯和停车设施建设并同步完善社区养老托育服务配套的方案"
)
MANY_UNITS = "区财政局、区住房和城乡建设局、区教育局、区卫生健康局、区民政局、区应急管理局"
LONG_ROWS = {
    "| 事项名称 | 城东片区老旧小区改造二期改造方案编制 |": f"| 事项名称 | {LONG_TITLE} |",
    "| 协办单位 | 区财政局、区自然资源局 |": f"| 协办单位 | {MANY_UNITS} |",
}


def _form(text: str) -> str:
    """The golden notice's attachment alone: what `render report-form` writes."""
    start = text.index("\n附件\n")
    return text[start + 1 : text.index("\n===\n")] + "\n"


@pytest.fixture(scope="module")
def other_fonts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    from measure import read_pdf

    base = tmp_path_factory.mktemp("other-fonts")
    notice = GOLDEN.read_text(encoding="utf-8")
    long_notice = notice
    for old, new in LONG_ROWS.items():
        long_notice = long_notice.replace(old, new)
    assert long_notice != notice
    documents = {"notice": notice, "form": _form(notice), "form-long": _form(long_notice), "notice-long": long_notice}
    documents.update({f"grow-{lines:02d}": _growing(lines) for lines in range(LENGTHS)})
    sources = []
    for name, text in documents.items():
        path = base / f"{name}.docx"
        to_docx(blocks(text), path)
        sources.append(path)
    # duban's own font configuration on a machine without the Fandol family (test_print_fonts's).
    (base / "no-fandol.conf").write_text(NO_FANDOL, encoding="utf-8")
    saved = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(base / "no-fandol.conf")
    try:
        config = fonts_config(base / "fonts")
    finally:
        if saved is None:
            os.environ.pop("FONTCONFIG_FILE", None)
        else:
            os.environ["FONTCONFIG_FILE"] = saved
    profile = (base / "lo-profile").as_uri()
    subprocess.run(
        [SOFFICE or "soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(base), *map(str, sources)], check=True, capture_output=True,
        env={**os.environ, "FONTCONFIG_FILE": str(config)}, timeout=600,
    )  # fmt: skip
    return {source.stem: read_pdf(source.with_suffix(".pdf")) for source in sources}


@pytest.mark.parametrize("name", ["form", "form-long", "notice", "notice-long"])
def test_the_form_keeps_to_one_page_with_other_fonts(other_fonts: dict, name: str) -> None:
    pages = other_fonts[name]
    if name.startswith("form"):
        assert len(pages) == 1, f"政务督办报告排成了 {len(pages)} 页"
    form = pages[-1]
    text = form.text().replace(" ", "")
    assert text.startswith("附件") and "督办编号" in text and "一事一报" in text, "表和表后的说明应在同一页"
    assert all("督办编号" not in page.text() for page in pages[:-1])
    if name.startswith("notice"):  # its 版记 after the form, at the foot of the same page
        rules = form.rows_of("dark", (LEFT - 2, TOP, RIGHT + 2, BOTTOM + 3), 150)
        assert near(rules[-1][1], BOTTOM), f"版记末条分隔线在 {rules[-1][1]:.1f} mm"
        assert "抄送" in text


@pytest.mark.parametrize("layout", ["文件", "信函"])
def test_a_long_office_name_stands_on_one_line_in_html(tmp_path: Path, layout: str) -> None:
    from measure import read_pdf
    from test_print import to_pdf

    from duban.render.htmlpage import to_html

    golden = GOLDEN if layout == "文件" else HERE.parent / "golden" / "reminder-2026-0011.md"
    text = golden.read_text(encoding="utf-8").replace("# 示范区人民政府办公室", f"# {LONG_NAME}")
    source = tmp_path / f"long-{layout}.html"
    source.write_text(to_html(None, "长机关名称", blocks(text), layout), encoding="utf-8")
    page = read_pdf(to_pdf(source))[0]
    top = 72.0 if layout == "文件" else 30.0
    band = page.rows_of("red", (0, top - 5, 210, top + 25), 100)
    glyphs = page.ink("red", (0, top - 5, 210, (band[0][0] - 0.5) if band else top + 25))
    assert glyphs is not None
    assert glyphs[3] - glyphs[1] < 15, f"发文机关标志折行了：高 {glyphs[3] - glyphs[1]:.1f} mm"
    assert glyphs[0] >= LEFT - 0.5 and glyphs[2] <= RIGHT + 0.5, f"标志超出版心：{glyphs[0]:.1f}–{glyphs[2]:.1f} mm"
    assert glyphs[2] - glyphs[0] > 140, "标志应接近版心宽度"


@pytest.fixture(scope="module")
def html_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    from measure import read_pdf
    from test_print import to_pdf

    from duban.render.htmlpage import to_html

    base = tmp_path_factory.mktemp("html-pages")
    out = {}
    for lines in range(LENGTHS):
        source = base / f"grow-{lines:02d}.html"
        source.write_text(to_html(None, "政务督办通知", blocks(_growing(lines))), encoding="utf-8")
        out[source.stem] = read_pdf(to_pdf(source))
    return out


@pytest.mark.parametrize("lines", range(LENGTHS))
def test_html_colophon_never_alone(html_pages: dict, lines: int) -> None:
    """Chromium has no page foot to put the 版记 at (CSS paged media's running elements are not
    there): it follows the signature, never alone on a page, never split."""
    document = html_pages[f"grow-{lines:02d}"]
    last = document[-1]
    rules = last.rows_of("dark", (LEFT - 2, TOP, RIGHT + 2, BOTTOM + 3), 150)
    assert len(rules) == 3, f"{lines}: 最后一页应有版记的三条线，找到 {rules}"
    for page in document[:-1]:
        assert not page.rows_of("dark", (LEFT - 2, TOP, RIGHT + 2, BOTTOM + 3), 150), "版记只在最后一页"
    texts = _text_lines(last)
    date_at = max(i for i, t in enumerate(texts) if t.startswith("2026年") and t.endswith("日"))
    before = [t for t in texts[: date_at - 1] if not t.startswith("附件")]
    assert any(len(t) > 10 for t in before), f"{lines}: 署名页应有正文：{texts}"
