"""duban recheck ID --finding 属实|不属实: 复查 (回访, 核查复核) of a closed case."""

from __future__ import annotations

import typer

from duban.cli import completion
from duban.cli.root import app, choice, done, session
from duban.lifecycle import UNTRUE
from duban.model import FINDINGS
from duban.usecases import procedure


@app.command("recheck", epilog="例：duban recheck 2026-0001 --finding 属实 --note 实地回访已完工")
def recheck_command(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="编号", autocompletion=completion.case_ids, help="事项编号。"),
    finding: str = typer.Option(..., "--finding", metavar="结果", help="属实 或 不属实（单位报告的办理情况）。"),
    note: str = typer.Option("", "--note", metavar="情况", help="复查（回访）的情况：谁去的、看到了什么。"),
) -> None:
    """复查：对已办结事项回访、核查复核。不属实的，事项重新转入办理，按 config.yaml 的复查整改时限
    （默认同整改时限，5 个工作日）整改后重报办结报告，计入单位考核（复查不实），并在复查所在时期的督查通报中点名。"""
    current = session(ctx)
    chosen = choice(finding, FINDINGS, "--finding")
    case = procedure.recheck(current, case_id, chosen, note)
    if chosen == UNTRUE:
        until = case.events[-1].get("整改时限")
        done(f"已登记 {case.id} 复查：不属实，事项重新转入办理，{until} 前整改并重报办结报告")
    else:
        done(f"已登记 {case.id} 复查：属实")
