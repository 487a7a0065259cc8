"""duban new: register a case (立项)."""

from __future__ import annotations

from pathlib import Path

import typer

from duban import lifecycle
from duban.cli import completion
from duban.cli.root import app, choice, count, date_option, deadline_options, exclusive, session
from duban.errors import InputError
from duban.model import REPORT_CYCLES, SOURCE_KINDS, URGENCIES
from duban.textfiles import TEXT_FILE_LIMIT, decode_text, read_capped
from duban.usecases import registry


@app.command("new", epilog="例：duban new --title 老旧小区改造 --source-kind 会议议定 --lead-unit 住建局")
def new_command(
    ctx: typer.Context,
    title: str = typer.Option(..., "--title", metavar="标题", help="事项标题。"),
    source_kind: str = typer.Option(
        ...,
        "--source-kind",
        metavar="来源类别",
        autocompletion=completion.source_kinds(),
        help=completion.source_kinds_help(),
    ),
    source_ref: str = typer.Option("", "--source-ref", metavar="依据", help="来源依据，如 区政府第12次常务会议纪要。"),
    source_date: str | None = typer.Option(
        None, "--source-date", metavar="日期", help="来源日期（批示或会议的日期）。"
    ),
    leader: list[str] = typer.Option(
        [], "--leader", metavar="姓名", help="批示领导（几位领导批示的，按次序多次给出，或用顿号隔开）。"
    ),
    content: str = typer.Option("", "--content", metavar="内容", help="督办内容。"),
    content_file: Path | None = typer.Option(
        None, "--content-file", metavar="文件", help="从文件读取督办内容（UTF-8 或 GBK）。"
    ),
    lead_unit: list[str] = typer.Option(
        [], "--lead-unit", metavar="单位", autocompletion=completion.units, help="主办单位（全称或简称，可多次给出）。"
    ),
    co_unit: list[str] = typer.Option(
        [], "--co-unit", metavar="单位", autocompletion=completion.units, help="协办单位（可多次给出）。"
    ),
    deadline: str | None = typer.Option(None, "--deadline", metavar="日期", help="办理时限（具体日期）。"),
    days: int | None = typer.Option(
        None, "--days", metavar="N", help="办理时限为 N 个工作日（交办时从交办日次日起重新计算）。"
    ),
    urgency: str = typer.Option("一般", "--urgency", metavar="紧急程度", help="特急、紧急或一般。"),
    restricted_to: list[str] = typer.Option(
        [], "--restricted-to", metavar="姓名", help="知情范围：只有这些人能看到标题和内容（可多次给出）。"
    ),
    standing: bool = typer.Option(False, "--standing", help=lifecycle.STANDING_HELP + "。"),
    report_every: str = typer.Option(
        "无", "--report-every", metavar="周期", help="报告周期：无、每日、每周、每月、每季度。"
    ),
    parent: str | None = typer.Option(None, "--parent", metavar="编号", help="上级事项编号（分解立项）。"),
    session_name: str = typer.Option(
        "", "--session", metavar="届次", help="建议、提案所属会议，如 区十八届人大五次会议。"
    ),
    proposal_no: str = typer.Option(
        "", "--proposal-no", metavar="案号", help="建议、提案在会上的编号，如 第2026015号（督办编号另给）。"
    ),
    proposer: str = typer.Option("", "--proposer", metavar="姓名", help="领衔代表或提案人（委员、党派团体）。"),
    cosigner: list[str] = typer.Option([], "--cosigner", metavar="姓名", help="联名（附议）代表或委员，可多次给出。"),
) -> None:
    """立项：登记一个督办事项，打印新编号。"""
    current = session(ctx)
    exclusive({"--content": content, "--content-file": content_file})
    deadline_options(deadline, days, standing)
    if content_file is not None:
        try:
            content = decode_text(read_capped(content_file, TEXT_FILE_LIMIT), str(content_file))
        except FileNotFoundError:
            raise InputError(f"读不到督办内容文件 {content_file}，请检查路径") from None
    request = lifecycle.Registration(
        title=title,
        source_kind=choice(source_kind, SOURCE_KINDS, "--source-kind"),
        source_ref=source_ref,
        source_date=date_option(ctx, source_date, "--source-date 的日期") if source_date else None,
        leaders=tuple(leader),
        content=content,
        lead_units=tuple(lead_unit),
        co_units=tuple(co_unit),
        deadline=date_option(ctx, deadline, "--deadline 的日期") if deadline else None,
        days=count(days, "--days"),
        urgency=choice(urgency, URGENCIES, "--urgency"),
        restricted_to=tuple(restricted_to),
        report_cycle=choice(report_every, REPORT_CYCLES, "--report-every"),
        parent=parent,
        session=session_name,
        number=proposal_no,
        proposer=proposer,
        cosigners=tuple(cosigner),
        standing=standing,
    )
    case = registry.register(current, request)
    typer.echo(case.id)
    typer.echo(f"已立项：{case.doc_number} {case.title}（{case.status}）", err=True)
