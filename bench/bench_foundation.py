"""Benchmark of the foundation: working-day arithmetic and reading an office of N cases.

    .venv/bin/python bench/bench_foundation.py [--cases 10000] [--runs 5]

Builds an office of N cases in a temporary folder (files written directly, no git), then
prints the median of several runs for: 10,000 deadline computations, reading all cases
cold (no cache) and warm (cache valid), and `duban list` as a whole process, warm.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from duban import store
from duban.calendar import WorkCalendar
from duban.config import Unit
from duban.model import Case, Event, Source, case_to_mapping
from duban.usecases.registry import units_yaml
from duban.yamlio import dump_new

UNITS = ["区财政局", "区教育局", "区住房和城乡建设局", "区民政局", "区城市管理局", "区卫生健康局"]
KINDS = ["领导批示", "会议议定", "政府工作报告", "人大建议", "群众关切"]


def build(root: Path, count: int) -> None:
    rng = random.Random(7)
    calendar = WorkCalendar()
    (root / "cases" / "2026").mkdir(parents=True)
    config = "机关名称: 基准测试办公室\n单位:\n" + "".join(
        f"  {line}\n" for line in units_yaml(Unit(name=u) for u in UNITS).splitlines()
    )
    (root / "config.yaml").write_text(config, encoding="utf-8")
    for serial in range(1, count + 1):
        registered = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(300))
        assigned = registered + dt.timedelta(days=rng.randrange(3))
        days = rng.choice([3, 5, 7, 15])
        lead = rng.choice(UNITS)
        case = Case(
            id=f"2026-{serial:04d}",
            doc_number=f"督〔2026〕{serial}号",
            title=f"第{serial}项督办事项：加快推进重点项目建设",
            source=Source(rng.choice(KINDS), "区政府常务会议纪要", registered),
            content="请按期完成并书面报告办理情况。\n会议要求各单位切实履行职责。\n",
            lead_units=(lead,),
            co_units=tuple(u for u in rng.sample(UNITS, 2) if u != lead),
            registered=registered,
            assigned=assigned,
            deadline=calendar.add_workdays(assigned, days).date,
            deadline_days=days,
            status="办理中",
            events=(Event(registered, "立项", "李明"), Event(assigned, "交办", "李明", "印发政务督办通知")),
        )
        (root / "cases" / "2026" / f"{case.id}.yaml").write_text(dump_new(case_to_mapping(case)), encoding="utf-8")


def median_seconds(action, runs: int) -> float:  # type: ignore[no-untyped-def]
    action()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="duban-bench-"))
    try:
        started = time.perf_counter()
        build(root, args.cases)
        print(f"建立 {args.cases} 个事项：{time.perf_counter() - started:.1f} s（不计入）")

        calendar = WorkCalendar()
        starts = [dt.date(2026, 1, 1) + dt.timedelta(days=i % 365) for i in range(10_000)]
        compute = median_seconds(
            lambda: [calendar.add_workdays(s, 5 + i % 10) for i, s in enumerate(starts)], args.runs
        )

        def cold() -> None:
            shutil.rmtree(root / ".duban", ignore_errors=True)
            store.Office(root).cases()

        cold_time = median_seconds(cold, args.runs)
        store.Office(root).cases()
        store.parse_count = 0
        warm_time = median_seconds(lambda: store.Office(root).cases(), args.runs)
        parsed_warm = store.parse_count

        duban = [sys.executable, "-m", "duban", "--repo", str(root), "list"]
        env = dict(os.environ, DUBAN_TODAY="2026-11-23")
        process = median_seconds(lambda: subprocess.run(duban, env=env, check=True, capture_output=True), args.runs)

        print(f"{'项目':<28}{'中位数':>10}")
        print(f"{'10,000 次办理时限计算':<26}{compute * 1000:>10.1f} ms")
        print(f"{f'读取 {args.cases} 个事项（冷，无缓存）':<24}{cold_time * 1000:>10.0f} ms")
        label = f"读取 {args.cases} 个事项（热，有缓存）"
        print(f"{label:<24}{warm_time * 1000:>10.0f} ms（重新解析 {parsed_warm} 个文件）")
        print(f"{'duban list 整个进程（热）':<25}{process * 1000:>10.0f} ms")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
