"""Reading the audit trail: the commits that touched a case file, each with what it changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from duban.audit import commitindex
from duban.audit.commitindex import RENUMBER_ACTION, Commit, CommitIndex
from duban.audit.git import HAND_EDIT_ACTION, Git
from duban.errors import RepositoryError
from duban.records import NamedTuple


class HistoryEntry(NamedTuple):
    """One commit that touched a case file, with what it changed."""

    sha: str
    date: str  # the day of the step (the new event's date), else the day it was committed
    when: str  # when it was committed
    author: str
    action: str
    changes: tuple[str, ...]


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None or value == "" or value == []:
        return "空"
    if isinstance(value, list):
        return "、".join(_describe(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
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
        if key in ("办理过程", "办理报告") and isinstance(old, list) and isinstance(new, list):
            if new[: len(old)] == old:
                out += [f"{key} 新增：{_describe(item)}" for item in new[len(old) :]]
                continue
            if old[: len(new)] == new:  # an undone step
                out += [f"{key} 删去：{_describe(item)}" for item in old[len(new) :]]
                continue
            out.append(f"{key} 改为 {len(new)} 项（原 {len(old)} 项）")
        else:
            out.append(f"{key} {_describe(old)} → {_describe(new)}")
    for key in before:
        if key not in after:
            out.append(f"{key} 已删除")
    return tuple(out)


# What a reader outside a restricted case's circle may see of its file: numbers, units, dates,
# state, and of each step its date and kind; nothing people wrote (titles, reasons, reports, names).
_PUBLIC_KEYS = (
    "编号", "文号", "主办单位", "协办单位", "紧急程度", "报告类别", "报告周期", "上级事项",
    "立项日期", "交办日期", "办理时限", "时限工作日", "状态",
)  # fmt: skip


def _public(data: Any) -> Any:
    if not isinstance(data, dict):
        return data
    out: dict[str, Any] = {key: data[key] for key in _PUBLIC_KEYS if key in data}
    events = data.get("办理过程")
    if isinstance(events, list):
        out["办理过程"] = [
            {k: v for k, v in e.items() if k in ("日期", "动作", "单位") or not isinstance(v, (str, list, dict))}
            for e in events
            if isinstance(e, dict)
        ]
    reports = data.get("办理报告")
    if isinstance(reports, list):
        out["办理报告"] = [{k: e.get(k) for k in ("日期", "单位", "办结")} for e in reports if isinstance(e, dict)]
    return out


def _new_event_date(before: Any, after: Any) -> str | None:
    if not isinstance(after, dict) or not isinstance(after.get("办理过程"), list):
        return None
    old = before.get("办理过程") if isinstance(before, dict) else []
    events = after["办理过程"]
    if isinstance(old, list) and len(events) > len(old) and isinstance(events[-1], dict):
        return str(events[-1].get("日期", "")) or None
    return None


MERGE_ACTION = "同步合并"


def _path_history(index: CommitIndex, git: Git, path: str, upto: str | None) -> list[tuple[Commit, str | None]]:
    """The commits of upto's history (HEAD's without) that changed path, oldest first, each with
    the path's blob after it. After a merge git's own walk is asked which of them count: where a
    merge took one side's version whole, git follows that side only (`git log -- path`), and the
    other side's commits are not this file's story."""
    found = index.touching(path, upto)
    if not found or not index.merges_since(found[0][0].seq, upto):
        return found
    # git's changed-path filters make that walk several times faster; written for the new commits
    # only (--split), and a failure to write them (a read-only office, another git) only costs time.
    git.read_bytes(["commit-graph", "write", "--reachable", "--changed-paths", "--split", "--no-progress"])
    code, out, err = git.read_bytes(["rev-list", upto or index.head or "HEAD", "--", path])
    if code != 0:
        raise RepositoryError(f"git 操作失败：{err.strip().splitlines()[-1] if err.strip() else code}")
    by_sha = {commit.sha: (commit, blob) for commit, blob in found}
    listed = out.decode("ascii").split()
    return [by_sha[sha] for sha in reversed(listed) if sha in by_sha]


def _commits_across_renames(index: CommitIndex, git: Git, rel: str) -> list[tuple[Commit, str | None]]:
    """The commits that touched the case's file, oldest first, each with the file's blob after it:
    a case renumbered by sync was born under its old number, whose commits come first (the 重新编号
    commit names both numbers; git's rename detection alone is not relied on)."""
    segments: list[list[tuple[Commit, str | None]]] = []
    upto: str | None = None
    path = rel
    for _ in range(50):  # a case renumbered again and again still ends
        found = _path_history(index, git, path, upto)
        segments.insert(0, found)
        if not found:
            break
        first = found[0][0]
        if first.action != RENUMBER_ACTION or not first.parents:
            break
        old = index.renamed_from(first, path.rsplit("/", 1)[-1].removesuffix(".yaml"))
        if old is None:
            break
        parent = first.parents[0]
        if git.objects([f"{parent}:{path}"])[0] is not None:
            break  # the file was there before: not born by this renumbering
        upto, path = parent, f"{path.rsplit('/', 2)[0]}/{old[:4]}/{old}.yaml"
    return [item for segment in segments for item in segment]


def _parsed(raw: bytes) -> Any:
    """A version of a case file as values (the fast loader; round-trip only for what it refuses,
    such as an impossible date, which round-trip keeps as text), or "broken"."""
    from duban import caselines

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "broken"
    try:
        return caselines.load(text)  # duban's own layout, line by line (yamlio.load_fast's first way)
    except Exception:
        pass
    from duban.yamlio import load_fast, load_located

    try:
        return load_fast(text)
    except Exception:
        pass
    try:
        return load_located(text)
    except Exception:
        return "broken"


def history(root: Path, rel: str, restricted: bool = False, local_dir: Path | None = None) -> list[HistoryEntry]:
    """The commits that touched a case file, oldest first, each with its action and changes; for
    a case renumbered by sync, from its registration under the old number. The commits come from
    the index of commits (local_dir's database), the file's versions from one git cat-file."""
    if not (root / ".git").exists():
        raise RepositoryError(f"{root} 不是 git 仓库，没有办理记录可查")
    git = Git(root)
    if git.head() is None:
        return []
    found = commitindex.asked(git, local_dir, lambda index: _commits_across_renames(index, git, rel))
    texts = dict(zip(blobs := sorted({blob for _, blob in found if blob}), git.objects(blobs), strict=True))
    entries: list[HistoryEntry] = []
    previous: Any = None
    for commit, blob in found:
        version = texts.get(blob) if blob else None
        current = None if version is None else _parsed(version[1])
        # A merge by sync carries no trailer and is no clerk's hand edit: both sides' steps met.
        action = commit.action or (MERGE_ACTION if len(commit.parents) > 1 else HAND_EDIT_ACTION)
        if restricted:
            changes = _changes(_public(previous), _public(current)) if current is not None else ("文件已删除",)
        else:
            changes = _changes(previous, current) if current is not None else ("文件已删除",)
        entries.append(
            HistoryEntry(
                sha=commit.sha,
                date=_new_event_date(previous, current) or commit.date[:10],
                when=commit.date,
                author=commit.author,
                action=action,
                changes=changes,
            )
        )
        previous = current
    return entries
