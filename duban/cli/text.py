"""Text in one-line outputs (plain, TSV): a line break or tab inside a title must not split a row."""

from __future__ import annotations

_ESCAPES = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


def one_line(text: str) -> str:
    """The text with line breaks and tabs shown as \\n, \\r and \\t."""
    if text.isprintable():  # nearly every cell, checked in C without building a new string
        return text
    return text.translate(_ESCAPES)
