"""Fifty processes at once on one office: clerks registering, reporting, reminding, two cron jobs
running `overdue --remind` and a clerk's `remind --overdue`. Every command succeeds, every change
it reported is there, no case is reminded automatically twice in a day, and the office is whole.
Also: a 9,000-row table registers in one commit, with numbers past 9999 where the year needs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GIT_ENV, Duban

pytestmark = pytest.mark.stress

PROCESSES = 50


def test_fifty_processes_at_once_lose_nothing(office: Duban) -> None:
    office.today = "2026-09-01"
    late = [office.new(f"逾期事项{i}", "--lead-unit", "财政局") for i in range(3)]
    for case in late:
        office("assign", case, "--deadline", "2026-09-02")
    busy = office.new("在办事项", "--lead-unit", "教育局")
    office("assign", busy, "--deadline", "2027-06-30")
    base = [sys.executable, "-m", "duban", "--repo", str(office.root), "--as-of", "2026-09-10"]
    plan: list[tuple[str, list[str]]] = []
    for index in range(PROCESSES):
        kind = ("new", "report", "remind", "cron", "new", "report", "clerk-overdue", "cron", "read", "report")[
            index % 10
        ]
        if kind == "new":
            args = ["--by", "李明", "new", "--title", f"并发立项{index}", "--source-kind", "会议议定"]
        elif kind == "report":
            args = ["--by", "王芳", "report", busy, "--unit", "教育局", "--signer", "吴晓梅", "--text", f"进展{index}"]
        elif kind == "remind":
            args = ["--by", "王芳", "remind", busy, "--note", f"电话{index}"]
        elif kind == "read":
            args = ["--by", "王芳", "overdue", "--format", "json"]
        elif kind == "clerk-overdue":
            args = ["--by", "王芳", "remind", "--overdue"]
        else:
            args = ["--by", "李明", "overdue", "--remind", "--quiet"]
        plan.append((kind, args))
    jobs = [
        (kind, args, subprocess.Popen([*base, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=GIT_ENV))
        for kind, args in plan
    ]
    for kind, args, job in jobs:
        _, err = job.communicate(timeout=600)
        assert job.returncode == 0, (kind, args, err.decode("utf-8"))
        assert b"Traceback" not in err
    listed = office("list", "--json").stdout
    titles = {c["标题"] for c in json.loads(listed)}
    for kind, args in plan:
        if kind == "new":
            assert args[args.index("--title") + 1] in titles
    shown = json.loads(office("show", busy, "--json").stdout)
    reports = {r["内容"] for r in shown["办理报告"]}
    assert reports == {args[-1] for kind, args in plan if kind == "report"}
    assert shown["催办次数"] == sum(1 for kind, _ in plan if kind == "remind")
    for case in late:
        assert json.loads(office("show", case, "--json").stdout)["催办次数"] == 1  # once a day, however many crons
    assert office("check").exit_code == 0
    assert office.git("status", "--porcelain") == ""
    subprocess.run(["git", "fsck", "--no-dangling"], cwd=office.root, check=True, capture_output=True)


def test_nine_thousand_rows_commit_and_number_past_9999(office: Duban, tmp_path: Path) -> None:
    rows = ["工作任务,牵头单位,完成时限"] + [f"第{i}项重点任务,住建局,2026-12-31" for i in range(9000)]
    table = tmp_path / "大表.csv"
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    retired = office.root / "cases" / "2026" / ".retired"
    retired.parent.mkdir(parents=True, exist_ok=True)
    retired.write_text("2026-5000\n", encoding="utf-8")
    office.git("add", "cases/2026/.retired")
    office.git("commit", "-q", "-m", "编号")
    office.today = "2026-09-15"
    before = office.commits()
    office("import", "table", str(table))
    assert office.commits() == before + 1
    ids = [line.split("\t")[0] for line in office("list").stdout.splitlines()]
    assert ids[0] == "2026-5001" and ids[-1] == "2026-14000" and "2026-10000" in ids
    assert ids.index("2026-9999") + 1 == ids.index("2026-10000")
    assert office("check").exit_code == 0
