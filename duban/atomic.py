"""Writing a file so that it is never half-written: a temporary file in the same folder, fsync, rename."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _create(path: Path, mode: int = 0o600) -> tuple[int, str]:
    """A new temporary file beside path, opened exclusively (as tempfile.mkstemp, without its import)."""
    for _ in range(100):
        temp = str(path.parent / f".{path.name}.{os.getpid()}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(temp, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode), temp
        except FileExistsError:
            continue
    raise FileExistsError(f"no temporary name free beside {path}")


def write_text(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, fsync, rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # .name.<pid>.<random>.tmp: the pid tells the next command whether the writer still runs.
    handle, temp = _create(path)
    try:
        try:
            mode = os.stat(path).st_mode & 0o777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(temp, mode)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def write_bytes(path: Path, data: bytes, durable: bool = True) -> None:
    """Never half a file; durable=False skips fsync, for a cache whose reader checks what it reads
    (a crash may leave it empty, never torn into something that reads back)."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.unlink(missing_ok=True)
    with open(temp, "wb") as stream:
        stream.write(data)
        if durable:
            stream.flush()
            os.fsync(stream.fileno())
    os.replace(temp, path)


def write_many(files: Sequence[tuple[Path, str | None]], progress: Callable[[int, int], None] | None = None) -> None:
    """Many files written (None: removed) with the disk synced twice in all, not twice per file:
    every file goes to its temporary file first, the disk is synced (no file can then appear
    half-written after a power cut), the temporary files are renamed into place and the removed
    ones unlinked, and the disk is synced again (the new names are durable when this returns).
    Killed half-way, some files are new and some old, and temporary files may be left: the caller
    keeps a journal that settles that (duban/usecases/recording.py)."""
    staged: list[tuple[str, Path]] = []
    try:
        umask = _umask()
        folders: set[Path] = set()
        for done, (path, text) in enumerate(files, 1):
            if text is not None:
                try:
                    mode = os.stat(path).st_mode & 0o777
                except FileNotFoundError:
                    mode = 0o666 & ~umask
                    if path.parent not in folders:
                        path.parent.mkdir(parents=True, exist_ok=True)
                        folders.add(path.parent)
                # Created with its mode (the umask takes nothing from it), not changed after: one
                # change of metadata less a file, and each waits on the disk's journal.
                handle, temp = _create(path, mode)
                staged.append((temp, path))
                if mode & umask:
                    os.fchmod(handle, mode)
                with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                    stream.write(text)
            if progress is not None:
                progress(done, len(files))
        os.sync()
        for temp, path in staged:
            os.replace(temp, path)
        staged = []
        for path, text in files:
            if text is None:
                path.unlink(missing_ok=True)
        os.sync()
    finally:
        for temp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
