"""Nothing recorded is lost or misattributed by git's own failures and states (issue 25, items 10-14):
a hand edit is committed on its own before any step; recovery never restores over work it did not
write; a git call that fails is an error, never an answer ("absent"); a staged deletion is finished
or undone; duban writes only on the office's branch with no git operation in progress; a git child
that died, or that outlived duban, leaves nothing stuck."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import fakegit
import pytest
from conftest import GIT_ENV, Duban


def _env(office: Duban) -> dict[str, str]:
    return {**GIT_ENV, "DUBAN_REPO": str(office.root), "DUBAN_TODAY": office.today}


def _fsck(office: Duban) -> None:
    subprocess.run(["git", "fsck", "--no-dangling"], cwd=office.root, check=True, capture_output=True)


def _hand_edit(office: Duban, case: str, leader: str = "张强") -> None:
    path = office.file(case)
    text = path.read_text(encoding="utf-8")
    assert "批示领导: null" in text
    path.write_text(text.replace("批示领导: null", f"批示领导: {leader}"), encoding="utf-8")


def _subjects(office: Duban, count: int) -> list[str]:
    return office.git("log", f"-{count}", "--format=%s").splitlines()


def _one_line(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert len([line for line in stderr.splitlines() if line.strip()]) == 1, stderr


# -- 11. a hand edit is never folded into duban's commit, never restored over -------------------------


def test_bulletin_record_commits_a_pending_hand_edit_on_its_own_first(office: Duban) -> None:
    office.today = "2026-09-28"
    late = office.new("逾期事项", "--lead-unit", "财政局")
    office("assign", late, "--deadline", "2026-09-29")
    _hand_edit(office, late)
    office.today = "2026-11-02"
    office("bulletin", "--from", "2026-10-01", "--to", "2026-10-31", "--record", "-o", "-")
    assert _subjects(office, 2) == ["通报 2026年第1期", f"手工修改 {late} 逾期事项"]
    assert "张强" not in office.git("show", "HEAD", "--format=")  # the bulletin's commit has no hand edit
    assert "批示领导: 张强" in office.git("show", "HEAD~1", "--format=")
    assert office.git("status", "--porcelain") == ""


def test_recalc_commits_a_pending_hand_edit_on_its_own_first(office: Duban) -> None:
    office.today = "2026-12-28"
    case = office.new("跨年事项", "--lead-unit", "财政局")
    office("assign", case, "--days", "5")
    _hand_edit(office, case)
    config = office.root / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "节假日: {}", "节假日:\n  2027:\n    放假: [[2027-01-01, 2027-01-04]]\n    调休上班: []"
        ),
        encoding="utf-8",
    )
    office.git("commit", "-q", "-m", "节假日", "--", "config.yaml")
    office("recalc")
    assert _subjects(office, 2) == ["更正办理时限：2027年节假日安排", f"手工修改 {case} 跨年事项"]
    assert "张强" not in office.git("show", "HEAD", "--format=")
    assert office.git("status", "--porcelain") == ""


def test_recovery_leaves_a_file_it_did_not_write_alone_and_names_it(office: Duban) -> None:
    first = office.new("甲", "--lead-unit", "财政局")
    second = office.new("乙", "--lead-unit", "财政局")
    from duban.store import Office
    from duban.usecases.recording import _digest

    paths = {case: f"cases/2026/{case}.yaml" for case in (first, second)}
    written = office.file(first).read_text(encoding="utf-8").replace("报告周期: 无", "报告周期: 每周")
    Office(office.root).write_journal(
        {
            "起点": office.git("rev-parse", "HEAD").strip(),
            "经办人": "王芳",
            "提交说明": "催办 2项 …\n",
            "文件": {paths[first]: _digest(written), paths[second]: _digest("从未写成的内容")},
        }
    )
    office.file(first).write_text(written, encoding="utf-8")  # duban's write
    _hand_edit(office, second)  # after the crash a clerk edits the other file: neither before nor after
    result = office("show", first, "--json")  # reading touches nothing
    result = office("new", "--title", "丙", "--source-kind", "会议议定")
    assert "没有写完，已恢复原状" in result.stderr
    assert paths[second] in result.stderr and "未恢复" in result.stderr
    assert "报告周期: 无" in office.file(first).read_text(encoding="utf-8")  # duban's own write undone
    assert "批示领导: 张强" in office.file(second).read_text(encoding="utf-8")  # the clerk's kept
    office("assign", second, "--days", "5")  # the edit is then committed on its own
    assert _subjects(office, 2) == [f"交办 {second} 乙", f"手工修改 {second} 乙"]


# -- 12. a failed git read is an error, never "absent" ---------------------------------------------


def test_undo_with_its_git_reads_killed_never_deletes_a_case(office: Duban, tmp_path: Path) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    office("assign", case, "--days", "5")
    before = office.commits()
    fake = fakegit.install(tmp_path / "fake")
    failed, _ = fakegit.run_killed(
        ["undo"], office.root, fake, _env(office), on="rev-parse ls-tree cat-file show", who="git"
    )
    assert failed and fakegit.last is not None and fakegit.last.returncode == 1
    _one_line(fakegit.last.stderr)
    assert office.commits() == before and office.file(case).exists()
    assert office.git("status", "--porcelain") == ""
    assert "已撤销" in office("undo").stdout  # and with git whole, the 交办 is what is undone
    assert json.loads(office("show", case, "--json").stdout)["状态"] == "待交办"


def test_a_recovery_whose_git_read_fails_never_deletes_a_case(office: Duban, tmp_path: Path) -> None:
    first = office.new("甲", "--lead-unit", "财政局")
    second = office.new("乙", "--lead-unit", "财政局")
    from duban.store import Office
    from duban.usecases.recording import _digest

    original = office.file(first).read_text(encoding="utf-8")
    written = original.replace("报告周期: 无", "报告周期: 每周")
    Office(office.root).write_journal(
        {
            "起点": office.git("rev-parse", "HEAD").strip(),
            "经办人": "王芳",
            "提交说明": "催办 2项 …\n",
            "文件": {f"cases/2026/{first}.yaml": _digest(written), f"cases/2026/{second}.yaml": _digest("x")},
        }
    )
    office.file(first).write_text(written, encoding="utf-8")
    fake = fakegit.install(tmp_path / "fake")
    failed, _ = fakegit.run_killed(
        ["assign", second, "--days", "5"], office.root, fake, _env(office), on="cat-file ls-tree show", who="git"
    )
    assert failed and fakegit.last is not None and fakegit.last.returncode == 1
    _one_line(fakegit.last.stderr)
    assert "已恢复原状" not in fakegit.last.stderr
    assert office.file(first).exists()
    assert (office.root / ".duban" / "journal.json").exists()  # still there to be finished
    result = office("assign", second, "--days", "5")
    assert "没有写完，已恢复原状" in result.stderr
    assert office.file(first).read_text(encoding="utf-8") == original


# -- 13. a staged deletion is part of what the journal finishes or undoes ---------------------------


@pytest.mark.parametrize("word", ["add", "commit", "rm"])
def test_undo_of_a_registration_killed_at_its_commit_is_not_stuck(office: Duban, tmp_path: Path, word: str) -> None:
    office.new("留下的事项", "--lead-unit", "财政局")
    case = office.new("撤销的事项", "--lead-unit", "财政局")
    start = office.git("rev-parse", "HEAD").strip()
    fake = fakegit.install(tmp_path / "fake")
    env = {**_env(office), "DUBAN_USER": "王芳"}
    killed, _ = fakegit.run_killed(["undo"], office.root, fake, env, on=word)
    if not killed:
        assert word == "rm"  # the step may stage its deletion without git rm
        return
    result = office("new", "--title", "下一个事项", "--source-kind", "会议议定")
    assert result.exit_code == 0
    subjects = office.git("log", "--format=%an %s", f"{start}..HEAD").splitlines()
    assert subjects[0].startswith("李明 立项")
    assert subjects[1:] in ([], [f"王芳 撤销 {case} 立项 撤销的事项"]), subjects
    assert office.file(case).exists() == (len(subjects) == 1)
    assert office("check").exit_code == 0 and office.git("status", "--porcelain") == ""
    _fsck(office)


# -- 14. only on the office's branch, with no git operation in progress ------------------------------


def _sha(office: Duban) -> str:
    return office.git("rev-parse", "HEAD").strip()


@pytest.mark.parametrize(
    ("state", "words"),
    [
        ("detached", "分离"),
        ("rebase-merge", "rebase"),
        ("rebase-apply", "rebase"),
        ("MERGE_HEAD", "合并"),
        ("BISECT_LOG", "bisect"),
        ("CHERRY_PICK_HEAD", "cherry-pick"),
        ("REVERT_HEAD", "revert"),
    ],
)
def test_no_write_off_the_branch_or_during_a_git_operation(office: Duban, state: str, words: str) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    dot_git = office.root / ".git"
    if state == "detached":
        office.git("checkout", "-q", "--detach", "HEAD")
    elif state.startswith("rebase"):
        (dot_git / state).mkdir()
        (dot_git / state / "head-name").write_text("refs/heads/main\n", encoding="utf-8")
    else:
        (dot_git / state).write_text(_sha(office) + "\n", encoding="utf-8")
    before = _sha(office)
    for args in (["assign", case, "--days", "5"], ["new", "--title", "另一事项", "--source-kind", "会议议定"]):
        result = office(*args, ok=False)
        assert result.exit_code == 1, result.stdout
        _one_line(result.stderr)
        assert words in result.stderr and "请先" in result.stderr, result.stderr
    assert _sha(office) == before and office.git("status", "--porcelain") == ""
    assert office("show", case, "--json").exit_code == 0  # reading is still allowed


def test_a_real_stopped_rebase_is_named(office: Duban) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    office.git("checkout", "-q", "-b", "side")
    _hand_edit(office, case, "甲")
    office.git("commit", "-q", "-am", "甲")
    office.git("checkout", "-q", "main")
    _hand_edit(office, case, "乙")
    office.git("commit", "-q", "-am", "乙")
    office.git("checkout", "-q", "side")
    subprocess.run(["git", "rebase", "main"], cwd=office.root, capture_output=True, env=GIT_ENV)
    result = office("remind", case, ok=False)
    assert result.exit_code == 1 and "git rebase --continue" in result.stderr and "git rebase --abort" in result.stderr


# -- 10. a git child that died while duban lived, or lived on after duban -------------------------------


def test_a_lock_left_by_a_git_duban_saw_die_is_removed(office: Duban, tmp_path: Path) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    before = office.commits()
    fake = fakegit.install(tmp_path / "fake")
    failed, _ = fakegit.run_killed(
        ["assign", case, "--days", "5"], office.root, fake, _env(office), on="commit", mode="lock", who="git"
    )
    assert failed and fakegit.last is not None and fakegit.last.returncode == 1
    _one_line(fakegit.last.stderr)
    assert not (office.root / ".git" / "index.lock").exists()
    assert office.commits() == before and office.git("status", "--porcelain") == ""
    office("assign", case, "--days", "5")  # at once, not after waiting for a lock
    assert _subjects(office, 1) == [f"交办 {case} 某事项"]


def test_a_git_that_outlives_a_killed_duban_is_waited_for(office: Duban, tmp_path: Path) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    fake = fakegit.install(tmp_path / "fake")
    env = {**_env(office), "DUBAN_USER": "王芳"}
    killed, _ = fakegit.run_killed(
        ["assign", case, "--days", "5"], office.root, fake, env, on="commit", who="duban", delay=1.5
    )
    assert killed
    office("remind", case)  # while 王芳's commit still runs on
    log = office.git("log", "--format=%an %s").splitlines()
    assert log[:2] == [f"李明 催办 {case} 某事项", f"王芳 交办 {case} 某事项"], log
    assert office("check").exit_code == 0 and office.git("status", "--porcelain") == ""
    _fsck(office)


def test_a_sync_merge_killed_half_way_is_taken_back_not_committed_as_a_hand_edit(office: Duban, tmp_path: Path) -> None:
    remote = tmp_path / "shared.git"
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", str(remote)], check=True, env=GIT_ENV)
    office.git("remote", "add", "origin", str(remote))
    case = office.new("共同的事项", "--lead-unit", "财政局")
    office("assign", case, "--days", "5")
    office("sync")
    subprocess.run(["git", "clone", "-q", str(remote), str(tmp_path / "b")], check=True, env=GIT_ENV)
    other = Duban(tmp_path / "b", by="王芳")
    other("remind", case)
    other("sync")
    fake = fakegit.install(tmp_path / "fake")
    killed, _ = fakegit.run_killed(["sync"], office.root, fake, _env(office), on="merge")
    assert killed
    # As a merge killed while it wrote the work tree leaves it: the colleague's file, no MERGE_HEAD.
    rel = f"cases/2026/{case}.yaml"
    office.file(case).write_text(office.git("show", f"origin/main:{rel}"), encoding="utf-8")
    assert not (office.root / ".git" / "MERGE_HEAD").exists()
    result = office("ack", case, "--unit", "财政局")
    assert "上次同步在合并时被中断" in result.stderr
    assert "手工修改" not in office.git("log", "--format=%s")
    office("sync")
    log = office.git("log", "--format=%an %s").splitlines()
    assert f"王芳 催办 {case} 共同的事项" in log and f"李明 签收 {case} 共同的事项" in log
    assert not [line for line in log if "手工修改" in line]
    assert json.loads(office("show", case, "--json").stdout)["催办次数"] == 1


def test_a_bulletin_killed_at_any_git_call_never_loses_a_pending_hand_edit(office: Duban, tmp_path: Path) -> None:
    import shutil

    office.today = "2026-09-28"
    late = office.new("逾期事项", "--lead-unit", "财政局")
    office("assign", late, "--deadline", "2026-09-29")
    _hand_edit(office, late)
    command = ["--as-of", "2026-11-02", "bulletin", "--from", "2026-10-01", "--to", "2026-10-31", "--record", "-o", "-"]
    fake = fakegit.install(tmp_path / "fake")
    _, calls = fakegit.run_killed(command, office.root, fake, _env(office), at=10**6)  # a clean run, counted
    assert calls > 2 and _subjects(office, 2) == ["通报 2026年第1期", f"手工修改 {late} 逾期事项"]
    for at in range(1, calls + 1):
        copy = tmp_path / f"run-{at}"
        shutil.copytree(office.root, copy, symlinks=True)
        subprocess.run(["git", "reset", "-q", "--hard", "HEAD~2"], cwd=copy, check=True, env=GIT_ENV)
        _hand_edit(Duban(copy), late)
        env = {**_env(office), "DUBAN_REPO": str(copy)}
        killed, _ = fakegit.run_killed(command, copy, fake, env, at=at)
        assert killed
        again = Duban(copy, today="2026-11-02")
        again("remind", late)  # recovers first
        path = f"cases/2026/{late}.yaml"
        assert "批示领导: 张强" in again.git("show", f"HEAD:{path}"), at
        hand = again.git("log", "--format=%s", "--", path).splitlines()
        assert f"手工修改 {late} 逾期事项" in hand, (at, hand)
        assert "张强" not in "".join(
            again.git("show", sha, "--format=", "--", path)
            for sha in again.git("log", "--format=%H", "--grep=^通报", "--", path).split()
        )
        assert again.git("status", "--porcelain") == ""
        shutil.rmtree(copy)


def test_a_merge_sync_left_stopped_is_taken_back_not_refused(office: Duban) -> None:
    notes = office.root / "说明.txt"
    notes.write_text("说明\n", encoding="utf-8")
    office.git("add", "说明.txt")
    office.git("commit", "-q", "-m", "说明")
    office.git("checkout", "-q", "-b", "theirs")
    notes.write_text("他们的说明\n", encoding="utf-8")
    office.git("commit", "-q", "-am", "他们")
    office.git("checkout", "-q", "main")
    notes.write_text("我们的说明\n", encoding="utf-8")
    office.git("commit", "-q", "-am", "我们")
    start = _sha(office)
    from duban.store import Office

    Office(office.root).write_journal({"同步": True, "起点": start})
    stopped = subprocess.run(["git", "merge", "theirs"], cwd=office.root, capture_output=True, env=GIT_ENV)
    assert stopped.returncode != 0 and (office.root / ".git" / "MERGE_HEAD").exists()
    result = office("new", "--title", "某事项", "--source-kind", "会议议定")
    assert "上次同步在合并时被中断" in result.stderr
    assert not (office.root / ".git" / "MERGE_HEAD").exists()
    assert office.git("rev-parse", "HEAD~1").strip() == start
    assert office.git("status", "--porcelain") == ""


def test_a_merge_killed_half_way_is_taken_back_by_git_itself(office: Duban) -> None:
    from duban.audit.git import Git

    case = office.new("某事项", "--lead-unit", "财政局")
    office("assign", case, "--days", "5")
    start = _sha(office)
    office.git("checkout", "-q", "-b", "theirs")
    other = Duban(office.root, by="王芳")
    other("remind", case)
    added = other.new("他们的事项")
    theirs = {p: office.git("show", f"theirs:{p}") for p in (f"cases/2026/{case}.yaml", f"cases/2026/{added}.yaml")}
    office.git("checkout", "-q", "main")
    mine = office.root / "draft.txt"  # an untracked file of the clerk's: not the merge's, kept
    mine.write_text("草稿\n", encoding="utf-8")
    for rel, text in theirs.items():  # what a merge killed while writing the work tree leaves
        (office.root / rel).write_text(text, encoding="utf-8")
    Git(office.root).take_back_merge(start, "theirs")
    assert _sha(office) == start
    assert office.git("status", "--porcelain") == "?? draft.txt\n"
    assert not office.file(added).exists() and mine.exists()
    assert json.loads(office("show", case, "--json").stdout)["催办次数"] == 0


def test_a_hand_edit_of_the_bulletin_register_is_committed_on_its_own_first(office: Duban) -> None:
    office.today = "2026-09-28"
    late = office.new("逾期事项", "--lead-unit", "财政局")
    office("assign", late, "--deadline", "2026-09-29")
    office.today = "2026-11-02"
    office("bulletin", "--from", "2026-10-01", "--to", "2026-10-31", "--record", "-o", "-")
    register = office.root / "bulletins.yaml"
    register.write_text(register.read_text(encoding="utf-8") + "# 第1期已印发\n", encoding="utf-8")
    office.today = "2026-11-03"  # a second issue of the same period is given its number
    office("bulletin", "--from", "2026-10-01", "--to", "2026-10-31", "--issue", "2", "--record", "-o", "-")
    assert _subjects(office, 2) == ["通报 2026年第2期", "手工修改 通报登记"]
    assert "+# 第1期已印发" not in office.git("show", "HEAD", "--format=")  # only as context
    assert "# 第1期已印发" in register.read_text(encoding="utf-8")
    assert office.git("status", "--porcelain") == ""


def test_a_git_killed_after_its_commit_was_made_leaves_the_step_done(office: Duban, tmp_path: Path) -> None:
    case = office.new("某事项", "--lead-unit", "财政局")
    fake = fakegit.install(tmp_path / "fake")
    fakegit.run_killed(
        ["assign", case, "--days", "5"], office.root, fake, _env(office), on="commit", mode="after", who="git"
    )
    assert fakegit.last is not None and "Traceback" not in fakegit.last.stderr
    assert _subjects(office, 1) == [f"交办 {case} 某事项"]
    assert office.git("status", "--porcelain") == ""  # the file is not put back under the commit
    assert not (office.root / ".duban" / "journal.json").exists()
    assert json.loads(office("show", case, "--json").stdout)["状态"] == "办理中"
