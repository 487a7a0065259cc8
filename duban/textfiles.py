"""Text files as offices send them: UTF-8 with or without BOM, or GBK."""

from __future__ import annotations

from duban.errors import InputError


def decode_text(raw: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{name} 的编码无法识别，请另存为 UTF-8")
