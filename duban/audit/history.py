"""Reading the audit trail: the commits that touched a case file, each with what it changed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from duban.audit.git import HAND_EDIT_ACTION
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


def trailer(message: str, key: str) -> str | None:
    for line in reversed(message.strip().splitlines()):
        if line.startswith(f"{key}: "):
            return line[len(key) + 2 :].strip()
    return None


def trailers(message: str, key: str) -> list[str]:
    """Every value of a trailer, in order (a batch names each of its cases)."""
    return [line[len(key) + 2 :].strip() for line in message.strip().splitlines() if line.startswith(f"{key}: ")]


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


RENUMBER_ACTION = "重新编号"
MERGE_ACTION = "同步合并"
_MOVED = re.compile(r"^(\d{4}-\d{4,5}) → (\d{4}-\d{4,5})（", re.MULTILINE)


def renamed_from(message: str, case_id: str) -> str | None:
    """The number a 重新编号 commit gave case_id in place of ("old → new（文号）" in its body)."""
    for old, new in _MOVED.findall(message):
        if new == case_id:
            return str(old)
    return None


def _commits_across_renames(repo: Any, rel: str) -> list[tuple[Any, str]]:
    """The commits that touched the case's file, oldest first, each with the path it had then:
    a case renumbered by sync was born under its old number, whose commits come first (the 重新编号
    commit names both numbers; git's rename detection alone is not relied on)."""
    segments: list[list[tuple[Any, str]]] = []
    rev, path = "HEAD", rel
    for _ in range(50):  # a case renumbered again and again still ends
        found = list(repo.iter_commits(rev, paths=path))
        segments.insert(0, [(commit, path) for commit in reversed(found)])
        if not found:
            break
        first = found[-1]
        message = str(first.message)
        if trailer(message, "Duban-Action") != RENUMBER_ACTION or not first.parents:
            break
        old = renamed_from(message, path.rsplit("/", 1)[-1].removesuffix(".yaml"))
        if old is None:
            break
        parent = first.parents[0]
        try:
            parent.tree / path
            break  # the file was there before: not born by this renumbering
        except KeyError:
            pass
        rev, path = parent.hexsha, f"{path.rsplit('/', 2)[0]}/{old[:4]}/{old}.yaml"
    return [item for segment in segments for item in segment]


def history(root: Path, rel: str, restricted: bool = False) -> list[HistoryEntry]:
    """The commits that touched a case file, oldest first, each with its action and changes; for
    a case renumbered by sync, from its registration under the old number."""
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
    for commit, path in _commits_across_renames(repo, rel):
        try:
            text = (commit.tree / path).data_stream.read().decode("utf-8")
            current = load_located(text)
        except KeyError:
            current = None
        except Exception:
            current = "broken"
        message = str(commit.message)
        # A merge by sync carries no trailer and is no clerk's hand edit: both sides' steps met.
        action = trailer(message, "Duban-Action") or (MERGE_ACTION if len(commit.parents) > 1 else HAND_EDIT_ACTION)
        if restricted:
            changes = _changes(_public(previous), _public(current)) if current is not None else ("文件已删除",)
        else:
            changes = _changes(previous, current) if current is not None else ("文件已删除",)
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
