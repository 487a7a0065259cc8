"""Merging two clerks' versions of a case file, as git's merge driver for cases/.

A case is its events: 办理过程 and 办理报告 are unions (each clerk only ever appends), in date order;
the fields the events decide (状态, 交办日期, 办理时限, 时限工作日, the running counts) are derived
again by replaying the union (events.py), which voids, with the reason, any event the merged record
cannot accept (a 催办 that now comes after 办结). Any other field changed on one side takes that
side; a field changed differently on both sides, or two extensions of the case from the same
deadline, is a conflict: named with both values and who set them, and settled by the clerk's choice
of a side (DUBAN_MERGE_KEEP=ours|theirs, from `duban sync --keep`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from duban.model import VOID
from duban.records import NamedTuple

APPENDED = ("办理过程", "办理报告")
# Derived from the events by the replay: never a conflict of their own.
DERIVED = ("状态", "交办日期", "办理时限", "时限工作日")
# Keys of an event that a replay or a merge may rewrite: not part of what the event is.
_MUTABLE = ("次数", VOID)
KEEP_ENV = "DUBAN_MERGE_KEEP"
SIDES = {"ours": "本地", "theirs": "共享仓库"}


class Conflict(NamedTuple):
    field: str
    ours: Any
    theirs: Any
    ours_by: str = ""  # who set each side's value, where an event says
    theirs_by: str = ""


def _identity(item: Any) -> str:
    if isinstance(item, Mapping):
        return repr(sorted((str(k), repr(v)) for k, v in item.items() if k not in _MUTABLE))
    return repr(item)


def _keyed(items: list[Any]) -> dict[tuple[str, int], Any]:
    """Each entry under its identity and its occurrence: two progress reports of one unit on one day
    are two entries, on either side."""
    seen: dict[str, int] = {}
    keyed = {}
    for item in items:
        identity = _identity(item)
        seen[identity] = seen.get(identity, -1) + 1
        keyed[(identity, seen[identity])] = item
    return keyed


def union(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[tuple[str, Any]]:
    """What both sides kept of the common ancestor and what each side added, each with the side it
    came from ("base", "ours", "theirs"), dates first, then the order each side wrote them in. An
    entry of the ancestor that one side removed (a clerk deleting a mistaken event by hand, in a
    committed edit) stays removed. An entry both sides hold in different versions (one voided it, or
    recounted it) is one entry: the void version if either is void, else the side that changed it."""
    old, mine, other = _keyed(base), _keyed(ours), _keyed(theirs)
    order: list[tuple[str, tuple[str, int]]] = [("base", key) for key in old if key in mine and key in other]
    order += [("ours", key) for key in mine if key not in old]
    order += [("theirs", key) for key in other if key not in old and key not in mine]
    merged: list[tuple[str, Any]] = []
    for side, key in order:
        candidates = [item for item in (mine.get(key), other.get(key)) if item is not None]
        void = [item for item in candidates if isinstance(item, Mapping) and item.get(VOID)]
        if void:
            chosen = void[0]
        elif key in mine and key in other and mine[key] == old.get(key):
            chosen = other[key]
        else:
            chosen = candidates[0]
        merged.append((side, chosen))
    return sorted(merged, key=lambda pair: str(pair[1].get("日期", "")) if isinstance(pair[1], Mapping) else "")


def merge_mappings(base: Any, ours: Any, theirs: Any, keep: str = "") -> tuple[dict[str, Any], list[Conflict]]:
    """The merged mapping (events united, not yet replayed), and the fields both sides changed
    differently; with keep ("ours" or "theirs") such a field takes that side."""
    base = base if isinstance(base, Mapping) else {}
    merged: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    keys = list(ours) + [k for k in theirs if k not in ours]
    for key in keys:
        old, mine, other = base.get(key), ours.get(key), theirs.get(key)
        if key in APPENDED and isinstance(mine or [], list) and isinstance(other or [], list):
            merged[key] = [item for _, item in union(list(old or []), list(mine or []), list(other or []))]
        elif mine == other or other == old:
            merged[key] = mine
        elif mine == old:
            merged[key] = other
        elif key in DERIVED or keep == "ours":
            merged[key] = mine  # the replay decides a derived field
        elif keep == "theirs":
            merged[key] = other
        else:
            conflicts.append(Conflict(str(key), mine, other))
            merged[key] = mine
        if key not in theirs and key not in ours:
            merged.pop(key, None)
    return merged, conflicts


class Merged(NamedTuple):
    mapping: dict[str, Any]
    conflicts: list[Conflict]
    voided: list[dict[str, Any]]  # events the merged record cannot accept, as sync reports them


def merge_cases(base: Any, ours: Any, theirs: Any, keep: str = "") -> Merged:
    """Two versions of a case merged and replayed: the mapping to write, the conflicts left, and the
    events voided by this merge."""
    from duban.events import replay, void
    from duban.model import case_to_mapping, event_to_mapping
    from duban.schema import case_from_mapping

    merged, conflicts = merge_mappings(base, ours, theirs, keep)
    case, _ = case_from_mapping(merged)
    if case is None:
        return Merged(merged, conflicts, [])
    sides = {
        _identity(item): side  # which side wrote an event (the first occurrence is enough for a clash)
        for side, item in union(
            list((base or {}).get("办理过程") or []) if isinstance(base, Mapping) else [],
            list(ours.get("办理过程") or []),
            list(theirs.get("办理过程") or []),
        )
    }
    done = replay(case, "合并后")
    if done.clashes and keep in SIDES:
        written = case.written_events()
        for clash in done.clashes:
            by_side = {sides.get(_identity(event_to_mapping(e)), ""): e for e in clash}
            if set(by_side) != set(SIDES):
                continue  # both from one side: not a choice between clerks
            kept, loser = by_side[keep], by_side["theirs" if keep == "ours" else "ours"]
            reason = (
                f"同步冲突：两处都从 {loser.get('原时限')} 延期，保留{SIDES[keep]}一方"
                f"（{kept.operator} 延期至 {kept.get('延期至')}）"
            )
            lost = _identity(event_to_mapping(loser))
            written = [void(e, reason) if _identity(event_to_mapping(e)) == lost else e for e in written]
        done = replay(case._replace(events=tuple(written), voided=()), "合并后")
    for clash in done.clashes:
        by_side = {sides.get(_identity(event_to_mapping(e)), ""): e for e in clash}
        mine, other = by_side.get("ours", clash.first), by_side.get("theirs", clash.second)
        conflicts.append(
            Conflict(
                "办理时限",
                f"延期至 {mine.get('延期至')}",
                f"延期至 {other.get('延期至')}",
                mine.operator,
                other.operator,
            )
        )
    voided = []
    for event, reason in done.voided:
        voided.append(
            {
                "事项": case.id,
                "日期": str(event.date),
                "动作": event.action,
                "经办人": event.operator,
                "原因": reason,
                "文号": str(event.get("文号") or ""),
            }
        )
    return Merged(case_to_mapping(done.case), conflicts, voided)


# -- git's merge driver ---------------------------------------------------------------------------

# Where the driver writes the conflicts it found and the events it voided, for sync to name them
# (relative to the clone, which is git's working directory when it runs a merge driver).
CONFLICTS_FILE = Path(".duban") / "merge-conflicts"
VOIDED_FILE = Path(".duban") / "merge-voided"


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
        _report(path, Conflict("文件", "无法解析", "无法解析"))
        return False
    if not isinstance(mine, dict) or not isinstance(other, dict):
        _report(path, Conflict("文件", "无法解析", "无法解析"))
        return False
    keep = os.environ.get(KEEP_ENV, "")
    merged = merge_cases(old, mine, other, keep if keep in SIDES else "")
    if merged.conflicts:
        for conflict in merged.conflicts:
            _report(path, conflict)
        return False
    ours.write_text(dump_merged(our_text, merged.mapping), encoding="utf-8")
    if merged.voided:
        VOIDED_FILE.parent.mkdir(exist_ok=True)
        with open(VOIDED_FILE, "a", encoding="utf-8") as stream:
            for line in merged.voided:
                stream.write(json.dumps(line, ensure_ascii=False) + "\n")
    return True


def _report(path: str, conflict: Conflict) -> None:
    CONFLICTS_FILE.parent.mkdir(exist_ok=True)
    case_id = Path(path).stem if path else "?"
    line = {"事项": case_id, "字段": conflict.field, "本地": str(conflict.ours), "共享仓库": str(conflict.theirs)}
    if conflict.ours_by or conflict.theirs_by:
        line.update({"本地经办人": conflict.ours_by, "共享仓库经办人": conflict.theirs_by})
    with open(CONFLICTS_FILE, "a", encoding="utf-8") as stream:
        stream.write(json.dumps(line, ensure_ascii=False) + "\n")
