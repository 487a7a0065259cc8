"""duban completion bash|zsh|fish: the shell script that completes duban's commands and the office's data."""

from __future__ import annotations

import typer

from duban.cli.completion import SHELLS, script
from duban.cli.root import app, choice


@app.command("completion", epilog="例：duban completion bash")
def completion_command(
    shell: str = typer.Argument(..., metavar="shell", help="bash、zsh 或 fish。"),
) -> None:
    """命令补全：打印补全脚本（命令、选项、事项编号、单位全称和简称、状态、来源类别）。

    bash：在 ~/.bashrc 加一行 eval "$(duban completion bash)"；
    zsh：在 ~/.zshrc 加一行 eval "$(duban completion zsh)"；
    fish：duban completion fish > ~/.config/fish/completions/duban.fish"""
    typer.echo(script(choice(shell, SHELLS, "shell")))
