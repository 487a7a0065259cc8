"""The print check on two machines' worth of fonts, through `render --format pdf` itself: (a) this
machine with the Fandol fonts and none of the 公文 fonts, (b) one with neither (a base
FONTCONFIG_FILE that rejects the Fandol files, so that only Noto CJK and AR PL remain). On both the
PDF is honest: every character is set in a simplified-Chinese face the one line on stderr names
(digits and 页码 too, never DejaVu), and the key geometry (28 × 22, 版心, 页码) is measured."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import UNITS_FILE, Duban
from test_print import PLAIN
from test_print import pytestmark as _marks
from typer.testing import CliRunner

from duban.cli import app
from duban.render import fonts

pytestmark = _marks

NO_FANDOL = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont><glob>*/fandol/*</glob></rejectfont></selectfont>
</fontconfig>
"""
SETUPS = ("fandol", "no-fandol")


class Made:
    def __init__(self, pages: dict[str, list], fontnames: dict[str, set[str]], note: str, setup: fonts.FontSetup):
        self.pages = pages
        self.fontnames = fontnames  # each PDF's embedded font of each character kind
        self.note = note
        self.setup = setup


@pytest.fixture(scope="module", params=SETUPS)
def made(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Made:
    from measure import read_pdf

    base = tmp_path_factory.mktemp(f"fonts-{request.param}")
    saved = os.environ.get("FONTCONFIG_FILE")
    if request.param == "no-fandol":
        (base / "no-fandol.conf").write_text(NO_FANDOL, encoding="utf-8")
        os.environ["FONTCONFIG_FILE"] = str(base / "no-fandol.conf")
    try:
        root = base / "office"
        done = CliRunner().invoke(
            app, ["--by", "李明", "init", str(root), "--office", "示范区人民政府办公室", "--units", str(UNITS_FILE)]
        )
        assert done.exit_code == 0, done.output
        office = Duban(root, today="2026-09-15")
        content = "\n".join([PLAIN, *["会议要求加快推进城东片区老旧小区改造，统筹资金和进度，确保按期完成。" * 4] * 4])
        office("new", "--title", "加快推进城东片区老旧小区改造", "--source-kind", "会议议定", "--leader", "王建国",
               "--lead-unit", "住建局", "--co-unit", "财政局", "--urgency", "特急", "--content", content)  # fmt: skip
        office("assign", "2026-0001", "--days", "10")
        notes = []
        pages, names = {}, {}
        for name, args in {
            "notice-docx": ("render", "notice", "2026-0001"),
            "bulletin-docx": ("bulletin", "--from", "2026-01-01", "--to", "2026-11-30", "--issue", "12"),
        }.items():
            target = base / f"{name}.pdf"
            done = office(*args, "--format", "pdf", "-o", str(target))
            notes += [line for line in done.stderr.splitlines() if line.startswith("未装公文字体")]
            pages[name] = read_pdf(target)
            names[name] = embedded(target)
        setup = fonts.FontSetup(None, fonts.survey(base))
    finally:
        if saved is None:
            os.environ.pop("FONTCONFIG_FILE", None)
        else:
            os.environ["FONTCONFIG_FILE"] = saved
    assert len(set(notes)) == 1 and len(notes) == 2, notes  # one line for each command
    return Made(pages, names, notes[0], setup)


def embedded(path: Path) -> dict[str, set[str]]:
    """The embedded fonts (subset prefix taken off) of the CJK characters, the digits, and 页码's dashes."""
    import pdfplumber

    kinds: dict[str, set[str]] = {"cjk": set(), "digit": set(), "other": set()}
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                name = char["fontname"].split("+", 1)[-1]
                kind = "cjk" if "\u4e00" <= char["text"] <= "\u9fff" else "digit" if char["text"].isdigit() else "other"
                kinds[kind].add(name)
    return kinds


def named_by(embedded_name: str, face: fonts.Face) -> bool:
    """Whether a PDF's font is the face. LibreOffice names a face of a Noto CJK collection (.ttc) by the
    CFF table its regions share, whose name is the Japanese one (NotoSerifCJKjp-Regular-VKana) even
    when fontconfig gave the SC face: the collection's shared name counts as the face's."""
    if embedded_name == face.postscript:
        return True
    region = re.compile(r"CJK(jp|kr|sc|tc|hk)")
    return face.file.endswith(".ttc") and region.sub("CJK", embedded_name).startswith(
        region.sub("CJK", face.postscript)
    )


def test_the_line_names_what_the_pdf_is_set_in(made: Made) -> None:
    print(made.note)
    assert made.note == made.setup.note
    faces = [c.face for c in made.setup.substituted]
    assert len(made.setup.substituted) == 5  # none of the 公文 fonts on this machine
    for face in faces:
        assert face.family in made.note
        assert not re.search(r"\b(JP|KR|TC|HK)\b", face.family), face
    for pdf, kinds in made.fontnames.items():
        every = kinds["cjk"] | kinds["digit"] | kinds["other"]
        print(pdf, sorted(every))
        assert not any("DejaVu" in name for name in every), (pdf, every)
        strays = {name for name in every if not any(named_by(name, face) for face in faces)}
        assert strays == set(), f"{pdf}: 嵌入的字体 {strays} 不在替代字体的说明里"
        assert kinds["digit"], f"{pdf} 没有数字"
    body = next(c.face for c in made.setup.substituted if c.wanted == "仿宋_GB2312")
    numbers = next(c.face for c in made.setup.substituted if c.wanted == "宋体")
    notice = made.pages["notice-docx"]
    assert len(notice) >= 2
    assert any(named_by(name, body) for name in made.fontnames["notice-docx"]["cjk"])
    assert any(named_by(name, numbers) for name in made.fontnames["notice-docx"]["digit"]), "页码的数字"


def test_key_geometry(made: Made) -> None:
    """28 characters a line, 22 lines a page, justified to the 版心; the 页码 7 mm below it, odd right,
    even left. Run on both setups: what fails without Fandol is reported, not hidden."""
    from test_print import (
        test_28_characters_a_line_22_lines_a_page_justified,
        test_page_numbers_7mm_below_odd_right_even_left,
    )

    printed = made.pages
    test_28_characters_a_line_22_lines_a_page_justified(printed, "notice-docx")
    test_page_numbers_7mm_below_odd_right_even_left(printed, "notice-docx")
    test_page_numbers_7mm_below_odd_right_even_left(printed, "bulletin-docx")
