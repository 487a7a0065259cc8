"""duban undo: revert the most recent duban change with a new commit."""

from __future__ import annotations

import typer

from duban.cli.root import app, done, session
from duban.usecases import procedure


@app.command("undo")
def undo_command(ctx: typer.Context) -> None:
    """撤销：用一次新的提交撤销最近一次 duban 操作（不改写历史；已推送到共享仓库的不能撤销）。"""
    sha, action, case_id = procedure.undo(session(ctx))
    done(f"已撤销 {case_id} 的“{action}”（提交 {sha[:8]}）")
