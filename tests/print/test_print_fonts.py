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

# A machine with neither the 公文 fonts nor the Fandol family (Makefile print-check runs the other
# print tests under it too).
NO_FANDOL = (Path(__file__).parent / "no-fandol.conf").read_text(encoding="utf-8")
SETUPS = ("fandol", "no-fandol")


class Made:
    def __init__(
        self, pages: dict[str, list], fontnames: dict[str, dict], notes: dict[str, str], setup: fonts.FontSetup
    ):
        self.pages = pages
        self.fontnames = fontnames  # each PDF's embedded fonts of each kind of character
        self.notes = notes  # each PDF's line on stderr
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
        # 直: its simplified and Japanese glyphs differ (test_a_collection_face_prints_simplified_glyphs).
        again = "会议要求加快推进城东片区老旧小区改造，统筹资金和进度，确保按期完成。" * 4
        content = "\n".join([PLAIN, *[again] * 4, "请各直属单位抓紧落实。"])
        office("new", "--title", "加快推进城东片区老旧小区改造", "--source-kind", "会议议定", "--leader", "王建国",
               "--lead-unit", "住建局", "--co-unit", "财政局", "--urgency", "特急", "--content", content)  # fmt: skip
        office("assign", "2026-0001", "--days", "10")
        notes, pages, names = {}, {}, {}
        for name, args in {
            "notice-docx": ("render", "notice", "2026-0001"),
            "bulletin-docx": ("bulletin", "--from", "2026-01-01", "--to", "2026-11-30", "--issue", "12"),
        }.items():
            target = base / f"{name}.pdf"
            done = office(*args, "--format", "pdf", "-o", str(target))
            lines = [line for line in done.stderr.splitlines() if "PDF 用了" in line]
            assert len(lines) == 1, done.stderr  # one line
            notes[name] = lines[0]
            pages[name] = read_pdf(target)
            names[name] = embedded(target)
        setup = fonts.FontSetup(None, fonts.survey(base))
    finally:
        if saved is None:
            os.environ.pop("FONTCONFIG_FILE", None)
        else:
            os.environ["FONTCONFIG_FILE"] = saved
    return Made(pages, names, notes, setup)


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


def test_the_line_names_what_the_pdf_is_set_in(made: Made) -> None:
    """Every font the PDF embeds (汉字, digits, 页码) is a simplified-Chinese face the line names
    against the 公文 font it stands for, and every face the line names is in the PDF."""
    assert len(made.setup.substituted) == 5  # none of the 公文 fonts on this machine
    for pdf, kinds in made.fontnames.items():
        note = made.notes[pdf]
        print(note)
        every = kinds["cjk"] | kinds["digit"] | kinds["other"]
        print(pdf, sorted(every))
        assert note == made.setup.note_for(every)
        assert not any("DejaVu" in name for name in every), (pdf, every)
        named = [c.face for c in made.setup.substituted if f"{c.wanted}→{c.face.label}，" in note.replace("；", "，")]
        strays = {name for name in every if not any(face.embedded_as(name) for face in named)}
        assert strays == set(), f"{pdf}: 嵌入的字体 {strays} 不在替代字体的说明里：{note}"
        unused = [face.label for face in named if not any(face.embedded_as(name) for name in every)]
        assert unused == [], f"{pdf}: 说明里的 {unused} 不在 PDF 里"
        for face in named:
            assert not re.search(r"\b(JP|KR|TC|HK)\b", face.family), face
        assert kinds["digit"], f"{pdf} 没有数字"
    body = next(c.face for c in made.setup.substituted if c.wanted == "仿宋_GB2312")
    numbers = next(c.face for c in made.setup.substituted if c.wanted == "宋体")
    assert len(made.pages["notice-docx"]) >= 2
    assert any(body.embedded_as(name) for name in made.fontnames["notice-docx"]["cjk"])
    assert any(numbers.embedded_as(name) for name in made.fontnames["notice-docx"]["digit"]), "页码的数字"


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


def test_a_collection_face_prints_simplified_glyphs(made: Made) -> None:
    """Where the body's face is a Noto CJK collection, whose PDF name says jp whatever the face, its
    glyphs are the SC face's: 直 on the page looks like the SC face's 直, not like the JP face's."""
    from PIL import Image, ImageChops, ImageDraw, ImageFont

    body = next(c.face for c in made.setup.substituted if c.wanted == "仿宋_GB2312")
    if not body.file.endswith(".ttc"):
        pytest.skip(f"{body.family} is no collection: its PDF name is its own")
    regions = {}
    for index in range(16):
        try:
            regions[ImageFont.truetype(body.file, 10, index=index).getname()[0]] = index
        except OSError:
            break
    japanese = body.family.replace(" SC", " JP")
    assert body.family in regions and japanese in regions, regions

    def shape(image: Image.Image) -> Image.Image:
        ink = image.convert("L").point(lambda v: 255 if v < 128 else 0)  # a neighbour's faint edge left out
        return ImageChops.invert(ink.crop(ink.getbbox()).resize((48, 48)))

    def drawn(family: str) -> Image.Image:
        image = Image.new("L", (120, 120), 255)
        font = ImageFont.truetype(body.file, 80, index=regions[family])
        ImageDraw.Draw(image).text((10, 10), "直", font=font, fill=0)
        return shape(image)

    def distance(one: Image.Image, other: Image.Image) -> float:
        return sum(ImageChops.difference(one, other).histogram()[v] * v for v in range(256)) / 48 / 48

    page = next(p for p in made.pages["notice-docx"] if any(c.text == "直" for c in p.chars))
    char = next(c for c in page.chars if c.text == "直")
    box = (char.x0 + 0.1, char.top - 2, char.x1 - 0.1, char.bottom + 2)  # the line's pitch leaves 4 mm free
    printed = shape(page.image.crop(tuple(round(v * 10) for v in box)))
    simplified, other = distance(printed, drawn(body.family)), distance(printed, drawn(japanese))
    print(f"直: {simplified:.1f} from {body.family}, {other:.1f} from {japanese}")
    assert simplified < other / 2, (simplified, other)
