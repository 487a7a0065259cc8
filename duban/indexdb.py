"""The one SQLite database under .duban/: every index duban keeps (the case files' table and their
full text, the commits that touched each case) lives in it, derived from the office's files and
its git history and never the source of truth. A database that is missing, unreadable or of
another version is dropped and built again; a database another process is writing is waited for
a moment, then left alone (the command answers from the files and does not keep what it read)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

DB_FILE = "index.sqlite3"
BUSY_SECONDS = 10.0


def _open(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("pragma journal_mode=wal")
        conn.execute("pragma synchronous=normal")  # a derived index: a lost last write is rebuilt
        conn.execute("pragma temp_store=memory")
        conn.execute("pragma cache_size=-32000")
        conn.execute("create table if not exists meta(key text primary key, value)")
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return conn


def discard(local_dir: Path) -> None:
    """Remove the database and its write-ahead files: it is built again from the files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.unlink(local_dir / (DB_FILE + suffix))


def connect(local_dir: Path) -> sqlite3.Connection:
    """The database, opened (created if missing); one that is not a database is discarded and made
    anew. Raises sqlite3.OperationalError when it cannot be opened at all (a read-only office)."""
    local_dir.mkdir(exist_ok=True)
    path = local_dir / DB_FILE
    try:
        return _open(path)
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise
        discard(local_dir)
        return _open(path)
    except sqlite3.DatabaseError:
        discard(local_dir)
        return _open(path)


def memory() -> sqlite3.Connection:
    """A database of the same shape in memory, for one command: the office's cannot be opened or
    written (a read-only office, another command holding it too long)."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.execute("create table meta(key text primary key, value)")
    return conn


def meta(conn: sqlite3.Connection, key: str) -> object:
    row = conn.execute("select value from meta where key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, key: str, value: object) -> None:
    conn.execute("insert or replace into meta(key, value) values (?, ?)", (key, value))


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, taken at once (BEGIN IMMEDIATE), committed whole or not at all."""
    conn.execute("begin immediate")
    try:
        yield conn
    except BaseException:
        conn.execute("rollback")
        raise
    conn.execute("commit")
