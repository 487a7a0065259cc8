"""Text in one-line outputs (plain, TSV, log): a line break or tab inside a title must not split a
row, and what a terminal would obey (U+009B is its CSI) or a line splitter would break on (U+2028,
U+0085) is shown as an escape: a hand-edited file or a git commit can hold anything."""

from __future__ import annotations

import re

_ESCAPES = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})
# C0 and C1 controls, DEL, line and paragraph separators, lone surrogates, noncharacters.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(p + 0xFFFE)}{chr(p + 0xFFFF)}" for p in range(0, 0x110000, 0x10000))
    + "]"
)


def one_line(text: str) -> str:
    """The text with line breaks and tabs shown as \\n, \\r and \\t, other controls, separators and
    noncharacters as \\uXXXX."""
    if text.isprintable():  # nearly every cell, checked in C without building a new string
        return text
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text.translate(_ESCAPES))
