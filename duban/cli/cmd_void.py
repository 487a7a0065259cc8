"""duban void ID: 作废 a case registered in error."""

from __future__ import annotations

import typer

from duban.cli import completion
from duban.cli.root import app, done, session
from duban.usecases import procedure


@app.command("void", epilog="例：duban void 2026-0002 --reason 与2026-0001重复登记 --approved-by 张伟")
def void_command(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="编号", autocompletion=completion.case_ids, help="事项编号。"),
    reason: str = typer.Option(..., "--reason", metavar="理由", help="作废理由，如：与 2026-0101 重复登记。"),
    approved_by: str = typer.Option(..., "--approved-by", metavar="领导", help="批准作废的领导。"),
) -> None:
    """作废：登记错了的事项（如同一份纪要在两处各导入一次）。文件和编号保留、不再使用，不计入任何统计和文书；
    与终止不同，终止的事项仍计入考核。已推送到共享仓库的也可以作废。"""
    case = procedure.void(session(ctx), case_id, reason, approved_by)
    done(f"已作废 {case.id}（编号保留不再使用，不计入统计）")
