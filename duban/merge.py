"""Merging two clerks' versions of a case file, field by field, as git's merge driver for cases/.

Events and reports are unions in date order (each clerk only ever appends); any other field
changed on one side takes that side; a field changed differently on both sides is a conflict,
named so that the clerks can settle it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from duban.records import NamedTuple

APPENDED = ("办理过程", "办理报告")


class Conflict(NamedTuple):
    field: str
    ours: Any
    theirs: Any


def _union(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    """What both sides kept of the common ancestor, and what each side added. An entry of the
    ancestor that one side removed (a clerk deleting a mistaken event by hand, in a committed
    edit) stays removed."""
    kept = [item for item in base if item in ours and item in theirs]
    merged = kept + [item for item in ours if item not in base and item not in kept]
    merged += [item for item in theirs if item not in base and item not in merged]
    # Dates first, then the order each side wrote them in: a stable sort keeps that order.
    ordered = sorted(merged, key=lambda item: str(item.get("日期", "")) if isinstance(item, Mapping) else "")
    return _recount(ordered)


# The running count each of these events carries (第几次催办): recomputed after a merge, so that two
# clerks' first reminders become the first and the second.
_COUNTED = ("催办", "退回")


def _recount(events: list[Any]) -> list[Any]:
    counts = dict.fromkeys(_COUNTED, 0)
    out = []
    for item in events:
        if isinstance(item, Mapping) and item.get("动作") in _COUNTED and "次数" in item:
            counts[item["动作"]] += 1
            if item["次数"] != counts[item["动作"]]:
                item = {**item, "次数": counts[item["动作"]]}
        out.append(item)
    return out


def merge_mappings(base: Any, ours: Any, theirs: Any) -> tuple[dict[str, Any], list[Conflict]]:
    """The merged case, and the fields both sides changed differently."""
    base = base if isinstance(base, Mapping) else {}
    merged: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    keys = list(ours) + [k for k in theirs if k not in ours]
    for key in keys:
        old, mine, other = base.get(key), ours.get(key), theirs.get(key)
        if key in APPENDED and isinstance(mine or [], list) and isinstance(other or [], list):
            merged[key] = _union(list(old or []), list(mine or []), list(other or []))
        elif mine == other:
            merged[key] = mine
        elif mine == old:
            merged[key] = other
        elif other == old:
            merged[key] = mine
        else:
            conflicts.append(Conflict(str(key), mine, other))
            merged[key] = mine
        if key not in theirs and key not in ours:
            merged.pop(key, None)
    return merged, conflicts


# -- git's merge driver ---------------------------------------------------------------------------

# Where the driver writes the conflicts it found, for sync to name them (relative to the clone,
# which is git's working directory when it runs a merge driver).
CONFLICTS_FILE = Path(".duban") / "merge-conflicts"


def merge_file(base: Path, ours: Path, theirs: Path, path: str) -> bool:
    """Merge three versions of a case file into `ours`, as git asks of a merge driver; False when
    the versions cannot be merged, each conflict written to CONFLICTS_FILE."""
    from duban.yamlio import YamlSyntaxError, dump_merged, load_fast, load_located

    def read(file: Path) -> tuple[str, object]:
        text = file.read_text(encoding="utf-8") if file.exists() else ""
        try:
            return text, load_fast(text)
        except ValueError:
            return text, load_located(text)

    try:
        _, old = read(base)
        our_text, mine = read(ours)
        _, other = read(theirs)
    except (YamlSyntaxError, UnicodeDecodeError):
        _report(path, "文件", "无法解析", "无法解析")
        return False
    if not isinstance(mine, dict) or not isinstance(other, dict):
        _report(path, "文件", "无法解析", "无法解析")
        return False
    merged, conflicts = merge_mappings(old, mine, other)
    if conflicts:
        for conflict in conflicts:
            _report(path, conflict.field, conflict.ours, conflict.theirs)
        return False
    ours.write_text(dump_merged(our_text, merged), encoding="utf-8")
    return True


def _report(path: str, field: str, ours: object, theirs: object) -> None:
    CONFLICTS_FILE.parent.mkdir(exist_ok=True)
    case_id = Path(path).stem if path else "?"
    line = {"事项": case_id, "字段": field, "本地": str(ours), "共享仓库": str(theirs)}
    with open(CONFLICTS_FILE, "a", encoding="utf-8") as stream:
        stream.write(json.dumps(line, ensure_ascii=False) + "\n")
