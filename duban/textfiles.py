"""Text files as offices send them: UTF-8 with or without BOM, GBK, or UTF-16 with a BOM (what
Excel writes as "Unicode text")."""

from __future__ import annotations

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
