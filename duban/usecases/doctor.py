"""duban doctor: what this machine has and lacks for each output (md, html, docx, pdf, xlsx) and for
the import of .doc/.wps minutes: git, LibreOffice, Chromium (optional), the 公文 fonts or the
substitutes a PDF would be set in. Needs no office repository."""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

from duban.errors import InputError
from duban.records import NamedTuple
from duban.render.fonts import Choice


class Program(NamedTuple):
    """A program duban runs: where it is and its version ("" path: not found)."""

    name: str
    path: str
    version: str
    used_for: str
    package: str  # the Debian package that brings it
    required: bool  # False: optional (Chromium)


class Output(NamedTuple):
    """One output, whether it works on this machine, and what to know about it."""

    name: str
    works: bool
    detail: str


class Findings(NamedTuple):
    programs: tuple[Program, ...]
    fonts: tuple[Choice, ...]  # each 公文 font's face; empty: no Chinese face
    fonts_problem: str  # why the fonts could not be looked at ("" when they could)
    outputs: tuple[Output, ...]
    missing: tuple[str, ...]  # what to install, one line each

    @property
    def works(self) -> bool:
        return not self.missing


LIBRARIES = (("docx", "python-docx"), ("openpyxl", "openpyxl"), ("jinja2", "Jinja2"))


def examine() -> Findings:
    from duban.audit.git import git_version
    from duban.render import fonts, pdf

    git = git_version()
    office = pdf.office_program()
    chromium = pdf.chromium_program()
    programs = (
        Program("git", *(git or ("", "")), "督办仓库的每一次记录、同步", "git", True),
        Program(
            "LibreOffice",
            office or "",
            pdf.program_version(office) if office else "",
            "PDF 输出，导入 .doc/.wps 纪要",
            "libreoffice-writer-nogui",
            True,
        ),
        Program(
            "Chromium",
            chromium or "",
            pdf.program_version(chromium) if chromium else "",
            "可选：无头打印 HTML 成 PDF",
            "chromium",
            False,
        ),
    )
    fonts_problem = ""
    choices: tuple[Choice, ...] = ()
    with tempfile.TemporaryDirectory(prefix="duban-doctor-") as scratch:
        try:
            choices = fonts.survey(Path(scratch))
        except InputError as error:
            fonts_problem = str(error)
    if not fonts_problem and not choices:
        fonts_problem = fonts.NO_FONTS
    missing = [f"{p.name}（{p.used_for}）：apt-get install {p.package}" for p in programs if p.required and not p.path]
    if fonts_problem:
        missing.append(fonts_problem)
    libraries = {module: importlib.util.find_spec(module) is not None for module, _ in LIBRARIES}
    pip = f"{sys.executable} -m pip install"
    missing += [f"Python 库 {name}：{pip} {name}" for module, name in LIBRARIES if not libraries[module]]
    substituted = [c for c in choices if not c.real]
    if fonts_problem:
        pdf_detail = "缺中文字体" if office else "缺 LibreOffice 和中文字体"
    elif not office:
        pdf_detail = "缺 LibreOffice"
    elif substituted:
        pdf_detail = "可以，但未装公文字体，用替代字体（见上）"
    else:
        pdf_detail = "可以，用公文字体"
    outputs = (
        Output("md", True, "可以"),
        Output(
            "html",
            libraries["jinja2"],
            "可以；用浏览器打开后打印"
            + (f"，或用 Chromium 无头打印（{chromium}）" if chromium else "（无头打印需 Chromium，可选）"),
        ),
        Output("docx", libraries["docx"], "可以；在装有公文字体的电脑上用 WPS 或 Word 打开、打印"),
        Output("pdf", bool(office) and not fonts_problem, pdf_detail),
        Output("xlsx", libraries["openpyxl"], "可以" if libraries["openpyxl"] else "缺 openpyxl"),
        Output("导入 .doc/.wps 纪要", bool(office), "可以" if office else "缺 LibreOffice（.docx 和 .txt 纪要不需要）"),
    )
    return Findings(programs, choices, fonts_problem, outputs, tuple(missing))
