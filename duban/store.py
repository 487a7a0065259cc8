"""The office repository on disk: find it, read cases through a cache, write atomically under a lock."""

from __future__ import annotations

import contextlib
import errno
import os
import pickle
import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from stat import S_ISLNK, S_ISREG
from typing import Any

from duban import __version__, atomic, caseindex, indexdb, whereis
from duban.calendar import library_version
from duban.config import CONFIG_FORMAT, Config, config_from_mapping
from duban.errors import InputError, LockedError, NotFoundError, Problem, RepositoryError, YamlSyntaxError, os_said
from duban.events import derive
from duban.model import (
    ID_PATTERN,
    SCHEMA_VERSION,
    Case,
    case_path,
    case_to_mapping,
    make_id,
)
from duban.records import NamedTuple
from duban.schema import KeyProblem, case_from_mapping
from duban.whereis import CASES_DIR as CASES_DIR
from duban.whereis import CONFIG_FILE as CONFIG_FILE
from duban.whereis import LOCAL_DIR as LOCAL_DIR
from duban.whereis import Identity

PARALLEL_FROM = 2000  # below this, starting worker processes costs more than it saves
# What earlier versions kept in .duban/ and the index's database replaces: removed when seen.
OLD_CACHES = ("cache", "config.pickle", "index.marshal", "index-hot.marshal", "replay")
LOCK_FILE = "lock"
JOURNAL_FILE = "journal.json"
RETIRED_FILE = ".retired"  # cases/2026/.retired: numbers of undone registrations and 催办通知
BULLETINS_FILE = "bulletins.yaml"  # the bulletins issued with --record: their numbers and the cases named
LOCK_TIMEOUT_SECONDS = 60.0  # a cron job may wait for a busy morning's clerks
MAX_CASE_BYTES = 1_000_000

# Counts case files parsed from YAML in this process; tests use it to prove the cache works.
parse_count = 0


def find_office(start: Path | None = None, explicit: str | None = None) -> Path:
    """The office repository: --repo / DUBAN_REPO, else the nearest folder upward with config.yaml."""
    found = whereis.office_root(explicit, str(start) if start is not None else None)
    if found is not None:
        return Path(found)
    if explicit:
        where = Path(explicit)
        if (where / "HEAD").is_file() and (where / "objects").is_dir() and (where / "refs").is_dir():
            raise NotFoundError(
                f"“{explicit}”是共享（裸）仓库，duban 要在它的克隆上运行：git clone {explicit} 目录，"
                "再用 --repo 指向那个目录（服务器的每日检查见 README“服务器上的每日检查”）"
            )
        raise NotFoundError(f"“{explicit}”不是督办仓库（其中没有 config.yaml），请检查 --repo 或 DUBAN_REPO")
    raise NotFoundError("当前目录及其上级都不是督办仓库：请进入督办仓库目录，或用 --repo 指定，或先用 duban init 创建")


class CaseFile(NamedTuple):
    """One case file as read: its path, the case (None if unusable) and its problems."""

    path: str
    case: Case | None
    problems: tuple[Problem, ...]


def locate_text(path: str, text: str, problems: list[KeyProblem]) -> tuple[Problem, ...]:
    """Problems found by key path in a text, with the line each key is on."""
    from duban.yamlio import YamlSyntaxError, line_of, load_located

    try:
        document = load_located(text)
    except YamlSyntaxError:
        document = None
    return tuple(
        Problem(path, line_of(document, p.keypath) if document is not None else None, p.message) for p in problems
    )


def parse_case_text(path: str, text: str) -> CaseFile:
    """Parse one case file: the line reader, else the fast loader; round-trip only to locate problems."""
    from duban import caselines

    global parse_count
    parse_count += 1
    expected = os.path.splitext(os.path.basename(path))[0]  # the file's stem, without pathlib's parsing
    try:
        try:
            data = caselines.load(text)
        except caselines.Fallback:
            from duban.yamlio import load_fast

            data = load_fast(text)
    except YamlSyntaxError as error:
        return CaseFile(path, None, (Problem(path, error.line, error.message),))
    except ValueError:
        # A date that does not exist: read again, keeping it as text, to say where it is.
        from duban.yamlio import load_located

        try:
            data = load_located(text)
        except YamlSyntaxError as error:
            return CaseFile(path, None, (Problem(path, error.line, error.message),))
    case, key_problems = case_from_mapping(data, expected)
    if case is not None:
        case = derive(case)  # the events are the record: 状态 and 办理时限 are what they say
    problems = locate_text(path, text, key_problems) if key_problems else ()
    return CaseFile(path, case, problems)


class Office:
    """An office repository: config.yaml, cases/, templates/, and the local .duban/ folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.skipped: list[str] = []  # files the last full read could not count, one problem each
        self._config: Config | None = None
        self._config_problems: tuple[Problem, ...] = ()
        self._memo: caseindex.Index | None = None

    # -- config -----------------------------------------------------------------------------

    def forget_config(self) -> None:
        """Read config.yaml again when next asked: a sync may have brought a new one."""
        self._config = None

    def load_config(self) -> tuple[Config, tuple[Problem, ...]]:
        if self._config is None:
            cached = self._cached_config()
            if cached is not None:
                self._config, self._config_problems = cached
                return cached
            from duban.yamlio import YamlSyntaxError, load_fast, load_located

            path = self.root / CONFIG_FILE
            try:
                text = _regular_text(path)
            except FileNotFoundError:
                raise NotFoundError(f"{self.root} 中没有 config.yaml，请用 duban init 创建督办仓库") from None
            except UnicodeDecodeError:
                raise InputError("config.yaml 不是 UTF-8 编码，请另存为 UTF-8 后再试") from None
            try:
                data = load_fast(text)
            except YamlSyntaxError as error:
                raise InputError(f"config.yaml:{error.line}: {error.message}") from None
            except ValueError:
                data = load_located(text)
            config, key_problems = config_from_mapping(data)
            self._config = config
            self._config_problems = locate_text(CONFIG_FILE, text, key_problems) if key_problems else ()
            self._save_config_cache(config, self._config_problems)
        return self._config, self._config_problems

    def _config_identity(self) -> tuple[str, Identity] | None:
        try:
            stat = os.stat(self.root / CONFIG_FILE)  # through a link: an edit of what it points to counts
        except OSError:
            return None
        # The keys this version reads are part of it: a config.yaml parsed by a version that did not
        # know 时区 (and refused it) is read again by one that does.
        return (f"{self._cache_key()}/{CONFIG_FORMAT}", whereis.identity_of_stat(stat))

    def _cached_config(self) -> tuple[Config, tuple[Problem, ...]] | None:
        """The parsed config and its built calendar, kept in the index's database while config.yaml
        is the same file: an office that has not changed is answered without parsing any YAML."""
        identity = self._config_identity()
        if identity is None or not (self.local_dir / indexdb.DB_FILE).exists():
            return None
        try:
            conn = indexdb.connect(self.local_dir)
            try:
                data = indexdb.meta(conn, "config")
            finally:
                conn.close()
            stored = pickle.loads(data) if isinstance(data, bytes) else None
        except Exception:
            return None
        if not isinstance(stored, tuple) or len(stored) != 3 or stored[0] != identity:
            return None
        if not isinstance(stored[1], Config) or not isinstance(stored[2], tuple):
            return None  # kept as something else: read again, never trusted
        return stored[1], stored[2]

    def _save_config_cache(self, config: Config, problems: tuple[Problem, ...]) -> None:
        identity = self._config_identity()
        if identity is None:
            return
        try:
            self.ensure_local_dir()
            config.calendar()  # built now, so that what is kept carries it
            data = pickle.dumps((identity, config, problems), protocol=pickle.HIGHEST_PROTOCOL)
            conn = indexdb.connect(self.local_dir)
            try:
                indexdb.set_meta(conn, "config", data)
            finally:
                conn.close()
        except (OSError, sqlite3.Error, pickle.PicklingError, TypeError, AttributeError):
            pass  # not kept: only a slower next command

    @property
    def config(self) -> Config:
        """The config, refusing to go on when it has problems."""
        config, problems = self.load_config()
        if problems:
            raise InputError(f"{problems[0]}（请改正 config.yaml；duban check 列出全部问题）")
        return config

    # -- reading cases ------------------------------------------------------------------------

    @property
    def local_dir(self) -> Path:
        return self.root / LOCAL_DIR

    def _cache_key(self) -> str:
        return f"{__version__}/{SCHEMA_VERSION}/{library_version()}"

    def index(self) -> caseindex.Index:
        """The index of the case files, brought up to date once per command (and again after a
        write), read in one snapshot: see duban/caseindex.py."""
        if self._memo is None:
            self._memo = caseindex.refresh(self.root, self._cache_key(), self._read_rows, self.local_dir)
            self._clear_old_caches()
        return self._memo

    def forget(self) -> None:
        """Drop what this object knows of the case files: they are being written."""
        if self._memo is not None:
            self._memo.close()
            self._memo = None

    def _clear_old_caches(self) -> None:
        """The files earlier versions kept beside the database, which it replaces."""
        for name in OLD_CACHES:
            path = self.local_dir / name
            if os.path.lexists(path):
                if path.is_dir() and not path.is_symlink():
                    import shutil

                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)

    def ensure_local_dir(self) -> Path:
        """.duban/ ignores itself, so that even an office made by hand never commits the cache."""
        self.local_dir.mkdir(exist_ok=True)
        ignore = self.local_dir / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        return self.local_dir

    def iter_case_files(self, where: caseindex.Where | None = None) -> Iterator[CaseFile]:
        """The case files under cases/ in id order (or those whose row passes `where`), a few
        hundred in memory at a time; files changed since they were last read are parsed again."""
        return self.index().files(where)

    def case_files(self, where: caseindex.Where | None = None) -> list[CaseFile]:
        return list(self.iter_case_files(where))

    def _read_rows(self, rels: list[str]) -> Iterator[caseindex.Row]:
        """Files read for the index, each as its row, in order; many at once (a fresh clone, a new
        version) in one process per core, given back as they are done (the index writes them
        while the workers read the next)."""
        global parse_count
        workers = min(os.cpu_count() or 1, 4)
        if len(rels) < PARALLEL_FROM or workers < 2:
            yield from (caseindex.row_of(self._read_file(rel)) for rel in rels)
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            yield from pool.map(_read_row, [self.root] * len(rels), rels, chunksize=100)
        parse_count += len(rels)

    def active_cases(self) -> list[Case]:
        """Every case that can still raise a signal in the morning check (open, or named in a
        bulletin and not yet rectified), from the index: the 1–2% of an office's files that
        matter every morning, without reading the others. Files that cannot be read are left out
        and named in self.skipped."""
        index = self.index()
        self.skipped = index.problems
        return [f.case for f in index.active() if f.case is not None]

    def children(self, case_id: str) -> list[tuple[str, str]]:
        """(id, status) of the case's sub-cases, in case-number order."""
        return self.index().children(case_id)

    def outline(self) -> list[tuple[str, str, str | None]]:
        """(id, status, parent) of every readable case, from the index: enough to find sub-cases."""
        return self.index().outline()

    def fingerprints(self) -> dict[str, list[str]]:
        """For each import fingerprint, the cases registered from that row or decision."""
        return self.index().fingerprints()

    def _read_file(self, rel: str) -> CaseFile:
        path = os.path.join(self.root, rel)
        try:
            stat = os.lstat(path)  # one look at the file: what it is, its identity and its size
            if S_ISLNK(stat.st_mode):
                message = "事项文件不能是符号链接（可能指向仓库以外），请换成普通文件"
                return CaseFile(rel, None, (Problem(rel, None, message),))
            if not S_ISREG(stat.st_mode):  # a FIFO or a device would block or never end the read
                message = "这不是普通文件（可能是管道或设备），请删去或换成事项文件"
                return CaseFile(rel, None, (Problem(rel, None, message),))
            if stat.st_size > MAX_CASE_BYTES:
                return CaseFile(rel, None, (Problem(rel, None, "文件超过 1 MB，不像是一个督办事项，请检查"),))
            with open(path, encoding="utf-8") as stream:
                text = stream.read()
        except UnicodeDecodeError:
            return CaseFile(rel, None, (Problem(rel, None, "文件不是 UTF-8 编码，请另存为 UTF-8"),))
        except OSError as error:
            return CaseFile(rel, None, (Problem(rel, None, f"读不了这个文件（{os_said(error)}），请检查权限"),))
        return parse_case_text(rel, text)

    def iter_cases(self, where: caseindex.Where | None = None) -> Iterator[Case]:
        """Every case that can be counted (or those whose row passes `where`), in id order, a few
        hundred in memory at a time; files with problems are left out and named in self.skipped,
        all of them whatever the question."""
        index = self.index()
        self.skipped = index.problems
        return (found.case for found in index.files(where) if found.case is not None and not found.problems)

    def cases(self, where: caseindex.Where | None = None) -> list[Case]:
        return list(self.iter_cases(where))

    def read_case(self, case_id: str) -> Case:
        """One case, refusing when its file is missing or has problems."""
        case_id = normalize_id(case_id)
        rel = case_path(case_id)
        path = self.root / rel
        if not path.is_file() and not path.is_fifo() and not path.is_char_device():
            raise NotFoundError(f"没有编号为 {case_id} 的督办事项（{rel} 不存在），可用 duban list 查看")
        parsed = self._read_file(rel)
        if parsed.problems:
            raise InputError(f"{parsed.problems[0]}（请先改正该文件；duban check 列出全部问题）")
        assert parsed.case is not None
        return parsed.case

    def file_text(self, rel: str) -> str | None:
        try:
            return _regular_text(self.root / rel)
        except FileNotFoundError:
            return None

    def case_text(self, case_id: str) -> str | None:
        path = self.root / case_path(case_id)
        try:
            return _regular_text(path)
        except FileNotFoundError:
            return None

    # -- writing ------------------------------------------------------------------------------

    def next_id(self, year: int) -> str:
        """The next free id of the year: after every case file's number and every retired one."""
        folder = self.root / CASES_DIR / f"{year:04d}"
        highest = max(self.retired(year), default=0)
        if folder.is_dir():
            for entry in os.scandir(folder):
                match = ID_PATTERN.match(entry.name.removesuffix(".yaml"))
                if match and entry.name.endswith(".yaml") and int(match[1]) == year:
                    highest = max(highest, int(match[2]))
        if highest >= 99999:
            raise RepositoryError(f"{year}年的编号已用完（99999）")
        return make_id(year, highest + 1)

    def bulletins(self) -> list[dict[str, Any]]:
        """The bulletins recorded so far (bulletins.yaml), oldest first."""
        from duban.yamlio import YamlSyntaxError, load_fast

        text = self.file_text(BULLETINS_FILE)
        if not text:
            return []
        try:
            data = load_fast(text)
        except (YamlSyntaxError, ValueError):
            raise InputError(f"{BULLETINS_FILE} 无法读取，请检查格式（duban check）") from None
        return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []

    def bulletins_with(self, entry: dict[str, Any]) -> str:
        """The text of bulletins.yaml with one more bulletin recorded."""
        from duban.yamlio import dump_new

        old = self.file_text(BULLETINS_FILE) or "# 已印发的督查通报：期号和点名的事项（duban bulletin --record 写入）\n"
        return old + dump_new([entry])

    def retired_path(self, year: int) -> str:
        return f"{CASES_DIR}/{year:04d}/{RETIRED_FILE}"

    def retired(self, year: int) -> set[int]:
        """Numbers of the year whose case was undone: never given out again, or one number would
        carry two cases' histories."""
        try:
            text = (self.root / self.retired_path(year)).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return set()
        numbers = set()
        for line in text.split():
            match = ID_PATTERN.match(line.strip())
            if match and int(match[1]) == year:
                numbers.add(int(match[2]))
        return numbers

    def retirement(
        self, case_ids: list[str], documents: Mapping[int, list[str]] | None = None
    ) -> list[tuple[str, str]]:
        """The retired-number files (one a year) with these numbers added: what to write. documents:
        a year's 催办通知 numbers whose 催办 was undone, never given out again either."""
        writes = []
        documents = documents or {}
        for year in sorted({int(i[:4]) for i in case_ids} | set(documents)):
            rel = self.retired_path(year)
            old = self.file_text(rel) or ""
            wanted = [i for i in case_ids if int(i[:4]) == year] + list(documents.get(year, []))
            new = list(dict.fromkeys(i for i in wanted if i not in old.split()))
            writes.append((rel, old + "".join(f"{i}\n" for i in new)))
        return writes

    def retired_documents(self, year: int) -> list[str]:
        """The year's retired 催办通知 numbers (the lines of its .retired that are not case numbers)."""
        text = self.file_text(self.retired_path(year)) or ""
        return [line for line in text.split() if not ID_PATTERN.match(line)]

    def render_case(self, case: Case, like: str | None = None) -> str:
        """The new text of the case's file, merged into what is on disk (or into the file of case
        `like`, for a case renumbered: its comments and layout go with it)."""
        from duban.yamlio import dump_fast, dump_merged

        existing = self.case_text(like or case.id)
        if existing is None:
            return dump_fast(case_to_mapping(case))
        return dump_merged(existing, case_to_mapping(case))

    def write_text(self, rel: str, text: str) -> None:
        """Write a file, in the line endings it has: files are read with universal newlines, and a
        case file saved on Windows (CRLF) would otherwise be rewritten whole, in LF, by the next step."""
        self.forget()
        if "\r" not in text and _crlf(self.root / rel):
            text = text.replace("\n", "\r\n")
        atomic.write_text(self.root / rel, text)

    def put_back(self, rel: str, text: str | None) -> None:
        """A file as it was before a failed change: its old text, or no file when it had none."""
        self.forget()
        if text is None:
            (self.root / rel).unlink(missing_ok=True)
        else:
            self.write_text(rel, text)

    def write_many(
        self, writes: Sequence[tuple[str, str | None]], progress: Callable[[int, int], None] | None = None
    ) -> None:
        """put_back for many files at once: the disk synced twice for them all, not twice a file (atomic.write_many)."""
        self.forget()
        files = []
        for rel, text in writes:
            if text is not None and "\r" not in text and _crlf(self.root / rel):
                text = text.replace("\n", "\r\n")
            files.append((self.root / rel, text))
        atomic.write_many(files, progress)

    def has_case(self, case_id: str) -> bool:
        return (self.root / case_path(case_id)).is_file()

    def case_ids(self) -> list[str]:
        """The ids of every case file on disk, readable or not, in id order."""
        return [rel.rsplit("/", 1)[-1].removesuffix(".yaml") for rel in self.index().rels()]

    def locate(self, rel: str, found: list[KeyProblem]) -> list[Problem]:
        """Problems found by key path in a file, with the line each key is on."""
        try:
            text = _regular_text(self.root / rel)
        except (OSError, UnicodeDecodeError):
            return [Problem(rel, None, p.message) for p in found]
        return list(locate_text(rel, text, found))

    @contextlib.contextmanager
    def lock(self, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[Holder | None]:
        """An exclusive lock on the office; the kernel releases it when a process dies.

        The holder writes its pid and start time into the lock file and empties it when done, so
        the next holder learns whether the one before it died while holding the lock (yields that
        Holder, else None): git locks or a half-made change it left can then be cleared safely."""
        import fcntl  # Linux and macOS; main() has said so on a system without it

        with open(self.ensure_local_dir() / LOCK_FILE, "a+", encoding="utf-8") as stream:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as error:
                    if error.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() > deadline:
                        holder = Holder.parse(_read_text(self.local_dir / LOCK_FILE))
                        who = f"（进程 {holder.pid}：{holder.command}）" if holder else ""
                        raise LockedError(f"另一个 duban 命令正在修改本督办仓库{who}，请稍后再试") from None
                    time.sleep(0.05)
            try:
                stream.seek(0)
                previous = Holder.parse(stream.read())
                stream.seek(0)
                stream.truncate()
                stream.write(Holder.me().text())
                stream.flush()
                yield previous
            finally:
                stream.seek(0)
                stream.truncate()
                stream.flush()
                fcntl.flock(stream.fileno(), fcntl.LOCK_UN)

    # -- a change in progress -----------------------------------------------------------------

    @property
    def journal_path(self) -> Path:
        return self.local_dir / JOURNAL_FILE

    def write_journal(self, entry: dict[str, Any]) -> None:
        """What a change is about to do, written before its first file: if the process is killed,
        the next command reads it and completes the change or puts the files back."""
        import json

        self.ensure_local_dir()
        atomic.write_text(self.journal_path, json.dumps(entry, ensure_ascii=False))

    def read_journal(self) -> dict[str, Any] | None:
        import json

        text = _read_text(self.journal_path)
        if not text:
            return None
        try:
            entry = json.loads(text)
        except ValueError:
            return {}
        return entry if isinstance(entry, dict) else {}

    def clear_journal(self) -> None:
        self.journal_path.unlink(missing_ok=True)

    def clean_temporary_files(self) -> list[str]:
        """Temporary files a killed writer left (.name.xxxx.tmp) under cases/ and the root, and in
        .duban/ those of processes that no longer run. Called under the lock."""
        removed = []
        places = [self.root, *(p for p in (self.root / CASES_DIR).glob("*") if p.is_dir())]
        for folder in places:
            for path in folder.glob(".*.tmp"):
                path.unlink(missing_ok=True)
                removed.append(str(path.relative_to(self.root)))
        for path in self.local_dir.rglob(".*.tmp"):
            pid = next((part for part in path.name.split(".") if part.isascii() and part.isdigit()), None)
            if pid is not None and not _alive(int(pid)):
                path.unlink(missing_ok=True)
        return removed


class Holder(NamedTuple):
    """Who holds the office's lock: a process, identified by pid and start time (a pid is reused)."""

    pid: int
    started: str
    command: str

    @classmethod
    def me(cls) -> Holder:
        import sys

        return cls(os.getpid(), _start_time(os.getpid()), " ".join(["duban", *sys.argv[1:]])[:200])

    @classmethod
    def parse(cls, text: str) -> Holder | None:
        parts = text.strip().split(" ", 2)
        if len(parts) < 2 or not (parts[0].isascii() and parts[0].isdigit()):
            return None
        return cls(int(parts[0]), parts[1], parts[2] if len(parts) > 2 else "")

    def text(self) -> str:
        return f"{self.pid} {self.started} {self.command}\n"

    def running(self) -> bool:
        return _alive(self.pid) and _start_time(self.pid) == self.started


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), or "" where it cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stream:
            return stream.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _crlf(path: Path) -> bool:
    """Whether a file's first line ends in CRLF (a file saved by a Windows editor)."""
    try:
        with open(path, "rb") as stream:
            first = stream.readline(1 << 16)
    except OSError:
        return False
    return first.endswith(b"\r\n")


def _regular_text(path: Path) -> str:
    """A file's text, refusing (as an OSError, as a missing file would be) anything but a regular
    file: opening a FIFO blocks until a writer comes, a device may never end."""
    if not S_ISREG(os.stat(path).st_mode):
        raise OSError(errno.EINVAL, "不是普通文件", str(path))
    return path.read_text(encoding="utf-8")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _read_row(root: Path, rel: str) -> caseindex.Row:
    """One file, read in a worker process (see Office._read_rows)."""
    return caseindex.row_of(Office(root)._read_file(rel))


_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"})


def normalize_id(text: str) -> str:
    """Accept 2026-0017, 2026-17 or 2026-017 and return 2026-0017; full-width digits and dashes
    (a Chinese input method left in full-width mode: ２０２６－１７) are read as ASCII."""
    import unicodedata

    typed = unicodedata.normalize("NFKC", text).translate(_DASHES)
    match = re.fullmatch(r"\s*([0-9]{4})-([0-9]{1,5})\s*", typed)
    if match and int(match[2]) > 0:
        return make_id(int(match[1]), int(match[2]))
    raise InputError(f"事项编号“{text[:40]}”格式不对，应为 年份-序号，如 2026-0017")
