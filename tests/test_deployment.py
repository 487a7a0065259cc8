"""The README's deployment, run as written: its crontab line and its systemd service, in a bare
environment (env -i), against the server's own clone of a shared bare repository; a day with
overdue cases (reminders pushed), a day with nothing to do, a day the shared repository is down."""

from __future__ import annotations

import datetime as dt
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Duban, git, set_config, share

README = Path(__file__).parent.parent / "README.md"
DUBAN = Path(sys.executable).parent / "duban"


def _block(kind: str) -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### 服务器上的每日检查") :]
    match = re.search(rf"```{kind}\n(.*?)```", section, re.S)
    assert match, kind
    return match[1]


def cron_job() -> tuple[dict[str, str], str]:
    """The crontab block: its variables and its one job's command."""
    variables, jobs = {}, []
    for line in _block("crontab").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if re.match(r"^[A-Z_]+=", line):
            name, _, value = line.partition("=")
            variables[name] = value
        else:
            jobs.append(line.split(None, 5)[5])
    assert len(jobs) == 1
    return variables, jobs[0]


def systemd_service() -> tuple[dict[str, str], str, set[int]]:
    """The service unit: its Environment=, its ExecStart= as systemd hands it to the program
    ($$ is $, %% is %), and the exit statuses it counts as success."""
    service = _block("ini").split("# duban-morning.timer")[0]
    env, start, success = {}, "", {0}
    for line in service.splitlines():
        key, _, value = line.partition("=")
        if key == "Environment":
            name, _, val = value.partition("=")
            env[name] = val
        elif key == "ExecStart":
            start = value.replace("$$", "$").replace("%%", "%")
        elif key == "SuccessExitStatus":
            success |= {int(v) for v in value.split()}
    return env, start, success


@pytest.fixture
def server(office: Duban, tmp_path: Path) -> tuple[Duban, Path, Path]:
    """A clerk's office shared through a bare repository, the server's clone of it (its own, with
    its git user set, as the README's steps as root make it), and a fake `mail` on a bin folder."""
    office.today = "2026-09-28"
    late = office.new("城区内涝点整治", "--lead-unit", "城管局")
    office("assign", late, "--days", "3")  # due 2026-10-09 (the 国庆 break in between)
    share(office, tmp_path)
    clone = tmp_path / "srv" / "duban" / "督办"
    git("clone", "--quiet", str(tmp_path / "remote.git"), str(clone), cwd=tmp_path)
    git("config", "user.name", "每日检查", cwd=clone)
    git("config", "user.email", "duban@localhost", cwd=clone)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    mail = bin_dir / "mail"
    mail.write_text(f'#!/bin/sh\n{{ echo "ARGS: $*"; cat; }} >> {tmp_path / "mailbox"}\n', encoding="utf-8")
    mail.chmod(0o755)
    return office, clone, tmp_path


def _run(command: str, env: dict[str, str], clone: Path, day: str, home: Path, path: str = "/usr/bin:/bin"):
    command = command.replace("/opt/duban/bin/duban", shlex.quote(str(DUBAN)))
    command = command.replace("/srv/duban/督办", shlex.quote(str(clone)))
    bare = {"PATH": path, "HOME": str(home), "LOGNAME": "duban", "SHELL": "/bin/sh", "DUBAN_TODAY": day}
    bare["PYTHONPATH"] = str(README.parent)  # this checkout's duban, whichever tree installed the command
    bare.update({k: v.replace("/srv/duban/督办", str(clone)) for k, v in env.items()})
    return subprocess.run(
        ["env", "-i", *(f"{k}={v}" for k, v in bare.items()), "/bin/sh", "-c", command],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_the_cron_line_as_written(server: tuple[Duban, Path, Path]) -> None:
    clerk, clone, tmp = server
    set_config(clerk, "每日检查:\n  催办: true\n")
    clerk("sync")
    variables, job = cron_job()
    assert variables.get("MAILTO")
    # A day with an overdue case: the report on stdout (cron mails it), the 催办 pushed.
    done = _run(job, variables, clone, "2026-10-12", tmp)
    assert done.returncode == 3, done.stderr
    assert "逾期" in done.stdout and "城区内涝点整治" in done.stdout and "已催办 1 项" in done.stdout
    remote_log = git("log", "--format=%an %s", "-3", cwd=tmp / "remote.git")
    assert "每日检查 催办 2026-0001" in remote_log
    # Run again the same day: nothing new to remind, the report still says what is overdue.
    again = _run(job, variables, clone, "2026-10-12", tmp)
    assert again.returncode == 3 and "已催办" not in again.stdout
    # A Saturday that is no make-up day: nothing at all.
    weekend = _run(job, variables, clone, "2026-10-17", tmp)
    assert (weekend.returncode, weekend.stdout, weekend.stderr) == (0, "", "")


def test_a_day_with_nothing_to_do_says_nothing(server: tuple[Duban, Path, Path]) -> None:
    clerk, clone, tmp = server
    clerk.today = "2026-09-29"
    clerk("report", "2026-0001", "--unit", "城管局", "--signer", "王强", "--text", "已整治", "--final")
    clerk("close", "2026-0001")
    clerk("sync")
    variables, job = cron_job()
    done = _run(job, variables, clone, "2026-10-12", tmp)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_the_systemd_service_as_written_and_the_remote_down(server: tuple[Duban, Path, Path]) -> None:
    _, clone, tmp = server
    env, start, success = systemd_service()
    assert env.get("DUBAN_REPO") == "/srv/duban/督办" and success == {0, 3}
    path = f"{tmp / 'bin'}:/usr/bin:/bin"
    done = _run(start, env, clone, "2026-10-12", tmp, path)
    assert done.returncode == 3, done.stderr
    mailbox = (tmp / "mailbox").read_text(encoding="utf-8")
    assert "ARGS: -s 督办每日检查 dubanshi@localhost" in mailbox and "城区内涝点整治" in mailbox
    # The shared repository is down: the report from the clone's own record, the reason in the
    # mail, and a status systemd records as a failure.
    (tmp / "remote.git").rename(tmp / "remote-away.git")
    (tmp / "mailbox").unlink()
    down = _run(start, env, clone, "2026-10-13", tmp, path)
    assert down.returncode == 4 and down.returncode not in success
    mailbox = (tmp / "mailbox").read_text(encoding="utf-8")
    assert "未能与共享仓库同步，以下按本机记录" in mailbox and "城区内涝点整治" in mailbox


def test_the_timer_runs_on_beijing_time() -> None:
    timer = _block("ini").split("# duban-morning.timer")[1]
    assert re.search(r"^OnCalendar=\*-\*-\* 07:30 Asia/Shanghai$", timer, re.M)


def test_today_is_the_offices_day_whatever_the_servers_clock() -> None:
    from duban.calendar import time_zone, today_in

    utc = dt.UTC
    # 07:30 in Beijing is 23:30 UTC the evening before: the office's day is the 9th.
    morning = dt.datetime(2026, 10, 8, 23, 30, tzinfo=utc)
    assert today_in("Asia/Shanghai", morning) == dt.date(2026, 10, 9)
    assert today_in("UTC", morning) == dt.date(2026, 10, 8)
    assert today_in(now=morning) == dt.date(2026, 10, 9)  # Asia/Shanghai unless config.yaml says
    assert time_zone("Mars/Olympus") is None


def test_the_time_zone_and_the_morning_keys_are_checked(office: Duban) -> None:
    from duban.calendar import today_in
    from duban.usecases.session import Session

    set_config(office, "时区: UTC\n")
    assert Session(repo=str(office.root)).today == today_in("UTC")
    set_config(office, "时区: Mars/Olympus\n每日检查:\n  催办: 是\n  周末: true\n")
    checked = office("check", ok=False)
    said = checked.stdout + checked.stderr
    assert "时区“Mars/Olympus”不认识" in said and "“催办”应为 true 或 false" in said
    assert "每日检查中未知字段“周末”" in said


def test_pointing_at_the_shared_bare_repository_says_to_clone_it(server: tuple[Duban, Path, Path]) -> None:
    _, _, tmp = server
    done = subprocess.run(
        [str(DUBAN), "--repo", str(tmp / "remote.git"), "morning"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert "是共享（裸）仓库，duban 要在它的克隆上运行：git clone" in done.stderr


def test_a_config_parsed_by_a_version_that_did_not_know_its_keys_is_read_again(office: Duban) -> None:
    """An older duban that refused 时区 kept that reading; this one reads config.yaml again."""
    import pickle

    from duban import indexdb, whereis
    from duban.config import Config
    from duban.errors import Problem
    from duban.store import Office

    set_config(office, "时区: Asia/Shanghai\n")
    site = Office(office.root)
    stat = (office.root / "config.yaml").stat()
    old = (site._cache_key(), whereis.identity_of_stat(stat))  # the key before the keys were part of it
    refusal = (Problem("config.yaml", 1, "config.yaml 中未知字段“时区”"),)
    site.ensure_local_dir()
    conn = indexdb.connect(site.local_dir)
    try:
        indexdb.set_meta(conn, "config", pickle.dumps((old, Config(office="示范区人民政府办公室"), refusal)))
    finally:
        conn.close()
    assert office("list").exit_code == 0
