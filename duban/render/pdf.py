"""Documents as PDF: the Word file converted by LibreOffice (headless), where it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from duban.errors import InputError
from duban.render.blocks import Block

CONVERT_SECONDS = 180


def office_program() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


class ConversionError(Exception):
    """LibreOffice is missing (reason "missing"), took too long ("timeout") or made nothing ("failed")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def convert(source: Path, fmt: str) -> bytes:
    """The file converted by LibreOffice (headless) to fmt (pdf, docx): its bytes. A profile of its
    own, so that a LibreOffice the clerk has open does not block the conversion."""
    program = office_program()
    if program is None:
        raise ConversionError("missing")
    with tempfile.TemporaryDirectory(prefix="duban-lo-") as scratch:
        work = Path(scratch)
        profile = (work / "profile").as_uri()
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt,
                   "--outdir", str(work / "out"), str(source)]  # fmt: skip
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=CONVERT_SECONDS, env={**os.environ, "HOME": scratch}
            )
        except subprocess.TimeoutExpired:
            raise ConversionError("timeout") from None
        made = work / "out" / f"{source.stem}.{fmt}"
        if done.returncode != 0 or not made.exists():
            raise ConversionError("failed")
        return made.read_bytes()


def docx_to_pdf(parts: list[Block], path: Path, layout: str) -> None:
    """Lay the blocks out as Word, convert with LibreOffice, and move the PDF into place whole."""
    from duban import atomic
    from duban.render.word import to_docx

    with tempfile.TemporaryDirectory(prefix="duban-pdf-") as scratch:
        source = Path(scratch) / "文书.docx"
        to_docx(parts, source, layout)
        try:
            made = convert(source, "pdf")
        except ConversionError as error:
            raise InputError(
                {
                    "missing": "生成 PDF 需要 LibreOffice：请安装（Debian/Ubuntu：apt-get install "
                    "libreoffice-writer-nogui），或改用 --format docx",
                    "timeout": f"LibreOffice 转换 PDF 超过 {CONVERT_SECONDS} 秒没有完成，请改用 --format docx",
                }.get(error.reason, "LibreOffice 没能把文书转换成 PDF，请改用 --format docx 后手工转换")
            ) from None
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_bytes(path, made)
