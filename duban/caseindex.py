"""The index of an office's case files, in the office's SQLite database (duban/indexdb.py): every
reading command asks it its own question, so that an office of years of cases is answered at the
cost of the question, not of the office's size.

Per case file it keeps a row: the file's identity (mtime, ctime, size, inode), the columns the
questions filter and sort on (number, status, parent, units, leader, source kind, the dates that
place the case in time, whether the morning check looks at it), the events (day, action, unit,
document number), the text `--search` looks in (an FTS5 trigram index, which finds Chinese
substrings of three characters and more; shorter ones are looked for in the same text) and the
parsed file itself, which a command loads only for the cases it prints or counts.

Which files changed since the index was written is asked of git, whose own check of the work tree
runs in C while Python starts: the files git reports modified, staged, untracked or ignored, the
files git is told not to look at (assume-unchanged, skip-worktree: looked at every time), those
changed between the commit the index was built at and HEAD, and the files added to or removed
from a year's folder (its mtime). git is asked with its own settings that would hide an edit
overridden (core.checkStat, core.trustctime, core.fsmonitor, core.untrackedCache). Each such file is
stat'ed and read again when its identity changed: an edit in place, a rename, an addition, a
deletion, an edit with its mtime put back (ctime still moves) — none gives a stale answer. Without
git (a copy of an office), every file is stat'ed instead.

The database is never the truth: missing, unreadable or of another version, it is built again
from the files, in one process per core. A command reads it in one snapshot (a read transaction
held until the command writes or ends), so that another clerk's command writing the index at the
same moment never shows it half an update."""

from __future__ import annotations

import datetime as dt
import marshal
import os
import pickle
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from duban import indexdb
from duban.model import id_order
from duban.records import NamedTuple
from duban.whereis import CASES_DIR, Identity, identity

if TYPE_CHECKING:
    from duban.store import CaseFile

RACY_NS = 2_000_000_000  # a file changed this recently is read again (coarse clocks tick in seconds)
RACY = b"racy"  # the identity a racy file is remembered under: never equal to a file's
INDEX_VERSION = 12  # bump when the tables or what a row holds change
TABLES = ("files", "units", "events", "texts")
SCHEMA = """
create table files(
    rel text primary key,
    ord integer not null,          -- the case-number order (year, serial)
    ident blob not null,           -- the file's identity when it was read
    case_id text not null,         -- '' for a file that cannot be read
    status text not null,
    parent text not null,
    print text not null,           -- the import fingerprint of the row or decision it came from
    problem text not null,         -- the file's first problem, '' when it can be counted
    assigned integer not null,     -- ordinals, 0 when none
    ended integer not null,
    horizon integer not null,
    active integer not null,       -- whether the morning check looks at it
    kind text not null,
    leader text not null,
    data blob not null             -- the pickled CaseFile
);
create index files_ord on files(ord);
create index files_status on files(status, ord);
create index files_parent on files(parent) where parent != '';
create index files_active on files(active) where active = 1;
create index files_print on files(print) where print != '';
create table units(rel text not null, unit text not null);
create index units_unit on units(unit);
create index units_rel on units(rel);
create table events(rel text not null, day integer not null, action text not null, unit text not null,
                    number text not null);
create index events_rel on events(rel);
create index events_number on events(action, number) where number != '';
"""
FTS = "create virtual table texts using fts5(body, tokenize='trigram')"
PLAIN_TEXTS = "create table texts(rowid integer primary key, body text not null)"
COLUMNS = (
    "rel, ord, ident, case_id, status, parent, print, problem, assigned, ended, horizon, active, kind, leader, data"
)

# The case-number order; files whose names are not case numbers share one `ord` and come after,
# by name without ".yaml" (as model.id_order sorts them), whatever their year folder.
ORDER = "ord, substr(rel, instr(substr(rel, 7), '/') + 7, length(rel) - instr(substr(rel, 7), '/') - 11), rel"

# Counts the parsed files loaded from the index in this process; tests use it to prove that a
# question loads only the cases it prints or counts.
load_count = 0


class Where(NamedTuple):
    """A question's condition on the files' rows, in SQL with its parameters."""

    sql: str
    params: tuple[Any, ...] = ()


class Row(NamedTuple):
    """What the index keeps of one read file, but its identity."""

    case_id: str
    status: str
    parent: str
    print: str
    problem: str
    assigned: int
    ended: int
    horizon: int
    active: int
    kind: str
    leader: str
    data: bytes  # the pickled CaseFile
    units: tuple[str, ...]
    events: tuple[tuple[int, str, str, str], ...]  # (day, action, unit, document number)
    text: str  # what --search looks in: title, content, source


def row_of(parsed: CaseFile) -> Row:
    """The row of one read file (in a worker process when many are read at once)."""
    from duban.assessment import active_on

    data = pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL)
    case = parsed.case
    problem = str(parsed.problems[0]) if parsed.problems else ""
    if case is None:
        return Row("", "", "", "", problem or f"{parsed.path}: 无法读取", 0, 0, 0, 0, "", "", data, (), (), "")
    ended = next((e.date for e in reversed(case.events) if e.action in ("办结", "终止")), None)
    events = tuple(
        (e.date.toordinal(), e.action, str(e.get("单位") or ""), str(e.get("文号") or "")) for e in case.events
    )
    return Row(
        case.id,
        case.status,
        case.parent or "",
        str(case.events[0].get("导入指纹") or "") if case.events else "",
        problem,
        case.assigned.toordinal() if case.assigned else 0,
        ended.toordinal() if ended else 0,
        _horizon(case).toordinal(),
        1 if active_on(case) and not problem else 0,
        case.source.kind,
        case.leader,  # every leader, 王建国、李红: `instr` finds any of them
        data,
        tuple(dict.fromkeys(case.lead_units + case.co_units)),
        events,
        "\n".join(searchable(case)),
    )


def _horizon(case: Any) -> dt.date:
    """The latest date the case names: registration, each event and every date an event records
    (a deadline, an extension, a rectification), and the deadline."""
    latest: dt.date = case.registered
    if case.deadline and case.deadline > latest:
        latest = case.deadline
    for event in case.events:
        if event.date > latest:
            latest = event.date
        for _, value in event.extra:
            if isinstance(value, dt.date) and value > latest:
                latest = value
    return latest


# -- the questions ----------------------------------------------------------------------------------


def ended_after(day: dt.date) -> Where:
    """Cases assigned by `day` and closed or terminated after it: open on that day, though not now
    (the morning check of a past day, --as-of, must see them as show and list do)."""
    last = day.toordinal()
    return Where("case_id != '' and assigned > 0 and assigned <= ? and ended > ?", (last, last))


def in_period(start: dt.date, as_of: dt.date, declined: bool = False) -> Where:
    """Which cases a period's figures can count: assigned by as_of, and open then or naming a date
    near or after the period's start (a date rolled past a holiday moves at most a few weeks; a
    month is allowed). The others add nothing to the period, so they are not read. With `declined`,
    also the cases a lead unit's 退办 sent back to 待交办 (a late 退办 counts in the assessment)."""
    first = start.toordinal() - 31
    sql = "case_id != '' and assigned > 0 and assigned <= ? and (ended = 0 or horizon >= ?)"
    if not declined:
        return Where(sql, (as_of.toordinal(), first))
    pending = "case_id != '' and assigned = 0 and ended = 0 and rel in (select rel from events where action = '退办')"
    return Where(f"({sql}) or ({pending})", (as_of.toordinal(), first))


def with_status(*statuses: str) -> Where:
    return Where(f"status in ({', '.join('?' * len(statuses))})", statuses)


def searchable(case: Any) -> tuple[str, ...]:
    """The texts --search looks in: title, content, the source's reference, and a suggestion's
    session, number and deputies."""
    source = case.source
    return (case.title, case.content, source.ref, source.session, source.number, source.proposer, *source.cosigners)


def matching(
    status: str | None = None,
    year: int | None = None,
    unit: str | None = None,
    kind: str | None = None,
    leader: str | None = None,
    text: str | None = None,
    fts: bool = True,
) -> Where:
    """The rows a list's filters can pass: a superset, which the caller tests on the cases again
    (a reader outside a 知情范围 must not find a case by its hidden title)."""
    parts: list[str] = []
    params: list[Any] = []
    if status == "在办":
        parts.append("active = 1")
    elif status:
        parts.append("status = ?")
        params.append(status)
    if year:  # as the list tests it: 0 is no year
        parts.append("ord >= ? and ord < ?")
        params += [year * 100_000, (year + 1) * 100_000]
    if unit:
        parts.append("rel in (select rel from units where unit = ?)")
        params.append(unit)
    if kind:
        parts.append("kind = ?")
        params.append(kind)
    if leader:
        parts.append("instr(leader, ?) > 0")
        params.append(leader)
    if text:
        if fts and len(text) >= 3:
            parts.append("rowid in (select rowid from texts where texts match ?)")
            params.append('"' + text.replace('"', '""') + '"')
        else:
            parts.append("rowid in (select rowid from texts where instr(body, ?) > 0)")
            params.append(text)
    return Where(" and ".join(parts) or "1", tuple(params))


class Index:
    """The index as one command sees it: one snapshot of the database."""

    def __init__(self, conn: sqlite3.Connection, fts: bool) -> None:
        self.conn = conn
        self.fts = fts
        self.blind: dict[str, str] = {}  # case files git does not vouch for -> why (see audit/probe.py)

    def close(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("rollback")
        self.conn.close()

    def _scalar(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    @property
    def problems(self) -> list[str]:
        """The first problem of each file that cannot be counted, in case-number order."""
        rows = self.conn.execute(f"select problem from files where problem != '' order by {ORDER}")
        return [_fs(r[0]) for r in rows]

    @property
    def last_ended(self) -> int:
        """The latest day (ordinal) a case was closed or terminated."""
        return int(self._scalar("select max(ended) from files") or 0)

    def count(self) -> int:
        return int(self._scalar("select count(*) from files"))

    def rels(self) -> list[str]:
        return [_fs(r[0]) for r in self.conn.execute(f"select rel from files order by {ORDER}")]

    def children(self, case_id: str) -> list[tuple[str, str]]:
        rows = self.conn.execute("select case_id, status from files where parent = ? and case_id != ''", (case_id,))
        return sorted(((r[0], r[1]) for r in rows), key=lambda child: id_order(child[0]))

    def outline(self) -> list[tuple[str, str, str | None]]:
        rows = self.conn.execute(f"select case_id, status, parent from files where case_id != '' order by {ORDER}")
        return [(r[0], r[1], r[2] or None) for r in rows]

    def fingerprints(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        rows = self.conn.execute("select print, case_id from files where print != '' and case_id != '' order by ord")
        for fingerprint, case_id in rows:
            found.setdefault(fingerprint, []).append(case_id)
        return found

    def ids(self) -> set[str]:
        return {r[0] for r in self.conn.execute("select case_id from files where case_id != ''")}

    def numbers(self, action: str) -> list[tuple[str, int, str]]:
        """(document number, day, case id) of every event of this kind that carries a number."""
        rows = self.conn.execute(
            "select e.number, e.day, f.case_id from events e join files f on f.rel = e.rel "
            "where e.action = ? and e.number != '' order by f.ord, e.rowid",
            (action,),
        )
        return [(r[0], r[1], r[2]) for r in rows]

    def files(self, where: Where | None = None, batch: int = 500) -> Iterator[CaseFile]:
        """The parsed files whose rows pass `where`, in case-number order, a few hundred at a time."""
        sql = "select data from files" + (f" where {where.sql}" if where else "") + f" order by {ORDER}"
        global load_count
        cursor = self.conn.execute(sql, where.params if where else ())
        loads = pickle.loads
        while chunk := cursor.fetchmany(batch):
            load_count += len(chunk)
            for (data,) in chunk:
                yield loads(data)

    def active(self) -> list[CaseFile]:
        return list(self.files(Where("active = 1")))

    def file(self, rel: str) -> CaseFile | None:
        global load_count
        data = self._scalar("select data from files where rel = ?", (rel,))
        if data is None:
            return None
        load_count += 1
        found: CaseFile = pickle.loads(data)
        return found


# -- bringing it up to date --------------------------------------------------------------------------

_early: dict[str, Any] = {}


def start_early(root: Path) -> None:
    """Start git's check of the work tree now, for the first refresh of this office in this process
    to use: the command line does this before it imports typer, so that git's 10–15 ms run while
    Python loads. Only read-only commands may (a write before the refresh would not be seen)."""
    from duban.audit.probe import StatusProbe

    if (root / ".git").exists():
        _early[str(root.resolve())] = StatusProbe.start(root, CASES_DIR)


Reader = Callable[[list[str]], Iterable[Row]]


def refresh(root: Path, key: str, read: Reader, local_dir: Path) -> Index:
    """The index brought up to date with the files on disk, reading only what changed, and held
    in one snapshot for the command."""
    from duban.audit.probe import StatusProbe

    probe = _early.pop(str(root.resolve()), None) if _early else None
    if os.path.islink(root / CASES_DIR):  # git keeps the link, never looks behind it: no git
        if probe is not None:
            probe.abandon()
        probe = None
    elif probe is None:
        probe = StatusProbe.start(root, CASES_DIR) if (root / ".git").exists() else None
    index = _refresh_somewhere(root, f"{key}/index{INDEX_VERSION}", read, local_dir, probe)
    if probe is not None:
        index.blind = {rel: why for rel, why in probe.blind.items() if _is_case_path(rel)}
    return index


def _refresh_somewhere(root: Path, tag: str, read: Reader, local_dir: Path, probe: Any) -> Index:
    try:
        conn = indexdb.connect(local_dir)
    except (sqlite3.Error, OSError):
        conn = None
    if conn is not None:
        try:
            return _refresh(conn, root, tag, read, probe)
        except sqlite3.DatabaseError as error:
            conn.close()
            if isinstance(error, sqlite3.OperationalError) and ("locked" in str(error) or "readonly" in str(error)):
                pass  # another process holds it too long, or a read-only office: answered in memory
            else:
                indexdb.discard(local_dir)  # not a database after all: built again
                try:
                    return _refresh(indexdb.connect(local_dir), root, tag, read, probe)
                except (sqlite3.Error, OSError):
                    pass
    # A read-only office, or a database that cannot be written: the index is built in memory.
    return _refresh(indexdb.memory(), root, tag, read, probe)


def _state(conn: sqlite3.Connection) -> tuple[Any, ...]:
    rows = dict(conn.execute("select key, value from meta where key like 'case.%'").fetchall())
    try:
        return (
            rows.get("case.tag"),
            rows.get("case.head"),
            marshal.loads(rows["case.dirs"]) if "case.dirs" in rows else None,
            marshal.loads(rows["case.changed"]) if "case.changed" in rows else None,
            bool(rows.get("case.fts")),
        )
    except (ValueError, EOFError, TypeError):
        return (None, None, None, None, False)


def _refresh(conn: sqlite3.Connection, root: Path, tag: str, read: Reader, probe: Any) -> Index:
    dirs_now = _year_dirs(root)
    conn.execute("begin")
    stored = _state(conn)
    since = stored[1] if stored[0] == tag else None
    answer = probe.finish(since) if probe is not None else None
    whole = False  # git answers, but not from the index's HEAD ("" without git, a rewritten history)
    if answer is None and probe is not None and since is not None:
        answer = probe.finish(None)
        whole = answer is not None
    if stored[0] == tag and answer is not None and not whole and _unchanged(conn, root, stored, answer, dirs_now):
        return Index(conn, stored[4])  # the read transaction stays open: one snapshot
    conn.execute("rollback")
    conn.execute("begin immediate")  # one writer at a time; another command's refresh is waited for
    try:
        stored = _state(conn)
        if stored[0] != tag:
            fts = _create(conn)
            stored = (None, None, None, None, fts)
        elif answer is not None and stored[1] != since and probe is not None:
            # Another command moved the index while this one waited: ask git again from there.
            again = _ask_again(root, stored[1])
            answer = again
        elif whole:
            stored = (stored[0], None, *stored[2:])  # every file looked at, and git's HEAD kept
        head = _update(conn, root, stored, answer, dirs_now, read)
        indexdb.set_meta(conn, "case.tag", tag)
        indexdb.set_meta(conn, "case.fts", 1 if stored[4] else 0)
        indexdb.set_meta(conn, "case.head", head)
        indexdb.set_meta(conn, "case.dirs", marshal.dumps(dirs_now))
        conn.execute("commit")
    except BaseException:
        if conn.in_transaction:
            conn.execute("rollback")
        raise
    conn.execute("begin")
    return Index(conn, bool(stored[4]))


def _ask_again(root: Path, since: str | None) -> tuple[str, set[str], set[str]] | None:
    from duban.audit.probe import StatusProbe

    probe = StatusProbe.start(root, CASES_DIR)
    return probe.finish(since) if probe is not None else None


def _create(conn: sqlite3.Connection) -> bool:
    """The case tables made anew (another version's dropped); whether full text has FTS5."""
    for table in TABLES:
        conn.execute(f"drop table if exists {table}")
    conn.execute("delete from meta where key like 'case.%'")
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    try:
        conn.execute(FTS)
        return True
    except sqlite3.OperationalError:
        conn.execute(PLAIN_TEXTS)  # an SQLite without FTS5 or its trigram tokenizer
        return False


def _unchanged(
    conn: sqlite3.Connection, root: Path, stored: tuple[Any, ...], answer: tuple[str, set[str], set[str]], dirs: Any
) -> bool:
    """Whether nothing under cases/ changed since the index was written: the same HEAD, no commit
    between, the same year folders, and every file git calls changed (now or then) still the file
    it was."""
    head, dirty, committed = answer
    if head != stored[1] or committed or dirs != stored[2] or stored[3] is None:
        return False
    known: dict[str, Any] = stored[3]
    if any(rel not in known for rel in dirty if _is_case_path(rel)):
        return False
    return all(_ident_bytes(identity(root / rel)) == ident for rel, ident in known.items())


def _ident_bytes(ident: Identity | None) -> bytes | None:
    return marshal.dumps(ident) if ident is not None else None


def _idents(conn: sqlite3.Connection, rels: Iterable[str] | None = None) -> dict[str, bytes]:
    if rels is None:
        return {_fs(rel): ident for rel, ident in conn.execute("select rel, ident from files")}
    found: dict[str, bytes] = {}
    wanted = [_db(rel) for rel in rels]
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        sql = f"select rel, ident from files where rel in ({', '.join('?' * len(chunk))})"
        found.update((_fs(rel), ident) for rel, ident in conn.execute(sql, chunk))
    return found


def _update(
    conn: sqlite3.Connection,
    root: Path,
    stored: tuple[Any, ...],
    answer: tuple[str, set[str], set[str]] | None,
    dirs_now: dict[str, Any],
    read: Reader,
) -> str:
    """Rows written for the files that changed and deleted for those gone; returns HEAD."""
    started = time.time_ns()
    identities: dict[str, Identity] = {}
    if stored[1] is None or answer is None or stored[2] is None:
        # No index yet, no git, or history git cannot compare: every file is looked at.
        current = _full_listing(root)
        known = _idents(conn)
        removed = set(known) - set(current)
        stale = [rel for rel, ident in current.items() if known.get(rel) != _ident_bytes(ident)]
        identities = current
        head, dirty = (answer[0], answer[1]) if answer is not None else ("", set())
    else:
        head, dirty, committed = answer
        candidates = {rel for rel in set(dirty) | set(stored[3]) | committed if _is_case_path(rel)}
        removed = set()
        known_dirs: dict[str, Any] = stored[2]
        for year in set(dirs_now) | set(known_dirs):
            if dirs_now.get(year) != known_dirs.get(year):
                names = _names_in(root, year)
                prefix = f"{CASES_DIR}/{year}/"
                rows = conn.execute("select rel from files where rel >= ? and rel < ?", (prefix, prefix[:-1] + "0"))
                in_index = {_fs(r[0]) for r in rows}
                candidates |= names - in_index
                removed |= in_index - names
        for rel in candidates:
            ident = identity(root / rel)
            if ident is None:
                removed.add(rel)
            else:
                identities[rel] = ident
        known = _idents(conn, identities)
        stale = [rel for rel, ident in identities.items() if known.get(rel) != _ident_bytes(ident)]
    stale.sort(key=_order)
    # A file changed within the last moments may change again within the same tick of the file
    # system's clock, keeping its identity (git's "racily clean" entries): its row is kept under no
    # identity, and it is read again by the commands that follow until its times are old enough.
    racy = {rel for rel in stale if max(identities[rel][0], identities[rel][1]) >= started - RACY_NS}
    _delete(conn, removed | set(stale))
    _insert(
        conn,
        (
            (rel, b"" if rel in racy else _ident_bytes(identities[rel]) or b"", row)
            for rel, row in zip(stale, read(stale), strict=True)
        ),
    )
    # The files git calls changed, each with the identity it had when it was looked at (before it
    # was read: a file that changes while it is read is read again next time), None when gone;
    # and the racy ones, under an identity no file has.
    changed = {rel: _ident_bytes(identities.get(rel)) for rel in dirty if _is_case_path(rel)}
    changed.update(dict.fromkeys(racy, RACY))
    indexdb.set_meta(conn, "case.changed", marshal.dumps(changed))
    return head


def _delete(conn: sqlite3.Connection, rels: set[str]) -> None:
    if not rels:
        return
    wanted = sorted(_db(rel) for rel in rels)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        conn.execute(f"delete from texts where rowid in (select rowid from files where rel in ({marks}))", chunk)
        conn.execute(f"delete from units where rel in ({marks})", chunk)
        conn.execute(f"delete from events where rel in ({marks})", chunk)
        conn.execute(f"delete from files where rel in ({marks})", chunk)


def _insert(conn: sqlite3.Connection, rows: Iterable[tuple[str, bytes, Row]], batch: int = 500) -> None:
    """Rows written a few hundred at a time, as they come (from worker processes, while they
    parse the next ones); each file's rowid is given here, so that its text shares it."""
    rowid = int(conn.execute("select coalesce(max(rowid), 0) from files").fetchone()[0])
    files: list[tuple[Any, ...]] = []
    texts: list[tuple[int, str]] = []
    units: list[tuple[str, str]] = []
    events: list[tuple[Any, ...]] = []

    def flush() -> None:
        conn.executemany(f"insert into files(rowid, {COLUMNS}) values ({', '.join('?' * 16)})", files)
        conn.executemany("insert into texts(rowid, body) values (?, ?)", texts)
        conn.executemany("insert into units(rel, unit) values (?, ?)", units)
        conn.executemany("insert into events(rel, day, action, unit, number) values (?, ?, ?, ?, ?)", events)
        for pending in (files, texts, units, events):
            pending.clear()

    for name, ident, row in rows:
        rowid += 1
        serial = _order(name)
        rel = _db(name)
        files.append((rowid, rel, serial[0] * 100_000 + serial[1], ident, *row[:4], _db(row.problem), *row[5:12]))
        texts.append((rowid, row.text))
        units += [(rel, unit) for unit in row.units]
        events += [(rel, *event) for event in row.events]
        if len(files) >= batch:
            flush()
    flush()


def _year_dirs(root: Path) -> dict[str, tuple[int, int]]:
    out = {}
    try:
        with os.scandir(root / CASES_DIR) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False) and not entry.name.startswith("."):
                    stat = entry.stat(follow_symlinks=False)
                    out[entry.name] = (stat.st_mtime_ns, stat.st_ino)
    except FileNotFoundError:
        pass
    return out


def _names_in(root: Path, year: str) -> set[str]:
    try:
        with os.scandir(root / CASES_DIR / year) as entries:
            return {
                f"{CASES_DIR}/{year}/{e.name}"
                for e in entries
                if e.name.endswith(".yaml") and not e.name.startswith(".")
            }
    except FileNotFoundError:
        return set()


def _full_listing(root: Path) -> dict[str, Identity]:
    out: dict[str, Identity] = {}
    for year in sorted(_year_dirs(root)):
        for rel in _names_in(root, year):
            ident = identity(root / rel)
            if ident is not None:
                out[rel] = ident
    return out


# A file name that is not UTF-8 is read by os with its bytes as lone surrogates, which SQLite cannot
# take: in the database they stand as characters of a private use plane, and are turned back.
_TO_DB = {0xDC80 + i: 0xF0080 + i for i in range(128)}
_TO_FS = {value: key for key, value in _TO_DB.items()}


def _db(rel: str) -> str:
    return rel if rel.isascii() else rel.translate(_TO_DB)


def _fs(rel: str) -> str:
    return rel if rel.isascii() else rel.translate(_TO_FS)


def _order(rel: str) -> tuple[int, int, str]:
    return id_order(rel.rsplit("/", 1)[-1].removesuffix(".yaml"))


def _is_case_path(rel: str) -> bool:
    """cases/<year>/<name>.yaml, as the store lists them (a misnamed file too: check names it)."""
    parts = rel.split("/")
    return (
        len(parts) == 3
        and parts[0] == CASES_DIR
        and not parts[1].startswith(".")  # a hidden folder is no year's (_year_dirs)
        and parts[2].endswith(".yaml")
        and not parts[2].startswith(".")
    )
