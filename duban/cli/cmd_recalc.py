"""duban recalc: recount working-day deadlines after a year's official holiday schedule arrives."""

from __future__ import annotations

import typer

from duban.cli.root import app, done, session
from duban.usecases import recompute


@app.command("recalc", epilog="例：duban recalc --dry-run")
def recalc_command(
    ctx: typer.Context,
    dry_run: bool = typer.Option(False, "--dry-run", help="只列出会改动的时限，不做任何改动。"),
) -> None:
    """更正办理时限：节假日安排公布（写进 config.yaml 或升级 chinese-calendar）后，重算在办事项按工作日计算的办理时限、
    重办时限和整改时限，一次提交并列出改了哪些；按具体日期给出的时限不动。文件里的状态、时限与办理过程不符的
    （手工修改、早期版本的合并），按办理过程改正，不能计入的事件标为作废。"""
    moved = recompute.recompute(session(ctx), dry_run)
    if not moved:
        done("没有需要更正的时限：按工作日计算的时限都与现在的节假日安排一致，各事项与办理过程相符")
        return
    for item in moved:
        done(f"{item.case_id} {item.what} {item.old} → {item.new}")
    if dry_run:
        done(f"这是预览：共 {len(moved)} 处，去掉 --dry-run 即一次提交更正")
    else:
        done(f"已更正 {len(moved)} 处，一次提交")
