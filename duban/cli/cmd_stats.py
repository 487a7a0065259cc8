"""duban stats: the per-unit assessment table (目标考核), and a session's suggestions or proposals."""

from __future__ import annotations

from typing import Any

import typer

from duban.cli import completion
from duban.cli.root import app, console, date_option, print_json, session, stdout_is_terminal
from duban.cli.text import one_line
from duban.cli.views import Column, fitted_tables, print_tables
from duban.model import PROPOSAL_KINDS, SATISFACTION
from duban.usecases import figures


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _classes(counts: dict[str, int]) -> str:
    return "，".join(f"{mark}类{count}件" for mark, count in counts.items())


def summary_lines(data: dict[str, Any]) -> list[str]:
    """建议提案 in a few sentences, as the office reads them."""
    rated = data["测评"]
    head = f"{data['届次']}" if data["届次"] else ""
    return [
        f"{head}{data['来源类别']}共 {data['件数']} 件；已答复 {data['已答复']} 件（按期 {data['按期答复']} 件，"
        f"超期 {data['超期答复']} 件），未答复 {data['未答复']} 件（其中逾期 {data['逾期未答复']} 件）。",
        f"答复类别：{_classes(data['答复类别'])}。",
        f"测评 {data['已测评']} 件："
        + "，".join(f"{k} {rated[k]} 件" for k in SATISFACTION)
        + f"；满意率 {data['满意率文字']}；已答复未测评 {data['未测评']} 件。",
        f"重新办理 {data['重新办理']} 件（仍在办理 {data['重新办理中']} 件）；"
        f"退办 {data['退办']} 次（逾期 {data['逾期退办']} 次）；延期 {data['延期']} 件；"
        f"协办意见逾期 {data['协办意见逾期']} 个。",
    ]


def stacked(header: str) -> str | None:
    """A header of four or more characters on lines of two, the last of three: 逾期 / 未办结."""
    if len(header) <= 3:
        return None
    lines = [header[i : i + 2] for i in range(0, len(header), 2)]
    if len(lines[-1]) == 1:
        lines[-2:] = [lines[-2] + lines[-1]]
    return "\n".join(lines)


UNIT_COLUMNS = (
    "主办",
    "已答复",
    "按期答复",
    "满意",
    "基本满意",
    "不满意",
    "重新办理",
    "退办",
    "逾期退办",
    "协办",
    "协办意见逾期",
)


@app.command("stats", epilog="例：duban stats --from 2026-01-01 --to 2026-09-30")
def stats_command(
    ctx: typer.Context,
    start: str | None = typer.Option(None, "--from", metavar="日期", help="统计期间的第一天；默认不限。"),
    end: str | None = typer.Option(None, "--to", metavar="日期", help="统计期间的最后一天；默认今天。"),
    unit: str | None = typer.Option(
        None, "--unit", metavar="单位", autocompletion=completion.units, help="只看这个单位。"
    ),
    kind: str | None = typer.Option(
        None,
        "--source-kind",
        metavar="来源类别",
        autocompletion=completion.source_kinds(),
        help="只算这一来源类别的事项；人大建议、政协提案另有答复、测评等汇总。",
    ),
    proposal_session: str | None = typer.Option(
        None, "--session", metavar="届次", help="与 --source-kind 同用：只算这一届次会议的建议、提案。"
    ),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出。"),
) -> None:
    """考核统计：每个单位作为主办单位的交办、办结、按期、超期、逾期、催办、退回、延期、按期率和得分。
    --source-kind 人大建议|政协提案 另列期间内立项的建议、提案的答复、答复类别、测评、重新办理、退办等。"""
    from duban.usecases.documents import check_kind

    current = session(ctx)
    check_kind(kind, proposal_session)
    first = date_option(ctx, start, "--from 的日期") if start else None
    last = date_option(ctx, end, "--to 的日期") if end else None
    rows = figures.stats(current, first, last, unit, kind or None, proposal_session)
    summary = figures.proposal_summary(current, kind, proposal_session, first, last) if kind in PROPOSAL_KINDS else None
    if as_json:
        print_json(rows if summary is None else {"考核": rows, "建议提案": summary})
        return
    headers = [h for h in rows[0] if h not in ("催办方式", "督查方式")] if rows else list(figures.STATS_KEYS)
    if not stdout_is_terminal():
        typer.echo("\t".join(headers))
        for row in rows:
            typer.echo("\t".join(_rate(row[h]) if h == "按期率" else one_line(str(row[h])) for h in headers))
        if summary is not None:
            typer.echo("")
            for line in summary_lines(summary):
                typer.echo(line)
        return
    from rich.markup import escape

    out = console()
    config = current.office.config

    def unit_column(names: list[str]) -> Column:
        return Column("单位", names, short=[config.short_name(n) for n in names], key=True, give_way=1)

    def number(header: str, cells: list[str]) -> Column:
        # Narrow: headers of four or more characters go on lines of two (逾期 / 未办结, 协办 / 意见 / 逾期),
        # numbers never wrap.
        return Column(header, cells, short_header=stacked(header), give_way=2, justify="right")

    columns = [unit_column([row["单位"] for row in rows])]
    columns += [number(h, [_rate(row[h]) if h == "按期率" else str(row[h]) for row in rows]) for h in headers[1:]]
    print_tables(out, fitted_tables("各单位督办考核", columns, [None] * len(rows), out.width))
    if summary is None:
        return
    out.print()
    title = f"{summary['届次'] or ''}{summary['来源类别']}办理情况"
    out.print(f"[bold]{escape(title)}[/bold]")
    for line in summary_lines(summary):
        out.print(escape(line))
    marks = list(summary["答复类别"])
    if summary["单位"]:
        found = summary["单位"]
        columns = [unit_column([row["单位"] for row in found])]
        columns += [number(h, [str(row[h]) for row in found]) for h in UNIT_COLUMNS[:3]]
        columns += [number(f"{m}类", [str(row["答复类别"][m]) for row in found]) for m in marks]
        columns += [number(h, [str(row[h]) for row in found]) for h in UNIT_COLUMNS[3:]]
        print_tables(out, fitted_tables("各承办单位", columns, [None] * len(found), out.width))
    if summary["代表"]:
        deputies = summary["代表"]
        columns = [Column("领衔", [row["领衔"] for row in deputies], key=True)]
        columns += [number(h, [str(row[h]) for row in deputies]) for h in ("件数", "已答复")]
        columns += [number(f"{m}类", [str(row["答复类别"][m]) for row in deputies]) for m in marks]
        columns += [number(k, [str(row[k]) for row in deputies]) for k in SATISFACTION]
        print_tables(out, fitted_tables("领衔代表（委员）", columns, [None] * len(deputies), out.width))
