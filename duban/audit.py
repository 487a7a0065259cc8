"""The audit trail: one git commit per change, staging exactly the paths written, author = operator."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from duban.errors import RepositoryError

AUTHOR_EMAIL = "duban@localhost"
HAND_EDIT_ACTION = "手工修改"


@dataclass(frozen=True, slots=True)
class CommitMessage:
    action: str
    case_id: str
    summary: str
    body: str = ""
    # A batch (归档 --closed-before, 催办 --overdue) names every case it touched.
    batch: tuple[str, ...] = ()

    def text(self) -> str:
        if self.batch:
            shown = " ".join(self.batch[:5]) + (" …" if len(self.batch) > 5 else "")
            head = f"{self.action} {len(self.batch)}项 {shown}"
        else:
            head = " ".join(part for part in (self.action, self.case_id, self.summary) if part)
        parts = [head]
        if self.body:
            parts.append(self.body)
        ids = self.batch or ((self.case_id,) if self.case_id else ())
        trailers = [f"Duban-Case: {case_id}" for case_id in ids]
        trailers.append(f"Duban-Action: {self.action}")
        parts.append("\n".join(trailers))
        return "\n\n".join(parts) + "\n"


class Git:
    """The office repository's git for writing: the git command itself, one process a step.
    (gitpython, which reads the history for log and undo, costs 0.1 s to import: too much for
    every command that records a step.)"""

    def __init__(self, root: Path) -> None:
        self.root = root
        if not (root / ".git").exists():
            raise RepositoryError(
                f"{root} 不是 git 仓库，督办记录无法留痕：请在该目录执行 git init，或用 duban init 新建"
            )

    def _env(self, operator: str) -> dict[str, str]:
        return {
            "GIT_AUTHOR_NAME": operator,
            "GIT_AUTHOR_EMAIL": AUTHOR_EMAIL,
            "GIT_COMMITTER_NAME": operator,
            "GIT_COMMITTER_EMAIL": AUTHOR_EMAIL,
        }

    def _run(self, *args: str, env: dict[str, str] | None = None) -> str:
        import subprocess

        try:
            done = subprocess.run(
                ["git", *args], cwd=self.root, env=env, capture_output=True, text=True, encoding="utf-8", check=False
            )
        except OSError as error:
            raise RepositoryError(f"无法运行 git（{error.strerror}），请先安装 git") from None
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise RepositoryError(f"git 操作失败：{detail[-1] if detail else '退出状态 ' + str(done.returncode)}")
        return done.stdout.rstrip("\n")

    def has_commits(self) -> bool:
        try:
            self._run("rev-parse", "--verify", "--quiet", "HEAD")
        except RepositoryError:
            return False
        return True

    def uncommitted(self, paths: Sequence[str]) -> list[str]:
        """Those of the paths whose content differs from the last commit (hand edits, new files)."""
        if not paths:
            return []
        output = self._run("status", "--porcelain", "--untracked-files=all", "-z", "--", *paths)
        changed = []
        for entry in output.split("\0"):
            if len(entry) > 3:
                changed.append(entry[3:])
        return changed

    def commit(self, paths: Sequence[str], message: CommitMessage, operator: str) -> str:
        """Commit exactly these paths (added, changed or removed); nothing else staged is taken."""
        self._run("add", "--all", "--", *paths)
        env = dict(os.environ)
        env.update(self._env(operator))
        args = ["commit", "--quiet", "--no-verify", "-m", message.text()]
        if self.has_commits():
            args += ["--only", "--", *paths]
        self._run(*args, env=env)
        return self._run("rev-parse", "HEAD")

    def unstage(self, paths: Sequence[str]) -> None:
        """Take paths out of the index again after a failed commit; never raises."""
        if not self.has_commits():
            return
        try:
            self._run("reset", "--quiet", "--", *paths)
        except RepositoryError:
            pass

    def head(self) -> str | None:
        return self._run("rev-parse", "HEAD") if self.has_commits() else None


def init_repository(root: Path) -> None:
    import git

    try:
        git.Repo.init(root, initial_branch="main")
    except TypeError:  # pragma: no cover - older git without --initial-branch
        git.Repo.init(root)
    except git.GitCommandError as error:
        raise RepositoryError(f"无法在 {root} 建立 git 仓库：{error}") from None


# -- reading the trail --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One commit that touched a case file, with what it changed."""

    sha: str
    date: str  # the day of the step (the new event's date), else the day it was committed
    when: str  # when it was committed
    author: str
    action: str
    changes: tuple[str, ...]


def _trailer(message: str, key: str) -> str | None:
    for line in reversed(message.strip().splitlines()):
        if line.startswith(f"{key}: "):
            return line[len(key) + 2 :].strip()
    return None


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None or value == "" or value == []:
        return "空"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return "，".join(f"{k}：{_describe(v)}" for k, v in value.items())
    text = str(value).strip()
    return text if len(text) <= 40 else text[:40] + "…"


def _changes(before: Any, after: Any) -> tuple[str, ...]:
    """What changed between two versions of a case file, in words a section chief reads."""
    if not isinstance(after, dict):
        return ("文件无法解析",)
    if not isinstance(before, dict):
        return ("新建",)
    out: list[str] = []
    for key in after:
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if (
            key in ("办理过程", "办理报告")
            and isinstance(old, list)
            and isinstance(new, list)
            and new[: len(old)] == old
        ):
            for item in new[len(old) :]:
                out.append(f"{key} 新增：{_describe(item)}")
        else:
            out.append(f"{key} {_describe(old)} → {_describe(new)}")
    for key in before:
        if key not in after:
            out.append(f"{key} 已删除")
    return tuple(out)


def _new_event_date(before: Any, after: Any) -> str | None:
    if not isinstance(after, dict) or not isinstance(after.get("办理过程"), list):
        return None
    old = before.get("办理过程") if isinstance(before, dict) else []
    events = after["办理过程"]
    if isinstance(old, list) and len(events) > len(old) and isinstance(events[-1], dict):
        return str(events[-1].get("日期", "")) or None
    return None


def history(root: Path, rel: str, restricted: bool = False) -> list[HistoryEntry]:
    """The commits that touched a case file, oldest first, each with its action and changes."""
    import git

    from duban.yamlio import load_located

    try:
        repo = git.Repo(root)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise RepositoryError(f"{root} 不是 git 仓库，没有办理记录可查") from None
    if not repo.head.is_valid():
        return []
    entries: list[HistoryEntry] = []
    previous: Any = None
    for commit in reversed(list(repo.iter_commits("HEAD", paths=rel))):
        try:
            text = (commit.tree / rel).data_stream.read().decode("utf-8")
            current = load_located(text)
        except KeyError:
            current = None
        except Exception:
            current = "broken"
        message = str(commit.message)
        action = _trailer(message, "Duban-Action") or HAND_EDIT_ACTION
        changes = _changes(previous, current) if current is not None else ("文件已删除",)
        if restricted:
            changes = tuple(c for c in changes if c.split(" ", 1)[0] not in ("标题", "督办内容", "来源", "批示领导"))
        when = commit.authored_datetime.strftime("%Y-%m-%d %H:%M")
        entries.append(
            HistoryEntry(
                sha=commit.hexsha,
                date=_new_event_date(previous, current) or when[:10],
                when=when,
                author=str(commit.author.name),
                action=action,
                changes=changes,
            )
        )
        previous = current
    return entries


# -- undo ---------------------------------------------------------------------------------------

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
        kind = _trailer(body, "Duban-Action")
        if kind is None:
            continue
        if kind == UNDO_ACTION:
            reverted = _trailer(body, "Duban-Undoes")
            if reverted:
                undone.add(reverted)
            continue
        if commit.hexsha in undone:
            continue
        target = commit
        break
    if target is None or not target.parents:
        raise RepositoryError("没有可以撤销的 duban 操作")
    action = _trailer(str(target.message), "Duban-Action") or ""
    case_id = _trailer(str(target.message), "Duban-Case") or ""
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


# -- several clerks, one remote -----------------------------------------------------------------

ATTRIBUTES_LINE = "cases/**/*.yaml merge=duban"


def install_merge_driver(root: Path) -> bool:
    """Register duban's merge driver for case files in this clone (git config is not cloned) and
    make sure .gitattributes names it; True when .gitattributes had to be written."""
    import shlex
    import sys

    gitobj = Git(root)
    command = f"{shlex.quote(sys.executable)} -m duban merge-file %O %A %B %P"
    gitobj._run("config", "merge.duban.name", "duban 事项文件结构化合并")
    gitobj._run("config", "merge.duban.driver", command)
    attributes = root / ".gitattributes"
    text = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    if ATTRIBUTES_LINE in text.splitlines():
        return False
    attributes.write_text(
        text + ("" if not text or text.endswith("\n") else "\n") + ATTRIBUTES_LINE + "\n", encoding="utf-8"
    )
    return True
