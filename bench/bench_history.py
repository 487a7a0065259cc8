"""How long `duban log ID` and `duban undo` take as an office's history grows.

    .venv/bin/python bench/bench_history.py [--commits 10000,57000] [--cases 10000]
                                            [--undo 1000,5000,20000] [--runs 5] [--keep DIR]

log: an office of --cases case files (bench.py's build_direct, one commit), then N commits written
with git fast-import, each a step on one case (the case file with one more event, the trailers duban
writes); one case is stepped on every thousandth commit, from the first to the last. Printed: the
first log of a clone (the index of commits built from nothing), a log with the index up to date, a
log after one more commit (the index brought up), and git's own `git log -- FILE` for comparison.

undo: `duban import table` of N rows into a new office, then `duban undo` of that import (one commit
of N new files); the import's time is printed too. Each command is its own process, run from this
checkout with the interpreter running this script.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench import UNITS, build_direct  # noqa: E402
from duban.model import Event, case_to_mapping, replace  # noqa: E402
from duban.store import parse_case_text  # noqa: E402
from duban.yamlio import dump_fast  # noqa: E402

ENV = {
    **os.environ,
    "PYTHONPATH": str(ROOT),
    "GIT_AUTHOR_NAME": "基准",
    "GIT_AUTHOR_EMAIL": "b@localhost",
    "GIT_COMMITTER_NAME": "基准",
    "GIT_COMMITTER_EMAIL": "b@localhost",
}


def duban(root: Path, *args: str, by: str = "李明") -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "duban", "--repo", str(root), "--by", by, *args], check=True,
                   env=ENV, stdout=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - started


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, env=ENV, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def add_commits(root: Path, count: int, traced: str, seed: int = 11, merges: bool = False) -> None:
    """count commits through git fast-import, each a 催办 on one case; traced every 1000th. With
    merges, every 1000th commit (from the 500th) is a merge of another clerk's step instead."""
    rng = random.Random(seed)
    paths = sorted(str(p.relative_to(root)) for p in (root / "cases").rglob("*.yaml"))
    texts: dict[str, str] = {}
    stream = []
    when = int(time.time()) - count * 60
    for number in range(count):
        path = traced if number % 1000 == 0 or number == count - 1 else rng.choice(paths)
        text = texts.get(path) or (root / path).read_text(encoding="utf-8")
        case = parse_case_text(path, text).case
        assert case is not None
        event = Event(case.events[-1].date, "催办", "李明", f"第{number}次催办")
        text = dump_fast(case_to_mapping(replace(case, events=(*case.events, event))))
        texts[path] = text
        message = f"催办 {case.id} {case.title}\n\nDuban-Case: {case.id}\nDuban-Action: 催办\n".encode()
        body = text.encode()
        stamp = when + number * 60
        if merges and number % 1000 == 500:
            stream.append(
                b"commit refs/heads/side\n"
                + f"committer 王芳 <duban@localhost> {stamp} +0800\n".encode()
                + b"data %d\n" % len(message) + message + b"from refs/heads/main\n"
                + f"M 100644 inline {path}\n".encode() + b"data %d\n" % len(body) + body + b"\n"
                + b"commit refs/heads/main\n"
                + f"committer 李明 <duban@localhost> {stamp} +0800\n".encode()
                + b"data 5\nmerge\n" + b"merge refs/heads/side\n"
                + f"M 100644 inline {path}\n".encode() + b"data %d\n" % len(body) + body + b"\n"
            )  # fmt: skip
            continue
        stream.append(
            b"commit refs/heads/main\n"
            + f"author 李明 <duban@localhost> {stamp} +0800\ncommitter 李明 <duban@localhost> {stamp} +0800\n".encode()
            + b"data %d\n" % len(message) + message
            + (b"from refs/heads/main^0\n" if number == 0 else b"")
            + f"M 100644 inline {path}\n".encode() + b"data %d\n" % len(body) + body + b"\n"
        )  # fmt: skip
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True, env=ENV)
    subprocess.run(["git", "reset", "--quiet", "--hard", "main"], cwd=root, check=True, env=ENV)


def bench_log(work: Path, cases: int, sizes: list[int], runs: int, keep: bool, merges: bool) -> None:
    print(f"log：{cases} 个事项" + ("，每 1000 次提交有一次合并" if merges else ""))
    print("提交数 | 首次（建索引） | 索引最新 | 新增一次提交后 | git log -- 文件")
    for size in sizes:
        root = work / f"log-{size}{'-merges' if merges else ''}"
        build_direct(root, cases)
        subprocess.run(["git", "branch", "-M", "main"], cwd=root, check=True, env=ENV)
        traced = sorted(str(p.relative_to(root)) for p in (root / "cases").rglob("*.yaml"))[cases // 2]
        add_commits(root, size, traced, merges=merges)
        case_id = Path(traced).stem
        first = duban(root, "log", case_id)
        warm = statistics.median(duban(root, "log", case_id) for _ in range(runs))
        after = []
        for _ in range(runs):
            subprocess.run(["git", "commit", "--quiet", "--allow-empty", "-m", "空提交"], cwd=root, check=True, env=ENV)
            after.append(duban(root, "log", case_id))
        plain = statistics.median(timed(["git", "log", "--format=%H", "--", traced], root) for _ in range(runs))
        print(f"{size} | {first:.2f} s | {warm * 1000:.0f} ms | {statistics.median(after) * 1000:.0f} ms"
              f" | {plain * 1000:.0f} ms")  # fmt: skip
        if not keep:
            shutil.rmtree(root)


def bench_undo(work: Path, sizes: list[int], keep: bool) -> None:
    print("undo：撤销一次表格导入")
    print("行数 | 导入 | 撤销")
    rng = random.Random(7)
    for size in sizes:
        root = work / f"undo-{size}"
        units = work / "units.yaml"
        units.write_text("\n".join(f"- {{名称: {n}, 简称: [{s}]}}" for n, s in UNITS) + "\n", encoding="utf-8")
        subprocess.run([sys.executable, "-m", "duban", "--by", "李明", "init", str(root), "--office", "基准测试办公室",
                        "--units", str(units)], check=True, env=ENV, stdout=subprocess.DEVNULL)  # fmt: skip
        # git's automatic gc, started in the background after the import's commit, holds its lock
        # files while the undo would run (and duban refuses to write beside a running git).
        subprocess.run(["git", "config", "gc.auto", "0"], cwd=root, check=True, env=ENV)
        table = work / "table.csv"
        today = dt.date.today()
        rows = ["工作任务,牵头单位,完成时限"]
        rows += [
            f"任务第{i}项,{rng.choice(UNITS)[0]},{today + dt.timedelta(days=rng.randrange(5, 60))}" for i in range(size)
        ]
        table.write_text("\n".join(rows) + "\n", encoding="utf-8")
        imported = duban(root, "import", "table", str(table))
        undone = duban(root, "undo")
        print(f"{size} | {imported:.1f} s | {undone:.1f} s")
        if not keep:
            shutil.rmtree(root)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--commits", default="10000,57000")
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--undo", default="1000,5000,20000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the offices here and keep them")
    parser.add_argument("--merges", action="store_true", help="a merge every 1000 commits (as syncs make)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="duban-history-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.commits:
            bench_log(
                work,
                args.cases,
                [int(s) for s in args.commits.split(",")],
                args.runs,
                args.keep is not None,
                args.merges,
            )
        if args.undo:
            bench_undo(work, [int(s) for s in args.undo.split(",")], args.keep is not None)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
