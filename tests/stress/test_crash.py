"""Crash injection: every mutating command, killed at each of its git calls in turn: duban with its
git (SIGKILL to the whole process group), git alone (duban lives on and sees it die), and duban
alone (its git runs on as an orphan); the first two once plainly and once leaving git's index.lock
behind as a git killed mid-write would (the reading calls made outside the office's lock take no
lock), and git once more after it did its work (a commit made, not reported); then at random
moments. After each kill the next command must succeed, `check` must pass,
`git fsck` must be clean, nothing may be left in cases/ that git does not have, and the change must
be wholly committed with its operator or wholly absent (sync: any prefix of its steps, and the next
sync ends where a clean one would)."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import fakegit
import pytest
from conftest import GIT_ENV, HERE, UNITS_FILE

pytestmark = pytest.mark.stress

TODAY = "2026-10-20"
MINUTES = HERE / "minutes-example.txt"
TABLE = HERE / "task-table-example.csv"
BATCH_TABLE = HERE / "task-table-batch.csv"  # rows enough for a batch's own write and commit (BATCH_FROM)

COMMANDS: dict[str, list[str]] = {
    "new": ["new", "--title", "崩溃测试事项", "--source-kind", "会议议定", "--lead-unit", "财政局"],
    "assign": ["assign", "2026-0001", "--days", "5"],
    "ack": ["ack", "2026-0002", "--unit", "财政局"],
    "report": ["report", "2026-0002", "--unit", "财政局", "--signer", "钱正明", "--text", "进展", "--final"],
    "remind": ["remind", "2026-0002", "--note", "电话催办"],
    "extend": ["extend", "2026-0002", "--to", "2026-12-31", "--reason", "需协调", "--approved-by", "张强"],
    "return": ["return", "2026-0003", "--reason", "数据不准"],
    "close": ["close", "2026-0003", "--approved-by", "张强"],
    "terminate": ["terminate", "2026-0002", "--reason", "情况变化", "--approved-by", "张强"],
    "archive": ["archive", "2026-0004"],
    "void": ["void", "2026-0002", "--reason", "重复登记", "--approved-by", "张强"],
    "import-table": ["import", "table", str(TABLE)],
    "import-batch": ["import", "table", str(BATCH_TABLE)],
    "import-minutes": ["import", "minutes", str(MINUTES), "--meeting", "第15次常务会议", "--date", "2026-10-19"],
    "undo": ["undo"],
    "overdue-remind": ["overdue", "--remind", "--quiet"],
    "remind-overdue": ["remind", "--overdue"],
    "sync": ["sync"],
    "bulletin-record": ["bulletin", "--from", "2026-09-01", "--to", "2026-09-30", "--record", "-o", "-"],
    "undo-new": ["undo"],
    "undo-import": ["undo"],
    "undo-batch": ["undo"],
    "recalc": ["recalc"],
}
# Steps made (not killed) before the command, so that it has something to work on: undo takes back
# a registration (a file deleted) or a whole import (many).
PREPARE: dict[str, list[str]] = {
    "undo-new": COMMANDS["new"],
    "undo-import": COMMANDS["import-table"],
    "undo-batch": COMMANDS["import-batch"],
}
# Commands that sync with the office's remote before their own step (a sync killed half-way is any
# prefix of its steps).
SYNCING = ("sync", "overdue-remind", "remind-overdue")
# Commands that sync first and then make their own step (bulletin --record): killed between the two,
# the sync stands whole and the step is not made.
SYNCED_FIRST = ("bulletin-record",)


def duban(root: Path, *args: str, by: str = "李明", check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "duban", "--repo", str(root), "--as-of", TODAY, "--by", by, *args],
        capture_output=True, text=True, env=GIT_ENV, timeout=120,
    )  # fmt: skip
    if check and done.returncode != 0:
        raise AssertionError(f"duban {' '.join(args)} -> {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True, env=GIT_ENV).stdout


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An office in every state a command needs, with a remote that moved on (a colliding number)."""
    base = tmp_path_factory.mktemp("template")
    office = base / "office"
    subprocess.run(
        [sys.executable, "-m", "duban", "--by", "李明", "init", str(office), "--office", "测试办", "--units",
         str(UNITS_FILE)], check=True, capture_output=True, env=GIT_ENV,
    )  # fmt: skip

    def step(day: str, *args: str, by: str = "李明") -> None:
        subprocess.run(
            [sys.executable, "-m", "duban", "--repo", str(office), "--as-of", day, "--by", by, *args],
            check=True, capture_output=True, env=GIT_ENV,
        )  # fmt: skip

    for title in ("待交办", "办理中", "待审核", "已办结", "已逾期"):
        step("2026-09-01", "new", "--title", title, "--source-kind", "会议议定", "--lead-unit", "财政局")
    for case in ("2026-0002", "2026-0003", "2026-0004"):
        step("2026-09-01", "assign", case, "--days", "30")
    step("2026-09-01", "assign", "2026-0005", "--deadline", "2026-09-10")
    for case in ("2026-0003", "2026-0004"):
        step("2026-09-20", "report", case, "--unit", "财政局", "--signer", "钱正明", "--text", "办完", "--final")
    step("2026-09-21", "close", "2026-0004")
    remote = base / "remote.git"
    git(base, "init", "-q", "--bare", "--initial-branch=main", str(remote))
    git(office, "remote", "add", "origin", "../remote.git")
    step("2026-09-21", "sync")
    git(base, "clone", "-q", str(remote), str(base / "other"))
    step("2026-09-22", "new", "--title", "别人的事项", "--source-kind", "领导交办", by="王芳")
    subprocess.run(
        [sys.executable, "-m", "duban", "--repo", str(base / "other"), "--as-of", "2026-09-22", "--by", "王芳",
         "new", "--title", "别人的事项", "--source-kind", "领导交办"], check=True, capture_output=True, env=GIT_ENV,
    )  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "duban", "--repo", str(base / "other"), "--by", "王芳", "sync"],
        check=True, capture_output=True, env=GIT_ENV,
    )  # fmt: skip
    step("2026-09-23", "remind", "2026-0002")
    shutil.rmtree(office / ".duban", ignore_errors=True)
    return base


def fresh(template: Path, into: Path, name: str = "") -> Path:
    shutil.copytree(template, into, symlinks=True)
    root = into / "office"
    if name in PREPARE:
        duban(root, *PREPARE[name])
    if name == "recalc":  # a holiday the office adds moves the deadlines counted over it
        config = root / "config.yaml"
        config.write_text(
            config.read_text(encoding="utf-8").replace(
                "节假日: {}", "节假日:\n  2026:\n    放假: [[2026-10-12, 2026-10-12]]\n    调休上班: []"
            ),
            encoding="utf-8",
        )
        git(root, "commit", "-q", "-m", "节假日", "--", "config.yaml")
    return root


def commits(root: Path, since: str, until: str = "HEAD") -> list[str]:
    return git(root, "log", "--format=%an|%s", f"{since}..{until}").splitlines()


def tree(root: Path, ref: str = "HEAD") -> str:
    return git(root, "rev-parse", f"{ref}:cases").strip()


def reference(template: Path, scratch: Path, name: str) -> tuple[list[str], str, int]:
    """A clean run: its commits, the tree it leaves, and how many git calls it makes."""
    root = fresh(template, scratch / f"ref-{name}", name)
    start = git(root, "rev-parse", "HEAD").strip()
    fake = fakegit.install(scratch / "fake-ref")
    env = {**GIT_ENV, "DUBAN_TODAY": TODAY, "DUBAN_USER": "李明", "DUBAN_REPO": str(root)}
    killed, calls = fakegit.run_killed(COMMANDS[name], root, fake, env, at=10**6)
    assert not killed
    return commits(root, start), tree(root), calls


def settle(root: Path, start: str, expected: list[str], expected_tree: str, name: str) -> None:
    """After a kill of the command `name`: the next command succeeds and the office is whole: as
    before the step, or as after it."""
    sync, recount, synced_first = name in SYNCING, name == "recalc", name in SYNCED_FIRST
    start_tree = tree(root, start)
    after = duban(root, "new", "--title", "下一个事项", "--source-kind", "会议议定", by="王芳")
    assert after.returncode == 0
    assert "Traceback" not in after.stderr
    checked = duban(root, "check", check=False)
    if checked.returncode != 0:  # only before a recount: the deadlines it would correct are pointed out
        assert recount and commits(root, start, "HEAD~1") == [], checked.stdout
        assert all("duban recalc" in line for line in checked.stdout.splitlines() if ".yaml:" in line)
    subprocess.run(["git", "fsck", "--no-dangling"], cwd=root, check=True, capture_output=True)
    assert git(root, "status", "--porcelain", "--untracked-files=no") == ""
    assert git(root, "status", "--porcelain", "--untracked-files=all", "--", "cases") == ""
    made = commits(root, start, "HEAD~1")
    assert all(line.startswith(("李明|", "王芳|")) for line in made)
    if sync:
        # As far as the clean run went, in its order; or, when the sync could not be made (a git
        # that failed before it: listing the remotes), the command's own step from the local
        # record alone, as `overdue --remind` does offline (README: 先同步).
        offline = len(made) == 1 and made[0] == expected[0] and not any("别人的事项" in m for m in made)
        assert offline or list(reversed(made)) == list(reversed(expected))[: len(made)], made
        duban(root, "sync")
        assert "别人的事项" in git(root, "log", "--format=%s", "-n", "40")
        return
    if made and synced_first and made == expected[1:]:
        return  # the sync before the step is a step of its own, whole; the step itself was not made
    if made:
        assert made == expected, (made, expected)
        assert tree(root, "HEAD~1") == expected_tree
    else:
        assert tree(root, "HEAD~1") == start_tree


# (mode, who): what the fake git leaves and whom it kills (tests/fakegit.py).
KILLS = (("plain", "group"), ("lock", "group"), ("plain", "git"), ("lock", "git"), ("after", "git"), ("plain", "duban"))


def kill_points() -> Iterator[tuple[str, str, str]]:
    for name in COMMANDS:
        for mode, who in KILLS:
            yield name, mode, who


@pytest.mark.parametrize(("name", "mode", "who"), list(kill_points()))
def test_killed_at_every_git_call(template: Path, tmp_path: Path, name: str, mode: str, who: str) -> None:
    expected, expected_tree, calls = reference(template, tmp_path, name)
    assert calls > 0
    fake = fakegit.install(tmp_path / "fake")
    for at in range(1, calls + 1):
        root = fresh(template, tmp_path / f"run-{at}", name)
        start = git(root, "rev-parse", "HEAD").strip()
        env = {**GIT_ENV, "DUBAN_TODAY": TODAY, "DUBAN_USER": "李明", "DUBAN_REPO": str(root)}
        killed, _ = fakegit.run_killed(COMMANDS[name], root, fake, env, at=at, mode=mode, who=who)
        if who != "git":  # a git that fails may be one duban can do without (taking a file out of the index)
            assert killed, f"{name} made fewer git calls than its clean run ({at} of {calls})"
        else:
            assert fakegit.last is not None and "Traceback" not in fakegit.last.stderr
        try:
            settle(root, start, expected, expected_tree, name)
        except AssertionError as failure:
            made = (fake / "calls").read_text(encoding="utf-8").splitlines()
            raise AssertionError(f"killed at git call {made[at - 1] if at <= len(made) else at}") from failure
        shutil.rmtree(root.parent)


def test_killed_at_random_moments(template: Path, tmp_path: Path) -> None:
    chooser = random.Random(20261123)
    for run in range(int(os.environ.get("DUBAN_RANDOM_KILLS", "30"))):
        name = chooser.choice(list(COMMANDS))
        expected, expected_tree, _ = reference(template, tmp_path / f"r{run}", name)
        root = fresh(template, tmp_path / f"random-{run}", name)
        start = git(root, "rev-parse", "HEAD").strip()
        process = subprocess.Popen(
            [sys.executable, "-m", "duban", "--repo", str(root), "--as-of", TODAY, "--by", "李明", *COMMANDS[name]],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=GIT_ENV, start_new_session=True,
        )  # fmt: skip
        try:
            process.wait(timeout=chooser.uniform(0.05, 0.6))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()
        settle(root, start, expected, expected_tree, name)
