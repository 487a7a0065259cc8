"""Issue 31's wording: the bulletin's 版记, a restricted case named without its placeholder, the
整改 time from config.yaml, two lead units naming each other; titles broken between words; the
HTML page's headings and autospace (the print check measures the printed pages)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from conftest import Duban, set_config

from duban.render.blocks import blocks
from duban.render.htmlpage import to_html
from duban.render.titles import TITLE_CHARS, title_lines


def _overdue_bulletin(office: Duban) -> str:
    office.today = "2026-09-01"
    secret = office.new("某企业信访化解", "--lead-unit", "人社局", "--restricted-to", "李明")
    office("assign", secret, "--deadline", "2026-09-10")
    plain = office.new("城南片区内涝点整治", "--lead-unit", "城管局")
    office("assign", plain, "--deadline", "2026-09-10")
    office.today = "2026-10-08"
    return office("bulletin", "--from", "2026-09-01", "--to", "2026-09-30", "--issue", "9", "-o", "-").stdout


def test_bulletin_names_a_restricted_case_as_one_restricted_matter_and_ends_with_its_colophon(office: Duban) -> None:
    set_config(office, "抄送: [区委办公室, 区纪委监委]\n印发机关: 示范区人民政府督查室")
    text = _overdue_bulletin(office)
    assert "区人力资源和社会保障局：一件受控事项（" in text
    assert "“受控事项”" not in text and "某企业信访化解" not in text
    assert "区城市管理局：“城南片区内涝点整治”（" in text
    assert "于5个工作日内将整改情况书面报送" in text
    assert text.rstrip().endswith("===\n\n抄送：区委办公室，区纪委监委。\n\n示范区人民政府督查室\t2026年10月8日印发")
    parts = blocks(text)
    assert [b.text for b in parts if b.kind == "colophon"] == [
        "抄送：区委办公室，区纪委监委。",
        "示范区人民政府督查室\t2026年10月8日印发",
    ]


def test_bulletin_takes_the_rectification_time_from_config(office: Duban) -> None:
    set_config(office, "整改时限: 10")
    text = _overdue_bulletin(office)
    assert "于10个工作日内将整改情况书面报送" in text and "5个工作日" not in text
    set_config(office, "整改时限: 十天")
    refused = office("bulletin", "--from", "2026-09-01", "--to", "2026-09-30", "-o", "-", ok=False)
    assert refused.exit_code == 1 and "整改时限" in refused.stderr


def test_a_notice_to_each_of_two_lead_units_names_the_other_and_copies_it(office: Duban, tmp_path: Path) -> None:
    units = ("--lead-unit", "住建局", "--lead-unit", "城管局", "--co-unit", "财政局")
    case_id = office.new("城东片区防汛排涝设施建设", *units)
    office("assign", case_id, "--days", "5")
    office("render", "notice", case_id, "-o", str(tmp_path / "通知.md"))
    notices = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.md")}
    assert len(notices) == 2, list(notices)
    to_housing = next(t for t in notices.values() if "区住房和城乡建设局：" in t)
    to_city = next(t for t in notices.values() if "区城市管理局：" in t)
    assert "由你单位与区城市管理局共同牵头办理，区财政局配合" in to_housing
    assert "由你单位与区住房和城乡建设局共同牵头办理，区财政局配合" in to_city
    assert "抄送：区城市管理局，区财政局。" in to_housing
    assert "抄送：区住房和城乡建设局，区财政局。" in to_city


def test_a_notice_to_one_lead_unit_reads_as_before(office: Duban) -> None:
    case_id = office.new("城南片区内涝点整治", "--lead-unit", "城管局")
    office("assign", case_id, "--days", "5")
    text = office("render", "notice", case_id, "-o", "-").stdout
    assert "由你单位牵头办理。" in text and "共同" not in text


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("政务督办通知", ["政务督办通知"]),
        ("关于截至2026年11月30日督办事项办理情况的通报", ["关于截至2026年11月30日", "督办事项办理情况的通报"]),
        (
            "关于2026年1月1日至2026年11月30日督办事项办理情况的通报",
            ["关于2026年1月1日至2026年11月30日", "督办事项办理情况的通报"],
        ),
        ("关于进一步加强和改进政务督办工作的实施意见", ["关于进一步加强和改进", "政务督办工作的实施意见"]),
        (
            "区十八届人大五次会议第2026015号代表建议办理情况的答复",
            ["区十八届人大五次会议第2026015号", "代表建议办理情况的答复"],
        ),
    ],
)
def test_titles_break_between_words_in_even_lines(title: str, lines: list[str]) -> None:
    assert title_lines(title) == lines


def test_a_long_title_keeps_its_words_and_each_line_fits() -> None:
    from duban.render.geometry import text_width

    title = (
        "关于加快推进城东片区老旧小区改造二期工程地下管网更新、加装电梯和停车设施建设"
        "并同步完善社区养老托育服务配套的方案"
    )
    lines = title_lines(title)
    assert "".join(lines) == title
    assert all(text_width(line) <= TITLE_CHARS for line in lines)
    for word in ("工程", "督办", "小区", "改造", "设施", "服务"):
        assert not any(a.endswith(word[0]) and b.startswith(word[1]) for a, b in itertools.pairwise(lines))
    assert title_lines("A" * 60)  # nothing sensible to break at: still lines, never an error


def test_html_title_lines_heading_sizes_and_autospace() -> None:
    text = "## 关于截至2026年11月30日督办事项办理情况的通报\n\n各单位：\n\n### 一、总体情况\n\n共交办12项。\n"
    parts = blocks(text)
    page = to_html(None, "通报", parts)
    assert '<h2 class="title">关于截至2026年11月30日<br>督办事项办理情况的通报</h2>' in page
    assert "font-size: 16pt" in page and "text-autospace: normal" in page and "text-spacing-trim: space-all" in page
    assert '<p class="body whole">' in page  # a short paragraph never split across pages
