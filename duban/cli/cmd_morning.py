"""duban morning: the server's morning job, for cron or a systemd timer."""

from __future__ import annotations

import sys

import typer

from duban.cli import overdue_output as output
from duban.cli.root import app, count, session
from duban.usecases import morning as job

# Exit statuses: what happened, for cron's mail and systemd's journal.
NOTHING, REPORTED, UNSYNCED = 0, 3, 4


@app.command("morning", epilog="例：duban morning --no-remind")
def morning_command(
    ctx: typer.Context,
    remind: bool | None = typer.Option(
        None,
        "--remind/--no-remind",
        help="为逾期事项记录催办、为临期事项记录提醒（同 overdue --remind）；默认按 config.yaml 的“每日检查: 催办”。",
    ),
    within: int | None = typer.Option(
        None, "--within", metavar="N", help="N 个工作日内到期的算“临期”；默认取 config.yaml 的临期提醒。"
    ),
) -> None:
    """每日检查（服务器每天早上运行一次）：有共享仓库时先同步；按 config.yaml 催办、提醒并推送；
    输出发给督办室邮箱的报告，没有需要处理的事项时什么也不输出。非工作日（调休上班日除外）什么也不做，
    除非 config.yaml 写“每日检查: {只在工作日: false}”。“今天”按 config.yaml 的“时区”（默认 Asia/Shanghai）。
    退出状态：0 没有需要处理的事项；3 有，报告已输出；4 连不上共享仓库或同步停止（报告按本机记录）；
    1 出错（记不了催办时报告照样输出）。"""
    current = session(ctx)
    done = job.morning(current, remind, count(within, "--within"))
    if done.check is None:
        return
    check = done.check
    if done.unsynced:
        sys.stderr.write(f"未能与共享仓库同步，以下按本机记录：{done.unsynced}\n")
    if done.unreminded:
        sys.stderr.write(f"未能记录今天的催办和提醒：{done.unreminded}\n")
    if not output.quiet_applies(check.alerts, check.reminded + check.notified):
        config = current.office.config
        output.write_plain(config.office, current.today.isoformat(), check.alerts, check.reminded, check.notified)
    status = UNSYNCED if done.unsynced else REPORTED if check.alerts or check.reminded or check.notified else NOTHING
    if check.skipped or done.unreminded:
        status = 1  # a case file left out, or the reminders not recorded: named on stderr
    if status:
        raise typer.Exit(status)
