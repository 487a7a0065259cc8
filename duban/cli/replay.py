"""An answer already given, given again: `show`, `list`, `overdue` and `stats` asked again with the
same command line, on the same day, in the same place and environment, while nothing they read has
changed, print the bytes they printed last time without loading typer or any case.

The first run goes through typer as usual. While it runs, what it prints is recorded, and so is
what it read from: the commit HEAD names, every file git calls changed (untracked ones too), the
folders of the case files (a file added, removed or renamed changes its folder), config.yaml, the
case files read one by one, git's configuration (who is asking decides what a restricted case
shows) and the code that answered (duban and the libraries, by file). The answer is kept in a
file of its own under .duban/replay/, named by a checksum of the exact command line, working folder,
environment, terminal and day (the file holds them too).

Asked again, the command line starts `git status` (tracked files only; new files change their
folder), compares every identity (mtime, ctime, size, inode: an edit whose mtime is put back still
moves ctime) and HEAD, and gives the recorded answer only when nothing differs; otherwise it runs
as the first time did. A file written less than a second before the first run began is too fresh
to be told apart from a write just after it, so such an answer is not kept. DUBAN_REPLAY=0 turns
replaying off.

This module is imported before typer, so it imports only os, sys, time, marshal and zlib.
"""

from __future__ import annotations

import marshal
import os
import sys
import time

from duban.audit.probe import StatusProbe, read_head
from duban.whereis import CASES_DIR, CONFIG_FILE, LOCAL_DIR, identity, office_root

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO

# The commands whose answers are kept, and the options that make a command line write instead.
COMMANDS = {"show": (), "list": (), "overdue": ("--remind",), "stats": ()}
FOLDER = "replay"
TAG = "duban-replay-2"
SETTLED_NS = 1_000_000_000  # a file younger than this when the first run began is too fresh to trust
KEEP = 32  # answers kept per office, the latest ones
MAX_BYTES = 1 << 20  # a longer answer is not kept
_VOLATILE = frozenset({"_", "OLDPWD"})  # set by the shell on every command or `cd`, read by nobody
_GIT_CONFIGS = ("~/.gitconfig", "~/.config/git/config", "/etc/gitconfig")


def _terminal(fd: int) -> tuple[int, int] | None:
    try:
        return tuple(os.get_terminal_size(fd)) if os.isatty(fd) else None  # type: ignore[return-value]
    except OSError:
        return None


def replayable(argv: list[str], name: str | None) -> bool:
    excluded = COMMANDS.get(name or "")
    if excluded is None or os.environ.get("DUBAN_REPLAY") == "0":
        return False
    return not any(token.split("=", 1)[0] in (*excluded, "-h", "--help") for token in argv)


def _key(argv: list[str]) -> tuple[Any, ...]:
    environment = tuple(sorted((k, v) for k, v in os.environ.items() if k not in _VOLATILE))
    terminals = tuple(_terminal(fd) for fd in (0, 1, 2))
    return (tuple(argv), os.getcwd(), environment, terminals, time.localtime()[:3], sys.version, sys.executable)


def _root(argv: list[str]) -> str | None:
    from duban.cli import global_value

    root = office_root(global_value(argv, "--repo") or os.environ.get("DUBAN_REPO") or None)
    return root if root is not None and os.path.isdir(os.path.join(root, ".git")) else None


def _file(root: str, key: tuple[Any, ...]) -> str:
    """The file that keeps the answer to this question: one small file per answer, so that asking
    reads only its own (a key's repr is the same in every process; the file holds the key itself)."""
    import zlib

    return os.path.join(root, LOCAL_DIR, FOLDER, f"{zlib.crc32(repr(key).encode()):08x}.marshal")


def _load(path: str, key: tuple[Any, ...]) -> tuple[Any, ...] | None:
    try:
        with open(path, "rb") as stream:
            loaded = marshal.loads(stream.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if isinstance(loaded, tuple) and len(loaded) == 3 and loaded[0] == TAG and loaded[1] == key:
        return loaded[2]  # type: ignore[no-any-return]
    return None  # another version's file, another question with the same checksum, or garbage


def question(argv: list[str]) -> tuple[str, tuple[Any, ...]] | None:
    """The office (in git) and the exact question this command line asks there, or None."""
    try:
        root = _root(argv)
        key = _key(argv)
    except OSError:
        return None  # the working folder is gone: the command says so
    return (root, key) if root is not None else None


def answer(root: str, key: tuple[Any, ...]) -> int | None:
    """Print the kept answer to this question and return its exit status, or None (not kept, or
    something it read has changed: the command runs)."""
    entry = _load(_file(root, key), key)
    if not isinstance(entry, tuple) or len(entry) != 5:
        return None
    head, dirty, identities, chunks, code = entry
    probe = StatusProbe.start(root, untracked=False)
    if probe is None:
        return None
    if any(identity(path) != known for path, known in identities) or read_head(root) != head:
        probe.abandon()
        return None
    changed = probe.changed()
    if changed is None or not changed <= set(dirty):
        return None
    try:
        for fd, data in chunks:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        return 0  # the reader went away, as the command itself would end
    return int(code)


class _Tee:
    """A text stream that records what is written through it and passes everything on."""

    def __init__(self, stream: TextIO, fd: int, log: list[tuple[int, bytes]], recorder: Recorder) -> None:
        self._stream = stream
        self._fd = fd
        self._log = log
        self._recorder = recorder

    def write(self, text: Any) -> int:
        written: int = self._stream.write(text)  # a bytes probe (click's) raises here, unrecorded
        if isinstance(text, str):
            self._log.append((self._fd, text.encode(self._stream.encoding, self._stream.errors or "strict")))
        else:
            self._recorder.spoiled = True
        return written

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    @property
    def buffer(self) -> _BufferTee:
        """The bytes underneath (CSV is written as bytes), recorded in the same log."""
        return _BufferTee(self._stream.buffer, self._fd, self._log)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _BufferTee:
    def __init__(self, stream: Any, fd: int, log: list[tuple[int, bytes]]) -> None:
        self._stream = stream
        self._fd = fd
        self._log = log

    def write(self, data: Any) -> int:
        written: int = self._stream.write(data)
        self._log.append((self._fd, bytes(data)))
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class Recorder:
    """The first run of a replayable command line: what it read from, and what it printed."""

    def __init__(self, argv: list[str], key: tuple[Any, ...], root: str, probe: StatusProbe) -> None:
        self.argv = argv
        self.key = key  # taken before the command runs: the day it answered for, the terminal it drew on
        self.root = root
        self.probe = probe
        self.spoiled = False
        self.log: list[tuple[int, bytes]] = []
        self.head: str | None = None
        self.dirty: set[str] = set()
        self.identities: dict[str, Any] = {}
        self.started = 0
        self.streams: tuple[Any, Any] | None = None

    @classmethod
    def begin(cls, argv: list[str], root: str, key: tuple[Any, ...]) -> Recorder | None:
        """Start git's check of the work tree; the index of the cases uses the same run."""
        probe = StatusProbe.start(root)
        return cls(argv, key, root, probe) if probe is not None else None

    def _watched(self) -> list[str]:
        paths = [os.path.join(self.root, rel) for rel in self.dirty]
        paths += [self.root, os.path.join(self.root, CONFIG_FILE), os.path.join(self.root, ".git", "config")]
        paths += [os.path.expanduser(p) for p in _GIT_CONFIGS]
        cases = os.path.join(self.root, CASES_DIR)
        paths.append(cases)
        try:
            with os.scandir(cases) as entries:
                paths += [e.path for e in entries if e.is_dir(follow_symlinks=False)]
        except OSError:
            pass
        return paths

    def snapshot(self) -> None:
        """Before the command reads anything: the state it is about to read from."""
        from duban import caseindex, store

        caseindex.use_probe(self.root, self.probe)
        changed = self.probe.changed()
        self.head = read_head(self.root)
        if changed is None or self.head is None:
            self.spoiled = True
            return
        self.dirty = changed
        self.started = time.time_ns()
        self.identities = {path: identity(path) for path in self._watched()}
        store.watched = []
        self.streams = (sys.stdout, sys.stderr)
        sys.stdout = _Tee(sys.stdout, 1, self.log, self)
        sys.stderr = _Tee(sys.stderr, 2, self.log, self)

    def keep(self, code: object) -> None:
        """After the command: keep its answer if it may be given again."""
        from duban import caseindex, store

        if self.streams is not None:
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
            sys.stdout, sys.stderr = self.streams
        read, store.watched = store.watched or [], None
        status = 0 if code is None else code
        if self.spoiled or self.streams is None or status not in (0, 3):
            return
        if caseindex.probe_waiting(self.root):
            return  # the command read another office's index than the one recorded
        identities = dict(self.identities)
        for path, known in read:
            if identities.setdefault(path, known) != known:
                return  # changed while the command ran
        identities.update(_code())
        settled = self.started - SETTLED_NS
        if any(i is not None and max(i[0], i[1]) >= settled for i in identities.values()):
            return  # too fresh: a write in the same clock tick would not show
        if any(identity(path) != known for path, known in identities.items()):
            return
        if read_head(self.root) != self.head or sum(len(data) for _, data in self.log) > MAX_BYTES:
            return
        try:
            if _key(self.argv) != self.key:
                return  # midnight passed, or the terminal was resized, while it ran
        except OSError:
            return
        self._store((self.head, tuple(sorted(self.dirty)), tuple(identities.items()), tuple(self.log), status))

    def _store(self, entry: tuple[Any, ...]) -> None:
        from pathlib import Path

        from duban import atomic

        folder = os.path.join(self.root, LOCAL_DIR, FOLDER)
        try:
            os.makedirs(folder, exist_ok=True)
            data = marshal.dumps((TAG, self.key, entry))
            atomic.write_bytes(Path(_file(self.root, self.key)), data, durable=False)  # checked when read
            names = [name for name in os.listdir(folder) if name.endswith(".marshal")]
            if len(names) > KEEP:
                paths = [os.path.join(folder, name) for name in names]
                for path in sorted(paths, key=lambda p: os.stat(p).st_mtime_ns)[: len(paths) - KEEP]:
                    os.unlink(path)
        except (OSError, ValueError):
            pass  # a read-only office answers every time


def _code() -> dict[str, Any]:
    """The files of the code that answered: duban and every library outside the standard one."""
    standard = os.path.dirname(os.__file__)
    found = {}
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and (not path.startswith(standard) or "-packages" in path[len(standard) :]):
            found[path] = identity(path)
    return found
