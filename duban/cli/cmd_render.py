"""duban render notice|reminder|report-form|answer-letter|case-report|upward-report ID: the office's documents
for a case."""

from __future__ import annotations

from pathlib import Path

import typer

from duban.cli import completion
from duban.cli.root import app, choice, count, session
from duban.errors import UsageError
from duban.render.templates import FORMATS as DOCUMENT_FORMATS
from duban.usecases import documents, materials

DOCUMENT_KINDS = (
    "notice", "reminder", "report-form", "answer-letter", "due-notice", "case-report", "upward-report", "receipt",
)  # fmt: skip


@app.command("render", epilog="例：duban render notice 2026-0001 --format docx")
def render_command(
    ctx: typer.Context,
    kind: str | None = typer.Argument(
        None,
        metavar="文书",
        help="notice（政务督办通知）、reminder（催办通知）、report-form（政务督办报告，通知的附件）"
        "、answer-letter（人大建议、政协提案的答复函，附征询意见表）、due-notice（到期提醒，随 notify 记录的提醒）、"
        "case-report（呈阅件：审核后向领导报告一件事项）"
        "、upward-report（上级督查事项向上级报告办理情况，列出分解任务的结果）"
        "或 receipt（收到单位报告后发回的回执）。",
    ),
    case_id: str | None = typer.Argument(None, metavar="编号", autocompletion=completion.case_ids, help="事项编号。"),
    fmt: str = typer.Option(
        "md",
        "--format",
        "-f",
        metavar="格式",
        help="md（纯文本，邮件用）、html（打印）、docx（Word）、pdf（需安装 LibreOffice）。",
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", metavar="路径", help="输出文件；默认在 out/ 下；- 表示输出到屏幕。"
    ),
    reply_days: int = typer.Option(3, "--reply-days", metavar="N", help="催办通知要求在 N 个工作日内回复。"),
    to: str = typer.Option(
        "",
        "--to",
        metavar="呈送",
        help="case-report 呈阅的领导（默认为事项的批示领导）；upward-report 报送的上级机关（必给）。",
    ),
    unit: str = typer.Option(
        "",
        "--unit",
        metavar="单位",
        autocompletion=completion.units,
        help="receipt 回执给哪个单位（默认为最近报告的单位）。",
    ),
    record: bool = typer.Option(
        False, "--record", help="把这份文书（Markdown）存入事项的归档材料 archive/年/编号/，一次提交。"
    ),
    list_templates: bool = typer.Option(False, "--list", help="列出正在使用的模板及其来源。"),
) -> None:
    """生成文书：政务督办通知及其附件政务督办报告（每个主办单位一份）、催办通知、建议提案的答复函、
    呈阅件（向领导报告一件事项）、上级督查事项向上级的报告、收到报告的回执。"""
    current = session(ctx)
    if list_templates:
        for item in documents.template_list(current):
            typer.echo(f"{item.name}\t{item.description}\t{item.origin}\t{item.path}")
        return
    if not kind or not case_id:
        raise UsageError("请给出文书种类和事项编号，如 duban render notice 2026-0017；--list 查看模板")
    fmt = choice(fmt, DOCUMENT_FORMATS, "--format")
    kind = choice(kind, DOCUMENT_KINDS, "文书种类")
    count(reply_days, "--reply-days", 100)
    if kind == "receipt":
        receipt = documents.render_receipt(current, case_id, unit, fmt, output)
        typer.echo(receipt.text if receipt.path == "-" else f"已生成 {receipt.path}", nl=receipt.path != "-")
        return
    written = False
    notes: dict[str, None] = {}  # the fonts' note once, however many PDFs
    for rendered in documents.render_case_document(current, kind, case_id, fmt, output, reply_days, to):
        if rendered.path == "-":
            typer.echo(rendered.text, nl=False)
        else:
            typer.echo(f"已生成 {rendered.path}")
            written = True
        notes.update(dict.fromkeys([rendered.fonts] if rendered.fonts else []))
    for note in notes:
        typer.echo(note, err=True)
    if record:
        for path in materials.record(current, case_id, kind, to):
            typer.echo(f"已存入归档材料 {path}", err=output is not None and str(output) == "-")
    if kind == "notice" and written:
        alone = f"duban render report-form {case_id} --format {fmt}"
        typer.echo(f"通知后已附附件《政务督办报告》；单独一份：{alone}", err=True)
