"""The index of commits behind `log` and `undo` (audit/commitindex.py): brought up to HEAD with the
new commits only, built again after a reset or when its database is lost or broken, never a wrong
answer (a hand commit without trailers, a renumbered case, a merge); undo finds its step in it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import GIT_ENV, Duban

from duban.audit import commitindex
from duban.indexdb import DB_FILE


class GitCalls:
    """Every git process duban starts while it is installed (the command runs in-process)."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def git(self) -> list[list[str]]:
        return [args[1:] for args in self.calls if args and args[0] == "git"]


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[GitCalls]:
    seen = GitCalls()
    real = subprocess.Popen

    class Counted(real):  # type: ignore[misc, valid-type]
        def __init__(self, args: Any, *rest: Any, **options: Any) -> None:
            seen.calls.append([str(a) for a in args] if isinstance(args, list | tuple) else [str(args)])
            super().__init__(args, *rest, **options)

    monkeypatch.setattr(subprocess, "Popen", Counted)
    yield seen


def _log(office: Duban, case_id: str) -> list[dict[str, Any]]:
    return list(json.loads(office("log", case_id, "--json").stdout))


def _indexed(office: Duban) -> tuple[str | None, int]:
    """The index's head and how many commits it holds."""
    conn = sqlite3.connect(office.root / ".duban" / DB_FILE)
    try:
        head = conn.execute("select value from meta where key = ?", (commitindex.META_HEAD,)).fetchone()
        count = conn.execute("select count(*) from history_commits").fetchone()[0]
        return (head[0] if head else None), int(count)
    finally:
        conn.close()


def _head(office: Duban) -> str:
    return office.git("rev-parse", "HEAD").strip()


def _count(office: Duban) -> int:
    return int(office.git("rev-list", "--count", "HEAD"))


def _empty_commits(office: Duban, count: int) -> None:
    """count commits without trailers on top of HEAD, quickly (git fast-import)."""
    stream = []
    for number in range(count):
        message = f"说明 {number}\n".encode()
        stream.append(
            b"commit refs/heads/main\ncommitter t <t@localhost> 1790000000 +0800\n"
            + b"data %d\n" % len(message)
            + message
            + (b"from HEAD^0\n".replace(b"HEAD", _head(office).encode()) if number == 0 else b"")
        )
    branch = office.git("rev-parse", "--abbrev-ref", "HEAD").strip()
    feed = b"".join(stream).replace(b"refs/heads/main", f"refs/heads/{branch}".encode())
    subprocess.run(["git", "fast-import", "--quiet", "--force"], cwd=office.root, input=feed, check=True, env=GIT_ENV)
    office.git("reset", "--quiet", "--hard", branch)


def test_the_index_takes_only_the_new_commits(office: Duban, calls: GitCalls) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    office("assign", case, "--days", "5")
    assert [e["动作"] for e in _log(office, case)] == ["立项", "交办"]
    before = _head(office)
    assert _indexed(office) == (before, _count(office))
    office("remind", case)
    calls.calls.clear()
    assert [e["动作"] for e in _log(office, case)] == ["立项", "交办", "催办"]
    logs = [args for args in calls.git() if "log" in args]
    assert len(logs) == 1 and f"^{before}" in logs[0]  # from the last indexed commit, not the whole history
    assert _indexed(office) == (_head(office), _count(office))
    calls.calls.clear()
    _log(office, case)
    assert [args for args in calls.git() if "log" in args or "rev-list" in args] == []  # nothing new: no walk


def test_a_reset_to_an_older_commit_rebuilds_the_index(office: Duban) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    office("assign", case, "--days", "5")
    office("remind", case)
    assert len(_log(office, case)) == 3
    office.git("reset", "--quiet", "--hard", "HEAD~1")
    assert [e["动作"] for e in _log(office, case)] == ["立项", "交办"]
    assert _indexed(office) == (_head(office), _count(office))
    # A history that went elsewhere from there: the commit the index ended at is in it no more.
    path = office.file(case)
    path.write_text(path.read_text(encoding="utf-8").replace("批示领导: null", "批示领导: 张强"), encoding="utf-8")
    office.git("commit", "--quiet", "-am", "改批示领导")
    assert [e["动作"] for e in _log(office, case)] == ["立项", "交办", "手工修改"]
    assert _indexed(office) == (_head(office), _count(office))


def test_an_index_ending_at_a_commit_git_no_longer_has_is_built_again(office: Duban) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    expected = _log(office, case)
    conn = sqlite3.connect(office.root / ".duban" / DB_FILE)
    conn.execute("update meta set value = ? where key = ?", ("1234" * 10, commitindex.META_HEAD))
    conn.commit()
    conn.close()
    office("assign", case, "--days", "5")
    assert [e["动作"] for e in _log(office, case)] == [*(e["动作"] for e in expected), "交办"]
    assert _indexed(office) == (_head(office), _count(office))


@pytest.mark.parametrize("damage", ["deleted", "garbage", "torn", "other-tables"])
def test_a_lost_or_broken_database_is_built_again(office: Duban, damage: str) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    office("assign", case, "--days", "5")
    expected = _log(office, case)
    database = office.root / ".duban" / DB_FILE
    for suffix in ("-wal", "-shm"):
        (office.root / ".duban" / (DB_FILE + suffix)).unlink(missing_ok=True)
    if damage == "deleted":
        database.unlink()
    elif damage == "garbage":
        database.write_bytes(b"\x8f\x00garbage, not a database" * 300)
    elif damage == "torn":  # the header kept, the pages after it overwritten
        data = bytearray(database.read_bytes())
        data[100:] = b"\xff" * (len(data) - 100)
        database.write_bytes(bytes(data))
    else:  # a table of the same name made otherwise (an older duban), the meta saying all is well
        conn = sqlite3.connect(database)
        conn.execute("drop table history_paths")
        conn.execute("create table history_paths(path text, seq integer, status text)")
        conn.execute("create table files(path text)")  # another index's table in the same database
        conn.commit()
        conn.close()
    assert _log(office, case) == expected
    assert _indexed(office) == (_head(office), _count(office))
    if damage == "other-tables":  # the index's own tables made again, the other table left alone
        conn = sqlite3.connect(database)
        assert conn.execute("select count(*) from files").fetchone() == (0,)
        assert len(conn.execute("pragma table_info(history_paths)").fetchall()) == 5
        conn.close()


def test_a_hand_commit_without_trailers_is_in_the_log_by_its_path(office: Duban) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    other = office.new("另一事项", "--lead-unit", "财政局")
    _log(office, case)  # the index is built before the hand commit
    path = office.file(case)
    path.write_text(path.read_text(encoding="utf-8").replace("批示领导: null", "批示领导: 张强"), encoding="utf-8")
    office.git("commit", "--quiet", "-am", "改一下")
    entries = _log(office, case)
    assert [e["动作"] for e in entries] == ["立项", "手工修改"]
    assert entries[1]["经办人"] == "测试" and entries[1]["改动"] == ["批示领导 空 → 张强"]
    assert [e["动作"] for e in _log(office, other)] == ["立项"]


def test_log_follows_a_renumbering_from_the_index_as_from_nothing(two_clerks: tuple[Duban, Duban, str]) -> None:
    a, b, _ = two_clerks
    a.today = b.today = "2026-10-09"
    a.new("甲新立项", "--lead-unit", "教育局")
    mine = b.new("乙新立项", "--lead-unit", "民政局")
    _log(b, mine)  # b's index holds the case under its first number
    b("assign", mine, "--days", "5")
    a("sync")
    b("sync")
    entries = _log(b, "2026-0003")
    assert [e["动作"] for e in entries] == ["立项", "交办", "重新编号"]
    assert [e["动作"] for e in _log(b, "2026-0002")] == ["立项"]  # the number the other clerk kept
    (b.root / ".duban" / DB_FILE).unlink()
    assert _log(b, "2026-0003") == entries


def test_undo_after_many_commits_finds_its_step_without_paging(office: Duban, calls: GitCalls) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    office("assign", case, "--days", "5")
    _empty_commits(office, 450)  # more than two of the old pages of 200
    calls.calls.clear()
    assert f"已撤销 {case} 的“交办”" in office("undo").stdout
    made = calls.git()
    assert not any(arg.startswith("--skip") for args in made for arg in args)
    assert len([args for args in made if "log" in args]) <= 1
    assert json.loads(office("show", case, "--json").stdout)["状态"] == "待交办"


def test_undo_reads_a_batch_with_a_few_git_processes(office: Duban, tmp_path: Path, calls: GitCalls) -> None:
    table = tmp_path / "table.csv"
    rows = ["工作任务,牵头单位,完成时限"] + [f"任务第{i}项,区财政局,2026-11-30" for i in range(60)]
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    office("import", "table", str(table))
    calls.calls.clear()
    out = office("undo").stdout
    assert "删除 60 个事项" in out
    reads = [args for args in calls.git() if {"cat-file", "ls-tree", "show", "diff-tree"} & set(args)]
    assert len(reads) <= 3  # not one or more for each of the 60 files
    assert not list((office.root / "cases").rglob("*.yaml"))


def test_log_of_a_case_both_clerks_changed_is_git_logs_own(two_clerks: tuple[Duban, Duban, str]) -> None:
    """A merge that united both sides' steps is in the log (同步合并); where a merge took one side's
    file whole, the commits are those `git log -- FILE` follows, in its order."""
    a, b, shared = two_clerks
    a.today = b.today = "2026-10-09"
    _log(a, shared)
    _log(b, shared)  # both indexes built before the sync
    a("remind", shared, "--note", "电话催办")
    b("report", shared, "--unit", "财政局", "--signer", "钱正明", "--text", "正在办理")
    a("sync")
    b("sync")
    a("sync")
    path = f"cases/{shared[:4]}/{shared}.yaml"
    for clerk in (a, b):
        entries = _log(clerk, shared)
        assert [e["提交"] for e in entries] == clerk.git("rev-list", "--reverse", "HEAD", "--", path).split()
        assert "同步合并" in [e["动作"] for e in entries] and {"催办", "反馈"} <= {e["动作"] for e in entries}
        (clerk.root / ".duban" / DB_FILE).unlink()
        assert _log(clerk, shared) == entries


def test_the_index_numbers_parents_before_children_whatever_the_dates() -> None:
    """git's order is by date: a commit made on a clock that ran behind comes after its parent."""

    def read(sha: str, *parents: str) -> Any:
        return commitindex._Read(sha, parents, "测试", "2026-01-01 00:00", "", [])

    skewed = [read("c", "b", "m"), read("a"), read("m", "a"), read("b", "a")]
    order = [c.sha for c in commitindex._parents_first(skewed)]
    assert order.index("a") < order.index("b") < order.index("c") and order.index("m") < order.index("c")
    linear = [read("3", "2"), read("2", "1"), read("1")]
    assert [c.sha for c in commitindex._parents_first(linear)] == ["1", "2", "3"]
