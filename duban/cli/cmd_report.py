"""duban report ID: 反馈."""

from __future__ import annotations

from pathlib import Path

import typer

from duban import lifecycle
from duban.cli import completion
from duban.cli.root import app, date_option, done, exclusive, session
from duban.errors import InputError, UsageError
from duban.textfiles import TEXT_FILE_LIMIT, decode_text, read_capped
from duban.usecases import procedure


@app.command("report", epilog="例：duban report 2026-0001 --unit 住建局 --signer 王强 --file 报告.txt")
def report_command(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="编号", autocompletion=completion.case_ids, help="事项编号。"),
    unit: str = typer.Option(..., "--unit", metavar="单位", autocompletion=completion.units, help="报告的单位。"),
    signer: str = typer.Option(..., "--signer", metavar="姓名", help="签发人（单位主要负责人）。"),
    text: str | None = typer.Option(None, "--text", metavar="内容", help="报告内容。"),
    file: Path | None = typer.Option(None, "--file", metavar="文件", help="从文件读取报告内容（UTF-8 或 GBK）。"),
    final: bool = typer.Option(False, "--final", help="办结报告：每个主办单位各报一份，都报齐后事项进入“待审核”。"),
    rectification: bool = typer.Option(
        False, "--rectification", help="整改报告：答复督查通报的整改要求（已办结的事项也可以报）。"
    ),
    answer_class: str = typer.Option(
        "", "--class", metavar="类别", help="人大建议、政协提案答复的答复类别：A、B、C（config.yaml 可加 D）。"
    ),
    consult_way: str = typer.Option(
        "",
        "--consult-way",
        metavar="方式",
        help="答复前与代表（委员）面商的方式：电话、座谈、走访、书面、视频、其他。",
    ),
    consult_date: str | None = typer.Option(None, "--consult-date", metavar="日期", help="面商沟通的日期。"),
) -> None:
    """反馈：登记承办单位的办理情况报告。"""
    exclusive({"--text": text is not None, "--file": file}, "报告内容二者选一")
    if text is None and file is None:
        raise UsageError("请用 --text 或 --file 给出报告内容")
    if file is not None:
        try:
            text = decode_text(read_capped(file, TEXT_FILE_LIMIT), str(file))
        except FileNotFoundError:
            raise InputError(f"读不到报告文件 {file}，请检查路径") from None
    assert text is not None
    answer = lifecycle.Answer(
        mark=answer_class,
        consult_way=consult_way.strip(),
        consult_date=date_option(ctx, consult_date, "--consult-date 的日期") if consult_date else None,
    )
    result = procedure.report(session(ctx), case_id, unit, signer, text, final, rectification, answer)
    for warning in result.warnings:
        typer.echo(f"提示：{warning}", err=True)
    kind = "整改" if rectification else "办结" if final else "进展"
    mark = lifecycle.answer_class(result.case) if answer_class else ""
    if mark:
        kind = f"答复（{mark}类）"
    done(f"已登记 {result.case.id} 的{kind}报告，事项状态：{result.case.status}")
