"""The fonts a PDF is set in (render/fonts.py), chosen from what fontconfig lists (here a fake
listing: no fc-list, no LibreOffice), and `duban doctor`'s findings and exit status."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from duban.cli import app
from duban.render import fonts, pdf

FANDOL = "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
NOTO = "/usr/share/fonts/opentype/noto"
LISTING = {
    "fandol": [
        f"FandolFang,FandolFang R\tRegular\t80\tFandolFang-Regular\t{FANDOL}/FandolFang-Regular.otf",
        f"FandolSong\tBold\t80\tFandolSong-Bold\t{FANDOL}/FandolSong-Bold.otf",
        f"FandolSong\tRegular\t80\tFandolSong-Regular\t{FANDOL}/FandolSong-Regular.otf",
        f"FandolHei\tRegular\t80\tFandolHei-Regular\t{FANDOL}/FandolHei-Regular.otf",
        f"FandolKai\tRegular\t80\tFandolKai-Regular\t{FANDOL}/FandolKai-Regular.otf",
    ],
    "noto": [
        f"Noto Serif CJK JP\tRegular\t80\tNotoSerifCJKjp-Regular\t{NOTO}/NotoSerifCJK-Regular.ttc",
        f"Noto Serif CJK SC\tRegular\t80\tNotoSerifCJKsc-Regular\t{NOTO}/NotoSerifCJK-Regular.ttc",
        f"Noto Serif CJK SC\tBold\t200\tNotoSerifCJKsc-Bold\t{NOTO}/NotoSerifCJK-Bold.ttc",
        f"Noto Sans CJK JP\tRegular\t80\tNotoSansCJKjp-Regular\t{NOTO}/NotoSansCJK-Regular.ttc",
        f"Noto Sans CJK SC\tRegular\t80\tNotoSansCJKsc-Regular\t{NOTO}/NotoSansCJK-Regular.ttc",
        f"Noto Sans Mono CJK SC\tRegular\t80\tNotoSansMonoCJKsc-Regular\t{NOTO}/NotoSansCJK-Regular.ttc",
    ],
    "arphic": [
        "AR PL KaitiM GB,文鼎ＰＬ简中楷\tRegular\t80\tGBZenKai-Medium\t/usr/share/fonts/gkai00mp.ttf",
        "AR PL SungtiL GB,文鼎ＰＬ简报宋\tRegular\t80\tBousungEG-Light-GB\t/usr/share/fonts/gbsn00lp.ttf",
    ],
    "office": [
        "仿宋_GB2312,FangSong_GB2312\tRegular\t80\tFangSong_GB2312\t/usr/share/fonts/win/SIMFANG_GB.TTF",
        "方正小标宋简体,FZXiaoBiaoSong-B05S\tRegular\t80\tFZXBSJW--GB1-0\t/usr/share/fonts/win/FZXBSJW.TTF",
        "SimHei,黑体\tRegular\t80\tSimHei\t/usr/share/fonts/win/simhei.ttf",
        "KaiTi,楷体\tRegular\t80\tKaiTi\t/usr/share/fonts/win/simkai.ttf",
        "SimSun,宋体\tRegular\t80\tSimSun\t/usr/share/fonts/win/simsun.ttc",
    ],
    "japanese": [f"Noto Sans CJK JP\tRegular\t80\tNotoSansCJKjp-Regular\t{NOTO}/NotoSansCJK-Regular.ttc"],
}


def faces(*kinds: str) -> list[fonts.Face]:
    return fonts.parse_list("\n".join(line for kind in kinds for line in LISTING[kind]) + "\n")


def chosen(*kinds: str) -> dict[str, str]:
    return {c.wanted: c.face.label for c in fonts.choose(faces(*kinds))}


def test_fandol_before_noto_and_arphic() -> None:
    assert chosen("noto", "arphic", "fandol") == {
        "仿宋_GB2312": "FandolFang",
        "方正小标宋简体": "FandolSong",  # regular: FandolSong-Bold tells fontconfig weight 80
        "黑体": "FandolHei",
        "楷体_GB2312": "FandolKai",
        "宋体": "FandolSong",
    }
    song = next(c for c in fonts.choose(faces("fandol")) if c.wanted == "方正小标宋简体")
    assert song.face.postscript == "FandolSong-Regular"


def test_without_fandol_simplified_chinese_faces_never_japanese() -> None:
    assert chosen("noto", "arphic") == {
        "仿宋_GB2312": "Noto Serif CJK SC",
        "方正小标宋简体": "Noto Serif CJK SC Bold",
        "黑体": "Noto Sans CJK SC",
        "楷体_GB2312": "AR PL KaitiM GB",
        "宋体": "Noto Serif CJK SC",
    }
    assert chosen("arphic")["黑体"] == "AR PL KaitiM GB"  # any Chinese face rather than none
    assert fonts.choose(faces("japanese")) == ()


def test_the_office_fonts_under_any_of_their_names_are_not_substituted() -> None:
    setup = fonts.FontSetup(None, fonts.choose(faces("office", "fandol", "noto")))
    assert all(c.real for c in setup.choices) and setup.note == ""
    assert {c.wanted: c.face.family for c in setup.choices}["楷体_GB2312"] == "KaiTi"
    text = fonts.config_text("/etc/fonts/fonts.conf", [], setup.choices)
    assert "<string>楷体_GB2312</string>" in text and "<string>KaiTi</string></edit>" in text
    assert "<string>仿宋_GB2312</string></test>" not in text  # found under its own name: left alone


def test_the_note_names_every_substitute_once() -> None:
    choices = fonts.choose(faces("office", "fandol")[:1] + faces("fandol"))
    note = fonts.FontSetup(None, choices).note
    assert "仿宋_GB2312" not in note
    assert note.startswith("未装公文字体，PDF 用了替代字体：方正小标宋简体→FandolSong，黑体→FandolHei，")
    assert "\n" not in note and note.endswith("装上公文字体后重新生成即可（duban doctor 查看本机情况）")


def test_the_config_includes_the_base_binds_every_name_and_rejects_other_regions() -> None:
    choices = fonts.choose(faces("noto", "arphic"))
    text = fonts.config_text("/home/clerk/my fonts.conf", [FANDOL], choices)
    assert '<include ignore_missing="yes">/home/clerk/my fonts.conf</include>' in text
    assert f"<dir>{FANDOL}</dir>" in text
    names = ("仿宋_GB2312", "仿宋", "FangSong", "方正小标宋简体", "黑体", "SimHei", "楷体", "KaiTi", "宋体", "SimSun")
    for name in names:
        assert f'<test name="family"><string>{name}</string></test>' in text, name
    assert '<edit name="family" mode="assign" binding="same"><string>Noto Serif CJK SC</string></edit>' in text
    assert "<int>200</int>" in text  # 小标宋: the bold Noto Serif
    assert "<string>Noto Sans CJK JP</string></patelt>" in text


def test_prepare_writes_the_config_over_the_users_fontconfig_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def fake_installed(config: Path) -> list[fonts.Face]:
        seen.append(config.read_text(encoding="utf-8"))
        return faces("fandol")

    monkeypatch.setattr(fonts, "installed", fake_installed)
    monkeypatch.setenv("FONTCONFIG_FILE", str(tmp_path / "mine.conf"))
    setup = fonts.prepare(tmp_path)
    assert setup.config is not None and f'<include ignore_missing="yes">{tmp_path / "mine.conf"}</include>' in (
        setup.config.read_text(encoding="utf-8")
    )
    assert str(tmp_path / "mine.conf") in seen[0]
    monkeypatch.setattr(fonts, "installed", lambda config: faces("japanese"))
    with pytest.raises(fonts.InputError, match="本机没有中文字体"):
        fonts.prepare(tmp_path)


def test_a_pdf_without_chinese_fonts_is_refused_and_nothing_written(office, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import refused

    monkeypatch.setattr(pdf, "office_program", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(fonts, "installed", lambda config: [])
    monkeypatch.setattr(pdf, "convert", lambda *a, **k: pytest.fail("converted"))
    case = office.new("加快推进城东片区老旧小区改造", "--lead-unit", "住建局")
    office("assign", case, "--days", "5")
    target = office.root / "out" / "通知.pdf"
    refused(office("render", "notice", case, "--format", "pdf", "-o", str(target), ok=False), "本机没有中文字体")
    assert not target.exists()


def test_the_note_is_said_once_on_stderr(office, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "office_program", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(fonts, "installed", lambda config: faces("fandol"))
    monkeypatch.setattr(pdf, "convert", lambda source, fmt, config=None: b"%PDF-1.4 fake")
    case = office.new("加快推进城东片区老旧小区改造", "--lead-unit", "住建局", "--lead-unit", "财政局")
    office("assign", case, "--days", "5")
    done = office("render", "notice", case, "--format", "pdf", "-o", str(office.root / "out" / "通知.pdf"))
    assert done.stdout.count("已生成") == 2
    notes = [line for line in done.stderr.splitlines() if line.startswith("未装公文字体")]
    assert notes == [fonts.FontSetup(None, fonts.choose(faces("fandol"))).note]


def run_doctor(monkeypatch: pytest.MonkeyPatch, programs: dict[str, str | None], listing: list[fonts.Face]):
    import shutil

    from duban.audit import git

    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: programs.get(name, real_which(name)))
    monkeypatch.setattr(pdf, "program_version", lambda program: "7.4.7.2")
    monkeypatch.setattr(git, "git_version", lambda: ("/usr/bin/git", "2.39.5") if programs.get("git") else None)
    monkeypatch.setattr(fonts, "installed", lambda config: listing)
    return CliRunner().invoke(app, ["doctor"])


EVERYTHING = {"git": "/usr/bin/git", "soffice": "/usr/bin/soffice", "chromium": "/usr/bin/chromium"}


def test_doctor_all_there_with_substitutes_is_a_warning(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no office here
    done = run_doctor(monkeypatch, EVERYTHING, faces("fandol", "noto"))
    assert done.exit_code == 0, done.output
    assert "✓ LibreOffice 7.4.7.2（/usr/bin/soffice）" in done.stdout
    assert "! 仿宋_GB2312 未装，PDF 用替代字体 FandolFang" in done.stdout
    assert "✓ pdf：可以，但未装公文字体" in done.stdout


def test_doctor_office_fonts_all_well(monkeypatch: pytest.MonkeyPatch) -> None:
    done = run_doctor(monkeypatch, EVERYTHING, faces("office"))
    assert done.exit_code == 0 and "✓ 方正小标宋简体：方正小标宋简体" in done.stdout and "!" not in done.stdout


def test_doctor_without_libreoffice_or_fonts_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    programs = {**EVERYTHING, "soffice": None, "libreoffice": None, "chromium": None, "chromium-browser": None,
                "google-chrome": None, "google-chrome-stable": None}  # fmt: skip
    done = run_doctor(monkeypatch, programs, faces("japanese"))
    assert done.exit_code == 1
    assert "✗ LibreOffice 未找到" in done.stdout and "- Chromium 未找到" in done.stdout
    assert "✗ pdf：缺 LibreOffice 和中文字体" in done.stdout and "✗ 导入 .doc/.wps 纪要" in done.stdout
    assert "apt-get install libreoffice-writer-nogui" in done.stderr and "texlive-lang-chinese" in done.stderr
    assert "chromium" not in done.stderr  # optional


def test_doctor_without_git_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    done = run_doctor(monkeypatch, {**EVERYTHING, "git": None}, faces("fandol"))
    assert done.exit_code == 1 and "apt-get install git" in done.stderr


def test_the_line_names_what_the_pdf_embeds() -> None:
    setup = fonts.FontSetup(None, fonts.choose(faces("noto", "arphic")))
    pdf = b"<</Type/Font/BaseFont/BAAAAA+NotoSerifCJKjp-Regular-VKana>> /BaseFont /CAAAAA+NotoSansCJKjp-Regular"
    embedded = fonts.embedded(pdf)
    assert embedded == {"NotoSerifCJKjp-Regular-VKana", "NotoSansCJKjp-Regular"}
    note = setup.note_for(embedded)  # the SC faces' collection, named by its shared (JP) CFF
    assert "仿宋_GB2312→Noto Serif CJK SC，" in note and "黑体→Noto Sans CJK SC，" in note
    assert "宋体→Noto Serif CJK SC" in note and "楷体" not in note and "Bold" not in note
    assert "其他字符→DejaVuSans" in setup.note_for({"FandolFang-Regular", "DejaVuSans"})
    own = fonts.FontSetup(None, fonts.choose(faces("office")))
    assert own.note_for({"FangSong_GB2312"}) == ""
    assert own.note_for({"FangSong_GB2312", "DejaVuSans"}) == "公文字体缺少个别字符，PDF 用了：其他字符→DejaVuSans"
    assert fonts.embedded(b"%PDF-1.7 compressed") is None


def test_the_clerks_own_font_folder_is_named_by_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Licensed 公文 fonts copied to ~/.local/share/fonts: LibreOffice, which converts with a scratch
    HOME, still finds them, because the config names the folder by its path."""
    home = tmp_path / "home"
    (home / ".local" / "share" / "fonts").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setattr(fonts, "installed", lambda config: faces("fandol"))
    setup = fonts.prepare(tmp_path)
    assert setup.config is not None
    assert f"<dir>{home / '.local' / 'share' / 'fonts'}</dir>" in setup.config.read_text(encoding="utf-8")
