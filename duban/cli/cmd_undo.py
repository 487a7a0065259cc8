"""duban undo: revert the most recent duban change with a new commit."""

from __future__ import annotations

import typer

from duban.cli.root import app, done, session
from duban.usecases import procedure


@app.command("undo", epilog="例：duban undo")
def undo_command(ctx: typer.Context) -> None:
    """撤销：用一次新的提交撤销最近一次 duban 操作（不改写历史；已推送到共享仓库的不能撤销）。"""
    undone = procedure.undo(session(ctx))
    commit = f"提交 {undone.sha[:8]}“{undone.summary}”"
    if undone.removed:
        shown = "、".join(undone.removed[:10]) + ("……" if len(undone.removed) > 10 else "")
        done(f"已撤销{commit}：删除 {len(undone.removed)} 个事项（{shown}），编号不再使用")
    elif len(undone.case_ids) == 1:
        done(f"已撤销 {undone.case_ids[0]} 的“{undone.action}”（{commit}）")
    else:
        done(f"已撤销{commit}：{len(undone.case_ids)} 个事项恢复原状（{'、'.join(undone.case_ids[:10])}）")
