"""duban sync: pull and push the office repository through its git remote."""

from __future__ import annotations

import typer

from duban.cli.root import app, done, session
from duban.usecases import sync


@app.command("sync", epilog="例：duban sync --remote origin")
def sync_command(
    ctx: typer.Context,
    remote: str = typer.Option("origin", "--remote", metavar="名称", help="共享仓库在 git 中的名称。"),
    keep: str | None = typer.Option(
        None,
        "--keep",
        metavar="本地|共享仓库",
        help="两名经办人把同一字段改得不一样而同步停止时，商量后保留哪一边的值。",
    ),
    quiet: bool = typer.Option(
        False,
        "--quiet",
        "-q",
        help="只说必须知道的（改了的编号、作废的记录、疑似重复登记），不报告取回推送了几个提交（供 cron 使用）。",
    ),
) -> None:
    """同步：从共享仓库取回别人的记录，合并，再推送自己的记录；不强推，不改写已推送的历史。"""
    result = sync.sync(session(ctx), remote, keep)
    for warning in result.warnings:
        typer.echo(f"提示：{warning}", err=True)
    for line in sync.told(result):
        done(line)
    if quiet:
        return
    if result.first_push:
        done(f"已推送到共享仓库的 {result.branch} 分支（首次，{result.pushed} 个提交）")
    else:
        done(f"已同步：取回 {result.pulled} 个提交，推送 {result.pushed} 个提交")
