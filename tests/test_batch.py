"""Batches in linear time: the disk synced a fixed number of times and git run a fixed number of
times whatever the batch's size, the commit the same as one made by git commit, and the fast
writer of an archived case giving the text the round-trip merge gives."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import Duban

from duban import lifecycle
from duban.model import case_to_mapping
from duban.store import Office
from duban.yamlio import dump_fast, dump_merged

UNITS = ("财政局", "住建局", "教育局")


def table(folder: Path, rows: int, name: str = "table.csv") -> Path:
    path = folder / name
    lines = ["序号,工作任务,牵头单位,配合单位,完成时限"]
    for n in range(1, rows + 1):
        lines.append(f"{n},完成{name}第{n}项重点工作任务,{UNITS[n % 3]},{UNITS[(n + 1) % 3]},2026年12月31日")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Counted:
    """os.fsync, os.sync and git processes counted while a command runs in this process."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.fsyncs = 0
        self.syncs = 0
        self.git: list[str] = []
        real_fsync, real_sync, real_popen = os.fsync, os.sync, subprocess.Popen

        def fsync(fd: Any) -> None:
            self.fsyncs += 1
            real_fsync(fd)

        def sync() -> None:
            self.syncs += 1
            real_sync()

        def popen(args: Any, *rest: Any, **kwargs: Any) -> Any:
            if isinstance(args, (list, tuple)) and args and args[0] == "git":
                self.git.append(" ".join(str(a) for a in args[1:] if not str(a).startswith(("-c", "core.", "index."))))
            return real_popen(args, *rest, **kwargs)

        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "sync", sync)
        monkeypatch.setattr(subprocess, "Popen", popen)


def import_counted(office: Duban, path: Path, monkeypatch: pytest.MonkeyPatch) -> Counted:
    with monkeypatch.context() as patch:
        counted = Counted(patch)
        office("import", "table", str(path))
    return counted


def test_an_import_syncs_the_disk_and_runs_git_a_fixed_number_of_times(
    office: Duban, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office("import", "table", str(table(tmp_path, 2, "first.csv")))  # the office's first writes of .duban/
    small = import_counted(office, table(tmp_path, 10, "small.csv"), monkeypatch)
    large = import_counted(office, table(tmp_path, 50, "large.csv"), monkeypatch)
    # Before: two fsyncs a file (102 for 50 rows). Now the journal's two and three syncs in all.
    assert large.fsyncs <= 4 and large.syncs <= 3, (large.fsyncs, large.syncs)
    assert (large.fsyncs, large.syncs) == (small.fsyncs, small.syncs)
    assert len(large.git) == len(small.git) <= 12, large.git
    assert not any(call.startswith(("add", "commit ")) for call in large.git), large.git
    assert len(list((office.root / "cases" / "2026").glob("*.yaml"))) == 62


def test_a_batch_commit_is_what_git_commit_would_have_made(office: Duban, tmp_path: Path) -> None:
    office("new", "--title", "手工暂存的事项", "--source-kind", "会议议定", "--lead-unit", "财政局")
    (office.root / "notes.txt").write_text("经办人暂存的文件\n", encoding="utf-8")
    office.git("add", "notes.txt")  # staged by the clerk: not taken into duban's commit
    start = office.git("rev-parse", "HEAD").strip()
    office("import", "table", str(table(tmp_path, 20)))
    assert office.git("rev-parse", "HEAD~1").strip() == start
    changed = office.git("diff", "--name-status", "HEAD~1", "HEAD").split("\n")
    assert len([line for line in changed if line]) == 20
    assert all(line.startswith("A\tcases/2026/2026-") for line in changed if line)
    assert office.git("status", "--porcelain") == "A  notes.txt\n"  # the index holds the batch, the clerk's file
    assert office.git("log", "-1", "--format=%an|%ae|%s").startswith("李明|duban@localhost|立项 20项 2026-0002")
    assert office.git("reflog", "-1", "--format=%gs").startswith("commit: 立项 20项")
    for path in ("cases/2026/2026-0002.yaml", "cases/2026/2026-0021.yaml"):
        assert office.git("show", f"HEAD:{path}") == (office.root / path).read_text(encoding="utf-8")
    subprocess.run(["git", "fsck", "--no-dangling"], cwd=office.root, check=True, capture_output=True)
    office("undo")  # a batch taken back in one commit, as before
    assert office.git("status", "--porcelain") == "A  notes.txt\n"
    assert not (office.root / "cases" / "2026" / "2026-0002.yaml").exists()


def test_a_failed_batch_commit_puts_every_file_back(
    office: Duban, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from duban.audit import git as gitmodule
    from duban.errors import RepositoryError

    start = office.git("rev-parse", "HEAD").strip()

    def refuse(*_: Any, **__: Any) -> str:
        raise RepositoryError("git 操作失败：测试")

    monkeypatch.setattr(gitmodule.Git, "commit_batch", refuse)
    result = office("import", "table", str(table(tmp_path, 12)), ok=False)
    assert result.exit_code == 1
    assert office.git("rev-parse", "HEAD").strip() == start
    assert office.git("status", "--porcelain", "--untracked-files=all") == ""
    assert not (office.root / ".duban" / "journal.json").exists()


def test_the_fast_writer_gives_what_the_merge_gives(office: Duban) -> None:
    """An archive (and every batch step) writes a file that is exactly duban's own layout with the
    fast writer: the same text as the round-trip merge into it."""
    titles = ["老旧小区改造", "含“引号”和: 冒号的标题", "#号开头", "多行\n内容的事项", "- 以横线开头", "null"]
    ids = []
    for title in titles:
        ids.append(office.new(title.splitlines()[0], "--lead-unit", "财政局", "--co-unit", "住建局、教育局"))
    office("assign", ids[0], "--days", "5")
    office("report", ids[0], "--unit", "财政局", "--signer", "钱正明", "--text", "第一行\n第二行：完成", "--final")
    office("close", ids[0], "--approved-by", "张强")
    for case_id in ids[1:]:
        office("terminate", case_id, "--reason", "情况变化: 合并办理", "--approved-by", "王建国")
    store = Office(office.root)
    calendar = store.config.calendar()
    compared = 0
    for case_id in ids:
        before = store.read_case(case_id)
        text = store.case_text(case_id)
        assert text == dump_fast(case_to_mapping(before))  # duban's own file: the fast path applies
        after, _ = lifecycle.archive(before, before.registered, "王芳", ())
        assert dump_fast(case_to_mapping(after)) == dump_merged(text, case_to_mapping(after))
        compared += 1
    assert compared == len(ids) and calendar is not None


def test_an_archive_keeps_a_hand_edited_file_s_comments(office: Duban) -> None:
    ids = [office.new(f"事项{i}", "--lead-unit", "财政局") for i in range(9)]
    for case_id in ids:
        office("terminate", case_id, "--reason", "合并办理", "--approved-by", "王建国")
    path = office.file(ids[0])
    path.write_text("# 经办人的备注\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    office.git("commit", "-qam", "备注")
    office.file(ids[1]).chmod(0o664)  # a mode the umask would take from a new file: kept
    office.today = "2026-10-20"
    office("archive", "--closed-before", "2026-10-01")
    assert path.read_text(encoding="utf-8").startswith("# 经办人的备注\n")
    assert office.file(ids[1]).stat().st_mode & 0o777 == 0o664
    assert all("归档" in office.file(i).read_text(encoding="utf-8") for i in ids)
    assert office.git("status", "--porcelain") == ""
