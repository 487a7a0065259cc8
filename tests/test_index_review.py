"""Review of the SQLite index: cases where a later command could answer from a stale row or give
fewer rows than the files hold."""

from __future__ import annotations

import shutil

import pytest
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


def test_an_edit_behind_a_cases_folder_that_is_a_link_is_seen(
    busy: Duban, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """git keeps a linked cases/ as the link and never looks behind it: its status says nothing of
    an edit there, so every file must be looked at."""
    elsewhere = tmp_path_factory.mktemp("shared") / "cases"
    shutil.move(busy.root / "cases", elsewhere)
    (busy.root / "cases").symlink_to(elsewhere)
    busy.git("rm", "-r", "-q", "--cached", "cases")
    busy.git("add", "cases")
    busy.git("commit", "-q", "-m", "cases on the shared disk")
    assert seen(busy.root) == truth(busy.root)
    _edit(busy.file("2026-0002"), "第2项工作", "链接后面改的")
    assert seen(busy.root)["2026-0002"][1] == "链接后面改的"


def test_a_case_file_whose_name_is_not_utf8_is_named_not_a_crash(busy: Duban) -> None:
    """A file named in GBK (copied from a Windows share): os gives its name with lone surrogates,
    which SQLite cannot store; the index must keep it, and forget it when it goes."""
    import os

    folder = os.path.join(os.fsencode(busy.root), b"cases", b"2026")
    odd = os.path.join(folder, "督办".encode("gbk") + b".yaml")
    shutil.copy(os.path.join(folder, b"2026-0001.yaml"), odd)
    for _ in range(2):  # building the index, then asking it again
        result = busy("list")
        assert "2026-0006" in result.stdout and "未计入" in result.stderr
    os.unlink(odd)
    result = busy("list")
    assert "2026-0006" in result.stdout and "未计入" not in result.stderr
    assert seen(busy.root) == truth(busy.root)


def test_misnamed_files_are_named_in_the_order_of_their_names_as_before(busy: Duban) -> None:
    """Files whose names are not case numbers come after the cases, by name (as the earlier index
    sorted them: model.id_order), whatever year folder they are in."""
    from duban.store import Office

    (busy.root / "cases" / "2025").mkdir()
    for rel in ("cases/2025/zz.yaml", "cases/2026/aa-b.yaml", "cases/2026/aa.yaml"):
        shutil.copy(busy.file("2026-0001"), busy.root / rel)
    names = [f.path.rsplit("/", 1)[-1] for f in Office(busy.root).case_files()]
    assert names[-3:] == ["aa.yaml", "aa-b.yaml", "zz.yaml"]
    problems = Office(busy.root).index().problems
    assert [p.split(":", 1)[0].rsplit("/", 1)[-1] for p in problems] == ["aa.yaml", "aa-b.yaml", "zz.yaml"]


def test_an_index_built_without_git_takes_up_git_once_there_is_a_repository(busy: Duban) -> None:
    """An index written while the office had no repository (or a history git can no longer compare)
    is brought up to date once by looking at every file, and then keeps git's HEAD: not looked at
    whole, under the write lock, by every command after."""
    import sqlite3

    from duban import indexdb
    from duban.audit.probe import read_head

    aside = busy.root.parent / "git-aside"
    shutil.move(busy.root / ".git", aside)
    assert seen(busy.root) == truth(busy.root)
    shutil.move(aside, busy.root / ".git")
    _edit(busy.file("2026-0002"), "第2项工作", "有了版本库后改的")
    for _ in range(2):
        assert seen(busy.root) == truth(busy.root)
        conn = sqlite3.connect(busy.root / ".duban" / indexdb.DB_FILE)
        head = indexdb.meta(conn, "case.head")
        conn.close()
        assert head == read_head(busy.root)


def test_a_rename_git_shows_in_the_work_tree_column_names_both_paths(busy: Duban) -> None:
    """A file renamed and its new name added with --intent-to-add: git's status says " R new\\0old"
    (the rename in the second column), and the old name follows as a path, not as an entry."""
    from duban.audit.probe import StatusProbe

    old = busy.file("2026-0002")
    new = old.with_name("2026-0012.yaml")
    old.rename(new)
    busy.git("add", "-N", str(new.relative_to(busy.root)))
    probe = StatusProbe.start(busy.root, "cases")
    assert probe is not None
    changed = probe.changed()
    assert changed is not None
    assert {"cases/2026/2026-0002.yaml", "cases/2026/2026-0012.yaml"} <= changed
    assert not any(path.startswith("es/") for path in changed)


def test_a_case_file_in_a_hidden_folder_is_not_a_case_whichever_way_the_index_was_built(busy: Duban) -> None:
    """cases/.old/ is no year folder: a full reading leaves it out, and so must a refresh that git's
    status led to it (an untracked copy there listed the case twice)."""
    seen(busy.root)
    (busy.root / "cases" / ".old").mkdir()
    shutil.copy(busy.file("2026-0001"), busy.root / "cases" / ".old" / "2026-0001.yaml")
    ids = [line.split("\t", 1)[0] for line in busy("list").stdout.splitlines()]
    assert ids.count("2026-0001") == 1
    assert seen(busy.root) == truth(busy.root)


def test_a_year_folder_that_is_a_repository_of_its_own_is_looked_into(busy: Duban) -> None:
    """git's status names an untracked folder holding a repository ("?? cases/2025/") without the
    files in it: an edit in place there must be seen all the same."""
    import subprocess

    folder = busy.root / "cases" / "2025"
    folder.mkdir()
    shutil.copy(busy.file("2026-0004"), folder / "2025-0004.yaml")
    _edit(folder / "2025-0004.yaml", "编号: 2026-0004", "编号: 2025-0004")
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    assert seen(busy.root) == truth(busy.root)
    _edit(folder / "2025-0004.yaml", "第4项工作", "另一个库里改的")
    assert seen(busy.root)["2025-0004"][1] == "另一个库里改的"


def test_the_index_selects_no_fewer_cases_than_the_filters_pass(busy: Duban) -> None:
    """caseindex.matching is a superset of the list's own tests: `--year 0` is no year filter to
    them (as before the index), so it must be none to the index either."""
    assert busy("list", "--year", "0").stdout == busy("list").stdout
