"""duban's benchmark: a realistic office (five years of cases, about 1.5% still open, a git history of
one commit per step), the commands a 督办室 runs every day, and Taskwarrior 2.6 holding the same items
as the peer, side by side in one run.

    .venv/bin/python bench/bench.py [--sizes 1000,10000,50000] [--runs 7] [--keep DIR] [--seed 7]
                                    [--undo] [--readme] [--via-commands] [--no-taskwarrior]

The office is written directly as case files (as hand edits would be; `duban check` must then pass,
and its time is one of the measurements), and its history (立项, 交办, 反馈, 办结, 归档 of every case,
at least 30,000 commits) is written with `git fast-import` (10,000 cases: 40 s; 50,000: 11 minutes, as
every commit writes a new tree of a year's folder of 10,000 files); --via-commands builds it through
`duban import table` instead (slow; one commit). The generated office is cached in --keep by size and
seed; each run measures a `git clone` of it, so the cache stays as built.

Every reading command is measured in three states: (a) the first run after one case changed (a
`duban remind` on one case, committed; Taskwarrior: an annotation), what a clerk sees all day; (b) the
same command again; (c) the first command in a fresh `git clone` of the office (Taskwarrior: a fresh
copy of its data files). Writes are measured once each. duban runs from a regular (not editable)
installation in build/bench-venv, with bytecode writing on, as a user's installation does. Each command
is a separate process; duban and Taskwarrior are alternated in pairs; the table gives medians, their
ratio, and the peak memory of each duban process (from wait4). --readme writes the tables into
README.md between the two bench markers of the ## 性能 section.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
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
OBJECTS = ["老旧小区改造", "背街小巷整治", "学位保障", "医保参保扩面", "安全生产检查", "农贸市场升级", "公交线路优化",
           "河道综合治理"]  # fmt: skip
OPEN_SHARE = 0.015
MIN_COMMITS = 30_000
GENERATOR = 2  # bumped whenever the generated office changes, so that a cached one is not reused
CLERK = ("李明", "duban@localhost")
BUDGET = 15.0  # seconds of duban per measurement after which three runs are enough


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


GIT_ENV = {"GIT_AUTHOR_NAME": CLERK[0], "GIT_AUTHOR_EMAIL": CLERK[1], "GIT_COMMITTER_NAME": CLERK[0],
           "GIT_COMMITTER_EMAIL": CLERK[1]}  # fmt: skip


def build_direct(root: Path, count: int, seed: int) -> list[dict[str, object]]:
    """Write an office of `count` cases over five years and its history; returns the items for Taskwarrior."""
    rng = random.Random(seed)
    years = [TODAY.year - offset for offset in range(4, -1, -1)]
    per_year = count // len(years)
    open_count = max(int(count * OPEN_SHARE), 1)
    items: list[dict[str, object]] = []
    cases: list[Case] = []
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
            cases.append(case)
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", "init", "-q", "--initial-branch=main", str(root)], check=True, env=env)
    history(root, cases, rng)
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
    item = {"id": case.id, "description": title, "project": unit, "due": deadline, "entry": start, "end": end}
    return case, item


def _version(case: Case, steps: int) -> Case:
    """The case as it was after its first `steps` events (the last version is the case itself)."""
    if steps >= len(case.events):
        return case
    status = {1: "待交办", 2: "办理中", 3: "待审核", 4: "已办结"}[steps]
    return case._replace(
        events=case.events[:steps],
        reports=case.reports if steps >= 3 else (),
        status=status,
        assigned=case.assigned if steps >= 2 else None,
        deadline=case.deadline if steps >= 2 else None,
    )


def history(root: Path, cases: list[Case], rng: random.Random) -> None:
    """One commit per step of every case, in the order of the days (as the commands would have made
    them), written with git fast-import; padded with commits of a duty roster to MIN_COMMITS."""
    # 立项 and 交办 on the same day are two commits, as `new` and then `assign` make them.
    steps = [(event.date, index, number) for index, case in enumerate(cases) for number, event in
             enumerate(case.events, 1)]  # fmt: skip
    padding = max(MIN_COMMITS - len(steps) - 1, 0)
    first = min(step[0] for step in steps) - dt.timedelta(days=1)
    span = (TODAY - first).days
    for serial in range(padding):
        steps.append((first + dt.timedelta(days=serial * span // max(padding, 1)), -1, serial))
    steps.sort()
    process = subprocess.Popen(["git", "-C", str(root), "fast-import", "--quiet"], stdin=subprocess.PIPE)
    assert process.stdin is not None
    out = process.stdin
    seconds = 0

    def commit(day: dt.date, message: str, files: Sequence[tuple[str, str]]) -> None:
        nonlocal seconds
        seconds = (seconds + 37) % 28_800
        stamp = int(dt.datetime(day.year, day.month, day.day, 8, tzinfo=dt.UTC).timestamp()) + seconds
        who = f"{CLERK[0]} <{CLERK[1]}> {stamp} +0800".encode()
        text = message.encode()
        out.write(b"commit refs/heads/main\nauthor " + who + b"\ncommitter " + who + b"\n")
        out.write(b"data %d\n" % len(text) + text + b"\n")
        for path, content in files:
            data = content.encode()
            out.write(b"M 100644 inline " + path.encode() + b"\ndata %d\n" % len(data) + data + b"\n")

    commit(first, "建库 基准测试办公室\n\nDuban-Action: 建库\n",
           [("config.yaml", config_text("基准测试办公室")), (".gitignore", ".duban/\nout/\n")])  # fmt: skip
    for day, index, number in steps:
        if index < 0:
            roster = f"{day} 值班：{rng.choice(['李明', '王芳'])}\n"
            commit(day, f"值班记录 {day}\n", [("值班记录.md", roster)])
            (root / "值班记录.md").write_text(roster, encoding="utf-8")
            continue
        case = cases[index]
        action = case.events[number - 1].action
        text = dump_fast(case_to_mapping(_version(case, number)))
        commit(day, f"{action} {case.id} {case.title}\n\nDuban-Action: {action}\nDuban-Case: {case.id}\n",
               [(f"cases/{case.year}/{case.id}.yaml", text)])  # fmt: skip
    out.close()
    if process.wait():
        raise RuntimeError("git fast-import failed")
    # The files on disk are the last versions: the index is read from HEAD and matches them.
    subprocess.run(["git", "-C", str(root), "reset", "-q"], check=True)
    status = subprocess.run(["git", "-C", str(root), "status", "--porcelain"], capture_output=True, text=True)
    if status.stdout.strip():
        raise RuntimeError(f"the history does not end at the files written:\n{status.stdout[:2000]}")


def build_via_commands(duban: Path, root: Path, count: int, seed: int) -> list[dict[str, object]]:
    """The slow way: duban init, then a task table of `count` rows through duban import table."""
    rng = random.Random(seed)
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
        items.append({"id": f"{TODAY.year}-{index + 1:04d}", "description": rows[-1].split(",")[0], "project": unit,
                      "due": due, "entry": TODAY, "end": None})  # fmt: skip
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    subprocess.run([str(duban), "--repo", str(root), "--by", "李明", "--as-of", str(TODAY - dt.timedelta(days=30)),
                    "import", "table", str(table)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    return items


# -- Taskwarrior -----------------------------------------------------------------------------------------


def _epoch(day: object) -> int:
    assert isinstance(day, dt.date)
    return int(dt.datetime(day.year, day.month, day.day, 12).timestamp())


def taskwarrior(folder: Path, items: list[dict[str, object]]) -> None:
    """The same items as Taskwarrior data files (pending and completed), default settings."""
    data = folder / "task"
    data.mkdir(parents=True, exist_ok=True)
    pending, completed = [], []
    for item in items:
        fields = {
            "description": str(item["description"]), "due": str(_epoch(item["due"])),
            "entry": str(_epoch(item["entry"])), "modified": str(_epoch(item["entry"])),
            "project": str(item["project"]), "uuid": str(uuid.uuid4()),
        }  # fmt: skip
        if item["end"] is None:
            fields["status"] = "pending"
            target = pending
        else:
            fields["status"] = "completed"
            fields["end"] = str(_epoch(item["end"]))
            target = completed
        target.append("[" + " ".join(f'{k}:"{v}"' for k, v in sorted(fields.items())) + "]")
    (data / "pending.data").write_text("\n".join(pending) + "\n", encoding="utf-8")
    (data / "completed.data").write_text("\n".join(completed) + "\n", encoding="utf-8")


def task_env(folder: Path) -> dict[str, str]:
    """The environment of Taskwarrior on the data in folder/task (its own taskrc there)."""
    rc = folder / "taskrc"
    if not rc.exists():
        rc.write_text(f"data.location={folder / 'task'}\nconfirmation=off\n", encoding="utf-8")
    return {**os.environ, "TASKRC": str(rc), "TASKDATA": str(folder / "task")}


# -- measuring -------------------------------------------------------------------------------------------


def once(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Seconds and peak MB of one process. A child's peak includes this process's until it execs
    (posix_spawn shares its memory), so the office is built by another process (see measure())."""
    errors = tempfile.TemporaryFile()
    actions = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0), (os.POSIX_SPAWN_DUP2, errors.fileno(), 2)]
    program = shutil.which(command[0]) or command[0]
    started = time.perf_counter()
    pid = os.posix_spawn(program, command, env if env is not None else os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 3):
        errors.seek(0)
        raise RuntimeError(f"{' '.join(command)} failed: {errors.read().decode('utf-8', 'replace')}")
    errors.close()
    return elapsed, usage.ru_maxrss / 1024


def run(command: list[str], env: dict[str, str] | None = None) -> str:
    """A step that prepares a measurement (not timed)."""
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode not in (0, 3):
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr}")
    return done.stdout


Command = Callable[[int], list[str]]
Peer = Callable[[int], tuple[list[str], dict[str, str]]]


def paired(ours: Command, theirs: Peer | None, runs: int, warm: bool, before: Callable[[int], object] | None = None,
           least: int = 3) -> tuple[float, float | None, float]:  # fmt: skip
    """duban and Taskwarrior alternated (each pair after `before`, not timed): medians of both and
    duban's peak MB; after a warm-up when `warm`; fewer runs (no fewer than `least`) once duban's
    share passes BUDGET seconds."""
    mine: list[float] = []
    peer: list[float] = []
    peaks: list[float] = []
    for index in range(runs + warm):
        if before is not None:
            before(index)
        a, peak = once(ours(index))
        b = None
        if theirs is not None:
            command, env = theirs(index)
            b, _ = once(command, env)
        if index >= warm:
            mine.append(a)
            peaks.append(peak)
            if b is not None:
                peer.append(b)
            if len(mine) >= min(least, runs) and sum(mine) > BUDGET:
                break
    return statistics.median(mine), statistics.median(peer) if peer else None, max(peaks)


class Clone:
    """A fresh `git clone` of the office, put back as it was after each command run in it: its .git
    (all but the objects, which reading does not change) from a copy, no .duban/."""

    def __init__(self, office: Path, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.root = folder / "office"
        self.saved = folder / "git-as-cloned"
        subprocess.run(["git", "clone", "-q", str(office), str(self.root)], check=True)
        shutil.copytree(self.root / ".git", self.saved, symlinks=True, ignore=lambda d, n: ["objects"] if
                        Path(d) == self.root / ".git" else [])  # fmt: skip

    def reset(self) -> None:
        shutil.rmtree(self.root / ".duban", ignore_errors=True)
        git = self.root / ".git"
        for entry in git.iterdir():
            if entry.name != "objects":
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
        for entry in self.saved.iterdir():
            if entry.is_dir():
                shutil.copytree(entry, git / entry.name, symlinks=True)
            else:
                shutil.copy2(entry, git / entry.name)


def prepare(work: Path, size: int, seed: int, via_commands: bool) -> tuple[Path, Path, dict[str, object]]:
    """The cached office and Taskwarrior data of this size and seed (built by another process when
    missing), cloned and copied into work/run-SIZE for this run; returns both and the build's facts."""
    name = f"{size}-s{seed}-g{GENERATOR}" + ("-via-commands" if via_commands else "")
    cached = work / f"office-{name}"
    if not (cached / "facts.json").exists():
        # Built by another process: a process started from this one (posix_spawn shares its memory
        # until exec) inherits its peak, so this one stays as small as when it reuses an office.
        shutil.rmtree(cached, ignore_errors=True)
        command = [sys.executable, __file__, "--build-only", "--sizes", str(size), "--seed", str(seed), "--keep",
                   str(cached)]  # fmt: skip
        subprocess.run(command + (["--via-commands"] if via_commands else []), check=True)
    facts = json.loads((cached / "facts.json").read_text(encoding="utf-8"))
    here = work / f"run-{size}"
    shutil.rmtree(here, ignore_errors=True)
    here.mkdir(parents=True)
    started = time.perf_counter()
    subprocess.run(["git", "clone", "-q", str(cached / "office"), str(here / "office")], check=True)
    subprocess.run(["git", "-C", str(here / "office"), "remote", "remove", "origin"], check=True)
    shutil.copytree(cached / "task" / "task", here / "task" / "task")
    facts["copied"] = time.perf_counter() - started
    return here / "office", here / "task", facts


def build(folder: Path, size: int, seed: int, via_commands: bool) -> None:
    """The office and Taskwarrior's copy of it, in folder/office and folder/task, and facts.json."""
    started = time.perf_counter()
    office = folder / "office"
    folder.mkdir(parents=True, exist_ok=True)
    if via_commands:
        items = build_via_commands(installed_duban(), office, size, seed)
    else:
        items = build_direct(office, size, seed)
    taskwarrior(folder / "task", items)
    commits = subprocess.run(["git", "-C", str(office), "rev-list", "--count", "HEAD"], capture_output=True,
                             text=True, check=True).stdout.strip()  # fmt: skip
    seconds = time.perf_counter() - started
    facts = {"open": [str(item["id"]) for item in items if item["end"] is None], "commits": int(commits),
             "seconds": seconds, "cases": len(items)}  # fmt: skip
    (folder / "facts.json").write_text(json.dumps(facts), encoding="utf-8")
    print(f"  {size} 个事项、{commits} 次提交的办公室用了 {seconds:.1f} s 建成", file=sys.stderr)


def table_file(folder: Path, rows: int, tag: str) -> tuple[Path, Path]:
    """A task table of `rows` rows (CSV for duban) and the same tasks as JSON for task import."""
    due = TODAY + dt.timedelta(days=30)
    titles = [f"基准导入{tag}第{i}项" for i in range(rows)]
    csv = folder / f"table-{tag}-{rows}.csv"
    csv.write_text("\n".join(["工作任务,牵头单位,完成时限"] + [f"{t},住建局,{due}" for t in titles]) + "\n",
                   encoding="utf-8")  # fmt: skip
    stamp = {"entry": TODAY.strftime("%Y%m%dT120000Z"), "due": due.strftime("%Y%m%dT120000Z")}
    tasks = [{"description": t, "project": "区住房和城乡建设局", "status": "pending", "uuid": str(uuid.uuid4()),
              **stamp} for t in titles]  # fmt: skip
    data = folder / f"table-{tag}-{rows}.json"
    data.write_text("\n".join(json.dumps(task, ensure_ascii=False) for task in tasks) + "\n", encoding="utf-8")
    return csv, data


Row = tuple[str, str, str, str, str, str]


def measure(size: int, runs: int, work: Path, seed: int, via_commands: bool, with_task: bool,
            undo: bool) -> tuple[list[Row], dict[str, object]]:  # fmt: skip
    duban = installed_duban()
    office, task_folder, facts = prepare(work, size, seed, via_commands)
    with_task = with_task and shutil.which("task") is not None
    env_task = task_env(task_folder)
    base = [str(duban), "--repo", str(office), "--by", "李明"]
    open_ids = [str(i) for i in facts["open"]]  # type: ignore[attr-defined]
    rows: list[Row] = []
    spent = time.perf_counter()

    def row(name: str, state: str, result: tuple[float, float | None, float], peer: str = "") -> None:
        seconds, peer_s, peak = result
        ratio = f"{seconds / peer_s:.2f}" if peer_s else ""
        peer_text = f"{peer_s * 1000:.0f}" if peer_s else ""
        label = f"`{name}`" + (f" ／ `{peer}`" if peer and peer_s else "")
        rows.append((label, state, f"{seconds * 1000:.0f}", peer_text, ratio, f"{peak:.0f}"))

    # The readers, each in three states.
    year = TODAY.year - 1
    month_start = TODAY.replace(day=1)
    unit = "区住房和城乡建设局"
    changed = [0]

    def touched() -> str:
        """The open case changed last (the one a clerk would look at next)."""
        return open_ids[changed[0] % len(open_ids)]

    readers: list[tuple[str, Callable[[list[str], int], list[str]], list[str] | None]] = [
        ("overdue --format plain", lambda b, i: [*b, "overdue", "--format", "plain"], ["task", "overdue"]),
        ("show 编号", lambda b, i: [*b, "show", touched()], None),
        ("list --status 在办", lambda b, i: [*b, "list", "--status", "在办"], ["task", "list", "status:pending"]),
        ("list --unit 住建局", lambda b, i: [*b, "list", "--unit", "住建局"], ["task", f"project:{unit}", "list"]),
        ("list --search 河道", lambda b, i: [*b, "list", "--search", "河道"], ["task", "/河道/", "list"]),
        (
            f"stats --from {year}-01-01 --to {year}-12-31",
            lambda b, i: [*b, "stats", "--from", f"{year}-01-01", "--to", f"{year}-12-31"],
            ["task", "summary"],
        ),
        ("log 编号", lambda b, i: [*b, "log", touched()], None),
        ("check", lambda b, i: [*b, "check"], None),
        ("export 台账.csv", lambda b, i: [*b, "export", str(work / f"run-{size}" / "台账.csv")], ["task", "export"]),
        ("export 台账.xlsx", lambda b, i: [*b, "export", str(work / f"run-{size}" / "台账.xlsx")], None),
        (
            f"bulletin --from {month_start} --to {TODAY}",
            lambda b, i: [*b, "bulletin", "--from", str(month_start), "--to", str(TODAY), "-o", "-"],
            None,
        ),
    ]
    clone = Clone(office, work / f"run-{size}" / "clone")
    clone_base = [str(duban), "--repo", str(clone.root), "--by", "李明"]
    fresh_task = work / f"run-{size}" / "task-fresh"

    def change(index: int) -> None:
        """One real step on one open case, committed (and an annotation in Taskwarrior)."""
        changed[0] += 1
        case = open_ids[changed[0] % len(open_ids)]
        run([*base, "remind", case, "--note", f"请加快办理（第{changed[0]}次）"])
        if with_task:
            run(["task", str(changed[0] % len(open_ids) + 1), "annotate", f"催办{changed[0]}"], env_task)

    def fresh(index: int) -> None:
        clone.reset()
        if with_task:
            shutil.rmtree(fresh_task, ignore_errors=True)
            shutil.copytree(task_folder / "task", fresh_task / "task")

    # No warm-up: (a) and (c) come after a change and a clone; (b) is the run after the last of (a).
    for name, command, peer in readers:
        for state, on, before in (("(a) 改动一件之后", base, change), ("(b) 再一次", base, None),
                                  ("(c) 新克隆", clone_base, fresh)):  # fmt: skip
            theirs: Peer | None = None
            if with_task:
                env = {**env_task, "TASKDATA": str(fresh_task / "task")} if on is clone_base else env_task
                if peer is not None:
                    theirs = (lambda e, p: lambda i: (p, e))(env, peer)
                elif name in ("show 编号", "log 编号"):
                    theirs = (lambda e: lambda i: (["task", str(changed[0] % len(open_ids) + 1), "info"], e))(env)
            result = paired(lambda i, c=command, b=on: c(b, i), theirs, runs, False, before)
            row(name, state, result, " ".join(peer) if peer else "task 编号 info")

    # The writes, once each: new → assign → report → remind → (report --final) → close of the same cases.
    n = runs + 1
    tag = f"{os.getpid()}-{int(time.time())}"
    made: list[str] = []

    def new(i: int) -> list[str]:
        return [
            *base,
            "new",
            "--title",
            f"基准新事项{tag}-{i:03d}号",
            "--source-kind",
            "领导交办",
            "--lead-unit",
            "财政局",
        ]

    def mark(i: int) -> str:
        return f"/基准新事项{tag}-{i:03d}号/"

    def task_step(*words: str) -> Peer | None:
        return (lambda i: (["task", mark(i), *words], env_task)) if with_task else None

    add = (
        (lambda i: (["task", "add", f"基准新事项{tag}-{i:03d}号", "project:区财政局"], env_task)) if with_task else None
    )
    row("new", "写", paired(new, add, runs, True, least=runs), "task add")
    listed = run([*base, "list", "--search", f"基准新事项{tag}"])
    made = [line.split("\t")[0] for line in listed.splitlines() if line.strip()]
    made = sorted(made, key=lambda c: int(c[5:]))[:n]
    if len(made) < n:
        raise RuntimeError(f"new made {len(made)} cases, not {n}: {listed}")
    deadline = str(TODAY + dt.timedelta(days=30))
    row("assign", "写", paired(lambda i: [*base, "assign", made[i], "--deadline", deadline], task_step(
        "modify", f"due:{deadline}"), runs, True, least=runs), "task 编号 modify due:…")  # fmt: skip
    row("report", "写", paired(lambda i: [*base, "report", made[i], "--unit", "财政局", "--signer", "钱正明", "--text",
                                         "进展"], task_step("annotate", "进展"), runs, True, least=runs),
        "task 编号 annotate")  # fmt: skip
    remind = paired(lambda i: [*base, "remind", made[i], "--note", "请按期办结"], task_step("annotate", "催办"), runs,
                    True, least=runs)  # fmt: skip
    row("remind", "写", remind, "task 编号 annotate")

    def final(i: int) -> None:
        run([*base, "report", made[i], "--unit", "财政局", "--signer", "钱正明", "--text", "已办结", "--final"])

    row("close", "写", paired(lambda i: [*base, "close", made[i], "--approved-by", "张强"], task_step("done"), runs,
                              True, final, least=runs), "task 编号 done")  # fmt: skip

    # Imports and undo, each from the same commit; Taskwarrior from the same data.
    head = run(["git", "-C", str(office), "rev-parse", "HEAD"]).strip()
    saved_task = work / f"run-{size}" / "task-saved"
    shutil.rmtree(saved_task, ignore_errors=True)
    shutil.copytree(task_folder / "task", saved_task)

    def back(index: int = 0) -> None:
        subprocess.run(["git", "-C", str(office), "reset", "-q", "--hard", head], check=True)
        subprocess.run(["git", "-C", str(office), "clean", "-qfd", "cases"], check=True)
        if with_task:
            shutil.rmtree(task_folder / "task")
            shutil.copytree(saved_task, task_folder / "task")

    for rows_count in (1000, 10_000):
        csv, data = table_file(work / f"run-{size}", rows_count, "导入")
        peer_import = (lambda i, d=data: (["task", "import", str(d)], env_task)) if with_task else None
        result = paired(lambda i, c=csv: [*base, "import", "table", str(c), "--again"], peer_import,
                        max(runs // 2, 2), False, back, least=2)  # fmt: skip
        row(f"import table（{rows_count:,} 行，一次提交）", "写", result, "task import（JSON）")
    back()
    if undo:
        csv, _ = table_file(work / f"run-{size}", 20_000, "撤销")

        def imported(index: int) -> None:
            back()
            run([*base, "import", "table", str(csv), "--again"])

        row("undo（撤销 20,000 行的导入）", "写", paired(lambda i: [*base, "undo"], None, max(runs // 3, 1), False,
                                                     imported, least=1))  # fmt: skip
        back()
    facts["measured"] = time.perf_counter() - spent
    return rows, facts


# -- output ----------------------------------------------------------------------------------------------

BEGIN = "<!-- bench:begin（bench/bench.py --readme 生成，勿手改） -->"
END = "<!-- bench:end -->"


def markdown(size: int, rows: list[Row], facts: dict[str, object]) -> str:
    lines = [f"**{size:,} 个事项**（git 历史 {facts['commits']:,} 次提交）", "",
             "| 命令 ／ Taskwarrior | 状态 | duban ms | task ms | 比值 | 内存峰值 MB |",
             "|---|---|--:|--:|--:|--:|"]  # fmt: skip
    lines += ["| " + " | ".join(line) + " |" for line in rows]
    return "\n".join(lines) + "\n"


def write_readme(text: str) -> None:
    readme = ROOT / "README.md"
    content = readme.read_text(encoding="utf-8")
    start, end = content.find(BEGIN), content.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"README.md 里没有这两个标记：{BEGIN} … {END}")
    readme.write_text(content[: start + len(BEGIN)] + "\n\n" + text + "\n" + content[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000", help="事项数，逗号分隔，如 1000,10000,50000,100000")
    parser.add_argument("--runs", type=int, default=5, help="每项测几次，取中位数（很慢的项至少 3 次）")
    parser.add_argument("--keep", type=Path, help="生成的办公室按规模和种子缓存在这里并复用")
    parser.add_argument("--seed", type=int, default=7, help="生成办公室的随机种子")
    parser.add_argument("--undo", action="store_true", help="也测撤销 20,000 行的导入（慢）")
    parser.add_argument("--readme", action="store_true", help="把结果写进 README.md 的“性能”一节")
    parser.add_argument("--via-commands", action="store_true", help="用 duban 的命令建库（慢）")
    parser.add_argument("--no-taskwarrior", action="store_true")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)  # prepare() runs it
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.build_only:
        build(args.keep, sizes[0], args.seed, args.via_commands)
        return
    for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"):
        os.environ.pop(name, None)  # as a user's shell runs duban: bytecode kept, output buffered
    work = args.keep or Path(tempfile.mkdtemp(prefix="duban-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    task = subprocess.run(["task", "--version"], capture_output=True, text=True).stdout.strip() if shutil.which(
        "task") else "无"  # fmt: skip
    load = os.getloadavg()[0]
    header = (f"{TODAY}，{os.cpu_count()} 核，Python {sys.version.split()[0]}，Taskwarrior {task}，"
              f"开始时负载 {load:.1f}，每项 --runs {args.runs} 次的中位数")  # fmt: skip
    print(header, flush=True)
    parts = [header + "\n"]
    try:
        for size in sizes:
            started = time.perf_counter()
            rows, facts = measure(size, args.runs, work, args.seed, args.via_commands, not args.no_taskwarrior,
                                  args.undo)  # fmt: skip
            text = markdown(size, rows, facts)
            took = time.perf_counter() - started
            print(f"\n{text}\n（{size:,}：共 {took / 60:.1f} 分钟，其中测量 {float(facts['measured']) / 60:.1f} 分钟）",
                  flush=True)  # fmt: skip
            parts.append(text)
            shutil.rmtree(work / f"run-{size}", ignore_errors=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.readme:
        write_readme("\n".join(parts))


if __name__ == "__main__":
    main()
