"""duban check: validate the whole office repository."""

from __future__ import annotations

import typer

from duban.cli.root import app, print_json, session
from duban.usecases import check


@app.command("check", epilog="例：duban check --json")
def check_command(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出问题列表。"),
) -> None:
    """检查整个督办仓库：config.yaml 和每个事项文件；有问题时逐条列出“文件:行: 问题”并以状态 1 退出。"""
    current = session(ctx)
    problems, warnings = check.inspect(current)
    if as_json:
        print_json([{"文件": p.path, "行": p.line, "问题": p.message} for p in problems])
    else:
        for problem in problems:
            typer.echo(str(problem))
        for warning in warnings:
            typer.echo(f"提示：{warning}", err=True)
        if problems:
            typer.echo(f"共 {len(problems)} 个问题，请逐条改正后再运行 duban check。", err=True)
        else:
            count = current.office.index().count()
            typer.echo(f"检查通过：config.yaml 和 {count} 个事项文件没有发现问题。")
    if problems:
        raise typer.Exit(1)
