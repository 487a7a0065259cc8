"""duban edit: the case file in the clerk's editor, checked on save, committed as 手工修改."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

from conftest import Duban, refused

from duban.usecases.editing import MARK, edit_case
from duban.usecases.session import Session


def _editor(tmp_path: Path, script: str) -> dict[str, str]:
    path = tmp_path / "editor.sh"
    path.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return {"EDITOR": str(path), "VISUAL": ""}


def test_an_edit_is_committed_as_a_hand_edit_under_the_clerks_name(office: Duban, tmp_path: Path) -> None:
    case = office.new("加快推进城东片区老旧小区改造", "--lead-unit", "住建局")
    before = office.commits()
    office.by = "王芳"
    result = office("edit", case, env=_editor(tmp_path, "sed -i 's/^标题: .*/标题: 城东片区老旧小区改造二期/' \"$1\""))
    assert "已保存对 2026-0001 的手工修改" in result.stdout
    assert office.commits() == before + 1
    assert office.git("log", "-1", "--format=%an|%s").strip() == "王芳|手工修改 2026-0001 城东片区老旧小区改造二期"
    assert "Duban-Action: 手工修改" in office.git("log", "-1", "--format=%b")
    assert "城东片区老旧小区改造二期" in office("list").stdout
    assert "手工修改" in office("log", case).stdout
    assert office.git("status", "--porcelain").strip() == ""


def test_nothing_changed_nothing_committed(office: Duban, tmp_path: Path) -> None:
    case = office.new()
    before = office.commits()
    result = office("edit", case, env=_editor(tmp_path, "true"))
    assert "没有改动" in result.stdout and office.commits() == before


def test_an_edit_with_problems_is_refused_without_a_terminal_and_kept(office: Duban, tmp_path: Path) -> None:
    case = office.new("加快推进城东片区老旧小区改造", "--lead-unit", "住建局")
    before = office.commits()
    text = office.file(case).read_text(encoding="utf-8")
    tab = _editor(tmp_path, "sed -i 's/^标题: /\\t标题: /' \"$1\"")
    result = office("edit", case, ok=False, env=tab)
    refused(result, "用了制表符缩进，请改用空格")
    assert ".duban/edit/2026-0001-" in result.stderr
    assert office.file(case).read_text(encoding="utf-8") == text and office.commits() == before
    # Refused again: each edit keeps its own copy, none overwritten; the next edit names the last.
    office("edit", case, ok=False, env=tab)
    kept = sorted((office.root / ".duban" / "edit").glob("2026-0001-*.yaml"))
    assert len(kept) == 2 and all(k.read_text(encoding="utf-8").count("\t标题") == 1 for k in kept)
    again = office("edit", case, env=_editor(tmp_path, "true"))
    assert "以前没有保存的修改还在 .duban/edit/2026-0001-" in again.stderr


def test_at_a_terminal_the_problems_are_shown_in_the_file_until_mended(office: Duban) -> None:
    case = office.new("加快推进城东片区老旧小区改造", "--lead-unit", "住建局")
    session = Session(repo=str(office.root), today=dt.date(2026, 9, 28), by="李明", attended=True)
    seen: list[str] = []

    def editor(path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        seen.append(text)
        if len(seen) == 1:  # the clerk names a unit the office does not have
            path.write_text(text.replace("区住房和城乡建设局", "区不存在局"), encoding="utf-8")
        else:  # told, the clerk mends it (the notes above the file may stay: they are taken off)
            path.write_text(text.replace("区不存在局", "区财政局"), encoding="utf-8")

    assert edit_case(session, case, editor, attended=True).changed
    assert len(seen) == 2
    assert seen[1].startswith(f"{MARK}保存的内容有 1 个问题") and "区不存在局" in seen[1]
    lines = seen[1].splitlines()
    told = next(line for line in lines if "不在 config.yaml 的单位名录中" in line)
    at = int(told.split("第", 1)[1].split("行", 1)[0])
    assert "区不存在局" in lines[at - 1]  # the line number is the one the clerk sees
    saved = office.file(case).read_text(encoding="utf-8")
    assert "区财政局" in saved and MARK not in saved


def test_saving_unchanged_after_the_problems_gives_up(office: Duban) -> None:
    case = office.new()
    before = office.commits()
    session = Session(repo=str(office.root), today=dt.date(2026, 9, 28), by="李明", attended=True)
    calls = []

    def editor(path: Path) -> None:
        calls.append(1)
        if len(calls) == 1:
            path.write_text(path.read_text(encoding="utf-8").replace("标题:", "标题 ", 1), encoding="utf-8")

    try:
        edit_case(session, case, editor, attended=True)
    except Exception as error:
        assert "已放弃修改" in str(error)
    else:
        raise AssertionError("not refused")
    assert len(calls) == 2 and office.commits() == before


def test_a_file_broken_by_hand_can_be_mended_with_edit(office: Duban, tmp_path: Path) -> None:
    case = office.new()
    path = office.file(case)
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("标题:", "\t标题:", 1), encoding="utf-8")
    office.git("commit", "-qam", "坏的手工修改")
    fixed = tmp_path / "good.yaml"
    fixed.write_text(good, encoding="utf-8")
    office("edit", case, env=_editor(tmp_path, f'cp {fixed} "$1"'))
    assert path.read_text(encoding="utf-8") == good
    assert office("check").exit_code == 0


def test_no_editor_and_unknown_case(office: Duban, tmp_path: Path) -> None:
    refused(office("edit", "2026-0099", ok=False, env=_editor(tmp_path, "true")), "没有编号为 2026-0099 的督办事项")
    case = office.new()
    result = office("edit", case, ok=False, env=_editor(tmp_path, "exit 3"))
    refused(result, "退出状态为 3，事项未修改")
