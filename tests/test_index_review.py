"""Review of the SQLite index: cases where a later command could answer from a stale row or give
fewer rows than the files hold."""

from __future__ import annotations

import shutil

from conftest import Duban
from test_caseindex import _edit, busy, seen, truth

__all__ = ["busy"]


def test_a_case_file_in_an_ignored_folder_edited_in_place_is_seen_and_named_by_check(busy: Duban) -> None:
    """git's status names an ignored folder, not the files in it ("!! cases/2025/"): every one of
    them must be looked at all the same."""
    folder = busy.root / "cases" / "2025"
    folder.mkdir()
    shutil.copy(busy.file("2026-0004"), folder / "2025-0004.yaml")
    _edit(folder / "2025-0004.yaml", "编号: 2026-0004", "编号: 2025-0004")
    (busy.root / ".git" / "info").mkdir(exist_ok=True)
    (busy.root / ".git" / "info" / "exclude").write_text("cases/2025/\n", encoding="utf-8")
    assert seen(busy.root) == truth(busy.root)
    _edit(folder / "2025-0004.yaml", "第4项工作", "忽略目录里改的")  # in place: the folder's mtime stays
    assert seen(busy.root)["2025-0004"][1] == "忽略目录里改的"
    result = busy("check", ok=False)
    assert "2025-0004.yaml" in result.stderr and "忽略" in result.stderr
