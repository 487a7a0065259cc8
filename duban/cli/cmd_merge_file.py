"""duban merge-file BASE OURS THEIRS PATH: git's merge driver for case files (not for people)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from duban.cli.root import app

CONFLICTS_FILE = Path(".duban") / "merge-conflicts"


@app.command("merge-file", hidden=True)
def merge_file_command(
    base: Path = typer.Argument(...),
    ours: Path = typer.Argument(...),
    theirs: Path = typer.Argument(...),
    path: str = typer.Argument(""),
) -> None:
    """git 合并事项文件时调用：办理过程和办理报告取并集，其他字段一边改了取改的一边，两边改得不同则停止。"""
    from duban.merge import merge_mappings
    from duban.yamlio import YamlSyntaxError, dump_merged, load_fast, load_located

    def read(file: Path) -> tuple[str, object]:
        text = file.read_text(encoding="utf-8") if file.exists() else ""
        try:
            return text, load_fast(text)
        except ValueError:
            return text, load_located(text)

    try:
        _, old = read(base)
        our_text, mine = read(ours)
        _, other = read(theirs)
    except (YamlSyntaxError, UnicodeDecodeError):
        _report(path, "文件", "无法解析", "无法解析")
        raise typer.Exit(1) from None
    if not isinstance(mine, dict) or not isinstance(other, dict):
        _report(path, "文件", "无法解析", "无法解析")
        raise typer.Exit(1)
    merged, conflicts = merge_mappings(old, mine, other)
    if conflicts:
        for conflict in conflicts:
            _report(path, conflict.field, conflict.ours, conflict.theirs)
        raise typer.Exit(1)
    ours.write_text(dump_merged(our_text, merged), encoding="utf-8")


def _report(path: str, field: str, ours: object, theirs: object) -> None:
    CONFLICTS_FILE.parent.mkdir(exist_ok=True)
    case_id = Path(path).stem if path else "?"
    line = {"事项": case_id, "字段": field, "本地": str(ours), "共享仓库": str(theirs)}
    with open(CONFLICTS_FILE, "a", encoding="utf-8") as stream:
        stream.write(json.dumps(line, ensure_ascii=False) + "\n")
