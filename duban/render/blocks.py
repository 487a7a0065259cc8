"""Rendered Markdown read back as the blocks of an official document (masthead, title, table, ...).

User text is data, never structure: every value a Markdown template prints passes through
md_escape (the template environment's finalize), so that a title of "---" or "# 机关" or a report
with a "| 单位 |" line stays text; blocks() takes the escapes away again.

Two kinds of table: one whose first row is followed by a |---| line has a header row (repeated
on every page); one without is a form (the 政务督办报告): a cell of only "<" joins the cell to
its left, and "{高=90}" after a row's last pipe makes that row 90 mm high (a box to write in), "{高=余}" as high
as the rest of the first page.

A letter with its 附件 in the same document (the 答复函 and its 征询意见表): a line of only "附件"
after the signature starts the attachment on a page of its own (an "appendix" block), whose lines
read as body again, until the 版记's "===". A line in full-width parentheses after the signature is
the 附注 (GB/T 9704 7.3.6: 联系人, 电话), and a header line of **A** is a bold mark in the 版头 (the
answer class at the top right of a 答复函's first page)."""

from __future__ import annotations

import re

from duban.records import NamedTuple

# What would turn a line into structure, for blocks() or for any Markdown reader of the .md output:
# a heading's #, the signature rule ---, the 版记 rule ===, a list's - + * or 1. / 1) (a number's
# mark only before a space: 33.3% is a number), a quote's >, a setext underline's = or -, a fence's
# ` or ~, a form's < or {, and the 附件说明's 附件 (a paragraph a user begins with 附件： is not the
# document's attachment note).
_LINE_START = re.compile(r"^(\s*)([#<{\-+*=>`~_]|附件)|^(\s*\d+)([.)])(?=\s|$)")
# A form row's height, after its last pipe: | 办理情况 | | < | < | {高=90}
_ROW_HEIGHT = re.compile(r"\|\s*\{高=(\d+(?:\.\d+)?|余)\}\s*$")
JOINED = "\x00"  # a form cell that joins the cell to its left (a template's bare "<")
# The 附件 mark at the top left of an attachment (GB/T 9704 7.3.7): 附件, 附件2
_ATTACHMENT = re.compile(r"^附件\d*$")
# The 附件说明 below the body (GB/T 9704 7.3.4): 附件：政务督办报告
_ANNEX = re.compile(r"^附件\d*[：:]")
# A bold mark among the header lines: **A** (the 答复类别)
_MARK = re.compile(r"^\*\*(.+)\*\*$")


# What XML 1.0 cannot hold (C0 controls but tab and line breaks, lone surrogates, U+FFFE and U+FFFF):
# lxml refuses it with "All strings must be XML compatible", so a Word or Excel file leaves it out.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text) if not text.isprintable() else text


def md_escape(value: object) -> object:
    """A value as a Markdown template prints it: text on one line, backslashes and pipes escaped,
    and a start that would make a heading or the signature rule escaped too."""
    if not isinstance(value, str):
        return value
    text = " ".join(value.replace("\r", "\n").split("\n"))
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return _LINE_START.sub(_escape_start, text, count=1)


def _escape_start(match: re.Match[str]) -> str:
    if match.group(3) is not None:  # 1. or 1): the number stays, its mark is escaped (1\.)
        return match.group(3) + "\\" + match.group(4)
    return match.group(1) + "\\" + match.group(2)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _cells(line: str) -> tuple[str, ...]:
    """A table row split on the pipes the template wrote, not on escaped ones from user text. A
    cell of only an unescaped "<" (a form's joined cell) is JOINED; user text "<" came escaped."""
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
    # Only a half-width space is the table's: the template's full-width spaces (U+3000, which
    # str.strip takes too) are room to write in (报送日期：　　年　月　日).
    return tuple(JOINED if c.strip() == "<" else _unescape(c.strip(" \t")) for c in cells)


class Block(NamedTuple):
    # urgency, attachment (附件 mark), masthead, header, mark (a bold header line), title, addressee,
    # heading, subheading, paragraph, annex (附件说明), table, form, signature, note (附注),
    # appendix (an attachment's 附件 mark after the signature: a new page), colophon (版记: one block a line)
    kind: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    heights: tuple[float, ...] = ()  # a form's row heights in mm, 0 where the content decides


def spans(row: tuple[str, ...]) -> list[tuple[int, str, int]]:
    """A form row's cells as (first column, text, columns spanned): JOINED cells widen the cell
    to their left."""
    out: list[tuple[int, str, int]] = []
    for column, text in enumerate(row):
        if text == JOINED and out:
            start, first, width = out[-1]
            out[-1] = (start, first, width + 1)
        else:
            out.append((column, "" if text == JOINED else text, 1))
    return out


def blocks(markdown: str) -> list[Block]:
    """Read rendered Markdown back as the blocks of an official document."""
    out: list[Block] = []
    lines = markdown.splitlines()
    seen_title = False
    seen_masthead = False
    signature = False
    appended = False  # after the signature, an attachment: its lines read as body again
    colophon = False
    table: list[tuple[str, ...]] = []
    heights: list[float] = []
    headed = False  # the table's first row is followed by a |---| line
    paragraph: list[str] = []

    def flush() -> None:
        nonlocal table, paragraph, heights, headed
        if table:
            if headed:
                out.append(Block("table", rows=tuple(table)))
            else:
                out.append(Block("form", rows=tuple(table), heights=tuple(heights)))
            table, heights, headed = [], [], False
        if paragraph:
            raw = "".join(paragraph)  # still escaped: a user's 附件： reads \附件：, the template's 附件：
            text = _unescape(raw)
            mark = _MARK.match(raw)
            if colophon:
                kind = "colophon"
            elif signature and not appended:
                kind = "note" if raw.startswith("（") and raw.endswith("）") else "signature"
            elif not seen_masthead and not seen_title:
                kind = "urgency"
            elif not seen_title and mark:
                kind, text = "mark", _unescape(mark.group(1))
            elif not seen_title:
                kind = "header"
            elif text.endswith("：") and not any(b.kind in ("addressee", "paragraph") for b in out):
                kind = "addressee"
            elif _ANNEX.match(raw):
                kind = "annex"
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
            height = _ROW_HEIGHT.search(line)
            if height:
                line = line[: height.start()] + "|"
            cells = _cells(line)
            if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                headed = headed or len(table) == 1
                continue
            table.append(cells)
            # {高=余}: as high as the rest of the first page (geometry.fill_rest), marked -1 here
            heights.append((-1.0 if height.group(1) == "余" else float(height.group(1))) if height else 0.0)
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
        if signature and not appended and not colophon and _ATTACHMENT.match(line):
            flush()
            appended = True
            out.append(Block("appendix", line))
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
        if (signature and not appended) or colophon or not seen_title:
            # Header and signature lines stand each on its own.
            paragraph.append(line)
            flush()
            continue
        paragraph.append(line)
    flush()
    if not seen_masthead:  # no masthead: the lines before the title are ordinary header lines
        out = [Block("header", b.text) if b.kind == "urgency" else b for b in out]
    first = next((i for i, b in enumerate(out) if b.kind in ("urgency", "header")), None)
    if first is not None and _ATTACHMENT.match(out[first].text) and first < len(out) - 1:
        out[first] = Block("attachment", out[first].text)
    return out


class Head(NamedTuple):
    """A document's 版头 blocks apart from the rest: what both layouts (Word, HTML) place first."""

    urgency: list[Block]  # and the 附件 mark
    masthead: Block | None
    headers: list[Block]  # the lines before the title: 文号, 期号, office and date, a mark
    rest: list[Block]


def split_head(parts: list[Block]) -> Head:
    title_at = next((i for i, b in enumerate(parts) if b.kind == "title"), len(parts))
    return Head(
        [b for b in parts if b.kind in ("urgency", "attachment")],
        next((b for b in parts if b.kind == "masthead"), None),
        [b for b in parts[:title_at] if b.kind in ("header", "mark")],
        [b for b in parts if b.kind not in ("urgency", "attachment", "masthead", "header", "mark")],
    )


def split_appendix(parts: list[Block]) -> tuple[list[Block], list[Block], list[Block]]:
    """The document (to its signature and 附注), the attachment after it (from its appendix block),
    and the 版记 that comes last."""
    at = next((i for i, b in enumerate(parts) if b.kind == "appendix"), len(parts))
    colophon = [b for b in parts if b.kind == "colophon"]
    return (
        [b for b in parts[:at] if b.kind != "colophon"],
        [b for b in parts[at:] if b.kind != "colophon"],
        colophon,
    )


def with_attachment(markdown: str, attachment: str) -> str:
    """A document's Markdown with an attachment (Markdown opening with its 附件 mark) after the
    signature and 附注, before the 版记 (GB/T 9704 7.3.7 and 7.4: 附件 before 版记)."""
    lines = markdown.rstrip("\n").split("\n")
    signed = next((i for i, line in enumerate(lines) if line.strip() == "---"), None)
    at = len(lines)
    if signed is not None:
        at = next((i for i in range(signed + 1, len(lines)) if lines[i].strip() == "==="), len(lines))
    head = lines[:at]
    while head and not head[-1].strip():
        head.pop()
    return "\n".join([*head, "", attachment.strip("\n"), "", *lines[at:]]) + "\n"


def closing_index(parts: list[Block]) -> int:
    """The last paragraph or table: kept on one page with the signature that follows it."""
    return max((i for i, b in enumerate(parts) if b.kind in ("paragraph", "annex", "table", "form")), default=-1)
