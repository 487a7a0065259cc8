"""duban edit ID: the case file in $VISUAL or $EDITOR, checked on save, committed as 手工修改."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import typer

from duban.cli import completion
from duban.cli.root import app, attended, done, session
from duban.errors import InputError
from duban.usecases import editing


def _editor() -> list[str]:
    named = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if named:
        try:
            words = shlex.split(named)
        except ValueError:
            words = []
        if words:
            return words
    for fallback in ("editor", "nano", "vi"):
        if shutil.which(fallback):
            return [fallback]
    raise InputError("找不到编辑器：请设置环境变量 EDITOR（如 export EDITOR=nano）")


def _open(path: Path) -> None:
    command = [*_editor(), str(path)]
    try:
        finished = subprocess.run(command, check=False)
    except OSError:
        raise InputError(f"无法启动编辑器“{command[0]}”，请检查环境变量 EDITOR") from None
    if finished.returncode != 0:
        raise InputError(f"编辑器“{command[0]}”退出状态为 {finished.returncode}，事项未修改")


@app.command("edit", epilog="例：duban edit 2026-0001")
def edit_command(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="编号", autocompletion=completion.case_ids, help="事项编号。"),
) -> None:
    """手工修改：用编辑器（环境变量 VISUAL 或 EDITOR）打开事项文件，保存退出后检查；有问题时列在文件开头
    重新打开（原样保存退出则放弃），没有问题就以“手工修改”提交，经办人为你。"""
    result = editing.edit_case(session(ctx), case_id, _open, attended())
    if result.changed:
        done(f"已保存对 {result.case_id} 的手工修改")
    else:
        done(f"{result.case_id} 没有改动")
