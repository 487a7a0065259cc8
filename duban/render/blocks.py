"""Rendered Markdown read back as the blocks of an official document (masthead, title, table, ...).

User text is data, never structure: every value a Markdown template prints passes through
md_escape (the template environment's finalize), so that a title of "---" or "# 机关" or a report
with a "| 单位 |" line stays text; blocks() takes the escapes away again."""

from __future__ import annotations

import re
from typing import NamedTuple

# What would turn a line into structure for blocks(): a heading's #, the signature rule ---.
_LINE_START = re.compile(r"^(\s*)(#|-{3,}\s*$)")


def md_escape(value: object) -> object:
    """A value as a Markdown template prints it: text on one line, backslashes and pipes escaped,
    and a start that would make a heading or the signature rule escaped too."""
    if not isinstance(value, str):
        return value
    text = " ".join(value.replace("\r", "\n").split("\n"))
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _cells(line: str) -> tuple[str, ...]:
    """A table row split on the pipes the template wrote, not on escaped ones from user text."""
    cells, current, escaped = [], "", False
    for ch in line.strip()[1:]:
        if escaped:
            current += "\\" + ch
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "|":
            cells.append(current)
            current = ""
        else:
            current += ch
    if current.strip():
        cells.append(current)
    return tuple(_unescape(c.strip()) for c in cells)


class Block(NamedTuple):
    # urgency, masthead, header, title, addressee, heading, subheading, paragraph, table, signature,
    # colophon (版记: one block a line)
    kind: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


def blocks(markdown: str) -> list[Block]:
    """Read rendered Markdown back as the blocks of an official document."""
    out: list[Block] = []
    lines = markdown.splitlines()
    seen_title = False
    seen_masthead = False
    signature = False
    colophon = False
    table: list[tuple[str, ...]] = []
    paragraph: list[str] = []

    def flush() -> None:
        nonlocal table, paragraph
        if table:
            out.append(Block("table", rows=tuple(table)))
            table = []
        if paragraph:
            text = _unescape("".join(paragraph))
            if colophon:
                kind = "colophon"
            elif signature:
                kind = "signature"
            elif not seen_masthead and not seen_title:
                kind = "urgency"
            elif not seen_title:
                kind = "header"
            elif text.endswith("：") and not any(b.kind in ("addressee", "paragraph") for b in out):
                kind = "addressee"
            else:
                kind = "paragraph"
            out.append(Block(kind, text))
            paragraph = []

    for raw in lines:
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("|"):
            if paragraph:
                flush()
            cells = _cells(line)
            if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                continue
            table.append(cells)
            continue
        if table:
            flush()
        if line == "---":
            flush()
            signature = True
            continue
        if line == "===" and signature:
            flush()
            colophon = True
            continue
        heading = re.match(r"^(#{1,4})\s+(.*)$", line)
        if heading:
            flush()
            level, text = len(heading.group(1)), _unescape(heading.group(2).strip())
            kind = {1: "masthead", 2: "title", 3: "heading", 4: "subheading"}[level]
            if kind == "title":
                seen_title = True
            seen_masthead = seen_masthead or kind == "masthead"
            out.append(Block(kind, text))
            continue
        if signature or colophon or not seen_title:
            # Header and signature lines stand each on its own.
            paragraph.append(line)
            flush()
            continue
        paragraph.append(line)
    flush()
    if not seen_masthead:  # no masthead: the lines before the title are ordinary header lines
        out = [Block("header", b.text) if b.kind == "urgency" else b for b in out]
    return out


class Head(NamedTuple):
    """A document's 版头 blocks apart from the rest: what both layouts (Word, HTML) place first."""

    urgency: list[Block]
    masthead: Block | None
    headers: list[Block]  # the lines before the title: 文号, 期号, office and date
    rest: list[Block]


def split_head(parts: list[Block]) -> Head:
    title_at = next((i for i, b in enumerate(parts) if b.kind == "title"), len(parts))
    return Head(
        [b for b in parts if b.kind == "urgency"],
        next((b for b in parts if b.kind == "masthead"), None),
        [b for b in parts[:title_at] if b.kind == "header"],
        [b for b in parts if b.kind not in ("urgency", "masthead", "header")],
    )


def closing_index(parts: list[Block]) -> int:
    """The last paragraph or table: kept on one page with the signature that follows it."""
    return max((i for i, b in enumerate(parts) if b.kind in ("paragraph", "table")), default=-1)
