"""Undo: find the most recent duban step that can be taken back, and what its files were before it.

The use case writes those versions back through the store and commits only those paths, so an
undo never runs `git revert` or `git reset` in the working tree and cannot touch work it did not
make (another file's staged edit, a clerk's hand edit)."""

from __future__ import annotations

from pathlib import Path

from duban.audit.git import HAND_EDIT_ACTION, Git
from duban.audit.history import trailer, trailers
from duban.errors import RepositoryError
from duban.records import NamedTuple

UNDO_ACTION = "撤销"
# Steps that are not a clerk's procedure step and cannot be taken back with undo.
NOT_UNDOABLE = (HAND_EDIT_ACTION, UNDO_ACTION, "建库", "配置", "重新编号", "恢复")
_PAGE = 200


class Undoable(NamedTuple):
    sha: str
    summary: str  # the commit's subject
    action: str
    case_ids: tuple[str, ...]
    before: tuple[tuple[str, str | None], ...]  # each path and its text before the step (None: absent)


def _commits(git: Git) -> list[tuple[str, str, str]]:
    """(sha, parents, message) of HEAD's history, newest first, read a page at a time."""
    out: list[tuple[str, str, str]] = []
    skip = 0
    while True:
        raw = git._run("log", f"--skip={skip}", f"-n{_PAGE}", "--format=%H%x1f%P%x1f%B%x1e", "HEAD")
        page = [entry.strip("\n").split("\x1f") for entry in raw.split("\x1e") if entry.strip()]
        out += [(sha, parents, message) for sha, parents, message in page]
        skip += _PAGE
        if len(page) < _PAGE:
            return out


def find_undoable(root: Path) -> Undoable:
    """The most recent duban step not yet undone, with its files' earlier versions.

    Refuses a step that has reached the office's remote (other clerks may have built on it) and a
    step whose files changed since (a later step or hand edit would be lost)."""
    git = Git(root)
    if not git.has_commits():
        raise RepositoryError("没有可以撤销的 duban 操作")
    undone: set[str] = set()
    target: tuple[str, str, str] | None = None
    for sha, parents, message in _commits(git):
        action = trailer(message, "Duban-Action")
        if action == UNDO_ACTION:
            reverted = trailer(message, "Duban-Undoes")
            if reverted:
                undone.add(reverted)
            continue
        if action is None or action in NOT_UNDOABLE or sha in undone or not parents:
            continue
        target = (sha, parents.split()[0], message)
        break
    if target is None:
        raise RepositoryError("没有可以撤销的 duban 操作（手工修改、建库、同步时的重新编号不能撤销）")
    sha, parent, message = target
    summary = message.strip().splitlines()[0] if message.strip() else sha[:8]
    if git._run("branch", "-r", "--contains", sha).strip():
        raise RepositoryError(f"“{summary}”已推送到共享仓库，不能撤销；请用相应的命令更正（如延期、退回）")
    paths = [p for p in git._run("diff-tree", "--no-commit-id", "--name-only", "-r", sha).splitlines() if p]
    before: list[tuple[str, str | None]] = []
    for path in paths:
        # A git that fails while asked is an error (blob_at), never "no such file": read as absent,
        # the file's earlier version would be nothing, and the undo would delete the case.
        if git.blob_at("HEAD", path) != git.blob_at(sha, path):
            raise RepositoryError(f"“{summary}”之后 {path} 又有改动（见 duban log），无法自动撤销；请用相应的命令更正")
        before.append((path, git.text_at(parent, path)))
    return Undoable(
        sha=sha,
        summary=summary,
        action=trailer(message, "Duban-Action") or "",
        case_ids=tuple(trailers(message, "Duban-Case")),
        before=tuple(before),
    )
