"""The index of case files never gives a stale answer: each kind of hand edit (in place, with the
mtime put back, renamed, added, deleted, staged, committed, reverted, reset) is seen by the next
command, which reads only what changed; selections read only the cases they can count."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import Duban

from duban import caseindex, indexdb, store
from duban.assessment import active_on
from duban.store import Office, parse_case_text


def truth(root: Path) -> dict[str, tuple[str, str, bool, str]]:
    """Every case file parsed from scratch: id -> (status, title, active, first problem)."""
    out = {}
    for path in sorted((root / "cases").glob("*/*.yaml")):
        rel = str(path.relative_to(root))
        parsed = parse_case_text(rel, path.read_text(encoding="utf-8"))
        name = path.stem
        if parsed.case is None:
            out[name] = ("", "", False, str(parsed.problems[0]))
        else:
            problem = str(parsed.problems[0]) if parsed.problems else ""
            case = parsed.case
            out[name] = (case.status, case.title, active_on(case) and not problem, problem)
    return out


def seen(root: Path) -> dict[str, tuple[str, str, bool, str]]:
    """What a new command (a new Office) answers, from its index and cache."""
    office = Office(root)
    active = {c.id for c in office.active_cases()}
    files = {Path(f.path).stem: f for f in office.case_files()}
    out = {}
    for name, parsed in files.items():
        if parsed.case is None:
            out[name] = ("", "", False, str(parsed.problems[0]))
        else:
            problem = str(parsed.problems[0]) if parsed.problems else ""
            out[name] = (parsed.case.status, parsed.case.title, parsed.case.id in active, problem)
    assert {i for i, (_, _, a, _) in out.items() if a} == active
    assert [case_id for case_id, _, _ in office.outline()] == [c.id for c in office.cases()]
    return out


@pytest.fixture
def busy(office: Duban) -> Duban:
    """Six cases: four assigned (open), one closed, one still to be assigned."""
    for number in range(1, 7):
        office.new(f"第{number}项工作", "--lead-unit", "住建局", "--days", "10")
    for number in range(1, 6):
        office("assign", f"2026-000{number}")
    office.today = "2026-09-29"
    office("report", "2026-0005", "--unit", "住建局", "--signer", "赵永刚", "--text", "已完成", "--final")
    office("close", "2026-0005")
    assert seen(office.root) == truth(office.root)
    return office


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edit_in_place_with_its_mtime_put_back_is_seen(busy: Duban) -> None:
    path = busy.file("2026-0002")
    before = path.stat()
    _edit(path, "第2项工作", "第二项工作")  # same size in UTF-8: 2 is one byte, 二 three; so pad
    text = path.read_text(encoding="utf-8")
    assert len(text.encode()) != before.st_size
    _edit(path, "第二项工作", "第5项工作")  # back to the same size, another title
    assert path.stat().st_size == before.st_size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # touch -r: the mtime put back
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    store.parse_count = 0
    assert seen(busy.root)["2026-0002"][1] == "第5项工作"
    assert store.parse_count == 1
    assert seen(busy.root) == truth(busy.root)


def test_config_edited_in_place_with_its_mtime_put_back_is_seen(office: Duban) -> None:
    """config.yaml's parsed copy (.duban/config.pickle) is known by the same identity as the case
    files: a same-size edit whose mtime is put back still moves ctime."""
    path = office.root / "config.yaml"
    assert Office(office.root).config.warn_days == 3  # parsed, and its copy kept
    before = path.stat()
    _edit(path, "临期提醒: 3", "临期提醒: 7")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert Office(office.root).config.warn_days == 7


def test_renamed_added_and_deleted_files_are_seen(busy: Duban) -> None:
    folder = busy.root / "cases" / "2026"
    # Renamed by hand, and its number with it.
    (folder / "2026-0003.yaml").rename(folder / "2026-0030.yaml")
    _edit(folder / "2026-0030.yaml", "编号: 2026-0003", "编号: 2026-0030")
    # Added: a copy under a new number, untracked.
    shutil.copy(folder / "2026-0004.yaml", folder / "2026-0040.yaml")
    _edit(folder / "2026-0040.yaml", "编号: 2026-0004", "编号: 2026-0040")
    # Deleted.
    (folder / "2026-0001.yaml").unlink()
    now = seen(busy.root)
    assert now == truth(busy.root)
    assert "2026-0001" not in now and "2026-0003" not in now and now["2026-0030"][2] and now["2026-0040"][2]
    store.parse_count = 0
    assert seen(busy.root) == now
    assert store.parse_count == 0


def test_staged_committed_and_reverted_edits_are_seen(busy: Duban) -> None:
    path = busy.file("2026-0002")
    _edit(path, "第2项工作", "暂改的标题")
    assert seen(busy.root)["2026-0002"][1] == "暂改的标题"
    busy.git("checkout", "--", str(path))  # the edit reverted: git sees nothing now
    assert seen(busy.root)["2026-0002"][1] == "第2项工作"
    _edit(path, "第2项工作", "暂存的标题")
    busy.git("add", str(path))
    assert seen(busy.root)["2026-0002"][1] == "暂存的标题"
    busy.git("commit", "-q", "-m", "手工修改")
    assert seen(busy.root)["2026-0002"][1] == "暂存的标题"
    assert seen(busy.root) == truth(busy.root)


def test_history_moved_under_the_index_is_seen(busy: Duban) -> None:
    first = busy.git("rev-list", "--max-parents=0", "HEAD").strip()
    later = busy.git("rev-parse", "HEAD").strip()
    assert seen(busy.root) == truth(busy.root)
    busy.git("reset", "-q", "--hard", "HEAD~3")  # back to before the last steps
    assert seen(busy.root) == truth(busy.root)
    busy.git("reset", "-q", "--hard", first)  # no cases at all
    assert seen(busy.root) == truth(busy.root) == {}
    busy.git("reset", "-q", "--hard", later)
    assert seen(busy.root) == truth(busy.root)
    # A commit made elsewhere and pulled: the file changed by a commit, not in the work tree.
    path = busy.file("2026-0004")
    _edit(path, "第4项工作", "别处改的标题")
    busy.git("commit", "-qam", "别处的修改")
    assert seen(busy.root)["2026-0004"][1] == "别处改的标题"


def test_a_status_changed_by_hand_moves_the_case_in_and_out_of_the_open_ones(busy: Duban) -> None:
    path = busy.file("2026-0002")
    _edit(path, "状态: 办理中", "状态: 已终止")
    assert not seen(busy.root)["2026-0002"][2] or truth(busy.root)["2026-0002"][2]
    assert seen(busy.root) == truth(busy.root)
    _edit(path, "状态: 已终止", "状态: 办理中")
    assert seen(busy.root)["2026-0002"][2]


def test_a_broken_file_is_named_by_every_reading(busy: Duban) -> None:
    path = busy.file("2026-0003")
    path.write_text("编号: [未闭合\n", encoding="utf-8")
    office = Office(busy.root)
    office.active_cases()
    assert len(office.skipped) == 1 and "2026-0003" in office.skipped[0]
    office = Office(busy.root)
    office.cases(caseindex.with_status("已办结"))
    assert len(office.skipped) == 1
    assert seen(busy.root) == truth(busy.root)


def test_without_git_every_file_is_looked_at(busy: Duban) -> None:
    seen(busy.root)
    shutil.rmtree(busy.root / ".git")
    _edit(busy.file("2026-0002"), "第2项工作", "无版本库时改的")
    (busy.root / "cases" / "2026" / "2026-0001.yaml").unlink()
    assert seen(busy.root) == truth(busy.root)
    assert seen(busy.root)["2026-0002"][1] == "无版本库时改的"


def test_a_corrupt_or_foreign_index_is_rebuilt(busy: Duban) -> None:
    database = busy.root / ".duban" / indexdb.DB_FILE
    assert database.exists()
    for junk in (b"", b"\x00garbage" * 100, b"SQLite format 3\x00" + b"\xe3\x01" * 500):
        Office(busy.root).forget()
        indexdb.discard(busy.root / ".duban")
        database.write_bytes(junk)
        assert seen(busy.root) == truth(busy.root)
    # A database of another version: its case tables are made anew, never trusted.
    conn = sqlite3.connect(database)
    conn.execute("update meta set value = 'another/index1' where key = 'case.tag'")
    conn.execute("update files set data = ? ", (b"not a pickle",))
    conn.commit()
    conn.close()
    _edit(busy.file("2026-0002"), "第2项工作", "换了一版")
    assert seen(busy.root) == truth(busy.root)
    assert seen(busy.root)["2026-0002"][1] == "换了一版"


def test_old_caches_are_removed(busy: Duban) -> None:
    local = busy.root / ".duban"
    (local / "cache").mkdir()
    (local / "cache" / "2026-0.pickle").write_bytes(b"old")
    for name in ("index.marshal", "index-hot.marshal", "config.pickle"):
        (local / name).write_bytes(b"old")
    assert seen(busy.root) == truth(busy.root)
    assert not any((local / n).exists() for n in ("cache", "index.marshal", "index-hot.marshal", "config.pickle"))


def test_a_period_reads_only_the_cases_it_can_count(office: Duban) -> None:
    """An office of years: a bulletin of this month parses none of the cases closed years ago."""
    done = office.new("办结的事项", "--lead-unit", "住建局", "--days", "5")
    office("assign", done)
    office("report", done, "--unit", "住建局", "--signer", "赵永刚", "--text", "已完成", "--final")
    office("close", done)
    office("archive", done)
    closed = office.file(done).read_text(encoding="utf-8")
    assert "状态: 已归档" in closed and set(re.findall(r"2026-\d\d-\d\d", closed)) == {"2026-09-28", "2026-10-10"}
    office.file(done).unlink()
    office.git("commit", "-qam", "移走")
    folder = office.root / "cases" / "2022"
    folder.mkdir(parents=True)
    for number in range(1, 41):
        text = closed.replace("2026-09-28", "2022-03-01").replace("2026-10-10", "2022-03-08")
        text = text.replace(done, f"2022-{number:04d}")
        (folder / f"2022-{number:04d}.yaml").write_text(text, encoding="utf-8")
    now = office.new("今年的事项", "--lead-unit", "住建局", "--days", "5")
    office("assign", now)
    assert seen(office.root) == truth(office.root)  # warm: the index and the cache hold every case
    wanted = caseindex.in_period(dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    assert [c.id for c in Office(office.root).cases(wanted)] == [now]
    caseindex.load_count = 0
    result = office("stats", "--from", "2026-09-01", "--to", "2026-09-30", "--unit", "住建局", "--json")
    assert json.loads(result.stdout)[0]["交办"] == 1
    assert caseindex.load_count == 1  # of 41 cases, only the one the period can count is loaded
    # The old cases are counted when the period is theirs, and the figures match a full read.
    wanted = caseindex.in_period(dt.date(2022, 3, 1), dt.date(2022, 3, 31))
    assert len(Office(office.root).cases(wanted)) == 40
    result = office("stats", "--from", "2022-03-01", "--to", "2022-03-31", "--unit", "住建局", "--json")
    row = json.loads(result.stdout)[0]
    assert (row["交办"], row["按期办结"], row["在办"]) == (40, 40, 0)


def test_the_morning_check_loads_only_the_open_cases(busy: Duban) -> None:
    seen(busy.root)
    office = Office(busy.root)
    assert len(office.active_cases()) == 5 and office.children("2026-0001") == []
    for command in (("overdue", "--format", "plain"), ("list", "--status", "在办")):
        caseindex.load_count = 0
        busy(*command, ok=False)
        assert caseindex.load_count == 5, command
    caseindex.load_count = 0
    busy("show", "2026-0002")
    assert caseindex.load_count == 0  # show reads its file and asks the index for sub-cases only
    assert seen(busy.root) == truth(busy.root)


def _same_size_edit(path: Path, old: str, new: str) -> None:
    """An edit git's coarse settings would not see: the same size, the mtime put back."""
    before = path.stat()
    _edit(path, old, new)
    assert path.stat().st_size == before.st_size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.mark.parametrize(
    "setup",
    [
        ("update-index", "--assume-unchanged"),
        ("update-index", "--skip-worktree"),
        ("config", "core.checkStat", "minimal"),
    ],
)
def test_an_edit_git_is_told_not_to_see_is_seen(busy: Duban, setup: tuple[str, ...]) -> None:
    """git's status does not report an edit of a file marked assume-unchanged or skip-worktree, nor
    (with core.checkStat=minimal and core.trustctime=false) a same-size edit whose mtime is put
    back: the index must see it all the same."""
    rel = "cases/2026/2026-0002.yaml"
    if setup[0] == "config":
        busy.git("config", "core.trustctime", "false")
        busy.git(*setup)
    else:
        busy.git(*setup, rel)
    assert seen(busy.root) == truth(busy.root)
    _same_size_edit(busy.file("2026-0002"), "第2项工作", "第8项工作")
    assert seen(busy.root)["2026-0002"][1] == "第8项工作"
    busy("list", "--status", "在办")
    result = busy("list", "--search", "第8项")
    assert "2026-0002" in result.stdout
    if setup[0] != "config":
        warned = busy("check", ok=False)
        assert "2026-0002.yaml" in warned.stderr and setup[1].removeprefix("--") in warned.stderr


def test_an_ignored_case_file_edited_in_place_is_seen_and_named_by_check(busy: Duban) -> None:
    folder = busy.root / "cases" / "2026"
    shutil.copy(folder / "2026-0004.yaml", folder / "2026-0040.yaml")
    _edit(folder / "2026-0040.yaml", "编号: 2026-0004", "编号: 2026-0040")
    (busy.root / ".git" / "info").mkdir(exist_ok=True)
    (busy.root / ".git" / "info" / "exclude").write_text("cases/2026/2026-0040.yaml\n", encoding="utf-8")
    assert seen(busy.root) == truth(busy.root)
    _same_size_edit(folder / "2026-0040.yaml", "第4项工作", "第9项工作")
    assert seen(busy.root)["2026-0040"][1] == "第9项工作"
    result = busy("check", ok=False)
    assert "2026-0040.yaml" in result.stderr and "忽略" in result.stderr


def test_search_finds_chinese_substrings_of_every_length(busy: Duban) -> None:
    _edit(busy.file("2026-0003"), "第3项工作", "河道整治工作")
    for needle, found in (("河", True), ("河道", True), ("河道整", True), ("河道整治工作", True), ("道路", False)):
        result = busy("list", "--search", needle)
        assert ("2026-0003" in result.stdout) is found, needle


def test_commands_started_together_agree_and_never_see_the_index_locked(busy: Duban) -> None:
    """Four commands started at once after hand edits: each must write the index or wait for the
    one that does, and every one answers from the files as they are."""
    import subprocess
    import sys

    for number in (1, 2, 3):
        _edit(busy.file(f"2026-000{number}"), f"第{number}项工作", f"并发改的第{number}项")
    command = [sys.executable, "-m", "duban", "--repo", str(busy.root), "--as-of", "2026-09-29", "list", "--json"]
    running = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
    for process in running:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
        titles = {item["编号"]: item["标题"] for item in json.loads(out)}
        assert titles["2026-0002"] == "并发改的第2项" and titles["2026-0004"] == "第4项工作"


def test_an_index_another_process_keeps_locked_is_answered_in_memory(
    busy: Duban, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen(busy.root)
    _edit(busy.file("2026-0002"), "第2项工作", "锁住时改的")
    monkeypatch.setattr(indexdb, "BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(busy.root / ".duban" / indexdb.DB_FILE, isolation_level=None)
    holder.execute("begin immediate")  # another command writing the index, for longer than we wait
    try:
        assert seen(busy.root)["2026-0002"][1] == "锁住时改的"
    finally:
        holder.execute("rollback")
        holder.close()
    assert seen(busy.root) == truth(busy.root)


def test_a_file_changed_a_moment_ago_is_read_again_until_its_times_are_old(
    busy: Duban, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A same-size rewrite within one tick of the file system's clock keeps the file's identity;
    so a file changed in the last moments is not trusted by its identity: the next command reads
    it again (git's racily clean entries)."""
    monkeypatch.setattr(caseindex, "RACY_NS", 2_000_000_000)
    seen(busy.root)
    path = busy.file("2026-0002")
    _edit(path, "第2项工作", "第7项工作")
    store.parse_count = 0
    assert seen(busy.root)["2026-0002"][1] == "第7项工作"
    assert store.parse_count == 1
    store.parse_count = 0
    seen(busy.root)
    assert store.parse_count == 1  # changed a moment ago: read again
    monkeypatch.setattr(caseindex, "RACY_NS", 0)  # as if its times were old
    store.parse_count = 0
    seen(busy.root)
    assert store.parse_count == 1  # read once more, now trusted under its identity
    store.parse_count = 0
    seen(busy.root)
    assert store.parse_count == 0
