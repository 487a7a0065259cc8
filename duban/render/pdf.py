"""Documents as PDF: the Word file converted by LibreOffice (headless), where it is installed, under
the font configuration of render/fonts.py; the programs' versions for duban doctor."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from duban.errors import InputError
from duban.render.blocks import Block

CONVERT_SECONDS = 180
MISSING = (
    "生成 PDF 需要 LibreOffice：请安装（Debian/Ubuntu：apt-get install libreoffice-writer-nogui），或改用 --format docx"
)


def office_program() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def chromium_program() -> str | None:
    """A Chromium (or Chrome) to print the HTML headless: optional, duban itself never starts it."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def program_version(program: str) -> str:
    """What `program --version` says (LibreOffice, Chromium), its version number alone where it has
    one; empty when it says nothing in time."""
    import re

    with tempfile.TemporaryDirectory(prefix="duban-version-") as scratch:
        try:
            done = subprocess.run(
                [program, "--version"], capture_output=True, text=True, timeout=60, env={**os.environ, "HOME": scratch}
            )
        except (OSError, subprocess.TimeoutExpired):
            return ""
    found = re.search(r"\d+(?:\.\d+)+", done.stdout)
    return found.group(0) if found else done.stdout.strip()


class ConversionError(Exception):
    """LibreOffice is missing (reason "missing"), took too long ("timeout") or made nothing ("failed")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def convert(source: Path, fmt: str, fonts: Path | None = None) -> bytes:
    """The file converted by LibreOffice (headless) to fmt (pdf, docx): its bytes. A profile of its
    own, so that a LibreOffice the clerk has open does not block the conversion; fonts: the
    fontconfig file it runs under (render/fonts.py), else the machine's."""
    program = office_program()
    if program is None:
        raise ConversionError("missing")
    with tempfile.TemporaryDirectory(prefix="duban-lo-") as scratch:
        work = Path(scratch)
        profile = (work / "profile").as_uri()
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt,
                   "--outdir", str(work / "out"), str(source)]  # fmt: skip
        env = {**os.environ, "HOME": scratch}
        if fonts is not None:
            env["FONTCONFIG_FILE"] = str(fonts)
        try:
            done = subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, env=env)
        except subprocess.TimeoutExpired:
            raise ConversionError("timeout") from None
        made = work / "out" / f"{source.stem}.{fmt}"
        if done.returncode != 0 or not made.exists():
            raise ConversionError("failed")
        return made.read_bytes()


def docx_to_pdf(parts: list[Block], path: Path, layout: str) -> str:
    """Lay the blocks out as Word, convert with LibreOffice in the fonts chosen for this machine, and
    move the PDF into place whole: the note saying which fonts stood in for the 公文 fonts (empty
    when none did). Refused, with nothing written, without LibreOffice or any Chinese face."""
    from duban import atomic
    from duban.render import fonts
    from duban.render.word import to_docx

    if office_program() is None:
        raise InputError(MISSING)
    with tempfile.TemporaryDirectory(prefix="duban-pdf-") as scratch:
        setup = fonts.prepare(Path(scratch))
        source = Path(scratch) / "文书.docx"
        to_docx(parts, source, layout)
        try:
            made = convert(source, "pdf", setup.config)
        except ConversionError as error:
            raise InputError(
                {
                    "missing": MISSING,
                    "timeout": f"LibreOffice 转换 PDF 超过 {CONVERT_SECONDS} 秒没有完成，请改用 --format docx",
                }.get(error.reason, "LibreOffice 没能把文书转换成 PDF，请改用 --format docx 后手工转换")
            ) from None
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_bytes(path, made)
    return setup.note_for(fonts.embedded(made))
