"""The index of the office's commits, kept in the office's SQLite database (indexdb.py): for each
commit of HEAD's history its author, date, Duban-Action, subject, the cases its Duban-Case trailers
name, what a 重新编号 renumbered and every file it touched. `log` and `undo` ask it instead of
walking the history with git.

It is brought up to HEAD before each use: the commits since the last indexed one are read with one
`git log` (a fresh clone's whole history likewise, once). When the last indexed commit is no longer
in HEAD's history (a reset, a rewritten history, another branch checked out) the index is built
again; so it always holds exactly the commits HEAD reaches. A database that cannot be used (a
read-only office, another process's long write) gives way to an index built in memory for the one
command: slower, never a wrong answer.

Tables (all `history_`, beside the other indexes of the same database):
- history_commits: seq (parents before children), sha, parents, author, date, action, subject, undoes
- history_cases: the case ids a commit names, in their trailers' order
- history_paths: every path a commit changed against its parent (a merge: the paths that differ
  from all its parents, as `git log -c` names them), with git's status letter(s)
- history_renames: a 重新编号 commit's old and new numbers ("old → new（文号）" in its body)
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from duban import indexdb
from duban.audit.git import Git, _failure
from duban.records import NamedTuple

VERSION = 1
META_VERSION = "history.version"
META_HEAD = "history.head"

_TABLES = {
    "history_commits": "seq integer primary key, sha text not null unique, parents text not null, "
    "author text not null, date text not null, action text, subject text not null, undoes text",
    "history_cases": "seq integer not null, pos integer not null, case_id text not null, primary key (seq, pos)",
    "history_paths": "path text not null, seq integer not null, status text not null, before text, after text, "
    "primary key (path, seq)",
    "history_renames": "seq integer not null, old text not null, new text not null",
}
_INDEXES = (
    "create index if not exists history_cases_id on history_cases(case_id)",
    "create index if not exists history_paths_seq on history_paths(seq)",
    "create index if not exists history_renames_seq on history_renames(seq)",
    "create index if not exists history_merges on history_commits(seq) where instr(parents, ' ') > 0",
)

_MARK = "\x01duban-commit"
_FORMAT = "--format=" + _MARK.replace("\x01", "%x01") + "%x00%H%x00%P%x00%an%x00%ad%x00%B%x00"
_MOVED = re.compile(r"^(\d{4}-\d{4,5}) → (\d{4}-\d{4,5})（", re.MULTILINE)
RENUMBER_ACTION = "重新编号"
_NONE = "0" * 64  # git's id of no file (40 digits, 64 with SHA-256)
T = TypeVar("T")


class Commit(NamedTuple):
    seq: int
    sha: str
    parents: tuple[str, ...]
    author: str
    date: str  # the author's date in the author's time zone, "YYYY-MM-DD HH:MM"
    action: str | None
    subject: str
    undoes: str | None


class _Read(NamedTuple):
    sha: str
    parents: tuple[str, ...]
    author: str
    date: str
    message: str
    paths: list[tuple[str, str, str | None, str | None]]  # (status, path, blob before, blob after)


def trailer(message: str, key: str) -> str | None:
    """A trailer's last value in a message (None when it has none)."""
    for line in reversed(message.strip().splitlines()):
        if line.startswith(f"{key}: "):
            return line[len(key) + 2 :].strip()
    return None


def trailers(message: str, key: str) -> list[str]:
    """Every value of a trailer, in order (a batch names each of its cases)."""
    return [line[len(key) + 2 :].strip() for line in message.strip().splitlines() if line.startswith(f"{key}: ")]


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


_LOG_ARGS = (
    "-c", "core.quotePath=false", "log", "--no-color", "--no-renames", "--no-show-signature", "--no-mailmap",
    "-c", "--raw", "--no-abbrev", "-z", "--date=format:%Y-%m-%d %H:%M", _FORMAT,
)  # fmt: skip


# git maps its packs into memory whole by default: a history of 250,000 commits (a pack of 800 MB)
# made the whole-history read 1.2 GB resident; in windows of 16 MB it is a fifth of that.
_BOUNDED = ("-c", "core.packedGitWindowSize=16m", "-c", "core.packedGitLimit=64m", "-c", "core.deltaBaseCacheLimit=16m")


def read_log(git: Git, revisions: Sequence[str], *, unknown_ok: bool = False) -> list[_Read] | None:
    """The commits of revisions in git's order (newest first), with the files each
    changed. With unknown_ok, None when git refuses the revisions (a commit gone with a rewritten
    history: git says so in the reader's language, so any refusal counts); a git killed is an error."""
    code, out, err = git.read_bytes([*_LOG_ARGS, *revisions, "--"])
    if code != 0:
        if code > 0 and unknown_ok:
            return None
        raise _failure(code, "", err)
    return list(_parse(iter(out.split(b"\0"))))


def stream_log(git: Git, head: str) -> Iterator[_Read]:
    """Every commit head reaches, parents first (git's --topo-order reversed), read as git writes
    them: the whole history of a fresh clone is indexed without holding it."""

    def tokens() -> Iterator[bytes]:
        rest = b""
        for chunk in git.stream_bytes([*_BOUNDED, *_LOG_ARGS, "--reverse", "--topo-order", head, "--"]):
            parts = (rest + chunk).split(b"\0")
            rest = parts.pop()
            yield from parts
        if rest:
            yield rest

    return _parse(tokens())


def _parse(tokens: Iterator[bytes]) -> Iterator[_Read]:
    mark = _MARK.encode()
    current: _Read | None = None
    for raw in tokens:
        token = raw.lstrip(b"\n")
        if not token:
            continue
        if token == mark:
            if current is not None:
                yield current
            fields = [next(tokens, None) for _ in range(5)]
            if any(field is None for field in fields):
                raise _failure(1, "", "git log 的输出不完整")
            sha, parents, author, date, message = (_decode(t) for t in fields if t is not None)
            current = _Read(sha, tuple(parents.split()), author, date, message, [])
            continue
        path = next(tokens, None)
        if current is None or path is None or not token.startswith(b":"):
            raise _failure(1, "", "git log 的输出无法识别")
        # ":old-mode new-mode old new M" (a merge: "::" and a mode and blob for each parent)
        depth = len(token) - len(token.lstrip(b":"))
        fields_ = token[depth:].decode("ascii").split()
        blobs = [None if oid == _NONE[: len(oid)] else oid for oid in fields_[depth + 1 : 2 * depth + 2]]
        current.paths.append((fields_[-1], _decode(path), blobs[0], blobs[-1]))
    if current is not None:
        yield current


def _connect(local_dir: Path | None) -> sqlite3.Connection:
    if local_dir is not None:
        with contextlib.suppress(sqlite3.OperationalError, OSError):
            return indexdb.connect(local_dir)
    return indexdb.memory()


def _create(conn: sqlite3.Connection) -> None:
    if indexdb.meta(conn, META_VERSION) != VERSION:
        for table in _TABLES:
            conn.execute(f"drop table if exists {table}")
        indexdb.set_meta(conn, META_HEAD, None)
    for table, columns in _TABLES.items():
        conn.execute(f"create table if not exists {table}({columns})")
    for statement in _INDEXES:
        conn.execute(statement)
    indexdb.set_meta(conn, META_VERSION, VERSION)


def _clear(conn: sqlite3.Connection) -> None:
    for table in _TABLES:
        conn.execute(f"delete from {table}")


def _parents_first(commits: list[_Read]) -> list[_Read]:
    """git's order reversed, each commit after those of its parents that are among them (git's
    --date-order would give it, but walks the whole history to, even for one new commit)."""
    by_sha = {commit.sha: commit for commit in commits}
    done: set[str] = set()
    out: list[_Read] = []
    for first in reversed(commits):
        stack = [(first, False)]
        while stack:
            commit, ready = stack.pop()
            if commit.sha in done:
                continue
            if ready:
                done.add(commit.sha)
                out.append(commit)
                continue
            stack.append((commit, True))
            stack += [(by_sha[p], False) for p in reversed(commit.parents) if p in by_sha and p not in done]
    return out


def _store(conn: sqlite3.Connection, commits: list[_Read]) -> None:
    """Append commits given in git's order: parents get lower seqs than their children."""
    _append(conn, _parents_first(commits))


def _append(conn: sqlite3.Connection, commits: Iterable[_Read], batch: int = 2000) -> None:
    """Append commits given parents first, a few thousand at a time."""
    chunk: list[_Read] = []
    for commit in commits:
        chunk.append(commit)
        if len(chunk) >= batch:
            _append_rows(conn, chunk)
            chunk = []
    _append_rows(conn, chunk)


def _append_rows(conn: sqlite3.Connection, commits: list[_Read]) -> None:
    row = conn.execute("select max(seq) from history_commits").fetchone()
    seq = (row[0] or 0) if row else 0
    rows, cases, paths, renames = [], [], [], []
    for commit in commits:
        seq += 1
        message = commit.message
        duban = "Duban-" in message  # a hand commit has no trailers to look for
        action = trailer(message, "Duban-Action") if duban else None
        subject = message.strip().splitlines()[0] if message.strip() else ""
        rows.append((seq, commit.sha, " ".join(commit.parents), commit.author, commit.date, action, subject,
                     trailer(message, "Duban-Undoes") if duban else None))  # fmt: skip
        if duban:
            cases += [(seq, pos, case_id) for pos, case_id in enumerate(trailers(message, "Duban-Case"))]
        paths += [(path, seq, *rest) for path, rest in {p: (s, b, a) for s, p, b, a in commit.paths}.items()]
        if action == RENUMBER_ACTION:
            renames += [(seq, old, new) for old, new in _MOVED.findall(message)]
    conn.executemany("insert into history_commits values (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.executemany("insert into history_cases values (?, ?, ?)", cases)
    conn.executemany("insert into history_paths values (?, ?, ?, ?, ?)", paths)
    conn.executemany("insert into history_renames values (?, ?, ?)", renames)


def _bring_up(conn: sqlite3.Connection, git: Git, head: str | None) -> None:
    """The index made to hold exactly the commits head reaches."""
    old = indexdb.meta(conn, META_HEAD) if indexdb.meta(conn, META_VERSION) == VERSION else None
    if old is not None and old == head:
        return
    new: list[_Read] | None = None
    if head is not None and isinstance(old, str) and old:
        new = read_log(git, [head, f"^{old}"], unknown_ok=True)
        # old is in head's history exactly when it is a parent of a commit head has and old has not.
        if new is not None and not any(old in commit.parents for commit in new):
            new = None
    whole = head is not None and new is None
    with indexdb.transaction(conn):
        _create(conn)
        now = indexdb.meta(conn, META_HEAD)
        if now == head:
            return  # another command brought it up meanwhile
        if now != old and not whole:  # another command moved it elsewhere meanwhile
            whole = True
        if whole or head is None:
            _clear(conn)
        if whole and head is not None:
            _append(conn, stream_log(git, head))  # the whole history, parents first, as git writes it
        else:
            _store(conn, new or [])
        indexdb.set_meta(conn, META_HEAD, head)


def asked(git: Git, local_dir: Path | None, question: Callable[[CommitIndex], T]) -> T:
    """question's answer from the index brought up to HEAD, read in one snapshot. A database that
    turns out broken is discarded and built again once (it is derived from git alone); one that
    another process holds, or that cannot be written, gives way to an index built in memory."""
    head = git.head()
    for attempt in range(2):
        conn = _connect(local_dir)
        try:
            _bring_up(conn, git, head)
            conn.execute("begin")  # one snapshot for every question asked
            if indexdb.meta(conn, META_HEAD) != head:
                break  # another command moved it meanwhile: this one answers from memory
            return question(CommitIndex(conn, head))
        except sqlite3.OperationalError as error:
            text = str(error)
            if attempt == 1 or local_dir is None or any(w in text for w in ("locked", "busy", "readonly")):
                break  # held by another process, or not to be written: answered from memory
            if "malformed" in text:
                indexdb.discard(local_dir)
            else:  # tables not as this version makes them: this index's tables dropped and made again
                with contextlib.suppress(sqlite3.Error):
                    if conn.in_transaction:
                        conn.execute("rollback")
                    indexdb.set_meta(conn, META_VERSION, None)
            continue
        except sqlite3.DatabaseError:
            if attempt == 0 and local_dir is not None:
                indexdb.discard(local_dir)
                continue
            break
        finally:
            conn.close()
    memory = _connect(None)
    try:
        _bring_up(memory, git, head)
        return question(CommitIndex(memory, head))
    finally:
        memory.close()


class CommitIndex:
    """Questions to the index of HEAD's commits."""

    def __init__(self, conn: sqlite3.Connection, head: str | None) -> None:
        self.conn = conn
        self.head = head

    def _commit(self, row: tuple[object, ...]) -> Commit:
        seq, sha, parents, author, date, action, subject, undoes = row
        return Commit(int(str(seq)), str(sha), tuple(str(parents).split()), str(author), str(date),
                      None if action is None else str(action), str(subject),
                      None if undoes is None else str(undoes))  # fmt: skip

    def touching(self, path: str, upto: str | None = None) -> list[tuple[Commit, str | None]]:
        """The commits that changed path, oldest first, each with the path's blob after it (None:
        removed); with upto, only those in upto's history."""
        rows = self.conn.execute(
            "select c.seq, c.sha, c.parents, c.author, c.date, c.action, c.subject, c.undoes, p.after"
            " from history_paths p join history_commits c on c.seq = p.seq where p.path = ? order by p.seq",
            (path,),
        ).fetchall()
        found = [(self._commit(row[:8]), None if row[8] is None else str(row[8])) for row in rows]
        if upto is None or not found:
            return found
        reach = self.ancestors(upto, found[0][0].seq)
        return [item for item in found if item[0].sha in reach]

    def merges_since(self, seq: int, upto: str | None = None) -> bool:
        """Whether a merge commit came after seq (up to upto's seq): where git would follow one side
        of a merge only, the index cannot tell a path's history alone."""
        top = None
        if upto is not None:
            row = self.conn.execute("select seq from history_commits where sha = ?", (upto,)).fetchone()
            top = None if row is None else row[0]
        row = self.conn.execute(
            "select 1 from history_commits where instr(parents, ' ') > 0 and seq > ? and seq <= coalesce(?, seq)"
            " limit 1",
            (seq, top),
        ).fetchone()
        return row is not None

    def blobs(self, commit: Commit) -> list[tuple[str, str | None, str | None]]:
        """Each path the commit changed, in path order, with its blob before and after (None: absent)."""
        rows = self.conn.execute(
            "select path, before, after from history_paths where seq = ? order by path", (commit.seq,)
        )
        return [(str(p), None if b is None else str(b), None if a is None else str(a)) for p, b, a in rows]

    def ancestors(self, sha: str, lowest: int) -> set[str]:
        """The commits of sha's history (sha included) whose seq is at least lowest: parents come
        before their children, so the walk never needs a commit below it."""
        row = self.conn.execute("select seq from history_commits where sha = ?", (sha,)).fetchone()
        if row is None:
            return set()
        graph = {
            str(s): str(p).split()
            for s, p in self.conn.execute(
                "select sha, parents from history_commits where seq between ? and ?", (lowest, row[0])
            )
        }
        seen, todo = {sha}, [sha]
        while todo:
            for parent in graph.get(todo.pop(), ()):
                if parent in graph and parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def renamed_from(self, commit: Commit, case_id: str) -> str | None:
        row = self.conn.execute(
            "select old from history_renames where seq = ? and new = ? order by rowid limit 1", (commit.seq, case_id)
        ).fetchone()
        return None if row is None else str(row[0])

    def newest_first(self, with_action: bool = True) -> Iterator[Commit]:
        """HEAD's commits, newest first (those with a Duban-Action trailer)."""
        where = " where action is not null" if with_action else ""
        for row in self.conn.execute(
            "select seq, sha, parents, author, date, action, subject, undoes from history_commits"
            f"{where} order by seq desc"
        ):
            yield self._commit(row)

    def cases(self, commit: Commit) -> tuple[str, ...]:
        rows = self.conn.execute("select case_id from history_cases where seq = ? order by pos", (commit.seq,))
        return tuple(str(row[0]) for row in rows)
