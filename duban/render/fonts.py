"""The fonts a PDF is set in: for each 公文 font the documents name (仿宋_GB2312, 方正小标宋简体, 黑体,
楷体_GB2312, 宋体), the office's own font where fontconfig finds it, else a free face of the same
kind (the Fandol family first, then Noto CJK SC, AR PL), always a simplified-Chinese face. A
fontconfig file of its own (the user's FONTCONFIG_FILE, or the system's, included first) binds the
names to the faces chosen, and LibreOffice converts under it; the note says what was substituted,
read back from the fonts the PDF embeds."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

from duban.errors import InputError
from duban.records import NamedTuple
from duban.render.geometry import FONT_BODY, FONT_HEADING, FONT_PAGE_NUMBER, FONT_SUBHEADING, FONT_TITLE

SYSTEM_CONFIG = "/etc/fonts/fonts.conf"
# Where the Fandol fonts are when fontconfig does not list them: TeX Live's (Debian's
# texlive-lang-chinese, or a TeX Live of its own) and a font package's folder.
FANDOL_DIRS = (
    "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol",
    "/usr/local/texlive/*/texmf-dist/fonts/opentype/public/fandol",
    "/usr/share/fonts/opentype/fandol",
    "/usr/share/fonts/truetype/fandol",
)
REGULAR, BOLD = 80, 200  # fontconfig's weights


class Role(NamedTuple):
    """A font the documents name, the other names of the same font, and its free substitutes in order
    of preference (family, weight)."""

    name: str
    other_names: tuple[str, ...]
    substitutes: tuple[tuple[str, int], ...]


SERIF = (("Noto Serif CJK SC", REGULAR), ("Source Han Serif SC", REGULAR), ("思源宋体", REGULAR))
SANS = (("Noto Sans CJK SC", REGULAR), ("Source Han Sans SC", REGULAR), ("思源黑体", REGULAR))
ROLES = (
    Role(
        FONT_BODY,
        ("仿宋", "FangSong", "FangSong_GB2312", "仿宋_GBK", "方正仿宋_GBK", "方正仿宋简体"),
        (("FandolFang", REGULAR), *SERIF, ("AR PL SungtiL GB", REGULAR), *SANS),
    ),
    Role(
        FONT_TITLE,
        ("方正小标宋_GBK", "方正小标宋简", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "小标宋"),
        (
            ("FandolSong", REGULAR),
            ("Noto Serif CJK SC", BOLD),
            ("Source Han Serif SC", BOLD),
            *SERIF,
            ("AR PL SungtiL GB", REGULAR),
            *SANS,
        ),
    ),
    Role(
        FONT_HEADING,
        ("SimHei", "黑体_GBK", "方正黑体_GBK", "方正黑体简体"),
        (("FandolHei", REGULAR), *SANS, ("WenQuanYi Zen Hei", REGULAR), ("WenQuanYi Micro Hei", REGULAR)),
    ),
    Role(
        FONT_SUBHEADING,
        ("楷体", "KaiTi", "KaiTi_GB2312", "楷体_GBK", "方正楷体_GBK", "方正楷体简体"),
        (
            ("FandolKai", REGULAR),
            ("AR PL KaitiM GB", REGULAR),
            ("AR PL UKai CN", REGULAR),
            ("LXGW WenKai", REGULAR),
            *SERIF,
            *SANS,
        ),
    ),
    Role(
        FONT_PAGE_NUMBER,
        ("SimSun", "NSimSun", "新宋体", "宋体_GBK"),
        (("FandolSong", REGULAR), *SERIF, ("AR PL SungtiL GB", REGULAR), ("AR PL UMing CN", REGULAR), *SANS),
    ),
)
# Faces for other scripts and regions, never used for a Chinese document.
OTHER_REGION = re.compile(r"\b(JP|KR|TC|HK|Big5|Japanese|Korean)\b|Mono|Braille", re.IGNORECASE)


class Face(NamedTuple):
    """One face fontconfig lists: its family names, style, weight, PostScript name (what a PDF embeds)."""

    families: tuple[str, ...]
    style: str
    weight: int
    postscript: str
    file: str

    @property
    def family(self) -> str:
        return self.families[0]

    @property
    def label(self) -> str:
        return f"{self.family} Bold" if self.weight >= BOLD and "bold" not in self.family.lower() else self.family

    def embedded_as(self, name: str) -> bool:
        """Whether a PDF's font (its BaseFont, subset prefix taken off) is this face. LibreOffice names a
        face of a Noto CJK collection (.ttc) by the CFF table its regions share, whose name is the
        Japanese one (NotoSerifCJKjp-Regular-VKana) even when fontconfig gave the SC face, whose glyphs
        it sets: the collection's shared name counts as the face's."""
        if name == self.postscript:
            return True
        region = re.compile(r"CJK(jp|kr|sc|tc|hk)")
        return self.file.endswith(".ttc") and region.sub("CJK", name).startswith(region.sub("CJK", self.postscript))


class Choice(NamedTuple):
    """The face a 公文 font name is set in; real when it is the office's own font."""

    wanted: str
    face: Face
    real: bool


class FontSetup(NamedTuple):
    """The fontconfig file a conversion runs under (None: the system's as it is) and what it chose."""

    config: Path | None
    choices: tuple[Choice, ...]

    @property
    def substituted(self) -> tuple[Choice, ...]:
        return tuple(c for c in self.choices if not c.real)

    @property
    def note(self) -> str:
        """One line, empty when every 公文 font is the office's own."""
        return self.note_for(None)

    def note_for(self, embedded: set[str] | None) -> str:
        """The line for a PDF whose fonts are these (None: not known, name every substitute): the
        substitutes it holds, and any other font it holds (a glyph no chosen face has)."""
        used = [c for c in self.substituted if embedded is None or any(c.face.embedded_as(n) for n in embedded)]
        faces = [c.face for c in self.choices]
        others = sorted(n for n in embedded or () if not any(f.embedded_as(n) for f in faces))
        pairs = [f"{c.wanted}→{c.face.label}" for c in used] + [f"其他字符→{name}" for name in others]
        if not pairs:
            return ""
        if not used:
            return f"公文字体缺少个别字符，PDF 用了：{'，'.join(pairs)}"
        pairs_text = "，".join(pairs)
        return f"未装公文字体，PDF 用了替代字体：{pairs_text}；装上公文字体后重新生成即可（duban doctor 查看本机情况）"


def embedded(pdf: bytes) -> set[str] | None:
    """The fonts a PDF embeds (its BaseFont names, subset prefix taken off); None when none can be read
    (a PDF whose font objects are compressed)."""
    names = {m.decode("latin-1") for m in re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([^\s/\[\]<>()]+)", pdf)}
    return names or None


NO_FONTS = (
    "本机没有中文字体，不能生成 PDF：请装公文字体（仿宋_GB2312、方正小标宋简体、黑体、楷体_GB2312），"
    "或免费的替代字体（Debian/统信/麒麟：apt-get install texlive-lang-chinese 或 fonts-noto-cjk）；"
    "也可改用 --format docx"
)
NO_FONTCONFIG = (
    "生成 PDF 需要 fontconfig 的 fc-list 查找字体：请安装（Debian：apt-get install fontconfig），或改用 --format docx"
)


def base_config() -> str:
    """The configuration fontconfig reads as it is: the user's FONTCONFIG_FILE, else the system's."""
    given = os.environ.get("FONTCONFIG_FILE")
    return str(Path(given).resolve()) if given else SYSTEM_CONFIG


def fandol_dirs() -> list[str]:
    return sorted({d for pattern in FANDOL_DIRS for d in glob.glob(pattern) if Path(d).is_dir()})


def user_dirs() -> list[str]:
    """The clerk's own font folders (where licensed 公文 fonts are often put), named by path: LibreOffice
    converts with a scratch HOME, where fontconfig's ~ would find none of them."""
    home = Path.home()
    data = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return [str(d) for d in (data / "fonts", home / ".fonts") if d.is_dir()]


def extra_dirs() -> list[str]:
    return [*fandol_dirs(), *user_dirs()]


def config_text(base: str, dirs: list[str], choices: tuple[Choice, ...] = ()) -> str:
    """A fontconfig file: the base, the extra folders, no face of another region, and every name of each
    公文 font bound to the face chosen for it (its weight too: 小标宋 is a bold Song)."""
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<!-- duban：生成 PDF 时用的字体配置（公文字体名到所选字体） -->",
        "<fontconfig>",
        f'  <include ignore_missing="yes">{escape(base)}</include>',
        *(f"  <dir>{escape(d)}</dir>" for d in dirs),
        "  <selectfont><rejectfont>",
        *(
            f'    <pattern><patelt name="family"><string>Noto {kind} CJK {region}</string></patelt></pattern>'
            for kind in ("Sans", "Serif", "Sans Mono")
            for region in ("JP", "KR", "TC", "HK")
        ),
        "  </rejectfont></selectfont>",
    ]
    roles = {role.name: role for role in ROLES}
    for choice in choices:
        names = (choice.wanted, *roles[choice.wanted].other_names)
        for name in names:
            if choice.real and _named(choice.face, (name,)):
                continue  # the office's own font, under this name
            family = escape(choice.face.family)
            weight = f'    <edit name="weight" mode="assign"><int>{choice.face.weight}</int></edit>'
            lines += [
                '  <match target="pattern">',
                f'    <test name="family"><string>{escape(name)}</string></test>',
                f'    <edit name="family" mode="assign" binding="same"><string>{family}</string></edit>',
                *(() if choice.real else (weight,)),
                "  </match>",
            ]
    lines.append("</fontconfig>")
    return "\n".join(lines) + "\n"


def parse_list(text: str) -> list[Face]:
    """fc-list's lines as LIST_FORMAT prints them."""
    faces = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) != 5 or not parts[0]:
            continue
        families = tuple(n.strip() for n in re.split(r"(?<!\\),", parts[0]) if n.strip())
        numbers = re.findall(r"\d+", parts[2])
        weight = int(numbers[0]) if numbers else REGULAR
        faces.append(Face(families, parts[1].split(",")[0], weight, parts[3], parts[4]))
    return faces


LIST_FORMAT = "%{family}\t%{style}\t%{weight}\t%{postscriptname}\t%{file}\n"


def installed(config: Path) -> list[Face]:
    """The outline faces that cover simplified Chinese, as fontconfig sees them under the config."""
    program = shutil.which("fc-list")
    if program is None:
        raise InputError(NO_FONTCONFIG)
    done = subprocess.run(
        [program, "--format", LIST_FORMAT, ":lang=zh-cn:outline=true"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "FONTCONFIG_FILE": str(config)},
    )
    return parse_list(done.stdout)


def _named(face: Face, names: tuple[str, ...]) -> bool:
    wanted = {n.casefold() for n in names}
    return any(f.casefold() in wanted for f in face.families)


def _nearest(faces: list[Face], weight: int) -> Face | None:
    """The face nearest the weight; of equal weights, the one whose style says the same (FandolSong-Bold
    tells fontconfig weight 80, so LibreOffice, which picks by weight, never sets it: not a bold choice)."""
    return min(
        faces,
        key=lambda f: (abs(f.weight - weight), ("bold" in f.style.lower()) != (weight >= BOLD), f.file, f.postscript),
        default=None,
    )


def choose(faces: list[Face]) -> tuple[Choice, ...]:
    """Each 公文 font's face: the office's own, else the first substitute present, else any simplified
    Chinese face; empty when there is no Chinese face at all."""
    usable = [f for f in faces if not any(OTHER_REGION.search(n) for n in f.families)]
    if not usable:
        return ()
    generic = sorted(usable, key=lambda f: (not re.search(r"\b(SC|GB|CN)\b", f.family), f.family, f.weight))
    choices = []
    for role in ROLES:
        own = _nearest([f for f in usable if _named(f, (role.name, *role.other_names))], REGULAR)
        if own is not None:
            choices.append(Choice(role.name, own, True))
            continue
        face = None
        for family, weight in role.substitutes:
            face = _nearest([f for f in usable if _named(f, (family,)) and abs(f.weight - weight) < 60], weight)
            if face is not None:
                break
        choices.append(Choice(role.name, face or generic[0], False))
    return tuple(choices)


def survey(folder: Path) -> tuple[Choice, ...]:
    """What a PDF made now would be set in (empty: no Chinese face), found under a probe
    configuration written in folder: the base and the Fandol folders."""
    probe = folder / "probe.conf"
    probe.write_text(config_text(base_config(), extra_dirs()), encoding="utf-8")
    return choose(installed(probe))


def prepare(folder: Path) -> FontSetup:
    """The fontconfig file for a conversion, written in folder, and the faces it binds; refused
    (InputError) on a machine with no Chinese face."""
    choices = survey(folder)
    if not choices:
        raise InputError(NO_FONTS)
    config = folder / "fonts.conf"
    config.write_text(config_text(base_config(), extra_dirs(), choices), encoding="utf-8")
    return FontSetup(config, choices)
