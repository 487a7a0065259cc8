"""duban log ID: a case's history, read from git."""

from __future__ import annotations

import typer

from duban.cli import completion
from duban.cli.root import app, print_json, session
from duban.cli.text import one_line
from duban.usecases import queries


@app.command("log", epilog="例：duban log 2026-0001")
def log_command(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="编号", autocompletion=completion.case_ids, help="事项编号。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出。"),
) -> None:
    """办理记录：从 git 历史读出事项的每一次改动（含手工修改）：时间、经办人、动作、改了什么。"""
    entries = queries.case_log(session(ctx), case_id)
    if as_json:
        print_json(
            [
                {
                    "提交": e.sha,
                    "日期": e.date,
                    "记录时间": e.when,
                    "经办人": e.author,
                    "动作": e.action,
                    "改动": list(e.changes),
                }
                for e in entries
            ]
        )
        return
    for entry in entries:
        # Author and changes come from git, where anyone's user.name or a hand edit can hold anything.
        author, action = one_line(entry.author), one_line(entry.action)
        typer.echo(f"{entry.date}  {author}  {action}  （记录于 {entry.when}，提交 {entry.sha[:8]}）")
        for change in entry.changes:
            typer.echo(f"    {one_line(change)}")
