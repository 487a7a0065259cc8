"""duban edit: a case file opened in the clerk's editor, checked when saved, and committed as a
手工修改 under the clerk's name. The editor works on a copy of its own under .duban/edit/; the office's file
changes only when the copy is whole and the check passes, under the office's lock, and only if
nobody changed the file meanwhile."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from duban.audit.git import HAND_EDIT_ACTION, CommitMessage, Git
from duban.errors import InputError, NotFoundError, Problem
from duban.model import case_path
from duban.store import normalize_id, parse_case_text
from duban.usecases.check import problems_in_text
from duban.usecases.recording import changing, commit_files
from duban.usecases.redaction import commit_title
from duban.usecases.session import Session

# The lines the editor shows above the file when the last save had problems; taken off again.
MARK = "#duban edit: "
EDIT_BODY = "用 duban edit 修改，保存前已检查。"


class Edited(NamedTuple):
    case_id: str
    changed: bool


def edit_case(session: Session, case_id: str, open_editor: Callable[[Path], None], attended: bool) -> Edited:
    """Open the case's file in the editor (open_editor(path) returns when the clerk has saved and
    quit) until it passes the check or the clerk gives up (saves it unchanged after being told the
    problems). Unattended (no terminal to reopen the editor at), problems refuse at once."""
    case_id = normalize_id(case_id)
    office = session.office
    rel = case_path(case_id)
    original = office.file_text(rel)
    if original is None:
        raise NotFoundError(f"没有编号为 {case_id} 的督办事项（{rel} 不存在），可用 duban list 查看")
    before = parse_case_text(rel, original).case  # None for a file a hand edit broke: edit mends it
    if before is not None and before.restricted_to and session.viewer() not in before.restricted_to:
        raise InputError(f"事项 {case_id} 有知情范围，你不在其中，不能修改")
    # A copy of its own for each edit (the time and the process in its name): an edit that was refused
    # stays where it was, and two clerks editing one case on one clone never share a copy.
    folder = office.ensure_local_dir() / "edit"
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    earlier = sorted(p.name for p in folder.glob(f"{case_id}-*.yaml"))
    scratch = folder / f"{case_id}-{stamp}-{os.getpid()}.yaml"
    serial = 1
    while scratch.exists():
        serial += 1
        scratch = folder / f"{case_id}-{stamp}-{os.getpid()}-{serial}.yaml"
    if earlier:
        session.notify(f"事项 {case_id} 以前没有保存的修改还在 {_shown(session, folder / earlier[-1])}")
    scratch.write_text(original, encoding="utf-8")
    shown = original
    problems: list[Problem] = []
    while True:
        open_editor(scratch)
        try:
            saved = scratch.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise InputError(f"读不回编辑后的文件 {scratch}（须为 UTF-8），事项未修改") from None
        text = "".join(line for line in saved.splitlines(keepends=True) if not line.startswith(MARK))
        if text == shown and not problems:
            scratch.unlink(missing_ok=True)
            return Edited(case_id, False)
        if text == shown or not text.strip():
            raise InputError(f"已放弃修改，事项 {case_id} 未改动（你改过的内容留在 {_shown(session, scratch)}）")
        problems = problems_in_text(session, rel, text)
        if not problems:
            break
        if not attended:
            first = problems[0]
            raise InputError(
                f"{first}（共 {len(problems)} 个问题，事项未修改；你改过的内容留在 {_shown(session, scratch)}）"
            )
        header = [f"{MARK}保存的内容有 {len(problems)} 个问题，请改正后再保存退出；原样保存退出则放弃修改。\n"]
        header += [f"{MARK}第{p.line + len(problems) + 1}行：{p.message}\n" if p.line else f"{MARK}{p.message}\n"
                   for p in problems]  # fmt: skip
        scratch.write_text("".join(header) + text, encoding="utf-8")
        shown = text
    with changing(session) as locked:
        if locked.file_text(rel) != original:
            raise InputError(
                f"编辑期间事项 {case_id} 已被改动（另一次操作或同步），这次修改没有保存；"
                f"你改过的内容留在 {_shown(session, scratch)}，请重新 duban edit {case_id}"
            )
        after = parse_case_text(rel, text).case
        title = commit_title(after) if after is not None else ""
        message = CommitMessage(HAND_EDIT_ACTION, case_id, title, body=EDIT_BODY)
        commit_files(locked, Git(locked.root), [(rel, text)], message, session.operator())
    scratch.unlink(missing_ok=True)
    return Edited(case_id, True)


def _shown(session: Session, path: Path) -> str:
    try:
        return str(path.relative_to(session.office.root))
    except ValueError:
        return str(path)
