"""duban refer ID --to 机关 --reason R [--unit U]...: 问责, a referral for accountability."""

from __future__ import annotations

import typer

from duban.cli import completion
from duban.cli.root import app, done, session
from duban.usecases import procedure


@app.command("refer", epilog="例：duban refer 2026-0001 --to 区纪委监委 --reason 多次催办仍未办理")
def refer_command(
    ctx: typer.Context,
    case_id: str = typer.Argument(..., metavar="编号", autocompletion=completion.case_ids, help="事项编号。"),
    to: str = typer.Option(..., "--to", metavar="机关", help="移送问责的机关，如 区纪委监委。"),
    reason: str = typer.Option(..., "--reason", metavar="理由", help="移送问责的理由。"),
    units: list[str] = typer.Option(
        [], "--unit", metavar="单位", autocompletion=completion.units, help="被问责的单位（可重复）；默认主办单位。"
    ),
) -> None:
    """问责：把事项（的承办单位）移送问责机关，记下移送给谁、哪天、为什么；计入 stats 的“问责”，
    按 config.yaml 考核评分的“问责”扣分。"""
    case = procedure.refer(session(ctx), case_id, to, reason, units)
    event = case.events[-1]
    named = event.get("单位") or []
    done(f"已记录 {case.id} 移送{event.get('移送机关')}问责" + (f"（{'、'.join(named)}）" if named else ""))
