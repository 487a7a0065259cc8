"""Documents as print-ready HTML pages, and the dashboard: every user text escaped."""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from duban.render.blocks import Block
from duban.render.geometry import MARGINS_MM, PAGE_MM
from duban.render.templates import render_text

# Each kind of block as an HTML element and its class in page.html.j2's style sheet.
_HTML_TAGS = {
    "masthead": ("h1", "masthead"),
    "header": ("p", "header"),
    "title": ("h2", "title"),
    "addressee": ("p", "addressee"),
    "heading": ("h3", "heading"),
    "subheading": ("h4", "subheading"),
    "signature": ("p", "signature"),
    "paragraph": ("p", "body"),
}


def to_html(office_root: Path | None, title: str, parts: list[Block]) -> str:
    """A print-ready page: the layout shell is itself a template the office may override."""
    body = []
    ruled = False
    for block in parts:
        if block.kind == "title" and not ruled:
            body.append('<hr class="red-rule">')
            ruled = True
        if block.kind == "table":
            rows = []
            for index, row in enumerate(block.rows):
                tag = "th" if index == 0 else "td"
                rows.append("<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in row) + "</tr>")
            body.append('<table class="data">' + "".join(rows) + "</table>")
        else:
            tag, css = _HTML_TAGS.get(block.kind, ("p", "body"))
            body.append(f'<{tag} class="{css}">{html.escape(block.text)}</{tag}>')
    context = {
        "标题": title,
        "正文": "\n".join(body),
        "页面": {"宽": PAGE_MM[0], "高": PAGE_MM[1], **{k: v for k, v in MARGINS_MM.items()}},
    }
    from markupsafe import Markup

    context["正文"] = Markup(context["正文"])
    return _render_page(office_root, context)


def _render_page(office_root: Path | None, context: Mapping[str, Any]) -> str:
    return render_text(office_root, "page", context, autoescape=True)


def on_time_chart(rows: list[dict[str, Any]]) -> str:
    """A horizontal bar chart of each unit's on-time rate, as inline SVG (no scripts, no network)."""
    shown = [r for r in rows if r["按期率"] is not None]
    shown.sort(key=lambda r: (-r["按期率"], r["单位"]))
    bar_left, bar_width, row_height = 190, 360, 26
    height = max(row_height * len(shown) + 10, 40)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{bar_left + bar_width + 70}" height="{height}" '
        f'role="img" aria-label="各单位按期办结率">'
    ]
    if not shown:
        parts.append('<text x="0" y="24" font-size="14">本年度还没有到期或办结的事项</text>')
    for index, row in enumerate(shown):
        y = 5 + index * row_height
        rate = float(row["按期率"])
        colour = "#2e7d32" if rate >= 0.9 else "#f9a825" if rate >= 0.6 else "#c62828"
        parts.append(
            f'<text x="{bar_left - 8}" y="{y + 17}" text-anchor="end" font-size="14">{html.escape(row["单位"])}</text>'
            f'<rect x="{bar_left}" y="{y + 4}" width="{bar_width}" height="16" fill="#eeeeee"/>'
            f'<rect class="bar" x="{bar_left}" y="{y + 4}" width="{round(bar_width * rate, 1)}" height="16" '
            f'fill="{colour}">'
            f"<title>{html.escape(row['单位'])} {rate * 100:.1f}%</title></rect>"
            f'<text x="{bar_left + bar_width + 6}" y="{y + 17}" font-size="14">{rate * 100:.1f}%</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def render_dashboard(office_root: Path | None, context: Mapping[str, Any]) -> str:
    from markupsafe import Markup

    data = dict(context)
    data["按期率图"] = Markup(data["按期率图"])  # built here, with every text escaped
    return render_text(office_root, "dashboard", data, autoescape=True)
