"""Several clerks, one office: fetch, merge and push through the office's git remote, renumbering
local new cases (and local 催办通知 numbers) that the remote took meanwhile, never forcing, never
rewriting history.

The renumbering and the merge are built as commits beside the branch (audit/git.py's scratch index
and merge-tree), and the branch moves to the result in one fast-forward: a sync killed at any git
call before it leaves the clone as it was (what the renumbering would have done is worked out again
next time), after it the clone holds the whole sync."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from duban.audit.git import (
    ATTRIBUTES_LINE,
    CommitMessage,
    Git,
    build_commit,
    changed_paths,
    commit_tree,
    fast_forward,
    install_merge_driver,
    is_ancestor,
    merge_tree,
    paths_between,
    texts_at,
)
from duban.errors import DubanError, InputError, RepositoryError
from duban.merge import CONFLICTS_FILE
from duban.model import ID_PATTERN, Case, case_path, make_id, replace
from duban.records import NamedTuple
from duban.store import Office
from duban.usecases.recording import changing, commit_files
from duban.usecases.session import Session

# Written by the merge driver: one JSON object a line for each event a merged case's replay could
# not accept ({"事项", "日期", "动作", "经办人", "原因", "文号"}); relative to the clone, like the
# conflicts file, since git runs the driver there.
VOIDED_FILE = Path(".duban") / "merge-voided"
# --keep: which side's value the driver keeps where both clerks set a field differently.
KEEP_SIDES = {"本地": "ours", "共享仓库": "theirs"}
RENUMBER_ACTION = "重新编号"


class Synced(NamedTuple):
    pulled: int
    pushed: int
    renumbered: list[tuple[str, str, str]]  # old id, new id, new 文号: every attempt's
    reissue: list[str]  # rendered documents that carry an old number
    first_push: bool = False
    branch: str = ""
    warnings: tuple[str, ...] = ()
    reminders: tuple[tuple[str, str, str], ...] = ()  # case id, old 催办文号, new 催办文号
    voided: tuple[str, ...] = ()  # events the merge voided, one line each
    duplicates: tuple[tuple[str, str, str], ...] = ()  # local id, the other clerk's id, why alike


class _Found(NamedTuple):
    """What one attempt's renumbering and merge did, told once the branch has moved to it."""

    renumbered: tuple[tuple[str, str, str], ...] = ()
    reminders: tuple[tuple[str, str, str], ...] = ()
    voided: tuple[str, ...] = ()
    duplicates: tuple[tuple[str, str, str], ...] = ()


def sync(session: Session, remote: str = "origin", keep: str | None = None) -> Synced:
    """Fetch, merge, push through the office's remote: never force, never rewrite what is pushed.
    Local new cases whose numbers the remote took meanwhile are renumbered first; case files
    both sides changed are merged field by field; anything that cannot be merged stops the sync
    and leaves the clone as it was. keep (本地 or 共享仓库) settles fields both sides set."""
    if keep is not None and keep not in KEEP_SIDES:
        raise InputError(f"--keep 应为 本地 或 共享仓库，不是“{keep}”")
    operator = session.operator()
    with changing(session) as office:
        return _sync_locked(office, remote, operator, KEEP_SIDES[keep] if keep else None)


def office_remote(session: Session) -> str | None:
    """The remote a command that writes from fresh data syncs with first (origin, else the only
    one), or None for an office without one."""
    from duban.audit.git import remote_names

    remotes = remote_names(Git(session.office.root))  # outside the lock: see remote_names
    if "origin" in remotes:
        return "origin"
    return remotes[0] if remotes else None


def fetch_first(session: Session) -> str | None:
    """A command whose effect depends on what colleagues did (automatic reminders, a recorded
    bulletin) syncs first where the office has a remote, and tells what the sync changed. None
    when the record is fresh (or there is no remote), else why it could not be made so."""
    try:
        remote = office_remote(session)
        if remote is None:
            return None
        result = sync(session, remote)
    except DubanError as error:
        return error.message
    session.office.forget_config()  # what the command does next follows the office's config.yaml as merged
    for line in [*(f"提示：{w}" for w in result.warnings), *told(result)]:
        session.notify(line)
    return None


def last_met(session: Session) -> dt.date | None:
    """The day this clone last heard from the shared repository, or None."""
    from duban.audit.git import last_fetched
    from duban.calendar import office_zone

    when = last_fetched(Git(session.office.root))
    if when is None:
        return None
    zone = office_zone(session.office.config.time_zone)
    return dt.datetime.fromtimestamp(when, zone).date()  # the office's day, not the server's


def _composed(
    earlier: tuple[tuple[str, str, str], ...], later: tuple[tuple[str, str, str], ...]
) -> tuple[tuple[str, str, str], ...]:
    """Two attempts' renumberings as the clerk must hear them: a case renumbered twice (0042 → 0045,
    then 0045 → 0047) is told once, from the number the clerk knew to the one it has now."""
    moved = {new: (old, new, number) for old, new, number in earlier}
    out = dict(moved)
    for old, new, number in later:
        first = moved.get(old)
        out.pop(old, None)
        out[new] = (first[0] if first else old, new, number)
    return tuple(out.values())


def told(result: Synced) -> list[str]:
    """What a sync changed that the clerk must know: every number it changed, the documents to
    print again, the events the merge voided, the cases that look registered twice."""
    lines = [
        f"本地新立项的 {old} 与共享仓库重号，已改为 {new}（文号 {number}）" for old, new, number in result.renumbered
    ]
    lines += [
        f"事项 {case_id} 本地的催办通知 {old} 与共享仓库重号，已改为 {new}" for case_id, old, new in result.reminders
    ]
    lines += [f"请重新生成：{path}（用的是旧编号）" for path in result.reissue]
    lines += list(result.voided)
    lines += [
        f"提示：事项 {mine} 与 {other} 可能是重复登记（{why}）；如确属重复，"
        f"请经领导同意后作废其一：duban void {mine} --reason 重复登记 --approved-by 领导姓名"
        for mine, other, why in result.duplicates
    ]
    return lines


def _sync_locked(office: Office, remote: str, operator: str, keep: str | None) -> Synced:
    git = Git(office.root)
    env = git.operator_env(operator)
    if keep:
        env["DUBAN_MERGE_KEEP"] = keep
    if remote not in git.remotes():
        raise RepositoryError(f"没有名为 {remote} 的共享仓库：请先执行 git remote add {remote} 地址")
    dirty = git.dirty_tracked()
    if dirty:
        raise RepositoryError(f"{dirty[0]} 有未提交的修改，请先用 duban 命令记录或放弃后再同步")
    if install_merge_driver(office.root):
        # Journaled like any change, so that a kill between its add and commit is completed.
        text = (office.root / ".gitattributes").read_text(encoding="utf-8")
        commit_files(office, git, [(".gitattributes", text)], CommitMessage("配置", "", "事项文件的合并规则"), operator)
        if ATTRIBUTES_LINE not in (office.root / ".gitattributes").read_text(encoding="utf-8"):
            raise RepositoryError(".gitattributes 写入失败")
    branch, warnings = _remote_branch(git, remote, env)
    told = _Found()
    reissue: list[str] = []
    pulled = 0

    def result(pushed: int, first: bool = False) -> Synced:
        return Synced(
            pulled, pushed, list(told.renumbered), reissue, first, branch, warnings,
            told.reminders, told.voided, told.duplicates,
        )  # fmt: skip

    for attempt in range(3):
        try:
            start = git.rev()
            try:
                git.fetch(remote, env)
            except RepositoryError as error:
                raise _unreachable(remote, error) from None
            tracking = f"{remote}/{branch}"
            if not git.has_remote_branch(tracking):
                git.push(remote, branch, env, set_upstream=True)
                return result(git.count("HEAD"), True)
            pulled += git.count(f"HEAD..{tracking}")
            # Nothing below changes the clone before the fast-forward; a merge the driver left
            # half-way in an older duban's way is still abandoned by the next command (recover).
            office.write_journal({"同步": True, "起点": start})
            try:
                target, found = _prepare(office, git, tracking, operator, env)
                if target != start:
                    _journal_switch(office, git, start, target, operator)
                    fast_forward(git, target, env)
                    office.forget()  # the case files changed under what this command knew of them
            finally:
                office.clear_journal()
            told = _Found(
                _composed(told.renumbered, found.renumbered),
                told.reminders + found.reminders,
                told.voided + found.voided,
                told.duplicates + found.duplicates,
            )
            reissue += [p for p in _reissue(office, found) if p not in reissue]
            pushed = git.count(f"{tracking}..HEAD")
            if pushed == 0:
                return result(0)
            try:
                git.push(remote, branch, env, set_upstream=git.upstream() != tracking)
                return result(pushed)
            except RepositoryError as error:
                if attempt == 2:
                    reason = error.message.removeprefix("git 操作失败：")
                    raise RepositoryError(
                        f"共享仓库拒绝了推送（{reason}）：本地记录都在，请稍后再运行 duban sync"
                    ) from None
        except DubanError as error:
            # An attempt after the first fails with the earlier attempts' merge kept: what they
            # changed is told in the same line, or a renumbering would go unsaid.
            raise RepositoryError(error.message + _earlier(told)) from None
    raise RepositoryError("同步没有完成，请再运行一次 duban sync")


def _journal_switch(office: Office, git: Git, start: str, target: str, operator: str) -> None:
    """Before the one step that changes the clone (the fast-forward), the journal names every file
    it writes and what each will hold, as a recorded change's does: killed while git writes the
    work tree, the next command finds the branch moved (done) or puts the files back as they were
    at the start, instead of leaving them changed for a later step to take for a hand edit."""
    import hashlib

    texts = texts_at(git, target, paths_between(git, start, target))
    office.write_journal(
        {
            "起点": start,
            "切换至": target,  # recovery: the branch there (done), or every file back as at the start
            "经办人": operator,
            "提交说明": git.message(target),
            "文件": {
                rel: None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()
                for rel, text in texts.items()
            },
        }
    )


def _earlier(told: _Found) -> str:
    changed = [f"{old} → {new}" for old, new, _ in told.renumbered]
    changed += [f"{old} → {new}" for _, old, new in told.reminders]
    return f"（这次同步已先取回合并了一次，本地改了编号：{'、'.join(changed)}）" if changed else ""


def _unreachable(remote: str, error: RepositoryError) -> RepositoryError:
    reason = error.message.removeprefix("git 操作失败：")
    return RepositoryError(f"无法连接共享仓库 {remote}（{reason}）：本地的记录都还在，联网后再运行 duban sync")


def _remote_branch(git: Git, remote: str, env: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    """Which branch of the remote the clone follows: the one it already tracks; else the one the
    remote's HEAD names, so that a plain `git clone` of the shared repository checks out the
    office (a `git init --bare` remote names master on many systems, duban's clones main)."""
    local = git.branch()
    upstream = git.upstream()
    if upstream and upstream.startswith(f"{remote}/"):
        return upstream[len(remote) + 1 :], ()
    try:
        heads = git.remote_branches(remote, env)
        head = git.remote_head(remote, env)
    except RepositoryError as error:
        raise _unreachable(remote, error) from None
    if head and (not heads or head in heads):
        return head, ()
    chosen = local if local in heads or not heads else heads[0]
    if head and head not in heads:
        return chosen, (
            f"共享仓库的 HEAD 指向不存在的分支 {head}，别人 git clone 时会检出不到文件；"
            f"请在服务器上执行 git symbolic-ref HEAD refs/heads/{chosen}",
        )
    return chosen, ()


# -- one attempt: renumber, merge, as commits beside the branch --------------------------------------


def _prepare(office: Office, git: Git, tracking: str, operator: str, env: dict[str, str]) -> tuple[str, _Found]:
    """The commit the branch should move to (HEAD itself when there is nothing to take), and what
    it renumbered, voided and found twice."""
    head = git.rev()
    theirs = git.rev(tracking)
    if is_ancestor(git, theirs, head):
        return head, _Found()
    if is_ancestor(git, head, theirs):
        return theirs, _Found()
    base = git.merge_base(head, theirs)
    writes, message, renumbered, reminders = _renumbering(office, git, base, theirs)
    ours = build_commit(git, head, writes, message.text(), [head], operator) if writes else head
    merged, voided = _merge(office, git, ours, theirs, tracking, operator, env)
    duplicates = _duplicates(git, base, ours, theirs)
    return merged, _Found(tuple(renumbered), tuple(reminders), tuple(voided), tuple(duplicates))


def _merge(
    office: Office, git: Git, ours: str, theirs: str, tracking: str, operator: str, env: dict[str, str]
) -> tuple[str, list[str]]:
    """The merge commit of ours and theirs (duban's driver for case files), with the 催办通知 numbers
    of the events the driver voided retired in it; a merge that cannot be made stops the sync."""
    conflicts = office.root / CONFLICTS_FILE
    voided_file = office.root / VOIDED_FILE
    conflicts.unlink(missing_ok=True)
    voided_file.unlink(missing_ok=True)
    tree, unmerged = merge_tree(git, ours, theirs, env)
    if tree is None:
        voided_file.unlink(missing_ok=True)  # nothing was merged, so nothing was voided
        raise _stopped(conflicts, unmerged)
    items = _read_lines(voided_file)
    voided_file.unlink(missing_ok=True)
    lines = [
        f"事项 {item.get('事项', '?')} 的{item.get('动作') or '记录'}（{item.get('日期', '')}，"
        f"{item.get('经办人', '')}）已作废：{item.get('原因', '')}"
        for item in items
    ]
    subject = f"Merge remote-tracking branch '{tracking}'"
    message = "\n\n".join([subject, *(["\n".join(lines)] if lines else [])]) + "\n"
    numbers: dict[int, list[str]] = {}
    for item in items:
        number, day = str(item.get("文号") or ""), str(item.get("日期") or "")
        if number and day[:4].isdigit():
            numbers.setdefault(int(day[:4]), []).append(number)
    retire: list[tuple[str, str | None]] = []
    for year, wanted in sorted(numbers.items()):
        rel = office.retired_path(year)
        old = git.text_at(tree, rel) or ""
        new = [n for n in dict.fromkeys(wanted) if n not in old.split()]
        if new:
            retire.append((rel, old + ("" if not old or old.endswith("\n") else "\n") + "".join(f"{n}\n" for n in new)))
    if retire:
        return build_commit(git, tree, retire, message, [ours, theirs], operator), lines
    return commit_tree(git, tree, [ours, theirs], message, operator), lines


def _read_lines(path: Path) -> list[dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    out = []
    for raw in text.splitlines():
        try:
            item = json.loads(raw)
        except ValueError:
            continue
        if isinstance(item, dict):
            out.append(item)
    return out


def _stopped(conflicts: Path, unmerged: list[str]) -> RepositoryError:
    lines = []
    items = _read_lines(conflicts)
    conflicts.unlink(missing_ok=True)
    for item in items:
        sides = f"本地：{_side(item, '本地')}；共享仓库：{_side(item, '共享仓库')}"
        lines.append(f"事项 {item.get('事项', '?')} 的“{item.get('字段', '?')}”两边改得不一样（{sides}）")
    lines += [f"{p} 两边都改了，无法自动合并" for p in unmerged if not p.startswith("cases/")]
    detail = "；".join(lines) if lines else "git 无法自动合并"
    if items:
        settle = "请商量后选定一边：保留本地的用 duban sync --keep 本地，保留共享仓库的用 duban sync --keep 共享仓库"
    else:
        settle = "请商量后由一人改正并同步，另一人再运行 duban sync"
    return RepositoryError(f"同步停止，本地没有任何改变：{detail}。{settle}")


def _side(item: dict[str, Any], side: str) -> str:
    who = str(item.get(f"{side}经办人") or "")
    return f"{item.get(side, '')}（{who}所改）" if who else str(item.get(side, ""))


# -- renumbering ----------------------------------------------------------------------------------


def _case_files(paths: Iterable[str]) -> set[str]:
    """The case files among paths under cases/ (not a year's .retired)."""
    return {p for p in paths if p.endswith(".yaml") and ID_PATTERN.match(_id_of(p))}


def _id_of(rel: str) -> str:
    return rel.rsplit("/", 1)[-1].removesuffix(".yaml")


def _parsed(rel: str, text: str | None) -> Case | None:
    from duban.store import parse_case_text

    return parse_case_text(rel, text).case if text else None


def _reminder_numbers(case: Case | None) -> set[str]:
    if case is None:
        return set()
    return {str(e.get("文号")) for e in case.events if e.action == "催办" and e.get("文号")}


def _renumbering(
    office: Office, git: Git, base: str, theirs: str
) -> tuple[list[tuple[str, str | None]], CommitMessage, list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """What the local side must change before it meets the remote's: cases both sides registered
    under one number since they last met (the local one takes the next free number: file, 编号, 文号,
    sub-cases' 上级事项) and 催办通知 numbers both sides gave out (the local one takes the next free
    number of its series). The files to write, the 重新编号 commit's message, and both lists."""
    mine = _case_files(git.added_paths(base, "HEAD", "cases"))
    added_there = _case_files(git.added_paths(base, theirs, "cases"))
    collisions = sorted(p for p in mine & added_there if git.blob_id("HEAD", p) != git.blob_id(theirs, p))
    cases, reminders = _renumber_reminders(office, git, base, theirs)
    moves = _new_ids(office, git, theirs, collisions)
    config = office.config
    writes: list[tuple[str, str | None]] = []
    renumbered: list[tuple[str, str, str]] = []
    # Every local new case: renumbered, or a sub-case whose parent was (even when it was renumbered
    # itself), so that a child never ends up under another clerk's case.
    for rel in sorted(mine):
        modified = cases.pop(_id_of(rel), None)  # its own reminders renumbered
        case = modified or office.read_case(_id_of(rel))
        new_id = moves.get(case.id, case.id)
        parent = moves.get(case.parent, case.parent) if case.parent else None
        if new_id == case.id and parent == case.parent:
            if modified is not None:
                writes.append((rel, office.render_case(case)))
            continue
        number = config.doc_number(int(new_id[:4]), int(new_id[5:])) if new_id != case.id else case.doc_number
        changed = replace(case, id=new_id, doc_number=number, parent=parent)
        if new_id != case.id:
            writes += [(rel, None), (case_path(new_id), office.render_case(changed, like=case.id))]
            renumbered.append((case.id, new_id, number))
        else:
            writes.append((rel, office.render_case(changed)))
    for case_id, case in sorted(cases.items()):  # cases registered before, reminded here
        writes.append((case_path(case_id), office.render_case(case)))
    body = [f"{old} → {new}（{number}）" for old, new, number in renumbered]
    body += [f"{case_id} 催办通知 {old} → {new}" for case_id, old, new in reminders]
    ids = [new for _, new, _ in renumbered] + [c for c, _, _ in reminders]
    message = CommitMessage(RENUMBER_ACTION, "", "", body="\n".join(body), batch=tuple(dict.fromkeys(ids)))
    return writes, message, renumbered, reminders


def _new_ids(office: Office, git: Git, theirs: str, collisions: list[str]) -> dict[str, str]:
    """The next free number of its year for each local case whose number the remote took."""
    if not collisions:
        return {}
    taken: dict[int, int] = {}
    remote = [_id_of(path) for path in git.files_at(theirs, "cases")]
    retired: list[str] = []
    for year in {int(name[:4]) for name in [*remote, *office.case_ids()] if ID_PATTERN.match(name)}:
        retired += (git.text_at(theirs, office.retired_path(year)) or "").split()
        retired += [f"{year:04d}-{n:04d}" for n in office.retired(year)]
    for name in [*remote, *office.case_ids(), *retired]:
        match = ID_PATTERN.match(name)
        if match:
            year, serial = int(match[1]), int(match[2])
            taken[year] = max(taken.get(year, 0), serial)
    moves: dict[str, str] = {}
    for rel in collisions:
        old = _id_of(rel)
        year = int(old[:4])
        taken[year] += 1
        moves[old] = make_id(year, taken[year])
    return moves


def _renumber_reminders(
    office: Office, git: Git, base: str, theirs: str
) -> tuple[dict[str, Case], list[tuple[str, str, str]]]:
    """Written reminders both sides numbered alike since they last met (or the local one a number
    the remote retired): each local one takes the next free number of its year's series. The
    cases so changed, and (case id, old number, new number) for each."""
    local: list[tuple[str, int, str]] = []  # case id, event index, number
    mine = sorted(_case_files(changed_paths(git, base, "HEAD", "cases")))
    earlier = texts_at(git, base, mine)
    for rel in mine:
        before = _reminder_numbers(_parsed(rel, earlier[rel]))
        case = office.read_case(_id_of(rel))
        for index, event in enumerate(case.events):
            number = str(event.get("文号") or "") if event.action == "催办" else ""
            if number and number not in before:
                local.append((case.id, index, number))
    if not local:
        return {}, []
    remote: set[str] = set()
    there = sorted(_case_files(changed_paths(git, base, theirs, "cases")))
    now, then = texts_at(git, theirs, there), texts_at(git, base, there)
    for rel in there:
        remote |= _reminder_numbers(_parsed(rel, now[rel])) - _reminder_numbers(_parsed(rel, then[rel]))
    years = _years(office, local)
    retired_there = {n for y in years for n in (git.text_at(theirs, office.retired_path(y)) or "").split()}
    taken = remote | retired_there
    clashing = [item for item in local if item[2] in taken]
    if not clashing:
        return {}, []
    config = office.config
    highest: dict[int, int] = {}
    known = [n for _, _, n in local] + sorted(taken)
    for year in years:
        known += office.retired_documents(year)
        pattern = _series(config.reminder_format, year)
        highest[year] = max((int(m.group(1)) for n in known if (m := pattern.fullmatch(n))), default=0)
    cases: dict[str, Case] = {}
    changes: list[tuple[str, str, str]] = []
    for case_id, index, number in clashing:
        case = cases.get(case_id) or office.read_case(case_id)
        year = case.events[index].date.year
        highest[year] = highest.get(year, 0) + 1
        new = config.reminder_number(year, highest[year])
        event = case.events[index]
        extra = tuple((k, new if k == "文号" else v) for k, v in event.extra)
        events = (*case.events[:index], replace(event, extra=extra), *case.events[index + 1 :])
        cases[case_id] = replace(case, events=events)
        changes.append((case_id, number, new))
    return cases, changes


def _years(office: Office, local: Iterable[tuple[str, int, str]]) -> set[int]:
    return {office.read_case(case_id).events[index].date.year for case_id, index, _ in local}


def _series(form: str, year: int) -> re.Pattern[str]:
    """A year's 催办通知 numbers in config's format (督催〔{年}〕{序号}号), the serial as the group."""
    before, _, after = form.partition("{序号}")
    head, tail = (re.escape(part.replace("{年}", str(year))) for part in (before, after))
    return re.compile(head + r"(\d+)" + tail)


def _reissue(office: Office, found: _Found) -> list[str]:
    """Rendered documents in out/ that carry a number the sync changed: a renumbered case's, or a
    case's 催办通知 whose number changed."""
    out = office.root / "out"
    if not out.is_dir():
        return []
    olds = {old for old, _, _ in found.renumbered}
    reminded = {f"{case_id}-催办通知" for case_id, _, _ in found.reminders}
    documents = []
    for document in sorted(out.rglob("*")):
        if not document.is_file():
            continue
        if any(old in document.name for old in olds) or any(document.name.startswith(r) for r in reminded):
            documents.append(str(document.relative_to(office.root)))
    return documents


# -- cases registered twice -----------------------------------------------------------------------


def _duplicates(git: Git, base: str, ours: str, theirs: str) -> list[tuple[str, str, str]]:
    """Local new cases that look like one the other side registered meanwhile: the same import
    (the 立项 event's 导入指纹), or the same title, lead unit and 立项日期."""
    new_here = sorted(_case_files(git.added_paths(base, ours, "cases")))
    if not new_here:
        return []
    new_there = sorted(_case_files(git.added_paths(base, theirs, "cases")))
    here_texts, there_texts = texts_at(git, ours, new_here), texts_at(git, theirs, new_there)
    mine = [c for rel in new_here if (c := _parsed(rel, here_texts[rel]))]
    there = [c for rel in new_there if (c := _parsed(rel, there_texts[rel]))]
    found = []
    for case in mine:
        for other in there:
            if other.id == case.id:
                continue
            why = _alike(case, other)
            if why:
                found.append((case.id, other.id, why))
                break
    return found


def _alike(one: Case, other: Case) -> str:
    def fingerprint(case: Case) -> str:
        first = case.events[0] if case.events else None
        return str(first.get("导入指纹") or "") if first is not None and first.action == "立项" else ""

    if fingerprint(one) and fingerprint(one) == fingerprint(other):
        return "导入指纹相同，同一份材料导入了两次"
    if (one.title, one.lead_units[:1], one.registered) == (other.title, other.lead_units[:1], other.registered):
        return "标题、主办单位、立项日期都相同"
    return ""
