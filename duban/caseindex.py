"""The index of an office's case files: every reading command starts here, so that an office of
years of cases is answered without reading them all.

Per case file it keeps the file's identity (mtime, ctime, size, inode), the outline (id, status,
parent, import fingerprint, first problem, the dates that place it in time) and, for the cases the
morning check looks at (open, or named in a bulletin and not yet rectified), the whole record.

Which files changed since the index was written is asked of git, whose own check of the work tree
runs in C while Python loads the index: the files git reports modified, staged or untracked, those
it reported last time, those changed between the commit the index was built at and HEAD, and the
files added to or removed from a year's folder (its mtime). Each of those is stat'ed and read again
when its identity changed: an edit in place, a rename, an addition, a deletion, an edit with its
mtime put back (ctime still moves) — none gives a stale answer. Without git (a copy of an office),
every file is stat'ed instead.

It is kept in two files under .duban/: index.marshal holds every file's entry; index-hot.marshal
holds what the morning check needs (the active cases, the problems, the sub-cases of each case)
and what tells whether anything changed (HEAD, the year folders, the entries of the files git
called changed). When nothing changed, a command reads the small file alone."""

from __future__ import annotations

import datetime as dt
import marshal
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from duban import atomic
from duban.model import id_order
from duban.whereis import CASES_DIR, Identity, identity

if TYPE_CHECKING:
    from duban.model import Case
    from duban.store import CaseFile

INDEX_FILE = "index.marshal"  # every file's entry
HOT_FILE = "index-hot.marshal"  # what the morning check needs, and what tells whether anything changed
INDEX_VERSION = 10  # bump when the entries or the small file change

# Positions in an entry.
IDENT, CASE_ID, STATUS, PARENT, PRINT, PROBLEM, ASSIGNED, ENDED, HORIZON, ACTIVE = range(10)


class Index:
    """The index as one command sees it. The entries of every file (rel -> entry, in case-number
    order) are loaded on first use; the open cases, the problems and the sub-cases of each case
    come from the small file, which is all the morning check reads."""

    def __init__(
        self,
        entries: Callable[[], dict[str, tuple[Any, ...]]],
        parsed: dict[str, bytes],
        head: str,
        active: bytes,
        problems: list[str],
        children: dict[str, list[tuple[str, str]]],
        last_ended: int = 0,
    ) -> None:
        self._entries = entries
        self._loaded: dict[str, tuple[Any, ...]] | None = None
        self.parsed = parsed  # the files read again in this refresh: rel -> the pickled CaseFile
        self.head = head
        # The active cases, in case-number order, pickled as one list: the records' classes, dates
        # and repeated names are stored once, and it reads back in half the time of one pickle each.
        self.active = active
        self.problems = problems  # the first problem of each file that cannot be counted
        self.children = children  # parent id -> [(id, status)] of its sub-cases
        # The latest day (ordinal) a case was closed or terminated: a morning check of an earlier
        # day (--as-of) must also read the cases closed since, open on that day.
        self.last_ended = last_ended

    @property
    def entries(self) -> dict[str, tuple[Any, ...]]:
        if self._loaded is None:
            self._loaded = self._entries()
        return self._loaded


def fields_of(parsed: CaseFile) -> tuple[Any, ...]:
    """An entry without its identity: what the index keeps of one read file."""
    from duban.assessment import active_on

    case = parsed.case
    problem = str(parsed.problems[0]) if parsed.problems else ""
    if case is None:
        return ("", "", None, "", problem or f"{parsed.path}: 无法读取", 0, 0, 0, None)
    ended = next((e.date for e in reversed(case.events) if e.action in ("办结", "终止")), None)
    active = pickle.dumps(case, protocol=pickle.HIGHEST_PROTOCOL) if active_on(case) and not problem else None
    return (
        case.id,
        case.status,
        case.parent,
        str(case.events[0].get("导入指纹") or "") if case.events else "",
        problem,
        case.assigned.toordinal() if case.assigned else 0,
        ended.toordinal() if ended else 0,
        _horizon(case).toordinal(),
        active,
    )


def _horizon(case: Case) -> dt.date:
    """The latest date the case names: registration, each event and every date an event records
    (a deadline, an extension, a rectification), and the deadline."""
    latest = case.registered
    if case.deadline and case.deadline > latest:
        latest = case.deadline
    for event in case.events:
        if event.date > latest:
            latest = event.date
        for _, value in event.extra:
            if isinstance(value, dt.date) and value > latest:
                latest = value
    return latest


def active_case(entry: tuple[Any, ...]) -> Case | None:
    data = entry[ACTIVE]
    return pickle.loads(data) if data is not None else None


def ended_after(day: dt.date) -> Callable[[tuple[Any, ...]], bool]:
    """Cases assigned by `day` and closed or terminated after it: open on that day, though not now
    (the morning check of a past day, --as-of, must see them as show and list do)."""
    last = day.toordinal()

    def wanted(entry: tuple[Any, ...]) -> bool:
        return bool(entry[CASE_ID]) and 0 < entry[ASSIGNED] <= last < entry[ENDED]

    return wanted


def in_period(start: dt.date, as_of: dt.date) -> Callable[[tuple[Any, ...]], bool]:
    """Which entries a period's figures can count: assigned by as_of, and open then or naming a
    date near or after the period's start (a date rolled past a holiday moves at most a few
    weeks; a month is allowed). The others add nothing to the period, so they are not read."""
    first = start.toordinal() - 31
    last = as_of.toordinal()

    def wanted(entry: tuple[Any, ...]) -> bool:
        assigned = entry[ASSIGNED]
        return bool(entry[CASE_ID]) and 0 < assigned <= last and (entry[ENDED] == 0 or entry[HORIZON] >= first)

    return wanted


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


def _order(rel: str) -> tuple[int, int, str]:
    return id_order(rel.rsplit("/", 1)[-1].removesuffix(".yaml"))


_early: dict[str, Any] = {}


def start_early(root: Path) -> None:
    """Start git's check of the work tree now, for the first refresh of this office in this process
    to use: the command line does this before it imports typer, so that git's 10–15 ms run while
    Python loads. Only read-only commands may (a write before the refresh would not be seen)."""
    from duban.audit.probe import StatusProbe

    if (root / ".git").exists():
        _early[str(root.resolve())] = StatusProbe.start(root, CASES_DIR)


def refresh(
    root: Path, key: str, read: Callable[[list[str]], list[tuple[tuple[Any, ...], bytes]]], local_dir: Path
) -> Index:
    """The index brought up to date with the files on disk, reading only what changed."""
    from duban.audit.probe import StatusProbe

    probe = _early.pop(str(root.resolve()), None) if _early else None
    if probe is None:
        probe = StatusProbe.start(root, CASES_DIR) if (root / ".git").exists() else None
    tag = f"{key}/index{INDEX_VERSION}"
    hot = _load(local_dir / HOT_FILE, tag, 9)
    dirs_now = _year_dirs(root)
    answer = probe.finish(hot[2] if hot else None) if probe is not None else None
    if hot is not None and answer is not None and _unchanged(root, hot, answer, dirs_now):
        # Nothing changed: the morning check is answered from the small file alone.
        generation = hot[1]

        def entries() -> dict[str, tuple[Any, ...]]:
            full = _load(local_dir / INDEX_FILE, tag, 3)
            if full is not None and full[1] == generation:
                return dict(full[2])
            return _rebuild(root, tag, read, local_dir, None, answer, dirs_now).entries

        return Index(entries, {}, hot[2], hot[5], hot[6], hot[7], hot[8])
    stored: tuple[Any, ...] | None = None
    if hot is not None:
        full = _load(local_dir / INDEX_FILE, tag, 3)
        if full is not None and full[1] == hot[1]:
            stored = (hot[2], hot[3], hot[4], dict(full[2]))
    return _rebuild(root, tag, read, local_dir, stored, answer, dirs_now)


def _load(path: Path, tag: str, length: int) -> tuple[Any, ...] | None:
    try:
        loaded = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if isinstance(loaded, tuple) and len(loaded) == length and loaded[0] == tag:
        return loaded
    return None  # another version's, or not an index at all: built again, never trusted


def _unchanged(root: Path, hot: tuple[Any, ...], answer: tuple[str, set[str], set[str]], dirs: dict[str, Any]) -> bool:
    """Whether nothing under cases/ changed since the small file was written: the same HEAD, no
    commit between, the same year folders, and every file git calls changed (now or then) still
    the file it was."""
    head, dirty, committed = answer
    if head != hot[2] or committed or dirs != hot[3]:
        return False
    known: dict[str, Any] = hot[4]
    if any(rel not in known for rel in dirty if _is_case_path(rel)):
        return False
    return all(identity(root / rel) == (entry[IDENT] if entry else None) for rel, entry in known.items())


def _rebuild(
    root: Path,
    tag: str,
    read: Callable[[list[str]], list[tuple[tuple[Any, ...], bytes]]],
    local_dir: Path,
    stored: tuple[Any, ...] | None,  # (head, year folders, changed files' entries, entries) as last written
    answer: tuple[str, set[str], set[str]] | None,
    dirs_now: dict[str, Any],
) -> Index:
    entries: dict[str, tuple[Any, ...]] = stored[3] if stored else {}
    if stored is None or answer is None:
        # No index yet, no git, or history git cannot compare: every file is looked at.
        current = _full_listing(root)
        candidates = {rel for rel, ident in current.items() if rel not in entries or entries[rel][IDENT] != ident}
        removed = set(entries) - set(current)
        head, dirty = (answer[0], answer[1]) if answer is not None else ("", set())
        identities = current
    else:
        head, dirty, committed = answer
        candidates = set(dirty) | set(stored[2]) | committed
        removed = set()
        known_dirs: dict[str, Any] = stored[1]
        for year in set(dirs_now) | set(known_dirs):
            if dirs_now.get(year) != known_dirs.get(year):
                names = _names_in(root, year)
                known = {rel for rel in entries if rel.startswith(f"{CASES_DIR}/{year}/")}
                candidates |= names - known
                removed |= known - names
        identities = {}
        for rel in candidates:
            ident = identity(root / rel)
            if ident is None:
                removed.add(rel)
            else:
                identities[rel] = ident
        candidates = {rel for rel in identities if rel not in entries or entries[rel][IDENT] != identities[rel]}
    for rel in removed:
        entries.pop(rel, None)
    stale = sorted(rel for rel in candidates if _is_case_path(rel))
    added = any(rel not in entries for rel in stale)
    parsed: dict[str, bytes] = {}
    for rel, (fields, data) in zip(stale, read(stale), strict=True):
        entries[rel] = (identities[rel], *fields)
        parsed[rel] = data
    if added or stored is None:
        entries = dict(sorted(entries.items(), key=lambda item: _order(item[0])))
    active = pickle.dumps(
        [pickle.loads(entry[ACTIVE]) for entry in entries.values() if entry[ACTIVE] is not None],
        protocol=pickle.HIGHEST_PROTOCOL,
    )
    problems = [entry[PROBLEM] for entry in entries.values() if entry[PROBLEM]]
    children: dict[str, list[tuple[str, str]]] = {}
    for entry in entries.values():
        if entry[PARENT] and entry[CASE_ID]:
            children.setdefault(entry[PARENT], []).append((entry[CASE_ID], entry[STATUS]))
    last_ended = max((entry[ENDED] for entry in entries.values()), default=0)
    changed = {rel: entries.get(rel) for rel in dirty if _is_case_path(rel)}
    generation = os.urandom(8).hex()
    try:
        local_dir.mkdir(exist_ok=True)
        # The full index first, then the small file that names its generation: a command killed
        # between the two leaves a small file that no longer matches, and the next one rebuilds.
        atomic.write_bytes(local_dir / INDEX_FILE, marshal.dumps((tag, generation, entries)))
        hot = (tag, generation, head, dirs_now, changed, active, problems, children, last_ended)
        atomic.write_bytes(local_dir / HOT_FILE, marshal.dumps(hot))
    except OSError:
        pass  # a read-only office still reads; it only pays the parse again
    return Index(lambda: entries, parsed, head, active, problems, children, last_ended)


def _is_case_path(rel: str) -> bool:
    """cases/<year>/<name>.yaml, as the store lists them (a misnamed file too: check names it)."""
    parts = rel.split("/")
    return len(parts) == 3 and parts[0] == CASES_DIR and parts[2].endswith(".yaml") and not parts[2].startswith(".")
