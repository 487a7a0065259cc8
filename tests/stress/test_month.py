"""A month of a real office: three clerks and a cron job share one office through a real `git daemon`.

李明, 王芳 and 张伟 each work on their own clone, offline, from 2026-10-08 to 2026-11-06 (every
working day of the official 2026 schedule, the make-up Saturday 10-10 included), and sync at random
points of the day, sometimes two at the same moment (two processes). Each morning cron runs
`overdue --remind` on 李明's clone, sometimes before it syncs, and on days 李明 stays offline. The same
minutes are imported on two clones on the same day; the clerk whose sync says "可能是重复登记" runs the
suggested `duban void … --approved-by 王建国`, and the ledger counts the voided case nowhere (README: void).
A case with two lead units gets its two final reports from two different clerks; one unit is acknowledged
on two clones. Two clerks, each offline, extend one case from the same deadline to different dates: the
second's sync stops and is settled with `sync --keep 共享仓库`, so only the first extension counts (the
other stays in the file, 作废). At the end one clone records the October bulletin (`bulletin --record`):
what it criticises and its totals are the ledger's, and after a sync every clone's named case has its 通报.
No process is killed here (the watchdog only stops the daemon after WATCHDOG seconds).

Each clerk only issues what is legal on their own clone (read with `show --json` first), and the
clerk who registered a case (its owner) is the only one who moves it on (final report, extend,
return, close, terminate); anyone acknowledges, reports progress or reminds. Two clerks never touch one
case on one day when the order of their steps would matter (which came first would be the merge's
guess). Every command that succeeded goes into the test's own ledger; a refused one (exit 1) did not
happen. The ledger uses no duban code, only what the commands print and the README's rules (duban
itself is driven through its command line only). Renumberings are followed from what `sync` prints,
and checked against the clone (by title and registrar) after every sync.

After all clones have synced until they converge: the clones are identical, `check` passes on each,
every case on every clone has the ledger's 状态, 办理时限, 考核时限 and 催办次数, every unit's
`stats --json` for two periods is the ledger's, and every event of the ledger is in the files.

The ledger follows the rule of DESIGN.md ("a case is its events"): the merged record is replayed in
date order; a step the README's table of states does not allow at that point is kept but void
(作废) and counts nowhere: a 催办 on a case already 待审核, 已办结 or 已终止, a 签收 outside 办理中 or
a second 签收 of one unit, a report after the case was closed (as duban refuses each of them locally).

On the code of 2026-12-04 this fails where issue 25 says the merged record is wrong: a case whose two
final reports came from two clones stays 办理中 (item 1); renumberings made by a retried push are not
told, or told from a number the clerk never saw (item 2); reminders from a clone that is behind are
counted, in 催办次数 and in stats' 催办 and 得分 (item 4); two offline reminders share a 催办文号 and
`check` fails on every clone (item 6); a second 签收 is not voided (item 8). And one not in the issue:
two identical events (one clerk's two progress reports of one unit on one day, a sync between them)
collapse into one 办理过程 event when merged with a clone that had the first (both reports stay in
办理报告).

The clerks' choices are deterministic for a seed (DUBAN_MONTH_SEED); which of two concurrent syncs wins
is not, and the ledger follows either. Every subprocess has a timeout, a watchdog kills the daemon
after WATCHDOG seconds, and the fixture's teardown kills it in any case.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import chinese_calendar
import pytest
from conftest import GIT_ENV, UNITS_FILE, Duban
from typer.testing import CliRunner

from duban.cli import app

pytestmark = pytest.mark.stress

HERE = Path(__file__).resolve().parent
TREE = HERE.parent.parent  # the duban tree being tested (subprocesses import it first)
MINUTES = HERE.parent / "minutes-example.txt"
SEED = int(os.environ.get("DUBAN_MONTH_SEED", "20261008"))
FIRST, LAST = date(2026, 10, 8), date(2026, 11, 6)
PERIODS = [("2026-10-01", "2026-11-06"), ("2026-10-12", "2026-10-23")]
CLERKS = ("李明", "王芳", "张伟")
CRON = "李明"  # cron runs on this clerk's clone
UNITS = ["区财政局", "区教育局", "区住房和城乡建设局", "区卫生健康局", "区民政局", "区城市管理局", "区交通运输局"]
SHORT = {"区财政局": "财政局", "区教育局": "教育局", "区住房和城乡建设局": "住建局", "区卫生健康局": "卫健局",
         "区民政局": "民政局", "区城市管理局": "城管局", "区交通运输局": "交通局"}  # fmt: skip
TOPICS = ["老旧小区改造", "学校扩容", "道路修缮", "社区养老", "垃圾分类", "医疗服务", "停车治理", "雨污分流"]
TIMEOUT = 120  # seconds, for each subprocess
WATCHDOG = 900  # seconds: then the daemon is killed, so that no in-process sync can wait on it for ever
# Steps of one case on one day by two clerks on two clones: which came first would be the merge's guess,
# so a clerk does not do one of these when another clerk did one of the others that day.
OWNER_STEPS = {"交办", "延期", "退回", "办结", "终止"}  # and a final report; 签收, 反馈 and 催办 are anyone's
RENAME = re.compile(r"本地新立项的 (\d{4}-\d{4,}) 与共享仓库重号，已改为 (\d{4}-\d{4,})")
DUPLICATE = re.compile(r"提示：事项 (\d{4}-\d{4,}) 与 (\d{4}-\d{4,}) 可能是重复登记")
BULLETIN_ITEM = re.compile(r"^\d+\. (\S+?)：“(.+?)”（(.+?)），")


# ---------------------------------------------------------------------------- the calendar (not duban's)


def is_workday(day: date) -> bool:
    if day.year > 2026:  # beyond the official data: only whether a report came before it matters here
        return day.weekday() < 5
    return bool(chinese_calendar.is_workday(day))


def workdays_after(day: date, count: int) -> date:
    while count:
        day += timedelta(days=1)
        count -= is_workday(day)
    return day


def effective(deadline: str) -> str:
    """A deadline on a rest day runs to the next working day (README: 时限落在休息日顺延)."""
    day = date.fromisoformat(deadline)
    while not is_workday(day):
        day += timedelta(days=1)
    return day.isoformat()


# ---------------------------------------------------------------------------- the ledger


@dataclass
class Event:
    seq: int  # the order in which it happened, across clerks
    day: str
    action: str  # 立项 交办 签收 反馈 催办 延期 退回 办结 终止
    who: str
    unit: str | None = None
    final: bool = False
    deadline: str | None = None
    leads: tuple[str, ...] = ()
    text: str | None = None
    way: str = "书面"
    kept: bool = True  # False: the side not kept when a field conflict was settled (`sync --keep`)


@dataclass
class Case:
    key: int
    title: str
    owner: str
    imported: bool = False
    events: list[Event] = field(default_factory=list)
    voided: str | None = None  # the day it was voided (作废: registered twice); it then counts nowhere


@dataclass
class Replay:
    status: str = "待交办"
    deadline: str | None = None  # 办理时限 (assigned or extended)
    assessed: str | None = None  # 考核时限
    leads: tuple[str, ...] = ()
    finals: dict[str, str] = field(default_factory=dict)  # unit -> date of its pending final report
    unit_deadline: dict[str, str] = field(default_factory=dict)  # unit -> deadline (redo period after a return)
    late: set[str] = field(default_factory=set)  # units whose returned report was already late
    closed: str | None = None
    since: str | None = None  # the day the status last changed
    on_time: dict[str, bool] = field(default_factory=dict)
    acked: set[str] = field(default_factory=set)
    void: dict[int, str] = field(default_factory=dict)  # seq of a void event -> why
    reminders: list[Event] = field(default_factory=list)  # the valid ones


def replay(case: Case, upto: str | None = None) -> Replay:
    """What the office should see: the events in date order (then the order they happened)."""
    state = Replay()
    for event in sorted(case.events, key=lambda e: (e.day, e.seq)):
        if upto is not None and event.day > upto:
            break
        before = state.status
        step(state, event)
        if state.status != before:
            state.since = event.day
    return state


def step(state: Replay, event: Event) -> None:
    """One event of the replay: what the README's table of states allows, else void."""
    if state.status == "已作废":  # README: a voided case is no longer used; nothing after it counts
        state.void[event.seq] = f"case 已作废 since {state.since}"
    elif event.action == "作废":
        state.status = "已作废"
    elif not event.kept:  # README (sync --keep): the side not kept stays in the file, marked 作废
        state.void[event.seq] = "the other side was kept (sync --keep 共享仓库)"
    elif event.action == "立项":
        state.status = "待交办"
    elif event.action == "交办":
        state.status, state.deadline, state.assessed, state.leads = (
            "办理中",
            event.deadline,
            event.deadline,
            event.leads,
        )
        state.unit_deadline = {unit: event.deadline or "" for unit in event.leads}
    elif event.action == "签收":  # README: only while 办理中, once per unit
        if event.unit in state.acked or state.status != "办理中":
            state.void[event.seq] = (
                "a second 签收" if event.unit in state.acked else f"case {state.status} since {state.since}"
            )
        else:
            state.acked.add(event.unit or "")
    elif event.action == "反馈":  # progress while 办理中 or 待审核, a final report while 办理中, once per unit
        if state.status not in ("办理中", "待审核") or (event.final and state.status != "办理中"):
            state.void[event.seq] = f"case {state.status} since {state.since}"
        elif event.final and event.unit in state.finals:
            state.void[event.seq] = f"a second final report of {event.unit}"
        elif event.final and event.unit in state.leads:
            state.finals[event.unit or ""] = event.day
            if set(state.finals) >= set(state.leads):
                state.status = "待审核"
    elif event.action == "催办":
        if state.status == "办理中":
            state.reminders.append(event)
        else:
            state.void[event.seq] = f"case {state.status} since {state.since}"
    elif event.action == "延期":
        assert state.assessed and event.deadline
        if event.day <= effective(state.assessed):
            state.assessed = event.deadline
            state.unit_deadline = {unit: event.deadline for unit in state.leads}
        state.deadline = event.deadline
    elif event.action == "退回":
        for unit, reported in state.finals.items():
            if reported > effective(state.unit_deadline[unit]) or unit in state.late:
                state.late.add(unit)
            else:
                # the redo period (5 working days after the return) never shortens the assessed deadline
                redo = workdays_after(date.fromisoformat(event.day), 5).isoformat()
                state.unit_deadline[unit] = max(redo, state.assessed or redo)
        state.finals, state.status = {}, "办理中"
    elif event.action == "办结":
        state.status, state.closed = "已办结", event.day
        for unit in state.leads:
            state.on_time[unit] = unit not in state.late and state.finals[unit] <= effective(state.unit_deadline[unit])
    elif event.action == "终止":
        state.status = "已终止"


def overdue(state: Replay, unit: str, on: str) -> bool:
    """README: a unit whose final report is in is not overdue; the due day itself is not; a report returned
    after it was already late stays late."""
    if state.status != "办理中" or unit in state.finals:
        return False
    return unit in state.late or on > effective(state.unit_deadline[unit])


COUNTS = ("交办", "已办结", "按期办结", "超期办结", "逾期未办结", "在办", "催办", "退回", "延期")


def blank() -> dict[str, Any]:
    return {key: 0 for key in COUNTS} | {"按期率": None, "得分": 100, "催办方式": Counter()}


def figures(cases: list[Case], start: str, end: str, today: str) -> dict[str, dict[str, Any]]:
    """Per lead unit, stats' figures as the README defines them."""
    table: dict[str, dict[str, Any]] = {}

    def row(unit: str) -> dict[str, Any]:
        return table.setdefault(unit, blank())

    cut = min(end, today)
    for case in cases:
        if case.voided:  # README (void): a voided case counts in no figure
            continue
        final = replay(case)
        at_cut = replay(case, cut)
        for event in case.events:
            if not start <= event.day <= end or event.seq in final.void:
                continue
            if event.action == "交办":
                for unit in event.leads:
                    row(unit)["交办"] += 1
            elif event.action in ("催办", "退回", "延期"):
                at = replay(case, event.day)
                for unit in at.leads:
                    row(unit)[event.action] += 1
                    if event.action == "催办":
                        row(unit)["催办方式"][event.way] += 1
        if final.closed and final.closed <= cut:  # 截至统计日: the period's end (or today), as 逾期未办结
            if start <= final.closed <= end:  # a close counts once, in the period of its date
                for unit in final.leads:
                    row(unit)["已办结"] += 1
                    row(unit)["按期办结" if final.on_time[unit] else "超期办结"] += 1
        for unit in at_cut.leads:  # at the period's end: overdue, or else still open (办理中, 待审核)
            if overdue(at_cut, unit, cut):
                row(unit)["逾期未办结"] += 1
            elif at_cut.status in ("办理中", "待审核"):
                row(unit)["在办"] += 1
    for values in table.values():
        rated = values["按期办结"] + values["超期办结"] + values["逾期未办结"]
        values["按期率"] = values["按期办结"] / rated if rated else None
        values["得分"] = max(
            0, 100 - 5 * values["超期办结"] - 10 * values["逾期未办结"] - 2 * values["退回"] - values["催办"]
        )
    return table


# ---------------------------------------------------------------------------- the shared server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop(daemon: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(daemon.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@pytest.fixture
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    base = tmp_path / "server"
    base.mkdir()
    subprocess.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(base / "office.git")],
                   check=True, timeout=TIMEOUT, capture_output=True)  # fmt: skip
    port = free_port()
    daemon = subprocess.Popen(
        ["git", "daemon", "--export-all", "--enable=receive-pack", f"--base-path={base}", "--listen=127.0.0.1",
         f"--port={port}", "--reuseaddr", str(base)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert daemon.poll() is None, "git daemon exited"
                assert time.monotonic() < deadline, "git daemon did not listen within 20 s"
                time.sleep(0.1)
        watchdog = threading.Timer(WATCHDOG, stop, (daemon,))
        watchdog.daemon = True
        watchdog.start()
        yield f"git://127.0.0.1:{port}/office.git"
        watchdog.cancel()
    finally:
        try:
            os.killpg(daemon.pid, signal.SIGTERM)
            daemon.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(daemon.pid, signal.SIGKILL)
            daemon.wait(timeout=10)


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=GIT_ENV,
                          timeout=TIMEOUT).stdout  # fmt: skip


def subprocess_env() -> dict[str, str]:
    path = os.environ.get("PYTHONPATH")
    return {**GIT_ENV, "PYTHONPATH": str(TREE) + (os.pathsep + path if path else "")}


# ---------------------------------------------------------------------------- the month


class Month:
    def __init__(self, clerks: dict[str, Duban], rng: random.Random) -> None:
        self.clerks = clerks
        self.rng = rng
        self.cases: list[Case] = []
        self.seq = 0
        self.views: dict[str, dict[str, Case]] = {name: {} for name in clerks}  # clerk -> local id -> case
        self.pending_assign: dict[int, str] = {}  # case key -> its owner, registered but not yet assigned
        self.findings: list[str] = []
        self.log: list[str] = []
        self.counter = Counter[str]()
        self.special: dict[str, Case] = {}
        self.extended_twice: Case | None = None

    # -- helpers
    def today(self, name: str) -> str:
        return self.clerks[name].today

    def add(self, case: Case, name: str, action: str, **kw: Any) -> Event:
        self.seq += 1
        event = Event(self.seq, self.today(name), action, name, **kw)
        case.events.append(event)
        self.counter[action] += 1
        return event

    def run(self, name: str, *args: str) -> Any:
        result = self.clerks[name](*args, ok=False)
        assert result.exit_code in (0, 1), f"{name}: duban {' '.join(args)} -> {result.exit_code}\n{result.output}"
        assert "Traceback" not in (result.stderr or ""), result.stderr
        if result.exit_code:
            self.counter["refused"] += 1
            self.log.append(f"{self.today(name)} {name} refused: {' '.join(args)}: {result.stderr.strip()}")
        return result

    def show(self, name: str, case_id: str) -> dict[str, Any] | None:
        result = self.clerks[name]("show", case_id, "--json", ok=False)
        return json.loads(result.stdout) if result.exit_code == 0 else None

    def local_id(self, name: str, case: Case) -> str | None:
        return next((i for i, c in self.views[name].items() if c is case), None)

    def refresh(self, name: str, told: dict[str, str], how: str = "sync") -> None:
        """Rebuild the clerk's map of local ids from its clone (by title and registrar); renumberings of
        the clerk's own cases not told by sync are findings."""
        listed = json.loads(self.clerks[name]("list", "--json").stdout)
        by_key = {(c.title, c.owner): c for c in self.cases}
        old = self.views[name]
        new: dict[str, Case] = {}
        for item in listed:
            registrar = next(e["经办人"] for e in item["办理过程"] if e["动作"] == "立项")
            case = by_key.get((item["标题"], registrar))
            if case is None:
                self.findings.append(f"{name}: case {item['编号']} {item['标题']} is not in the ledger")
                continue
            new[item["编号"]] = case
        for old_id, case in old.items():
            now = next((i for i, c in new.items() if c is case), None)
            if now is None:
                self.findings.append(f"{self.today(name)} {name}: case {old_id} ({case.title}) vanished from the clone")
            elif now != old_id and told.get(old_id) != now:
                self.findings.append(
                    f"{self.today(name)} {name}: {how} renumbered {old_id} -> {now} ({case.title}) but told "
                    + (", ".join(f"{a} -> {b}" for a, b in told.items()) or "nothing")
                )
        self.views[name] = new

    # -- sync
    def sync(self, name: str) -> None:
        result = self.run(name, "sync")
        self.after_sync(name, result.stdout, result.exit_code, result.stderr)

    def after_sync(self, name: str, out: str, code: int, err: str, how: str = "sync") -> None:
        told = dict(RENAME.findall(out))
        self.counter["renumbered"] += len(told)
        self.counter["sync"] += 1
        self.log.append(f"{self.today(name)} {name} {how} -> {code}: {out.strip()} {err.strip()}")
        self.refresh(name, told, how)
        self.void_duplicates(name, out + err)

    def void_duplicates(self, name: str, said: str) -> None:
        """README (同一件事登记了两次): the clerk told of a likely duplicate runs the suggested void of the
        local one, approved by the leader; the ledger records the case as 已作废 from today."""
        for mine, other in DUPLICATE.findall(said):
            self.counter["duplicate told"] += 1
            case, twin = self.views[name].get(mine), self.views[name].get(other)
            if case is None or twin is None or case.title != twin.title or case.voided:
                self.findings.append(
                    f"{self.today(name)} {name}: sync calls {mine} a duplicate of {other}, but the clone has "
                    f"{mine} = {case and case.title}, {other} = {twin and twin.title}"
                    + (f" ({mine} already voided on {case.voided})" if case and case.voided else "")
                )
                continue
            args = ["void", mine, "--reason", "重复登记", "--approved-by", "王建国"]
            result = self.run(name, *args)
            if result.exit_code:
                self.findings.append(
                    f"{self.today(name)} {name}: the suggested `duban {' '.join(args)}` is refused: "
                    + result.stderr.strip()
                )
                continue
            self.add(case, name, "作废")
            case.voided = self.today(name)

    def sync_together(self, names: list[str]) -> None:
        """Two clerks sync at the same moment: two processes."""
        jobs = []
        for name in names:
            clerk = self.clerks[name]
            command = [sys.executable, "-m", "duban", "--repo", str(clerk.root), "--as-of", clerk.today, "--by", name,
                       "sync"]  # fmt: skip
            jobs.append((name, subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                env=subprocess_env(), text=True)))  # fmt: skip
        for name, job in jobs:
            out, err = job.communicate(timeout=TIMEOUT)
            assert job.returncode in (0, 1), f"{name} sync -> {job.returncode}\n{err}"
            assert "Traceback" not in err, err
            self.counter["concurrent sync"] += 1
            if job.returncode:
                self.counter["refused"] += 1
            partner = next(n for n in names if n != name)
            self.after_sync(name, out, job.returncode, err, f"sync (at the same moment as {partner}'s)")

    # -- cron
    def cron(self) -> None:
        result = self.run(CRON, "overdue", "--remind", "--format", "json")
        if result.exit_code:
            return
        # a cron that fetches and merges first (issue 25) may bring or renumber cases: the clone is read again
        # what the sync before the reminders changed is told on stderr (cron mails both streams)
        self.refresh(CRON, dict(RENAME.findall(result.stdout + result.stderr)), "cron")
        out = result.stdout
        start = out.find("{")  # anything a fetching cron may say about the sync comes before its JSON
        for case_id in json.loads(out[start:] if start >= 0 else "{}").get("已催办", []):
            case = self.views[CRON].get(case_id)
            if case is None:
                self.findings.append(f"{self.today(CRON)} cron reminded {case_id}, which 李明's clone does not have")
                continue
            if case.voided and (self.show(CRON, case_id) or {}).get("状态") == "已作废":
                self.findings.append(
                    f"{self.today(CRON)} cron reminded {case_id} ({case.title}), voided on {case.voided}"
                    " (README: a voided case is in no overdue check)"
                )
            self.add(case, CRON, "催办", way="书面")
            self.counter["cron reminder"] += 1

    # -- a clerk's actions
    def register(self, name: str, assign_now: bool, leads: list[str] | None = None, days: int | None = None) -> Case:
        number = len(self.cases) + 1
        case = Case(number, f"月测{number:03d}号{self.rng.choice(TOPICS)}", name)
        result = self.run(name, "new", "--title", case.title, "--source-kind", "会议议定", "--leader", "王建国")
        assert result.exit_code == 0
        case_id = result.stdout.strip().splitlines()[0]
        self.cases.append(case)
        self.views[name][case_id] = case
        self.add(case, name, "立项")
        if assign_now:
            self.assign(name, case_id, case, leads, days)
        else:
            self.pending_assign[case.key] = name
        return case

    def assign(
        self, name: str, case_id: str, case: Case, leads: list[str] | None = None, days: int | None = None
    ) -> None:
        leads = leads or (self.rng.sample(UNITS, 2) if self.rng.random() < 0.12 else [self.rng.choice(UNITS)])
        days = days or self.rng.choice([3, 5, 5, 7, 10])
        args = ["assign", case_id, "--days", str(days)]
        for unit in leads:
            args += ["--lead-unit", SHORT[unit]]
        if self.rng.random() < 0.3:
            args += ["--co-unit", SHORT[self.rng.choice([u for u in UNITS if u not in leads])]]
        if self.run(name, *args).exit_code == 0:
            deadline = workdays_after(date.fromisoformat(self.today(name)), days).isoformat()
            self.add(case, name, "交办", deadline=deadline, leads=tuple(leads))
            self.pending_assign.pop(case.key, None)

    def acted_today(self, case: Case, owner_steps: bool, other_than: str) -> bool:
        """Whether another clerk did an owner's step (or, owner_steps False, anyone's step) on the case today."""
        today = self.today(other_than)
        return any(
            e.day == today and e.who != other_than and (e.action in OWNER_STEPS or e.final) == owner_steps
            for e in case.events
            if e.action not in ("立项",)
        )

    def act(self, name: str) -> None:
        """One thing a clerk does, chosen on their own clone's view."""
        rng = self.rng
        view = dict(sorted(self.views[name].items(), key=lambda item: item[1].key))  # not by id: ids race
        roll = rng.random()
        if roll < 0.16:
            self.register(name, assign_now=rng.random() < 0.75)
            return
        pending = [(i, c) for i, c in view.items() if self.pending_assign.get(c.key) == name]
        if pending and roll < 0.24:
            case_id, case = rng.choice(pending)
            shown = self.show(name, case_id)
            if shown and shown["状态"] == "待交办":
                self.assign(name, case_id, case)
            return
        if not view:
            return
        own = [item for item in view.items() if item[1].owner == name]
        case_id, case = rng.choice(own if own and rng.random() < 0.5 else list(view.items()))
        shown = self.show(name, case_id)
        if shown is None:
            return
        status = shown["状态"]
        leads = shown["主办单位"]
        mine = case.owner == name
        reported = {r["单位"] for r in shown["办理报告"] if r["办结"]}
        if status == "办理中":
            choice = rng.choices(
                ["ack", "progress", "remind", "final", "extend", "terminate"],
                weights=[3, 3, 3, 9 if mine else 0, 1.5 if mine else 0, 0.3 if mine else 0],
            )[0]
            unit = rng.choice(leads)
            if case in self.special.values() and choice in ("final", "extend", "terminate"):
                return  # left to their script until it has run
            if self.acted_today(case, choice in ("ack", "progress", "remind"), name):
                return  # see OWNER_STEPS
            if choice == "ack":
                acked = {e.get("单位") for e in shown["办理过程"] if e["动作"] == "签收"}
                if unit not in acked and self.run(name, "ack", case_id, "--unit", SHORT.get(unit, unit)).exit_code == 0:
                    self.add(case, name, "签收", unit=unit)
            elif choice == "progress":
                text = f"{case.title}进展{self.seq}"
                args = ["report", case_id, "--unit", SHORT.get(unit, unit), "--signer", "赵永刚", "--text", text]
                if self.run(name, *args).exit_code == 0:
                    self.add(case, name, "反馈", unit=unit, text=text)
            elif choice == "remind":
                if any(e.action == "催办" and e.who == name and e.day == self.today(name) for e in case.events):
                    return
                way = rng.choice(["书面", "书面", "电话"])
                if self.run(name, "remind", case_id, "--way", way).exit_code == 0:
                    self.add(case, name, "催办", way=way)
            elif choice == "final":
                todo = [u for u in leads if u not in reported]
                if not todo:
                    return
                unit = rng.choice(todo)
                text = f"{case.title}办结{self.seq}"
                args = [
                    "report",
                    case_id,
                    "--unit",
                    SHORT.get(unit, unit),
                    "--signer",
                    "赵永刚",
                    "--text",
                    text,
                    "--final",
                ]
                if self.run(name, *args).exit_code == 0:
                    self.add(case, name, "反馈", unit=unit, final=True, text=text)
            elif choice == "extend":
                returned = any(e.action == "退回" for e in case.events)
                current = shown["办理时限"]
                if returned or not current or self.today(name) > current:
                    return
                to = workdays_after(date.fromisoformat(current), rng.randint(2, 6)).isoformat()
                args = ["extend", case_id, "--to", to, "--reason", "需协调", "--approved-by", "王建国"]
                if self.run(name, *args).exit_code == 0:
                    self.add(case, name, "延期", deadline=to)
            elif choice == "terminate":
                args = ["terminate", case_id, "--reason", "情况变化", "--approved-by", "王建国"]
                if self.run(name, *args).exit_code == 0:
                    self.add(case, name, "终止")
        elif status == "待审核" and mine:
            if self.acted_today(case, False, name):
                return
            if len(leads) == 1 and rng.random() < 0.3:
                if self.run(name, "return", case_id, "--reason", "材料不全").exit_code == 0:
                    self.add(case, name, "退回")
            elif self.run(name, "close", case_id, "--approved-by", "王建国").exit_code == 0:
                self.add(case, name, "办结")

    def conflicting_extensions(self, first: str, second: str) -> bool:
        """Two clerks, each offline, extend one active case from the same deadline to different dates. The
        first syncs; the second's sync stops (README: 两边把同一字段改得不一样) and is settled with
        `sync --keep 共享仓库`: the first clerk's extension is the only effective one. False if no case fits."""
        candidates = []
        for case_id, case in sorted(self.views[first].items(), key=lambda item: item[1].key):
            other_id = self.local_id(second, case)
            if other_id is None or case in self.special.values() or case.voided:
                continue
            if any(e.action == "退回" for e in case.events) or any(e.day == self.today(first) for e in case.events):
                continue
            shown = [self.show(first, case_id), self.show(second, other_id)]
            if not all(s and s["状态"] == "办理中" for s in shown):
                continue
            current = shown[0]["办理时限"] if shown[0] else None
            if current and shown[1] and shown[1]["办理时限"] == current and self.today(first) <= current:
                candidates.append((case, case_id, other_id, current))
        if not candidates:
            return False
        case, first_id, second_id, current = self.rng.choice(candidates)
        self.extended_twice = case
        dates = {first: workdays_after(date.fromisoformat(current), 3).isoformat(),
                 second: workdays_after(date.fromisoformat(current), 5).isoformat()}  # fmt: skip
        events = {}
        for name, case_id in ((first, first_id), (second, second_id)):
            args = ["extend", case_id, "--to", dates[name], "--reason", "需协调", "--approved-by", "王建国"]
            result = self.run(name, *args)
            assert result.exit_code == 0, f"{name}: duban {' '.join(args)}: {result.stderr}"
            events[name] = self.add(case, name, "延期", deadline=dates[name])
        self.sync(first)
        result = self.run(second, "sync")
        said = result.stdout + result.stderr
        self.after_sync(second, result.stdout, result.exit_code, result.stderr)
        wanted = [dates[first], dates[second], "duban sync --keep 本地", "duban sync --keep 共享仓库"]
        if result.exit_code != 1 or not all(w in said for w in wanted):
            self.findings.append(
                f"{self.today(second)} {second}: two extensions of {second_id} from {current} ({first}: to "
                f"{dates[first]}, {second}: to {dates[second]}): sync exits {result.exit_code}, not 1 with both "
                f"values and both --keep commands: {said.strip()[:400]}"
            )
        result = self.run(second, "sync", "--keep", "共享仓库")
        self.after_sync(second, result.stdout, result.exit_code, result.stderr, "sync --keep 共享仓库")
        if result.exit_code:
            self.findings.append(f"{self.today(second)} {second}: sync --keep 共享仓库 fails: {result.stderr.strip()}")
        events[second].kept = False
        self.counter["field conflict settled"] += 1
        return True

    def import_minutes(self, name: str, meeting_day: str) -> None:
        args = ["import", "minutes", str(MINUTES), "--meeting", "区政府第15次常务会议", "--date", meeting_day,
                "--leader", "王建国", "--json"]  # fmt: skip
        result = self.run(name, *args)
        assert result.exit_code == 0, result.stderr
        for item in json.loads(result.stdout)["事项"]:
            case = Case(len(self.cases) + 1, item["标题"], name, imported=True)
            self.cases.append(case)
            self.views[name][item["编号"]] = case
            self.add(case, name, "立项")
            self.add(case, name, "交办", deadline=item["办理时限"], leads=tuple(item["主办单位"]))
            self.counter["imported"] += 1


def workdays() -> list[str]:
    days, day = [], FIRST
    while day <= LAST:
        if is_workday(day):
            days.append(day.isoformat())
        day += timedelta(days=1)
    return days


def files(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted((root / "cases").rglob("*.yaml"))}


def test_a_month_of_three_clerks_and_cron(server: str, tmp_path: Path) -> None:
    started = time.monotonic()
    days = workdays()
    assert len(days) >= 20 and "2026-10-10" in days and "2026-10-11" not in days
    # the ledger's calendar agrees with duban's on every day of the month
    runner = CliRunner()
    for day in days[:-1]:
        shown = runner.invoke(app, ["workdays", day, "1"]).stdout.strip()
        assert shown.startswith(workdays_after(date.fromisoformat(day), 1).isoformat()), (day, shown)

    root = tmp_path / "setup"  # the office is made once, pushed, and each clerk clones it
    made = runner.invoke(app, ["--by", "李明", "init", str(root), "--office", "示范区人民政府办公室",
                               "--units", str(UNITS_FILE)])  # fmt: skip
    assert made.exit_code == 0, made.output
    git("remote", "add", "origin", server, cwd=root)
    assert "首次" in Duban(root, today="2026-10-08", by="李明")("sync").stdout
    clerks: dict[str, Duban] = {}
    for name in CLERKS:
        git("clone", "--quiet", server, str(tmp_path / name), cwd=tmp_path)
        clerks[name] = Duban(tmp_path / name, today="2026-10-08", by=name)
    rng = random.Random(SEED)
    month = Month(clerks, rng)

    offline = {name: set(rng.sample(days[3:-3], 5)) for name in CLERKS}  # days a clerk does not sync
    for start in rng.sample(range(4, len(days) - 4, 3), 2):  # and 李明, whose clone cron uses, twice two days running
        offline[CRON] |= {days[start], days[start + 1]}
    two_leads_day, finals_day, acks_day, twice_day, minutes_day = days[1], days[4], days[6], days[7], days[9]
    conflict_day = days[11]
    for index, day in enumerate(days):
        for clerk in clerks.values():
            clerk.today = day
        # cron on 李明's clone, sometimes before 李明 has synced this morning
        if rng.random() < 0.5:
            month.sync(CRON)
            month.cron()
        else:
            month.cron()
        # scripted situations
        if day == two_leads_day:
            case = month.register("李明", assign_now=True, leads=["区财政局", "区教育局"], days=10)
            month.special["two leads"] = case
            month.sync("李明")
        if day == days[2]:
            case = month.register("李明", assign_now=True, leads=["区民政局"], days=10)
            month.special["acked twice"] = case
            month.sync("李明")
            for name in CLERKS[1:]:
                month.sync(name)
        if day == finals_day:  # two clerks record the two lead units' final reports, each offline
            case = month.special["two leads"]
            for name, unit in (("王芳", "区财政局"), ("张伟", "区教育局")):
                case_id = month.local_id(name, case)
                assert case_id, f"{name} does not have the two-lead case"
                text = f"{case.title}办结{unit}"
                args = ["report", case_id, "--unit", SHORT[unit], "--signer", "赵永刚", "--text", text, "--final"]
                if month.run(name, *args).exit_code == 0:
                    month.add(case, name, "反馈", unit=unit, final=True, text=text)
        if day == acks_day:  # one unit acknowledged on two clones
            case = month.special["acked twice"]
            for name in ("王芳", "张伟"):
                case_id = month.local_id(name, case)
                if case_id and month.run(name, "ack", case_id, "--unit", "民政局").exit_code == 0:
                    month.add(case, name, "签收", unit="区民政局")
        if day == twice_day:  # one clerk records two progress reports of one unit in a day, syncing in between,
            case = month.special["acked twice"]  # while a colleague who has the first one adds a step of his own
            for name, step in (("王芳", "report"), ("王芳", "sync"), ("李明", "sync"), ("李明", "report"),
                               ("王芳", "report"), ("王芳", "sync"), ("李明", "sync")):  # fmt: skip
                case_id = month.local_id(name, case)
                if step == "sync":
                    month.sync(name)
                    continue
                text = f"{case.title}进展{month.seq}"
                args = ["report", case_id or "", "--unit", "民政局", "--signer", "赵永刚", "--text", text]
                if case_id and month.run(name, *args).exit_code == 0:
                    month.add(case, name, "反馈", unit="区民政局", text=text)
        if day >= conflict_day and month.extended_twice is None:  # a field conflict, settled
            month.conflicting_extensions("王芳", "张伟")
        if day == minutes_day:  # the same minutes imported on two clones the same day
            month.import_minutes("王芳", day)
            month.import_minutes("张伟", day)
        # each clerk's day: some steps, syncs at random points, sometimes two clerks at once
        plans: dict[str, list[str]] = {}
        for name in CLERKS:
            steps = ["act"] * rng.randint(4, 8)
            if day not in offline[name]:
                for _ in range(rng.choice([1, 1, 2])):
                    steps.insert(rng.randint(0, len(steps)), "sync")
            plans[name] = steps
        while any(plans.values()):
            name = rng.choice([n for n in CLERKS if plans[n]])
            step = plans[name].pop(0)
            if step == "act":
                month.act(name)
                continue
            partner = [n for n in CLERKS if n != name and plans[n] and plans[n][0] == "sync"]
            if partner and rng.random() < 0.6:
                plans[partner[0]].pop(0)
                month.sync_together([name, partner[0]])
            elif rng.random() < 0.15:
                other = rng.choice([n for n in CLERKS if n != name])
                month.sync_together([name, other])
            else:
                month.sync(name)
        assert time.monotonic() - started < 900, f"the month is too slow: day {index + 1} of {len(days)}"

    # all clones sync until they converge
    for _ in range(3):
        for name in CLERKS:
            month.sync(name)
    simulated = time.monotonic() - started

    failures: list[str] = list(month.findings)
    roots = {name: clerk.root for name, clerk in clerks.items()}
    contents = {name: files(root) for name, root in roots.items()}
    for name in CLERKS[1:]:
        if contents[name] != contents[CLERKS[0]]:
            differ = sorted(
                p for p in set(contents[name]) | set(contents[CLERKS[0]])
                if contents[name].get(p) != contents[CLERKS[0]].get(p)
            )  # fmt: skip
            failures.append(f"converge: {name}'s case files differ from {CLERKS[0]}'s: {differ[:10]}")
    for name, clerk in clerks.items():
        checked = clerk("check", ok=False)
        if checked.exit_code != 0:
            problems = (checked.stdout + checked.stderr).strip().splitlines()
            failures.append(
                f"check on {name} exits {checked.exit_code}, {len(problems)} lines: " + " | ".join(problems[:3])
            )
        if clerk.git("status", "--porcelain"):
            failures.append(f"{name}'s clone has uncommitted changes: {clerk.git('status', '--porcelain')[:300]}")

    # every case, on every clone, as the ledger says
    ids: dict[int, str] = {}
    for name in CLERKS:
        for case_id, case in month.views[name].items():
            ids.setdefault(case.key, case_id)
            if ids[case.key] != case_id:
                failures.append(f"case {case.title}: {ids[case.key]} on one clone, {case_id} on {name}'s")
    for case in month.cases:
        if case.key not in ids:
            failures.append(f"case {case.title} (registered by {case.owner}) is on no clone")
            continue
        case_id = ids[case.key]
        expected = replay(case)
        for name in CLERKS:
            shown = month.show(name, case_id)
            if shown is None:
                failures.append(f"{case_id} ({case.title}): show fails on {name}'s clone")
                continue
            mine = {
                "状态": expected.status,
                "办理时限": expected.deadline,
                "考核时限": expected.assessed and effective(expected.assessed),
                "催办次数": len(expected.reminders),
            }
            if shown.get("时限暂按法定节假日推算"):
                # a year the official schedule does not cover yet: duban's estimate (README) is its own
                # rule, not the ledger's, and is marked provisional where shown
                mine.pop("考核时限")
            if case.voided:  # README (void): 已作废; what else it shows is no figure
                mine = {"状态": expected.status}
            for key, value in mine.items():
                if shown.get(key) != value:
                    failures.append(f"{case_id} {key}: ledger {value!r}, {name}'s clone {shown.get(key)!r}")
            if name != CLERKS[0]:
                continue
            # nothing recorded is lost, and what the rule voids is marked void
            recorded = list(shown["办理过程"])
            acks: dict[str, list[int]] = {}
            why: dict[str, list[str]] = {}
            for event in case.events:
                if event.action == "签收":
                    acks[event.unit or ""] = [0, 0]
                    if event.seq in expected.void:
                        reason = f"{event.day} by {event.who}: {expected.void[event.seq]}"
                        why.setdefault(event.unit or "", []).append(reason)
            for event in sorted(case.events, key=lambda e: e.seq):
                match = next(
                    (
                        r for r in recorded
                        if r["日期"] == event.day and r["动作"] == event.action
                        and ((event.action in ("立项", "交办") and case.imported) or r.get("经办人") == event.who)
                        and r.get("单位", event.unit) == event.unit
                        and (event.action != "反馈" or bool(r.get("办结")) == event.final)
                        and (event.action != "交办" or r.get("办理时限") == event.deadline)
                        and (event.action != "延期" or r.get("延期至") == event.deadline)
                    ),
                    None,
                )  # fmt: skip
                if match is None:
                    what = (event.day, event.action, event.who, event.unit)
                    alike = [e for e in case.events if (e.day, e.action, e.who, e.unit) == what]
                    in_file = [
                        r for r in shown["办理过程"] if (r["日期"], r["动作"], r.get("经办人"), r.get("单位")) == what
                    ]
                    failures.append(
                        f"{case_id}: the {event.day} {event.action} {event.unit or ''} by {event.who} is lost"
                        f" (办理过程 has {len(in_file)} of the ledger's {len(alike)} such events)"
                    )
                    continue
                recorded.remove(match)
                void = event.seq in expected.void
                if event.action == "签收":  # which of two same-day 签收 is the second is the merge's choice
                    acks[event.unit or ""][0] += not void
                    acks[event.unit or ""][1] += "作废" not in match
                    continue
                if case.voided and event.day >= case.voided:
                    continue  # steps of the day it was voided or after (on a clone that did not have it yet)
                if void != ("作废" in match):
                    failures.append(
                        f"{case_id}: the {event.day} {event.action} {event.unit or ''} by {event.who} should "
                        + (f"be void (作废: {expected.void[event.seq]})" if void else "count")
                        + f", the file has {match}"
                    )  # fmt: skip
            for unit, (ledger_count, file_count) in acks.items():
                if ledger_count != file_count:
                    failures.append(
                        f"{case_id}: {unit} has {file_count} effective 签收 in the file, the ledger {ledger_count}"
                        f" (void: {'; '.join(why.get(unit, []))})"
                    )
            texts = [r["内容"] for r in shown["办理报告"]]
            for event in case.events:
                if event.text and event.text not in texts:
                    failures.append(f"{case_id}: the report {event.text!r} is lost")

    # every unit's figures, on every clone, as the ledger computes them
    for start, end in PERIODS:
        expected_rows = figures(month.cases, start, end, days[-1])
        for name, clerk in clerks.items():
            rows = {r["单位"]: r for r in json.loads(clerk("stats", "--from", start, "--to", end, "--json").stdout)}
            for unit, row in rows.items():
                mine = expected_rows.get(unit) or blank()
                for key, value in mine.items():
                    theirs = row.get(key)
                    if key == "催办方式":
                        theirs = {k: v for k, v in (theirs or {}).items() if v}
                        value = dict(value)
                    elif key == "按期率" and value is not None and theirs is not None:  # stats rounds it (0.3333)
                        if abs(value - theirs) < 0.001:
                            continue
                    if theirs != value:
                        failures.append(
                            f"stats {start}..{end} {unit} {key}: ledger {value!r}, {name}'s clone {theirs!r}"
                        )

    if month.extended_twice is None:
        failures.append("no active case fit the two conflicting extensions (field conflict) on any day")

    # the recorded bulletin of October: what it names, and its totals, are the ledger's; every clone has its 通报
    failures += recorded_bulletin(month, days[-1])

    (tmp_path / "month-ledger.json").write_text(
        json.dumps(
            {
                "cases": [
                    {"id": ids.get(c.key), "title": c.title, "owner": c.owner,
                     "events": [e.__dict__ for e in sorted(c.events, key=lambda e: (e.day, e.seq))]}
                    for c in month.cases
                ],
                "log": month.log,
                "failures": failures,
            },
            ensure_ascii=False, indent=1, default=str,
        ),
        encoding="utf-8",
    )  # fmt: skip
    summary = (
        f"seed {SEED}: {len(days)} working days, {len(month.cases)} cases, {month.seq} events, "
        f"{dict(month.counter)}, simulated in {simulated:.0f} s"
    )
    print(summary)
    kinds = Counter(kind(failure) for failure in failures)
    assert not failures, (
        summary + f"\n{len(failures)} differences ({', '.join(f'{k}: {n}' for k, n in kinds.items())}):\n"
        + "\n".join(failures[:150])
    )  # fmt: skip


def recorded_bulletin(month: Month, today: str) -> list[str]:
    """`bulletin --record` for October on one clone, then every clone syncs: the cases it criticises (overdue at
    the period's end, closed late in it) and its totals are the ledger's, and each named case has a 通报 event."""
    failures: list[str] = []
    start, end = "2026-10-01", "2026-10-31"
    cut = min(end, today)
    clerk = month.clerks[CRON]
    result = month.run(CRON, "bulletin", "--from", start, "--to", end, "--record", "--format", "md", "-o", "-")
    if result.exit_code:
        return [f"bulletin --record {start}..{end} on {CRON}'s clone fails: {result.stderr.strip()}"]
    text = result.stdout
    by_number = {item.get("文号"): item["编号"] for item in json.loads(clerk("list", "--json").stdout)}
    cases = {case_id: case for case_id, case in month.views[CRON].items()}
    named: dict[str, set[tuple[str, int]]] = {"overdue": set(), "late": set()}
    section = None
    for line in text.splitlines():
        if line.startswith("###"):
            section = "overdue" if "逾期未办结的事项" in line else "late" if "超期办结的事项" in line else None
            continue
        found = BULLETIN_ITEM.match(line)
        if section and found:
            unit, title, number = found.groups()
            case = cases.get(by_number.get(number, ""))
            if case is None or case.title != title:
                failures.append(f"bulletin names {unit}: “{title}”（{number}）, which is no case of the clone's")
                continue
            named[section].add((unit, case.key))
    month.counter["bulletin: overdue named"] = len(named["overdue"])
    month.counter["bulletin: closed late named"] = len(named["late"])
    expected: dict[str, set[tuple[str, int]]] = {"overdue": set(), "late": set()}
    totals = Counter[str]()
    for case in month.cases:
        if case.voided:
            continue
        final, at_cut = replay(case), replay(case, cut)
        totals["交办"] += any(
            e.action == "交办" and start <= e.day <= end and e.seq not in final.void for e in case.events
        )
        if final.closed and start <= final.closed <= cut:
            late = [unit for unit in final.leads if not final.on_time[unit]]
            expected["late"] |= {(unit, case.key) for unit in late}
            totals["超期办结" if late else "按期办结"] += 1
        units_overdue = [unit for unit in at_cut.leads if overdue(at_cut, unit, cut)]
        expected["overdue"] |= {(unit, case.key) for unit in units_overdue}
        if units_overdue:
            totals["逾期未办结"] += 1
        elif at_cut.status in ("办理中", "待审核"):
            totals["在办"] += 1
    titles = {case.key: case.title for case in month.cases}
    for section, what in (("overdue", "criticised as overdue"), ("late", "criticised as closed late")):
        for unit, key in sorted(expected[section] - named[section]):
            failures.append(f"bulletin {start}..{end}: {unit} {titles[key]} should be {what}, it is not named")
        for unit, key in sorted(named[section] - expected[section]):
            failures.append(f"bulletin {start}..{end}: {unit} {titles[key]} is {what}, the ledger says it is not")
    said = re.search(
        r"本期共交办督办事项(\d+)项；办结\d+项，其中按期办结(\d+)项、超期办结(\d+)项；截至.+?，逾期未办结(\d+)项，在办(\d+)项",
        text,
    )
    if said is None:
        failures.append(f"bulletin {start}..{end}: no totals line in {text[:300]!r}")
    else:
        for key, value in zip(("交办", "按期办结", "超期办结", "逾期未办结", "在办"), said.groups(), strict=True):
            if int(value) != totals[key]:
                failures.append(f"bulletin {start}..{end} total {key}: ledger {totals[key]}, the bulletin {value}")
    known = len(month.findings)
    for _ in range(2):
        for name in CLERKS:
            month.sync(name)
    failures += [f"after the bulletin: {finding}" for finding in month.findings[known:]]
    for name in CLERKS:
        for key in sorted({key for _, key in named["overdue"] | named["late"]}):
            case_id = month.local_id(name, next(c for c in month.cases if c.key == key))
            shown = month.show(name, case_id) if case_id else None
            if shown is None or not any(e["动作"] == "通报" for e in shown["办理过程"]):
                failures.append(f"{case_id} ({titles[key]}, named in the bulletin): no 通报 event on {name}'s clone")
    return failures


def kind(failure: str) -> str:
    """A failure's kind, for the summary line."""
    for words, name in (
        ("renumbered", "renumbering not told"), ("converge", "clones differ"), ("check on", "check fails"),
        ("uncommitted", "uncommitted"), ("is lost", "lost"), ("effective 签收", "second 签收 not void"),
        ("should be void", "void not marked"), ("should count", "voided wrongly"), ("状态", "status"),
        ("催办次数", "reminder count"), ("办理时限", "deadline"), ("stats", "stats"),
    ):  # fmt: skip
        if words in failure:
            return name
    return "other"
