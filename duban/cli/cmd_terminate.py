"""duban terminate ID: 终止."""

from __future__ import annotations

import typer

from duban.cli import completion
from duban.cli.root import app, done, session
from duban.usecases import procedure


@app.command("terminate", epilog="例：duban terminate 2026-0001 --reason 项目已取消 --approved-by 张伟")
def terminate_command(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="编号", autocompletion=completion.case_ids, help="事项编号。"),
    reason: str = typer.Option(..., "--reason", metavar="理由", help="终止理由。"),
    approved_by: str = typer.Option(..., "--approved-by", metavar="领导", help="批准终止的领导。"),
    with_children: bool = typer.Option(False, "--with-children", help="未办结的子事项一并终止（同一次提交）。"),
) -> None:
    """终止：因特殊原因停止督办，须有领导批准和说明；有未办结的子事项时须加 --with-children。"""
    cases = procedure.terminate(session(ctx), case_id, reason, approved_by, with_children)
    done(f"已终止 {'、'.join(c.id for c in cases)}")
