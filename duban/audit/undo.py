"""Undo: find the most recent duban step that can be taken back, and what its files were before it.

The use case writes those versions back through the store and commits only those paths, so an
undo never runs `git revert` or `git reset` in the working tree and cannot touch work it did not
make (another file's staged edit, a clerk's hand edit)."""

from __future__ import annotations

from pathlib import Path

from duban.audit import commitindex
from duban.audit.commitindex import Commit, CommitIndex
from duban.audit.git import HAND_EDIT_ACTION, Git
from duban.errors import RepositoryError
from duban.records import NamedTuple

UNDO_ACTION = "撤销"
# Steps that are not a clerk's procedure step and cannot be taken back with undo.
NOT_UNDOABLE = (HAND_EDIT_ACTION, UNDO_ACTION, "建库", "配置", "重新编号", "恢复")


class Undoable(NamedTuple):
    sha: str
    summary: str  # the commit's subject
    action: str
    case_ids: tuple[str, ...]
    before: tuple[tuple[str, str | None], ...]  # each path and its text before the step (None: absent)


def _target(index: CommitIndex) -> tuple[Commit, tuple[str, ...], list[tuple[str, str | None, str | None]]] | None:
    """The newest step not undone (its commit, the cases it names, its paths), from the index:
    HEAD's commits newest first, only those with a Duban-Action."""
    undone: set[str] = set()
    for commit in index.newest_first():
        if commit.action == UNDO_ACTION:
            if commit.undoes:
                undone.add(commit.undoes)
            continue
        if commit.action is None or commit.action in NOT_UNDOABLE or commit.sha in undone or not commit.parents:
            continue
        return commit, index.cases(commit), index.blobs(commit)
    return None


def find_undoable(root: Path, local_dir: Path | None = None) -> Undoable:
    """The most recent duban step not yet undone, with its files' earlier versions.

    Refuses a step that has reached the office's remote (other clerks may have built on it) and a
    step whose files changed since (a later step or hand edit would be lost)."""
    git = Git(root)
    if not git.has_commits():
        raise RepositoryError("没有可以撤销的 duban 操作")
    found = commitindex.asked(git, local_dir, _target)
    if found is None:
        raise RepositoryError("没有可以撤销的 duban 操作（手工修改、建库、同步时的重新编号不能撤销）")
    commit, case_ids, changed = found
    sha, summary = commit.sha, commit.subject or commit.sha[:8]
    if git._run("branch", "-r", "--contains", sha).strip():
        raise RepositoryError(f"“{summary}”已推送到共享仓库，不能撤销；请用相应的命令更正（如延期、退回）")
    # Each file as HEAD has it, from git's listing of HEAD's tree (one process), against its blob
    # after the step; the earlier versions by their blobs from one git cat-file. A git that fails
    # while asked is an error, never "no such file": read as absent, the file's earlier version
    # would be nothing, and the undo would delete the case.
    now = git.blobs_at(git.head() or "HEAD", [path for path, _, _ in changed])
    for path, _, after in changed:
        if now.get(path) != after:
            raise RepositoryError(f"“{summary}”之后 {path} 又有改动（见 duban log），无法自动撤销；请用相应的命令更正")
    earlier = sorted({blob for _, blob, _ in changed if blob})
    texts = dict(zip(earlier, git.objects(earlier), strict=True))
    before: list[tuple[str, str | None]] = []
    for path, blob, _ in changed:
        version = texts.get(blob) if blob else None
        if blob and version is None:
            raise RepositoryError(
                f"git 中找不到 {path} 撤销前的内容，无法撤销；请用相应的命令更正，或运行 git fsck 检查仓库"
            )
        try:
            before.append((path, None if version is None else version[1].decode("utf-8")))
        except UnicodeDecodeError:
            wording = f"{path} 在“{summary}”之前不是 UTF-8 文本，无法自动撤销；请用相应的命令更正"
            raise RepositoryError(wording) from None
    return Undoable(
        sha=sha,
        summary=summary,
        action=commit.action or "",
        case_ids=case_ids,
        before=tuple(before),
    )
