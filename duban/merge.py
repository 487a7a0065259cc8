"""Merging two clerks' versions of a case file, field by field, as git's merge driver for cases/.

Events and reports are unions in date order (each clerk only ever appends); any other field
changed on one side takes that side; a field changed differently on both sides is a conflict,
named so that the clerks can settle it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

APPENDED = ("办理过程", "办理报告")


@dataclass(frozen=True, slots=True)
class Conflict:
    field: str
    ours: Any
    theirs: Any


def _union(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    merged = list(ours)
    for item in theirs:
        if item not in merged:
            merged.append(item)
    # Dates first, then the order each side wrote them in: a stable sort keeps that order.
    return sorted(merged, key=lambda item: str(item.get("日期", "")) if isinstance(item, Mapping) else "")


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
