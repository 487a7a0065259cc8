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

    def text(self) -> str:
        head = " ".join(part for part in (self.action, self.case_id, self.summary) if part)
        parts = [head]
        if self.body:
            parts.append(self.body)
        trailers = [f"Duban-Case: {self.case_id}"] if self.case_id else []
        trailers.append(f"Duban-Action: {self.action}")
        parts.append("\n".join(trailers))
        return "\n\n".join(parts) + "\n"


class Git:
    """The office repository's git, through gitpython, imported only when a command writes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        try:
            import git
        except ImportError as error:  # pragma: no cover - a broken install
            raise RepositoryError(f"无法加载 git 支持（{error}），请重新安装 duban") from None
        try:
            self._repo = git.Repo(root)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise RepositoryError(
                f"{root} 不是 git 仓库，督办记录无法留痕：请在该目录执行 git init，或用 duban init 新建"
            ) from None
        self._errors: tuple[type[BaseException], ...] = (git.GitCommandError,)

    def _env(self, operator: str) -> dict[str, str]:
        return {
            "GIT_AUTHOR_NAME": operator,
            "GIT_AUTHOR_EMAIL": AUTHOR_EMAIL,
            "GIT_COMMITTER_NAME": operator,
            "GIT_COMMITTER_EMAIL": AUTHOR_EMAIL,
        }

    def _run(self, *args: str, env: dict[str, str] | None = None) -> str:
        try:
            result: Any = self._repo.git.execute(["git", *args], env=env)
            return str(result)
        except self._errors as error:
            detail = (getattr(error, "stderr", "") or str(error)).strip().splitlines()
            raise RepositoryError(f"git 操作失败：{detail[-1] if detail else error}") from None

    def has_commits(self) -> bool:
        return self._repo.head.is_valid()

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
        return self._repo.head.commit.hexsha

    def unstage(self, paths: Sequence[str]) -> None:
        """Take paths out of the index again after a failed commit; never raises."""
        if not self.has_commits():
            return
        try:
            self._run("reset", "--quiet", "--", *paths)
        except RepositoryError:
            pass

    def head(self) -> str | None:
        return self._repo.head.commit.hexsha if self.has_commits() else None


def init_repository(root: Path) -> None:
    import git

    try:
        git.Repo.init(root, initial_branch="main")
    except TypeError:  # pragma: no cover - older git without --initial-branch
        git.Repo.init(root)
    except git.GitCommandError as error:
        raise RepositoryError(f"无法在 {root} 建立 git 仓库：{error}") from None
