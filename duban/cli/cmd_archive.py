"""duban archive (ID... | --closed-before DATE): 归档."""

from __future__ import annotations

import typer

from duban.cli import completion
from duban.cli.root import app, date_option, done, session
from duban.usecases import procedure


@app.command("archive", epilog="例：duban archive --closed-before 2026-10-01")
def archive_command(
    ctx: typer.Context,
    case_ids: list[str] = typer.Argument(
        None, metavar="编号...", autocompletion=completion.case_ids, help="要归档的事项编号。"
    ),
    closed_before: str | None = typer.Option(
        None, "--closed-before", metavar="日期", help="归档此日期之前办结或终止的全部事项。"
    ),
) -> None:
    """归档：已办结或已终止的事项归档；多个事项一次提交。"""
    before = date_option(ctx, closed_before, "--closed-before 的日期") if closed_before else None
    cases = procedure.archive(session(ctx), list(case_ids or []), before)
    done(f"已归档 {len(cases)} 项：{'、'.join(c.id for c in cases)}")
