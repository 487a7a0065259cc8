"""Text files as offices send them: UTF-8 with or without BOM, GBK, or UTF-16 with a BOM (what
Excel writes as "Unicode text")."""

from __future__ import annotations

import os

from duban.errors import InputError


def decode_text(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{name} 的 UTF-16 编码有误，请另存为 UTF-8") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{name} 的编码无法识别，请另存为 UTF-8")


TEXT_FILE_LIMIT = 1 << 20  # a report or a unit directory: 1 MB is fifty times the longest report
IMPORT_FILE_LIMIT = 64 << 20  # minutes or a task table as Word or Excel, pictures included


def read_capped(path: str | os.PathLike[str], limit: int) -> bytes:
    """A file named by an option, read up to limit bytes: /dev/zero, /dev/full or a file that grows
    forever are refused once the cap is reached, instead of read until memory runs out."""
    with open(path, "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"{os.fspath(path)} 超过 {limit >> 20} MB（只读到这里为止），不像是要读的文件，请检查路径")
    return data
