"""How a change is recorded: the case files written and one commit made, all or nothing, even when
the process is killed half-way.

Every change goes through commit_files: a journal (.duban/journal.json) names the files, what each
will hold, the commit message and the operator before the first file is written, and is removed
after the commit. Every command that changes the office takes the lock through `changing`, which
first recovers what a killed predecessor left: stale git locks, a half-made change (completed with
its original operator and message when every file was written, else put back as it was), a merge
that sync left in progress, temporary files; then it refuses to write anywhere but on a branch with
no git operation in progress. An uncommitted hand edit of a file is committed on its own first,
never folded into duban's change; recovery puts back only what duban itself wrote."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence

from duban.audit.git import BATCH_FROM, HAND_EDIT_ACTION, CommitMessage, Git, texts_at
from duban.errors import DubanError, RepositoryError
from duban.model import Case, Event, case_path
from duban.store import Holder, Office
from duban.usecases.redaction import commit_title
from duban.usecases.session import Session

Progress = Callable[[int, int], None]
Step = Callable[[Case, str], tuple[Case, Event]]
GIT_LOCK_WAIT_SECONDS = 5.0
HAND_EDIT_BODY = "在下一步操作之前，先记录对该文件未提交的手工修改。"
# How long the next command waits for a git that a killed duban left running (a merge, a commit).
GIT_ORPHAN_WAIT_SECONDS = 60.0


def _digest(text: str | None) -> str | None:
    import hashlib

    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- taking the lock ----------------------------------------------------------------------------------


@contextlib.contextmanager
def changing(session: Session) -> Iterator[Office]:
    """The office under its lock, with whatever a killed earlier command left recovered first."""
    office = session.office
    with office.lock() as previous:
        recover(session, previous)
        yield office


def recover(session: Session, previous: Holder | None) -> None:
    office = session.office
    if not (office.root / ".git").exists():
        return
    git = Git(office.root)
    orphan = _wait_for_orphan(session, git)
    _clear_git_locks(session, git, previous, orphaned=git.orphan() is not None)
    entry = office.read_journal()
    # A merge sync's own journal names is settled below; any other operation is the clerk's.
    blocked = git.operation_in_progress(own_merge=bool(entry and entry.get("同步")))
    if blocked:
        raise RepositoryError(blocked)
    if entry is not None:
        _settle(session, office, git, entry, orphan)
    git.forget_orphan()
    for path in office.clean_temporary_files():
        session.notify(f"已删除被中断的写入留下的临时文件 {path}")


def _wait_for_orphan(session: Session, git: Git) -> list[str]:
    """A git that a killed duban started and that runs on (its merge, its commit): waited for, so
    that what it writes is settled as part of that command's change, not taken for a hand edit.
    Returns its arguments ([] when there was none)."""
    import time

    found = git.orphan()
    if found is None:
        return []
    pid, running, args = found
    deadline = time.monotonic() + GIT_ORPHAN_WAIT_SECONDS
    while running and time.monotonic() < deadline:
        time.sleep(0.1)
        again = git.orphan()
        running = again is not None and again[0] == pid and again[1]
    if running:
        raise RepositoryError(
            f"被中断的 duban 命令启动的 git 程序（进程 {pid}）仍在运行，未做任何改动：请等它结束后再试"
        )
    return args


def _clear_git_locks(session: Session, git: Git, previous: Holder | None, *, orphaned: bool = False) -> None:
    """git's own lock files. Left by a duban process that died holding the office's lock (or by the
    git it started, which has ended: orphaned), they are stale and removed; otherwise another git
    program may be at work: wait a little, then name it."""
    import time

    dot_git = git.root / ".git"
    locks = sorted([*dot_git.glob("*.lock"), *(dot_git / "refs").rglob("*.lock")])
    if not locks:
        return
    if orphaned or (previous is not None and not previous.running()):
        for lock in locks:
            lock.unlink(missing_ok=True)
        names = "、".join(str(lock.relative_to(git.root)) for lock in locks)
        who = f"（进程 {previous.pid}）" if previous is not None else ""
        session.notify(f"已清除被中断的 duban 命令{who}留下的 git 锁文件 {names}")
        return
    deadline = time.monotonic() + GIT_LOCK_WAIT_SECONDS
    while time.monotonic() < deadline and any(lock.exists() for lock in locks):
        time.sleep(0.1)
    left = [lock for lock in locks if lock.exists()]
    if left:
        raise RepositoryError(
            f"git 的锁文件 {left[0].relative_to(git.root)} 存在：可能另有 git 程序正在使用本仓库，未做任何改动；"
            "确认没有 git 程序在运行后删除该文件，再重试"
        )


def _settle(session: Session, office: Office, git: Git, entry: dict[str, object], orphan: list[str]) -> None:
    """A change the journal says was under way when its process died."""
    start = str(entry.get("起点") or "")
    message = str(entry.get("提交说明") or "")
    subject = message.strip().splitlines()[0] if message.strip() else "上一次操作"
    if entry.get("同步"):
        _settle_sync(session, office, git, start, orphan)
        return
    files = entry.get("文件")
    if not isinstance(files, dict) or not start:
        office.clear_journal()  # a journal that cannot be read names nothing to finish
        return
    if entry.get("切换至"):
        _settle_switch(session, office, git, start, str(entry["切换至"]), files)
        return
    head = git.head()
    if head != start and git.message("HEAD") == message:
        office.clear_journal()  # it was committed; only the journal was left
        return
    operator = str(entry.get("经办人") or "督办室")
    now = {rel: _digest(office.file_text(rel)) for rel in files}
    if all(now[rel] == after for rel, after in files.items()):
        git.commit(list(files), message, operator)
        office.clear_journal()
        session.notify(f"上次被中断的“{subject}”已补完提交（经办人 {operator}）")
        return
    befores = entry.get("原内容")
    # The files as they were at the start, asked of git once for all of them (a batch's thousands).
    ours = [rel for rel, after in files.items() if now[rel] == after]
    asked = ours if isinstance(befores, dict) else list(files)
    olds = texts_at(git, start, asked)
    kept = []
    for rel, after in files.items():
        if now[rel] == after:
            continue
        # Not what duban wrote: as it was before (nothing to do), or someone's work since, which
        # is left as it is and named. A journal of an older duban knows only the start commit.
        before = befores.get(rel) if isinstance(befores, dict) else _digest(olds[rel])
        if now[rel] != before:
            kept.append(rel)
    restore_files(office, [(rel, olds[rel]) for rel in ours])  # duban's own writes: taken back
    git.unstage(list(files))
    office.clear_journal()
    session.notify(f"上次被中断的“{subject}”没有写完，已恢复原状，请重新操作")
    for rel in kept:
        session.notify(f"{rel} 在中断之后另有改动（不是 duban 写入的内容），未恢复，保持原样：请检查后再操作")


def _settle_switch(
    session: Session, office: Office, git: Git, start: str, target: str, files: dict[str, object]
) -> None:
    """A sync killed while git moved the branch to the merged commit (its fast-forward): done when
    the branch is there; otherwise every file git wrote goes back as it was at the start, never
    committed as a change of anyone's (the next sync does the whole sync again)."""
    if git.head() != target:
        kept = []
        for rel, after in files.items():
            now = _digest(office.file_text(rel))
            before = git.text_at(start, rel)
            if now == after:
                office.put_back(rel, before)
            elif now != _digest(before):
                kept.append(rel)
        git.unstage(list(files))
        session.notify("上次同步在合并时被中断，已恢复到同步之前；请再运行 duban sync")
        for rel in kept:
            session.notify(f"{rel} 在中断之后另有改动（不是 duban 写入的内容），未恢复，保持原样：请检查后再操作")
    office.clear_journal()


def _settle_sync(session: Session, office: Office, git: Git, start: str, orphan: list[str]) -> None:
    """A sync killed half-way: its merge finished (kept) or not (the clone goes back to where the
    sync started, and the next sync does it again). A merge killed before it stopped leaves no
    MERGE_HEAD, only the files it had written: the tree was clean when sync began, so tracked
    changes are the merge's, and new files that are the merged branch's own copies are removed.
    (A clerk's edit made between the kill and this recovery would go with them.)"""
    merging = (git.root / ".git" / "MERGE_HEAD").exists()
    # Only a merge known to have been under way (its own record) makes changes in the tree the
    # merge's: without that evidence they are a clerk's, and left for the next step to record.
    target = orphan[-1] if orphan and "merge" in orphan else ""
    if merging or (target and git.dirty_tracked()):
        if target:
            git.take_back_merge(start, target)
        else:
            git.abandon_merge(start)
        session.notify("上次同步在合并时被中断，已放弃那次合并、恢复到同步之前；请再运行 duban sync")
    office.clear_journal()


# -- making a change ----------------------------------------------------------------------------------


def commit_files(
    office: Office,
    git: Git,
    writes: Sequence[tuple[str, str | None]],
    message: CommitMessage,
    operator: str,
    progress: Progress | None = None,
) -> None:
    """Write (or, for None, delete) these files and commit them alone, all or nothing."""
    originals = [(rel, office.file_text(rel)) for rel, _ in writes]
    start = git.head() or ""
    wording = message.text()
    office.write_journal(
        {
            "起点": start,
            "经办人": operator,
            "提交说明": wording,
            "文件": {rel: _digest(text) for rel, text in writes},
            # What each file held before: recovery takes back only a file that holds duban's write.
            "原内容": {rel: _digest(text) for rel, text in originals},
        }
    )
    try:
        if len(writes) >= BATCH_FROM:
            office.write_many(writes, progress)  # the disk synced twice in all, not twice a file
        else:
            for done, (rel, text) in enumerate(writes, 1):
                office.put_back(rel, text)
                if progress is not None:
                    progress(done, len(writes))
        git.commit([rel for rel, _ in writes], message, operator)
    except BaseException as failure:
        try:
            # A git killed after it made the commit (before it could say so): the step is done, and
            # putting the files back would leave them looking like a clerk's edit undoing it.
            made = git.head() != (start or None) and git.message("HEAD") == wording
            if not made:
                restore(office, git, originals)
        except DubanError:
            raise failure from None  # the journal stays: the next command settles what is left
        office.clear_journal()
        if made and isinstance(failure, DubanError):
            return
        raise
    office.clear_journal()


def restore(office: Office, git: Git, originals: Sequence[tuple[str, str | None]]) -> None:
    """Put files back as they were (None: the file did not exist) and out of git's index."""
    restore_files(office, originals)
    git.unstage([rel for rel, _ in originals])


def restore_files(office: Office, originals: Sequence[tuple[str, str | None]]) -> None:
    """Files as they were (None: no file); a batch's with the disk synced twice in all."""
    if len(originals) >= BATCH_FROM:
        office.write_many(originals)
    else:
        for rel, text in originals:
            office.put_back(rel, text)


def record_hand_edit(office: Office, git: Git, case: Case, operator: str) -> None:
    """Commit a clerk's uncommitted edit of the case file on its own, before duban's change.
    The caller has read the case through the store, so the edited file is known to be valid."""
    record_hand_edits(office, git, [case], operator)


def record_hand_edits(office: Office, git: Git, cases: Sequence[Case], operator: str) -> None:
    """record_hand_edit for several cases, git asked once: one 手工修改 commit per edited case."""
    paths = {case_path(case.id): case for case in cases if office.has_case(case.id)}
    for rel in git.uncommitted(list(paths)):
        case = paths.get(rel)
        if case is None:
            continue
        message = CommitMessage(
            HAND_EDIT_ACTION,
            case.id,
            commit_title(case),
            body=HAND_EDIT_BODY,
        )
        commit_files(office, git, [(rel, office.file_text(rel))], message, operator)


def record_hand_edit_of(office: Office, git: Git, rel: str, summary: str, operator: str) -> None:
    """A clerk's uncommitted edit of a file that is not a case (the bulletins' register), committed
    on its own first as well."""
    if office.file_text(rel) is not None and git.uncommitted([rel]):
        message = CommitMessage(
            HAND_EDIT_ACTION, "", summary, body="在下一步操作之前，先记录对该文件未提交的手工修改。"
        )
        commit_files(office, git, [(rel, office.file_text(rel))], message, operator)


def save_case(office: Office, git: Git, case: Case, message: CommitMessage, operator: str) -> None:
    """Write one case and commit it; on any failure the file is put back as it was."""
    record_hand_edit(office, git, case, operator)
    commit_files(office, git, [(case_path(case.id), office.render_case(case))], message, operator)


def apply_step(session: Session, case_id: str, step: Step, body: str = "") -> Case:
    """Load one case under the lock, apply one lifecycle step, save it, make one commit."""
    operator = session.operator()
    with changing(session) as office:
        git = Git(office.root)
        case = office.read_case(case_id)
        changed, event = step(case, operator)
        message = CommitMessage(event.action, case.id, commit_title(case), body=body)
        save_case(office, git, changed, message, operator)
    return changed


def apply_many(session: Session, case_ids: Sequence[str], step: Step, action: str) -> list[Case]:
    """One step on several cases, all or nothing, in one commit that lists them."""
    operator = session.operator()
    with changing(session) as office:
        return apply_many_locked(office, case_ids, step, action, operator)


def apply_many_locked(
    office: Office,
    case_ids: Sequence[str],
    step: Step,
    action: str,
    operator: str,
    extra: Callable[[list[Case]], list[tuple[str, str | None]]] | None = None,
) -> list[Case]:
    """The step on each case, in one commit; `extra` names other files to write in it (归档's materials)."""
    git = Git(office.root)
    befores = [office.read_case(case_id) for case_id in dict.fromkeys(case_ids)]
    changed = [step(case, operator)[0] for case in befores]
    if not changed:
        return []
    record_hand_edits(office, git, changed, operator)
    if len(changed) == 1:
        message = CommitMessage(action, changed[0].id, commit_title(changed[0]))
    else:
        lines = "\n".join(f"{c.id} {commit_title(c)}" for c in changed)
        message = CommitMessage(action, "", "", body=lines, batch=tuple(c.id for c in changed))
    writes: list[tuple[str, str | None]] = [
        (case_path(after.id), _rendered(office, before, after)) for before, after in zip(befores, changed, strict=True)
    ]
    if extra is not None:
        writes += extra(changed)
    commit_files(office, git, writes, message, operator)
    return changed


def _rendered(office: Office, before: Case, after: Case) -> str:
    """The new text of a case's file. A file exactly as duban writes a case (no comment, no key
    of its own, duban's layout) is written anew by the fast writer: the round-trip merge that
    keeps a hand-edited file's comments and layout costs 10 ms a file, most of an archive of
    thousands. The merge of such a file gives the same text (tests/test_procedure.py)."""
    from duban.model import case_to_mapping
    from duban.yamlio import dump_fast

    existing = office.case_text(before.id)
    if existing is not None and existing == dump_fast(case_to_mapping(before)):
        return dump_fast(case_to_mapping(after))
    return office.render_case(after)


def write_new_cases(
    office: Office, cases: list[Case], message: CommitMessage, operator: str, progress: Progress | None = None
) -> None:
    """Write new case files and commit them together; on failure remove every one of them."""
    from duban.model import case_to_mapping
    from duban.yamlio import dump_fast

    lines = "\n".join(f"{c.id} {commit_title(c)}" for c in cases)
    message = CommitMessage(
        message.action, message.case_id, message.summary, f"{message.body}\n\n{lines}", message.batch
    )
    writes = [(case_path(c.id), dump_fast(case_to_mapping(c))) for c in cases]
    commit_files(office, Git(office.root), writes, message, operator, progress)
