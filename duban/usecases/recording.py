"""How a change is recorded: the case files written and one commit made, all or nothing.
An uncommitted hand edit of a file is committed on its own first, never folded in."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from duban.audit.git import HAND_EDIT_ACTION, CommitMessage, Git
from duban.model import Case, Event, case_path
from duban.store import Office
from duban.usecases.redaction import commit_title
from duban.usecases.session import Session

Progress = Callable[[int, int], None]
Step = Callable[[Case, str], tuple[Case, Event]]


def record_hand_edit(office: Office, git: Git, case: Case, operator: str) -> None:
    """Commit a clerk's uncommitted edit of the case file on its own, before duban's change.
    The caller has read the case through the store, so the edited file is known to be valid."""
    rel = case_path(case.id)
    if office.has_case(case.id) and git.uncommitted([rel]):
        message = CommitMessage(
            HAND_EDIT_ACTION, case.id, case.title, body="在下一步操作之前，先记录对该文件未提交的手工修改。"
        )
        git.commit([rel], message, operator)


def save_case(office: Office, git: Git, case: Case, message: CommitMessage, operator: str) -> None:
    """Write one case and commit it; on any failure the file is put back as it was."""
    rel = case_path(case.id)
    record_hand_edit(office, git, case, operator)
    before = office.case_text(case.id)
    office.write_text(rel, office.render_case(case))
    try:
        git.commit([rel], message, operator)
    except BaseException:
        restore(office, git, [(rel, before)])
        raise


def restore(office: Office, git: Git, originals: Sequence[tuple[str, str | None]]) -> None:
    """Put files back as they were (None: the file did not exist) and out of git's index."""
    for rel, text in originals:
        office.put_back(rel, text)
    git.unstage([rel for rel, _ in originals])


def apply_step(session: Session, case_id: str, step: Step, body: str = "") -> Case:
    """Load one case under the lock, apply one lifecycle step, save it, make one commit."""
    office = session.office
    operator = session.operator()
    git = Git(office.root)
    with office.lock():
        case = office.read_case(case_id)
        changed, event = step(case, operator)
        message = CommitMessage(event.action, case.id, commit_title(case), body=body)
        save_case(office, git, changed, message, operator)
    return changed


def apply_many(session: Session, case_ids: Sequence[str], step: Step, action: str) -> list[Case]:
    """One step on several cases, all or nothing, in one commit that lists them."""
    office = session.office
    operator = session.operator()
    git = Git(office.root)
    with office.lock():
        changed = [step(office.read_case(case_id), operator)[0] for case_id in dict.fromkeys(case_ids)]
        if not changed:
            return []
        originals = [(case_path(c.id), office.case_text(c.id)) for c in changed]
        for case in changed:
            record_hand_edit(office, git, case, operator)
        for case in changed:
            office.write_text(case_path(case.id), office.render_case(case))
        if len(changed) == 1:
            message = CommitMessage(action, changed[0].id, commit_title(changed[0]))
        else:
            lines = "\n".join(f"{c.id} {commit_title(c)}" for c in changed)
            message = CommitMessage(action, "", "", body=lines, batch=tuple(c.id for c in changed))
        try:
            git.commit([path for path, _ in originals], message, operator)
        except BaseException:
            restore(office, git, originals)
            raise
    return changed


def write_new_cases(
    office: Office, cases: list[Case], message: CommitMessage, operator: str, progress: Progress | None = None
) -> None:
    """Write new case files and commit them together; on failure remove every one of them."""
    from duban.model import case_to_mapping
    from duban.yamlio import dump_new

    git = Git(office.root)
    paths = [case_path(c.id) for c in cases]
    lines = "\n".join(f"{c.id} {commit_title(c)}" for c in cases)
    message = CommitMessage(
        message.action, message.case_id, message.summary, f"{message.body}\n\n{lines}", message.batch
    )
    try:
        for done, (case, rel) in enumerate(zip(cases, paths, strict=True), 1):
            office.write_text(rel, dump_new(case_to_mapping(case)))
            if progress is not None:
                progress(done, len(cases))
        git.commit(paths, message, operator)
    except BaseException:
        restore(office, git, [(rel, None) for rel in paths])
        raise
