"""Undo: revert the most recent duban change with a new commit, never rewriting history."""

from __future__ import annotations

import os
from pathlib import Path

from duban.audit.git import CommitMessage, Git
from duban.audit.history import trailer
from duban.errors import RepositoryError

UNDO_ACTION = "撤销"


def undo_last(root: Path, operator: str) -> tuple[str, str, str]:
    """Revert the most recent duban change with a new commit; returns (reverted sha, action, case).

    Commits already undone are skipped, so undo can be repeated; a commit that has reached the
    office's remote is never undone, since other clerks may have built on it."""
    import git

    gitobj = Git(root)
    repo = git.Repo(root)
    undone: set[str] = set()
    target = None
    for commit in repo.iter_commits("HEAD"):
        body = str(commit.message)
        kind = trailer(body, "Duban-Action")
        if kind is None:
            continue
        if kind == UNDO_ACTION:
            reverted = trailer(body, "Duban-Undoes")
            if reverted:
                undone.add(reverted)
            continue
        if commit.hexsha in undone:
            continue
        target = commit
        break
    if target is None or not target.parents:
        raise RepositoryError("没有可以撤销的 duban 操作")
    action = trailer(str(target.message), "Duban-Action") or ""
    case_id = trailer(str(target.message), "Duban-Case") or ""
    if gitobj._run("branch", "-r", "--contains", target.hexsha).strip():
        raise RepositoryError(f"“{target.summary!s}”已推送到共享仓库，不能撤销；请用相应的命令更正（如延期、退回）")
    paths = [
        p for p in gitobj._run("diff-tree", "--no-commit-id", "--name-only", "-r", target.hexsha).splitlines() if p
    ]
    dirty = gitobj.uncommitted(paths)
    if dirty:
        raise RepositoryError(f"{dirty[0]} 有未提交的修改，请先提交或放弃后再撤销")
    try:
        gitobj._run("revert", "--no-commit", target.hexsha)
    except RepositoryError:
        try:
            gitobj._run("revert", "--abort")
        except RepositoryError:
            gitobj._run("reset", "--quiet", "--merge")
        raise RepositoryError(f"“{target.summary!s}”之后该事项又有改动，无法自动撤销；请用相应的命令更正") from None
    summary = str(target.summary)
    short = summary.replace(f" {case_id}", "", 1) if case_id else summary
    undo = CommitMessage(UNDO_ACTION, case_id, short, body=f"撤销提交 {target.hexsha[:10]}：{summary}")
    text = undo.text().rstrip("\n") + f"\nDuban-Undoes: {target.hexsha}\n"
    env = dict(os.environ)
    env.update(gitobj._env(operator))
    try:
        gitobj._run("commit", "--quiet", "--no-verify", "-m", text, "--", *paths, env=env)
    except RepositoryError:
        gitobj._run("reset", "--quiet", "--merge")
        raise
    return target.hexsha, action, case_id
