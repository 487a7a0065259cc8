"""Batches: seconds of `duban import table` of N rows and of `duban archive --closed-before` of N
closed cases, for each size (a batch should cost O(N)).

    .venv/bin/python bench/bench_batch.py [--sizes 1000,10000,20000,50000] [--code DIR]
                                          [--only import|archive] [--profile import|archive]

Each size gets a new office (duban init, twelve units). The task table is written in the format of
tests/task-table-example.csv (序号, 工作任务, 牵头单位, 配合单位, 完成时限), one distinct task a row.
For archive, N closed (已办结) cases are written directly as files and committed, and a reading
command (`list --status 已办结`) builds the index first: its time is given apart, since the index
is not the batch's. --code runs duban from another checkout (an older version, for the figures
before a change); --profile runs one size under cProfile and prints the top functions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date.today()
from bench import UNITS, VERBS  # noqa: E402  (bench/ is the script's folder: sys.path[0])

OBJECTS = ["老旧小区改造", "背街小巷整治", "学位保障", "医保参保扩面", "安全生产检查", "农贸市场升级", "公交线路优化"]
ENV = {
    "GIT_AUTHOR_NAME": "基准",
    "GIT_AUTHOR_EMAIL": "b@localhost",
    "GIT_COMMITTER_NAME": "基准",
    "GIT_COMMITTER_EMAIL": "b@localhost",
}


def task_table(path: Path, rows: int, seed: int = 7) -> None:
    """A task table of `rows` rows as tests/task-table-example.csv writes it."""
    rng = random.Random(seed)
    lines = ["序号,工作任务,牵头单位,配合单位,完成时限"]
    deadline = dt.date(TODAY.year + 1, 6, 30)
    for number in range(1, rows + 1):
        lead, co = rng.sample(UNITS, 2)
        task = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}（第{number}项）"
        lines.append(f"{number},{task},{lead[1]},{co[0]},{deadline.year}年{deadline.month}月{deadline.day}日")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def duban(code: Path, office: Path, *args: str, profile: Path | None = None) -> float:
    """Seconds one duban command takes, as its own process."""
    env = {**os.environ, **ENV, "PYTHONPATH": str(code)}
    # duban ends its process with os._exit unless something waits to run at exit: a handler makes
    # it return, so that cProfile writes its figures.
    wrapper = (
        "import atexit, cProfile, runpy, sys; atexit.register(lambda: None); sys.argv[0] = 'duban'; "
        f'cProfile.run(\'runpy.run_module("duban", run_name="__main__")\', {str(profile)!r})'
    )
    start = ["-c", wrapper] if profile else ["-m", "duban"]
    command = [sys.executable, *start, "--repo", str(office), "--by", "李明", *args]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} 失败：{done.stderr.strip()[-2000:]}")
    return seconds


def new_office(code: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    units = folder / "units.yaml"
    units.write_text("\n".join(f"- {{名称: {n}, 简称: [{s}]}}" for n, s in UNITS) + "\n", encoding="utf-8")
    office = folder / "office"
    env = {**os.environ, **ENV, "PYTHONPATH": str(code)}
    subprocess.run(
        [sys.executable, "-m", "duban", "--by", "李明", "init", str(office), "--office", "基准测试办公室",
         "--units", str(units)],
        env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return office


def closed_cases(code: Path, office: Path, count: int) -> None:
    """`count` cases closed last month, written as files and committed directly."""
    sys.path.insert(0, str(code))
    from duban.model import Case, Event, Report, Source, case_to_mapping
    from duban.yamlio import dump_fast

    year = TODAY.year
    folder = office / "cases" / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    start = TODAY - dt.timedelta(days=60)
    for serial in range(1, count + 1):
        unit = UNITS[serial % len(UNITS)][0]
        done = start + dt.timedelta(days=20)
        events = (
            Event(start, "立项", "李明"),
            Event(start, "交办", "李明", "印发政务督办通知", (("办理时限", start + dt.timedelta(days=30)),)),
            Event(done, "反馈", "李明", "", (("单位", unit), ("办结", True))),
            Event(done + dt.timedelta(days=1), "办结", "王芳", "", (("按期", True),)),
        )
        case = Case(
            id=f"{year:04d}-{serial:04d}", doc_number=f"督〔{year}〕{serial}号",
            title=f"完成背街小巷整治（第{serial}项）",
            source=Source("领导交办"), lead_units=(unit,), registered=start, assigned=start,
            deadline=start + dt.timedelta(days=30), status="已办结", events=events,
            reports=(Report(done, unit, "负责人", True, "已按要求办结。"),),
        )  # fmt: skip
        (folder / f"{case.id}.yaml").write_text(dump_fast(case_to_mapping(case)), encoding="utf-8")
    env = {**os.environ, **ENV}
    subprocess.run(["git", "-C", str(office), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(office), "commit", "-q", "-m", "已办结的事项（基准测试）"], check=True, env=env)


def measure(code: Path, size: int, only: str, profile: str) -> dict[str, float]:
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="duban-batch-") as scratch:
        folder = Path(scratch)
        if only in ("", "import"):
            office = new_office(code, folder / "import")
            table = folder / "table.csv"
            task_table(table, size)
            where = folder / "import.prof" if profile == "import" else None
            figures["import"] = duban(code, office, "import", "table", str(table), profile=where)
            if where:
                show_profile(where)
        if only in ("", "archive"):
            office = new_office(code, folder / "archive")
            closed_cases(code, office, size)
            figures["index"] = duban(code, office, "list", "--status", "已办结")
            where = folder / "archive.prof" if profile == "archive" else None
            figures["archive"] = duban(code, office, "archive", "--closed-before", str(TODAY), profile=where)
            if where:
                show_profile(where)
    return figures


def show_profile(path: Path) -> None:
    import pstats

    stats = pstats.Stats(str(path), stream=sys.stderr)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,20000,50000", help="行数或事项数，逗号分隔")
    parser.add_argument("--code", type=Path, default=ROOT, help="duban 的源码目录（默认为本目录）")
    parser.add_argument("--only", choices=("import", "archive"), default="")
    parser.add_argument("--profile", choices=("import", "archive"), default="")
    args = parser.parse_args()
    print(f"{dt.date.today()}，{os.cpu_count()} 核，Python {sys.version.split()[0]}，负载 {os.getloadavg()[0]:.1f}")
    print("| 规模 | import table | 每千行 | 建索引（list） | archive --closed-before | 每千项 |")
    print("|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        got = measure(args.code.resolve(), size, args.only, args.profile)
        cells = [f"{size:,}"]
        for key, per in (("import", True), ("index", False), ("archive", True)):
            cells.append(f"{got[key]:.2f} s" if key in got else "—")
            if per:
                cells.append(f"{got[key] / size * 1000:.2f} s" if key in got else "—")
        print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
