"""duban's benchmark: an office of N cases, the commands a 督办室 runs, and Taskwarrior as the peer.

    .venv/bin/python bench/bench.py [--cases 10000] [--runs 5] [--keep DIR]

Builds the office through duban's own import (a task table of N rows), then moves a realistic
share of the cases along the procedure (reports, reminders, extensions, closing, archiving)
in one bench commit. Measures wall time and peak memory (median of --runs after a warm-up)
of each command as a separate process, and runs `task overdue` (Taskwarrior 2.6) on the same
N items alternately with `duban overdue --format plain`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"
UNITS = [
    "区发展和改革局",
    "区财政局",
    "区住房和城乡建设局",
    "区自然资源局",
    "区教育局",
    "区卫生健康局",
    "区应急管理局",
    "区市场监督管理局",
    "区交通运输局",
    "区城市管理局",
    "区民政局",
    "区人力资源和社会保障局",
]
TASKS = ["加快推进", "研究提出", "组织开展", "督促落实", "完成", "做好"]
OBJECTS = ["老旧小区改造", "背街小巷整治", "学位保障", "医保参保扩面", "安全生产检查", "农贸市场升级", "公交线路优化"]


def duban(office: Path, *args: str, today: str = TODAY) -> list[str]:
    return [sys.executable, "-m", "duban", "--repo", str(office), "--as-of", today, "--by", "李明", *args]


def run(command: list[str], env: dict[str, str] | None = None) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)


def measure(
    command: list[str], runs: int, before: object = None, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Median seconds and peak MB (max RSS of the child) over runs, after one warm-up."""
    times, peaks = [], []
    for index in range(runs + 1):
        if callable(before):
            before()
        started = time.perf_counter()
        usage_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if index:
            times.append(elapsed)
            peaks.append(max(peak, usage_before) / 1024)
    return statistics.median(times), max(peaks)


def peak_of(command: list[str], env: dict[str, str] | None = None) -> float:
    """Peak RSS in MB of one run, measured by the child itself through /usr/bin/time when present."""
    if shutil.which("time") is None and not Path("/usr/bin/time").exists():
        return float("nan")
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[3:])} 失败：{done.stderr.strip()}")
    return int(done.stderr.strip().splitlines()[-1]) / 1024


def build(office: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    env = dict(os.environ)
    run(
        [
            sys.executable,
            "-m",
            "duban",
            "--by",
            "李明",
            "init",
            str(office),
            "--office",
            "基准测试区人民政府办公室",
            "--units",
            str(ROOT / "tests" / "units-example.yaml"),
        ],
        env,
    )
    # Register through duban's own import: monthly tables ending in November 2026, a year of them,
    # or more years for a larger office (ids are numbered per year, at most 9,999 a year).
    span = 12 * max(1, -(-count // 9000))
    months = []
    year, month = 2026, 11
    for _ in range(span):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    months.reverse()
    per_month = [count // span + (1 if m < count % span else 0) for m in range(span)]
    serial = 0
    for (year, month), rows in zip(months, per_month, strict=True):
        table = office / f"month-{month}.csv"
        with open(table, "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(["工作任务", "牵头单位", "配合单位", "完成时限"])
            for _ in range(rows):
                serial += 1
                lead = rng.choice(UNITS)
                co = "、".join(u for u in rng.sample(UNITS, rng.randrange(3)) if u != lead)
                title = f"{rng.choice(TASKS)}{rng.choice(OBJECTS)}第{serial}项"
                due = dt.date(year, month, 1) + dt.timedelta(days=rng.randrange(10, 75))
                writer.writerow([title, lead, co, due.isoformat()])
        run(duban(office, "import", "table", str(table), today=f"{year}-{month:02d}-01"), env)
        table.unlink()
    _advance(office, rng)


def _advance(office: Path, rng: random.Random) -> None:
    """Move cases along the procedure in-process, as clerks would have over the year; one commit."""
    sys.path.insert(0, str(ROOT))
    from duban import lifecycle
    from duban.audit.git import CommitMessage, Git
    from duban.model import case_path
    from duban.store import Office

    store = Office(office)
    today = dt.date.fromisoformat(TODAY)
    changed = []
    for case in store.cases():
        assert case.deadline is not None and case.assigned is not None
        roll = rng.random()
        day = min(case.assigned + dt.timedelta(days=rng.randrange(1, 20)), today)
        try:
            if case.deadline < today - dt.timedelta(days=20) and roll < 0.93:
                finish = (
                    case.deadline - dt.timedelta(days=rng.randrange(0, 5))
                    if roll < 0.8
                    else case.deadline + dt.timedelta(days=3)
                )
                finish = max(finish, case.assigned)
                case, _ = lifecycle.report(case, case.lead_units[0], "负责人", "已办结。", True, finish, "李明")
                case, _ = lifecycle.close(case, finish, "王芳")
                if roll < 0.5 and finish < dt.date(2026, 5, 31) and finish >= case.assigned:
                    case, _ = lifecycle.archive(case, dt.date(2026, 6, 1), "赵敏")
            elif roll < 0.3:
                case, _ = lifecycle.report(case, case.lead_units[0], "负责人", "进展顺利。", False, day, "李明")
            elif roll < 0.35 and day <= case.deadline:
                case, _ = lifecycle.extend(case, case.deadline + dt.timedelta(days=30), "需协调", "张强", day, "王芳")
            elif roll < 0.4 and case.deadline < day:
                case, _ = lifecycle.remind(case, day, "王芳")
            else:
                continue
        except Exception:
            continue
        changed.append(case)
    for case in changed:
        store.write_text(case_path(case.id), store.render_case(case))
    Git(office).commit([case_path(c.id) for c in changed], CommitMessage("基准", "", "模拟一年的办理过程"), "李明")


def taskwarrior_data(office: Path, folder: Path) -> dict[str, str]:
    """The same items in Taskwarrior: description, due date, project; closed cases completed."""
    sys.path.insert(0, str(ROOT))
    from duban.store import Office

    data = folder / "data"
    data.mkdir(parents=True)
    rc = folder / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\ngc=off\n", encoding="utf-8")
    lines = []
    for case in Office(office).cases():
        item = {
            "description": case.title,
            "project": f"u{UNITS.index(case.lead_units[0]) if case.lead_units and case.lead_units[0] in UNITS else 99}",
            "due": case.deadline.strftime("%Y%m%dT000000Z") if case.deadline else None,
            "entry": case.registered.strftime("%Y%m%dT000000Z"),
            "status": "pending" if case.is_open else "completed",
        }
        if not case.is_open:
            item["end"] = case.events[-1].date.strftime("%Y%m%dT000000Z")
        lines.append(json.dumps({k: v for k, v in item.items() if v is not None}, ensure_ascii=False))
    source = folder / "tasks.json"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = dict(os.environ, TASKRC=str(rc))
    subprocess.run(["task", "import", str(source)], check=True, capture_output=True, env=env)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the office here and keep it")
    parser.add_argument("--reads-only", action="store_true", help="only the reading commands (for scaling runs)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="duban-bench-"))
    office = args.keep or workdir / "office"
    try:
        started = time.perf_counter()
        if not (office / "config.yaml").exists():
            build(office, args.cases)
        print(f"办公室：{args.cases} 个事项，建立用时 {time.perf_counter() - started:.0f} s（不计入）", flush=True)
        rows: list[tuple[str, float, float, str]] = []

        def record(name: str, seconds: float, peak: float, target: str) -> None:
            rows.append((name, seconds, peak, target))
            print(f"{name:<34}{seconds * 1000:>9.0f} ms {peak:>8.0f} MB   目标 {target}", flush=True)

        cache = office / ".duban"
        overdue = duban(office, "overdue", "--format", "plain")
        run(overdue)
        seconds, _ = measure(overdue, args.runs)
        record("overdue（热）", seconds, peak_of(overdue), "≤ 0.6 × task overdue")
        seconds, _ = measure(overdue, max(1, args.runs // 2), before=lambda: shutil.rmtree(cache, ignore_errors=True))
        shutil.rmtree(cache, ignore_errors=True)
        record("overdue（冷，无缓存）", seconds, peak_of(overdue), "≤ 3 s")
        for name, command, target in (
            ("list", duban(office, "list"), ""),
            ("show", duban(office, "show", "2026-0042"), ""),
            (
                "bulletin（一个月）",
                duban(office, "bulletin", "--from", "2026-10-01", "--to", "2026-10-31", "-o", str(workdir / "b.md")),
                "≤ 1 s",
            ),
            ("stats（一年）", duban(office, "stats", "--from", "2026-01-01", "--to", "2026-12-31", "--json"), "≤ 1 s"),
            ("check", duban(office, "check"), ""),
        ):
            seconds, _ = measure(command, args.runs)
            record(name, seconds, peak_of(command), target)
        if args.reads_only:
            return
        # Changing commands: each on a fresh case, so every run does the same work.
        counter = iter(range(10**6))

        def fresh_case() -> str:
            done = subprocess.run(
                duban(
                    office,
                    "new",
                    "--title",
                    f"基准新增事项{next(counter)}",
                    "--source-kind",
                    "领导批示",
                    "--lead-unit",
                    "区财政局",
                ),
                check=True,
                capture_output=True,
                text=True,
            )
            return done.stdout.split()[0]

        for name in ("new", "assign", "report"):
            times = []
            peaks = []
            for _ in range(args.runs):
                if name == "new":
                    command = duban(
                        office, "new", "--title", f"基准新增事项{next(counter)}", "--source-kind", "领导批示"
                    )
                else:
                    case_id = fresh_case()
                    if name == "report":
                        run(duban(office, "assign", case_id))
                    command = (
                        duban(office, "assign", case_id)
                        if name == "assign"
                        else duban(
                            office, "report", case_id, "--unit", "区财政局", "--signer", "钱正明", "--text", "进展"
                        )
                    )
                started = time.perf_counter()
                peaks.append(peak_of(command))
                times.append(time.perf_counter() - started)
            record(f"{name}（含 git 提交）", statistics.median(times), max(peaks), "≤ 0.5 s")
        table = workdir / "more.csv"
        with open(table, "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(["工作任务", "牵头单位", "配合单位", "完成时限"])
            for n in range(1000):
                writer.writerow(
                    [f"新增重点任务第{n}项", UNITS[n % len(UNITS)], UNITS[(n + 1) % len(UNITS)], "2027-03-31"]
                )
        command = duban(office, "import", "table", str(table), today="2027-01-05")
        started = time.perf_counter()
        peak = peak_of(command)
        record("import（1,000 行）", time.perf_counter() - started, peak, "≤ 5 s")

        if shutil.which("task"):
            env = taskwarrior_data(office, workdir / "tw")
            task = ["task", "overdue"]
            ours, theirs = [], []
            run(task, env)
            run(overdue)
            for _ in range(args.runs):
                started = time.perf_counter()
                run(task, env)
                theirs.append(time.perf_counter() - started)
                started = time.perf_counter()
                run(overdue)
                ours.append(time.perf_counter() - started)
            ratio = statistics.median(ours) / statistics.median(theirs)
            version = subprocess.run(["task", "--version"], capture_output=True, text=True).stdout.strip()
            print(
                f"task overdue（Taskwarrior {version}）"
                f" {statistics.median(theirs) * 1000:.0f} ms，duban overdue {statistics.median(ours) * 1000:.0f} ms，"
                f"比值 {ratio:.2f}（目标 ≤ 0.6）"
            )
        else:
            print("没有安装 Taskwarrior（apt-get install taskwarrior），跳过对比")
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
