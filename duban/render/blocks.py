"""Rendered Markdown read back as the blocks of an official document (masthead, title, table, ...)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # masthead, header, title, addressee, heading, subheading, paragraph, table, signature
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


def blocks(markdown: str) -> list[Block]:
    """Read rendered Markdown back as the blocks of an official document."""
    out: list[Block] = []
    lines = markdown.splitlines()
    seen_title = False
    signature = False
    table: list[tuple[str, ...]] = []
    paragraph: list[str] = []

    def flush() -> None:
        nonlocal table, paragraph
        if table:
            out.append(Block("table", rows=tuple(table)))
            table = []
        if paragraph:
            text = "".join(paragraph)
            if signature:
                kind = "signature"
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
            cells = tuple(c.strip() for c in line.strip("|").split("|"))
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
        heading = re.match(r"^(#{1,4})\s+(.*)$", line)
        if heading:
            flush()
            level, text = len(heading.group(1)), heading.group(2).strip()
            kind = {1: "masthead", 2: "title", 3: "heading", 4: "subheading"}[level]
            if kind == "title":
                seen_title = True
            out.append(Block(kind, text))
            continue
        if signature or not seen_title:
            # Header and signature lines stand each on its own.
            paragraph.append(line)
            flush()
            continue
        paragraph.append(line)
    flush()
    return out
