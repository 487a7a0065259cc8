"""duban bulletin --from D --to D: 督查通报."""

from __future__ import annotations

from pathlib import Path

import typer

from duban.cli import completion
from duban.cli.root import app, choice, date_option, session
from duban.errors import InputError
from duban.render.templates import FORMATS
from duban.usecases import documents


@app.command("bulletin", epilog="例：duban bulletin --from 2026-09-01 --to 2026-09-30 --format docx")
def bulletin_command(
    ctx: typer.Context,
    start: str = typer.Option(..., "--from", metavar="日期", help="通报期间的第一天。"),
    end: str = typer.Option(..., "--to", metavar="日期", help="通报期间的最后一天。"),
    issue: int | None = typer.Option(
        None, "--issue", metavar="N", help="期号（第N期）；默认为本年已登记通报的下一期。"
    ),
    record: bool = typer.Option(
        False,
        "--record",
        help="登记这期通报：点名事项记入“通报”和整改时限，期号记入 bulletins.yaml，一次提交。",
    ),
    offline: bool = typer.Option(
        False,
        "--offline",
        help="与 --record 同用：连不上共享仓库时按本机记录登记，通报上注明数据截至哪天、未同步。",
    ),
    kind: str | None = typer.Option(
        None,
        "--source-kind",
        metavar="来源类别",
        autocompletion=completion.source_kinds(),
        help="只通报这一来源类别的事项；人大建议、政协提案另有答复、测评、重新办理一节。",
    ),
    proposal_session: str | None = typer.Option(
        None, "--session", metavar="届次", help="与 --source-kind 同用：只通报这一届次会议的建议、提案。"
    ),
    fmt: str = typer.Option(
        "md", "--format", "-f", metavar="格式", help="md、html、docx 或 pdf（需安装 LibreOffice）。"
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", metavar="路径", help="输出文件；默认在 out/ 下；- 表示输出到屏幕。"
    ),
) -> None:
    """督查通报：一个时期的交办、按期办结、超期办结、逾期未办结，表扬按期单位，点名通报逾期事项。"""
    fmt = choice(fmt, FORMATS, "--format")
    if record and kind:
        # Recorded issues are numbered by period: a bulletin of one source kind would take the number
        # of the whole office's bulletin of the same period.
        raise InputError(
            "只通报一个来源类别的通报不登记期号：去掉 --record 生成这份通报，或去掉 --source-kind 登记全部事项的通报"
        )
    if proposal_session and not kind:
        raise InputError("--session 须与 --source-kind 人大建议 或 政协提案 同用")
    bulletin = documents.render_bulletin(
        session(ctx),
        date_option(ctx, start, "--from 的日期"),
        date_option(ctx, end, "--to 的日期"),
        issue,
        fmt,
        output,
        record,
        offline,
        kind or None,
        proposal_session,
    )
    rendered = bulletin.rendered
    if rendered.path == "-":
        typer.echo(rendered.text, nl=False)
    else:
        typer.echo(f"已生成 {rendered.path}")
    if rendered.fonts:
        typer.echo(rendered.fonts, err=True)
    if bulletin.recorded:
        named = "、".join(bulletin.named) or "无"
        typer.echo(f"已登记第{bulletin.issue}期通报；点名的事项（须限期整改）：{named}", err=rendered.path == "-")
