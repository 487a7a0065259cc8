"""duban's benchmark: a realistic office (five years of cases, about 1.5% still open), the commands
a 督办室 runs every day, and Taskwarrior 2.6 holding the same items as the peer.

    .venv/bin/python bench/bench.py [--sizes 1000,10000,50000] [--runs 7] [--keep DIR]
                                    [--via-commands] [--no-taskwarrior]

The office is written directly as case files (as hand edits would be; `duban check` must then pass,
and its time is one of the measurements), so that 50,000 cases take seconds; --via-commands builds
it through `duban import table` and the procedure commands instead (slow: about 40 minutes for
10,000). duban runs from a regular (not editable) installation in build/bench-venv, with bytecode
writing on, as a user's installation does. Each command is a separate process; duban and
Taskwarrior are alternated in pairs (overdue, show/info, list, new/add); the table gives medians,
their ratio, and the peak memory of each process (from wait4).
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
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from duban.model import Case, Event, Report, Source, case_to_mapping  # noqa: E402
from duban.yamlio import dump_fast  # noqa: E402

TODAY = dt.date.today()
UNITS = [
    ("区发展和改革局", "发改局"), ("区财政局", "财政局"), ("区住房和城乡建设局", "住建局"),
    ("区自然资源局", "资规局"), ("区教育局", "教育局"), ("区卫生健康局", "卫健局"), ("区应急管理局", "应急局"),
    ("区市场监督管理局", "市场监管局"), ("区交通运输局", "交通局"), ("区城市管理局", "城管局"),
    ("区民政局", "民政局"), ("区人力资源和社会保障局", "人社局"),
]  # fmt: skip
VERBS = ["加快推进", "研究提出", "组织开展", "督促落实", "完成", "做好"]
OBJECTS = ["老旧小区改造", "背街小巷整治", "学位保障", "医保参保扩面", "安全生产检查", "农贸市场升级", "公交线路优化"]
OPEN_SHARE = 0.015


# -- the installation -----------------------------------------------------------------------------------


def installed_duban() -> Path:
    """duban installed from this checkout into build/bench-venv, rebuilt when the code changed."""
    venv = ROOT / "build" / "bench-venv"
    stamp = venv / ".source"
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((ROOT / "duban").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.read_bytes())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    marker = digest.hexdigest()
    if not stamp.exists() or stamp.read_text() != marker:
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(ROOT)], check=True)
        stamp.write_text(marker)
    return venv / "bin" / "duban"


# -- the office ------------------------------------------------------------------------------------------


def config_text(office: str) -> str:
    units = "\n".join(f"  - {{名称: {name}, 简称: [{short}]}}" for name, short in UNITS)
    return f"机关名称: {office}\n单位:\n{units}\n"


def build_direct(root: Path, count: int, seed: int = 7) -> list[dict[str, object]]:
    """Write an office of `count` cases over five years; returns the items for Taskwarrior."""
    rng = random.Random(seed)
    years = [TODAY.year - offset for offset in range(4, -1, -1)]
    per_year = count // len(years)
    open_count = max(int(count * OPEN_SHARE), 1)
    items: list[dict[str, object]] = []
    (root / "cases").mkdir(parents=True, exist_ok=True)
    (root / "templates").mkdir(exist_ok=True)
    (root / "config.yaml").write_text(config_text("基准测试办公室"), encoding="utf-8")
    (root / ".gitignore").write_text(".duban/\nout/\n", encoding="utf-8")
    serial_of_year = dict.fromkeys(years, 0)
    total = 0
    for year in years:
        folder = root / "cases" / str(year)
        folder.mkdir(exist_ok=True)
        for _ in range(per_year if year != years[-1] else count - total):
            total += 1
            serial_of_year[year] += 1
            serial = serial_of_year[year]
            is_open = year == years[-1] and total > count - open_count
            case, item = _case(rng, year, serial, is_open)
            (folder / f"{case.id}.yaml").write_text(dump_fast(case_to_mapping(case)), encoding="utf-8")
            items.append(item)
    env = {**os.environ, "GIT_AUTHOR_NAME": "基准", "GIT_AUTHOR_EMAIL": "b@localhost",
           "GIT_COMMITTER_NAME": "基准", "GIT_COMMITTER_EMAIL": "b@localhost"}  # fmt: skip
    subprocess.run(["git", "init", "-q", "--initial-branch=main", str(root)], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", "建库（基准测试）"], check=True, env=env)
    return items


def _case(rng: random.Random, year: int, serial: int, is_open: bool) -> tuple[Case, dict[str, object]]:
    unit = rng.choice(UNITS)[0]
    title = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}（第{serial}项）"
    span = 330 if year < TODAY.year else max((TODAY - dt.date(year, 1, 1)).days - 20, 1)
    start = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(0, span))
    if is_open:
        start = TODAY - dt.timedelta(days=rng.randrange(5, 60))
    deadline = start + dt.timedelta(days=rng.randrange(7, 45))
    events = [Event(start, "立项", "李明"), Event(start, "交办", "李明", "印发政务督办通知", (("办理时限", deadline),))]
    reports: list[Report] = []
    status = "办理中"
    end = None
    if not is_open:
        # Reported and closed by yesterday at the latest: an office's files hold no day still to come.
        done = min(start + dt.timedelta(days=rng.randrange(5, 50)), TODAY - dt.timedelta(days=2))
        reports.append(Report(done, unit, "负责人", True, "已按要求办结。"))
        events.append(Event(done, "反馈", "李明", "", (("单位", unit), ("办结", True))))
        events.append(Event(done + dt.timedelta(days=1), "办结", "王芳", "", (("按期", done <= deadline),)))
        status, end = "已办结", done + dt.timedelta(days=1)
        if end < TODAY - dt.timedelta(days=90):
            events.append(Event(end + dt.timedelta(days=30), "归档", "王芳"))
            status = "已归档"
    case = Case(
        id=f"{year:04d}-{serial:04d}", doc_number=f"督〔{year}〕{serial}号", title=title,
        source=Source("领导交办"), lead_units=(unit,), registered=start, assigned=start, deadline=deadline,
        status=status, events=tuple(events), reports=tuple(reports),
    )  # fmt: skip
    item = {"description": title, "project": unit, "due": deadline, "entry": start, "end": end}
    return case, item


def build_via_commands(duban: Path, root: Path, count: int) -> list[dict[str, object]]:
    """The slow way: duban init, then a task table of `count` rows through duban import table."""
    rng = random.Random(7)
    units = root.parent / "units.yaml"
    units.write_text("\n".join(f"- {{名称: {n}, 简称: [{s}]}}" for n, s in UNITS) + "\n", encoding="utf-8")
    subprocess.run([str(duban), "--by", "李明", "init", str(root), "--office", "基准测试办公室", "--units",
                    str(units)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    table = root.parent / "table.csv"
    rows = ["工作任务,牵头单位,完成时限"]
    items: list[dict[str, object]] = []
    for index in range(count):
        unit = rng.choice(UNITS)[0]
        due = TODAY + dt.timedelta(days=rng.randrange(-20, 60))
        rows.append(f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}（第{index}项）,{unit},{due}")
        items.append({"description": rows[-1].split(",")[0], "project": unit, "due": due, "entry": TODAY, "end": None})
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    subprocess.run([str(duban), "--repo", str(root), "--by", "李明", "--as-of", str(TODAY - dt.timedelta(days=30)),
                    "import", "table", str(table)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    return items


# -- Taskwarrior -----------------------------------------------------------------------------------------


def taskwarrior(folder: Path, items: list[dict[str, object]]) -> dict[str, str]:
    """The same items as Taskwarrior data files (pending and completed), default settings."""
    data = folder / "task"
    data.mkdir(parents=True, exist_ok=True)
    rc = folder / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\n", encoding="utf-8")

    def epoch(day: object) -> int:
        assert isinstance(day, dt.date)
        return int(dt.datetime(day.year, day.month, day.day, 12).timestamp())

    pending, completed = [], []
    for item in items:
        fields = {
            "description": str(item["description"]), "due": str(epoch(item["due"])), "entry": str(epoch(item["entry"])),
            "modified": str(epoch(item["entry"])), "project": str(item["project"]), "uuid": str(uuid.uuid4()),
        }  # fmt: skip
        if item["end"] is None:
            fields["status"] = "pending"
            target = pending
        else:
            fields["status"] = "completed"
            fields["end"] = str(epoch(item["end"]))
            target = completed
        target.append("[" + " ".join(f'{k}:"{v}"' for k, v in sorted(fields.items())) + "]")
    (data / "pending.data").write_text("\n".join(pending) + "\n", encoding="utf-8")
    (data / "completed.data").write_text("\n".join(completed) + "\n", encoding="utf-8")
    return {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data)}


# -- measuring -------------------------------------------------------------------------------------------


Env = dict[str, str] | Callable[[], dict[str, str]] | None


def once(command: list[str], env: Env = None) -> tuple[float, float]:
    """Seconds and peak MB of one process. A child's peak includes this process's until it execs
    (posix_spawn shares its memory), so the office is built by another process (see measure())."""
    errors = tempfile.TemporaryFile()
    actions = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0), (os.POSIX_SPAWN_DUP2, errors.fileno(), 2)]
    program = shutil.which(command[0]) or command[0]
    started = time.perf_counter()
    env = env() if callable(env) else env
    pid = os.posix_spawn(program, command, env if env is not None else os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 3):
        errors.seek(0)
        raise RuntimeError(f"{' '.join(command)} failed: {errors.read().decode('utf-8', 'replace')}")
    errors.close()
    return elapsed, usage.ru_maxrss / 1024


def series(commands: list[list[str]], runs: int, env: Env = None, before: object = None) -> tuple[
    float, float]:  # fmt: skip
    """Median seconds and peak MB over runs after a warm-up; commands are used in turn."""
    times, peaks = [], []
    for index in range(runs + 1):
        if callable(before):
            before()
        elapsed, peak = once(commands[index % len(commands)], env)
        if index:
            times.append(elapsed)
            peaks.append(peak)
    return statistics.median(times), max(peaks)


def paired(ours: list[list[str]], theirs: list[list[str]], runs: int, env: dict[str, str],
           our_env: Env = None) -> tuple[float, float, float]:  # fmt: skip
    """duban and Taskwarrior alternated: medians of both and duban's peak MB."""
    mine, peer, peaks = [], [], []
    for index in range(runs + 1):
        a, peak = once(ours[index % len(ours)], our_env)
        b, _ = once(theirs[index % len(theirs)], env)
        if index:
            mine.append(a)
            peer.append(b)
            peaks.append(peak)
    return statistics.median(mine), statistics.median(peer), max(peaks)


def measure(size: int, runs: int, keep: Path | None, via_commands: bool, with_task: bool) -> list[tuple[str, ...]]:
    duban = installed_duban()
    work = keep or Path(tempfile.mkdtemp(prefix="duban-bench-"))
    office = work / f"office-{size}"
    if not office.exists():
        # Built by another process: a process started from this one (posix_spawn shares its memory
        # until exec) inherits its peak, so this one stays as small as when it reuses an office.
        command = [sys.executable, __file__, "--build-only", "--sizes", str(size), "--keep", str(work)]
        subprocess.run(command + (["--via-commands"] if via_commands else []), check=True)
    env_task = {**os.environ, "TASKRC": str(work / f"task-{size}" / "taskrc"),
                "TASKDATA": str(work / f"task-{size}" / "task")}  # fmt: skip
    base = [str(duban), "--repo", str(office), "--by", "李明"]
    rows: list[tuple[str, ...]] = []

    def row(name: str, seconds: float, peak: float, peer: str = "", peer_s: float | None = None) -> None:
        ratio = f"{seconds / peer_s:.2f}" if peer_s else ""
        peer_text = f"{peer_s * 1000:.0f} ms" if peer_s else ""
        rows.append((name, f"{seconds * 1000:.0f} ms", f"{peak:.0f} MB", peer, peer_text, ratio))

    def cold() -> None:
        shutil.rmtree(office / ".duban", ignore_errors=True)  # as just cloned: no index, no caches

    row("check（冷：删除 .duban/，读取全部文件）", *series([[*base, "check"]], max(runs // 3, 2), before=cold))
    row("check（热）", *series([[*base, "check"]], max(runs // 2, 2)))
    row("overdue（冷：删除 .duban/，如刚克隆）", *series([[*base, "overdue", "--format", "plain"]], max(runs // 2, 2),
                                                    before=cold))  # fmt: skip
    listed = subprocess.run([*base, "list", "--status", "在办"], capture_output=True, text=True, check=True)
    open_ids = [line.split("\t")[0] for line in listed.stdout.splitlines()]
    shown = open_ids[len(open_ids) // 2]
    if with_task and shutil.which("task"):
        s, p, mb = paired([[*base, "overdue", "--format", "plain"]], [["task", "overdue"]], runs, env_task)
        row("overdue --format plain（热）", s, mb, "task overdue", p)
        s, p, mb = paired([[*base, "show", i] for i in open_ids], [["task", "1", "info"]], runs, env_task)
        row("show 编号", s, mb, "task 1 info", p)
        s, p, mb = paired([[*base, "list", "--status", "在办"]], [["task", "list"]], runs, env_task)
        row("list --status 在办", s, mb, "task list", p)
        new = [[*base, "new", "--title", f"基准新事项{i}", "--source-kind", "领导交办", "--lead-unit", "财政局"]
               for i in range(runs + 1)]  # fmt: skip
        add = [["task", "add", f"基准新事项{i}", "project:区财政局", "due:eom"] for i in range(runs + 1)]
        s, p, mb = paired(new, add, runs, env_task)
        row("new（含 git 提交）", s, mb, "task add", p)
    else:
        row("overdue --format plain（热）", *series([[*base, "overdue", "--format", "plain"]], runs))
        row("show 编号", *series([[*base, "show", i] for i in open_ids], runs))
        row("list --status 在办", *series([[*base, "list", "--status", "在办"]], runs))
    pending = [line.split("\t")[0] for line in subprocess.run(
        [*base, "list", "--status", "待交办"], capture_output=True, text=True).stdout.splitlines()]  # fmt: skip
    if len(pending) < runs + 1:
        for i in range(runs + 1 - len(pending)):
            out = subprocess.run([*base, "new", "--title", f"待交办{i}", "--source-kind", "领导交办", "--lead-unit",
                                  "财政局"], capture_output=True, text=True, check=True).stdout  # fmt: skip
            pending.append(out.split()[0])
    row("assign（含 git 提交）", *series([[*base, "assign", c] for c in pending[: runs + 1]], runs))
    report = [[*base, "report", c, "--unit", "财政局", "--signer", "钱正明", "--text", "进展"] for c in pending]
    row("report（含 git 提交）", *series(report[: runs + 1], runs))
    month_start = TODAY.replace(day=1)
    row("bulletin（一个月）", *series([[*base, "bulletin", "--from", str(month_start), "--to", str(TODAY), "-o", "-"]],
                                     runs))  # fmt: skip
    stats = [[*base, "stats", "--from", f"{TODAY.year}-01-01", "--to", str(TODAY)]]
    row("stats（一年）", *series(stats, runs))
    row("export 台账 .xlsx（全部事项）", *series([[*base, "export", str(work / "台账.xlsx")]], max(runs // 3, 2)))
    row("export 台账 .csv（全部事项）", *series([[*base, "export", str(work / "台账.csv")]], max(runs // 3, 2)))
    row("dashboard（看板）", *series([[*base, "dashboard", "-o", str(work / "看板.html")]], runs))
    row(f"log {shown}（git 历史）", *series([[*base, "log", shown]], runs))
    table = work / "table-1000.csv"
    lines = ["工作任务,牵头单位,完成时限"] + [
        f"基准导入第{i}项,住建局,{TODAY + dt.timedelta(days=30)}" for i in range(1000)
    ]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")

    head = subprocess.run(
        ["git", "-C", str(office), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()

    def back() -> None:
        subprocess.run(["git", "-C", str(office), "reset", "-q", "--hard", head], check=True)
        subprocess.run(["git", "-C", str(office), "clean", "-qfd", "cases"], check=True)

    imports = [[*base, "import", "table", str(table), "--again"]]
    row("import table（1,000 行，一次提交）", *series(imports, max(runs // 2, 2), before=back))
    back()
    if keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return rows


def build(work: Path, size: int, via_commands: bool) -> None:
    """The office and Taskwarrior's copy of it, in work/office-SIZE and work/task-SIZE."""
    started = time.perf_counter()
    office = work / f"office-{size}"
    items = build_via_commands(installed_duban(), office, size) if via_commands else build_direct(office, size)
    (work / f"items-{size}.txt").write_text(repr(len(items)))
    print(f"  {size} 个事项的办公室用了 {time.perf_counter() - started:.1f} s 建成", file=sys.stderr)
    taskwarrior(work / f"task-{size}", items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000", help="事项数，逗号分隔，如 1000,10000,50000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="建好的办公室放在这里并复用")
    parser.add_argument("--via-commands", action="store_true", help="用 duban 的命令建库（慢）")
    parser.add_argument("--no-taskwarrior", action="store_true")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)  # measure() runs it
    args = parser.parse_args()
    if args.build_only:
        for size in (int(s) for s in args.sizes.split(",")):
            build(args.keep, size, args.via_commands)
        return
    for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"):
        os.environ.pop(name, None)  # as a user's shell runs duban: bytecode kept, output buffered
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    print(f"{dt.date.today()}，{os.cpu_count()} 核，Python {sys.version.split()[0]}")
    for size in (int(s) for s in args.sizes.split(",")):
        rows = measure(size, args.runs, args.keep, args.via_commands, not args.no_taskwarrior)
        print(f"\n{size:,} 个事项\n")
        print("| duban | 中位数 | 内存峰值 | Taskwarrior | 中位数 | 比值 |")
        print("|---|---|---|---|---|---|")
        for line in rows:
            print("| " + " | ".join(line) + " |")


if __name__ == "__main__":
    main()
