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


def docx_to_pdf(parts: list[Block], path: Path, layout: str) -> None:
    """Lay the blocks out as Word, convert with LibreOffice, and move the PDF into place whole."""
    from duban.render.word import to_docx

    program = office_program()
    if program is None:
        raise InputError(
            "生成 PDF 需要 LibreOffice：请安装（Debian/Ubuntu：apt-get install libreoffice-writer-nogui），"
            "或改用 --format docx"
        )
    with tempfile.TemporaryDirectory(prefix="duban-pdf-") as scratch:
        work = Path(scratch)
        source = work / "文书.docx"
        to_docx(parts, source, layout)
        # A profile of its own: a LibreOffice the clerk has open does not block the conversion.
        profile = (work / "profile").as_uri()
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                   "--outdir", str(work), str(source)]  # fmt: skip
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=CONVERT_SECONDS, env={**os.environ, "HOME": scratch}
            )
        except subprocess.TimeoutExpired:
            raise InputError(f"LibreOffice 转换 PDF 超过 {CONVERT_SECONDS} 秒没有完成，请改用 --format docx") from None
        made = work / "文书.pdf"
        if done.returncode != 0 or not made.exists():
            raise InputError("LibreOffice 没能把文书转换成 PDF，请改用 --format docx 后手工转换")
        from duban import atomic

        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(path, made.read_bytes())
