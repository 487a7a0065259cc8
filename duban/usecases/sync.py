"""Several clerks, one office: fetch, merge and push through the office's git remote, renumbering
local new cases whose numbers the remote took meanwhile, never forcing, never rewriting history."""

from __future__ import annotations

import json

from duban.audit.git import ATTRIBUTES_LINE, CommitMessage, Git, install_merge_driver
from duban.errors import RepositoryError
from duban.merge import CONFLICTS_FILE
from duban.model import ID_PATTERN, case_path, make_id, replace
from duban.records import NamedTuple
from duban.store import Office
from duban.usecases.recording import changing, commit_files
from duban.usecases.session import Session


class Synced(NamedTuple):
    pulled: int
    pushed: int
    renumbered: list[tuple[str, str, str]]  # old id, new id, new 文号
    reissue: list[str]  # rendered documents that carry an old number
    first_push: bool = False
    branch: str = ""  # the remote's branch the clone follows
    warnings: tuple[str, ...] = ()


def sync(session: Session, remote: str = "origin") -> Synced:
    """Fetch, merge, push through the office's remote: never force, never rewrite what is pushed.
    Local new cases whose numbers the remote took meanwhile are renumbered first; case files
    both sides changed are merged field by field; anything that cannot be merged stops the sync
    and leaves the clone as it was."""
    operator = session.operator()
    with changing(session) as office:
        return _sync_locked(session, office, remote, operator)


def _sync_locked(session: Session, office: Office, remote: str, operator: str) -> Synced:
    git = Git(office.root)
    env = git.operator_env(operator)
    if remote not in git.remotes():
        raise RepositoryError(f"没有名为 {remote} 的共享仓库：请先执行 git remote add {remote} 地址")
    dirty = git.dirty_tracked()
    if dirty:
        raise RepositoryError(f"{dirty[0]} 有未提交的修改，请先用 duban 命令记录或放弃后再同步")
    if install_merge_driver(office.root):
        git.commit([".gitattributes"], CommitMessage("配置", "", "事项文件的合并规则"), operator)
        if ATTRIBUTES_LINE not in (office.root / ".gitattributes").read_text(encoding="utf-8"):
            raise RepositoryError(".gitattributes 写入失败")
    start = git.rev()
    branch, warnings = _remote_branch(git, remote, env)
    for attempt in range(3):
        try:
            git.fetch(remote, env)
        except RepositoryError as error:
            raise _unreachable(remote, error) from None
        tracking = f"{remote}/{branch}"
        if not git.has_remote_branch(tracking):
            git.push(remote, branch, env, set_upstream=True)
            return Synced(0, git.count("HEAD"), [], [], True, branch, warnings)
        renumbered, reissue = _renumber_collisions(office, git, tracking, operator)
        pulled = git.count(f"HEAD..{tracking}")
        # A merge killed half-way is abandoned by the next command (recording.recover).
        office.write_journal({"同步": True, "起点": start})
        _merge(office, git, tracking, start, env)
        office.clear_journal()
        pushed = git.count(f"{tracking}..HEAD")
        if pushed == 0:
            return Synced(pulled, 0, renumbered, reissue, False, branch, warnings)
        try:
            git.push(remote, branch, env, set_upstream=git.upstream() != tracking)
            return Synced(pulled, pushed, renumbered, reissue, False, branch, warnings)
        except RepositoryError as error:
            if attempt == 2:
                reason = error.message.removeprefix("git 操作失败：")
                raise RepositoryError(
                    f"共享仓库拒绝了推送（{reason}）：本地记录都在，请稍后再运行 duban sync"
                ) from None
            start = git.rev()  # what is merged locally stays; fetch again
    raise RepositoryError("同步没有完成，请再运行一次 duban sync")


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


def _merge(office: Office, git: Git, tracking: str, start: str, env: dict[str, str]) -> None:
    """git merge with duban's driver; on failure the clone goes back to where the sync started."""
    report = office.root / CONFLICTS_FILE
    report.unlink(missing_ok=True)
    if git.merge(tracking, env):
        return
    unmerged = git.unmerged_paths()
    lines = []
    if report.exists():
        for raw in report.read_text(encoding="utf-8").splitlines():
            item = json.loads(raw)
            sides = f"本地：{item['本地']}；共享仓库：{item['共享仓库']}"
            lines.append(f"事项 {item['事项']} 的“{item['字段']}”两边改得不一样（{sides}）")
        report.unlink()
    others = [p for p in unmerged if not p.startswith("cases/")]
    lines += [f"{p} 两边都改了，无法自动合并" for p in others]
    git.abandon_merge(start)
    office.clear_journal()
    detail = "；".join(lines) if lines else "git 无法自动合并"
    raise RepositoryError(f"同步停止，本地没有任何改变：{detail}。请商量后由一人改正并同步，另一人再运行 duban sync")


def _renumber_collisions(
    office: Office, git: Git, tracking: str, operator: str
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Cases both sides registered under the same number since they last met: the local one takes
    the next free number (file, 编号, 文号, sub-cases' 上级事项), in one commit 重新编号 …."""
    base = git.merge_base("HEAD", tracking)
    mine = git.added_paths(base, "HEAD", "cases")
    theirs = git.added_paths(base, tracking, "cases")
    collisions = sorted(p for p in mine & theirs if git.blob_id("HEAD", p) != git.blob_id(tracking, p))
    if not collisions:
        return [], []
    config = office.config
    taken: dict[int, int] = {}
    remote = [path.rsplit("/", 1)[-1].removesuffix(".yaml") for path in git.files_at(tracking, "cases")]
    retired: list[str] = []
    for year in {int(name[:4]) for name in [*remote, *office.case_ids()] if ID_PATTERN.match(name)}:
        retired += (git.text_at(tracking, office.retired_path(year)) or "").split()
        retired += [f"{year:04d}-{n:04d}" for n in office.retired(year)]
    for name in [*remote, *office.case_ids(), *retired]:
        match = ID_PATTERN.match(name)
        if match:
            year, serial = int(match[1]), int(match[2])
            taken[year] = max(taken.get(year, 0), serial)
    moves: dict[str, str] = {}
    for rel in collisions:
        old = rel.rsplit("/", 1)[-1].removesuffix(".yaml")
        year = int(old[:4])
        taken[year] += 1
        moves[old] = make_id(year, taken[year])
    # Every local new case: renumbered, or a sub-case whose parent was (even when it was renumbered
    # itself), so that a child never ends up under another clerk's case.
    writes: list[tuple[str, str | None]] = []
    renumbered: list[tuple[str, str, str]] = []
    for rel in sorted(mine):
        case = office.read_case(rel.rsplit("/", 1)[-1].removesuffix(".yaml"))
        new_id = moves.get(case.id, case.id)
        parent = moves.get(case.parent, case.parent) if case.parent else None
        if new_id == case.id and parent == case.parent:
            continue
        number = config.doc_number(int(new_id[:4]), int(new_id[5:])) if new_id != case.id else case.doc_number
        changed = replace(case, id=new_id, doc_number=number, parent=parent)
        if new_id != case.id:
            writes += [(rel, None), (case_path(new_id), office.render_case(changed, like=case.id))]
            renumbered.append((case.id, new_id, number))
        else:
            writes.append((rel, office.render_case(changed)))
    body = "\n".join(f"{old} → {new}（{number}）" for old, new, number in renumbered)
    message = CommitMessage("重新编号", "", "", body=body, batch=tuple(new for _, new, _ in renumbered))
    commit_files(office, git, writes, message, operator)
    reissue = []
    out = office.root / "out"
    if out.is_dir():
        olds = {old for old, _, _ in renumbered}
        for document in sorted(out.rglob("*")):
            if document.is_file() and any(old in document.name for old in olds):
                reissue.append(str(document.relative_to(office.root)))
    return renumbered, reissue
