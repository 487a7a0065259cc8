"""`duban import report` of N filled 政务督办报告 forms (default 200): seconds, as its own process.

    .venv/bin/python bench/bench_report_import.py [--forms 200] [--keep DIR]

A new office (duban init, the example units) gets N cases from a task table (one commit), the
form of each is rendered (docx, with its identity) and filled as a unit types it in Word
(tests/reportfill.py: runs split, several paragraphs, a tick, a signer, a contact). Only the
import is timed: every form read, checked and registered in one commit. The target is 10 s for
200 forms on the development machine (2 cores).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
ENV = {
    "GIT_AUTHOR_NAME": "基准",
    "GIT_AUTHOR_EMAIL": "b@localhost",
    "GIT_COMMITTER_NAME": "基准",
    "GIT_COMMITTER_EMAIL": "b@localhost",
}
TEXT = "一、已完成排查整改，建立台账，逐项销号。\n二、下一步将加强日常巡查，防止问题反弹。\n三、相关资料已归档备查。"


def run(office: Path, *args: str, today: str) -> float:
    env = {**os.environ, **ENV, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "duban", "--repo", str(office), "--as-of", today, "--by", "李明", *args]
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"duban {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", type=int, default=200)
    parser.add_argument("--keep", type=Path, default=None, help="build the office here (kept) instead of a temp folder")
    args = parser.parse_args()
    from reportfill import fill

    with tempfile.TemporaryDirectory(prefix="duban-bench-report-") as scratch:
        base = args.keep or Path(scratch)
        base.mkdir(parents=True, exist_ok=True)
        office = base / "office"
        today = dt.date.today()
        env = {**os.environ, **ENV, "PYTHONPATH": str(ROOT)}
        subprocess.run(
            [sys.executable, "-m", "duban", "--by", "李明", "init", str(office), "--office", "示范区人民政府办公室",
             "--units", str(ROOT / "tests" / "units-example.yaml")],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
        table = base / "任务表.csv"
        deadline = dt.date(today.year + 1, 6, 30)
        rows = ["序号,工作任务,牵头单位,配合单位,完成时限"]
        units = ["区住建局", "区财政局", "区教育局", "区城管局", "区交通局"]
        for number in range(1, args.forms + 1):
            rows.append(f"{number},第{number}项整治任务,{units[number % len(units)]},,{deadline.year}年6月30日")
        table.write_text("\n".join(rows) + "\n", encoding="utf-8")
        run(office, "import", "table", str(table), "--source-kind", "会议议定", today=today.isoformat())
        forms, back = base / "forms", base / "back"
        forms.mkdir(exist_ok=True)
        back.mkdir(exist_ok=True)
        sys.path.insert(0, str(ROOT))
        os.environ.update(ENV)
        from duban.usecases import documents
        from duban.usecases.session import Session

        session = Session(repo=str(office), today=today, by="李明")
        ids = [f"{today.year}-{n:04d}" for n in range(1, args.forms + 1)]
        start = time.perf_counter()
        for case_id in ids:
            documents.render_case_document(session, "report-form", case_id, "docx", forms / f"{case_id}.docx")
            fill(forms / f"{case_id}.docx", back / f"{case_id}.docx", TEXT, "王强", final=case_id.endswith("0"))
        prepared = time.perf_counter() - start
        took = run(office, "import", "report", str(back), today=today.isoformat())
        print(f"准备 {args.forms} 份填好的报告表：{prepared:.1f} s（不计入）")
        print(f"duban import report {args.forms} 份：{took:.2f} s（目标 < 10 s）")


if __name__ == "__main__":
    main()
