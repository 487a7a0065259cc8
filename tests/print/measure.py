"""Measuring printed pages: where the ink is (rendered at 10 pixels a millimetre), and where the
characters are (from the PDF's text), in millimetres from the page's top left corner."""

from __future__ import annotations

import collections
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PX_PER_MM = 10
PT_MM = 25.4 / 72
# Chromium with a Noto CJK face writes some characters' text as the radical that shares their glyph
# (页 as ⻚, U+2EDA): the page shows the character, its text is read back as the character.
RADICALS = str.maketrans(
    "⺟⺠⻄⻅⻆⻈⻉⻊⻋⻓⻔⻘⻚⻛⻜⻝⻢⻥⻦⻧⻨⻩⻬⻮⻯⻳",
    "母民西见角讠贝足车长门青页风飞食马鱼鸟卤麦黄齐齿龙龟",
)


@dataclass
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # pt


@dataclass
class Page:
    number: int  # from 1
    image: Any  # PIL RGB image, PX_PER_MM pixels a millimetre
    chars: list[Char] = field(default_factory=list)

    def ink(self, colour: str, box: tuple[float, float, float, float] = (0, 0, 210, 297)) -> tuple[float, ...] | None:
        """The bounding box (x0, top, x1, bottom, in mm) of red or dark ink inside box, or None."""
        x0, y0, x1, y1 = (round(v * PX_PER_MM) for v in box)
        region = self.image.crop((x0, y0, x1, y1))
        found = self._mask(region, colour).getbbox()  # dark: black or grey text and lines, not red
        if found is None:
            return None
        return tuple(v / PX_PER_MM + o for v, o in zip(found, (box[0], box[1], box[0], box[1]), strict=True))

    def rows_of(
        self, colour: str, box: tuple[float, float, float, float], min_width_mm: float, solid: bool = True
    ) -> list[tuple[float, float]]:
        """Horizontal bands (top, bottom in mm) where ink of the colour runs unbroken (nine tenths
        inked) over at least min_width_mm: rules and lines, not text."""
        bands: list[tuple[float, float]] = []
        top = None
        y = box[1]
        step = 1 / PX_PER_MM
        while y < box[3]:
            found = self.ink(colour, (box[0], y, box[2], y + step))
            wide = found is not None and found[2] - found[0] >= min_width_mm
            if solid and wide and found is not None:
                wide = self.coverage(colour, (found[0], y, found[2], y + step)) >= 0.9
            if wide and top is None:
                top = y
            if not wide and top is not None:
                bands.append((top, y))
                top = None
            y += step
        if top is not None:
            bands.append((top, box[3]))
        return bands

    def coverage(self, colour: str, box: tuple[float, float, float, float]) -> float:
        """The share of the box's pixels inked in the colour."""
        x0, y0, x1, y1 = (round(v * PX_PER_MM) for v in box)
        region = self.image.crop((x0, y0, max(x1, x0 + 1), max(y1, y0 + 1)))
        mask = self._mask(region, colour)
        return mask.histogram()[255] / max(region.size[0] * region.size[1], 1)

    @staticmethod
    def _mask(region: Any, colour: str) -> Any:
        from PIL import Image, ImageChops

        r, g, b = region.split()
        if colour == "red":
            return ImageChops.multiply(
                r.point(lambda v: 255 if v > 140 else 0), g.point(lambda v: 255 if v < 110 else 0)
            )
        return Image.eval(ImageChops.lighter(ImageChops.lighter(r, g), b), lambda v: 255 if v < 110 else 0)

    def lines(self, min_size: float = 0, max_size: float = 100) -> list[list[Char]]:
        """Characters grouped into lines by their vertical position (within 1 mm)."""
        chosen = sorted(
            (c for c in self.chars if min_size <= c.size <= max_size and c.text.strip()), key=lambda c: c.bottom
        )
        grouped: list[list[Char]] = []
        for char in chosen:
            if grouped and abs(grouped[-1][0].bottom - char.bottom) < 1.0:
                grouped[-1].append(char)
            else:
                grouped.append([char])
        return [sorted(line, key=lambda c: c.x0) for line in grouped]

    def text(self) -> str:
        return "\n".join("".join(c.text for c in line) for line in self.lines())


def read_pdf(path: Path) -> list[Page]:
    import pdfplumber
    import pypdfium2

    pages = []
    document = pypdfium2.PdfDocument(str(path))
    with pdfplumber.open(str(path)) as pdf:
        for index, page in enumerate(pdf.pages):
            image = document[index].render(scale=PX_PER_MM * 25.4 / 72).to_pil().convert("RGB")
            chars = [
                Char(
                    unicodedata.normalize("NFKC", c["text"]).translate(RADICALS),
                    c["x0"] * PT_MM,
                    c["x1"] * PT_MM,
                    c["top"] * PT_MM,
                    c["bottom"] * PT_MM,
                    round(c["size"], 1),
                )
                for c in page.chars
            ]
            pages.append(Page(index + 1, image, chars))
    return pages


def most_common(values: list[int]) -> int:
    return collections.Counter(values).most_common(1)[0][0]
