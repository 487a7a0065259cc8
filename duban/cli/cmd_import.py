"""duban import minutes|table|report: register a meeting's decisions, a task table, or the report forms
units sent back, in one commit."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import typer

from duban.cli import completion
from duban.cli.root import DubanGroup, app, choice, date_option, print_json, session, stdout_is_terminal
from duban.cli.text import one_line
from duban.errors import InputError
from duban.model import SOURCE_KINDS
from duban.usecases import imports

import_app = typer.Typer(
    cls=DubanGroup,
    help="批量导入：会议纪要或任务分解表（立项），或单位报回的政务督办报告（登记报告）；全部成功或一项也不登记，一次提交。",
    epilog="例：duban import minutes 纪要.docx --dry-run",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(import_app, name="import")


APPROVED_BY_HELP = (
    "批准交办的领导，记在每一项的交办中（config.yaml 写了“交办须经领导批准: true”时必须给出，预览除外）。"
)


@import_app.command("minutes", epilog="例：duban import minutes 纪要.docx --date 2026-10-01 --dry-run")
def minutes_command(
    ctx: typer.Context,
    file: Path = typer.Argument(
        ..., metavar="文件", help="会议纪要：Word 文件（.docx；.doc、.wps 需装 LibreOffice）或文本（UTF-8 或 GBK）。"
    ),
    meeting: str | None = typer.Option(
        None, "--meeting", metavar="会议名称", help="如 区政府第15次常务会议；不给则读纪要标题（及文号）。"
    ),
    date: str | None = typer.Option(
        None, "--date", metavar="日期", help="会议日期，“N个工作日内”从这天起算；不给则读纪要开头。"
    ),
    leader: list[str] = typer.Option(
        [],
        "--leader",
        metavar="姓名",
        help="主持会议的领导，记为批示领导（几位的按次序多次给出，或用顿号隔开）；不给则读“……主持召开”。",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="只预览将登记的事项，不做任何改动。"),
    again: bool = typer.Option(False, "--again", help="同样的行或议定事项已经导入过，仍再登记一次。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出。"),
    approved_by: str = typer.Option("", "--approved-by", metavar="领导", help=APPROVED_BY_HELP),
    opinion: str = typer.Option("", "--opinion", metavar="意见", help="拟办意见，记在每一项的交办中。"),
    phrase: list[str] = typer.Option(
        [],
        "--phrase",
        metavar="说法=日期",
        help="纪要里认不出的时限说法按什么办，如 汛期到来前=2027-05-31；也可写 =常态（不设时限）或 =默认"
        "（按规定的办理时限）。可多次给出。",
    ),
) -> None:
    """从会议纪要登记每一项交给单位的议定事项（立项并交办）。"""
    with _progress() as progress:
        day = date_option(ctx, date, "--date 的日期") if date is not None else None
        chair = "、".join(leader) if leader else None
        approval = imports.Approval(approved_by, opinion)
        phrases = tuple(_phrase(ctx, item) for item in phrase)
        result = imports.import_minutes(
            session(ctx), file, meeting, day, chair, dry_run, progress, again, approval=approval, phrases=phrases
        )
    _show(result, as_json)


def _phrase(ctx: typer.Context, item: str) -> tuple[str, Any]:
    """汛期到来前=2027-05-31 → (汛期到来前, date); =常态 and =默认 kept as words."""
    words, sep, value = item.replace("＝", "=").rpartition("=")
    if not sep or not words.strip() or not value.strip():
        raise InputError(f"--phrase “{item}” 要写成“时限说法=日期”，如 --phrase 汛期到来前=2027-05-31")
    value = value.strip()
    if value in imports.PHRASE_WORDS:
        return words.strip(), value
    return words.strip(), date_option(ctx, value, f"--phrase {words.strip()} 的日期")


@import_app.command("table", epilog="例：duban import table 任务表.xlsx --source-ref 2026年区政府工作报告")
def table_command(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="文件", help="任务表（.csv：UTF-8 或 GBK；或 .xlsx）。"),
    source_kind: str = typer.Option(
        "政府工作报告",
        "--source-kind",
        metavar="来源类别",
        autocompletion=completion.source_kinds(),
        help=completion.source_kinds_help("表中没有“来源”列时的来源类别，"),
    ),
    source_ref: str = typer.Option("", "--source-ref", metavar="依据", help="来源依据，如 2026年区政府工作报告。"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只预览将登记的事项，不做任何改动。"),
    again: bool = typer.Option(False, "--again", help="同样的行或议定事项已经导入过，仍再登记一次。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出。"),
    session_name: str = typer.Option(
        "", "--session", metavar="届次", help="建议、提案清单所属会议（表中没有“届次”列时），如 区十八届人大五次会议。"
    ),
    approved_by: str = typer.Option("", "--approved-by", metavar="领导", help=APPROVED_BY_HELP),
    opinion: str = typer.Option("", "--opinion", metavar="意见", help="拟办意见，记在每一项的交办中。"),
) -> None:
    """从任务分解表登记每一行（立项并交办）：工作任务、牵头单位、配合单位、完成时限等列；人大建议、政协提案
    的清单还可有案号、标题、领衔代表（提案人）、联名代表、届次等列。"""
    with _progress() as progress:
        kind = choice(source_kind, SOURCE_KINDS, "--source-kind")
        approval = imports.Approval(approved_by, opinion)
        result = imports.import_table(
            session(ctx), file, kind, source_ref, dry_run, progress, again, session_name, approval
        )
    _show(result, as_json)


@contextlib.contextmanager
def _progress() -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr for long imports, only when a person is watching."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("写入事项"), BarColumn(), MofNCompleteColumn(), console=Console(stderr=True), transient=True
    )
    task = bar.add_task("写入", total=None)

    def update(done: int, total: int) -> None:
        if total >= 100:
            bar.start()
            bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        bar.stop()


def _row(case: Any, source: imports.Source) -> dict[str, Any]:
    where, deadline_from = source.where, source.deadline_from
    return {
        "位置": where,
        "编号": case.id,
        "文号": case.doc_number,
        "标题": case.title,
        "主办单位": list(case.lead_units),
        "协办单位": list(case.co_units),
        "办理时限": case.deadline.isoformat() if case.deadline else None,
        "报告周期": case.report_cycle,
        "督办内容": case.content,
        "时限依据": deadline_from,
        "常态": case.deadline is None,
        "把握": source.sure or "规则",
        "单位依据": source.units_from,
        "单位把握": source.units_sure or "规则",
        "存疑": source.doubtful,
    }


_SURE_WORDS = {"规则": "时限按规则", "给出": "时限按 --phrase", "推断": "时限为推断", "默认": "时限为默认",
               "暂定": "时限暂定"}  # fmt: skip


def _sureness(source: imports.Source) -> str:
    """How sure the readings are, in a few words, marked ？ when anything was guessed."""
    words = _SURE_WORDS.get(source.sure, "时限按规则")
    if source.units_from:
        units = "单位为推断" if source.units_sure == "推断" else "单位按措辞"
        words += f"，{units}“{one_line(source.units_from)}”"
    return ("？" if source.doubtful else "") + words


def _show(result: imports.Imported, as_json: bool) -> None:
    sources = list(result.sources) or [imports.Source()] * len(result.cases)
    places = dict(result.places)
    if as_json:
        print_json(
            {
                "预览": result.dry_run,
                "纪要": dict(result.header),
                "事项": [_row(c, s) for c, s in zip(result.cases, sources, strict=True)],
                "跳过": [
                    {"行": line, "位置": places.get(line, f"第{line}行"), "标题": heading, "原因": why}
                    for line, heading, why in result.skipped
                ],
                "未立项的句子": [{"位置": where, "句子": text} for where, text in result.unplaced],
            }
        )
        return
    if result.header:
        meeting = dict(result.header).get("会议", "")
        read = "，".join(f"{key}：{value}" for key, value in result.header if key != "文号" or value not in meeting)
        typer.echo(f"从纪要读到 {read}", err=True)
    verb = "将登记" if result.dry_run else "已登记"
    if stdout_is_terminal():
        from rich.markup import escape

        from duban.cli.root import console
        from duban.cli.views import fit, fixed, new_table, shrinking

        table = new_table(f"{verb} {len(result.cases)} 项")
        fixed(table, "编号")
        fixed(table, "位置")
        shrinking(table, "标题", min_width=8)
        shrinking(table, "主办单位", min_width=8)
        shrinking(table, "协办单位", min_width=4)
        fixed(table, "办理时限")
        shrinking(table, "时限依据", min_width=6)
        fixed(table, "报告")
        shrinking(table, "把握", min_width=6)
        for case, source in zip(result.cases, sources, strict=True):
            table.add_row(
                ("？" if source.doubtful else "") + case.id,
                escape(source.where),
                escape(case.title),
                escape("、".join(case.lead_units)),
                escape("、".join(case.co_units)),
                str(case.deadline or "常态"),
                escape(source.deadline_from),
                case.report_cycle,
                escape(_sureness(source)),
            )
        out = console()
        out.print(fit(table, out.width))
    else:
        typer.echo(f"{verb} {len(result.cases)} 项：")
        for case, source in zip(result.cases, sources, strict=True):
            co = f"（协办：{'、'.join(case.co_units)}）" if case.co_units else ""
            origin = f"\t{source.where}：{one_line(source.deadline_from)}\t{_sureness(source)}" if source.where else ""
            units = "、".join(case.lead_units) + co
            typer.echo(f"{case.id}\t{case.deadline or '常态'}\t{units}\t{one_line(case.title)}{origin}")
    for line, heading, why in result.skipped:
        typer.echo(f"跳过{places.get(line, f'第 {line} 行')}“{heading}”：{why}", err=True)
    if result.unplaced:
        typer.echo(f"未立项的句子（提到了单位，但没有读成交办事项，请核对）{len(result.unplaced)} 句：", err=True)
        for where, text in result.unplaced:
            typer.echo(f"  {where}：{one_line(text)}", err=True)
    doubtful = sum(1 for source in sources if source.doubtful)
    if doubtful:
        typer.echo(f"其中 {doubtful} 项有推断或按默认的读法（标“？”），请逐项核对。", err=True)
    if result.dry_run:
        typer.echo("这是预览，未做任何改动；去掉 --dry-run 即正式登记。", err=True)


@import_app.command("report", epilog="例：duban import report 回收的报告/ --dry-run")
def report_command(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(
        ...,
        metavar="文件",
        help="主办单位填好报回的《政务督办报告》：Word 文件（.docx；.doc、.wps 需装 LibreOffice），或放着它们的文件夹，"
        "可给多个。",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="只预览将登记的报告，不做任何改动。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出。"),
    receipt: bool = typer.Option(
        False, "--receipt", help="登记后为每份报告生成回执（Word，在 out/ 下），可发回报送单位。"
    ),
) -> None:
    """把主办单位报回的政务督办报告登记为该单位对该事项的报告，如同 duban report（办理结果为已办结的，登记为
    办结报告）：一批全部登记，一次提交；任何一份被拒绝，整批都不登记。"""
    from duban.usecases import report_import

    current = session(ctx)
    result = report_import.import_reports(current, files, dry_run)
    rows = result.reports
    if as_json:
        print_json(
            {
                "预览": result.dry_run,
                "报告": [
                    {
                        "编号": r.case_id,
                        "单位": r.unit,
                        "签发人": r.signer,
                        "办结": r.final,
                        "结果": "已办结" if r.final else "正在办理",
                        "字数": len("".join(r.text.split())),
                        "报送日期": r.date,
                        "联系人": r.contact,
                        "联系电话": r.phone,
                        "版式": r.layout,
                        "文件": r.file,
                        "事项状态": r.status,
                        "提示": list(r.warnings),
                    }
                    for r in rows
                ],
            }
        )
    else:
        _show_reports(rows, result.dry_run)
    for r in rows:
        for warning in r.warnings:
            typer.echo(f"提示：{r.file}：{warning}", err=True)
    if result.dry_run:
        typer.echo("这是预览，未做任何改动；去掉 --dry-run 即正式登记。", err=True)
    elif receipt:
        from duban.usecases import documents

        for r in rows:
            made = documents.render_receipt(current, r.case_id, r.unit, "docx")
            typer.echo(f"已生成回执 {made.path}", err=as_json)


def _show_reports(rows: list[Any], dry_run: bool) -> None:
    verb = "将登记" if dry_run else "已登记"
    headers = ("编号", "单位", "签发人", "结果", "字数", "报送日期", "文件")
    values = [
        (
            r.case_id,
            r.unit,
            r.signer,
            "已办结" if r.final else "正在办理",
            str(len("".join(r.text.split()))),
            r.date or "未填",
            r.file,
        )
        for r in rows
    ]
    if stdout_is_terminal():
        from rich.markup import escape

        from duban.cli.root import console
        from duban.cli.views import fit, fixed, new_table, shrinking

        table = new_table(f"{verb} {len(rows)} 份报告")
        for header in headers:
            if header in ("单位", "文件"):
                shrinking(table, header, min_width=6)
            else:
                fixed(table, header)
        for row in values:
            table.add_row(*(escape(cell) for cell in row))
        out = console()
        out.print(fit(table, out.width))
        return
    typer.echo(f"{verb} {len(rows)} 份报告：")
    typer.echo("\t".join(headers))
    for row in values:
        typer.echo("\t".join(one_line(cell) for cell in row))
