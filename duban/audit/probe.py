"""git's view of the work tree, asked cheaply: `git status` started in the background while Python
loads, and the commit HEAD names, read from .git without starting git.

This module is imported before anything else on the way to an answer (the index's check of the
files, started before typer loads), so it imports nothing beyond the standard library's
os: no pathlib, no typing, no subprocess (about 10 ms together).
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from os import PathLike


# Settings under which git's status would not see an edit, overridden for its check: a coarse
# stat comparison (core.checkStat=minimal, core.trustctime=false) misses an edit of the same size
# within the same second, a file-system monitor or the untracked cache may answer from what they
# remember.
TRUSTING = [
    "-c", "core.checkStat=default", "-c", "core.trustctime=true",
    "-c", "core.fsmonitor=false", "-c", "core.untrackedCache=false",
]  # fmt: skip
BLIND_REASONS = {  # why git does not vouch for a file, and what undoes it ({path}: the file)
    "ignored": (
        "被 git 忽略（.gitignore 或 .git/info/exclude），改动不会提交、也不会同步给别人",
        "请从 .gitignore 或 .git/info/exclude 中删去与它匹配的那一行",
    ),
    "assume-unchanged": (
        "被标记为 assume-unchanged，git 看不见对它的改动，改动不会提交",
        "请在督办仓库里运行 git update-index --no-assume-unchanged {path}",
    ),
    "skip-worktree": (
        "被标记为 skip-worktree，git 看不见对它的改动，改动不会提交",
        "请在督办仓库里运行 git update-index --no-skip-worktree {path}",
    ),
}


def _spawn(command: list[str]) -> tuple[int, int] | None:
    read_end, write_end = os.pipe()
    actions = [
        (os.POSIX_SPAWN_DUP2, write_end, 1),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_CLOSE, read_end),
        (os.POSIX_SPAWN_CLOSE, write_end),
    ]
    try:
        pid = os.posix_spawnp("git", command, os.environ, file_actions=actions)
    except OSError:
        os.close(read_end)
        return None
    finally:
        os.close(write_end)
    return pid, read_end


def _collect(pid: int, stream: int) -> tuple[bytes, int]:
    chunks = []
    try:
        while chunk := os.read(stream, 1 << 16):
            chunks.append(chunk)
    finally:
        os.close(stream)
    _, status = os.waitpid(pid, 0)
    return b"".join(chunks), os.waitstatus_to_exitcode(status)


class StatusProbe:
    """git's check of the work tree against its index and HEAD (modified, staged, deleted, ignored
    and, unless told otherwise, untracked files), started in the background so that it runs while
    the caller loads its own index; beside it, the files git is told not to look at
    (assume-unchanged, skip-worktree), which its status never reports. Both are "blind" files: the
    caller must look at them itself, every time.

    Spawned with os.posix_spawnp rather than subprocess: the morning check must not pay for
    subprocess's import (about 5 ms) to run one git command."""

    def __init__(self, root: str, pid: int, stream: int, flags: tuple[int, int] | None) -> None:
        self.root = root
        self.pid = pid
        self.stream = stream
        self.flags = flags
        self._answer: tuple[bytes, int] | None = None
        self._changed: set[str] | None = None
        self.blind: dict[str, str] = {}  # path -> why git does not vouch for it

    @classmethod
    def start(cls, root: str | PathLike[str], folder: str | None = None, untracked: bool = True) -> StatusProbe | None:
        """git status of the whole work tree (or of one folder); untracked=False leaves out the
        files git does not track, which saves git a walk of every folder."""
        where = os.fspath(root)
        command = ["git", "-C", where, *TRUSTING, "--no-optional-locks", "status", "--porcelain=v1", "-z"]
        command += ["--untracked-files=all", "--ignored=matching"] if untracked else ["--untracked-files=no"]
        if folder:
            command += ["--", folder]
        started = _spawn(command)
        if started is None:
            return None
        flags = _spawn(["git", "-C", where, "--no-optional-locks", "ls-files", "-v", "-z", "--", folder or "."])
        return cls(where, started[0], started[1], flags)

    def _output(self) -> tuple[bytes, int]:
        if self._answer is None:
            self._answer = _collect(self.pid, self.stream)
        return self._answer

    def abandon(self) -> None:
        """Stop git: its answer is no longer needed."""
        for pid in (self.pid, self.flags[0] if self.flags else None):
            if pid is not None:
                try:
                    os.kill(pid, 15)
                except OSError:
                    pass
        self._output()
        self._flagged()

    def _flagged(self) -> dict[str, str] | None:
        """The files marked assume-unchanged (a lower-case tag) or skip-worktree (S)."""
        if self.flags is None:
            return None
        output, code = _collect(*self.flags)
        self.flags = None
        if code != 0:
            return None
        found = {}
        # Almost every entry is "H <path>" (tracked, nothing set): those are skipped as bytes.
        for raw in output.split(b"\0"):
            if len(raw) > 2 and raw[0] != 72:  # 72: H
                tag, entry = chr(raw[0]), raw[2:].decode("utf-8", "surrogateescape")
                if tag == "S" or tag.islower():
                    found[entry] = "skip-worktree" if tag == "S" else "assume-unchanged"
        return found

    def changed(self) -> set[str] | None:
        """The paths git calls changed (both names of a rename) and the blind ones, or None when
        git could not tell. Asked twice, the one run of git answers both."""
        if self._changed is None:
            output, code = self._output()
            flagged = self._flagged()
            if code != 0 or flagged is None:
                return None
            dirty: set[str] = set()
            parts = output.decode("utf-8", "surrogateescape").split("\0")
            index = 0
            while index < len(parts):
                entry = parts[index]
                index += 1
                if len(entry) > 3:
                    dirty.add(entry[3:])
                    if entry[:2] == "!!":
                        self.blind[entry[3:]] = "ignored"
                    if entry.endswith("/"):  # an ignored folder, or one holding a repository of its
                        for path in _files_under(self.root, entry[3:]):  # own: named, not its files
                            dirty.add(path)
                            if entry[:2] == "!!":
                                self.blind[path] = "ignored"
                    if "R" in entry[:2] or "C" in entry[:2]:  # a rename (either column) names the old path next
                        if index < len(parts) and parts[index]:
                            dirty.add(parts[index])
                        index += 1
            self.blind.update(flagged)
            dirty |= set(flagged)
            self._changed = dirty
        return set(self._changed)

    def finish(self, since: str | None) -> tuple[str, set[str], set[str]] | None:
        """(HEAD, files changed in the work tree, files changed by commits since `since`), or None
        when git cannot tell (not a repository, a history that no longer holds `since`)."""
        dirty = self.changed()
        if dirty is None:
            return None
        head = read_head(self.root)
        if head is None:
            return None
        committed: set[str] = set()
        if since is not None and since != head:
            if not since or not head:
                return None
            from pathlib import Path

            from duban.audit.git import Git
            from duban.errors import RepositoryError

            try:
                changed = Git(Path(self.root))._run(
                    "--no-optional-locks", "diff", "--name-only", "-z", "--no-renames", since, head, "--", "cases"
                )
            except RepositoryError:
                return None
            committed = {p for p in changed.split("\0") if p}
        return head, dirty, committed


def _files_under(root: str, folder: str) -> list[str]:
    """The files in a folder of the work tree and its subfolders, as paths from the root."""
    found = []
    for where, folders, names in os.walk(os.path.join(root, folder)):
        folders[:] = [name for name in folders if name != ".git"]
        prefix = os.path.relpath(where, root).replace(os.sep, "/")
        found += [f"{prefix}/{name}" for name in names]
    return found


def read_head(root: str | PathLike[str]) -> str | None:
    """The commit HEAD names, read from .git without running git ("" before the first commit; None
    when it cannot be read this way, and git must be asked)."""
    found = _read_head(os.path.join(os.fspath(root), ".git"))
    if found and (len(found) not in (40, 64) or not all(c in "0123456789abcdef" for c in found)):
        return None
    return found


def _text(path: str) -> str:
    with open(path, encoding="utf-8") as stream:
        return stream.read()


def _read_head(dot_git: str) -> str | None:
    try:
        head = _text(os.path.join(dot_git, "HEAD")).strip()
    except OSError:
        return None
    if not head.startswith("ref: "):
        return head
    ref = head[5:].strip()
    try:
        return _text(os.path.join(dot_git, ref)).strip()
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        for line in _text(os.path.join(dot_git, "packed-refs")).splitlines():
            if line.endswith(" " + ref):
                return line.split(" ", 1)[0]
    except FileNotFoundError:
        return ""
    except OSError:
        return None
    return ""
